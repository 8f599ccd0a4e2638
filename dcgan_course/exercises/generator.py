"""Visible tests of lesson 04 (the generator): the 32x32 model layer by layer against the
specification table, and a 16x16 model from the same builder.

The layer-by-layer comparison lives in :func:`dcgan_course.architecture.check_generator`,
which the widgets and the grader share; it names the learner's mistake with the records
below (:data:`MISTAKES`), so the visible test and the grader say the same thing in the same
words. These checks add the parameter count and the output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

from dcgan_course import architecture as arch
from dcgan_course.checks import call_exercise, expect_shape, expect_true
from dcgan_course.exercises.catalogue import Mistake
from dcgan_course.translate import later, tr

#: The mistakes both builders (lessons 04 and 05) can make, found by the same code
#: (:func:`dcgan_course.architecture.check_against_spec`): ``name: (problem, hint)``. Each
#: lesson makes its own records of them, so a key says which exercise it was
#: (``"04/ex1/relu"``, ``"05/ex1/relu"``); the words are the same in both.
LAYER_MISTAKES: dict[str, tuple[str, str]] = {
    "not-a-model": (
        later("returned {kind}, not a Keras model."),
        later("Return the model, e.g. keras.Sequential([...]) or keras.Model(inputs, "
              "outputs).")),
    "does-not-run": (
        later("could not run a batch of shape (2, {dims}) through the model layer by layer: "
              "{kind}: {error}"),
        later("Check the input size and that each layer's output fits the next one.")),
    "stride-count": (
        later("has {found} stride-2 {kind} layers; for {size}×{size} images the specification "
              "needs {want}."),
        later("The count follows image_size: each of these layers doubles (or halves) width "
              "and height between 4 × 4 and the image. Compute it from image_size instead of "
              "writing a fixed number of layers.")),
    "wrong-layer": (
        later("layer {number} should be {kind} (output {output_shape}), found {found} (output "
              "{shape})."),
        later("Compare your layers with the table in the text, row by row.")),
    "wrong-shape": (
        later("layer {number} ({kind}) should output shape {output_shape}, got {shape}."),
        later("Check the depth (filters/units) of this layer, and strides=2 with "
              "padding='same'.")),
    "too-few-layers": (
        later("the model stops after {count} layers; layer {number} should be {kind} with "
              "output {output_shape}."),
        later("Compare your layers with the table in the text.")),
    "too-many-layers": (
        later("the model has {count} layer(s) too many, starting with {extra} after the last "
              "expected layer."),
        later("Nothing follows the last row of the table.")),
    "relu": (
        later("layer {number} is a plain ReLU."),
        later("Use layers.LeakyReLU(negative_slope=0.2), as the deck does: a ReLU passes no "
              "gradient where its input is negative.")),
    "dropout": (
        later("layer {number} is Dropout."),
        later("Leave out dropout: the DCGAN layers are exactly the ones in the table.")),
    "leaky-slope": (
        later("{where} has slope {slope:g}."),
        later("Keras's default is 0.3; pass negative_slope=0.2.")),
    "kernel-size": (
        later("{where} has kernel size {size}."),
        later("Use kernel_size=5 (5x5), as in the table.")),
    "strides": (later("{where} has strides {strides}."), later("Use strides=2.")),
    "padding": (later("{where} has padding={padding!r}."), later("Use padding='same'.")),
    "bias-before-bn": (
        later("{where} has a bias, but a batch norm follows it."),
        later("Pass use_bias=False: the batch norm subtracts the mean (removing any bias) and "
              "adds its own beta.")),
    "missing-bias": (
        later("{where} has no bias; no batch norm follows it, so keep the bias."),
        later("Leave use_bias at its default (True) on this layer.")),
    "initializer": (
        later("{where}'s weights have mean {mean:.4f} and standard deviation {std:.4f}; the "
              "paper starts them from N(0, 0.02)."),
        later("Pass kernel_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=0.02) "
              "to every Dense, Conv2D and Conv2DTranspose layer.")),
    "shared-initializer": (
        later("layer {i} ({kind_i}) and layer {j} ({kind_j}) start from the same weights "
              "(their first {m} values are identical)."),
        later("In Keras 3 one initializer object without a seed returns the same numbers every "
              "time it is called. Create a new keras.initializers.RandomNormal(mean=0.0, "
              "stddev=0.02) for each layer instead of sharing one.")),
}

#: Lesson 04's named mistakes: the shared ones a generator can make, and its own. (A stride
#: or padding other than the table's changes a shape first, and the table ends with tanh,
#: so those three shared ones are never what a generator's check reports.)
MISTAKES: dict[str, Mistake] = {
    **{name: Mistake(f"04/ex1/{name}", problem, hint)
       for name, (problem, hint) in LAYER_MISTAKES.items()
       if name not in ("strides", "padding", "too-few-layers")},
    "depth-order": Mistake(
        "04/ex1/depth-order", "the hidden depths run {found}; the table has {want}.",
        "The last hidden block is `width` deep; going back towards 4 × 4 the depth doubles "
        "at each block, so the first block is the deepest."),
    "upsampling": Mistake(
        "04/ex1/upsampling", "layer {number} is UpSampling2D.",
        "This lesson's generator grows the image only with stride-2 Conv2DTranspose layers, "
        "not UpSampling2D."),
    "bn-on-output": Mistake(
        "04/ex1/bn-on-output", "layer {number} is {found}, after the output layer's "
        "transposed convolution.",
        "Batch norm and leaky ReLU stop before the output layer: the paper found that "
        "normalising the generated pixels themselves made training unstable."),
    "output-activation": Mistake(
        "04/ex1/output-activation", "the output layer is followed by {found}, not tanh.",
        "The generator ends with tanh, so its pixels come out in [-1, 1], the range of the "
        "real images."),
}


def check_generator(build_generator: Callable[..., Any]) -> None:
    """Exercise 1, the 32x32 model with the builder's defaults.

    Layer by layer against the table: classes, output shapes, 5x5 kernels, stride 2, "same"
    padding, no pooling, batch norm placement, no bias before batch norm, slope 0.2, tanh,
    N(0, 0.02); then the parameter count and outputs in [-1, 1].
    """
    generator = call_exercise(build_generator)
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
    arch.check_generator(small, z_dim=32, width=16, image_size=16, channels=3,
                         what="build_generator(z_dim=32, width=16, image_size=16)")
    expect_shape(small(tf.zeros((2, 32))), (2, 16, 16, 3), tr("a 16x16 generator's output"),
                 hint=tr("The number of transposed convolutions is log2(image_size / 4)."))
    print(tr("Exercise 1: visible test of a 16x16 model passed."))
