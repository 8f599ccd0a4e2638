"""The training engine (dcgan_course.training): step, resume, mismatch, divergence, profiles.

The course ships no reference DCGAN, so these tests build a tiny one of their own (the
source below is also written to disk by the CLI test, as a learner's my_dcgan/ folder).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import training
from dcgan_course.data import load_digits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))
import reference.training as reference  # noqa: E402  (the lesson's reference step and losses)

GENERATOR_SOURCE = '''
from tensorflow import keras
from tensorflow.keras import layers


def build_generator(z_dim=100, width=128, image_size=32, channels=3):
    model = keras.Sequential([keras.Input(shape=(z_dim,))], name="generator")
    model.add(layers.Dense(4 * 4 * width * 4, use_bias=False))
    model.add(layers.Reshape((4, 4, width * 4)))
    model.add(layers.BatchNormalization())
    model.add(layers.ReLU())
    for depth in (width * 2, width):
        model.add(layers.Conv2DTranspose(depth, 5, strides=2, padding="same", use_bias=False))
        model.add(layers.BatchNormalization())
        model.add(layers.ReLU())
    model.add(layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                     activation="tanh"))
    return model
'''

DISCRIMINATOR_SOURCE = '''
from tensorflow import keras
from tensorflow.keras import layers


def build_discriminator(width=64, image_size=32, channels=3):
    model = keras.Sequential([keras.Input(shape=(image_size, image_size, channels))],
                             name="discriminator")
    model.add(layers.Conv2D(width, 5, strides=2, padding="same"))
    model.add(layers.LeakyReLU(negative_slope=0.2))
    for depth in (width * 2, width * 4):
        model.add(layers.Conv2D(depth, 5, strides=2, padding="same", use_bias=False))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model
'''


def _define(source: str, name: str):
    namespace: dict = {}
    exec(compile(source, f"<tiny {name}>", "exec"), namespace)
    return namespace[name]


build_generator = _define(GENERATOR_SOURCE, "build_generator")
build_discriminator = _define(DISCRIMINATOR_SOURCE, "build_discriminator")
TINY = training.profile_config("fast", z_dim=8, g_width=4, d_width=4, batch_size=8, images=64,
                               steps=6, checkpoint_every=2, samples=8)


@pytest.fixture(scope="module")
def images():
    return load_digits("synthetic", n=64)[0]


def make(out_dir=None, config=TINY, **kwargs):
    """A trainer of the tiny networks with the lesson's reference step (the package holds no
    step: a learner's passes lesson 06's check, the instructor's tools pass this one)."""
    kwargs.setdefault("train_step", reference.train_step)
    kwargs.setdefault("step_source", "reference")
    return training.Trainer(build_generator, build_discriminator, config, out_dir=out_dir,
                            precision=kwargs.pop("precision", "float32"), **kwargs)


def test_reference_losses_from_logits_with_smoothing():
    real = tf.constant([[2.0], [-1.0]])
    fake = tf.constant([[0.5], [-3.0], [1000.0]])
    sig = lambda v: 1 / (1 + np.exp(-np.asarray(v, np.float64)))  # noqa: E731
    want = (np.mean(-0.9 * np.log(sig([2.0, -1.0])) - 0.1 * np.log(1 - sig([2.0, -1.0])))
            + np.mean([np.log1p(np.exp(0.5)), np.log1p(np.exp(-3.0)), 1000.0]))
    assert float(reference.discriminator_loss(real, fake)) == pytest.approx(want, rel=1e-5)
    assert float(reference.discriminator_loss(real, fake, smoothing=1.0)) < want
    assert float(reference.generator_loss(tf.constant([[-1000.0]]))) == pytest.approx(1000.0)


def test_the_package_holds_no_loss_or_step():
    for name in ("discriminator_loss", "generator_loss", "course_train_step"):
        assert not hasattr(training, name)
    assert not make(train_step=None, step_source="yours").can_train


def test_one_step_changes_both_networks_and_reports_finite_metrics(images):
    trainer = make()
    g_before = [w.copy() for w in trainer.generator.get_weights()]
    d_before = [w.copy() for w in trainer.discriminator.get_weights()]
    batch = next(iter(trainer.dataset(images)))
    assert batch.shape == (8, 32, 32, 3)
    metrics = trainer.train_step(batch)
    assert all(math.isfinite(v) for v in metrics.values())
    assert 0 < metrics["d_real"] < 1 and 0 < metrics["d_fake"] < 1
    assert any(not np.allclose(a, b) for a, b in
               zip(g_before, trainer.generator.get_weights(), strict=True))
    assert any(not np.allclose(a, b) for a, b in
               zip(d_before, trainer.discriminator.get_weights(), strict=True))
    assert int(trainer.step.numpy()) == 1
    assert trainer.generate().shape == (8, 32, 32, 3)


def test_fit_checkpoints_and_resumes_the_step_count(images, tmp_path):
    trainer = make(tmp_path)
    history = trainer.fit(images, steps=5)
    assert history["step"] == [1, 2, 3, 4, 5]
    assert trainer.last_checkpoint_step() == 5  # the last step is always saved
    again = make(tmp_path)  # a kernel restart: a fresh Trainer on the same folder
    assert again.resumed_from == 5 and again.history["step"] == [1, 2, 3, 4, 5]
    for a, b in zip(trainer.generator.get_weights(), again.generator.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(trainer.fixed_z.numpy(), again.fixed_z.numpy())
    assert again.fit(images, steps=7)["step"] == [1, 2, 3, 4, 5, 6, 7]
    assert again.fit(images, steps=7)["step"][-1] == 7  # nothing left to do: no extra step


class StopAt(training.Callback):
    """Raises ``error`` at the end of step ``at``, as the stop button or a crash would."""

    def __init__(self, at: int, error: type[BaseException]) -> None:
        self.at, self.error = at, error

    def on_step_end(self, trainer, step, metrics):
        if step == self.at:
            raise self.error


def test_the_stop_button_prints_one_line_and_keeps_every_step(images, tmp_path, capsys):
    history = make(tmp_path).fit(images, steps=10, callbacks=[StopAt(5, KeyboardInterrupt)])
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed == ["Stopped at step 5: the steps so far are kept; run the cell again to "
                       "go on from here."], printed
    assert history["step"] == [1, 2, 3, 4, 5]
    assert len({len(values) for values in history.values()}) == 1
    resumed = make(tmp_path)  # the next cell, or a later lesson, finds all five steps
    assert resumed.resumed_from == 5 and resumed.history["step"] == [1, 2, 3, 4, 5]
    assert resumed.fit(images, steps=7)["step"] == [1, 2, 3, 4, 5, 6, 7]


def test_a_crash_loses_at_most_one_interval(images, tmp_path):
    with pytest.raises(RuntimeError):
        make(tmp_path).fit(images, steps=10, callbacks=[StopAt(5, RuntimeError)])
    resumed = make(tmp_path)
    assert resumed.resumed_from == 4  # checkpoint_every=2: step 5 is lost, no more
    assert resumed.history["step"] == [1, 2, 3, 4]
    assert json.loads((tmp_path / "history.json").read_text())["step"][-1] == 4


def test_checkpoint_of_another_architecture_is_refused_clearly(images, tmp_path):
    make(tmp_path).fit(images, steps=2)
    with pytest.raises(training.CheckpointMismatch, match="different model.*Nothing was loaded"):
        make(tmp_path, config=TINY.replace(g_width=8))
    with pytest.raises(training.CheckpointMismatch, match="latent size"):
        make(tmp_path, config=TINY.replace(z_dim=9))


def test_nan_loss_stops_training_and_keeps_the_last_good_checkpoint(images, tmp_path):
    trainer = make(tmp_path)
    trainer.fit(images, steps=4)
    kept = [w.copy() for w in trainer.generator.get_weights()]

    def broken_loss(real_logits, fake_logits):
        return tf.reduce_mean(real_logits) * np.nan

    bad = make(tmp_path, train_step=lambda *args: reference.step_with(
        broken_loss, reference.generator_loss, *args))
    with pytest.raises(training.TrainingDiverged, match=r"step 5.*NaN.*step 4.*intact"):
        bad.fit(images, steps=8)
    after = make(tmp_path)
    assert after.resumed_from == 4
    for a, b in zip(kept, after.generator.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_exploding_loss_is_caught(images):
    trainer = make(config=TINY.replace(explode_at=1e-3))
    with pytest.raises(training.TrainingDiverged, match="exploded"):
        trainer.fit(images, steps=2)


def test_mixed_bfloat16_runs_with_float32_losses_and_outputs(images):
    trainer = make(precision="mixed_bfloat16")
    assert trainer.generator.layers[0].compute_dtype == "bfloat16"
    history = trainer.fit(images, steps=2)
    assert all(math.isfinite(v) for v in history["d_loss"] + history["g_loss"])
    assert trainer.generate().dtype == np.float32
    # the global policy is restored: models built afterwards are float32 again
    assert tf.keras.mixed_precision.global_policy().name == "float32"


def test_precision_is_chosen_by_measurement(monkeypatch):
    assert training.choose_precision("float32") == "float32"
    monkeypatch.setattr(training, "bfloat16_speedup", lambda: 0.4)  # emulated bfloat16
    assert training.choose_precision("auto") == "float32"
    monkeypatch.setattr(training, "bfloat16_speedup", lambda: 1.6)
    assert training.choose_precision("auto") == "mixed_bfloat16"
    with pytest.raises(ValueError, match="precision"):
        training.choose_precision("float16")


def test_runs_inside_a_distribution_strategy(images):
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    trainer = make(strategy=strategy)
    history = trainer.fit(images, steps=2)
    assert history["step"] == [1, 2] and all(math.isfinite(v) for v in history["g_loss"])


def test_saved_generator_loads_back(images, tmp_path):
    trainer = make()
    trainer.fit(images, steps=1)
    path = trainer.save_generator(tmp_path / "generator.keras")
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_allclose(loaded(trainer.fixed_z.numpy(), training=False),
                               trainer.generate(), atol=1e-5)


def test_profiles_match_the_course_text():
    full = training.PROFILES["full"]
    assert (full.z_dim, full.g_width, full.d_width, full.batch_size) == (100, 128, 64, 128)
    assert full.steps == 25 * (73_257 // 128)
    assert training.PROFILES["fast"].steps <= 20
    with pytest.raises(ValueError, match="profile"):
        training.profile_config("huge")


def test_wrong_builders_get_a_clear_message():
    def flat_generator(z_dim, width, image_size, channels):
        return tf.keras.Sequential([tf.keras.Input((z_dim,)), tf.keras.layers.Dense(10)])

    with pytest.raises(ValueError, match="lesson 04"):
        training.Trainer(flat_generator, build_discriminator, TINY, precision="float32")
