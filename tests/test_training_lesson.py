"""Lesson 06 trains with the learner's own ``train_step``, or says calmly that nothing trains.

Runs the lesson in a real kernel (fast profile) twice: the solution with a ``train_step`` that
also counts its own calls (a correct step, so it passes the engine's check, with an update the
test can see), and the untouched student release, whose step is still the exercise's stub and
which the package cannot replace (it holds no step): every later cell still runs.
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


def test_an_unfinished_step_trains_nothing_and_every_later_cell_runs(tmp_path):
    path = tmp_path / LESSON / f"{LESSON}.ipynb"
    path.parent.mkdir()
    path.write_bytes((LESSONS / LESSON / f"{LESSON}.ipynb").read_bytes())
    done = execute(path, env={"DCGAN_COURSE_MY_DCGAN": str(tmp_path / "my_dcgan")})
    assert "Your train_step is not used yet" in text_of(done, "your-step")
    assert "not written yet" in text_of(done, "your-step")
    assert "training step: no training step yet" in text_of(done, "make-trainer")
    assert "untrained" in text_of(done, "make-trainer")  # no reference model shipped yet
    assert "nothing was trained" in text_of(done, "train")
    assert "no checkpoint yet" in text_of(done, "resume")
    errors = cell_errors(done)
    assert set(errors) == {"ex1-tests", "ex2-tests"}, errors  # only the exercises' own tests
    assert not (tmp_path / "my_dcgan" / "train_step.py").exists()  # nothing saved for the CLI


def test_the_judge_trains_without_a_warning_box():
    """Keras' "`shuffle=True` was passed, but will be ignored" warning showed as a pink box in
    the quality cell; it came from training the judge on a tf.data pipeline (quality.py)."""
    import warnings

    from dcgan_course import quality
    from dcgan_course.data import load_digits

    images, labels = load_digits("synthetic", "train", n=64, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quality.train_classifier(images, labels, epochs=1)
    assert not [w for w in caught if "shuffle" in str(w.message)], [str(w.message) for w in caught]
