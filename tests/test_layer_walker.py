"""The layer walker of lesson 04, driven the way the frontend drives it."""

from __future__ import annotations

import numpy as np
import pytest
from test_architecture import generator

from dcgan_course.layer_walker import LayerWalker, plot_generator_walk, walk

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small_generator():
    return generator(z_dim=12, width=8, image_size=16, channels=3)


def test_walk_follows_the_stages(small_generator):
    outputs = walk(small_generator, np.zeros(12, np.float32))
    assert outputs[0].kind == "Input" and outputs[0].value.shape == (12,)
    assert [o.value.shape for o in outputs[1:3]] == [(16 * 16,), (4, 4, 16)]
    assert outputs[-1].value.shape == (16, 16, 3) and outputs[-1].kind == "Activation (tanh)"
    assert [o.stage for o in outputs] == [0, 1, 1, 1, 1, 2, 2, 2, 3, 3]
    assert np.all(np.abs(outputs[-1].value) <= 1)


def test_walker_starts_at_z(small_generator):
    walker = LayerWalker(small_generator)
    assert walker.z_dim == 12 and walker.slider.value == 0
    assert walker.slider.max == len(walker.outputs(0)) - 1 == 9
    assert bytes(walker.image.value).startswith(PNG)
    assert "z</code> → <b>12</b>" in walker.caption.value


def test_slider_and_buttons_move_through_layers(small_generator):
    walker = LayerWalker(small_generator)
    walker.back.click()
    assert walker.slider.value == 0
    first = bytes(walker.image.value)
    walker.forward.click()
    walker.forward.click()
    assert walker.slider.value == 2 and bytes(walker.image.value) != first
    assert "4×4×16" in walker.caption.value
    walker.slider.value = walker.slider.max
    walker.forward.click()
    assert walker.slider.value == walker.slider.max
    assert "tanh" in walker.caption.value and "16×16×3" in walker.caption.value


def test_new_z_changes_the_maps_and_frames_are_cached(small_generator):
    walker = LayerWalker(small_generator, seed=3)
    walker.slider.value = 5
    frame = bytes(walker.image.value)
    walker.new_z.click()
    assert walker.seed.value == 4 and bytes(walker.image.value) != frame
    walker.seed.value = 3
    assert bytes(walker.image.value) == frame
    assert sorted(walker._cache) == [(3, 0), (3, 5), (4, 5)]  # each frame rendered once
    assert not np.array_equal(walker.noise(3), walker.noise(4))


def test_static_walk_figure(small_generator):
    assert plot_generator_walk(small_generator, maps=4)._repr_png_().startswith(PNG)
