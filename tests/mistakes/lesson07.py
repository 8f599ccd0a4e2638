"""Lesson 07's plausible wrong answers: slerp, concept arithmetic and the discriminator's
features, as learners write them."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.representations  # noqa: F401 -- registers lesson 07's mistakes

NOTEBOOK = "07-representations"
#: The answer cells' imports, and the notebook's own tiny discriminator (exercise 3's check).
PREAMBLE = """
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from mistake_catalogue import notebook_cells as _cells
exec(_cells("07-representations")["tiny-d"].source)
"""

SLERP = """
def slerp(z0, z1, t):
    z0, z1 = np.asarray(z0, np.float64), np.asarray(z1, np.float64)
    t = np.asarray(t, np.float64)[:, None]
    n0, n1 = np.linalg.norm(z0), np.linalg.norm(z1)
    cos = np.clip(z0 @ z1 / (n0 * n1), -1.0, 1.0)
    omega = np.arccos(cos)
    if np.sin(omega) < 1e-6 and cos > 0:
        return (1 - t) * z0 + t * z1
    if np.sin(omega) < 1e-6:
        axis = np.zeros_like(z0)
        axis[np.argmin(np.abs(z0))] = 1.0
        u = axis - (axis @ z0) / (z0 @ z0) * z0
        u /= np.linalg.norm(u)
        length = (1 - t) * n0 + t * n1
        return length * (np.cos(np.pi * t) * z0 / n0 + np.sin(np.pi * t) * u)
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)
"""

ARITHMETIC = """
def concept_arithmetic(z_a, z_b, z_c):
    y = np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)
    return y * np.sqrt(len(y)) / np.linalg.norm(y)
"""

FEATURES = """
def d_features(discriminator, images):
    x = tf.convert_to_tensor(images, tf.float32)
    pieces = []
    for layer in discriminator.layers:
        x = layer(x, training=False)
        if type(layer).__name__ == "LeakyReLU":
            window = int(x.shape[1]) // 4
            pooled = tf.nn.max_pool2d(x, window, window, "VALID")
            pieces.append(tf.reshape(tf.cast(pooled, tf.float32), (tf.shape(x)[0], -1)))
    return tf.concat(pieces, axis=1).numpy().astype(np.float32)
"""


def edit(template: str, cell: str, *edits: tuple[str, str]) -> dict[str, str]:
    """``template`` with each ``(old, new)`` edit made, as the answer cell ``cell``."""
    source = template
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return {cell: source}


def slerp(*edits):
    return edit(SLERP, "ex1-slerp", *edits)


def arithmetic(*edits):
    return edit(ARITHMETIC, "ex2-arith", *edits)


def features(*edits):
    return edit(FEATURES, "ex3-features", *edits)


LAST = "    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)\n"
PLAIN = "    return y * np.sqrt(len(y)) / np.linalg.norm(y)\n"
RESULT = "    return tf.concat(pieces, axis=1).numpy().astype(np.float32)\n"

WRONG = [
    Wrong(
        "ex1-tests",
        "07/ex1/shape",
        slerp(
            (
                LAST,
                LAST.replace("return (", "return ((").replace(
                    "np.sin(omega)\n", "np.sin(omega)).T\n"
                ),
            )
        ),
        why="one column per value of t",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/t-row",
        slerp(("np.asarray(t, np.float64)[:, None]", "np.asarray(t, np.float64)")),
        why="t left as a row: it does not broadcast against the vectors",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/not-finite",
        {
            "ex1-slerp": "def slerp(z0, z1, t):\n"
            "    t = np.asarray(t, np.float64)[:, None]\n"
            "    omega = np.arccos(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)))\n"
            "    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)\n"
        },
        why="the formula alone: no special case for parallel vectors",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/lerp",
        slerp((LAST, "    return (1 - t) * z0 + t * z1\n")),
        why="the straight line of lesson 06",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/backwards",
        slerp(
            (
                LAST,
                "    return (np.sin(t * omega) * z0 + np.sin((1 - t) * omega) * z1) / "
                "np.sin(omega)\n",
            )
        ),
        why="the two weights swapped",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/unit-length",
        slerp(
            (
                "    z0, z1 = np.asarray(z0, np.float64), np.asarray(z1, np.float64)\n",
                "    z0, z1 = np.asarray(z0, np.float64), np.asarray(z1, np.float64)\n"
                "    z0, z1 = z0 / np.linalg.norm(z0), z1 / np.linalg.norm(z1)\n",
            )
        ),
        why="normalised the vectors to measure the angle, and kept them normalised",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/through-origin",
        slerp(("    if np.sin(omega) < 1e-6 and cos > 0:", "    if np.sin(omega) < 1e-6:")),
        why="the straight-line fallback for opposite vectors too",
    ),
    Wrong(
        "ex1-tests",
        "07/ex1/wrong-points",
        slerp(("omega = np.arccos(cos)", "omega = np.degrees(np.arccos(cos))")),
        why="the angle in degrees",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/shape",
        arithmetic(
            ("np.mean(z_a, axis=0)", "np.mean(z_a, axis=1)[:, None]"),
            ("np.mean(z_b, axis=0)", "0"),
            ("np.mean(z_c, axis=0)", "0"),
        ),
        why="averaged over the wrong axis",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/groups-combined-first",
        arithmetic(
            (
                "np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)",
                "np.mean(z_a - z_b + z_c, axis=0)",
            )
        ),
        why="combined the groups before averaging",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/one-vector",
        arithmetic(
            (
                "np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)",
                "z_a[0] - z_b[0] + z_c[0]",
            )
        ),
        why="one sample per concept",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/summed",
        arithmetic(
            (
                "np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)",
                "z_a.sum(0) - z_b.sum(0) + z_c.sum(0)",
            )
        ),
        why="sums instead of averages",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/signs",
        arithmetic(
            (
                "- np.mean(z_b, axis=0) + np.mean(z_c, axis=0)",
                "+ np.mean(z_b, axis=0) - np.mean(z_c, axis=0)",
            )
        ),
        why="the signs of B and C swapped",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/stretched-each",
        arithmetic(
            (
                "    y = np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)\n",
                "    m = [np.mean(z, axis=0) for z in (z_a, z_b, z_c)]\n"
                "    m = [v * np.sqrt(len(v)) / np.linalg.norm(v) for v in m]\n"
                "    y = m[0] - m[1] + m[2]\n",
            )
        ),
        why="each average stretched before the arithmetic",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/short",
        arithmetic((PLAIN, "    return y\n")),
        why="the averages as they are: no decision about the length",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/unit-length",
        arithmetic((PLAIN, "    return y / np.linalg.norm(y)\n")),
        why="normalised to length 1",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/wrong-length",
        arithmetic((PLAIN, "    return y * len(y) / np.linalg.norm(y)\n")),
        why="length d instead of the square root",
    ),
    Wrong(
        "ex2-tests",
        "07/ex2/wrong-direction",
        arithmetic(
            (
                "    y = np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)\n",
                "    y = np.median(z_a, axis=0) - np.median(z_b, axis=0) + np.median(z_c, "
                "axis=0)\n",
            )
        ),
        why="medians instead of averages",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/not-numpy",
        features((RESULT, "    return tf.concat(pieces, axis=1)\n")),
        why="returns the tensor",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/not-float32",
        features((RESULT, "    return tf.concat(pieces, axis=1).numpy().astype(np.float64)\n")),
        why="float64 features",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/shape",
        features(
            (RESULT, "    return tf.concat([tf.reshape(p, (-1,)) for p in pieces], 0).numpy()\n")
        ),
        why="one flat vector for the whole batch",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/batch-length",
        features(
            (
                RESULT,
                "    return np.tile(tf.concat(pieces, axis=1).numpy().reshape(1, -1), "
                "(len(images), 1))"
                "[:, :tf.concat(pieces, axis=1).shape[1] * len(images) // 4 + 1]\n",
            )
        ),
        why="a length that follows the batch",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/size-length",
        features(
            (
                '            window = int(x.shape[1]) // 4\n            pooled = '
                'tf.nn.max_pool2d(x, window, window, "VALID")\n',
                "            pooled = x\n",
            )
        ),
        why="no pooling: the flattened maps",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/one-number",
        {
            "ex3-features": "def d_features(discriminator, images):\n"
            "    return discriminator(images, training=False).numpy()\n"
        },
        why="D's logit",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/training-mode",
        features(("x = layer(x, training=False)", "x = layer(x, training=True)")),
        why="training mode",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/includes-logit",
        features(
            (
                RESULT,
                "    pieces.append(tf.cast(discriminator(images, training=False), tf.float32))\n"
                + RESULT,
            )
        ),
        why="the logit appended to the features",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/not-from-d",
        {
            "ex3-features": "def d_features(discriminator, images):\n"
            "    x = tf.image.resize(images, (4, 4))\n"
            "    return tf.reshape(x, (len(images), -1)).numpy().astype(np.float32)\n"
        },
        why="pixels, shrunk",
    ),
    Wrong(
        "ex3-tests",
        "07/ex3/same-for-all",
        features(
            (
                RESULT,
                "    out = tf.concat(pieces, axis=1).numpy().astype(np.float32)\n"
                "    return np.repeat(out.mean(axis=0, keepdims=True), len(out), axis=0)\n",
            )
        ),
        why="pooled over the batch",
    ),
]
