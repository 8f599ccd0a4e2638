"""An instrument to measure is not an object to open: lesson 03's probe exercise, graded.

Lesson 03's exercise 3 hands the learner's ``probe_moving_average`` boxes that hold a batch
norm's moving averages; the answer is how a box weighs its old value and which variance it
averages, found by feeding it batches. The boxes compute in the learner's kernel, so their
settings are in that kernel too: a reviewer's answer read them off the box
(``box._MovingAverageBox__truth``) and passed the visible check and the grader. Nothing in
the kernel can hide what the box computes with, so the grader reads the notebook's source in
its own process (``verdicts.shortcuts.reads_insides``) and fails exercise 3 for any answer
that opens the box or replaces its class, whatever its probe returns.

Through the instructor's real flow (nbgrader's autograde, in tests/test_autograde.py's
lesson-03 run, which grades :func:`attempts` with the solution), three ways in:
the private attribute, a stand-in class put into the package before the grader builds its
boxes (top-level code, no private name), and ``getattr`` with a built name. Each scores zero
on exercise 3 with the message, and full marks on the other exercises. The scan itself, and
that the course's own cells and every solution pass it, are tested in-process below.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import SOLUTIONS
from verdicts.shortcuts import learners_code, reads_insides

LESSON = "03-batch-norm"
NOTEBOOK = f"{LESSON}.ipynb"
ANSWER = "ex3-probe"

OPENER = '''
def probe_moving_average(box):
    weight, unbiased = box._MovingAverageBox__truth
    return {"weight_of_old": weight, "variance": "unbiased" if unbiased else "biased"}
'''

SPY = '''
import dcgan_course.exercises.batch_norm as boxes

_Real = boxes.MovingAverageBox
seen = {}


class Spy(_Real):
    def remember(self, settings):
        seen[id(self)] = settings
        return self


def made(channels, **settings):
    return Spy(channels, **settings).remember(settings)


boxes.MovingAverageBox = made


def probe_moving_average(box):
    settings = seen[id(box)]
    return {"weight_of_old": settings["weight_of_old"],
            "variance": "unbiased" if settings["unbiased"] else "biased"}
'''

GETATTR = '''
def probe_moving_average(box):
    name = "_" + type(box).__name__ + "__truth"
    weight, unbiased = getattr(box, name)
    return {"weight_of_old": weight, "variance": "unbiased" if unbiased else "biased"}
'''

ATTEMPTS = {"opener": OPENER, "spy": SPY, "getattr": GETATTR}


def solved_with(answer: str) -> nbformat.NotebookNode:
    """The solution of lesson 03 as a learner hands it in, exercise 3's answer replaced."""
    nb = nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, 4)
    for cell in nb.cells:
        if cell.id == ANSWER:
            cell.source = answer.strip()
    return nb


def scan(nb: nbformat.NotebookNode, notebook: str = LESSON) -> list[str]:
    """What the grader's source reading finds before exercise 3's test cell."""
    index = next(i for i, c in enumerate(nb.cells) if c.id == "ex3-tests")
    before = nb.cells[:index]
    return reads_insides([c.source for c in before if c.cell_type == "code"],
                         learners_code(before, notebook))


@pytest.mark.parametrize("attempt", sorted(ATTEMPTS))
def test_the_scan_finds_every_way_in(attempt):
    assert scan(solved_with(ATTEMPTS[attempt])), attempt


def test_the_course_cells_and_an_honest_probe_pass_the_scan():
    assert scan(nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, 4)) == []
    korean = Path(__file__).resolve().parents[1] / "lessons-ko" / f"{LESSON}-ko"
    release = nbformat.read(korean / f"{LESSON}-ko.ipynb", 4)
    solved = {c.id: c.source for c in nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, 4).cells}
    for cell in release.cells:  # the Korean release, answered as the solution answers
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell.source = solved[cell.id]
    assert scan(release, f"{LESSON}-ko") == []


@pytest.mark.parametrize("code", [
    "import gc\n\ndef probe_moving_average(box):\n    return gc.get_referents(box)",
    "import sys\n\ndef probe_moving_average(box):\n    return sys._getframe(1).f_locals",
    "def probe_moving_average(box):\n    return vars(box)",
    "import pickle\n\ndef probe_moving_average(box):\n    return pickle.dumps(box)",
    "def probe_moving_average(box):\n    return box.__dict__",
    "import dcgan_course.exercises.batch_norm as b\nb.MovingAverageBox.__init__ = print\n"
    "def probe_moving_average(box):\n    return {}",
    "from dcgan_course.exercises import batch_norm\nbatch_norm.MovingAverageBox = dict\n"
    "def probe_moving_average(box):\n    return {}",
])
def test_other_ways_to_open_the_box_are_named(code):
    assert scan(solved_with(code))


def attempts() -> dict[str, nbformat.NotebookNode]:
    """The ways in, as handed in: tests/test_autograde.py grades them in its lesson-03 run
    (one release and one autograde run for both)."""
    return {student: solved_with(answer) for student, answer in ATTEMPTS.items()}


def check_graded(course: Path, students: list[str]) -> None:
    """After autograde: exercise 3 scored zero with the message, every other exercise full."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        for student in students:
            graded = gradebook.find_submission_notebook(LESSON, LESSON, student)
            scores = {g.name: (g.score, g.max_score) for g in graded.grades
                      if g.cell.cell_type == "code"}
            assert scores["ex3-tests"][0] == 0, (student, scores)
            for name, (score, most) in scores.items():
                if name != "ex3-tests":
                    assert score == most, (student, name, scores)
    feedback = course / "autograder" / "autograded" / "opener" / LESSON / NOTEBOOK
    text = feedback.read_text()
    assert "opens the box" in text and "_MovingAverageBox__truth" in text
