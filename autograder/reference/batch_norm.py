"""Reference answers of lesson 03 (batch normalization), the catalogued mistakes as code, and
the tables the learner package ships from them.

For the grader (``verdicts/lesson03.py`` computes right and mistaken answers on its own
cases) and the tests. The learner package holds none of this: its visible checks compare with
Keras itself (``tf.keras.layers.BatchNormalization``, and ``tf.GradientTape`` on it for the
backward pass) and name mistakes from ``dcgan_course/exercises/batch_norm_tables.npz``, which
this module writes::

    .venv/bin/python autograder/reference/batch_norm.py     # rewrite the shipped tables

(``tests/test_shipped_tables.py`` fails when the shipped file is not current.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

try:
    from .tables import put_cases
except ImportError:  # run as a script: python autograder/reference/...
    from tables import put_cases  # type: ignore[no-redef]

KERAS_EPSILON = 1e-3  # Keras' default, and the default of the exercises' signatures
TORCH_EPSILON = 1e-5


def _axes(x: np.ndarray) -> tuple[int, ...]:
    return tuple(range(x.ndim - 1))


# -- exercise 1: the training-mode forward pass ---------------------------------------------

def batch_norm_train(x: Any, gamma: Any, beta: Any, epsilon: float = KERAS_EPSILON
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training-mode batch norm in float64: (y, mean, biased variance) per channel."""
    x = np.asarray(x, np.float64)
    mean, variance = x.mean(axis=_axes(x)), x.var(axis=_axes(x))
    return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta, mean, variance


def _forward(x: np.ndarray, gamma: Any, beta: Any, epsilon: float, *, axes: Any = None,
             ddof: int = 0, eps_inside: bool = True, affine: bool = True,
             std: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(x, np.float64)
    axes = _axes(x) if axes is None else axes
    mean, variance = x.mean(axis=axes), x.var(axis=axes, ddof=ddof)
    scale = np.sqrt(variance + epsilon) if eps_inside else np.sqrt(variance) + epsilon
    y = (x - mean) / scale
    if affine:
        y = gamma * y + beta
    return y, mean, np.sqrt(variance) if std else variance


#: What each catalogued mistake of exercise 1 computes (keys after "03/ex1/"); each takes
#: (x, gamma, beta, epsilon, default) where ``default`` says the call left epsilon out.
FORWARD_VARIANTS: dict[str, Callable[..., tuple]] = {
    "unbiased": lambda x, g, b, e, d: _forward(x, g, b, e, ddof=1),
    "epsilon-outside": lambda x, g, b, e, d: _forward(x, g, b, e, eps_inside=False),
    "per-position": lambda x, g, b, e, d: _forward(x, g, b, e, axes=0),
    "channels-pooled": lambda x, g, b, e, d: _forward(x, g, b, e, axes=None if x.ndim == 1
                                                      else tuple(range(x.ndim))),
    "no-scale-shift": lambda x, g, b, e, d: _forward(x, g, b, e, affine=False),
    "torch-epsilon": lambda x, g, b, e, d: _forward(x, g, b, TORCH_EPSILON if d else e),
    "standard-deviation": lambda x, g, b, e, d: _forward(x, g, b, e, std=True),
}


def forward_case(x: Any, gamma: Any, beta: Any, epsilon: float | None) -> dict[str, Any]:
    """One forward case with its right answer and every catalogued mistake's answer."""
    x = np.asarray(x, np.float32)
    eps = KERAS_EPSILON if epsilon is None else epsilon
    return {"x": x, "gamma": np.asarray(gamma, np.float32), "beta": np.asarray(beta, np.float32),
            "epsilon": epsilon, "want": batch_norm_train(x, gamma, beta, eps),
            "variants": {name: f(x, gamma, beta, eps, epsilon is None)
                         for name, f in FORWARD_VARIANTS.items()}}


def channel_batch(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A float32 batch whose channels have clearly different means and spreads.

    Statistics taken over the wrong axes then give wrong numbers, and no channel's spread is
    small next to its mean (float32 rounding alone would move a right answer).
    """
    c = shape[-1]
    scale = rng.choice([0.5, 1.0, 3.0, 5.0], c) * rng.uniform(0.8, 1.2, c)
    shift = rng.uniform(-2.5, 2.5, c)
    return (rng.standard_normal(shape) * scale + shift).astype(np.float32)


def channel_params(rng: np.random.Generator, c: int) -> tuple[np.ndarray, np.ndarray]:
    """gamma (positive, not 1) and beta (not 0), one per channel."""
    return (rng.uniform(0.2, 2.0, c).astype(np.float32),
            rng.normal(0, 1, c).astype(np.float32))


def visible_forward_cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(1)
    dense = channel_batch(rng, (6, 3))
    images = channel_batch(rng, (4, 5, 5, 2))
    return [forward_case(dense, [1.0, 2.0, 0.5], [0.0, -1.0, 3.0], 1e-3),
            forward_case(images, [1.5, 0.7], [0.2, -0.3], None)]


# -- exercise 2: the backward pass ----------------------------------------------------------

def batch_norm_backward(dy: Any, x: Any, gamma: Any, epsilon: float = KERAS_EPSILON
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a loss with respect to x, gamma and beta, given dL/dy (float64)."""
    return _backward(dy, x, gamma, epsilon)


def _backward(dy: Any, x: Any, gamma: Any, epsilon: float, *, through_mean: bool = True,
              through_variance: bool = True, axes: Any = None, swap: bool = False,
              raw_x: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, dy = np.asarray(x, np.float64), np.asarray(dy, np.float64)
    axes = _axes(x) if axes is None else axes
    mean, variance = x.mean(axis=_axes(x)), x.var(axis=_axes(x))
    inv = 1.0 / np.sqrt(variance + epsilon)
    x_hat = (x - mean) * inv
    dbeta = dy.sum(axis=axes)
    dgamma = (dy * (x if raw_x else x_hat)).sum(axis=axes)
    m = x.size // x.shape[-1]
    dx_hat = dy * gamma
    dx = dx_hat
    if through_mean:
        dx = dx - dx_hat.mean(axis=_axes(x))
    if through_variance:
        dx = dx - x_hat * (dx_hat * x_hat).sum(axis=_axes(x)) / m
    dx = dx * inv
    return (dx, dbeta, dgamma) if swap else (dx, dgamma, dbeta)


#: What each catalogued mistake of exercise 2 computes (keys after "03/ex2/"), taking
#: (dy, x, gamma, epsilon).
BACKWARD_VARIANTS: dict[str, Callable[..., tuple]] = {
    "statistics-constant": lambda dy, x, g, e: _backward(dy, x, g, e, through_mean=False,
                                                         through_variance=False),
    "mean-constant": lambda dy, x, g, e: _backward(dy, x, g, e, through_mean=False),
    "variance-constant": lambda dy, x, g, e: _backward(dy, x, g, e, through_variance=False),
    "gamma-beta-swapped": lambda dy, x, g, e: _backward(dy, x, g, e, swap=True),
    "per-position": lambda dy, x, g, e: _backward(dy, x, g, e, axes=0),
    "gamma-raw-x": lambda dy, x, g, e: _backward(dy, x, g, e, raw_x=True),
}


def backward_case(dy: Any, x: Any, gamma: Any, epsilon: float | None) -> dict[str, Any]:
    x = np.asarray(x, np.float32)
    dy = np.asarray(dy, np.float32)
    eps = KERAS_EPSILON if epsilon is None else epsilon
    return {"dy": dy, "x": x, "gamma": np.asarray(gamma, np.float32), "epsilon": epsilon,
            "want": batch_norm_backward(dy, x, gamma, eps),
            "variants": {name: f(dy, x, gamma, eps) for name, f in BACKWARD_VARIANTS.items()}}


def visible_backward_cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(2)
    dense, images = channel_batch(rng, (8, 3)), channel_batch(rng, (3, 4, 4, 2))
    return [backward_case(rng.normal(0, 1, dense.shape), dense, [1.0, 2.0, 0.5], 1e-3),
            backward_case(rng.normal(0, 1, images.shape), images, [1.5, 0.7], None)]


# -- exercise 3: probing the moving averages ------------------------------------------------

def probe_moving_average(box: Any) -> dict[str, Any]:
    """Measure a box's weight of the old value and which variance it averages.

    One batch whose mean differs from the moving mean gives the weight; a batch of two rows
    per channel, whose biased and unbiased variances differ by a factor of 2, gives the kind.
    """
    c = box.channels
    old_mean, old_var = np.array(box.moving_mean), np.array(box.moving_variance)
    rows = np.stack([old_mean + 1.0, old_mean + 3.0]).astype(np.float32)  # mean old + 2
    box(rows)
    new_mean, new_var = np.array(box.moving_mean), np.array(box.moving_variance)
    weight = float(np.mean(1.0 - (new_mean - old_mean) / 2.0))
    variance = (new_var - weight * old_var) / (1.0 - weight)  # the batch's, as averaged
    kind = "unbiased" if np.mean(variance) > 1.5 else "biased"  # 1 (biased) or 2 (unbiased)
    assert c == len(old_mean)
    return {"weight_of_old": weight, "variance": kind}


# -- the shipped tables ---------------------------------------------------------------------

def tables() -> dict[str, np.ndarray]:
    """Everything ``batch_norm_tables.npz`` holds: the visible cases and every mistake's
    answer on them (the right answers come from Keras in the visible check itself)."""
    out: dict[str, np.ndarray] = {}
    for name, cases in (("forward", visible_forward_cases()),
                        ("backward", visible_backward_cases())):
        put_cases(out, name, [{k: v for k, v in case.items() if k != "want"} for case in cases])
    return out


def write_tables(path: Path | None = None) -> Path:
    from dcgan_course.exercises import batch_norm

    path = Path(path or batch_norm.TABLES)
    np.savez_compressed(path, **tables())
    return path


if __name__ == "__main__":
    print(f"wrote {write_tables(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
