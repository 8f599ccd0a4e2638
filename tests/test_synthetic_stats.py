"""Synthetic house numbers against real SVHN's statistics (issue 17), and the measures."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course.data import make_house_numbers
from dcgan_course.data.image_stats import (
    SVHN_REFERENCE,
    image_statistics,
    ratios,
    rows_off,
)
from dcgan_course.data.synthetic import SYNTHETIC_VERSION, _colours, glyph_atlas


def test_every_row_within_15_percent_of_real_svhn():
    images, _ = make_house_numbers(2000, seed=123)
    stats = image_statistics(images)
    assert rows_off(stats) == [], {k: round(r, 2) for k, r in ratios(stats).items()}


def test_measures_on_known_images():
    grey = np.full((2, 8, 8, 3), 100, dtype=np.uint8)
    stats = image_statistics(grey)
    assert stats["HSV saturation"] == 0 and stats["colour deviation"] == 0
    assert stats["Laplacian energy"] == 0 and stats["within-image std"] == 0
    assert stats["mean R"] == pytest.approx(100 / 255, rel=1e-5)
    checker = np.indices((8, 8)).sum(axis=0) % 2 * 10  # 0/10 grey checkerboard
    stats = image_statistics(np.repeat(checker[None, ..., None], 3, axis=3).astype(np.uint8))
    assert stats["Laplacian energy"] == pytest.approx(40.0)  # |4 * 10| at every pixel
    assert stats["within-image std"] == pytest.approx(5.0)
    red = np.zeros((1, 4, 4, 3), dtype=np.uint8)
    red[..., 0] = 255
    stats = image_statistics(red)
    assert stats["HSV saturation"] == 1.0
    assert stats["colour deviation"] == pytest.approx(255 * 4 / 9)  # |255-85|, 85, 85
    assert set(stats) == set(SVHN_REFERENCE)
    with pytest.raises(ValueError, match="N, H, W, 3"):
        image_statistics(np.zeros((4, 32, 32), dtype=np.uint8))


def test_noise_is_in_luminance_not_colour_speckle():
    images, _ = make_house_numbers(500, seed=5)
    x = images.astype(np.float32)
    chroma = x - x.mean(axis=3, keepdims=True)
    # Pixel-to-pixel change of the chroma is far smaller than that of the grey image.
    grey_step = np.abs(np.diff(x.mean(axis=3), axis=2)).mean()
    chroma_step = np.abs(np.diff(chroma, axis=2)).mean()
    assert chroma_step < 0.3 * grey_step


def test_contrast_floor_and_both_polarities():
    bg, fg = _colours(np.random.default_rng(0), 20_000)
    difference = fg.mean(axis=1) - bg.mean(axis=1)
    assert np.abs(difference).min() > 0.06  # never an invisible digit (floor 0.1, clipped)
    assert (np.abs(difference) < 0.15).mean() > 0.1  # yet some faint ones, as in SVHN
    assert 0.3 < (difference > 0).mean() < 0.7  # light-on-dark and dark-on-light


def test_upright_house_number_faces_only():
    names = " ".join(glyph_atlas().font_names)
    assert "Italic" not in names and "Oblique" not in names
    assert SYNTHETIC_VERSION == 2
