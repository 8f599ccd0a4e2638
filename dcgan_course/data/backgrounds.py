"""Plates and walls behind the digits: texture, edges, frames, shadows and highlights.

Real house numbers sit on wood, brick, siding, stucco, glass and enamel, often on a plate
with an edge or a frame close above and below the digits (SVHN's crops are tight, so the
plate's border is in view), in light that falls unevenly: a shadow across the plate, a
reflection, a gradient. Version 2 drew flat gradients with fine grain; a classifier trained
on those has never seen structure behind a digit.

Each effect comes in two halves. ``draw_*`` makes the random choices for a whole batch at
once (one row per image, see :class:`PerImage`); the field function then computes a
per-pixel field from a draw, for as few or as many images as it is given. The renderer draws
a block's choices first and then paints it a slice of images at a time, so its arrays stay
within the CPU's cache; every image comes out the same however the block is sliced.

Patterns that belong to the plate (wood grain, boards, bricks, the plate's edges) are
functions of *plate coordinates* (the same coordinates the digits are drawn in), so they
share the digits' perspective and rotation; light (shadows, highlights, gradients) and
clutter are in screen coordinates. Plate coordinates are in atlas pixels: a digit is 40 of
them tall, centred on (0, 0).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

import numpy as np

SIZE = 32
TEXTURES = ("plain", "wood", "boards", "brick", "clutter", "stucco")
TEXTURE_ODDS = np.array([0.24, 0.15, 0.13, 0.1, 0.22, 0.16])
_CENTRES = np.arange(SIZE, dtype=np.float32) + 0.5 - SIZE / 2
U, V = _CENTRES[None, None, :], _CENTRES[None, :, None]  # screen coordinates of the pixels


class PerImage:
    """A frozen dataclass of arrays with one row per image: ``draw[a:b]`` is the same draw
    for images a..b-1 (values for images without an effect are placeholders)."""

    def __getitem__(self, rows: slice):  # noqa: ANN204 (the dataclass's own type)
        return type(self)(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


def spread(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Values drawn for the images ``index`` of a batch of ``n``, as one row per image
    (zeros elsewhere)."""
    full = np.zeros((n, *values.shape[1:]), values.dtype)
    full[index] = values
    return full


@functools.lru_cache(maxsize=4)
def _upsample(cells: int) -> np.ndarray:
    """(SIZE, cells) bilinear interpolation from a coarse grid of ``cells`` to SIZE."""
    positions = np.linspace(0, cells - 1, SIZE)
    low = np.minimum(np.floor(positions).astype(int), cells - 2)
    t = positions - low
    matrix = np.zeros((SIZE, cells), np.float32)
    matrix[np.arange(SIZE), low] = 1 - t
    matrix[np.arange(SIZE), low + 1] = t
    return matrix


def coarse_noise(rng: np.random.Generator, n: int, cells: int) -> np.ndarray:
    """(n, cells, cells) random values in [-1, 1): the coarse grid of :func:`smooth`."""
    return rng.random((n, cells, cells), dtype=np.float32) * 2 - 1


def smooth(coarse: np.ndarray) -> np.ndarray:
    """(n, SIZE, SIZE) smooth noise: a coarse grid of random values bilinearly enlarged (one
    matrix product per axis)."""
    up = _upsample(coarse.shape[-1])
    return np.matmul(np.matmul(up, coarse), up.T)


def _hash(a: np.ndarray, b: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """A cheap per-cell pseudo-random value in [0, 1) from two integer-valued arrays."""
    value = np.sin(a * 12.9898 + b * 78.233 + seed) * 43758.5453
    return value - np.floor(value)


@dataclass(frozen=True)
class TextureDraw(PerImage):
    """Each plate's material (an index into :data:`TEXTURES`) and its pattern's settings."""

    kind: np.ndarray  # (n,) int
    strength: np.ndarray  # (n,) float32: 0 = plain, 1 = the full pattern
    seed: np.ndarray  # (n,) float32: the pattern's phase
    period: np.ndarray  # (n,) float32: grain, board and brick size (plate pixels)
    warp: np.ndarray  # (n, 4, 4) coarse noise: wood's wavy grain, clutter
    fine: np.ndarray  # (n, 12, 12) coarse noise: grain, stucco
    clutter: np.ndarray  # (n, 7, 7) coarse noise of clutter's blotches (clutter plates only)


def draw_texture(rng: np.random.Generator, n: int) -> TextureDraw:
    """Draw the plate material of ``n`` images (see :func:`plate_texture`)."""
    kind = rng.choice(len(TEXTURES), n, p=TEXTURE_ODDS)
    strength = rng.uniform(0.4, 1.0, n).astype(np.float32)
    seed = (rng.random(n, dtype=np.float32) * 100)
    period = rng.uniform(9.0, 26.0, n).astype(np.float32)
    warp = coarse_noise(rng, n, 4)
    fine = coarse_noise(rng, n, 12)
    cluttered = np.flatnonzero(kind == 4)
    clutter = spread(n, cluttered, coarse_noise(rng, len(cluttered), 7))
    return TextureDraw(kind, strength, seed, period, warp, fine, clutter)


def plate_texture(draw: TextureDraw, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n, H, W) multiplicative brightness of the plate's material (1 = plain); ``x``, ``y``
    are plate coordinates (n, H, W). Each pattern is computed only for the images that have
    it."""
    kind = draw.kind
    gain = np.ones_like(x)
    f32 = np.float32

    def part(index: int) -> tuple[np.ndarray, ...]:
        chosen = np.flatnonzero(kind == index)
        return (chosen, x[chosen], y[chosen], draw.seed[chosen, None, None],
                draw.period[chosen, None, None])

    chosen, _, py, s, p = part(1)  # wood: wavy grain across the plate
    gain[chosen] = (1.0 + 0.1 * np.sin(py * (10.7 / p) + 3.0 * smooth(draw.warp[chosen]) + s)
                    + 0.05 * smooth(draw.fine[chosen]))
    chosen, _, py, s, p = part(2)  # boards (siding): shaded boards with dark gaps
    phase = (py + s) / p
    frac = phase - np.floor(phase)
    gain[chosen] = 1.0 - 0.12 * frac - f32(0.35) * (frac > 0.9)
    chosen, px, py, s, p = part(3)  # brick: staggered rows, light mortar, uneven bricks
    course = (py + s) / (p * 0.55)
    row = np.floor(course)
    along = (px + (row % 2) * p * 0.6 + s) / (p * 1.2)
    column = np.floor(along)
    mortar = ((course - row) > 0.86) | ((along - column) > 0.92)
    gain[chosen] = np.where(mortar, f32(1.25), 0.88 + 0.24 * _hash(row, column, s))
    chosen = np.flatnonzero(kind == 4)  # clutter: blotches, leaves, dirt
    gain[chosen] = (1.0 + 0.22 * smooth(draw.warp[chosen])
                    + 0.1 * smooth(draw.clutter[chosen]))
    chosen = np.flatnonzero(kind == 5)  # stucco, concrete: fine grain
    gain[chosen] = 1.0 + 0.09 * smooth(draw.fine[chosen])
    return (1.0 + (gain - 1.0) * draw.strength[:, None, None]).astype(np.float32)


@dataclass(frozen=True)
class EdgeDraw(PerImage):
    """Where each plate ends (above and below the digits, or at a vertical line) and
    whether it has a frame along its edge."""

    rim: np.ndarray  # (n,) bool: the plate ends above and below
    top: np.ndarray  # (n,) float32: plate rows from the centre to the upper edge
    bottom: np.ndarray  # (n,) float32: ... to the lower edge
    side: np.ndarray  # (n,) bool: it also ends at a vertical line
    position: np.ndarray  # (n,) float32: screen pixels from the centre to that line
    sign: np.ndarray  # (n,) float32: -1 left, +1 right
    framed: np.ndarray  # (n,) bool: a frame line along the upper and lower edges
    width: np.ndarray  # (n,) float32: the frame's width (plate pixels)


def draw_edges(rng: np.random.Generator, n: int, half_height: float) -> EdgeDraw:
    """Draw the plate edges and frames of ``n`` images (see :func:`plate_edges`);
    ``half_height`` is half a digit's height in plate coordinates."""
    rim = rng.random(n) < 0.5
    top = (half_height + rng.uniform(2.0, 16.0, n)).astype(np.float32)
    bottom = (half_height + rng.uniform(2.0, 16.0, n)).astype(np.float32)
    side = rng.random(n) < 0.18
    position = rng.uniform(9.0, 15.5, n).astype(np.float32)
    sign = np.where(rng.random(n) < 0.5, -1.0, 1.0).astype(np.float32)
    framed = (rng.random(n) < 0.45) & rim
    width = rng.uniform(1.5, 4.0, n).astype(np.float32)
    return EdgeDraw(rim, top, bottom, side, position, sign, framed, width)


def plate_edges(draw: EdgeDraw, y: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where the plate ends and where it has a frame: ``(edged, beyond, framed, frame)``,
    the indices of the images with an edge and the wall's coverage beyond it there
    ((k, H, W) in [0, 1]), and likewise for a frame line along the edge; ``y`` holds the
    plate's row coordinates (n, H, W).

    Half the plates end a little above and below the digits (plate coordinates, so the edge
    shares the plate's tilt); some also end at a vertical line left or right (a door frame,
    the next plate, a pole), as in version 2.
    """
    c = lambda a: a[:, None, None]  # noqa: E731
    edged = np.flatnonzero(draw.rim | draw.side)
    py = y[edged]
    softness = np.float32(1 / 0.7)
    beyond = np.maximum((-py - c(draw.top[edged])) * softness,
                        (py - c(draw.bottom[edged])) * softness) + 0.5
    beyond *= c(draw.rim[edged])
    across = U * c(draw.sign[edged]) - c(draw.position[edged]) + 0.5
    beyond = np.maximum(beyond, np.where(c(draw.side[edged]), across, -1.0))
    np.clip(beyond, 0, 1, out=beyond)

    framed = np.flatnonzero(draw.framed)
    py = y[framed]
    w = c(draw.width[framed])
    near_top = 1.0 - np.abs(-py - c(draw.top[framed]) + w / 2) / (w / 2 + 0.5)
    near_bottom = 1.0 - np.abs(py - c(draw.bottom[framed]) + w / 2) / (w / 2 + 0.5)
    frame = np.clip(np.maximum(near_top, near_bottom), 0, 1)
    return edged, beyond.astype(np.float32), framed, frame.astype(np.float32)


@dataclass(frozen=True)
class LightDraw(PerImage):
    """Each image's light: exposure and gradient, and on some a shadow edge or a
    reflection (their settings are zeros on the other images)."""

    gradient: np.ndarray  # (n, 2) float32: brightness change per pixel across and down
    exposure: np.ndarray  # (n,) float32
    shaded: np.ndarray  # (n,) bool: a soft shadow edge across the plate
    normal: np.ndarray  # (n, 2) float32: the shadow edge's normal (screen u, v)
    offset: np.ndarray  # (n,) float32: its distance from the centre (pixels)
    softness: np.ndarray  # (n,) float32: its width (pixels)
    depth: np.ndarray  # (n,) float32: how much light the shadow takes
    shiny: np.ndarray  # (n,) bool: a reflection
    centre: np.ndarray  # (n, 2) float32: its centre (pixels from the crop's centre)
    radius: np.ndarray  # (n,) float32
    shine: np.ndarray  # (n,) float32: its brightness


def draw_light(rng: np.random.Generator, n: int) -> LightDraw:
    """Draw the light of ``n`` images (see :func:`light`)."""
    f32 = np.float32
    gradient = rng.uniform(-0.3, 0.3, (n, 2)).astype(f32) / (SIZE / 2)
    exposure = rng.uniform(0.82, 1.12, n).astype(f32)

    shaded = np.flatnonzero(rng.random(n) < 0.2)
    k = len(shaded)
    angle = rng.uniform(0, 2 * np.pi, k)
    normal = np.stack([np.cos(angle).astype(f32), np.sin(angle).astype(f32)], axis=1)
    offset = rng.uniform(-10, 10, k).astype(f32)
    softness = rng.uniform(0.6, 4.0, k).astype(f32)
    depth = rng.uniform(0.25, 0.6, k).astype(f32)

    shiny = np.flatnonzero(rng.random(n) < 0.1)
    k = len(shiny)
    centre = rng.uniform(-14, 14, (k, 2)).astype(f32)
    radius = rng.uniform(4, 12, k).astype(f32)
    shine = rng.uniform(0.1, 0.35, k).astype(f32)
    on = lambda index: np.isin(np.arange(n), index)  # noqa: E731
    return LightDraw(gradient, exposure, on(shaded), spread(n, shaded, normal),
                     spread(n, shaded, offset), spread(n, shaded, softness),
                     spread(n, shaded, depth), on(shiny), spread(n, shiny, centre),
                     spread(n, shiny, radius), spread(n, shiny, shine))


def light(draw: LightDraw) -> np.ndarray:
    """(n, H, W) multiplicative light: an overall exposure, a gradient, and on some images a
    soft shadow edge across the plate or a reflection, in screen coordinates."""
    c = lambda a: a[:, None, None]  # noqa: E731
    gain = c(draw.exposure) * (1.0 + c(draw.gradient[:, 0]) * U + c(draw.gradient[:, 1]) * V)

    shaded = np.flatnonzero(draw.shaded)
    normal = draw.normal[shaded]
    across = ((U * c(normal[:, 0]) + V * c(normal[:, 1]) - c(draw.offset[shaded]))
              / c(draw.softness[shaded]))
    gain[shaded] *= 1.0 - c(draw.depth[shaded]) / (1.0 + np.exp(-across))

    shiny = np.flatnonzero(draw.shiny)
    centre = draw.centre[shiny]
    gain[shiny] += c(draw.shine[shiny]) * np.exp(-((U - c(centre[:, 0])) ** 2
                                                   + (V - c(centre[:, 1])) ** 2)
                                                 / c(draw.radius[shiny]) ** 2)
    return gain
