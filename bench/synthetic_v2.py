"""Frozen copy of the synthetic house numbers, version 2 (issue 17), for comparisons only.

bench/synthetic_speed.py times it against the current renderer in turns, and
bench/synthetic_proxy.py and bench/synthetic_stats.py use it as the "before" set. Not
shipped to learners (bench/ is not part of the learner edition); do not edit.


The course trains on SVHN, but a classroom behind a firewall, CI and this project's own
machines have no internet. This module renders a stand-in with the same array layout and
label convention (uint8 NHWC images, int64 labels 0-9), so a lesson switches between the
two with one parameter (:func:`dcgan_course.data.load_digits`).

What makes SVHN crops look like SVHN, and what is imitated here (version 2, issue 17: the
colour, contrast and texture statistics match real SVHN crops within 15%, see
:mod:`dcgan_course.data.image_stats` and ``bench/synthetic_stats.py``):

* a centred digit whose *neighbours* on the house-number plate are cut off at the left and
  right edges of the crop;
* upright sans faces, regular, bold and condensed, plus one plain serif: the fonts that
  ship with matplotlib (DejaVu Sans and Sans Mono, Computer Modern Sans, DejaVu Serif), so
  nothing is downloaded; no italics, and no dotted zero;
* muted plates (mostly grey, brown and blue), both polarities, and a digit/plate contrast
  skewed to faint-to-medium with a floor, so no digit is invisible;
* a mild camera perspective (projective map), small rotations, off-centre crops;
* optical/JPEG blur and luminance sensor noise (not per-pixel colour speckle), lighting
  gradients and the occasional plate edge.

Speed comes from rendering each glyph only once (into a cached atlas) and then drawing
whole batches with NumPy: one inverse projective map per image, bilinear lookups into the
atlas, and array arithmetic for colour, light, blur and noise.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

IMAGE_SIZE = 32
CHUNK = 1024  # images drawn per block; each block has its own random stream
BLUR_LOW = 1.0  # least blur (in 3x3 binomial passes): SVHN crops are never pin-sharp
CONTRAST_SPAN = 0.65  # digit/plate luminance difference: 0.1 + span * U^3
NOISE_SIGMA = 0.04  # largest sensor-noise deviation, on 0-1

SYNTHETIC_VERSION = 2  # bump when the images change: caches of models trained on them key on it

# Fonts shipped in matplotlib's mpl-data/fonts/ttf (the Display variants lack digits), so
# Binder needs nothing beyond the pins. House numbers are upright sans faces, often bold:
# no italics or obliques, and of the serif faces only plain DejaVu Serif, never thickened.
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "cmss10.ttf",
    "DejaVuSerif.ttf",
)
# Fonts not also drawn in a thickened variant: bold faces (thickened they close the counters
# of 4, 6, 8 and 9 at 32 pixels) and the serif face.
NOT_THICKENED = ("DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSerif.ttf")
# The monospaced faces have a dotted zero that reads as 8 at 32 pixels (house numbers do not
# use it): their 0 is drawn from the proportional face of the same weight.
ZERO_FROM = {"DejaVuSansMono.ttf": "DejaVuSans.ttf",
             "DejaVuSansMono-Bold.ttf": "DejaVuSans-Bold.ttf"}

# Atlas geometry, in atlas pixels: every digit's ink is scaled to GLYPH_HEIGHT rows.
GLYPH_HEIGHT = 40
MARGIN = 4
ATLAS_ROWS = GLYPH_HEIGHT + 2 * MARGIN


@dataclass(frozen=True)
class GlyphAtlas:
    """Every digit of every font, rendered once: coverage in [0, 1] on a shared grid.

    ``pixels[g]`` is glyph ``g`` (``font_variant * 10 + digit``); the last entry is blank
    (used where a neighbouring digit is absent). ``widths[g]`` is the ink width in atlas
    pixels; ink starts at column ``MARGIN`` and spans rows ``MARGIN .. MARGIN+GLYPH_HEIGHT``.
    """

    pixels: np.ndarray  # (G + 1, ATLAS_ROWS, columns) float32
    widths: np.ndarray  # (G + 1,) float32
    font_names: tuple[str, ...]

    @functools.cached_property
    def quads(self) -> np.ndarray:
        """For each atlas pixel, itself and its right, lower and lower-right neighbours:
        (G + 1, rows - 1, columns - 1, 4), so a bilinear lookup is a single gather."""
        p = self.pixels
        return np.ascontiguousarray(np.stack(
            [p[:, :-1, :-1], p[:, :-1, 1:], p[:, 1:, :-1], p[:, 1:, 1:]], axis=-1))

    @property
    def variants(self) -> int:
        return (len(self.widths) - 1) // 10


def font_paths() -> list[str]:
    """Paths of the digit fonts that ship with matplotlib (no downloads needed)."""
    import matplotlib

    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    return [os.path.join(folder, name) for name in FONT_FILES
            if os.path.exists(os.path.join(folder, name))]


def _render_font(path: str, thicken: bool) -> list[np.ndarray]:
    """The ten digits of one font as coverage arrays of GLYPH_HEIGHT rows, same baseline."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    size = 96
    font = ImageFont.truetype(path, size)
    zero_name = ZERO_FROM.get(os.path.basename(path))
    zero_font = (ImageFont.truetype(os.path.join(os.path.dirname(path), zero_name), size)
                 if zero_name else font)
    tiles = []
    for digit in range(10):
        tile = Image.new("L", (2 * size, 2 * size), 0)
        ImageDraw.Draw(tile).text((size // 2, size // 2), str(digit), fill=255,
                                  font=zero_font if digit == 0 else font)
        if thicken:
            tile = tile.filter(ImageFilter.MaxFilter(7))
        tiles.append(tile)
    boxes = [t.getbbox() for t in tiles]
    if any(b is None for b in boxes):
        raise ValueError(f"{os.path.basename(path)} has no glyph for some digit")
    top = min(b[1] for b in boxes)
    bottom = max(b[3] for b in boxes)
    glyphs = []
    for tile, box in zip(tiles, boxes, strict=True):
        crop = tile.crop((box[0], top, box[2], bottom))
        width = max(1, round(crop.width * GLYPH_HEIGHT / crop.height))
        crop = crop.resize((width, GLYPH_HEIGHT), Image.Resampling.LANCZOS)
        # A light blur before sampling at about half size keeps thin strokes from aliasing.
        crop = crop.filter(ImageFilter.GaussianBlur(0.7))
        glyphs.append(np.asarray(crop, dtype=np.float32) / 255.0)
    return glyphs


@functools.lru_cache(maxsize=1)
def glyph_atlas() -> GlyphAtlas:
    """Render (once per process, about a second) the atlas every image is drawn from."""
    glyphs: list[np.ndarray] = []
    names: list[str] = []
    for path in font_paths():
        for thicken in (False, True)[:1 if os.path.basename(path) in NOT_THICKENED else 2]:
            try:
                rendered = _render_font(path, thicken)
            except (OSError, ValueError):
                continue
            glyphs.extend(rendered)
            names.append(os.path.basename(path) + (" (thickened)" if thicken else ""))
    if not glyphs:
        raise RuntimeError("no usable digit font found in matplotlib's mpl-data/fonts/ttf")
    columns = max(g.shape[1] for g in glyphs) + 2 * MARGIN
    pixels = np.zeros((len(glyphs) + 1, ATLAS_ROWS, columns), dtype=np.float32)
    widths = np.zeros(len(glyphs) + 1, dtype=np.float32)
    for index, glyph in enumerate(glyphs):
        pixels[index, MARGIN:MARGIN + GLYPH_HEIGHT, MARGIN:MARGIN + glyph.shape[1]] = glyph
        widths[index] = glyph.shape[1]
    widths[-1] = GLYPH_HEIGHT * 0.6  # the blank glyph still takes room on the plate
    pixels.setflags(write=False)
    widths.setflags(write=False)
    return GlyphAtlas(pixels, widths, tuple(names))


# Plate tints as zero-sum RGB directions (added to a grey): SVHN's plates are mostly grey,
# brown/beige (wood, brick, brass) and blue (enamel), seldom anything else.
_TINTS = np.array([[0.0, 0.0, 0.0],  # grey / white / black
                   [1.0, 0.15, -1.15],  # brown, beige, brass
                   [-0.9, -0.2, 1.1],  # blue
                   [-0.6, 0.9, -0.3],  # green, seldom
                   [0.9, -0.6, -0.3]], dtype=np.float32)  # red, seldom
_TINT_ODDS = np.array([0.33, 0.22, 0.35, 0.05, 0.05])


def _colours(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Background and foreground RGB in [0, 1]: muted plates, both polarities.

    Contrast is drawn so that the within-image spread matches SVHN's (issue 17), with a
    floor (0.1 in luminance, a little less where a tint is clipped at black or white) so
    that no digit is invisible, and many images near it.
    """
    bg_lum = np.clip(rng.normal(0.48, 0.18, n), 0.04, 0.96)
    # Skewed: many faint-to-medium plates, a tail of crisp ones (which also give a small
    # classifier a foothold early in training).
    contrast = 0.1 + CONTRAST_SPAN * rng.random(n) ** 3
    direction = np.where(bg_lum > 0.45, -1.0, 1.0)
    direction = np.where(rng.random(n) < 0.25, -direction, direction)  # some go the other way
    fg_lum = bg_lum + direction * contrast
    fg_lum = np.where((fg_lum < 0.0) | (fg_lum > 1.0), bg_lum - direction * contrast, fg_lum)
    fg_lum = np.clip(fg_lum, 0.0, 1.0)

    family = rng.choice(len(_TINTS), n, p=_TINT_ODDS)
    strength = 0.185 * rng.random(n) ** 1.5
    shade = (1.2 - np.abs(bg_lum - 0.5))[:, None]  # less hue near black and white
    bg = bg_lum[:, None] + _TINTS[family] * strength[:, None] * shade
    # The digit is mostly a neutral paint, sometimes of the plate's own hue.
    fg_strength = np.where(rng.random(n) < 0.4, strength, 0.0) * rng.random(n)
    fg = fg_lum[:, None] + _TINTS[family] * fg_strength[:, None]
    return (np.clip(bg, 0.0, 1.0).astype(np.float32),
            np.clip(fg, 0.0, 1.0).astype(np.float32))


def _blur(images: np.ndarray) -> np.ndarray:
    """One pass of a 3x3 binomial blur over (N, H, W) or (N, H, W, C), edges repeated."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)) + ((0, 0),) * (images.ndim - 3),
                    mode="edge")
    rows = padded[:, :-2] * 0.25 + padded[:, 1:-1] * 0.5 + padded[:, 2:] * 0.25
    return rows[:, :, :-2] * 0.25 + rows[:, :, 1:-1] * 0.5 + rows[:, :, 2:] * 0.25


def _layout_ink(rng: np.random.Generator, n: int, atlas: GlyphAtlas
                ) -> tuple[np.ndarray, np.ndarray]:
    """Ink coverage (n, 32, 32, 1) in [0, 1] of a centred digit and its cut-off neighbours,
    under a random projective map; and the centre digit's label."""
    size = IMAGE_SIZE
    labels = rng.integers(0, 10, n)
    variant = rng.integers(0, atlas.variants, n)
    blank = len(atlas.widths) - 1
    left = np.where(rng.random(n) < 0.65, variant * 10 + rng.integers(0, 10, n), blank)
    right = np.where(rng.random(n) < 0.65, variant * 10 + rng.integers(0, 10, n), blank)
    centre = variant * 10 + labels
    glyph_ids = np.stack([left, centre, right], axis=1)  # (n, 3)
    widths = atlas.widths[glyph_ids]  # (n, 3)
    gap = rng.uniform(0.08, 0.45, n) * GLYPH_HEIGHT

    # Output-from-plate affine map: scale, aspect, shear, rotation; we need its inverse.
    height_px = rng.uniform(15.0, 27.0, n)  # digit height in output pixels
    scale = height_px / GLYPH_HEIGHT
    aspect = np.exp(rng.uniform(-0.3, 0.1, n))  # condensed faces are common on plates
    shear = rng.uniform(-0.1, 0.1, n)  # a camera's skew, not an italic slant
    angle = np.deg2rad(np.clip(rng.normal(0.0, 4.0, n), -10.0, 10.0))
    cos, sin = np.cos(angle), np.sin(angle)
    # forward M = scale * R @ [[aspect, shear], [0, 1]]; inverse computed in closed form
    m00 = scale * (cos * aspect)
    m01 = scale * (cos * shear - sin)
    m10 = scale * (sin * aspect)
    m11 = scale * (sin * shear + cos)
    det = m00 * m11 - m01 * m10
    i00, i01, i10, i11 = m11 / det, -m01 / det, -m10 / det, m00 / det
    shift = rng.normal(0.0, 1.2, (n, 2)).astype(np.float32)

    centres = np.arange(size, dtype=np.float32) + 0.5 - size / 2
    du = centres[None, None, :] - shift[:, 0, None, None]  # (n, 1, W)
    dv = centres[None, :, None] - shift[:, 1, None, None]  # (n, H, 1)
    c = lambda a: a.astype(np.float32)[:, None, None]  # noqa: E731
    # Camera perspective: a projective map, plate = A^-1 (u, v) / (1 + p . (u, v)).
    tilt = rng.normal(0.0, 0.006, (n, 2)).astype(np.float32)
    w = 1.0 + tilt[:, 0, None, None] * du + tilt[:, 1, None, None] * dv  # (n, H, W)
    x = (c(i00) * du + c(i01) * dv) / w  # plate coordinates, centre digit centred at 0
    y = (c(i10) * du + c(i11) * dv) / w

    half = c(widths[:, 1] / 2)
    g = c(gap)
    in_left = x < -half - g / 2
    in_right = x > half + g / 2
    origin = np.where(in_left, -half - g - c(widths[:, 0]),
                      np.where(in_right, half + g, -half))
    ids = glyph_ids.astype(np.int32)[:, :, None, None]
    glyph = np.where(in_left, ids[:, 0], np.where(in_right, ids[:, 2], ids[:, 1]))

    # Bilinear lookup: one gather of the four neighbouring atlas pixels at once.
    quads = atlas.quads
    rows, cols = quads.shape[1:3]
    ax = x - origin + (MARGIN - 0.5)
    ay = y + (GLYPH_HEIGHT / 2 + MARGIN - 0.5)
    x0 = np.clip(np.floor(ax), 0, cols - 1)
    y0 = np.clip(np.floor(ay), 0, rows - 1)
    fx = np.clip(ax - x0, 0.0, 1.0)
    fy = np.clip(ay - y0, 0.0, 1.0)
    index = (glyph * rows + y0.astype(np.int32)) * cols + x0.astype(np.int32)
    # Fancy-indexing rows of a (M, 4) array is slow in NumPy; viewing each row of four
    # float32 as one 16-byte complex number makes it a fast 1-D take (20x here).
    packed = quads.reshape(-1, 4).view(np.complex128).reshape(-1)
    q = np.take(packed, index).view(np.float32).reshape(*index.shape, 4)
    top = q[..., 0] + (q[..., 1] - q[..., 0]) * fx
    bottom = q[..., 2] + (q[..., 3] - q[..., 2]) * fx
    ink = (top + (bottom - top) * fy)[..., None]  # (n, H, W, 1)
    return ink, labels


def _blur_mix(plane: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Blur each (H, W) plane by its own ``amount`` in [0, 2]: a mix of zero, one and two
    passes of the 3x3 binomial kernel (about a Gaussian of sigma 0 to 1 pixel)."""
    once = _blur(plane)
    twice = _blur(once)
    a1 = np.clip(amount, 0, 1)[:, None, None]
    a2 = np.clip(amount - 1, 0, 1)[:, None, None]
    return plane * (1 - a1) + once * (a1 - a2) + twice * a2


def _render_block(rng: np.random.Generator, n: int, atlas: GlyphAtlas
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` images and their labels from one random stream.

    Blur is linear and the colours are constant per image, so the single-channel ink and
    plate-edge masks are blurred instead of the three-channel image (three times less
    work); the smooth lighting gain commutes with a one-pixel blur well enough.
    """
    size = IMAGE_SIZE
    centres = np.arange(size, dtype=np.float32) + 0.5 - size / 2
    ink, labels = _layout_ink(rng, n, atlas)
    bg, fg = _colours(rng, n)

    # A plate edge on some crops: everything beyond a line takes another colour.
    edge = rng.random(n) < 0.25
    edge_pos = rng.uniform(9.0, 15.5, n).astype(np.float32)
    edge_sign = np.where(rng.random(n) < 0.5, -1.0, 1.0).astype(np.float32)
    vertical = rng.random(n) < 0.7
    across = np.where(vertical[:, None, None], centres[None, None, :], centres[None, :, None])
    beyond = ((across * edge_sign[:, None, None] > edge_pos[:, None, None])
              & edge[:, None, None]).astype(np.float32)
    edge_lum = rng.uniform(0.0, 1.0, (n, 1))
    edge_colour = np.clip(edge_lum + rng.normal(0.0, 0.03, (n, 3)), 0, 1).astype(np.float32)

    amount = rng.uniform(BLUR_LOW, 2.0, n).astype(np.float32)  # optics and JPEG
    ink = _blur_mix(ink[..., 0], amount)[:, None]  # (n, 1, H, W): channels first below,
    beyond = _blur_mix(beyond, amount)[:, None]  # where broadcasting over planes is fast
    image = bg[:, :, None, None] + (fg - bg)[:, :, None, None] * ink  # (n, 3, H, W)
    image += (edge_colour[:, :, None, None] - image) * beyond

    # Lighting: a linear gradient in brightness plus a little overall gain.
    grad = rng.uniform(-0.35, 0.35, (n, 2)).astype(np.float32) / (size / 2)
    gain = (1.0 + grad[:, 0, None, None] * centres[None, None, :]
            + grad[:, 1, None, None] * centres[None, :, None])
    gain *= rng.uniform(0.8, 1.15, n).astype(np.float32)[:, None, None]
    image *= gain[:, None]

    # Sensor noise in luminance (one plane for all three channels: a camera's demosaicing
    # and JPEG's chroma subsampling leave little per-pixel colour speckle), softened by
    # half a blur pass like JPEG's. Normal deviates via a 256-entry table of quantiles
    # over random bytes: five times cheaper than standard_normal, and no eye can tell.
    sigma = (NOISE_SIGMA * rng.random(n) ** 2).astype(np.float32)
    noise = _NORMAL_TABLE[np.frombuffer(rng.bytes(n * size * size), dtype=np.uint8)]
    noise = noise.reshape(n, size, size)
    noise = 0.5 * (noise + _blur(noise)) * sigma[:, None, None]
    image += noise[:, None]
    image *= 255.0
    image += 0.5
    np.clip(image, 0, 255, out=image)
    return image.astype(np.uint8).transpose(0, 2, 3, 1), labels.astype(np.int64)


def _normal_table() -> np.ndarray:
    from scipy.special import ndtri

    return ndtri((np.arange(256) + 0.5) / 256).astype(np.float32)


_NORMAL_TABLE = _normal_table()


def make_house_numbers(n: int, seed: int = 0, workers: int | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Render ``n`` labelled synthetic house-number digits.

    Returns ``(images, labels)``: images uint8 of shape (n, 32, 32, 3) (NHWC, like
    :func:`load_svhn`), labels int64 in 0..9 (the digit in the middle of the crop).
    The same ``(n, seed)`` gives the same images (bit for bit with the same NumPy and
    Pillow); images are drawn in blocks of 1024, each with its own random stream, so the
    first k images of a bigger set are the same as a set of k, and blocks can be drawn on
    several threads (``workers``, default: the CPU count, at most 4) in any order.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    atlas = glyph_atlas()
    _ = atlas.quads  # built once here, not by every worker thread at the same time
    images = np.empty((n, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8)
    labels = np.empty(n, dtype=np.int64)

    def draw(block: int) -> None:
        start = block * CHUNK
        stop = min(start + CHUNK, n)
        # A short last block is still drawn in full, so that its random stream (and so
        # every image in it) does not depend on n.
        block_images, block_labels = _render_block(np.random.default_rng([seed, block]),
                                                   CHUNK, atlas)
        images[start:stop] = block_images[:stop - start]
        labels[start:stop] = block_labels[:stop - start]

    blocks = range(-(-n // CHUNK))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(blocks) <= 1:
        for block in blocks:
            draw(block)
    else:
        # NumPy releases the GIL inside its array loops, so threads share the work.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(draw, blocks))
    return images, labels
