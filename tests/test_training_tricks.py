"""What came after DCGAN: DiffAugment, spectral normalisation, R1, minibatch stddev, TTUR,
learning-rate decay and the averaged generator's refreshed statistics, as engine options.

Each option is checked for what it claims to do (the paper's formula on a case small enough
to compute by hand) and for running inside the engine with the lesson's reference step on
tiny models (the learner's networks are never rewritten except where the docstring says).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import augment, regularizers, training
from dcgan_course.data import load_digits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference.training  # noqa: E402
from test_training import TINY, build_discriminator, build_generator  # noqa: E402


@pytest.fixture(scope="module")
def images():
    return load_digits("synthetic", n=64)[0]


def make(config=TINY, **kwargs):
    return training.Trainer(build_generator, build_discriminator, config,
                            precision=kwargs.pop("precision", "float32"),
                            train_step=reference.training.train_step,
                            step_source="reference", **kwargs)


# --- DiffAugment ---------------------------------------------------------------------------


def test_translation_shifts_without_wrapping_round_the_edge():
    tf.random.set_seed(1)
    image = np.zeros((64, 32, 32, 1), np.float32)
    image[:, 0, 0] = 1.0  # one bright pixel in the top-left corner of every image
    moved = augment.random_translation(tf.constant(image)).numpy()[..., 0]
    for out in moved:
        ys, xs = np.nonzero(out)
        assert len(ys) <= 1  # it moved or left the image: it never wraps to the far side
        if len(ys):
            assert ys[0] <= 4 and xs[0] <= 4  # by at most 1/8 of 32 pixels
    assert (moved.reshape(64, -1).sum(1) == 0).any()  # some shifts pushed it out


def test_cutout_zeroes_one_square_of_half_the_side():
    tf.random.set_seed(2)
    cut = augment.random_cutout(tf.ones((200, 32, 32, 3))).numpy()
    zeros = (cut[..., 0] == 0).sum(axis=(1, 2))
    assert zeros.max() == 16 * 16 and zeros.min() >= 8 * 8  # a corner square is cut in four
    assert np.all(cut[..., 0] == cut[..., 2])  # the same square in every channel


def test_colour_draws_one_change_per_image():
    tf.random.set_seed(3)
    flat = tf.fill((8, 4, 4, 3), 0.25)
    shifted = augment.random_brightness(flat).numpy()
    per_image = shifted.reshape(8, -1)
    assert np.allclose(per_image, per_image[:, :1])  # one shift within an image
    assert np.ptp(per_image[:, 0]) > 0.05 and np.all(np.abs(per_image - 0.25) <= 0.5)
    grey = tf.random.uniform((8, 4, 4, 1))
    assert np.allclose(augment.random_saturation(tf.concat([grey] * 3, -1)),
                       tf.concat([grey] * 3, -1), atol=1e-6)  # grey has nothing to saturate


def test_diff_augment_keeps_dtype_and_passes_gradients():
    images = tf.random.uniform((4, 32, 32, 3), -1, 1)
    with tf.GradientTape() as tape:
        tape.watch(images)
        total = tf.reduce_sum(augment.diff_augment(images))
    grads = tape.gradient(total, images)
    assert grads is not None and float(tf.reduce_sum(tf.abs(grads))) > 0
    half = augment.diff_augment(tf.cast(images, tf.bfloat16))
    assert half.dtype == tf.bfloat16 and half.shape == images.shape


def test_unknown_policy_is_refused_with_the_known_ones():
    assert augment.parse_policy(" color, cutout ") == ("color", "cutout")
    with pytest.raises(ValueError, match="unknown augmentation 'flip'.*color, translation"):
        augment.parse_policy("color,flip")


def test_augmenting_discriminator_is_the_learners_model_behind_augmentation():
    model = build_discriminator(width=4)
    wrapped = augment.AugmentingDiscriminator(model, "translation,cutout")
    assert wrapped.trainable_variables is not None
    assert [id(v) for v in wrapped.trainable_variables] == [id(v) for v in
                                                            model.trainable_variables]
    images = tf.random.uniform((16, 32, 32, 3), -1, 1)
    assert not np.allclose(wrapped(images, training=False), model(images, training=False))


# --- spectral normalisation ------------------------------------------------------------------


def test_spectral_norm_divides_by_the_largest_singular_value():
    dense = keras.layers.Dense(5, kernel_initializer="glorot_normal")
    wrapped = regularizers.SpectralNormalized(dense)
    x = tf.random.normal((3, 7))
    wrapped(x)
    for _ in range(50):  # power iteration converges over training calls
        wrapped(x, training=True)
    kernel = dense.kernel.numpy()
    top = np.linalg.svd(kernel, compute_uv=False)[0]
    assert float(wrapped.sigma()) == pytest.approx(top, rel=1e-4)
    want = x.numpy() @ (kernel / top) + dense.bias.numpy()
    np.testing.assert_allclose(wrapped(x), want, rtol=1e-4, atol=1e-5)


def test_spectral_norm_is_a_reparametrisation_with_gradient_through_sigma():
    dense = keras.layers.Dense(3, use_bias=False)
    wrapped = regularizers.SpectralNormalized(dense)
    x = tf.random.normal((4, 6))
    for _ in range(30):
        wrapped(x, training=True)
    before = dense.kernel.numpy().copy()
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(wrapped(x))
    grad = tape.gradient(out, dense.kernel).numpy()
    sigma = float(wrapped.sigma())
    plain = (x.numpy().sum(0)[:, None] * np.ones((1, 3))) / sigma  # d out / d W, sigma fixed
    assert not np.allclose(grad, plain, atol=1e-4)  # sigma's own gradient is included
    np.testing.assert_array_equal(dense.kernel.numpy(), before)  # the kernel is not overwritten


def test_with_spectral_norm_shares_the_learners_layers_and_wraps_only_kernels():
    model = build_discriminator(width=4)
    model(tf.zeros((1, 32, 32, 3)))
    normed = regularizers.with_spectral_norm(model)
    wrapped = [layer for layer in normed.layers if isinstance(layer,
                                                                regularizers.SpectralNormalized)]
    learner_kernels = [layer for layer in model.layers
                       if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
    assert [w.layer for w in wrapped] == learner_kernels  # the same layer objects
    assert any(isinstance(layer, keras.layers.BatchNormalization) for layer in normed.layers)
    assert normed(tf.zeros((2, 32, 32, 3))).shape == (2, 1)
    with pytest.raises(ValueError, match="no Conv2D or Dense"):
        regularizers.with_spectral_norm(keras.Sequential([keras.Input((4,)),
                                                          keras.layers.ReLU()]))


def test_spectral_norm_under_mixed_precision_keeps_a_float32_head(images):
    trainer = make(TINY.replace(spectral_norm=True), precision="mixed_bfloat16")
    head = trainer.discriminator.layers[-1]
    assert isinstance(head, regularizers.SpectralNormalized) and head.compute_dtype == "float32"
    history = trainer.fit(images, steps=2)
    assert all(math.isfinite(v) for v in history["d_loss"])


# --- R1 ------------------------------------------------------------------------------------


def test_r1_penalty_of_a_linear_discriminator_is_half_gamma_times_its_squared_norm():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    real = tf.random.normal((5, 4, 4, 1))
    weight_norm = float(tf.reduce_sum(tf.square(model.layers[-1].kernel)))
    penalty = regularizers.r1_penalty(model, real, gamma=3.0)
    assert float(penalty) == pytest.approx(0.5 * 3.0 * weight_norm, rel=1e-5)


def test_r1_update_flattens_d_at_the_real_images():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    real = tf.random.normal((5, 4, 4, 1))
    before = float(regularizers.r1_penalty(model, real, 1.0))
    regularizers.r1_update(model, keras.optimizers.SGD(0.1), real, gamma=1.0, every=4)
    assert float(regularizers.r1_penalty(model, real, 1.0)) < before


def test_lazy_r1_runs_one_extra_d_update_every_k_steps(images):
    trainer = make(TINY.replace(r1_gamma=1.0, r1_every=2))
    trainer.fit(images, steps=6)
    assert int(trainer.d_optimizer.iterations.numpy()) == 6 + 3
    assert int(trainer.g_optimizer.iterations.numpy()) == 6


# --- minibatch standard deviation --------------------------------------------------------------


def test_minibatch_stddev_appends_the_batch_spread_as_one_channel():
    features = tf.constant(np.random.default_rng(0).normal(size=(6, 4, 4, 3)), tf.float32)
    out = regularizers.MinibatchStddev()(features).numpy()
    assert out.shape == (6, 4, 4, 4)
    want = np.sqrt(features.numpy().var(axis=0) + 1e-8).mean()
    np.testing.assert_allclose(out[..., 3], want, rtol=1e-5)
    alike = regularizers.MinibatchStddev()(tf.ones((6, 4, 4, 3))).numpy()
    assert alike[..., 3].max() < 1e-3  # a batch of identical images: no spread


def test_with_minibatch_stddev_keeps_the_convolutions_and_rebuilds_the_head():
    model = build_discriminator(width=4)
    model(tf.zeros((1, 32, 32, 3)))
    extended = regularizers.with_minibatch_stddev(model)
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert all(layer in extended.layers for layer in convs)
    assert extended(tf.zeros((2, 32, 32, 3))).shape == (2, 1)
    assert extended.layers[-1].kernel.shape[0] == model.layers[-1].kernel.shape[0] + 4 * 4
    inputs = keras.Input((32, 32, 3))
    functional = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Flatten()(inputs)))
    with pytest.raises(ValueError, match="Sequential"):
        regularizers.with_minibatch_stddev(functional)


# --- the engine's options --------------------------------------------------------------------


@pytest.mark.parametrize("option", [
    {"augment": "color,translation,cutout"}, {"r1_gamma": 1.0, "r1_every": 2},
    {"spectral_norm": True}, {"minibatch_stddev": True}, {"ema_refresh": True},
    {"g_learning_rate": 1e-4, "d_learning_rate": 4e-4, "lr_decay": 0.5},
])
def test_each_option_trains_with_the_reference_step(images, option):
    trainer = make(TINY.replace(**option))
    history = trainer.fit(images, steps=3)
    assert history["step"] == [1, 2, 3]
    assert all(math.isfinite(v) for v in history["d_loss"] + history["g_loss"])
    assert trainer.generate().shape == (8, 32, 32, 3)


def test_ttur_and_the_learning_rate_decay_set_each_optimiser(images):
    trainer = make(TINY.replace(g_learning_rate=1e-4, d_learning_rate=4e-4, lr_decay=0.5,
                                steps=8))
    assert [trainer.rate_scale(s) for s in (0, 3, 4, 6, 8)] == [1.0, 1.0, 1.0, 0.5, 0.0]
    trainer.fit(images, steps=8)
    assert float(trainer.g_optimizer.learning_rate) == pytest.approx(1e-4 * 0.25)
    assert float(trainer.d_optimizer.learning_rate) == pytest.approx(4e-4 * 0.25)


def test_refreshed_statistics_change_the_samples_and_are_given_back(images):
    trainer = make(TINY.replace(ema_decay=0.9))
    trainer.fit(images, steps=4)
    norms = [layer for layer in trainer.ema_generator.layers
             if isinstance(layer, keras.layers.BatchNormalization)]
    stored = [layer.moving_variance.numpy().copy() for layer in norms]
    plain = trainer.generate()
    trainer.config = trainer.config.replace(ema_refresh=True)
    refreshed = trainer.generate()
    assert not np.allclose(plain, refreshed, atol=1e-3)
    for layer, kept in zip(norms, stored, strict=True):
        np.testing.assert_array_equal(layer.moving_variance.numpy(), kept)
        assert layer.momentum == pytest.approx(0.99)


def test_options_survive_a_resume(images, tmp_path):
    config = TINY.replace(spectral_norm=True, r1_gamma=1.0, r1_every=2,
                          augment="translation")
    first = make(config, out_dir=tmp_path)
    first.fit(images, steps=4)
    again = make(config, out_dir=tmp_path)
    assert again.resumed_from == 4
    for a, b in zip(first.discriminator.get_weights(), again.discriminator.get_weights(),
                    strict=True):
        np.testing.assert_array_equal(a, b)  # the power-iteration vectors included
    with pytest.raises(training.CheckpointMismatch):
        make(TINY, out_dir=tmp_path)  # the same folder without spectral norm: refused


def test_the_2015_recipe_switches_every_option_off_and_says_so():
    config = TINY.replace(augment="cutout", r1_gamma=1.0, spectral_norm=True, lr_decay=0.2,
                          g_learning_rate=1e-4, minibatch_stddev=True, ema_refresh=True)
    assert "DiffAugment (cutout)" in training.describe_options(config)
    plain = training.dcgan_2015(config)
    assert training.describe_options(plain).startswith("none")
    assert plain.rates == (plain.learning_rate, plain.learning_rate)


def test_each_option_setting_gets_its_own_folder_name():
    """Lesson 06's "try one" cell trains into ``<out_dir>-<slug>``: two settings sharing a
    folder would resume each other's checkpoints (or be refused as another model)."""
    settings = [TINY, TINY.replace(spectral_norm=True), TINY.replace(augment="cutout"),
                TINY.replace(augment="color,translation"), TINY.replace(r1_gamma=1.0),
                TINY.replace(r1_gamma=10.0), TINY.replace(r1_gamma=1.0, r1_every=16),
                TINY.replace(g_learning_rate=1e-4, d_learning_rate=4e-4),
                TINY.replace(minibatch_stddev=True), TINY.replace(lr_decay=0.3),
                TINY.replace(ema_refresh=True), TINY.replace(spectral_norm=True, r1_gamma=1.0)]
    slugs = [training.options_slug(c) for c in settings]
    assert len(set(slugs)) == len(slugs), slugs
    assert slugs[0] == "2015" and slugs[1] == "sn"
    assert all(slug.replace("-", "").replace(".", "").isalnum() for slug in slugs), slugs
