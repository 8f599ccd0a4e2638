"""Lesson 05's widget: the discriminator's logit while the learner turns a real image into a fake.

The generator learns nothing but the discriminator's verdict and its gradient with respect to
the pixels (lesson 01). This viewer makes both visible for one image at a time: the learner
blends a real house number towards a generated one and adds noise, and sees D's logit, the
probability D(x), how the logit changes along the whole blend, and which pixels the gradient
says to change.

It scores the image three ways, which is the point of lesson 05's section on batch norm:

* ``"real batch"`` / ``"fake batch"``: as the training loss sees it, in training mode as one
  member of a batch of real (or generated) images, so batch norm normalises with that batch's
  statistics. Batch norm's moving averages are put back afterwards: looking never changes D.
* ``"inference"``: as ``score_batch`` sees it, ``training=False``, with the moving averages.

A discriminator trained on separate real and fake batches can lean on the batch's statistics
more than on the image: the same image may be called real in a real batch and fake in a fake
one. The three modes side by side show how much.

The figure is rendered off screen to a PNG, like every viewer of the course (see
:mod:`dcgan_course.widgets`); each setting is computed once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

from dcgan_course.plotting import DISC, FAKE, REAL, figure_to_png
from dcgan_course.translate import tr

MODES = ("real batch", "fake batch", "inference")
BLENDS = np.linspace(0.0, 1.0, 11)


def _moving_statistics(model) -> list[tf.Variable]:
    """Every batch-norm moving mean and variance of ``model`` (nested models included)."""
    return [v for v in model.non_trainable_variables
            if "moving_mean" in v.path or "moving_variance" in v.path]


def probe_logits(discriminator, images, context=None) -> np.ndarray:
    """D's logit for each image: in inference mode, or in training mode within ``context``.

    With a ``context`` batch (real images), each image is scored in training mode as one
    member of ``context`` with the image in place of its first element, the way the training
    loss sees a real batch. The moving averages that such a call updates are restored, so the
    discriminator is the same afterwards.
    """
    images = tf.convert_to_tensor(images, dtype=tf.float32)
    if context is None:
        return discriminator(images, training=False).numpy()[:, 0]
    context = tf.convert_to_tensor(context, dtype=tf.float32)
    saved = [v.numpy() for v in _moving_statistics(discriminator)]
    try:
        logits = []
        for image in images:
            batch = tf.concat([image[None], context[1:]], axis=0)
            logits.append(float(discriminator(batch, training=True)[0, 0]))
    finally:
        for variable, value in zip(_moving_statistics(discriminator), saved, strict=True):
            variable.assign(value)
    return np.asarray(logits, dtype=np.float32)


def logit_gradient(discriminator, image, context=None) -> np.ndarray:
    """|d logit / d pixel| of one image, averaged over colour channels: (height, width)."""
    image = tf.convert_to_tensor(image, dtype=tf.float32)[None]
    saved = [v.numpy() for v in _moving_statistics(discriminator)]
    try:
        with tf.GradientTape() as tape:
            tape.watch(image)
            if context is None:
                logit = discriminator(image, training=False)[0, 0]
            else:
                batch = tf.concat([image, tf.convert_to_tensor(context[1:], tf.float32)], 0)
                logit = discriminator(batch, training=True)[0, 0]
        gradient = tape.gradient(logit, image)
    finally:
        for variable, value in zip(_moving_statistics(discriminator), saved, strict=True):
            variable.assign(value)
    return np.abs(gradient.numpy()[0]).mean(axis=-1)


def probe_image(real: np.ndarray, fake: np.ndarray, blend: float, noise: float,
                seed: int = 0) -> np.ndarray:
    """``(1 - blend) * real + blend * fake`` plus ``noise`` times fixed noise, in [-1, 1]."""
    eps = np.random.default_rng(seed).standard_normal(real.shape).astype(np.float32)
    return np.clip((1 - blend) * real + blend * fake + noise * eps, -1.0, 1.0).astype(np.float32)


def sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


@dataclass(frozen=True)
class Probe:
    """One setting of the viewer: which real/fake pair, how far blended, how noisy, which mode."""

    index: int
    blend: float
    noise: float
    mode: str


class LogitProbe(widgets.VBox):
    """Blend a real image into a fake one and watch the discriminator's logit and gradient.

    ``real`` and ``fake`` are batches of images in [-1, 1] (NHWC); image ``i`` of the viewer
    blends ``real[i]`` into ``fake[i]``. In the batch modes the probed image replaces the
    first of ``batch`` (64 by default) real or generated images.
    """

    def __init__(self, discriminator, real: np.ndarray, fake: np.ndarray, *,
                 count: int = 8, batch: int = 64, mode: str = "real batch") -> None:
        self.discriminator = discriminator
        self.real = np.asarray(real[:count], dtype=np.float32)
        self.fake = np.asarray(fake[:count], dtype=np.float32)
        self.contexts = {"real batch": np.asarray(real[:batch], dtype=np.float32),
                         "fake batch": np.asarray(fake[:batch], dtype=np.float32),
                         "inference": None}
        self._cache: dict[Probe, tuple[bytes, str]] = {}
        self._curves: dict[tuple[int, float, str], np.ndarray] = {}
        layout = widgets.Layout(width="340px", min_width="340px")  # readouts ("0.50") fit
        style = {"description_width": "110px"}
        self.index = widgets.IntSlider(0, min=0, max=len(self.real) - 1, description=tr("image "
                                                                                        "pair"),
                                       layout=layout, style=style, continuous_update=False)
        self.blend = widgets.FloatSlider(0.0, min=0.0, max=1.0, step=0.1,
                                         description=tr("real → fake"), layout=layout, style=style,
                                         continuous_update=False, readout_format=".1f")
        self.noise = widgets.FloatSlider(0.0, min=0.0, max=0.5, step=0.05, description=tr("noise"),
                                         layout=layout, style=style, continuous_update=False,
                                         readout_format=".2f")
        self.mode = widgets.ToggleButtons(
            options=[(tr("training mode, in a real batch"), "real batch"),
                     (tr("training mode, in a fake batch"), "fake batch"),
                     (tr("inference (score_batch)"), "inference")],
            value=mode, style={"button_width": "240px"})
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        for control in (self.index, self.blend, self.noise, self.mode):
            control.observe(lambda _: self.show(), names="value")
        super().__init__([
            # sliders and buttons on rows of their own: side by side, the buttons squeezed
            # the sliders' readouts out of sight
            widgets.HBox([self.index, self.blend, self.noise],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.mode,
            self.caption,
            self.image,
        ])
        self.show()

    @property
    def probe(self) -> Probe:
        """The setting the controls show now."""
        return Probe(int(self.index.value), round(float(self.blend.value), 2),
                     round(float(self.noise.value), 2), str(self.mode.value))

    def _context(self, mode: str):
        return self.contexts[mode]

    def curve(self, index: int, noise: float, mode: str) -> np.ndarray:
        """D's logit at every blend of :data:`BLENDS` for one pair and noise level."""
        key = (index, noise, mode)
        if key not in self._curves:
            images = np.stack([probe_image(self.real[index], self.fake[index], b, noise,
                                           seed=index) for b in BLENDS])
            self._curves[key] = probe_logits(self.discriminator, images, self._context(mode))
        return self._curves[key]

    def render(self, probe: Probe) -> tuple[bytes, str]:
        """PNG and caption for ``probe`` (computed once, then cached)."""
        if probe not in self._cache:
            image = probe_image(self.real[probe.index], self.fake[probe.index], probe.blend,
                                probe.noise, seed=probe.index)
            context = self._context(probe.mode)
            logit = float(probe_logits(self.discriminator, image[None], context)[0])
            gradient = logit_gradient(self.discriminator, image, context)
            curve = self.curve(probe.index, probe.noise, probe.mode)
            fig = Figure(figsize=(10, 3.0))
            draw_probe(fig, image, gradient, curve, probe.blend, logit)
            # within ±0.05 of 0 (D(x) 0.49-0.51) D has no opinion worth naming
            verdict = (tr("D calls this image real") if logit >= 0.05 else
                       tr("D calls this image fake") if logit <= -0.05 else tr("D cannot tell"))
            how = {"real batch": tr("training mode, among real images"),
                   "fake batch": tr("training mode, among generated images"),
                   "inference": tr("inference mode, batch norm's moving averages")}[probe.mode]
            caption = tr("<b>logit {logit:+.2f} → D(x) = {sigmoid:.2f}</b>: {verdict} &nbsp; "
                         "<span style='color:#777'>({how})</span>", logit=logit,
                         sigmoid=sigmoid(logit), verdict=verdict, how=how)
            self._cache[probe] = (figure_to_png(fig), caption)
        return self._cache[probe]

    def show(self) -> None:
        png, caption = self.render(self.probe)
        self.image.value = png
        self.caption.value = caption


def draw_probe(fig: Figure, image: np.ndarray, gradient: np.ndarray, curve: np.ndarray,
               blend: float, logit: float) -> None:
    """The probed image, where D's gradient points, and the logit along the whole blend."""
    ax_image, ax_grad, ax_curve = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 1.8]})
    ax_image.imshow((image + 1) / 2, interpolation="nearest")
    ax_image.set_title(tr("the image: blend {blend:.1f}", blend=blend), fontsize=9)
    shown = ax_grad.imshow(gradient, cmap="magma", interpolation="nearest")
    ax_grad.set_title(tr("|d logit / d pixel|: what G is told\nto change"), fontsize=9)
    fig.colorbar(shown, ax=ax_grad, fraction=0.046, pad=0.04)
    for ax in (ax_image, ax_grad):
        ax.set_xticks([])
        ax.set_yticks([])
    ax_curve.axhspan(0, max(float(np.max(curve)), logit, 1.0) + 1, color=REAL, alpha=0.12)
    ax_curve.axhspan(min(float(np.min(curve)), logit, -1.0) - 1, 0, color=FAKE, alpha=0.12)
    ax_curve.plot(BLENDS, curve, "o-", color=DISC, lw=1.5, ms=4)
    ax_curve.plot([blend], [logit], "o", color="black", ms=9, mfc="none", mew=2)
    ax_curve.axhline(0, color="black", lw=0.8)
    ax_curve.set(xlabel=tr("blend: 0 = the real image, 1 = the generated one"),
                 ylabel=tr("D's logit"),
                 title=tr("the logit along the blend (circle: now)"))
    ax_curve.text(0.99, 0.97, tr("logit > 0: 'real'"), transform=ax_curve.transAxes, ha="right",
                  va="top", fontsize=8, color="#555")
    ax_curve.text(0.99, 0.03, tr("logit < 0: 'fake'"), transform=ax_curve.transAxes, ha="right",
                  va="bottom", fontsize=8, color=FAKE)
    ax_curve.grid(alpha=0.3)
    fig.tight_layout()
