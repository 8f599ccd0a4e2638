"""A one-dimensional GAN that trains in seconds on a CPU (lesson 01).

Real data are draws from a small mixture of Gaussians on the number line; the generator
turns noise into numbers and the discriminator scores numbers. In one dimension every
quantity of the game can be drawn on one axis: the real density, the generator's
density and the discriminator's output D(x), which is what makes the dynamics visible
(in the spirit of GAN Lab).

:func:`train_game` runs a training-step function with the lesson's signature (the
learner's own ``train_step``) and records snapshots of the game for plots and for
:class:`dcgan_course.widgets.GameViewer`. The package holds no training step of its own:
:func:`with_losses` runs the learner's step with another loss swapped in, and the one demo
that runs before the learner has a step (lesson 01, section 3) shows games recorded by the
instructor's reference step and shipped here (:func:`recorded_games`).
"""

from __future__ import annotations

import json
import math
import types
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tensorflow as tf

from dcgan_course.translate import tr

keras = tf.keras

#: Where the game is drawn: wide enough for every data set below and a wandering generator.
GRID = np.linspace(-6.0, 6.0, 241)
#: Histogram bins used to estimate the generator's density from its samples.
BIN_EDGES = np.linspace(-6.0, 6.0, 97)

StepFunction = Callable[..., tuple]
#: Games recorded by the instructor's reference step (``autograder/reference/toy_gan.py``
#: writes them; a test checks that they are current).
RECORDINGS = Path(__file__).with_name("toy_gan_recordings.npz")
#: The two orders of one round of the game (lesson 01, section 6).
ORDERS = ("alternating", "simultaneous")


@dataclass(frozen=True)
class GaussianMixture:
    """A mixture of 1-D Gaussians: the "real data" of the toy game."""

    means: tuple[float, ...]
    stds: tuple[float, ...]
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if not (len(self.means) == len(self.stds) == len(self.weights)):
            raise ValueError("means, stds and weights must have the same length")
        if not math.isclose(sum(self.weights), 1.0, abs_tol=1e-6):
            raise ValueError(f"weights must sum to 1, got {sum(self.weights)}")

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` samples as a float32 array of shape (n, 1)."""
        component = rng.choice(len(self.means), size=n, p=self.weights)
        means = np.asarray(self.means)[component]
        stds = np.asarray(self.stds)[component]
        return (means + stds * rng.standard_normal(n)).astype(np.float32)[:, None]

    def density(self, x: np.ndarray) -> np.ndarray:
        """The probability density at each point of ``x``."""
        x = np.asarray(x, dtype=np.float64)[..., None]
        means, stds, weights = (np.asarray(v) for v in (self.means, self.stds, self.weights))
        bumps = np.exp(-0.5 * ((x - means) / stds) ** 2) / (stds * math.sqrt(2 * math.pi))
        return (bumps * weights).sum(axis=-1)


#: One bump: the easiest target, used to watch a healthy game converge.
ONE_PEAK = GaussianMixture(means=(2.0,), stds=(0.6,), weights=(1.0,))
#: Two well separated bumps: the classic setting for mode collapse.
TWO_PEAKS = GaussianMixture(means=(-2.5, 2.5), stds=(0.5, 0.5), weights=(0.5, 0.5))


def _dense_stack(inputs: int, hidden: int, outputs: int, seed: int, name: str) -> keras.Model:
    layers = [keras.Input(shape=(inputs,))]
    for i in range(2):
        layers.append(
            keras.layers.Dense(
                hidden,
                activation="leaky_relu",
                kernel_initializer=keras.initializers.GlorotUniform(seed=seed + i),
                name=f"hidden_{i + 1}",
            )
        )
    layers.append(
        keras.layers.Dense(
            outputs,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 2),
            name="output",
        )
    )
    return keras.Sequential(layers, name=name)


def build_generator(noise_dim: int = 4, hidden: int = 32, seed: int = 0) -> keras.Model:
    """Noise of shape (batch, noise_dim) to numbers of shape (batch, 1); no output squashing."""
    return _dense_stack(noise_dim, hidden, 1, seed, "toy_generator")


def build_discriminator(hidden: int = 32, seed: int = 100) -> keras.Model:
    """Numbers of shape (batch, 1) to one *logit* each (apply a sigmoid to get D(x))."""
    return _dense_stack(1, hidden, 1, seed, "toy_discriminator")


def make_optimizers(
    g_learning_rate: float = 1e-3, d_learning_rate: float = 1e-3, beta_1: float = 0.5,
    optimizer: str = "adam",
) -> tuple[keras.optimizers.Optimizer, keras.optimizers.Optimizer]:
    """One optimizer per player; returns (g_opt, d_opt).

    ``"adam"`` (the default) is Adam with the DCGAN paper's beta_1 = 0.5. ``"sgd"`` is plain
    gradient descent, whose step is the gradient times the learning rate: the optimizer that
    shows most directly how large a loss's gradient is (lesson 01, section 3).
    """
    if optimizer == "sgd":
        return keras.optimizers.SGD(g_learning_rate), keras.optimizers.SGD(d_learning_rate)
    if optimizer != "adam":
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    return (
        keras.optimizers.Adam(g_learning_rate, beta_1=beta_1),
        keras.optimizers.Adam(d_learning_rate, beta_1=beta_1),
    )


def _global_names(code: types.CodeType) -> set[str]:
    """Every global name a function's code (and the code nested in it) looks up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def with_losses(step_fn: StepFunction, **replacements: Callable) -> StepFunction:
    """The learner's ``step_fn``, calling ``replacements`` where it calls these global names.

    ``with_losses(train_step, generator_loss=saturating_loss)`` is the learner's own step
    with the saturating loss in place of their ``generator_loss``: everything else (the
    tapes, the order, the optimizers) stays theirs. The step must call the loss by that
    name, as the exercise asks; otherwise swapping would change nothing, so it refuses.
    """
    function = getattr(step_fn, "python_function", step_fn)  # a tf.function's own code
    code = getattr(function, "__code__", None)
    missing = sorted(n for n in replacements if code is None or n not in _global_names(code))
    if missing:
        raise ValueError(tr(
            "{step} does not call {names} by name, so the experiment cannot swap {names} "
            "for another function. Call your own {names} inside the step, as the exercise "
            "asks, and run the step's cell again.",
            step=getattr(function, "__name__", "train_step"), names=", ".join(missing)))
    namespace = {**function.__globals__, **replacements}
    swapped = types.FunctionType(code, namespace, function.__name__, function.__defaults__,
                                 function.__closure__)
    swapped.__kwdefaults__ = function.__kwdefaults__
    return swapped


def simultaneous(step_fn: StepFunction, generator: keras.Model,
                 discriminator: keras.Model) -> StepFunction:
    """Both players update against each other *as they were* at the start of the step.

    Built from the learner's alternating ``step_fn`` and nothing else: a frozen copy of each
    player (updated with a learning rate of 0) stands in for it while the other one learns.
    The discriminator learns against the generator's copy, the generator against the
    discriminator's copy, so neither sees the other's update of this step. Twice the work of
    one step: use it to compare where training goes, not how fast a step runs.
    """
    g_twin = keras.models.clone_model(generator)
    d_twin = keras.models.clone_model(discriminator)
    frozen_g, frozen_d = keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0)

    def step(g, d, g_optimizer, d_optimizer, real_batch, noise):
        for twin, model in ((g_twin, g), (d_twin, d)):
            for copy, variable in zip(twin.trainable_variables, model.trainable_variables,
                                      strict=True):
                copy.assign(variable)
        d_loss, _ = step_fn(g_twin, d, frozen_g, d_optimizer, real_batch, noise)
        _, g_loss = step_fn(g, d_twin, g_optimizer, frozen_d, real_batch, noise)
        return d_loss, g_loss

    return step


@dataclass
class GameSnapshot:
    """The state of the game at one step, evaluated on :data:`GRID`."""

    step: int
    d_on_grid: np.ndarray
    fake_density: np.ndarray
    d_real: float
    d_fake: float


@dataclass
class GameHistory:
    """Everything a plot or the viewer needs about one training run."""

    data: GaussianMixture
    label: str
    grid: np.ndarray = field(default_factory=lambda: GRID.copy())
    bin_centers: np.ndarray = field(
        default_factory=lambda: 0.5 * (BIN_EDGES[1:] + BIN_EDGES[:-1])
    )
    steps: list[int] = field(default_factory=list)
    d_losses: list[float] = field(default_factory=list)
    g_losses: list[float] = field(default_factory=list)
    snapshots: list[GameSnapshot] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def real_density(self) -> np.ndarray:
        return self.data.density(self.grid)


def _compile(step_fn: StepFunction) -> StepFunction:
    """Compile a step with ``tf.function`` (about 5x faster for these tiny models)."""
    return tf.function(step_fn, reduce_retracing=True)


def _snapshot(step, generator, discriminator, eval_noise, eval_real) -> GameSnapshot:
    logits = discriminator(GRID[:, None].astype(np.float32), training=False)
    d_on_grid = tf.sigmoid(logits).numpy()[:, 0]
    fake = generator(eval_noise, training=False).numpy()[:, 0]
    fake_density, _ = np.histogram(np.clip(fake, BIN_EDGES[0], BIN_EDGES[-1]),
                                   bins=BIN_EDGES, density=True)
    d_real = float(tf.reduce_mean(tf.sigmoid(discriminator(eval_real, training=False))))
    d_fake = float(tf.reduce_mean(tf.sigmoid(discriminator(fake[:, None], training=False))))
    return GameSnapshot(step, d_on_grid, fake_density, d_real, d_fake)


def _as_float(value, what: str) -> float:
    try:
        return float(np.asarray(value))
    except (TypeError, ValueError) as error:
        raise TypeError(f"train_step must return two numbers (d_loss, g_loss); its {what} "
                        f"was {type(value).__name__}: {error}") from None


def _train_discriminator_alone(generator, discriminator, data, steps, batch_size, noise_dim,
                               rng) -> None:
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam(1e-2, beta_1=0.5)

    @tf.function
    def d_step(real, noise):
        fake = generator(noise, training=False)
        with tf.GradientTape() as tape:
            real_logits = discriminator(real, training=True)
            fake_logits = discriminator(fake, training=True)
            loss = (bce(tf.ones_like(real_logits), real_logits)
                    + bce(tf.zeros_like(fake_logits), fake_logits))
        grads = tape.gradient(loss, discriminator.trainable_variables)
        optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))

    for _ in range(steps):
        d_step(data.sample(batch_size, rng),
               rng.standard_normal((batch_size, noise_dim)).astype(np.float32))


def snapshot_steps(steps: int, snapshots: int) -> list[int]:
    """The steps at which a game of ``steps`` steps is recorded: ``snapshots`` moments,
    evenly spread from the start (step 0) to the end (step ``steps``), fewer only when the
    game has fewer steps than that."""
    return sorted({int(round(v)) for v in np.linspace(0, steps, max(2, snapshots))})


def train_game(
    step_fn: StepFunction,
    *,
    data: GaussianMixture = ONE_PEAK,
    steps: int = 2000,
    batch_size: int = 128,
    noise_dim: int = 4,
    g_learning_rate: float = 1e-3,
    d_learning_rate: float = 1e-3,
    optimizer: str = "adam",
    order: str = "alternating",
    snapshots: int = 60,
    seed: int = 0,
    label: str = "",
    d_head_start: int = 0,
) -> GameHistory:
    """Train a fresh toy GAN with ``step_fn`` and record the game at ``snapshots`` moments.

    ``step_fn(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise)``
    must update both players and return ``(d_loss, g_loss)``: the lesson's exercise.
    Runs are deterministic for a seed (data, noise and initial weights all derive from it).

    ``order="simultaneous"`` plays the same step with both players updated against each
    other as they were at the start of the step (:func:`simultaneous`). ``d_head_start``
    trains the discriminator alone for that many steps first, so the game starts with a
    discriminator that confidently rejects the generator's samples: the situation in which
    the saturating generator loss stops teaching.
    """
    import time

    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
    rng = np.random.default_rng(seed)
    generator = build_generator(noise_dim, seed=seed)
    discriminator = build_discriminator(seed=seed + 100)
    g_opt, d_opt = make_optimizers(g_learning_rate, d_learning_rate, optimizer=optimizer)
    if d_head_start:
        _train_discriminator_alone(generator, discriminator, data, d_head_start, batch_size,
                                   noise_dim, rng)
    history = GameHistory(data=data, label=label)
    recorded = set(snapshot_steps(steps, snapshots))
    eval_noise = rng.standard_normal((4000, noise_dim)).astype(np.float32)
    eval_real = data.sample(4000, rng)

    play = (step_fn if order == "alternating"
            else simultaneous(step_fn, generator, discriminator))
    step = _compile(play)
    compiled = True
    start = time.perf_counter()
    for i in range(steps + 1):
        if i in recorded:
            history.snapshots.append(_snapshot(i, generator, discriminator, eval_noise,
                                               eval_real))
        if i == steps:
            break
        real = data.sample(batch_size, rng)
        noise = rng.standard_normal((batch_size, noise_dim)).astype(np.float32)
        try:
            d_loss, g_loss = step(generator, discriminator, g_opt, d_opt, real, noise)
        except NotImplementedError:
            raise NotImplementedError(tr(
                "train_step is not written yet: finish the training-step exercise above, "
                "run its cell, then rerun this one."
            )) from None
        except Exception as error:  # the learner's code may not trace; eager still teaches
            if not compiled or i > 0:
                raise
            warnings.warn(
                tr("train_step could not be compiled with tf.function ({kind}: {error}); "
                   "running it eagerly, which is slower but gives the same result.",
                   kind=type(error).__name__, error=error),
                stacklevel=2,
            )
            step, compiled = play, False
            # A failed trace can leave half-built optimizer slots behind: start them afresh.
            g_opt, d_opt = make_optimizers(g_learning_rate, d_learning_rate,
                                           optimizer=optimizer)
            d_loss, g_loss = step(generator, discriminator, g_opt, d_opt, real, noise)
        history.steps.append(i + 1)
        history.d_losses.append(_as_float(d_loss, "d_loss"))
        history.g_losses.append(_as_float(g_loss, "g_loss"))
    history.seconds = time.perf_counter() - start
    return history


def generator_mean(history: GameHistory, snapshot: int = -1) -> float:
    """The mean of the generator's samples at one snapshot (from its histogram)."""
    density = history.snapshots[snapshot].fake_density
    return float((history.bin_centers * density).sum() / max(float(density.sum()), 1e-12))


def distance_to_data(history: GameHistory, snapshot: int = -1) -> float:
    """How far the generator's samples are from the data: the Wasserstein-1 distance.

    In one dimension it is the area between the two cumulative distribution functions, here
    of the generator's histogram and of the data's density on the same bins. It is in the
    units of x: 0.1 means the samples would have to move 0.1 on average to match the data.
    """
    width = float(history.bin_centers[1] - history.bin_centers[0])
    fake = history.snapshots[snapshot].fake_density * width
    real = history.data.density(history.bin_centers)
    real = real / real.sum()
    return float(np.abs(np.cumsum(fake) - np.cumsum(real)).sum() * width)


def steps_to_reach(history: GameHistory, target: float, tolerance: float = 0.3) -> int | None:
    """The first recorded step at which the generator's mean is within ``tolerance`` of
    ``target`` (None if it never gets there)."""
    for index, snap in enumerate(history.snapshots):
        if abs(generator_mean(history, index) - target) < tolerance:
            return snap.step
    return None


def mode_coverage(history: GameHistory, snapshot: int = -1) -> list[float]:
    """Share of generated mass within two standard deviations of each real mode.

    A healthy generator splits its mass like the data's weights; a collapsed one puts
    (almost) everything on one mode. Returned per mode, in the data's order.
    """
    snap = history.snapshots[snapshot]
    width = history.bin_centers[1] - history.bin_centers[0]
    shares = []
    for mean, std in zip(history.data.means, history.data.stds, strict=True):
        near = np.abs(history.bin_centers - mean) <= 2 * std
        shares.append(float(snap.fake_density[near].sum() * width))
    return shares


def summarise(histories: Sequence[GameHistory]) -> str:
    """One line per run: final losses, D on real and fake, seconds taken."""
    lines = []
    for h in histories:
        last = h.snapshots[-1]
        lines.append(tr(
            "{label:<28} D loss {d_loss:6.3f}   G loss {g_loss:6.3f}   D(real) {d_real:5.2f}   "
            "D(fake) {d_fake:5.2f}   ({seconds:4.1f} s)", label=h.label or tr("run"),
            d_loss=h.d_losses[-1], g_loss=h.g_losses[-1], d_real=last.d_real,
            d_fake=last.d_fake, seconds=h.seconds))
    return "\n".join(lines)


# --------------------------------------------------------------------------- recorded games

#: The recorded games (:data:`RECORDINGS`), in the order the lesson shows them.
RECORDED_NAMES = ("head-start/saturating", "head-start/non-saturating")


def recorded_label(name: str) -> str:
    """How the lesson labels a recorded game (in the edition's language)."""
    labels = {"head-start/saturating": tr("saturating loss (recorded)"),
              "head-start/non-saturating": tr("non-saturating loss (recorded)")}
    return labels.get(name, name)


def pack_histories(histories: dict[str, GameHistory]) -> dict[str, np.ndarray]:
    """Arrays (for ``np.savez``) that :func:`unpack_histories` turns back into the games."""
    out: dict[str, np.ndarray] = {"names": np.array(sorted(histories))}
    for name, h in histories.items():
        prefix = f"{name}/"
        out[prefix + "data"] = np.array([h.data.means, h.data.stds, h.data.weights])
        out[prefix + "steps"] = np.asarray(h.steps, np.int32)
        out[prefix + "d_losses"] = np.asarray(h.d_losses, np.float32)
        out[prefix + "g_losses"] = np.asarray(h.g_losses, np.float32)
        out[prefix + "snap_steps"] = np.array([s.step for s in h.snapshots], np.int32)
        out[prefix + "d_on_grid"] = np.array([s.d_on_grid for s in h.snapshots], np.float16)
        out[prefix + "fake_density"] = np.array([s.fake_density for s in h.snapshots],
                                                np.float16)
        out[prefix + "d_real_fake"] = np.array([[s.d_real, s.d_fake] for s in h.snapshots],
                                               np.float32)
    return out


def unpack_histories(arrays: dict[str, np.ndarray]) -> dict[str, GameHistory]:
    """The games packed by :func:`pack_histories` (labels left empty)."""
    games = {}
    for name in (str(n) for n in arrays["names"]):
        prefix = f"{name}/"
        means, stds, weights = (tuple(float(v) for v in row) for row in arrays[prefix + "data"])
        h = GameHistory(data=GaussianMixture(means, stds, weights), label="")
        h.steps = [int(v) for v in arrays[prefix + "steps"]]
        h.d_losses = [float(v) for v in arrays[prefix + "d_losses"]]
        h.g_losses = [float(v) for v in arrays[prefix + "g_losses"]]
        h.snapshots = [
            GameSnapshot(int(step), d.astype(np.float64), f.astype(np.float64), float(rf[0]),
                         float(rf[1]))
            for step, d, f, rf in zip(arrays[prefix + "snap_steps"], arrays[prefix + "d_on_grid"],
                                      arrays[prefix + "fake_density"],
                                      arrays[prefix + "d_real_fake"], strict=True)]
        games[name] = h
    return games


def recipe_of(path: Path = RECORDINGS) -> dict:
    """How the shipped games were recorded (settings and the reference's fingerprint)."""
    with np.load(path) as arrays:
        return json.loads(str(arrays["recipe"]))


def recorded_games(prefix: str = "", path: Path = RECORDINGS) -> list[GameHistory]:
    """The games recorded by the instructor's reference step whose names start with
    ``prefix``, labelled for the lesson (in the edition's language)."""
    with np.load(path) as arrays:
        games = unpack_histories(dict(arrays))
    names = [n for n in RECORDED_NAMES if n in games] + sorted(set(games) - set(RECORDED_NAMES))
    found = []
    for name in names:
        if name.startswith(prefix):
            games[name].label = recorded_label(name)
            found.append(games[name])
    return found


def order_table(runs: dict[str, Sequence[GameHistory]], target: float = 2.0) -> str:
    """Lesson 01, section 7: per order, each seed's distance to the data at the end and the
    step at which the generator's mean first came within 0.2 of ``target``."""
    names = {"alternating": tr("alternating (G sees the updated D)"),
             "simultaneous": tr("simultaneous (G sees D before its update)")}
    lines = []
    for order, histories in runs.items():
        distances = [distance_to_data(h) for h in histories]
        reached = [steps_to_reach(h, target, 0.2) for h in histories]
        lines.append(tr("{order:<42} distance to the data at the end: {distances} "
                        "(median {median:.3f});  reached the data at step: {reached}",
                        order=names.get(order, order),
                        distances=", ".join(f"{d:.3f}" for d in distances),
                        median=float(np.median(distances)),
                        reached=", ".join("-" if r is None else str(r) for r in reached)))
    return "\n".join(lines)
