"""Lesson 07 (what the DCGAN learned): slerp, concept-vector arithmetic and the
discriminator's pooled features, judged by the grader on inputs it draws itself."""

from __future__ import annotations

from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, _wrap, expect_finite, expect_shape
from dcgan_course.translate import tr

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
        return found

    def check(self, case: dict, value: Any) -> None:
        what, z0, z1, t = case["what"], case["z0"], case["z1"], case["t"]
        want = slerp_reference(z0, z1, t)
        expect_shape(value, want.shape, what,
                     hint=tr("Return one row per value of t: shape (len(t), len(z0)). Reshape t "
                             "to a column (t[:, None]) so it broadcasts against the vectors."))
        expect_finite(value, what, hint=tr("When z0 and z1 are parallel the angle is 0 and "
                                           "sin(angle) is 0: clip the cosine to [-1, 1] before "
                                           "arccos, and fall back to the straight line when "
                                           "sin(angle) is tiny."))
        if _close(value, want, atol=1e-5 * float(np.abs(want).max())):
            return
        unit = want / np.linalg.norm(want, axis=1, keepdims=True)
        lerp = (1 - t[:, None]) * z0 + t[:, None] * z1
        if _close(value, lerp):
            _fail(what, tr("these are points on the straight line between z0 and z1 (lerp). "
                           "slerp walks along the arc: weight z0 by sin((1-t)Ω)/sin Ω and z1 by "
                           "sin(tΩ)/sin Ω, where Ω is the angle between them."))
        if _close(value, want[::-1]) or _close(value, slerp_reference(z1, z0, t)):
            _fail(what, tr("your path runs backwards: at t = 0 it must be z0, at t = 1 z1."))
        if _close(value, unit) or _close(np.linalg.norm(np.asarray(value, float), axis=1), 1.0):
            _fail(what, tr("your points all have length 1. Normalise only to measure the angle; "
                           "then combine the original z0 and z1, so the path keeps their "
                           "lengths."))
        got = np.asarray(value, np.float64)
        worst = int(np.abs(got - want).max(axis=1).argmax())
        shown = np.array2string(want[worst][:4], precision=4)
        _fail(what, tr("at t = {value:.3g} expected {shown}... got {array2string}... Check the "
                       "angle (arccos of the cosine of the two unit vectors, in radians) and "
                       "the two weights sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω.", value=t[worst],
                       shown=shown, array2string=np.array2string(got[worst][:4], precision=4)))


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
            found.append({**groups, "what": tr("concept_arithmetic on groups of {value}, "
                                               "{value2} and {value3} latent vectors of "
                                               "dimension {dim}", value=sizes[0], value2=sizes[1],
                                               value3=sizes[2], dim=dim)})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        a, b, c = case["a"], case["b"], case["c"]
        want = a.mean(0) - b.mean(0) + c.mean(0)
        expect_shape(value, want.shape, what,
                     hint=tr("Average each group over its samples (axis 0): one latent vector "
                             "of shape (z_dim,) per concept, and one for the result."))
        expect_finite(value, what)
        if _close(value, want):
            return
        if _close(value, a[0] - b[0] + c[0]):
            _fail(what, tr("you used one vector per concept. Average ALL the vectors of each "
                           "group first: one sample's vector also carries everything else about "
                           "that image (digit, colours, position), and averaging cancels it out."))
        if _close(value, a.sum(0) - b.sum(0) + c.sum(0)):
            _fail(what, tr("you summed each group instead of averaging it; groups of different "
                           "sizes would then weigh differently and the result leaves the region "
                           "where the generator was trained."))
        for signs, text in (((1, 1, -1), "a + b - c"), ((-1, 1, 1), "b - a + c"),
                            ((1, -1, -1), "a - b - c")):
            if _close(value, signs[0] * a.mean(0) + signs[1] * b.mean(0) + signs[2] * c.mean(0)):
                _fail(what, tr("you computed {text} (of the means). The recipe is mean(z_a) - "
                               "mean(z_b) + mean(z_c): take B away from A, put C in.", text=text))
        everything = np.concatenate([a, -b, c])
        if _close(value, everything.mean(0)):
            _fail(what, tr("you averaged all the vectors together. Average each group on its "
                           "own (its own size), then combine the three means."))
        _fail(what, tr("expected mean(z_a, axis 0) - mean(z_b, axis 0) + mean(z_c, axis 0)."))


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
            weights = _draw_weights(d, rng)
            last = [*weights[:-2], *_draw_weights(d, rng)[-2:]]
            convs = [*_draw_weights(d, rng)[:-2], *weights[-2:]]
            big = _draw_weights(tiny_d(64, width), rng)
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
            _fail(what, tr("the grader could not read what d_features returned."))
        if value.get("type") != "numpy.ndarray":
            _fail(what, tr("it returned a {get}. The probe stacks and standardises NumPy "
                           "tables: return a NumPy array (a tensor's .numpy()).",
                           get=value.get('type')))
        if value.get("dtype") != "float32":
            _fail(what, tr("the features are {get}. Return float32: under lesson 06's mixed "
                           "precision your D may compute in bfloat16.", get=value.get('dtype')))
        n = len(case["images"])
        self._shape(what, value, n)
        batch = np.asarray(value["batch"], np.float64)
        expect_finite(batch, what)
        if batch.shape[1] == 1:
            _fail(what, tr("one number per image. A linear classifier on a single number can "
                           "only cut one line into ten intervals, and if it is D's logit it was "
                           "trained to say real or fake, not which digit. Use the layers before "
                           "the logit, whose many channels describe what the image contains."))
        self._inference_mode(what, value, case, batch)
        if not _close(value["last_changed"], batch, rtol=1e-4, atol=1e-5):
            _fail(what, tr("changing only D's final Dense layer (the logit) changed your "
                           "features: they include the logit or something computed from it. The "
                           "contract asks for D's intermediate activations, before the last "
                           "layer: the logit is one real-or-fake score, the digit lives in the "
                           "layers that feed it."))
        if _close(value["conv_changed"], batch, rtol=1e-3, atol=1e-4):
            _fail(what, tr("your features stayed the same when the grader changed D's "
                           "convolution weights, so they do not come from what D computes (raw "
                           "pixels?). Run the images through the discriminator's layers and "
                           "keep their activations."))
        if np.allclose(batch, batch[:1], rtol=1e-5, atol=1e-6):
            _fail(what, tr("every image got the same features. Pool over space, not over the "
                           "images of the batch (axis 0)."))

    @staticmethod
    def _shape(what: str, value: dict, n: int) -> None:
        batch = value["batch"]
        expect_true_rows = np.ndim(batch) == 2 and np.shape(batch)[0] == n
        if not expect_true_rows:
            _fail(what, tr("shape {shape}, expected (n, features) = ({n}, F): one row per "
                           "image, one flat feature vector per row (reshape(n, -1)).",
                           shape=np.shape(batch), n=n))
        length = np.shape(batch)[1]
        alone = np.shape(value["alone"])
        if alone != (1, length):
            _fail(what, tr("4-image and 1-image calls gave shapes {shape} and {alone}: the "
                           "length F must not depend on the batch. Pool over each image's own "
                           "positions, never over the batch.", shape=np.shape(batch), alone=alone))
        big = np.shape(value["big"])
        if len(big) != 2 or big[1] != length:
            _fail(what, tr("the same discriminator built for 64x64 images gave {value} features "
                           "per image, for 32x32 images {length}: your length follows the image "
                           "size, so your features still carry the maps' height and width. The "
                           "probe needs one fixed length: pool each layer's map over space to a "
                           "size that does not depend on its height and width.",
                           value=big[1:] or big, length=length))

    @staticmethod
    def _inference_mode(what: str, value: dict, case: dict, batch: np.ndarray) -> None:
        unchanged = all(_close(after, before, rtol=1e-6, atol=1e-7) for after, before in
                        zip(value["weights_after"], case["weights"], strict=False)) and \
            len(value["weights_after"]) == len(case["weights"])
        same_alone = _close(value["alone"], batch[:1], rtol=1e-4, atol=1e-5)
        same_again = _close(value["again"], batch, rtol=1e-4, atol=1e-5)
        if not (unchanged and same_alone and same_again):
            problem = (tr("calling d_features changed D's weights or batch-norm statistics")
                       if not unchanged else
                       tr("an image's features changed with the rest of the batch")
                       if not same_alone else
                       tr("two calls on the same images gave different features"))
            _fail(what, tr("{problem}. Features for a probe must depend on the image alone and "
                           "must leave D as it was. Which mode of a Keras layer makes batch "
                           "norm use this batch's statistics (and update its moving averages), "
                           "and which uses the moving averages it learned?", problem=problem))
