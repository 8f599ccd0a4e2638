"""The instructor's workflow end to end, with real nbgrader on lesson 01.

release -> collect (a zip as an LMS exports it) -> autograde -> feedback -> export -> summary,
in a throwaway copy of the course, with four students: one solved everything, one handed in
the untouched release, one solved only exercise 1, and one "passed" exercise 1 by rewriting
its locked test cell.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile

import nbformat
import pytest
from conftest import LESSONS, SOLUTIONS, copy_course, graded_points

pytestmark = pytest.mark.notebooks
LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
FULL = graded_points(LESSON)  # the autograded test cells and their points
ZERO = dict.fromkeys(FULL, 0)


def instructor(course, *args):
    result = subprocess.run([sys.executable, str(course / "autograder" / "instructor.py"), *args],
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def cell(nb, cell_id):
    return next(c for c in nb.cells if c.id == cell_id)


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course"))
    instructor(course, "release", LESSON)

    solved = nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, as_version=4)
    untouched = nbformat.read(LESSONS / LESSON / NOTEBOOK, as_version=4)
    partial = nbformat.read(LESSONS / LESSON / NOTEBOOK, as_version=4)
    cell(partial, "ex1-discriminator-loss").source = cell(solved,
                                                          "ex1-discriminator-loss").source
    tampered = nbformat.read(LESSONS / LESSON / NOTEBOOK, as_version=4)
    cell(tampered, "ex1-tests").source = "print('all tests passed')"

    download = course / "lms-download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        for student, nb in (("alice", solved), ("bob", untouched), ("carol_c", partial),
                            ("dave", tampered)):
            archive.writestr(f"{student}_{NOTEBOOK}", nbformat.writes(nb))
        archive.writestr("notes.txt", "not a notebook")
        archive.writestr("eve-01-gan-intro.ipynb", nbformat.writes(untouched))
    collected = instructor(course, "collect", str(download))
    graded = instructor(course, "autograde", LESSON)
    return course, collected + graded


def scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for g in s.notebooks[0].grades if g.name in FULL}
                for s in gradebook.assignment_submissions(LESSON)}


def test_collect_sorts_students_and_reports_misnamed_files(graded_course):
    course, collected = graded_course
    assert sorted(p.name for p in (course / "autograder" / "submitted").iterdir()) == [
        "alice", "bob", "carol_c", "dave"]
    assert "skipped eve-01-gan-intro.ipynb" in collected


def test_scores_are_exact(graded_course):
    course, _ = graded_course
    got = scores(course)
    assert got["alice"] == FULL
    assert got["bob"] == ZERO
    assert got["carol_c"] == {**ZERO, "ex1-tests": FULL["ex1-tests"]}


def test_a_rewritten_test_cell_is_graded_by_the_original_tests(graded_course):
    course, _ = graded_course
    assert scores(course)["dave"]["ex1-tests"] == 0
    _, printed = graded_course
    assert "TAMPERING dave:" in printed and "ex1-tests" in printed
    autograded = course / "autograder" / "autograded" / "dave" / LESSON / NOTEBOOK
    restored = cell(nbformat.read(autograded, as_version=4), "ex1-tests").source
    assert "discriminator_loss" in restored and "all tests passed" not in restored


def test_autograding_again_changes_nothing(graded_course):
    course, _ = graded_course
    before = scores(course)
    instructor(course, "autograde", LESSON)
    assert scores(course) == before


def test_feedback_export_and_summary(graded_course):
    course, _ = graded_course
    instructor(course, "feedback", LESSON)
    html = course / "autograder" / "feedback" / "carol_c" / LESSON / f"{LESSON}.html"
    assert html.exists() and "discriminator_loss" in html.read_text()

    instructor(course, "export")
    with open(course / "autograder" / "exports" / "grades.csv") as handle:
        rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    # Autograded points only (an answer an instructor grades by hand scores zero until then).
    assert rows == {"alice": sum(FULL.values()), "bob": 0.0, "carol_c": FULL["ex1-tests"],
                    "dave": 0.0}

    printed = instructor(course, "summary")
    assert f"{LESSON}/ex1-tests" in printed
    png = course / "autograder" / "exports" / "summary.png"
    assert png.read_bytes().startswith(b"\x89PNG")
