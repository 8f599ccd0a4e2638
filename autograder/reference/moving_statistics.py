"""Reference answer of lesson 05's exercise 2: where batch norm's moving mean settles when
the discriminator is called on real, fake and mixed batches in training mode.

Also the shares each catalogued mistake would give (``05/ex2/...`` in
``dcgan_course/exercises/discriminator.py``), so the grader can name the one a wrong answer
matches. The learner package holds none of this: its visible check asks Keras' own
``BatchNormalization`` layer instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: What one call adds to the (start, real, fake) shares, before the (1 - momentum) weight.
PARTS = {"real": np.array([0.0, 1.0, 0.0]), "fake": np.array([0.0, 0.0, 1.0]),
         "mixed": np.array([0.0, 0.5, 0.5])}


def moving_shares(schedule: Sequence[str], steps: int, momentum: float = 0.99) -> np.ndarray:
    """Shares of (start value, real batches' mean, fake batches' mean) in the moving mean.

    Each call in training mode updates ``moving = momentum * moving + (1 - momentum) * batch``
    (Keras' convention), and a batch's mean is a fixed mix of the three parts, so the
    moving mean stays such a mix: follow the three weights through every call.
    """
    shares = np.array([1.0, 0.0, 0.0])
    for _ in range(int(steps)):
        for kind in schedule:
            shares = momentum * shares + (1.0 - momentum) * PARTS[kind]
    return shares


def mistaken_shares(schedule: Sequence[str], steps: int,
                    momentum: float) -> dict[str, np.ndarray]:
    """The shares each catalogued mistake gives for this case, by mistake name."""
    right = moving_shares(schedule, steps, momentum)
    per_step = np.array([1.0, 0.0, 0.0])
    step_part = np.mean([PARTS[kind] for kind in schedule], axis=0)
    for _ in range(int(steps)):
        per_step = momentum * per_step + (1.0 - momentum) * step_part
    split = [k for s in schedule for k in (("real", "fake") if s == "mixed" else (s,))]
    rest = right[1:].sum()
    return {"one-update-per-step": per_step,
            "momentum-swapped": moving_shares(schedule, steps, 1.0 - momentum),
            "order-reversed": moving_shares(list(schedule)[::-1], steps, momentum),
            "mixed-as-two": moving_shares(split, steps, momentum),
            "no-start": np.concatenate([[0.0], right[1:] / rest]) if rest else right}
