"""Small batch-normalization experiments that run on a CPU (lesson 03).

Every experiment uses data generated here with NumPy (no downloads): a synthetic
classification task whose labels come from a random "teacher" network, and tiny synthetic
colour images for the DCGAN pitfalls. The same multilayer perceptron is built with or
without batch normalization (:func:`build_mlp`) and trained with :func:`train_classifier`,
which records the loss against steps *and* against wall-clock time, because a batch-norm
layer costs time on every step and a fair comparison has to show it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from dcgan_course.plotting import FAKE, REAL, CourseFigure
from dcgan_course.translate import tr

keras = tf.keras

#: Line colours: plain network grey-blue, batch-normalized network green.
PLAIN = "#1f77b4"
WITH_BN = "#2ca02c"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Classification:
    """A synthetic classification task: train and test arrays, float32 inputs, int labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: int


def make_classification(n_train: int = 16384, n_test: int = 2048, dim: int = 16,
                        classes: int = 10, seed: int = 0) -> Classification:
    """Inputs ~ N(0, I); labels = argmax of a random two-layer tanh "teacher" network.

    The teacher makes the class boundaries curved, so a network needs a few layers to fit
    them, and a learner can regenerate the exact task from the seed.
    """
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    x = rng.standard_normal((n, dim)).astype(np.float32)
    w1 = rng.standard_normal((dim, 64)) / math.sqrt(dim)
    w2 = rng.standard_normal((64, classes)) / math.sqrt(64)
    y = np.argmax(np.tanh(x @ w1) @ w2, axis=1).astype(np.int32)
    return Classification(x[:n_train], y[:n_train], x[n_train:], y[n_train:], classes)


# --------------------------------------------------------------------------- models


def standard_init_std(fan_in: int, activation: str) -> float:
    """The weight standard deviation that keeps the signal's scale through one layer.

    He et al. (2015) for ReLU, sqrt(2 / fan_in); LeCun/Glorot-style sqrt(1 / fan_in) for
    tanh and sigmoid. The lesson's "init scale" multiplies this value, so 1.0 is a good
    initialisation and 0.25 or 4.0 a bad one.
    """
    gain = 2.0 if activation == "relu" else 1.0
    return math.sqrt(gain / fan_in)


def build_mlp(inputs: int, outputs: int, *, depth: int = 4, width: int = 64,
              batch_norm: bool = False, activation: str = "relu", init_scale: float = 1.0,
              momentum: float = 0.99, seed: int = 0) -> keras.Model:
    """``depth`` hidden blocks of Dense → [BatchNormalization] → activation, then a logit layer.

    With batch norm the Dense layers have no bias: the normalization subtracts the mean, so a
    bias would be cancelled, and beta takes its place. Weights are normal with standard
    deviation ``init_scale * standard_init_std(fan_in)``.
    """
    layers: list = [keras.Input(shape=(inputs,))]
    fan_in = inputs
    for i in range(depth):
        std = init_scale * standard_init_std(fan_in, activation)
        layers.append(keras.layers.Dense(
            width, use_bias=not batch_norm, name=f"dense_{i + 1}",
            kernel_initializer=keras.initializers.RandomNormal(stddev=std, seed=seed + i)))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization(momentum=momentum, name=f"bn_{i + 1}"))
        layers.append(keras.layers.Activation(activation, name=f"{activation}_{i + 1}"))
        fan_in = width
    layers.append(keras.layers.Dense(
        outputs, name="logits",
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed + depth)))
    name = f"mlp_{depth}x{width}_{'bn' if batch_norm else 'plain'}"
    return keras.Sequential(layers, name=name)


# --------------------------------------------------------------------------- training


@dataclass
class TrainingRun:
    """What one training run recorded, step by step."""

    label: str
    steps: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    test_accuracy: float = float("nan")
    ms_per_step: float = float("nan")
    #: Whether the network had batch norm (set by :func:`compare_with_and_without`; the label
    #: says it too, in the edition's language).
    batch_norm: bool | None = None

    @property
    def final_loss(self) -> float:
        """Mean training loss over the last tenth of the run (single steps are noisy)."""
        tail = max(1, len(self.losses) // 10)
        return float(np.mean(self.losses[-tail:]))


def _compiled_step(model: keras.Model, opt: keras.optimizers.Optimizer):
    """One cross-entropy training step of ``model``, compiled with ``tf.function``."""
    opt.build(model.trainable_variables)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function(reduce_retracing=True)
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    return step


def train_classifier(model: keras.Model, data: Classification, *, steps: int,
                     batch_size: int = 64, learning_rate: float = 0.05,
                     optimizer: str = "sgd", label: str = "", seed: int = 0) -> TrainingRun:
    """Train with cross-entropy and record the loss of every step and the time it was reached.

    The step is compiled with ``tf.function`` and traced *before* the clock starts, so the
    times compare the cost of the steps themselves, not of tracing. The loss is copied to
    NumPy on every step, which also makes each step finish before its time is taken.
    """
    opt = (keras.optimizers.SGD(learning_rate) if optimizer == "sgd"
           else keras.optimizers.Adam(learning_rate))
    step = _compiled_step(model, opt)
    x_spec = tf.TensorSpec((batch_size, data.x_train.shape[1]), tf.float32)
    step.get_concrete_function(x_spec, tf.TensorSpec((batch_size,), tf.int32))

    rng = np.random.default_rng(seed)
    run = TrainingRun(label=label or model.name)
    n = len(data.x_train)
    order = rng.permutation(n)
    position = 0
    start = time.perf_counter()
    for i in range(1, steps + 1):
        if position + batch_size > n:
            order, position = rng.permutation(n), 0
        idx = order[position:position + batch_size]
        position += batch_size
        loss = float(step(tf.constant(data.x_train[idx]), tf.constant(data.y_train[idx])))
        run.steps.append(i)
        run.seconds.append(time.perf_counter() - start)
        run.losses.append(loss if math.isfinite(loss) else float("nan"))
    run.ms_per_step = 1000 * run.seconds[-1] / steps
    logits = model(data.x_test, training=False)
    run.test_accuracy = float(np.mean(np.argmax(logits, axis=1) == data.y_test))
    return run


def summarise(runs: Sequence[TrainingRun]) -> str:
    """One line per run: final loss, test accuracy and the measured cost of a step."""
    lines = [f"{tr('run'):<34} {tr('final loss'):>10} {tr('test acc'):>9} {'ms/step':>8}"]
    for r in runs:
        lines.append(f"{r.label:<34} {r.final_loss:>10.3f} {r.test_accuracy:>9.1%} "
                     f"{r.ms_per_step:>8.2f}")
    return "\n".join(lines)


def compare_with_and_without(data: Classification, *, steps: int, depth: int = 4,
                             width: int = 64, activation: str = "relu",
                             init_scale: float = 1.0, optimizer: str = "sgd",
                             learning_rate: float = 0.05, seed: int = 0) -> list[TrainingRun]:
    """The same network, same initial weights of the Dense layers, same batches: BN off and on."""
    runs = []
    for bn in (False, True):
        model = build_mlp(data.x_train.shape[1], data.classes, depth=depth, width=width,
                          batch_norm=bn, activation=activation, init_scale=init_scale,
                          seed=seed)
        label = (tr("{depth}×{width} {activation}, with BN", depth=depth, width=width,
                    activation=activation) if bn else
                 tr("{depth}×{width} {activation}, no BN", depth=depth, width=width,
                    activation=activation))
        run = train_classifier(model, data, steps=steps, optimizer=optimizer,
                               learning_rate=learning_rate, label=label, seed=seed)
        run.batch_norm = bn
        runs.append(run)
    return runs


@dataclass
class StepCost:
    """The cost of a training step with and without batch norm, timed in turns."""

    label: str
    plain_ms: list[float]
    with_bn_ms: list[float]
    #: Processor time of this process per step (all its threads): what other jobs on a busy
    #: machine do not inflate.
    plain_cpu_ms: list[float] = field(default_factory=list)
    with_bn_cpu_ms: list[float] = field(default_factory=list)

    @property
    def cpu_ratio(self) -> float:
        return float(np.median(self.with_bn_cpu_ms) / np.median(self.plain_cpu_ms))

    @property
    def ratios(self) -> list[float]:
        """Each round's ratio: the two networks timed back to back, so load cancels out."""
        return [b / p for p, b in zip(self.plain_ms, self.with_bn_ms, strict=True)]

    @property
    def ratio(self) -> float:
        return float(np.median(self.ratios))


def step_cost_in_turns(data: Classification, *, depth: int, width: int, activation: str,
                       rounds: int = 7, steps: int = 200, batch_size: int = 64,
                       learning_rate: float = 0.05, seed: int = 0) -> StepCost:
    """ms per training step of the plain and the batch-normalized network, measured in turns.

    Both compiled steps are traced and warmed up first; then each round times ``steps`` steps
    of one network and then of the other (the order alternates between rounds). On a busy
    machine the two numbers of a round see the same load, so their ratio is what to read.
    """
    models = [build_mlp(data.x_train.shape[1], data.classes, depth=depth, width=width,
                        batch_norm=bn, activation=activation, seed=seed) for bn in (False, True)]
    step_fns = [_compiled_step(m, keras.optimizers.SGD(learning_rate)) for m in models]
    rng = np.random.default_rng(seed)
    batches = [(tf.constant(data.x_train[idx]), tf.constant(data.y_train[idx]))
               for idx in (rng.integers(0, len(data.x_train), batch_size) for _ in range(steps))]
    for step in step_fns:  # trace and warm up, outside the clock
        for x, y in batches[:10]:
            float(step(x, y))
    times: list[list[float]] = [[], []]
    cpu: list[list[float]] = [[], []]
    for r in range(rounds):
        for which in ((0, 1) if r % 2 == 0 else (1, 0)):
            start, start_cpu = time.perf_counter(), time.process_time()
            for x, y in batches:
                float(step_fns[which](x, y))
            times[which].append(1000 * (time.perf_counter() - start) / steps)
            cpu[which].append(1000 * (time.process_time() - start_cpu) / steps)
    label = tr("{depth}×{width} {activation}", depth=depth, width=width, activation=activation)
    return StepCost(label, times[0], times[1], cpu[0], cpu[1])


def step_cost_line(cost: StepCost) -> str:
    """One line for the lesson: processor time per step with and without batch norm, and the
    wall-clock ratio of the rounds (medians over the rounds)."""
    return tr("{label}: a step with BN takes {cpu_ratio:.2f} times the processor time of one "
              "without ({plain:.2f} against {bn:.2f} ms); by the clock, timed in turns, "
              "{ratio:.2f} times (rounds: {low:.2f} to {high:.2f})", label=cost.label,
              cpu_ratio=cost.cpu_ratio, plain=float(np.median(cost.plain_cpu_ms)),
              bn=float(np.median(cost.with_bn_cpu_ms)), ratio=cost.ratio,
              low=min(cost.ratios), high=max(cost.ratios))


@dataclass
class InitSweep:
    """Final training loss for each init scale, with and without batch norm."""

    scales: list[float]
    plain: list[float]
    with_bn: list[float]
    chance: float


def init_scale_sweep(data: Classification, scales: Sequence[float], *, steps: int,
                     depth: int = 6, width: int = 64, activation: str = "tanh",
                     learning_rate: float = 0.05, seed: int = 0) -> InitSweep:
    """Train the same network from each init scale, BN off and on, and keep the final loss."""
    plain, with_bn = [], []
    for scale in scales:
        for bn, out in ((False, plain), (True, with_bn)):
            model = build_mlp(data.x_train.shape[1], data.classes, depth=depth, width=width,
                              batch_norm=bn, activation=activation, init_scale=scale,
                              seed=seed)
            run = train_classifier(model, data, steps=steps, learning_rate=learning_rate,
                                   seed=seed)
            out.append(run.final_loss)
    return InitSweep(list(scales), plain, with_bn, chance=math.log(data.classes))


def depth_sweep(data: Classification, depths: Sequence[int], *, steps: int,
                width: int = 32, activation: str = "sigmoid", learning_rate: float = 0.1,
                seed: int = 0) -> list[TrainingRun]:
    """Deeper and deeper sigmoid networks, each trained with and without batch norm."""
    runs = []
    for depth in depths:
        runs += compare_with_and_without(data, steps=steps, depth=depth, width=width,
                                         activation=activation, learning_rate=learning_rate,
                                         seed=seed)
    return runs


# --------------------------------------------------------------------------- figures


def _smooth(values: Sequence[float], window: int) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if len(values) <= window:
        return values
    kernel = np.ones(window) / window
    return np.convolve(values, kernel, mode="valid")


def plot_steps_and_time(groups: Sequence[Sequence[TrainingRun]], titles: Sequence[str],
                        chance: float | None = None, smooth: int = 20) -> CourseFigure:
    """For each group of runs: loss against steps (top) and against seconds (bottom)."""
    fig = CourseFigure(figsize=(4.6 * len(groups), 6.0))
    axes = np.asarray(fig.subplots(2, len(groups), squeeze=False))
    for col, (runs, title) in enumerate(zip(groups, titles, strict=True)):
        ax_steps, ax_time = axes[0, col], axes[1, col]
        for run in runs:
            colour = WITH_BN if run.batch_norm else PLAIN
            loss = _smooth(run.losses, smooth)
            offset = len(run.losses) - len(loss)
            name = tr("with BN") if run.batch_norm else tr("no BN")
            ax_steps.plot(run.steps[offset:], loss, color=colour, lw=1.6, label=name)
            ax_time.plot(run.seconds[offset:], loss, color=colour, lw=1.6,
                         label=tr("{name} ({ms:.1f} ms/step)", name=name, ms=run.ms_per_step))
        for ax in (ax_steps, ax_time):
            if chance is not None:
                ax.axhline(chance, color=REAL, ls=":", lw=1)
            ax.set_ylim(bottom=0)
            ax.legend(fontsize=8, loc="upper right")
        ax_steps.set(title=title, xlabel=tr("training step"))
        ax_time.set(xlabel=tr("wall-clock seconds on this machine"))
    axes[0, 0].set_ylabel(tr("training loss (smoothed)"))
    axes[1, 0].set_ylabel(tr("training loss (smoothed)"))
    fig.tight_layout()
    return fig


def plot_init_sweep(sweep: InitSweep, steps: int) -> CourseFigure:
    """Final loss against the initialisation scale (log axis), with and without batch norm."""
    fig = CourseFigure(figsize=(7, 3.4))
    ax = fig.subplots()
    ax.plot(sweep.scales, sweep.plain, "o-", color=PLAIN, lw=2, label=tr("no BN"))
    ax.plot(sweep.scales, sweep.with_bn, "s-", color=WITH_BN, lw=2, label=tr("with BN"))
    ax.axhline(sweep.chance, color=REAL, ls=":", lw=1, label=tr("guessing (log of #classes)"))
    ax.axvline(1.0, color="black", lw=0.8, alpha=0.4)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sweep.scales, [f"{s:g}" for s in sweep.scales])
    ax.set(xlabel=tr("init scale (× the standard initialisation)"),
           ylabel=tr("training loss after {steps} steps", steps=steps), ylim=(0, None),
           title=tr("Sensitivity to the initial weight scale"))
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_depth_sweep(runs: Sequence[TrainingRun], chance: float,
                     smooth: int = 20) -> CourseFigure:
    """One panel per depth: the plain and the batch-normalized network's loss curves."""
    pairs = [runs[i:i + 2] for i in range(0, len(runs), 2)]
    fig = CourseFigure(figsize=(3.6 * len(pairs), 3.2))
    axes = np.atleast_1d(fig.subplots(1, len(pairs), sharey=True))
    for ax, pair in zip(axes, pairs, strict=True):
        for run in pair:
            bn = run.batch_norm
            loss = _smooth(run.losses, smooth)
            ax.plot(run.steps[len(run.losses) - len(loss):], loss,
                    color=WITH_BN if bn else PLAIN, lw=1.6,
                    label=tr("{value}: {test_accuracy:.0%} test acc",
                             value=tr("with BN") if bn else tr("no BN"),
                             test_accuracy=run.test_accuracy))
        ax.axhline(chance, color=REAL, ls=":", lw=1)
        ax.set(title=pair[0].label.split(",")[0], xlabel=tr("training step"), ylim=(0, None))
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel(tr("training loss (smoothed)"))
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- inference mode


@dataclass
class InferenceGap:
    """Loss on a fixed held-out batch in training mode and in inference mode, during training."""

    momentum: float
    steps: list[int]
    training_mode: list[float]
    inference_mode: list[float]


def track_inference_gap(data: Classification, *, steps: int, momentum: float = 0.99,
                        every: int = 10, depth: int = 3, width: int = 100,
                        activation: str = "sigmoid", learning_rate: float = 0.1,
                        batch_size: int = 64, seed: int = 0) -> InferenceGap:
    """Train a batch-normalized network and score it both ways every ``every`` steps.

    Training mode normalizes the held-out batch with its own statistics; inference mode uses
    the moving averages, which start at mean 0 / variance 1 and forget that start only at
    the rate ``momentum ** step``.
    """
    model = build_mlp(data.x_train.shape[1], data.classes, depth=depth, width=width,
                      batch_norm=True, activation=activation, momentum=momentum, seed=seed)
    step = _compiled_step(model, keras.optimizers.SGD(learning_rate))
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def evaluate(x, y):
        # a training-mode call would also move the moving averages: put them back afterwards
        saved = [tf.identity(v) for v in model.non_trainable_variables]
        train_loss = loss_fn(y, model(x, training=True))
        for v, s in zip(model.non_trainable_variables, saved, strict=True):
            v.assign(s)
        return train_loss, loss_fn(y, model(x, training=False))

    rng = np.random.default_rng(seed)
    x_eval = tf.constant(data.x_test[:512])
    y_eval = tf.constant(data.y_test[:512])
    gap = InferenceGap(momentum, [], [], [])
    for i in range(steps + 1):
        if i % every == 0:
            train_loss, inference_loss = evaluate(x_eval, y_eval)
            gap.steps.append(i)
            gap.training_mode.append(float(train_loss))
            gap.inference_mode.append(float(inference_loss))
        if i < steps:
            idx = rng.integers(0, len(data.x_train), batch_size)
            step(tf.constant(data.x_train[idx]), tf.constant(data.y_train[idx]))
    return gap


def plot_inference_gap(gaps: Sequence[InferenceGap], chance: float) -> CourseFigure:
    """Held-out loss in both modes against steps, one panel per momentum."""
    fig = CourseFigure(figsize=(4.6 * len(gaps), 3.3))
    axes = np.atleast_1d(fig.subplots(1, len(gaps), sharey=True))
    for ax, gap in zip(axes, gaps, strict=True):
        ax.plot(gap.steps, gap.training_mode, color=WITH_BN, lw=2,
                label=tr("training mode (batch statistics)"))
        ax.plot(gap.steps, gap.inference_mode, color=FAKE, lw=2, ls="--",
                label=tr("inference mode (moving averages)"))
        ax.axhline(chance, color=REAL, ls=":", lw=1)
        half_life = math.log(0.5) / math.log(gap.momentum)
        ax.axvline(half_life, color="black", lw=0.8, alpha=0.4)
        ax.text(half_life, ax.get_ylim()[1] * 0.02 + 0.05,
                tr(" {half_life:.0f} steps:\n start weight\n {momentum}^t = 1/2",
                   half_life=half_life, momentum=gap.momentum), fontsize=8, va="bottom")
        ax.set(title=tr("momentum = {momentum}", momentum=gap.momentum),
               xlabel=tr("training step"), ylim=(0, None))
        ax.legend(fontsize=8, loc="upper right")
    axes[0].set_ylabel(tr("loss on a held-out batch"))
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- DCGAN pitfalls


def toy_images(n: int, size: int = 16, seed: int = 0) -> np.ndarray:
    """``n`` little colour images in [-1, 1] (NHWC, float32): a coloured disc on a background.

    They stand in for real images where only batch statistics matter, so nothing has to be
    downloaded. Values are in [-1, 1] like a DCGAN generator's tanh output.
    """
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size] / (size - 1)
    images = np.empty((n, size, size, 3), np.float32)
    for i in range(n):
        background = rng.uniform(-0.8, 0.2, 3)
        colour = rng.uniform(-0.2, 1.0, 3)
        cx, cy, r = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.15, 0.3)
        disc = ((xx - cx) ** 2 + (yy - cy) ** 2 < r ** 2)[..., None]
        shade = 0.15 * (yy[..., None] - 0.5)
        images[i] = np.clip(np.where(disc, colour, background) + shade, -1, 1)
    return images


def to_display(images: np.ndarray, value_range: tuple[float, float] = (-1.0, 1.0)) -> np.ndarray:
    """Map ``value_range`` to [0, 1] for imshow, clipping what falls outside."""
    low, high = value_range
    return np.clip((np.asarray(images, dtype=np.float32) - low) / (high - low), 0.0, 1.0)


def plot_image_rows(rows: Sequence[np.ndarray], titles: Sequence[str],
                    value_ranges: Sequence[tuple[float, float]] | None = None,
                    count: int = 8) -> CourseFigure:
    """Several batches of images, one row each, with a title on the left of each row."""
    value_ranges = value_ranges or [(-1.0, 1.0)] * len(rows)
    fig = CourseFigure(figsize=(1.1 * count + 2.6, 1.25 * len(rows)))
    axes = np.asarray(fig.subplots(len(rows), count, squeeze=False))
    for r, (images, title, span) in enumerate(zip(rows, titles, value_ranges, strict=True)):
        shown = to_display(images[:count], span)
        for c in range(count):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(shown):
                ax.imshow(shown[c], interpolation="nearest")
            else:
                ax.axis("off")
        axes[r, 0].set_ylabel(title, rotation=0, ha="right", va="center", fontsize=9)
    fig.subplots_adjust(left=0.25, right=0.99, top=0.97, bottom=0.03, wspace=0.08, hspace=0.12)
    return fig


def first_layer_blindness(real: np.ndarray, fake: np.ndarray, *, filters: int = 8,
                          epsilon: float = 1e-5, seed: int = 0) -> dict[str, float]:
    """How different real and fake batches still are after a batch-normalized first layer.

    ``fake`` is meant to be ``a * real + b`` (wrong contrast and brightness). Batch norm
    divides out ``a`` and subtracts ``b``, whether it sits on the input or after the first
    convolution (a convolution is linear, and "valid" padding avoids the zero border), so the
    two batches become indistinguishable to everything that follows.
    """
    conv = keras.layers.Conv2D(filters, 4, strides=2, padding="valid",
                               kernel_initializer=keras.initializers.GlorotUniform(seed=seed))
    bn_input = keras.layers.BatchNormalization(epsilon=epsilon)
    bn_conv = keras.layers.BatchNormalization(epsilon=epsilon)

    def spread(a: tf.Tensor, b: tf.Tensor) -> float:
        return float(tf.reduce_max(tf.abs(a - b)) / (tf.math.reduce_std(a) + 1e-12))

    real_t, fake_t = tf.constant(real), tf.constant(fake)
    return {
        tr("input, no BN"): spread(real_t, fake_t),
        tr("input, BN"): spread(bn_input(real_t, training=True), bn_input(fake_t, training=True)),
        tr("first conv, no BN"): spread(conv(real_t), conv(fake_t)),
        tr("first conv + BN"): spread(bn_conv(conv(real_t), training=True),
                                      bn_conv(conv(fake_t), training=True)),
    }


def build_tiny_generator(noise_dim: int = 16, seed: int = 0,
                         momentum: float = 0.99) -> keras.Model:
    """A DCGAN-shaped generator for 16×16×3 images, small enough to run anywhere.

    z → Dense(4·4·32, no bias) → BN → ReLU → reshape → ConvTranspose(16, stride 2, no bias)
    → BN → ReLU → ConvTranspose(3, stride 2) → tanh: batch norm on every layer except the
    output, as in the DCGAN paper.
    """
    init = keras.initializers.RandomNormal(stddev=0.2, seed=seed)
    return keras.Sequential([
        keras.Input(shape=(noise_dim,)),
        keras.layers.Dense(4 * 4 * 32, use_bias=False, kernel_initializer=init),
        keras.layers.BatchNormalization(momentum=momentum),
        keras.layers.ReLU(),
        keras.layers.Reshape((4, 4, 32)),
        keras.layers.Conv2DTranspose(16, 4, strides=2, padding="same", use_bias=False,
                                     kernel_initializer=init),
        keras.layers.BatchNormalization(momentum=momentum),
        keras.layers.ReLU(),
        keras.layers.Conv2DTranspose(3, 4, strides=2, padding="same", activation="tanh",
                                     kernel_initializer=init),
    ], name="tiny_generator")


def single_sample_rows(generator: keras.Model, z: np.ndarray,
                       warmup_batches: int = 500, batch_size: int = 64,
                       seed: int = 0) -> dict[str, np.ndarray]:
    """The same noise vectors generated three ways (see lesson 03, section 6).

    1. as one batch, ``training=True``: each layer normalized with the batch's statistics;
    2. one at a time, ``training=True``: a "batch" of one has variance 0, every sample is
       normalized to beta and all images come out the same;
    3. one at a time, ``training=False``, after ``warmup_batches`` training-mode batches have
       moved the moving averages to the batch statistics.
    """
    z = np.asarray(z, np.float32)
    as_batch = generator(z, training=True).numpy()
    one_by_one = np.concatenate([generator(z[i:i + 1], training=True).numpy()
                                 for i in range(len(z))])
    warm = tf.function(lambda noise: generator(noise, training=True))
    rng = np.random.default_rng(seed)
    for _ in range(warmup_batches):
        warm(tf.constant(rng.standard_normal((batch_size, z.shape[1])), tf.float32))
    inference = np.concatenate([generator(z[i:i + 1], training=False).numpy()
                                for i in range(len(z))])
    return {tr("batch of 8, training=True"): as_batch,
            tr("one at a time, training=True"): one_by_one,
            tr("one at a time, training=False\n(after {warmup_batches} warm-up batches)",
               warmup_batches=warmup_batches): inference}


def build_tiny_discriminator(seed: int = 0) -> keras.Model:
    """A DCGAN-shaped discriminator for 16×16×3 images: no BN on its first layer."""
    init = keras.initializers.RandomNormal(stddev=0.2, seed=seed)
    return keras.Sequential([
        keras.Input(shape=(16, 16, 3)),
        keras.layers.Conv2D(16, 4, strides=2, padding="same", kernel_initializer=init),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Conv2D(32, 4, strides=2, padding="same", use_bias=False,
                            kernel_initializer=init),
        keras.layers.BatchNormalization(),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Flatten(),
        keras.layers.Dense(1, kernel_initializer=init),
    ], name="tiny_discriminator")


def mixed_batch_logits(discriminator: keras.Model, real: np.ndarray,
                       fake: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The discriminator's training-mode logits for ``fake``: scored alone, and in one batch
    with ``real``. With batch norm the same images get different scores."""
    alone = discriminator(fake, training=True).numpy()[:, 0]
    mixed = discriminator(np.concatenate([real, fake]), training=True).numpy()[len(real):, 0]
    return alone, mixed


def torch_style_box(channels: int, momentum: float = 0.1):
    """Moving averages kept the way PyTorch's ``BatchNorm`` documents them (lesson 03):
    ``running = (1 - momentum) * running + momentum * batch``, with the *unbiased* batch
    variance in the running variance. A model of PyTorch's documentation, built here so that
    the lesson needs no PyTorch; probe it like a Keras layer."""
    from dcgan_course.exercises.batch_norm import MovingAverageBox

    return MovingAverageBox(channels, weight_of_old=1.0 - momentum, unbiased=True)
