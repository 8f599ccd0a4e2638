"""Walk a generator layer by layer: the tensor's shape as a block, and its feature maps.

:class:`LayerWalker` (lesson 04, and lesson 06 with a trained generator) runs one noise
vector z through any chain-shaped Keras generator, one layer at a time, and shows for the
chosen layer where it sits among the deck's blocks (z, 4x4, 8x8, ..., the image) and what the
tensor actually holds: the first feature maps of a 3-D tensor, the picture itself at the
end. Like :class:`dcgan_course.widgets.GameViewer` it renders with matplotlib off screen to
PNG into an ``ipywidgets.Image`` and caches every frame, so it works the same in JupyterLab,
Notebook 7, VS Code and Binder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from dcgan_course.architecture import draw_blocks, flat_layers, plot_parity
from dcgan_course.plotting import FAKE, CourseFigure, figure_to_png
from dcgan_course.translate import tr
from dcgan_course.widgets import move_slider, step_buttons

_SHORT = {"Dense": "dense", "Reshape": "reshape", "BatchNormalization": "BN",
          "LeakyReLU": "leaky ReLU", "ReLU": "ReLU", "Conv2DTranspose": "conv-T",
          "Conv2D": "conv", "Activation": "act", "UpSampling2D": "upsample"}


@dataclass
class LayerOutput:
    """What one layer made of one z: its name, class, and the tensor (batch axis dropped)."""

    name: str
    kind: str
    value: np.ndarray
    stage: int


def _activation_label(layer) -> str:
    act = getattr(layer, "activation", None)
    return getattr(act, "__name__", "") if act is not None else ""


def walk(generator, z: np.ndarray) -> list[LayerOutput]:
    """Run ``z`` (shape (z_dim,)) through ``generator`` one layer at a time (inference mode).

    Element 0 is z itself. Each tensor is assigned a *stage*: 0 for z, 1 for the dense
    output and the first 4x4 maps, then one more for every doubling of the spatial size.
    """
    import tensorflow as tf

    x = tf.convert_to_tensor(np.asarray(z, dtype=np.float32)[None])
    out = [LayerOutput("z", "Input", np.asarray(z, dtype=np.float32), 0)]
    first_size = None
    for layer in flat_layers(generator):
        x = layer(x, training=False)
        value = np.asarray(x[0])
        if value.ndim == 3:
            first_size = first_size or value.shape[0]
            stage = 1 + int(round(math.log2(value.shape[0] / first_size)))
        else:
            stage = 1
        kind = type(layer).__name__
        if kind == "Activation" or (kind in ("Conv2DTranspose", "Dense", "Conv2D")
                                    and _activation_label(layer) not in ("", "linear")):
            kind = f"{kind} ({_activation_label(layer)})" if kind != "Activation" else \
                f"Activation ({_activation_label(layer)})"
        out.append(LayerOutput(layer.name, kind, value, stage))
    return out


def _stage_blocks(outputs: list[LayerOutput]) -> list[tuple[tuple[int, ...], str]]:
    blocks = []
    for stage in range(outputs[-1].stage + 1):
        members = [o for o in outputs if o.stage == stage]
        if stage == 0:
            blocks.append((members[0].value.shape, tr("noise z")))
            continue
        steps = []
        for o in members:
            word = _SHORT.get(o.kind.split(" ")[0], o.kind)
            if "(" in o.kind:
                word = o.kind.split("(")[1].rstrip(")") if o.kind.startswith("Activation") \
                    else f"{word}, {o.kind.split('(')[1].rstrip(')')}"
            steps.append(word)
        label = ", ".join(steps)
        if len(label) > 16:  # short lines fit above the arrow
            label = "\n".join(", ".join(steps[i:i + 2]) for i in range(0, len(steps), 2))
        blocks.append((members[-1].value.shape, label))
    return blocks


def _grid(n: int) -> tuple[int, int]:
    cols = int(math.ceil(math.sqrt(n)))
    return int(math.ceil(n / cols)), cols


def draw_feature_maps(fig: Figure, output: LayerOutput, *, max_maps: int = 16,
                      rect: tuple[float, float, float, float] = (0.02, 0.02, 0.96, 0.55),
                      image_range: tuple[float, float] = (-1.0, 1.0)) -> None:
    """Draw what one tensor holds: the picture, its first feature maps, or a vector."""
    left, bottom, width, height = rect
    value = output.value
    if value.ndim == 3 and value.shape[2] in (1, 3) and output.kind.endswith("(tanh)"):
        low, high = image_range
        spread = float(np.max(np.abs(value))) or 1.0
        views = [(np.clip((value - low) / (high - low), 0, 1),
                  tr("as pixels (tanh range → 0..255)")),
                 (np.clip(value / spread / 2 + 0.5, 0, 1), tr("contrast stretched (±{spread:.2g})",
                                                              spread=spread))]
        for k, (picture, title) in enumerate(views):
            ax = fig.add_axes((left + width * (0.08 + 0.46 * k), bottom, width * 0.38,
                               height - 0.04))
            ax.imshow(picture[..., 0] if value.shape[2] == 1 else picture,
                      cmap="gray" if value.shape[2] == 1 else None, interpolation="nearest")
            ax.set_title(title, fontsize=9)
            ax.axis("off")
        return
    if value.ndim == 1:
        rows, cols = _grid(value.size)
        padded = np.full(rows * cols, np.nan)
        padded[:value.size] = value
        ax = fig.add_axes((left + width * 0.25, bottom, width * 0.5, height))
        limit = float(np.nanmax(np.abs(value))) or 1.0
        ax.imshow(padded.reshape(rows, cols), cmap="RdBu_r", vmin=-limit, vmax=limit,
                  interpolation="nearest")
        ax.set_title(tr("all {size} numbers, laid out {rows}×{cols} (red > 0 > blue)",
                        size=value.size, rows=rows, cols=cols),
                     fontsize=9)
        ax.axis("off")
        return
    count = min(value.shape[2], max_maps)
    rows = 2 if count > 4 else 1
    cols = int(math.ceil(count / rows))
    limit = float(np.max(np.abs(value[..., :count]))) or 1.0
    gs = fig.add_gridspec(rows, cols, left=left, right=left + width, bottom=bottom,
                          top=bottom + height - 0.05, wspace=0.08, hspace=0.12)
    for k in range(count):
        ax = fig.add_subplot(gs[k // cols, k % cols])
        ax.imshow(value[..., k], cmap="RdBu_r", vmin=-limit, vmax=limit,
                  interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel(tr("map {k}", k=k), fontsize=7, labelpad=1)
    fig.text(left + width / 2, bottom + height - 0.02,
             tr("first {count} of {maps} feature maps, each {height}×{width} (one colour "
                "scale, ±{limit:.2g}; red > 0 > blue)", count=count, maps=value.shape[2],
                height=value.shape[0], width=value.shape[1], limit=limit),
             ha="center", fontsize=9)


def draw_walk_frame(fig: Figure, outputs: list[LayerOutput], index: int, *,
                    max_maps: int = 16) -> None:
    """One frame of the walker: the block strip with the current stage, then its maps."""
    current = outputs[index]
    draw_blocks(fig, _stage_blocks(outputs), colour=FAKE, highlight=current.stage,
                rect=(0.02, 0.62, 0.96, 0.31))
    where = tr("the noise vector z") if index == 0 else \
        tr("layer {index} of {last}: {kind}", index=index, last=len(outputs) - 1,
           kind=current.kind)
    shape = "×".join(str(s) for s in current.value.shape)
    fig.text(0.5, 0.975, f"{where}  →  {shape}", ha="center", va="top", fontsize=11,
             fontweight="bold")
    draw_feature_maps(fig, current, max_maps=max_maps, rect=(0.04, 0.02, 0.92, 0.56))


def _stats(value: np.ndarray) -> str:
    return (tr("mean {mean:+.3f}, std {std:.3f}, min {min:+.3f}, max {max:+.3f}",
               mean=value.mean(), std=value.std(), min=value.min(), max=value.max()))


class LayerWalker(widgets.VBox):
    """Step through a generator's layers for one noise vector z.

    ``generator`` is a Keras model made of a chain of layers (a ``keras.Sequential`` or a
    functional model without branches). Pick the layer with the slider or the step buttons,
    and a different z with the seed box or "new z". Every frame is rendered once, then
    cached: ``render(seed, index)`` returns its PNG.
    """

    def __init__(self, generator, *, seed: int = 0, max_maps: int = 16,
                 z_dim: int | None = None) -> None:
        self.generator = generator
        self.max_maps = max_maps
        self.z_dim = int(z_dim or generator.inputs[0].shape[-1])
        self._outputs: dict[int, list[LayerOutput]] = {}
        self._cache: dict[tuple[int, int], bytes] = {}
        last = len(self.outputs(seed)) - 1
        self.slider = widgets.IntSlider(value=0, min=0, max=last, description=tr("layer"),
                                        continuous_update=False,
                                        layout=widgets.Layout(width="360px"))
        self.back, self.forward = step_buttons(self.slider, label=tr("layer"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, description=tr("z seed"),
                                           layout=widgets.Layout(width="160px"))
        self.new_z = widgets.Button(description=tr("new z"), layout=widgets.Layout(width="70px"))
        self.new_z.on_click(lambda _: setattr(self.seed, "value", self.seed.value + 1))
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.slider.observe(self._on_change, names="value")
        self.seed.observe(self._on_change, names="value")
        super().__init__([
            widgets.HBox([self.back, self.forward, self.slider, self.seed, self.new_z]),
            self.caption,
            self.image,
        ])
        self.show()

    def noise(self, seed: int) -> np.ndarray:
        """The z for ``seed``: standard normal, the same on every machine."""
        return np.random.default_rng(seed).standard_normal(self.z_dim).astype(np.float32)

    def outputs(self, seed: int) -> list[LayerOutput]:
        """Every layer's output for the z of ``seed`` (computed once per seed)."""
        if seed not in self._outputs:
            self._outputs[seed] = walk(self.generator, self.noise(seed))
        return self._outputs[seed]

    def step_by(self, delta: int) -> None:
        """Move ``delta`` layers, staying inside the network."""
        move_slider(self.slider, delta)

    def render(self, seed: int, index: int) -> bytes:
        """The PNG of layer ``index`` for the z of ``seed`` (rendered once, then cached)."""
        key = (seed, index)
        if key not in self._cache:
            fig = Figure(figsize=(8.0, 5.6))
            draw_walk_frame(fig, self.outputs(seed), index, max_maps=self.max_maps)
            self._cache[key] = figure_to_png(fig)
        return self._cache[key]

    def show(self) -> None:
        seed, index = self.seed.value, self.slider.value
        current = self.outputs(seed)[index]
        self.image.value = self.render(seed, index)
        shape = "×".join(str(s) for s in current.value.shape)
        self.caption.value = (f"<b>{current.kind}</b> <code>{current.name}</code> → "
                              f"<b>{shape}</b> &nbsp; <span style='color:#555'>"
                              f"{_stats(current.value)}</span>")

    def _on_change(self, change) -> None:
        self.show()


def plot_generator_walk(generator, seed: int = 0, maps: int = 6,
                        z_dim: int | None = None) -> CourseFigure:
    """A static version of the walker: one row per stage, its first maps, then the image."""
    z_dim = int(z_dim or generator.inputs[0].shape[-1])
    outputs = walk(generator, np.random.default_rng(seed).standard_normal(z_dim))
    last_of_stage = [[o for o in outputs if o.stage == s][-1]
                     for s in range(1, outputs[-1].stage + 1)]
    fig = CourseFigure(figsize=(1.45 * maps + 1.6, 1.5 * len(last_of_stage)))
    axes = fig.subplots(len(last_of_stage), maps, squeeze=False)
    for row, output in zip(axes, last_of_stage, strict=True):
        value = output.value
        shape = "×".join(str(s) for s in value.shape)
        row[0].set_ylabel(f"{shape}\n{output.kind}", fontsize=8, rotation=0, ha="right",
                          va="center")
        for k, ax in enumerate(row):
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ax.spines.values():
                side.set_visible(k < 2 or value.shape[2] > 3)
            if value.shape[2] <= 3:
                spread = float(np.max(np.abs(value))) or 1.0
                if k < 2:
                    shown = (value + 1) / 2 if k == 0 else value / spread / 2 + 0.5
                    ax.imshow(np.clip(shown, 0, 1).squeeze(), cmap="gray",
                              interpolation="nearest")
                    ax.set_title(tr("as pixels") if k == 0 else tr("stretched ±{spread:.2g}",
                                                               spread=spread),
                                 fontsize=8)
                continue
            limit = float(np.max(np.abs(value[..., :maps]))) or 1.0
            ax.imshow(value[..., k], cmap="RdBu_r", vmin=-limit, vmax=limit,
                      interpolation="nearest")
    fig.suptitle(tr("one z (seed {seed}) through the generator: the first {maps} feature maps "
                    "after each stage, then the image", seed=seed, maps=maps), fontsize=10)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.9, bottom=0.02, wspace=0.06, hspace=0.15)
    return fig


def plot_overlap_pattern(images: np.ndarray) -> CourseFigure:
    """Mean absolute pixel value over a batch of generated images, and by pixel parity.

    A single untrained sample looks like noise; averaged over many z, the stride-2
    transposed convolutions' uneven overlap shows as a pattern that repeats every 2 pixels.
    """
    magnitude = np.abs(np.asarray(images, dtype=np.float64)).mean(axis=(0, 3))
    return plot_parity(magnitude, tr("mean |pixel| over {count} samples", count=len(images)))
