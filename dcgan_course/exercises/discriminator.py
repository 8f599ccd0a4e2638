"""Visible tests of lesson 05 (the discriminator): the 32x32 model layer by layer against
the specification table, a 16x16 model from the same builder, and scoring a batch.

The layer-by-layer comparison lives in :func:`dcgan_course.architecture.check_discriminator`;
the scoring check uses a fixed critic whose probabilities are known in closed form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

from dcgan_course import architecture as arch
from dcgan_course.checks import call_exercise, expect_close, expect_shape, expect_true
from dcgan_course.exercises import wrapped_messages
from dcgan_course.translate import tr


def check_discriminator(build_discriminator: Callable[..., Any]) -> None:
    """Exercise 1, the 32x32 model with the builder's defaults.

    Layer by layer against the table: classes, output shapes, 5x5 kernels, stride 2, "same"
    padding, no pooling, no batch norm on the first layer, biases, slope 0.2, N(0, 0.02), a
    logit; then the parameter count and one logit per image.
    """
    discriminator = call_exercise(build_discriminator)
    with wrapped_messages():
        arch.check_discriminator(discriminator, width=64, image_size=32, channels=3,
                                 what="build_discriminator()")
    spec = arch.discriminator_layers(64, 32, 3)
    expect_true(discriminator.count_params() == arch.total_params(spec), "build_discriminator()",
                tr("has {count_params:,} parameters; the table says {total_params:,}.",
                   count_params=discriminator.count_params(), total_params=arch.total_params(spec)))
    images = tf.random.stateless_uniform((5, 32, 32, 3), seed=(5, 1), minval=-1, maxval=1)
    expect_shape(discriminator(images, training=False), (5, 1),
                 tr("build_discriminator()(images) for 5 images"), hint=tr("One logit per image."))
    print(tr("Exercise 1: visible tests of the 32x32 model passed."))


def check_discriminator_sizes(build_discriminator: Callable[..., Any]) -> None:
    """Exercise 1, a 16x16 model: the builder follows its arguments, not fixed numbers."""
    small = call_exercise(build_discriminator, width=16, image_size=16, channels=3)
    with wrapped_messages():
        arch.check_discriminator(small, width=16, image_size=16, channels=3,
                                 what="build_discriminator(width=16, image_size=16)")
    expect_shape(small(tf.zeros((2, 16, 16, 3))), (2, 1), tr("a 16x16 discriminator's output"),
                 hint=tr("The number of convolutions is log2(image_size / 4)."))
    print(tr("Exercise 1: visible test of a 16x16 model passed."))


def fixed_critic(scale: float = 0.5, bias: float = 0.1) -> keras.Model:
    """A test fixture: logit = scale * (sum of pixels, batch-normed with moving mean 2,
    variance 4) + bias, so its probabilities are known without a reference scorer."""
    model = keras.Sequential([keras.Input((2, 2, 1)), layers.Flatten(),
                              layers.BatchNormalization(epsilon=0.0),
                              layers.Dense(1, kernel_initializer="ones")])
    norm, dense = model.layers[1], model.layers[2]
    norm.moving_mean.assign(tf.fill((4,), 2.0))
    norm.moving_variance.assign(tf.fill((4,), 4.0))
    dense.kernel.assign(tf.fill((4, 1), scale))
    dense.bias.assign([bias])
    return model


#: Three 2x2 images for the fixed critic.
SCORE_BATCH = np.array([[[[1.0], [0.0]], [[-1.0], [0.5]]], [[[0.2], [0.2]], [[0.2], [0.2]]],
                        [[[-1.0], [-1.0]], [[-1.0], [-1.0]]]], dtype=np.float32)
#: sigmoid(0.5 * sum((x - 2) / 2) + 0.1) for each image of SCORE_BATCH, computed in float64
#: with 1 / (1 + np.exp(-logit)).
SCORES = [0.14492163148782286, 0.15446526547277017, 0.05215356307841774]


def check_score_batch(score_batch: Callable[..., Any]) -> None:
    """Exercise 2: probabilities from a fixed critic, in inference mode, as a NumPy array."""
    scores = call_exercise(score_batch, fixed_critic(), SCORE_BATCH)
    expect_true(isinstance(scores, np.ndarray), "score_batch(...)",
                tr("returned {kind}, not a NumPy array.", kind=type(scores).__name__),
                hint=tr("Convert the tensor with .numpy()."))
    expect_shape(scores, (3,), tr("score_batch on a batch of 3 images"),
                 hint=tr("One probability per image: drop the last axis of the (batch, 1) "
                         "output."))
    expect_close(scores, SCORES, tr("score_batch on a fixed discriminator"),
                 hint=tr("Apply tf.sigmoid to the logits, and call the model with "
                         "training=False so that batch norm uses its moving averages."),
                 rtol=1e-5, atol=1e-6)
    print(tr("Exercise 2: visible tests passed."))
