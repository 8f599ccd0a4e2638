"""Quality metrics: recognisability, class coverage, Fréchet distance, the cached classifier."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course import quality
from dcgan_course.data import load_digits


def onehot_like(classes, confidence):
    probs = np.full((len(classes), 10), (1 - confidence) / 9)
    probs[np.arange(len(classes)), classes] = confidence
    return probs


def test_recognisability_counts_confident_predictions():
    probs = np.concatenate([onehot_like([1, 2, 3], 0.95), onehot_like([4], 0.5)])
    assert quality.recognisability(probs) == pytest.approx(0.75)
    assert quality.recognisability(probs, threshold=0.4) == 1.0
    assert quality.recognisability(np.zeros((0, 10))) == 0.0


def test_coverage_shows_mode_collapse():
    healthy = quality.class_coverage(onehot_like(np.arange(100) % 10, 0.99))
    collapsed = quality.class_coverage(onehot_like(np.full(100, 7), 0.99))
    assert healthy.tolist() == [10] * 10
    assert collapsed.tolist() == [0] * 7 + [100, 0, 0]
    unsure = quality.class_coverage(onehot_like([3, 3], 0.3))
    assert unsure.sum() == 0  # unrecognisable images count for no digit


def test_frechet_distance_of_gaussians():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4000, 4))
    b = rng.standard_normal((4000, 4))
    assert quality.frechet_distance(a, b) < 0.05
    shifted = quality.frechet_distance(a, b + np.array([2.0, 0, 0, 0]))
    assert shifted == pytest.approx(4.0, abs=0.15)  # |mean difference|^2
    wider = quality.frechet_distance(a, 3 * b)  # per axis 1 + 9 - 2*3 = 4
    assert wider == pytest.approx(16.0, rel=0.05)
    same = a[:50]
    assert quality.frechet_distance(same, same) == pytest.approx(0.0, abs=1e-6)


def test_classifier_learns_digits_is_cached_and_ranks_real_over_noise(tmp_path):
    classifier = quality.load_classifier("synthetic", n=6000, epochs=3, cache_dir=tmp_path,
                                         verbose=False)
    assert classifier.accuracy > 0.5, classifier.accuracy
    assert list((tmp_path / "classifiers").glob("*.keras"))
    again = quality.load_classifier("synthetic", n=6000, epochs=3, cache_dir=tmp_path)
    assert again.accuracy == pytest.approx(classifier.accuracy)
    real, _ = load_digits("synthetic", "test", n=300, seed=5)
    reference, _ = load_digits("synthetic", "test", n=300, seed=6)
    noise = np.random.default_rng(0).uniform(-1, 1, (300, 32, 32, 3)).astype(np.float32)
    real_report = quality.evaluate(again, real, reference)
    noise_report = quality.evaluate(again, noise, reference)
    collapsed = quality.evaluate(again, np.repeat(real[:1], 300, axis=0), reference)
    assert real_report.recognisable > noise_report.recognisable
    assert real_report.frechet < noise_report.frechet
    assert real_report.frechet < collapsed.frechet
    assert (collapsed.coverage > 0).sum() <= 1
    assert again.features(real[:4]).shape == (4, 128)
    figure = quality.plot_coverage({"real": real_report, "noise": noise_report})
    assert figure._repr_png_()[:4] == b"\x89PNG"
    assert "recognisable" in real_report._repr_html_()


def test_classifier_cache_follows_the_synthetic_generator_version(tmp_path, monkeypatch):
    """A classifier cached for one version of the synthetic images is never used to judge
    another version's images: the cache file names the generator version."""
    before = quality._cache_path("synthetic", 6000, 3, tmp_path)
    monkeypatch.setattr(quality, "SYNTHETIC_VERSION", quality.SYNTHETIC_VERSION + 1)
    after = quality._cache_path("synthetic", 6000, 3, tmp_path)
    assert before != after
    assert f"synthetic{quality.SYNTHETIC_VERSION}-" in after.name
    # SVHN is one fixed dataset: its cache does not depend on the synthetic generator.
    svhn = quality._cache_path("svhn", 6000, 3, tmp_path)
    monkeypatch.setattr(quality, "SYNTHETIC_VERSION", quality.SYNTHETIC_VERSION + 1)
    assert quality._cache_path("svhn", 6000, 3, tmp_path) == svhn


def test_classifier_cache_follows_what_the_renderer_draws(tmp_path, monkeypatch):
    """Regression: the renderer's colours changed once without a version bump, and every
    cached judge went on judging the new images (held-out synthetic digits read 75-87%
    depending on which cache a run found). The cache name now follows the images."""
    before = quality._cache_path("synthetic", 6000, 3, tmp_path)
    assert quality._cache_path("synthetic", 6000, 3, tmp_path) == before  # stable
    real_load = quality.load_digits

    def drawn_a_little_lighter(source, split, n=None, seed=0):
        images, labels = real_load(source, split, n=n, seed=seed)
        return np.minimum(images.astype(np.int16) + 1, 255).astype(np.uint8), labels

    monkeypatch.setattr(quality, "load_digits", drawn_a_little_lighter)
    assert quality._cache_path("synthetic", 6000, 3, tmp_path) != before


def test_the_judge_says_no_digit_to_what_is_no_digit(tmp_path):
    """Regression (judge version 1 called 19% of uniform noise and 16% of pixel-shuffled
    digits a digit with confidence >= 0.9): non-digit images of kinds it never trained on
    (other seeds), and flat plates it never saw at all, are almost never recognisable, while
    held-out digits still are."""
    classifier = quality.load_classifier("synthetic", n=6000, epochs=3, cache_dir=tmp_path,
                                         verbose=False)
    digits, _ = load_digits("synthetic", "test", n=500, seed=7)
    unseen = quality.not_digits(digits, 600, seed=123)
    rng = np.random.default_rng(4)
    flat = np.broadcast_to(rng.integers(0, 256, (200, 1, 1, 3), dtype=np.uint8),
                           (200, 32, 32, 3))
    assert quality.recognisability(classifier.probabilities(digits)) > 0.5
    for name, images in (("noise", unseen[:200]), ("shuffled", unseen[200:400]),
                         ("blobs", unseen[400:]), ("flat", flat)):
        share = quality.recognisability(classifier.probabilities(images))
        assert share <= 0.02, f"{name}: {share:.1%} recognisable"


def test_not_digits_keeps_each_images_colours_and_is_deterministic():
    digits, _ = load_digits("synthetic", "test", n=50, seed=3)
    junk = quality.not_digits(digits, 30, seed=1)
    assert junk.shape == (30, 32, 32, 3) and junk.dtype == np.uint8
    np.testing.assert_array_equal(junk, quality.not_digits(digits, 30, seed=1))
    shuffled = junk[10:20]  # pixel-shuffled digits: same colour histogram as some digit
    sums = {tuple(np.sort(d.reshape(-1, 3), axis=0).ravel()[:30]) for d in digits}
    assert all(tuple(np.sort(s.reshape(-1, 3), axis=0).ravel()[:30]) in sums for s in shuffled)
