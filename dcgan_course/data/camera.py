"""What the camera and the dataset's processing do to a house-number crop, in batches.

SVHN's crops come from Street View photographs: a lens that is seldom in focus at the
plate's distance, a car that moves, a digit box of 10-60 pixels in the photo enlarged or
shrunk to 32 x 32, colour fringes at high-contrast edges, and JPEG compression. These are
applied here to whole batches of float images (n, 3, H, W) in 0-1, in the order a camera
and the crop pipeline would: optics (defocus, motion, lateral colour fringes) and the
resampling to 32 pixels as one linear map per image and axis, then sensor noise, then JPEG
(colour converted to YCbCr, chroma halved, 8 x 8 DCT blocks quantised) as the last step.

A linear map per axis is a 32 x 32 matrix: blur, motion, a low-resolution detour (shrink by
a factor, enlarge back) and a sub-pixel shift all compose into one matrix, applied with two
batched matrix products. That keeps every effect continuous per image and costs about as
much as a single 3 x 3 blur pass over the batch.
"""

from __future__ import annotations

import functools

import numpy as np

SIZE = 32


def gaussian_matrices(sigma: np.ndarray, shift: np.ndarray | float = 0.0) -> np.ndarray:
    """(n, S, S) row-normalised Gaussian blur matrices (rows: output pixels), each with its
    own ``sigma`` (pixels, > 0) and sub-pixel ``shift`` (pixels, positive moves content
    right/down). Rows are renormalised at the borders (no dark frame).

    Before normalisation a matrix is constant along its diagonals (it depends on the
    distance between an output and an input pixel only), so the 2S - 1 diagonal values are
    computed and spread: 16 times fewer exponentials than one per entry."""
    distances = np.arange(1 - SIZE, SIZE, dtype=np.float32)  # input pixel - output pixel
    offset = -distances[None, :] + np.asarray(shift, np.float32).reshape(-1, 1)
    sigma = np.asarray(sigma, np.float32).reshape(-1, 1)
    diagonals = np.exp(-0.5 * (offset / sigma) ** 2)
    weights = np.take(diagonals, _DIAGONAL, axis=1)  # C order: rows summed as before
    return weights / weights.sum(axis=2, keepdims=True)


# _DIAGONAL[i, j]: which diagonal of gaussian_matrices' values entry (i, j) lies on
_DIAGONAL = (np.arange(SIZE)[None, :] - np.arange(SIZE)[:, None]) + SIZE - 1


def box_matrices(length: np.ndarray) -> np.ndarray:
    """(n, S, S) motion-blur matrices: a centred box ``length`` pixels long (>= 1), with
    fractional ends, rows renormalised at the borders."""
    positions = np.arange(SIZE, dtype=np.float32)
    distance = np.abs(positions[None, :, None] - positions[None, None, :])
    half = np.asarray(length, np.float32).reshape(-1, 1, 1) / 2
    weights = np.clip(half + 0.5 - distance, 0.0, 1.0)
    return weights / weights.sum(axis=2, keepdims=True)


@functools.lru_cache(maxsize=64)
def detour_matrix(factor: float) -> np.ndarray:
    """(S, S): shrink by ``factor`` (area averaging) and enlarge back (linear), as when a
    small digit box of the photo is scaled up to 32 pixels."""
    small = max(2, int(round(SIZE / factor)))
    edges = np.linspace(0.0, SIZE, small + 1)
    down = np.zeros((small, SIZE), np.float64)
    for k in range(small):  # area weights of each output cell over the input pixels
        lo, hi = edges[k], edges[k + 1]
        for p in range(int(np.floor(lo)), min(SIZE, int(np.ceil(hi)))):
            down[k, p] = min(hi, p + 1) - max(lo, p)
    down /= down.sum(axis=1, keepdims=True)
    centres_small = (np.arange(small) + 0.5) * SIZE / small
    up = np.zeros((SIZE, small), np.float64)
    for p in range(SIZE):
        x = np.clip(p + 0.5, centres_small[0], centres_small[-1])
        k = min(int(np.searchsorted(centres_small, x, side="right")) - 1, small - 2)
        t = (x - centres_small[k]) / (centres_small[k + 1] - centres_small[k])
        up[p, k], up[p, k + 1] = 1 - t, t
    return (up @ down).astype(np.float32)


def apply_separable(images: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``rows @ image @ columns.T`` for every image (and channel): images (n, S, S) with
    rows and columns (n, S, S), or images (n, C, S, S) with rows and columns (n, S, S)
    (shared by the channels), (n, 1, S, S) or (n, C, S, S)."""
    if images.ndim == 4 and rows.ndim == 3:
        rows = rows[:, None]
    if images.ndim == 4 and columns.ndim == 3:
        columns = columns[:, None]
    return np.matmul(np.matmul(rows, images), np.swapaxes(columns, -1, -2))


def _dct_matrix() -> np.ndarray:
    k = np.arange(8)[:, None]
    x = np.arange(8)[None, :]
    matrix = np.sqrt(2 / 8) * np.cos(np.pi * (2 * x + 1) * k / 16)
    matrix[0] /= np.sqrt(2)
    return matrix.astype(np.float32)


_DCT = _dct_matrix()
# The JPEG standard's example quantisation tables (ITU-T T.81, Annex K), quality 50.
_LUMA_TABLE = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99],
    np.float32).reshape(8, 8)
_CHROMA_TABLE = np.full((8, 8), 99.0, np.float32)
_CHROMA_TABLE[:4, :4] = np.array([17, 18, 24, 47, 18, 21, 26, 66, 24, 26, 56, 99, 47, 66, 99,
                                  99], np.float32).reshape(4, 4)


def _quality_tables(quality: np.ndarray, table: np.ndarray) -> np.ndarray:
    """libjpeg's scaling of a base table for each image's quality (1-100): (n, 8, 8)."""
    quality = np.clip(np.asarray(quality, np.float32), 1, 100)
    scale = np.where(quality < 50, 5000 / quality, 200 - 2 * quality)
    return np.clip(np.floor((table[None] * scale[:, None, None] + 50) / 100), 1, 255)


@functools.lru_cache(maxsize=2)
def _block_dct(size: int) -> np.ndarray:
    """(size, size): the 8-point DCT on each 8-pixel block (block diagonal), so that the
    DCT of every 8 x 8 block of a plane is two plain matrix products."""
    return np.kron(np.eye(size // 8, dtype=np.float32), _DCT)


def _dct_quantise(plane: np.ndarray, tables: np.ndarray, level: float = 128.0) -> np.ndarray:
    """Quantise the 8 x 8 block DCT of ``plane`` (n, H, H) with each image's table (n, 8, 8)
    and return the decoded plane; ``level`` is JPEG's level shift (128 for 0-255 values, 0
    for chroma already centred on 0)."""
    n, size, _ = plane.shape
    dct = _block_dct(size)
    coefficients = np.matmul(np.matmul(dct, plane - level), dct.T)
    q = np.tile(tables, (1, size // 8, size // 8))
    coefficients = np.round(coefficients / q) * q
    return np.matmul(np.matmul(dct.T, coefficients), dct) + level


_TO_YCBCR = np.array([[0.299, 0.587, 0.114],
                      [-0.168736, -0.331264, 0.5],
                      [0.5, -0.418688, -0.081312]], np.float32)
_FROM_YCBCR = np.linalg.inv(_TO_YCBCR).astype(np.float32)


def to_ycbcr_matrix() -> np.ndarray:
    """(3, 3): RGB to JPEG's YCbCr (luma 0-255 for RGB 0-255, chroma centred on 0)."""
    return _TO_YCBCR


def from_ycbcr(ycc: np.ndarray, channels_last: bool = False) -> np.ndarray:
    """(n, 3, H, W) YCbCr (chroma centred on 0) back to RGB: (n, 3, H, W), or (n, H, W, 3)
    with ``channels_last`` (the same values, without a transposing copy)."""
    n = len(ycc)
    if channels_last:
        rgb = np.matmul(ycc.reshape(n, 3, -1).transpose(0, 2, 1), _FROM_YCBCR.T)
        return rgb.reshape(n, *ycc.shape[2:], 3)
    return np.matmul(_FROM_YCBCR, ycc.reshape(n, 3, -1)).reshape(ycc.shape)


def jpeg_luma(luma: np.ndarray, quality: np.ndarray) -> np.ndarray:
    """JPEG's quantisation of the luma plane (n, S, S), 0-255, at each image's quality."""
    return _dct_quantise(luma, _quality_tables(quality, _LUMA_TABLE))


@functools.lru_cache(maxsize=1)
def chroma_subsampling_matrix() -> np.ndarray:
    """(S, S): 4:2:0 chroma subsampling and libjpeg's smooth upsampling, per axis."""
    return _upsample_matrix() @ _downsample_matrix()


def jpeg(images: np.ndarray, quality: np.ndarray, chroma_quality: bool = True) -> np.ndarray:
    """JPEG-compress and decode (n, 3, S, S) images in 0-255 at each image's ``quality``:
    YCbCr, 4:2:0 chroma subsampling, baseline quantisation (chroma at a quality halfway to
    100), smooth chroma upsampling. Colour conversions, the 2 x 2 chroma averaging and the
    block DCTs are all matrix products, so the whole batch costs a few BLAS calls.
    ``chroma_quality=False`` leaves the half-resolution chroma unquantised: at the gentle
    chroma qualities used here that moves a pixel by 0.6 grey levels on average (1% of
    pixels by 5 or more, at sharp colour edges), for about a third less work; the renderer
    does that, folding the subsampling into its blur matrices."""
    n = len(images)
    ycc = np.matmul(_TO_YCBCR, images.reshape(n, 3, -1)).reshape(images.shape)
    y = jpeg_luma(ycc[:, 0], quality)
    down = _downsample_matrix()
    half = np.matmul(np.matmul(down, ycc[:, 1:].reshape(2 * n, SIZE, SIZE)), down.T)
    if chroma_quality:
        # Chroma is quantised more gently than luminance here: a real crop was compressed
        # at the photo's resolution, where a faint tint spans many blocks; at 32 pixels a
        # coarse chroma table would wipe faint tints out and leave exactly grey images.
        chroma_tables = np.repeat(_quality_tables((np.asarray(quality) + 100) / 2,
                                                  _CHROMA_TABLE), 2, axis=0)  # Cb, Cr
        half = _dct_quantise(half, chroma_tables, level=0.0)
    up = _upsample_matrix()
    ycc[:, 0] = y
    ycc[:, 1:] = np.matmul(np.matmul(up, half), up.T).reshape(n, 2, SIZE, SIZE)
    return from_ycbcr(ycc)


@functools.lru_cache(maxsize=1)
def _downsample_matrix() -> np.ndarray:
    """(S/2, S): the mean of each pair of pixels (4:2:0 chroma subsampling, per axis)."""
    return np.repeat(np.eye(SIZE // 2, dtype=np.float32), 2, axis=1) / 2


@functools.lru_cache(maxsize=1)
def _upsample_matrix() -> np.ndarray:
    """(S, S/2): linear ("fancy") upsampling by two, as libjpeg decodes chroma."""
    up = np.zeros((SIZE, SIZE // 2), np.float32)
    for p in range(SIZE):
        x = np.clip((p + 0.5) / 2 - 0.5, 0, SIZE // 2 - 1)
        k = min(int(np.floor(x)), SIZE // 2 - 2)
        t = x - k
        up[p, k], up[p, k + 1] = 1 - t, t
    return up
