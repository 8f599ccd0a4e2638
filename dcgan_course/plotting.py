"""Figures for the lessons.

Every function returns a :class:`CourseFigure`, a matplotlib Figure built without
``pyplot``: a notebook shows it exactly once, as the cell's value (even where no matplotlib
backend was set up), and the widgets can render the same drawing to PNG off screen.

Colours are fixed across the course: real data is grey, the generator orange, the
discriminator blue.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from dcgan_course.translate import tr

REAL = "#7f7f7f"
FAKE = "#ff7f0e"
DISC = "#1f77b4"
GEN_LOSS = "#d62728"


#: Where a test asks for every drawn figure's words (one JSON list per figure, appended):
#: tests/test_korean_scan.py reads what a Korean lesson's figures say.
FIGURE_TEXTS = "DCGAN_COURSE_FIGURE_TEXTS"


def figure_to_png(figure: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes (for ipywidgets.Image and for saved files)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    if os.environ.get(FIGURE_TEXTS):
        from matplotlib.text import Text

        words = [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
        with open(os.environ[FIGURE_TEXTS], "a", encoding="utf-8") as record:
            record.write(json.dumps(words, ensure_ascii=False) + "\n")
    return buffer.getvalue()


class CourseFigure(Figure):
    """A Figure that knows how to show itself in Jupyter as a PNG.

    matplotlib only registers its notebook display hook once ``pyplot`` is imported; the
    course avoids pyplot (global state, figures shown twice), so the figure brings its own.
    """

    def _repr_png_(self) -> bytes:
        return figure_to_png(self, dpi=100)


def draw_gan_diagram() -> Figure:
    """The two players and what flows between them."""
    fig = CourseFigure(figsize=(8.5, 2.8))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3.2)
    ax.axis("off")

    def box(x, y, w, h, text, colour):
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.08",
                                    facecolor=colour, alpha=0.25, edgecolor=colour, lw=2))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=11)

    def arrow(x0, y0, x1, y1):
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=16,
                                     lw=1.5, color="black"))

    box(0.2, 0.5, 1.5, 0.8, tr("noise z\n~ N(0, I)"), "#9467bd")
    box(2.3, 0.5, 1.8, 0.8, tr("Generator G\n(counterfeiter)"), FAKE)
    box(4.7, 0.5, 1.5, 0.8, tr("fake x = G(z)"), FAKE)
    box(4.7, 2.0, 1.5, 0.8, tr("real x\n~ p_data"), REAL)
    box(6.9, 1.25, 1.8, 0.8, tr("Discriminator D\n(detective)"), DISC)
    box(9.0, 1.25, 0.9, 0.8, "D(x)\nP(real)", DISC)
    arrow(1.75, 0.9, 2.25, 0.9)
    arrow(4.15, 0.9, 4.65, 0.9)
    arrow(6.25, 0.9, 6.85, 1.45)
    arrow(6.25, 2.4, 6.85, 1.85)
    arrow(8.75, 1.65, 8.95, 1.65)
    ax.text(5.0, 0.12, tr("G is trained to make D call its samples real; D is trained to tell "
                          "them apart."), ha="center", fontsize=10, style="italic")
    return fig


def plot_generator_losses() -> Figure:
    """Saturating and non-saturating generator losses, and their gradients, against D(G(z))."""
    d = np.linspace(1e-3, 1 - 1e-3, 400)
    fig = CourseFigure(figsize=(10, 3.6))
    ax_loss, ax_grad = fig.subplots(1, 2)
    ax_loss.plot(d, np.log1p(-d), color=GEN_LOSS, ls="--", label=tr("saturating: log(1 - "
                                                                    "D(G(z)))"))
    ax_loss.plot(d, -np.log(d), color=GEN_LOSS, label=tr("non-saturating: -log D(G(z))"))
    ax_loss.set(xlabel=tr("D(G(z)): how real D thinks the fake is"), ylabel=tr("generator loss"),
                title=tr("What the generator minimises"), ylim=(-5, 5))
    ax_loss.legend(loc="upper right", fontsize=9)
    # d/dlogit of each loss: log(1 - sigmoid(l)) -> -sigmoid(l) = -d; -log sigmoid(l) -> d - 1
    ax_grad.plot(d, np.abs(-d), color=GEN_LOSS, ls="--", label=tr("saturating"))
    ax_grad.plot(d, np.abs(d - 1), color=GEN_LOSS, label=tr("non-saturating"))
    ax_grad.set(xlabel="D(G(z))", ylabel=tr("|d loss / d logit|"),
                title=tr("How hard each loss pushes the generator"))
    ax_grad.axvspan(0, 0.1, color=DISC, alpha=0.1)
    ax_grad.text(0.11, 0.62, tr("early training:\nD rejects fakes"), ha="left", fontsize=9)
    ax_grad.legend(loc="upper center", fontsize=9)
    fig.tight_layout()
    return fig


def plot_optimal_discriminator(x: np.ndarray, p_data: np.ndarray, p_g: np.ndarray,
                               d_star: np.ndarray) -> Figure:
    """Two densities and the best possible discriminator between them."""
    fig = CourseFigure(figsize=(8, 3.4))
    ax = fig.subplots()
    ax.fill_between(x, p_data, color=REAL, alpha=0.4, label=tr("p_data (real)"))
    ax.plot(x, p_g, color=FAKE, lw=2, label=tr("p_g (generator)"))
    ax.set(xlabel="x", ylabel=tr("density"))
    twin = ax.twinx()
    twin.plot(x, d_star, color=DISC, lw=2, label="D*(x)")
    twin.axhline(0.5, color=DISC, ls=":", lw=1)
    twin.set(ylim=(-0.02, 1.02), ylabel="D*(x)")
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper left", fontsize=9)
    ax.set_title(tr("The optimal discriminator: D*(x) = p_data / (p_data + p_g)"))
    fig.tight_layout()
    return fig


def draw_game_frame(fig: Figure, history, index: int) -> GameFrame:
    """Draw snapshot ``index`` of a :class:`~dcgan_course.toy_gan.GameHistory` into ``fig``.

    Top: real density, generator density and D(x) on the same x axis. Bottom: both
    losses up to now, with the values the ideal equilibrium would give. Returns the
    :class:`GameFrame`, which redraws other snapshots into the same figure quickly.
    """
    frame = GameFrame(fig, history)
    frame.update(index)
    return frame


class GameFrame:
    """One figure of the toy game whose artists move to any snapshot.

    Building axes and laying them out is most of the cost of a frame (over a second on a
    busy 2-core machine), so the viewer builds them once and afterwards only replaces the
    lines' data: fast enough that the picture keeps up with the slider while playing. The
    density axis is the same for every snapshot (so nothing jumps while playing) and tall
    enough for the generator's histogram, up to four times the data's peak; a taller spike
    is cut off and its height written in the corner.
    """

    def __init__(self, fig: Figure, history) -> None:
        self.history = history
        snap = history.snapshots[0]
        ax_game, ax_loss = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2]})
        ax_game.fill_between(history.grid, history.real_density, color=REAL, alpha=0.4,
                             label=tr("real data"))
        (self.fake_line,) = ax_game.step(history.bin_centers, snap.fake_density, where="mid",
                                         color=FAKE, lw=2, label=tr("generator"))
        real_peak = float(np.max(history.real_density))
        fake_peak = max(float(np.max(s.fake_density)) for s in history.snapshots)
        self.top = min(max(1.0, real_peak * 1.3, fake_peak * 1.08), max(4 * real_peak, 1.0))
        ax_game.set(xlim=(history.grid[0], history.grid[-1]), ylim=(0, self.top),
                    ylabel=tr("density"))
        twin = ax_game.twinx()
        (self.d_line,) = twin.plot(history.grid, snap.d_on_grid, color=DISC, lw=2,
                                   label="D(x)")
        twin.axhline(0.5, color=DISC, ls=":", lw=1)
        twin.set(ylim=(-0.02, 1.02), ylabel="D(x)")
        handles = ax_game.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax_game.legend(handles=handles, loc="upper left", fontsize=8)
        self.title = ax_game.set_title("", fontsize=10)
        self.off_scale = ax_game.text(0.99, 0.96, "", transform=ax_game.transAxes, ha="right",
                                      va="top", fontsize=8, color=FAKE)

        steps = np.asarray(history.steps)
        (self.d_loss_line,) = ax_loss.plot([], [], color=DISC, lw=1, label=tr("D loss"))
        (self.g_loss_line,) = ax_loss.plot([], [], color=GEN_LOSS, lw=1, label=tr("G loss"))
        ax_loss.axhline(np.log(4), color=DISC, ls=":", lw=1)
        ax_loss.axhline(np.log(2), color=GEN_LOSS, ls=":", lw=1)
        ax_loss.set(xlim=(0, max(steps[-1], 1)) if len(steps) else (0, 1),
                    xlabel=tr("training step"), ylabel=tr("loss"))
        losses = np.concatenate([history.d_losses, history.g_losses]) if len(steps) else [0, 1]
        ax_loss.set_ylim(0, min(float(np.percentile(losses, 99)) * 1.1 + 0.1, 6.0))
        ax_loss.legend(loc="upper right", fontsize=8, ncol=2)
        self.update(0)  # a real title before the layout, so that it makes room for it
        fig.tight_layout()

    def update(self, index: int) -> None:
        """Show snapshot ``index``: move the lines, the title and the loss curves."""
        history, snap = self.history, self.history.snapshots[index]
        self.fake_line.set_ydata(snap.fake_density)
        self.d_line.set_ydata(snap.d_on_grid)
        title = tr("step {step}:  D(real) = {d_real:.2f},  D(fake) = {d_fake:.2f}", step=snap.step,
                   d_real=snap.d_real, d_fake=snap.d_fake)
        self.title.set_text(f"{history.label} | {title}" if history.label else title)
        peak = float(np.max(snap.fake_density))
        self.off_scale.set_text(tr("generator peak {peak:.1f} (off the scale) ↑", peak=peak)
                                if peak > self.top else "")
        steps = np.asarray(history.steps)
        upto = steps <= max(snap.step, 1)
        self.d_loss_line.set_data(steps[upto], np.asarray(history.d_losses)[upto])
        self.g_loss_line.set_data(steps[upto], np.asarray(history.g_losses)[upto])


def plot_game_snapshots(history, count: int = 4) -> Figure:
    """A static strip of ``count`` moments of the game (for rendered, widget-less copies)."""
    picks = np.linspace(0, len(history.snapshots) - 1, count).round().astype(int)
    fig = CourseFigure(figsize=(3.3 * count, 2.8))
    axes = fig.subplots(1, count, sharey=True)
    for ax, index in zip(np.atleast_1d(axes), picks, strict=True):
        snap = history.snapshots[index]
        ax.fill_between(history.grid, history.real_density, color=REAL, alpha=0.4)
        ax.step(history.bin_centers, snap.fake_density, where="mid", color=FAKE, lw=1.5)
        ax.plot(history.grid, snap.d_on_grid, color=DISC, lw=1.5)
        ax.axhline(0.5, color=DISC, ls=":", lw=0.8)
        ax.set_title(tr("step {step}", step=snap.step), fontsize=10)
        ax.set_xlabel("x")
    np.atleast_1d(axes)[0].set_ylabel(tr("density  /  D(x)"))
    fig.suptitle(tr("grey: real data   orange: generator   blue: D(x)"), fontsize=10)
    fig.tight_layout()
    return fig


def plot_loss_curves(histories: Sequence, smooth: int = 25) -> Figure:
    """Discriminator and generator losses of several runs, side by side, lightly smoothed."""
    fig = CourseFigure(figsize=(4.2 * len(histories), 3.0))
    axes = np.atleast_1d(fig.subplots(1, len(histories), sharey=False))
    kernel = np.ones(smooth) / smooth
    for ax, h in zip(axes, histories, strict=True):
        for values, colour, name in ((h.d_losses, DISC, tr("D loss")),
                                     (h.g_losses, GEN_LOSS, tr("G loss"))):
            values = np.asarray(values)
            ax.plot(h.steps, values, color=colour, alpha=0.25, lw=0.8)
            if len(values) > smooth:
                ax.plot(h.steps[smooth - 1:], np.convolve(values, kernel, mode="valid"),
                        color=colour, lw=1.5, label=name)
        ax.axhline(np.log(4), color=DISC, ls=":", lw=1)
        ax.axhline(np.log(2), color=GEN_LOSS, ls=":", lw=1)
        ax.set(title=h.label, xlabel=tr("training step"))
        ax.legend(fontsize=8)
    axes[0].set_ylabel(tr("loss (dotted: equilibrium)"))
    fig.tight_layout()
    return fig


def plot_generator_drift(histories: Sequence, target: float) -> Figure:
    """Mean of the generator's samples against steps: how fast each run moves to the data."""
    fig = CourseFigure(figsize=(7, 3.0))
    ax = fig.subplots()
    for h, style in zip(histories, ("--", "-", ":", "-."), strict=False):
        centers = h.bin_centers
        means = [float((centers * s.fake_density).sum() / max(s.fake_density.sum(), 1e-12))
                 for s in h.snapshots]
        ax.plot([s.step for s in h.snapshots], means, ls=style, color=FAKE, lw=2, label=h.label)
    ax.axhline(target, color=REAL, lw=1, label=tr("mean of the real data"))
    ax.set(xlabel=tr("training step"), ylabel=tr("mean of G's samples"))
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_relu_vs_leaky(slope: float = 0.2) -> Figure:
    """ReLU next to leaky ReLU, each with its derivative: the gradient a negative input passes.

    The deck shows this pair on one slide. What matters for a GAN is the right-hand panel:
    ReLU's gradient is exactly 0 for negative inputs, so no signal reaches the layers (or,
    in D, the pixels of a fake) below such a unit; leaky ReLU always passes ``slope`` of it.
    """
    x = np.linspace(-3, 3, 601)
    fig = CourseFigure(figsize=(8.5, 3.0))
    ax_f, ax_g = fig.subplots(1, 2)
    ax_f.plot(x, np.maximum(x, 0), color=REAL, lw=3, label=tr("ReLU: max(x, 0)"))
    ax_f.plot(x, np.where(x > 0, x, slope * x), color=DISC, lw=1.8,
              label=tr("leaky ReLU: max(x, {slope:g}·x)", slope=slope))
    ax_f.set(title=tr("the function"), xlabel=tr("input x"), ylabel=tr("output"))
    ax_g.plot(x, (x > 0).astype(float), color=REAL, lw=3, label=tr("ReLU: 0 for x < 0"))
    ax_g.plot(x, np.where(x > 0, 1.0, slope), color=DISC, lw=1.8,
              label=tr("leaky ReLU: {slope:g} for x < 0", slope=slope))
    ax_g.set(title=tr("its gradient (what flows back)"), xlabel=tr("input x"),
             ylabel=tr("d output / d x"),
             ylim=(-0.1, 1.15))
    for ax in (ax_f, ax_g):
        ax.axhline(0, color="black", lw=0.6)
        ax.axvline(0, color="black", lw=0.6)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def draw_generative_family() -> Figure:
    """Autoencoder, VAE and GAN in three rows: the same upsampling network in each (the deck's
    series context).

    The deck's series went autoencoder -> variational autoencoder -> GAN -> DCGAN. The shared
    part is drawn in orange in every row: a network that grows a small code into an image. In
    the autoencoder it is the decoder; the VAE makes its code a sample of N(0, I) so that the
    decoder alone can generate; the GAN keeps the code-to-image network and trains it against
    a discriminator instead of against a reconstruction.
    """
    fig = CourseFigure(figsize=(9.5, 4.6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10.8)
    ax.set_ylim(0, 6.3)
    ax.axis("off")
    code = "#9467bd"

    def box(x, y, w, text, colour, h=0.8):
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.06",
                                    facecolor=colour, alpha=0.25, edgecolor=colour, lw=2))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=9)

    def arrow(x0, x1, y):
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=13,
                                     lw=1.3, color="black"))

    rows = [
        (5.0, tr("autoencoder"), [(tr("image x"), REAL, 1.2),
                                  (tr("encoder\n(conv, shrinks)"), DISC, 1.6),
                                  (tr("code"), code, 0.9),
                                  (tr("decoder\n(upsamples)"), FAKE, 1.6),
                                  (tr("copy of x"), FAKE, 1.2)],
         tr("trained to reproduce x; a random code need not decode to anything sensible")),
        (2.9, "VAE", [(tr("image x"), REAL, 1.2), (tr("encoder\n→ mean, spread"), DISC, 1.6),
                      ("z ~ N(0, I)", code, 0.9), (tr("decoder\n(upsamples)"), FAKE, 1.6),
                      (tr("new image"), FAKE, 1.2)],
         tr("codes pushed towards N(0, I): sample z, run the decoder alone, get a new image")),
        (0.8, "GAN", [("z ~ N(0, I)", code, 1.2), (tr("generator\n(upsamples)"), FAKE, 1.6),
                      (tr("fake image"), FAKE, 1.2),
                      (tr("discriminator\n(conv, shrinks)"), DISC, 1.6),
                      (tr("real or fake?"), DISC, 1.3)],
         tr("no encoder, no reconstruction: the generator is trained against a discriminator")),
    ]
    for y, name, boxes, note in rows:
        ax.text(0.05, y + 0.4, name, ha="left", va="center", fontsize=11, fontweight="bold")
        x = 1.4
        for i, (text, colour, width) in enumerate(boxes):
            if i:
                arrow(x - 0.32, x - 0.04, y + 0.4)
            box(x, y, width, text, colour)
            x += width + 0.38
        ax.text(1.4, y - 0.32, note, ha="left", va="center", fontsize=8.5, style="italic",
                color="#444")
    ax.text(5.3, 6.1, tr("orange: the network that grows a small code into an image, the part "
                         "DCGAN builds from transposed convolutions"), ha="center", fontsize=9,
            color=FAKE)
    return fig
