"""Per-layer activation histograms of a deep, untrained network, with batch norm on or off.

The network is computed with NumPy (a forward pass only, no training), so every setting
renders in a fraction of a second: ``depth`` fully connected layers without biases, each
followed by batch normalization (optional, gamma 1 and beta 0) and a tanh or ReLU. Weights
are normal with standard deviation ``init_scale`` times the "standard" value of
:func:`dcgan_course.batchnorm_lab.standard_init_std`.

Inference mode uses moving averages that have seen ``warmup`` training-mode passes of the
same batch. With the Keras update ``moving = momentum * moving + (1 - momentum) * batch``
starting from mean 0 and variance 1, that is exactly
``moving = momentum**warmup * initial + (1 - momentum**warmup) * batch statistic``.

:class:`ActivationExplorer` follows the pattern of :class:`dcgan_course.widgets.GameViewer`:
draw with matplotlib off screen, show PNGs in an ``ipywidgets.Image`` and cache every frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from dcgan_course.batchnorm_lab import PLAIN, WITH_BN, standard_init_std
from dcgan_course.plotting import FAKE, CourseFigure, figure_to_png
from dcgan_course.translate import tr

ACTIVATIONS = {"tanh": np.tanh, "relu": lambda h: np.maximum(h, 0.0)}
INIT_SCALES = (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0)
WARMUPS = (0, 10, 100, 1000)


@dataclass(frozen=True)
class Setting:
    """One combination of the explorer's controls."""

    batch_norm: bool = False
    activation: str = "tanh"
    init_scale: float = 1.0
    mode: str = "training"
    warmup: int = 0

    def canonical(self) -> Setting:
        """The same setting with controls that cannot matter reset (fewer cached frames)."""
        if not self.batch_norm:
            return Setting(False, self.activation, self.init_scale, "training", 0)
        if self.mode == "training":
            return Setting(True, self.activation, self.init_scale, "training", 0)
        return self

    def describe(self) -> str:
        """A short label for legends and captions."""
        text = tr("{activation}, init ×{init_scale:g}, ", activation=self.activation,
                  init_scale=self.init_scale)
        if not self.batch_norm:
            return text + tr("no BN")
        if self.mode == "training":
            return text + tr("BN (training mode)")
        return text + tr("BN (inference, {warmup} warm-up passes)", warmup=self.warmup)


def layer_activations(setting: Setting, *, depth: int = 8, width: int = 256,
                      batch: int = 512, momentum: float = 0.99, epsilon: float = 1e-3,
                      seed: int = 0) -> list[np.ndarray]:
    """The outputs (after the activation) of every layer for one random input batch.

    The weights and the input depend only on ``seed`` (not on the other settings), so
    switching batch norm or the mode changes nothing but what the lesson is about.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    base = standard_init_std(width, setting.activation)
    weights = [rng.standard_normal((width, width)) * base for _ in range(depth)]
    act = ACTIVATIONS[setting.activation]
    keep = momentum ** setting.warmup  # weight the moving averages still give their start

    def normalize(h: np.ndarray, stats: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
        if stats is None:  # training mode: this batch's own statistics
            mean, var = h.mean(axis=0), h.var(axis=0)
        else:  # inference mode: the moving averages after `warmup` updates from (0, 1)
            mean = (1 - keep) * stats[0]
            var = keep * 1.0 + (1 - keep) * stats[1]
        return (h - mean) / np.sqrt(var + epsilon)

    def forward(stats: Sequence | None) -> tuple[list[np.ndarray], list]:
        outputs, seen, a = [], [], x
        for i, w in enumerate(weights):
            h = a @ (w * setting.init_scale)
            seen.append((h.mean(axis=0), h.var(axis=0)))
            if setting.batch_norm:
                h = normalize(h, None if stats is None else stats[i])
            a = act(h)
            outputs.append(a)
        return outputs, seen

    outputs, batch_stats = forward(None)
    if setting.batch_norm and setting.mode == "inference":
        # the moving averages were fed by the training-mode passes' batch statistics
        outputs, _ = forward(batch_stats)
    return outputs


def saturation(outputs: np.ndarray) -> float:
    """Share of tanh outputs beyond ±0.95, where tanh's slope is below 0.1."""
    return float(np.mean(np.abs(outputs) > 0.95))


#: How far the spread may drift from the first layer to the last and still count as kept.
KEPT_FACTOR = 3.0


def verdict(setting: Setting, outputs: Sequence[np.ndarray]) -> str:
    """One sentence on what happened to the signal from the first layer to the last.

    "Healthy" means the last layer's spread is within a factor of :data:`KEPT_FACTOR` of the
    first layer's; anything beyond is named, with both numbers, so the words never contradict
    the standard deviations printed next to them.
    """
    first, last = float(np.std(outputs[0])), float(np.std(outputs[-1]))
    saturated = saturation(outputs[-1])
    ratio = last / max(first, 1e-12)
    if setting.activation == "tanh" and saturated > 0.15:
        return (tr("saturated: {saturated:.0%} of the last layer's tanh outputs sit beyond "
                   "±0.95, where the gradient is almost zero", saturated=saturated))
    if ratio < 0.05 or last < 1e-3:
        return tr("collapsed: the last layers pass on almost nothing")
    if ratio > 20:
        return tr("exploding: the signal grows layer after layer")
    if ratio > KEPT_FACTOR:
        return tr("growing: the spread grows from {first:.3g} in the first layer to {last:.3g} "
                  "in the last", first=first, last=last)
    if ratio < 1 / KEPT_FACTOR:
        return tr("shrinking: the spread falls from {first:.3g} in the first layer to {last:.3g} "
                  "in the last", first=first, last=last)
    return tr("healthy: the spread stays within a factor of 3 from the first layer to the last")


def draw_activations(fig: Figure, setting: Setting, outputs: Sequence[np.ndarray]) -> None:
    """Histograms of every layer's outputs (top) and their standard deviation (bottom).

    For ReLU the histogram leaves out the exact zeros (about half of the values), which would
    otherwise flatten everything else; for tanh the bottom panel also shows the share of
    saturated outputs, which the standard deviation alone hides.
    """
    depth = len(outputs)
    grid = fig.add_gridspec(2, depth, height_ratios=[1.0, 1.0], hspace=0.45, wspace=0.3,
                            top=0.80)
    colour = WITH_BN if setting.batch_norm else PLAIN
    if setting.batch_norm and setting.mode == "inference":
        colour = FAKE
    for i, a in enumerate(outputs):
        ax = fig.add_subplot(grid[0, i])
        values = a.ravel()
        if setting.activation == "tanh":
            span = (-1.0, 1.0)
            label = tr("std {std:.2g}\n|x| > 0.95: {saturation:.0%}", std=np.std(values),
                       saturation=saturation(values))
            shown = values
        else:
            shown = values[values > 0]
            top = float(np.percentile(shown, 99.5)) if shown.size else 1.0
            span = (0.0, max(top, 1e-12))
            label = tr("std {std:.2g}\nzeros: {zeros:.0%}", std=np.std(values),
                       zeros=1 - shown.size / values.size)
        ax.hist(shown, bins=40, range=span, color=colour, alpha=0.85)
        ax.set_yticks([])
        # above the axes, not inside: written over the bars it hid the tallest ones
        ax.set_title(tr("layer {number}\n{label}", number=i + 1, label=label), fontsize=7,
                     linespacing=1.15)
        ax.tick_params(axis="x", labelsize=6)
        ax.set_xticks([span[0], span[1]], [f"{span[0]:.2g}", f"{span[1]:.2g}"])
    ax_std = fig.add_subplot(grid[1, :])
    stds = [float(np.std(a)) for a in outputs]
    layers = range(1, depth + 1)
    ax_std.semilogy(layers, np.maximum(stds, 1e-12), "o-", color=colour, lw=2, label=tr("std"))
    low, high = min(min(stds), 1e-2), max(max(stds), 1e2)
    ax_std.set(ylim=(max(low / 2, 1e-12), high * 2), xlabel=tr("layer"),
               ylabel=tr("std of the outputs"))
    ax_std.set_xticks(list(layers))
    ax_std.axhspan(0.2, 2.0, color=WITH_BN, alpha=0.08)
    ax_std.grid(alpha=0.3)
    if setting.activation == "tanh":
        twin = ax_std.twinx()
        twin.plot(layers, [100 * saturation(a) for a in outputs], "s--", color="#d62728",
                  lw=1.2, ms=4, label=tr("% saturated"))
        twin.set(ylim=(0, 100), ylabel=tr("% beyond ±0.95"))
        handles = ax_std.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax_std.legend(handles=handles, fontsize=8, loc="upper right")
    fig.suptitle(setting.describe(), fontsize=10)


class ActivationExplorer(widgets.VBox):
    """Switch batch norm, the initial weight scale, the activation and the mode; watch the
    per-layer distributions stay put, collapse or explode."""

    def __init__(self, *, depth: int = 8, width: int = 256, seed: int = 0) -> None:
        self.depth, self.width, self.seed = depth, width, seed
        self._cache: dict[Setting, tuple[bytes, str]] = {}
        toggle = {"style": {"button_width": "90px"}}
        self.batch_norm = widgets.ToggleButtons(options=[(tr("BN off"), False),
                                                         (tr("BN on"), True)],
                                                value=False, description=tr("batch norm"), **toggle)
        self.activation = widgets.ToggleButtons(options=list(ACTIVATIONS), value="tanh",
                                                description=tr("activation"), **toggle)
        self.init_scale = widgets.SelectionSlider(options=list(INIT_SCALES), value=1.0,
                                                  description=tr("init scale"),
                                                  continuous_update=False)
        self.mode = widgets.ToggleButtons(options=[(tr("training"), "training"),
                                                   (tr("inference"), "inference")],
                                          value="training",
                                          description=tr("mode"), **toggle)
        self.warmup = widgets.SelectionSlider(options=list(WARMUPS), value=0,
                                              description=tr("warm-up passes"),
                                              continuous_update=False,
                                              style={"description_width": "initial"})
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        for control in (self.batch_norm, self.activation, self.init_scale, self.mode,
                        self.warmup):
            control.observe(self._on_change, names="value")
        super().__init__([
            widgets.HBox([self.batch_norm, self.activation]),
            widgets.HBox([self.init_scale, self.mode, self.warmup]),
            self.caption,
            self.image,
        ])
        self.show()

    @property
    def setting(self) -> Setting:
        """The setting the controls show now."""
        return Setting(self.batch_norm.value, self.activation.value, float(self.init_scale.value),
                       self.mode.value, int(self.warmup.value))

    def render(self, setting: Setting) -> tuple[bytes, str]:
        """PNG and caption for ``setting`` (computed once, then cached)."""
        key = setting.canonical()
        if key not in self._cache:
            outputs = layer_activations(key, depth=self.depth, width=self.width,
                                        seed=self.seed)
            fig = Figure(figsize=(10, 4.2))
            draw_activations(fig, key, outputs)
            caption = tr("<b>{verdict}</b> &nbsp; std of layer 1: {std:.3g}, of layer {depth}: "
                         "{std2:.3g}", verdict=verdict(key, outputs), std=np.std(outputs[0]),
                         depth=self.depth, std2=np.std(outputs[-1]))
            if key.batch_norm and key.mode == "inference" and key.warmup == 0:
                caption += tr(" &nbsp; <span style='color:#777'>(moving averages still at their "
                              "start, mean 0 and variance 1: batch norm only divides by "
                              "√(1 + ε) ≈ 1.0005)</span>")
            elif key.batch_norm and key.mode == "inference":
                keep = 0.99 ** key.warmup
                caption += tr(" &nbsp; <span style='color:#777'>(moving averages still "
                              "{keep:.0%} their starting values)</span>", keep=keep)
            self._cache[key] = (figure_to_png(fig), caption)
        return self._cache[key]

    def show(self) -> None:
        """Draw the current setting."""
        self.warmup.disabled = not (self.batch_norm.value and self.mode.value == "inference")
        png, caption = self.render(self.setting)
        self.image.value = png
        self.caption.value = caption

    def _on_change(self, change) -> None:
        self.show()


def plot_layer_stds(settings: Sequence[Setting], *, depth: int = 8, width: int = 256,
                    seed: int = 0) -> CourseFigure:
    """Standard deviation of every layer's outputs for several settings (a static summary)."""
    fig = CourseFigure(figsize=(9.5, 3.4))
    ax = fig.subplots()
    styles = ["-", "--", ":", "-."]
    for i, setting in enumerate(settings):
        outputs = layer_activations(setting, depth=depth, width=width, seed=seed)
        colour = (FAKE if setting.batch_norm and setting.mode == "inference"
                  else WITH_BN if setting.batch_norm else PLAIN)
        ax.semilogy(range(1, depth + 1), [max(float(np.std(a)), 1e-12) for a in outputs],
                    marker="o", ls=styles[i % len(styles)], color=colour, lw=1.8,
                    label=setting.describe())
    ax.set(xlabel=tr("layer"), ylabel=tr("std of the layer's outputs"),
           title=tr("How the signal's scale changes with depth"))
    ax.set_xticks(range(1, depth + 1))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig
