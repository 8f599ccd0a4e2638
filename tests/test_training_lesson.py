"""Lesson 06 trains with the learner's own ``train_step``, or says it does not.

Runs the lesson in a real kernel (fast profile) twice: the solution with a ``train_step`` that
also counts its own calls (a correct step, so it passes the engine's check, with an update the
test can see), and the untouched student release, whose step is still the exercise's stub.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import LESSONS, SOLUTIONS
from notebook_runner import cell_errors, execute

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]
LESSON = "06-svhn-training"


def text_of(nb: nbformat.NotebookNode, cell_id: str) -> str:
    cell = next(c for c in nb.cells if c.get("id") == cell_id)
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream")


def test_the_learners_step_is_the_one_the_lesson_trains_with(tmp_path):
    source = SOLUTIONS / LESSON / f"{LESSON}.ipynb"
    nb = nbformat.read(source, as_version=4)
    step = next(c for c in nb.cells if c.get("id") == "ex2-train-step")
    step.source = ("CALLS = tf.Variable(0, trainable=False)\n\n" + step.source.replace(
        "    ### BEGIN SOLUTION\n", "    ### BEGIN SOLUTION\n    CALLS.assign_add(1)\n", 1))
    train = next(i for i, c in enumerate(nb.cells) if c.get("id") == "train")
    nb.cells.insert(train + 1, nbformat.v4.new_code_cell(
        "print('CALLS', int(CALLS.numpy()), 'STEPS', int(trainer.step.numpy()))\n"
        "board_again = dashboard.Dashboard(data=DATA, display=False)\n"
        "trainer.fit(images, callbacks=[board_again])\n"
        "print(board_again.summary())", id="probe"))
    path = tmp_path / LESSON / f"{LESSON}.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    done = execute(path, env={"DCGAN_COURSE_MY_DCGAN": str(tmp_path / "my_dcgan")})
    errors = cell_errors(done)
    assert not errors, errors
    assert "passed the engine's check" in text_of(done, "your-step")
    assert "training step: your train_step" in text_of(done, "make-trainer")
    probe = text_of(done, "probe")
    calls, steps = map(int, re.search(r"CALLS (\d+) STEPS (\d+)", probe).groups())
    # the exercise's own test cell calls it once, the engine's check twice, then every step
    assert steps > 0 and calls >= steps + 2, probe
    assert "nothing to train" in probe and "100.0%" not in probe


def test_an_unfinished_step_is_named_and_the_course_step_trains():
    path = LESSONS / LESSON / f"{LESSON}.ipynb"
    done = execute(path)
    assert "Your train_step is NOT used" in text_of(done, "your-step")
    assert "NotImplementedError" in text_of(done, "your-step")
    assert "training step: the course's train_step" in text_of(done, "make-trainer")
    assert "train" not in cell_errors(done)
