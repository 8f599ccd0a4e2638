"""Lesson 06's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import pytest
import tensorflow as tf
from verdict_harness import judge_in_process


def said(text: str, message: str) -> bool:
    """``text`` in ``message``, whatever the line wrapping."""
    return text in " ".join(message.split())

NB = "06-svhn-training"


def d_loss(real, fake, smoothing=0.9):
    real = tf.convert_to_tensor(real, tf.float32)
    return (tf.reduce_mean(smoothing * tf.nn.softplus(-real)
                           + (1 - smoothing) * tf.nn.softplus(real))
            + tf.reduce_mean(tf.nn.softplus(fake)))


def g_loss(fake):
    return tf.reduce_mean(tf.nn.softplus(-fake))


def losses(**changes):
    return {"discriminator_loss": d_loss, "generator_loss": g_loss, **changes}


def test_losses_right():
    passed, message = judge_in_process(NB, "ex1-tests", losses())
    assert passed, message


@pytest.mark.parametrize("wrong, expected", [
    (lambda r, f, smoothing=0.9: d_loss(r, f), "whatever `smoothing` is passed"),
    (lambda r, f, smoothing=0.9: d_loss(r, f) + tf.reduce_mean(
        (1 - smoothing) * (tf.nn.softplus(-f) - tf.nn.softplus(f))), "one-sided"),
    (lambda r, f, smoothing=0.9: -tf.reduce_mean(smoothing * tf.math.log(tf.sigmoid(r))
                                                 + (1 - smoothing) * tf.math.log(
                                                     1 - tf.sigmoid(r)))
     - tf.reduce_mean(tf.math.log(1 - tf.sigmoid(f))), "never take log(sigmoid"),
])
def test_discriminator_loss_mistakes(wrong, expected):
    passed, message = judge_in_process(NB, "ex1-tests", losses(discriminator_loss=wrong))
    assert not passed and said(expected, message), message


def test_generator_loss_smoothed_by_mistake():
    passed, message = judge_in_process(NB, "ex1-tests", losses(
        generator_loss=lambda f: tf.reduce_mean(0.9 * tf.nn.softplus(-f)
                                                + 0.1 * tf.nn.softplus(f))))
    assert not passed and said("one-sided and for the discriminator only", message), message


def test_losses_not_written_yet():
    def stub(*args, **kwargs):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex1-tests", losses(discriminator_loss=stub))
    assert not passed and "not written yet" in message


def make_step(concatenate=False, swap=False, numpy=False):
    def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        if swap:
            g_optimizer, d_optimizer = d_optimizer, g_optimizer
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(noise, training=True)
            if concatenate:
                logits = discriminator(tf.concat([real_batch, fake], 0), training=True)
                real_logits, fake_logits = tf.split(logits, 2)
            else:
                real_logits = discriminator(real_batch, training=True)
                fake_logits = discriminator(fake, training=True)
            loss_d, loss_g = d_loss(real_logits, fake_logits), g_loss(fake_logits)
        d_grads = d_tape.gradient(loss_d, discriminator.trainable_variables)
        g_grads = g_tape.gradient(loss_g, generator.trainable_variables)
        d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
        g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
        if numpy:
            return float(loss_d.numpy()), float(loss_g.numpy())
        return loss_d, loss_g

    return train_step


def d_first_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    with tf.GradientTape() as tape:
        loss_d = d_loss(discriminator(real_batch, training=True),
                        discriminator(generator(noise, training=True), training=True))
    grads = tape.gradient(loss_d, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
    with tf.GradientTape() as tape:
        loss_g = g_loss(discriminator(generator(noise, training=True), training=True))
    grads = tape.gradient(loss_g, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables, strict=True))
    return loss_d, loss_g


def test_train_step_right():
    passed, message = judge_in_process(NB, "ex2-tests", losses(train_step=make_step()))
    assert passed, message


@pytest.mark.parametrize("step, expected", [
    (make_step(concatenate=True), "ONE discriminator call"),
    (make_step(swap=True), "its own optimiser"),
    (d_first_step, "lesson 01's step"),
    (make_step(numpy=True), "tf.function"),
])
def test_train_step_mistakes(step, expected):
    passed, message = judge_in_process(NB, "ex2-tests", losses(train_step=step))
    assert not passed and said(expected, message), message
