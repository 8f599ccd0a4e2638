"""Visible tests of lesson 02 (upsampling): nearest-neighbour upsampling, output sizes, the
transposed convolution written as a loop, and when its overlap is even.

Keras layers serve as references, built inside each check (a module-level wrapper around
Conv2DTranspose would be the exercise's answer, importable by the learner).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from dcgan_course.checks import call_exercise, expect_close, expect_shape, expect_true, to_numpy
from dcgan_course.translate import later, tr


def check_upsample_nearest(upsample_nearest: Callable[..., Any]) -> None:
    """Exercise 1: a 2x2 image by hand, then a random batch against Keras UpSampling2D."""
    tiny = np.array([[1, 2], [3, 4]], dtype=np.float32).reshape(1, 2, 2, 1)
    got = call_exercise(upsample_nearest, tiny, 2)
    expect_shape(got, (1, 4, 4, 1), "upsample_nearest(1x2x2x1 batch, 2)",
                 hint=tr("Repeat along the height (axis 1) and width (axis 2) only, not along "
                         "the batch (axis 0) or channel (axis 3) axes."))
    expect_close(np.asarray(got)[0, :, :, 0],
                 [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
                 "upsample_nearest([[1, 2], [3, 4]], 2)",
                 hint=tr("Each pixel becomes a 2x2 block: repeat rows, then repeat columns "
                         "(np.repeat, not np.tile, which would repeat the whole image)."))
    rgb = np.random.default_rng(0).uniform(size=(2, 3, 5, 3)).astype(np.float32)
    want = tf.keras.layers.UpSampling2D(size=3, interpolation="nearest")(rgb).numpy()
    expect_close(call_exercise(upsample_nearest, rgb, 3), want,
                 tr("upsample_nearest(random 2x3x5x3 batch, 3), compared with Keras UpSampling2D"),
                 hint=tr("Check that images and channels stay separate: only axes 1 and 2 grow."))
    print(tr("Exercise 1: visible tests passed."))


VALID = later("valid: floor((n - k) / s) + 1.")
SAME = later("same: ceil(n / s), which is -(-n // s); the kernel size does not matter.")
T_VALID = later("valid: (n - 1) * s + k, plus max(s - k, 0) when the stride is larger "
                "than the kernel.")
T_SAME = later("same: n * s (stride 2 doubles the size).")
#: (which function, n, k, s, padding, what Keras gives, hint); the sizes were read off Keras
#: Conv2D / Conv2DTranspose layers.
SIZE_CASES = [
    ("conv", 7, 3, 1, "valid", 5, VALID),
    ("conv", 8, 3, 2, "valid", 3, VALID),
    ("conv", 32, 5, 2, "same", 16, SAME),
    ("conv", 7, 3, 2, "same", 4, SAME),
    ("transpose", 2, 3, 1, "valid", 4, T_VALID),
    ("transpose", 4, 5, 2, "same", 8, T_SAME),
    ("transpose", 3, 3, 2, "valid", 7, T_VALID),
]


def check_output_sizes(conv_output_size: Callable[..., Any],
                       conv_transpose_output_size: Callable[..., Any]) -> None:
    """Exercise 2: output sizes of convolutions and transposed convolutions."""
    functions = {"conv": conv_output_size, "transpose": conv_transpose_output_size}
    for which, n, k, s, padding, want, hint in SIZE_CASES:
        function = functions[which]
        got = call_exercise(function, n, k, s, padding)
        call = f"{function.__name__}(n={n}, k={k}, s={s}, padding='{padding}')"
        expect_true(isinstance(got, int | np.integer), call,
                    tr("returned {got!r} of type {kind}; return an int.", got=got,
                       kind=type(got).__name__),
                    hint=tr("Use // (floor division), not / (which gives a float)."))
        expect_true(got == want, call, tr("returned {got}, Keras gives {want}.", got=got,
                                          want=want), hint=tr(hint))
    print(tr("Exercise 2: visible tests passed."))


def check_like_keras(got: Any, want: np.ndarray, padding: str, what: str) -> None:
    """Fail unless ``got`` equals Keras' Conv2DTranspose output ``want`` (NHWC).

    Shared by the visible check and the autograder's lesson 02 judgement, so both
    name the first wrong value, the rows that are wrong and the crop rule of ``padding``.
    """
    got = to_numpy(got, what)
    wrong = np.argwhere(~np.isclose(got, want, rtol=1e-5, atol=1e-5))
    if not len(wrong):
        return
    crop_hint = (tr("For 'same', cut out_H rows starting at top = max(canvas_H - out_H, 0) "
                    "// 2 (and the same for columns).") if padding == "same" else
                 tr("For 'valid', the output is the canvas from row 0 and column 0."))
    b, r, c, o = wrong[0]
    expect_true(False, what,
                tr("{count} of {size} values differ from Keras's Conv2DTranspose. The first "
                   "is at [image {b}, row {r}, column {c}, channel {o}]: expected "
                   "{want:.5g}, got {got:.5g}. Rows with wrong values: {rows}.",
                   count=len(wrong), size=want.size, b=b, r=r, c=c, o=o,
                   want=want[b, r, c, o], got=got[b, r, c, o],
                   rows=sorted(set(wrong[:, 1].tolist()))),
                hint=tr("Stamp the kernel scaled by x[:, i, j, :] at rows i*stride ... "
                        "i*stride+k-1 and columns j*stride ... j*stride+k-1; kernel[a, b, o, "
                        "c] maps input channel c to output channel o. ") + crop_hint)


def check_conv_transpose(conv_transpose_naive: Callable[..., Any]) -> None:
    """Exercise 3: the loop against Keras Conv2DTranspose on four inputs and kernels."""
    rng = np.random.default_rng(0)
    one = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
    ones_kernel = np.ones((3, 3, 1, 1))
    cases = [(one, ones_kernel, 1, "valid"), (one, ones_kernel, 2, "valid"),
             (rng.standard_normal((2, 3, 4, 2)), rng.standard_normal((4, 4, 3, 2)), 2, "same"),
             (rng.standard_normal((1, 3, 3, 1)), rng.standard_normal((5, 5, 1, 1)), 2, "same")]
    for x, kernel, stride, padding in cases:
        what = (f"conv_transpose_naive(x of shape {x.shape}, kernel of shape {kernel.shape}, "
                f"stride={stride}, padding='{padding}')")
        layer = tf.keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[0],
                                                strides=stride, padding=padding,
                                                use_bias=False)
        layer.build(x.shape)
        layer.set_weights([kernel.astype(np.float32)])
        want = layer(x.astype(np.float32)).numpy()
        got = call_exercise(conv_transpose_naive, x, kernel, stride, padding)
        expect_shape(got, want.shape, what,
                     hint=tr("The output is (N, out_H, out_W, C_out), with the sizes from your "
                             "conv_transpose_output_size; C_out is kernel.shape[2]."))
        check_like_keras(got, want, padding, what)
    print(tr("Exercise 3: visible tests passed."))


#: (k, s, whether every output class gets the same number of taps), counted by hand with
#: ca.overlap_profile.
OVERLAP_CASES = [(4, 2, True), (3, 2, False), (5, 2, False), (3, 1, True)]


def check_overlap_is_even(overlap_is_even: Callable[..., Any]) -> None:
    """Exercise 4: four kernel sizes and strides.

    The hint no longer states the rule (it was the answer); it says how to find it.
    """
    for k, s, want in OVERLAP_CASES:
        got = call_exercise(overlap_is_even, k, s)
        expect_true(isinstance(got, bool | np.bool_), f"overlap_is_even({k}, {s})",
                    tr("returned {got!r}; return True or False.", got=got))
        expect_true(got == want, f"overlap_is_even({k}, {s})",
                    tr("returned {got}, expected {want}.", got=got, want=want),
                    hint=tr("Along one axis the output positions fall into s classes; count the "
                            "kernel taps each class receives (ca.overlap_profile(k, s) lists "
                            "them) and compare the classes."))
    print(tr("Exercise 4: visible tests passed."))
