"""Every notebook runs in a real kernel, headless, in the fast profile.

* A solution notebook runs top to bottom without a single error.
* An untouched student notebook runs too, from the learner edition (the copy a class
  publishes, with its own copy of the package), and each graded test cell fails *because
  the exercise is not done* (our ExerciseFailure), never because of a broken import or a
  missing helper.
"""

from __future__ import annotations

import pytest
from conftest import LESSONS, SOLUTIONS, is_graded_test, lesson_names, read_notebook
from notebook_runner import cell_errors, execute

pytestmark = pytest.mark.notebooks
EXPECTED_FAILURES = {"ExerciseFailure", "AssertionError"}


@pytest.mark.parametrize("lesson", lesson_names())
def test_solution_runs_without_errors(lesson):
    for path in sorted((SOLUTIONS / lesson).glob("*.ipynb")):
        errors = cell_errors(execute(path))
        assert not errors, f"{path.name}: cells raised errors: {errors}"


@pytest.mark.parametrize("lesson", lesson_names())
def test_untouched_lesson_fails_its_tests_for_the_right_reason(lesson, learner_edition):
    """Run from the learner edition, with its own copy of the package: what a class gets."""
    assert sorted(p.name for p in (learner_edition / "lessons" / lesson).glob("*.ipynb")) == \
        sorted(p.name for p in (LESSONS / lesson).glob("*.ipynb"))
    for path in sorted((learner_edition / "lessons" / lesson).glob("*.ipynb")):
        graded = [c.id for c in read_notebook(path).cells if is_graded_test(c)]
        errors = cell_errors(execute(path, env={"PYTHONPATH": str(learner_edition)}))
        for cell_id in graded:
            assert cell_id in errors, f"{path.name}: test cell {cell_id} passes untouched"
            name, message = errors[cell_id]
            assert name in EXPECTED_FAILURES, (
                f"{path.name}: test cell {cell_id} fails with {name}: {message}; it should "
                "fail only because the exercise is not written yet")
            assert "not written yet" in message, f"{cell_id}: unhelpful message {message!r}"
        unexpected = {cid: e for cid, e in errors.items()
                      if e[0] in {"ModuleNotFoundError", "ImportError", "SyntaxError"}}
        assert not unexpected, f"{path.name}: broken imports or syntax: {unexpected}"
