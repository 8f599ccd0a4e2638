"""Lesson 05's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tensorflow import keras
from tensorflow.keras import layers
from verdict_harness import judge_in_process
from verdicts.keras_models import NotRebuilt, rebuild

from dcgan_course import architecture as arch

NB = "05-discriminator"
BUILDER_CELLS = ("ex1-tests", "ex1-tests-sizes")


def said(text: str, message: str) -> bool:
    """``text`` in ``message``, whatever the line wrapping."""
    return text in " ".join(message.split())


def init():
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def build(width=64, image_size=32, channels=3, bn_first=False, convs=None, shared=None,
          extra=None, dense_cls=layers.Dense, declare_input=True):
    n = convs or int(round(math.log2(image_size / 4)))
    model = keras.Sequential(
        [keras.Input((image_size, image_size, channels))] if declare_input else [])
    model.add(layers.Conv2D(width, 5, strides=2, padding="same", use_bias=not bn_first,
                            kernel_initializer=shared or init()))
    if bn_first:
        model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU(negative_slope=0.2))
    for i in range(1, n):
        model.add(layers.Conv2D(width * 2 ** i, 5, strides=2, padding="same", use_bias=False,
                                kernel_initializer=shared or init()))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU(negative_slope=0.2))
    if extra is not None:
        model.add(extra)
    model.add(layers.Flatten())
    model.add(dense_cls(1, kernel_initializer=shared or init()))
    return model


@pytest.mark.slow
@pytest.mark.parametrize("cell", BUILDER_CELLS)
def test_builder_right(cell):
    passed, message = judge_in_process(NB, cell, {"build_discriminator": build})
    assert passed, message


@pytest.mark.parametrize("mistake, cell, expected", [
    ({"bn_first": True}, "ex1-tests", "batch norm follows the first convolution"),
    ({"convs": 3}, "ex1-tests-sizes", "layer"),
    ({"extra": layers.GaussianNoise(0.1)}, "ex1-tests", "found GaussianNoise"),
])
def test_builder_mistakes(mistake, cell, expected):
    passed, message = judge_in_process(
        NB, cell, {"build_discriminator": lambda **kw: build(**kw, **mistake)})
    assert not passed and said(expected, message), message


@pytest.mark.skipif(not hasattr(arch, "_check_distinct_weights"),
                    reason="the repeated-initializer check (issue 15) is not in architecture")
def test_builder_shared_initializer_seen_on_the_learners_weights():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "build_discriminator": lambda **kw: build(**kw, shared=init())})
    assert not passed and said("start from the same weights", message), message


def test_builder_custom_layer_with_a_known_name():
    class Dense(layers.Dense):  # looks like Dense, computes something else
        def call(self, x):
            return super().call(x) * 2.0

    passed, message = judge_in_process(NB, "ex1-tests-sizes", {
        "build_discriminator": lambda **kw: build(**kw, dense_cls=Dense)})
    assert not passed and said("does not compute what your model computes", message), message


def test_builder_without_keras_input_is_described_once_built():
    passed, message = judge_in_process(NB, "ex1-tests-sizes", {
        "build_discriminator": lambda **kw: build(**kw, declare_input=False)})
    assert passed, message


@pytest.mark.parametrize("layer", [
    {"kind": "Dense", "settings": {"units": 1 << 20}, "weights": []},
    {"kind": "Dense", "settings": {"units": 4},
     "weights": [{"shape": [1 << 20, 1 << 20], "head": [0.0], "mean": 0.0, "std": 0.02}]},
    {"kind": "UpSampling2D", "settings": {"size": [4096, 4096]}, "weights": []},
])
def test_rebuild_refuses_what_no_dcgan_needs(layer):
    # A description is data from the learner's kernel: the grader must not build anything huge.
    description = {"layers": [{"kind": "Reshape", "settings": {"target_shape": [2, 2, 4]},
                               "weights": []}, layer], "input_shape": [16]}
    with pytest.raises(NotRebuilt):
        rebuild(description, (16,))


def test_builder_not_a_model():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "build_discriminator": lambda **kw: [layers.Dense(1)]})
    assert not passed and said("not a Keras model", message), message


def shares(schedule, steps, momentum=0.99):
    """The right answer, written as a closed form rather than the solution's loop."""
    parts = {"real": np.array([0.0, 1.0, 0.0]), "fake": np.array([0.0, 0.0, 1.0]),
             "mixed": np.array([0.0, 0.5, 0.5])}
    k = len(schedule)
    # call j of a step (0-based) is followed by k - 1 - j calls in the same step
    one_step = sum(momentum ** (k - 1 - j) * (1 - momentum) * parts[c]
                   for j, c in enumerate(schedule))
    decay = momentum ** k
    total = sum(decay ** i for i in range(steps)) * one_step
    return np.array([decay ** steps, 0.0, 0.0]) + total


@pytest.mark.parametrize("seed", range(5))
def test_moving_shares_right_on_any_draw(seed):
    passed, message = judge_in_process(NB, "ex2-tests", {"moving_shares": shares}, seed=seed)
    assert passed, message


def test_moving_shares_as_a_list_passes():
    passed, message = judge_in_process(
        NB, "ex2-tests", {"moving_shares": lambda *a: [float(v) for v in shares(*a)]})
    assert passed, message


def test_moving_shares_forged_constant_fails():
    passed, message = judge_in_process(
        NB, "ex2-tests", {"moving_shares": lambda *a: np.array([0.3, 0.35, 0.35])})
    assert not passed and said("expected", message), message


def test_moving_shares_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex2-tests", {"moving_shares": stub})
    assert not passed and "not written yet" in message


def test_moving_shares_forbids_measuring_with_keras():
    from verdicts import exercise_for

    assert "keras.layers.BatchNormalization" in exercise_for(NB, "ex2-tests").forbidden
