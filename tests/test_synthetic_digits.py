"""The synthetic house numbers: layout, labels, determinism, variety."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course.data import load_digits, make_house_numbers
from dcgan_course.data.synthetic import _layout_ink, glyph_atlas


def test_layout_matches_svhn_loader():
    images, labels = make_house_numbers(50, seed=0)
    assert images.shape == (50, 32, 32, 3) and images.dtype == np.uint8
    assert labels.shape == (50,) and labels.dtype == np.int64
    assert labels.min() >= 0 and labels.max() <= 9


def test_deterministic_for_a_seed_and_prefix_stable():
    a_images, a_labels = make_house_numbers(1100, seed=7)
    b_images, b_labels = make_house_numbers(1100, seed=7)
    np.testing.assert_array_equal(a_images, b_images)
    np.testing.assert_array_equal(a_labels, b_labels)
    short_images, short_labels = make_house_numbers(30, seed=7)
    np.testing.assert_array_equal(short_images, a_images[:30])
    np.testing.assert_array_equal(short_labels, a_labels[:30])
    other, _ = make_house_numbers(30, seed=8)
    assert not np.array_equal(other, short_images)


def test_every_digit_appears_about_equally():
    _, labels = make_house_numbers(3000, seed=1)
    counts = np.bincount(labels, minlength=10)
    assert counts.min() > 230 and counts.max() < 370


def test_several_fonts_from_installed_packages():
    atlas = glyph_atlas()
    assert atlas.variants >= 8
    assert atlas.pixels.min() >= 0 and atlas.pixels.max() <= 1
    # every glyph has ink, and the ten digits of a font differ from each other
    for v in range(atlas.variants):
        glyphs = atlas.pixels[v * 10:(v + 1) * 10]
        assert (glyphs.sum(axis=(1, 2)) > 20).all()
        flat = glyphs.reshape(10, -1)
        assert min(np.abs(flat[i] - flat[j]).sum() for i in range(10)
                   for j in range(i + 1, 10)) > 5


def test_variety_of_colour_contrast_and_brightness():
    images, _ = make_house_numbers(1000, seed=2)
    pixels = images.reshape(len(images), -1, 3).astype(np.float32)
    mean = pixels.mean(axis=(1, 2))
    spread = pixels.mean(axis=2).std(axis=1)  # contrast inside one image
    assert mean.min() < 60 and mean.max() > 190  # dark and light images
    assert np.percentile(spread, 10) < 20  # low-contrast cases exist (SVHN's mean is ~25)
    assert np.percentile(spread, 90) > 35  # and clear ones
    assert spread.min() > 3  # but none is blank
    colourfulness = np.abs(pixels - pixels.mean(axis=2, keepdims=True)).mean(axis=(1, 2))
    assert np.percentile(colourfulness, 90) > 10  # not all grey


def test_centre_digit_is_in_the_middle_and_neighbours_are_cut_off():
    ink, labels = _layout_ink(np.random.default_rng(0), 2000, glyph_atlas())
    assert ink.shape == (2000, 32, 32, 1) and labels.shape == (2000,)
    columns = ink[..., 0].mean(axis=(0, 1))
    centre, edges = columns[13:19].mean(), np.r_[columns[:2], columns[-2:]].mean()
    assert centre > 2.0 * edges  # the labelled digit is in the middle ...
    cut_off = (ink[:, :, :2, 0].max(axis=(1, 2)) > 0.5) | (ink[:, :, -2:, 0].max(axis=(1, 2))
                                                           > 0.5)
    assert 0.3 < cut_off.mean() < 0.95  # ... and many crops show part of a neighbour


def test_load_digits_synthetic_defaults_and_split_seeds():
    train, _ = load_digits("synthetic", split="train", n=20, seed=0)
    test, _ = load_digits("synthetic", split="test", n=20, seed=0)
    assert not np.array_equal(train, test)
    with pytest.raises(ValueError, match="source"):
        load_digits("mnist")


def test_zero_images():
    images, labels = make_house_numbers(0)
    assert images.shape == (0, 32, 32, 3) and labels.shape == (0,)
