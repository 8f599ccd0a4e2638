"""The toy GAN of lesson 01: data, the recorded game, and the tools the lesson's experiments
use around the learner's own step (loss swapping, the simultaneous order, distances)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import reference.toy_gan as ref  # noqa: E402

from dcgan_course import toy_gan  # noqa: E402

d_loss, g_loss = ref.discriminator_loss, ref.generator_loss
STEP = ref.train_step


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


def test_the_game_is_recorded_at_exactly_the_promised_number_of_moments():
    history = toy_gan.train_game(STEP, steps=100, snapshots=60)
    assert len(history.snapshots) == 60  # the viewer says "moment k of 60"
    assert history.snapshots[0].step == 0 and history.snapshots[-1].step == 100
    assert toy_gan.snapshot_steps(2000, 60)[:3] == [0, 34, 68]
    assert len(toy_gan.snapshot_steps(10, 60)) == 11  # never more moments than steps


def test_with_losses_swaps_the_learners_loss_and_nothing_else():
    calls = []

    def loud_loss(fake_logits):
        calls.append(1)
        return g_loss(fake_logits)

    def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        return ref.make_train_step(d_loss, lambda f: generator_loss(f))(  # noqa: F821
            generator, discriminator, g_optimizer, d_optimizer, real_batch, noise)

    swapped = toy_gan.with_losses(train_step, generator_loss=loud_loss)
    toy_gan.train_game(swapped, steps=3)
    assert calls, "the swapped step did not call the replacement"
    with pytest.raises(ValueError, match="does not call discriminator_loss by name"):
        toy_gan.with_losses(STEP, discriminator_loss=d_loss)


def _one_pass_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    """Both players' gradients from one forward pass (lesson 06's order), for comparison."""
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake_logits = discriminator(generator(noise, training=True), training=True)
        d_value = d_loss(discriminator(real_batch, training=True), fake_logits)
        g_value = g_loss(fake_logits)
    d_grads = d_tape.gradient(d_value, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_value, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
    return d_value, g_value


def test_the_simultaneous_order_built_from_an_alternating_step_is_the_one_pass_step():
    emulated = toy_gan.train_game(STEP, steps=25, snapshots=5, order="simultaneous")
    one_pass = toy_gan.train_game(_one_pass_step, steps=25, snapshots=5)
    alternating = toy_gan.train_game(STEP, steps=25, snapshots=5)
    np.testing.assert_allclose(emulated.d_losses, one_pass.d_losses, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(emulated.g_losses, one_pass.g_losses, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(emulated.snapshots[-1].d_on_grid,
                               one_pass.snapshots[-1].d_on_grid, atol=1e-4)
    assert not np.allclose(alternating.g_losses, one_pass.g_losses, rtol=1e-4)


def test_plain_sgd_and_bad_settings():
    history = toy_gan.train_game(STEP, steps=5, optimizer="sgd", g_learning_rate=0.05,
                                 d_learning_rate=0.05)
    assert len(history.d_losses) == 5
    with pytest.raises(ValueError, match="optimizer"):
        toy_gan.make_optimizers(optimizer="rmsprop")
    with pytest.raises(ValueError, match="order"):
        toy_gan.train_game(STEP, steps=1, order="backwards")


def test_distance_to_data_is_zero_on_the_data_and_grows_with_the_offset():
    history = toy_gan.train_game(STEP, steps=1, snapshots=2)
    width = history.bin_centers[1] - history.bin_centers[0]
    snap = history.snapshots[-1]
    for shift, want in ((0.0, 0.0), (1.0, 1.0), (2.0, 2.0)):
        snap.fake_density[:] = history.data.density(history.bin_centers - shift)
        snap.fake_density /= snap.fake_density.sum() * width
        assert toy_gan.distance_to_data(history) == pytest.approx(want, abs=0.03)
    assert toy_gan.generator_mean(history) == pytest.approx(4.0, abs=0.03)
    assert toy_gan.steps_to_reach(history, 4.0) == 1
    assert toy_gan.steps_to_reach(history, 9.0) is None


def test_order_table_names_both_orders_and_every_seed():
    runs = {order: [toy_gan.train_game(STEP, steps=4, snapshots=3, seed=s, order=order)
                    for s in (0, 1)] for order in toy_gan.ORDERS}
    table = toy_gan.order_table(runs)
    assert "alternating" in table and "simultaneous" in table and table.count("median") == 2


def test_histories_survive_packing():
    game = toy_gan.train_game(STEP, steps=6, snapshots=4, data=toy_gan.TWO_PEAKS)
    back = toy_gan.unpack_histories(toy_gan.pack_histories({"a/b": game}))["a/b"]
    assert back.data == game.data and back.steps == game.steps
    np.testing.assert_allclose(back.d_losses, game.d_losses, rtol=1e-6)
    np.testing.assert_allclose(back.snapshots[-1].fake_density, game.snapshots[-1].fake_density,
                               rtol=1e-3, atol=1e-3)
