"""Reference answers of lesson 07's exercises 1 and 2: slerp, and concept arithmetic placed
at the prior's typical length.

The learner package holds neither: its visible checks use vectors whose arcs are known by
geometry (cosines and sines of a right angle) and properties (lengths, angles, a plane).
"""

from __future__ import annotations

import numpy as np

#: Below this sin(angle) the two vectors count as parallel (or anti-parallel).
PARALLEL = 1e-6


def perpendicular(z0: np.ndarray) -> np.ndarray:
    """A unit vector perpendicular to ``z0``: the axis z0 leans on least, minus its z0 part."""
    axis = np.zeros_like(z0)
    axis[int(np.argmin(np.abs(z0)))] = 1.0
    u = axis - (axis @ z0) / (z0 @ z0) * z0
    return u / np.linalg.norm(u)


def slerp(z0: np.ndarray, z1: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Spherical interpolation (Shoemake 1985, as in White 2016), shape (len(t), len(z0)).

    Parallel ends (angle 0): the arc is the straight line. Anti-parallel ends (angle pi):
    no single arc; this one turns through a fixed direction perpendicular to z0, its length
    going from |z0| to |z1| in proportion to t (constant when they are equal), so it never
    passes through 0 as the straight line would.
    """
    z0, z1 = np.asarray(z0, np.float64), np.asarray(z1, np.float64)
    t = np.asarray(t, np.float64).reshape(-1, 1)
    n0, n1 = np.linalg.norm(z0), np.linalg.norm(z1)
    cos = np.clip(z0 @ z1 / (n0 * n1), -1.0, 1.0)
    omega = np.arccos(cos)
    if np.sin(omega) < PARALLEL and cos > 0:
        return (1 - t) * z0 + t * z1
    if np.sin(omega) < PARALLEL:
        length = (1 - t) * n0 + t * n1
        return length * (np.cos(np.pi * t) * z0 / n0 + np.sin(np.pi * t) * perpendicular(z0))
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


def concept_arithmetic(z_a: np.ndarray, z_b: np.ndarray, z_c: np.ndarray) -> np.ndarray:
    """mean(z_a) - mean(z_b) + mean(z_c), stretched to length sqrt(z_dim).

    Averages of Gaussian vectors are short (an average of k has length about sqrt(d / k)),
    and the generator was trained on vectors of length about sqrt(d): the direction carries
    the concept, the length puts it where the generator's inputs lie.
    """
    y = np.mean(z_a, axis=0) - np.mean(z_b, axis=0) + np.mean(z_c, axis=0)
    return y * np.sqrt(y.size) / np.linalg.norm(y)
