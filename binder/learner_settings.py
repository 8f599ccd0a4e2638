#!/usr/bin/env python3
"""JupyterLab settings for learners, shared by Binder (binder/postBuild) and `course.py`.

    python binder/learner_settings.py        # with the course environment's Python

Why: the nbgrader extension shows instructor tools (Formgrader, the Create Assignment panel,
the Course and Assignment lists, and an "Nbgrader" menu for them) to everybody who opens
JupyterLab. A learner needs none of them and they invite mistakes (the Assignment List wants
an exchange folder that Binder and a laptop do not have). Learners keep the one tool that helps
them: the notebook's **Validate** button, which runs the tests of the open notebook.
Instructors use `autograder/instructor.py` on the command line, which these settings leave
alone. JupyterLab also asks on first start whether to fetch "Jupyter news"; that toast covers
the first lesson (and a facilitator's projected screen), and the course runs offline, so news
and update checks are switched off.

Hangul: a machine without a Korean font (a bare Linux desktop, the hub's and Binder's
images) showed the Korean edition's text as empty boxes. So JupyterLab serves a Hangul web
font of the course's own: the NanumGothic files the pinned koreanize-matplotlib bundles (the
font the Korean figures are drawn with), as WOFF, declared in JupyterLab's custom CSS for
Hangul characters only (``unicode-range``: English text keeps its fonts, and a page without
Hangul never downloads it). Every font stack of the pages (menus, notebook text, code and
output) names that font first, then JupyterLab's own fonts, then the usual Korean system
fonts (Noto Sans KR, Malgun Gothic, Apple SD Gothic Neo, NanumGothic) in case the web font is
switched off.

Everything is written at the environment's level (``sys.prefix``), so it applies to the
`.venv` of the README set-up, Binder's environment and the hub's image alike, and running it
again changes nothing. Undo with ``jupyter labextension enable`` / ``jupyter server extension
enable``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: JupyterLab plugins of nbgrader 0.9.6 that only instructors need (ids from its lab extension).
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:menu",  # the "Nbgrader" menu only opens the four tools above
)
#: Their server halves (the Validate button needs only ``validate_assignment``).
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
)
#: JupyterLab 4's own font stack for text (its themes' --jp-ui-font-family and
#: --jp-content-font-family), in two parts: the Latin fonts, then the generic family and the
#: emoji fonts.
LATIN_FONTS = ('system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial')
GENERIC_FONTS = 'sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol"'
#: Korean fonts, tried after the Latin ones (English text keeps its look) and before the
#: generic family (which may name a font without Hangul): Linux's Noto, Windows', macOS's,
#: and the one many Korean machines add (README.ko.md promises this order).
KOREAN_FONTS = '"Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic"'
#: The Hangul web font the course serves itself (see the module's docstring).
WEB_FONT = "DCGAN Course Hangul"
#: The characters it is used (and downloaded) for: Hangul jamo and syllables, CJK punctuation
#: and full-width forms. Everything else falls through to the next font of the stack.
HANGUL_RANGES = ("U+1100-11FF, U+3000-303F, U+3130-318F, U+A960-A97F, U+AC00-D7A3, "
                 "U+D7B0-D7FF, U+FF01-FF60")
#: (koreanize-matplotlib's file, the served file, its CSS weight): bold for headings and **bold**.
WEB_FONT_FILES = (("NanumGothic.ttf", "nanum-gothic.woff", 400),
                  ("NanumGothicBold.ttf", "nanum-gothic-bold.woff", 700))
TEXT_FONTS = f'"{WEB_FONT}", {LATIN_FONTS}, {KOREAN_FONTS}, {GENERIC_FONTS}'
#: JupyterLab 4's monospace stack (--jp-code-font-family-default) with the Hangul fonts:
#: Korean comments in code cells and Korean printed output.
CODE_FONTS = f'"{WEB_FONT}", menlo, consolas, "DejaVu Sans Mono", {KOREAN_FONTS}, monospace'
#: Plugin settings every learner starts with (JupyterLab's overrides.json).
SETTING_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",  # no "Would you like to receive official Jupyter news?" toast
        "checkForUpdates": False,
    },
}
#: What an earlier version wrote and no longer does: ``{plugin: key}``. The theme's font
#: overrides: JupyterLab 4 applies a theme's ``overrides`` from the user's own settings only
#: (ThemeManager.loadCSSOverrides reads ``settings.user``), never from overrides.json, so
#: those font stacks never reached a page; the course's custom CSS sets them now.
RETIRED = {"@jupyterlab/apputils-extension:themes": "overrides"}


def jupyter(*args: str) -> None:
    """Run a `jupyter` subcommand of this environment (quietly; fail loudly)."""
    result = subprocess.run([sys.executable, "-m", "jupyter", *args], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"`jupyter {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")


def write_overrides() -> Path:
    """Merge SETTING_OVERRIDES into the environment's JupyterLab overrides.json."""
    from jupyterlab.commands import get_app_dir

    path = Path(get_app_dir()) / "settings" / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in SETTING_OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    for plugin, key in RETIRED.items():
        current.get(plugin, {}).pop(key, None)
        if current.get(plugin) == {}:
            del current[plugin]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


#: nbgrader settings for the Validate button (read from the environment's Jupyter config).
VALIDATE_CONFIG = """\
# Written by binder/learner_settings.py: nbgrader's Validate button in JupyterLab.
# nbgrader's default of 30 s per cell is too short on Binder's shared CPUs; the autograder
# gives every cell 120 s (autograder/nbgrader_config.py), and so does Validate.
c = get_config()  # noqa: F821
c.Execute.timeout = 120
"""


def write_validate_config() -> Path:
    path = Path(sys.prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VALIDATE_CONFIG)
    return path


def hangul_font_files() -> list[Path]:
    """``dcgan_course.language.hangul_font_files()``, from the package's file beside this
    folder (importing the package would import TensorFlow, for nothing here)."""
    spec = importlib.util.spec_from_file_location(
        "_course_language", HERE.parent / "dcgan_course" / "language.py")
    language = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(language)
    return language.hangul_font_files()


def custom_folder(prefix: Path) -> Path:
    """Where the environment's custom CSS and web font live (served under /custom/)."""
    return prefix / "share" / "jupyter" / "dcgan-course" / "custom"


def course_css() -> str:
    """The web font's faces, and the pages' font stacks naming it first. The stacks are set
    on ``:root:root``: that outranks the theme's ``:root`` rules, which load later, and
    yields to a learner's own choice in Settings › Theme (an inline style on the page)."""
    faces = [f"""@font-face {{
  font-family: "{WEB_FONT}";
  src: url("{served}") format("woff");
  font-weight: {weight};
  font-style: normal;
  font-display: swap;
  unicode-range: {HANGUL_RANGES};
}}
""" for _source, served, weight in WEB_FONT_FILES]
    stacks = (f":root:root {{\n  --jp-ui-font-family: {TEXT_FONTS};\n"
              f"  --jp-content-font-family: {TEXT_FONTS};\n"
              f"  --jp-code-font-family: {CODE_FONTS};\n}}\n")
    return ("/* Written by binder/learner_settings.py: the course's Hangul web font (NanumGothic,\n"
            "   from koreanize-matplotlib), named first in every font stack of the pages. */\n"
            + "\n".join(faces) + "\n" + stacks)


def write_web_font(prefix: Path) -> Path:
    """The WOFF files and the custom.css that declares them, in :func:`custom_folder`."""
    from fontTools.ttLib import TTFont  # a dependency of matplotlib

    found = {path.name: path for path in hangul_font_files()}
    missing = [source for source, _served, _weight in WEB_FONT_FILES if source not in found]
    if missing:
        sys.exit(f"learner settings: {', '.join(missing)} not found: the Hangul web font comes "
                 "from koreanize-matplotlib; install binder/requirements.txt first")
    folder = custom_folder(prefix)
    folder.mkdir(parents=True, exist_ok=True)
    for source, served, _weight in WEB_FONT_FILES:
        font = TTFont(found[source], recalcTimestamp=False)  # same bytes on every run
        for tag in [t for t in font.keys() if t.startswith("TSI")]:  # noqa: SIM118 (no __iter__)
            # Visual TrueType's hinting sources, unused for drawing; with them (one is empty)
            # Chromium's font sanitizer refused the file ("File length mismatch")
            del font[tag]
        font.flavor = "woff"  # about half the size of the .ttf (zlib-compressed tables)
        font.save(folder / served)
    css = folder / "custom.css"
    css.write_text(course_css(), encoding="utf-8")
    return css


def write_server_config(prefix: Path) -> Path:
    """Merge into the environment's jupyter_server_config.json: JupyterLab loads custom CSS
    (``LabApp.custom_css``, off by default) and its /custom/ handler serves the course's
    folder (``static_custom_path``, a web-app setting: ``ServerApp`` has no trait for it, and
    its default is the user's own ~/.jupyter/custom, which an image cannot fill)."""
    path = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    server = current.setdefault("ServerApp", {})
    server.setdefault("tornado_settings", {})["static_custom_path"] = [str(custom_folder(prefix))]
    current.setdefault("LabApp", {})["custom_css"] = True
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


def main() -> None:
    write_validate_config()
    jupyter("labextension", "disable", "--level=sys_prefix", *INSTRUCTOR_LAB_PLUGINS)
    for extension in INSTRUCTOR_SERVER_EXTENSIONS:
        jupyter("server", "extension", "disable", "--sys-prefix", extension)
    overrides = write_overrides()
    prefix = Path(sys.prefix).resolve()  # the path the class hub binds into a learner's world
    css = write_web_font(prefix)
    write_server_config(prefix)
    print(f"learner settings: nbgrader instructor tools off (Validate kept, 120 s per cell), "
          f"Jupyter news off ({overrides}), the course's Hangul web font first ({css})")


if __name__ == "__main__":
    main()
