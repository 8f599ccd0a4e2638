"""Data for the course: real SVHN, a synthetic stand-in, and the tf.data pipeline.

Lessons call :func:`load_digits` with ``source="synthetic"`` (works offline, the default)
or ``source="svhn"`` (downloads the real set once); both return the same layout, uint8
images (N, 32, 32, 3) and int64 labels 0..9. :func:`make_dataset` turns the images into
float32 batches in [-1, 1] for training. :func:`prepare_svhn` is lesson 06's download cell:
it fetches SVHN (progress bar, MD5, one retry) or says in a banner that the lesson trains on
the synthetic digits instead.
"""

from __future__ import annotations

import numpy as np

from dcgan_course.data.grid import as_uint8, plot_digit_grid, plot_synthetic_vs_real
from dcgan_course.data.pipeline import make_dataset, to_unit_range
from dcgan_course.data.svhn import (
    CACHE_ENV,
    SVHN_FILES,
    SVHNUnavailable,
    load_svhn,
    prepare_svhn,
    resolve_cache_dir,
    svhn_available,
)
from dcgan_course.data.synthetic import make_house_numbers

SOURCES = ("synthetic", "svhn")
# Different seeds per split so that the synthetic "test" images are not the "train" ones.
_SPLIT_SEED_OFFSET = {"train": 0, "test": 1_000_003, "extra": 2_000_003}


def load_digits(source: str = "synthetic", split: str = "train", n: int | None = None,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """House-number digits from either source, in one layout: the lessons' data switch.

    ``source="synthetic"`` renders them (offline, deterministic for ``seed``);
    ``source="svhn"`` loads the real SVHN split (downloaded once). ``n`` limits the count
    (for SVHN: a random subset drawn with ``seed``); ``None`` means the size of the SVHN
    split. Returns uint8 images (n, 32, 32, 3) and int64 labels 0..9.
    """
    if split not in SVHN_FILES:
        raise ValueError(f"split must be one of {sorted(SVHN_FILES)}, got {split!r}")
    if n is not None and n < 0:
        raise ValueError(f"n must be >= 0 or None, got {n}")
    if source == "synthetic":
        count = SVHN_FILES[split].count if n is None else n
        return make_house_numbers(count, seed=seed + _SPLIT_SEED_OFFSET[split])
    if source == "svhn":
        images, labels = load_svhn(split)
        if n is None or n >= len(images):
            return images, labels
        pick = np.sort(np.random.default_rng(seed).choice(len(images), n, replace=False))
        return images[pick], labels[pick]
    raise ValueError(f"source must be one of {SOURCES}, got {source!r}")


__all__ = [
    "CACHE_ENV",
    "SOURCES",
    "SVHNUnavailable",
    "SVHN_FILES",
    "as_uint8",
    "load_digits",
    "load_svhn",
    "make_dataset",
    "make_house_numbers",
    "plot_digit_grid",
    "plot_synthetic_vs_real",
    "prepare_svhn",
    "resolve_cache_dir",
    "svhn_available",
    "to_unit_range",
]
