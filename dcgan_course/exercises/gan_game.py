"""Visible tests of lesson 01 (the GAN game): the two losses, the optimal discriminator and
one training step.

Expected losses are hard-coded numbers, not a reference loss function: a module-level
reference would be the exercise's answer, importable by the learner.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from dcgan_course import toy_gan
from dcgan_course.checks import (
    call_exercise,
    expect_close,
    expect_finite,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr

#: mean(softplus(-[2, 0.5, -1])) + mean(softplus([-3, 0])), computed in float64 with
#: np.logaddexp(0, x) for softplus(x).
DISCRIMINATOR_LOSS = 1.0089561603139443
#: mean(softplus(-[-3, 0, 4])), computed the same way.
GENERATOR_LOSS = 1.2532948200171659


def check_discriminator_loss(discriminator_loss: Callable[..., Any]) -> None:
    """Exercise 1: the value on a small batch, and finite for extreme logits."""
    real = tf.constant([[2.0], [0.5], [-1.0]])
    fake = tf.constant([[-3.0], [0.0]])
    loss = call_exercise(discriminator_loss, real, fake)
    expect_shape(loss, (), "discriminator_loss(real, fake)",
                 hint=tr("Average over the batch with tf.reduce_mean so the loss is one number."))
    expect_close(loss, DISCRIMINATOR_LOSS,
                 tr("discriminator_loss on real logits [2, 0.5, -1] and fake logits [-3, 0]"),
                 hint=tr("Real samples have target 1: softplus(-logit). Fakes have target 0: "
                         "softplus(logit). Add the two means."))
    extreme = call_exercise(discriminator_loss, tf.constant([[-1000.0]]),
                            tf.constant([[1000.0]]))
    expect_finite(extreme, tr("discriminator_loss with logits of -1000 (real) and +1000 (fake)"),
                  hint=tr("Taking tf.sigmoid first and then tf.math.log gives log(0) = -inf. "
                          "Use tf.nn.softplus on the logits instead."))
    expect_close(extreme, 2000.0,
                 tr("discriminator_loss with logits of -1000 (real) and +1000 (fake)"))
    print(tr("Exercise 1: visible tests passed."))


def check_generator_loss(generator_loss: Callable[..., Any]) -> None:
    """Exercise 2: the non-saturating loss on a small batch, finite for extreme logits."""
    fake = tf.constant([[-3.0], [0.0], [4.0]])
    loss = call_exercise(generator_loss, fake)
    expect_shape(loss, (), "generator_loss(fake_logits)", hint=tr("Average over the batch."))
    expect_close(loss, GENERATOR_LOSS, tr("generator_loss on fake logits [-3, 0, 4]"),
                 hint=tr("The non-saturating loss is softplus(-logit): the fakes' cross-entropy "
                         "with target 1. log(1 - D) would be the saturating loss, which has the "
                         "wrong sign and shape."))
    expect_finite(call_exercise(generator_loss, tf.constant([[-1000.0], [1000.0]])),
                  tr("generator_loss with logits of -1000 and +1000"),
                  hint=tr("Use tf.nn.softplus on the logits, not log(sigmoid(...))."))
    print(tr("Exercise 2: visible tests passed."))


def check_optimal_discriminator(optimal_discriminator: Callable[..., Any]) -> None:
    """Exercise 3: D* point by point, and 1/2 without a NumPy warning where both are 0."""
    expect_close(call_exercise(optimal_discriminator, [0.3, 0.0, 0.2], [0.1, 0.4, 0.2]),
                 [0.75, 0.0, 0.5], "optimal_discriminator([0.3, 0, 0.2], [0.1, 0.4, 0.2])",
                 hint=tr("D*(x) = p_data / (p_data + p_g), point by point."))
    what = tr("optimal_discriminator where both densities are 0")
    hint = tr("Where both densities are 0 the ratio is 0 / 0: D* is 1/2 there (the docstring). "
              "Divide only where the total is positive, so NumPy never warns.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            both_zero = call_exercise(optimal_discriminator, np.array([0.0, 2.0]),
                                      np.array([0.0, 0.0]))
        except RuntimeWarning as warning:  # shown as the check's message, not a traceback
            expect_true(False, what, tr("NumPy warned: {warning}.", warning=warning), hint=hint)
    expect_close(both_zero, [0.5, 1.0], what, hint=hint)
    print(tr("Exercise 3: visible tests passed."))


def check_train_step(train_step: Callable[..., Any],
                     discriminator_loss: Callable[..., Any]) -> None:
    """Exercise 4: one step on the toy GAN updates both networks and returns D's loss.

    The returned d_loss is compared with the learner's own ``discriminator_loss`` on the
    networks as they were before the step.
    """
    def changed(before: list[np.ndarray], model: tf.keras.Model) -> bool:
        # trainable weights only: batch norm's moving averages move without any update
        after = [v.numpy() for v in model.trainable_variables]
        return any(not np.allclose(b, a) for b, a in zip(before, after, strict=True))

    rng = np.random.default_rng(0)
    real_batch = toy_gan.ONE_PEAK.sample(16, rng)
    noise = rng.standard_normal((16, 4)).astype(np.float32)
    g, d = toy_gan.build_generator(noise_dim=4, seed=1), toy_gan.build_discriminator(seed=2)
    g_before = [v.numpy().copy() for v in g.trainable_variables]
    d_before = [v.numpy().copy() for v in d.trainable_variables]
    d_loss_before = call_exercise(discriminator_loss, d(real_batch), d(g(noise)))

    result = call_exercise(train_step, g, d, tf.keras.optimizers.SGD(0.1),
                           tf.keras.optimizers.SGD(0.1), real_batch, noise)
    expect_true(isinstance(result, tuple | list) and len(result) == 2, "train_step(...)",
                tr("should return the tuple (d_loss, g_loss), returned {kind}.",
                   kind=type(result).__name__))
    d_loss, g_loss = result
    expect_finite(d_loss, tr("d_loss returned by train_step"))
    expect_finite(g_loss, tr("g_loss returned by train_step"))
    expect_true(changed(d_before, d), "train_step", tr("did not change the discriminator's "
                                                       "weights."),
                hint=tr("Apply the gradients with d_optimizer.apply_gradients(zip(grads, "
                        "discriminator.trainable_variables))."))
    expect_true(changed(g_before, g), "train_step", tr("did not change the generator's weights."),
                hint=tr("Apply the generator's gradients with g_optimizer to "
                        "generator.trainable_variables."))
    expect_close(d_loss, d_loss_before, tr("d_loss returned by train_step"),
                 hint=tr("Return the discriminator loss computed before its update, on the "
                         "fakes made from `noise` by the generator as it was at the start of "
                         "the step."),
                 rtol=1e-4, atol=1e-5)
    print(tr("Exercise 4: visible tests passed."))
