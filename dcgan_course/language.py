"""Which edition of the course is running, and the Hangul font the Korean one draws with.

Code cells are the same in the English and the Korean notebooks, so no cell can say which
edition it is in. The kernel tells it from where it runs: a Korean lesson lives in a folder
named ``<lesson>-ko`` (``lessons-ko/01-gan-intro-ko/``, and the same assignment folder when
nbgrader collects or grades it), and a kernel starts in its notebook's folder. The
environment variable ``DCGAN_COURSE_LANG`` (``ko`` or ``en``) overrides the guess.

In the Korean edition, figures use NanumGothic (bundled by the pinned package
``koreanize-matplotlib``; found on disk, not imported, because importing it changes the
settings itself and imports the deprecated ``distutils``), with DejaVu Sans after it for
the glyphs Nanum lacks: Hangul in titles, axes and legends never turns into empty boxes.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

KOREAN = "ko"
ENGLISH = "en"
FONT_FAMILY = "NanumGothic"


def edition(cwd: Path | None = None, environ: dict[str, str] | None = None) -> str:
    """``"ko"`` in the Korean edition, else ``"en"`` (see the module's docstring)."""
    chosen = (os.environ if environ is None else environ).get("DCGAN_COURSE_LANG", "").lower()
    if chosen in (KOREAN, ENGLISH):
        return chosen
    folder = Path.cwd() if cwd is None else cwd
    names = [folder.name, folder.parent.name]
    return KOREAN if any(n.endswith("-ko") for n in names) else ENGLISH


def hangul_font_files() -> list[Path]:
    """The NanumGothic font files of koreanize-matplotlib (empty when it is not installed)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return []
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return sorted(fonts.glob("NanumGothic*.ttf"))


def use_hangul_font() -> bool:
    """Register NanumGothic with matplotlib as the font for Hangul; False without it."""
    files = hangul_font_files()
    if not files:
        return False
    import matplotlib
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in files:
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    # Named fonts, not the generic "sans-serif": matplotlib falls back glyph by glyph only
    # along a list of families. DejaVu Sans first: NanumGothic has no minus sign (U+2212)
    # and draws arrows (→) as a dot-sized mark, and DejaVu has no Hangul, so every Hangul
    # glyph comes from NanumGothic and everything else stays as in the English edition.
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", FONT_FAMILY]
    return True


def apply() -> str:
    """Set up the running edition (the package calls this on import); returns it."""
    current = edition()
    if current == KOREAN:
        use_hangul_font()
    return current
