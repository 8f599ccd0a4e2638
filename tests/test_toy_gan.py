from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from dcgan_course import toy_gan


def d_loss(real, fake):
    return tf.reduce_mean(tf.nn.softplus(-real)) + tf.reduce_mean(tf.nn.softplus(fake))


def g_loss(fake):
    return tf.reduce_mean(tf.nn.softplus(-fake))


STEP = toy_gan.make_train_step(d_loss, g_loss)


def test_mixture_density_integrates_to_one_and_samples_match_it():
    x = np.linspace(-12, 12, 4001)
    for data in (toy_gan.ONE_PEAK, toy_gan.TWO_PEAKS):
        assert np.trapezoid(data.density(x), x) == pytest.approx(1.0, abs=1e-4)
    samples = toy_gan.ONE_PEAK.sample(20000, np.random.default_rng(0))
    assert samples.shape == (20000, 1) and samples.dtype == np.float32
    assert samples.mean() == pytest.approx(2.0, abs=0.02)
    assert samples.std() == pytest.approx(0.6, abs=0.02)


def test_bad_mixture_is_rejected():
    with pytest.raises(ValueError, match="sum to 1"):
        toy_gan.GaussianMixture((0.0,), (1.0,), (0.5,))


def test_the_game_converges_on_one_peak():
    history = toy_gan.train_game(STEP, steps=800, seed=0)
    last = history.snapshots[-1]
    centers, density = history.bin_centers, last.fake_density
    mean = (centers * density).sum() / density.sum()
    assert mean == pytest.approx(2.0, abs=0.4), "the generator should have moved onto the data"
    assert 0.35 < last.d_real < 0.65 and 0.35 < last.d_fake < 0.65
    assert len(history.d_losses) == 800 and np.all(np.isfinite(history.d_losses))
    assert history.snapshots[0].step == 0 and last.step == 800


def test_runs_are_deterministic_for_a_seed():
    a = toy_gan.train_game(STEP, steps=50, seed=3)
    b = toy_gan.train_game(STEP, steps=50, seed=3)
    np.testing.assert_allclose(a.d_losses, b.d_losses, rtol=1e-5)


def test_unwritten_step_gives_a_clear_message():
    def train_step(*args):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError, match="finish the training-step exercise"):
        toy_gan.train_game(train_step, steps=5)


def test_a_step_that_cannot_be_compiled_still_runs_eagerly():
    def numpy_step(*args):
        d, g = STEP(*args)
        return float(d.numpy()), float(g.numpy())  # .numpy() fails inside tf.function

    with pytest.warns(UserWarning, match="running it eagerly"):
        history = toy_gan.train_game(numpy_step, steps=10)
    assert len(history.g_losses) == 10


def test_head_start_makes_the_discriminator_confident_first():
    history = toy_gan.train_game(STEP, steps=1, d_head_start=300,
                                 data=toy_gan.GaussianMixture((4.0,), (0.4,), (1.0,)))
    assert history.snapshots[0].d_fake < 0.05 and history.snapshots[0].d_real > 0.9


def test_mode_coverage_reads_the_histogram():
    history = toy_gan.train_game(STEP, steps=2, data=toy_gan.TWO_PEAKS)
    snap = history.snapshots[-1]
    snap.fake_density[:] = 0.0
    right = np.abs(history.bin_centers - 2.5) < 0.3
    width = history.bin_centers[1] - history.bin_centers[0]
    snap.fake_density[right] = 1.0 / (right.sum() * width)
    left_share, right_share = toy_gan.mode_coverage(history)
    assert left_share == 0.0 and right_share == pytest.approx(1.0)
