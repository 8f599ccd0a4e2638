"""Lesson 05's plausible wrong answers: discriminator builders, and the moving-average shares
of exercise 2, as learners write them."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.discriminator  # noqa: F401 -- registers lesson 05's mistakes

NOTEBOOK = "05-discriminator"
PREAMBLE = """
import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
"""

#: The solution's builder, which each wrong answer edits in one place.
TEMPLATE = """
def build_discriminator(width=64, image_size=32, channels=3):
    def init():
        return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)

    n = int(round(math.log2(image_size / 4)))
    model = keras.Sequential([keras.Input(shape=(image_size, image_size, channels))],
                             name="discriminator")
    model.add(layers.Conv2D(width, 5, strides=2, padding="same", kernel_initializer=init()))
    model.add(layers.LeakyReLU(negative_slope=0.2))
    for i in range(1, n):
        model.add(layers.Conv2D(width * 2 ** i, 5, strides=2, padding="same", use_bias=False,
                                kernel_initializer=init()))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Flatten())
    model.add(layers.Dense(1, kernel_initializer=init()))
    return model
"""

#: The solution's moving_shares, which each wrong answer edits in one place.
SHARES = """
def moving_shares(schedule, steps, momentum=0.99):
    parts = dict(real=np.array([0.0, 1.0, 0.0]), fake=np.array([0.0, 0.0, 1.0]),
                 mixed=np.array([0.0, 0.5, 0.5]))
    shares = np.array([1.0, 0.0, 0.0])
    for _ in range(steps):
        for call in schedule:
            shares = momentum * shares + (1 - momentum) * parts[call]
    return shares
"""


def edit(template: str, cell: str, *edits: tuple[str, str]) -> dict[str, str]:
    """``template`` with each ``(old, new)`` edit made, as the answer cell ``cell``."""
    source = template
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return {cell: source}


def builder(*edits: tuple[str, str]) -> dict[str, str]:
    return edit(TEMPLATE, "ex1-build-discriminator", *edits)


def shares(*edits: tuple[str, str]) -> dict[str, str]:
    return edit(SHARES, "ex2-moving-shares", *edits)


LEAKY = "layers.LeakyReLU(negative_slope=0.2)"
FIRST = 'model.add(layers.Conv2D(width, 5, strides=2, padding="same", kernel_initializer=init()))'
HIDDEN = (
    'padding="same", use_bias=False,\n                                kernel_initializer=init()))'
)

WRONG = [
    Wrong(
        "ex1-tests",
        "05/ex1/not-a-model",
        builder(("    return model\n", "    return model.layers\n")),
        why="returns the layers instead of the model",
    ),
    Wrong(
        "ex1-tests-sizes",
        "05/ex1/does-not-run",
        builder(
            (
                "keras.Input(shape=(image_size, image_size, channels))",
                "keras.Input(shape=(32, 32, 3))",
            )
        ),
        why="the input shape written as 32x32x3",
    ),
    Wrong(
        "ex1-tests-sizes",
        "05/ex1/stride-count",
        builder(("int(round(math.log2(image_size / 4)))", "3")),
        why="three convolutions for every image size",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/wrong-layer",
        builder(
            (
                "        model.add(layers.BatchNormalization())\n        model.add("
                + LEAKY
                + ")\n",
                "        model.add("
                + LEAKY
                + ")\n        model.add(layers.BatchNormalization())\n",
            )
        ),
        why="leaky ReLU before batch norm",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/wrong-shape",
        builder(("width * 2 ** i, 5,", "width, 5,")),
        why="every convolution as deep as the first",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/too-few-layers",
        builder(("    model.add(layers.Dense(1, kernel_initializer=init()))\n", "")),
        why="ends with Flatten, forgetting the unit that gives the verdict",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/relu",
        builder((LEAKY, "layers.ReLU()")),
        why="plain ReLU, as in a classifier",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/dropout",
        builder(
            (
                "    model.add(layers.Flatten())\n",
                "    model.add(layers.Dropout(0.3))\n    model.add(layers.Flatten())\n",
            )
        ),
        why="dropout as in TensorFlow's DCGAN tutorial",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/leaky-slope",
        builder((LEAKY, "layers.LeakyReLU()")),
        why="Keras's default slope",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/kernel-size",
        builder(
            ("Conv2D(width * 2 ** i, 5,", "Conv2D(width * 2 ** i, 4,"),
            ("Conv2D(width, 5,", "Conv2D(width, 4,"),
        ),
        why="4x4 kernels, as in PyTorch's DCGAN example",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/bias-before-bn",
        builder(
            (HIDDEN, 'padding="same",\n                                kernel_initializer=init()))')
        ),
        why="use_bias left at its default before batch norm",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/missing-bias",
        builder((FIRST, FIRST.replace('padding="same",', 'padding="same", use_bias=False,'))),
        why="use_bias=False on every convolution",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/initializer",
        builder(
            (", kernel_initializer=init()))", "))"),
            (",\n                                kernel_initializer=init()))", "))"),
        ),
        why="Keras's default initializer",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/shared-initializer",
        builder(
            (
                "    def init():\n        return keras.initializers.RandomNormal(mean=0.0, "
                "stddev=0.02)\n",
                "    shared = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)\n\n"
                "    def init():\n        return shared\n",
            )
        ),
        why="one initializer object for every layer",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/depth-order",
        builder(
            (FIRST, FIRST.replace("Conv2D(width,", "Conv2D(width * 2 ** (n - 1),")),
            ("Conv2D(width * 2 ** i, 5,", "Conv2D(width * 2 ** (n - 1 - i), 5,"),
        ),
        why="the generator's depths copied: deepest first",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/pooling",
        builder(
            (
                FIRST,
                'model.add(layers.Conv2D(width, 5, padding="same", kernel_initializer=init()))\n'
                "    model.add(layers.MaxPooling2D())",
            )
        ),
        why="a classifier's convolution-then-pooling",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/bn-first",
        builder(
            (
                FIRST + "\n",
                FIRST.replace('padding="same",', 'padding="same", use_bias=False,')
                + "\n    model.add(layers.BatchNormalization())\n",
            )
        ),
        why="batch norm after every convolution, the first one too",
    ),
    Wrong(
        "ex1-tests",
        "05/ex1/sigmoid-output",
        builder(
            (
                "layers.Dense(1, kernel_initializer=init())",
                'layers.Dense(1, activation="sigmoid", kernel_initializer=init())',
            )
        ),
        why="the deck draws a sigmoid unit",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/shape",
        shares(("    return shares\n", "    return shares[1:]\n")),
        why="only the real and fake shares",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/one-update-per-step",
        shares(
            (
                "        for call in schedule:\n            shares = momentum * shares + (1 - "
                "momentum) * parts[call]\n",
                "        step = np.mean([parts[call] for call in schedule], axis=0)\n"
                "        shares = momentum * shares + (1 - momentum) * step\n",
            )
        ),
        why="one update per training step",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/momentum-swapped",
        shares(
            (
                "momentum * shares + (1 - momentum) * parts[call]",
                "(1 - momentum) * shares + momentum * parts[call]",
            )
        ),
        why="PyTorch's momentum convention",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/order-reversed",
        shares(("for call in schedule:", "for call in reversed(schedule):")),
        why="the first call taken as the most recent",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/mixed-as-two",
        shares(
            ('mixed=np.array([0.0, 0.5, 0.5])', 'mixed=np.array([0.0, 1.0, 1.0]) / 2'),
            (
                "        for call in schedule:\n",
                '        for call in [c for m in schedule for c in (("real", "fake") if m == '
                '"mixed" else (m,))]:\n',
            ),
        ),
        why="a mixed batch counted as a real and a fake call",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/no-start",
        shares(
            (
                "    return shares\n",
                "    return np.array([0.0, *shares[1:] / shares[1:].sum()]) if steps else shares\n",
            )
        ),
        why="normalised the real and fake shares to sum to 1",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/share-order",
        shares(("    return shares\n", "    return shares[[1, 2, 0]]\n")),
        why="(real, fake, start) instead of (start, real, fake)",
    ),
    Wrong(
        "ex2-tests",
        "05/ex2/wrong-shares",
        shares(
            ("momentum * shares + (1 - momentum) * parts[call]", "momentum * shares + parts[call]")
        ),
        why="adds each batch without its (1 - momentum) weight",
    ),
]
