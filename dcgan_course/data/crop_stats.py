"""Per-image statistics of house-number crops, and tests on their *distributions*.

Issue 17 compared ten dataset averages, and matching them hid what was wrong: a quarter of
the synthetic images were exactly grey while a fifth were vivid, which averages to SVHN's
mild tint. Issue 30 compares distributions instead: every statistic here is one number per
image, so a bench can report quantiles (p10/p50/p90), count the modes of the distribution,
and run a two-sample test against another set of crops. Definitions (uint8 RGB images,
shape (N, 32, 32, 3); grey = the mean of the three channels):

* **brightness** (0-1): mean grey value of the image;
* **contrast** (0-255): standard deviation of all values (pixels and channels) of the image
  (the "within-image std" of :mod:`.image_stats`, per image);
* **saturation** (0-1): mean HSV saturation ``(max - min) / max`` (0 where max is 0);
* **chroma** (0-255): mean absolute difference between a channel value and the pixel's grey
  (the "colour deviation" of :mod:`.image_stats`, per image);
* **sharpness** (0-255): mean absolute 4-neighbour Laplacian of the grey image over interior
  pixels (sharpness plus noise);
* **exactly grey**: R = G = B at every pixel.
"""

from __future__ import annotations

import numpy as np

MEASURES = ("brightness", "contrast", "saturation", "chroma", "sharpness")


def per_image(images: np.ndarray) -> dict[str, np.ndarray]:
    """Each statistic of :data:`MEASURES` per image (float64 arrays of length N), and
    ``"exactly grey"`` (bool)."""
    if images.ndim != 4 or images.shape[-1] != 3 or len(images) == 0:
        raise ValueError(f"expected a non-empty (N, H, W, 3) image array, got {images.shape}")
    x = images.astype(np.float32)
    grey = x.mean(axis=3)
    top, bottom = x.max(axis=3), x.min(axis=3)
    saturation = np.where(top > 0, (top - bottom) / np.maximum(top, 1e-6), 0.0)
    lap = (4 * grey[:, 1:-1, 1:-1] - grey[:, :-2, 1:-1] - grey[:, 2:, 1:-1]
           - grey[:, 1:-1, :-2] - grey[:, 1:-1, 2:])
    n = len(x)
    return {
        "brightness": grey.reshape(n, -1).mean(axis=1).astype(np.float64) / 255.0,
        "contrast": x.reshape(n, -1).std(axis=1).astype(np.float64),
        "saturation": saturation.reshape(n, -1).mean(axis=1).astype(np.float64),
        "chroma": np.abs(x - grey[..., None]).reshape(n, -1).mean(axis=1).astype(np.float64),
        "sharpness": np.abs(lap).reshape(n, -1).mean(axis=1).astype(np.float64),
        "exactly grey": (top == bottom).reshape(n, -1).all(axis=1),
    }


def quantiles(values: np.ndarray, q: tuple[float, ...] = (10, 50, 90)) -> tuple[float, ...]:
    """The ``q`` percentiles of ``values`` (p10, p50, p90 by default)."""
    return tuple(float(v) for v in np.percentile(values, q))


def mode_count(values: np.ndarray, floor: float = 0.05, grid: int = 512) -> int:
    """How many modes the distribution of ``values`` has: local maxima of a Gaussian kernel
    density estimate (Silverman's bandwidth) at least ``floor`` times the highest one, each
    separated from the next by a dip of at least 10% of the lower peak (so sampling ripples
    on a long tail do not count). One for a unimodal distribution such as SVHN's saturation;
    two for version 2's grey-plus-vivid mix."""
    values = np.asarray(values, np.float64)
    spread = min(values.std(), np.subtract(*np.percentile(values, [75, 25])) / 1.34)
    if not np.isfinite(spread) or spread <= 0:
        return 1
    bandwidth = 0.9 * spread * len(values) ** (-0.2)
    xs = np.linspace(values.min() - 3 * bandwidth, values.max() + 3 * bandwidth, grid)
    # A histogram on the grid smoothed by the kernel: the KDE at a fraction of the cost.
    counts, _ = np.histogram(values, bins=grid, range=(xs[0], xs[-1]))
    step = xs[1] - xs[0]
    offsets = np.arange(-int(4 * bandwidth / step) - 1, int(4 * bandwidth / step) + 2) * step
    kernel = np.exp(-0.5 * (offsets / bandwidth) ** 2)
    density = np.convolve(counts, kernel, mode="same")
    peaks = [i for i in range(1, grid - 1)
             if density[i] >= density[i - 1] and density[i] > density[i + 1]
             and density[i] >= floor * density.max()]
    kept = peaks[:1]
    for peak in peaks[1:]:
        dip = density[kept[-1]:peak + 1].min()
        if dip < 0.9 * min(density[kept[-1]], density[peak]):
            kept.append(peak)
        elif density[peak] > density[kept[-1]]:
            kept[-1] = peak
    return len(kept)


def digit_heights(ink: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Height of the ink (rows holding a pixel of coverage >= ``threshold``, first to last)
    as a share of the crop's height, per image of ``ink`` (n, H, W)."""
    rows = (ink >= threshold).any(axis=2)
    first = rows.argmax(axis=1)
    last = rows.shape[1] - 1 - rows[:, ::-1].argmax(axis=1)
    return np.where(rows.any(axis=1), (last - first + 1) / ink.shape[1], 0.0)
