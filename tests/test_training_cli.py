"""``python -m dcgan_course train``: outputs, resume after a kill, clear errors.

Runs the real command in a subprocess with the tiny builders of test_training.py written
to a my_dcgan/ folder, as a learner's lessons 04/05 would write them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_training import DISCRIMINATOR_SOURCE, GENERATOR_SOURCE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def models(tmp_path):
    """A learner's my_dcgan/ folder: the two builders and the step lesson 06 saved (the
    package holds no step of its own, so the command line trains only a saved one)."""
    folder = tmp_path / "my_dcgan"
    folder.mkdir()
    (folder / "generator.py").write_text(GENERATOR_SOURCE)
    (folder / "discriminator.py").write_text(DISCRIMINATOR_SOURCE)
    (folder / "train_step.py").write_text(LEARNER_STEP_SOURCE)
    return folder


def command(out: Path, models: Path, steps: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "dcgan_course", "train", "--data", "synthetic",
            "--profile", "fast", "--steps", str(steps), "--out", str(out), "--models",
            str(models), "--checkpoint-every", "5", "--sample-every", "5",
            "--precision", "float32", *extra]


def run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_train_writes_checkpoints_samples_gif_and_generator(tmp_path, models):
    out = tmp_path / "run"
    result = run(command(out, models, 10))
    assert result.returncode == 0, result.stderr
    assert "done at step 10" in result.stdout
    assert sorted(p.name for p in (out / "samples").glob("*.png")) == [
        "step-000000.png", "step-000005.png", "step-000010.png"]
    assert (out / "progress.gif").stat().st_size > 0
    assert (out / "generator.keras").stat().st_size > 0
    assert json.loads((out / "history.json").read_text())["step"] == list(range(1, 11))
    assert list((out / "checkpoints").glob("ckpt-10.index"))


def test_a_killed_run_resumes_and_continues_the_step_count(tmp_path, models):
    out = tmp_path / "run"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    process = subprocess.Popen(command(out, models, 100_000), cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    history = out / "history.json"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if history.is_file() and json.loads(history.read_text())["step"][-1] >= 10:
                break
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.2)
        else:
            pytest.fail("no checkpoint at step 10 within 120 s")
    finally:
        process.send_signal(signal.SIGKILL)  # no clean-up: like a crash or a killed kernel
        process.wait(timeout=30)
    saved = json.loads(history.read_text())["step"][-1]
    assert saved % 5 == 0
    result = run(command(out, models, saved + 6))
    assert result.returncode == 0, result.stderr
    assert f"resumed from step {saved}" in result.stdout
    assert f"done at step {saved + 6}" in result.stdout
    assert json.loads(history.read_text())["step"] == list(range(1, saved + 7))


def test_a_checkpoint_of_another_model_is_refused(tmp_path, models):
    out = tmp_path / "run"
    assert run(command(out, models, 5)).returncode == 0
    source = (models / "generator.py").read_text().replace("width * 4", "width * 8")
    (models / "generator.py").write_text(source)
    result = run(command(out, models, 15))
    assert result.returncode == 2
    assert "different model" in result.stderr and "Nothing was loaded" in result.stderr


def test_missing_builders_say_which_lesson_to_finish(tmp_path):
    result = run(command(tmp_path / "run", tmp_path / "nowhere", 5))
    assert result.returncode == 2
    assert "04-generator" in result.stderr


LEARNER_STEP_SOURCE = '''
import tensorflow as tf


def discriminator_loss(real_logits, fake_logits, smoothing=0.9):
    real = (smoothing * tf.nn.softplus(-real_logits)
            + (1.0 - smoothing) * tf.nn.softplus(real_logits))
    return tf.reduce_mean(real) + tf.reduce_mean(tf.nn.softplus(fake_logits))


def generator_loss(fake_logits):
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    tf.print("LEARNER STEP RAN")  # visible proof of whose step trains
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return d_loss, g_loss
'''


def test_the_learners_saved_train_step_is_the_one_that_trains(tmp_path, models):
    (models / "train_step.py").write_text(LEARNER_STEP_SOURCE)
    result = run(command(tmp_path / "run", models, 4))
    assert result.returncode == 0, result.stderr
    assert "train step: your train_step" in result.stdout
    # tf.print writes to stderr: twice while the engine checks the step (eagerly, then
    # compiled), then once per training step
    assert result.stderr.count("LEARNER STEP RAN") == 2 + 4, result.stderr


def test_a_learners_step_that_fails_the_check_is_refused_with_the_reason(tmp_path, models):
    broken = LEARNER_STEP_SOURCE.replace(
        "    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))\n", "")
    (models / "train_step.py").write_text(broken)
    result = run(command(tmp_path / "run", models, 3))
    assert result.returncode == 2
    assert "fails the engine's check" in result.stderr
    assert not (tmp_path / "run" / "checkpoints").exists()  # nothing trained, nothing written


def test_without_a_saved_step_it_says_which_lesson_saves_it(tmp_path, models):
    (models / "train_step.py").unlink()
    result = run(command(tmp_path / "run", models, 3))
    assert result.returncode == 2
    assert "06-svhn-training" in result.stderr
    assert not (tmp_path / "run" / "checkpoints").exists()


def test_technique_flags_reach_the_engine_and_are_printed(tmp_path, models):
    result = run(command(tmp_path / "run", models, 4, "--recipe", "2015", "--augment",
                         "translation,cutout", "--r1-gamma", "1", "--r1-every", "2",
                         "--spectral-norm", "--g-lr", "1e-4", "--d-lr", "4e-4"))
    assert result.returncode == 0, result.stderr
    assert ("after DCGAN: DiffAugment (translation,cutout), R1 gamma 1 every 2 steps, "
            "spectral norm in D, TTUR (G 0.0001, D 0.0004)") in result.stdout
    assert "done at step 4" in result.stdout


def test_the_2015_recipe_says_so_and_a_bad_policy_is_refused(tmp_path, models):
    result = run(command(tmp_path / "run", models, 2, "--recipe", "2015"))
    assert result.returncode == 0, result.stderr
    assert "after DCGAN: none (the 2015 DCGAN recipe)" in result.stdout
    refused = run(command(tmp_path / "other", models, 2, "--augment", "color,flip"))
    assert refused.returncode == 2
    assert "unknown augmentation 'flip'" in refused.stderr
    assert not (tmp_path / "other" / "checkpoints").exists()  # refused before anything ran


def test_the_cli_offers_every_profile_of_the_engine():
    from dcgan_course import __main__ as cli
    from dcgan_course import training

    train = cli._parser()._subparsers._group_actions[0].choices["train"]
    profile = next(a for a in train._actions if a.dest == "profile")
    assert set(profile.choices) == set(training.PROFILES)
