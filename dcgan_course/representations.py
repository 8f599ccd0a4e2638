"""Lesson 07's measurements of what the networks learned: nearest neighbours and linear probes.

* :func:`nearest` finds, for each generated image, the closest training images, in pixel
  space or in any feature space (the digit classifier's, for the memorisation check).
* :func:`linear_probe` trains a linear classifier on a feature table and returns
  its test accuracy: the paper's test of the discriminator as a feature extractor. It is
  a ridge classifier (least squares onto the one-hot labels with an L2 penalty, solved in
  closed form) on standardised features, the penalty chosen on a held-out fifth of the
  training rows. Like the paper's linear L2-SVM it learns one linear map on frozen features;
  it needs no iterations, so it takes a fraction of a second on 2 cores.

The feature extraction itself (pooling D's layers) is the learner's exercise and is not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dcgan_course.data.grid import as_uint8
from dcgan_course.plotting import CourseFigure
from dcgan_course.translate import tr


def _flat(images: np.ndarray) -> np.ndarray:
    x = np.asarray(images)
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 127.5 - 1.0
    return x.reshape(len(x), -1).astype(np.float32)


def nearest(queries: np.ndarray, pool: np.ndarray, k: int = 3,
            chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Indices (n, k) of the ``k`` rows of ``pool`` closest to each query, and distances.

    Rows are images (flattened, uint8 or [-1, 1]) or feature vectors; Euclidean distance.
    The pool is scanned in chunks so that 20,000 training images need little memory.
    """
    q = _flat(queries)
    if len(pool) == 0 or k < 1:
        raise ValueError("nearest needs a non-empty pool and k >= 1")
    k = min(k, len(pool))
    q_sq = (q ** 2).sum(1, keepdims=True)
    best_d = np.full((len(q), k), np.inf, np.float32)
    best_i = np.zeros((len(q), k), np.int64)
    for start in range(0, len(pool), chunk):
        p = _flat(pool[start:start + chunk])
        d = q_sq - 2.0 * q @ p.T + (p ** 2).sum(1)[None]
        both_d = np.concatenate([best_d, d], 1)
        both_i = np.concatenate([best_i, np.arange(start, start + len(p))[None].repeat(
            len(q), 0)], 1)
        pick = np.argsort(both_d, axis=1, kind="stable")[:, :k]
        best_d = np.take_along_axis(both_d, pick, 1)
        best_i = np.take_along_axis(both_i, pick, 1)
    return best_i, np.sqrt(np.maximum(best_d, 0.0))


def in_batches(function: Callable[[np.ndarray], np.ndarray], images: np.ndarray,
               size: int = 1000) -> np.ndarray:
    """``function`` applied to ``images`` ``size`` rows at a time, the results stacked.

    Why: a Keras ``predict`` on a whole uint8 array first makes a float32 copy of it and a
    dataset over that copy; for 20,000 house numbers that raised the kernel's peak by about
    0.8 GB here (synthetic digits, 2026-12), while 1,000 at a time added 0.1 GB.
    """
    return np.concatenate([np.asarray(function(images[i:i + size]))
                           for i in range(0, len(images), size)])


def plot_neighbours(generated: np.ndarray, train: np.ndarray,
                    by: dict[str, np.ndarray], cell_inches: float = 0.7) -> CourseFigure:
    """One row per generated image: the image, then its neighbours in each space of ``by``.

    ``by`` maps a space's name to the (n, k) neighbour indices into ``train``.
    """
    n = len(generated)
    k = next(iter(by.values())).shape[1]
    cols = 1 + len(by) * k
    fig = CourseFigure(figsize=(cols * cell_inches + 0.6 * len(by), n * cell_inches + 0.6))
    axes = fig.subplots(n, cols, squeeze=False)
    gen, pool = as_uint8(generated), train
    for r in range(n):
        pictures = [gen[r]] + [as_uint8(pool[i][None])[0] for idx in by.values() for i in idx[r]]
        for c, picture in enumerate(pictures):
            axes[r, c].imshow(picture, interpolation="nearest")
            axes[r, c].set_xticks([])
            axes[r, c].set_yticks([])
        axes[r, 0].patch.set_edgecolor("tab:orange")
    axes[0, 0].set_title(tr("generated"), fontsize=8)
    for s, name in enumerate(by):
        axes[0, 1 + s * k + k // 2].set_title(tr("nearest training images: {name}", name=name),
                                              fontsize=8)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92, wspace=0.05, hspace=0.05)
    return fig


# -- the linear probe ---------------------------------------------------------------------

@dataclass
class ProbeResult:
    """Test accuracy of a linear classifier on one feature table, and how it was fitted."""

    accuracy: float
    features: int
    penalty: float
    train: int
    test: int

    def __str__(self) -> str:
        return tr("{accuracy:.1%} test accuracy ({features} features, {train} training rows, "
                  "L2 penalty {penalty:g})", accuracy=self.accuracy, features=self.features,
                  train=self.train, penalty=self.penalty)


class _Scaler:
    """Standardise columns with the training rows' mean and spread, a few rows at a time.

    Why in chunks: the test table is the larger one (2,000 x 3,072 pixels in lesson 07), and
    standardising it whole made float64 copies of it that raised the kernel's peak by about
    0.15 GB, on Binder's tight memory; the probe's accuracy needs one row's logits at a time.
    """

    def __init__(self, train: np.ndarray) -> None:
        self.mean, self.std = train.mean(0), train.std(0) + 1e-6

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        return (np.asarray(rows, np.float64) - self.mean) / self.std


def _fit_ridge(x: np.ndarray, y: np.ndarray, classes: int, penalty: float) -> np.ndarray:
    """Weights (features + 1, classes) of a ridge (L2-penalised least-squares) classifier.

    Solved in closed form through the rows' Gram matrix (rows <= features here), so a fit
    is one n x n solve: a fraction of a second for 1,000 images whatever the feature width.
    """
    x = np.asarray(x, np.float64)
    targets = np.eye(classes)[y] - 1.0 / classes
    gram = x @ x.T
    alpha = np.linalg.solve(gram + penalty * len(x) * np.eye(len(x)), targets)
    w = x.T @ alpha
    bias = (targets - x @ w).mean(0)
    return np.vstack([w, bias[None]])


def _accuracy(w: np.ndarray, x: np.ndarray, y: np.ndarray, scale: _Scaler,
              chunk: int = 250) -> float:
    """Share of rows of ``x`` (unscaled) whose largest logit is their label."""
    hits = sum(int(((scale(x[i:i + chunk]) @ w[:-1] + w[-1]).argmax(1)
                    == y[i:i + chunk]).sum()) for i in range(0, len(x), chunk))
    return hits / len(x)


def linear_probe(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray,
                 test_y: np.ndarray, penalties: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0),
                 seed: int = 0) -> ProbeResult:
    """Test accuracy of a linear (ridge) classifier trained on ``train_x`` (rows = images).

    The L2 penalty is picked on a held-out fifth of the training rows, then the classifier
    is refitted on all of them: the test rows never influence any choice.
    """
    train_x = np.asarray(train_x, np.float64).reshape(len(train_x), -1)
    test_x = np.asarray(test_x).reshape(len(test_x), -1)  # scaled in chunks (_Scaler)
    train_y, test_y = np.asarray(train_y, np.int64), np.asarray(test_y, np.int64)
    if len(train_x) != len(train_y) or len(test_x) != len(test_y):
        raise ValueError("each feature table needs one label per row")
    if train_x.shape[1] != test_x.shape[1]:
        raise ValueError(f"train and test features differ in width: {train_x.shape[1]} vs "
                         f"{test_x.shape[1]}")
    classes = int(max(train_y.max(), test_y.max())) + 1
    order = np.random.default_rng(seed).permutation(len(train_x))
    cut = len(order) // 5
    val, fit = order[:cut], order[cut:]
    scale = _Scaler(train_x[fit])
    a = scale(train_x[fit])
    scores = {p: _accuracy(_fit_ridge(a, train_y[fit], classes, p), train_x[val],
                           train_y[val], scale) for p in penalties}
    penalty = max(penalties, key=lambda p: (scores[p], p))
    scale = _Scaler(train_x)
    w = _fit_ridge(scale(train_x), train_y, classes, penalty)
    return ProbeResult(_accuracy(w, test_x, test_y, scale), train_x.shape[1], penalty,
                       len(train_x), len(test_x))


def _draws(found: ProbeResult | Sequence[ProbeResult]) -> list[ProbeResult]:
    return [found] if isinstance(found, ProbeResult) else list(found)


def probe_summary(name: str, found: ProbeResult | Sequence[ProbeResult]) -> str:
    """One line for a feature source: mean test accuracy over the draws and their range.

    Why a range: one draw of 1,000 labelled images (and of a random network) moves the
    accuracy by a few points; a difference smaller than the spread is not a finding.
    """
    runs = _draws(found)
    values = [r.accuracy for r in runs]
    return tr("{name:22s} {mean:.1%} test accuracy (from {low:.1%} to {high:.1%} over {count} "
              "draws; {features} features, {train} training rows)", name=name,
              mean=float(np.mean(values)), low=min(values), high=max(values), count=len(runs),
              features=runs[0].features, train=runs[0].train)


def plot_probe(results: Mapping[str, ProbeResult | Sequence[ProbeResult]],
               paper_error: float = 0.2248, title: str = "") -> CourseFigure:
    """Bar chart of test accuracy per feature source, with the paper's SVHN result.

    A source may hold several draws (labelled images, random networks): the bar is their
    mean and the black line their range.
    """
    fig = CourseFigure(figsize=(6.4, 2.8))
    ax = fig.add_subplot()
    names = list(results)
    draws = [[r.accuracy for r in _draws(results[n])] for n in names]
    values = [float(np.mean(d)) for d in draws]
    bars = ax.barh(names, values, color=["tab:blue", "tab:grey", "tab:orange", "tab:green"][
        :len(names)])
    for bar, value, found in zip(bars, values, draws, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        if len(found) > 1:
            ax.plot([min(found), max(found)], [y, y], color="black", lw=2)
        ax.text(max(found) + 0.01, y, f"{value:.1%}", va="center", fontsize=9)
    ax.axvline(1 - paper_error, color="black", ls="--", lw=1)
    # at the top, left of the line: the first bar (pixels) ends far to its left
    ax.text(1 - paper_error - 0.01, -0.45, tr(" paper (SVHN, full D): {accuracy:.1%}",
                                              accuracy=1 - paper_error),
            fontsize=8, va="top", ha="right")
    ax.set_xlim(0, 1.1)
    ax.set_xlabel(tr("test accuracy of a linear classifier (10 digits)"))
    ax.invert_yaxis()
    if title:
        ax.set_title(title, fontsize=9, wrap=True)
    fig.tight_layout()
    return fig
