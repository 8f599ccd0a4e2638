"""Visible tests of lesson 05 (the discriminator): the 32x32 model layer by layer against
the specification table, a 16x16 model from the same builder, and where batch norm's moving
averages settle when D is trained on real and fake batches.

The layer-by-layer comparison lives in :func:`dcgan_course.architecture.check_discriminator`
and names the learner's mistake with :data:`MISTAKES`. Exercise 2's expected shares come
from Keras' own ``BatchNormalization`` layer, fed batches that mark where each part of its
moving mean came from; :func:`check_shares` tells the learner which mistake their numbers
match, and the grader's verdict calls it too, with its own reference numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import tensorflow as tf

from dcgan_course import architecture as arch
from dcgan_course.checks import call_exercise, expect_shape, expect_true
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.exercises.generator import LAYER_MISTAKES
from dcgan_course.translate import tr

#: Lesson 05's named mistakes of exercise 1: the shared ones a discriminator can make, and
#: its own. (A stride or padding other than the table's changes a shape first, and a layer
#: after the logit is the sigmoid mistake.)
MISTAKES: dict[str, Mistake] = {
    **{name: Mistake(f"05/ex1/{name}", problem, hint)
       for name, (problem, hint) in LAYER_MISTAKES.items()
       if name not in ("strides", "padding", "too-many-layers")},
    "depth-order": Mistake(
        "05/ex1/depth-order", "the hidden depths run {found}; the table has {want}.",
        "The first convolution is `width` deep; the depth doubles at each following one, so "
        "the last convolution is the deepest."),
    "pooling": Mistake(
        "05/ex1/pooling", "layer {number} is {found}.",
        "DCGAN uses no pooling: let a stride-2 convolution halve the size."),
    "bn-first": Mistake(
        "05/ex1/bn-first", "layer 2 is BatchNormalization: batch norm follows the first "
        "convolution.",
        "No batch norm on the first layer: it sees the raw pixels, and the paper found that "
        "normalising the discriminator's input layer made training unstable. That layer keeps "
        "its bias."),
    "sigmoid-output": Mistake(
        "05/ex1/sigmoid-output", "the model applies {found} after the final Dense layer.",
        "End with Dense(1) and no activation: the discriminator outputs a logit, and the loss "
        "applies the sigmoid."),
}

#: Exercise 2's named mistakes: which wrong model of the moving average the numbers match.
SHARE_MISTAKES: dict[str, Mistake] = {m.key.rsplit("/", 1)[1]: m for m in (
    Mistake("05/ex2/shape", "returned {got}; expected three shares as a NumPy array of shape "
            "(3,).",
            "One number each for the start value, the real batches and the fake batches, in "
            "that order."),
    Mistake("05/ex2/one-update-per-step", "returned {got}: the shares of one update per "
            "training step. This schedule calls D {calls} times per step, and batch norm "
            "updates its moving averages at every call in training mode.",
            "Go through the schedule call by call, every step."),
    Mistake("05/ex2/momentum-swapped", "returned {got}: the shares you get when momentum is "
            "the weight of the new batch (PyTorch's convention).",
            "In Keras, momentum is the weight of the old moving average (lesson 03)."),
    Mistake("05/ex2/order-reversed", "returned {got}: the shares of the schedule run "
            "backwards. The last call of a step is the most recent update, so it keeps the "
            "largest weight.",
            "Apply the calls in the order the schedule lists them."),
    Mistake("05/ex2/mixed-as-two", "returned {got}: the shares of a real batch and a fake "
            "batch in two calls. A mixed batch is one call, so one update, with the mean of a "
            "batch that is half real and half fake.",
            "Count one update for the mixed batch, with half of its weight going to each "
            "kind."),
    Mistake("05/ex2/no-start", "returned {got}: the start value has no share, so the real and "
            "fake shares alone sum to 1. The moving mean starts from its initial value and "
            "forgets it only gradually.",
            "Keep track of all three shares from the first update on: (1, 0, 0) before any "
            "step."),
    Mistake("05/ex2/share-order", "returned {got}: the right numbers in another order.",
            "Return (start, real, fake), in that order."),
    Mistake("05/ex2/wrong-shares", "returned {got}; expected {want}.",
            "Follow one call at a time: an update keeps `momentum` of the old moving mean and "
            "adds (1 - momentum) of the batch's own mean. The moving mean stays a mix of the "
            "start value, the real batches' mean and the fake batches' mean, and the three "
            "shares always sum to 1."),
)}


def check_discriminator(build_discriminator: Callable[..., Any]) -> None:
    """Exercise 1, the 32x32 model with the builder's defaults.

    Layer by layer against the table: classes, output shapes, 5x5 kernels, stride 2, "same"
    padding, no pooling, no batch norm on the first layer, biases, slope 0.2, N(0, 0.02), a
    logit; then the parameter count and one logit per image.
    """
    discriminator = call_exercise(build_discriminator)
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
    arch.check_discriminator(small, width=16, image_size=16, channels=3,
                             what="build_discriminator(width=16, image_size=16)")
    expect_shape(small(tf.zeros((2, 16, 16, 3))), (2, 1), tr("a 16x16 discriminator's output"),
                 hint=tr("The number of convolutions is log2(image_size / 4)."))
    print(tr("Exercise 1: visible test of a 16x16 model passed."))


# -- exercise 2: where the moving averages settle -----------------------------------------

def check_shares(value: Any, want: np.ndarray, variants: Mapping[str, np.ndarray], what: str,
                 calls: int) -> None:
    """Pass if ``value`` is the shares ``want``; otherwise name the mistake it matches.

    ``variants`` maps a mistake of :data:`SHARE_MISTAKES` to the shares that mistake gives
    for this case (computed by the caller: here with Keras' layer, in the grader with its
    reference). A variant that happens to equal the right answer for this case is ignored.
    """
    got = _check_as_shares(value, what)
    if _check_close(got, want):
        return
    shown = np.array2string(got, precision=4)
    for name, shares in variants.items():
        if not _check_close(shares, want) and _check_close(got, shares):
            fail(SHARE_MISTAKES[name], what, got=shown, calls=calls)
    if _check_close(np.sort(got), np.sort(want)):
        fail(SHARE_MISTAKES["share-order"], what, got=shown)
    fail(SHARE_MISTAKES["wrong-shares"], what, got=shown, want=np.array2string(want, precision=4))


def _check_as_shares(value: Any, what: str) -> np.ndarray:
    """The learner's value as three float shares, or the shape mistake."""
    try:
        got = np.asarray(value.numpy() if hasattr(value, "numpy") else value, np.float64)
    except (TypeError, ValueError):
        got = None
    if got is None or got.shape != (3,) or not np.all(np.isfinite(got)):
        shown = type(value).__name__ if got is None else tr("shape {shape}", shape=got.shape) \
            if got.shape != (3,) else np.array2string(got, precision=4)
        fail(SHARE_MISTAKES["shape"], what, got=shown)
    return got


def _check_close(a: Any, b: Any) -> bool:
    # Keras' layer computes in float32: a few ulps over a few dozen updates
    return bool(np.allclose(np.asarray(a, np.float64), np.asarray(b, np.float64), rtol=1e-5,
                            atol=1e-6))


#: Exercise 2's visible cases: (schedule, steps, momentum).
SHARE_CASES: tuple[tuple[tuple[str, ...], int, float], ...] = (
    (("real", "fake"), 3, 0.9),
    (("fake", "real"), 2, 0.6),
    (("mixed",), 4, 0.8),
    (("real", "fake", "fake"), 1, 0.99),
    (("real", "fake"), 0, 0.99),
)


def check_moving_shares(moving_shares: Callable[..., Any]) -> None:
    """Exercise 2: the learner's shares against Keras' ``BatchNormalization`` itself.

    A layer with three channels whose moving mean starts at (1, 0, 0) is fed real batches
    whose every row is (0, 1, 0), fake batches of rows (0, 0, 1) and mixed batches holding
    one of each (two rows each); its moving mean is then exactly the three shares. The same
    layer, fed the schedule the way each mistake imagines it, gives that mistake's shares.
    """
    rows = {"real": [[0.0, 1.0, 0.0]] * 2, "fake": [[0.0, 0.0, 1.0]] * 2,
            "mixed": [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]}
    for schedule, steps, momentum in SHARE_CASES:
        runs = {"right": (schedule, momentum, False),
                "one-update-per-step": (schedule, momentum, True),
                "momentum-swapped": (schedule, 1.0 - momentum, False),
                "order-reversed": (schedule[::-1], momentum, False),
                "mixed-as-two": (tuple(k for s in schedule for k in (
                    ("real", "fake") if s == "mixed" else (s,))), momentum, False)}
        shares = {}
        for name, (calls, m, per_step) in runs.items():
            layer = tf.keras.layers.BatchNormalization(momentum=m)
            layer.build((None, 3))
            layer.moving_mean.assign([1.0, 0.0, 0.0])
            for _ in range(steps):
                batches = [sum((rows[k] for k in calls), [])] if per_step else \
                    [rows[k] for k in calls]
                for batch in batches:
                    layer(tf.constant(batch), training=True)
            shares[name] = layer.moving_mean.numpy().astype(np.float64)
        want = shares.pop("right")
        rest = want[1:].sum()
        shares["no-start"] = np.concatenate([[0.0], want[1:] / rest]) if rest else want
        what = tr("moving_shares({schedule}, steps={steps}, momentum={momentum})",
                  schedule=list(schedule), steps=steps, momentum=momentum)
        value = call_exercise(moving_shares, list(schedule), steps, momentum)
        check_shares(value, want, shares, what, calls=len(schedule))
    print(tr("Exercise 2: visible tests passed."))
