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


def check_slerp(slerp: Callable[..., Any]) -> None:
    """Exercise 1: endpoints, equal steps of angle, kept lengths, parallel vectors."""
    z0 = np.array([3.0, 0.0, 0.0, 0.0])
    z1 = np.array([0.0, 3.0, 0.0, 0.0])
    t = np.linspace(0.0, 1.0, 5)
    path = call_exercise(slerp, z0, z1, t)
    expect_shape(path, (5, 4), "slerp(z0, z1, np.linspace(0, 1, 5)) for 4-d vectors",
                 hint="One row per value of t: shape (len(t), len(z0)). Use t[:, None].")
    path = np.asarray(path, np.float64)
    expect_finite(path, "slerp(z0, z1, t)")
    expect_close(path[0], z0, "slerp(z0, z1, t) at t = 0", atol=1e-6,
                 hint="At t = 0 the path starts at z0.")
    expect_close(path[-1], z1, "slerp(z0, z1, t) at t = 1", atol=1e-6,
                 hint="At t = 1 the path ends at z1.")
    expect_close(np.linalg.norm(path, axis=1), np.full(5, 3.0),
                 "the length of every point between two vectors of length 3", rtol=1e-5,
                 hint="On the arc the length stays 3; a straight line (lerp) would dip to "
                      "2.12 at t = 0.5.")
    cosines = path @ z0 / (np.linalg.norm(path, axis=1) * np.linalg.norm(z0))
    angles = np.arccos(np.clip(cosines, -1.0, 1.0))
    expect_close(angles, np.linspace(0, np.pi / 2, 5), "the angle from z0 at t = 0, 0.25, "
                 "..., 1 (radians)", atol=1e-5,
                 hint="slerp turns by the same angle at every equal step of t.")
    same = call_exercise(slerp, z0, 2.0 * z0, np.array([0.0, 0.5, 1.0]))
    expect_finite(same, "slerp(z0, 2 * z0, [0, 0.5, 1]) (parallel vectors, angle 0)",
                  hint="sin(0) = 0: clip the cosine to [-1, 1] and fall back to the straight "
                       "line when sin(angle) is tiny.")
    expect_close(same, [z0, 1.5 * z0, 2.0 * z0], "slerp(z0, 2 * z0, [0, 0.5, 1])", atol=1e-6,
                 hint="For parallel vectors the arc is the straight line.")
    print("Exercise 1: visible tests passed.")


def check_concept_arithmetic(concept_arithmetic: Callable[..., Any]) -> None:
    """Exercise 2: mean(z_a) - mean(z_b) + mean(z_c) on groups of different sizes."""
    z_a = np.array([[1.0, 2.0], [3.0, 4.0]])
    z_b = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
    z_c = np.array([[10.0, -10.0]])
    what = "concept_arithmetic(z_a, z_b, z_c) for groups of 2, 3 and 1 vectors"
    result = call_exercise(concept_arithmetic, z_a, z_b, z_c)
    expect_shape(result, (2,), what, hint="Average each group over axis 0: one vector per "
                                          "concept, one vector as the result.")
    # means: a (2, 3), b (2, 1), c (10, -10) -> (2 - 2 + 10, 3 - 1 - 10)
    expect_close(result, [10.0, -8.0], what,
                 hint="mean(z_a) - mean(z_b) + mean(z_c), each mean over the group's vectors.")
    print("Exercise 2: visible tests passed.")


def check_d_features(d_features: Callable[..., Any],
                     tiny_discriminator: Callable[..., Any]) -> None:
    """Exercise 3: shape, dtype, batch independence, and max pooling on a known D."""
    d = tiny_discriminator(seed=0)
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (4, 32, 32, 3)).astype(np.float32)
    widths = [int(layer.output.shape[-1]) for layer in d.layers
              if type(layer).__name__ == "LeakyReLU"]
    expected = 16 * sum(widths)
    what = f"d_features(d, images) for 4 images and LeakyReLU widths {widths}"
    features = call_exercise(d_features, d, images)
    expect_true(isinstance(features, np.ndarray), what,
                f"should return a NumPy array, returned {type(features).__name__}.",
                hint="End with .numpy() (and astype(np.float32)).")
    expect_shape(features, (4, expected), what,
                 hint=f"Each LeakyReLU output pooled to 4x4 and flattened: 16 x {sum(widths)} "
                      f"= {expected} features per image.")
    expect_true(features.dtype == np.float32, what, f"dtype {features.dtype}, expected float32.")
    expect_finite(features, what)
    alone = call_exercise(d_features, d, images[:1])
    expect_close(alone[0], features[0], "the features of image 0 alone and in a batch of 4",
                 rtol=1e-4, atol=1e-5,
                 hint="An image's features must not depend on the rest of the batch: call the "
                      "layers with training=False (batch norm then uses its moving averages).")
    first = d.layers[0](images[:1])
    first = d.layers[1](first).numpy()[0]  # the first LeakyReLU: (16, 16, channels)
    top_left = first[:4, :4, 0].max()
    expect_close(alone[0, 0], top_left, "feature 0 (first layer, top-left 4x4 window, "
                 "channel 0)", rtol=1e-4, atol=1e-5,
                 hint="Max-pool each map with window = height // 4 (16 // 4 = 4 for the first "
                      "layer) and flatten it with reshape(n, -1).")
    print("Exercise 3: visible tests passed.")
