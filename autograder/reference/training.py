"""Reference answers of lesson 06: the DCGAN losses (exercise 1) and the training step
(exercise 2), the catalogued mistakes as code, and the tables the learner package ships.

For the grader (``verdicts/lesson06.py`` computes right and mistaken outcomes on its own
cases), the tests, the benchmarks and the instructor's command line. The learner package
holds none of this: lesson 06 trains the learner's own step, and its visible checks compare
with ``dcgan_course/exercises/training_step_tables.npz``, which this module writes::

    .venv/bin/python autograder/reference/training.py        # rewrite the shipped tables

(``tests/test_training_learner_step.py`` fails when the shipped file is not current.)
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow import keras

SMOOTHING = 0.9


# -- exercise 1 -----------------------------------------------------------------------------

def discriminator_loss(real_logits: tf.Tensor, fake_logits: tf.Tensor,
                       smoothing: float = SMOOTHING) -> tf.Tensor:
    """Cross-entropy from logits: real images labelled ``smoothing`` (one-sided), fakes 0.

    Computed in float32 whatever the logits' dtype (mixed precision), as
    ``smoothing * softplus(-r) + (1 - smoothing) * softplus(r)`` for the reals.
    """
    real_logits = tf.cast(real_logits, tf.float32)
    fake_logits = tf.cast(fake_logits, tf.float32)
    real = smoothing * tf.nn.softplus(-real_logits) + (1.0 - smoothing) * tf.nn.softplus(
        real_logits)
    return tf.reduce_mean(real) + tf.reduce_mean(tf.nn.softplus(fake_logits))


def generator_loss(fake_logits: tf.Tensor) -> tf.Tensor:
    """The non-saturating generator loss: mean of -log D(G(z)), computed from logits."""
    return tf.reduce_mean(tf.nn.softplus(-tf.cast(fake_logits, tf.float32)))


def bce(logits: Any, target: float) -> np.ndarray:
    """Binary cross-entropy of ``logits`` against ``target`` in float64, stable for any logit."""
    logits = np.asarray(logits, np.float64)
    return target * np.logaddexp(0.0, -logits) + (1.0 - target) * np.logaddexp(0.0, logits)


def d_loss_value(real: Any, fake: Any, smoothing: float = SMOOTHING) -> float:
    """The right discriminator loss in float64 (the grader's reference number)."""
    return float(bce(real, smoothing).mean() + bce(fake, 0.0).mean())


def g_loss_value(fake: Any) -> float:
    """The right generator loss in float64."""
    return float(bce(fake, 1.0).mean())


#: What each catalogued mistake of exercise 1 computes (dcgan_course.exercises.training_step:
#: the keys after "06/ex1/"). Discriminator variants take (real, fake, smoothing).
D_LOSS_VARIANTS: dict[str, Callable[[Any, Any, float], float]] = {
    "summed": lambda r, f, s: float(bce(r, s).sum() + bce(f, 0.0).sum()),
    "pooled-mean": lambda r, f, s: float(np.concatenate([bce(r, s).ravel(),
                                                         bce(f, 0.0).ravel()]).mean()),
    "smoothing-ignored": lambda r, f, s: d_loss_value(r, f, SMOOTHING),
    "smoothing-flipped": lambda r, f, s: d_loss_value(r, f, 1.0 - s),
    "two-sided": lambda r, f, s: float(bce(r, s).mean() + bce(f, 1.0 - s).mean()),
    "fakes-smoothed": lambda r, f, s: float(bce(r, 1.0).mean() + bce(f, 1.0 - s).mean()),
    "classifier-smoothing": lambda r, f, s: float(bce(r, 1 - (1 - s) / 2).mean()
                                                  + bce(f, (1 - s) / 2).mean()),
}
#: Generator variants take the fake logits.
G_LOSS_VARIANTS: dict[str, Callable[[Any], float]] = {
    "summed": lambda f: float(bce(f, 1.0).sum()),
    "g-smoothed": lambda f: float(bce(f, SMOOTHING).mean()),
    "g-saturating": lambda f: float(-np.logaddexp(0.0, np.asarray(f, np.float64)).mean()),
    "g-target-zero": lambda f: float(bce(f, 0.0).mean()),
}


def loss_case(kind: str, fake: Any, real: Any = None, smoothing: float | None = None
              ) -> dict[str, Any]:
    """One loss case with its right value and every catalogued mistake's value."""
    fake = np.asarray(fake, np.float32)
    if kind == "g":
        return {"kind": "g", "fake": fake, "smoothing": SMOOTHING, "explicit": False,
                "want": g_loss_value(fake),
                "variants": {name: f(fake) for name, f in G_LOSS_VARIANTS.items()}}
    real = np.asarray(real, np.float32)
    s = SMOOTHING if smoothing is None else float(smoothing)
    return {"kind": "d", "real": real, "fake": fake, "smoothing": s,
            "explicit": smoothing is not None, "want": d_loss_value(real, fake, s),
            "variants": {name: f(real, fake, s) for name, f in D_LOSS_VARIANTS.items()}}


#: The visible check's loss cases (logits of shape (n, 1); real and fake batches of
#: different sizes; the default smoothing, lesson 01's 1.0, another, and logits of ±1000).
def visible_loss_cases() -> list[dict[str, Any]]:
    real, fake = [[2.0], [-1.0], [0.5]], [[0.3], [-2.0]]
    return [loss_case("d", fake, real), loss_case("d", fake, real, 1.0),
            loss_case("d", fake, real, 0.8),
            loss_case("d", [[1000.0]], [[-1000.0], [1000.0], [1000.0]]),
            loss_case("g", fake), loss_case("g", [[-1000.0], [3.0]])]


# -- exercise 2 -----------------------------------------------------------------------------

def step_with(d_loss_fn: Callable, g_loss_fn: Callable, generator: keras.Model,
              discriminator: Any, g_optimizer: keras.optimizers.Optimizer,
              d_optimizer: keras.optimizers.Optimizer, real_batch: tf.Tensor,
              noise: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """One simultaneous DCGAN step with given losses (exercise 2's algorithm).

    The fakes are made once; real and fake go through D in two calls (batch norm sees each
    batch's own statistics); both gradients come from the one forward pass (two tapes).
    """
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = tf.cast(d_loss_fn(real_logits, fake_logits), tf.float32)
        g_loss = tf.cast(g_loss_fn(fake_logits), tf.float32)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars, strict=True))
    g_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars, strict=True))
    return d_loss, g_loss


def make_train_step(smoothing: float = SMOOTHING) -> Callable:
    """Exercise 2's ``train_step(generator, discriminator, g_optimizer, d_optimizer,
    real_batch, noise) -> (d_loss, g_loss)`` with the reference losses."""
    return functools.partial(step_with,
                             lambda r, f: discriminator_loss(r, f, smoothing), generator_loss)


#: The reference step with the lesson's smoothing (0.9).
train_step = make_train_step()

_dl, _gl = discriminator_loss, generator_loss


def _apply(optimizer: Any, grads: Any, variables: Any) -> None:
    optimizer.apply_gradients(zip(grads, variables, strict=True))


def _concatenated(g, d, g_opt, d_opt, real, noise):
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = g(noise, training=True)
        logits = d(tf.concat([real, fake], 0), training=True)
        n = tf.shape(real)[0]
        d_loss, g_loss = _dl(logits[:n], logits[n:]), _gl(logits[n:])
    _apply(d_opt, d_tape.gradient(d_loss, d.trainable_variables), d.trainable_variables)
    _apply(g_opt, g_tape.gradient(g_loss, g.trainable_variables), g.trainable_variables)
    return d_loss, g_loss


def _fakes_regenerated(g, d, g_opt, d_opt, real, noise):
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        d_loss = _dl(d(real, training=True), d(g(noise, training=True), training=True))
        g_loss = _gl(d(g(noise, training=True), training=True))
    _apply(d_opt, d_tape.gradient(d_loss, d.trainable_variables), d.trainable_variables)
    _apply(g_opt, g_tape.gradient(g_loss, g.trainable_variables), g.trainable_variables)
    return d_loss, g_loss


def _lesson01_order(g, d, g_opt, d_opt, real, noise):
    with tf.GradientTape() as tape:
        d_loss = _dl(d(real, training=True), d(g(noise, training=True), training=True))
    _apply(d_opt, tape.gradient(d_loss, d.trainable_variables), d.trainable_variables)
    with tf.GradientTape() as tape:
        g_loss = _gl(d(g(noise, training=True), training=True))
    _apply(g_opt, tape.gradient(g_loss, g.trainable_variables), g.trainable_variables)
    return d_loss, g_loss


def _inference_mode(g, d, g_opt, d_opt, real, noise):
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = g(noise)
        fake_logits = d(fake)
        d_loss, g_loss = _dl(d(real), fake_logits), _gl(fake_logits)
    _apply(d_opt, d_tape.gradient(d_loss, d.trainable_variables), d.trainable_variables)
    _apply(g_opt, g_tape.gradient(g_loss, g.trainable_variables), g.trainable_variables)
    return d_loss, g_loss


def _gradients(g, d, real, noise, d_of=None, g_of=None):
    """One forward pass; gradients of the chosen losses for each player's variables."""
    with tf.GradientTape(persistent=True) as tape:
        fake_logits = d(g(noise, training=True), training=True)
        d_loss, g_loss = _dl(d(real, training=True), fake_logits), _gl(fake_logits)
    losses = {"d": d_loss, "g": g_loss}
    d_grads = tape.gradient(losses[d_of or "d"], d.trainable_variables)
    g_grads = tape.gradient(losses[g_of or "g"], g.trainable_variables)
    d_from_g = tape.gradient(g_loss, d.trainable_variables)
    return d_loss, g_loss, d_grads, g_grads, d_from_g


def _swapped_optimisers(g, d, g_opt, d_opt, real, noise):
    d_loss, g_loss, d_grads, g_grads, _ = _gradients(g, d, real, noise)
    _apply(g_opt, d_grads, d.trainable_variables)
    _apply(d_opt, g_grads, g.trainable_variables)
    return d_loss, g_loss


def _crossed_losses(g, d, g_opt, d_opt, real, noise):
    d_loss, g_loss, d_grads, g_grads, _ = _gradients(g, d, real, noise, d_of="g", g_of="d")
    _apply(d_opt, d_grads, d.trainable_variables)
    _apply(g_opt, g_grads, g.trainable_variables)
    return d_loss, g_loss


def _g_updates_d(g, d, g_opt, d_opt, real, noise):
    d_loss, g_loss, d_grads, g_grads, d_from_g = _gradients(g, d, real, noise)
    _apply(d_opt, d_grads, d.trainable_variables)
    _apply(g_opt, [*g_grads, *d_from_g], [*g.trainable_variables, *d.trainable_variables])
    return d_loss, g_loss


def _losses_after_update(g, d, g_opt, d_opt, real, noise):
    train_step(g, d, g_opt, d_opt, real, noise)
    fake_logits = d(g(noise, training=True), training=True)
    return _dl(d(real, training=True), fake_logits), _gl(fake_logits)


#: Exercise 2's catalogued mistakes as the code a learner writes (keys after "06/ex2/").
STEP_VARIANTS: dict[str, Callable] = {
    "concatenated": _concatenated,
    "fakes-regenerated": _fakes_regenerated,
    "lesson01-order": _lesson01_order,
    "inference-mode": _inference_mode,
    "swapped-optimisers": _swapped_optimisers,
    "crossed-losses": _crossed_losses,
    "g-updates-d": _g_updates_d,
    "losses-after-update": _losses_after_update,
}


def draw_weights(model: Any, rng: np.random.Generator) -> list[np.ndarray]:
    """Weights for ``model`` drawn at random (batch norm's moving statistics included)."""
    drawn = []
    for variable in model.weights:
        shape, name = tuple(variable.shape), variable.path
        if name.endswith("gamma"):
            w = rng.uniform(0.7, 1.3, shape)
        elif name.endswith("beta") or name.endswith("bias"):
            w = rng.normal(0, 0.1, shape)
        elif name.endswith("moving_mean"):
            w = rng.normal(0, 0.2, shape)
        elif name.endswith("moving_variance"):
            w = rng.uniform(0.5, 2.0, shape)
        else:
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            w = rng.normal(0, 1.0 / np.sqrt(fan_in), shape)
        drawn.append(w.astype(np.float32))
    return drawn


def step_case(rng: np.random.Generator, z_dim: int, width: int, batch: int, g_lr: float,
              d_lr: float) -> dict[str, Any]:
    """A case for :func:`dcgan_course.exercises.training_step.fixed_run_step`: drawn weights and
    inputs for the tiny models, plain SGD with a learning rate per player."""
    from dcgan_course.exercises.training_step import fixed_tiny_models

    g, d = fixed_tiny_models(z_dim, width)
    return {"z_dim": z_dim, "width": width, "g_lr": g_lr, "d_lr": d_lr,
            "g_weights": draw_weights(g, rng), "d_weights": draw_weights(d, rng),
            "g_trainable": [i for i, w in enumerate(g.weights) if w.trainable],
            "d_trainable": [i for i, w in enumerate(d.weights) if w.trainable],
            "real": rng.uniform(-1, 1, (batch, 8, 8, 3)).astype(np.float32),
            "noise": rng.standard_normal((batch, z_dim)).astype(np.float32)}


def outcome(step: Callable, case: dict[str, Any]) -> dict[str, Any]:
    """What ``step`` does on ``case`` (run eagerly, as the learner's step is run)."""
    from dcgan_course.exercises.training_step import fixed_run_step

    found = fixed_run_step(step, case)
    if "raised" in found:
        raise RuntimeError(f"the reference or a variant raised: {found['raised']}")
    return found


# -- the shipped tables ---------------------------------------------------------------------

def tables() -> dict[str, np.ndarray]:
    """Everything ``training_step_tables.npz`` holds, computed from the reference."""
    from dcgan_course.exercises import training_step as ts

    out: dict[str, np.ndarray] = {}
    cases = visible_loss_cases()
    out["loss/count"] = np.array(len(cases))
    for index, case in enumerate(cases):
        prefix = f"loss/{index}/"
        out[prefix + "is_d"] = np.array(case["kind"] == "d")
        out[prefix + "fake"] = case["fake"]
        if case["kind"] == "d":
            out[prefix + "real"] = case["real"]
        out[prefix + "smoothing"] = np.array(case["smoothing"])
        out[prefix + "explicit"] = np.array(case["explicit"])
        out[prefix + "want"] = np.array(case["want"])
        for name, value in case["variants"].items():
            out[f"{prefix}variant/{name}"] = np.array(value)
    case = step_case(np.random.default_rng(606), z_dim=8, width=4, batch=4, g_lr=0.05,
                     d_lr=0.2)
    for key in ("real", "noise", "g_lr", "d_lr", "z_dim", "width", "g_trainable",
                "d_trainable"):
        out[f"step/{key}"] = np.asarray(case[key])
    for net in ("g", "d"):
        out[f"step/{net}_count"] = np.array(len(case[f"{net}_weights"]))
        for i, w in enumerate(case[f"{net}_weights"]):
            out[f"step/{net}_weights/{i}"] = w
    right = outcome(train_step, case)
    outcomes = {"right": right, **{name: outcome(STEP_VARIANTS[name], case)
                                   for name in ts.STEP_VARIANTS}}
    for name, found in outcomes.items():
        if name != "right" and ts._check_outcome_matches(found, right):
            raise RuntimeError(f"the mistake {name} cannot be told from the right step")
        prefix = f"step/outcome/{name}/"
        out[prefix + "d_loss"], out[prefix + "g_loss"] = (np.asarray(v) for v in
                                                          found["result"])
        for net in ("g", "d"):
            for i, w in enumerate(found[net]):
                out[f"{prefix}{net}/{i}"] = np.asarray(w)
    return out


def write_tables(path: Path | None = None) -> Path:
    """Write the tables the learner package ships (default: into the package)."""
    from dcgan_course.exercises import training_step as ts

    path = Path(path or ts.TABLES)
    np.savez_compressed(path, **tables())
    return path


if __name__ == "__main__":
    print(f"wrote {write_tables(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
