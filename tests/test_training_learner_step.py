"""The learner's own ``train_step`` (lesson 06, exercise 2) is what the engine runs.

A step that changes the update in a visible way (it never touches the generator and reports a
generator loss of 42) proves it: the engine's history and weights follow that step, not the
course's. ``step_problem`` decides whether the lesson and the CLI use a learner's step.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import tensorflow as tf
from test_training import TINY, images, make  # noqa: F401  (the fixture is used by name)

from dcgan_course import training


def correct_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    """Exercise 2's solution, written as a learner would."""
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        real_logits = tf.convert_to_tensor(real_logits, tf.float32)
        fake_logits = tf.convert_to_tensor(fake_logits, tf.float32)
        d_loss = (tf.reduce_mean(0.9 * tf.nn.softplus(-real_logits)
                                 + 0.1 * tf.nn.softplus(real_logits))
                  + tf.reduce_mean(tf.nn.softplus(fake_logits)))
        g_loss = tf.reduce_mean(tf.nn.softplus(-fake_logits))
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
    return d_loss, g_loss


def d_only_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    """Visibly not the course's step: the generator is never updated, g_loss is 42."""
    with tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = (tf.reduce_mean(tf.nn.softplus(-real_logits))
                  + tf.reduce_mean(tf.nn.softplus(fake_logits)))
    grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
    return d_loss, tf.constant(42.0)


def weights(model):
    return [w.copy() for w in model.get_weights()]


def trainable(model):
    return [v.numpy().copy() for v in model.trainable_variables]


def test_the_engine_runs_the_learners_step_not_its_own(images):  # noqa: F811
    trainer = make(train_step=d_only_step)
    assert trainer.step_source == "yours" and trainer.step_label == "your train_step"
    g_before, d_before = trainable(trainer.generator), trainable(trainer.discriminator)
    history = trainer.fit(images, steps=4)
    assert history["g_loss"] == [42.0] * 4
    # (only batch norm's moving statistics of G change: G ran in training mode)
    after = trainable(trainer.generator)
    assert all(np.array_equal(a, b) for a, b in zip(g_before, after, strict=True))
    assert any(not np.array_equal(a, b)
               for a, b in zip(d_before, trainable(trainer.discriminator), strict=True))
    # D(x) and D(G(z)) come from the step's own two discriminator calls
    assert all(0 < v < 1 for v in history["d_real"] + history["d_fake"])


def test_without_a_learner_step_the_course_step_runs_and_says_so(images):  # noqa: F811
    trainer = make()
    assert trainer.step_source == "course" and "course" in trainer.step_label
    history = trainer.fit(images, steps=2)
    assert all(np.isfinite(history["g_loss"])) and history["g_loss"][0] != 42.0


def test_one_concatenated_call_still_trains_but_reports_no_fake_verdict(images):  # noqa: F811
    def concatenated(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(noise, training=True)
            logits = discriminator(tf.concat([real_batch, fake], 0), training=True)
            real_logits, fake_logits = tf.split(logits, 2)
            d_loss = training.discriminator_loss(real_logits, fake_logits)
            g_loss = training.generator_loss(fake_logits)
        d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
        d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars, strict=True))
        g_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars, strict=True))
        return d_loss, g_loss

    history = make(train_step=concatenated).fit(images, steps=2)
    assert all(np.isfinite(history["d_loss"])) and all(np.isnan(history["d_fake"]))
    assert "concatenated" in training.step_problem(concatenated)
    assert "batch norm" in training.step_problem(concatenated)


def test_step_problem_accepts_a_correct_step_and_names_each_mistake():
    assert training.step_problem(correct_step) is None
    assert training.step_problem(training.course_train_step) is None

    def stub(*args):
        raise NotImplementedError()

    def swapped(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        return correct_step(generator, discriminator, d_optimizer, g_optimizer, real_batch,
                            noise)

    def uses_numpy(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        d_loss, g_loss = correct_step(generator, discriminator, g_optimizer, d_optimizer,
                                      real_batch, noise)
        return float(d_loss.numpy()), float(g_loss.numpy())

    assert "NotImplementedError" in training.step_problem(stub)
    assert "d_loss" in training.step_problem(d_only_step)
    assert "own optimiser" in training.step_problem(swapped)
    assert "tf.function" in training.step_problem(uses_numpy)


def test_mixed_bfloat16_gives_the_step_float32_logits(images):  # noqa: F811
    trainer = make(train_step=correct_step, precision="mixed_bfloat16")
    head = [layer for layer in trainer.discriminator.layers if layer.weights][-1]
    assert head.dtype_policy.compute_dtype == "float32"
    assert trainer.discriminator.layers[0].dtype_policy.compute_dtype == "bfloat16"
    assert trainer.discriminator(tf.zeros([2, 32, 32, 3])).dtype == tf.float32
    history = trainer.fit(images, steps=2)  # convert_to_tensor(logits, float32) works
    assert all(np.isfinite(history["d_loss"]))


def test_averaged_generator_samples_and_survives_a_resume(images, tmp_path):  # noqa: F811
    config = TINY.replace(ema_decay=0.9)
    trainer = make(tmp_path, config=config)
    trainer.fit(images, steps=6)
    z = np.random.default_rng(0).standard_normal((4, config.z_dim)).astype(np.float32)
    averaged, raw = trainer.generate(z), trainer.generate(z, averaged=False)
    assert averaged.shape == raw.shape == (4, 32, 32, 3)
    assert not np.allclose(averaged, raw)
    resumed = make(tmp_path, config=config)
    np.testing.assert_allclose(resumed.generate(z), averaged, atol=1e-6)
    without = make(config=dataclasses.replace(TINY, ema_decay=None))
    assert without.ema_generator is None
    np.testing.assert_array_equal(without.generate(z), without.generate(z, averaged=False))


@pytest.mark.parametrize("decay", [0.999])
def test_average_warms_up_instead_of_holding_the_initial_weights(images, decay):  # noqa: F811
    trainer = make(config=TINY.replace(ema_decay=decay))
    first = weights(trainer.ema_generator)
    trainer.fit(images, steps=6)
    # with decay 0.999 alone six steps would move the average by 0.6% of the way; the
    # warm-up ((1 + t) / (10 + t)) lets it follow the early, fast-changing weights
    averaged, raw = trainer.ema_generator.get_weights(), trainer.generator.get_weights()
    moved = [np.abs(a - b).max() for a, b in zip(first, averaged, strict=True)]
    raw_moved = [np.abs(a - b).max() for a, b in zip(first, raw, strict=True)]
    assert max(moved) > 0.3 * max(raw_moved)
