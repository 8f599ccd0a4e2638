"""Lesson 02's convolution arithmetic agrees with the real Keras layers, case by case."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import tensorflow as tf

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


def test_conv_output_size_matches_keras():
    for n, k, s, padding in itertools.product((3, 4, 5, 8), KERNELS, STRIDES, ("valid", "same")):
        if padding == "valid" and k > n:
            assert ca.conv_output_size(n, k, s, padding) == 0
            continue
        layer = tf.keras.layers.Conv2D(1, k, strides=s, padding=padding)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        assert ca.conv_output_size(n, k, s, padding) == want, (n, k, s, padding)


def test_same_padding_puts_the_smaller_half_first():
    assert ca.conv_padding(4, 4, 1, "same") == (1, 2)
    assert ca.conv_padding(5, 3, 2, "same") == (1, 1)
    assert ca.conv_padding(4, 3, 2, "same") == (0, 1)
    assert ca.conv_padding(6, 3, 1, 2) == (2, 2)


def test_transposed_output_size_matches_keras_including_output_padding():
    cases = list(transpose_cases())
    assert len(cases) > 150
    for n, k, s, padding, op in cases:
        layer = tf.keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding,
                                                output_padding=op)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        assert ca.conv_transpose_output_size(n, k, s, padding, op) == want, (n, k, s, padding, op)


def test_combinations_tensorflow_refuses_are_explained():
    # same + even kernel + output_padding 0: TensorFlow aborts at call time
    with pytest.raises(ValueError, match="output_padding ≥ 1"):
        ca.conv_transpose_output_size(4, 4, 2, "same", 0)
    with pytest.raises(tf.errors.OpError):
        keras_transpose(np.ones((1, 4, 4, 1)), np.ones((4, 4, 1, 1)), 2, "same", 0)
    with pytest.raises(ValueError, match="less than the stride"):
        ca.conv_transpose_output_size(4, 3, 2, "valid", 2)
    with pytest.raises(ValueError, match="padding"):
        ca.conv_output_size(4, 3, 1, "full")


def test_scatter_reference_matches_conv2d_transpose_everywhere():
    rng = np.random.default_rng(0)
    for n, k, s, padding, op in transpose_cases():
        x = rng.standard_normal((2, n, n + 1, 2))
        kernel = rng.standard_normal((k, k, 3, 2))
        ours = ca.conv_transpose_reference(x, kernel, s, padding, op)
        np.testing.assert_allclose(ours, keras_transpose(x, kernel, s, padding, op),
                                   rtol=1e-4, atol=1e-4, err_msg=str((n, k, s, padding, op)))


def test_explicit_padding_is_a_crop_of_the_valid_output():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 4, 4, 1))
    kernel = rng.standard_normal((4, 4, 1, 1))
    full = ca.conv_transpose_reference(x, kernel, 2, "valid", 1)  # 11 x 11
    cropped = ca.conv_transpose_reference(x, kernel, 2, 1, 1)  # PyTorch: padding 1, out pad 1
    assert cropped.shape[1] == ca.conv_transpose_output_size(4, 4, 2, 1, 1) == 9
    np.testing.assert_allclose(cropped, full[:, 1:-1, 1:-1])


def test_conv_reference_matches_conv2d():
    rng = np.random.default_rng(2)
    for n, k, s, padding in itertools.product((4, 5, 8), KERNELS, STRIDES, ("valid", "same")):
        if k > n:
            continue
        x = rng.standard_normal((2, n, n, 2))
        kernel = rng.standard_normal((k, k, 2, 3))
        np.testing.assert_allclose(ca.conv_reference(x, kernel, s, padding),
                                   keras_conv(x, kernel, s, padding), rtol=1e-4, atol=1e-4)


def test_transposed_convolution_is_the_transpose_of_the_conv_matrix():
    rng = np.random.default_rng(3)
    for n, k, s, padding in [(4, 3, 1, "valid"), (5, 3, 2, "valid"), (6, 4, 2, "same"),
                             (7, 3, 2, "same")]:
        kernel = rng.standard_normal((k, k))
        matrix = ca.conv_matrix(n, kernel, s, padding)
        x = rng.standard_normal((n, n))
        conv = ca.conv_reference(x[None, :, :, None], kernel[:, :, None, None], s, padding)
        np.testing.assert_allclose(matrix @ x.ravel(), conv.ravel(), atol=1e-10)
        out = conv.shape[1]
        y = rng.standard_normal((out, out))
        # C.T is the gradient of <C x, y> with respect to x, and a transposed convolution
        xt = tf.Variable(x[None, :, :, None], dtype=tf.float64)
        with tf.GradientTape() as tape:
            forward = tf.nn.conv2d(xt, kernel[:, :, None, None], s, padding.upper())
            dot = tf.reduce_sum(forward * y[None, :, :, None])
        grad = tape.gradient(dot, xt).numpy().ravel()
        np.testing.assert_allclose(matrix.T @ y.ravel(), grad, atol=1e-10)


def test_overlap_counts_equal_a_transposed_convolution_of_ones():
    for n, k, s, padding, op in transpose_cases():
        counts = ca.transpose_overlap_counts(n, k, s, padding, op)
        ones = keras_transpose(np.ones((1, n, n, 1)), np.ones((k, k, 1, 1)), s, padding, op)
        np.testing.assert_array_equal(counts, ones[0, :, :, 0].round().astype(int))


def test_overlap_is_even_exactly_when_the_stride_divides_the_kernel():
    for k, s in itertools.product(range(1, 8), range(1, 5)):
        profile = ca.overlap_profile(k, s)
        assert (profile.min() == profile.max()) == (k % s == 0), (k, s)
        interior = ca.transpose_overlap_counts(12, k, s, "valid")[k + s:-(k + s), k + s:-(k + s)]
        assert (interior.min() == interior.max()) == (k % s == 0), (k, s)
    np.testing.assert_array_equal(ca.overlap_profile(3, 2), [2, 1])
    np.testing.assert_array_equal(ca.overlap_profile(5, 2), [3, 2])
    np.testing.assert_array_equal(ca.overlap_profile(4, 2), [2, 2])


def test_conv_overlap_counts_read_each_input_cell():
    counts = ca.conv_overlap_counts(5, 3, 2, "valid")
    assert counts.shape == (5, 5)
    np.testing.assert_array_equal(counts[0], [1, 1, 2, 1, 1])
    padded = ca.conv_overlap_counts(4, 3, 1, "same")
    assert padded.shape == (6, 6) and padded.sum() == 16 * 9  # 16 windows of 9 cells


def test_geometry_formula_shows_the_numbers():
    g = ca.Geometry(n=4, k=4, s=2, padding="same", transposed=True)
    assert g.output_size() == 8 and g.formula() == "same: out = n · s = 4 · 2 = 8"
    g = ca.Geometry(n=4, k=3, s=2, padding="valid", transposed=True)
    assert g.formula().endswith("(4 − 1) · 2 + 3 + 0 = 9")
    g = ca.Geometry(n=8, k=3, s=2, padding="valid", transposed=False)
    assert g.output_size() == 3 and g.formula().endswith("= 3")
    g = ca.Geometry(n=4, k=4, s=2, padding="same", output_padding=0)
    assert g.problem() and g.formula().startswith("no output")
