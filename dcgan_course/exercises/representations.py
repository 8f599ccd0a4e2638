"""Visible tests of lesson 07 (what the DCGAN learned): slerp, concept arithmetic at the
prior's typical length, and the discriminator's pooled features.

Expected values are geometry (the arc between two perpendicular vectors is a quarter
circle), properties (endpoints, lengths, angles, a direction) or what the framework
computes; no function here computes an exercise's answer. Each exercise names its
plausible mistakes (:data:`SLERP_MISTAKES`, :data:`ARITHMETIC_MISTAKES`,
:data:`FEATURE_MISTAKES`), and the diagnosis functions below (``check_path``,
``check_concept_result``, ``check_feature_answers``) are shared with the grader's verdicts,
which call them with references and cases of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from dcgan_course.checks import call_exercise
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.translate import tr


def _check_keyed(*mistakes: Mistake) -> dict[str, Mistake]:
    """The mistakes by their short name (the last part of the key)."""
    return {m.key.rsplit("/", 1)[1]: m for m in mistakes}


# -- exercise 1: slerp --------------------------------------------------------------------

SLERP_MISTAKES = _check_keyed(
    Mistake("07/ex1/shape", "returned shape {shape}; expected {want}: one row per value of t.",
            "Reshape t to a column (t[:, None]) so it broadcasts against the vectors."),
    Mistake("07/ex1/t-row", "raised {error}: t and the vectors did not broadcast.",
            "t holds k values and each vector d numbers: reshape t to a column (t[:, None]), "
            "so that the result has one row per value of t."),
    Mistake("07/ex1/not-finite", "returned values that are not finite: {got}.",
            "np.arccos of a cosine that rounding pushed above 1 is nan, and sin(0) = 0 divides "
            "by zero. What is the arc between two parallel vectors?"),
    Mistake("07/ex1/lerp", "these are points on the straight line between z0 and z1 (lerp).",
            "slerp walks along the arc: weight z0 by sin((1-t)Ω)/sin Ω and z1 by sin(tΩ)/sin Ω, "
            "where Ω is the angle between them."),
    Mistake("07/ex1/backwards", "your path runs backwards: at t = 0 it must be z0, at t = 1 "
            "z1.", "Check which vector each weight multiplies."),
    Mistake("07/ex1/unit-length", "your points all have length 1.",
            "Normalise only to measure the angle; then combine the original z0 and z1, so the "
            "path keeps their lengths."),
    Mistake("07/ex1/through-origin", "your path between opposite vectors comes within "
            "{closest:.3g} of the origin, while its ends have length {length:.3g}.",
            "For z1 = -z0 the angle is π and sin(π) = 0 too, but the straight line is not an "
            "arc: it goes through 0, the one place a Gaussian sample never is. Turn through a "
            "direction perpendicular to z0 instead."),
    Mistake("07/ex1/wrong-points", "at t = {t:.3g} expected {want}..., got {got}...",
            "Check the angle (arccos of the cosine of the two unit vectors, in radians) and the "
            "two weights sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω."),
)


def _check_array(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value.numpy() if hasattr(value, "numpy") else value, np.float64)
    except (TypeError, ValueError):
        return None


def _check_close(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _check_points(value: Any, want_shape: tuple[int, ...], what: str) -> np.ndarray:
    """The learner's path as a float array of the right shape, with finite values."""
    got = _check_array(value)
    if got is None or got.shape != want_shape:
        fail(SLERP_MISTAKES["shape"], what, shape=type(value).__name__ if got is None
             else got.shape, want=want_shape)
    if not np.all(np.isfinite(got)):
        fail(SLERP_MISTAKES["not-finite"], what, got=np.array2string(got[:3, :4], precision=3))
    return got


def check_path(value: Any, z0: np.ndarray, z1: np.ndarray, t: np.ndarray, want: np.ndarray,
               what: str, backwards: np.ndarray | None = None, broadcast: str = "") -> None:
    """Pass if ``value`` is the path ``want``; else name the mistake it matches.

    ``want`` comes from the caller (geometry in the visible check, the reference in the
    grader); so does ``backwards``, the same walk from z1 to z0, when it differs, and
    ``broadcast``, NumPy's broadcast error if the learner's slerp raised one.
    """
    if broadcast:
        fail(SLERP_MISTAKES["t-row"], what, error=broadcast.split("\n")[0])
    got = _check_points(value, want.shape, what)
    scale = float(np.abs(want).max()) or 1.0
    if _check_close(got, want, atol=1e-5 * scale):
        return
    lerp = (1 - t[:, None]) * z0 + t[:, None] * z1
    if _check_close(got, lerp, atol=1e-5 * scale):
        fail(SLERP_MISTAKES["lerp"], what)
    if _check_close(got, want[::-1]) or (backwards is not None and _check_close(got, backwards)):
        fail(SLERP_MISTAKES["backwards"], what)
    if _check_close(np.linalg.norm(got, axis=1), np.ones(len(got))):
        fail(SLERP_MISTAKES["unit-length"], what)
    worst = int(np.abs(got - want).max(axis=1).argmax())
    fail(SLERP_MISTAKES["wrong-points"], what, t=t[worst],
         want=np.array2string(want[worst][:4], precision=4),
         got=np.array2string(got[worst][:4], precision=4))


def check_half_circle(value: Any, z0: np.ndarray, t: np.ndarray, what: str) -> None:
    """The walk from ``z0`` to ``-z0``: no single arc, so properties, not points.

    Any half circle through a direction perpendicular to z0 is right: the ends are z0 and
    -z0, the length stays |z0|, the angle from z0 grows evenly to π, and every point lies in
    one plane with z0. The straight line fails the length at t = 0.5 (it reaches 0).
    """
    got = _check_points(value, (len(t), len(z0)), what)
    length = float(np.linalg.norm(z0))
    norms = np.linalg.norm(got, axis=1)
    if norms.min() < 0.5 * length:
        fail(SLERP_MISTAKES["through-origin"], what, closest=norms.min(), length=length)
    cosines = np.clip(got @ z0 / (np.maximum(norms, 1e-12) * length), -1.0, 1.0)
    across = got - np.outer(got @ z0 / length ** 2, z0)  # the part perpendicular to z0
    flat = np.linalg.svd(across, compute_uv=False) if len(t) > 1 else np.zeros(1)
    if not (_check_close(got[[0, -1]], [z0, -z0], atol=1e-5 * length)
            and _check_close(norms, np.full(len(t), length), rtol=1e-5)
            and _check_close(np.arccos(cosines), np.pi * t, atol=1e-4)
            and (len(flat) < 2 or flat[1] <= 1e-5 * length)):
        worst = int(np.abs(norms - length).argmax())
        fail(SLERP_MISTAKES["wrong-points"], what, t=t[worst],
             want=tr("a point of length {length:.4g} at angle {angle:.4g} from z0",
                     length=length, angle=np.pi * t[worst]),
             got=np.array2string(got[worst][:4], precision=4))


def _check_call(slerp: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """The learner's path, or NumPy's broadcast error as text (a named mistake)."""
    try:
        return call_exercise(slerp, *args), ""
    except ValueError as raised:
        if "broadcast" not in str(raised):
            raise
        return None, str(raised)


def check_slerp(slerp: Callable[..., Any]) -> None:
    """Exercise 1: a quarter circle, vectors of different lengths, parallel and opposite ones."""
    z0, z1 = np.array([3.0, 0.0, 0.0, 0.0]), np.array([0.0, 3.0, 0.0, 0.0])
    t = np.linspace(0.0, 1.0, 5)
    angle = t * np.pi / 2  # the arc between two perpendicular vectors of length 3
    quarter = 3.0 * np.stack([np.cos(angle), np.sin(angle), 0 * t, 0 * t], axis=1)
    value, broadcast = _check_call(slerp, z0, z1, t)
    check_path(value, z0, z1, t, quarter, tr("slerp(z0, z1, np.linspace(0, 1, 5)) for "
                                             "perpendicular 4-d vectors of length 3"),
               broadcast=broadcast)
    # lengths 2 and 4 at right angles: sin weights on the vectors themselves
    z1_long = np.array([0.0, 4.0, 0.0, 0.0])
    z0_short = np.array([2.0, 0.0, 0.0, 0.0])
    longer = np.stack([2.0 * np.cos(angle), 4.0 * np.sin(angle), 0 * t, 0 * t], axis=1)
    check_path(call_exercise(slerp, z0_short, z1_long, t), z0_short, z1_long, t, longer,
               tr("slerp of perpendicular vectors of lengths 2 and 4"))
    same = np.array([0.0, 0.5, 1.0])
    check_path(call_exercise(slerp, z0, 2.0 * z0, same), z0, 2.0 * z0, same,
               np.outer(1.0 + same, z0), tr("slerp(z0, 2 * z0, [0, 0.5, 1]) (parallel vectors, "
                                            "angle 0)"))
    check_half_circle(call_exercise(slerp, z0, -z0, t), z0, t,
                      tr("slerp(z0, -z0, np.linspace(0, 1, 5)) (opposite vectors, angle π)"))
    print(tr("Exercise 1: visible tests passed."))


# -- exercise 2: concept arithmetic -------------------------------------------------------

ARITHMETIC_MISTAKES = _check_keyed(
    Mistake("07/ex2/shape", "returned shape {shape}; expected ({z_dim},): one latent vector.",
            "Average each group over its samples (axis 0): one vector of shape (z_dim,) per "
            "concept, and one for the result."),
    Mistake("07/ex2/groups-combined-first", "raised {error} for groups of different sizes "
            "({sizes}): the groups were combined vector by vector before they were averaged.",
            "The groups need not have the same number of samples: reduce each group to its "
            "average first, then combine the three averages."),
    Mistake("07/ex2/one-vector", "its direction is that of z_a[0] - z_b[0] + z_c[0]: one "
            "vector per concept.",
            "Average ALL the vectors of each group: one sample's vector also carries everything "
            "else about its image (digit, colours, position), and averaging cancels it out."),
    Mistake("07/ex2/summed", "its direction is that of the groups' sums (or of one average "
            "over all the vectors together), not of the three averages: groups of different "
            "sizes then weigh differently.",
            "Average each group on its own (divide by its own size) before combining."),
    Mistake("07/ex2/signs", "its direction is that of {text} (of the averages).",
            "A − B + C: take B away from A, put C in."),
    Mistake("07/ex2/stretched-each", "its direction is that of the three averages each "
            "stretched to one length before the arithmetic: that changes the mix (a short "
            "average gets more weight).",
            "Combine the three averages as they are (A − B + C), and only then decide the "
            "length of the result."),
    Mistake("07/ex2/short", "the direction is right, but the result has length {norm:.3g}: "
            "far shorter than the latent vectors the generator was trained on.",
            "An average of several vectors is shorter than each of them. Section 1 measured "
            "where samples of N(0, I) lie: put the result there, keeping its direction."),
    Mistake("07/ex2/unit-length", "the direction is right, but the result has length 1.",
            "The generator never sees vectors of length 1. Section 1 measured where samples "
            "of N(0, I) lie: put the result there, keeping its direction."),
    Mistake("07/ex2/wrong-length", "the direction is right, but the result has length "
            "{norm:.4g}, not where samples of N(0, I) in {z_dim} dimensions lie.",
            "Section 1 measured the typical length of a latent vector in terms of z_dim."),
    Mistake("07/ex2/wrong-direction", "its direction is not that of mean(A) - mean(B) + "
            "mean(C) (cosine {cosine:.4f}).",
            "Combine the three averages as they are (A − B + C), and only then decide the "
            "length of the result."),
)


def _check_direction(a: np.ndarray, b: np.ndarray) -> float:
    """The cosine of the angle between two vectors (0 when either is zero)."""
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b / norms) if norms else 0.0


def check_concept_result(value: Any, z_a: np.ndarray, z_b: np.ndarray, z_c: np.ndarray,
                         what: str, broadcast: str = "") -> None:
    """Diagnose a result for A − B + C at the prior's typical length; shared with the grader.

    ``broadcast`` is the text of the NumPy broadcast error the learner's function raised, if
    it did (the grader's probe returns it as data): groups combined before averaging.
    """
    if broadcast:
        fail(ARITHMETIC_MISTAKES["groups-combined-first"], what,
             error=broadcast.split("\n")[0], sizes=", ".join(str(len(z)) for z in (z_a, z_b, z_c)))
    z_dim = z_a.shape[1]
    got = _check_array(value)
    if got is None or got.shape != (z_dim,) or not np.all(np.isfinite(got)):
        fail(ARITHMETIC_MISTAKES["shape"], what, z_dim=z_dim,
             shape=type(value).__name__ if got is None else got.shape)
    means = [z.mean(axis=0) for z in (z_a, z_b, z_c)]
    direction = means[0] - means[1] + means[2]
    cosine = _check_direction(got, direction)
    if cosine < 1 - 1e-6:
        _check_wrong_direction(got, z_a, z_b, z_c, means, what, cosine)
    norm, typical = float(np.linalg.norm(got)), np.sqrt(z_dim)
    if abs(norm - typical) <= 0.02 * typical:
        return
    if np.isclose(norm, float(np.linalg.norm(direction)), rtol=1e-4):
        fail(ARITHMETIC_MISTAKES["short"], what, norm=norm)
    if np.isclose(norm, 1.0, rtol=1e-4):
        fail(ARITHMETIC_MISTAKES["unit-length"], what)
    fail(ARITHMETIC_MISTAKES["wrong-length"], what, norm=norm, z_dim=z_dim)


def _check_wrong_direction(got: np.ndarray, z_a: np.ndarray, z_b: np.ndarray,
                           z_c: np.ndarray, means: list[np.ndarray], what: str,
                           cosine: float) -> None:
    """Name the direction ``got`` points in, among the usual wrong recipes."""
    a, b, c = means
    unit = [m / np.linalg.norm(m) for m in means]
    recipes = {"one-vector": (z_a[0] - z_b[0] + z_c[0], {}),
               "summed": (z_a.sum(0) - z_b.sum(0) + z_c.sum(0), {}),
               "stretched-each": (unit[0] - unit[1] + unit[2], {}),
               "signs": (a + b - c, {"text": "A + B - C"})}
    recipes.update({f"signs-{i}": (v, {"text": text}) for i, (v, text) in enumerate(
        ((b - a + c, "B - A + C"), (a - b - c, "A - B - C"), (a + b + c, "A + B + C")))})
    for name, (vector, fields) in recipes.items():
        if _check_direction(got, vector) > 1 - 1e-6:
            fail(ARITHMETIC_MISTAKES[name.split("-")[0] if name.startswith("signs") else name],
                 what, **fields)
    fail(ARITHMETIC_MISTAKES["wrong-direction"], what, cosine=cosine)


def check_concept_arithmetic(concept_arithmetic: Callable[..., Any]) -> None:
    """Exercise 2: groups of 2, 3 and 1 Gaussian vectors in 64 dimensions, then 4, 4, 4."""
    rng = np.random.default_rng(7)
    for sizes in ((2, 3, 1), (4, 4, 4)):
        z_a, z_b, z_c = (rng.standard_normal((n, 64)) for n in sizes)
        what = tr("concept_arithmetic(z_a, z_b, z_c) for groups of {a}, {b} and {c} vectors "
                  "from N(0, I) in 64 dimensions", a=sizes[0], b=sizes[1], c=sizes[2])
        try:
            value, broadcast = call_exercise(concept_arithmetic, z_a, z_b, z_c), ""
        except ValueError as raised:  # NumPy's broadcast error, named; any other as it is
            if "broadcast" not in str(raised):
                raise
            value, broadcast = None, str(raised)
        check_concept_result(value, z_a, z_b, z_c, what, broadcast)
    print(tr("Exercise 2: visible tests passed."))


# -- exercise 3: the discriminator's features ---------------------------------------------

FEATURE_MISTAKES = _check_keyed(
    Mistake("07/ex3/not-numpy", "it returned a {kind}.",
            "The probe stacks and standardises NumPy tables: return a NumPy array (a tensor's "
            ".numpy())."),
    Mistake("07/ex3/not-float32", "the features are {dtype}.",
            "Return float32: under lesson 06's mixed precision your D may compute in "
            "bfloat16."),
    Mistake("07/ex3/shape", "shape {shape}, expected (n, features) = ({n}, F): one row per "
            "image.", "One flat feature vector per row (reshape(n, -1))."),
    Mistake("07/ex3/batch-length", "{n}-image and 1-image calls gave shapes {shape} and "
            "{alone}: the length F must not depend on the batch.",
            "Pool over each image's own positions, never over the batch."),
    Mistake("07/ex3/size-length", "the same discriminator built for 64x64 images gave {big} "
            "features per image, for 32x32 images {length}: your length follows the image size.",
            "The probe needs one fixed length: pool each layer's map over space to a size that "
            "does not depend on its height and width."),
    Mistake("07/ex3/one-number", "one number per image.",
            "A linear classifier on a single number can only cut one line into ten intervals, "
            "and if it is D's logit it was trained to say real or fake, not which digit. Use "
            "the layers before the logit, whose many channels describe what the image "
            "contains."),
    Mistake("07/ex3/training-mode", "{problem}.",
            "Features for a probe must depend on the image alone and must leave D as it was. "
            "Which mode of a Keras layer makes batch norm use this batch's statistics (and "
            "update its moving averages), and which uses the moving averages it learned?"),
    Mistake("07/ex3/includes-logit", "changing only D's final Dense layer (the logit) changed "
            "your features: they include the logit or something computed from it.",
            "The contract asks for D's intermediate activations, before the last layer: the "
            "logit is one real-or-fake score, the digit lives in the layers that feed it."),
    Mistake("07/ex3/not-from-d", "your features stayed the same when D's convolution weights "
            "changed, so they do not come from what D computes (raw pixels?).",
            "Run the images through the discriminator's layers and keep their activations."),
    Mistake("07/ex3/same-for-all", "every image of the batch got the same features.",
            "Pool over space, not over the images of the batch (axis 0)."),
)


def check_feature_answers(answers: Mapping[str, Any], n: int, what: str) -> None:
    """Diagnose ``d_features``' answers on one discriminator; shared with the grader.

    ``answers``: ``type`` and ``dtype`` of the first result, ``batch`` (n images), ``alone``
    (image 0 alone), ``again`` (the batch once more), ``unchanged`` (D's weights and
    statistics the same after the calls), ``last_changed`` (the batch, after only D's final
    Dense layer changed), ``conv_changed`` (after its convolutions changed) and ``big`` (the
    same layers built for 64x64 images, any images).
    """
    if answers.get("type") != "numpy.ndarray":
        fail(FEATURE_MISTAKES["not-numpy"], what, kind=answers.get("type"))
    if answers.get("dtype") != "float32":
        fail(FEATURE_MISTAKES["not-float32"], what, dtype=answers.get("dtype"))
    batch = _check_array(answers["batch"])
    if batch is None or batch.ndim != 2 or len(batch) != n or not np.all(np.isfinite(batch)):
        fail(FEATURE_MISTAKES["shape"], what, n=n,
             shape=None if batch is None else batch.shape)
    alone = np.shape(answers["alone"])
    if alone != (1, batch.shape[1]):
        fail(FEATURE_MISTAKES["batch-length"], what, n=n, shape=batch.shape, alone=alone)
    big = np.shape(answers["big"])
    if len(big) != 2 or big[1] != batch.shape[1]:
        fail(FEATURE_MISTAKES["size-length"], what, big=big[1:] or big, length=batch.shape[1])
    if batch.shape[1] == 1:
        fail(FEATURE_MISTAKES["one-number"], what)
    if np.allclose(batch, batch[:1], rtol=1e-5, atol=1e-6):
        fail(FEATURE_MISTAKES["same-for-all"], what)
    problem = (tr("calling d_features changed D's weights or batch-norm statistics")
               if not answers["unchanged"] else
               tr("an image's features changed with the rest of the batch")
               if not _check_close(answers["alone"], batch[:1], 1e-4, 1e-5) else
               tr("two calls on the same images gave different features")
               if not _check_close(answers["again"], batch, 1e-4, 1e-5) else "")
    if problem:
        fail(FEATURE_MISTAKES["training-mode"], what, problem=problem)
    if not _check_close(answers["last_changed"], batch, 1e-4, 1e-5):
        fail(FEATURE_MISTAKES["includes-logit"], what)
    if _check_close(answers["conv_changed"], batch, 1e-3, 1e-4):
        fail(FEATURE_MISTAKES["not-from-d"], what)


def check_d_features(d_features: Callable[..., Any],
                     tiny_discriminator: Callable[..., Any]) -> None:
    """Exercise 3: the contract of a probe's features, whatever design meets it."""
    from tensorflow import keras

    d = tiny_discriminator(seed=0)
    images = np.random.default_rng(0).uniform(-1, 1, (4, 32, 32, 3)).astype(np.float32)
    before = [w.copy() for w in d.get_weights()]
    first = call_exercise(d_features, d, images)
    answers: dict[str, Any] = {"type": f"{type(first).__module__}.{type(first).__name__}",
                               "dtype": str(getattr(first, "dtype", "")), "batch": first,
                               "alone": call_exercise(d_features, d, images[:1]),
                               "again": call_exercise(d_features, d, images)}
    answers["unchanged"] = all(np.array_equal(a, b) for a, b in
                               zip(before, d.get_weights(), strict=True))
    weights = d.get_weights()
    for name, changed in (("last_changed", [*weights[:-2], np.ones_like(weights[-2]),
                                            np.ones_like(weights[-1])]),
                          ("conv_changed", tiny_discriminator(seed=1).get_weights()[:-2]
                           + weights[-2:])):
        other = keras.models.clone_model(d)
        other.set_weights(changed)
        answers[name] = call_exercise(d_features, other, images)
    answers["big"] = call_exercise(d_features, tiny_discriminator(seed=0, image_size=64),
                                   np.zeros((1, 64, 64, 3), np.float32))
    check_feature_answers(answers, len(images),
                          tr("d_features(d, images) for 4 images of 32x32"))
    print(tr("Exercise 3: visible tests passed ({value} features per image).",
             value=np.shape(first)[1]))
