"""Lesson 06 (training on SVHN): the smoothed losses and the one-pass training step, judged
by the grader.

The cases are drawn at grading time; the right values and what each catalogued mistake gives
on them are computed here, with the instructor's reference (``autograder/reference``). The
judgement itself is the visible check's (``check_loss_value``, ``check_step_outcome`` of
``dcgan_course.exercises.training_step``), so a mistake gets the same message in both places.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import numpy as np

from dcgan_course.exercises.training_step import check_loss_value, check_step_outcome
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "06-svhn-training"


def _reference() -> Any:
    import reference.training  # autograder/reference, on the grader's path

    return reference.training


class Losses(Exercise):
    """Exercise 1: ``discriminator_loss`` with one-sided smoothing, ``generator_loss``."""

    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (the two losses)"
    names = ("discriminator_loss", "generator_loss")
    #: The exercise asks for the loss derived by hand: the built-in cross-entropies compute
    #: the stable form for the learner (and Keras' label smoothing is two-sided).
    forbidden: ClassVar[tuple[str, ...]] = (
        "tf.nn.sigmoid_cross_entropy_with_logits", "tf.nn.weighted_cross_entropy_with_logits",
        "keras.losses.BinaryCrossentropy", "keras.losses.binary_crossentropy",
        "keras.losses.BinaryFocalCrossentropy", "keras.ops.binary_crossentropy",
        "tf.keras.losses.BinaryCrossentropy", "tf.keras.losses.binary_crossentropy")
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    fake = _tf.constant(case["fake"])
    if case["kind"] == "g":
        return generator_loss(fake)
    real = _tf.constant(case["real"])
    if not case["explicit"]:
        return discriminator_loss(real, fake)
    return discriminator_loss(real, fake, smoothing=case["smoothing"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        # Inputs only: the right values stay in the grader (check computes them), never in
        # the probe that the learner's kernel runs.
        # The extremes first: a loss computed through probabilities is only a little off on
        # ordinary logits, and it is named for what it does at ±big.
        big = float(rng.uniform(200, 1000))
        found = [self._case("d", [[big]], [[-big], [big], [big]], None,
                            tr("discriminator_loss with logits of ±{big:.0f}", big=big)),
                 self._case("g", [[-big], [big]], None, None,
                            tr("generator_loss with logits of ±{big:.0f}", big=big))]
        # The default (0.9), lesson 01's loss (1.0) and two other targets, drawn in turn.
        others = [float(s) for s in rng.choice([0.75, 0.8, 0.85, 0.95], 2, replace=False)]
        for smoothing in (None, 1.0, *others):
            n_real, n_fake = (int(v) for v in rng.choice(np.arange(1, 40), 2, replace=False))
            scale = float(rng.choice([0.5, 3.0, 10.0]))
            told = tr("the default smoothing") if smoothing is None else f"smoothing={smoothing}"
            found.append(self._case(
                "d", rng.normal(0, scale, (n_fake, 1)), rng.normal(0, scale, (n_real, 1)),
                smoothing, tr("discriminator_loss with {told}, on {n_real} real and {n_fake} "
                              "fake logits drawn at grading time", told=told, n_real=n_real,
                              n_fake=n_fake)))
        for _ in range(2):
            n = int(rng.integers(2, 64))
            found.append(self._case(
                "g", rng.normal(0, float(rng.choice([1.0, 5.0])), (n, 1)), None, None,
                tr("generator_loss on {n} fake logits drawn at grading time", n=n)))
        return found

    @staticmethod
    def _case(kind: str, fake: Any, real: Any, smoothing: float | None, what: str) -> dict:
        case = {"kind": kind, "fake": np.asarray(fake, np.float32), "what": what,
                "explicit": smoothing is not None,
                "smoothing": 0.9 if smoothing is None else float(smoothing)}
        if real is not None:
            case["real"] = np.asarray(real, np.float32)
        return case

    def check(self, case: dict, value: Any) -> None:
        full = _reference().loss_case(case["kind"], case["fake"], case.get("real"),
                                      case["smoothing"] if case["explicit"] else None)
        check_loss_value(value, full, case["what"])


class _Outcomes(Mapping):
    """Each catalogued mistake's outcome on one case, computed the first time it is asked
    for (a right answer never needs them)."""

    def __init__(self, case: dict) -> None:
        self.case, self.found = case, {}

    def __getitem__(self, name: str) -> dict:
        if name not in self.found:
            ref = _reference()
            self.found[name] = ref.outcome(ref.STEP_VARIANTS[name], self.case)
        return self.found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_reference().STEP_VARIANTS)

    def __len__(self) -> int:
        return len(_reference().STEP_VARIANTS)


class TrainStep(Exercise):
    """Exercise 2: ``train_step``, both players' gradients from one forward pass."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (train_step)"
    names = ("train_step",)
    #: Any TensorFlow or Keras operation may be used; the design is the exercise.
    forbidden: ClassVar[tuple[str, ...]] = ()
    # The probe runs the step the way the visible check and the engine do (tiny models with
    # the grader's weights, recording wrappers, SGD), eagerly or compiled, and returns what
    # happened as data; the grader judges it against outcomes it computes itself.
    body = """
def __dcgan_probe_body(case):
    from dcgan_course.exercises.training_step import fixed_run_step as _run_step
    found = _run_step(train_step, case, compiled=case["compiled"])
    found["calls"] = [dict(c) for c in found["calls"]]
    return found
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        ref = _reference()
        found = []
        for compiled in (False, False, True):
            z_dim, width, batch = int(rng.integers(4, 12)), int(rng.choice([4, 8])), int(
                rng.integers(3, 9))
            # Two different learning rates: a step that swaps the optimisers is caught.
            g_lr, d_lr = float(rng.uniform(0.02, 0.08)), float(rng.uniform(0.15, 0.3))
            case = ref.step_case(rng, z_dim, width, batch, g_lr, d_lr)
            how = tr("compiled with tf.function") if compiled else tr("run eagerly")
            case.update(compiled=compiled, what=tr(
                "train_step {how}, on tiny models with a batch of {batch} (SGD, learning "
                "rates {g_lr:.3f} for G and {d_lr:.3f} for D)", how=how, batch=batch,
                g_lr=g_lr, d_lr=d_lr))
            found.append(case)
        return found

    def check(self, case: dict, value: Any) -> None:
        ref = _reference()
        run = value if isinstance(value, dict) else {"result": value}
        for net in ("g", "d"):  # the reply's weights as lists, whatever sequence came back
            if isinstance(run.get(net), tuple):
                run[net] = list(run[net])
        if isinstance(run.get("result"), tuple):
            run["result"] = list(run["result"])
        if isinstance(run.get("raised"), tuple):
            run["raised"] = list(run["raised"])
        if not isinstance(run.get("calls"), list):
            run["calls"] = []
        check_step_outcome(run, case, ref.outcome(ref.train_step, case), _Outcomes(case),
                           case["what"])
