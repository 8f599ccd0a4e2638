"""Lesson 07's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from verdict_harness import judge_in_process

NB = "07-representations"


def said(text: str, message: str) -> bool:
    """``text`` in ``message``, whatever the line wrapping."""
    return text in " ".join(message.split())


def slerp(z0, z1, t, clip=True, parallel=True, opposite=True):
    """The right answer (and, with a flag off, a mistake): a closed form for opposite ends."""
    z0, z1 = np.asarray(z0, float), np.asarray(z1, float)
    t = np.asarray(t, float)[:, None]
    cos = z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1))
    omega = np.arccos(np.clip(cos, -1, 1) if clip else cos)
    if parallel and np.sin(omega) < 1e-6 and (cos > 0 or not opposite):
        return (1 - t) * z0 + t * z1
    if opposite and np.sin(omega) < 1e-6:
        # any perpendicular direction will do: here the first axis z0 is not along
        u = np.linalg.svd(z0[None])[2][1]
        return np.cos(np.pi * t) * z0 + np.sin(np.pi * t) * np.linalg.norm(z0) * u
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


def t_row(z0, z1, t):
    """slerp with t left as a row: NumPy's broadcast error unless len(t) == len(z0)."""
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


@pytest.mark.parametrize("seed", range(4))
def test_slerp_right_on_any_draw(seed):
    passed, message = judge_in_process(NB, "ex1-tests", {"slerp": slerp}, seed=seed)
    assert passed, message


@pytest.mark.parametrize("wrong, expected", [
    (lambda z0, z1, t: (1 - np.asarray(t)[:, None]) * z0 + np.asarray(t)[:, None] * z1,
     "straight line"),
    (lambda z0, z1, t: slerp(z1, z0, t), "runs backwards"),
    (lambda z0, z1, t: slerp(z0, z1, t, parallel=False, opposite=False), "not finite"),
    (lambda z0, z1, t: slerp(z0, z1, t) / np.linalg.norm(slerp(z0, z1, t), axis=1,
                                                          keepdims=True), "length 1"),
    (lambda z0, z1, t: slerp(z0, z1, t, opposite=False), "within"),
    (lambda z0, z1, t: t_row(z0, z1, t), "did not broadcast"),
])
def test_slerp_mistakes(wrong, expected):
    passed, message = judge_in_process(NB, "ex1-tests", {"slerp": wrong})
    assert not passed and said(expected, message), message


def test_slerp_forged_inputs_sent_back_fail():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "slerp": lambda z0, z1, t: np.stack([z0] * (len(t) - 1) + [z1])})
    assert not passed, message


def test_slerp_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex1-tests", {"slerp": stub})
    assert not passed and "not written yet" in message


def arithmetic(a, b, c):
    y = np.mean(a, 0) - np.mean(b, 0) + np.mean(c, 0)
    return y / np.linalg.norm(y) * np.sqrt(y.size)


@pytest.mark.parametrize("seed", range(4))
def test_arithmetic_right_on_any_draw(seed):
    passed, message = judge_in_process(NB, "ex2-tests", {"concept_arithmetic": arithmetic},
                                       seed=seed)
    assert passed, message


def test_arithmetic_at_the_chi_mean_length_passes():
    """The exact mean length of a Gaussian sample, sqrt(2) Γ((d+1)/2) / Γ(d/2), is as good."""
    from scipy.special import gammaln

    def chi(a, b, c):
        d = a.shape[1]
        y = arithmetic(a, b, c) / np.sqrt(d)
        return y * np.sqrt(2) * np.exp(gammaln((d + 1) / 2) - gammaln(d / 2))

    passed, message = judge_in_process(NB, "ex2-tests", {"concept_arithmetic": chi})
    assert passed, message


@pytest.mark.parametrize("wrong, expected", [
    (lambda a, b, c: arithmetic(a[:1], b[:1], c[:1]), "one vector per concept"),
    (lambda a, b, c: arithmetic(a.sum(0, keepdims=True), b.sum(0, keepdims=True),
                                c.sum(0, keepdims=True)), "sums"),
    (lambda a, b, c: arithmetic(a, -b, -c), "A + B - C"),
    (lambda a, b, c: a.mean(0) - b.mean(0) + c.mean(0), "far shorter"),
    (lambda a, b, c: arithmetic(a, b, c) / np.sqrt(a.shape[1]), "length 1"),
    (lambda a, b, c: (a - b + c).mean(0), "groups of different sizes"),
])
def test_arithmetic_mistakes(wrong, expected):
    passed, message = judge_in_process(NB, "ex2-tests", {"concept_arithmetic": wrong})
    assert not passed and said(expected, message), message


def features(d, images, training=False, pool=tf.nn.max_pool2d, last_only=False):
    """The paper's design: every LeakyReLU output max-pooled to 4x4, concatenated."""
    x = tf.convert_to_tensor(images, tf.float32)
    pieces = []
    for layer in d.layers:
        x = layer(x, training=training)
        if type(layer).__name__ == "LeakyReLU":
            w = int(x.shape[1]) // 4
            pieces.append(tf.reshape(pool(x, w, w, "VALID"), (x.shape[0], -1)))
    if last_only:
        pieces = pieces[-1:]
    return tf.concat(pieces, 1).numpy().astype(np.float32)


def global_average(d, images, layers_kept=("BatchNormalization", "LeakyReLU")):
    """Another reasonable design: the mean of each channel of the deeper layers."""
    x = tf.convert_to_tensor(images, tf.float32)
    pieces = []
    for i, layer in enumerate(d.layers[:-2]):
        x = layer(x, training=False)
        if i >= 2 and type(layer).__name__ in layers_kept:
            pieces.append(tf.reduce_mean(x, axis=(1, 2)))
    return tf.concat(pieces, 1).numpy().astype(np.float32)


def unpooled(d, images):
    x = tf.convert_to_tensor(images, tf.float32)
    for layer in d.layers[:-2]:
        x = layer(x, training=False)
    return tf.reshape(x, (x.shape[0], -1)).numpy().astype(np.float32)


def with_logit(d, images):
    logit = d(tf.convert_to_tensor(images, tf.float32), training=False).numpy()
    return np.hstack([features(d, images), logit]).astype(np.float32)


@pytest.mark.parametrize("design", [
    features,
    lambda d, x: features(d, x, pool=tf.nn.avg_pool2d),
    lambda d, x: features(d, x, last_only=True),
    global_average,
], ids=["paper-max-4x4", "average-4x4", "last-layer-only", "global-average-deep-layers"])
def test_reasonable_designs_pass(design):
    passed, message = judge_in_process(NB, "ex3-tests", {"d_features": design})
    assert passed, message


@pytest.mark.parametrize("wrong, expected", [
    (lambda d, x: features(d, x, training=True), "Which mode of a Keras layer"),
    (lambda d, x: d(x, training=False).numpy(), "one number per image"),
    (with_logit, "final Dense layer (the logit) changed"),
    (unpooled, "your length follows the image size"),
    (lambda d, x: tf.image.resize(x, (4, 4)).numpy().reshape(len(x), -1),
     "do not come from what D computes"),
    (lambda d, x: features(d, x).astype(np.float64), "Return float32"),
    (lambda d, x: tf.constant(features(d, x)), "return a NumPy array"),
    (lambda d, x: np.repeat(features(d, x).mean(0, keepdims=True), len(x), 0),
     "got the same features"),
])
def test_features_mistakes(wrong, expected):
    passed, message = judge_in_process(NB, "ex3-tests", {"d_features": wrong})
    assert not passed and said(expected, message), message
