"""Lesson 03 (batch normalization): the forward pass, the backward pass, a probe of the moving
averages and where batch norm goes in the DCGAN, judged by the grader.

Cases are drawn at grading time; the right answers and what each catalogued mistake gives on
them are computed here with the instructor's reference (``autograder/reference/batch_norm.py``,
itself checked against Keras and ``tf.GradientTape`` by the tests). The judging is the
exercise module's (``dcgan_course.exercises.batch_norm``): one source for both messages.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dcgan_course.checks import ExerciseFailure, expect_true
from dcgan_course.exercises import batch_norm
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "03-batch-norm"
#: Framework versions of the statistics and of the normalisation itself.
BATCH_NORM_BUILT_INS = (
    "tf.nn.moments", "tf.nn.batch_normalization", "tf.nn.fused_batch_norm",
    "keras.layers.BatchNormalization", "tf.keras.layers.BatchNormalization",
    "keras.ops.moments", "keras.ops.batch_normalization")


def _reference() -> Any:
    import reference.batch_norm  # autograder/reference, on the grader's path

    return reference.batch_norm


def shape_name(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def epsilon_name(epsilon: float | None) -> str:
    return tr("the default epsilon") if epsilon is None else tr("epsilon {epsilon:g}",
                                                                epsilon=epsilon)


def _settings(rng: np.random.Generator) -> list[tuple[tuple[int, ...], float | None]]:
    """Shapes (dense and NHWC) and epsilons for the forward and backward cases."""
    def draw(low: int, high: int) -> int:
        return int(rng.integers(low, high))

    return [((draw(3, 40), draw(2, 9)), 1e-3),
            ((draw(4, 17), draw(3, 9), draw(3, 9), draw(4, 13)), 1e-5),
            ((draw(2, 5), draw(2, 7), draw(2, 7), draw(2, 6)), 0.1),
            ((draw(4, 9), draw(2, 5), draw(2, 5), draw(2, 5)), None)]


class BatchNormTrain(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (batch_norm_train)"
    names = ("batch_norm_train",)
    forbidden: ClassVar[tuple[str, ...]] = BATCH_NORM_BUILT_INS
    body = """
def __dcgan_probe_body(case):
    if case["epsilon"] is None:
        return batch_norm_train(case["x"], case["gamma"], case["beta"])
    return batch_norm_train(case["x"], case["gamma"], case["beta"], case["epsilon"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        ref = _reference()
        found = []
        for shape, epsilon in _settings(rng):
            gamma, beta = ref.channel_params(rng, shape[-1])
            found.append({"x": ref.channel_batch(rng, shape), "gamma": gamma, "beta": beta,
                          "epsilon": epsilon,
                          "what": tr("batch_norm_train on a {shape_name} {value} batch, "
                                     "{epsilon_name}", shape_name=shape_name(shape),
                                     value='image' if len(shape) == 4 else 'dense',
                                     epsilon_name=epsilon_name(epsilon))})
        rows, c = int(rng.integers(3, 9)), int(rng.integers(2, 5))
        gamma, beta = ref.channel_params(rng, c)
        constant = int(rng.integers(-20, 21)) / 4  # exact in float32, and so is its mean
        found.append({"x": np.full((rows, c), constant, np.float32), "gamma": gamma,
                      "beta": beta, "epsilon": None,
                      "what": tr("batch_norm_train on a constant ({rows}, {c}) batch", rows=rows,
                                 c=c)})
        return found

    def check(self, case: dict, value: Any) -> None:
        full = _reference().forward_case(case["x"], case["gamma"], case["beta"],
                                         case["epsilon"])
        batch_norm.check_forward_value(value, full, case["what"])


class BatchNormBackward(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (batch_norm_backward)"
    names = ("batch_norm_backward",)
    #: The exercise is the derivation: automatic differentiation would do it.
    forbidden: ClassVar[tuple[str, ...]] = BATCH_NORM_BUILT_INS + (
        "tf.GradientTape", "tf.gradients", "tf.autodiff.ForwardAccumulator",
        "keras.ops.grad", "jax.grad", "jax.vjp")
    body = """
def __dcgan_probe_body(case):
    args = (case["dy"], case["x"], case["gamma"])
    if case["epsilon"] is not None:
        args += (case["epsilon"],)
    return batch_norm_backward(*args)
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        ref = _reference()
        found = []
        for shape, epsilon in _settings(rng):
            gamma, _ = ref.channel_params(rng, shape[-1])
            found.append({"x": ref.channel_batch(rng, shape), "gamma": gamma,
                          "dy": rng.normal(0, 1, shape).astype(np.float32), "epsilon": epsilon,
                          "what": tr("batch_norm_backward on a {shape_name} batch, "
                                     "{epsilon_name}", shape_name=shape_name(shape),
                                     epsilon_name=epsilon_name(epsilon))})
        return found

    def check(self, case: dict, value: Any) -> None:
        full = _reference().backward_case(case["dy"], case["x"], case["gamma"],
                                          case["epsilon"])
        batch_norm.check_backward_value(value, full, case["what"])


class ProbeMovingAverage(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (probe_moving_average)"
    names = ("probe_moving_average",)
    opaque = True  # the boxes are measured through their calls, never opened
    # The boxes are built in the kernel from the grader's settings: real Keras layers with a
    # momentum drawn here, and NumPy boxes of other conventions.
    body = """
def __dcgan_probe_body(case):
    from dcgan_course.exercises.batch_norm import MovingAverageBox as _Box
    answers = []
    for spec in case["boxes"]:
        box = _Box(spec["channels"], weight_of_old=spec["weight"], unbiased=spec["unbiased"],
                   keras=spec["keras"], warm_batches=spec["warm"], seed=spec["seed"])
        answers.append(probe_moving_average(box))
    return answers
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        boxes = []
        for keras, warm in ((True, 0), (False, 0), (True, int(rng.integers(2, 8))),
                            (False, int(rng.integers(2, 8)))):
            unbiased = bool(not keras and rng.random() < 0.5)
            weight = float(rng.choice([0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]))
            boxes.append({"channels": int(rng.integers(1, 6)), "weight": weight,
                          "unbiased": unbiased, "keras": keras, "warm": warm,
                          "seed": int(rng.integers(0, 2**31)), "fresh": warm == 0,
                          "name": tr("a box that has seen {warm} batches", warm=warm) if warm
                          else tr("a fresh box")})
        if not any(b["unbiased"] for b in boxes):  # both kinds of variance, every time
            boxes[1]["unbiased"] = True
        return [{"boxes": boxes, "what": tr("probe_moving_average on four boxes drawn at "
                                            "grading time")}]

    def check(self, case: dict, value: Any) -> None:
        expect_true(isinstance(value, list | tuple) and len(value) == len(case["boxes"]),
                    case["what"], tr("did not return an answer for every box."))
        batch_norm.check_probe_answers(list(value), case["boxes"], case["what"])


class BatchNormPositions(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (batch_norm_positions)"
    names = ("batch_norm_positions",)
    body = """
def __dcgan_probe_body(case):
    return batch_norm_positions()
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        return [{"what": "batch_norm_positions()"}]

    def check(self, case: dict, answer: Any) -> None:
        # One fixed question: the messages show the learner's answer and the reasoning,
        # never the right lists.
        batch_norm.check_positions_value(answer, "batch_norm_positions()")
        if sorted(answer["generator"]) != [1, 2, 3]:
            raise ExerciseFailure(tr(
                "batch_norm_positions()['generator'] is {value!r}, which is not where the DCGAN "
                "puts batch norm.\nHint: The DCGAN paper puts batch norm on the hidden layers "
                "and leaves it out only where a layer touches the pixels or gives the logit. "
                "Ask that of each of the generator's weight layers in the table, the Dense "
                "projection included.", value=answer["generator"]))
        if sorted(answer["discriminator"]) != [2, 3]:
            raise ExerciseFailure(tr(
                "batch_norm_positions()['discriminator'] is {value!r}, which is not where the "
                "DCGAN puts batch norm.\nHint: The same rule for the discriminator: which of "
                "its weight layers touches the pixels, and which gives the logit?",
                value=answer["discriminator"]))
