"""Run a lesson's plausible wrong answers through its visible check and its grader verdict.

``tests/mistakes/lessonNN.py`` lists :class:`Wrong` answers: the code a learner would put in
one or more answer cells, and the catalogue key (``dcgan_course.exercises.catalogue``) of the
message it must get. :func:`visible_message` runs the solution's answer cells with the wrong
cells swapped in and then the test cell's own code, as Validate does; :func:`grader_message`
asks the grader's verdict about the same functions (the probe in this process, see
``verdict_harness``). Both must name the mistake.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from conftest import SOLUTIONS
from verdict_harness import judge_in_process

from dcgan_course.checks import ExerciseFailure

MISTAKES = Path(__file__).resolve().parent / "mistakes"


@dataclass(frozen=True)
class Wrong:
    """A wrong answer: ``cells`` maps answer-cell ids to the code that replaces them."""

    grade_id: str
    mistake: str
    cells: dict[str, str] = field(default_factory=dict)
    #: Why a learner writes this (for the reader of the catalogue).
    why: str = ""


def lesson_modules() -> list[Any]:
    """The loaded ``tests/mistakes/lesson*.py`` modules (and every exercise module, so that
    the catalogue holds every lesson's mistakes whichever test runs first)."""
    import pkgutil

    import dcgan_course.exercises as exercises

    for info in pkgutil.iter_modules(exercises.__path__):
        importlib.import_module(f"{exercises.__name__}.{info.name}")
    found = []
    for path in sorted(MISTAKES.glob("lesson[0-9]*.py")):
        spec = importlib.util.spec_from_file_location(f"mistakes_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.append(module)
    return found


def notebook_cells(notebook: str) -> dict[str, nbformat.NotebookNode]:
    path = SOLUTIONS / notebook / f"{notebook}.ipynb"
    return {cell.get("id"): cell for cell in nbformat.read(path, as_version=4).cells}


def namespace_for(module: Any, wrong: Wrong) -> dict[str, Any]:
    """The module's preamble, every solution answer cell, then the wrong cells over them."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(getattr(module, "PREAMBLE", ""), namespace)  # noqa: S102
    cells = notebook_cells(module.NOTEBOOK)
    for cell_id, cell in cells.items():
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and grading.get("solution") and cell_id not in wrong.cells:
            exec(cell.source, namespace)  # noqa: S102
    for cell_id, source in wrong.cells.items():
        assert cell_id in cells, f"{module.NOTEBOOK} has no cell {cell_id!r}"
        exec(source, namespace)  # noqa: S102
    return namespace


def visible_message(module: Any, wrong: Wrong) -> tuple[str | None, str]:
    """(key of the named mistake or None, message) from the test cell's own code."""
    namespace = namespace_for(module, wrong)
    test_cell = notebook_cells(module.NOTEBOOK)[wrong.grade_id]
    try:
        exec(test_cell.source, namespace)  # noqa: S102
    except ExerciseFailure as failure:
        return getattr(failure, "key", None), str(failure)
    return None, "passed"


def grader_message(module: Any, wrong: Wrong, seed: int = 0) -> tuple[bool, str]:
    """(passed, message) of the grader's verdict for the same functions."""
    return judge_in_process(module.NOTEBOOK, wrong.grade_id, namespace_for(module, wrong),
                            seed=seed)
