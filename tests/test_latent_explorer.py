"""Lesson 07's latent explorer: the directions that move the judge, and a widget whose
picture and verdict follow the sliders (a real Keras generator, a judge with known output)."""

from __future__ import annotations

import numpy as np
import pytest
from tensorflow import keras

from dcgan_course import latent_explorer as lx

Z_DIM = 8


def test_judge_directions_find_the_one_axis_the_judge_reads():
    def probabilities(z):  # the judge only reads coordinate 3: class 0 up, class 1 down
        p = np.zeros((len(z), 10))
        p[:, 0], p[:, 1] = 0.5 + 0.2 * z[:, 3], 0.5 - 0.1 * z[:, 3]
        return p

    d = lx.judge_directions(lambda z: z, probabilities, Z_DIM, count=2, samples=64)
    assert d.shape == (2, Z_DIM)
    np.testing.assert_allclose(d[0], np.eye(Z_DIM)[3], atol=1e-6)  # signed: raises class 0
    np.testing.assert_allclose(np.linalg.norm(d, axis=1), 1.0, atol=1e-6)
    assert abs(d[0] @ d[1]) < 1e-6


def test_verdict_names_the_digit_or_says_no_digit():
    sure, unsure = np.full(10, 0.005), np.full(10, 0.05)
    sure[4], unsure[7] = 0.955, 0.55
    assert lx.verdict(sure) == "digit 4 (95.5% sure)"
    assert lx.verdict(unsure).startswith("no digit (best guess 7 at 55.0%")


@pytest.fixture(scope="module")
def generator():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((Z_DIM,)), keras.layers.Dense(8 * 8 * 3,
                                                                       activation="tanh"),
                             keras.layers.Reshape((8, 8, 3))])


def judge(images):
    """Reads the mean of each colour channel: sure of digit 0, 1 or 2 when one dominates."""
    colours = np.asarray(images, np.float64).mean(axis=(1, 2))
    logits = 40.0 * np.hstack([colours, np.full((len(colours), 7), -0.5)])
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def test_moving_a_slider_changes_the_picture_and_the_verdict_is_the_judges(generator):
    calls = []

    def generate(z):
        calls.append(len(z))
        return generator(z, training=False).numpy()

    directions = lx.judge_directions(generate, judge, Z_DIM, count=3, samples=64)
    explorer = lx.LatentExplorer(generate, judge, directions)
    first_png, first_view = bytes(explorer.picture.value), explorer.view
    assert first_png.startswith(b"\x89PNG") and explorer.view.image.shape == (8, 8, 3)
    calls.clear()
    verdicts = set()
    for amount in (-3.0, -1.5, 1.5, 3.0):
        explorer.sliders[0].value = amount
        view = explorer.view
        np.testing.assert_allclose(view.z, explorer.start_z() + amount * directions[0])
        np.testing.assert_allclose(view.image, generate(view.z[None].astype(np.float32))[0],
                                   atol=1e-6)
        assert view.verdict == lx.verdict(judge(view.image[None])[0])
        assert view.verdict in explorer.caption.value
        verdicts.add(view.verdict)
    assert bytes(explorer.picture.value) != first_png
    assert not np.allclose(view.image, first_view.image)
    assert len(verdicts) > 1, "the first direction should change what the judge reads"
    assert calls[:4] == [1, 1, 1, 1], "one single-image generator pass per change"
    explorer.reset()
    np.testing.assert_allclose(explorer.view.image, first_view.image, atol=1e-6)
    explorer.start.value = 5
    assert not np.allclose(explorer.view.image, first_view.image)
