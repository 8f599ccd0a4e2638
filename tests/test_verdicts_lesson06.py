"""Lesson 06's grader verdicts: right answers in their several forms pass on any draw, an
unfinished exercise says so, and nothing the grader knows reaches the learner's kernel.

Every catalogued mistake's message, in the visible check and here, is checked by
``test_mistake_catalogue.py`` with the wrong answers of ``tests/mistakes/lesson06.py``.
"""

from __future__ import annotations

import pytest
import tensorflow as tf
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
import verdicts
from verdict_harness import judge_in_process

import dcgan_course.training as training

NB = "06-svhn-training"


def d_loss(real, fake, smoothing=0.9):
    real = tf.convert_to_tensor(real, tf.float32)
    return (tf.reduce_mean(smoothing * tf.nn.softplus(-real)
                           + (1 - smoothing) * tf.nn.softplus(real))
            + tf.reduce_mean(tf.nn.softplus(fake)))


def d_loss_log_sigmoid(real, fake, smoothing=0.9):
    """The same loss derived with log σ(l) = -softplus(-l) and 1 - σ(l) = σ(-l)."""
    real_terms = -(smoothing * tf.math.log_sigmoid(real)
                   + (1 - smoothing) * tf.math.log_sigmoid(-real))
    return tf.reduce_mean(real_terms) - tf.reduce_mean(tf.math.log_sigmoid(-fake))


def g_loss(fake):
    return tf.reduce_mean(tf.nn.softplus(-fake))


def losses(**changes):
    return {"discriminator_loss": d_loss, "generator_loss": g_loss, **changes}


def two_tapes(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        loss_d, loss_g = d_loss(real_logits, fake_logits), g_loss(fake_logits)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(loss_d, d_vars), d_vars, strict=True))
    g_optimizer.apply_gradients(zip(g_tape.gradient(loss_g, g_vars), g_vars, strict=True))
    return loss_d, loss_g


def persistent_tape(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    with tf.GradientTape(persistent=True) as tape:
        fake_logits = discriminator(generator(noise, training=True), training=True)
        loss_d = d_loss(discriminator(real_batch, training=True), fake_logits)
        loss_g = g_loss(fake_logits)
    g_grads = tape.gradient(loss_g, generator.trainable_variables)
    d_grads = tape.gradient(loss_d, discriminator.trainable_variables)
    del tape
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
    return loss_d, loss_g


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("discriminator_loss", [d_loss, d_loss_log_sigmoid])
def test_right_losses_pass_on_any_draw(seed, discriminator_loss):
    passed, message = judge_in_process(NB, "ex1-tests",
                                       losses(discriminator_loss=discriminator_loss), seed=seed)
    assert passed, message


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("step", [two_tapes, persistent_tape])
def test_right_steps_pass_on_any_draw(seed, step):
    passed, message = judge_in_process(NB, "ex2-tests", losses(train_step=step), seed=seed)
    assert passed, message


def test_unfinished_exercises_say_so():
    def stub(*args, **kwargs):
        raise NotImplementedError()

    for grade_id, answer in (("ex1-tests", losses(discriminator_loss=stub)),
                             ("ex2-tests", losses(train_step=stub))):
        passed, message = judge_in_process(NB, grade_id, answer)
        assert not passed and "not written yet" in message, message


def test_the_probe_carries_inputs_only():
    """What the learner's kernel receives holds no right value and no mistake's value."""
    for grade_id in ("ex1-tests", "ex2-tests"):
        question = verdicts.ask(verdicts.exercise_for(NB, grade_id), seed=0)
        for case in question.cases:
            assert not {"want", "variants", "result", "g", "d"} & set(case), sorted(case)


def test_the_package_holds_no_answer_to_delegate_to():
    """Lesson 06's answers are not in the learner package (issue 26): nothing to paste."""
    for name in ("discriminator_loss", "generator_loss", "course_train_step",
                 "_course_step_with", "_d_loss", "_g_loss"):
        assert not hasattr(training, name), name
    from pathlib import Path

    package = Path(training.__file__).parent
    for module in ("training.py", "exercises/training_step.py", "dashboard.py"):
        text = (package / module).read_text()
        assert "softplus" not in text and "sigmoid_cross_entropy" not in text, module
        assert "GradientTape" not in text, module
