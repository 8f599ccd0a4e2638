"""Lesson 02's grader verdicts: right answers pass on any draw, the named mistakes fail with
their catalogue message, the package's own functions are no way around an exercise, and each
exercise declares the framework shortcuts it forbids."""

from __future__ import annotations

import json

import numpy as np
import pytest
import verdict_harness
from conftest import SOLUTIONS
from reference import conv_arithmetic as ref
from verdict_harness import judge_in_process

from dcgan_course.exercises import upsampling
from dcgan_course.exercises.catalogue import CATALOGUE

NB = "02-upsampling"


def transpose(x, kernel, stride, padding):
    return ref.conv_transpose(x, kernel, stride, padding)


def sizes(conv=ref.conv_output_size, transposed=ref.conv_transpose_output_size):
    return {"conv_output_size": lambda n, k, s, p: conv(n, k, s, p),
            "conv_transpose_output_size": lambda n, k, s, p: transposed(n, k, s, p)}


def named(message: str, key: str) -> bool:
    """Whether the grader's (wrapped) message is the catalogue's mistake ``key``."""
    return " ".join(CATALOGUE[key].signature().split()) in " ".join(message.split())


@pytest.mark.parametrize("seed", range(3))
def test_right_answers_pass_on_any_draw(seed):
    for grade_id, namespace in (
            ("ex1-tests", {"upsample_nearest": ref.upsample_nearest}),
            ("ex2-tests", sizes()),
            ("ex3-tests", {"conv_transpose_naive": transpose}),
            ("ex4-tests", {"overlap_is_even": ref.overlap_is_even})):
        passed, message = judge_in_process(NB, grade_id, namespace, seed=seed)
        assert passed, (grade_id, message)
        assert "passed, checked in the grader" in message


def test_keras_own_shape_rule_and_the_textbook_form_both_pass():
    """Keras writes the valid size as n·s + max(k − s, 0): any correct form passes."""
    def keras_form(n, k, s, padding):
        return n * s if padding == "same" else n * s + max(k - s, 0)

    passed, message = judge_in_process(NB, "ex2-tests", sizes(transposed=keras_form))
    assert passed, message

    def counted(kernel_size, stride):  # measuring with one's own loop is allowed too
        row = ref.conv_transpose(np.ones((1, 1, 40, 1)), np.ones((kernel_size,) * 2 + (1, 1)),
                                 stride, "valid")[0, 0, :, 0]
        middle = row[kernel_size + stride:row.size - kernel_size - stride]
        return bool(middle.min() == middle.max())

    passed, message = judge_in_process(NB, "ex4-tests", {"overlap_is_even": counted})
    assert passed, message


def test_every_test_cell_has_a_verdict_that_declares_its_forbidden_shortcuts():
    cells = json.loads((SOLUTIONS / NB / f"{NB}.ipynb").read_text())["cells"]
    graded = [c["metadata"]["nbgrader"]["grade_id"] for c in cells
              if c["metadata"].get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")]
    assert graded == ["ex1-tests", "ex2-tests", "ex3-tests", "ex4-tests"]
    for cell in cells:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") in graded:
            assert "HIDDEN TESTS" not in "".join(cell["source"])
    forbidden = {grade_id: verdict_harness.verdicts.exercise_for(NB, grade_id).forbidden
                 for grade_id in graded}
    assert "keras.layers.UpSampling2D" in forbidden["ex1-tests"]
    assert "tf.image.resize" in forbidden["ex1-tests"]
    assert "keras.layers.Conv2DTranspose" in forbidden["ex2-tests"]  # and its output shape
    assert "tf.nn.conv2d_transpose" in forbidden["ex3-tests"]
    assert "keras.layers.Conv2DTranspose" in forbidden["ex3-tests"]
    assert "dcgan_course.conv_arithmetic.run" in forbidden["ex4-tests"]
    # and each exercise's text says whether built-ins are allowed
    for cell in cells:
        if cell["cell_type"] == "markdown" and "### Exercise" in "".join(cell["source"]):
            assert "**Built-ins:**" in "".join(cell["source"]), cell["id"]


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for grade_id, names in (("ex1-tests", ["upsample_nearest"]),
                            ("ex2-tests", ["conv_transpose_output_size"]),
                            ("ex4-tests", ["overlap_is_even"])):
        namespace = sizes() if grade_id == "ex2-tests" else {}
        namespace.update({name: stub for name in names})
        passed, message = judge_in_process(NB, grade_id, namespace)
        assert not passed and "not written yet" in message


def test_the_grader_diagnoses_with_the_visible_checks_functions():
    """One source: the verdicts call the exercise module's diagnosis, not a copy of it."""
    import verdicts.lesson02 as verdict

    for name in ("diagnose_upsample", "diagnose_size", "diagnose_transpose",
                 "diagnose_overlap"):
        assert getattr(verdict, name) is getattr(upsampling, name)


# -- mistakes the catalogue test does not cover (variants on other cases) ----------------------

def test_sizes_without_the_gap_are_named_on_any_draw():
    def no_gap(n, k, s, padding):
        return n * s if padding == "same" else (n - 1) * s + k

    for seed in range(3):
        passed, message = judge_in_process(NB, "ex2-tests", sizes(transposed=no_gap), seed=seed)
        assert not passed and named(message, "02/ex2/transpose-no-gap"), message
        assert "max(s" not in message  # the term is never written out


def test_an_even_kernel_cropped_on_the_wrong_side_is_named():
    def ceil_crop(x, kernel, stride, padding):
        full = ref.conv_transpose(x, kernel, stride, "valid")
        if padding == "valid":
            return full
        out_h = ref.conv_transpose_output_size(x.shape[1], kernel.shape[0], stride, "same")
        out_w = ref.conv_transpose_output_size(x.shape[2], kernel.shape[0], stride, "same")
        top = -(-max(full.shape[1] - out_h, 0) // 2)
        left = -(-max(full.shape[2] - out_w, 0) // 2)
        return full[:, top:top + out_h, left:left + out_w, :]

    passed, message = judge_in_process(NB, "ex3-tests", {"conv_transpose_naive": ceil_crop})
    assert not passed and named(message, "02/ex3/crop-wrong-side"), message
    assert "// 2" not in message and "max(" not in message


def test_channels_swapped_with_unequal_channels_is_named_not_a_numpy_error():
    def swapped(x, kernel, stride, padding):
        return ref.conv_transpose(x, np.swapaxes(kernel, 2, 3), stride, padding)

    for seed in range(3):
        passed, message = judge_in_process(NB, "ex3-tests", {"conv_transpose_naive": swapped},
                                           seed=seed)
        assert not passed and named(message, "02/ex3/channels-swapped"), message


def test_upsampling_that_changes_its_input_is_named():
    def in_place(batch, factor):
        out = ref.upsample_nearest(batch, factor)
        batch *= 0
        return out

    passed, message = judge_in_process(NB, "ex1-tests", {"upsample_nearest": in_place})
    assert not passed and named(message, "02/ex1/changed-input"), message


def test_overlap_rules_a_learner_guesses_fail_without_the_answer():
    for rule, key in ((lambda k, s: k >= s, None), (lambda k, s: k % 2 == 0, "02/ex4/even-kernel"),
                      (lambda k, s: k <= s or k % s == 0, "02/ex4/gaps-count"),
                      (lambda k, s: k == s, "02/ex4/borders-counted")):
        passed, message = judge_in_process(NB, "ex4-tests", {"overlap_is_even": rule})
        assert not passed, message
        assert key is None or named(message, key), (key, message)
        assert "divides" not in message and "%" not in message


def test_overlap_as_an_int_is_named():
    passed, message = judge_in_process(NB, "ex4-tests",
                                       {"overlap_is_even": lambda k, s: int(k % s == 0)})
    assert not passed and named(message, "02/ex4/not-bool"), message


def test_the_graders_even_overlap_agrees_with_keras_counts():
    pairs = [(k, s) for k in range(1, 17) for s in range(1, 9)]
    assert [ref.overlap_is_even(k, s) for k, s in pairs] == upsampling._keras_truth(pairs)


def test_the_shortcuts_that_scored_full_marks_are_flagged():
    """Each exercise's `forbidden` catches the framework shortcut a learner would paste."""
    shortcuts = pytest.importorskip("verdicts.shortcuts")
    setup = ("import numpy as np\nimport tensorflow as tf\n"
             "from dcgan_course import conv_arithmetic as ca\n")
    answers = {
        "ex1-tests": ("def upsample_nearest(batch, factor):\n"
                      "    return tf.keras.layers.UpSampling2D(factor)(batch).numpy()\n",
                      "keras.layers.UpSampling2D"),
        "ex2-tests": ("def conv_transpose_output_size(n, k, s, padding):\n"
                      "    layer = tf.keras.layers.Conv2DTranspose(1, k, strides=s,\n"
                      "                                            padding=padding)\n"
                      "    return layer.compute_output_shape((1, n, n, 1))[1]\n",
                      "keras.layers.Conv2DTranspose"),
        "ex3-tests": ("def conv_transpose_naive(x, kernel, stride, padding):\n"
                      "    return tf.nn.conv2d_transpose(x, kernel, (1, 2, 2, 1), stride)\n",
                      "tf.nn.conv2d_transpose"),
        "ex4-tests": ("def overlap_is_even(kernel_size, stride):\n"
                      "    counts = ca.run(ca.Geometry(20, kernel_size, stride),\n"
                      "                    np.ones((1, 20, 20)), np.ones((kernel_size,) * 2))\n"
                      "    return bool(counts.min() == counts.max())\n",
                      "dcgan_course.conv_arithmetic.run"),
    }
    for grade_id, (answer, name) in answers.items():
        exercise = verdict_harness.verdicts.exercise_for(NB, grade_id)
        used = shortcuts.used_shortcuts([setup, answer], [answer], exercise.names,
                                        exercise.forbidden)
        assert name in used, (grade_id, used)
    honest = "def overlap_is_even(kernel_size, stride):\n    return kernel_size % stride == 0\n"
    exercise = verdict_harness.verdicts.exercise_for(NB, "ex4-tests")
    assert shortcuts.used_shortcuts([setup, honest], [honest], exercise.names,
                                    exercise.forbidden) == []
