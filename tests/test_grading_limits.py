"""What a submission can make the grader itself do: its time, its memory, its feedback page.

Issue 26's robustness findings and the framework-shortcut flag, each through the
instructor's real flow (release -> hand in -> autograde -> feedback) on lesson 01, graded
together in one ``autograde`` run next to an honest submission:

* **sleeper**: legal cells that sleep under the cell limit, one after another: the
  notebook's total time budget (``COURSE_GRADING_NOTEBOOK_SECONDS``) stops it, the points
  earned before stay, the rest scores zero, and both the feedback and the instructor's
  printout say so;
* **flooder**: 100 MB printed in small pieces, then four prints of 300 MB: output is capped
  as it arrives, and a single message over 64 MB is refused before the grader holds it (the
  kernel is then stopped), so the grader's memory does not grow by gigabytes (its resident
  memory is measured against the honest submission's in the same run);
* **scripter**: ``<script>`` and ``onerror`` in markdown and in HTML outputs: the feedback
  page carries neither;
* **looper**: an answer that never returns: the feedback says it did not return within the
  cell's limit and names the limit;
* **shortcut** / **hidden_shortcut**: exercise 1 answered with a built-in cross-entropy the
  exercise forbids, once in plain sight (found in the source) and once reached through
  ``getattr`` with a built name (seen called at probe time): exercise 1 scores zero with a
  message saying what was used and why, the other exercises keep their points, and the
  instructor's printout lists it.

A forged reply that describes 100,000 layers is refused in the grader within its bounds
(in-process, in seconds).
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
import verdicts
from conftest import copy_course
from test_grading_safety import FULL, ZERO, notebook
from verdicts import keras_models
from verdicts.probe import MIME

LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
CELL_SECONDS = 40
BUDGET_SECONDS = 180

SLEEPS = "import time\ntime.sleep(35)\nprint('slept')"

#: Many messages: 100 MB printed in pieces of 2 MB (each flushed on its own).
STREAM = "import sys\nfor _ in range(50):\n    print('y' * 2_000_000, flush=True)"
#: Four prints of 300 MB, each one message.
FLOOD = "print('x' * 300_000_000)"

SCRIPTS_MARKDOWN = ("Notes <script>alert('x-student-markdown')</script> and "
                    "<img src=x onerror=\"alert('x-student-onerror')\">")
SCRIPTS_OUTPUT = """
from IPython.display import HTML, Javascript, display
tag = "scr" + "ipt"
display(HTML(f"<{tag}>alert('x-student-' + 'html')</{tag}><img src=y on" + "error=alert(2)>"))
display(Javascript("alert('x-student-' + 'js')"))
"""

LOOPER = "def discriminator_loss(real_logits, fake_logits):\n    while True:\n        pass\n"

SHORTCUT = """
import tensorflow as tf
from tensorflow.keras import losses as L


def discriminator_loss(real_logits, fake_logits):
    bce = L.BinaryCrossentropy(from_logits=True)
    return bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits),
                                                             fake_logits)
"""

HIDDEN_SHORTCUT = """
import tensorflow as tf
_name = "sigmoid_cross_" + "entropy_with_logits"


def discriminator_loss(real_logits, fake_logits):
    ce = getattr(vars(tf)["nn"], _name)
    return (tf.reduce_mean(ce(labels=tf.ones_like(real_logits), logits=real_logits))
            + tf.reduce_mean(ce(labels=tf.zeros_like(fake_logits), logits=fake_logits)))
"""

#: The last graded test cell of lesson 01 (what comes after it cannot cost points).
LAST_TEST = sorted(FULL)[-1]
#: Lesson 01's exercise 1, as this test needs it whatever the lesson declares today.
FORBIDDEN = ("tf.nn.sigmoid_cross_entropy_with_logits", "keras.losses.BinaryCrossentropy")


def with_cells(kind: str, cells: list[tuple[str, str]], after: str,
               replace: dict | None = None) -> str:
    """Lesson 01 (``kind``: solved or untouched) with ``cells`` ((type, source)) inserted
    after the cell ``after``."""
    nb = nbformat.reads(notebook(kind, replace=replace), 4)
    index = next(i for i, c in enumerate(nb.cells) if c.id == after) + 1
    for number, (cell_type, source) in enumerate(cells):
        new = (nbformat.v4.new_markdown_cell(source) if cell_type == "markdown"
               else nbformat.v4.new_code_cell(source))
        new.id = f"added-{number}"
        nb.cells.insert(index + number, new)
    return nbformat.writes(nb)


def submissions() -> dict[str, str]:
    return {
        "honest": notebook("solved"),
        "sleeper": with_cells("solved", [("code", SLEEPS)] * 6, after="ex2-tests"),
        "flooder": with_cells("solved", [("code", STREAM), *[("code", FLOOD)] * 4],
                              after=LAST_TEST),
        "scripter": with_cells("solved", [("markdown", SCRIPTS_MARKDOWN),
                                          ("code", SCRIPTS_OUTPUT)], after="setup"),
        "looper": notebook("untouched", replace={"ex1-discriminator-loss": LOOPER}),
        "shortcut": notebook("solved", replace={"ex1-discriminator-loss": SHORTCUT}),
        "hidden_shortcut": notebook("solved",
                                    replace={"ex1-discriminator-loss": HIDDEN_SHORTCUT}),
    }


class ResidentMemory(threading.Thread):
    """Samples the resident memory (VmRSS) of the nbgrader processes grading ``students``."""

    def __init__(self, *students: str) -> None:
        super().__init__(daemon=True)
        self.samples: dict[str, list[int]] = {student: [] for student in students}
        self.running = True

    def run(self) -> None:
        while self.running:
            for entry in Path("/proc").glob("[0-9]*"):
                try:
                    command = (entry / "cmdline").read_bytes()
                    student = next((s for s in self.samples
                                    if f"--student={s}\0".encode() in command), None)
                    if student is None or b"nbgrader" not in command:
                        continue
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmRSS:\s+(\d+) kB", status)
                if found:
                    self.samples[student].append(int(found.group(1)) * 1024)
            time.sleep(0.1)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course"))
    with open(course / "autograder" / "verdicts" / "lesson01.py", "a") as handle:
        handle.write("\nfrom . import REGISTRY as _REGISTRY\n"
                     "for _key, _exercise in list(_REGISTRY.items()):\n"
                     "    if _key[0] == NOTEBOOK:\n"
                     f"        type(_exercise).forbidden = {FORBIDDEN!r} if _key[1] == "
                     "'ex1-tests' else ()\n")
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    subprocess.run([*tool, "release", LESSON], check=True, capture_output=True)
    for student, text in submissions().items():
        folder = course / "autograder" / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(text)
    memory = ResidentMemory("flooder", "honest")
    memory.start()
    env = os.environ | {"COURSE_GRADING_CELL_TIMEOUT": str(CELL_SECONDS),
                        "COURSE_GRADING_NOTEBOOK_SECONDS": str(BUDGET_SECONDS)}
    result = subprocess.run([*tool, "autograde", LESSON, "--jobs", "3"], capture_output=True,
                            text=True, timeout=3000, env=env)
    memory.running = False
    memory.join()
    feedback = subprocess.run([*tool, "feedback", LESSON], capture_output=True, text=True)
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    return {"course": course, "output": result.stdout + result.stderr,
            "memory": memory.samples}


def scores(course: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for n in s.notebooks for g in n.grades}
                for s in gradebook.assignment_submissions(LESSON)}


def cell_texts(graded, student: str) -> dict[str, str]:
    path = graded["course"] / "autograder" / "autograded" / student / LESSON / NOTEBOOK
    return {cell.get("id", ""): "\n".join(
        o.get("text", "") + o.get("ename", "") + ": " + o.get("evalue", "")
        for o in cell.get("outputs", [])) for cell in nbformat.read(path, 4).cells}


def feedback_page(graded, student: str) -> str:
    return (graded["course"] / "autograder" / "feedback" / student / LESSON
            / f"{LESSON}.html").read_text()


def test_the_honest_submission_keeps_full_marks(graded):
    assert scores(graded["course"])["honest"] == FULL, graded["output"]
    for report in ("NOT GRADED", "TIME BUDGET", "SHORTCUT", "TIMEOUT", "TAMPERING"):
        assert f"{report} honest" not in graded["output"]


def test_a_sleeping_notebook_is_stopped_by_its_time_budget(graded):
    got = scores(graded["course"])["sleeper"]
    # Exercises 1 and 2 come before the sleeping cells: their points stay.
    assert got == {**ZERO, "ex1-tests": FULL["ex1-tests"], "ex2-tests": FULL["ex2-tests"]}, \
        graded["output"]
    assert "TIME BUDGET sleeper" in graded["output"], graded["output"]
    texts = cell_texts(graded, "sleeper")
    assert "COURSE_GRADING_NOTEBOOK_SECONDS" in texts["ex4-tests"]
    assert f"time budget of {BUDGET_SECONDS} s" in feedback_page(graded, "sleeper")


def test_a_flood_of_output_does_not_grow_the_grader_by_gigabytes(graded):
    flooder, honest = graded["memory"]["flooder"], graded["memory"]["honest"]
    assert len(flooder) > 20 and len(honest) > 20, "the grading was not observed"
    # Four prints of 300 MB, kept until the notebook ended, took the grader from 0.67 GB to
    # 1.84 GB. Compared with grading the same notebook without them, in the same run:
    growth = max(flooder) - max(honest)
    assert growth < 300 * 2**20, f"the grader grew by {growth / 2**30:.2f} GB more"
    assert scores(graded["course"])["flooder"] == FULL  # the floods come after the tests
    texts = cell_texts(graded, "flooder")
    assert "output cut by the grader" in texts["added-0"]  # 100 MB in small pieces: cut
    assert len(texts["added-0"]) < 5_000_000
    assert "more than 64 MB at once" in texts["added-1"]  # one message of 300 MB: refused
    assert "KERNEL DIED flooder" in graded["output"]


def test_feedback_carries_no_script_from_the_student(graded):
    page = feedback_page(graded, "scripter")
    assert "<p>Notes" in page  # the markdown cell is there, rendered
    assert "<h1" in page and "&lt;p&gt;" not in page  # the lesson's own markdown reads as before
    assert not re.search(r"<script[^>]*>[^<]*x-student", page), "a student's script survived"
    assert not re.search(r"<[a-z][^>]*\son(error|load|click)\s*=", page, re.I), \
        "an event handler survived"
    # The JavaScript output is gone (its text shows only in the cell's own source, escaped).
    assert not re.search(r"<script[^>]*>[^<]*\+ 'js'", page)
    assert scores(graded["course"])["scripter"] == FULL


def test_an_answer_that_never_returns_is_named_with_the_limit(graded):
    text = cell_texts(graded, "looper")["ex1-tests"]
    assert f"did not return within {CELL_SECONDS} s" in text, text
    assert "COURSE_GRADING_CELL_TIMEOUT" in text and "could not read" not in text
    assert scores(graded["course"])["looper"]["ex1-tests"] == 0


@pytest.mark.parametrize("student", ["shortcut", "hidden_shortcut"])
def test_a_forbidden_shortcut_fails_its_exercise_alone(graded, student):
    got = scores(graded["course"])[student]
    assert got == {**FULL, "ex1-tests": 0}, graded["output"]
    text = cell_texts(graded, student)["ex1-tests"]
    used = ("keras.losses.BinaryCrossentropy" if student == "shortcut"
            else "tf.nn.sigmoid_cross_entropy_with_logits")
    assert f"your code uses {used}" in text, text
    assert "your own code" in text
    assert f"SHORTCUT {student}" in graded["output"] and used in graded["output"]


# -- a forged reply the grader must not obey -------------------------------------------

def kernel_encoding(value):
    """What the probe's kernel-side encoder sends for plain data (lists as sequences)."""
    if isinstance(value, dict):
        return {k: kernel_encoding(v) for k, v in value.items()}
    if isinstance(value, list):
        return {"__sequence__": "list", "items": [kernel_encoding(v) for v in value]}
    return value


def test_a_forged_reply_of_100000_layers_is_refused_in_seconds():
    exercise = verdicts.exercise_for("04-generator", "ex1-tests")
    question = verdicts.ask(exercise, seed=3)
    description = {"layers": [{"kind": "Flatten"}] * 100_000, "input_shape": None,
                   "output": 0.0, "params": 0}
    reply = {"token": question.token,
             "results": [{"value": kernel_encoding(description)} for _ in question.cases]}
    text = base64.b64encode(json.dumps(reply).encode()).decode()
    output = nbformat.NotebookNode(output_type="display_data", data={MIME: text}, metadata={})

    def too_slow(*_):
        raise TimeoutError("the grader spent more than 60 s on a forged reply")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    start = time.perf_counter()
    try:
        passed, message = verdicts.judge(question, [output])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < 15
    assert not passed and f"more than the {keras_models.MAX_LAYERS}" in message, message


def test_a_rebuild_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(keras_models, "MAX_REBUILD_SECONDS", 0.0)
    layer = {"kind": "Dense", "settings": {"units": 4}, "weights": []}
    with pytest.raises(keras_models.NotRebuilt, match="to rebuild"):
        keras_models.rebuild({"layers": [layer] * 3}, (8,))
