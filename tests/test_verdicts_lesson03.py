"""Lesson 03's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import SOLUTIONS
from verdict_harness import judge_in_process

NB = "03-batch-norm"


def judge(grade_id, namespace):
    """Pass/fail and the message with its line wrapping undone."""
    passed, message = judge_in_process(NB, grade_id, namespace)
    return passed, " ".join(message.split())


# -- right answers (the solution's) and typical mistakes -------------------------------------

def bn_train(x, gamma, beta, epsilon=1e-3, ddof=0, eps_inside=True, axes=None):
    x = np.asarray(x, dtype=np.float32)
    axes = tuple(range(x.ndim - 1)) if axes is None else axes
    mean, variance = x.mean(axis=axes), x.var(axis=axes, ddof=ddof)
    scale = np.sqrt(variance + epsilon) if eps_inside else np.sqrt(variance) + epsilon
    return gamma * (x - mean) / scale + beta, mean, variance


def update(moving_mean, moving_variance, batch_mean, batch_variance, momentum=0.99):
    return (np.asarray(moving_mean) * momentum + np.asarray(batch_mean) * (1.0 - momentum),
            np.asarray(moving_variance) * momentum
            + np.asarray(batch_variance) * (1.0 - momentum))


def bn_inference(x, moving_mean, moving_variance, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=np.float32)
    return gamma * (x - moving_mean) / np.sqrt(moving_variance + epsilon) + beta


def positions():
    return {"generator": [1, 2, 3], "discriminator": [2, 3]}


RIGHT = {"ex1-tests": {"batch_norm_train": bn_train},
         "ex2-tests": {"update_moving_averages": update},
         "ex3-tests": {"batch_norm_inference": bn_inference},
         "ex4-tests": {"batch_norm_positions": positions}}


@pytest.mark.parametrize("seed", range(3))
def test_right_answers_pass_on_any_draw(seed):
    for grade_id, namespace in RIGHT.items():
        # a copy: the probe leaves its own names (and __builtins__) in the namespace
        passed, message = judge_in_process(NB, grade_id, dict(namespace), seed=seed)
        assert passed, (grade_id, message)
        assert "passed, checked in the grader" in message


def test_every_test_cell_has_a_verdict_and_no_hidden_block():
    cells = json.loads((SOLUTIONS / NB / f"{NB}.ipynb").read_text())["cells"]
    graded = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")]
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in graded] == [
        "ex1-tests", "ex2-tests", "ex3-tests", "ex4-tests"]
    assert not any("HIDDEN TESTS" in "".join(c["source"]) for c in graded)


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for grade_id, namespace in RIGHT.items():
        passed, message = judge(grade_id, {name: stub for name in namespace})
        assert not passed and "not written yet" in message, grade_id


# -- exercise 1 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("mistake", "words"), [
    ({"ddof": 1}, "divided by m - 1"),
    ({"eps_inside": False}, "epsilon inside the square root"),
    ({"axes": 0}, "Average over every axis except the last"),  # per pixel, not per channel
])
def test_batch_norm_train_mistakes(mistake, words):
    passed, message = judge("ex1-tests", {"batch_norm_train": lambda *a: bn_train(*a, **mistake)})
    assert not passed and words in message, message


def test_batch_norm_train_statistics_over_all_channels_fail():
    def pooled(x, gamma, beta, epsilon=1e-3):
        x = np.asarray(x, np.float32)
        channels = x.shape[-1]
        mean, variance = np.full(channels, x.mean()), np.full(channels, x.var())
        return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta, mean, variance

    passed, message = judge("ex1-tests", {"batch_norm_train": pooled})
    assert not passed and "mean returned by batch_norm_train" in message


def test_batch_norm_train_with_the_wrong_default_epsilon_fails():
    def pytorch_default(x, gamma, beta, epsilon=1e-5):
        return bn_train(x, gamma, beta, epsilon)

    passed, message = judge("ex1-tests", {"batch_norm_train": pytorch_default})
    assert not passed and "default epsilon" in message


def test_batch_norm_train_returning_y_alone_fails():
    passed, message = judge("ex1-tests", {"batch_norm_train": lambda *a: bn_train(*a)[0]})
    assert not passed and "(y, mean, variance)" in message


# -- exercise 2 ----------------------------------------------------------------------------

def test_pytorch_momentum_convention_is_named():
    passed, message = judge("ex2-tests", {
        "update_moving_averages": lambda mm, mv, bm, bv, momentum=0.99: update(mm, mv, bm, bv,
                                                                               1 - momentum)})
    assert not passed and "PyTorch's convention" in message


def test_update_in_place_fails():
    def in_place(moving_mean, moving_variance, batch_mean, batch_variance, momentum=0.99):
        moving_mean *= momentum
        moving_mean += batch_mean * (1 - momentum)
        moving_variance *= momentum
        moving_variance += batch_variance * (1 - momentum)
        return moving_mean, moving_variance

    passed, message = judge("ex2-tests", {"update_moving_averages": in_place})
    assert not passed and "do not change the arguments in place" in message


def test_update_that_ignores_momentum_fails_against_keras():
    passed, message = judge("ex2-tests", {
        "update_moving_averages": lambda mm, mv, bm, bv, momentum=0.99: update(mm, mv, bm, bv)})
    assert not passed and "moving mean" in message and "momentum" in message


# -- exercise 3 ----------------------------------------------------------------------------

def test_inference_with_the_batch_statistics_fails():
    def batch_stats(x, moving_mean, moving_variance, gamma, beta, epsilon=1e-3):
        return bn_train(x, gamma, beta, epsilon)[0]

    passed, message = judge("ex3-tests", {"batch_norm_inference": batch_stats})
    assert not passed and "Do not compute the batch's own mean or variance" in message


# -- exercise 4 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("answer", "words"), [
    ({"generator": [1, 2, 3, 4], "discriminator": [2, 3]}, "the output layer"),
    ({"generator": [2, 3], "discriminator": [2, 3]}, "Dense projection included"),
    ({"generator": [1, 2, 3], "discriminator": [1, 2, 3]}, "touches the pixels"),
    ({"generator": [1, 2, 3]}, "keys 'generator' and 'discriminator'"),
    ({"generator": [1, 2, 3], "discriminator": ["2", "3"]}, "between 1 and 4"),
])
def test_batch_norm_positions_mistakes(answer, words):
    passed, message = judge("ex4-tests", {"batch_norm_positions": lambda: answer})
    assert not passed and words in message, message
    assert "[1, 2, 3]" not in message.replace(repr(answer["generator"]), "")  # not the answer
