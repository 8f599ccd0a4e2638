"""What Keras computes for one convolution or transposed convolution: the numbers lesson 02's
stride/padding visualizer and figures show.

Lesson 02 asks the learner to derive output sizes, where ``same`` crops a transposed
convolution, and when its stamps overlap evenly, so this module holds none of those rules.
Every number it returns is read off the framework itself:

* sizes from the layers' ``compute_output_shape`` (Keras' own shape rule);
* values from ``keras.ops.conv`` and ``keras.ops.conv_transpose``, the ops that Keras'
  ``Conv2D`` and ``Conv2DTranspose`` layers call, run on the visualizer's input, on ones
  (overlap counts) and on one-hot images (each input pixel's stamp);
* where an output sits on the canvas (or how many zeros a ``same`` convolution puts before
  its input) by matching the layer's output with the uncropped (or unpadded) op's output on
  a random probe.

Padding is ``"valid"``, ``"same"`` or a non-negative int ``p``: explicit padding, PyTorch's
convention, which Keras spells with a second layer: ``ZeroPadding2D(p)`` before a ``valid``
convolution, ``Cropping2D(p)`` after a ``valid`` transposed convolution. Square inputs and
kernels and equal strides only: one number per axis.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from dcgan_course.translate import tr

Padding = str | int


def _check_padding(padding: Padding) -> None:
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid', 'same' or an int, got {padding!r}")
    elif int(padding) != padding or padding < 0:
        raise ValueError(f"explicit padding must be a non-negative int, got {padding!r}")


def _explicit(padding: Padding) -> int | None:
    """The explicit padding ``p``, or ``None`` for Keras' own ``valid`` / ``same``."""
    return None if isinstance(padding, str) else int(padding)


@dataclass(frozen=True)
class Geometry:
    """One layer as the visualizer shows it: square ``n``×``n`` input, ``k``×``k`` kernel,
    stride ``s``, padding, ``output_padding`` (transposed only) and which of the two ops."""

    n: int
    k: int
    s: int = 1
    padding: Padding = "valid"
    output_padding: int | None = None
    transposed: bool = True

    def problem(self) -> str | None:
        """Why Keras refuses this layer (a message for the learner), or ``None``."""
        if self.transposed:
            return transpose_output_problem(self.n, self.k, self.s, self.padding,
                                            self.output_padding)
        if _conv_length(n=self.n, k=self.k, s=self.s, padding=self.padding) is None:
            return tr("the {k}×{k} kernel does not fit in the padded input.", k=self.k)
        return None

    def output_size(self) -> int:
        """The output height (= width) Keras gives this layer."""
        if self.transposed:
            length = _transpose_length(self.n, self.k, self.s, self.padding,
                                       self.output_padding)
            return length - 2 * (_explicit(self.padding) or 0)
        length = _conv_length(n=self.n, k=self.k, s=self.s, padding=self.padding)
        if length is None:
            raise ValueError(self.problem())
        return length

    def keras_code(self) -> str:
        """The layer in Keras, e.g. ``Conv2DTranspose(1, 3, strides=2, padding='same')``."""
        p = _explicit(self.padding)
        padding = "padding='valid'" if p is not None else f"padding='{self.padding}'"
        if self.transposed:
            op = "" if self.output_padding is None else f", output_padding={self.output_padding}"
            if p is not None:
                op = f", output_padding={self.output_padding or 0}"
            text = f"Conv2DTranspose(1, {self.k}, strides={self.s}, {padding}{op})"
            return text + (f" + Cropping2D({p})" if p is not None else "")
        text = f"Conv2D(1, {self.k}, strides={self.s}, {padding})"
        return f"ZeroPadding2D({p}) + {text}" if p is not None else text


# -- sizes: Keras' shape rule ----------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _transpose_length(n: int, k: int, s: int, padding: Padding,
                      output_padding: int | None) -> int:
    """Length of ``Conv2DTranspose``'s output before any explicit crop (its shape rule)."""
    import keras

    keras_padding = "valid" if _explicit(padding) is not None else padding
    if _explicit(padding) is not None:
        output_padding = output_padding or 0
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=keras_padding,
                                         output_padding=output_padding)
    return int(layer.compute_output_shape((1, n, n, 1))[1])


@functools.lru_cache(maxsize=4096)
def _conv_length(*, n: int, k: int, s: int, padding: Padding) -> int | None:
    """Length of ``Conv2D``'s output (after ``ZeroPadding2D`` for explicit padding), or
    ``None`` where Keras refuses the layer (the kernel does not fit). Keyword-only: it is
    Keras' shape rule, and must not stand in for a learner's ``conv_output_size``."""
    import keras

    p = _explicit(padding)
    if p is not None:
        n = int(keras.layers.ZeroPadding2D(p).compute_output_shape((1, n, n, 1))[1])
    layer = keras.layers.Conv2D(1, k, strides=s, padding="valid" if p is not None else padding)
    try:
        return int(layer.compute_output_shape((1, n, n, 1))[1])
    except ValueError:  # "Computed output size would be zero or negative"
        return None


def transpose_output_problem(n: int, k: int, s: int = 1, padding: Padding = "valid",
                             output_padding: int | None = None) -> str | None:
    """Why Keras or TensorFlow refuses this transposed convolution, or ``None``.

    Asks the framework: the layer's own argument check, its shape rule, and a run of the op
    on zeros (TensorFlow refuses some shapes only when it computes them).
    """
    _check_padding(padding)
    if output_padding is not None and not 0 <= output_padding < s:
        return tr("output_padding must be at least 0 and less than the stride ({s}); "
                  "it is {output_padding}.", s=s, output_padding=output_padding)
    p = _explicit(padding)
    length = _transpose_length(n, k, s, padding, output_padding)
    if p is not None and length - 2 * p < 1:
        return tr("padding {padding} crops away the whole output.", padding=padding)
    if padding == "same" and output_padding is not None and _refused(n, k, s, output_padding):
        return tr("with padding 'same', kernel {k} and output_padding={output_padding} "
                  "Keras asks for an output of {size} pixels, too few to have come from "
                  "{n} inputs at stride {s}: TensorFlow refuses to run it. Use "
                  "output_padding ≥ 1 (or None).", k=k, output_padding=output_padding,
                  size=length, n=n, s=s)
    return None


@functools.lru_cache(maxsize=1024)
def _refused(n: int, k: int, s: int, output_padding: int) -> bool:
    """Whether TensorFlow refuses to run a ``same`` transposed convolution (on zeros)."""
    import tensorflow as tf

    try:
        _op_transpose(np.zeros((1, n, n)), np.zeros((k, k)), s, "same", output_padding)
    except (tf.errors.OpError, ValueError):
        return True
    return False


# -- values: the ops the layers call -----------------------------------------------------------

def _op_transpose(x: np.ndarray, kernel: np.ndarray, s: int, padding: str,
                  output_padding: int | None) -> np.ndarray:
    import keras

    out = keras.ops.conv_transpose(np.asarray(x, np.float64)[..., None],
                                   np.asarray(kernel, np.float64)[:, :, None, None], s,
                                   padding, output_padding=output_padding)
    return np.asarray(out)[..., 0]


def _op_conv(x: np.ndarray, kernel: np.ndarray, s: int, padding: str) -> np.ndarray:
    import keras

    out = keras.ops.conv(np.asarray(x, np.float64)[..., None],
                         np.asarray(kernel, np.float64)[:, :, None, None], s, padding)
    return np.asarray(out)[..., 0]


def run(geometry: Geometry, x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """The layer's output for one-channel maps ``x`` (batch, n, n) and a k×k ``kernel``:
    (batch, out, out), float64, computed by Keras' op (no bias)."""
    g = geometry
    p = _explicit(g.padding)
    x = np.asarray(x, np.float64)
    if g.transposed:
        if p is None:
            return _op_transpose(x, kernel, g.s, g.padding, g.output_padding)
        out = _op_transpose(x, kernel, g.s, "valid", g.output_padding or 0)
        return out[:, p:out.shape[1] - p, p:out.shape[2] - p] if p else out  # Cropping2D(p)
    if p is None:
        return _op_conv(x, kernel, g.s, g.padding)
    return _op_conv(np.pad(x, ((0, 0), (p, p), (p, p))), kernel, g.s, "valid")  # ZeroPadding2D


def _zero_filled(array: np.ndarray, top: int, left: int, rows: int, cols: int) -> np.ndarray:
    """``array[top:top+rows, left:left+cols]``, zeros where it runs past the end."""
    out = np.zeros((rows, cols))
    part = array[top:top + rows, left:left + cols]
    out[:part.shape[0], :part.shape[1]] = part
    return out


def locate(part: np.ndarray, whole: np.ndarray, step: int = 1) -> tuple[int, int] | None:
    """(row, column) where ``part`` sits in ``whole`` when every ``step``-th cell is read,
    zero-filled past the end; ``None`` when it sits nowhere."""
    rows, cols = part.shape
    for top in range(whole.shape[0]):
        for left in range(whole.shape[1]):
            sampled = whole[top::step, left::step]
            if np.allclose(_zero_filled(sampled, 0, 0, rows, cols), part, atol=1e-8):
                return top, left
    return None


@dataclass(frozen=True)
class Layout:
    """Where one layer's parts sit, read off Keras.

    ``size``: the output length. Transposed: ``canvas`` is the length of the uncropped op's
    output (``valid``, no ``output_padding``: every stamp, and the zero gap Keras adds when
    the stride is larger than the kernel), ``offset`` the canvas row (and column) where the
    output starts. Convolution: ``canvas`` is the length of the padded input the windows
    read, ``offset`` the zeros before the input.
    """

    size: int
    canvas: int
    offset: int


@functools.lru_cache(maxsize=512)
def layout(geometry: Geometry) -> Layout:
    """Where the output sits, found by matching Keras' outputs on a random probe."""
    g = geometry
    size = g.output_size()
    probe = np.random.default_rng(1603)  # any seed: random values match in one place only
    x = probe.standard_normal((1, g.n, g.n))
    kernel = probe.standard_normal((g.k, g.k))
    real = run(g, x, kernel)[0]
    if g.transposed:
        full = run(Geometry(g.n, g.k, g.s, "valid", None, True), x, kernel)[0]
        found = locate(real, full)
        assert found is not None and found[0] == found[1], f"no crop of {g} matches Keras"
        return Layout(size, max(full.shape[0], found[0] + size), found[0])
    # a stride-1 convolution over the input with `spare` zeros on every side reads every
    # window any padding could make; the layer's windows are every s-th of them
    spare = g.k - 1 + (_explicit(g.padding) or 0)
    wide = _op_conv(np.pad(x, ((0, 0), (spare, spare), (spare, spare))), kernel, 1, "valid")[0]
    found = locate(real, wide, g.s)
    assert found is not None and found[0] == found[1], f"no padding of {g} matches Keras"
    before = spare - found[0]
    padded = g.n + 2 * before if _explicit(g.padding) is not None else g.n + before
    return Layout(size, max(padded, _window_reach(size, g.k, g.s)), before)


def _window_reach(size: int, k: int, s: int) -> int:
    """How many padded-input cells ``size`` windows of a convolution span: the extent of
    the cells its transposed op writes (the gradient of a convolution, lesson 02 §4c)."""
    counts = _op_transpose(np.ones((1, size, size)), np.ones((k, k)), s, "valid", None)[0]
    return int(np.flatnonzero(counts[0]).max()) + 1


@functools.lru_cache(maxsize=512)
def overlap_counts(geometry: Geometry) -> np.ndarray:
    """Transposed: how many kernel taps land on each output pixel (the layer run on ones
    with a kernel of ones). Convolution: how many windows read each cell of the padded
    input (canvas × canvas)."""
    g = geometry
    if g.transposed:
        counts = run(g, np.ones((1, g.n, g.n)), np.ones((g.k, g.k)))[0]
        return counts.round().astype(int)
    where = layout(g)
    counts = _op_transpose(np.ones((1, where.size, where.size)), np.ones((g.k, g.k)), g.s,
                           "valid", None)[0]
    return _zero_filled(counts, 0, 0, where.canvas, where.canvas).round().astype(int)


def conv_matrix(n: int, kernel: np.ndarray, s: int = 1, padding: Padding = "valid"
                ) -> np.ndarray:
    """The matrix C of a one-channel ``Conv2D`` with ``kernel``: ``conv(x).ravel() == C @
    x.ravel()``. Column j is Keras' convolution of the j-th one-hot n×n image."""
    kernel = np.asarray(kernel, np.float64)
    geometry = Geometry(n, kernel.shape[0], s, padding, transposed=False)
    one_hot = np.eye(n * n).reshape(n * n, n, n)
    return run(geometry, one_hot, kernel).reshape(n * n, -1).T
