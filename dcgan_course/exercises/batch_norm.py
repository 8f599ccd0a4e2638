"""Visible tests of lesson 03 (batch normalization): training mode, moving averages,
inference mode, and where batch norm goes in a DCGAN.

The references are Keras's own BatchNormalization layer, built inside each check (never a
module-level helper: that would be the exercise's answer, importable by the learner).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from dcgan_course.checks import (
    call_exercise,
    expect_close,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr


def _check_one_batch_norm_train(batch_norm_train: Callable[..., Any], x: np.ndarray,
                                gamma: np.ndarray, beta: np.ndarray, epsilon: float,
                                what: str) -> None:
    result = call_exercise(batch_norm_train, x, gamma, beta, epsilon)
    expect_true(isinstance(result, tuple | list) and len(result) == 3, what,
                tr("should return the tuple (y, mean, variance), returned {kind}.",
                   kind=type(result).__name__))
    y, mean, variance = result
    channels = x.shape[-1]
    expect_shape(mean, (channels,), tr("mean returned by {what}", what=what),
                 hint=tr("Average over every axis except the last: axis=0 for (batch, "
                         "channels), axis=(0, 1, 2) for (batch, height, width, channels)."))
    expect_shape(variance, (channels,), tr("variance returned by {what}", what=what))
    axes = tuple(range(x.ndim - 1))
    expect_close(mean, x.mean(axis=axes), tr("mean returned by {what}", what=what), rtol=1e-5,
                 atol=1e-5)
    n = x.size // channels
    expect_true(not np.allclose(np.asarray(variance), x.var(axis=axes) * n / (n - 1),
                                rtol=1e-4),
                tr("variance returned by {what}", what=what), tr("you divided by m - 1."),
                hint=tr("Batch norm uses the biased variance (divide by m): np.var's default "
                        "ddof=0."))
    expect_close(variance, x.var(axis=axes), tr("variance returned by {what}", what=what),
                 rtol=1e-4,
                 atol=1e-5)
    # What tf.keras.layers.BatchNormalization returns in training mode.
    layer = tf.keras.layers.BatchNormalization(epsilon=epsilon)
    layer.build(x.shape)
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    expect_close(y, layer(x, training=True).numpy(), tr("y returned by {what}", what=what),
                 rtol=1e-5, atol=1e-5,
                 hint=tr("y = gamma * (x - mean) / sqrt(variance + epsilon) + beta, with "
                         "epsilon inside the square root."))


def check_batch_norm_train(batch_norm_train: Callable[..., Any]) -> None:
    """Exercise 1: a dense and an image batch, compared with Keras in training mode."""
    rng = np.random.default_rng(1)
    dense = rng.normal(2.0, 3.0, (6, 3)).astype(np.float32)
    _check_one_batch_norm_train(batch_norm_train, dense, np.array([1.0, 2.0, 0.5], np.float32),
                                np.array([0.0, -1.0, 3.0], np.float32), 1e-3,
                                "batch_norm_train on a (6, 3) dense batch")
    images = rng.normal(-1.0, 2.0, (4, 5, 5, 2)).astype(np.float32)
    _check_one_batch_norm_train(batch_norm_train, images, np.array([1.5, 0.7], np.float32),
                                np.array([0.2, -0.3], np.float32), 1e-3,
                                "batch_norm_train on a (4, 5, 5, 2) image batch")
    print(tr("Exercise 1: visible tests passed."))


def check_moving_averages(update_moving_averages: Callable[..., Any]) -> None:
    """Exercise 2: one hand-computed update, then five batches replayed against Keras."""
    what = "update_moving_averages([0, 0], [1, 1], batch_mean=[1, -2], batch_variance=[4, 9])"
    result = call_exercise(update_moving_averages, np.zeros(2), np.ones(2),
                           np.array([1.0, -2.0]), np.array([4.0, 9.0]))
    expect_true(isinstance(result, tuple | list) and len(result) == 2, what,
                tr("should return the tuple (new_moving_mean, new_moving_variance), returned "
                   "{kind}.", kind=type(result).__name__))
    new_mean, new_var = result
    expect_true(not np.allclose(np.asarray(new_mean, float), [0.99, -1.98]), what,
                tr("the new mean is [0.99, -1.98], which is PyTorch's convention (momentum "
                   "weighs the new batch)."),
                hint=tr("in Keras momentum weighs the OLD value: new = moving * momentum + "
                        "batch * (1 - momentum)."))
    expect_close(new_mean, [0.01, -0.02], tr("new moving mean from {what}", what=what),
                 hint=tr("new = moving * momentum + batch * (1 - momentum), with momentum = "
                         "0.99."))
    expect_close(new_var, [1.03, 1.08], tr("new moving variance from {what}", what=what))

    # five training-mode calls of a real Keras layer, replayed with the learner's function
    layer = tf.keras.layers.BatchNormalization(momentum=0.99)
    rng = np.random.default_rng(2)
    moving_mean, moving_var = np.zeros(3), np.ones(3)
    for _ in range(5):
        batch = rng.normal([3.0, -1.0, 0.0], [2.0, 0.1, 5.0], (32, 3)).astype(np.float32)
        layer(batch, training=True)
        moving_mean, moving_var = call_exercise(update_moving_averages, moving_mean,
                                                moving_var, batch.mean(axis=0),
                                                batch.var(axis=0), 0.99)
    expect_close(moving_mean, layer.moving_mean.numpy(),
                 tr("moving mean after 5 batches, compared with "
                    "tf.keras.layers.BatchNormalization"),
                 rtol=1e-4, atol=1e-5)
    expect_close(moving_var, layer.moving_variance.numpy(),
                 tr("moving variance after 5 batches, compared with "
                    "tf.keras.layers.BatchNormalization"), rtol=1e-4, atol=1e-5)
    print(tr("Exercise 2: visible tests passed."))


def check_batch_norm_inference(batch_norm_inference: Callable[..., Any]) -> None:
    """Exercise 3: a (5, 3) batch against Keras with training=False, and one example alone."""
    rng = np.random.default_rng(3)
    x = rng.normal(1.0, 2.0, (5, 3)).astype(np.float32)
    stats = [np.array(v, np.float32) for v in ([0.5, -1.0, 2.0], [4.0, 0.25, 1.0],
                                               [1.0, 2.0, 0.5], [0.0, 0.1, -0.2])]
    moving_mean, moving_variance, gamma, beta = stats
    layer = tf.keras.layers.BatchNormalization(epsilon=1e-3)
    layer.build(x.shape)
    layer.set_weights([gamma, beta, moving_mean, moving_variance])
    want = layer(x, training=False).numpy()
    expect_close(call_exercise(batch_norm_inference, x, *stats), want,
                 tr("batch_norm_inference on a (5, 3) batch, compared with Keras "
                    "(training=False)"),
                 rtol=1e-5, atol=1e-5,
                 hint=tr("y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + "
                         "beta. Do not compute the batch's own mean or variance."))
    expect_close(call_exercise(batch_norm_inference, x[:1], *stats), want[:1],
                 tr("batch_norm_inference on the first example alone"),
                 hint=tr("In inference mode an example's output must not depend on the rest of "
                         "the batch."))
    print(tr("Exercise 3: visible tests passed."))


def check_batch_norm_positions(batch_norm_positions: Callable[..., Any]) -> None:
    """Exercise 4: the answer's form, and no batch norm on the generator's output layer.

    The full answer is checked only by the grader's hidden test.
    """
    answer = call_exercise(batch_norm_positions)
    expect_true(isinstance(answer, dict) and set(answer) == {"generator", "discriminator"},
                "batch_norm_positions()",
                tr("should return a dict with the keys 'generator' and 'discriminator', "
                   "returned {answer!r}.", answer=answer))
    for network in ("generator", "discriminator"):
        layers = answer[network]
        expect_true(isinstance(layers, list | tuple)
                    and all(isinstance(i, int | np.integer) and 1 <= i <= 4 for i in layers),
                    f"batch_norm_positions()[{network!r}]",
                    tr("should be a list of weight-layer numbers between 1 and 4, got "
                       "{layers!r}.", layers=layers))
    expect_true(4 not in answer["generator"], "batch_norm_positions()['generator']",
                tr("contains 4, the output layer."),
                hint=tr("The DCGAN paper leaves batch norm out of the generator's output layer: "
                        "the pixels must be free to match the data's statistics."))
    print(tr("Exercise 4: visible tests passed (the hidden test checks the full answer)."))
