"""Visible tests of lesson 03 (batch normalization): the forward pass, the backward pass, a
probe of the moving averages, and where batch norm goes in a DCGAN.

The right answers come from Keras itself, computed inside each check: a
``tf.keras.layers.BatchNormalization`` layer in training mode, and ``tf.GradientTape`` on that
layer for the backward pass. What each catalogued mistake gives on the same inputs is read
from a **table shipped with the package** (``batch_norm_tables.npz`` beside this file),
written by the instructor's reference (``autograder/reference/batch_norm.py``, not shipped).
The grader judges its own cases, drawn at grading time, through the same ``check_*_value``
functions, so the learner reads the same message in both places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, _message, call_exercise, expect_true
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.exercises.shipped import fixed_cases
from dcgan_course.translate import tr

TABLES = Path(__file__).with_name("batch_norm_tables.npz")
KERAS_EPSILON = 1e-3
#: Forward values: float32 arithmetic through E[x²] - E[x]² is up to 7e-5 off.
FORWARD_RTOL, FORWARD_ATOL = 1e-4, 1e-4
#: Backward values: a float32 chain of a dozen operations.
BACKWARD_RTOL, BACKWARD_ATOL = 1e-3, 2e-4


def _check_named(*found: Mistake) -> dict[str, Mistake]:
    return {m.key.rsplit("/", 1)[1]: m for m in found}


def _check_close(value: Any, want: Any, rtol: float, atol: float) -> bool:
    try:
        got, right = np.asarray(value, np.float64), np.asarray(want, np.float64)
        return got.shape == right.shape and bool(np.allclose(got, right, rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


def _check_triple(result: Any, what: str, names: str) -> list[np.ndarray]:
    """The three returned arrays as float64, or the learner-facing failure."""
    if not isinstance(result, tuple | list) or len(result) != 3:
        raise ExerciseFailure(_message(what, tr("should return the tuple {names}, returned "
                                                "{kind}.", names=names,
                                                kind=type(result).__name__), ""))
    try:
        return [np.asarray(v.numpy() if hasattr(v, "numpy") else v, np.float64)
                for v in result]
    except (TypeError, ValueError) as error:
        raise ExerciseFailure(_message(what, tr("returned something that is not three arrays "
                                                "({error}).", error=error), "")) from None


def _check_triples_match(got: Sequence[np.ndarray], want: Sequence[Any], rtol: float,
                         atol: float) -> bool:
    return all(_check_close(g, w, rtol, atol) for g, w in zip(got, want, strict=True))


def _check_variants(got: Sequence[np.ndarray], case: Mapping[str, Any],
                    mistakes: Mapping[str, Mistake], rtol: float, atol: float, what: str,
                    **fields: Any) -> None:
    """Raise the first catalogued mistake whose answer ``got`` is (and the right one is not)."""
    for name, variant in case["variants"].items():
        if _check_triples_match(variant, case["want"], rtol, atol):
            continue  # this mistake gives the right answer on this case
        if _check_triples_match(got, variant, rtol, atol):
            fail(mistakes[name], what, **fields)


# -- exercise 1: the training-mode forward pass --------------------------------------------

FORWARD = _check_named(
    Mistake("03/ex1/unbiased",
            "you divided by m - 1: that is the unbiased variance, and batch norm normalises "
            "with the biased one, divided by m.",
            "Look at how many values σ_B² averages in section 1's formula (np.var's default "
            "ddof)."),
    Mistake("03/ex1/epsilon-outside",
            "adds epsilon after the square root, so a channel with a tiny variance is "
            "divided by almost 0.",
            "Compare where ε sits in section 1's formula for x̂."),
    Mistake("03/ex1/per-position",
            "returned statistics of shape {shape}: one per pixel and channel, taken over "
            "the batch alone. A channel is one feature detector slid over the image, so all "
            "its positions share one mean and one variance.",
            "Average over every axis except the last: the batch and every pixel position."),
    Mistake("03/ex1/channels-pooled",
            "mixed the channels: its statistics are one mean and one variance over the "
            "whole batch, repeated for every channel.",
            "Each channel (the last axis) has its own mean and variance."),
    Mistake("03/ex1/no-scale-shift",
            "returned the normalised x̂ without scaling it by gamma and shifting it by beta.",
            "The last step of section 1's formula is y = γ x̂ + β."),
    Mistake("03/ex1/torch-epsilon",
            "uses PyTorch's default epsilon (1e-5) when none is passed; the exercise's "
            "default, like Keras', is 1e-3.",
            "Keep the signature's default, epsilon=1e-3."),
    Mistake("03/ex1/standard-deviation",
            "returned the standard deviation where the variance belongs.",
            "Return σ_B², the variance itself, as the third value."),
)


def check_forward_value(result: Any, case: Mapping[str, Any], what: str) -> None:
    """Pass, or raise the named mistake that explains ``result`` for one forward case.

    ``case`` holds ``x``, ``want`` (the right ``(y, mean, variance)``) and ``variants`` (each
    catalogued mistake's): the visible check takes ``want`` from Keras and the variants from
    the shipped table, the grader computes both.
    """
    got = _check_triple(result, what, "(y, mean, variance)")
    if _check_triples_match(got, case["want"], FORWARD_RTOL, FORWARD_ATOL):
        return
    channels = np.shape(case["x"])[-1]
    if got[1].shape not in ((channels,), ()) and got[1].shape == np.shape(case["x"])[1:]:
        fail(FORWARD["per-position"], what, shape=got[1].shape)
    _check_variants(got, case, FORWARD, FORWARD_RTOL, FORWARD_ATOL, what)
    for value, want, name, hint in (
            (got[1], case["want"][1], tr("mean"),
             tr("Average each channel over every axis except the last.")),
            (got[2], case["want"][2], tr("variance"),
             tr("The biased variance of each channel, over the same axes as the mean.")),
            (got[0], case["want"][0], "y",
             tr("y = γ x̂ + β, with x̂ normalised by the batch's own statistics.")),
    ):
        if not _check_close(value, want, FORWARD_RTOL, FORWARD_ATOL):
            shape_ok = np.shape(value) == np.shape(want)
            problem = (tr("differs from Keras' (largest difference {worst:.3g}).",
                          worst=float(np.max(np.abs(value - np.asarray(want)))))
                       if shape_ok else tr("has shape {got}; Keras' has shape {want}.",
                                           got=np.shape(value), want=np.shape(want)))
            raise ExerciseFailure(_message(tr("{name} returned by {what}", name=name,
                                              what=what), problem, hint))


def fixed_keras_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, epsilon: float
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What tf.keras.layers.BatchNormalization computes in training mode (float64): its
    output, and the batch statistics its moving averages move towards (momentum 0)."""
    import tensorflow as tf

    layer = tf.keras.layers.BatchNormalization(epsilon=epsilon, momentum=0.0, dtype="float64")
    layer.build(x.shape)
    layer.gamma.assign(np.asarray(gamma, np.float64))
    layer.beta.assign(np.asarray(beta, np.float64))
    y = layer(np.asarray(x, np.float64), training=True).numpy()
    return y, layer.moving_mean.numpy(), layer.moving_variance.numpy()


# -- exercise 2: the backward pass ---------------------------------------------------------

BACKWARD = _check_named(
    Mistake("03/ex2/statistics-constant",
            "treats the batch's mean and variance as constants. They are computed from "
            "every x_i, so the gradient also flows through them: shift all of a channel's "
            "inputs by the same amount and batch norm's output does not change, yet your dx "
            "says it would.",
            "Draw the graph x → μ, x and μ → σ², (x, μ, σ²) → x̂ → y, and add up the "
            "gradient along every path into x."),
    Mistake("03/ex2/mean-constant",
            "follows the path through the variance but treats the mean as a constant: the "
            "sum of your dx over a channel is not 0, although shifting a whole channel "
            "changes nothing.",
            "x reaches x̂ through μ as well: add that path's gradient."),
    Mistake("03/ex2/variance-constant",
            "follows the path through the mean but treats the variance as a constant: "
            "scaling a whole channel by a factor changes nothing after batch norm, yet your "
            "dx has a component along x̂.",
            "x reaches x̂ through σ² as well: add that path's gradient."),
    Mistake("03/ex2/gamma-beta-swapped",
            "returns dbeta where dgamma belongs and the other way round.",
            "γ multiplies x̂ and β is added: which of the two gradients carries x̂?"),
    Mistake("03/ex2/per-position",
            "returned dgamma and dbeta of shape {shape}, summed over the batch alone. γ and β "
            "are shared by every position of a channel, so their gradients add up over "
            "every position too.",
            "Sum over every axis except the last."),
    Mistake("03/ex2/gamma-raw-x",
            "computes dgamma from x itself; γ multiplies the normalised x̂.",
            "dgamma sums dy times what γ multiplies."),
)


def check_backward_value(result: Any, case: Mapping[str, Any], what: str) -> None:
    """Pass, or raise the named mistake that explains ``result`` for one backward case."""
    got = _check_triple(result, what, "(dx, dgamma, dbeta)")
    if _check_triples_match(got, case["want"], BACKWARD_RTOL, BACKWARD_ATOL):
        return
    channels = np.shape(case["x"])[-1]
    for value in got[1:]:
        if value.shape != (channels,) and value.shape == np.shape(case["x"])[1:]:
            fail(BACKWARD["per-position"], what, shape=value.shape)
    _check_variants(got, case, BACKWARD, BACKWARD_RTOL, BACKWARD_ATOL, what)
    for value, want, name in zip(got, case["want"], ("dx", "dgamma", "dbeta"), strict=True):
        if not _check_close(value, want, BACKWARD_RTOL, BACKWARD_ATOL):
            if np.shape(value) != np.shape(want):
                problem = tr("has shape {got}; it should have shape {want}.",
                             got=np.shape(value), want=np.shape(want))
            else:
                problem = tr("differs from tf.GradientTape's (largest difference {worst:.3g}).",
                             worst=float(np.max(np.abs(value - np.asarray(want)))))
            raise ExerciseFailure(_message(tr("{name} returned by {what}", name=name,
                                              what=what), problem,
                                           tr("Two checks that need no reference: over each "
                                              "channel, dx sums to 0, and so does dx times "
                                              "x̂.")))


def fixed_keras_backward(dy: np.ndarray, x: np.ndarray, gamma: np.ndarray, epsilon: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dL/dx, dL/dgamma and dL/dbeta of L = sum(dy * y) for a Keras layer in training mode,
    from tf.GradientTape (float64)."""
    import tensorflow as tf

    layer = tf.keras.layers.BatchNormalization(epsilon=epsilon, dtype="float64")
    inputs = tf.constant(np.asarray(x, np.float64))
    layer.build(inputs.shape)
    layer.gamma.assign(np.asarray(gamma, np.float64))
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        loss = tf.reduce_sum(layer(inputs, training=True) * np.asarray(dy, np.float64))
    dx, dgamma, dbeta = tape.gradient(loss, [inputs, layer.gamma, layer.beta])
    return dx.numpy(), dgamma.numpy(), dbeta.numpy()


# -- exercise 3: probing the moving averages -----------------------------------------------

class MovingAverageBox:
    """A batch-norm layer's moving averages in a box: call it, read the averages, nothing more.

    ``box(x)`` runs one training-mode call on ``x`` of shape ``(batch, box.channels)``;
    ``box.moving_mean`` and ``box.moving_variance`` are copies of the averages as NumPy
    arrays. How the box weighs the old value against the batch, and which batch variance it
    averages, is what a probe has to find out (a box may have seen batches already). Backed by
    a real Keras layer (``momentum``) or, for other conventions, by NumPy.
    """

    def __init__(self, channels: int, *, weight_of_old: float = 0.99, unbiased: bool = False,
                 keras: bool = False, layer: Any = None, warm_batches: int = 0,
                 seed: int = 0) -> None:
        """A NumPy box with these settings, a fresh Keras layer (``keras=True``, momentum
        ``weight_of_old``), or a box around an existing Keras ``layer``."""
        self.channels = int(channels)
        self.calls = 0
        self.__truth = (float(weight_of_old), bool(unbiased))
        self.__layer = layer
        if keras and layer is None:
            import tensorflow as tf

            if unbiased:
                raise ValueError("Keras' layer averages the biased variance")
            self.__layer = tf.keras.layers.BatchNormalization(momentum=weight_of_old)
        if self.__layer is not None and not self.__layer.built:
            self.__layer.build((None, self.channels))
        self.__mean = np.zeros(self.channels)
        self.__variance = np.ones(self.channels)
        rng = np.random.default_rng(seed)
        for _ in range(warm_batches):
            self(rng.normal(rng.normal(0, 2, self.channels), rng.uniform(0.5, 2, self.channels),
                            (16, self.channels)).astype(np.float32))
        self.calls = 0

    def __call__(self, x: Any) -> None:
        x = np.asarray(x, np.float32)
        if x.ndim != 2 or x.shape[1] != self.channels:
            raise ValueError(tr("the box takes a batch of shape (batch, {channels}), got "
                                "{shape}", channels=self.channels, shape=x.shape))
        self.calls += 1
        if self.__layer is not None:
            self.__layer(x, training=True)
            return
        weight, unbiased = self.__truth
        batch_variance = x.var(axis=0, ddof=1 if unbiased and len(x) > 1 else 0)
        self.__mean = weight * self.__mean + (1 - weight) * x.mean(axis=0)
        self.__variance = weight * self.__variance + (1 - weight) * batch_variance

    @property
    def moving_mean(self) -> np.ndarray:
        if self.__layer is not None:
            return self.__layer.moving_mean.numpy().astype(np.float64)
        return self.__mean.copy()

    @property
    def moving_variance(self) -> np.ndarray:
        if self.__layer is not None:
            return self.__layer.moving_variance.numpy().astype(np.float64)
        return self.__variance.copy()


PROBE = _check_named(
    Mistake("03/ex3/no-information",
            "returned a weight of {weight} for {box}: the batch you fed it had the same mean "
            "as the moving mean, so the update could not show how the two are weighed.",
            "Feed a batch whose mean differs from the box's current moving mean."),
    Mistake("03/ex3/weight-of-new",
            "returned {got:.4g} for {box}, whose update gives the old value the weight "
            "{want:.4g}: your number is the weight of the new batch.",
            "The exercise asks for the weight the update gives the OLD moving value."),
    Mistake("03/ex3/two-updates",
            "returned {got:.4g} for {box}, the square of its weight of the old value "
            "({want:.4g}): two calls of the box counted as one.",
            "Each call of the box is one update: measure across exactly one call, or undo "
            "the extra ones."),
    Mistake("03/ex3/assumed-start",
            "is right for the fresh boxes but wrong for {box}: your probe assumed the "
            "moving averages were still at their start (mean 0, variance 1).",
            "Read the box's moving averages before your batch as well as after it."),
    Mistake("03/ex3/variance-kind",
            "answered '{got}' for {box}, which averages the {want} variance of each batch.",
            "Design a batch whose biased and unbiased variances differ clearly (a batch of "
            "two rows, say), then compare what the moving variance moved towards."),
)


def check_probe_answers(answers: Sequence[Any], boxes: Sequence[Mapping[str, Any]],
                        what: str) -> None:
    """Pass, or raise the named mistake that explains a probe's answers for a set of boxes.

    ``boxes`` describes each box (``weight``, ``unbiased``, ``fresh``, ``name``); the answers
    are what the learner's probe returned for each, in order.
    """
    wrong_weight: list[int] = []
    for index, (answer, box) in enumerate(zip(answers, boxes, strict=True)):
        name = box["name"]
        expect_true(isinstance(answer, dict) and set(answer) == {"weight_of_old", "variance"},
                    what, tr("should return a dict with the keys 'weight_of_old' and "
                             "'variance', returned {answer!r:.120} for {box}.", answer=answer,
                             box=name))
        try:
            got = float(answer["weight_of_old"])
        except (TypeError, ValueError):
            raise ExerciseFailure(_message(what, tr("returned a weight_of_old that is not a "
                                                    "number for {box}.", box=name), "")) from None
        want = float(box["weight"])
        if not np.isfinite(got) or abs(got - 1.0) < 1e-6:  # the average did not move
            fail(PROBE["no-information"], what, weight=got, box=name)
        if abs(got - want) <= 1e-3:
            continue
        if abs(got - (1 - want)) <= 1e-3:
            fail(PROBE["weight-of-new"], what, got=got, want=want, box=name)
        if abs(got - want ** 2) <= 1e-3:
            fail(PROBE["two-updates"], what, got=got, want=want, box=name)
        wrong_weight.append(index)
    if wrong_weight:
        first = boxes[wrong_weight[0]]
        if all(not boxes[i]["fresh"] for i in wrong_weight) and any(b["fresh"] for b in boxes):
            fail(PROBE["assumed-start"], what, box=first["name"])
        raise ExerciseFailure(_message(what, tr(
            "returned a weight of the old value of {got:.4g} for {box}; measured from outside, "
            "it is {want:.4g}.", got=float(answers[wrong_weight[0]]["weight_of_old"]),
            box=first["name"], want=float(first["weight"])),
            tr("Compare the moving mean before and after one call on a batch whose mean you "
               "know.")))
    kinds = {"biased": tr("biased"), "unbiased": tr("unbiased")}
    for answer, box in zip(answers, boxes, strict=True):
        kind = "unbiased" if box["unbiased"] else "biased"
        if answer["variance"] != kind:
            if answer["variance"] not in ("biased", "unbiased"):
                raise ExerciseFailure(_message(what, tr(
                    "returned variance={got!r:.60} for {box}; it should be 'biased' or "
                    "'unbiased'.", got=answer["variance"], box=box["name"]), ""))
            fail(PROBE["variance-kind"], what, got=answer["variance"], want=kinds[kind],
                 box=box["name"])


def fixed_probe_boxes() -> list[tuple[MovingAverageBox, dict[str, Any]]]:
    """The visible check's boxes: two real Keras layers and two NumPy boxes of other
    conventions, some fresh and some that have already seen batches."""
    settings = [
        (3, {"weight_of_old": 0.9, "keras": True}, tr("a fresh Keras layer")),
        (2, {"weight_of_old": 0.6, "unbiased": True}, tr("a fresh box of another kind")),
        (4, {"weight_of_old": 0.99, "keras": True, "warm_batches": 5, "seed": 1},
         tr("a Keras layer that has seen 5 batches")),
        (3, {"weight_of_old": 0.75, "warm_batches": 3, "seed": 2},
         tr("a box of another kind that has seen 3 batches")),
    ]
    found = []
    for channels, options, name in settings:
        found.append((MovingAverageBox(channels, **options),
                      {"weight": options["weight_of_old"], "name": name,
                       "unbiased": options.get("unbiased", False),
                       "fresh": not options.get("warm_batches")}))
    return found


# -- the shipped tables and the checks -----------------------------------------------------

def fixed_tables(path: Path = TABLES) -> dict[str, list[dict[str, Any]]]:
    """The shipped cases: ``forward`` and ``backward``, each with every mistake's answer."""
    return fixed_cases(path, "forward", "backward")


def _check_shape_name(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def check_batch_norm_train(batch_norm_train: Callable[..., Any]) -> None:
    """Exercise 1: a dense and an image batch, compared with Keras in training mode."""
    for case in fixed_tables()["forward"]:
        epsilon = KERAS_EPSILON if case["epsilon"] is None else case["epsilon"]
        args = (case["x"], case["gamma"], case["beta"])
        if case["epsilon"] is not None:
            args += (case["epsilon"],)
        result = call_exercise(batch_norm_train, *args)
        case["want"] = fixed_keras_forward(case["x"], case["gamma"], case["beta"], epsilon)
        check_forward_value(result, case, tr(
            "batch_norm_train on a {shape} batch, {epsilon}", shape=_check_shape_name(
                case["x"].shape), epsilon=tr("the default epsilon") if case["epsilon"] is None
            else tr("epsilon {epsilon:g}", epsilon=epsilon)))
    print(tr("Exercise 1: visible tests passed."))


def check_batch_norm_backward(batch_norm_backward: Callable[..., Any]) -> None:
    """Exercise 2: dx, dgamma and dbeta against tf.GradientTape on a Keras layer."""
    for case in fixed_tables()["backward"]:
        epsilon = KERAS_EPSILON if case["epsilon"] is None else case["epsilon"]
        args = (case["dy"], case["x"], case["gamma"])
        if case["epsilon"] is not None:
            args += (case["epsilon"],)
        result = call_exercise(batch_norm_backward, *args)
        case["want"] = fixed_keras_backward(case["dy"], case["x"], case["gamma"], epsilon)
        check_backward_value(result, case, tr(
            "batch_norm_backward on a {shape} batch, compared with tf.GradientTape",
            shape=_check_shape_name(case["x"].shape)))
    print(tr("Exercise 2: visible tests passed."))


def check_probe(probe_moving_average: Callable[..., Any]) -> None:
    """Exercise 3: the probe on four boxes (Keras layers and boxes of other conventions)."""
    boxes = fixed_probe_boxes()
    answers = [call_exercise(probe_moving_average, box) for box, _ in boxes]
    check_probe_answers(answers, [truth for _, truth in boxes],
                        tr("probe_moving_average on four boxes"))
    print(tr("Exercise 3: visible tests passed."))


POSITIONS = _check_named(
    Mistake("03/ex4/generator-output",
            "puts batch norm on the generator's output layer (4).",
            "Section 6 quotes the paper on where batch norm must not go, and why."),
    Mistake("03/ex4/discriminator-input",
            "puts batch norm on the discriminator's first layer (1), the one that sees the "
            "pixels.",
            "Section 6 quotes the paper on where batch norm must not go, and shows what it "
            "would hide."),
    Mistake("03/ex4/logit",
            "puts batch norm on the discriminator's last layer (4), its logit.",
            "The exercise says which output never gets batch norm."),
)


def check_positions_value(answer: Any, what: str) -> None:
    """The answer's form, and the three places the lesson's text rules out."""
    expect_true(isinstance(answer, dict) and set(answer) == {"generator", "discriminator"},
                what, tr("should return a dict with the keys 'generator' and 'discriminator', "
                         "returned {answer!r:.200}.", answer=answer))
    for network in ("generator", "discriminator"):
        layers = answer[network]
        expect_true(isinstance(layers, list | tuple) and all(
            isinstance(i, int | np.integer) and not isinstance(i, bool) and 1 <= i <= 4
            for i in layers), f"{what}[{network!r}]",
            tr("should be a list of weight-layer numbers between 1 and 4, got "
               "{layers!r:.200}.", layers=layers))
    if 4 in answer["generator"]:
        fail(POSITIONS["generator-output"], f"{what}['generator']")
    if 1 in answer["discriminator"]:
        fail(POSITIONS["discriminator-input"], f"{what}['discriminator']")
    if 4 in answer["discriminator"]:
        fail(POSITIONS["logit"], f"{what}['discriminator']")


def check_batch_norm_positions(batch_norm_positions: Callable[..., Any]) -> None:
    """Exercise 4: the answer's form and the places ruled out in the text.

    The full answer is checked only by the grader.
    """
    check_positions_value(call_exercise(batch_norm_positions), "batch_norm_positions()")
    print(tr("Exercise 4: visible tests passed (the grader checks the full answer)."))
