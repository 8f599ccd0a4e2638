"""Reference answers of lesson 01 (the GAN game), the catalogued mistakes as code, and what
the learner package ships from them.

For the grader (``verdicts/lesson01.py`` computes right and mistaken answers on its own
cases), the tests and the instructor's command line. The learner package holds none of this:
its visible checks compare with ``dcgan_course/exercises/gan_game_tables.npz``, and the one
demo that runs before a learner has a training step (section 3) shows games recorded with the
reference step, ``dcgan_course/toy_gan_recordings.npz``. This module writes both::

    .venv/bin/python autograder/reference/toy_gan.py     # rewrite both shipped files

(``tests/test_shipped_tables.py`` fails when a shipped file is not current.)
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf

try:
    from .tables import put, put_cases
except ImportError:  # run as a script: python autograder/reference/...
    from tables import put, put_cases  # type: ignore[no-redef]


def softplus(x: Any) -> np.ndarray:
    """log(1 + e^x) in float64, stable for any x."""
    return np.logaddexp(0.0, np.asarray(x, np.float64))


# -- exercises 1 and 2: the losses ----------------------------------------------------------

def discriminator_loss(real_logits: tf.Tensor, fake_logits: tf.Tensor) -> tf.Tensor:
    """-V on one batch of each kind: real samples labelled 1, fakes 0, from logits."""
    return (tf.reduce_mean(tf.nn.softplus(-real_logits))
            + tf.reduce_mean(tf.nn.softplus(fake_logits)))


def generator_loss(fake_logits: tf.Tensor) -> tf.Tensor:
    """The non-saturating loss: mean of -log D(G(z)) = softplus(-logit)."""
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))


def d_loss_value(real: Any, fake: Any) -> float:
    return float(softplus(-np.asarray(real)).mean() + softplus(fake).mean())


def g_loss_value(fake: Any) -> float:
    return float(softplus(-np.asarray(fake)).mean())


#: What each catalogued mistake of exercise 1 computes (keys after "01/ex1/").
D_LOSS_VARIANTS: dict[str, Callable[[Any, Any], float]] = {
    "summed": lambda r, f: float(softplus(-np.asarray(r)).sum() + softplus(f).sum()),
    "pooled-mean": lambda r, f: float(np.concatenate([softplus(-np.asarray(r)).ravel(),
                                                      softplus(f).ravel()]).mean()),
    "targets-swapped": lambda r, f: float(softplus(r).mean() + softplus(-np.asarray(f)).mean()),
    "sign": lambda r, f: -d_loss_value(r, f),
}
#: ... and of exercise 2 (keys after "01/ex2/").
G_LOSS_VARIANTS: dict[str, Callable[[Any], float]] = {
    "saturating": lambda f: float(-softplus(f).mean()),
    "target-zero": lambda f: float(softplus(f).mean()),
    "sign": lambda f: -g_loss_value(f),
    "summed": lambda f: float(softplus(-np.asarray(f)).sum()),
}


def loss_case(kind: str, fake: Any, real: Any = None) -> dict[str, Any]:
    """One loss case with its right value and every catalogued mistake's value."""
    fake = np.asarray(fake, np.float32)
    if kind == "g":
        return {"kind": "g", "fake": fake, "want": g_loss_value(fake),
                "variants": {name: f(fake) for name, f in G_LOSS_VARIANTS.items()}}
    real = np.asarray(real, np.float32)
    return {"kind": "d", "real": real, "fake": fake, "want": d_loss_value(real, fake),
            "variants": {name: f(real, fake) for name, f in D_LOSS_VARIANTS.items()}}


def visible_loss_cases() -> list[dict[str, Any]]:
    """The visible checks' cases: batches of different sizes, and logits of ±1000."""
    real, fake = [[2.0], [0.5], [-1.0]], [[-3.0], [0.0]]
    return [loss_case("d", fake, real), loss_case("d", [[1000.0]], [[-1000.0], [30.0]]),
            loss_case("g", [[-3.0], [0.0], [4.0]]), loss_case("g", [[-1000.0], [1000.0]])]


# -- exercise 3: the optimal discriminator --------------------------------------------------

def optimal_discriminator(p_data: Any, p_g: Any) -> np.ndarray:
    """D*(x) = p_data / (p_data + p_g), and 1/2 where both densities are 0."""
    a, b = np.asarray(p_data, np.float64), np.asarray(p_g, np.float64)
    total = a + b
    return np.divide(a, total, out=np.full(total.shape, 0.5), where=total > 0)


def _divide(a: np.ndarray, b: np.ndarray, where_zero: float) -> np.ndarray:
    return np.divide(a, b, out=np.full(np.shape(a), where_zero), where=b > 0)


#: What each catalogued mistake of exercise 3 computes (keys after "01/ex3/").
OPTIMAL_D_VARIANTS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "swapped": lambda a, b: _divide(b, a + b, 0.5),
    "hard-decision": lambda a, b: (a > b).astype(np.float64),
    "ratio": lambda a, b: _divide(a, b, np.inf),
    "not-half": lambda a, b: _divide(a, a + b, 0.0),
}


def optimal_d_case(p_data: Any, p_g: Any) -> dict[str, Any]:
    a, b = np.asarray(p_data, np.float64), np.asarray(p_g, np.float64)
    return {"p_data": a, "p_g": b, "want": optimal_discriminator(a, b),
            "variants": {name: f(a, b) for name, f in OPTIMAL_D_VARIANTS.items()}}


def visible_optimal_d_cases() -> list[dict[str, Any]]:
    return [optimal_d_case([0.3, 0.0, 0.2, 0.0, 1.5], [0.1, 0.4, 0.2, 0.0, 0.5]),
            optimal_d_case([[0.0, 2.0], [0.7, 0.0]], [[0.0, 0.0], [0.7, 1.0]])]


# -- exercise 4: the value of the game at D* ------------------------------------------------

def _xlog_ratio(x: np.ndarray, total: np.ndarray) -> np.ndarray:
    """x log(x / total) with 0 log 0 = 0 (its limit), from logs: no ratio is formed, so a
    tiny x next to a large total stays finite instead of rounding to log 0."""
    safe_x = np.where(x > 0, x, 1.0)
    return np.where(x > 0, x * (np.log(safe_x) - np.log(np.where(x > 0, total, 1.0))), 0.0)


def game_value(p_data: Any, p_g: Any, dx: float) -> float:
    """V(D*, G) = ∫ p_data log D* + p_g log(1 - D*) dx on an even grid (= -log 4 + 2 JSD).

    log D* = log p_data - log(p_data + p_g) and log(1 - D*) = log p_g - log(p_data + p_g):
    stable where one density is tiny next to the other.
    """
    a, b = np.asarray(p_data, np.float64), np.asarray(p_g, np.float64)
    return float((_xlog_ratio(a, a + b) + _xlog_ratio(b, a + b)).sum() * dx)


def jensen_shannon(p_data: Any, p_g: Any, dx: float) -> float:
    """JSD(p_data || p_g) in nats, from its definition (for the tests of the identity)."""
    a, b = np.asarray(p_data, np.float64), np.asarray(p_g, np.float64)
    m = (a + b) / 2
    return float((_xlog_ratio(a, m) + _xlog_ratio(b, m)).sum() * dx) / 2


def _game_value_rounded(a: np.ndarray, b: np.ndarray, dx: float) -> float:
    """The value through D* itself: log(1 - D*) is -inf where D* rounds to 1 (p_g > 0)."""
    d = optimal_discriminator(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (np.where(a > 0, a * np.log(np.where(a > 0, d, 1.0)), 0.0)
                 + np.where(b > 0, b * np.log(np.where(b > 0, 1.0 - d, 1.0)), 0.0))
    return float(terms.sum() * dx)


#: What each catalogued mistake of exercise 4 computes (keys after "01/ex4/").
GAME_VALUE_VARIANTS: dict[str, Callable[[np.ndarray, np.ndarray, float], float]] = {
    "no-dx": lambda a, b, dx: game_value(a, b, 1.0),
    "mean": lambda a, b, dx: game_value(a, b, 1.0) / a.size,
    "sign": lambda a, b, dx: -game_value(a, b, dx),
    "half-d": lambda a, b, dx: float(-math.log(2) * (a.sum() + b.sum()) * dx),
    "log2": lambda a, b, dx: game_value(a, b, dx) / math.log(2),
    "rounded": _game_value_rounded,
}


def gaussian(x: np.ndarray, mean: float, std: float) -> np.ndarray:
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


def box(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """A uniform density on [low, high) (zero elsewhere, normalised on the grid)."""
    inside = ((x >= low) & (x < high)).astype(np.float64)
    return inside / (inside.sum() * (x[1] - x[0]))


def game_value_case(p_data: Any, p_g: Any, dx: float, name: str) -> dict[str, Any]:
    a, b = np.asarray(p_data, np.float64), np.asarray(p_g, np.float64)
    return {"p_data": a, "p_g": b, "dx": float(dx), "name": name,
            "want": game_value(a, b, dx),
            "variants": {n: f(a, b, dx) for n, f in GAME_VALUE_VARIANTS.items()}}


def visible_game_value_cases() -> list[dict[str, Any]]:
    x = np.linspace(-6.0, 6.0, 241)
    dx = float(x[1] - x[0])
    # Densities with zeros first: a term 0 log 0 is the first thing to get right.
    return [game_value_case(box(x, -3, -1), box(x, 1, 3), dx, "apart"),
            game_value_case(box(x, -2, 1), box(x, 0, 3), dx, "overlapping boxes"),
            game_value_case(gaussian(x, 2.0, 0.6), gaussian(x, 2.0, 0.6), dx, "equal"),
            game_value_case(gaussian(x, 2.0, 0.6), gaussian(x, 0.0, 1.0), dx, "two bumps"),
            game_value_case(gaussian(x, 2.0, 0.6), gaussian(x, -4.0, 0.6), dx, "far apart")]


# -- exercise 5: the training step ----------------------------------------------------------

def _apply(optimizer: Any, grads: Any, variables: Any) -> None:
    optimizer.apply_gradients(zip(grads, variables, strict=True))


def make_train_step(d_loss_fn: Callable = discriminator_loss,
                    g_loss_fn: Callable = generator_loss) -> Callable:
    """Lesson 01's step with these losses: D on real and fake, then G against the new D."""

    def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        with tf.GradientTape() as tape:
            fake = generator(noise, training=True)
            d_loss = d_loss_fn(discriminator(real_batch, training=True),
                               discriminator(fake, training=True))
        _apply(d_optimizer, tape.gradient(d_loss, discriminator.trainable_variables),
               discriminator.trainable_variables)
        with tf.GradientTape() as tape:
            g_loss = g_loss_fn(discriminator(generator(noise, training=True), training=True))
        _apply(g_optimizer, tape.gradient(g_loss, generator.trainable_variables),
               generator.trainable_variables)
        return d_loss, g_loss

    return train_step


#: The reference step.
train_step = make_train_step()
_dl, _gl = discriminator_loss, generator_loss


def _d_update(g, d, d_opt, real, noise, also: list | None = None):
    with tf.GradientTape() as tape:
        d_loss = _dl(d(real, training=True), d(g(noise, training=True), training=True))
    variables = d.trainable_variables + (also or [])
    _apply(d_opt, tape.gradient(d_loss, variables), variables)
    return d_loss


def _g_update(g, d, g_opt, noise, also: list | None = None):
    with tf.GradientTape() as tape:
        g_loss = _gl(d(g(noise, training=True), training=True))
    variables = g.trainable_variables + (also or [])
    _apply(g_opt, tape.gradient(g_loss, variables), variables)
    return g_loss


def _g_updates_d(g, d, g_opt, d_opt, real, noise):
    d_loss = _d_update(g, d, d_opt, real, noise)
    return d_loss, _g_update(g, d, g_opt, noise, also=d.trainable_variables)


def _d_updates_g(g, d, g_opt, d_opt, real, noise):
    d_loss = _d_update(g, d, d_opt, real, noise, also=g.trainable_variables)
    return d_loss, _g_update(g, d, g_opt, noise)


def _swapped_optimisers(g, d, g_opt, d_opt, real, noise):
    d_loss = _d_update(g, d, g_opt, real, noise)
    return d_loss, _g_update(g, d, d_opt, noise)


def _old_d(g, d, g_opt, d_opt, real, noise):
    with tf.GradientTape(persistent=True) as tape:
        fake_logits = d(g(noise, training=True), training=True)
        d_loss = _dl(d(real, training=True), fake_logits)
        g_loss = _gl(fake_logits)
    _apply(d_opt, tape.gradient(d_loss, d.trainable_variables), d.trainable_variables)
    _apply(g_opt, tape.gradient(g_loss, g.trainable_variables), g.trainable_variables)
    del tape
    return d_loss, g_loss


def _d_loss_after(g, d, g_opt, d_opt, real, noise):
    _d_update(g, d, d_opt, real, noise)
    g_loss = _g_update(g, d, g_opt, noise)
    return _dl(d(real, training=True), d(g(noise, training=True), training=True)), g_loss


def _g_first(g, d, g_opt, d_opt, real, noise):
    g_loss = _g_update(g, d, g_opt, noise)
    return _d_update(g, d, d_opt, real, noise), g_loss


#: What each catalogued mistake of exercise 5 does (keys after "01/ex5/"), as a step.
STEP_VARIANTS: dict[str, Callable] = {
    "g-updates-d": _g_updates_d,
    "d-updates-g": _d_updates_g,
    "swapped-optimisers": _swapped_optimisers,
    "old-d": _old_d,
    "g-first": _g_first,
    "d-loss-after-update": _d_loss_after,
}


def step_case(rng: np.random.Generator, *, noise_dim: int, hidden: int, batch: int,
              g_lr: float, d_lr: float) -> dict[str, Any]:
    """Toy players with weights drawn from ``rng``, a real batch and noise: one step's input."""
    from dcgan_course import toy_gan

    seed = int(rng.integers(0, 2**31 - 200))
    g = toy_gan.build_generator(noise_dim=noise_dim, hidden=hidden, seed=seed)
    d = toy_gan.build_discriminator(hidden=hidden, seed=seed + 100)
    return {"noise_dim": noise_dim, "hidden": hidden, "g_lr": float(g_lr), "d_lr": float(d_lr),
            "g_weights": [w.astype(np.float32) for w in g.get_weights()],
            "d_weights": [w.astype(np.float32) for w in d.get_weights()],
            "real": toy_gan.ONE_PEAK.sample(batch, rng),
            "noise": rng.standard_normal((batch, noise_dim)).astype(np.float32)}


def outcome(step: Callable, case: dict[str, Any]) -> dict[str, Any]:
    """What ``step`` does on ``case`` (run eagerly, as the learner's step is run)."""
    from dcgan_course.exercises.gan_game import fixed_run_step as run_step

    found = run_step(step, case)
    if "raised" in found:
        raise RuntimeError(f"the reference or a variant raised: {found['raised']}")
    return found


def step_outcomes(case: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The right outcome and every catalogued mistake's outcome on ``case``."""
    from dcgan_course.exercises.gan_game import _check_outcome_matches as outcome_matches

    right = outcome(train_step, case)
    variants = {name: outcome(step, case) for name, step in STEP_VARIANTS.items()}
    for name, found in variants.items():
        if outcome_matches(found, right):
            raise RuntimeError(f"the mistake {name} cannot be told from the right step")
    return right, variants


def visible_step_case() -> dict[str, Any]:
    return step_case(np.random.default_rng(101), noise_dim=3, hidden=8, batch=8, g_lr=0.05,
                     d_lr=0.2)


# -- the shipped tables ---------------------------------------------------------------------

def tables() -> dict[str, np.ndarray]:
    """Everything ``gan_game_tables.npz`` holds, computed from the reference."""
    out: dict[str, np.ndarray] = {}
    for name, cases in (("loss", visible_loss_cases()), ("optimal_d", visible_optimal_d_cases()),
                        ("game_value", visible_game_value_cases())):
        put_cases(out, name, cases)
    case = visible_step_case()
    right, variants = step_outcomes(case)
    put(out, "step/case/", case)
    put(out, "step/right/", {k: right[k] for k in ("result", "g", "d")})
    put(out, "step/variant/", {name: {k: found[k] for k in ("result", "g", "d")}
                                for name, found in variants.items()})
    return out


def write_tables(path: Path | None = None) -> Path:
    """Write the tables the learner package ships (default: into the package)."""
    from dcgan_course.exercises import gan_game

    path = Path(path or gan_game.TABLES)
    np.savez_compressed(path, **tables())
    return path


# -- the recorded games ---------------------------------------------------------------------

def saturating_generator_loss(fake_logits: tf.Tensor) -> tf.Tensor:
    """The loss the value function literally gives G: the mean of log(1 - D(G(z)))."""
    return -tf.reduce_mean(tf.nn.softplus(fake_logits))


#: Section 3's demo: D trained alone first, then plain SGD for both players.
HEAD_START = {"means": [4.0], "stds": [0.4], "steps": 600, "d_head_start": 300,
              "optimizer": "sgd", "g_learning_rate": 0.05, "d_learning_rate": 0.05,
              "snapshots": 60, "seed": 0}


def recipe() -> dict[str, Any]:
    """The settings of the recorded games and a fingerprint of the code that played them."""
    from dcgan_course import toy_gan

    sources = [inspect.getsource(f) for f in (make_train_step, discriminator_loss,
                                              generator_loss, saturating_generator_loss)]
    sources += [inspect.getsource(f) for f in (toy_gan.train_game, toy_gan._dense_stack,
                                               toy_gan._train_discriminator_alone)]
    digest = hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]
    return {"head_start": HEAD_START, "source": digest}


def head_start_games(steps: int | None = None) -> dict[str, Any]:
    """Section 3's two games: the saturating and the non-saturating generator loss."""
    from dcgan_course import toy_gan

    settings = dict(HEAD_START)
    data = toy_gan.GaussianMixture(tuple(settings.pop("means")), tuple(settings.pop("stds")),
                                   (1.0,))
    if steps is not None:
        settings["steps"] = steps
    return {f"head-start/{name}": toy_gan.train_game(make_train_step(discriminator_loss, loss),
                                                     data=data, **settings)
            for name, loss in (("saturating", saturating_generator_loss),
                               ("non-saturating", generator_loss))}


def write_recordings(path: Path | None = None) -> Path:
    """Record the games the lesson shows before the learner has a step (into the package)."""
    from dcgan_course import toy_gan

    path = Path(path or toy_gan.RECORDINGS)
    arrays = toy_gan.pack_histories(head_start_games())
    np.savez_compressed(path, recipe=np.array(json.dumps(recipe(), sort_keys=True)), **arrays)
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    print(f"wrote {write_tables()}")
    print(f"wrote {write_recordings()}")
