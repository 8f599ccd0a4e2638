"""Lesson 07 (what the DCGAN learned): slerp, concept-vector arithmetic and the
discriminator's pooled features, judged by the grader on inputs it draws itself."""

from __future__ import annotations

from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, _wrap, expect_finite, expect_shape

from . import Exercise
from .lesson06 import _draw_weights

NOTEBOOK = "07-representations"


def _close(value: Any, want: np.ndarray, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    try:
        got = np.asarray(value, np.float64)
        return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=rtol,
                                                                atol=atol))
    except (TypeError, ValueError):
        return False


def _fail(what: str, problem: str) -> None:
    raise ExerciseFailure(_wrap(f"{what}: {problem}"))


# -- exercise 1: slerp ------------------------------------------------------------------

def slerp_reference(z0: np.ndarray, z1: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Spherical interpolation (Shoemake 1985, as in White 2016), lerp for parallel ends."""
    z0, z1 = np.asarray(z0, np.float64), np.asarray(z1, np.float64)
    t = np.asarray(t, np.float64).reshape(-1, 1)
    cos = np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1.0, 1.0)
    omega = np.arccos(cos)
    if np.sin(omega) < 1e-6:
        return (1 - t) * z0 + t * z1
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


class Slerp(Exercise):
    """Exercise 1: ``slerp(z0, z1, t)`` for a vector of ``t``, parallel ends included."""

    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (slerp)"
    names = ("slerp",)
    body = """
def __dcgan_probe_body(case):
    return slerp(case["z0"], case["z1"], case["t"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for _ in range(3):
            dim, k = int(rng.integers(3, 130)), int(rng.integers(3, 12))
            t = np.sort(np.concatenate([[0.0, 1.0], rng.uniform(0, 1, k - 2)]))
            found.append({"z0": rng.standard_normal(dim), "z1": rng.standard_normal(dim),
                          "t": t, "what": f"slerp of two Gaussian vectors of dimension {dim} "
                                          f"at {k} values of t (0 and 1 included)"})
        dim = int(rng.integers(3, 40))
        z0, scale = rng.standard_normal(dim), float(rng.uniform(1.5, 3.0))
        found.append({"z0": z0, "z1": scale * z0, "t": np.linspace(0, 1, 5),
                      "what": f"slerp of z0 and {scale:.2f}·z0 (parallel vectors, angle 0)"})
        found.append({"z0": z0, "z1": z0.copy(), "t": np.linspace(0, 1, 4),
                      "what": "slerp of a vector with itself"})
        z0 = rng.standard_normal(dim)
        z1 = 0.5 * z0 + 1e-9 * rng.standard_normal(dim)
        found.append({"z0": z0, "z1": z1, "t": np.array([0.25, 0.5]),
                      "what": "slerp of two almost parallel vectors (cosine rounds to 1)"})
        z0, z1 = rng.standard_normal(dim), rng.standard_normal(dim) * 3.0
        found.append({"z0": z0, "z1": z1, "t": np.array([0.5]),
                      "what": "slerp of two vectors of different lengths at t = 0.5"})
        return found

    def check(self, case: dict, value: Any) -> None:
        what, z0, z1, t = case["what"], case["z0"], case["z1"], case["t"]
        want = slerp_reference(z0, z1, t)
        expect_shape(value, want.shape, what,
                     hint="Return one row per value of t: shape (len(t), len(z0)). Reshape "
                          "t to a column (t[:, None]) so it broadcasts against the vectors.")
        expect_finite(value, what, hint="When z0 and z1 are parallel the angle is 0 and "
                      "sin(angle) is 0: clip the cosine to [-1, 1] before arccos, and fall "
                      "back to the straight line when sin(angle) is tiny.")
        if _close(value, want, atol=1e-5 * float(np.abs(want).max())):
            return
        unit = want / np.linalg.norm(want, axis=1, keepdims=True)
        lerp = (1 - t[:, None]) * z0 + t[:, None] * z1
        if _close(value, lerp):
            _fail(what, "these are points on the straight line between z0 and z1 (lerp). "
                  "slerp walks along the arc: weight z0 by sin((1-t)Ω)/sin Ω and z1 by "
                  "sin(tΩ)/sin Ω, where Ω is the angle between them.")
        if _close(value, want[::-1]) or _close(value, slerp_reference(z1, z0, t)):
            _fail(what, "your path runs backwards: at t = 0 it must be z0, at t = 1 z1.")
        if _close(value, unit) or _close(np.linalg.norm(np.asarray(value, float), axis=1), 1.0):
            _fail(what, "your points all have length 1. Normalise only to measure the angle; "
                  "then combine the original z0 and z1, so the path keeps their lengths.")
        got = np.asarray(value, np.float64)
        worst = int(np.abs(got - want).max(axis=1).argmax())
        shown = np.array2string(want[worst][:4], precision=4)
        _fail(what, f"at t = {t[worst]:.3g} expected {shown}"
              f"... got {np.array2string(got[worst][:4], precision=4)}... Check the angle "
              "(arccos of the cosine of the two unit vectors, in radians) and the two weights "
              "sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω.")


# -- exercise 2: concept arithmetic --------------------------------------------------------

class ConceptArithmetic(Exercise):
    """Exercise 2: ``concept_arithmetic(z_a, z_b, z_c)`` = mean(a) - mean(b) + mean(c)."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (concept arithmetic)"
    names = ("concept_arithmetic",)
    body = """
def __dcgan_probe_body(case):
    return concept_arithmetic(case["a"], case["b"], case["c"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for sizes in ((3, 3, 3), tuple(int(v) for v in rng.integers(2, 9, 3)),
                      (1, int(rng.integers(2, 6)), int(rng.integers(4, 9)))):
            dim = int(rng.integers(4, 120))
            groups = {name: rng.standard_normal((n, dim)) + rng.normal(0, 2, dim)
                      for name, n in zip("abc", sizes, strict=True)}
            found.append({**groups, "what": f"concept_arithmetic on groups of {sizes[0]}, "
                                            f"{sizes[1]} and {sizes[2]} latent vectors of "
                                            f"dimension {dim}"})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        a, b, c = case["a"], case["b"], case["c"]
        want = a.mean(0) - b.mean(0) + c.mean(0)
        expect_shape(value, want.shape, what,
                     hint="Average each group over its samples (axis 0): one latent vector "
                          "of shape (z_dim,) per concept, and one for the result.")
        expect_finite(value, what)
        if _close(value, want):
            return
        if _close(value, a[0] - b[0] + c[0]):
            _fail(what, "you used one vector per concept. Average ALL the vectors of each "
                  "group first: one sample's vector also carries everything else about that "
                  "image (digit, colours, position), and averaging cancels it out.")
        if _close(value, a.sum(0) - b.sum(0) + c.sum(0)):
            _fail(what, "you summed each group instead of averaging it; groups of different "
                  "sizes would then weigh differently and the result leaves the region where "
                  "the generator was trained.")
        for signs, text in (((1, 1, -1), "a + b - c"), ((-1, 1, 1), "b - a + c"),
                            ((1, -1, -1), "a - b - c")):
            if _close(value, signs[0] * a.mean(0) + signs[1] * b.mean(0) + signs[2] * c.mean(0)):
                _fail(what, f"you computed {text} (of the means). The recipe is "
                      "mean(z_a) - mean(z_b) + mean(z_c): take B away from A, put C in.")
        everything = np.concatenate([a, -b, c])
        if _close(value, everything.mean(0)):
            _fail(what, "you averaged all the vectors together. Average each group on its "
                  "own (its own size), then combine the three means.")
        _fail(what, "expected mean(z_a, axis 0) - mean(z_b, axis 0) + mean(z_c, axis 0).")


# -- exercise 3: the discriminator's pooled features ---------------------------------------

#: A small DCGAN discriminator, built the same way in the probe and in the grader.
TINY_D = '''
def __dcgan_tiny_d(keras, size, width):
    layers = keras.layers
    return keras.Sequential([
        keras.Input((size, size, 3)),
        layers.Conv2D(width, 5, strides=2, padding="same"), layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(2 * width, 5, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(), layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(4 * width, 5, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(), layers.LeakyReLU(negative_slope=0.2),
        layers.Flatten(), layers.Dense(1)])
'''


def tiny_d(size: int, width: int) -> Any:
    from tensorflow import keras

    scope: dict[str, Any] = {}
    exec(TINY_D, scope)  # noqa: S102 -- our own source, shared with the probe
    return scope["__dcgan_tiny_d"](keras, size, width)


def pooled(case: dict, *, training: bool = False, pool: str = "max", which: str = "leaky",
           grid: int = 4, channels_first: bool = False) -> np.ndarray:
    """The reference features, or a typical mistake's (for the feedback)."""
    import tensorflow as tf

    d = tiny_d(case["size"], case["width"])
    d.set_weights(case["weights"])
    x = tf.constant(case["images"])
    kept = []
    for layer in d.layers:
        x = layer(x, training=training)
        name = type(layer).__name__
        if (which == "leaky" and name == "LeakyReLU") or (which == "conv" and name == "Conv2D"):
            window = int(x.shape[1]) // grid
            p = (tf.nn.max_pool2d if pool == "max" else tf.nn.avg_pool2d)(x, window, window,
                                                                          "VALID")
            if channels_first:
                p = tf.transpose(p, (0, 3, 1, 2))
            kept.append(tf.reshape(p, (p.shape[0], -1)))
    return tf.concat(kept, 1).numpy().astype(np.float64)


class DFeatures(Exercise):
    """Exercise 3: ``d_features(discriminator, images)``, max-pooled to 4x4 per layer."""

    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (d_features)"
    names = ("d_features",)
    body = TINY_D + """
def __dcgan_probe_body(case):
    from tensorflow import keras as _keras
    d = __dcgan_tiny_d(_keras, case["size"], case["width"])
    d.set_weights(case["weights"])
    return d_features(d, case["images"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for size in (32, 32, 64):
            width, n = int(rng.choice([2, 4, 6])), int(rng.integers(3, 7))
            d = tiny_d(size, width)
            found.append({"size": size, "width": width, "weights": _draw_weights(d, rng),
                          "images": rng.uniform(-1, 1, (n, size, size, 3)).astype(np.float32),
                          "what": f"d_features on a discriminator of widths {width}, "
                                  f"{2 * width}, {4 * width} (batch norm's moving averages "
                                  f"drawn by the grader) and {n} images of {size}x{size}"})
        return found

    MISTAKES = (
        ({"training": True}, "you ran the layers in training mode: batch norm then uses this "
         "batch's statistics, so an image's features depend on the other images. Call each "
         "layer with training=False."),
        ({"pool": "avg"}, "you average-pooled. The paper max-pools each layer's output to a "
         "4x4 grid (tf.nn.max_pool2d with window = height // 4)."),
        ({"which": "conv"}, "you pooled the convolutions' outputs, before batch norm and the "
         "leaky ReLU. Take each LeakyReLU layer's output."),
        ({"channels_first": True}, "the numbers are right but in another order: flatten "
         "each pooled (n, 4, 4, channels) map as it is, with reshape(n, -1)."),
        ({"grid": 1}, "you pooled each map to a single value per channel. Pool to a 4x4 "
         "grid: window = height // 4."),
    )

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        want = pooled(case)
        width, size = case["width"], case["size"]
        last_only = want[:, -16 * 4 * width:]
        expect_true_shape = np.shape(value)
        if expect_true_shape == last_only.shape and _close(value, last_only, rtol=1e-3):
            _fail(what, "you kept only the last layer. Pool and keep EVERY LeakyReLU layer's "
                  "output, in order, and concatenate them.")
        expect_shape(value, want.shape, what,
                     hint=f"Three LeakyReLU layers of {width}, {2 * width} and {4 * width} "
                          f"channels, each pooled to 4x4 and flattened: 16 x "
                          f"{7 * width} = {want.shape[1]} features per image ({size}x{size} "
                          "images here: the window is height // 4 for each layer).")
        expect_finite(value, what)
        if _close(value, want, rtol=1e-3, atol=1e-4):
            return
        for change, message in self.MISTAKES:
            if _close(value, pooled(case, **change), rtol=1e-3, atol=1e-4):
                _fail(what, message)
        _fail(what, "the features differ from the LeakyReLU outputs max-pooled to 4x4, "
              "flattened and concatenated in layer order. Run the images through "
              "discriminator.layers one by one (training=False).")
