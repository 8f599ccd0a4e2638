"""Static checks of every source and student notebook (fast: nothing is executed)."""

from __future__ import annotations

import ast
import importlib
import re

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
import verdicts
from conftest import (
    LESSONS,
    ROOT,
    SOLUTIONS,
    is_graded_test,
    lesson_names,
    nbgrader_meta,
    notebooks,
    read_notebook,
)

SOURCE_NOTEBOOKS = notebooks(SOLUTIONS)
ALL_NOTEBOOKS = SOURCE_NOTEBOOKS + notebooks(LESSONS)
SOLUTION_MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")


def test_there_are_lessons():
    assert lesson_names(), "no lesson notebooks found under solutions/"
    assert lesson_names()[0] == "01-gan-intro"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_nbformat_with_unique_ids(path):
    nb = read_notebook(path)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "cell ids need nbformat 4.5"
    ids = [cell.get("id") for cell in nb.cells]
    assert all(ids), f"{path.name}: every cell needs an id"
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate cell ids"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: without a kernelspec JupyterLab asks the learner to pick a kernel")


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_solutions_are_stored_without_outputs(path):
    for cell in read_notebook(path).cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}: cell {cell.id} has outputs; clear them"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} has a count"


@pytest.mark.parametrize("path", notebooks(LESSONS), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_solution_text_in_lessons(path):
    text = path.read_text(encoding="utf-8")
    found = SOLUTION_MARKERS.findall(text)
    assert not found, f"{path}: solution markers left in the student notebook: {set(found)}"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_exercise_has_graded_tests(path):
    nb = read_notebook(path)
    # Code exercises; a markdown answer graded by hand (solution + grade) needs no tests.
    solutions = [c for c in nb.cells if nbgrader_meta(c).get("solution") and c.cell_type == "code"]
    graded = [c for c in nb.cells if is_graded_test(c)]
    assert solutions, f"{path.name}: no exercise (nbgrader solution cell)"
    assert len(graded) >= len(solutions), f"{path.name}: an exercise has no graded test cell"
    for cell in graded:
        assert nbgrader_meta(cell).get("points", 0) > 0, f"{cell.id}: graded cell without points"
        # Graded by the grader's own verdict (autograder/verdicts), never by code in the cell
        # that the student's kernel runs: the cell holds only the visible tests.
        assert "BEGIN HIDDEN TESTS" not in cell.source, (
            f"{cell.id}: hidden tests belong in autograder/verdicts, not in the notebook")
        assert verdicts.exercise_for(path.stem, cell.metadata.nbgrader["grade_id"]), (
            f"{cell.id}: no verdict in autograder/verdicts for this graded test cell")
    for cell in solutions:
        assert "BEGIN SOLUTION" in cell.source, f"{cell.id}: no solution region"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lesson_structure(path):
    """Objectives at the top, a recap and questions at the end, a measured run time."""
    markdown = [c.source for c in read_notebook(path).cells if c.cell_type == "markdown"]
    assert "Learning objectives" in markdown[0], f"{path.name}: objectives must open the lesson"
    tail = "\n".join(markdown[-2:])
    assert "## Recap" in tail and "Check your understanding" in tail, (
        f"{path.name}: the lesson must end with a recap and check-your-understanding questions")
    assert "Measured run time" in tail, f"{path.name}: state the measured run time in the recap"


def test_readme_lists_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in lesson_names():
        assert f"lessons/{lesson}/" in readme, f"README.md does not link lesson {lesson}"


#: A graded test cell is an import and a call: nbgrader's Validate prints a failing cell's
#: whole source before its message, so anything longer pushes the message out of sight.
MAX_TEST_CELL_LINES = 4


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_graded_test_cells_are_one_call_to_a_named_check(path):
    for cell in (c for c in read_notebook(path).cells if is_graded_test(c)):
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= MAX_TEST_CELL_LINES, (
            f"{path.name} {cell.id}: {len(lines)} lines; a graded test cell should import a "
            "check from dcgan_course.exercises and call it (Validate shows the source first)")
        tree = ast.parse(cell.source)
        checks = {alias.asname or alias.name: getattr(importlib.import_module(node.module),
                                                      alias.name)
                  for node in tree.body if isinstance(node, ast.ImportFrom)
                  and (node.module or "").startswith("dcgan_course.exercises.")
                  for alias in node.names}
        calls = [node.value.func.id for node in tree.body if isinstance(node, ast.Expr)
                 and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)]
        assert calls and all(name in checks and callable(checks[name]) for name in calls), (
            f"{path.name} {cell.id}: should call a check imported from dcgan_course.exercises, "
            f"calls {calls} with {sorted(checks)} imported")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_control_characters_in_cells(path):
    """A backspace or bell in a cell is almost always a LaTeX command eaten by a Python
    string ("\\beta" written without r"..." becomes BACKSPACE + "eta"): MathJax then shows
    "eta" where the learner should read beta."""
    for cell in read_notebook(path).cells:
        bad = sorted({hex(ord(ch)) for ch in cell.source
                      if ord(ch) < 32 and ch not in "\n\t"})
        assert not bad, f"{path.name} cell {cell.get('id')}: control characters {bad}"
