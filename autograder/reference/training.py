"""Reference answers of lesson 06: the DCGAN losses (exercise 1) and the training step
(exercise 2), for the grader, the tests, the benchmarks and the instructor's command line.

The learner package holds none of this: lesson 06 trains the learner's own step, and the
learner edition never ships these bodies (see ``autograder/reference/__init__.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import tensorflow as tf
from tensorflow import keras

SMOOTHING = 0.9


def discriminator_loss(real_logits: tf.Tensor, fake_logits: tf.Tensor,
                       smoothing: float = SMOOTHING) -> tf.Tensor:
    """Cross-entropy from logits: real images labelled ``smoothing`` (one-sided), fakes 0.

    Computed in float32 whatever the logits' dtype (mixed precision), as
    ``smoothing * softplus(-r) + (1 - smoothing) * softplus(r)`` for the reals.
    """
    real_logits = tf.cast(real_logits, tf.float32)
    fake_logits = tf.cast(fake_logits, tf.float32)
    real = smoothing * tf.nn.softplus(-real_logits) + (1.0 - smoothing) * tf.nn.softplus(
        real_logits)
    return tf.reduce_mean(real) + tf.reduce_mean(tf.nn.softplus(fake_logits))


def generator_loss(fake_logits: tf.Tensor) -> tf.Tensor:
    """The non-saturating generator loss: mean of -log D(G(z)), computed from logits."""
    return tf.reduce_mean(tf.nn.softplus(-tf.cast(fake_logits, tf.float32)))


def step_with(d_loss_fn: Callable, g_loss_fn: Callable, generator: keras.Model,
              discriminator: Any, g_optimizer: keras.optimizers.Optimizer,
              d_optimizer: keras.optimizers.Optimizer, real_batch: tf.Tensor,
              noise: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """One simultaneous DCGAN step with given losses (exercise 2's algorithm).

    The fakes are made once; real and fake go through D in two calls (batch norm sees each
    batch's own statistics); both gradients come from the one forward pass (two tapes).
    """
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = tf.cast(d_loss_fn(real_logits, fake_logits), tf.float32)
        g_loss = tf.cast(g_loss_fn(fake_logits), tf.float32)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars, strict=True))
    g_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars, strict=True))
    return d_loss, g_loss


def make_train_step(smoothing: float = SMOOTHING) -> Callable:
    """Exercise 2's ``train_step(generator, discriminator, g_optimizer, d_optimizer,
    real_batch, noise) -> (d_loss, g_loss)`` with the reference losses."""
    return functools.partial(step_with,
                             lambda r, f: discriminator_loss(r, f, smoothing), generator_loss)


#: The reference step with the lesson's smoothing (0.9).
train_step = make_train_step()
