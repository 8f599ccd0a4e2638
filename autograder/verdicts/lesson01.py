"""Lesson 01 (the GAN game): the losses, D*, the value of the game at D* and one training
step, judged by the grader.

Cases are drawn at grading time; the right answers and what each catalogued mistake gives on
them are computed here, with the instructor's reference (``autograder/reference/toy_gan.py``).
The judging itself is the exercise module's (``dcgan_course.exercises.gan_game``): the
learner reads the same named message in Validate and in the grader's feedback.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dcgan_course.exercises import gan_game
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "01-gan-intro"
#: The exercises ask for the losses derived by hand from V: the built-in cross-entropies
#: compute the stable form for the learner.
CROSS_ENTROPIES = (
    "tf.nn.sigmoid_cross_entropy_with_logits", "tf.nn.weighted_cross_entropy_with_logits",
    "keras.losses.BinaryCrossentropy", "keras.losses.binary_crossentropy",
    "keras.losses.BinaryFocalCrossentropy", "keras.ops.binary_crossentropy",
    "tf.keras.losses.BinaryCrossentropy", "tf.keras.losses.binary_crossentropy")


def _reference() -> Any:
    import reference.toy_gan  # autograder/reference, on the grader's path

    return reference.toy_gan


def _logits(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, scale, (n, 1)).astype(np.float32)


class DiscriminatorLoss(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (discriminator_loss)"
    names = ("discriminator_loss",)
    forbidden: ClassVar[tuple[str, ...]] = CROSS_ENTROPIES
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    return discriminator_loss(_tf.constant(case["real"]), _tf.constant(case["fake"]))
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for _ in range(3):
            n_real, n_fake = (int(v) for v in rng.choice(np.arange(1, 96), 2, replace=False))
            scale = float(rng.choice([0.01, 1.0, 5.0, 30.0]))
            found.append({"real": _logits(rng, n_real, scale), "fake": _logits(rng, n_fake, scale),
                          "what": tr("discriminator_loss on {n_real} real and {n_fake} fake "
                                     "logits drawn at grading time", n_real=n_real, n_fake=n_fake)})
        big = float(rng.uniform(200, 1000))
        found.append({"real": np.array([[-big], [2.0]], np.float32),
                      "fake": np.array([[big]], np.float32),
                      "what": tr("discriminator_loss with logits of -{big:.0f} (real) and "
                                 "+{big:.0f} (fake)", big=big)})
        found.append({"real": np.abs(_logits(rng, 3, 1.0)) + 50,
                      "fake": -np.abs(_logits(rng, 2, 1.0)) - 50,
                      "what": tr("discriminator_loss of a perfect discriminator")})
        return found

    def check(self, case: dict, value: Any) -> None:
        full = _reference().loss_case("d", case["fake"], case["real"])
        gan_game.check_loss_value(value, full, case["what"])


class GeneratorLoss(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (generator_loss)"
    names = ("generator_loss",)
    forbidden: ClassVar[tuple[str, ...]] = CROSS_ENTROPIES
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    return generator_loss(_tf.constant(case["fake"]))
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = [{"fake": _logits(rng, int(rng.integers(2, 128)), float(scale)),
                  "what": tr("generator_loss on fake logits drawn at grading time")}
                 for scale in (1.0, 40.0)]
        big = float(rng.uniform(200, 1000))
        found.append({"fake": np.array([[-big], [1.0]], np.float32),
                      "what": tr("generator_loss for a fake that D rejects with logit -{big:.0f}",
                                 big=big)})
        return found

    def check(self, case: dict, value: Any) -> None:
        gan_game.check_loss_value(value, _reference().loss_case("g", case["fake"]),
                                  case["what"])


#: The probe turns NumPy's warnings into errors and reports them as data (exercises 3, 4).
WARNED = """
def __dcgan_warned(function, *args):
    import warnings as _warnings
    with _warnings.catch_warnings():
        _warnings.simplefilter("error")
        try:
            return {"value": function(*args), "warning": None}
        except (RuntimeWarning, FloatingPointError) as _warning:
            return {"value": None, "warning": str(_warning)}
"""


class OptimalDiscriminator(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (optimal_discriminator)"
    names = ("optimal_discriminator",)
    body = WARNED + """
def __dcgan_probe_body(case):
    return __dcgan_warned(optimal_discriminator, case["p_data"], case["p_g"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        rows, cols = (int(v) for v in rng.integers(2, 7, 2))
        a, b = rng.uniform(0, 2, (rows, cols)), rng.uniform(0, 2, (rows, cols))
        zeros = rng.random((rows, cols)) < 0.25
        a[zeros], b[zeros] = 0.0, 0.0
        a[0, 0] = b[0, 0] = 0.0
        a[-1, -1], b[0, -1] = 0.0, 0.0  # one-sided zeros too (unless overwritten above)
        x = np.linspace(-5, 5, int(rng.integers(20, 120)))
        same = np.exp(-x ** 2 / 2)
        return [
            {"p_data": a, "p_g": b, "what": tr("optimal_discriminator on a {rows}x{cols} grid "
                                               "of densities, some of them 0 in both (the shape "
                                               "must be kept)", rows=rows, cols=cols)},
            {"p_data": rng.uniform(0, 1, 7), "p_g": np.zeros(7),
             "what": tr("optimal_discriminator where p_g is 0 everywhere")},
            {"p_data": same, "p_g": same, "what": tr("optimal_discriminator when p_g equals "
                                                     "p_data")},
        ]

    def check(self, case: dict, value: Any) -> None:
        reply = value if isinstance(value, dict) else {"value": value, "warning": None}
        full = _reference().optimal_d_case(case["p_data"], case["p_g"])
        gan_game.check_optimal_d_value(reply.get("value"), full, case["what"],
                                       reply.get("warning"))


class GameValue(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (game_value)"
    names = ("game_value",)
    #: The exercise is the integral itself: library divergences would compute it.
    forbidden: ClassVar[tuple[str, ...]] = (
        "scipy.spatial.distance.jensenshannon", "scipy.stats.entropy", "scipy.special.rel_entr",
        "scipy.special.kl_div")
    # Only the value counts: NumPy's warnings are silenced, as in the visible check.
    body = """
def __dcgan_probe_body(case):
    import warnings as _warnings
    import numpy as _np
    with _warnings.catch_warnings(), _np.errstate(all="ignore"):
        _warnings.simplefilter("ignore")
        return game_value(case["p_data"], case["p_g"], case["dx"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        ref = _reference()
        half = float(rng.uniform(5.0, 8.0))
        x = np.linspace(-half, half, int(rng.integers(150, 400)))
        dx = float(x[1] - x[0])
        m1, m2 = (float(v) for v in rng.uniform(-2.5, 2.5, 2))
        s1, s2 = (float(v) for v in rng.uniform(0.4, 1.2, 2))
        low = float(rng.uniform(-4.0, -2.0))
        # Densities with zeros first, as in the visible check: 0 log 0 is named before the
        # rounding of far tails.
        found = [
            (ref.box(x, low, low + 1.5), ref.box(x, low + 2.5, low + 4.0),
             tr("game_value for two boxes that do not overlap")),
            (ref.box(x, low, low + 2.0), ref.box(x, low + 1.0, low + 3.5),
             tr("game_value for two boxes that overlap in part")),
            (ref.gaussian(x, m1, s1), ref.gaussian(x, m1, s1),
             tr("game_value for two equal densities")),
            (ref.gaussian(x, m1, s1), ref.gaussian(x, m2, s2),
             tr("game_value for two bumps drawn at grading time")),
            (ref.gaussian(x, 2.0, 0.5), ref.gaussian(x, -half + 1.0, 0.5),
             tr("game_value for two bumps far apart")),
        ]
        return [{"p_data": a, "p_g": b, "dx": dx,
                 "what": tr("{what}, dx = {dx:.4g}", what=what, dx=dx)} for a, b, what in found]

    def check(self, case: dict, value: Any) -> None:
        full = _reference().game_value_case(case["p_data"], case["p_g"], case["dx"], "")
        gan_game.check_value_of_game(value, full, case["what"])


class TrainStep(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex5-tests", "Exercise 5 (train_step)"
    names = ("train_step",)
    # The probe runs the step as the visible check does (toy players with the grader's
    # weights, plain SGD), eagerly and then compiled, and returns what happened as data.
    body = """
def __dcgan_probe_body(case):
    from dcgan_course.exercises.gan_game import fixed_run_step as _run
    eager = _run(train_step, case)
    compiled = {} if "raised" in eager else _run(train_step, case, compiled=True)
    return {"eager": eager, "compiled_raised": compiled.get("raised")}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        ref = _reference()
        found = []
        for _ in range(2):
            hidden, noise_dim, batch = int(rng.choice([4, 8])), int(rng.integers(2, 6)), int(
                rng.integers(4, 24))
            # Two different learning rates: a step that swaps the optimizers is caught.
            g_lr, d_lr = float(rng.uniform(0.02, 0.08)), float(rng.uniform(0.15, 0.3))
            case = ref.step_case(rng, noise_dim=noise_dim, hidden=hidden, batch=batch,
                                 g_lr=g_lr, d_lr=d_lr)
            case["what"] = tr("train_step on toy players with a batch of {batch} (SGD, learning "
                              "rates {g_lr:.3f} for G and {d_lr:.3f} for D)", batch=batch,
                              g_lr=g_lr, d_lr=d_lr)
            found.append(case)
        return found

    def check(self, case: dict, value: Any) -> None:
        ref = _reference()
        reply = value if isinstance(value, dict) else {}
        run = reply.get("eager") if isinstance(reply.get("eager"), dict) else {"result": value}
        run = {key: list(item) if isinstance(item, tuple) else item for key, item in run.items()}
        right, variants = ref.step_outcomes(case)
        gan_game.check_step_outcome(run, case, right, variants, case["what"])
        raised = reply.get("compiled_raised")
        if raised:
            gan_game.fail(gan_game.STEP["not-compilable"], case["what"], kind=raised[0],
                          error=str(raised[1])[:200])
