from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from dcgan_course import checks


def test_close_values_pass_and_tensors_are_accepted():
    checks.expect_close(tf.constant([1.0, 2.0]), [1.0, 2.0], "f(x)")


def test_wrong_value_names_the_call_the_numbers_and_the_hint():
    with pytest.raises(checks.ExerciseFailure) as info:
        checks.expect_close(1.5, 2.0, "loss(x)", hint="add both means")
    text = str(info.value)
    assert "loss(x)" in text and "expected 2" in text and "got 1.5" in text
    assert "Hint: add both means" in text
    assert isinstance(info.value, AssertionError)  # nbgrader scores it like a failed assert


def test_shape_mismatch_is_reported_before_values():
    with pytest.raises(checks.ExerciseFailure, match=r"expected shape \(\), got shape \(3,\)"):
        checks.expect_close(np.zeros(3), 0.0, "loss")


def test_missing_return_is_explained():
    with pytest.raises(checks.ExerciseFailure, match="forget the `return`"):
        checks.expect_close(None, 1.0, "f(x)")


def test_non_finite_values_are_called_out():
    with pytest.raises(checks.ExerciseFailure, match="non-finite"):
        checks.expect_close(float("-inf"), 1.0, "f(x)")
    with pytest.raises(checks.ExerciseFailure, match="non-finite"):
        checks.expect_finite([1.0, np.nan], "f(x)")


def test_shape_with_wildcards():
    checks.expect_shape(np.zeros((4, 1)), (None, 1), "g(z)")
    with pytest.raises(checks.ExerciseFailure):
        checks.expect_shape(np.zeros((4, 2)), (None, 1), "g(z)")


def test_unwritten_exercise_reads_as_not_written_yet():
    def discriminator_loss(a, b):
        raise NotImplementedError()

    with pytest.raises(checks.ExerciseFailure, match="discriminator_loss is not written yet"):
        checks.call_exercise(discriminator_loss, 1, 2)


def test_other_errors_in_learner_code_propagate():
    def broken():
        raise KeyError("oops")

    with pytest.raises(KeyError):
        checks.call_exercise(broken)
