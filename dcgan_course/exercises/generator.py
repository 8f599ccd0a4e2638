"""Visible tests of lesson 04 (the generator): the 32x32 model layer by layer against the
specification table, and a 16x16 model from the same builder.

The layer-by-layer comparison lives in :func:`dcgan_course.architecture.check_generator`,
which the widgets and the grader share; these checks add the parameter count and the output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

from dcgan_course import architecture as arch
from dcgan_course.checks import call_exercise, expect_shape, expect_true
from dcgan_course.exercises import wrapped_messages
from dcgan_course.translate import tr


def check_generator(build_generator: Callable[..., Any]) -> None:
    """Exercise 1, the 32x32 model with the builder's defaults.

    Layer by layer against the table: classes, output shapes, 5x5 kernels, stride 2, "same"
    padding, no pooling, batch norm placement, no bias before batch norm, slope 0.2, tanh,
    N(0, 0.02); then the parameter count and outputs in [-1, 1].
    """
    generator = call_exercise(build_generator)
    with wrapped_messages():
        arch.check_generator(generator, z_dim=100, width=128, image_size=32, channels=3,
                             what="build_generator()")
    spec = arch.generator_layers(100, 128, 32, 3)
    expect_true(generator.count_params() == arch.total_params(spec), "build_generator()",
                tr("has {count_params:,} parameters; the table says {total_params:,}.",
                   count_params=generator.count_params(), total_params=arch.total_params(spec)))
    z = tf.random.stateless_normal((5, 100), seed=(4, 2)) * 10.0  # large z: tanh at its limits
    images = generator(z, training=False)
    expect_shape(images, (5, 32, 32, 3), tr("build_generator()(z) for 5 noise vectors"))
    expect_true(bool(tf.reduce_all(tf.abs(images) <= 1.0)), "build_generator()(z)",
                tr("produced values outside [-1, 1]."), hint=tr("End with a tanh activation."))
    print(tr("Exercise 1: visible tests of the 32x32 model passed."))


def check_generator_sizes(build_generator: Callable[..., Any]) -> None:
    """Exercise 1, a 16x16 model: the builder follows its arguments, not fixed numbers."""
    small = call_exercise(build_generator, z_dim=32, width=16, image_size=16, channels=3)
    with wrapped_messages():
        arch.check_generator(small, z_dim=32, width=16, image_size=16, channels=3,
                             what="build_generator(z_dim=32, width=16, image_size=16)")
    expect_shape(small(tf.zeros((2, 32))), (2, 16, 16, 3), tr("a 16x16 generator's output"),
                 hint=tr("The number of transposed convolutions is log2(image_size / 4)."))
    print(tr("Exercise 1: visible test of a 16x16 model passed."))
