"""Visible tests of lesson 07 (what the DCGAN learned): slerp, concept arithmetic, and the
discriminator's pooled features.

Expected values are properties (endpoints, lengths, the angle growing evenly with t) or
hard-coded numbers, and each learner function is called through ``call_exercise``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dcgan_course.checks import (
    call_exercise,
    expect_close,
    expect_finite,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr


def check_slerp(slerp: Callable[..., Any]) -> None:
    """Exercise 1: endpoints, equal steps of angle, kept lengths, parallel vectors."""
    z0 = np.array([3.0, 0.0, 0.0, 0.0])
    z1 = np.array([0.0, 3.0, 0.0, 0.0])
    t = np.linspace(0.0, 1.0, 5)
    path = call_exercise(slerp, z0, z1, t)
    expect_shape(path, (5, 4), tr("slerp(z0, z1, np.linspace(0, 1, 5)) for 4-d vectors"),
                 hint=tr("One row per value of t: shape (len(t), len(z0)). Use t[:, None]."))
    path = np.asarray(path, np.float64)
    expect_finite(path, "slerp(z0, z1, t)")
    expect_close(path[0], z0, tr("slerp(z0, z1, t) at t = 0"), atol=1e-6,
                 hint=tr("At t = 0 the path starts at z0."))
    expect_close(path[-1], z1, tr("slerp(z0, z1, t) at t = 1"), atol=1e-6,
                 hint=tr("At t = 1 the path ends at z1."))
    expect_close(np.linalg.norm(path, axis=1), np.full(5, 3.0),
                 tr("the length of every point between two vectors of length 3"), rtol=1e-5,
                 hint=tr("On the arc the length stays 3; a straight line (lerp) would dip to "
                         "2.12 at t = 0.5."))
    cosines = path @ z0 / (np.linalg.norm(path, axis=1) * np.linalg.norm(z0))
    angles = np.arccos(np.clip(cosines, -1.0, 1.0))
    expect_close(angles, np.linspace(0, np.pi / 2, 5), tr("the angle from z0 at t = 0, 0.25, "
                                                          "..., 1 (radians)"), atol=1e-5,
                 hint=tr("slerp turns by the same angle at every equal step of t."))
    same = call_exercise(slerp, z0, 2.0 * z0, np.array([0.0, 0.5, 1.0]))
    expect_finite(same, "slerp(z0, 2 * z0, [0, 0.5, 1]) (parallel vectors, angle 0)",
                  hint=tr("sin(0) = 0: clip the cosine to [-1, 1] and fall back to the straight "
                          "line when sin(angle) is tiny."))
    expect_close(same, [z0, 1.5 * z0, 2.0 * z0], "slerp(z0, 2 * z0, [0, 0.5, 1])", atol=1e-6,
                 hint=tr("For parallel vectors the arc is the straight line."))
    print(tr("Exercise 1: visible tests passed."))


def check_concept_arithmetic(concept_arithmetic: Callable[..., Any]) -> None:
    """Exercise 2: mean(z_a) - mean(z_b) + mean(z_c) on groups of different sizes."""
    z_a = np.array([[1.0, 2.0], [3.0, 4.0]])
    z_b = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
    z_c = np.array([[10.0, -10.0]])
    what = tr("concept_arithmetic(z_a, z_b, z_c) for groups of 2, 3 and 1 vectors")
    result = call_exercise(concept_arithmetic, z_a, z_b, z_c)
    expect_shape(result, (2,), what, hint=tr("Average each group over axis 0: one vector per "
                                             "concept, one vector as the result."))
    # means: a (2, 3), b (2, 1), c (10, -10) -> (2 - 2 + 10, 3 - 1 - 10)
    expect_close(result, [10.0, -8.0], what,
                 hint=tr("mean(z_a) - mean(z_b) + mean(z_c), each mean over the group's vectors."))
    print(tr("Exercise 2: visible tests passed."))


def _check_copy_with(d: Any, weights: list[np.ndarray]) -> Any:
    """A discriminator like ``d`` (same layers) holding ``weights``."""
    from tensorflow import keras

    other = keras.models.clone_model(d)
    other.set_weights(weights)
    return other


def check_d_features(d_features: Callable[..., Any],
                     tiny_discriminator: Callable[..., Any]) -> None:
    """Exercise 3: the contract of a probe's features, whatever design meets it."""
    d = tiny_discriminator(seed=0)
    images = np.random.default_rng(0).uniform(-1, 1, (4, 32, 32, 3)).astype(np.float32)
    what = tr("d_features(d, images) for 4 images of 32x32")
    features = call_exercise(d_features, d, images)
    expect_true(isinstance(features, np.ndarray), what,
                tr("should return a NumPy array, returned {kind}.", kind=type(features).__name__),
                hint=tr("The probe works on NumPy tables: a tensor's .numpy() gives one."))
    expect_true(np.ndim(features) == 2 and len(features) == 4, what,
                tr("shape {shape}, expected (4, F): one row per image.", shape=np.shape(features)))
    expect_true(features.dtype == np.float32, what, tr("dtype {dtype}, expected float32.",
                                                       dtype=features.dtype))
    expect_finite(features, what)
    expect_true(features.shape[1] > 1, what, tr("one number per image: a linear classifier can "
                                                "do little with one number for ten digits (and "
                                                "D's logit says real or fake)."))
    before = [w.copy() for w in d.get_weights()]
    alone = call_exercise(d_features, d, images[:1])
    expect_close(alone, features[:1], tr("the features of image 0 alone and in a batch of 4"),
                 rtol=1e-4, atol=1e-5,
                 hint=tr("An image's features must depend on that image only. What does batch "
                         "norm do with the batch in each mode of a Keras layer?"))
    expect_true(all(np.array_equal(a, b) for a, b in zip(before, d.get_weights(), strict=True)),
                tr("D after calling d_features"),
                tr("changed (batch norm's moving averages moved)."),
                hint=tr("Features for a probe must leave the discriminator as it was."))
    big = call_exercise(d_features, tiny_discriminator(seed=0, image_size=64),
                        np.zeros((1, 64, 64, 3), np.float32))
    expect_true(np.shape(big)[1:] == features.shape[1:], tr("the feature length for 64x64 images"),
                tr("is {big}, for 32x32 images {small}.", big=np.shape(big)[1:],
                   small=features.shape[1:]),
                hint=tr("The probe needs one fixed length: pool each map over its height and "
                        "width to a size that does not depend on them."))
    weights = d.get_weights()
    last = [*weights[:-2], np.ones_like(weights[-2]), np.ones_like(weights[-1])]
    expect_close(call_exercise(d_features, _check_copy_with(d, last), images), features,
                 tr("the features after changing only D's final Dense layer"), rtol=1e-4, atol=1e-5,
                 hint=tr("Use D's intermediate activations, not the logit or anything after it."))
    other = call_exercise(d_features, tiny_discriminator(seed=1), images)
    expect_true(not np.allclose(other, features), tr("the features of another discriminator"),
                tr("are the same as this one's: they do not come from D's activations."),
                hint=tr("Run the images through the discriminator's layers and keep what they "
                        "compute."))
    print(tr("Exercise 3: visible tests passed ({value} features per image).",
             value=features.shape[1]))
