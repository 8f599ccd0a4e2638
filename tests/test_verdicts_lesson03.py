"""Lesson 03's grader verdicts: right answers pass on any draw, the references agree with Keras.

The catalogued mistakes (tests/mistakes/lesson03.py) are run through the visible checks and
the verdicts by tests/test_mistake_catalogue.py; here: the reference answers pass whatever
the grader draws, the reference itself matches Keras and tf.GradientTape, the probe's boxes
behave like the frameworks they stand for, and the cells and verdicts line up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import SOLUTIONS
from verdict_harness import judge_in_process

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import reference.batch_norm as ref  # noqa: E402

from dcgan_course import batchnorm_lab  # noqa: E402
from dcgan_course.exercises import batch_norm  # noqa: E402

NB = "03-batch-norm"


def positions():
    return {"generator": [1, 2, 3], "discriminator": [2, 3]}


RIGHT = {"ex1-tests": {"batch_norm_train": ref.batch_norm_train},
         "ex2-tests": {"batch_norm_backward": ref.batch_norm_backward},
         "ex3-tests": {"probe_moving_average": ref.probe_moving_average},
         "ex4-tests": {"batch_norm_positions": positions}}


def judge(grade_id, namespace, seed=0):
    """Pass/fail and the message with its line wrapping undone."""
    passed, message = judge_in_process(NB, grade_id, dict(namespace), seed=seed)
    return passed, " ".join(message.split())


@pytest.mark.parametrize("seed", range(3))
def test_right_answers_pass_on_any_draw(seed):
    for grade_id, namespace in RIGHT.items():
        passed, message = judge(grade_id, namespace, seed)
        assert passed, (grade_id, message)
        assert "passed, checked in the grader" in message


def test_every_test_cell_has_a_verdict_and_points_add_up():
    cells = json.loads((SOLUTIONS / NB / f"{NB}.ipynb").read_text())["cells"]
    graded = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"]
              for c in cells if c["metadata"].get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")}
    assert graded == {"ex1-tests": 2, "ex2-tests": 3, "ex3-tests": 2, "ex4-tests": 1}
    assert not any("HIDDEN TESTS" in "".join(c["source"]) for c in cells)


def test_hand_written_exercises_forbid_the_built_ins():
    from verdict_harness import verdicts

    forward = verdicts.exercise_for(NB, "ex1-tests").forbidden
    backward = verdicts.exercise_for(NB, "ex2-tests").forbidden
    for name in ("tf.nn.moments", "tf.nn.batch_normalization",
                 "keras.layers.BatchNormalization"):
        assert name in forward and name in backward
    assert "tf.GradientTape" in backward


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for grade_id, namespace in RIGHT.items():
        passed, message = judge(grade_id, {name: stub for name in namespace})
        assert not passed and "not written yet" in message, grade_id


@pytest.mark.parametrize("shape", [(7, 3), (3, 4, 5, 2)])
def test_the_references_agree_with_keras_and_gradient_tape(shape):
    rng = np.random.default_rng(0)
    x = ref.channel_batch(rng, shape)
    gamma, beta = ref.channel_params(rng, shape[-1])
    dy = rng.normal(0, 1, shape)
    y, mean, variance = ref.batch_norm_train(x, gamma, beta, 0.01)
    keras_y, keras_mean, keras_variance = batch_norm.fixed_keras_forward(x, gamma, beta, 0.01)
    np.testing.assert_allclose(y, keras_y, atol=1e-6)
    np.testing.assert_allclose(mean, keras_mean, atol=1e-6)
    np.testing.assert_allclose(variance, keras_variance, rtol=1e-6)
    for mine, tape in zip(ref.batch_norm_backward(dy, x, gamma, 0.01),
                          batch_norm.fixed_keras_backward(dy, x, gamma, 0.01), strict=True):
        np.testing.assert_allclose(mine, tape, rtol=1e-6, atol=1e-9)


def test_the_backward_pass_has_the_invariances_the_lesson_states():
    rng = np.random.default_rng(1)
    x = ref.channel_batch(rng, (32, 3))
    dx, _, _ = ref.batch_norm_backward(rng.normal(0, 1, x.shape), x, np.ones(3), 1e-3)
    x_hat = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    np.testing.assert_allclose(dx.sum(0), 0.0, atol=1e-10)
    assert np.all(np.abs((dx * x_hat).sum(0)) < 0.01 * np.abs(dx).sum(0))
    upstream = rng.normal(0, 1, x.shape)
    scaled, _, _ = ref.batch_norm_backward(upstream, 10 * x, np.ones(3), 1e-9)
    plain, _, _ = ref.batch_norm_backward(upstream, x, np.ones(3), 1e-9)
    assert np.linalg.norm(scaled) == pytest.approx(np.linalg.norm(plain) / 10, rel=1e-3)


@pytest.mark.parametrize("warm", [0, 4])
def test_the_keras_box_is_a_real_layer_and_the_torch_box_follows_its_documentation(warm):
    import tensorflow as tf

    box = batch_norm.MovingAverageBox(3, weight_of_old=0.8, keras=True, warm_batches=warm,
                                      seed=3)
    layer = tf.keras.layers.BatchNormalization(momentum=0.8)
    layer.build((None, 3))
    twin = batch_norm.MovingAverageBox(3, layer=layer, warm_batches=warm, seed=3)
    batch = np.arange(12, dtype=np.float32).reshape(4, 3)
    box(batch)
    twin(batch)
    np.testing.assert_allclose(box.moving_mean, twin.moving_mean, rtol=1e-6)
    torch_like = batchnorm_lab.torch_style_box(2, momentum=0.1)
    torch_like(np.array([[0.0, 1.0], [2.0, 5.0]], np.float32))
    # running = 0.9 * running + 0.1 * batch, with the unbiased variance (2 and 8 here)
    np.testing.assert_allclose(torch_like.moving_mean, [0.1, 0.3])
    np.testing.assert_allclose(torch_like.moving_variance, [0.9 + 0.2, 0.9 + 0.8])
    assert ref.probe_moving_average(batchnorm_lab.torch_style_box(4)) == {
        "weight_of_old": pytest.approx(0.9), "variance": "unbiased"}


def test_the_probe_refuses_a_batch_of_the_wrong_width():
    box = batch_norm.MovingAverageBox(3, weight_of_old=0.9)
    with pytest.raises(ValueError, match=r"shape \(batch, 3\)"):
        box(np.zeros((4, 2), np.float32))


def test_batch_norm_positions_beyond_the_visible_checks():
    passed, message = judge("ex4-tests", {"batch_norm_positions": lambda: {
        "generator": [2, 3], "discriminator": [2, 3]}})
    assert not passed and "Dense projection included" in message
    assert "[1, 2, 3]" not in message  # the grader does not hand over the answer
    passed, message = judge("ex4-tests", {"batch_norm_positions": lambda: {
        "generator": [1, 2, 3], "discriminator": [3]}})
    assert not passed and "touches the pixels" in message
    passed, message = judge("ex4-tests", {"batch_norm_positions": lambda: {
        "generator": [1, 2, 3], "discriminator": ["2", "3"]}})
    assert not passed and "between 1 and 4" in message
