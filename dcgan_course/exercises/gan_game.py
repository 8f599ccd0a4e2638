"""Visible tests of lesson 01 (the GAN game): the two losses, the optimal discriminator, the
value of the game against it, and one training step.

Every exercise is judged against **tables shipped with the package**
(``gan_game_tables.npz`` beside this file), never against a reference implementation: the
right values on fixed inputs, and what each catalogued mistake gives on the same inputs.
The instructor's reference (``autograder/reference/toy_gan.py``, not shipped) writes the
tables; a test checks that the shipped file is current. The grader judges its own cases,
drawn at grading time, with values it computes itself, through the same ``check_*_value``
and :func:`check_step_outcome` functions: the learner reads the same message in both places.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dcgan_course.checks import ExerciseFailure, _message, call_exercise
from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.exercises.shipped import fixed_cases
from dcgan_course.translate import tr

TABLES = Path(__file__).with_name("gan_game_tables.npz")
#: How close a loss or a value must be to count as equal (float32 on any CPU).
RTOL, ATOL = 1e-4, 1e-5
#: How close a weight must be after one step.
WEIGHT_RTOL, WEIGHT_ATOL = 1e-3, 1e-5


def _check_named(*found: Mistake) -> dict[str, Mistake]:
    return {m.key.rsplit("/", 1)[1]: m for m in found}


# -- exercises 1 and 2: the losses --------------------------------------------------------

D_LOSS = _check_named(
    Mistake("01/ex1/not-a-scalar",
            "returned shape {shape}, one value per logit; a loss is one number for the "
            "whole batch.",
            "Average the terms over the batch (tf.reduce_mean)."),
    Mistake("01/ex1/not-finite",
            "returned {got} for logits of ±{big:.0f}: a sigmoid rounds to exactly 0 or 1 in "
            "float32 there, and its log becomes infinite.",
            "Rewrite log σ(ℓ) and log(1 - σ(ℓ)) with the identities of section 2 "
            "(tf.nn.softplus), so that no probability is ever formed."),
    Mistake("01/ex1/log-clipped",
            "returned {got:.4g} where {want:.4g} is right, for logits of ±{big:.0f}: the loss "
            "stops growing for confidently wrong logits, as it does when a probability is "
            "clipped or a small epsilon is added before the log.",
            "The form written with softplus needs no epsilon and no clipping."),
    Mistake("01/ex1/summed",
            "returned {got:.5g}, the sum of the terms over each batch; the averages give "
            "{want:.5g}.",
            "V is made of expectations: each one is estimated by a batch's mean."),
    Mistake("01/ex1/pooled-mean",
            "averages the real and the fake terms together, as one batch. The batches differ "
            "in size here ({n_real} real, {n_fake} fake), so the larger one weighs more.",
            "V has one expectation over real samples and one over fakes: estimate each with "
            "its own batch's mean, then add."),
    Mistake("01/ex1/targets-swapped",
            "scores the real samples as if they were fakes and the fakes as if they were "
            "real: minimising it would teach D to call fakes real.",
            "Which identity of section 2 belongs to log D(x), and which to log(1 - D(G(z)))?"),
    Mistake("01/ex1/sign",
            "returned {got:.5g}, a negative number: that is V itself, which D maximises. A "
            "loss is minimised.",
            "D's loss is the value D wants large, with its sign changed."),
)

G_LOSS = _check_named(
    Mistake("01/ex2/not-a-scalar",
            "returned shape {shape}, one value per logit; a loss is one number for the "
            "whole batch.",
            "Average over the batch (tf.reduce_mean)."),
    Mistake("01/ex2/not-finite",
            "returned {got} for a logit of ±{big:.0f}: log(sigmoid(...)) is infinite there "
            "in float32.",
            "Write -log D(G(z)) from the logit with the identity of section 2."),
    Mistake("01/ex2/saturating",
            "returns the saturating loss, the mean of log(1 - D(G(z))): it is flat exactly "
            "where D rejects the fakes, so early in training the generator gets almost no "
            "gradient.",
            "Section 3: the generator minimises -log D(G(z)) instead."),
    Mistake("01/ex2/target-zero",
            "scores the fakes against target 0, the discriminator's target for them: "
            "minimising it would make the fakes look more fake.",
            "The generator wants its fakes called real."),
    Mistake("01/ex2/sign",
            "returned {got:.5g}, a negative number: the mean of log D(G(z)), which the "
            "generator wants large. A loss is minimised.",
            "Change the sign of what G maximises."),
    Mistake("01/ex2/summed",
            "returned {got:.5g}, the sum over the batch; the average is {want:.5g}.",
            "Average over the batch, so the loss does not grow with the batch size."),
)


def _check_number(value: Any, what: str) -> np.ndarray:
    try:
        if hasattr(value, "numpy"):
            value = value.numpy()
        return np.asarray(value, np.float64)
    except (TypeError, ValueError):
        raise ExerciseFailure(_message(what, tr("returned {kind}, which is not a number.",
                                                kind=type(value).__name__), "")) from None


def _check_close(value: Any, want: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    try:
        got, right = np.asarray(value, np.float64), np.asarray(want, np.float64)
        return got.shape == right.shape and bool(np.allclose(got, right, rtol=rtol, atol=atol,
                                                             equal_nan=False))
    except (TypeError, ValueError):
        return False


def check_loss_value(value: Any, case: Mapping[str, Any], what: str) -> None:
    """Pass, or raise the named mistake that explains ``value`` for one loss case.

    ``case`` holds ``kind`` (``"d"`` or ``"g"``), the logits (``real``, ``fake``), ``want``
    (the right value) and ``variants`` (what each catalogued mistake gives on these logits):
    the visible check reads them from the shipped table, the grader computes them.
    """
    mistakes = D_LOSS if case["kind"] == "d" else G_LOSS
    got = _check_number(value, what)
    if got.shape != ():
        fail(mistakes["not-a-scalar"], what, shape=tuple(got.shape))
    want = float(case["want"])
    logits = np.concatenate([np.ravel(case.get("real", [])), np.ravel(case["fake"])])
    big = float(np.max(np.abs(logits)))
    if not np.isfinite(got):
        fail(mistakes["not-finite"], what, got=float(got), big=big)
    if _check_close(got, want):
        return
    for name, variant in case["variants"].items():
        if not _check_close(variant, want) and _check_close(got, variant):
            fail(mistakes[name], what, got=float(got), want=want,
                 n_real=len(np.ravel(case.get("real", []))), n_fake=len(np.ravel(case["fake"])))
    # Beyond |logit| 17 a float32 sigmoid is within 4e-8 of 0 or 1: a clipped or epsilon'd
    # log stops growing there, so the loss comes out too small.
    if case["kind"] == "d" and big > 17 and 0 < got < 0.95 * want:
        fail(mistakes["log-clipped"], what, got=float(got), want=want, big=big)
    hint = (tr("Start from V (section 2): D's loss is what D maximises with the sign changed, "
               "each expectation estimated by its batch's mean, written with softplus.")
            if case["kind"] == "d" else
            tr("The generator's loss is -log D(G(z)) averaged over the fakes, from logits."))
    raise ExerciseFailure(_message(what, tr("expected {want:.6g}, got {got:.6g}.", want=want,
                                            got=float(got)), hint))


# -- exercise 3: the optimal discriminator -------------------------------------------------

OPTIMAL_D = _check_named(
    Mistake("01/ex3/zero-over-zero",
            "divided 0 by 0 where both densities are 0 ({problem}).",
            "Where neither density has any mass there is no evidence either way: the exercise "
            "says what D* is there. Divide only where the sum of the densities is positive."),
    Mistake("01/ex3/swapped",
            "returns the probability that x is a fake: it is high where the generator's "
            "density is the larger one.",
            "D(x) is the probability that x is real. Which of a log y and b log(1 - y) "
            "belongs to the real data?"),
    Mistake("01/ex3/hard-decision",
            "returns only 0s and 1s, a hard decision. Where both densities are positive, "
            "a log y + b log(1 - y) is -∞ at y = 0 and at y = 1: the best y lies strictly "
            "between.",
            "Set the derivative of a log y + b log(1 - y) to zero and solve for y."),
    Mistake("01/ex3/ratio",
            "returns values above 1 (largest {top:.3g}), so they cannot be probabilities: "
            "a ratio of the two densities is not yet D*.",
            "Set the derivative of a log y + b log(1 - y) to zero and solve for y."),
    Mistake("01/ex3/not-half",
            "is right wherever a density is positive, but returns {value:g} where both are 0.",
            "Where neither density has any mass, the integrand is 0 for every y: the "
            "exercise says which value to return there."),
)


def check_optimal_d_value(value: Any, case: Mapping[str, Any], what: str,
                          warning: str | None = None) -> None:
    """Pass, or raise the named mistake that explains ``value`` for one D* case.

    ``warning`` is what NumPy warned while the learner's function ran (the visible check and
    the grader's probe both turn warnings into errors and record them).
    """
    a, b = np.asarray(case["p_data"]), np.asarray(case["p_g"])
    both_zero = (a + b) == 0
    if warning is not None:
        fail(OPTIMAL_D["zero-over-zero"], what, problem=tr("NumPy warned: {warning}",
                                                           warning=warning))
    got = _check_number(value, what)
    if got.shape == a.shape and np.any(np.isnan(got[both_zero])):
        fail(OPTIMAL_D["zero-over-zero"], what, problem=tr("the result holds nan there"))
    want = np.asarray(case["want"])
    if _check_close(got, want):
        return
    if got.shape != want.shape:
        raise ExerciseFailure(_message(what, tr("expected shape {want}, got {got}.",
                                                want=want.shape, got=got.shape),
                                       tr("Work elementwise: D* at each point, same shape.")))
    for name, variant in case["variants"].items():
        if name == "not-half":
            wrong = got[both_zero]
            if (np.any(both_zero) and _check_close(got[~both_zero], want[~both_zero])
                    and wrong.size and not np.allclose(wrong, 0.5)):
                fail(OPTIMAL_D["not-half"], what, value=float(wrong[0]))
        elif name == "hard-decision":
            both = (a > 0) & (b > 0)
            if np.any(both) and np.all(np.isin(got[both], (0.0, 1.0))):
                fail(OPTIMAL_D["hard-decision"], what)
        elif name == "ratio":
            if np.any(got[np.isfinite(got)] > 1 + 1e-9) or np.any(np.isposinf(got)):
                fail(OPTIMAL_D["ratio"], what, top=float(np.max(got)))
        elif _check_close(got, variant):
            fail(OPTIMAL_D[name], what)
    raise ExerciseFailure(_message(what, tr("expected {want}, got {got}.",
                                            want=np.array2string(want, precision=4),
                                            got=np.array2string(got, precision=4)),
                                   tr("D* maximises a log y + b log(1 - y) at every point, "
                                      "with a = p_data(x) and b = p_g(x).")))


# -- exercise 4: the value of the game at D* -----------------------------------------------

GAME_VALUE = _check_named(
    Mistake("01/ex4/not-finite",
            "returned {got} for densities that are 0 in places: there a term 0 · log 0 "
            "came out as nan.",
            "0 · log 0 counts as 0 in an integral (its limit): leave out the points where "
            "the density in front of the log is 0."),
    Mistake("01/ex4/rounded",
            "returned -inf for two densities that are positive everywhere but far apart: "
            "where p_g is tiny next to p_data, D* rounds to exactly 1 in floating point and "
            "log(1 - D*) becomes -inf, although p_g > 0 there.",
            "log D* and log(1 - D*) are logs of ratios of the two densities: write each as "
            "a difference of logs, so that no ratio that rounds is ever formed (section 2's "
            "trick, one level up)."),
    Mistake("01/ex4/no-dx",
            "returned {got:.5g}, which changes with the grid's spacing: the sum of the "
            "integrand without the spacing dx.",
            "An integral on an even grid is the sum of the integrand times dx."),
    Mistake("01/ex4/mean",
            "returned {got:.5g}, the mean of the integrand over the grid: it changes with the "
            "length of the grid.",
            "An integral on an even grid is the sum of the integrand times dx."),
    Mistake("01/ex4/sign",
            "returned {got:.5g}, a positive number: V is a sum of logs of probabilities "
            "weighted by densities, so it cannot be above 0.",
            "Compute V itself, not D's loss."),
    Mistake("01/ex4/half-d",
            "returned {got:.5g}, the value of V when D says 1/2 everywhere, whatever the "
            "densities: that is the value at equilibrium, not the value at D*.",
            "Use D* of these two densities (your optimal_discriminator) inside the logs."),
    Mistake("01/ex4/log2",
            "returned {got:.5g}, the value in bits: a base-2 logarithm.",
            "V uses the natural logarithm, like the losses."),
)


def check_value_of_game(value: Any, case: Mapping[str, Any], what: str) -> None:
    """Pass, or raise the named mistake that explains ``value`` for one game-value case."""
    got = _check_number(value, what)
    if got.shape != ():
        raise ExerciseFailure(_message(what, tr("returned shape {shape}; V is one number.",
                                                shape=tuple(got.shape)),
                                       tr("Sum the integrand over the grid.")))
    if np.isneginf(got) and np.isneginf(case["variants"].get("rounded", 0.0)):
        fail(GAME_VALUE["rounded"], what)
    if not np.isfinite(got):
        fail(GAME_VALUE["not-finite"], what, got=float(got))
    want = float(case["want"])
    if _check_close(got, want):
        return
    for name, variant in case["variants"].items():
        if not _check_close(variant, want) and _check_close(got, variant):
            fail(GAME_VALUE[name], what, got=float(got))
    raise ExerciseFailure(_message(what, tr("expected {want:.6g}, got {got:.6g}.", want=want,
                                            got=float(got)),
                                   tr("V(D*, G) is the integral of p_data log D* + p_g log(1 - "
                                      "D*) over x.")))


# -- exercise 5: the training step ---------------------------------------------------------

STEP = _check_named(
    Mistake("01/ex5/not-a-pair",
            "returned {result}; the lesson needs the tuple (d_loss, g_loss).",
            "End the step with `return d_loss, g_loss`."),
    Mistake("01/ex5/fakes-not-recorded",
            "asked a tape for gradients it never recorded (TensorFlow: 'No gradients "
            "provided for any variable'): the generator's loss was computed from fakes made "
            "outside the second tape, so the tape has no path from that loss back to the "
            "generator's variables.",
            "A tape records only what runs inside its `with` block: make the generator's "
            "fakes again inside the second tape."),
    Mistake("01/ex5/one-tape",
            "asked one tape for a second gradient, and TensorFlow refused ({kind}): a tape "
            "frees what it recorded after its first gradient call.",
            "Each player's update here has its own tape (section 5's example says how a tape "
            "is used once)."),
    Mistake("01/ex5/g-updates-d",
            "applies the generator's gradients to the discriminator's variables too: the "
            "discriminator then also moves to call the fakes real, helping its opponent.",
            "The variables you pass to tape.gradient and apply_gradients decide who learns: "
            "G's loss moves G's variables only."),
    Mistake("01/ex5/d-updates-g",
            "applies the discriminator's gradients to the generator's variables too: the "
            "generator then also moves to make its fakes look fake.",
            "D's loss moves D's variables only."),
    Mistake("01/ex5/swapped-optimisers",
            "applies the discriminator's gradients with g_optimizer and the generator's with "
            "d_optimizer (the test gives them different learning rates).",
            "Each player's gradients go to its own optimizer."),
    Mistake("01/ex5/old-d",
            "scores the generator against the discriminator as it was before its update: "
            "its loss and its gradient come from the first forward pass.",
            "This exercise's order: update D first, then make the fakes again and score "
            "them with the updated D."),
    Mistake("01/ex5/g-first",
            "updates the generator first and then the discriminator: D then learns on fakes "
            "from the already updated generator.",
            "This exercise's order: D first, on the fakes of the generator as it was at the "
            "start of the step; then G."),
    Mistake("01/ex5/d-loss-after-update",
            "returns the discriminator's loss computed again after its update. The lesson "
            "records the loss of the forward pass that gave the gradients.",
            "Return the d_loss you computed inside the first tape."),
    Mistake("01/ex5/player-not-updated",
            "left the {who}'s trainable weights as they were.",
            "Apply the {who}'s gradients with its own optimizer."),
    Mistake("01/ex5/not-compilable",
            "does not run when compiled with tf.function, as the lesson runs it ({kind}: "
            "{error}).",
            "Use TensorFlow operations only: no .numpy(), float() or Python `if` on a "
            "tensor's value."),
)


def _check_as_losses(result: Any) -> list[Any] | str:
    """The two returned losses as floats or arrays, or a description of what came back."""
    if not isinstance(result, tuple | list):
        return type(result).__name__
    if len(result) != 2:
        return tr("a {kind} of {count} values", kind=type(result).__name__, count=len(result))
    try:
        losses = [_check_number(v, "") for v in result]
    except ExerciseFailure:
        return tr("a pair of {kinds}", kinds=", ".join(type(v).__name__ for v in result))
    return [float(v) if v.ndim == 0 else v for v in losses]


def fixed_run_step(train_step: Callable, case: Mapping[str, Any], compiled: bool = False
                   ) -> dict[str, Any]:
    """Run ``train_step`` once on the toy players of ``case`` and say what happened.

    ``case`` holds ``noise_dim``, ``hidden``, ``g_weights``, ``d_weights``, ``real``,
    ``noise``, ``g_lr`` and ``d_lr`` (plain SGD for each player: an update is then exactly
    ``w - lr * gradient``). Returns ``result`` (the two losses, or a description), the
    weights after the step (``g``, ``d``), or ``raised`` (``[kind, message]``). An unfinished
    exercise's ``NotImplementedError`` passes through when run eagerly. The visible check,
    the grader's probe and the instructor's table generator all run steps with it.
    """
    import tensorflow as tf
    from tensorflow import keras

    from dcgan_course import toy_gan

    g = toy_gan.build_generator(noise_dim=int(case["noise_dim"]), hidden=int(case["hidden"]))
    d = toy_gan.build_discriminator(hidden=int(case["hidden"]))
    g.set_weights([np.asarray(w, np.float32) for w in case["g_weights"]])
    d.set_weights([np.asarray(w, np.float32) for w in case["d_weights"]])
    g_opt = keras.optimizers.SGD(float(case["g_lr"]))
    d_opt = keras.optimizers.SGD(float(case["d_lr"]))
    real = tf.constant(np.asarray(case["real"], np.float32))
    noise = tf.constant(np.asarray(case["noise"], np.float32))
    found: dict[str, Any] = {}
    try:
        if compiled:
            g_opt.build(g.trainable_variables)
            d_opt.build(d.trainable_variables)
            run = tf.function(lambda r, z: train_step(g, d, g_opt, d_opt, r, z))
            result = run(real, noise)
        else:
            result = train_step(g, d, g_opt, d_opt, real, noise)
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


def _check_weights_equal(got: Any, want: Any) -> bool:
    if not isinstance(got, list | tuple) or len(got) != len(want):
        return False
    return all(_check_close(a, b, WEIGHT_RTOL, WEIGHT_ATOL) for a, b in zip(got, want,
                                                                           strict=True))


def _check_outcome_matches(run: Mapping[str, Any], want: Mapping[str, Any]) -> bool:
    """Whether a step's run gave ``want``'s two losses and both players' weights."""
    result = run.get("result")
    if not isinstance(result, list) or len(result) != 2:
        return False
    if not all(_check_close(a, b) for a, b in zip(result, want["result"], strict=True)):
        return False
    return all(_check_weights_equal(run.get(net), want[net]) for net in ("g", "d"))


def check_step_outcome(run: Mapping[str, Any], case: Mapping[str, Any],
                       want: Mapping[str, Any], variants: Mapping[str, Mapping[str, Any]],
                       what: str) -> None:
    """Pass, or raise the named mistake (or the closest explanation) for one step's run.

    ``run`` is :func:`fixed_run_step`'s record of the learner's step, ``want`` the right
    outcome and ``variants`` each catalogued mistake's outcome on the same case (the shipped
    table in the visible check, computed by the grader in the verdict).
    """
    if "raised" in run:
        kind, message = run["raised"]
        if "No gradients provided" in message:
            fail(STEP["fakes-not-recorded"], what)
        if "non-persistent" in message or "only be used to compute one set" in message:
            fail(STEP["one-tape"], what, kind=kind)
        raise ExerciseFailure(_message(what, tr("raised {kind}: {message}", kind=kind,
                                                message=message[:300]), ""))
    result = run.get("result")
    if not isinstance(result, list):
        fail(STEP["not-a-pair"], what, result=result)
    if _check_outcome_matches(run, want):
        return
    for name, variant in variants.items():
        if _check_outcome_matches(run, variant):
            fail(STEP[name], what)
    before = {"g": case["g_weights"], "d": case["d_weights"]}
    for net, who in (("d", tr("discriminator")), ("g", tr("generator"))):
        if all(np.array_equal(np.asarray(a), np.asarray(b))
               for a, b in zip(run[net], before[net], strict=True)):
            fail(STEP["player-not-updated"], what, who=who)
    _check_step_parts(run, want, what)


def _check_step_parts(run: Mapping[str, Any], want: Mapping[str, Any], what: str) -> None:
    """No catalogued mistake explains the run: say which part of it differs."""
    parts = [
        (_check_close(run["result"][0], want["result"][0]), tr("d_loss returned"),
         tr("Return D's loss from before its update, on the real batch and the fakes made "
            "from `noise` at the start of the step.")),
        (_check_weights_equal(run["d"], want["d"]), tr("the discriminator's weights after "
                                                       "the step"),
         tr("Update D with d_optimizer, on your discriminator_loss of the real batch and the "
            "fakes.")),
        (_check_close(run["result"][1], want["result"][1]), tr("g_loss returned"),
         tr("Return G's loss computed against the discriminator after its update.")),
        (_check_weights_equal(run["g"], want["g"]), tr("the generator's weights after the "
                                                       "step"),
         tr("Update G with g_optimizer, on your generator_loss of fakes made again from "
            "`noise` and scored by the updated D.")),
    ]
    for right, part, hint in parts:
        if not right:
            raise ExerciseFailure(_message(what, tr("{part} differ from the right step's.",
                                                    part=part), hint))


# -- the shipped tables and the checks -----------------------------------------------------

def fixed_tables(path: Path = TABLES) -> dict[str, Any]:
    """The shipped cases: ``loss``, ``optimal_d``, ``game_value`` (lists of cases) and
    ``step`` (``case``, ``right`` and ``variant``)."""
    found = fixed_cases(path, "loss", "optimal_d", "game_value")
    step = fixed_cases(path, "step/case", "step/right", "step/variant")
    found["step"] = {part: step[f"step/{part}"] for part in ("case", "right", "variant")}
    return found


def _check_logits(values: np.ndarray) -> str:
    return ", ".join(f"{v:g}" for v in np.ravel(values))


def check_discriminator_loss(discriminator_loss: Callable[..., Any]) -> None:
    """Exercise 1: D's loss on the shipped cases (batches of different sizes, logits ±1000)."""
    import tensorflow as tf

    for case in (c for c in fixed_tables()["loss"] if c["kind"] == "d"):
        value = call_exercise(discriminator_loss, tf.constant(case["real"], tf.float32),
                              tf.constant(case["fake"], tf.float32))
        check_loss_value(value, case, tr(
            "discriminator_loss on real logits [{real}] and fake logits [{fake}]",
            real=_check_logits(case["real"]), fake=_check_logits(case["fake"])))
    print(tr("Exercise 1: visible tests passed."))


def check_generator_loss(generator_loss: Callable[..., Any]) -> None:
    """Exercise 2: the non-saturating loss on the shipped cases (logits of ±1000 included)."""
    import tensorflow as tf

    for case in (c for c in fixed_tables()["loss"] if c["kind"] == "g"):
        value = call_exercise(generator_loss, tf.constant(case["fake"], tf.float32))
        check_loss_value(value, case, tr("generator_loss on fake logits [{fake}]",
                                         fake=_check_logits(case["fake"])))
    print(tr("Exercise 2: visible tests passed."))


def _check_warned(function: Callable, *args: Any) -> tuple[Any, str | None]:
    """Call a learner's NumPy function with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return call_exercise(function, *args), None
        except (RuntimeWarning, FloatingPointError) as warning:
            return None, str(warning)


def check_optimal_discriminator(optimal_discriminator: Callable[..., Any]) -> None:
    """Exercise 3: D* on the shipped densities (some 0 in both), elementwise, no warnings."""
    for case in fixed_tables()["optimal_d"]:
        value, warning = _check_warned(optimal_discriminator, case["p_data"], case["p_g"])
        check_optimal_d_value(value, case, tr(
            "optimal_discriminator(p_data={p_data}, p_g={p_g})",
            p_data=np.array2string(case["p_data"], precision=2, separator=", "),
            p_g=np.array2string(case["p_g"], precision=2, separator=", ")), warning)
    print(tr("Exercise 3: visible tests passed."))


def check_game_value(game_value: Callable[..., Any]) -> None:
    """Exercise 4: V(D*, G) for shipped pairs of densities on a grid (equal, apart, ...).

    Only the values count: NumPy's warnings (a log of 0 in a branch that np.where then
    drops, say) are silenced, not judged.
    """
    names = {"two bumps": tr("two bumps (data at 2, generator at 0)"),
             "equal": tr("two equal densities"),
             "apart": tr("two boxes that do not overlap"),
             "overlapping boxes": tr("two boxes that overlap in part"),
             "far apart": tr("two bumps far apart (data at 2, generator at -4)")}
    for case in fixed_tables()["game_value"]:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = call_exercise(game_value, case["p_data"], case["p_g"], case["dx"])
        check_value_of_game(value, case, tr("game_value for {name}, dx = {dx:g}",
                                            name=names[case["name"]], dx=case["dx"]))
    print(tr("Exercise 4: visible tests passed."))


def check_train_step(train_step: Callable[..., Any]) -> None:
    """Exercise 5: one step on toy players with plain SGD, eagerly and compiled.

    Losses and weights after the step are compared with the shipped table's, and with what
    each catalogued mistake gives on the same players.
    """
    step = fixed_tables()["step"]
    case = step["case"]
    what = tr("train_step on toy players (batch of {batch}, SGD with learning rates {g_lr:g} "
              "for G and {d_lr:g} for D)", batch=len(case["real"]), g_lr=case["g_lr"],
              d_lr=case["d_lr"])

    def once() -> dict[str, Any]:
        return fixed_run_step(train_step, case)

    once.__name__ = getattr(train_step, "__name__", "train_step")
    run = call_exercise(once)
    check_step_outcome(run, case, step["right"], step["variant"], what)
    compiled = fixed_run_step(train_step, case, compiled=True)
    if "raised" in compiled:
        kind, error = compiled["raised"]
        fail(STEP["not-compilable"], what, kind=kind, error=error[:200])
    print(tr("Exercise 5: visible tests passed."))
