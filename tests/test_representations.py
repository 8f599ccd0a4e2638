"""Lesson 07's measurements: nearest neighbours and the linear probe, on data whose answer
is known."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course import representations
from dcgan_course.plotting import CourseFigure


def test_nearest_finds_the_planted_copies_in_order_across_chunks():
    rng = np.random.default_rng(0)
    pool = rng.uniform(-1, 1, (50, 4, 4, 3)).astype(np.float32)
    queries = pool[[7, 42]] + 0.001
    index, dist = representations.nearest(queries, pool, k=2, chunk=8)
    assert index.shape == dist.shape == (2, 2)
    np.testing.assert_array_equal(index[:, 0], [7, 42])
    assert (dist[:, 0] < 0.01).all() and (dist[:, 1] > dist[:, 0]).all()
    brute = np.linalg.norm(pool.reshape(50, -1)[None] - queries.reshape(2, 1, -1), axis=2)
    np.testing.assert_array_equal(index, np.argsort(brute, axis=1)[:, :2])
    np.testing.assert_allclose(dist, np.sort(brute, axis=1)[:, :2], rtol=1e-3, atol=1e-3)


def test_nearest_treats_uint8_as_images_and_rejects_an_empty_pool():
    pool = np.zeros((3, 2, 2, 3), np.uint8)
    pool[1] = 255
    index, dist = representations.nearest(np.full((1, 2, 2, 3), 1.0, np.float32), pool, k=1)
    assert index[0, 0] == 1 and dist[0, 0] == pytest.approx(0.0, abs=1e-3)
    with pytest.raises(ValueError):
        representations.nearest(pool, pool[:0])


def blobs(n: int, seed: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Ten classes, each a Gaussian around its own centre in 20 dimensions."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).normal(0, 3, (10, 20))
    y = rng.integers(0, 10, n)
    return centres[y] + rng.normal(0, noise, (n, 20)), y


def test_linear_probe_separates_separable_classes_and_fails_on_noise():
    x, y = blobs(400, 1, 0.5)
    tx, ty = blobs(300, 2, 0.5)
    good = representations.linear_probe(x, y, tx, ty)
    assert good.accuracy > 0.95
    assert (good.features, good.train, good.test) == (20, 400, 300)
    rng = np.random.default_rng(3)
    chance = representations.linear_probe(rng.normal(size=(400, 20)), y,
                                           rng.normal(size=(300, 20)), ty)
    assert chance.accuracy < 0.25
    assert "test accuracy" in str(good)


def test_linear_probe_checks_its_tables():
    x, y = blobs(50, 1, 0.5)
    with pytest.raises(ValueError, match="one label per row"):
        representations.linear_probe(x, y[:-1], x, y)
    with pytest.raises(ValueError, match="width"):
        representations.linear_probe(x, y, x[:, :5], y)


def test_plots_return_figures():
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, (10, 8, 8, 3), dtype=np.uint8)
    generated = rng.uniform(-1, 1, (2, 8, 8, 3))
    by = {"pixels": np.array([[0, 1], [2, 3]]), "features": np.array([[4, 5], [6, 7]])}
    fig = representations.plot_neighbours(generated, train, by)
    assert isinstance(fig, CourseFigure) and len(fig.axes) == 2 * 5
    result = representations.ProbeResult(0.5, 10, 1.0, 100, 100)
    fig = representations.plot_probe({"pixels": result, "D": result}, title="t")
    assert isinstance(fig, CourseFigure)
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_in_batches_gives_what_one_call_gives():
    images = np.arange(2500 * 3, dtype=np.float32).reshape(2500, 3)
    sizes = []

    def double(x):
        sizes.append(len(x))
        return 2 * x

    np.testing.assert_array_equal(representations.in_batches(double, images, 1000), 2 * images)
    assert sizes == [1000, 1000, 500]
