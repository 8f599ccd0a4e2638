"""Lesson 02 (upsampling): nearest-neighbour upsampling, output sizes, a transposed
convolution by hand and even overlap, judged by the grader.

References come from Keras (``UpSampling2D``, the layers' shape rule, the op
``Conv2DTranspose`` calls) and, for exercise 4, from the instructor's reference
(``autograder/reference/conv_arithmetic.py``), all in the grader's process; the kernel only
runs the learner's functions on inputs drawn here. A wrong answer is named by the same
``diagnose_*`` functions the visible checks use (``dcgan_course.exercises.upsampling``), so
the grader and the notebook say the same thing.
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

import numpy as np
from reference import conv_arithmetic as reference

from dcgan_course.checks import expect_true
from dcgan_course.exercises.upsampling import (
    OVERLAP_PAIRS,
    SIZE_CASES,
    diagnose_overlap,
    diagnose_size,
    diagnose_transpose,
    diagnose_upsample,
)
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "02-upsampling"
PADDINGS = ("valid", "same")
#: Framework calls that would do the arithmetic a lesson-02 exercise asks for, and the
#: course's own wrappers around them (the visualizer's and the checks' Keras numbers): the
#: shortcuts that scored 7/7. Callables, not modules: the probe wraps each while it runs.
KERAS_CONV = ("keras.layers.Conv2D", "keras.layers.Conv2DTranspose", "keras.ops.conv",
              "keras.ops.conv_transpose", "tf.nn.conv2d", "tf.nn.conv2d_transpose",
              "tf.nn.conv_transpose", "tf.nn.convolution", "tf.raw_ops.Conv2DBackpropInput",
              "dcgan_course.conv_arithmetic.Geometry", "dcgan_course.conv_arithmetic.run",
              "dcgan_course.conv_arithmetic.layout", "dcgan_course.conv_arithmetic.conv_matrix",
              "dcgan_course.conv_arithmetic.overlap_counts",
              "dcgan_course.conv_visualizer.keras_output",
              "dcgan_course.conv_visualizer.partial_canvases",
              "dcgan_course.exercises.upsampling._keras_size",
              "dcgan_course.exercises.upsampling._keras_transpose",
              "dcgan_course.exercises.upsampling._keras_taps",
              "dcgan_course.exercises.upsampling._keras_truth")


# -- Exercise 1 ----------------------------------------------------------------------------

class UpsampleNearest(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (upsample_nearest)"
    names = ("upsample_nearest",)
    forbidden: ClassVar[tuple[str, ...]] = (
        "keras.layers.UpSampling2D", "tf.image.resize", "keras.ops.image.resize",
        "tf.compat.v1.image.resize_nearest_neighbor", "scipy.ndimage.zoom",
        "dcgan_course.exercises.upsampling._keras_upsample")
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
        what = case["what"]
        expect_true(isinstance(value, dict) and "out" in value, what, tr("did not return."))
        diagnose_upsample(case["batch"], case["factor"], value["out"], value["batch_after"],
                          what)


# -- Exercise 2 ----------------------------------------------------------------------------

#: The grid the notebook's old hidden test walked; each grading checks a random part of it.
GRID = list(itertools.product((1, 2, 5, 8, 16), (1, 2, 3, 4, 5), (1, 2, 3, 4), PADDINGS))
FUNCTIONS = {"conv": "conv_output_size", "transpose": "conv_transpose_output_size"}


class OutputSizes(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (output sizes)"
    names = ("conv_output_size", "conv_transpose_output_size")
    # building a Conv2D / Conv2DTranspose to read compute_output_shape is flagged with them
    forbidden: ClassVar[tuple[str, ...]] = KERAS_CONV
    body = """
def __dcgan_probe_body(case):
    if case["kind"] == "conv":
        return conv_output_size(case["n"], case["k"], case["s"], case["padding"])
    return conv_transpose_output_size(case["n"], case["k"], case["s"], case["padding"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        # the visible cases first, in their order: each plausible mistake shows on the case
        # that names it; then the corners (a kernel that does not fit, a stride larger than
        # the kernel) and a random part of the grid and beyond it, in a random order
        first = list(SIZE_CASES)
        picked = set()
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
            for _ in range(4):  # beyond the grid: larger inputs and kernels
                picked.add((kind, int(rng.integers(17, 129)), int(rng.integers(1, 8)),
                            int(rng.integers(1, 5)), str(rng.choice(PADDINGS))))
        rest = sorted(picked - set(first))
        rest = [rest[i] for i in rng.permutation(len(rest))]
        return [{"kind": kind, "n": n, "k": k, "s": s, "padding": padding}
                for kind, n, k, s, padding in first + rest]

    def describe(self, case: dict) -> str:
        return (f"{FUNCTIONS[case['kind']]}(n={case['n']}, k={case['k']}, s={case['s']}, "
                f"padding='{case['padding']}')")

    def check(self, case: dict, value: Any) -> None:
        diagnose_size(case["kind"], case["n"], case["k"], case["s"], case["padding"], value)


# -- Exercise 3 ----------------------------------------------------------------------------

class ConvTransposeNaive(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (conv_transpose_naive)"
    names = ("conv_transpose_naive",)
    forbidden: ClassVar[tuple[str, ...]] = (*KERAS_CONV, "tf.GradientTape")
    body = """
def __dcgan_probe_body(case):
    return conv_transpose_naive(case["x"], case["kernel"], case["stride"], case["padding"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        def draw(low: int, high: int) -> int:
            return int(rng.integers(low, high))

        # (n, h, w, c_in, c_out, k, stride, padding): first the cases on which each
        # plausible mistake shows itself (channels in = out; a stride larger than the kernel;
        # 'same' cutting an odd number of rows), then every stride with both paddings
        channels = draw(2, 4)
        settings = [(draw(1, 3), draw(2, 5), draw(2, 5), channels, channels, 3, 2, "valid"),
                    (1, draw(2, 4), draw(2, 5), 1, 1, draw(1, 3), 3, "valid"),
                    (1, draw(3, 6), draw(3, 6), draw(1, 3), draw(1, 3), 3, 2, "same"),
                    (1, draw(2, 5), draw(2, 5), 1, 1, int(rng.choice([2, 4])), 1, "same"),
                    (1, 1, 1, 1, 1, 1, 1, "valid")]
        for stride, padding in itertools.product((1, 2, 3), PADDINGS):
            k = int(rng.choice([2, 4]) if (stride + len(padding)) % 2 else rng.choice([1, 3, 5]))
            settings.append((draw(1, 4), draw(1, 6), draw(1, 6), draw(1, 4), draw(1, 4), k,
                             stride, padding))
        for padding in PADDINGS:  # a stride larger than the kernel, both paddings
            settings.append((draw(1, 3), draw(2, 5), draw(2, 5), draw(1, 3), draw(1, 3),
                             draw(1, 3), 3, padding))
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
        diagnose_transpose(case["x"], case["kernel"], case["stride"], case["padding"], value,
                           self.describe(case))


# -- Exercise 4 ----------------------------------------------------------------------------

class OverlapIsEven(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (overlap_is_even)"
    names = ("overlap_is_even",)
    forbidden: ClassVar[tuple[str, ...]] = KERAS_CONV
    body = """
def __dcgan_probe_body(case):
    return [overlap_is_even(k, s) for k, s in case["pairs"]]
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        # Every case holds the visible pairs (a wrong rule shows as a pattern over them) and
        # a third of a grid drawn now, in a random order.
        top_k, top_s = int(rng.integers(9, 17)), int(rng.integers(5, 9))
        grid = [(k, s) for k, s in itertools.product(range(1, top_k + 1), range(1, top_s + 1))
                if (k, s) not in OVERLAP_PAIRS]
        grid = [grid[i] for i in rng.permutation(len(grid))]
        cases = []
        for part in range(3):
            pairs = list(OVERLAP_PAIRS) + grid[part::3]
            cases.append({"pairs": [pairs[i] for i in rng.permutation(len(pairs))]})
        return cases

    def describe(self, case: dict) -> str:
        return tr("overlap_is_even on {count} kernel and stride pairs", count=len(case["pairs"]))

    def check(self, case: dict, value: Any) -> None:
        pairs = [tuple(pair) for pair in case["pairs"]]
        expect_true(isinstance(value, list) and len(value) == len(pairs), self.describe(case),
                    tr("did not return."))
        diagnose_overlap(pairs, value, [reference.overlap_is_even(k, s) for k, s in pairs])
