"""Synthetic house numbers against SVHN's statistics (issues 17 and 30), and the measures."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course.data import make_house_numbers
from dcgan_course.data.crop_stats import MEASURES, digit_heights, mode_count, per_image
from dcgan_course.data.image_stats import (
    SVHN_REFERENCE,
    image_statistics,
    ratios,
    rows_off,
)
from dcgan_course.data.plate_colours import CHROMA_FLOOR, draw_colours
from dcgan_course.data.synthetic import SYNTHETIC_VERSION


@pytest.fixture(scope="module")
def images():
    return make_house_numbers(3000, seed=123)[0]


@pytest.fixture(scope="module")
def stats(images):
    return per_image(images)


def test_every_issue_17_row_within_15_percent_of_real_svhn(images):
    stats = image_statistics(images)
    assert rows_off(stats) == [], {k: round(r, 2) for k, r in ratios(stats).items()}


def test_svhn_published_channel_mean_and_std(images):
    """SVHN's training split: mean 0.4377/0.4438/0.4728, std 0.1980/0.2010/0.1970."""
    unit = images.reshape(-1, 3) / 255.0
    np.testing.assert_allclose(unit.mean(axis=0), [0.4377, 0.4438, 0.4728], atol=0.035)
    np.testing.assert_allclose(unit.std(axis=0), [0.1980, 0.2010, 0.1970], atol=0.025)


def test_no_exactly_grey_image(stats):
    """Done-when row of issue 30 (version 2: a quarter of the images were exactly grey)."""
    assert not stats["exactly grey"].any()
    assert np.percentile(stats["chroma"], 1) > 1.0


def test_saturation_and_chroma_are_unimodal(stats):
    """Done-when row of issue 30, on a log scale, where a grey spike is a mode of its own."""
    assert mode_count(np.log(stats["saturation"] + 0.01)) == 1
    assert mode_count(np.log(stats["chroma"] + 0.01)) == 1
    assert np.percentile(stats["saturation"], 90) < 0.4  # mild tints, a thin vivid tail


def test_contrast_is_not_wider_spread_than_svhn_allows(stats):
    low, mid, high = np.percentile(stats["contrast"], [10, 50, 90])
    assert 24 < mid < 34 and high / low < 3.0 and low > 12


def test_mode_count_sees_a_grey_spike_beside_tinted_images():
    rng = np.random.default_rng(0)
    tinted = np.exp(rng.normal(np.log(0.15), 0.4, 3000))
    assert mode_count(np.log(tinted + 0.01)) == 1
    mixed = np.concatenate([np.zeros(1000), tinted])  # a quarter exactly grey
    assert mode_count(np.log(mixed + 0.01)) == 2
    assert mode_count(np.r_[rng.normal(0, 1, 2000), rng.normal(6, 1, 2000)]) == 2


def test_per_image_measures_on_known_images():
    grey = np.full((2, 8, 8, 3), 100, dtype=np.uint8)
    stats = per_image(grey)
    assert stats["exactly grey"].all() and set(MEASURES) < set(stats)
    assert stats["saturation"].max() == 0 and stats["chroma"].max() == 0
    assert stats["brightness"][0] == pytest.approx(100 / 255)
    red = np.zeros((1, 4, 4, 3), dtype=np.uint8)
    red[..., 0] = 255
    stats = per_image(red)
    assert stats["saturation"][0] == 1.0 and not stats["exactly grey"][0]
    assert stats["chroma"][0] == pytest.approx(255 * 4 / 9)
    ink = np.zeros((1, 32, 32))
    ink[0, 5:29, 10:20] = 1.0
    assert digit_heights(ink)[0] == pytest.approx(24 / 32)
    with pytest.raises(ValueError, match="N, H, W, 3"):
        per_image(np.zeros((4, 32, 32), dtype=np.uint8))


def test_issue_17_measures_on_known_images():
    grey = np.full((2, 8, 8, 3), 100, dtype=np.uint8)
    stats = image_statistics(grey)
    assert stats["HSV saturation"] == 0 and stats["colour deviation"] == 0
    assert stats["Laplacian energy"] == 0 and stats["within-image std"] == 0
    checker = np.indices((8, 8)).sum(axis=0) % 2 * 10  # 0/10 grey checkerboard
    stats = image_statistics(np.repeat(checker[None, ..., None], 3, axis=3).astype(np.uint8))
    assert stats["Laplacian energy"] == pytest.approx(40.0)
    assert set(stats) == set(SVHN_REFERENCE)


def test_colour_model_contrast_floor_polarities_and_tint():
    colours = draw_colours(np.random.default_rng(0), 20_000)
    lum = lambda c: c.mean(axis=1)  # noqa: E731
    difference = lum(colours.ink) - lum(colours.plate)
    assert np.abs(difference).min() > 0.06  # never an invisible digit
    assert (np.abs(difference) < 0.2).mean() > 0.1  # yet some faint ones, as in SVHN
    assert 0.25 < (difference > 0).mean() < 0.6  # light-on-dark and dark-on-light
    tint = np.linalg.norm(colours.plate - colours.plate.mean(axis=1, keepdims=True), axis=1)
    clipped = (colours.plate <= 0) | (colours.plate >= 1)
    assert tint[~clipped.any(axis=1)].min() >= CHROMA_FLOOR - 1e-6
    ink_tint = np.linalg.norm(colours.ink - colours.ink.mean(axis=1, keepdims=True), axis=1)
    assert (ink_tint > 0.08).mean() > 0.15  # coloured paint digits exist


def test_noise_is_in_luminance_not_colour_speckle(images):
    x = images[:500].astype(np.float32)
    chroma = x - x.mean(axis=3, keepdims=True)
    grey_step = np.abs(np.diff(x.mean(axis=3), axis=2)).mean()
    chroma_step = np.abs(np.diff(chroma, axis=2)).mean()
    assert chroma_step < 0.3 * grey_step


def test_version_is_three():
    assert SYNTHETIC_VERSION == 3


def test_jpeg_emulation_matches_pillows_encoder(images):
    """camera.jpeg (batched, NumPy) against libjpeg through Pillow at the same quality and
    4:2:0 subsampling: closer to it than to the uncompressed image."""
    import io

    from PIL import Image

    from dcgan_course.data import camera

    batch = images[:16]
    planar = batch.transpose(0, 3, 1, 2).astype(np.float32)
    for quality in (50, 90):
        ours = camera.jpeg(planar, np.full(16, quality, np.float32))
        theirs = []
        for image in batch:
            buffer = io.BytesIO()
            Image.fromarray(image).save(buffer, "JPEG", quality=quality, subsampling=2)
            theirs.append(np.asarray(Image.open(buffer)).transpose(2, 0, 1))
        theirs = np.stack(theirs).astype(np.float32)
        gap = np.abs(ours - theirs).mean()
        assert gap < 2.5 and gap < np.abs(planar - theirs).mean()
