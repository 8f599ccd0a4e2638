"""nbgrader autograding, run for real on real notebooks.

A throwaway copy of the course (solutions, lessons, the course's own nbgrader config) gets
a fresh gradebook; two "students" submit: one hands in the solution notebook, one hands in
the untouched release. The solution must score full marks on every graded cell, the
untouched release zero on every one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import pytest
import test_grading_opaque
from conftest import LESSONS, SOLUTIONS, copy_course, is_graded_test, lesson_names, read_notebook

pytestmark = pytest.mark.notebooks


def run_nbgrader(course, *args):
    env = dict(os.environ)
    env.pop("DCGAN_COURSE_PROFILE", None)  # autograding must pick the fast profile by itself
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course / "autograder",
                            env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"nbgrader {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


#: More students graded in the same run (a release and an autograde run cost minutes): the
#: answers that open lesson 03's boxes instead of measuring them (tests/test_grading_opaque.py).
EXTRA_STUDENTS = {"03-batch-norm": test_grading_opaque.attempts}


@pytest.mark.parametrize("lesson", lesson_names())
def test_autograde_solution_full_marks_untouched_zero(lesson, tmp_path):
    from nbgrader.api import Gradebook

    course = copy_course(tmp_path / "course")
    run_nbgrader(course, "generate_assignment", lesson, "--force")

    names = [p.name for p in sorted((SOLUTIONS / lesson).glob("*.ipynb"))]
    for student, source in (("solved", SOLUTIONS), ("untouched", LESSONS)):
        folder = course / "autograder" / "submitted" / student / lesson
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(source / lesson / name, folder / name)
    extra = EXTRA_STUDENTS[lesson]() if lesson in EXTRA_STUDENTS else {}
    for student, nb in extra.items():
        folder = course / "autograder" / "submitted" / student / lesson
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{lesson}.ipynb")
    run_nbgrader(course, "autograde", lesson, "--create", "--force")
    if extra:
        test_grading_opaque.check_graded(course, list(extra))

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        for name in names:
            notebook_id = name.removesuffix(".ipynb")
            graded = [c.metadata.nbgrader["grade_id"]
                      for c in read_notebook(SOLUTIONS / lesson / name).cells if is_graded_test(c)]
            solved = gradebook.find_submission_notebook(notebook_id, lesson, "solved")
            untouched = gradebook.find_submission_notebook(notebook_id, lesson, "untouched")
            # Autograded cells only: a manually graded answer waits for the instructor.
            solved_scores = {g.name: (g.score, g.max_score) for g in solved.grades
                             if g.cell.cell_type == "code"}
            untouched_scores = {g.name: g.score for g in untouched.grades
                                if g.cell.cell_type == "code"}
            assert sorted(solved_scores) == sorted(graded)
            for cell in graded:
                score, most = solved_scores[cell]
                assert most > 0 and score == most, f"solution scored {score}/{most} on {cell}"
                assert untouched_scores[cell] == 0, f"untouched lesson scored on {cell}"
            assert sum(s for s, _ in solved_scores.values()) > 0
            assert sum(untouched_scores.values()) == 0
