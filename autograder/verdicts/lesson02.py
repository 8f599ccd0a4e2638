"""Lesson 02 (upsampling): nearest-neighbour upsampling, output sizes, a transposed
convolution by hand and even overlap, judged by the grader.

References come from Keras (``UpSampling2D``, ``compute_output_shape``, ``Conv2DTranspose``)
or plain arithmetic in the grader's process; the kernel only runs the learner's functions on
inputs drawn here.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, expect_close, expect_shape, expect_true, to_numpy
from dcgan_course.exercises.upsampling import check_like_keras
from dcgan_course.translate import later, tr

from . import Exercise

NOTEBOOK = "02-upsampling"
PADDINGS = ("valid", "same")


# -- Exercise 1 ----------------------------------------------------------------------------

class UpsampleNearest(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (upsample_nearest)"
    names = ("upsample_nearest",)
    body = """
def __dcgan_probe_body(case):
    batch = case["batch"]
    out = upsample_nearest(batch, case["factor"])
    return {"out": out, "batch_after": batch}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        # A tiny single-channel image of distinct values shows a tiled (not repeated) image.
        tiny = rng.permutation(np.arange(1, 5, dtype=np.float32) * float(rng.integers(1, 9)))
        shapes = [((1, 2, 2, 1), 2)]
        shapes.append(((int(rng.integers(2, 4)), int(rng.integers(2, 5)), int(rng.integers(3, 7)),
                        3), int(rng.integers(2, 4))))                    # RGB, H != W
        shapes.append(((int(rng.integers(2, 6)), 1, int(rng.integers(3, 9)),
                        int(rng.integers(1, 4))), 2))                    # one row
        shapes.append(((1, int(rng.integers(3, 8)), int(rng.integers(1, 4)), 1),
                       int(rng.integers(3, 6))))                         # large factor
        shapes.append(((int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4)),
                        int(rng.integers(4, 7))), 1))                    # factor 1
        shapes.append(((1, 1, 1, 1), int(rng.integers(3, 7))))           # one pixel
        found = []
        for index, (shape, factor) in enumerate(shapes):
            batch = (tiny.reshape(shape) if index == 0
                     else rng.standard_normal(shape).astype(np.float32))
            found.append({"batch": batch, "factor": factor,
                          "what": f"upsample_nearest(batch of shape {shape}, {factor})"})
        return found

    def check(self, case: dict, value: Any) -> None:
        import tensorflow as tf

        what, batch, factor = case["what"], case["batch"], case["factor"]
        expect_true(isinstance(value, dict) and "out" in value, what, tr("did not return."))
        n, h, w, c = batch.shape
        expect_shape(value["out"], (n, h * factor, w * factor, c), what,
                     hint=tr("Repeat along the height (axis 1) and width (axis 2) only, not "
                             "along the batch (axis 0) or channel (axis 3) axes."))
        got = to_numpy(value["out"], what)
        if factor > 1 and h * w > 1 and np.allclose(got, np.tile(batch, (1, factor, factor, 1))):
            raise ExerciseFailure(tr("{what}: the whole image is repeated side by side.\nHint: "
                                     "Each pixel becomes a factor x factor block: np.repeat, "
                                     "not np.tile, which repeats the whole image.", what=what))
        want = tf.keras.layers.UpSampling2D(size=factor, interpolation="nearest")(batch).numpy()
        expect_close(got, want, tr("{what}, compared with Keras UpSampling2D", what=what),
                     hint=tr("Each pixel becomes a factor x factor block: repeat rows, then "
                             "repeat columns. Check that images and channels stay separate: "
                             "only axes 1 and 2 grow."))
        expect_close(value["batch_after"], batch, tr("the batch after {what}", what=what),
                     hint=tr("Do not modify the input array; return a new one."))


# -- Exercise 2 ----------------------------------------------------------------------------

#: The grid the notebook's old hidden test walked; each grading checks a random part of it.
GRID = list(itertools.product((1, 2, 5, 8, 16), (1, 2, 3, 4, 5), (1, 2, 3, 4), PADDINGS))
#: The cases the visible test names (conv) and (transpose).
VISIBLE = [("conv", 7, 3, 1, "valid"), ("conv", 8, 3, 2, "valid"), ("conv", 32, 5, 2, "same"),
           ("conv", 7, 3, 2, "same"), ("transpose", 2, 3, 1, "valid"),
           ("transpose", 4, 5, 2, "same"), ("transpose", 3, 3, 2, "valid")]
SIZE_HINTS = {
    ("conv", "valid"): later("valid: floor((n - k) / s) + 1, and 0 when the kernel does not "
                             "fit."),
    ("conv", "same"): later("same: ceil(n / s), which is -(-n // s); the kernel size does not "
                            "matter."),
    ("transpose", "valid"): later("valid: (n - 1) * s + k, plus max(s - k, 0) when the stride "
                                  "is larger than the kernel."),
    ("transpose", "same"): later("same: n * s (stride 2 doubles the size)."),
}
FUNCTIONS = {"conv": "conv_output_size", "transpose": "conv_transpose_output_size"}


def keras_size(kind: str, n: int, k: int, s: int, padding: str) -> int:
    """The output length Keras computes for a layer over an n x n input."""
    import tensorflow as tf

    if kind == "conv" and padding == "valid" and k > n:
        return 0  # Keras refuses the layer; the exercise asks for 0
    layer = (tf.keras.layers.Conv2D if kind == "conv" else tf.keras.layers.Conv2DTranspose)(
        1, k, strides=s, padding=padding)
    return int(layer.compute_output_shape((1, n, n, 1))[1])


class OutputSizes(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (output sizes)"
    names = ("conv_output_size", "conv_transpose_output_size")
    body = """
def __dcgan_probe_body(case):
    import numpy as _np
    if case["kind"] == "conv":
        got = conv_output_size(case["n"], case["k"], case["s"], case["padding"])
    else:
        got = conv_transpose_output_size(case["n"], case["k"], case["s"], case["padding"])
    return {"value": got, "type": type(got).__name__,
            "is_int": isinstance(got, (int, _np.integer)) and not isinstance(got, bool)}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        picked = set(VISIBLE)
        # the corners the rules treat apart are always among the cases: a kernel that does
        # not fit (conv, valid), a stride larger than the kernel (transpose, valid)
        n = int(rng.integers(1, 4))
        picked.add(("conv", n, n + int(rng.integers(1, 3)), int(rng.integers(1, 4)), "valid"))
        k = int(rng.integers(1, 3))
        picked.add(("transpose", int(rng.integers(1, 9)), k, k + int(rng.integers(1, 3)),
                    "valid"))
        for kind in FUNCTIONS:
            for index in rng.choice(len(GRID), 30, replace=False):
                picked.add((kind, *GRID[index]))
            picked.add((kind, int(rng.integers(5, 17)), int(rng.integers(2, 6)),
                        int(rng.integers(2, 5)), "same"))
            # beyond the grid: larger inputs and kernels
            for _ in range(4):
                picked.add((kind, int(rng.integers(17, 129)), int(rng.integers(1, 8)),
                            int(rng.integers(1, 5)), str(rng.choice(PADDINGS))))
        found = []
        for kind, n, k, s, padding in sorted(picked):
            found.append({"kind": kind, "n": n, "k": k, "s": s, "padding": padding})
        order = rng.permutation(len(found))
        return [found[i] for i in order]

    def describe(self, case: dict) -> str:
        return (f"{FUNCTIONS[case['kind']]}(n={case['n']}, k={case['k']}, s={case['s']}, "
                f"padding='{case['padding']}')")

    def check(self, case: dict, value: Any) -> None:
        call = self.describe(case)
        expect_true(isinstance(value, dict) and "value" in value, call, tr("did not return."))
        got = value["value"]
        expect_true(value.get("is_int") is True and type(got) is int, call,
                    tr("returned {got!r} of type {kind}; return an int.", got=got,
                       kind=value.get('type')),
                    hint=tr("Use // (floor division), not / (which gives a float)."))
        layer = "Conv2D" if case["kind"] == "conv" else "Conv2DTranspose"
        want = keras_size(case["kind"], case["n"], case["k"], case["s"], case["padding"])
        hint = SIZE_HINTS[(case["kind"], case["padding"])]
        expect_true(got == want, call,
                    tr("returned {got}, which is not the length Keras' {layer} gives (compare "
                       "with tf.keras.layers.{layer}(1, k, strides=s, "
                       "padding=...).compute_output_shape((1, n, n, 1))).", got=got, layer=layer),
                    hint=tr(hint))


# -- Exercise 3 ----------------------------------------------------------------------------

def keras_transpose(x: np.ndarray, kernel: np.ndarray, stride: int, padding: str) -> np.ndarray:
    """Keras' Conv2DTranspose without bias, in float64, with ``kernel`` as its weights."""
    import tensorflow as tf

    layer = tf.keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[0], strides=stride,
                                            padding=padding, use_bias=False, dtype="float64")
    layer.build(x.shape)
    layer.set_weights([kernel])
    return layer(x).numpy()


class ConvTransposeNaive(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (conv_transpose_naive)"
    names = ("conv_transpose_naive",)
    body = """
def __dcgan_probe_body(case):
    return conv_transpose_naive(case["x"], case["kernel"], case["stride"], case["padding"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        settings = [(1, 1, 1, 1, 1, 1, 1, "valid")]  # (n, h, w, c_in, c_out, k, stride, pad)
        # every stride with both paddings, kernels odd and even, several channels
        for stride, padding in itertools.product((1, 2, 3), PADDINGS):
            k = int(rng.choice([2, 4]) if (stride + len(padding)) % 2 else rng.choice([1, 3, 5]))
            settings.append((int(rng.integers(1, 4)), int(rng.integers(1, 6)),
                             int(rng.integers(1, 6)), int(rng.integers(1, 4)),
                             int(rng.integers(1, 4)), k, stride, padding))
        # a stride larger than the kernel (output reaches past the canvas), both paddings
        for padding in PADDINGS:
            settings.append((int(rng.integers(1, 3)), int(rng.integers(2, 5)),
                             int(rng.integers(2, 5)), int(rng.integers(1, 3)),
                             int(rng.integers(1, 3)), int(rng.integers(1, 3)), 3, padding))
        found = []
        for n, h, w, c_in, c_out, k, stride, padding in settings:
            x = rng.standard_normal((n, h, w, c_in))
            kernel = rng.standard_normal((k, k, c_out, c_in))
            found.append({"x": x, "kernel": kernel, "stride": stride, "padding": padding})
        return found

    def describe(self, case: dict) -> str:
        return (f"conv_transpose_naive(x of shape {case['x'].shape}, kernel of shape "
                f"{case['kernel'].shape}, stride={case['stride']}, "
                f"padding='{case['padding']}')")

    def check(self, case: dict, value: Any) -> None:
        what = self.describe(case)
        want = keras_transpose(case["x"], case["kernel"], case["stride"], case["padding"])
        expect_shape(value, want.shape, what,
                     hint=tr("The output is (N, out_H, out_W, C_out), with the sizes from your "
                             "conv_transpose_output_size; C_out is kernel.shape[2]."))
        check_like_keras(value, want, case["padding"], what)


# -- Exercise 4 ----------------------------------------------------------------------------

def taps_are_even(k: int, s: int) -> bool:
    """Whether every output class of a stride-``s`` transposed conv gets as many taps."""
    taps = [len(range(r, k, s)) for r in range(s)]
    return min(taps) == max(taps)


class OverlapIsEven(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (overlap_is_even)"
    names = ("overlap_is_even",)
    body = """
def __dcgan_probe_body(case):
    return overlap_is_even(case["k"], case["s"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        top_k, top_s = int(rng.integers(9, 17)), int(rng.integers(5, 9))
        pairs = list(itertools.product(range(1, top_k + 1), range(1, top_s + 1)))
        return [{"k": k, "s": s} for k, s in (pairs[i] for i in rng.permutation(len(pairs)))]

    def describe(self, case: dict) -> str:
        return f"overlap_is_even({case['k']}, {case['s']})"

    def check(self, case: dict, value: Any) -> None:
        call = self.describe(case)
        expect_true(isinstance(value, bool), call, tr("returned {value!r}; return True or False.",
                                                      value=value))
        # The message names no expected value: the (k, s) pairs are few and known in advance.
        expect_true(value == taps_are_even(case["k"], case["s"]), call,
                    tr("returned {value}, which is not right for this kernel and stride.",
                       value=value),
                    hint=tr("Along one axis the output positions fall into s classes; count the "
                            "kernel taps each class receives (ca.overlap_profile(k, s) lists "
                            "them) and compare the classes. A stride larger than the kernel "
                            "leaves gaps."))
