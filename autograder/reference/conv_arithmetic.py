"""Reference answers of lesson 02 (upsampling): output sizes, the transposed convolution as a
scatter, where ``same`` crops it, and when its stamps overlap evenly.

The grader's verdicts, the tests and the benchmarks use these; the learner package holds none
of them (its visualizer and checks read the same numbers off Keras). Everything here is plain
NumPy and follows TensorFlow/Keras 3 exactly (``tests/test_conv_arithmetic.py`` compares it
with ``Conv2D`` / ``Conv2DTranspose`` case by case).

Relations: Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
(arXiv 1603.07285); Keras 3's ``compute_conv_transpose_output_shape``
(``keras/src/backend/common/backend_utils.py``). Padding is ``"valid"``, ``"same"`` or a
non-negative int (explicit padding, PyTorch style: ``p`` zeros on every side of a
convolution's input, ``p`` rows and columns cropped from every side of a transposed
convolution's canvas). Sizes are for one spatial axis.
"""

from __future__ import annotations

import numpy as np

Padding = str | int


def _check_padding(padding: Padding) -> None:
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid', 'same' or an int, got {padding!r}")
    elif int(padding) != padding or padding < 0:
        raise ValueError(f"explicit padding must be a non-negative int, got {padding!r}")


# -- exercise 2: sizes -------------------------------------------------------------------

def conv_output_size(n: int, k: int, s: int = 1, padding: Padding = "valid") -> int:
    """Output length of a convolution: ``valid`` floor((n - k) / s) + 1 (0 when the kernel
    does not fit), ``same`` ceil(n / s), explicit ``p`` floor((n + 2p - k) / s) + 1."""
    _check_padding(padding)
    if padding == "same":
        return -(-n // s)
    p = 0 if padding == "valid" else int(padding)
    return max((n + 2 * p - k) // s + 1, 0)


def conv_transpose_output_size(n: int, k: int, s: int = 1, padding: Padding = "valid",
                               output_padding: int | None = None) -> int:
    """Output length of ``Conv2DTranspose`` (Keras 3's rules).

    Without ``output_padding``: ``valid`` (n - 1)·s + k + max(s - k, 0), ``same`` n·s. With
    it: ``valid`` (n - 1)·s + k + output_padding, ``same`` (n - 1)·s + (k mod 2) +
    output_padding. Explicit ``p``: (n - 1)·s + k - 2p + output_padding.
    """
    _check_padding(padding)
    if padding == "valid":
        extra = max(s - k, 0) if output_padding is None else output_padding
        return (n - 1) * s + k + extra
    if padding == "same":
        return n * s if output_padding is None else (n - 1) * s + k % 2 + output_padding
    return (n - 1) * s + k - 2 * int(padding) + (output_padding or 0)


def conv_padding(n: int, k: int, s: int = 1, padding: Padding = "valid") -> tuple[int, int]:
    """Zeros (before, after) a convolution adds: ``same`` pads max((out - 1)·s + k - n, 0),
    the smaller half before."""
    _check_padding(padding)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = max((conv_output_size(n, k, s, "same") - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    return int(padding), int(padding)


# -- exercise 3: the scatter and its crop ------------------------------------------------

def conv_transpose_crop(n: int, k: int, s: int = 1, padding: Padding = "valid",
                        output_padding: int | None = None) -> tuple[int, int]:
    """``(offset, size)``: the output is ``canvas[offset : offset + size]`` of the full
    scatter canvas ((n - 1)·s + k cells), zero where it runs past the canvas. ``same`` cuts
    the smaller half of max(canvas - size, 0) at the top/left."""
    size = conv_transpose_output_size(n, k, s, padding, output_padding)
    canvas = (n - 1) * s + k
    if padding == "valid":
        return 0, size
    if padding == "same":
        return max(canvas - size, 0) // 2, size
    return int(padding), size


def scatter_canvas(x: np.ndarray, kernel: np.ndarray, s: int = 1) -> np.ndarray:
    """The full transposed convolution of one 2-D map: input pixel (i, j) adds
    ``x[i, j] * kernel`` at rows i·s … i·s + k - 1 and columns j·s … j·s + k - 1."""
    h, w = x.shape
    k = kernel.shape[0]
    canvas = np.zeros(((h - 1) * s + k, (w - 1) * s + k), dtype=np.float64)
    for i in range(h):
        for j in range(w):
            canvas[i * s:i * s + k, j * s:j * s + k] += x[i, j] * kernel
    return canvas


def window(canvas: np.ndarray, offset: int, size_h: int, size_w: int) -> np.ndarray:
    """``canvas[offset:offset+size]`` on the last two axes, zero-filled past the end."""
    out = np.zeros(canvas.shape[:-2] + (size_h, size_w), dtype=canvas.dtype)
    part = canvas[..., offset:offset + size_h, offset:offset + size_w]
    out[..., :part.shape[-2], :part.shape[-1]] = part
    return out


def conv_transpose(x: np.ndarray, kernel: np.ndarray, s: int = 1, padding: Padding = "valid",
                   output_padding: int | None = None) -> np.ndarray:
    """Exercise 3's answer: ``Conv2DTranspose`` without bias, as the scatter loop.

    ``x`` is NHWC; ``kernel`` has Keras' transposed layout (k, k, c_out, c_in). Returns
    (batch, out_h, out_w, c_out) in float64.
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    batch, h, w, _ = x.shape
    k, _, c_out, _ = kernel.shape
    offset, size_h = conv_transpose_crop(h, k, s, padding, output_padding)
    _, size_w = conv_transpose_crop(w, k, s, padding, output_padding)
    canvas = np.zeros((batch, (h - 1) * s + k, (w - 1) * s + k, c_out))
    for i in range(h):
        for j in range(w):
            # (batch, c_in) x (k, k, c_out, c_in) -> (batch, k, k, c_out)
            canvas[:, i * s:i * s + k, j * s:j * s + k, :] += np.einsum(
                "bc,xyoc->bxyo", x[:, i, j, :], kernel)
    moved = np.moveaxis(canvas, 3, 1)  # channels out of the way of window()
    return np.moveaxis(window(moved, offset, size_h, size_w), 1, 3)


def conv(x: np.ndarray, kernel: np.ndarray, s: int = 1, padding: Padding = "valid"
         ) -> np.ndarray:
    """A convolution (cross-correlation) by sliding window; kernel layout (k, k, c_in, c_out)."""
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


def conv_matrix(n: int, kernel: np.ndarray, s: int = 1, padding: Padding = "valid"
                ) -> np.ndarray:
    """The matrix C of a one-channel convolution, ``conv(x).ravel() == C @ x.ravel()``; its
    transpose is the transposed convolution with the same kernel."""
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


# -- exercise 4: overlap ------------------------------------------------------------------

def transpose_overlap_counts(n: int, k: int, s: int = 1, padding: Padding = "valid",
                             output_padding: int | None = None) -> np.ndarray:
    """How many (input pixel, kernel tap) pairs write each output pixel (n×n input)."""
    canvas = scatter_canvas(np.ones((n, n)), np.ones((k, k)), s)
    offset, size = conv_transpose_crop(n, k, s, padding, output_padding)
    return window(canvas, offset, size, size).round().astype(int)


def overlap_profile(k: int, s: int) -> np.ndarray:
    """Taps per output position far from the borders, one period of ``s`` positions: class
    r receives taps r, r + s, … below k."""
    return np.array([len(range(r, k, s)) for r in range(s)])


def overlap_is_even(k: int, s: int) -> bool:
    """Exercise 4's answer: every output class gets as many taps exactly when s divides k."""
    return k % s == 0


# -- exercise 1 ----------------------------------------------------------------------------

def upsample_nearest(batch: np.ndarray, factor: int) -> np.ndarray:
    """Exercise 1's answer: every pixel of an NHWC batch becomes a factor × factor block."""
    batch = np.asarray(batch)
    return np.repeat(np.repeat(batch, factor, axis=1), factor, axis=2)


def conv_overlap_counts(n: int, k: int, s: int = 1, padding: Padding = "valid") -> np.ndarray:
    """How many output windows of a convolution read each cell of the (padded) input."""
    before, after = conv_padding(n, k, s, padding)
    size = n + before + after
    out = conv_output_size(n, k, s, padding)
    counts = np.zeros((size, size), dtype=int)
    for i in range(out):
        for j in range(out):
            counts[i * s:i * s + k, j * s:j * s + k] += 1
    return counts
