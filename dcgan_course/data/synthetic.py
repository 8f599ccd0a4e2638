"""Synthetic house numbers: SVHN-style 32x32 colour digits, rendered offline in seconds.

The course trains on SVHN, but a classroom behind a firewall, CI and this project's own
machines have no internet. This module renders a stand-in with the same array layout and
label convention (uint8 NHWC images, int64 labels 0-9), so a lesson switches between the
two with one parameter (:func:`dcgan_course.data.load_digits`).

Version 3 (issue 30) imitates SVHN's *distributions*, not only its averages. What makes a
crop look like SVHN's format 2 (cropped digits), and where it is drawn:

* **The crop's geometry** (here): SVHN enlarged each digit's bounding box to a square and
  scaled it to 32 x 32, so the digit spans most of the crop's height (mostly above 70%, with
  a tail to about 55%) and the neighbours of a multi-digit house number are cut off at the
  left and right edges; house numbers have one to four digits, so a crop shows one, two or
  three digits.
* **Fonts and strokes** (:mod:`.glyphs`): nineteen open fonts (grotesques, condensed faces,
  serifs, slab, stencil, engraved signage, brush lettering, hands), each stroke weight drawn
  per plate from a distance field, outlined digits and drop shadows on some plates, italic
  slant and condensed or wide proportions; a neighbour may be in another font.
* **Colour** (:mod:`.plate_colours`): one joint model of plate, paint and light; mild tints,
  never exactly grey, coloured paint digits.
* **Backgrounds** (:mod:`.backgrounds`): wood, boards, brick, stucco and clutter in the
  plate's perspective, plate edges and frames above and below the digits, shadows,
  reflections.
* **The camera** (:mod:`.camera`): perspective and rotation (here), defocus and motion blur,
  a low-resolution detour (small digit boxes enlarged), colour fringes, sensor noise and
  JPEG compression as the last step, with a real share of hard, blurred digits.

Speed comes from rendering each glyph only once (into a cached atlas) and then drawing
whole batches with NumPy: one inverse projective map per image, bilinear lookups into the
atlas, and array arithmetic and small matrix products for everything else.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from dcgan_course.data import backgrounds, camera
from dcgan_course.data.backgrounds import PerImage
from dcgan_course.data.glyphs import GLYPH_HEIGHT, MARGIN, QUANTA, GlyphAtlas, glyph_atlas
from dcgan_course.data.plate_colours import draw_colours

IMAGE_SIZE = 32
CHUNK = 1024  # images drawn per block; each block has its own random stream
SLICE = 128  # images painted at a time (its arrays fit the CPU's cache)

SYNTHETIC_VERSION = 3  # bump when the images change: caches of models trained on them key on it

# How many neighbours a crop's house number puts beside the centre digit (none: a one-digit
# number; one: the centre digit is the first or last; two: it is inside the number), from a
# mix of house-number lengths of one to four digits (about 10/35/40/15%).
NEIGHBOUR_ODDS = {"none": 0.1, "left": 0.27, "right": 0.27, "both": 0.36}

__all__ = ["IMAGE_SIZE", "SYNTHETIC_VERSION", "Layout", "draw_layout", "draw_layouts",
           "font_shares", "glyph_atlas", "layout_ink", "make_house_numbers"]


@dataclass(frozen=True)
class Layout(PerImage):
    """Where and how the digits of ``n`` crops are drawn (arrays of length n, or (n, 3) for
    the left, centre and right digit): everything geometric about an image, drawn first so
    that a bench can redraw the same crops with the neighbours left out."""

    labels: np.ndarray  # (n,) the centre digit
    glyphs: np.ndarray  # (n, 3) atlas glyph ids: left, centre, right (blank = absent)
    weight: np.ndarray  # (n, 3) stroke offset in atlas pixels (+ thicker)
    height: np.ndarray  # (n,) the centre digit's height / the crop's (0.5-1, mostly > 0.7)
    aspect: np.ndarray  # (n,) width scale (condensed < 1 < wide)
    slant: np.ndarray  # (n,) italic shear
    angle: np.ndarray  # (n,) rotation, radians
    tilt: np.ndarray  # (n, 2) projective terms (perspective)
    shift: np.ndarray  # (n, 2) the centre digit's offset from the crop centre, pixels
    gap: np.ndarray  # (n,) space between digits, atlas pixels
    outline: np.ndarray  # (n,) half-width of an outline-only stroke (0: filled digits)

    def centre_only(self) -> Layout:
        """The same crops with the neighbouring digits left out (for measuring the digit)."""
        blank = glyph_atlas().blank
        glyphs = self.glyphs.copy()
        glyphs[:, 0] = glyphs[:, 2] = blank
        return replace(self, glyphs=glyphs)


def draw_layout(rng: np.random.Generator, n: int, atlas: GlyphAtlas,
                shares: np.ndarray | None = None) -> Layout:
    """Draw the geometry of ``n`` crops (see :class:`Layout`) from SVHN's crop geometry;
    ``shares`` overrides how often each font of the atlas is drawn."""
    shares = atlas.shares if shares is None else shares
    labels = rng.integers(0, 10, n)
    font = rng.choice(atlas.fonts, n, p=shares)
    other_font = rng.choice(atlas.fonts, (n, 2), p=shares)
    same_font = rng.random((n, 2)) < 0.85  # now and then a neighbour is from another set
    side_fonts = np.where(same_font, font[:, None], other_font)
    side_digits = rng.integers(0, 10, (n, 2))
    odds = np.array(list(NEIGHBOUR_ODDS.values()))
    present = rng.choice(4, n, p=odds)  # none, left, right, both
    left_on = (present == 1) | (present == 3)
    right_on = (present == 2) | (present == 3)
    glyphs = np.stack([np.where(left_on, side_fonts[:, 0] * 10 + side_digits[:, 0],
                                atlas.blank),
                       font * 10 + labels,
                       np.where(right_on, side_fonts[:, 1] * 10 + side_digits[:, 1],
                                atlas.blank)], axis=1)

    # Stroke weight: one draw per plate in [0, 1], mapped into each font's own safe range.
    u = rng.beta(1.6, 1.6, n)[:, None]
    fonts = np.minimum(glyphs // 10, atlas.fonts - 1)
    weight = atlas.thinnest[fonts] + u * (atlas.thickest[fonts] - atlas.thinnest[fonts])

    # SVHN's crop: the digit box squared and scaled to 32 pixels, so the digit fills most of
    # the height; annotators' boxes are loose by varying amounts, hence mostly 70-100% with a
    # tail to 55% (a classifier that never saw smaller digits misreads them: bench/
    # synthetic_proxy.py measured 65% on digits of 50-60% against 95% on those above 70%).
    height = 0.5 + 0.5 * rng.beta(2.4, 1.4, n)
    aspect = np.exp(rng.normal(-0.05, 0.14, n))
    italic = rng.random(n) < 0.15
    slant = np.where(italic, rng.uniform(0.12, 0.3, n), rng.normal(0.0, 0.04, n))
    angle = np.deg2rad(np.clip(rng.standard_t(4, n) * 3.5, -15.0, 15.0))
    strong = rng.random(n) < 0.15
    tilt = np.clip(rng.normal(0.0, 1.0, (n, 2)) * np.where(strong, 0.016, 0.005)[:, None],
                   -0.025, 0.025)
    room = (1.0 - height) * IMAGE_SIZE / 2  # how far the digit can move and stay inside
    shift = np.stack([rng.normal(0.0, 1.0, n).clip(-2.5, 2.5),
                      rng.uniform(-1.0, 1.0, n) * room * 0.8], axis=1)
    gap = rng.uniform(0.05, 0.32, n) * GLYPH_HEIGHT
    outline = np.where(rng.random(n) < 0.05, rng.uniform(1.2, 2.2, n), 0.0)
    f32 = np.float32
    return Layout(labels.astype(np.int64), glyphs.astype(np.int32), weight.astype(f32),
                  height.astype(f32), aspect.astype(f32), slant.astype(f32), angle.astype(f32),
                  tilt.astype(f32), shift.astype(f32), gap.astype(f32), outline.astype(f32))


def _plate_coordinates(layout: Layout, nudge: tuple[float, float] = (0.0, 0.0)
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plate coordinates (x, y) of every output pixel, (n, H, W) each, and the output
    pixels per atlas pixel (n,). ``nudge`` moves the plate by that many output pixels."""
    size = IMAGE_SIZE
    scale = layout.height * size / GLYPH_HEIGHT
    cos, sin = np.cos(layout.angle), np.sin(layout.angle)
    # forward M = scale * R @ [[aspect, -slant], [0, 1]]; its inverse in closed form
    m00 = scale * cos * layout.aspect
    m01 = scale * (-cos * layout.slant - sin)
    m10 = scale * sin * layout.aspect
    m11 = scale * (-sin * layout.slant + cos)
    det = m00 * m11 - m01 * m10
    c = lambda a: a.astype(np.float32)[:, None, None]  # noqa: E731
    i00, i01, i10, i11 = c(m11 / det), c(-m01 / det), c(-m10 / det), c(m00 / det)
    centres = np.arange(size, dtype=np.float32) + 0.5 - size / 2
    du = centres[None, None, :] - c(layout.shift[:, 0] + nudge[0])
    dv = centres[None, :, None] - c(layout.shift[:, 1] + nudge[1])
    w = 1.0 + c(layout.tilt[:, 0]) * du + c(layout.tilt[:, 1]) * dv
    x = (i00 * du + i01 * dv) / w
    y = (i10 * du + i11 * dv) / w
    return x, y, scale


def _lookup(atlas: GlyphAtlas, layout: Layout, x: np.ndarray, y: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Signed distance (atlas pixels) to the nearest digit at plate coordinates (x, y), and
    each pixel's stroke offset (the weight of the digit it belongs to)."""
    n = len(x)
    widths = atlas.widths[layout.glyphs]  # (n, 3)
    c = lambda a: a.astype(np.float32)[:, None, None]  # noqa: E731
    half = c(widths[:, 1] / 2)
    g = c(layout.gap)
    quads = atlas.quads
    rows, cols = quads.shape[1:3]
    # Per image and digit (left, centre, right): where the digit starts on the plate, its
    # first entry in the atlas, its stroke weight; each pixel picks one by a 1-D take.
    origins = np.concatenate([-half - g - c(widths[:, 0]), -half, half + g], axis=1)
    starts = (layout.glyphs * (rows * cols)).astype(np.int32)
    side = np.subtract(x > half + g / 2, x < -half - g / 2, dtype=np.int32)  # -1, 0, +1
    side += np.arange(1, 3 * n, 3, dtype=np.int32)[:, None, None]
    offset = np.take(layout.weight, side)
    # Atlas coordinates, clamped to the atlas (beyond it lies blank margin anyway).
    ax = x - np.take(origins, side)
    ax += np.float32(MARGIN - 0.5)
    np.clip(ax, 0.0, cols - 1.001, out=ax)
    ay = y + np.float32(GLYPH_HEIGHT / 2 + MARGIN - 0.5)
    np.clip(ay, 0.0, rows - 1.001, out=ay)
    x0 = ax.astype(np.int32)  # truncation is the floor here: both are >= 0
    y0 = ay.astype(np.int32)
    fx = np.subtract(ax, x0, dtype=np.float64).reshape(-1)
    fy = np.subtract(ay, y0, dtype=np.float64).reshape(-1)
    index = np.take(starts, side)
    index += x0
    y0 *= cols
    index += y0
    # Fancy-indexing rows of a (M, 4) array is slow in NumPy; viewing each row of four
    # int8 as one 4-byte integer makes it a fast 1-D take (20x here).
    packed = quads.reshape(-1, 4).view(np.int32).reshape(-1)
    q = np.take(packed, index).view(np.int8).reshape(-1, 4).astype(np.float64)
    top = q[:, 1] * fx
    top += q[:, 0]
    distance = q[:, 3] * fx
    distance += q[:, 2]  # bottom - top
    distance *= fy
    distance += top
    distance *= np.float32(1 / QUANTA)
    return distance.reshape(x.shape), offset


def _coverage(distance: np.ndarray, offset: np.ndarray, scale: np.ndarray,
              outline: np.ndarray) -> np.ndarray:
    """Ink coverage in [0, 1] from a distance field: inside ``distance < offset``, edges
    anti-aliased over one output pixel; outline-only where ``outline`` > 0. Works in place
    on ``distance``."""
    edge = distance
    edge -= offset
    outlined = np.flatnonzero(outline > 0)
    if len(outlined):
        o = outline[outlined, None, None]
        edge[outlined] = np.abs(edge[outlined] + o) - o
    edge *= scale.astype(np.float32)[:, None, None]
    np.subtract(0.5, edge, out=edge)
    return np.clip(edge, 0.0, 1.0, out=edge)


def layout_ink(layout: Layout, atlas: GlyphAtlas | None = None) -> np.ndarray:
    """Ink coverage (n, 32, 32) in [0, 1] of the digits of ``layout``, before colour, light
    and camera: what the bench measures digit heights and visible neighbours on."""
    atlas = glyph_atlas() if atlas is None else atlas
    ink = np.empty((len(layout.labels), IMAGE_SIZE, IMAGE_SIZE))
    for start in range(0, len(ink), SLICE):
        part = layout[start:start + SLICE]
        x, y, scale = _plate_coordinates(part)
        distance, offset = _lookup(atlas, part, x, y)
        ink[start:start + SLICE] = _coverage(distance, offset, scale, part.outline)
    return ink


@dataclass(frozen=True)
class ShadowDraw(PerImage):
    """Which crops (~12%: raised or 3-D numbers) have a drop shadow, and where it falls: the
    digits' own ink moved ``dx`` pixels to one side and ``dy`` down (one move per block)."""

    on: np.ndarray  # (n,) bool
    dx: np.ndarray  # (n,) int: the block's move, repeated per image
    dy: np.ndarray  # (n,) int


def _draw_shadow(rng: np.random.Generator, n: int) -> ShadowDraw:
    on = rng.random(n) < 0.12
    dx, dy = int(rng.integers(1, 3)) * (1 if rng.random() < 0.5 else -1), int(rng.integers(1, 3))
    return ShadowDraw(on, np.full(n, dx), np.full(n, dy))


def _drop_shadow(draw: ShadowDraw, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The crops of ``draw`` with a drop shadow, and its coverage there ((k, H, W))."""
    chosen = np.flatnonzero(draw.on)
    shadow = np.zeros((len(chosen), IMAGE_SIZE, IMAGE_SIZE), np.float32)
    if not len(chosen):
        return chosen, shadow
    dx, dy = int(draw.dx[0]), int(draw.dy[0])
    source = ink[chosen]
    if dx > 0:
        shadow[:, dy:, dx:] = source[:, :-dy, :-dx]
    else:
        shadow[:, dy:, :dx] = source[:, :-dy, -dx:]
    return chosen, shadow


@dataclass(frozen=True)
class CameraDraw(PerImage):
    """The camera's settings for each image (see :func:`_camera`); settings of effects an
    image does not have are placeholders."""

    sigma: np.ndarray  # (n,) float32: defocus (pixels)
    moving: np.ndarray  # (n,) bool: motion blur
    length: np.ndarray  # (n,) its length (pixels)
    horizontal: np.ndarray  # (n,) bool: ... along the rows
    factor: np.ndarray  # (n,) the low-resolution detour's shrink factor
    detour: np.ndarray  # (n,) bool: the digit's box was smaller than 32 pixels
    fringe: np.ndarray  # (n,) bool: lateral colour fringes
    fringe_shift: np.ndarray  # (n,) float32: the chroma's shift against the luma (pixels)
    noise: np.ndarray  # (n,) float32: sensor noise's standard deviation (grey levels)
    grain: np.ndarray  # (n, H * W) uint8: the noise, as indices into a normal quantile table
    quality: np.ndarray  # (n,) float32: JPEG quality


def _draw_camera(rng: np.random.Generator, n: int) -> CameraDraw:
    """Draw the camera settings of ``n`` images: mostly soft defocus (SVHN crops are never
    pin-sharp) with a tail of heavily blurred ones, motion on some, a low-resolution detour
    on many, colour fringes, noise on most, JPEG on every one."""
    sigma = np.exp(rng.normal(np.log(0.6), 0.35, n))
    hard = rng.random(n) < 0.1
    sigma = np.where(hard, rng.uniform(1.3, 2.2, n), sigma).astype(np.float32)
    moving = rng.random(n) < 0.15
    length = rng.uniform(1.5, 4.0, n)
    horizontal = rng.random(n) < 0.75
    factor = np.round(rng.uniform(1.25, 3.0, n) * 4) / 4
    detour = rng.random(n) < 0.4
    fringe = rng.random(n) < 0.3
    shift = np.zeros(n, np.float32)
    if fringe.any():
        shift[fringe] = rng.normal(0.0, 0.3, int(fringe.sum())).astype(np.float32)
    noise = (rng.uniform(0.5, 4.0, n) * (rng.random(n) < 0.7)).astype(np.float32)
    grain = np.frombuffer(rng.bytes(n * IMAGE_SIZE * IMAGE_SIZE), np.uint8)
    quality = rng.uniform(40, 95, n).astype(np.float32)
    return CameraDraw(sigma, moving, length, horizontal, factor, detour, fringe, shift, noise,
                      grain.reshape(n, -1), quality)


def _camera(draw: CameraDraw, ycc: np.ndarray) -> np.ndarray:
    """Optics, resampling, noise and JPEG for (n, 3, H, W) images in YCbCr (0-255 luma,
    chroma centred on 0); returns RGB 0-255 as (n, H, W, 3), not yet clipped.

    Working in YCbCr lets every linear step fold into one matrix per image, axis and
    channel: defocus, motion and the low-resolution detour for all three channels; JPEG's
    chroma subsampling and a sub-pixel shift of the chroma (lateral colour fringes) on top
    for Cb and Cr. Noise goes into the luma only, and JPEG's quantisation too (its chroma
    quantisation at the gentle qualities used here moves a pixel by under a grey level on
    average: see :func:`.camera.jpeg`)."""
    n = len(ycc)
    rows = camera.gaussian_matrices(draw.sigma)
    columns = rows.copy()
    motion = np.flatnonzero(draw.moving)
    if len(motion):
        box = camera.box_matrices(draw.length[motion])
        along_x = draw.horizontal[motion]
        columns[motion[along_x]] = np.matmul(box[along_x], columns[motion[along_x]])
        rows[motion[~along_x]] = np.matmul(box[~along_x], rows[motion[~along_x]])
    # A low-resolution detour: the digit's box in the photo was smaller than 32 pixels.
    detour = np.flatnonzero(draw.detour)
    for factor in np.unique(draw.factor[detour]):
        chosen = detour[draw.factor[detour] == factor]
        matrix = camera.detour_matrix(float(factor))
        rows[chosen] = matrix @ rows[chosen]
        columns[chosen] = matrix @ columns[chosen]
    subsample = camera.chroma_subsampling_matrix()
    chroma_rows = (subsample @ rows)[:, None]  # the same for Cb and Cr
    chroma_columns = np.empty((n, 2, IMAGE_SIZE, IMAGE_SIZE), np.float32)
    chroma_columns[:, 0] = chroma_columns[:, 1] = subsample @ columns
    # Colour fringes (lateral chromatic aberration): the chroma shifted against the luma.
    fringe = np.flatnonzero(draw.fringe)
    if len(fringe):
        shift = draw.fringe_shift[fringe]
        for channel, sign in ((0, -1.0), (1, 1.0)):
            moved = camera.gaussian_matrices(np.full(len(fringe), 0.45, np.float32),
                                             sign * shift)
            chroma_columns[fringe, channel] = moved @ chroma_columns[fringe, channel]
    blurred = np.empty_like(ycc)
    blurred[:, 1:] = camera.apply_separable(ycc[:, 1:], chroma_rows, chroma_columns)
    luma = camera.apply_separable(ycc[:, 0], rows, columns)
    # Sensor noise in luminance on most images (normal deviates from a table of quantiles
    # indexed by random bytes: five times cheaper than standard_normal, no eye can tell).
    grain = np.take(_NORMAL_TABLE, draw.grain).reshape(n, IMAGE_SIZE, IMAGE_SIZE)
    grain *= draw.noise[:, None, None]
    luma += grain
    # JPEG last, as the photos were stored: every crop, at its own quality.
    blurred[:, 0] = camera.jpeg_luma(luma, draw.quality)
    return camera.from_ycbcr(blurred, channels_last=True)


def _normal_table() -> np.ndarray:
    from scipy.special import ndtri

    return ndtri((np.arange(256) + 0.5) / 256).astype(np.float32)


_NORMAL_TABLE = _normal_table()


@dataclass(frozen=True)
class _Block:
    """Every random choice of one block of images, drawn from its stream in one go, so that
    the pixels can then be painted a slice of images at a time (see :func:`_paint`)."""

    layout: Layout
    shadow: ShadowDraw
    palette: np.ndarray  # (n, 3, 3): plate, wall and paint colours in YCbCr (columns)
    texture: backgrounds.TextureDraw
    edges: backgrounds.EdgeDraw
    light: backgrounds.LightDraw
    camera: CameraDraw

    def __getitem__(self, rows: slice) -> _Block:
        return _Block(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


def _draw_block(rng: np.random.Generator, n: int, atlas: GlyphAtlas,
                shares: np.ndarray | None = None) -> _Block:
    """Draw every random choice of ``n`` images from one random stream, in a fixed order."""
    layout = draw_layout(rng, n, atlas, shares)
    shadow = _draw_shadow(rng, n)
    colours = draw_colours(rng, n)
    texture = backgrounds.draw_texture(rng, n)
    edges = backgrounds.draw_edges(rng, n, GLYPH_HEIGHT / 2)
    light = backgrounds.draw_light(rng, n)
    palette = np.stack([colours.plate, colours.wall, colours.ink], axis=2)  # (n, RGB, layer)
    return _Block(layout, shadow, camera.to_ycbcr_matrix() @ palette, texture, edges, light,
                  _draw_camera(rng, n))


def _paint(block: _Block, atlas: GlyphAtlas, out: np.ndarray) -> None:
    """Paint the images of ``block`` into ``out`` (n, H, W, 3) uint8.

    Compositing is linear in three colours per image (plate, wall, digit paint), so it is
    done on single-channel weight maps, one per colour (texture, light, edges, frame,
    shadow and ink folded in), and the image is one small matrix product: colours (3 x 3,
    already converted to YCbCr) times weights. That is a third of the work of compositing
    three channels layer by layer.
    """
    size = IMAGE_SIZE
    n = len(out)
    layout = block.layout
    x, y, scale = _plate_coordinates(layout)
    distance, offset = _lookup(atlas, layout, x, y)
    ink = _coverage(distance, offset, scale, layout.outline)
    shadow_index, shadow = _drop_shadow(block.shadow, ink)
    texture = backgrounds.plate_texture(block.texture, x, y)
    edged, beyond, framed, frame = backgrounds.plate_edges(block.edges, y)
    light = backgrounds.light(block.light)

    # Layers, back to front: textured plate, wall beyond its edge, a frame line in the
    # digit's paint, a drop shadow, the digit; all under the light.
    lit = light * np.float32(255)
    keep = lit * (1.0 - ink)  # what shows of everything behind the digit
    # A drop shadow darkens the plate a little below and beside the digit.
    keep[shadow_index] *= 1.0 - 0.45 * shadow * (1.0 - ink[shadow_index])
    weights = np.empty((n, 3, size, size), np.float32)  # plate, wall, paint
    weights[:, 2] = lit * ink
    framing = keep[framed] * (0.8 * frame)
    weights[framed, 2] += framing
    keep[framed] -= framing
    weights[:, 1] = 0.0
    walls = keep[edged] * beyond
    weights[edged, 1] = walls
    keep[edged] -= walls
    weights[:, 0] = keep * texture
    ycc = np.matmul(block.palette, weights.reshape(n, 3, -1))
    image = _camera(block.camera, ycc.reshape(n, 3, size, size))
    image += 0.5
    np.clip(image, 0, 255, out=image)
    out[...] = image


def _render_block(rng: np.random.Generator, n: int, atlas: GlyphAtlas,
                  shares: np.ndarray | None, out: np.ndarray) -> np.ndarray:
    """Draw a block of ``n`` images from one random stream and paint the first ``len(out)``
    of them into ``out``, a slice of :data:`SLICE` images at a time (each image is the same
    however the block is sliced, and however much of it is painted); returns the block's
    labels."""
    block = _draw_block(rng, n, atlas, shares)
    for start in range(0, len(out), SLICE):
        stop = min(start + SLICE, len(out))
        _paint(block[start:stop], atlas, out[start:stop])
    return block.layout.labels


def font_shares(fonts: Sequence[str] | None, atlas: GlyphAtlas | None = None) -> np.ndarray:
    """How often each font of the atlas is drawn when only ``fonts`` (names as in
    ``glyph_atlas().font_names``) are allowed; all fonts at their usual shares for None."""
    atlas = glyph_atlas() if atlas is None else atlas
    if fonts is None:
        return atlas.shares
    unknown = sorted(set(fonts) - set(atlas.font_names))
    if unknown or not fonts:
        raise ValueError(f"unknown or no fonts {unknown}; choose from {atlas.font_names}")
    keep = np.array([name in fonts for name in atlas.font_names])
    shares = np.where(keep, atlas.shares, 0.0)
    return shares / shares.sum()


def _keep_freed_memory() -> None:
    """Let the painting reuse its freed temporaries instead of faulting in fresh pages.

    glibc's malloc hands blocks above a threshold (128 kB at first) to the system when they
    are freed, and gets fresh zeroed pages the next time: a page fault per 4 kB. A slice's
    temporaries are 0.5-4 MB, so a process that had not yet freed a block that large spent
    as much CPU time in the kernel as in the renderer (560,000 page faults for 20,000
    images). Freeing one block of 24 MB raises the threshold, and with it the size of free
    memory malloc keeps, to 24 MB and 48 MB (mallopt(3), "dynamic mmap threshold"); after
    that, the temporaries are reused. The block is never touched, so it costs two system
    calls; other allocators ignore it. Thresholds only ever rise, once per process."""
    np.empty(24 << 20, np.uint8)


def make_house_numbers(n: int, seed: int = 0, workers: int | None = None, *,
                       fonts: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Render ``n`` labelled synthetic house-number digits.

    Returns ``(images, labels)``: images uint8 of shape (n, 32, 32, 3) (NHWC, like
    :func:`load_svhn`), labels int64 in 0..9 (the digit in the middle of the crop).
    The same ``(n, seed)`` gives the same images (bit for bit with the same NumPy and
    Pillow); images are drawn in blocks of 1024, each with its own random stream, so the
    first k images of a bigger set are the same as a set of k, and blocks can be drawn on
    several threads (``workers``, default: the CPU count, at most 4) in any order.
    ``fonts`` limits the digits to some of the atlas's fonts (benches hold fonts out to
    test how a classifier copes with faces it never saw).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    atlas = glyph_atlas()
    shares = font_shares(fonts, atlas)
    _ = atlas.quads  # built once here, not by every worker thread at the same time
    _keep_freed_memory()
    images = np.empty((n, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8)
    labels = np.empty(n, dtype=np.int64)

    def draw(block: int) -> None:
        start = block * CHUNK
        stop = min(start + CHUNK, n)
        # A short last block still draws its whole random stream (so that every image in it
        # does not depend on n), but paints only the images asked for.
        block_labels = _render_block(np.random.default_rng([seed, block]), CHUNK, atlas,
                                     shares, images[start:stop])
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


def draw_layouts(n: int, seed: int = 0, *, fonts: Sequence[str] | None = None) -> Layout:
    """The layouts of ``make_house_numbers(n, seed)``'s images (same random streams), for
    benches and tests that measure the geometry without rendering colour."""
    atlas = glyph_atlas()
    shares = font_shares(fonts, atlas)
    parts = []
    for block in range(-(-n // CHUNK)):
        layout = draw_layout(np.random.default_rng([seed, block]), CHUNK, atlas, shares)
        parts.append(layout)
    if not parts:
        return draw_layout(np.random.default_rng(seed), 0, atlas)
    fields = Layout.__dataclass_fields__
    return Layout(*(np.concatenate([getattr(p, f) for p in parts])[:n] for f in fields))
