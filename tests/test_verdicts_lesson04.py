"""Lesson 04's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import math

import pytest
from tensorflow import keras
from tensorflow.keras import layers
from verdict_harness import judge_in_process

from dcgan_course import architecture as arch

NB = "04-generator"


def said(text: str, message: str) -> bool:
    """``text`` in ``message``, whatever the line wrapping."""
    return text in " ".join(message.split())


def init():
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def build(z_dim=100, width=128, image_size=32, channels=3, stages=None, shared=None,
          last="tanh", relu=False, nested=False):
    n = stages or int(round(math.log2(image_size / 4)))
    depths = [width * 2 ** (n - 1 - i) for i in range(n)]

    def act():
        return layers.ReLU() if relu else layers.LeakyReLU(negative_slope=0.2)

    body = [layers.Dense(4 * 4 * depths[0], use_bias=False, kernel_initializer=shared or init()),
            layers.Reshape((4, 4, depths[0])), layers.BatchNormalization(), act()]
    for depth in depths[1:]:
        body += [layers.Conv2DTranspose(depth, 5, strides=2, padding="same", use_bias=False,
                                        kernel_initializer=shared or init()),
                 layers.BatchNormalization(), act()]
    head = [layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                   kernel_initializer=shared or init()),
            layers.Activation(last)]
    if nested:  # a block of layers as a nested Sequential: flattened as the lesson does
        return keras.Sequential([keras.Input((z_dim,)), keras.Sequential(body), *head])
    return keras.Sequential([keras.Input((z_dim,)), *body, *head])


@pytest.mark.slow
@pytest.mark.parametrize("cell", ["ex1-tests", "ex1-tests-sizes"])
def test_builder_right(cell):
    passed, message = judge_in_process(NB, cell, {"build_generator": build})
    assert passed, message


def test_nested_blocks_are_flattened():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "build_generator": lambda **kw: build(**kw, nested=True)})
    assert passed, message


@pytest.mark.parametrize("mistake, cell, expected", [
    ({"relu": True}, "ex1-tests", "negative_slope=0.2"),
    ({"last": "sigmoid"}, "ex1-tests", "not tanh"),
    ({"stages": 3}, "ex1-tests-sizes", "layer"),
])
def test_builder_mistakes(mistake, cell, expected):
    passed, message = judge_in_process(
        NB, cell, {"build_generator": lambda **kw: build(**kw, **mistake)})
    assert not passed and said(expected, message), message


def test_wrong_default_width():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "build_generator": lambda z_dim=100, width=64, **kw: build(z_dim, width, **kw)})
    assert not passed and said("build_generator() (the defaults", message), message


@pytest.mark.skipif(not hasattr(arch, "_check_distinct_weights"),
                    reason="the repeated-initializer check (issue 15) is not in architecture")
def test_shared_initializer_seen_on_the_learners_weights():
    passed, message = judge_in_process(NB, "ex1-tests", {
        "build_generator": lambda **kw: build(**kw, shared=init())})
    assert not passed and said("start from the same weights", message), message
