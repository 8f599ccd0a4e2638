"""Lesson 02's grader verdicts: right answers pass, typical mistakes fail with their message."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import SOLUTIONS
from verdict_harness import judge_in_process

NB = "02-upsampling"


# -- right answers (the solution's) ----------------------------------------------------------

def upsample(batch, factor):
    return np.repeat(np.repeat(np.asarray(batch), factor, axis=1), factor, axis=2)


def conv_size(n, k, s, padding):
    return -(-n // s) if padding == "same" else max((n - k) // s + 1, 0)


def transpose_size(n, k, s, padding):
    return n * s if padding == "same" else (n - 1) * s + k + max(s - k, 0)


def transpose(x, kernel, stride, padding, crop=lambda extra: extra // 2):
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    n, h, w, _ = x.shape
    k, c_out = kernel.shape[0], kernel.shape[2]
    canvas = np.zeros((n, (h - 1) * stride + k, (w - 1) * stride + k, c_out))
    for i in range(h):
        for j in range(w):
            canvas[:, i * stride:i * stride + k, j * stride:j * stride + k, :] += np.einsum(
                "nc,abOc->nabO", x[:, i, j, :], kernel)
    out_h, out_w = transpose_size(h, k, stride, padding), transpose_size(w, k, stride, padding)
    top = crop(max(canvas.shape[1] - out_h, 0)) if padding == "same" else 0
    left = crop(max(canvas.shape[2] - out_w, 0)) if padding == "same" else 0
    out = np.zeros((n, out_h, out_w, c_out))
    part = canvas[:, top:top + out_h, left:left + out_w, :]
    out[:, :part.shape[1], :part.shape[2], :] = part
    return out


def sizes(conv=conv_size, transposed=transpose_size):
    return {"conv_output_size": conv, "conv_transpose_output_size": transposed}


@pytest.mark.parametrize("seed", range(3))
def test_right_answers_pass_on_any_draw(seed):
    for grade_id, namespace in (
            ("ex1-tests", {"upsample_nearest": upsample}),
            ("ex2-tests", sizes()),
            ("ex3-tests", {"conv_transpose_naive": transpose}),
            ("ex4-tests", {"overlap_is_even": lambda k, s: k % s == 0})):
        passed, message = judge_in_process(NB, grade_id, namespace, seed=seed)
        assert passed, (grade_id, message)
        assert "passed, checked in the grader" in message


def test_every_test_cell_has_a_verdict():
    cells = json.loads((SOLUTIONS / NB / f"{NB}.ipynb").read_text())["cells"]
    graded = [c["metadata"]["nbgrader"]["grade_id"] for c in cells
              if c["metadata"].get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")]
    assert graded == ["ex1-tests", "ex2-tests", "ex3-tests", "ex4-tests"]
    for cell in cells:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") in graded:
            assert "HIDDEN TESTS" not in "".join(cell["source"])


# -- exercise 1 ----------------------------------------------------------------------------

def test_upsample_tiled_image_is_named():
    passed, message = judge_in_process(
        NB, "ex1-tests", {"upsample_nearest": lambda b, f: np.tile(b, (1, f, f, 1))})
    assert not passed and "np.tile" in message


def test_upsample_along_the_wrong_axes_fails_on_shape():
    passed, message = judge_in_process(
        NB, "ex1-tests", {"upsample_nearest": lambda b, f: np.repeat(np.repeat(b, f, 0), f, 3)})
    assert not passed and "expected shape" in message and "axis 1" in message


def test_upsample_that_changes_its_input_fails():
    def in_place(batch, factor):
        out = upsample(batch, factor)
        batch *= 0
        return out

    passed, message = judge_in_process(NB, "ex1-tests", {"upsample_nearest": in_place})
    assert not passed and "Do not modify the input array" in message


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex1-tests", {"upsample_nearest": stub})
    assert not passed and "not written yet" in message


# -- exercise 2 ----------------------------------------------------------------------------

def test_sizes_without_the_gap_term_fail_with_the_valid_rule():
    passed, message = judge_in_process(NB, "ex2-tests", sizes(
        transposed=lambda n, k, s, p: n * s if p == "same" else (n - 1) * s + k))
    assert not passed and "conv_transpose_output_size" in message
    assert "max(s - k, 0)" in message and "compute_output_shape" in message


def test_sizes_as_floats_fail_on_the_type():
    passed, message = judge_in_process(NB, "ex2-tests", sizes(
        conv=lambda n, k, s, p: float(conv_size(n, k, s, p))))
    assert not passed and "of type float" in message and "floor division" in message


def test_conv_size_that_goes_negative_fails():
    passed, message = judge_in_process(NB, "ex2-tests", sizes(
        conv=lambda n, k, s, p: -(-n // s) if p == "same" else (n - k) // s + 1))
    assert not passed and "0 when the kernel does not fit" in message


def test_a_missing_size_function_is_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    passed, message = judge_in_process(NB, "ex2-tests", sizes(transposed=stub))
    assert not passed and "not written yet" in message


# -- exercise 3 ----------------------------------------------------------------------------

def test_transpose_cropped_on_the_wrong_side_fails_with_the_crop_hint():
    passed, message = judge_in_process(NB, "ex3-tests", {
        "conv_transpose_naive": lambda *a: transpose(*a, crop=lambda extra: -(-extra // 2))})
    assert not passed and "padding='same'" in message and "top = max(" in message


def test_transpose_with_kernel_channels_swapped_fails():
    def swapped(x, kernel, stride, padding):
        return transpose(x, np.swapaxes(kernel, 2, 3), stride, padding)

    passed, message = judge_in_process(NB, "ex3-tests", {"conv_transpose_naive": swapped})
    assert not passed and "conv_transpose_naive" in message


# -- exercise 4 ----------------------------------------------------------------------------

def test_overlap_wrong_rule_fails_without_revealing_the_answer():
    passed, message = judge_in_process(NB, "ex4-tests", {"overlap_is_even": lambda k, s: k >= s})
    assert not passed and "not right for this kernel and stride" in message
    assert "divides" not in message and "expected" not in message


def test_overlap_as_an_int_fails_on_the_type():
    passed, message = judge_in_process(NB, "ex4-tests",
                                       {"overlap_is_even": lambda k, s: int(k % s == 0)})
    assert not passed and "return True or False" in message
