"""Lesson 07 (what the DCGAN learned): slerp, concept-vector arithmetic at the prior's typical
length and the discriminator's pooled features, judged by the grader on inputs it draws
itself, with the visible checks' diagnosis (``dcgan_course.exercises.representations``)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from reference import latent
from reference.training import draw_weights

from dcgan_course.checks import ExerciseFailure, _wrap
from dcgan_course.exercises.representations import (
    check_concept_result,
    check_feature_answers,
    check_half_circle,
    check_path,
)
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "07-representations"


# -- exercise 1: slerp ------------------------------------------------------------------

class Slerp(Exercise):
    """Exercise 1: ``slerp(z0, z1, t)`` for a vector of ``t``, parallel and opposite ends
    included; the diagnosis is the visible check's (``check_path``, ``check_half_circle``)."""

    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (slerp)"
    names = ("slerp",)
    #: NumPy is all it takes (and no library's slerp interpolates latent vectors).
    forbidden: ClassVar[tuple[str, ...]] = ()
    body = """
def __dcgan_probe_body(case):
    try:
        return {"value": slerp(case["z0"], case["z1"], case["t"])}
    except ValueError as error:  # a NumPy broadcast error is a named mistake
        if "broadcast" not in str(error):
            raise
        return {"broadcast": str(error)[:500]}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for _ in range(3):
            dim, k = int(rng.integers(3, 130)), int(rng.integers(3, 12))
            t = np.sort(np.concatenate([[0.0, 1.0], rng.uniform(0, 1, k - 2)]))
            found.append({"z0": rng.standard_normal(dim), "z1": rng.standard_normal(dim),
                          "t": t, "what": tr("slerp of two Gaussian vectors of dimension {dim} "
                                             "at {k} values of t (0 and 1 included)",
                                             dim=dim, k=k)})
        dim = int(rng.integers(3, 40))
        z0, scale = rng.standard_normal(dim), float(rng.uniform(1.5, 3.0))
        found.append({"z0": z0, "z1": scale * z0, "t": np.linspace(0, 1, 5),
                      "what": tr("slerp of z0 and {scale:.2f}·z0 (parallel vectors, angle 0)",
                                 scale=scale)})
        found.append({"z0": z0, "z1": z0.copy(), "t": np.linspace(0, 1, 4),
                      "what": tr("slerp of a vector with itself")})
        axis = np.zeros(dim)
        axis[int(rng.integers(dim))] = 2.0  # the cosine is exactly 1: sin(angle) is exactly 0
        found.append({"z0": axis, "z1": 1.5 * axis, "t": np.linspace(0, 1, 3),
                      "what": tr("slerp of two parallel vectors along one axis (angle exactly 0)")})
        z0 = rng.standard_normal(dim)
        z1 = 0.5 * z0 + 1e-9 * rng.standard_normal(dim)
        found.append({"z0": z0, "z1": z1, "t": np.array([0.25, 0.5]),
                      "what": tr("slerp of two almost parallel vectors (cosine rounds to 1)")})
        z0, z1 = rng.standard_normal(dim), rng.standard_normal(dim) * 3.0
        found.append({"z0": z0, "z1": z1, "t": np.array([0.5]),
                      "what": tr("slerp of two vectors of different lengths at t = 0.5")})
        z0 = rng.standard_normal(dim)
        found.append({"z0": z0, "z1": -z0, "t": np.linspace(0, 1, int(rng.integers(5, 10))),
                      "opposite": True,
                      "what": tr("slerp of a vector and its opposite (angle π)")})
        return found

    def check(self, case: dict, value: Any) -> None:
        what, z0, z1, t = case["what"], case["z0"], case["z1"], case["t"]
        if not isinstance(value, dict) or not ({"value", "broadcast"} & set(value)):
            raise ExerciseFailure(_wrap(tr("{what}: the grader could not read what slerp "
                                           "returned.", what=what)))
        broadcast = str(value.get("broadcast", ""))
        if case.get("opposite") and not broadcast:
            check_half_circle(value["value"], z0, t, what)
            return
        check_path(value.get("value"), z0, z1, t, latent.slerp(z0, z1, t), what,
                   backwards=latent.slerp(z1, z0, t), broadcast=broadcast)


# -- exercise 2: concept arithmetic --------------------------------------------------------

class ConceptArithmetic(Exercise):
    """Exercise 2: ``concept_arithmetic(z_a, z_b, z_c)``: the direction of mean(a) - mean(b) +
    mean(c), at the prior's typical length sqrt(z_dim); groups of different sizes."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (concept arithmetic)"
    names = ("concept_arithmetic",)
    forbidden: ClassVar[tuple[str, ...]] = ()
    body = """
def __dcgan_probe_body(case):
    try:
        return {"value": concept_arithmetic(case["a"], case["b"], case["c"])}
    except ValueError as error:  # a NumPy broadcast error is a named mistake
        if "broadcast" not in str(error):
            raise
        return {"broadcast": str(error)[:500]}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for sizes in ((1, int(rng.integers(2, 6)), int(rng.integers(4, 9))),
                      tuple(int(v) for v in rng.integers(2, 9, 3)), (3, 3, 3)):
            if len(set(sizes)) == 1 and sizes != (3, 3, 3):  # different sizes: broadcasting
                sizes = (sizes[0], sizes[1] + 1, sizes[2])
            dim = int(rng.integers(16, 129))
            groups = {name: rng.standard_normal((n, dim)) + rng.normal(0, 0.5, dim)
                      for name, n in zip("abc", sizes, strict=True)}
            found.append({**groups, "what": tr("concept_arithmetic on groups of {value}, "
                                               "{value2} and {value3} latent vectors of "
                                               "dimension {dim}", value=sizes[0], value2=sizes[1],
                                               value3=sizes[2], dim=dim)})
        return found

    def check(self, case: dict, value: Any) -> None:
        if not isinstance(value, dict) or not ({"value", "broadcast"} & set(value)):
            raise ExerciseFailure(_wrap(tr("{what}: the grader could not read what "
                                           "concept_arithmetic returned.", what=case["what"])))
        check_concept_result(value.get("value"), case["a"], case["b"], case["c"],
                             case["what"], str(value.get("broadcast", "")))


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


class DFeatures(Exercise):
    """Exercise 3: ``d_features(discriminator, images)``, judged by its contract.

    The learner designs the features (which layers, how to pool), so there is no single
    right table to compare with. The grader checks the contract the lesson states, on
    discriminators whose weights it draws: a float32 NumPy table (n, F); F fixed, whatever
    the batch and the image size; the same features for an image alone or in a batch, on
    every call, and D unchanged by the call (inference mode); unchanged when only D's final
    Dense layer changes (no logit), changed when its convolutions change (D's activations,
    not the pixels); not the same row for every image.
    """

    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (d_features)"
    names = ("d_features",)
    #: Any TensorFlow op may pool the maps: the design is the exercise.
    forbidden: ClassVar[tuple[str, ...]] = ()
    body = TINY_D + """
def __dcgan_probe_body(case):
    from tensorflow import keras as _keras
    d = __dcgan_tiny_d(_keras, 32, case["width"])
    d.set_weights(case["weights"])
    x = case["images"]
    first = d_features(d, x)
    out = {"type": type(first).__module__ + "." + type(first).__name__,
           "dtype": str(getattr(first, "dtype", "")), "batch": first}
    out["alone"] = d_features(d, x[:1])
    out["again"] = d_features(d, x)
    out["weights_after"] = d.get_weights()
    d.set_weights(case["last_changed"])
    out["last_changed"] = d_features(d, x)
    d.set_weights(case["conv_changed"])
    out["conv_changed"] = d_features(d, x)
    big = __dcgan_tiny_d(_keras, 64, case["width"])
    big.set_weights(case["weights64"])
    out["big"] = d_features(big, case["images64"])
    return out
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for _ in range(2):
            width, n = int(rng.choice([2, 4, 6])), int(rng.integers(3, 7))
            d = tiny_d(32, width)
            weights = draw_weights(d, rng)
            last = [*weights[:-2], *draw_weights(d, rng)[-2:]]
            convs = [*draw_weights(d, rng)[:-2], *weights[-2:]]
            big = draw_weights(tiny_d(64, width), rng)
            found.append({
                "width": width, "weights": weights, "last_changed": last,
                "conv_changed": convs, "weights64": [*weights[:-2], *big[-2:]],
                "images": rng.uniform(-1, 1, (n, 32, 32, 3)).astype(np.float32),
                "images64": rng.uniform(-1, 1, (2, 64, 64, 3)).astype(np.float32),
                "what": tr("d_features on a discriminator of widths {width}, {value}, {value2} "
                           "(weights and batch norm's moving averages drawn by the grader) and "
                           "{n} images of 32x32", width=width, value=2 * width, value2=4 * width,
                           n=n)})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        if not isinstance(value, dict) or "batch" not in value:
            raise ExerciseFailure(_wrap(tr("{what}: the grader could not read what d_features "
                                           "returned.", what=what)))
        after = value.get("weights_after") or []
        unchanged = len(after) == len(case["weights"]) and all(
            _close(a, b) for a, b in zip(after, case["weights"], strict=True))
        check_feature_answers({**value, "unchanged": unchanged}, len(case["images"]), what)


def _close(value: Any, want: np.ndarray) -> bool:
    """``value`` has ``want``'s shape and values (D's weights after the calls)."""
    try:
        got = np.asarray(value, np.float64)
        return got.shape == np.shape(want) and bool(np.allclose(got, want, rtol=1e-6,
                                                                atol=1e-7))
    except (TypeError, ValueError):
        return False
