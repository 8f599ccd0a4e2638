"""Lesson 04's plausible wrong answers: generator builders as learners write them."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.generator  # noqa: F401 -- registers lesson 04's mistakes

NOTEBOOK = "04-generator"
PREAMBLE = """
import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
"""

#: The solution's builder with markers a wrong answer replaces (one mistake each).
TEMPLATE = """
def build_generator(z_dim=100, width=128, image_size=32, channels=3):
    def init():
        return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)

    n = int(round(math.log2(image_size / 4)))
    depths = [width * 2 ** (n - 1 - i) for i in range(n)]
    model = keras.Sequential([keras.Input(shape=(z_dim,))], name="generator")
    model.add(layers.Dense(4 * 4 * depths[0], use_bias=False, kernel_initializer=init()))
    model.add(layers.Reshape((4, 4, depths[0])))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU(negative_slope=0.2))
    for depth in depths[1:]:
        model.add(layers.Conv2DTranspose(depth, 5, strides=2, padding="same", use_bias=False,
                                         kernel_initializer=init()))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                     kernel_initializer=init()))
    model.add(layers.Activation("tanh"))
    return model
"""


def variant(*edits: tuple[str, str]) -> dict[str, str]:
    """The builder cell with each ``(old, new)`` edit made (each old text must be there)."""
    source = TEMPLATE
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return {"ex1-build-generator": source}


LEAKY = "layers.LeakyReLU(negative_slope=0.2)"
HIDDEN = ('padding="same", use_bias=False,\n                                         '
          'kernel_initializer=init()))')

WRONG = [
    Wrong(
        "ex1-tests",
        "04/ex1/not-a-model",
        variant(("    return model\n", "    return model.layers\n")),
        why="returns the layers instead of the model",
    ),
    Wrong(
        "ex1-tests-sizes",
        "04/ex1/does-not-run",
        variant(("keras.Input(shape=(z_dim,))", "keras.Input(shape=(100,))")),
        why="the input size written as 100 instead of z_dim",
    ),
    Wrong(
        "ex1-tests-sizes",
        "04/ex1/stride-count",
        variant(("int(round(math.log2(image_size / 4)))", "3")),
        why="three transposed convolutions, as in the 32x32 picture, for every size",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/wrong-layer",
        variant(
            (
                "        model.add(layers.BatchNormalization())\n        model.add("
                + LEAKY
                + ")\n",
                "        model.add("
                + LEAKY
                + ")\n        model.add(layers.BatchNormalization())\n",
            )
        ),
        why="leaky ReLU before batch norm in the hidden blocks",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/wrong-shape",
        variant(
            (
                "depths = [width * 2 ** (n - 1 - i) for i in range(n)]",
                "depths = [width // 2 ** i for i in range(n)]",
            )
        ),
        why="reads `width` as the depth of the first block and halves from there",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/too-many-layers",
        variant(
            (
                'model.add(layers.Conv2DTranspose(channels, 5, strides=2, padding="same",',
                'model.add(layers.Conv2DTranspose(channels, 5, strides=2, padding="same", '
                'activation="tanh",',
            )
        ),
        why="tanh inside the last convolution and again as a layer",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/relu",
        variant((LEAKY, "layers.ReLU()")),
        why="the paper's generator uses ReLU",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/dropout",
        variant(
            (
                "        model.add(layers.BatchNormalization())\n        model.add("
                + LEAKY
                + ")\n",
                "        model.add(layers.BatchNormalization())\n        model.add(" + LEAKY + ")\n"
                "        model.add(layers.Dropout(0.3))\n",
            )
        ),
        why="dropout after each block, as some tutorials' discriminators have",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/leaky-slope",
        variant((LEAKY, "layers.LeakyReLU()")),
        why="Keras's default slope",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/kernel-size",
        variant(("Conv2DTranspose(depth, 5,", "Conv2DTranspose(depth, 4,")),
        why="4x4 kernels, as in PyTorch's DCGAN example",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/bias-before-bn",
        variant(
            (
                HIDDEN,
                'padding="same",\n                                         '
                'kernel_initializer=init()))',
            )
        ),
        why="use_bias left at its default before batch norm",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/missing-bias",
        variant(
            (
                'padding="same",\n                                     kernel_initializer=init()))',
                'padding="same", use_bias=False,\n                                     '
                'kernel_initializer=init()))',
            )
        ),
        why="use_bias=False copied to the output layer",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/initializer",
        variant(
            (", kernel_initializer=init()))", "))"),
            (",\n                                         kernel_initializer=init()))", "))"),
            (",\n                                     kernel_initializer=init()))", "))"),
        ),
        why="Keras's default initializer",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/shared-initializer",
        variant(
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
        "04/ex1/depth-order",
        variant(
            (
                "depths = [width * 2 ** (n - 1 - i) for i in range(n)]",
                "depths = [width * 2 ** i for i in range(n)]",
            )
        ),
        why="the depth doubles towards the image instead of towards 4x4",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/upsampling",
        variant(
            (
                "        model.add(layers.Conv2DTranspose(depth, 5, strides=2, " + HIDDEN,
                "        model.add(layers.UpSampling2D())\n"
                '        model.add(layers.Conv2D(depth, 5, padding="same", use_bias=False,\n'
                "                                kernel_initializer=init()))",
            )
        ),
        why="upsampling plus a convolution, the alternative lesson 02 showed",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/bn-on-output",
        variant(
            (
                '    model.add(layers.Activation("tanh"))\n',
                '    model.add(layers.BatchNormalization())\n    '
                'model.add(layers.Activation("tanh"))\n',
            )
        ),
        why="batch norm after every transposed convolution, the last one too",
    ),
    Wrong(
        "ex1-tests",
        "04/ex1/output-activation",
        variant(('layers.Activation("tanh")', 'layers.Activation("sigmoid")')),
        why="a sigmoid, as for probabilities",
    ),
]
