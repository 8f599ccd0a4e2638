"""The lessons' visible tests (dcgan_course.exercises), outside the notebooks.

For each lesson's check module: the source notebook's own solution functions pass (and the
check prints its "visible tests passed" line), a typical mistake fails with the message
written for it, and an untouched exercise is reported as "not written yet". Nothing in a
check module may hand a learner an answer: no function there is a marked answer, and none
takes the exercise's own arguments and returns its result.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from conftest import SOLUTIONS, nbgrader_meta, read_notebook
from tensorflow import keras
from tensorflow.keras import layers

import dcgan_course.exercises
from dcgan_course.checks import ExerciseFailure
from dcgan_course.exercises import (
    batch_norm,
    discriminator,
    gan_game,
    generator,
    representations,
    training_step,
    upsampling,
)


def solution(lesson: str, *extra_defs: str) -> dict[str, Any]:
    """The lesson's solution functions, run from its source notebook's solution cells.

    ``extra_defs`` names other functions the checks need from the notebook, whose defining
    cells run too.
    """
    namespace: dict[str, Any] = {"math": math, "np": np, "tf": tf, "keras": keras, "layers": layers}
    for cell in read_notebook(SOLUTIONS / lesson / f"{lesson}.ipynb").cells:
        wanted = any(f"def {name}(" in cell.source for name in extra_defs)
        if cell.cell_type == "code" and (nbgrader_meta(cell).get("solution") or wanted):
            exec(compile(cell.source, f"<{lesson} {cell.id}>", "exec"), namespace)  # noqa: S102
    return namespace


def unwritten(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError()


def passes(capsys, check, *functions, line: str) -> None:
    check(*functions)
    assert line in capsys.readouterr().out


def fails(check, *functions, match: str) -> str:
    """The check fails with ``match`` in its message (compared with line breaks as spaces)."""
    with pytest.raises(ExerciseFailure) as failure:
        check(*functions)
    message = str(failure.value)
    assert match in " ".join(message.split()), message
    assert all(len(row) <= 88 for row in message.splitlines()), message  # wrapped for Validate
    return message


def test_no_check_module_offers_an_answer():
    for info in pkgutil.iter_modules(dcgan_course.exercises.__path__):
        module = importlib.import_module(f"dcgan_course.exercises.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            assert not hasattr(function, "__answer_to__"), name
            # checks, fixtures, the catalogue's diagnoses (which name a mistake from what a
            # learner's function returned) and private helpers; whether any of them could
            # stand in for an answer is decided by pasting it (tests/test_grading_paste.py)
            assert name.startswith(("check_", "_", "fixed_", "diagnose_", "passed", "fail")), (
                f"{module.__name__}.{name}: a check module holds checks and diagnoses only")


# -- lesson 01 ------------------------------------------------------------------------------

def test_gan_game(capsys):
    ns = solution("01-gan-intro")
    passes(capsys, gan_game.check_discriminator_loss, ns["discriminator_loss"],
           line="Exercise 1: visible tests passed.")
    passes(capsys, gan_game.check_generator_loss, ns["generator_loss"],
           line="Exercise 2: visible tests passed.")
    passes(capsys, gan_game.check_optimal_discriminator, ns["optimal_discriminator"],
           line="Exercise 3: visible tests passed.")
    passes(capsys, gan_game.check_game_value, ns["game_value"],
           line="Exercise 4: visible tests passed.")
    passes(capsys, gan_game.check_train_step, ns["train_step"],
           line="Exercise 5: visible tests passed.")


def test_gan_game_mistakes():
    """A few of lesson 01's catalogued mistakes, as the visible checks name them (the whole
    catalogue runs in tests/test_mistake_catalogue.py); no message writes out a formula."""
    def log_of_sigmoid(real, fake):
        return (-tf.reduce_mean(tf.math.log(tf.sigmoid(real)))
                - tf.reduce_mean(tf.math.log(1 - tf.sigmoid(fake))))

    fails(gan_game.check_discriminator_loss, log_of_sigmoid, match="its log becomes infinite")
    fails(gan_game.check_generator_loss, lambda f: -tf.reduce_mean(tf.nn.softplus(f)),
          match="returns the saturating loss")
    message = fails(gan_game.check_optimal_discriminator,
                    lambda p, q: np.asarray(p) / (np.asarray(p) + np.asarray(q)),
                    match="NumPy warned")
    assert "p_data + p_g)" not in message  # the hint points, it does not give D*
    ns = solution("01-gan-intro")

    def g_moves_d(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        with tf.GradientTape() as tape:
            fake = generator(noise, training=True)
            d_loss = ns["discriminator_loss"](discriminator(real_batch, training=True),
                                              discriminator(fake, training=True))
        variables = discriminator.trainable_variables
        d_optimizer.apply_gradients(zip(tape.gradient(d_loss, variables), variables, strict=True))
        both = generator.trainable_variables + discriminator.trainable_variables
        with tf.GradientTape() as tape:
            g_loss = ns["generator_loss"](discriminator(generator(noise, training=True),
                                                        training=True))
        g_optimizer.apply_gradients(zip(tape.gradient(g_loss, both), both, strict=True))
        return d_loss, g_loss

    fails(gan_game.check_train_step, g_moves_d,
          match="applies the generator's gradients to the discriminator's variables too")
    fails(gan_game.check_train_step, lambda g, d, go, do, r, n: (1.0, 1.0),
          match="left the discriminator's trainable weights as they were")
    fails(gan_game.check_discriminator_loss, unwritten, match="not written yet")
    fails(gan_game.check_train_step, unwritten, match="not written yet")


# -- lesson 02 ------------------------------------------------------------------------------

def test_upsampling(capsys):
    ns = solution("02-upsampling")
    passes(capsys, upsampling.check_upsample_nearest, ns["upsample_nearest"],
           line="Exercise 1: visible tests passed.")
    passes(capsys, upsampling.check_output_sizes, ns["conv_output_size"],
           ns["conv_transpose_output_size"], line="Exercise 2: visible tests passed.")
    passes(capsys, upsampling.check_conv_transpose, ns["conv_transpose_naive"],
           line="Exercise 3: visible tests passed.")
    passes(capsys, upsampling.check_overlap_is_even, ns["overlap_is_even"],
           line="Exercise 4: visible tests passed.")


def test_upsampling_mistakes():
    """A few of lesson 02's catalogued mistakes, as the visible checks name them (the whole
    catalogue runs in tests/test_mistake_catalogue.py); no message states a rule."""
    fails(upsampling.check_upsample_nearest, lambda b, f: np.tile(b, (1, f, f, 1)),
          match="the whole image is repeated side by side")
    ns = solution("02-upsampling")
    message = fails(upsampling.check_output_sizes, lambda n, k, s, p: (n - k) / s + 1,
                    ns["conv_transpose_output_size"], match="of type float")
    assert "floor" not in message
    message = fails(upsampling.check_output_sizes, ns["conv_output_size"],
                    lambda n, k, s, p: n * s if p == "same" else (n - 1) * s + k,
                    match="the length the stamps cover")
    assert "max(" not in message

    def uncropped(x, kernel, stride, padding):  # the full canvas, even for "same"
        return ns["conv_transpose_naive"](x, kernel, stride, "valid")

    message = fails(upsampling.check_conv_transpose, uncropped, match="returned the whole canvas")
    assert "// 2" not in message
    message = fails(upsampling.check_overlap_is_even, lambda k, s: k >= s,
                    match="overlap_is_even(3, 2)")
    assert "divides" not in message  # the hint says how to find the rule, not the rule
    fails(upsampling.check_upsample_nearest, unwritten, match="not written yet")


def test_upsampling_checks_compare_with_keras_not_with_a_rule():
    """The visible checks hold no rule of lesson 02: a wrong answer that agrees with a rule
    but not with Keras fails, on the cases where they differ (stride larger than kernel)."""
    def without_keras_gap(n, k, s, padding):
        return n * s if padding == "same" else (n - 1) * s + k + (s - k if s > k + 1 else 0)

    ns = solution("02-upsampling")
    fails(upsampling.check_output_sizes, ns["conv_output_size"], without_keras_gap,
          match="conv_transpose_output_size(n=3, k=1, s=2, padding='valid')")


# -- lesson 03 ------------------------------------------------------------------------------

def test_batch_norm(capsys):
    ns = solution("03-batch-norm")
    passes(capsys, batch_norm.check_batch_norm_train, ns["batch_norm_train"],
           line="Exercise 1: visible tests passed.")
    passes(capsys, batch_norm.check_batch_norm_backward, ns["batch_norm_backward"],
           line="Exercise 2: visible tests passed.")
    passes(capsys, batch_norm.check_probe, ns["probe_moving_average"],
           line="Exercise 3: visible tests passed.")
    passes(capsys, batch_norm.check_batch_norm_positions, ns["batch_norm_positions"],
           line="Exercise 4: visible tests passed")


def test_batch_norm_mistakes():
    """A few of lesson 03's catalogued mistakes, as the visible checks name them."""
    def unbiased(x, gamma, beta, epsilon=1e-3):
        axes = tuple(range(x.ndim - 1))
        mean, var = x.mean(axis=axes), x.var(axis=axes, ddof=1)
        return gamma * (x - mean) / np.sqrt(var + epsilon) + beta, mean, var

    fails(batch_norm.check_batch_norm_train, unbiased, match="divided by m - 1")

    def constant_statistics(dy, x, gamma, epsilon=1e-3):
        axes = tuple(range(np.ndim(x) - 1))
        inv_std = 1 / np.sqrt(np.var(x, axis=axes) + epsilon)
        x_hat = (x - np.mean(x, axis=axes)) * inv_std
        return dy * gamma * inv_std, (dy * x_hat).sum(axis=axes), dy.sum(axis=axes)

    message = fails(batch_norm.check_batch_norm_backward, constant_statistics,
                    match="treats the batch's mean and variance as constants")
    assert "dx_hat.mean" not in message  # the hint draws the graph, it does not give dx

    def pytorch_reading(box):
        before = np.array(box.moving_mean)
        box(np.stack([before + 1.0, before + 3.0]).astype(np.float32))
        return {"weight_of_old": float(np.mean((np.array(box.moving_mean) - before) / 2)),
                "variance": "biased"}

    fails(batch_norm.check_probe, pytorch_reading, match="the weight of the new batch")
    fails(batch_norm.check_batch_norm_positions,
          lambda: {"generator": [1, 2, 3, 4], "discriminator": [2, 3]},
          match="the generator's output layer (4)")
    fails(batch_norm.check_batch_norm_train, unwritten, match="not written yet")


# -- lessons 04 and 05 ----------------------------------------------------------------------

def test_generator(capsys):
    build = solution("04-generator")["build_generator"]
    passes(capsys, generator.check_generator, build,
           line="Exercise 1: visible tests of the 32x32 model passed.")
    passes(capsys, generator.check_generator_sizes, build,
           line="Exercise 1: visible test of a 16x16 model passed.")


def test_generator_mistakes():
    build = solution("04-generator")["build_generator"]

    def fixed_size(z_dim=100, width=128, image_size=32, channels=3):
        return build(z_dim, width, 32, channels)  # ignores image_size

    fails(generator.check_generator_sizes, fixed_size, match="build_generator(z_dim=32")
    fails(generator.check_generator, unwritten, match="not written yet")


def test_discriminator(capsys):
    ns = solution("05-discriminator")
    passes(capsys, discriminator.check_discriminator, ns["build_discriminator"],
           line="Exercise 1: visible tests of the 32x32 model passed.")
    passes(capsys, discriminator.check_discriminator_sizes, ns["build_discriminator"],
           line="Exercise 1: visible test of a 16x16 model passed.")
    passes(capsys, discriminator.check_moving_shares, ns["moving_shares"],
           line="Exercise 2: visible tests passed.")


def test_discriminator_mistakes():
    ns = solution("05-discriminator")

    def per_step(schedule, steps, momentum=0.99):  # one update per step, not per call
        return ns["moving_shares"]([*schedule[:1]], steps, momentum ** len(schedule))

    fails(discriminator.check_moving_shares, per_step, match="moving_shares(['real', 'fake']")
    fails(discriminator.check_moving_shares, lambda *args: [0.5, 0.5],
          match="expected three shares")
    fails(discriminator.check_discriminator, unwritten, match="not written yet")


def test_moving_shares_expected_values_come_from_keras_itself():
    """The visible check's numbers are Keras' own BatchNormalization, not a formula of ours:
    a layer fed one real and one fake batch per step ends where the closed form says."""
    m, steps = 0.9, 3
    want = [m ** (2 * steps), m * (1 - m ** (2 * steps)) / (1 + m),
            (1 - m ** (2 * steps)) / (1 + m)]
    seen = {}

    def record(schedule, n, momentum=0.99):
        seen[(tuple(schedule), n, momentum)] = True
        return np.array(want) if (tuple(schedule), n) == (("real", "fake"), steps) else None

    with pytest.raises(ExerciseFailure):  # the first case passes, the second gets None
        discriminator.check_moving_shares(record)
    assert list(seen)[:2] == [(("real", "fake"), 3, 0.9), (("fake", "real"), 2, 0.6)]


# -- lesson 06 ------------------------------------------------------------------------------

def test_training_step(capsys):
    ns = solution("06-svhn-training")
    passes(capsys, training_step.check_losses, ns["discriminator_loss"], ns["generator_loss"],
           line="Exercise 1: visible tests passed.")
    passes(capsys, training_step.check_train_step, ns["train_step"],
           line="Exercise 2: visible tests passed.")


def test_training_step_mistakes():
    """A few of lesson 06's catalogued mistakes, as the visible checks name them (the whole
    catalogue runs in tests/test_mistake_catalogue.py); no message hands over the formula."""
    ns = solution("06-svhn-training")

    def unsmoothed(real, fake, smoothing=0.9):
        return tf.reduce_mean(tf.nn.softplus(-real)) + tf.reduce_mean(tf.nn.softplus(fake))

    message = fails(training_step.check_losses, unsmoothed, ns["generator_loss"],
                    match="expected 1.17873, got 1.12873")
    assert "softplus(" not in message

    def probabilities(real, fake, smoothing=0.9):
        p, q = tf.sigmoid(real), tf.sigmoid(fake)
        return (-tf.reduce_mean(smoothing * tf.math.log(p) + (1 - smoothing) * tf.math.log(1 - p))
                - tf.reduce_mean(tf.math.log(1 - q)))

    fails(training_step.check_losses, probabilities, ns["generator_loss"],
          match="its log becomes infinite")

    def only_discriminator(generator, discriminator, g_optimizer, d_optimizer, real, noise):
        with tf.GradientTape() as tape:
            fake_logits = discriminator(generator(noise, training=True), training=True)
            d_loss = ns["discriminator_loss"](discriminator(real, training=True), fake_logits)
        grads = tape.gradient(d_loss, discriminator.trainable_variables)
        d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
        return d_loss, ns["generator_loss"](fake_logits)

    fails(training_step.check_train_step, only_discriminator,
          match="left the generator's trainable weights as they were")
    fails(training_step.check_losses, unwritten, ns["generator_loss"], match="not written yet")
    fails(training_step.check_train_step, unwritten, match="unwritten is not written yet")


# -- lesson 07 ------------------------------------------------------------------------------

def test_representations(capsys):
    ns = solution("07-representations", "tiny_discriminator")
    passes(capsys, representations.check_slerp, ns["slerp"],
           line="Exercise 1: visible tests passed.")
    passes(capsys, representations.check_concept_arithmetic, ns["concept_arithmetic"],
           line="Exercise 2: visible tests passed.")
    passes(capsys, representations.check_d_features, ns["d_features"], ns["tiny_discriminator"],
           line="Exercise 3: visible tests passed")


def test_representations_mistakes():
    ns = solution("07-representations", "tiny_discriminator")

    def plain(z_a, z_b, z_c):
        return z_a.mean(0) - z_b.mean(0) + z_c.mean(0)

    fails(representations.check_concept_arithmetic, plain, match="far shorter")
    fails(representations.check_concept_arithmetic,
          lambda z_a, z_b, z_c: (z_a - z_b + z_c).mean(0), match="groups of different sizes")

    def lerp_fallback(z0, z1, t):  # the straight line for opposite vectors too
        if np.allclose(z1, -z0):
            return (1 - np.asarray(t)[:, None]) * z0 + np.asarray(t)[:, None] * z1
        return ns["slerp"](z0, z1, t)

    fails(representations.check_slerp, lerp_fallback, match="within 0 of the origin")
    fails(representations.check_slerp, unwritten, match="not written yet")

