"""The course's DCGAN training engine (lesson 06 and ``python -m dcgan_course train``).

It trains *any* generator/discriminator pair built by the learner's builders from lessons 04
and 05 (see :mod:`dcgan_course.carry`); the course ships no reference DCGAN. What it adds to
the few lines of a training step a learner writes:

* **Your step, compiled.** ``train_step=`` takes the learner's step from lesson 06's
  exercise 2, ``train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch,
  noise) -> (d_loss, g_loss)``, and runs *that* function as one ``tf.function`` inside the
  strategy's scope. The package holds no step of its own (the course's reference answers
  live with the instructor, ``autograder/reference``): lesson 06 passes the learner's step
  once it passes its check (:func:`step_problem`), the command line the one lesson 06
  saved, the instructor's tools the reference (``step_source="reference"``). Without a step
  :meth:`Trainer.fit` trains nothing, :attr:`Trainer.step_source` is ``"none"`` and the
  dashboard says so; :meth:`Trainer.show_reference` then loads the course's shipped
  generator when there is one. D(x) and D(G(z)) for the dashboard are read from the
  discriminator's two calls inside the step (:class:`_RecordingDiscriminator`), at no
  extra cost.
* **Mixed precision where it pays.** ``precision="auto"`` times a 5x5 convolution in float32
  and in bfloat16 on this machine and uses Keras' ``mixed_bfloat16`` policy only when
  bfloat16 is clearly faster (CPUs with AVX512-BF16/AMX, recent GPUs). Under that policy
  every layer computes in bfloat16 with float32 weights, *except the discriminator's last
  layer*: the engine sets its policy to float32 (and checks the logits' dtype), so the logits
  the losses see are computed in float32, and the losses with them. It is a measurement, not
  a guess: on a CPU without bfloat16 units it is slower, and the engine stays in float32.
* **An averaged generator for sampling.** With ``ema`` (the profiles' ``ema_decay``) the
  engine keeps an exponential moving average of the generator's weights after every step
  (Yazıcı et al., 2019, "The unusual effectiveness of averaging in GAN training") and samples
  from it by default; the raw generator is still there (``generate(..., averaged=False)``).
  The average smooths out the generator's step-to-step oscillation in the game; it is never
  trained and costs one multiply-add per weight per step.
* **Checkpoints and resume.** ``tf.train.CheckpointManager`` saves models, optimisers, the
  noise generator, the step counter and the fixed latent vectors every ``checkpoint_every``
  steps. Running the same training again (same ``out_dir``) resumes where it stopped, after
  an interrupt, a kernel restart or a kill: at most one interval is lost. A checkpoint from
  a different architecture raises :class:`CheckpointMismatch`, never a silent partial load.
* **A divergence guard.** A NaN, infinite or exploding loss stops training with
  :class:`TrainingDiverged`; nothing is saved after the bad step, so the last good
  checkpoint stays intact.
* **Profiles.** ``fast`` (seconds, for CI and grading), ``study`` (recognisable digits in a
  few minutes on 2 CPU cores: narrower networks, fewer images, bench/time_to_digits.py),
  ``full`` (the Udacity SVHN
  model: z 100, 4x4x512 generator, batch 128, 25 epochs), see :data:`PROFILES`.
* **tf.distribute.** Models, optimisers and the step live in a strategy's scope (the default
  strategy on one device), so a multi-GPU machine runs the same code with
  ``strategy=tf.distribute.MirroredStrategy()``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow import keras

from dcgan_course import regularizers
from dcgan_course.augment import AugmentingDiscriminator
from dcgan_course.data import make_dataset
from dcgan_course.translate import tr

ADAM_LEARNING_RATE = 2e-4
ADAM_BETA_1 = 0.5
SMOOTHING = 0.9
IMAGE_SIZE = 32
CHANNELS = 3
HISTORY_KEYS = ("step", "d_loss", "g_loss", "d_real", "d_fake", "seconds")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Everything that sizes one training run (see :data:`PROFILES`).

    ``g_width``/``d_width`` follow the builders' convention (lesson 04/05): the generator's
    width is the depth of its last hidden layer (128 gives 4x4x512 -> 8x8x256 -> 16x16x128),
    the discriminator's the depth of its first convolution. ``images`` is how many training
    images to use (``None``: all of them). ``steps`` is the total number of training steps.
    """

    name: str
    z_dim: int = 100
    g_width: int = 128
    d_width: int = 64
    batch_size: int = 128
    images: int | None = None
    steps: int = 1000
    checkpoint_every: int = 500
    sample_every: int = 100
    learning_rate: float = ADAM_LEARNING_RATE
    beta_1: float = ADAM_BETA_1
    smoothing: float = SMOOTHING
    samples: int = 32
    seed: int = 0
    explode_at: float = 100.0
    ema_decay: float | None = 0.999
    # What came after DCGAN (lesson 06, "What came after DCGAN"); the defaults are the 2015
    # recipe. Each is explained where it is implemented and measured in bench/time_to_digits.py.
    d_learning_rate: float | None = None  # TTUR: D's own rate (None: learning_rate)
    g_learning_rate: float | None = None  # TTUR: G's own rate (None: learning_rate)
    lr_decay: float = 0.0  # share of the run, at its end, over which both rates fall to 0
    augment: str = ""  # DiffAugment policy, e.g. "color,translation,cutout" (augment.py)
    r1_gamma: float = 0.0  # R1 penalty weight on real images (regularizers.py); 0 = off
    r1_every: int = 4  # lazy R1: one penalty update of D every this many steps
    spectral_norm: bool = False  # D's Conv2D/Dense layers spectrally normalised
    minibatch_stddev: bool = False  # a minibatch-stddev feature map before D's Flatten
    ema_refresh: bool = False  # re-estimate the averaged G's batch-norm statistics to sample

    @property
    def rates(self) -> tuple[float, float]:
        """(G's, D's) learning rate: the TTUR pair where set, else ``learning_rate``."""
        return (self.g_learning_rate or self.learning_rate,
                self.d_learning_rate or self.learning_rate)

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (``None`` values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def epochs_to_steps(epochs: float, images: int, batch_size: int) -> int:
    """Training steps that make ``epochs`` passes over ``images`` in full batches."""
    return max(1, int(epochs * (images // batch_size)))


SVHN_TRAIN_IMAGES = 73_257

#: The three run sizes. ``study`` was chosen by measurement (bench/time_to_digits.py).
PROFILES: dict[str, TrainConfig] = {
    "fast": TrainConfig("fast", z_dim=16, g_width=8, d_width=8, batch_size=16, images=256,
                        steps=12, checkpoint_every=6, sample_every=6, samples=16),
    "study": TrainConfig("study", z_dim=100, g_width=32, d_width=32, batch_size=64,
                         images=20_000, steps=4000, checkpoint_every=250, sample_every=100),
    # A study group's long run: the study networks left training for about 20 minutes of
    # a discussion (2 cores); the course's reference model (assets/) is one.
    "session": TrainConfig("session", z_dim=100, g_width=32, d_width=32, batch_size=64,
                           images=20_000, steps=20_000, checkpoint_every=1000,
                           sample_every=500),
    "full": TrainConfig("full", z_dim=100, g_width=128, d_width=64, batch_size=128,
                        images=None, steps=epochs_to_steps(25, SVHN_TRAIN_IMAGES, 128),
                        checkpoint_every=500, sample_every=250),
}


#: The post-DCGAN options and their 2015-recipe values (off).
RECIPE_2015 = dict(d_learning_rate=None, g_learning_rate=None, lr_decay=0.0, augment="",
                   r1_gamma=0.0, spectral_norm=False, minibatch_stddev=False, ema_refresh=False)


def dcgan_2015(config: TrainConfig) -> TrainConfig:
    """``config`` with every post-DCGAN option off: the training recipe of Radford et al.
    (2015) (Adam 2e-4, beta_1 0.5, one learning rate) at the same size and length. The
    averaged generator stays (sample ``averaged=False`` for the paper's generator)."""
    return dataclasses.replace(config, **RECIPE_2015)


def describe_options(config: TrainConfig) -> str:
    """The post-DCGAN options a configuration switches on, in words (for run titles)."""
    parts = []
    if config.augment:
        parts.append(tr("DiffAugment ({policy})", policy=config.augment))
    if config.r1_gamma > 0:
        parts.append(tr("R1 gamma {gamma:g} every {every} steps", gamma=config.r1_gamma,
                        every=config.r1_every))
    if config.spectral_norm:
        parts.append(tr("spectral norm in D"))
    if config.minibatch_stddev:
        parts.append(tr("minibatch stddev"))
    if config.d_learning_rate or config.g_learning_rate:
        g_rate, d_rate = config.rates
        parts.append(tr("TTUR (G {g_rate:g}, D {d_rate:g})", g_rate=g_rate, d_rate=d_rate))
    if config.lr_decay > 0:
        parts.append(tr("learning rates to 0 over the last {share:.0%}",
                        share=config.lr_decay))
    if config.ema_refresh:
        parts.append(tr("averaged G's batch-norm statistics refreshed"))
    return ", ".join(parts) if parts else tr("none (the 2015 DCGAN recipe)")


def options_slug(config: TrainConfig) -> str:
    """The post-DCGAN options of ``config`` as a short folder-name part ("sn", "aug-r1g1k4",
    "2015" when none): runs with other options must not resume each other's checkpoints."""
    parts = []
    if config.augment:
        parts.append("aug-" + config.augment.replace(",", "-"))
    if config.r1_gamma > 0:
        parts.append(f"r1g{config.r1_gamma:g}k{config.r1_every}")
    if config.spectral_norm:
        parts.append("sn")
    if config.minibatch_stddev:
        parts.append("mbstd")
    if config.d_learning_rate or config.g_learning_rate:
        g_rate, d_rate = config.rates
        parts.append(f"ttur-g{g_rate:g}-d{d_rate:g}")
    if config.lr_decay > 0:
        parts.append(f"decay{config.lr_decay:g}")
    if config.ema_refresh:
        parts.append("emarefresh")
    return "-".join(parts) if parts else "2015"


def profile_config(name: str, **changes: Any) -> TrainConfig:
    """The configuration of profile ``name`` with optional changes (``steps=200``, ...)."""
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {sorted(PROFILES)}, got {name!r}")
    return PROFILES[name].replace(**changes)


# ---------------------------------------------------------------------------------------
# Whose training step runs (the package holds none: see the module docstring)


def step_problem(step_fn: Callable) -> str | None:
    """Why ``step_fn`` is not a correct DCGAN training step, or None when it is.

    The check of lesson 06's exercise 2 (:mod:`dcgan_course.exercises.training_step`): one
    step on tiny models with plain SGD, compared with values shipped with the package, then
    once more compiled with ``tf.function``, as the engine runs it. About a second. Lesson
    06 and the command line use it to decide whether the learner's step trains.
    """
    from dcgan_course.exercises.training_step import check_step_problem

    return check_step_problem(step_fn)


# ---------------------------------------------------------------------------------------
# Errors that tell the learner what to do


class TrainingError(RuntimeError):
    """Base class; Jupyter shows the message alone (it already says what to do)."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class TrainingDiverged(TrainingError):
    """A loss became NaN, infinite or exploded; the last good checkpoint is untouched."""


class CheckpointMismatch(TrainingError):
    """The checkpoint folder holds a model of another architecture."""


# ---------------------------------------------------------------------------------------
# Mixed precision, decided by measurement


def _conv_probe(dtype: tf.DType) -> Callable[[], None]:
    x = tf.cast(tf.random.stateless_normal([16, 16, 16, 128], seed=[1, 2]), dtype)
    k = tf.cast(tf.random.stateless_normal([5, 5, 128, 128], seed=[3, 4]) * 0.05, dtype)
    conv = tf.function(lambda a, b: tf.reduce_sum(tf.cast(tf.nn.conv2d(a, b, 1, "SAME"),
                                                          tf.float32)))
    conv(x, k).numpy()  # trace and warm up
    return lambda: conv(x, k).numpy()


@functools.lru_cache(maxsize=1)
def bfloat16_speedup(rounds: int = 7) -> float:
    """float32 time / bfloat16 time of a DCGAN-sized 5x5 convolution on this machine.

    Measured once per process (well under a second). The two dtypes are timed in turns and
    the best round of each counts, so that load from other programs on a shared machine
    hits both alike. Below 1 means bfloat16 is emulated and slow; 0 that it is missing.
    """
    try:
        probes = {dtype: _conv_probe(dtype) for dtype in (tf.float32, tf.bfloat16)}
    except (tf.errors.OpError, TypeError, ValueError):  # no bfloat16 kernel on this device
        return 0.0
    best = {dtype: math.inf for dtype in probes}
    for _ in range(rounds):
        for dtype, probe in probes.items():
            start = time.perf_counter()
            probe()
            probe()
            best[dtype] = min(best[dtype], time.perf_counter() - start)
    return best[tf.float32] / best[tf.bfloat16]


def choose_precision(precision: str = "auto", threshold: float = 1.1) -> str:
    """``"float32"`` or ``"mixed_bfloat16"``; ``"auto"`` picks bfloat16 only if measured faster."""
    if precision in ("float32", "mixed_bfloat16"):
        return precision
    if precision != "auto":
        raise ValueError(f"precision must be 'auto', 'float32' or 'mixed_bfloat16', "
                         f"got {precision!r}")
    return "mixed_bfloat16" if bfloat16_speedup() >= threshold else "float32"


# ---------------------------------------------------------------------------------------
# Callbacks: the dashboard and the file reporter plug in here


class Callback:
    """Hooks called by :meth:`Trainer.fit`; override what you need."""

    def on_train_begin(self, trainer: Trainer, start_step: int, end_step: int) -> None:
        """Called once before the first step (``start_step`` > 0 after a resume)."""

    def on_step_end(self, trainer: Trainer, step: int, metrics: dict[str, float]) -> None:
        """Called after every step with that step's losses and D(x), D(G(z))."""

    def on_train_end(self, trainer: Trainer) -> None:
        """Called once at the end, also after an interrupt or a divergence."""


# ---------------------------------------------------------------------------------------
# The engine


def _shapes(model: keras.Model) -> list[list[int]]:
    return [list(v.shape) for v in model.weights]


class _RecordingDiscriminator:
    """The discriminator as a step function sees it, noting the logits of each call.

    Everything else (``trainable_variables``, ``layers``, ...) goes to the real model. While
    the engine traces the learner's step, the first call's logits are the real batch's and
    the second call's the fakes': the dashboard's D(x) and D(G(z)) come from them, without
    a third pass through D. A step that makes one concatenated call leaves the second empty.
    """

    def __init__(self, model: keras.Model) -> None:
        self._model = model
        self.calls: list[tf.Tensor] = []

    def __call__(self, *args: Any, **kwargs: Any) -> tf.Tensor:
        logits = self._model(*args, **kwargs)
        self.calls.append(logits)
        return logits

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def _float32_head(model: keras.Model) -> None:
    """Make the model's last layer with weights compute in float32 (mixed precision)."""
    for layer in reversed(model.layers):
        if layer.weights:
            layer.dtype_policy = "float32"
            return


def _discriminator_with_options(model: keras.Model, cfg: TrainConfig) -> keras.Model:
    """The learner's discriminator as the engine trains it: with the minibatch-stddev layer
    and spectral normalisation when the configuration asks, its last layer in float32."""
    if cfg.minibatch_stddev:
        model = regularizers.with_minibatch_stddev(model)
    _float32_head(model)
    if cfg.spectral_norm:
        model = regularizers.with_spectral_norm(model)
    return model


class Trainer:
    """Train one DCGAN: builders in, checkpoints, samples and a trained generator out.

    ``generator_builder(z_dim=, width=, image_size=, channels=)`` and
    ``discriminator_builder(width=, image_size=, channels=)`` are the learner's functions
    from lessons 04 and 05. ``train_step`` is the learner's step from lesson 06 (exercise 2's
    signature), or the instructor's reference with ``step_source="reference"``; without one
    the trainer loads, samples and saves but :meth:`fit` trains nothing (``step_source`` is
    ``"none"``, :attr:`can_train` False). ``step_label`` names whose step it is on the
    dashboard. With ``out_dir`` the run checkpoints there and resumes from there.

    With several replicas (``MirroredStrategy``) each replica runs the step on its share of
    the batch and Keras sums the replicas' gradients before applying them: the learner's
    step averages its losses over its own share only, so the effective learning rate grows
    with the number of replicas. Divide ``config.learning_rate`` by it to keep one device's
    behaviour (on one device, as in the lessons, nothing changes).
    """

    def __init__(self, generator_builder: Callable[..., keras.Model],
                 discriminator_builder: Callable[..., keras.Model],
                 config: TrainConfig | str = "study", *, out_dir: str | Path | None = None,
                 train_step: Callable | None = None, step_source: str = "yours",
                 precision: str = "auto", strategy: tf.distribute.Strategy | None = None,
                 keep_checkpoints: int = 3) -> None:
        self.config = profile_config(config) if isinstance(config, str) else config
        cfg = self.config
        self.precision = choose_precision(precision)
        self.strategy = strategy or tf.distribute.get_strategy()
        self.out_dir = Path(out_dir) if out_dir is not None else None
        if step_source not in ("yours", "reference"):
            raise ValueError(f"step_source must be 'yours' or 'reference', got {step_source!r}")
        self.step_fn = train_step
        self.step_source = "none" if train_step is None else step_source

        previous = keras.mixed_precision.global_policy()
        keras.mixed_precision.set_global_policy(self.precision)
        try:
            with self.strategy.scope():
                self.generator = generator_builder(z_dim=cfg.z_dim, width=cfg.g_width,
                                                   image_size=IMAGE_SIZE, channels=CHANNELS)
                self.discriminator = _discriminator_with_options(
                    discriminator_builder(width=cfg.d_width, image_size=IMAGE_SIZE,
                                          channels=CHANNELS), cfg)
                self.ema_generator = None
                if cfg.ema_decay is not None:
                    self.ema_generator = generator_builder(
                        z_dim=cfg.z_dim, width=cfg.g_width, image_size=IMAGE_SIZE,
                        channels=CHANNELS)
                    self.ema_generator.set_weights(self.generator.get_weights())
                self.g_optimizer = keras.optimizers.Adam(cfg.rates[0], beta_1=cfg.beta_1)
                self.d_optimizer = keras.optimizers.Adam(cfg.rates[1], beta_1=cfg.beta_1)
                self.g_optimizer.build(self.generator.trainable_variables)
                self.d_optimizer.build(self.discriminator.trainable_variables)
                self.step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
                self.noise = tf.random.Generator.from_seed(cfg.seed)
                self.fixed_z = tf.Variable(
                    tf.random.stateless_normal([cfg.samples, cfg.z_dim], seed=[cfg.seed, 7]),
                    trainable=False, name="fixed_z")
        finally:
            keras.mixed_precision.set_global_policy(previous)
        self._check_models()

        self.history: dict[str, list[float]] = {k: [] for k in HISTORY_KEYS}
        parts = dict(generator=self.generator, discriminator=self.discriminator,
                     g_optimizer=self.g_optimizer, d_optimizer=self.d_optimizer,
                     step=self.step, noise=self.noise, fixed_z=self.fixed_z)
        if self.ema_generator is not None:
            parts["ema_generator"] = self.ema_generator
        self.checkpoint = tf.train.Checkpoint(**parts)
        self.manager = None
        self.resumed_from = 0
        if self.out_dir is not None:
            folder = self.out_dir / "checkpoints"
            self._check_architecture(folder)
            self.manager = tf.train.CheckpointManager(self.checkpoint, str(folder),
                                                      max_to_keep=keep_checkpoints)
            if self.manager.latest_checkpoint:
                self._restore(self.manager.latest_checkpoint)
        self._compiled_step = tf.function(self._replica_step)
        self._compiled_r1 = tf.function(self._replica_r1)
        self._end_step = cfg.steps

    @property
    def step_label(self) -> str:
        """Whose training step runs, in words for titles ("your train_step", ...)."""
        if self.step_source == "yours":
            return tr("your train_step")
        if self.step_source == "reference":
            return tr("the instructor's reference train_step")
        return tr("no training step yet")

    @property
    def can_train(self) -> bool:
        """Whether :meth:`fit` trains: only with a training step (see the class docstring)."""
        return self.step_fn is not None

    def show_reference(self, path: str | Path | None = None) -> str:
        """Without a training step: put the course's shipped generator into this trainer.

        :func:`dcgan_course.reference_model.load_reference` puts the reference weights
        (``path``, default the shipped file) into this trainer's generator when they fit the
        learner's architecture and compute the same there; the averaged generator gets them
        too, so that every picture and measurement below shows it. Returns one sentence for
        the lesson saying what the pictures show. A run restored from a checkpoint is left
        as it is.
        """
        from dcgan_course import reference_model  # the one loader of the reference

        if self.resumed_from:
            return tr("The pictures below show your run's last checkpoint (step {step}).",
                      step=self.resumed_from)
        try:
            reference = reference_model.load_reference(into=self.generator, path=path)
        except reference_model.ReferenceMissing:
            return tr("The course's reference model is not shipped yet, so the pictures below "
                      "show your generator untrained: noise.")
        if not reference.yours:
            return tr("The course's reference model has another architecture than your "
                      "generator, so the pictures below show your generator untrained: noise.")
        if self.ema_generator is not None:
            self.ema_generator.set_weights(self.generator.get_weights())
        return tr("The pictures below show the course's reference model, loaded into your "
                  "generator's architecture: what your step will train towards.")

    # --- set-up checks -------------------------------------------------------------------

    def _check_models(self) -> None:
        cfg = self.config
        noise = tf.zeros([2, cfg.z_dim])
        images = self.generator(noise, training=False)
        if tuple(images.shape) != (2, IMAGE_SIZE, IMAGE_SIZE, CHANNELS):
            raise ValueError(f"the generator turns 2 latent vectors of size {cfg.z_dim} into "
                             f"shape {tuple(images.shape)}; the engine needs (2, {IMAGE_SIZE}, "
                             f"{IMAGE_SIZE}, {CHANNELS}) (check build_generator, lesson 04).")
        logits = self.discriminator(images, training=False)
        if tuple(logits.shape) != (2, 1):
            raise ValueError(f"the discriminator returns shape {tuple(logits.shape)} for 2 "
                             "images; the engine needs one logit per image, (2, 1) (check "
                             "build_discriminator, lesson 05).")
        if logits.dtype != tf.float32:
            raise ValueError(f"the discriminator's logits are {logits.dtype.name}; the engine "
                             "needs float32 logits (its last layer must be a layer with "
                             "weights, e.g. Dense(1), which the engine runs in float32).")

    def architecture(self) -> dict[str, Any]:
        """What a checkpoint must match: latent size and every weight's shape."""
        return {"z_dim": self.config.z_dim, "generator": _shapes(self.generator),
                "discriminator": _shapes(self.discriminator)}

    def _check_architecture(self, folder: Path) -> None:
        path = folder / "architecture.json"
        mine = self.architecture()
        if path.is_file():
            saved = json.loads(path.read_text())
            if saved != mine:
                raise CheckpointMismatch(self._mismatch_text(folder, saved, mine))
        elif folder.is_dir() and any(folder.glob("ckpt-*.index")):
            raise CheckpointMismatch(f"{folder} holds checkpoints without architecture.json; "
                                     "they were not written by this engine. Use another "
                                     "out_dir, or delete the folder to start over.")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(mine))

    @staticmethod
    def _mismatch_text(folder: Path, saved: dict, mine: dict) -> str:
        detail = ""
        if saved.get("z_dim") != mine["z_dim"]:
            detail = f"latent size: saved {saved.get('z_dim')}, now {mine['z_dim']}"
        else:
            for net in ("generator", "discriminator"):
                old, new = saved.get(net, []), mine[net]
                if len(old) != len(new):
                    detail = f"{net}: saved {len(old)} weight tensors, now {len(new)}"
                    break
                for index, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b:
                        detail = f"{net} weight {index}: saved shape {tuple(a)}, now {tuple(b)}"
                        break
                if detail:
                    break
        return tr("The checkpoints in {folder} belong to a different model ({detail}). Nothing "
                  "was loaded. Train into a new out_dir, or delete that folder to start over "
                  "with this model.", folder=folder, detail=detail)

    def _restore(self, path: str) -> None:
        self.checkpoint.restore(path).assert_existing_objects_matched()
        self.resumed_from = int(self.step.numpy())
        if self.ema_generator is not None and not any(
                name.startswith("ema_generator/") for name, _ in tf.train.list_variables(path)):
            # A run saved before the engine kept an average: start it from the trained weights.
            self.ema_generator.set_weights(self.generator.get_weights())
        history_path = self.out_dir / "history.json"
        if history_path.is_file():
            saved = json.loads(history_path.read_text())
            keep = [i for i, s in enumerate(saved.get("step", [])) if s <= self.resumed_from]
            self.history = {k: [saved[k][i] for i in keep] for k in HISTORY_KEYS}

    # --- the step --------------------------------------------------------------------------

    def _replica_step(self, real: tf.Tensor) -> tuple[tf.Tensor, ...]:
        def step_fn(real):
            batch = tf.shape(real)[0]
            noise = self.noise.normal([batch, self.config.z_dim])
            recorder = _RecordingDiscriminator(self._critic())
            d_loss, g_loss = self.step_fn(self.generator, recorder, self.g_optimizer,
                                          self.d_optimizer, real, noise)
            self._update_average()
            nan = tf.constant(math.nan, tf.float32)
            d_real, d_fake = (tf.reduce_mean(tf.sigmoid(tf.cast(recorder.calls[i], tf.float32)))
                              if len(recorder.calls) > i else nan for i in (0, 1))
            return (tf.cast(d_loss, tf.float32), tf.cast(g_loss, tf.float32), d_real, d_fake)

        per_replica = self.strategy.run(step_fn, args=(real,))
        return tuple(self.strategy.reduce(tf.distribute.ReduceOp.MEAN, v, axis=None)
                     for v in per_replica)

    def _critic(self) -> Any:
        """The discriminator as the step sees it: behind DiffAugment when ``augment`` is set
        (every call augments its input; see dcgan_course.augment)."""
        if self.config.augment:
            return AugmentingDiscriminator(self.discriminator, self.config.augment)
        return self.discriminator

    def _replica_r1(self, real: tf.Tensor) -> tf.Tensor:
        """The lazy R1 update of D (dcgan_course.regularizers), on this step's real batch."""
        cfg = self.config
        penalty = self.strategy.run(
            lambda r: regularizers.r1_update(self._critic(), self.d_optimizer, r,
                                             cfg.r1_gamma, cfg.r1_every), args=(real,))
        return self.strategy.reduce(tf.distribute.ReduceOp.MEAN, penalty, axis=None)

    def rate_scale(self, step: int) -> float:
        """Factor on both learning rates at ``step``: 1, then (with ``lr_decay``) falling
        linearly to 0 over the last ``lr_decay`` share of the run's steps."""
        share = self.config.lr_decay
        if share <= 0:
            return 1.0
        start = self._end_step * (1.0 - share)
        return float(min(1.0, max(0.0, (self._end_step - step) / max(self._end_step - start,
                                                                      1.0))))

    def _update_average(self) -> None:
        """EMA of every generator weight (batch-norm statistics included), warmed up so that
        the first steps are not dominated by the random initial weights."""
        if self.ema_generator is None:
            return
        step = tf.cast(self.step, tf.float32) + 1.0
        decay = tf.minimum(self.config.ema_decay, (1.0 + step) / (10.0 + step))
        for average, weight in zip(self.ema_generator.weights, self.generator.weights,
                                   strict=True):
            average.assign(decay * average + (1.0 - decay) * tf.cast(weight, average.dtype))

    def train_step(self, real: tf.Tensor) -> dict[str, float]:
        """One compiled training step on one batch; returns its metrics as floats."""
        cfg = self.config
        if cfg.lr_decay > 0:
            scale = self.rate_scale(int(self.step.numpy()))
            self.g_optimizer.learning_rate = cfg.rates[0] * scale
            self.d_optimizer.learning_rate = cfg.rates[1] * scale
        values = self._compiled_step(real)
        self.step.assign_add(1)
        if cfg.r1_gamma > 0 and int(self.step.numpy()) % cfg.r1_every == 0:
            self._compiled_r1(real)
        return dict(zip(("d_loss", "g_loss", "d_real", "d_fake"),
                        (float(v) for v in values), strict=True))

    # --- running -------------------------------------------------------------------------

    def dataset(self, images_uint8: np.ndarray) -> tf.data.Dataset:
        """The course pipeline (``make_dataset``), repeated forever, one batch per step."""
        cfg = self.config
        if cfg.images is not None:
            images_uint8 = images_uint8[: cfg.images]
        data = make_dataset(images_uint8, cfg.batch_size, shuffle=True,
                            seed=cfg.seed + self.resumed_from).repeat()
        return self.strategy.experimental_distribute_dataset(data)

    def _guard(self, step: int, metrics: dict[str, float]) -> None:
        for key in ("d_loss", "g_loss"):
            value = metrics[key]
            if math.isfinite(value) and abs(value) <= self.config.explode_at:
                continue
            what = "is NaN" if math.isnan(value) else (
                "is infinite" if math.isinf(value) else
                f"exploded to {value:.3g} (limit {self.config.explode_at:g})")
            last = self.last_checkpoint_step()
            where = (f"The last good checkpoint (step {last}) in {self.out_dir / 'checkpoints'} "
                     "is intact: running the training again resumes from it."
                     if last is not None else "No checkpoint was written before it.")
            raise TrainingDiverged(
                f"Training stopped at step {step}: the {key.replace('_', ' ')} {what}. "
                f"{where} Usual causes: a loss computed from probabilities instead of "
                "logits, a learning rate too high, or a model without batch norm; try "
                "precision='float32' if this happened with bfloat16.")

    def last_checkpoint_step(self) -> int | None:
        """Step number of the newest checkpoint, or None."""
        if self.manager is None or not self.manager.latest_checkpoint:
            return None
        reader = tf.train.load_checkpoint(self.manager.latest_checkpoint)
        return int(reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE"))

    def save(self) -> str | None:
        """Write a checkpoint, the history up to now and the run's configuration
        (``config.json``: what a model card or a later resume needs to know); returns the
        checkpoint's path."""
        if self.manager is None:
            return None
        path = self.manager.save(checkpoint_number=int(self.step.numpy()))
        for name, value in (("history.json", self.history),
                            ("config.json", dataclasses.asdict(self.config))):
            tmp = self.out_dir / f"{name}.tmp"
            tmp.write_text(json.dumps(value))
            tmp.replace(self.out_dir / name)
        return path

    def fit(self, images_uint8: np.ndarray, steps: int | None = None,
            callbacks: Sequence[Callback] = ()) -> dict[str, list[float]]:
        """Train until the step counter reaches ``steps`` (default: the profile's).

        After a resume the counter starts where the checkpoint left it, so calling ``fit``
        again with the same ``steps`` only runs what is missing. Returns the history.
        Without a training step (:attr:`can_train`) nothing trains; the callbacks still see
        the run begin and end, so a dashboard shows the generator as it is.
        """
        cfg = self.config
        end = cfg.steps if steps is None else steps
        self._end_step = end
        start = int(self.step.numpy())
        for callback in callbacks:
            callback.on_train_begin(self, start, end)
        try:
            if start < end and self.can_train:
                batches = iter(self.dataset(images_uint8))
                begin = time.perf_counter() - (self.history["seconds"][-1]
                                               if self.history["seconds"] else 0.0)
                for _ in range(start, end):
                    metrics = self.train_step(next(batches))
                    step = int(self.step.numpy())
                    self._guard(step, metrics)
                    metrics["step"] = step
                    metrics["seconds"] = time.perf_counter() - begin
                    for key in HISTORY_KEYS:
                        self.history[key].append(metrics[key])
                    for callback in callbacks:
                        callback.on_step_end(self, step, metrics)
                    if step % cfg.checkpoint_every == 0 or step == end:
                        self.save()
        except KeyboardInterrupt:  # the stop button (■): a normal thing to do, not an error
            self._stopped()
        finally:
            for callback in callbacks:
                callback.on_train_end(self)
        return self.history

    def _stopped(self) -> None:
        """After a stop: keep every step that ran (a checkpoint when the run has a folder)
        and say so in one line; the cells after this one work with what was trained."""
        step = int(self.step.numpy())
        kept = min(len(self.history[key]) for key in HISTORY_KEYS)  # a stop mid-append
        for key in HISTORY_KEYS:
            del self.history[key][kept:]
        if self.out_dir is not None and step > 0:
            self.save()
        print(tr("Stopped at step {step}: the steps so far are kept; run the cell again to go "
                 "on from here.", step=step))

    # --- using the result -----------------------------------------------------------------

    def generate(self, z: tf.Tensor | np.ndarray | None = None, averaged: bool = True,
                 batch_size: int = 500) -> np.ndarray:
        """float32 images in [-1, 1] for latent vectors ``z`` (default: the fixed ones).

        ``averaged`` samples the moving average of the generator's weights when the run keeps
        one (``config.ema_decay``), else the raw generator.
        """
        model = self.ema_generator if averaged and self.ema_generator is not None \
            else self.generator
        z = self.fixed_z if z is None else tf.convert_to_tensor(z, tf.float32)
        refresh = model is self.ema_generator and self.config.ema_refresh
        with _fresh_statistics(model, self.config.z_dim, self.config.seed) if refresh \
                else contextlib.nullcontext():
            parts = [tf.cast(model(z[i:i + batch_size], training=False), tf.float32).numpy()
                     for i in range(0, int(z.shape[0]), batch_size)]
        return np.concatenate(parts)

    def save_generator(self, path: str | Path) -> Path:
        """Save the generator that samples (the averaged one when kept) as a ``.keras`` file
        (load with keras.models.load_model)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        (self.ema_generator or self.generator).save(path)
        return path


@contextlib.contextmanager
def _fresh_statistics(model: keras.Model, z_dim: int, seed: int, count: int = 1024
                      ) -> Iterator[None]:
    """Within the block, ``model``'s batch-norm layers use statistics measured on ``count``
    samples of its own (BigGAN's "standing statistics", Brock et al. 2018), then get their
    stored ones back.

    The averaged generator's stored statistics are the average of the raw generator's, but
    averaged *weights* make activations of another scale than the raw generator's, so those
    statistics no longer fit them; one pass over fresh samples in training mode measures the
    right ones. Its samples are not used.
    """
    norms = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]
    saved = [(layer.momentum, layer.moving_mean.numpy(), layer.moving_variance.numpy())
             for layer in norms]
    try:
        for layer in norms:
            layer.momentum = 0.0
        z = tf.random.stateless_normal([count, z_dim], seed=[seed, 11])
        model(z, training=True)  # momentum 0: the stored statistics become this batch's
        yield
    finally:
        for layer, (momentum, mean, variance) in zip(norms, saved, strict=True):
            layer.momentum = momentum
            layer.moving_mean.assign(mean)
            layer.moving_variance.assign(variance)


def interpolate(z_from: np.ndarray, z_to: np.ndarray, count: int = 8) -> np.ndarray:
    """``count`` latent vectors on the straight line from ``z_from`` to ``z_to``."""
    t = np.linspace(0.0, 1.0, count, dtype=np.float32)[:, None]
    return (1.0 - t) * np.asarray(z_from, np.float32)[None] + t * np.asarray(z_to, np.float32)[None]


def smoothed(values: Iterable[float], window: int = 25) -> np.ndarray:
    """Moving average (shorter at the start) for readable loss curves."""
    values = np.asarray(list(values), dtype=np.float64)
    if len(values) == 0:
        return values
    cumsum = np.cumsum(np.insert(values, 0, 0.0))
    index = np.arange(1, len(values) + 1)
    lo = np.maximum(0, index - window)
    return (cumsum[index] - cumsum[lo]) / (index - lo)
