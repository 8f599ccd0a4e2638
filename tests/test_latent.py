"""Lesson 07's latent-space helpers: straight-line walks, norms, plate brightness, concept
groups and the figures, on inputs whose answers are known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course import latent
from dcgan_course.plotting import CourseFigure

PNG = b"\x89PNG\r\n\x1a\n"


def test_lerp_hits_the_ends_and_the_midpoint():
    z0, z1 = np.array([2.0, 0.0, -4.0]), np.array([0.0, 6.0, 4.0])
    path = latent.lerp(z0, z1, np.array([0.0, 0.5, 1.0]))
    assert path.shape == (3, 3)
    np.testing.assert_allclose(path, [z0, [1.0, 3.0, 0.0], z1])


def test_norms_along_the_straight_line_dip_to_sqrt_half_for_orthogonal_ends():
    z0, z1 = np.array([10.0, 0.0]), np.array([0.0, 10.0])
    norms = latent.norms_along(latent.lerp(z0, z1, np.linspace(0, 1, 5)))
    np.testing.assert_allclose(norms[[0, 2, 4]], [10.0, np.sqrt(50.0), 10.0])
    assert norms.argmin() == 2


def test_step_changes_are_flat_then_jump_for_a_jumpy_walk():
    walk = np.zeros((4, 2, 2, 3))
    walk[3] = 1.0
    np.testing.assert_allclose(latent.step_changes(walk), [0.0, 0.0, 1.0])


def test_plate_brightness_reads_the_border_and_ignores_the_centre():
    images = np.zeros((2, 32, 32, 3), np.uint8)
    images[0] = 255            # white plate, white centre
    images[1, 8:24, 8:24] = 255  # black plate, white centre
    np.testing.assert_allclose(latent.plate_brightness(images), [1.0, 0.0])
    floats = np.full((1, 32, 32, 3), -1.0, np.float32)  # generator output, black
    assert latent.plate_brightness(floats)[0] == pytest.approx(0.0)


def test_concept_indices_pick_the_extremes_and_respect_the_mask():
    values = np.array([0.5, 0.9, 0.1, 0.7, 0.3])
    np.testing.assert_array_equal(latent.concept_indices(values, 2, True), [1, 3])
    np.testing.assert_array_equal(latent.concept_indices(values, 2, False), [2, 4])
    among = np.array([True, False, True, False, False])
    np.testing.assert_array_equal(latent.concept_indices(values, 2, True, among), [0, 2])
    # too few qualify: the best of the others fill the group
    np.testing.assert_array_equal(latent.concept_indices(values, 3, True, among), [0, 2, 1])


def test_the_figures_render_as_png():
    t = np.linspace(0, 1, 5)
    z0, z1 = np.eye(16)[0] * 4, np.eye(16)[1] * 4
    images = np.random.default_rng(0).uniform(-1, 1, (3, 32, 32, 3))
    for fig in (latent.plot_norms(t, {"lerp": latent.lerp(z0, z1, t)}, 16),
                latent.plot_rows({"a": images, "b": images[:2]}, title="rows")):
        assert isinstance(fig, CourseFigure)
        assert fig._repr_png_().startswith(PNG)
    assert len(latent.plot_rows({"a": images, "b": images[:2]}).axes) == 6
