"""Lesson 07's networks (latent.open_models): the learner's lesson-06 run when there is one,
otherwise the course's reference model from assets/, put into the learner's own builders
where the shapes fit. Nothing is trained: before this, lesson 07 without a lesson-06 run
"trained" a model on a trainer without a training step and studied noise."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import latent, reference_model, training

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from solution_builders import solution_builder  # noqa: E402

#: A learner whose lessons 04 and 05 match the course's solutions (the reference's own
#: architecture: the card's command trained these builders).
build_generator = solution_builder("generator")
build_discriminator = solution_builder("discriminator")

#: Spread of the pixels across 64 samples (per-pixel standard deviation over the samples,
#: averaged over pixels), measured: shipped reference generator 0.40; 64 held-out synthetic
#: digits 0.43; the same architecture untrained (3 seeds) 0.003; uniform noise 0.57. Mean
#: absolute change between neighbouring rows of pixels: reference 0.039, synthetic digits
#: 0.050, noise 0.66.
MIN_SPREAD, MAX_SPREAD, MAX_ROUGHNESS = 0.2, 0.5, 0.15


class Recording:
    """A builder that remembers the networks it built (to see whose architecture is used)."""

    def __init__(self, builder) -> None:
        self.builder, self.built, self.calls = builder, [], []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        self.built.append(self.builder(**kwargs))
        return self.built[-1]


def _samples(models: latent.Models, n: int = 64) -> np.ndarray:
    z = np.random.default_rng(3).standard_normal((n, models.z_dim))
    return models.generate(z)


@pytest.mark.parametrize("fast", [False, True])
def test_without_a_lesson06_run_the_reference_goes_into_the_learners_builders(tmp_path, fast):
    g, d = Recording(build_generator), Recording(build_discriminator)
    models = latent.open_models(g, d, "svhn", fast=fast, cwd=tmp_path / "07-representations")
    config = reference_model.card_config()
    assert g.calls[0]["width"] == config["g_width"] and g.calls[0]["z_dim"] == config["z_dim"]
    assert d.calls[0]["width"] == config["d_width"]
    trainer = models.trainer
    assert trainer.generator is g.built[0] and trainer.discriminator is d.built[0]
    assert trainer.ema_generator is trainer.generator  # the shipped one is the average
    assert (trainer.config.z_dim, trainer.config.g_width, trainer.config.d_width) == (
        config["z_dim"], config["g_width"], config["d_width"])
    assert models.data == "synthetic"  # what it learned, whatever the lesson asked for
    assert "YOUR architecture" in models.origin and "NOT your run" in models.origin
    assert "synthetic house numbers" in models.origin
    assert models.name == "the course's reference model"  # the probe's title
    images = _samples(models)
    assert images.shape == (64, 32, 32, 3) and images.dtype == np.float32
    assert MIN_SPREAD < images.std(axis=0).mean() < MAX_SPREAD
    assert np.abs(np.diff(images, axis=1)).mean() < MAX_ROUGHNESS
    logits = np.asarray(trainer.discriminator(images, training=False))
    assert logits.shape == (64, 1) and np.isfinite(logits).all()


def test_the_samples_are_the_shipped_generators():
    models = latent.open_models(build_generator, build_discriminator, "synthetic", fast=True)
    z = np.random.default_rng(4).standard_normal((5, models.z_dim)).astype(np.float32)
    shipped = reference_model.load_reference().model
    np.testing.assert_allclose(models.generate(z), shipped(z, training=False), atol=1e-4)


def test_another_architecture_gets_the_course_model_and_says_so(tmp_path):
    def narrow_generator(**kwargs):  # other weight shapes than the reference's
        return build_generator(**{**kwargs, "width": 8})

    models = latent.open_models(narrow_generator, build_discriminator, "synthetic",
                                fast=False, cwd=tmp_path)
    assert "COURSE model" in models.origin and "NOT your run" in models.origin
    assert models.trainer.generator.layers[0].compute_dtype == "float32"
    assert MIN_SPREAD < _samples(models).std(axis=0).mean() < MAX_SPREAD


def test_missing_reference_files_say_to_run_lesson06(monkeypatch, tmp_path):
    monkeypatch.setattr(reference_model, "GENERATOR_FILE", tmp_path / "gone.keras")
    with pytest.raises(reference_model.ReferenceMissing, match="lesson 06") as raised:
        latent.open_models(build_generator, build_discriminator, "synthetic", fast=False,
                           cwd=tmp_path)
    assert "gone.keras" in str(raised.value) and "runs/06-study-synthetic" in str(raised.value)


def test_a_lesson06_checkpoint_is_the_learners_run(tmp_path):
    folder = tmp_path / latent.LESSON06 / "runs" / "06-study-synthetic"
    run = training.Trainer(build_generator, build_discriminator, "study", out_dir=folder)
    run.step.assign(40)
    run.save()
    here = tmp_path / "07-representations"
    here.mkdir()
    models = latent.open_models(build_generator, build_discriminator, "synthetic", fast=False,
                                cwd=here)
    assert isinstance(models.trainer, training.Trainer) and models.trainer.resumed_from == 40
    assert models.origin.startswith("YOUR lesson-06 run") and "step 40" in models.origin
    assert models.name == "YOUR lesson-06 run"
    assert models.data == "synthetic"
    z = np.random.default_rng(5).standard_normal((3, 100))
    np.testing.assert_allclose(models.generate(z), run.generate(z), atol=1e-6)
    # the fast profile (tests, grading) opens the reference whatever is on disk
    fast = latent.open_models(build_generator, build_discriminator, "synthetic", fast=True,
                              cwd=here)
    assert "reference model" in fast.origin
