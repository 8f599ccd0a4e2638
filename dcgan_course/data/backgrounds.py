"""Plates and walls behind the digits: texture, edges, frames, shadows and highlights.

Real house numbers sit on wood, brick, siding, stucco, glass and enamel, often on a plate
with an edge or a frame close above and below the digits (SVHN's crops are tight, so the
plate's border is in view), in light that falls unevenly: a shadow across the plate, a
reflection, a gradient. Version 2 drew flat gradients with fine grain; a classifier trained
on those has never seen structure behind a digit.

Each function here returns a per-pixel field for a batch. Patterns that belong to the plate
(wood grain, boards, bricks, the plate's edges) are functions of *plate coordinates* (the
same coordinates the digits are drawn in), so they share the digits' perspective and
rotation; light (shadows, highlights, gradients) and clutter are in screen coordinates.
Plate coordinates are in atlas pixels: a digit is 40 of them tall, centred on (0, 0).
"""

from __future__ import annotations

import functools

import numpy as np

SIZE = 32
TEXTURES = ("plain", "wood", "boards", "brick", "clutter", "stucco")
TEXTURE_ODDS = np.array([0.24, 0.15, 0.13, 0.1, 0.22, 0.16])


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


def value_noise(rng: np.random.Generator, n: int, cells: int) -> np.ndarray:
    """(n, SIZE, SIZE) smooth noise in [-1, 1]: random values on a coarse grid, bilinearly
    enlarged (one matrix product per axis)."""
    up = _upsample(cells)
    coarse = rng.random((n, cells, cells), dtype=np.float32) * 2 - 1
    return np.matmul(np.matmul(up, coarse), up.T)


def _hash(a: np.ndarray, b: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """A cheap per-cell pseudo-random value in [0, 1) from two integer-valued arrays."""
    value = np.sin(a * 12.9898 + b * 78.233 + seed) * 43758.5453
    return value - np.floor(value)


def plate_texture(rng: np.random.Generator, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(n, H, W) multiplicative brightness of the plate's material (1 = plain), drawn per
    image from :data:`TEXTURES`; ``x``, ``y`` are plate coordinates (n, H, W). Each
    pattern is computed only for the images that have it."""
    n = len(x)
    kind = rng.choice(len(TEXTURES), n, p=TEXTURE_ODDS)
    strength = rng.uniform(0.4, 1.0, n).astype(np.float32)
    seed = (rng.random(n, dtype=np.float32) * 100)
    period = rng.uniform(9.0, 26.0, n).astype(np.float32)
    warp = value_noise(rng, n, 4)  # smooth: wood's wavy grain, clutter
    fine = value_noise(rng, n, 12)  # fine: grain, stucco
    gain = np.ones_like(x)
    f32 = np.float32

    def part(index: int) -> tuple[np.ndarray, ...]:
        chosen = np.flatnonzero(kind == index)
        return (chosen, x[chosen], y[chosen], seed[chosen, None, None],
                period[chosen, None, None])

    chosen, _, py, s, p = part(1)  # wood: wavy grain across the plate
    gain[chosen] = (1.0 + 0.1 * np.sin(py * (10.7 / p) + 3.0 * warp[chosen] + s)
                    + 0.05 * fine[chosen])
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
    gain[chosen] = 1.0 + 0.22 * warp[chosen] + 0.1 * value_noise(rng, len(chosen), 7)
    chosen = np.flatnonzero(kind == 5)  # stucco, concrete: fine grain
    gain[chosen] = 1.0 + 0.09 * fine[chosen]
    return (1.0 + (gain - 1.0) * strength[:, None, None]).astype(np.float32)


def plate_edges(rng: np.random.Generator, x: np.ndarray, y: np.ndarray, half_height: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where the plate ends and where it has a frame: ``(edged, beyond, framed, frame)``,
    the indices of the images with an edge and the wall's coverage beyond it there
    ((k, H, W) in [0, 1]), and likewise for a frame line along the edge.

    Half the plates end a little above and below the digits (plate coordinates, so the edge
    shares the plate's tilt); some also end at a vertical line left or right (a door frame,
    the next plate, a pole), as in version 2.
    """
    n = len(x)
    rim = rng.random(n) < 0.5
    top = (half_height + rng.uniform(2.0, 16.0, n)).astype(np.float32)[:, None, None]
    bottom = (half_height + rng.uniform(2.0, 16.0, n)).astype(np.float32)[:, None, None]
    side = rng.random(n) < 0.18
    position = rng.uniform(9.0, 15.5, n).astype(np.float32)[:, None, None]
    sign = np.where(rng.random(n) < 0.5, -1.0, 1.0).astype(np.float32)[:, None, None]
    framed = np.flatnonzero((rng.random(n) < 0.45) & rim)
    width = rng.uniform(1.5, 4.0, n).astype(np.float32)[:, None, None]

    edged = np.flatnonzero(rim | side)
    py = y[edged]
    softness = np.float32(1 / 0.7)
    beyond = np.maximum((-py - top[edged]) * softness, (py - bottom[edged]) * softness) + 0.5
    beyond *= rim[edged, None, None]
    centres = np.arange(SIZE, dtype=np.float32) + 0.5 - SIZE / 2
    across = centres[None, None, :] * sign[edged] - position[edged] + 0.5
    beyond = np.maximum(beyond, np.where(side[edged, None, None], across, -1.0))
    np.clip(beyond, 0, 1, out=beyond)

    py = y[framed]
    w = width[framed]
    near_top = 1.0 - np.abs(-py - top[framed] + w / 2) / (w / 2 + 0.5)
    near_bottom = 1.0 - np.abs(py - bottom[framed] + w / 2) / (w / 2 + 0.5)
    frame = np.clip(np.maximum(near_top, near_bottom), 0, 1)
    return edged, beyond.astype(np.float32), framed, frame.astype(np.float32)


def light(rng: np.random.Generator, n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(n, H, W) multiplicative light: an overall exposure, a gradient, and on some images a
    soft shadow edge across the plate or a reflection; ``u`` (1, 1, W) and ``v`` (1, H, 1)
    are screen coordinates (pixels from the crop's centre)."""
    gradient = rng.uniform(-0.3, 0.3, (n, 2)).astype(np.float32) / (SIZE / 2)
    exposure = rng.uniform(0.82, 1.12, n).astype(np.float32)[:, None, None]
    gain = exposure * (1.0 + gradient[:, 0, None, None] * u + gradient[:, 1, None, None] * v)

    shaded = np.flatnonzero(rng.random(n) < 0.2)
    k = len(shaded)
    angle = rng.uniform(0, 2 * np.pi, k)
    normal_u = np.cos(angle).astype(np.float32)[:, None, None]
    normal_v = np.sin(angle).astype(np.float32)[:, None, None]
    offset = rng.uniform(-10, 10, k).astype(np.float32)[:, None, None]
    softness = rng.uniform(0.6, 4.0, k).astype(np.float32)[:, None, None]
    depth = rng.uniform(0.25, 0.6, k).astype(np.float32)[:, None, None]
    across = (u * normal_u + v * normal_v - offset) / softness
    gain[shaded] *= 1.0 - depth / (1.0 + np.exp(-across))

    shiny = np.flatnonzero(rng.random(n) < 0.1)
    k = len(shiny)
    centre = rng.uniform(-14, 14, (k, 2)).astype(np.float32)
    radius = rng.uniform(4, 12, k).astype(np.float32)[:, None, None]
    shine = rng.uniform(0.1, 0.35, k).astype(np.float32)[:, None, None]
    gain[shiny] += shine * np.exp(-((u - centre[:, 0, None, None]) ** 2
                                    + (v - centre[:, 1, None, None]) ** 2) / radius ** 2)
    return gain
