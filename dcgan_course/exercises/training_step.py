"""Visible tests of lesson 06 (training on SVHN): the losses with one-sided label smoothing,
and the DCGAN training step.

Expected losses are hard-coded numbers, not a reference cross-entropy: a module-level
reference would be the exercise's answer, importable by the learner. The step is checked
on the lesson's own ``tiny_models`` (defined in the notebook and passed in), with the
learner's own losses as the reference for what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow import keras

from dcgan_course.checks import (
    call_exercise,
    expect_close,
    expect_finite,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr

#: Real logits [2, -1, 0.5] and fake logits [0.3, -2]. With bce(l, t) = t * softplus(-l)
#: + (1 - t) * softplus(l) (np.logaddexp(0, x) for softplus, float64):
#: mean(bce(real, 0.9)) + mean(bce(fake, 0)).
D_LOSS_SMOOTHED = 1.1787305220028503
#: mean(bce(real, 1)) + mean(bce(fake, 0)): lesson 01's loss.
D_LOSS_UNSMOOTHED = 1.1287305220028505
#: mean(bce(fake, 1)).
G_LOSS = 1.3406416277557498


def check_losses(discriminator_loss: Callable[..., Any],
                 generator_loss: Callable[..., Any]) -> None:
    """Exercise 1: both losses on a small batch, with and without smoothing, and extremes."""
    real = tf.constant([[2.0], [-1.0], [0.5]])
    fake = tf.constant([[0.3], [-2.0]])
    loss = call_exercise(discriminator_loss, real, fake)
    expect_shape(loss, (), "discriminator_loss(real, fake)",
                 hint=tr("Average over the batch with tf.reduce_mean so the loss is one number."))
    expect_close(loss, D_LOSS_SMOOTHED,
                 tr("discriminator_loss(real, fake) with the default smoothing 0.9"), rtol=1e-5,
                 hint=tr("Real images get target 0.9: 0.9*softplus(-l) + 0.1*softplus(l), "
                         "averaged; plus the mean of softplus(l) over the fakes."))
    expect_close(call_exercise(discriminator_loss, real, fake, smoothing=1.0),
                 D_LOSS_UNSMOOTHED, "discriminator_loss(real, fake, smoothing=1.0)", rtol=1e-5,
                 hint=tr("With smoothing=1.0 it is lesson 01's loss; use the `smoothing` "
                         "argument."))
    expect_finite(call_exercise(discriminator_loss, tf.constant([[-1000.0], [1000.0]]),
                                tf.constant([[1000.0]])),
                  tr("discriminator_loss with logits of ±1000"),
                  hint=tr("Work on logits with tf.nn.softplus; never take log(sigmoid(l))."))
    g = call_exercise(generator_loss, fake)
    expect_shape(g, (), "generator_loss(fake)")
    expect_close(g, G_LOSS, "generator_loss(fake)", rtol=1e-5,
                 hint=tr("mean(softplus(-l)): the fakes scored with target 1, no smoothing."))
    expect_close(call_exercise(generator_loss, tf.constant([[-1000.0]])), 1000.0,
                 tr("generator_loss for a fake rejected with logit -1000"), rtol=1e-5)
    print(tr("Exercise 1: visible tests passed."))


def check_train_step(train_step: Callable[..., Any], discriminator_loss: Callable[..., Any],
                     generator_loss: Callable[..., Any],
                     tiny_models: Callable[..., tuple[keras.Model, keras.Model]]) -> None:
    """Exercise 2: one step updates both networks and returns the forward pass's losses.

    ``tiny_models(seed)`` builds the same small generator and discriminator again for the
    same seed, so a second pair shows what the losses were before the step.
    """
    def changed(before: list[np.ndarray], model: keras.Model) -> bool:
        # trainable weights only: batch norm's moving averages move without any update
        after = [v.numpy() for v in model.trainable_variables]
        return any(not np.allclose(b, a) for b, a in zip(before, after, strict=True))

    rng = np.random.default_rng(0)
    real_batch = tf.constant(rng.uniform(-1, 1, (4, 8, 8, 3)), tf.float32)
    noise = tf.constant(rng.standard_normal((4, 8)), tf.float32)
    g, d = tiny_models(seed=1)
    g_before = [v.numpy().copy() for v in g.trainable_variables]
    d_before = [v.numpy().copy() for v in d.trainable_variables]
    result = call_exercise(train_step, g, d, keras.optimizers.Adam(2e-4, beta_1=0.5),
                           keras.optimizers.Adam(2e-4, beta_1=0.5), real_batch, noise)
    expect_true(isinstance(result, tuple | list) and len(result) == 2, "train_step(...)",
                tr("should return the tuple (d_loss, g_loss), returned {kind}.",
                   kind=type(result).__name__))
    d_loss, g_loss = result
    expect_shape(d_loss, (), tr("d_loss returned by train_step"))
    expect_shape(g_loss, (), tr("g_loss returned by train_step"))
    expect_finite(d_loss, tr("d_loss returned by train_step"))
    expect_finite(g_loss, tr("g_loss returned by train_step"))
    expect_true(changed(d_before, d), "train_step", tr("did not change the discriminator's "
                                                       "weights."),
                hint=tr("d_optimizer.apply_gradients(zip(d_grads, "
                        "discriminator.trainable_variables))"))
    expect_true(changed(g_before, g), "train_step", tr("did not change the generator's weights."),
                hint=tr("g_optimizer.apply_gradients(zip(g_grads, "
                        "generator.trainable_variables))"))
    g2, d2 = tiny_models(seed=1)
    fake_logits = d2(g2(noise, training=True), training=True)
    expect_close(d_loss, call_exercise(discriminator_loss, d2(real_batch, training=True),
                                       fake_logits),
                 tr("d_loss returned by train_step"), rtol=1e-4, atol=1e-6,
                 hint=tr("Return the loss of the forward pass, computed with your "
                         "discriminator_loss on D's logits for the real batch and for the fakes "
                         "made from `noise`."))
    expect_close(g_loss, call_exercise(generator_loss, fake_logits),
                 tr("g_loss returned by train_step"), rtol=1e-4, atol=1e-6,
                 hint=tr("g_loss is your generator_loss of the same fake logits (before any "
                         "update)."))
    print(tr("Exercise 2: visible tests passed."))
