"""Visible tests of lesson 06 (training on SVHN): the smoothed losses and the training step.

Both exercises are judged against **tables shipped with the package**
(``training_step_tables.npz`` beside this file), never against a reference implementation:
the expected values on fixed inputs, and what each catalogued mistake gives on the same
inputs. The instructor's reference (``autograder/reference/training.py``, not shipped)
generates the tables; a test checks that the shipped file is current. The grader judges the
same way with values it computes itself on cases drawn at grading time: the functions that
*recognise* a mistake (:func:`check_loss_value`, :func:`check_step_outcome`) are shared, so
the learner reads the same message in both places.

The step is run on tiny models (:func:`fixed_tiny_models`) whose weights come from the table,
with plain SGD (an update is then exactly ``w - lr * gradient``, easy to compare) and with
recording wrappers around both networks, so that the check also sees *how* the step used
them: how many calls, on what batch, in training mode or not. The engine uses the same check
(:func:`check_step_problem`) to decide whether it trains with the learner's step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, _message, call_exercise, expect_true
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.translate import tr

TABLES = Path(__file__).with_name("training_step_tables.npz")
#: How close a loss must be to count as equal (float32 computations on any CPU).
LOSS_RTOL, LOSS_ATOL = 1e-4, 1e-5
#: How close a weight must be after one step (a compiled graph adds its own rounding).
WEIGHT_RTOL, WEIGHT_ATOL = 1e-3, 1e-4


# -- exercise 1: the losses ---------------------------------------------------------------

LOSS_MISTAKES = {m.key: m for m in (
    Mistake("06/ex1/not-a-scalar",
            "returned shape {shape}, one value per logit; a loss is one number for the "
            "whole batch.",
            "Average the terms over the batch (tf.reduce_mean)."),
    Mistake("06/ex1/summed",
            "returned {got:.5g}, the sum of the terms over the batch; the average is "
            "{want:.5g}.",
            "A sum grows with the batch size, and the learning rate with it: average each "
            "batch's terms."),
    Mistake("06/ex1/pooled-mean",
            "averages the real and the fake terms together, as one batch. When the batches "
            "differ in size (here {n_real} real, {n_fake} fake), the larger one then weighs "
            "more.",
            "Average the real terms and the fake terms separately, then add the two means."),
    Mistake("06/ex1/smoothing-ignored",
            "gives the value of smoothing 0.9 although smoothing={smoothing:g} was passed: "
            "the real images' target is fixed at 0.9.",
            "Use the `smoothing` argument as the real images' target; smoothing=1.0 must give "
            "lesson 01's loss."),
    Mistake("06/ex1/smoothing-flipped",
            "labels real images with 1 - smoothing instead of smoothing: with the default "
            "0.9 the discriminator would learn to call real images fake.",
            "`smoothing` is the real images' target itself."),
    Mistake("06/ex1/two-sided",
            "smooths both sides: the real images' target moves to `smoothing` and the fakes' "
            "target to 1 - smoothing. (Keras' label_smoothing argument does this.)",
            "One-sided smoothing changes only the real images' target; the fakes keep target "
            "0 (section 2 says why)."),
    Mistake("06/ex1/fakes-smoothed",
            "moves the fakes' target to 1 - smoothing and leaves the real images' target "
            "at 1: the smoothing is on the wrong side.",
            "The real images get target `smoothing`; the fakes keep target 0."),
    Mistake("06/ex1/classifier-smoothing",
            "smooths like a classifier: both targets move halfway towards ½, real images to "
            "{real:g} and fakes to {fake:g} (y·(1 - a) + a/2 with a = 1 - smoothing, what "
            "Keras' label_smoothing argument computes).",
            "DCGAN's smoothing is one-sided: the real images' target is `smoothing` itself and "
            "the fakes keep target 0."),
    Mistake("06/ex1/not-finite",
            "returned {got} for logits of ±{big:.0f}: a sigmoid rounds to exactly 0 or 1 in "
            "float32 there, and its log becomes infinite.",
            "Rewrite log σ(ℓ) and log(1 - σ(ℓ)) so that no probability is ever formed "
            "(section 2), then code that form."),
    Mistake("06/ex1/log-clipped",
            "returned {got:.4g} where {want:.4g} is right, for logits of ±{big:.0f}: the "
            "loss stops growing for confidently wrong logits, as it does when a probability "
            "is clipped or a small epsilon is added before the log. The gradient then "
            "vanishes exactly where D is most wrong.",
            "The form derived from logits needs no epsilon and no clipping."),
    Mistake("06/ex1/g-smoothed",
            "smooths the generator's target to 0.9. Smoothing is one-sided and for the "
            "discriminator only: the generator wants its fakes called fully real.",
            "The generator's loss scores the fakes against target 1."),
    Mistake("06/ex1/g-saturating",
            "returns the saturating loss, the mean of log(1 - D(G(z))): it is flat exactly "
            "where D rejects the fakes, so early in training the generator gets almost no "
            "gradient.",
            "Lesson 01's non-saturating loss scores the fakes against target 1."),
    Mistake("06/ex1/g-target-zero",
            "scores the fakes against target 0, the discriminator's target for them: "
            "minimising it would make the fakes look more fake.",
            "The generator wants its fakes called real: target 1."),
)}
#: The value variants a table (and the grader) holds for each mistake that gives a number.
LOSS_VARIANTS = {"d": ("summed", "pooled-mean", "smoothing-ignored", "smoothing-flipped",
                       "two-sided", "fakes-smoothed", "classifier-smoothing"),
                 "g": ("summed", "g-smoothed", "g-saturating", "g-target-zero")}


def _check_close(value: Any, want: Any, rtol: float = LOSS_RTOL, atol: float = LOSS_ATOL) -> bool:
    try:
        got = np.asarray(value, np.float64)
        right = np.asarray(want, np.float64)
        return got.shape == right.shape and bool(np.allclose(got, right, rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


def _check_number(value: Any) -> np.ndarray:
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value, np.float64)


def check_loss_value(value: Any, case: Mapping[str, Any], what: str) -> None:
    """Pass, or raise the named mistake that explains ``value`` for one loss case.

    ``case`` holds ``kind`` (``"d"`` or ``"g"``), the logits (``real``, ``fake``), the
    ``smoothing`` used, ``want`` (the right value) and ``variants`` (what each catalogued
    mistake gives on these logits): the visible check reads them from the shipped table, the
    grader computes them. The same function judges on both sides.
    """
    try:
        got = _check_number(value)
    except (TypeError, ValueError):
        raise ExerciseFailure(_message(what, tr("returned {kind}, which is not a number.",
                                                kind=type(value).__name__), "")) from None
    if got.shape != ():
        fail(LOSS_MISTAKES["06/ex1/not-a-scalar"], what, shape=tuple(got.shape))
    want = float(case["want"])
    big = float(np.max(np.abs(np.concatenate([np.ravel(case.get("real", [])),
                                              np.ravel(case["fake"])]))))
    if not np.isfinite(got):
        fail(LOSS_MISTAKES["06/ex1/not-finite"], what, got=float(got), big=big)
    if _check_close(got, want):
        return
    s = float(case["smoothing"])
    variants = case["variants"]
    for name, variant in variants.items():
        if _check_close(variant, want) or not _check_close(got, variant):
            continue  # this mistake gives the right value here, or not this value
        if any(_check_close(variant, other) for key, other in variants.items() if key != name):
            continue  # two mistakes give this value here: another case tells them apart
        fields = {"got": float(got), "want": want, "smoothing": s,
                  "n_real": len(np.ravel(case.get("real", []))),
                  "n_fake": len(np.ravel(case["fake"])),
                  "real": 1 - (1 - s) / 2, "fake": (1 - s) / 2}
        fail(LOSS_MISTAKES[f"06/ex1/{name}"], what, **fields)
    if big >= 100 and want > 10 and got < want / 2:
        fail(LOSS_MISTAKES["06/ex1/log-clipped"], what, got=float(got), want=want, big=big)
    hint = (tr("Derive the loss from the cross-entropy of section 2 with the target of each "
               "batch (real: `smoothing`, fakes: 0), written from logits; average each batch.")
            if case["kind"] == "d" else
            tr("The generator's loss is the fakes' cross-entropy against target 1, averaged."))
    raise ExerciseFailure(_message(what, tr("expected {want:.6g}, got {got:.6g}.", want=want,
                                            got=float(got)), hint))


def fixed_loss_cases(tables: Mapping[str, np.ndarray] | None = None) -> list[dict[str, Any]]:
    """The shipped loss cases: logits, smoothing, right value and each mistake's value."""
    tables = fixed_tables() if tables is None else tables
    found = []
    for index in range(int(tables["loss/count"])):
        prefix = f"loss/{index}/"
        kind = "d" if int(tables[prefix + "is_d"]) else "g"
        case = {"kind": kind, "fake": tables[prefix + "fake"],
                "smoothing": float(tables[prefix + "smoothing"]),
                "explicit": bool(tables[prefix + "explicit"]),
                "want": float(tables[prefix + "want"]),
                "variants": {name: float(tables[f"{prefix}variant/{name}"])
                             for name in LOSS_VARIANTS[kind]}}
        if kind == "d":
            case["real"] = tables[prefix + "real"]
        found.append(case)
    return found


def _check_loss_call(case: Mapping[str, Any], discriminator_loss: Callable, generator_loss: Callable
               ) -> tuple[Any, str]:
    import tensorflow as tf

    fake = tf.constant(case["fake"], tf.float32)
    if case["kind"] == "g":
        return call_exercise(generator_loss, fake), tr(
            "generator_loss on {n} fake logits", n=len(case["fake"]))
    real = tf.constant(case["real"], tf.float32)
    if not case["explicit"]:
        return call_exercise(discriminator_loss, real, fake), tr(
            "discriminator_loss(real, fake) with the default smoothing, on {n_real} real and "
            "{n_fake} fake logits", n_real=len(case["real"]), n_fake=len(case["fake"]))
    s = case["smoothing"]
    return call_exercise(discriminator_loss, real, fake, smoothing=s), tr(
        "discriminator_loss(real, fake, smoothing={s:g}) on {n_real} real and {n_fake} fake "
        "logits", s=s, n_real=len(case["real"]), n_fake=len(case["fake"]))


def check_losses(discriminator_loss: Callable[..., Any],
                 generator_loss: Callable[..., Any]) -> None:
    """Exercise 1: both losses on the shipped cases (several smoothings, logits of ±1000)."""
    for case in fixed_loss_cases():
        value, what = _check_loss_call(case, discriminator_loss, generator_loss)
        check_loss_value(value, case, what)
    print(tr("Exercise 1: visible tests passed."))


# -- exercise 2: the training step --------------------------------------------------------

STEP_MISTAKES = {m.key: m for m in (
    Mistake("06/ex2/not-a-pair",
            "returned {result}; the engine needs the tuple (d_loss, g_loss).",
            "End the step with `return d_loss, g_loss`."),
    Mistake("06/ex2/one-tape",
            "asked one tape for a second gradient, and TensorFlow refused ({kind}): a tape "
            "that is not persistent frees what it recorded after its first gradient call.",
            "Both gradients must come from this one forward pass; lesson 01's tape screen says "
            "how a recorded pass can give more than one gradient."),
    Mistake("06/ex2/not-recorded",
            "gave a tape no path from a loss to the variables it was asked about "
            "(TensorFlow: 'No gradients provided'): part of the forward pass ran outside the "
            "tape's `with` block.",
            "Open the tape(s) before the generator call: the fakes, both discriminator calls "
            "and both losses must all be computed inside."),
    Mistake("06/ex2/concatenated",
            "scores real and fake images in ONE discriminator call on the concatenated batch "
            "({batch} images). Batch norm then normalises every image with the mean and "
            "variance of the mixed batch, so each verdict depends on the other half: the "
            "losses, the gradients and the moving averages all differ from two separate "
            "calls.",
            "Call the discriminator twice: once on real_batch, once on the fakes (section 3)."),
    Mistake("06/ex2/fakes-regenerated",
            "runs the generator {count} times, making the fakes again for the generator's "
            "loss. The losses come out the same, but every extra pass costs a full forward "
            "pass and moves batch norm's moving averages once more per step.",
            "Make the fakes once and compute both losses from the same fake logits."),
    Mistake("06/ex2/lesson01-order",
            "updates the discriminator first and then scores the fakes again against the "
            "updated one (lesson 01's order). This exercise asks for both gradients from "
            "the one forward pass, which saves the second pass.",
            "Compute both losses in the same forward pass, then apply both updates."),
    Mistake("06/ex2/inference-mode",
            "called the {who} without training=True: Keras then runs batch norm in "
            "inference mode, with its moving averages in place of the batch's statistics, "
            "and never updates them.",
            "Pass training=True to every generator and discriminator call of the step."),
    Mistake("06/ex2/swapped-optimisers",
            "applies the discriminator's gradients with g_optimizer and the generator's with "
            "d_optimizer (the test gives them different learning rates).",
            "Each player's gradients go to its own optimiser."),
    Mistake("06/ex2/crossed-losses",
            "differentiates each player's variables with the other player's loss: the "
            "discriminator would learn to call fakes real, and the generator to make them "
            "look fake.",
            "d_loss's gradient goes to the discriminator's variables, g_loss's to the "
            "generator's."),
    Mistake("06/ex2/g-updates-d",
            "applies the generator's gradients to the discriminator's variables too: the "
            "discriminator then also moves to call the fakes real, helping its opponent. "
            "(The variables you pass decide who learns, lesson 01.)",
            "g_loss's gradient goes to generator.trainable_variables only."),
    Mistake("06/ex2/losses-after-update",
            "returns losses computed again after the update. The engine logs the losses of "
            "the forward pass that produced the gradients.",
            "Return the d_loss and g_loss you computed inside the tape(s)."),
    Mistake("06/ex2/player-not-updated",
            "left the {who}'s trainable weights as they were.",
            "Apply the {who}'s gradients with its own optimiser."),
    Mistake("06/ex2/not-compilable",
            "does not run when compiled with tf.function, as the engine runs it ({kind}: "
            "{error}).",
            "Use TensorFlow operations only: no .numpy(), float() or Python `if` on a "
            "tensor's value."),
)}
#: The mistakes a table (and the grader) holds a full outcome for, in the order tried.
STEP_VARIANTS = ("concatenated", "fakes-regenerated", "lesson01-order", "inference-mode",
                 "swapped-optimisers", "crossed-losses", "g-updates-d", "losses-after-update")


def fixed_tiny_models(z_dim: int = 8, width: int = 4) -> tuple[Any, Any]:
    """A tiny DCGAN pair for one-step checks: G z -> 8x8x3, D 8x8x3 -> one logit.

    Both have batch norm (so the way the step calls them shows in the moving averages) and
    leave their weights to the caller (``set_weights`` from a table or a grader's case).
    """
    from tensorflow import keras

    layers = keras.layers
    g = keras.Sequential([keras.Input((z_dim,)), layers.Dense(4 * 4 * width, use_bias=False),
                          layers.Reshape((4, 4, width)), layers.BatchNormalization(),
                          layers.ReLU(),
                          layers.Conv2DTranspose(3, 5, strides=2, padding="same",
                                                 activation="tanh")])
    d = keras.Sequential([keras.Input((8, 8, 3)),
                          layers.Conv2D(width, 5, strides=2, padding="same"),
                          layers.LeakyReLU(negative_slope=0.2),
                          layers.Conv2D(2 * width, 5, strides=2, padding="same", use_bias=False),
                          layers.BatchNormalization(), layers.LeakyReLU(negative_slope=0.2),
                          layers.Flatten(), layers.Dense(1)])
    return g, d


class Recorder:
    """A network as the step sees it, noting every call (batch size, training mode).

    Everything else (``trainable_variables``, ``layers``, ...) goes to the model itself.
    """

    def __init__(self, model: Any, name: str, calls: list[dict[str, Any]]) -> None:
        self._model, self._name, self._calls = model, name, calls

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        inputs = args[0] if args else kwargs.get("inputs")
        training = kwargs.get("training", args[1] if len(args) > 1 else None)
        batch = getattr(inputs, "shape", [None])[0] if inputs is not None else None
        self._calls.append({"net": self._name, "batch": -1 if batch is None else int(batch),
                            "training": training is True or (
                                isinstance(training, bool | np.bool_) and bool(training))})
        return self._model(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def _check_as_losses(result: Any) -> list[Any] | str:
    """The two returned losses as float64 arrays, or a description of what came back."""
    if not isinstance(result, tuple | list):
        return type(result).__name__
    if len(result) != 2:
        return tr("a {kind} of {count} values", kind=type(result).__name__, count=len(result))
    try:
        losses = [_check_number(v) for v in result]
    except (TypeError, ValueError):
        return tr("a pair of {kinds}", kinds=", ".join(type(v).__name__ for v in result))
    # plain floats for scalars: they travel through the grader's probe as numbers
    return [float(v) if v.ndim == 0 else v for v in losses]


def fixed_run_step(train_step: Callable, case: Mapping[str, Any], compiled: bool = False
             ) -> dict[str, Any]:
    """Run ``train_step`` once on the tiny models of ``case`` and say what happened.

    ``case`` holds ``z_dim``, ``width``, ``g_weights``, ``d_weights``, ``real``, ``noise``,
    ``g_lr`` and ``d_lr`` (plain SGD for each player). Returns ``result`` (the two losses as
    arrays, or a description), the weights after the step (``g``, ``d``), the ``calls`` the
    step made, and ``raised`` (``[kind, message]``) when it raised. An unfinished exercise's
    ``NotImplementedError`` passes through when run eagerly. Used by the visible check, the
    engine's check, the grader's probe and the instructor's table generator alike.
    """
    import tensorflow as tf
    from tensorflow import keras

    g, d = fixed_tiny_models(int(case["z_dim"]), int(case["width"]))
    g.set_weights([np.asarray(w, np.float32) for w in case["g_weights"]])
    d.set_weights([np.asarray(w, np.float32) for w in case["d_weights"]])
    calls: list[dict[str, Any]] = []
    generator, discriminator = Recorder(g, "generator", calls), Recorder(d, "discriminator",
                                                                        calls)
    g_opt = keras.optimizers.SGD(float(case["g_lr"]))
    d_opt = keras.optimizers.SGD(float(case["d_lr"]))
    real = tf.constant(np.asarray(case["real"], np.float32))
    noise = tf.constant(np.asarray(case["noise"], np.float32))
    found: dict[str, Any] = {"calls": calls}
    try:
        if compiled:
            g_opt.build(g.trainable_variables)
            d_opt.build(d.trainable_variables)
            run = tf.function(lambda r, z: train_step(generator, discriminator, g_opt, d_opt,
                                                      r, z))
            result = run(real, noise)
        else:
            result = train_step(generator, discriminator, g_opt, d_opt, real, noise)
    except NotImplementedError:
        if not compiled:
            raise
        found["raised"] = ["NotImplementedError", "numpy() is only available eagerly"]
        return found
    except Exception as error:  # noqa: BLE001 - what the learner's step raised is the answer
        found["raised"] = [type(error).__name__, str(error)[:600]]
        return found
    found.update(result=_check_as_losses(result), g=g.get_weights(), d=d.get_weights())
    return found


def _check_outcome_matches(run: Mapping[str, Any], want: Mapping[str, Any]) -> bool:
    result = run.get("result")
    if not isinstance(result, list) or "result" not in want:
        return False
    if not all(_check_close(a, b) for a, b in zip(result, want["result"], strict=True)):
        return False
    for net in ("g", "d"):
        got, right = run.get(net), want[net]
        if not isinstance(got, list | tuple) or len(got) != len(right):
            return False
        if not all(_check_close(a, b, WEIGHT_RTOL, WEIGHT_ATOL) for a, b in zip(got, right,
                                                                          strict=True)):
            return False
    return True


def _check_unchanged(after: Any, before: Any, trainable: list[int]) -> bool:
    if not isinstance(after, list | tuple) or len(after) != len(before):
        return False
    return all(np.array_equal(np.asarray(after[i]), np.asarray(before[i])) for i in trainable)


def check_step_outcome(run: Mapping[str, Any], case: Mapping[str, Any], want: Mapping[str, Any],
               variants: Mapping[str, Mapping[str, Any]], what: str) -> None:
    """Pass, or raise the named mistake (or the closest explanation) for one step's run.

    ``run`` is :func:`fixed_run_step`'s record of the learner's step; ``want`` the right outcome and
    ``variants`` each catalogued mistake's outcome on the same case (shipped tables in the
    visible check, computed by the grader in the verdict). Values decide first: a step whose
    losses and weights match ``want`` passes whatever its call record says.
    """
    raised = run.get("raised")
    if raised:
        kind, message = raised
        if "non-persistent" in message:
            fail(STEP_MISTAKES["06/ex2/one-tape"], what, kind=kind)
        if "No gradients provided" in message:
            fail(STEP_MISTAKES["06/ex2/not-recorded"], what)
        if case.get("compiled"):
            fail(STEP_MISTAKES["06/ex2/not-compilable"], what, kind=kind,
                 error=" ".join(message.split())[:200])
        raise ExerciseFailure(_message(what, tr("raised {kind}: {message}", kind=kind,
                                                message=" ".join(message.split())[:300]), ""))
    result = run.get("result")
    if not isinstance(result, list):
        fail(STEP_MISTAKES["06/ex2/not-a-pair"], what, result=result)
    for name, loss in zip(("d_loss", "g_loss"), result, strict=True):
        expect_true(np.shape(loss) == () and np.all(np.isfinite(loss)), what,
                    tr("returned {name} = {value}; each loss must be one finite number.",
                       name=name, value=np.array2string(np.asarray(loss), threshold=6)))
    if _check_outcome_matches(run, want):
        return
    for name in STEP_VARIANTS:
        if name in variants and _check_outcome_matches(run, variants[name]):
            fail(STEP_MISTAKES[f"06/ex2/{name}"], what, **_check_call_fields(run))
    _check_calls(run, case, what)
    _check_values(run, want, what)


def _check_call_fields(run: Mapping[str, Any]) -> dict[str, Any]:
    calls = [c for c in run.get("calls", []) if isinstance(c, Mapping)]
    g_calls = [c for c in calls if c.get("net") == "generator"]
    d_calls = [c for c in calls if c.get("net") == "discriminator"]
    off = [c.get("net") for c in calls if not c.get("training")]
    who = tr("generator and the discriminator") if len(set(off)) == 2 else tr(
        "generator") if "generator" in off else tr("discriminator")
    return {"count": len(g_calls), "batch": max([c.get("batch", 0) for c in d_calls] or [0]),
            "who": who}


def _check_calls(run: Mapping[str, Any], case: Mapping[str, Any], what: str) -> None:
    """Name a mistake from how the step called the networks (a step's partial mistakes)."""
    fields = _check_call_fields(run)
    calls = [c for c in run.get("calls", []) if isinstance(c, Mapping)]
    batch = len(case["real"])
    d_calls = [c for c in calls if c.get("net") == "discriminator"]
    if any(not c.get("training") for c in calls):
        fail(STEP_MISTAKES["06/ex2/inference-mode"], what, **fields)
    if any(c.get("batch") == 2 * batch for c in d_calls):
        fail(STEP_MISTAKES["06/ex2/concatenated"], what, **fields)
    if fields["count"] > 1:
        fail(STEP_MISTAKES["06/ex2/fakes-regenerated"], what, **fields)
    for net, player in (("d", tr("discriminator")), ("g", tr("generator"))):
        trainable = case.get(f"{net}_trainable", [])
        if trainable and _check_unchanged(run.get(net), case[f"{net}_weights"], trainable):
            fail(STEP_MISTAKES["06/ex2/player-not-updated"], what, who=player)


def _check_values(run: Mapping[str, Any], want: Mapping[str, Any], what: str) -> None:
    """No catalogued mistake fits: say which number differs, and where to look."""
    from dcgan_course.checks import expect_close

    result = run["result"]
    expect_close(result[0], want["result"][0], tr("d_loss returned by {what}", what=what),
                 rtol=LOSS_RTOL, atol=LOSS_ATOL,
                 hint=tr("d_loss is your discriminator_loss (default smoothing) of this "
                         "forward pass's logits. Does exercise 1 pass?"))
    expect_close(result[1], want["result"][1], tr("g_loss returned by {what}", what=what),
                 rtol=LOSS_RTOL, atol=LOSS_ATOL,
                 hint=tr("g_loss is your generator_loss of the same fake logits."))
    for net, player in (("d", tr("discriminator")), ("g", tr("generator"))):
        got, right = run.get(net), want[net]
        expect_true(isinstance(got, list | tuple) and len(got) == len(right), what,
                    tr("left the {player} with a different set of weights.", player=player))
        for index, (mine, ref) in enumerate(zip(got, right, strict=True)):
            expect_close(mine, ref, tr("the {player}'s weights #{index} after {what}",
                                       player=player, index=index, what=what),
                         rtol=WEIGHT_RTOL, atol=WEIGHT_ATOL,
                         hint=tr("Each player's gradient of its own loss, with respect to its "
                                 "own trainable variables, applied with its own optimiser."))


@functools.lru_cache(maxsize=1)
def fixed_tables() -> dict[str, np.ndarray]:
    """The shipped tables (read once per process)."""
    with np.load(TABLES) as data:
        return {key: data[key] for key in data.files}


def fixed_step_case(tables: Mapping[str, np.ndarray] | None = None) -> dict[str, Any]:
    """The shipped step case: tiny models' weights, inputs and SGD learning rates."""
    tables = fixed_tables() if tables is None else tables
    case = {key: tables[f"step/{key}"] for key in ("real", "noise")}
    case.update({key: float(tables[f"step/{key}"]) for key in ("g_lr", "d_lr")})
    case.update({key: int(tables[f"step/{key}"]) for key in ("z_dim", "width")})
    for net in ("g", "d"):
        count = int(tables[f"step/{net}_count"])
        case[f"{net}_weights"] = [tables[f"step/{net}_weights/{i}"] for i in range(count)]
        case[f"{net}_trainable"] = [int(i) for i in tables[f"step/{net}_trainable"]]
    return case


def fixed_step_outcomes(tables: Mapping[str, np.ndarray] | None = None
                  ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The right outcome of the shipped case and each catalogued mistake's."""
    tables = fixed_tables() if tables is None else tables

    def outcome(name: str) -> dict[str, Any]:
        prefix = f"step/outcome/{name}/"
        return {"result": [tables[prefix + "d_loss"], tables[prefix + "g_loss"]],
                **{net: [tables[f"{prefix}{net}/{i}"]
                         for i in range(int(tables[f"step/{net}_count"]))]
                   for net in ("g", "d")}}

    return outcome("right"), {name: outcome(name) for name in STEP_VARIANTS}


def check_step_failure(train_step: Callable[..., Any]) -> ExerciseFailure | None:
    """The failure a learner's step gets on the shipped case, eager then compiled, or None."""
    case = fixed_step_case()
    want, variants = fixed_step_outcomes()
    what = tr("train_step on tiny models with a batch of {batch} (SGD)", batch=len(case["real"]))
    try:
        try:
            run = fixed_run_step(train_step, case)
        except NotImplementedError:
            call_exercise(_check_unwritten(train_step))
        check_step_outcome(run, case, want, variants, what)
        compiled = dict(case, compiled=True)
        check_step_outcome(fixed_run_step(train_step, compiled, compiled=True), compiled, want,
                           variants, tr("train_step compiled with tf.function"))
    except ExerciseFailure as failure:
        return failure
    return None


def _check_unwritten(train_step: Callable[..., Any]) -> Callable[[], None]:
    """A stand-in that fails like the learner's unfinished step, with its name."""
    def raises() -> None:
        raise NotImplementedError()

    raises.__name__ = getattr(train_step, "__name__", "train_step")
    return raises


def check_train_step(train_step: Callable[..., Any]) -> None:
    """Exercise 2: one step on tiny models, eager and compiled, against the shipped table."""
    failure = check_step_failure(train_step)
    if failure is not None:
        raise failure
    print(tr("Exercise 2: visible tests passed."))


def check_step_problem(train_step: Callable[..., Any]) -> str | None:
    """Why the engine cannot train with ``train_step`` (the visible check's words), or None."""
    failure = check_step_failure(train_step)
    return None if failure is None else " ".join(str(failure).split()).rstrip(".")
