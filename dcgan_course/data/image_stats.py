"""Image statistics that say whether synthetic house numbers look like SVHN crops.

Issue 17 compares the synthetic digits with real SVHN on six rows; this module computes
them, so the match is checked by a command (``bench/synthetic_stats.py``) and a test, not
by eye alone. Definitions (all on uint8 RGB images, shape (N, 32, 32, 3)):

* **channel mean / channel std** (0-1): mean and standard deviation of each channel over
  all pixels of all images (the dataset-level numbers SVHN's papers publish);
* **within-image std** (0-255): standard deviation of all values (pixels and channels) of
  one image, averaged over images: the digit/plate contrast (this definition reproduces
  the issue's "synthetic today" column: 44.0 against its 43.3; the grey image's std gives
  37.6);
* **saturation**: HSV saturation ``(max - min) / max`` per pixel (0 where max is 0), mean;
* **colour deviation** (0-255): mean absolute difference between a channel value and the
  pixel's grey: how colourful, including per-pixel colour speckle;
* **Laplacian energy** (0-255): mean absolute value of the 4-neighbour Laplacian
  ``4 g[y, x] - g[y-1, x] - g[y+1, x] - g[y, x-1] - g[y, x+1]`` of the grey image ``g``,
  over interior pixels: sharpness plus noise.
"""

from __future__ import annotations

import numpy as np

# The real column of issue 17: SVHN crops, mean over images (an external measurement).
SVHN_REFERENCE: dict[str, float] = {
    "mean R": 0.46, "mean G": 0.47, "mean B": 0.49,
    "std R": 0.19, "std G": 0.19, "std B": 0.20,
    "within-image std": 28.6,
    "HSV saturation": 0.17,
    "colour deviation": 7.4,
    "Laplacian energy": 9.7,
}
TOLERANCE = 0.15  # every row within 15% of the reference (the bar)


def image_statistics(images: np.ndarray) -> dict[str, float]:
    """The issue's rows for ``images`` (uint8, (N, H, W, 3)), keyed as SVHN_REFERENCE."""
    if images.ndim != 4 or images.shape[-1] != 3 or len(images) == 0:
        raise ValueError(f"expected a non-empty (N, H, W, 3) image array, got {images.shape}")
    x = images.astype(np.float32)
    unit = x.reshape(-1, 3) / 255.0
    mean, std = unit.mean(axis=0), unit.std(axis=0)
    grey = x.mean(axis=3)
    top, bottom = x.max(axis=3), x.min(axis=3)
    saturation = np.where(top > 0, (top - bottom) / np.maximum(top, 1e-6), 0.0)
    lap = (4 * grey[:, 1:-1, 1:-1] - grey[:, :-2, 1:-1] - grey[:, 2:, 1:-1]
           - grey[:, 1:-1, :-2] - grey[:, 1:-1, 2:])
    stats = {f"mean {c}": float(m) for c, m in zip("RGB", mean, strict=True)}
    stats.update({f"std {c}": float(s) for c, s in zip("RGB", std, strict=True)})
    stats["within-image std"] = float(x.reshape(len(x), -1).std(axis=1).mean())
    stats["HSV saturation"] = float(saturation.mean())
    stats["colour deviation"] = float(np.abs(x - grey[..., None]).mean())
    stats["Laplacian energy"] = float(np.abs(lap).mean())
    return stats


def ratios(stats: dict[str, float]) -> dict[str, float]:
    """Each row of ``stats`` divided by the SVHN reference."""
    return {key: stats[key] / ref for key, ref in SVHN_REFERENCE.items()}


def rows_off(stats: dict[str, float], tolerance: float = TOLERANCE) -> list[str]:
    """Names of the rows more than ``tolerance`` (relative) away from the reference."""
    return [key for key, r in ratios(stats).items() if abs(r - 1.0) > tolerance]
