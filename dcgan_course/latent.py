"""Lesson 07's latent-space tools: the trained models, walks, norms and concept groups.

The lesson studies what a trained DCGAN learned, so it first needs trained networks
(:func:`open_models`): the learner's own lesson-06 checkpoints when they exist, otherwise the
course's reference model from ``assets/`` (:mod:`dcgan_course.reference_model`), put into the
learner's own architecture where the weight shapes match, and labelled as such. Nothing is
trained here: a model trained for a few minutes in this lesson would show the learner little,
and the package holds no training step. The rest are the plain measurements the lesson's
figures need. Nothing here computes a graded answer: ``slerp`` and the concept arithmetic are
the learner's exercises and the lesson passes the learner's own functions in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dcgan_course.data.grid import as_uint8
from dcgan_course.plotting import CourseFigure
from dcgan_course.translate import tr

#: The study run lesson 06 writes (``runs/06-<profile>-<data>`` next to its notebook).
LESSON06 = "06-svhn-training"
#: The data the course's reference model was trained on (see its card in ``assets/``).
REFERENCE_DATA = "synthetic"


@dataclass
class Models:
    """The networks the lesson studies, one line that says where they came from, the data
    they were trained on (``"svhn"`` or ``"synthetic"``), and a short name for titles.

    ``trainer`` is a :class:`~dcgan_course.training.Trainer` restored from lesson 06, or a
    :class:`ReferenceNetworks` that answers the same questions: ``config`` (``z_dim``,
    ``g_width``, ``d_width``), ``generator``, ``ema_generator``, ``discriminator``,
    ``generate(z)``.
    """

    trainer: object
    origin: str
    data: str
    name: str

    @property
    def z_dim(self) -> int:
        return int(self.trainer.config.z_dim)  # type: ignore[attr-defined]

    def generate(self, z: np.ndarray) -> np.ndarray:
        """Images in [-1, 1] for latent vectors ``z`` (the averaged generator when kept)."""
        return self.trainer.generate(np.asarray(z, np.float32))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ReferenceConfig:
    """The sizes of the reference run (from its model card): what the lesson reads of a
    trainer's ``config``."""

    z_dim: int
    g_width: int
    d_width: int


class ReferenceNetworks:
    """The course's reference generator and discriminator, shaped like a trainer.

    The shipped generator *is* the run's averaged generator, so ``ema_generator`` and
    ``generator`` are the same network: every picture samples the average, as lesson 06's do.
    """

    def __init__(self, pair) -> None:  # a reference_model.ReferencePair
        self.config = ReferenceConfig(pair.z_dim, pair.g_width, pair.d_width)
        self.generator = self.ema_generator = pair.generator.model
        self.discriminator = pair.discriminator.model
        self.yours = pair.generator.yours and pair.discriminator.yours

    def generate(self, z: np.ndarray, averaged: bool = True,
                 batch_size: int = 500) -> np.ndarray:
        """float32 images in [-1, 1] for latent vectors ``z`` (inference mode, in batches)."""
        z = np.asarray(z, np.float32)
        parts = [np.asarray(self.generator(z[i:i + batch_size], training=False), np.float32)
                 for i in range(0, len(z), batch_size)]
        return np.concatenate(parts)


def lesson06_run(data: str, profile: str = "study", cwd: Path | None = None) -> Path | None:
    """Lesson 06's checkpoint folder for ``data`` if it holds a checkpoint, else ``None``."""
    here = Path.cwd() if cwd is None else Path(cwd)
    name = f"06-{profile}-{data}"
    for folder in (here.parent / LESSON06 / "runs" / name, here / "runs" / name):
        if (folder / "checkpoints" / "checkpoint").is_file():
            return folder
    return None


def open_models(build_generator: Callable, build_discriminator: Callable, data: str, *,
                fast: bool, cwd: Path | None = None) -> Models:
    """The learner's trained G and D from lesson 06, else the course's reference model.

    Lesson 06's study run on ``data`` is looked for next to this lesson (see
    :func:`lesson06_run`). Without one, and always in the fast profile (tests and grading:
    the same networks on every machine), the reference model is opened with the learner's
    builders (:func:`dcgan_course.reference_model.open_reference`); its ``data`` is then the
    synthetic digits it was trained on, whatever ``data`` asked for. Raises
    :class:`~dcgan_course.reference_model.ReferenceMissing`, saying what to do, when there
    is neither.
    """
    from dcgan_course import reference_model, training

    found = None if fast else lesson06_run(data, cwd=cwd)
    if found is not None:
        try:
            trainer = training.Trainer(build_generator, build_discriminator, "study",
                                       out_dir=found)
            return Models(trainer, tr("YOUR lesson-06 run ({found}, step {step}), trained on "
                                      "{data}", found=found, step=trainer.resumed_from,
                                      data=data_name(data)), data, tr("YOUR lesson-06 run"))
        except training.CheckpointMismatch as mismatch:
            print(tr("Lesson 06's run was not loaded: {mismatch}", mismatch=mismatch))
    try:
        pair = reference_model.open_reference(build_generator, build_discriminator)
    except reference_model.ReferenceMissing as missing:
        raise reference_model.ReferenceMissing(tr(
            "This lesson found no lesson-06 run ({run}) and the course's reference model is "
            "missing too ({missing}). Run lesson 06's training (section 5) to the end, then "
            "run this cell again; or restore the folder assets/ from the course.",
            run=f"runs/06-study-{data}/", missing=missing)) from missing
    return Models(ReferenceNetworks(pair), tr(
        "{origin}; NOT your run: the course trained it on {data}", origin=pair.origin,
        data=data_name(REFERENCE_DATA)), REFERENCE_DATA, tr("the course's reference model"))


def data_name(data: str) -> str:
    """The data's name in words: "SVHN" or the synthetic house numbers."""
    return "SVHN" if data == "svhn" else tr("synthetic house numbers")


# -- walks ------------------------------------------------------------------------------

def lerp(z0: np.ndarray, z1: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points on the straight line: ``(1 - t) z0 + t z1`` for each ``t`` (shape (k, dim))."""
    t = np.asarray(t, np.float64).reshape(-1, 1)
    return (1.0 - t) * np.asarray(z0, np.float64) + t * np.asarray(z1, np.float64)


def norms_along(path: np.ndarray) -> np.ndarray:
    """Euclidean norm of each latent vector on a path (shape (k,))."""
    return np.linalg.norm(np.asarray(path, np.float64), axis=-1)


def plot_norms(t: np.ndarray, paths: dict[str, np.ndarray], z_dim: int) -> CourseFigure:
    """Norm along each path, with the norm a Gaussian sample has (about sqrt(dim))."""
    fig = CourseFigure(figsize=(6.4, 3.0))
    ax = fig.add_subplot()
    for (label, path), style in zip(paths.items(), ("-", "--", ":"), strict=False):
        ax.plot(t, norms_along(path), style, lw=2, label=label)
    ax.axhline(np.sqrt(z_dim), color="grey", lw=1)
    ax.text(0.5, np.sqrt(z_dim), tr("  √{z_dim} = {root:.1f}: where N(0, I) samples lie",
                                    z_dim=z_dim, root=np.sqrt(z_dim)),
            va="bottom", ha="center", fontsize=8, color="grey")
    ax.set_xlabel(tr("t (0 = first vector, 1 = second)"))
    ax.set_ylabel("‖z‖")
    ax.set_ylim(0, np.sqrt(z_dim) * 1.35)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def plot_rows(rows: dict[str, np.ndarray], title: str = "",
              cell_inches: float = 0.75) -> CourseFigure:
    """One labelled row of images per entry (images in [-1, 1] or uint8)."""
    cols = max(len(r) for r in rows.values())
    fig = CourseFigure(figsize=(cols * cell_inches + 1.6, len(rows) * cell_inches + 0.5))
    axes = np.atleast_2d(fig.subplots(len(rows), cols, squeeze=False))
    for r, (label, images) in enumerate(rows.items()):
        pictures = as_uint8(images)
        for c in range(cols):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(pictures):
                ax.imshow(pictures[c], interpolation="nearest")
            else:
                ax.set_axis_off()
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.subplots_adjust(left=0.2, right=0.99, bottom=0.02, top=0.88 if title else 0.98,
                        wspace=0.05, hspace=0.08)
    return fig


def step_changes(images: np.ndarray) -> np.ndarray:
    """Mean absolute pixel change between neighbouring images of a walk (shape (k-1,)).

    A smooth walk changes a little at every step; a walk through memorised images is flat
    and then jumps.
    """
    x = np.asarray(images, np.float64)
    return np.abs(np.diff(x, axis=0)).mean(axis=(1, 2, 3))


# -- attributes a learner can see ------------------------------------------------------

def plate_brightness(images: np.ndarray, border: int = 4) -> np.ndarray:
    """Mean brightness in [0, 1] of each image's outer ``border`` pixels (the plate)."""
    x = as_uint8(images).astype(np.float64) / 255.0
    mask = np.ones(x.shape[1:3], bool)
    mask[border:-border, border:-border] = False
    return x[:, mask, :].mean(axis=(1, 2))


def concept_indices(values: np.ndarray, count: int, highest: bool,
                    among: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``count`` samples with the highest (or lowest) ``values``.

    ``among`` limits the choice to a boolean mask (for example "classified as a 3"); when
    fewer samples qualify, the rest are the best of the others, so a group is never empty.
    """
    values = np.asarray(values, np.float64)
    order = np.argsort(-values if highest else values, kind="stable")
    if among is None:
        return order[:count]
    inside = order[np.asarray(among, bool)[order]]
    outside = order[~np.asarray(among, bool)[order]]
    return np.concatenate([inside, outside])[:count]
