"""Convolution arithmetic for lesson 02: output sizes, a transposed convolution by hand, overlaps.

Everything here is plain NumPy and follows TensorFlow/Keras exactly (checked against
``tf.keras.layers.Conv2D`` / ``Conv2DTranspose`` in ``tests/test_conv_arithmetic.py``), so
the lesson's figures and the stride/padding visualizer can show *why* a layer has the
output size it has, and the course can compare a learner's loop with the real layer.

Relations: Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
(arXiv 1603.07285). Padding is one of ``"valid"``, ``"same"`` or a non-negative int
(``"explicit"`` padding, PyTorch style: ``p`` zeros on every side for a convolution, ``p``
rows and columns cropped from every side for a transposed convolution).

Sizes are for one spatial axis; the course uses square kernels and equal strides, so the
same numbers hold for height and width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dcgan_course.answers import answer_to
from dcgan_course.translate import tr

Padding = str | int


def _check_padding(padding: Padding) -> None:
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid', 'same' or an int, got {padding!r}")
    elif int(padding) != padding or padding < 0:
        raise ValueError(f"explicit padding must be a non-negative int, got {padding!r}")


@answer_to("02-upsampling/ex2-tests")
def conv_output_size(n: int, k: int, s: int = 1, padding: Padding = "valid") -> int:
    """Output length of a convolution over ``n`` inputs with kernel ``k`` and stride ``s``.

    ``valid``: floor((n - k) / s) + 1 (0 when the kernel does not fit); ``same``: ceil(n / s),
    whatever the kernel; explicit ``p``: floor((n + 2p - k) / s) + 1.
    """
    _check_padding(padding)
    if padding == "same":
        return -(-n // s)
    p = 0 if padding == "valid" else int(padding)
    return max((n + 2 * p - k) // s + 1, 0)


def conv_padding(n: int, k: int, s: int = 1, padding: Padding = "valid") -> tuple[int, int]:
    """Zeros added (before, after) the input by a convolution, as TensorFlow does it.

    ``same`` pads ``max((out - 1) * s + k - n, 0)`` in total and puts the smaller half
    *before* the input (top/left) and the larger half after it.
    """
    _check_padding(padding)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = max((conv_output_size(n, k, s, "same") - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    return int(padding), int(padding)


def transpose_output_problem(n: int, k: int, s: int = 1, padding: Padding = "valid",
                             output_padding: int | None = None) -> str | None:
    """Why Keras refuses this transposed convolution, or ``None`` when it is allowed."""
    _check_padding(padding)
    if output_padding is not None and not 0 <= output_padding < s:
        return tr("output_padding must be at least 0 and less than the stride ({s}); "
                  "it is {output_padding}.", s=s, output_padding=output_padding)
    if padding == "same" and output_padding is not None and k % 2 + output_padding < 1:
        return tr("with padding 'same', an even kernel and output_padding=0 the output would "
                  "be (n - 1)·s = {size}, one row too few to come from {n} inputs: TensorFlow "
                  "refuses it. Use output_padding ≥ 1 (or None).", size=(n - 1) * s, n=n)
    if not isinstance(padding, str) and (n - 1) * s + k + (output_padding or 0) - 2 * padding < 1:
        return tr("padding {padding} crops away the whole output.", padding=padding)
    return None


@answer_to("02-upsampling/ex2-tests")
def conv_transpose_output_size(n: int, k: int, s: int = 1, padding: Padding = "valid",
                               output_padding: int | None = None) -> int:
    """Output length of ``Conv2DTranspose`` over ``n`` inputs (Keras 3's rules).

    Without ``output_padding``: ``valid`` gives (n - 1)·s + k + max(s - k, 0) (the last term
    only when the stride is larger than the kernel), ``same`` gives n·s. With it: ``valid``
    gives (n - 1)·s + k + output_padding, ``same`` gives (n - 1)·s + (k mod 2) +
    output_padding. Explicit ``p``: (n - 1)·s + k - 2p + output_padding.
    Raises ``ValueError`` for combinations TensorFlow refuses.
    """
    problem = transpose_output_problem(n, k, s, padding, output_padding)
    if problem:
        raise ValueError(problem)
    if padding == "valid":
        extra = max(s - k, 0) if output_padding is None else output_padding
        return (n - 1) * s + k + extra
    if padding == "same":
        return n * s if output_padding is None else (n - 1) * s + k % 2 + output_padding
    return (n - 1) * s + k - 2 * int(padding) + (output_padding or 0)


@answer_to("02-upsampling/ex2-tests")
def conv_transpose_crop(n: int, k: int, s: int = 1, padding: Padding = "valid",
                        output_padding: int | None = None) -> tuple[int, int]:
    """Where the output sits on the full scatter canvas: ``(offset, output size)``.

    The scatter canvas has (n - 1)·s + k cells. The output is the window
    ``canvas[offset : offset + size]``; where the window runs past the canvas's end the
    output is zero. ``same`` uses the forward convolution's padding: offset =
    max(canvas - size, 0) // 2, the smaller half of the crop at the top/left.
    """
    size = conv_transpose_output_size(n, k, s, padding, output_padding)
    canvas = (n - 1) * s + k
    if padding == "valid":
        return 0, size
    if padding == "same":
        return max(canvas - size, 0) // 2, size
    return int(padding), size


@answer_to("02-upsampling/ex3-tests")
def scatter_canvas(x: np.ndarray, kernel: np.ndarray, s: int = 1) -> np.ndarray:
    """The full transposed convolution of one 2-D map: every input pixel stamps a kernel.

    ``x`` is (h, w), ``kernel`` is (k, k); input pixel (i, j) adds ``x[i, j] * kernel`` to
    the canvas at rows i·s ... i·s + k - 1 and columns j·s ... j·s + k - 1.
    """
    h, w = x.shape
    k = kernel.shape[0]
    canvas = np.zeros(((h - 1) * s + k, (w - 1) * s + k), dtype=np.float64)
    for i in range(h):
        for j in range(w):
            canvas[i * s:i * s + k, j * s:j * s + k] += x[i, j] * kernel
    return canvas


def _window(canvas: np.ndarray, offset: int, size_h: int, size_w: int) -> np.ndarray:
    """``canvas[offset:offset+size]`` on the last two axes, zero-filled past the end."""
    out = np.zeros(canvas.shape[:-2] + (size_h, size_w), dtype=canvas.dtype)
    part = canvas[..., offset:offset + size_h, offset:offset + size_w]
    out[..., :part.shape[-2], :part.shape[-1]] = part
    return out


@answer_to("02-upsampling/ex3-tests")
def conv_transpose_reference(x: np.ndarray, kernel: np.ndarray, s: int = 1,
                             padding: Padding = "valid",
                             output_padding: int | None = None) -> np.ndarray:
    """A transposed convolution written as the scatter loop, matching ``Conv2DTranspose``.

    ``x`` is NHWC (batch, h, w, c_in); ``kernel`` has Keras's transposed layout
    (k, k, c_out, c_in); no bias. Returns (batch, out_h, out_w, c_out) in float64.
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    batch, h, w, c_in = x.shape
    k, _, c_out, _ = kernel.shape
    offset, size_h = conv_transpose_crop(h, k, s, padding, output_padding)
    _, size_w = conv_transpose_crop(w, k, s, padding, output_padding)
    canvas = np.zeros((batch, (h - 1) * s + k, (w - 1) * s + k, c_out))
    for i in range(h):
        for j in range(w):
            # (batch, c_in) x (k, k, c_out, c_in) -> (batch, k, k, c_out)
            canvas[:, i * s:i * s + k, j * s:j * s + k, :] += np.einsum(
                "bc,xyoc->bxyo", x[:, i, j, :], kernel)
    moved = np.moveaxis(canvas, 3, 1)  # channels out of the way of _window
    return np.moveaxis(_window(moved, offset, size_h, size_w), 1, 3)


def conv_reference(x: np.ndarray, kernel: np.ndarray, s: int = 1,
                   padding: Padding = "valid") -> np.ndarray:
    """A convolution (cross-correlation, as in every deep-learning library) by sliding window.

    ``x`` is NHWC, ``kernel`` has Keras's layout (k, k, c_in, c_out); no bias.
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    batch, h, w, _ = x.shape
    k = kernel.shape[0]
    top, bottom = conv_padding(h, k, s, padding)
    left, right = conv_padding(w, k, s, padding)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    out_h, out_w = conv_output_size(h, k, s, padding), conv_output_size(w, k, s, padding)
    out = np.zeros((batch, out_h, out_w, kernel.shape[3]))
    for i in range(out_h):
        for j in range(out_w):
            patch = padded[:, i * s:i * s + k, j * s:j * s + k, :]
            out[:, i, j, :] = np.einsum("bxyc,xyco->bo", patch, kernel)
    return out


@answer_to("02-upsampling/ex4-tests")
def transpose_overlap_counts(n: int, k: int, s: int = 1, padding: Padding = "valid",
                             output_padding: int | None = None) -> np.ndarray:
    """How many (input pixel, kernel tap) pairs write each output pixel of a transposed conv.

    A (size, size) int array. With every input and kernel value 1 the transposed
    convolution *is* this array: where the counts differ, so does the output.
    """
    canvas = scatter_canvas(np.ones((n, n)), np.ones((k, k)), s)
    offset, size = conv_transpose_crop(n, k, s, padding, output_padding)
    return _window(canvas, offset, size, size).round().astype(int)


def conv_overlap_counts(n: int, k: int, s: int = 1, padding: Padding = "valid") -> np.ndarray:
    """How many output windows of a convolution read each cell of the (padded) input.

    A (n + pad_before + pad_after)-square int array. It is the transposed convolution's
    overlap pattern again: the gradient of a convolution is a transposed convolution.
    """
    before, after = conv_padding(n, k, s, padding)
    size = n + before + after
    out = conv_output_size(n, k, s, padding)
    counts = np.zeros((size, size), dtype=int)
    for i in range(out):
        for j in range(out):
            counts[i * s:i * s + k, j * s:j * s + k] += 1
    return counts


@answer_to("02-upsampling/ex4-tests")
def overlap_profile(k: int, s: int) -> np.ndarray:
    """Overlap counts along one axis far from the borders: one period of ``s`` values.

    Every output position receives floor(k / s) or ceil(k / s) kernel taps; the profile is
    flat exactly when ``s`` divides ``k``.
    """
    return np.array([len(range(r, k, s)) for r in range(s)])


@answer_to("02-upsampling/ex3-tests")
def conv_matrix(n: int, kernel: np.ndarray, s: int = 1, padding: Padding = "valid") -> np.ndarray:
    """The matrix C of a single-channel 2-D convolution: ``conv(x).ravel() == C @ x.ravel()``.

    Shape (out·out, n·n). Its transpose ``C.T`` maps an out×out map back to n×n: that is the
    transposed convolution with the same kernel (hence the name).
    """
    k = kernel.shape[0]
    top, _ = conv_padding(n, k, s, padding)
    out = conv_output_size(n, k, s, padding)
    matrix = np.zeros((out * out, n * n))
    for i in range(out):
        for j in range(out):
            for a in range(k):
                for b in range(k):
                    r, c = i * s + a - top, j * s + b - top
                    if 0 <= r < n and 0 <= c < n:
                        matrix[i * out + j, r * n + c] += kernel[a, b]
    return matrix


@dataclass(frozen=True)
class Geometry:
    """One layer's settings, as the visualizer shows them (square input, kernel, stride)."""

    n: int
    k: int
    s: int = 1
    padding: Padding = "valid"
    output_padding: int | None = None
    transposed: bool = True

    def problem(self) -> str | None:
        """Why this layer cannot exist (a message for the learner), or ``None``."""
        if self.transposed:
            return transpose_output_problem(self.n, self.k, self.s, self.padding,
                                            self.output_padding)
        if conv_output_size(self.n, self.k, self.s, self.padding) < 1:
            return tr("the {k}×{k} kernel does not fit in the padded input.", k=self.k)
        return None

    def output_size(self) -> int:
        """The layer's output height (= width)."""
        if self.transposed:
            return conv_transpose_output_size(self.n, self.k, self.s, self.padding,
                                              self.output_padding)
        return conv_output_size(self.n, self.k, self.s, self.padding)

    def formula(self) -> str:
        """The output-size formula that applies, with the current numbers filled in."""
        n, k, s, p, op = self.n, self.k, self.s, self.padding, self.output_padding
        if self.problem():
            return tr("no output: {problem}", problem=self.problem())
        out = self.output_size()
        if not self.transposed:
            if p == "same":
                return f"same: out = ceil(n / s) = ceil({n} / {s}) = {out}"
            pad = 0 if p == "valid" else p
            head = "valid" if p == "valid" else f"padding {pad}"
            return (f"{head}: out = floor((n + 2p − k) / s) + 1 = "
                    f"floor(({n} + {2 * pad} − {k}) / {s}) + 1 = {out}")
        if p == "same" and op is None:
            return f"same: out = n · s = {n} · {s} = {out}"
        if p == "same":
            return (f"same: out = (n − 1) · s + (k mod 2) + output_padding = "
                    f"({n} − 1) · {s} + {k % 2} + {op} = {out}")
        if p == "valid" and op is None:
            return (f"valid: out = (n − 1) · s + k + max(s − k, 0) = "
                    f"({n} − 1) · {s} + {k} + {max(s - k, 0)} = {out}")
        pad = 0 if p == "valid" else p
        head = "valid" if p == "valid" else f"padding {pad}"
        return (f"{head}: out = (n − 1) · s + k − 2p + output_padding = "
                f"({n} − 1) · {s} + {k} − {2 * pad} + {op or 0} = {out}")
