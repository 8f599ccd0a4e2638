"""Lesson 05's LogitProbe: it shows the discriminator's own logit, and looking changes nothing."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from dcgan_course.logit_probe import BLENDS, LogitProbe, probe_image, probe_logits

keras = tf.keras
layers = keras.layers
PNG = b"\x89PNG\r\n\x1a\n"


def critic(seed: int = 0) -> keras.Model:
    """A tiny discriminator with batch norm: conv -> BN -> leaky ReLU -> dense logit."""
    init = keras.initializers.RandomNormal(stddev=0.3, seed=seed)
    return keras.Sequential([keras.Input((8, 8, 3)),
                             layers.Conv2D(4, 3, strides=2, padding="same",
                                           kernel_initializer=init),
                             layers.BatchNormalization(), layers.LeakyReLU(0.2),
                             layers.Flatten(),
                             layers.Dense(1, kernel_initializer=keras.initializers.RandomNormal(
                                 stddev=0.3, seed=seed + 1))])


@pytest.fixture(scope="module")
def images():
    rng = np.random.default_rng(1)
    real = np.clip(rng.normal(0.4, 0.3, (16, 8, 8, 3)), -1, 1).astype(np.float32)
    fake = np.clip(rng.normal(-0.2, 0.1, (16, 8, 8, 3)), -1, 1).astype(np.float32)
    return real, fake


def moving(model):
    return [v.numpy().copy() for v in model.non_trainable_variables]


def test_inference_logits_are_the_models(images):
    d = critic()
    real, _ = images
    want = d(real[:3], training=False).numpy()[:, 0]
    assert np.allclose(probe_logits(d, real[:3]), want, atol=1e-6)


def test_batch_mode_scores_the_image_among_the_context_and_restores_moving_averages(images):
    d = critic()
    real, fake = images
    before = moving(d)
    got = probe_logits(d, fake[:2], context=real)
    for image, logit in zip(fake[:2], got, strict=True):
        batch = np.concatenate([image[None], real[1:]])
        want = float(d(batch, training=True)[0, 0])  # this call moves the moving averages...
        assert logit == pytest.approx(want, abs=1e-5)
    d2 = critic()
    probe_logits(d2, fake[:2], context=real)
    assert all(np.array_equal(a, b) for a, b in zip(before, moving(d2), strict=True))


def test_the_blend_runs_from_the_real_image_to_the_fake_one(images):
    real, fake = images
    assert np.allclose(probe_image(real[0], fake[0], 0.0, 0.0), real[0])
    assert np.allclose(probe_image(real[0], fake[0], 1.0, 0.0), fake[0])
    noisy = probe_image(real[0], fake[0], 0.5, 0.5, seed=3)
    assert noisy.min() >= -1 and noisy.max() <= 1
    assert np.array_equal(noisy, probe_image(real[0], fake[0], 0.5, 0.5, seed=3))  # fixed noise


def test_the_viewer_shows_the_logit_of_the_current_setting(images):
    d = critic()
    real, fake = images
    before = moving(d)
    viewer = LogitProbe(d, real, fake, count=4, batch=8)
    assert bytes(viewer.image.value).startswith(PNG)
    viewer.mode.value = "inference"
    viewer.blend.value = 1.0
    want = float(d(fake[:1], training=False)[0, 0])
    assert f"logit {want:+.2f}" in viewer.caption.value
    first = bytes(viewer.image.value)
    viewer.index.value = 2
    want = float(d(fake[2:3], training=False)[0, 0])
    assert f"logit {want:+.2f}" in viewer.caption.value
    assert bytes(viewer.image.value) != first
    curve = viewer.curve(2, 0.0, "inference")
    assert curve.shape == BLENDS.shape and curve[-1] == pytest.approx(want, abs=1e-5)
    viewer.mode.value = "fake batch"
    assert "among generated images" in viewer.caption.value
    assert all(np.array_equal(a, b) for a, b in zip(before, moving(d), strict=True))
