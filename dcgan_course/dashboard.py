"""Watching a DCGAN train: the live notebook dashboard, sample files, the progress GIF.

* :class:`Dashboard` (lesson 06): tqdm's notebook progress bar plus one picture with the loss
  curves, D(x) and D(G(z)), and the fixed-latent sample grid, redrawn *in place*. Drawing
  costs time that training does not get, so the dashboard measures every redraw and waits
  at least ``cost / budget`` seconds before the next one: with ``budget=0.03`` it can never
  take more than about 3% of the run, however slow the machine (the measured share is
  :attr:`Dashboard.overhead`).
* :class:`FileReporter` (the command line): a sample grid PNG every ``sample_every`` steps, a
  line of progress on stdout, and ``progress.gif`` at the end.
* Pictures for the end of training: :func:`make_gif`, :func:`plot_curves`,
  :func:`plot_interpolation`, and :func:`tile_grid` (a fast uint8 mosaic, no matplotlib).

Rendering follows :mod:`dcgan_course.widgets`: matplotlib off screen, PNG into an
``ipywidgets.Image``, so it works the same in JupyterLab, Notebook 7, VS Code and Binder.
"""

from __future__ import annotations

import functools
import io
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from dcgan_course.data.grid import as_uint8
from dcgan_course.plotting import DISC, FAKE, GEN_LOSS, REAL, CourseFigure, figure_to_png
from dcgan_course.training import Callback, Trainer, interpolate, smoothed
from dcgan_course.translate import tr


def tile_grid(images: np.ndarray, cols: int = 8, pad: int = 2, scale: int = 2) -> np.ndarray:
    """Images (NHWC, uint8 or float in [-1, 1]) as one uint8 mosaic, ``scale`` x enlarged."""
    pictures = as_uint8(images)
    if pictures.shape[-1] == 1:
        pictures = np.repeat(pictures, 3, axis=-1)
    count, height, width, _ = pictures.shape
    cols = max(1, min(cols, count))
    rows = -(-count // cols)
    mosaic = np.full((rows * (height + pad) + pad, cols * (width + pad) + pad, 3), 255, np.uint8)
    for index, picture in enumerate(pictures):
        r, c = divmod(index, cols)
        y, x = pad + r * (height + pad), pad + c * (width + pad)
        mosaic[y:y + height, x:x + width] = picture
    if scale > 1:
        mosaic = mosaic.repeat(scale, axis=0).repeat(scale, axis=1)
    return mosaic


def save_png(mosaic: np.ndarray, path: str | Path) -> Path:
    """Write a uint8 mosaic as PNG."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(mosaic).save(path)
    return path


def make_gif(frames: Sequence[np.ndarray], path: str | Path | None = None,
             ms_per_frame: int = 250, hold_last_ms: int = 1500) -> bytes:
    """A looping GIF of uint8 frames (Pillow); written to ``path`` when given.

    The last frame is held longer so the final samples can be read. Returns the GIF bytes
    (``IPython.display.Image(data=...)`` shows them in a notebook).
    """
    if not frames:
        raise ValueError("make_gif needs at least one frame")
    images = [Image.fromarray(np.asarray(f, np.uint8)) for f in frames]
    durations = [ms_per_frame] * (len(images) - 1) + [hold_last_ms]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0)
    data = buffer.getvalue()
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)
    return data


def _caption_font(text: str):
    """PIL's built-in font for ASCII captions; for any other text (the Korean edition's
    "스텝 N") the font the Korean edition draws its figures with, since the built-in bitmap
    font has no Hangul and would draw boxes. None falls back to the built-in font (only when
    that font is not installed)."""
    return None if text.isascii() else _hangul_caption_font()


@functools.lru_cache(maxsize=1)
def _hangul_caption_font():
    """The Korean figures' font (language.FONT_FAMILY) at caption size, loaded once."""
    from PIL import ImageFont

    from dcgan_course.language import FONT_FAMILY, hangul_font_files

    files = hangul_font_files()
    regular = [f for f in files if f.stem == FONT_FAMILY] or files
    return ImageFont.truetype(str(regular[0]), 11) if regular else None


def _label_frame(mosaic: np.ndarray, text: str) -> np.ndarray:
    """A frame with a caption strip (the step number, in the edition's language) above the
    grid."""
    from PIL import ImageDraw

    strip = 14
    canvas = Image.new("RGB", (mosaic.shape[1], mosaic.shape[0] + strip), "white")
    canvas.paste(Image.fromarray(mosaic), (0, strip))
    ImageDraw.Draw(canvas).text((4, 1), text, fill=(0, 0, 0), font=_caption_font(text))
    return np.asarray(canvas)


def draw_curves(fig: Figure, history: dict[str, list[float]], window: int = 25,
                axes: Sequence | None = None) -> None:
    """Losses (left) and D(x), D(G(z)) (right), raw in light colour, moving average on top."""
    left, right = axes if axes is not None else fig.subplots(1, 2)
    steps = np.asarray(history["step"])
    for ax, series in ((left, (("d_loss", tr("D loss"), DISC),
                               ("g_loss", tr("G loss"), GEN_LOSS))),
                       (right, (("d_real", tr("D(x), data"), REAL),
                                ("d_fake", tr("D(G(z)), fake"), FAKE)))):
        for key, label, colour in series:
            values = np.asarray(history[key])
            if len(values):
                ax.plot(steps, values, color=colour, alpha=0.25, lw=0.8)
                ax.plot(steps, smoothed(values, window), color=colour, lw=1.8, label=label)
        ax.set_xlabel(tr("step"))
        ax.grid(alpha=0.3)
    left.axhline(np.log(4), color=DISC, ls=":", lw=1)
    left.axhline(np.log(2), color=GEN_LOSS, ls=":", lw=1)
    left.set_title(tr("losses (dotted: log 4, log 2)"), fontsize=10)
    right.axhline(0.5, color="black", ls=":", lw=1)
    right.set_ylim(0, 1)
    right.set_title(tr("discriminator's verdict"), fontsize=10)
    for ax in (left, right):
        if ax.get_legend_handles_labels()[1]:
            ax.legend(fontsize=8, loc="upper right")


def plot_curves(history: dict[str, list[float]], window: int = 25) -> CourseFigure:
    """The loss and D(x)/D(G(z)) curves of a finished run."""
    fig = CourseFigure(figsize=(10, 3.3))
    draw_curves(fig, history, window)
    fig.tight_layout()
    return fig


def plot_interpolation(trainer: Trainer, pairs: int = 4, count: int = 10,
                       seed: int = 3) -> CourseFigure:
    """Rows of samples along straight lines between two random latent vectors."""
    rng = np.random.default_rng(seed)
    z_dim = trainer.config.z_dim
    lines = [interpolate(rng.standard_normal(z_dim), rng.standard_normal(z_dim), count)
             for _ in range(pairs)]
    images = trainer.generate(np.concatenate(lines))
    fig = CourseFigure(figsize=(count * 0.8, pairs * 0.85 + 0.4))
    ax = fig.add_axes((0, 0, 1, 0.92))
    ax.imshow(tile_grid(images, cols=count, scale=1), interpolation="nearest")
    ax.set_axis_off()
    fig.suptitle(tr("walking in a straight line through latent space (left z → right z)"),
                 fontsize=10)
    return fig


class FileReporter(Callback):
    """For runs without a notebook: sample PNGs, progress lines, progress.gif at the end."""

    def __init__(self, out_dir: str | Path, sample_every: int | None = None,
                 print_every: int | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.sample_every = sample_every
        self.print_every = print_every
        self.gif_path: Path | None = None

    def on_train_begin(self, trainer: Trainer, start_step: int, end_step: int) -> None:
        self.sample_every = self.sample_every or trainer.config.sample_every
        self.print_every = self.print_every or self.sample_every
        self.end_step = end_step
        self.started = time.perf_counter()
        self.start_step = start_step
        if start_step:
            print(tr("resumed from step {start_step} (checkpoint in {value})",
                     start_step=start_step, value=self.out_dir / 'checkpoints'), flush=True)
        if start_step == 0:
            self._sample(trainer, 0)

    def _sample(self, trainer: Trainer, step: int) -> None:
        save_png(tile_grid(trainer.generate()), self.out_dir / "samples" / f"step-{step:06d}.png")

    def on_step_end(self, trainer: Trainer, step: int, metrics: dict[str, float]) -> None:
        if step % self.sample_every == 0 or step == self.end_step:
            self._sample(trainer, step)
        if step % self.print_every == 0 or step == self.end_step:
            rate = ((step - self.start_step) * trainer.config.batch_size
                    / max(time.perf_counter() - self.started, 1e-9))
            print(tr("step {step}/{end_step}  d_loss {d_loss:.3f}  g_loss {g_loss:.3f}  D(x) "
                     "{d_real:.2f}  D(G(z)) {d_fake:.2f}  {rate:.0f} images/s", step=step,
                     end_step=self.end_step, d_loss=metrics['d_loss'], g_loss=metrics['g_loss'],
                     d_real=metrics['d_real'], d_fake=metrics['d_fake'], rate=rate), flush=True)

    def on_train_end(self, trainer: Trainer) -> None:
        files = sorted((self.out_dir / "samples").glob("step-*.png"))
        if files:
            frames = [_label_frame(np.asarray(Image.open(f).convert("RGB")),
                                   tr("step {step}", step=int(f.stem.split('-')[1])))
                      for f in files]
            self.gif_path = self.out_dir / "progress.gif"
            make_gif(frames, self.gif_path)


class Dashboard(Callback):
    """The live training view of lesson 06 (see the module docstring).

    ``budget`` is the largest share of the run the redraws may take; ``min_interval`` the
    shortest time between two redraws (seconds). Frames for the progress GIF are the sample
    grids of every redraw. ``display=False`` builds everything without showing it (tests).
    ``data`` names the training data in the title (``"synthetic"`` or ``"svhn"``), next to
    whose training step runs (the learner's, the instructor's reference, or none yet:
    :attr:`Trainer.step_label`).
    """

    def __init__(self, budget: float = 0.03, min_interval: float = 1.0,
                 display: bool = True, data: str = "") -> None:
        self.data = data
        self.budget = budget
        self.min_interval = min_interval
        self.display = display
        self.frames: list[np.ndarray] = []
        self.frame_steps: list[int] = []
        self.busy = 0.0          # seconds spent inside the dashboard
        self.redraws = 0
        self.redraw_seconds: list[float] = []
        self.widget = None
        self.bar = None

    # The callback ---------------------------------------------------------------------

    def on_train_begin(self, trainer: Trainer, start_step: int, end_step: int) -> None:
        began = time.perf_counter()
        self.trainer = trainer
        self.end_step = end_step
        self.started = began
        self.next_redraw = began
        self.busy = 0.0
        self.start_step = start_step
        self.steps_run = 0
        self.total = None
        import ipywidgets as widgets
        from tqdm.auto import tqdm

        self.image = widgets.Image(format="png")
        self.caption = widgets.HTML()
        self.bar = tqdm(total=end_step, initial=start_step, desc=str(tr("training")), unit="step",
                        disable=not self.display, mininterval=0.5)
        self.widget = widgets.VBox([self.caption, self.image])
        if self.display:
            from IPython.display import display

            display(self.widget)
        if start_step:
            self.caption.value = tr("resumed from the checkpoint at step {start_step}",
                                    start_step=start_step)
        self._redraw(start_step)
        self.busy += time.perf_counter() - began

    def on_step_end(self, trainer: Trainer, step: int, metrics: dict[str, float]) -> None:
        began = time.perf_counter()
        self.steps_run += 1
        self.bar.update(1)
        if began >= self.next_redraw:
            self._redraw(step)
        self.busy += time.perf_counter() - began

    def on_train_end(self, trainer: Trainer) -> None:
        began = time.perf_counter()
        step = int(trainer.step.numpy())
        if not self.frame_steps or self.frame_steps[-1] != step:
            self._redraw(step)
        self.bar.close()
        self.busy += time.perf_counter() - began
        self.total = time.perf_counter() - self.started

    # Drawing --------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """What trains on what: step source and data, on the picture and the caption."""
        return training_title(self.trainer, self.data)

    def _redraw(self, step: int) -> None:
        began = time.perf_counter()
        averaged = self.trainer.ema_generator is not None
        samples = self.trainer.generate()
        mosaic = tile_grid(samples, cols=8, scale=1)
        self.frames.append(mosaic)
        self.frame_steps.append(step)
        panels = [(mosaic, tr("averaged G (EMA)") if averaged else tr("generator"))]
        if averaged:
            panels.insert(0, (tile_grid(self.trainer.generate(averaged=False), cols=8, scale=1),
                              tr("raw G")))
        fig = Figure(figsize=(5.2 + 3.3 * len(panels), 3.2))
        grid = fig.add_gridspec(1, 2 + len(panels), width_ratios=(1, 1, *[1.15] * len(panels)))
        axes = [fig.add_subplot(grid[0, i]) for i in range(2 + len(panels))]
        draw_curves(fig, self.trainer.history, axes=axes[:2])
        for ax, (picture, name) in zip(axes[2:], panels, strict=True):
            ax.imshow(picture, interpolation="nearest")
            ax.set_axis_off()
            ax.set_title(tr("{name}, fixed z, step {step}", name=name, step=step), fontsize=10)
        fig.suptitle(self.title, fontsize=10)
        fig.tight_layout()
        self.image.value = figure_to_png(fig, dpi=72)
        h = self.trainer.history
        if h["step"]:
            self.caption.value = tr("<b>{title}</b><br><b>step {step}</b> &nbsp; D loss "
                                    "{d_loss:.3f} &nbsp; G loss {g_loss:.3f} &nbsp; D(x) "
                                    "{d_real:.2f} &nbsp; D(G(z)) {d_fake:.2f}", title=self.title,
                                    step=step, d_loss=h['d_loss'][-1], g_loss=h['g_loss'][-1],
                                    d_real=h['d_real'][-1], d_fake=h['d_fake'][-1])
        cost = time.perf_counter() - began
        self.redraws += 1
        self.redraw_seconds.append(cost)
        self.next_redraw = time.perf_counter() + max(self.min_interval, cost / self.budget)

    @property
    def overhead(self) -> float:
        """Share of the wall time spent in the dashboard (0.02 = 2%)."""
        total = getattr(self, "total", None) or (time.perf_counter() - self.started)
        return self.busy / max(total, 1e-9)

    def summary(self) -> str:
        """One line for the end of the training cell (also when there was nothing to do)."""
        step = int(self.trainer.step.numpy())
        if not self.trainer.can_train:
            return tr("step {step}: nothing was trained, there is no training step yet "
                      "(section 4 says why).", step=step)
        if not self.steps_run:
            return tr("step {step}: nothing to train, the checkpoint already reached the "
                      "profile's {end_step} steps. To train again from scratch, use another "
                      "out_dir or delete this one.", step=step, end_step=self.end_step)
        return tr("step {step} ({steps_run} steps in {total:.0f} s); dashboard overhead "
                  "{overhead:.1%} ({redraws} redraws)", step=step, steps_run=self.steps_run,
                  total=self.total, overhead=self.overhead, redraws=self.redraws)

    def gif(self, path: str | Path | None = None, ms_per_frame: int = 250) -> bytes:
        """The progress GIF from the frames recorded at every redraw."""
        frames = [_label_frame(f.repeat(2, 0).repeat(2, 1), tr("step {step}", step=s))
                  for f, s in zip(self.frames, self.frame_steps, strict=True)]
        return make_gif(frames, path, ms_per_frame)


def training_title(trainer: Trainer, data: str = "") -> str:
    """ "your train_step on synthetic house numbers (not SVHN)" and the like, for titles."""
    names = {"synthetic": tr("synthetic house numbers (not SVHN)"), "svhn": "SVHN"}
    where = tr(" on {data}", data=names.get(data, data)) if data else ""
    return f"{trainer.step_label}{where}"


def plot_samples(trainer: Trainer, data: str = "", z: np.ndarray | None = None,
                 cols: int = 8) -> CourseFigure:
    """The raw generator's and the averaged generator's samples side by side, titled with
    whose step trained them and on which data."""
    step = int(trainer.step.numpy())
    panels = [(tr("raw generator"), trainer.generate(z, averaged=False))]
    if trainer.ema_generator is not None:
        panels.append((tr("averaged generator (EMA), what the engine samples"),
                       trainer.generate(z)))
    fig = CourseFigure(figsize=(5.2 * len(panels), 3.0))
    for index, (name, images) in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), index + 1)
        ax.imshow(tile_grid(images[:32], cols=cols, scale=1), interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(name, fontsize=10)
    fig.suptitle(tr("after {step} steps: {training_title}", step=step,
                    training_title=training_title(trainer, data)), fontsize=11)
    fig.tight_layout()
    return fig


def plot_label_smoothing(smoothing: float = 0.9) -> CourseFigure:
    """The discriminator's loss on one real image against its logit, target 1 and 0.9.

    With target 1 the loss keeps falling as the logit grows, so D is always rewarded for more
    confidence; with target 0.9 it has a minimum where D(x) = 0.9. Drawn from the definition
    with probabilities, in float64 on a range of logits where that is exact (lesson 06's
    exercise 1 derives the form that stays finite for any logit).
    """
    logits = np.linspace(-4, 8, 241)
    fig = CourseFigure(figsize=(7.5, 2.8))
    left, right = fig.subplots(1, 2)
    for target, colour in ((1.0, REAL), (smoothing, DISC)):
        p = 1 / (1 + np.exp(-logits))
        loss = -(target * np.log(p) + (1 - target) * np.log(1 - p))
        grad = p - target
        left.plot(logits, loss, color=colour, lw=2, label=tr("target {target:g}", target=target))
        right.plot(logits, grad, color=colour, lw=2, label=tr("target {target:g}", target=target))
    best = np.log(smoothing / (1 - smoothing))
    left.axvline(best, color=DISC, ls=":", lw=1)
    left.set_title(tr("D's loss on a real image"), fontsize=10)
    right.axhline(0, color="black", lw=0.8)
    right.set_title(tr("its gradient: pushes the logit up while < 0"), fontsize=10)
    for ax in (left, right):
        ax.set_xlabel(tr("logit of D on a real image"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
