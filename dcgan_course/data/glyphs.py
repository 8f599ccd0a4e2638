"""The digit shapes of the synthetic house numbers: many open fonts, stored as distance fields.

House numbers come in every style: condensed and wide grotesques, slab and book serifs,
stencils, engraved signage, sign painters' brush lettering, casual hands. The renderer draws
from the fonts in ``dcgan_course/data/fonts`` (open licences, listed in its README) and from
those that ship with matplotlib, so nothing is downloaded.

Each digit is rendered once per machine at a large size and stored as a **signed distance
field** (SDF): for every atlas pixel, the distance to the glyph's outline, negative inside
the ink. A distance field is what lets one atlas draw many styles at no extra cost: the ink
is ``distance < offset``, so a positive offset thickens the strokes and a negative one thins
them (paint weight varies from plate to plate), ``|distance - offset| < w`` draws an outline
only, and the same lookup shifted draws a drop shadow. Bilinear lookups of a distance field
keep edges sharp at any scale, and the renderer anti-aliases them to one output pixel.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FONT_DIR = Path(__file__).with_name("fonts")
GLYPH_HEIGHT = 40  # atlas rows spanned by each digit's ink
MARGIN = 6  # empty atlas pixels around each glyph: room for thickening and outlines
ATLAS_ROWS = GLYPH_HEIGHT + 2 * MARGIN
SDF_CLAMP = float(MARGIN)  # distances are clamped to +-this many atlas pixels
QUANTA = 20  # the lookup table stores distances in steps of 1/20 atlas pixel (int8)
RENDER_SIZE = 128  # font size of the one-off high-resolution rendering


@dataclass(frozen=True)
class FontSpec:
    """One digit font: where it is, how often house numbers look like it, and how far its
    strokes may be thinned (negative) or thickened (positive), in atlas pixels, before the
    counters of 4, 6, 8 and 9 close or the strokes vanish at 32 pixels."""

    file: str
    folder: str  # "package" (dcgan_course/data/fonts) or "matplotlib"
    share: float
    thinnest: float
    thickest: float
    zero_from: str | None = None  # a monospaced face's dotted zero reads as 8: borrow one


# Shares: plain grotesques dominate real house numbers, then condensed faces and serifs;
# stencils, brush lettering and hands are a minority that a classifier should still know.
FONTS: tuple[FontSpec, ...] = (
    FontSpec("DejaVuSans.ttf", "matplotlib", 1.2, -0.8, 2.0),
    FontSpec("DejaVuSans-Bold.ttf", "matplotlib", 1.2, -1.2, 0.8),
    FontSpec("OpenSans-CondBold.ttf", "package", 1.3, -1.2, 0.8),
    FontSpec("BebasNeue-Regular.otf", "package", 1.0, -1.0, 1.2),
    FontSpec("cmss10.ttf", "matplotlib", 0.6, -0.6, 2.0),
    FontSpec("DejaVuSansMono-Bold.ttf", "matplotlib", 0.4, -1.0, 0.8,
             zero_from="DejaVuSans-Bold.ttf"),
    FontSpec("LeagueSpartan-Bold.otf", "package", 0.7, -1.4, 0.6),
    FontSpec("Dosis-Bold.otf", "package", 0.6, -1.0, 1.0),
    FontSpec("routed-gothic-narrow.ttf", "package", 0.5, -0.4, 2.4),
    FontSpec("DejaVuSerif.ttf", "matplotlib", 0.5, -0.6, 1.6),
    FontSpec("DejaVuSerif-Bold.ttf", "matplotlib", 0.5, -1.2, 0.6),
    FontSpec("STIXGeneral.ttf", "matplotlib", 0.4, -0.5, 1.6),
    FontSpec("STIXGeneralBol.ttf", "matplotlib", 0.4, -1.0, 0.8),
    FontSpec("cmr10.ttf", "matplotlib", 0.3, -0.5, 1.6),
    FontSpec("RobotoSlab-Bold.otf", "package", 0.6, -1.2, 0.6),
    FontSpec("allerta_stencil.otf", "package", 0.4, -0.8, 0.8),
    FontSpec("Bajaderka-Regular.otf", "package", 0.3, 0.0, 2.6),
    FontSpec("Humor-Sans.ttf", "package", 0.3, -0.6, 1.4),
    FontSpec("ComicNeue-Bold.otf", "package", 0.3, -1.0, 0.8),
)


@dataclass(frozen=True)
class GlyphAtlas:
    """Every digit of every font as a distance field on one shared grid.

    ``sdf[g]`` is glyph ``g = font * 10 + digit`` (atlas pixels, negative inside, clamped to
    +-``SDF_CLAMP``); the last entry is blank (used where a neighbouring digit is absent).
    ``widths[g]`` is the ink width in atlas pixels; the ink starts at column ``MARGIN`` and
    spans rows ``MARGIN .. MARGIN + GLYPH_HEIGHT``. ``shares``, ``thinnest`` and
    ``thickest`` are per font (see :class:`FontSpec`).
    """

    sdf: np.ndarray  # (G + 1, ATLAS_ROWS, columns) float32
    widths: np.ndarray  # (G + 1,) float32
    font_names: tuple[str, ...]
    shares: np.ndarray  # (fonts,) probabilities
    thinnest: np.ndarray  # (fonts,)
    thickest: np.ndarray  # (fonts,)

    @functools.cached_property
    def quads(self) -> np.ndarray:
        """What a bilinear lookup needs of each atlas pixel, packed so that it is one gather:
        (G + 1, rows - 1, columns - 1, 4) int8, in steps of 1 / QUANTA atlas pixels: the
        pixel's value ``p``, the step to its right neighbour ``r - p``, the step down
        ``d - p``, and how the rightward step changes a row down ``(dr - d) - (r - p)``.
        With those, ``top = p + (r - p) fx`` and ``bottom - top = (d - p) + change fx`` are
        exact in float64, so the lookup needs no subtraction per pixel. Four bytes a pixel
        instead of sixteen keep the atlas within the CPU's cache, which makes the gather
        several times faster; a twentieth of an atlas pixel is finer than any output pixel
        needs."""
        p = np.round(self.sdf * QUANTA).clip(-127, 127).astype(np.int16)
        right = p[:, :-1, 1:] - p[:, :-1, :-1]
        down = p[:, 1:, :-1] - p[:, :-1, :-1]
        change = (p[:, 1:, 1:] - p[:, 1:, :-1]) - right
        steps = np.stack([p[:, :-1, :-1], right, down, change], axis=-1)
        if np.abs(steps).max() > 127:  # a distance field changes by at most ~1.5 px a pixel
            raise RuntimeError("a glyph's distance field jumps by more than 6 atlas pixels "
                               "between neighbouring pixels; is a font broken?")
        return np.ascontiguousarray(steps.astype(np.int8))

    @property
    def fonts(self) -> int:
        return (len(self.widths) - 1) // 10

    @property
    def blank(self) -> int:
        return len(self.widths) - 1


def font_path(spec: FontSpec) -> Path:
    """Where ``spec``'s file is: the package's font folder or matplotlib's."""
    if spec.folder == "package":
        return FONT_DIR / spec.file
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / spec.file


def _signed_distance(coverage: np.ndarray) -> np.ndarray:
    """Signed distance (pixels, negative inside) to the 50% contour of a coverage image."""
    from scipy import ndimage

    inside = coverage >= 0.5
    outside_distance = ndimage.distance_transform_edt(~inside)
    inside_distance = ndimage.distance_transform_edt(inside)
    return (outside_distance - inside_distance).astype(np.float32)


def _render_font(path: Path, zero_path: Path | None) -> list[np.ndarray]:
    """The ten digits of one font as distance fields, each digit's ink GLYPH_HEIGHT rows
    tall, with a margin of MARGIN atlas pixels on every side."""
    from PIL import Image, ImageDraw, ImageFont

    size = RENDER_SIZE
    font = ImageFont.truetype(str(path), size)
    zero_font = ImageFont.truetype(str(zero_path), size) if zero_path else font
    tiles = []
    for digit in range(10):
        tile = Image.new("L", (2 * size, 2 * size), 0)
        ImageDraw.Draw(tile).text((size // 2, size // 3), str(digit), fill=255,
                                  font=zero_font if digit == 0 else font)
        tiles.append(tile)
    boxes = [t.getbbox() for t in tiles]
    if any(b is None for b in boxes):
        raise ValueError(f"{path.name} has no glyph for some digit")
    glyphs = []
    for tile, box in zip(tiles, boxes, strict=True):
        # Each digit is scaled to its own ink height, as SVHN scaled each digit's own box:
        # a hand-drawn 7 that drops below the line is as tall in its crop as any other digit.
        factor = GLYPH_HEIGHT / (box[3] - box[1])  # atlas pixels per rendered pixel
        pad = int(np.ceil(MARGIN / factor)) + 2
        crop = tile.crop((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
        sdf = _signed_distance(np.asarray(crop, dtype=np.float32) / 255.0) * factor
        width = max(1, round((box[2] - box[0]) * factor))
        columns = width + 2 * MARGIN
        # Resample so that the ink box maps onto [MARGIN, MARGIN + width) x [MARGIN, ...).
        image = Image.fromarray(sdf, mode="F")
        left = upper = pad - MARGIN / factor
        right = left + columns / factor
        lower = upper + ATLAS_ROWS / factor
        image = image.transform((columns, ATLAS_ROWS), Image.Transform.EXTENT,
                                (left, upper, right, lower), Image.Resampling.BILINEAR)
        glyphs.append(np.clip(np.asarray(image, dtype=np.float32), -SDF_CLAMP, SDF_CLAMP))
    return glyphs


def build_atlas() -> GlyphAtlas:
    """Render the atlas from the fonts (a second or two; :func:`glyph_atlas` keeps it)."""
    glyphs: list[np.ndarray] = []
    names: list[str] = []
    for spec in FONTS:
        path = font_path(spec)
        zero = None
        if spec.zero_from:
            zero = font_path(FontSpec(spec.zero_from, spec.folder, 0, 0, 0))
        try:
            rendered = _render_font(path, zero)
        except (OSError, ValueError):
            continue
        glyphs.extend(rendered)
        names.append(os.path.splitext(spec.file)[0])
    if not glyphs:
        raise RuntimeError(f"no usable digit font found in {FONT_DIR} or matplotlib's fonts")
    columns = max(g.shape[1] for g in glyphs)
    sdf = np.full((len(glyphs) + 1, ATLAS_ROWS, columns), SDF_CLAMP, dtype=np.float32)
    widths = np.zeros(len(glyphs) + 1, dtype=np.float32)
    for index, glyph in enumerate(glyphs):
        sdf[index, :, :glyph.shape[1]] = glyph
        widths[index] = glyph.shape[1] - 2 * MARGIN
    widths[-1] = GLYPH_HEIGHT * 0.55  # the blank glyph still takes room on the plate
    return _assemble(sdf, widths, names)


def _assemble(sdf: np.ndarray, widths: np.ndarray, names: Sequence[str]) -> GlyphAtlas:
    """The atlas of the rendered fonts ``names``, with their shares and weights."""
    by_name = {os.path.splitext(spec.file)[0]: spec for spec in FONTS}
    specs = [by_name[name] for name in names]
    shares = np.array([s.share for s in specs])
    for array in (sdf, widths):
        array.setflags(write=False)
    return GlyphAtlas(sdf, widths, tuple(names), shares / shares.sum(),
                      np.array([s.thinnest for s in specs], np.float32),
                      np.array([s.thickest for s in specs], np.float32))


def atlas_key() -> str:
    """What the rendered atlas depends on, as a digest: this module's code (the settings
    and the renderer), every font file's bytes (or its absence), and the versions of the
    libraries that rasterise (Pillow, FreeType) and measure distances (SciPy)."""
    import PIL
    import scipy
    from PIL import features

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{PIL.__version__} {features.version('freetype2')} {scipy.__version__} "
                  f"{np.__version__}".encode())
    for spec in FONTS:
        for file in (spec.file, spec.zero_from):
            if file is None:
                continue
            path = font_path(FontSpec(file, spec.folder, 0, 0, 0))
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file()
                          else b"missing")
    return digest.hexdigest()[:20]


def _read_atlas(path: Path) -> GlyphAtlas | None:
    """The atlas stored at ``path``, or None if there is none or it is not a whole, sane
    atlas of the fonts this module knows (a cache is never trusted further than that)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            sdf, widths, names = stored["sdf"], stored["widths"], [str(n) for n in
                                                                     stored["names"]]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        return None
    known = {os.path.splitext(spec.file)[0] for spec in FONTS}
    glyphs = 10 * len(names) + 1
    if (not names or not set(names) <= known or sdf.dtype != np.float32
            or widths.dtype != np.float32 or sdf.ndim != 3
            or sdf.shape[:2] != (glyphs, ATLAS_ROWS) or widths.shape != (glyphs,)
            or not np.all(np.abs(sdf) <= SDF_CLAMP)):
        return None
    return _assemble(sdf, widths, names)


def _write_atlas(atlas: GlyphAtlas, path: Path) -> None:
    """Store ``atlas`` at ``path`` (a whole file appears or none: written aside, then
    renamed; readable by everyone, as a class may share one data folder); a folder that
    cannot be written (a read-only class volume) is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            np.savez(handle, sdf=atlas.sdf, widths=atlas.widths,
                     names=np.array(atlas.font_names))
        os.chmod(name, 0o644)
        os.replace(name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)


def cached_atlas(folder: Path) -> GlyphAtlas:
    """The atlas from ``folder`` (a 2 MB file named by :func:`atlas_key`), rendered and
    stored there first if it is missing or damaged."""
    path = folder / "glyph-atlas" / f"atlas-{atlas_key()}.npz"
    atlas = _read_atlas(path)
    if atlas is None:
        atlas = build_atlas()
        _write_atlas(atlas, path)
    return atlas


@functools.lru_cache(maxsize=1)
def glyph_atlas() -> GlyphAtlas:
    """The atlas every image is drawn from: rendered once per machine (a second or two) and
    kept in the data cache folder (:func:`dcgan_course.data.resolve_cache_dir`), then read
    from there in milliseconds, once per process."""
    from dcgan_course.data.svhn import resolve_cache_dir

    return cached_atlas(resolve_cache_dir())
