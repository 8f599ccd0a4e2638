"""Lesson 01's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from verdict_harness import judge_in_process

NB = "01-gan-intro"


def d_loss(real, fake):
    return tf.reduce_mean(tf.nn.softplus(-real)) + tf.reduce_mean(tf.nn.softplus(fake))


def g_loss(fake):
    return tf.reduce_mean(tf.nn.softplus(-fake))


def d_loss_naive(real, fake):  # log(sigmoid) overflows for large logits
    return -tf.reduce_mean(tf.math.log(tf.sigmoid(real))) - tf.reduce_mean(
        tf.math.log(1 - tf.sigmoid(fake)))


def step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise, swap=False):
    if swap:
        g_optimizer, d_optimizer = d_optimizer, g_optimizer
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        real, fake = discriminator(real_batch, training=True), discriminator(fake, training=True)
        loss_d = d_loss(real, fake)
    grads = tape.gradient(loss_d, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
    with tf.GradientTape() as tape:
        loss_g = g_loss(discriminator(generator(noise, training=True), training=True))
    grads = tape.gradient(loss_g, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables, strict=True))
    return loss_d, loss_g


def test_losses_right_and_wrong():
    assert judge_in_process(NB, "ex1-tests", {"discriminator_loss": d_loss})[0]
    passed, message = judge_in_process(NB, "ex1-tests", {"discriminator_loss": d_loss_naive})
    assert not passed and "softplus" in message
    assert judge_in_process(NB, "ex2-tests", {"generator_loss": g_loss})[0]
    passed, message = judge_in_process(NB, "ex2-tests",
                                       {"generator_loss": lambda f: -g_loss(f)})
    assert not passed and "generator_loss" in message


def test_optimal_discriminator_zero_over_zero():
    def right(a, b):
        a, b = np.asarray(a, float), np.asarray(b, float)
        return np.divide(a, a + b, out=np.full(a.shape, 0.5), where=a + b > 0)

    assert judge_in_process(NB, "ex3-tests", {"optimal_discriminator": right})[0]
    passed, message = judge_in_process(NB, "ex3-tests",
                                       {"optimal_discriminator": lambda a, b: a / (a + b)})
    assert not passed and "RuntimeWarning" in message


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex1-tests", {"discriminator_loss": stub})
    assert not passed and "not written yet" in message


@pytest.mark.parametrize("swap", [False, True])
def test_train_step_catches_swapped_optimisers(swap):
    namespace = {"train_step": lambda *a: step(*a, swap=swap)}
    passed, message = judge_in_process(NB, "ex4-tests", namespace)
    assert passed is (not swap), message
    if swap:
        assert "weights" in message


@pytest.mark.parametrize("reply", [
    "not base64 at all!",
    "W1tbW1tb" * 2,  # base64 of brackets: not a reply
    "deep",
    "bad-float",
    "huge-array",
    "wrong-token",
])
def test_hostile_replies_are_unreadable_not_a_crash(reply):
    import base64
    import json

    import nbformat
    from verdict_harness import verdicts
    from verdicts.probe import MIME

    question = verdicts.ask(verdicts.exercise_for(NB, "ex1-tests"), seed=1)
    results = [{"value": 0.5}] * len(question.cases)
    if reply == "deep":  # nested past Python's recursion limit
        text = f'{{"token": "{question.token}", "results": {"[" * 200_000 + "]" * 200_000}}}'
        reply = base64.b64encode(text.encode()).decode()
    elif reply == "bad-float":
        results[0] = {"value": {"__float__": "not a number"}}
    elif reply == "huge-array":
        results[0] = {"value": {"__array__": "", "dtype": "float64", "shape": [10**12]}}
    if reply in ("bad-float", "huge-array", "wrong-token"):
        token = "someone else" if reply == "wrong-token" else question.token
        reply = base64.b64encode(json.dumps({"token": token, "results": results}).encode()
                                 ).decode()
    output = nbformat.NotebookNode(output_type="display_data", data={MIME: reply}, metadata={})
    passed, message = verdicts.judge(question, [output])
    assert not passed and "could not read" in message
