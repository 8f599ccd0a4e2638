"""Lesson 02's convolution arithmetic: the instructor's reference agrees with the real Keras
layers case by case, and the learner package reads the same numbers off Keras without
holding any of the rules the exercises ask for."""

from __future__ import annotations

import ast
import itertools

import numpy as np
import pytest
import tensorflow as tf
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import ROOT
from reference import conv_arithmetic as ref

from dcgan_course import conv_arithmetic as ca

SIZES, KERNELS, STRIDES = (1, 3, 4, 5), (1, 2, 3, 4, 5), (1, 2, 3)


def keras_transpose(x, kernel, s, padding, output_padding=None):
    layer = tf.keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[0], strides=s,
                                            padding=padding, output_padding=output_padding,
                                            use_bias=False)
    layer.build(x.shape)
    layer.set_weights([kernel.astype(np.float32)])
    return layer(x.astype(np.float32)).numpy()


def keras_conv(x, kernel, s, padding):
    layer = tf.keras.layers.Conv2D(kernel.shape[3], kernel.shape[0], strides=s, padding=padding,
                                   use_bias=False)
    layer.build(x.shape)
    layer.set_weights([kernel.astype(np.float32)])
    return layer(x.astype(np.float32)).numpy()


def transpose_cases():
    for n, k, s, padding in itertools.product(SIZES, KERNELS, STRIDES, ("valid", "same")):
        for op in (None, *range(s)):
            if ca.transpose_output_problem(n, k, s, padding, op) is None:
                yield n, k, s, padding, op


# -- the reference (grader side) against Keras --------------------------------------------------

def test_reference_conv_output_size_matches_keras():
    for n, k, s, padding in itertools.product((3, 4, 5, 8), KERNELS, STRIDES, ("valid", "same")):
        if padding == "valid" and k > n:
            assert ref.conv_output_size(n, k, s, padding) == 0
            continue
        layer = tf.keras.layers.Conv2D(1, k, strides=s, padding=padding)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        assert ref.conv_output_size(n, k, s, padding) == want, (n, k, s, padding)


def test_reference_transposed_size_matches_keras_including_output_padding():
    cases = list(transpose_cases())
    assert len(cases) > 150
    for n, k, s, padding, op in cases:
        layer = tf.keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding,
                                                output_padding=op)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        got = ref.conv_transpose_output_size(n, k, s, padding, op)
        assert got == want, (n, k, s, padding, op)


def test_reference_scatter_matches_conv2d_transpose_everywhere():
    rng = np.random.default_rng(0)
    for n, k, s, padding, op in transpose_cases():
        x = rng.standard_normal((2, n, n + 1, 2))
        kernel = rng.standard_normal((k, k, 3, 2))
        ours = ref.conv_transpose(x, kernel, s, padding, op)
        np.testing.assert_allclose(ours, keras_transpose(x, kernel, s, padding, op),
                                   rtol=1e-4, atol=1e-4, err_msg=str((n, k, s, padding, op)))


def test_reference_explicit_padding_is_a_crop_of_the_valid_output():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 4, 4, 1))
    kernel = rng.standard_normal((4, 4, 1, 1))
    full = ref.conv_transpose(x, kernel, 2, "valid", 1)  # 11 x 11
    cropped = ref.conv_transpose(x, kernel, 2, 1, 1)  # PyTorch: padding 1, out pad 1
    assert cropped.shape[1] == ref.conv_transpose_output_size(4, 4, 2, 1, 1) == 9
    np.testing.assert_allclose(cropped, full[:, 1:-1, 1:-1])


def test_reference_conv_matches_conv2d():
    rng = np.random.default_rng(2)
    for n, k, s, padding in itertools.product((4, 5, 8), KERNELS, STRIDES, ("valid", "same")):
        if k > n:
            continue
        x = rng.standard_normal((2, n, n, 2))
        kernel = rng.standard_normal((k, k, 2, 3))
        np.testing.assert_allclose(ref.conv(x, kernel, s, padding),
                                   keras_conv(x, kernel, s, padding), rtol=1e-4, atol=1e-4)


def test_reference_overlap_rule_matches_the_counts():
    for k, s in itertools.product(range(1, 9), range(1, 5)):
        profile = ref.overlap_profile(k, s)
        assert (profile.min() == profile.max()) == ref.overlap_is_even(k, s), (k, s)
        interior = ref.transpose_overlap_counts(12, k, s, "valid")[k + s:-(k + s),
                                                                    k + s:-(k + s)]
        assert (interior.min() == interior.max()) == ref.overlap_is_even(k, s), (k, s)
    np.testing.assert_array_equal(ref.overlap_profile(3, 2), [2, 1])
    np.testing.assert_array_equal(ref.overlap_profile(5, 2), [3, 2])


# -- the learner package: the same numbers, read off Keras --------------------------------------

def test_geometry_sizes_come_from_keras_and_agree_with_the_reference():
    for n, k, s, padding, op in transpose_cases():
        assert ca.Geometry(n, k, s, padding, op).output_size() == \
            ref.conv_transpose_output_size(n, k, s, padding, op), (n, k, s, padding, op)
    for n, k, s, padding in itertools.product((1, 3, 8), KERNELS, STRIDES, ("valid", "same", 1)):
        g = ca.Geometry(n, k, s, padding, transposed=False)
        want = ref.conv_output_size(n, k, s, padding)
        assert (g.problem() is not None) == (want == 0), g
        if want:
            assert g.output_size() == want, g


@pytest.mark.parametrize("transposed", [True, False])
def test_layout_and_counts_read_off_keras_match_the_reference(transposed):
    """Where the output sits and the overlap counts, for every setting the visualizer offers."""
    checked = 0
    paddings = ("valid", "same", 0, 1, 2)
    for n, k, s, padding in itertools.product((1, 2, 4, 7), (1, 2, 3, 4, 5), (1, 2, 3),
                                              paddings):
        for op in ((None, 0, 1, 2) if transposed else (None,)):
            if not isinstance(padding, str) and padding >= k:
                continue
            g = ca.Geometry(n, k, s, padding, op, transposed)
            if g.problem():
                continue
            where, counts = ca.layout(g), ca.overlap_counts(g)
            if transposed:
                offset, size = ref.conv_transpose_crop(n, k, s, padding, op)
                np.testing.assert_array_equal(
                    counts, ref.transpose_overlap_counts(n, k, s, padding, op), err_msg=str(g))
            else:
                (offset, after), size = ref.conv_padding(n, k, s, padding), g.output_size()
                assert where.canvas == n + offset + after, g
                np.testing.assert_array_equal(counts, ref.conv_overlap_counts(n, k, s, padding),
                                              err_msg=str(g))
            assert (where.offset, where.size) == (offset, size), g
            checked += 1
    assert checked > (300 if transposed else 100)


def test_run_is_the_layer_itself():
    rng = np.random.default_rng(4)
    x, kernel = rng.standard_normal((2, 5, 5)), rng.standard_normal((3, 3))
    for padding in ("valid", "same"):
        got = ca.run(ca.Geometry(5, 3, 2, padding), x, kernel)
        want = keras_transpose(x[..., None], kernel[:, :, None, None], 2, padding)[..., 0]
        np.testing.assert_allclose(got, want, atol=1e-5)
        got = ca.run(ca.Geometry(5, 3, 2, padding, transposed=False), x, kernel)
        want = keras_conv(x[..., None], kernel[:, :, None, None], 2, padding)[..., 0]
        np.testing.assert_allclose(got, want, atol=1e-5)


def test_conv_matrix_from_keras_is_the_reference_matrix():
    rng = np.random.default_rng(3)
    for n, k, s, padding in [(4, 3, 1, "valid"), (5, 3, 2, "valid"), (6, 4, 2, "same"),
                             (7, 3, 2, "same")]:
        kernel = rng.standard_normal((k, k))
        np.testing.assert_allclose(ca.conv_matrix(n, kernel, s, padding),
                                   ref.conv_matrix(n, kernel, s, padding), atol=1e-10)


def test_combinations_tensorflow_refuses_are_explained():
    # same + even kernel + output_padding 0: TensorFlow aborts at call time
    assert "output_padding ≥ 1" in ca.transpose_output_problem(4, 4, 2, "same", 0)
    assert "6 pixels" in ca.transpose_output_problem(4, 4, 2, "same", 0)
    with pytest.raises(tf.errors.OpError):
        keras_transpose(np.ones((1, 4, 4, 1)), np.ones((4, 4, 1, 1)), 2, "same", 0)
    assert "less than the stride" in ca.transpose_output_problem(4, 3, 2, "valid", 2)
    assert "crops away" in ca.transpose_output_problem(1, 5, 1, 4, 0)
    assert ca.transpose_output_problem(4, 4, 2, "same", 1) is None
    with pytest.raises(ValueError, match="padding"):
        ca.transpose_output_problem(4, 3, 1, "full")
    assert "does not fit" in ca.Geometry(2, 5, 1, "valid", transposed=False).problem()


def test_keras_code_names_the_layers():
    assert ca.Geometry(4, 3, 2, "same").keras_code() == \
        "Conv2DTranspose(1, 3, strides=2, padding='same')"
    assert ca.Geometry(4, 4, 2, 1, 1).keras_code() == \
        "Conv2DTranspose(1, 4, strides=2, padding='valid', output_padding=1) + Cropping2D(1)"
    assert ca.Geometry(4, 3, 1, 2, transposed=False).keras_code() == \
        "ZeroPadding2D(2) + Conv2D(1, 3, strides=1, padding='valid')"


#: Lesson 02's graded answers: none of these may be defined in the learner package (the
#: eight bodies a learner could paste scored 6 of 7 points before they moved out).
ANSWERS = ("conv_output_size", "conv_transpose_output_size", "conv_transpose_crop",
           "scatter_canvas", "conv_transpose_reference", "transpose_overlap_counts",
           "overlap_profile", "upsample_nearest", "conv_transpose_naive", "overlap_is_even",
           "conv_padding", "conv_reference")


def test_the_learner_package_defines_none_of_lesson_02s_answers():
    package = ROOT / "dcgan_course"
    defined = {}
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in ANSWERS:
                defined[node.name] = path.relative_to(ROOT)
    assert not defined, f"answers of lesson 02 in the learner package: {defined}"
    assert not any(hasattr(ca, name) for name in ANSWERS)


def test_the_package_computes_no_size_from_the_exercises_rules():
    """A pasted body must not score: the package's sizes raise for what Keras refuses and
    follow Keras for the rest, so there is no arithmetic to lift. The only way to a size is
    Keras' own shape rule, a framework shortcut the grader flags."""
    source = (ROOT / "dcgan_course" / "conv_arithmetic.py").read_text(encoding="utf-8")
    for rule in ("-(-n // s)", "(n - 1) * s", "max(s - k", "// s + 1", "% stride", "k % s"):
        assert rule not in source, rule
