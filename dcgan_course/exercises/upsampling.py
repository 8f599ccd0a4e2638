"""Visible tests of lesson 02 (upsampling) and the mistakes they name: nearest-neighbour
upsampling, output sizes, the transposed convolution by hand, and when its overlap is even.

Each check compares with the framework's own op (Keras' ``UpSampling2D``, the layers' shape
rule, ``keras.ops.conv_transpose``, run inside the check) and recognises a catalogued
mistake by what the learner's numbers equal instead: Keras' output for a flipped kernel, the
canvas cut somewhere else, the size for one input pixel more. None of them holds the rule an
exercise asks for. The autograder's lesson 02 judgement calls the same ``diagnose_*``
functions on its own cases, so the learner reads the same words in both places.

A function that passes its check here is remembered (:func:`passed`): the stride/padding
visualizer then shows the learner's numbers beside Keras'.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dcgan_course import conv_arithmetic as ca
from dcgan_course.checks import call_exercise, expect_shape, expect_true, to_numpy
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.translate import tr

_PASSED: dict[str, Callable[..., Any]] = {}


def passed(name: str) -> Callable[..., Any] | None:
    """The learner's function ``name`` if it passed its visible check in this kernel."""
    return _PASSED.get(name)


def _remember(*functions: Callable[..., Any]) -> None:
    for function in functions:
        _PASSED[getattr(function, "__name__", "")] = function


# -- Exercise 1: nearest-neighbour upsampling --------------------------------------------------

TILED = Mistake(
    "02/ex1/tiled",
    "the whole image is repeated side by side, {factor}×{factor} copies of it, instead of "
    "each pixel growing into a {factor}×{factor} block.",
    "np.tile copies the whole array; you need the NumPy function that copies each element "
    "along one axis.")
WRONG_AXES = Mistake(
    "02/ex1/wrong-axes",
    "returned shape {got}; a batch of shape {shape} upsampled by {factor} has shape {want}.",
    "Only axis 1 (height) and axis 2 (width) grow, each by the factor; the batch (axis 0) and "
    "the channels (axis 3) stay as they are.")
MISPLACED = Mistake(
    "02/ex1/misplaced",
    "has the right shape, but {count} of {size} values differ from Keras' UpSampling2D; the "
    "first at [image {b}, row {r}, column {c}, channel {ch}]: expected {want:.4g}, got "
    "{got:.4g}.",
    "Output pixel (r, c) holds input pixel (r // factor, c // factor) of the same image and "
    "channel: check the order in which your code repeats or reshapes.")
CHANGED_INPUT = Mistake(
    "02/ex1/changed-input",
    "changed the batch it was given.",
    "Build a new array and return it; leave the input as it was.")


def diagnose_upsample(batch: np.ndarray, factor: int, got: Any, batch_after: Any,
                      what: str) -> None:
    """Fail with the named mistake unless ``got`` is Keras' upsampling of ``batch``."""
    import tensorflow as tf

    n, h, w, c = batch.shape
    layer = tf.keras.layers.UpSampling2D(size=factor, interpolation="nearest")
    want = layer(np.asarray(batch, np.float32)).numpy()
    got = to_numpy(got, what)
    if got.shape != want.shape:
        fail(WRONG_AXES, what, got=got.shape, shape=batch.shape, factor=factor, want=want.shape)
    if factor > 1 and h * w > 1 and np.allclose(got, np.tile(batch, (1, factor, factor, 1))):
        fail(TILED, what, factor=factor)
    wrong = np.argwhere(~np.isclose(got, want, rtol=1e-5, atol=1e-6))
    if len(wrong):
        b, r, col, ch = wrong[0]
        fail(MISPLACED, what, count=len(wrong), size=want.size, b=b, r=r, c=col, ch=ch,
             want=want[b, r, col, ch], got=got[b, r, col, ch])
    if not np.array_equal(to_numpy(batch_after, what), batch):
        fail(CHANGED_INPUT, what)


def check_upsample_nearest(upsample_nearest: Callable[..., Any]) -> None:
    """Exercise 1: a 2x2 image by hand, then a random colour batch, against UpSampling2D."""
    rgb = np.random.default_rng(0).uniform(size=(2, 3, 5, 3)).astype(np.float32)
    tiny = np.array([[1, 2], [3, 4]], dtype=np.float32).reshape(1, 2, 2, 1)
    for batch, factor in ((tiny, 2), (rgb, 3)):
        given = batch.copy()
        got = call_exercise(upsample_nearest, given, factor)
        diagnose_upsample(batch, factor, got, given,
                          f"upsample_nearest(batch of shape {batch.shape}, {factor})")
    _remember(upsample_nearest)
    print(tr("Exercise 1: visible tests passed."))


# -- Exercise 2: output sizes ------------------------------------------------------------------

FLOAT_SIZE = Mistake(
    "02/ex2/float-size",
    "returned {got!r} of type {kind}; a size is a Python int.",
    "Look for / (true division always gives a float) or a rounding function that returns a "
    "float, such as np.ceil; // divides and rounds down in integers.")
CONV_NEGATIVE = Mistake(
    "02/ex2/conv-negative",
    "returned {got} for a kernel larger than the input: no window fits there, and Keras "
    "refuses such a layer.",
    "The exercise asks for 0 when the kernel does not fit; your arithmetic goes below zero "
    "there.")
SAME_ROUNDS_DOWN = Mistake(
    "02/ex2/conv-same-rounds-down",
    "returned {got}, Keras gives {want}: your count loses the last window when the stride "
    "({s}) does not divide n ({n}).",
    "With 'same' there is one window for every s-th input pixel, starting with the first: "
    "count the pixels 0, s, 2s, … that lie below n.")
CONV_OFF_BY_ONE = Mistake(
    "02/ex2/conv-off-by-one",
    "returned {got}, Keras gives {want} ({diff:+d} window).",
    "Count the window's positions: the first starts at pixel 0, each next one s pixels "
    "later, the last where the kernel still fits. Try n = k, where exactly one fits.")
NO_GAP = Mistake(
    "02/ex2/transpose-no-gap",
    "returned {got}, the length the stamps cover; Keras' layer is {want} long. Here the "
    "stride ({s}) is larger than the kernel ({k}).",
    "Read the experiment's rows where the stride is larger than the kernel: what does Keras "
    "keep after the last stamp, and how long is it?")
SAME_KEEPS_N = Mistake(
    "02/ex2/transpose-same-keeps-n",
    "returned {got}, the input's length; Keras' transposed layer with 'same' and stride {s} "
    "gives {want}.",
    "'same' keeps the size only at stride 1. Read the transposed experiment's 'same' rows for "
    "strides 2 and 3.")
TRANSPOSE_OFF = Mistake(
    "02/ex2/transpose-off-by-one",
    "returned {got}, Keras gives {want} ({diff:+d}).",
    "The first stamp covers output pixels 0 … k − 1 and each next one starts s pixels later: "
    "where does the last of the n stamps start, and where does it end? Try n = 1.")

LAYERS = {"conv": "Conv2D", "transpose": "Conv2DTranspose"}
FUNCTIONS = {"conv": "conv_output_size", "transpose": "conv_transpose_output_size"}


def _keras_size(*, kind: str, n: int, k: int, s: int, padding: str) -> int:
    """The length Keras' layer gives (its shape rule); 0 for a kernel that does not fit.

    Keyword-only, as the other Keras helpers here: none can stand in for a learner's
    function (a pasted body would be a framework shortcut, and this one needs ``kind=``).
    """
    geometry = ca.Geometry(n, k, s, padding, None, kind == "transpose")
    return 0 if geometry.problem() else geometry.output_size()


def diagnose_size(kind: str, n: int, k: int, s: int, padding: str, got: Any) -> None:
    """Fail with the named mistake unless ``got`` is the length Keras gives."""
    call = f"{FUNCTIONS[kind]}(n={n}, k={k}, s={s}, padding='{padding}')"
    if isinstance(got, bool) or not isinstance(got, int | np.integer):
        if isinstance(got, float | np.floating):
            fail(FLOAT_SIZE, call, got=got, kind=type(got).__name__)
        expect_true(False, call, tr("returned {got!r} of type {kind}; return an int.", got=got,
                                    kind=type(got).__name__))
    got, want = int(got), _keras_size(kind=kind, n=n, k=k, s=s, padding=padding)
    if got == want:
        return
    if kind == "conv":
        if padding == "valid" and k > n and got < 0:
            fail(CONV_NEGATIVE, call, got=got)
        if padding == "same" and got == want - 1 and n % s:
            fail(SAME_ROUNDS_DOWN, call, got=got, want=want, s=s, n=n)
        if abs(got - want) == 1:
            fail(CONV_OFF_BY_ONE, call, got=got, want=want, diff=got - want)
    else:
        if padding == "valid" and s > k and got == ca.Geometry(n, k, s, "valid", 0).output_size():
            fail(NO_GAP, call, got=got, want=want, s=s, k=k)
        if padding == "same" and got == n:
            fail(SAME_KEEPS_N, call, got=got, want=want, s=s)
        neighbours = {_keras_size(kind=kind, n=m, k=k, s=s, padding=padding)
                      for m in (n - 1, n + 1) if m > 0}
        if abs(got - want) == 1 or got in neighbours:
            fail(TRANSPOSE_OFF, call, got=got, want=want, diff=got - want)
    expect_true(False, call,
                tr("returned {got}, which is not the length Keras' {layer} gives ({want}).",
                   got=got, layer=LAYERS[kind], want=want),
                hint=tr("Check your derivation against the experiment's table row by row; "
                        "the grader draws sizes, kernels and strides you have not seen."))


#: (which function, n, k, s, padding), in the order they are checked: each plausible
#: mistake shows on the first case it gets wrong. The lengths come from Keras in the check.
SIZE_CASES = [
    ("conv", 7, 3, 1, "valid"), ("conv", 8, 3, 2, "valid"), ("conv", 2, 5, 1, "valid"),
    ("conv", 32, 5, 2, "same"), ("conv", 7, 3, 2, "same"),
    ("transpose", 2, 3, 1, "valid"), ("transpose", 3, 3, 2, "valid"),
    ("transpose", 4, 5, 2, "same"), ("transpose", 3, 1, 2, "valid"),
    ("transpose", 5, 2, 3, "same"),
]


def check_output_sizes(conv_output_size: Callable[..., Any],
                       conv_transpose_output_size: Callable[..., Any]) -> None:
    """Exercise 2: output sizes of convolutions and transposed convolutions."""
    functions = {"conv": conv_output_size, "transpose": conv_transpose_output_size}
    for kind, n, k, s, padding in SIZE_CASES:
        diagnose_size(kind, n, k, s, padding, call_exercise(functions[kind], n, k, s, padding))
    _remember(conv_output_size, conv_transpose_output_size)
    print(tr("Exercise 2: visible tests passed."))


# -- Exercise 3: the transposed convolution by hand ---------------------------------------------

CHANNELS_SWAPPED = Mistake(
    "02/ex3/channels-swapped",
    "gives Keras' output for the kernel with its last two axes swapped: your code takes the "
    "output channel from the kernel's last axis.",
    "A transposed convolution's kernel has shape (k, k, C_out, C_in): kernel[a, b, o, c] "
    "connects input channel c to output channel o.")
FLIPPED = Mistake(
    "02/ex3/kernel-flipped",
    "gives Keras' output for the kernel turned by 180°: each stamp holds the kernel upside "
    "down and mirrored.",
    "A stamp is the kernel as it is, scaled: kernel[0, 0] lands on the stamp's top-left "
    "pixel. (The flip belongs to another way of computing the same thing, not to the "
    "stamp.)")
NOT_STRIDED = Mistake(
    "02/ex3/stamps-not-strided",
    "places the stamps one pixel apart, as if the stride were 1; here it is {stride}.",
    "Where does input pixel (i, j)'s stamp start on the canvas? Section 4a's step-by-step "
    "figure shows it for stride 2.")
CANVAS_SIZE = Mistake(
    "02/ex3/canvas-size",
    "returned {got_h}×{got_w} pixels per image, Keras {want_h}×{want_w}: with padding "
    "'valid' the output is the whole canvas, and yours has {diff:+d} rows against it.",
    "Where does the last stamp end? The first covers rows 0 … k − 1; your "
    "conv_transpose_output_size from exercise 2 gives the length Keras uses.")
NOT_CROPPED = Mistake(
    "02/ex3/not-cropped",
    "returned the whole canvas, {got_h}×{got_w}; with padding 'same' Keras' output is "
    "{want_h}×{want_w}, cut out of it.",
    "Cut out_H × out_W pixels out of the canvas; the crop experiment shows where Keras cuts.")
CROP_SHIFTED = Mistake(
    "02/ex3/crop-wrong-side",
    "has the right numbers in the wrong place: your output is the canvas from row {got_top}, "
    "column {got_left}; Keras' from row {want_top}, column {want_left} (kernel {k}, stride "
    "{stride}: {cut} of the canvas's rows are cut).",
    "Run the crop experiment with this kernel and stride: when the rows to cut are odd, on "
    "which side does Keras cut the extra one?")
STOPS_AT_CANVAS = Mistake(
    "02/ex3/stops-at-canvas",
    "returned {got_h}×{got_w}, where the last stamp ends; Keras' output is {want_h}×{want_w}. "
    "The stride ({stride}) is larger than the kernel ({k}), and Keras keeps the gap after "
    "the last stamp, as zeros.",
    "Make the output array first, with the length your conv_transpose_output_size gives, and "
    "copy the canvas into it: what the canvas does not reach stays zero.")


def _keras_transpose(*, x: np.ndarray, kernel: np.ndarray, stride: int, padding: str
                     ) -> np.ndarray:
    """Keras' transposed convolution (the op ``Conv2DTranspose`` calls), no bias, float64."""
    import keras

    out = keras.ops.conv_transpose(np.asarray(x, np.float64), np.asarray(kernel, np.float64),
                                   stride, padding)
    return np.asarray(out)


def _close(got: np.ndarray, want: np.ndarray) -> bool:
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-5, atol=1e-5))


def _placed(got: np.ndarray, canvas: np.ndarray) -> tuple[int, int] | None:
    """(row, column) of ``canvas`` (N, L, L, C) where ``got`` (N, h, w, C) is cut from it,
    zero where it runs past the end; ``None`` when nowhere."""
    rows, cols = got.shape[1:3]
    for top in range(canvas.shape[1]):
        for left in range(canvas.shape[2]):
            cut = np.zeros_like(got)
            part = canvas[:, top:top + rows, left:left + cols, :]
            cut[:, :part.shape[1], :part.shape[2], :] = part
            if np.allclose(got, cut, rtol=1e-5, atol=1e-5):
                return top, left
    return None


def _shape_mistake(got: np.ndarray, want: np.ndarray, x: np.ndarray, kernel: np.ndarray,
                   stride: int, padding: str, what: str) -> None:
    """Name the mistake behind an output of the wrong shape, if it is a catalogued one."""
    k, c_out, c_in = kernel.shape[0], kernel.shape[2], kernel.shape[3]
    if got.ndim == 4 and c_out != c_in and got.shape[3] == c_in:
        fail(CHANNELS_SWAPPED, what)
    if got.ndim != 4 or got.shape[0] != want.shape[0] or got.shape[3] != want.shape[3]:
        return
    sizes = {"got_h": got.shape[1], "got_w": got.shape[2], "want_h": want.shape[1],
             "want_w": want.shape[2]}
    canvas = _keras_transpose(x=x, kernel=kernel, stride=stride, padding="valid")
    stamps = [ca.Geometry(m, k, stride, "valid", 0).output_size() for m in x.shape[1:3]]
    if padding == "same" and list(got.shape[1:3]) in (list(canvas.shape[1:3]), stamps):
        fail(NOT_CROPPED, what, **sizes)
    if stride > k and list(got.shape[1:3]) == stamps:
        fail(STOPS_AT_CANVAS, what, stride=stride, k=k, **sizes)
    if padding == "valid":
        fail(CANVAS_SIZE, what, diff=got.shape[1] - want.shape[1], **sizes)


def diagnose_transpose(x: np.ndarray, kernel: np.ndarray, stride: int, padding: str,
                       got: Any, what: str) -> None:
    """Fail with the named mistake unless ``got`` equals Keras' Conv2DTranspose output.

    Shared by the visible check and the autograder's lesson 02 judgement: both name the
    same mistake in the same words, or the first wrong value and the rows it is in.
    """
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    keras_of = functools.partial(_keras_transpose, x=x)
    want = keras_of(kernel=kernel, stride=stride, padding=padding)
    got = to_numpy(got, what)
    if _close(got, want):
        return
    if got.shape != want.shape:
        _shape_mistake(got, want, x, kernel, stride, padding, what)
        expect_shape(got, want.shape, what,
                     hint=tr("The output is (N, out_H, out_W, C_out), with the sizes from "
                             "your conv_transpose_output_size; C_out is kernel.shape[2]."))
    k = kernel.shape[0]
    if kernel.shape[2] == kernel.shape[3] and _close(
            got, keras_of(kernel=np.swapaxes(kernel, 2, 3), stride=stride, padding=padding)):
        fail(CHANNELS_SWAPPED, what)
    if _close(got, keras_of(kernel=kernel[::-1, ::-1], stride=stride, padding=padding)):
        fail(FLIPPED, what)
    canvas = keras_of(kernel=kernel, stride=stride, padding="valid")
    keras_at = _placed(want, canvas)
    one_apart = keras_of(kernel=kernel, stride=1, padding="valid")
    if stride > 1 and _placed(got, one_apart) is not None:
        fail(NOT_STRIDED, what, stride=stride)
    found = _placed(got, canvas)
    if found is not None and keras_at is not None and found != keras_at:
        stamps = ca.Geometry(x.shape[1], k, stride, "valid", 0).output_size()
        fail(CROP_SHIFTED, what, got_top=found[0], got_left=found[1], want_top=keras_at[0],
             want_left=keras_at[1], k=k, stride=stride, cut=max(stamps - want.shape[1], 0))
    wrong = np.argwhere(~np.isclose(got, want, rtol=1e-5, atol=1e-5))
    b, r, c, o = wrong[0]
    expect_true(False, what,
                tr("{count} of {size} values differ from Keras's Conv2DTranspose. The first "
                   "is at [image {b}, row {r}, column {c}, channel {o}]: expected "
                   "{want:.5g}, got {got:.5g}. Rows with wrong values: {rows}.",
                   count=len(wrong), size=want.size, b=b, r=r, c=c, o=o,
                   want=want[b, r, c, o], got=got[b, r, c, o],
                   rows=sorted(set(wrong[:, 1].tolist()))),
                hint=tr("Compare one stamp at a time: send an input with a single 1 through "
                        "your function and through Keras (section 4a's experiment), and "
                        "look where the two differ."))


def _transpose_cases() -> list[tuple[np.ndarray, np.ndarray, int, str]]:
    """The visible cases, in an order where each plausible mistake shows on its own case
    first: channels in = out, then the stride larger than the kernel, then 'same' crops
    of an odd number of rows, then random shapes."""
    rng = np.random.default_rng(0)
    shapes = [((2, 3, 3, 2), 3, 2, 2, "valid"), ((1, 3, 4, 1), 2, 1, 3, "valid"),
              ((1, 4, 4, 1), 3, 1, 2, "same"), ((1, 3, 3, 1), 4, 1, 1, "same"),
              ((2, 3, 4, 2), 4, 3, 2, "same"), ((1, 3, 3, 1), 5, 1, 2, "same"),
              ((1, 2, 3, 2), 2, 2, 3, "same")]
    cases = []
    for shape, k, c_out, stride, padding in shapes:
        x = rng.standard_normal(shape)
        cases.append((x, rng.standard_normal((k, k, c_out, shape[3])), stride, padding))
    return cases


def check_conv_transpose(conv_transpose_naive: Callable[..., Any]) -> None:
    """Exercise 3: the loop against Keras' transposed convolution on seven inputs."""
    for x, kernel, stride, padding in _transpose_cases():
        what = (f"conv_transpose_naive(x of shape {x.shape}, kernel of shape {kernel.shape}, "
                f"stride={stride}, padding='{padding}')")
        got = call_exercise(conv_transpose_naive, x.copy(), kernel.copy(), stride, padding)
        diagnose_transpose(x, kernel, stride, padding, got, what)
    _remember(conv_transpose_naive)
    print(tr("Exercise 3: visible tests passed."))


# -- Exercise 4: even overlap --------------------------------------------------------------------

NOT_BOOL = Mistake(
    "02/ex4/not-bool",
    "returned {got!r} of type {kind}; return True or False.",
    "Return the comparison itself (a == b is a bool), or wrap your result in bool().")
EVEN_KERNEL = Mistake(
    "02/ex4/even-kernel",
    "answers as if an even kernel decided it: {answer} for kernel {k}, stride {s}.",
    "Measure kernel {k} with stride {s} (add the pair to the measuring cell): does every "
    "position away from the borders get the same count?")
GAPS = Mistake(
    "02/ex4/gaps-count",
    "returned True for kernel {k}, stride {s}: the stride is larger than the kernel, so the "
    "stamps do not touch and the pixels between them get no tap at all.",
    "A pixel that no stamp reaches has 0 taps, which is not the count its neighbours get.")
BORDERS = Mistake(
    "02/ex4/borders-counted",
    "returned False for kernel {k}, stride {s}, where every output pixel away from the "
    "borders gets the same number of taps.",
    "Near the borders fewer stamps reach a pixel, whatever the kernel: compare only the "
    "middle of the output, where the stamps overlap fully.")


def _keras_taps(k: int, s: int) -> np.ndarray:
    """Taps per output position along one row, away from the borders: Keras' transposed
    convolution of a row of ones with a kernel of ones (the framework counts)."""
    counts = ca.run(ca.Geometry(4 * k + 4, k, s, "valid"), np.ones((1, 1, 4 * k + 4)),
                    np.ones((1, k)))[0, 0]
    return counts[k + s:counts.size - k - s].round().astype(int)


def _keras_truth(pairs: Sequence[tuple[int, int]]) -> list[bool]:
    """For each (kernel, stride): whether Keras' counts away from the borders are all the
    same. One list for all pairs, so that no function here answers exercise 4's call."""
    return [bool(taps.min() == taps.max()) for taps in (_keras_taps(k, s) for k, s in pairs)]


def diagnose_overlap(pairs: Sequence[tuple[int, int]], answers: Sequence[Any],
                     truth: Sequence[bool]) -> None:
    """Fail with the named mistake unless every answer is right.

    The answers are judged together: a wrong rule shows as a pattern over several kernel
    and stride pairs (True wherever the kernel is even, True only where kernel = stride).
    """
    for (k, s), answer in zip(pairs, answers, strict=True):
        if not isinstance(answer, bool | np.bool_):
            fail(NOT_BOOL, f"overlap_is_even({k}, {s})", got=answer, kind=type(answer).__name__)
    answers = [bool(a) for a in answers]
    wrong = [i for i, (a, t) in enumerate(zip(answers, truth, strict=True)) if a != t]
    if not wrong:
        return
    first = wrong[0]
    k, s = pairs[first]
    call = f"overlap_is_even({k}, {s})"
    if answers == [pk % 2 == 0 for pk, _ in pairs]:
        fail(EVEN_KERNEL, call, answer=answers[first], k=k, s=s)
    gap = next((i for i in wrong if pairs[i][1] > pairs[i][0] and answers[i]), None)
    if gap is not None:
        fail(GAPS, f"overlap_is_even{pairs[gap]}", k=pairs[gap][0], s=pairs[gap][1])
    if answers == [pk == ps for pk, ps in pairs]:
        fail(BORDERS, call, k=k, s=s)
    expect_true(False, call,
                tr("returned {value}, which is not right for this kernel and stride.",
                   value=answers[first]),
                hint=tr("Measure it: add ({k}, {s}) to the measuring cell's pairs and compare "
                        "the counts away from the borders.", k=k, s=s))


#: Kernel and stride pairs of the visible check: each wrong rule a learner plausibly finds
#: gets at least one of them wrong.
OVERLAP_PAIRS = [(4, 2), (3, 2), (5, 2), (3, 1), (6, 3), (3, 3), (4, 3), (1, 2), (2, 4),
                 (6, 2), (2, 1), (5, 5)]


def check_overlap_is_even(overlap_is_even: Callable[..., Any]) -> None:
    """Exercise 4: twelve kernel sizes and strides, judged against Keras' counts."""
    answers = [call_exercise(overlap_is_even, k, s) for k, s in OVERLAP_PAIRS]
    diagnose_overlap(OVERLAP_PAIRS, answers, _keras_truth(OVERLAP_PAIRS))
    _remember(overlap_is_even)
    print(tr("Exercise 4: visible tests passed."))
