"""Colours of house-number plates and their digits: one joint model, mildly tinted.

Measured on real SVHN crops (issue 30), colour is *unimodal*: almost every crop is mildly
tinted (daylight, paint, wood, brick, enamel, a camera's white balance), none is exactly
grey, and a thin tail is clearly coloured (green and blue street signs, red brick). Version 2
drew a grey mode (a quarter of its images had R = G = B) beside a vivid one, which matched
SVHN's *mean* saturation and nothing else. Here every image draws from one model:

* a **plate** colour: luminance from a broad unimodal distribution; chroma in an opponent
  plane (warm-cool, the axis of wood, brick, brass and blue enamel; green-magenta, weaker),
  its hue drawn around warm and cool directions with a continuous spread, its strength
  log-normal (never zero, seldom vivid), and less of it near black and white;
* a **digit** colour: darker or lighter than the plate by a contrast drawn around SVHN's
  (one unimodal distribution, a floor so no digit is invisible), its chroma either the
  plate's own hue (engraved, same material), a near-neutral paint, or a coloured paint
  (blue, violet, red-brown, gold, green), as painted house numbers are;
* a **cast** shared by the whole image: the light and the camera's white balance tint
  plate and digit alike, which is why real crops are never exactly grey.

All values are linear 0-1 RGB; the renderer adds texture and light on top.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Opponent directions (zero-sum, unit length): warm (+) to cool (-), and green (+) to magenta.
WARM = np.array([0.62, 0.15, -0.77], dtype=np.float32)
GREEN = np.array([-0.45, 0.81, -0.36], dtype=np.float32)
WARM /= np.linalg.norm(WARM)
GREEN /= np.linalg.norm(GREEN)

# Hue angles in the (WARM, GREEN) plane of coloured paints on house numbers.
_PAINT_HUES = np.deg2rad(np.array([180.0, 215.0, 20.0, 50.0, 110.0, 150.0]))  # blue, violet,
# red-brown, gold, green, teal
_PAINT_ODDS = np.array([0.32, 0.14, 0.2, 0.12, 0.14, 0.08])
_SIGN_HUES = np.deg2rad(np.array([100.0, 185.0, -35.0, 25.0]))  # green, blue, red, brown
SIGN_SHARE = 0.08
CHROMA_FLOOR = 0.03  # least plate tint (length of the RGB deviation from grey, 0-1 scale)


@dataclass(frozen=True)
class Colours:
    """Per image (n rows): plate, digit and wall RGB (the cast already applied), the cast
    gain itself, and the digit/plate luminance contrast."""

    plate: np.ndarray  # (n, 3)
    ink: np.ndarray  # (n, 3)
    wall: np.ndarray  # (n, 3): what lies beyond the plate's edge
    cast: np.ndarray  # (n, 3): multiplicative white-balance gain
    contrast: np.ndarray  # (n,): |digit - plate| luminance


def _chroma(rng: np.random.Generator, n: int, angle: np.ndarray,
            median: float | np.ndarray, spread: float, cap: float) -> np.ndarray:
    """(n, 3) chroma vectors: direction ``angle`` in the opponent plane, log-normal size."""
    size = np.minimum(median * np.exp(spread * rng.standard_normal(n)), cap)
    return (size * np.cos(angle))[:, None] * WARM + (size * np.sin(angle))[:, None] * GREEN


def _plate_hue(rng: np.random.Generator, n: int) -> np.ndarray:
    """Plate hue angles: around warm (wood, brick, brass, beige) and cool (grey-blue, enamel),
    with a continuous spread and a share anywhere (green signs, red doors)."""
    family = rng.random(n)
    warm = rng.normal(0.0, 0.55, n)
    cool = rng.normal(np.pi - 0.15, 0.45, n)  # steel and slate blue
    anywhere = rng.uniform(-np.pi, np.pi, n)
    return np.where(family < 0.4, warm, np.where(family < 0.82, cool, anywhere))


def _shade(luminance: np.ndarray) -> np.ndarray:
    """How much chroma a colour of this luminance can carry (less near black and white)."""
    return np.clip(0.25 + 3.0 * luminance * (1.0 - luminance), 0.0, 1.0)


def draw_colours(rng: np.random.Generator, n: int) -> Colours:
    """Plate, digit and wall colours and a cast for ``n`` images, from one joint model."""
    plate_lum = np.clip(rng.normal(0.5, 0.2, n), 0.06, 0.94)
    # Contrast: unimodal around SVHN's (a gamma distribution), a floor so no digit vanishes.
    contrast = 0.09 + rng.gamma(3.0, 0.058, n)
    direction = np.where(plate_lum > 0.5, -1.0, 1.0)  # dark digits on light plates, mostly
    direction = np.where(rng.random(n) < 0.22, -direction, direction)
    ink_lum = plate_lum + direction * contrast
    flipped = (ink_lum < 0.02) | (ink_lum > 0.98)
    ink_lum = np.where(flipped, plate_lum - direction * contrast, ink_lum)
    ink_lum = np.clip(ink_lum, 0.02, 0.98)

    hue = _plate_hue(rng, n)
    # A few plates are enamel street signs or painted boards: clearly coloured (SVHN has
    # green, blue and red ones), the thin vivid tail of one unimodal chroma distribution.
    sign = rng.random(n) < SIGN_SHARE
    hue = np.where(sign, _SIGN_HUES[rng.choice(len(_SIGN_HUES), n)] + rng.normal(0, 0.25, n),
                   hue)
    plate_chroma = _chroma(rng, n, hue, np.where(sign, 0.25, 0.038), 0.6, 0.45)
    plate = plate_lum[:, None] + plate_chroma * _shade(plate_lum)[:, None]

    kind = rng.random(n)
    same = kind < 0.4  # the plate's own material, darker or lighter (engraved, cast metal)
    coloured = kind > 0.7  # a coloured paint
    paint_hue = _PAINT_HUES[rng.choice(len(_PAINT_HUES), n, p=_PAINT_ODDS)]
    paint_hue = paint_hue + rng.normal(0.0, 0.2, n)
    ink_hue = np.where(same, hue, np.where(coloured, paint_hue, rng.uniform(-np.pi, np.pi, n)))
    ink_median = np.where(same, 0.045, np.where(coloured, 0.12, 0.015))
    ink_chroma = _chroma(rng, n, ink_hue, ink_median, 0.5, 0.35)
    ink = ink_lum[:, None] + ink_chroma * _shade(ink_lum)[:, None]

    # A wall beyond the plate's edge: its own luminance, a hue near the plate's.
    wall_lum = np.clip(plate_lum + rng.normal(0.0, 0.25, n), 0.04, 0.96)
    wall = wall_lum[:, None] + _chroma(rng, n, hue + rng.normal(0, 0.8, n), 0.05, 0.6,
                                       0.25) * _shade(wall_lum)[:, None]

    # White balance and light: one mild gain per channel along warm-cool, plus a little green,
    # shared by plate, digit and wall.
    # Slightly cool on average: SVHN's blue channel is its brightest (0.473 against 0.438 red).
    cast_strength = rng.normal(-0.025, 0.05, n)
    cast = np.exp(cast_strength[:, None] * WARM * 1.5
                  + rng.normal(0.0, 0.015, n)[:, None] * GREEN * 1.5)
    plate, ink, wall = plate * cast, ink * cast, wall * cast
    # No plate is neutral: where plate tint and cast nearly cancel, the tint is topped up to
    # a floor (about 5 grey levels of chroma), enough to survive JPEG's chroma quantisation.
    tint = plate - plate.mean(axis=1, keepdims=True)
    size = np.linalg.norm(tint, axis=1, keepdims=True)
    direction = np.where(size > 1e-6, tint / np.maximum(size, 1e-6),
                         (np.cos(hue)[:, None] * WARM + np.sin(hue)[:, None] * GREEN))
    plate = plate + direction * np.maximum(CHROMA_FLOOR - size, 0.0)
    f32 = np.float32
    return Colours(np.clip(plate, 0, 1).astype(f32), np.clip(ink, 0, 1).astype(f32),
                   np.clip(wall, 0, 1).astype(f32), cast.astype(f32), contrast.astype(f32))
