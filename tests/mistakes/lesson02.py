"""Lesson 02's plausible wrong answers, as learners write them (test data, see README.md)."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.upsampling  # noqa: F401 -- registers the lesson's mistakes

NOTEBOOK = "02-upsampling"
PREAMBLE = "import numpy as np\n"

# -- exercise 1 -------------------------------------------------------------------------------

TILED = '''
def upsample_nearest(batch, factor):
    return np.tile(batch, (1, factor, factor, 1))
'''

WRONG_AXES = '''
def upsample_nearest(batch, factor):
    return np.repeat(np.repeat(batch, factor, axis=0), factor, axis=1)
'''

MISPLACED = '''
def upsample_nearest(batch, factor):
    n, h, w, c = batch.shape
    return np.repeat(batch, factor * factor, axis=2).reshape(n, h * factor, w * factor, c)
'''

CHANGED_INPUT = '''
def upsample_nearest(batch, factor):
    out = np.repeat(np.repeat(batch, factor, axis=1), factor, axis=2)
    batch[...] = 0  # "free" the input
    return out
'''

# -- exercise 2 -------------------------------------------------------------------------------

RIGHT_CONV = '''
def conv_output_size(n, k, s, padding):
    if padding == "same":
        return -(-n // s)
    return max((n - k) // s + 1, 0)
'''

RIGHT_TRANSPOSE = '''
def conv_transpose_output_size(n, k, s, padding):
    if padding == "same":
        return n * s
    return (n - 1) * s + k + max(s - k, 0)
'''

FLOAT_SIZE = '''
def conv_output_size(n, k, s, padding):
    if padding == "same":
        return np.ceil(n / s)
    return max((n - k) / s + 1, 0)
''' + RIGHT_TRANSPOSE

CONV_NEGATIVE = '''
def conv_output_size(n, k, s, padding):
    if padding == "same":
        return -(-n // s)
    return (n - k) // s + 1
''' + RIGHT_TRANSPOSE

SAME_ROUNDS_DOWN = '''
def conv_output_size(n, k, s, padding):
    if padding == "same":
        return n // s
    return max((n - k) // s + 1, 0)
''' + RIGHT_TRANSPOSE

CONV_OFF_BY_ONE = '''
def conv_output_size(n, k, s, padding):
    if padding == "same":
        return -(-n // s)
    return max((n - k) // s, 0)
''' + RIGHT_TRANSPOSE

NO_GAP = RIGHT_CONV + '''
def conv_transpose_output_size(n, k, s, padding):
    if padding == "same":
        return n * s
    return (n - 1) * s + k
'''

SAME_KEEPS_N = RIGHT_CONV + '''
def conv_transpose_output_size(n, k, s, padding):
    if padding == "same":
        return n
    return (n - 1) * s + k + max(s - k, 0)
'''

TRANSPOSE_OFF = RIGHT_CONV + '''
def conv_transpose_output_size(n, k, s, padding):
    if padding == "same":
        return n * s
    return n * s + k  # n stamps, s apart, plus one kernel
'''

# -- exercise 3 -------------------------------------------------------------------------------


def transpose(stamp: str = 'np.einsum("nc,abOc->nabO", x[:, i, j, :], kernel)',
              canvas: str = "(h - 1) * stride + k", top: str = "max(extra, 0) // 2",
              start: str = "i * stride", start_col: str = "j * stride",
              cut: str = "zero-filled") -> str:
    """A learner's loop with one part swapped for a plausible wrong version."""
    crop = ("    out = np.zeros((n, out_h, out_w, c_out))\n"
            "    part = canvas[:, top:top + out_h, left:left + out_w, :]\n"
            "    out[:, :part.shape[1], :part.shape[2], :] = part\n"
            "    return out\n")
    if cut == "sliced":  # the canvas sliced: it stops where the stamps end
        crop = "    return canvas[:, top:top + out_h, left:left + out_w, :]\n"
    elif cut in ("valid", "same"):  # the whole canvas returned for one of the paddings
        crop = f"    if padding == '{cut}':\n        return canvas\n" + crop
    return (
        "def conv_transpose_naive(x, kernel, stride, padding):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    n, h, w, _ = x.shape\n"
        "    k, c_out = kernel.shape[0], kernel.shape[2]\n"
        f"    rows = {canvas}\n"
        f"    cols = {canvas.replace('h', 'w')}\n"
        "    canvas = np.zeros((n, rows, cols, c_out))\n"
        "    for i in range(h):\n"
        "        for j in range(w):\n"
        f"            canvas[:, {start}:{start} + k, {start_col}:{start_col} + k, :] += {stamp}\n"
        "    out_h = conv_transpose_output_size(h, k, stride, padding)\n"
        "    out_w = conv_transpose_output_size(w, k, stride, padding)\n"
        "    extra = rows - out_h\n"
        f"    top = {top} if padding == 'same' else 0\n"
        f"    left = {top.replace('extra', '(cols - out_w)')} if padding == 'same' else 0\n"
        + crop)


CHANNELS_SWAPPED = transpose(stamp='np.einsum("nc,abcO->nabO", x[:, i, j, :], kernel)')
FLIPPED = transpose(stamp='np.einsum("nc,abOc->nabO", x[:, i, j, :], kernel[::-1, ::-1])')
NOT_STRIDED = transpose(start="i", start_col="j")
CANVAS_SIZE = transpose(canvas="h * stride + k", cut="valid")
NOT_CROPPED = transpose(cut="same")
CROP_WRONG_SIDE = transpose(top="-(-max(extra, 0) // 2)")
STOPS_AT_CANVAS = transpose(cut="sliced")

# -- exercise 4 -------------------------------------------------------------------------------

NOT_BOOL = '''
def overlap_is_even(kernel_size, stride):
    return int(kernel_size % stride == 0)
'''

EVEN_KERNEL = '''
def overlap_is_even(kernel_size, stride):
    return kernel_size % 2 == 0  # k4/s2 was even, k3/s2 and k5/s2 were not
'''

GAPS = '''
def overlap_is_even(kernel_size, stride):
    # stamps that do not overlap cannot overlap unevenly
    return kernel_size <= stride or kernel_size % stride == 0
'''

BORDERS = '''
def overlap_is_even(kernel_size, stride):
    counts = conv_transpose_naive(np.ones((1, 1, 8, 1)), np.ones((kernel_size, kernel_size, 1, 1)),
                                  stride, "valid")[0, 0, :, 0]
    return bool(counts.min() == counts.max())
'''

WRONG = [
    Wrong("ex1-tests", "02/ex1/tiled", {"ex1-upsample": TILED},
          why="np.tile is the first NumPy function that comes to mind for 'repeat'."),
    Wrong("ex1-tests", "02/ex1/wrong-axes", {"ex1-upsample": WRONG_AXES},
          why="Axes counted from the image's point of view (0 = rows), forgetting the batch."),
    Wrong("ex1-tests", "02/ex1/misplaced", {"ex1-upsample": MISPLACED},
          why="One repeat and a reshape, as if the copies of a pixel were laid out as a block."),
    Wrong("ex1-tests", "02/ex1/changed-input", {"ex1-upsample": CHANGED_INPUT},
          why="Clearing the input to save memory."),
    Wrong("ex2-tests", "02/ex2/float-size", {"ex2-sizes": FLOAT_SIZE},
          why="/ and np.ceil, as the formula is written on paper."),
    Wrong("ex2-tests", "02/ex2/conv-negative", {"ex2-sizes": CONV_NEGATIVE},
          why="The window count without the case where no window fits."),
    Wrong("ex2-tests", "02/ex2/conv-same-rounds-down", {"ex2-sizes": SAME_ROUNDS_DOWN},
          why="'same' halves the size at stride 2, so n // s."),
    Wrong("ex2-tests", "02/ex2/conv-off-by-one", {"ex2-sizes": CONV_OFF_BY_ONE},
          why="The number of steps the window moves, not the number of positions."),
    Wrong("ex2-tests", "02/ex2/transpose-no-gap", {"ex2-sizes": NO_GAP},
          why="The canvas the stamps cover, without Keras' zero gap when s > k."),
    Wrong("ex2-tests", "02/ex2/transpose-same-keeps-n", {"ex2-sizes": SAME_KEEPS_N},
          why="'same' read as 'the size stays the same'."),
    Wrong("ex2-tests", "02/ex2/transpose-off-by-one", {"ex2-sizes": TRANSPOSE_OFF},
          why="n stamps s apart taken as n·s pixels before the last kernel."),
    Wrong("ex3-tests", "02/ex3/channels-swapped", {"ex3-conv-transpose": CHANNELS_SWAPPED},
          why="The kernel read in Conv2D's layout (k, k, C_in, C_out)."),
    Wrong("ex3-tests", "02/ex3/kernel-flipped", {"ex3-conv-transpose": FLIPPED},
          why="'A transposed convolution is a convolution with the flipped kernel.'"),
    Wrong("ex3-tests", "02/ex3/stamps-not-strided", {"ex3-conv-transpose": NOT_STRIDED},
          why="The stamp placed at the input pixel's own position."),
    Wrong("ex3-tests", "02/ex3/canvas-size", {"ex3-conv-transpose": CANVAS_SIZE},
          why="An off-by-one canvas: n stamps of stride s, then a whole kernel."),
    Wrong("ex3-tests", "02/ex3/not-cropped", {"ex3-conv-transpose": NOT_CROPPED},
          why="'same' taken to mean the whole canvas."),
    Wrong("ex3-tests", "02/ex3/crop-wrong-side", {"ex3-conv-transpose": CROP_WRONG_SIDE},
          why="The odd extra row cut at the top instead of the bottom."),
    Wrong("ex3-tests", "02/ex3/stops-at-canvas", {"ex3-conv-transpose": STOPS_AT_CANVAS},
          why="Slicing the canvas, which stops where the stamps end."),
    Wrong("ex4-tests", "02/ex4/not-bool", {"ex4-even": NOT_BOOL},
          why="0/1 instead of False/True."),
    Wrong("ex4-tests", "02/ex4/even-kernel", {"ex4-even": EVEN_KERNEL},
          why="Generalised from the lab's three cases."),
    Wrong("ex4-tests", "02/ex4/gaps-count", {"ex4-even": GAPS},
          why="Stamps that do not touch taken as 'no uneven overlap'."),
    Wrong("ex4-tests", "02/ex4/borders-counted", {"ex4-even": BORDERS},
          why="Measured over the whole output, borders included."),
]
