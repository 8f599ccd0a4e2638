"""Grids of digit images, real, synthetic or generated."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dcgan_course.plotting import CourseFigure
from dcgan_course.translate import tr


def as_uint8(images: np.ndarray) -> np.ndarray:
    """Images for display: uint8 as they are; floats in [-1, 1] (generator output) mapped
    to 0..255. Tensors are accepted too."""
    array = np.asarray(images)
    if array.dtype == np.uint8:
        return array
    return np.clip((array.astype(np.float32) + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)


def plot_digit_grid(images: np.ndarray, labels: Sequence[int] | np.ndarray | None = None,
                    title: str = "", rows: int = 4, cols: int = 8,
                    cell_inches: float = 0.8) -> CourseFigure:
    """Show the first ``rows * cols`` images in a grid, each with its label when given.

    ``images`` are NHWC, uint8 or float in [-1, 1] (the generator's range).
    """
    pictures = as_uint8(images)[: rows * cols]
    fig = CourseFigure(figsize=(cols * cell_inches, rows * cell_inches + (0.4 if title else 0)))
    axes = np.atleast_1d(fig.subplots(rows, cols)).reshape(-1)
    for index, ax in enumerate(axes):
        ax.set_axis_off()
        if index >= len(pictures):
            continue
        picture = pictures[index]
        ax.imshow(picture[..., 0] if picture.shape[-1] == 1 else picture,
                  cmap="gray" if picture.shape[-1] == 1 else None, interpolation="nearest")
        if labels is not None:
            ax.set_title(str(int(labels[index])), fontsize=8, pad=2)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.9 if title else 0.97,
                        wspace=0.08, hspace=0.35 if labels is not None else 0.08)
    return fig


def plot_synthetic_vs_real(synthetic: np.ndarray, real: np.ndarray | None = None,
                           rows: int = 4, cols: int = 6,
                           real_note: str | None = None) -> CourseFigure:
    """Synthetic and real digits side by side, each panel labelled with where it came from.

    ``real=None`` leaves the right panel empty with ``real_note``, so the figure stays
    honest on machines without the download ("real SVHN not available here (offline)" when
    no note is given).
    """
    if real_note is None:
        real_note = tr("real SVHN not available here (offline)")
    fig = CourseFigure(figsize=(2 * cols * 0.8 + 0.4, rows * 0.8 + 0.6))
    panels = fig.subfigures(1, 2, wspace=0.04)
    named = ((tr("synthetic: rendered from fonts"), synthetic),
             (tr("real: SVHN (Netzer et al., 2011)"), real))
    for panel, (name, images) in zip(panels, named, strict=True):
        panel.suptitle(name, fontsize=10)
        axes = np.atleast_1d(panel.subplots(rows, cols)).reshape(-1)
        pictures = None if images is None else as_uint8(images)[: rows * cols]
        for index, ax in enumerate(axes):
            ax.set_axis_off()
            if pictures is not None and index < len(pictures):
                ax.imshow(pictures[index], interpolation="nearest")
        if pictures is None:
            panel.text(0.5, 0.45, real_note, ha="center", va="center", fontsize=9,
                       style="italic", wrap=True)
        panel.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.86, wspace=0.08,
                              hspace=0.08)
    return fig
