"""A one-dimensional GAN that trains in seconds on a CPU (lesson 01).

Real data are draws from a small mixture of Gaussians on the number line; the generator
turns noise into numbers and the discriminator scores numbers. In one dimension every
quantity of the game can be drawn on one axis: the real density, the generator's
density and the discriminator's output D(x), which is what makes the dynamics visible
(in the spirit of GAN Lab).

:func:`train_game` runs any training-step function with the lesson's signature and
records snapshots of the game for plots and for :class:`dcgan_course.widgets.GameViewer`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from dcgan_course.answers import answer_to
from dcgan_course.translate import tr

keras = tf.keras

#: Where the game is drawn: wide enough for every data set below and a wandering generator.
GRID = np.linspace(-6.0, 6.0, 241)
#: Histogram bins used to estimate the generator's density from its samples.
BIN_EDGES = np.linspace(-6.0, 6.0, 97)

StepFunction = Callable[..., tuple]


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
    g_learning_rate: float = 1e-3, d_learning_rate: float = 1e-3, beta_1: float = 0.5
) -> tuple[keras.optimizers.Optimizer, keras.optimizers.Optimizer]:
    """Adam for each player, with the DCGAN paper's beta_1 = 0.5; returns (g_opt, d_opt)."""
    return (
        keras.optimizers.Adam(g_learning_rate, beta_1=beta_1),
        keras.optimizers.Adam(d_learning_rate, beta_1=beta_1),
    )


@answer_to("01-gan-intro/ex4-tests")
def make_train_step(
    d_loss_fn: Callable[[tf.Tensor, tf.Tensor], tf.Tensor],
    g_loss_fn: Callable[[tf.Tensor], tf.Tensor],
) -> StepFunction:
    """Build a step with the lesson's signature from two loss functions.

    The lesson's experiments use this to swap one loss for another (for example the
    saturating generator loss) while everything else stays the same.
    """

    def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        with tf.GradientTape() as tape:
            fake = generator(noise, training=True)
            d_loss = d_loss_fn(discriminator(real_batch, training=True),
                               discriminator(fake, training=True))
        grads = tape.gradient(d_loss, discriminator.trainable_variables)
        d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
        with tf.GradientTape() as tape:
            fake = generator(noise, training=True)
            g_loss = g_loss_fn(discriminator(fake, training=True))
        grads = tape.gradient(g_loss, generator.trainable_variables)
        g_optimizer.apply_gradients(zip(grads, generator.trainable_variables, strict=True))
        return d_loss, g_loss

    return train_step


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


def train_game(
    step_fn: StepFunction,
    *,
    data: GaussianMixture = ONE_PEAK,
    steps: int = 2000,
    batch_size: int = 128,
    noise_dim: int = 4,
    g_learning_rate: float = 1e-3,
    d_learning_rate: float = 1e-3,
    snapshots: int = 60,
    seed: int = 0,
    label: str = "",
    d_head_start: int = 0,
) -> GameHistory:
    """Train a fresh toy GAN with ``step_fn`` and record the game.

    ``step_fn(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise)``
    must update both players and return ``(d_loss, g_loss)``: the lesson's exercise.
    Runs are deterministic for a seed (data, noise and initial weights all derive from it).

    ``d_head_start`` trains the discriminator alone for that many steps first, so the game
    starts with a discriminator that confidently rejects the generator's samples: the
    situation in which the saturating generator loss stops teaching.
    """
    import time

    rng = np.random.default_rng(seed)
    generator = build_generator(noise_dim, seed=seed)
    discriminator = build_discriminator(seed=seed + 100)
    g_opt, d_opt = make_optimizers(g_learning_rate, d_learning_rate)
    if d_head_start:
        _train_discriminator_alone(generator, discriminator, data, d_head_start, batch_size,
                                   noise_dim, rng)
    history = GameHistory(data=data, label=label)
    every = max(1, steps // max(1, snapshots))
    eval_noise = rng.standard_normal((4000, noise_dim)).astype(np.float32)
    eval_real = data.sample(4000, rng)

    step = _compile(step_fn)
    compiled = True
    start = time.perf_counter()
    for i in range(steps + 1):
        if i % every == 0 or i == steps:
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
            step, compiled = step_fn, False
            # A failed trace can leave half-built optimizer slots behind: start them afresh.
            g_opt, d_opt = make_optimizers(g_learning_rate, d_learning_rate)
            d_loss, g_loss = step(generator, discriminator, g_opt, d_opt, real, noise)
        history.steps.append(i + 1)
        history.d_losses.append(_as_float(d_loss, "d_loss"))
        history.g_losses.append(_as_float(g_loss, "g_loss"))
    history.seconds = time.perf_counter() - start
    return history


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
