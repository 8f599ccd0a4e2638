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
    folder = tmp_path / "my_dcgan"
    folder.mkdir()
    (folder / "generator.py").write_text(GENERATOR_SOURCE)
    (folder / "discriminator.py").write_text(DISCRIMINATOR_SOURCE)
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
