"""Shared fixtures of the course's test harness.

The harness is lesson-agnostic: it discovers lessons from the folders under ``solutions/``,
so a new lesson is covered by every check here as soon as its source notebook exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
AUTOGRADER = ROOT / "autograder"
I18N = ROOT / "i18n"
KOREAN_LESSONS = ROOT / "lessons-ko"

# Every kernel the tests start runs the fast profile (see dcgan_course/profile.py).
os.environ["DCGAN_COURSE_PROFILE"] = "fast"
# nbgrader shells out to `alembic`; it must come from this environment.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


GRADING_STATE = ("gradebook.db", "submitted", "autograded", "feedback", "downloaded", "exports",
                 "__pycache__")


def copy_course(target: Path) -> Path:
    """A throwaway copy of the course to grade in: sources, release, autograder tooling."""
    import shutil

    shutil.copytree(SOLUTIONS, target / "solutions")
    shutil.copytree(LESSONS, target / "lessons")
    shutil.copytree(AUTOGRADER, target / "autograder",
                    ignore=shutil.ignore_patterns(*GRADING_STATE, "node_modules"))
    for edition in (I18N, KOREAN_LESSONS):  # the Korean edition: translations and release
        if edition.is_dir():
            shutil.copytree(edition, target / edition.relative_to(ROOT))
    return target


def clone_course(target: Path) -> Path:
    """A clone of the course with its ``.git`` (the README's install layout), whose working
    tree is this one's: tracked and new files copied over and staged, so that what the
    clone runs and ships is the code under test, and its history holds every solution."""
    import shutil
    import subprocess

    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
                   check=True, capture_output=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in listed:
        source = ROOT / name
        if name and source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
        elif name and not source.exists() and (target / name).is_file():
            (target / name).unlink()  # deleted here, not committed yet
    subprocess.run(["git", "add", "-A"], cwd=target, check=True, capture_output=True)
    return target


def lesson_names() -> list[str]:
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def korean_lesson_names() -> list[str]:
    """Lessons whose Korean release exists (``lessons-ko/<lesson>-ko/``), in course order."""
    if not KOREAN_LESSONS.is_dir():
        return []
    return sorted(p.name.removesuffix("-ko") for p in KOREAN_LESSONS.iterdir()
                  if p.is_dir() and any(p.glob("*.ipynb")))


def notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.ipynb"))


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_graded_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def graded_points(lesson: str) -> dict[str, float]:
    """``{grade_id: points}`` of a lesson's autograded test cells (from its solution), so
    that grading tests follow the lesson's exercises as they change."""
    nb = read_notebook(SOLUTIONS / lesson / f"{lesson}.ipynb")
    return {nbgrader_meta(c)["grade_id"]: nbgrader_meta(c).get("points", 0)
            for c in nb.cells if is_graded_test(c)}


def answer_cell(lesson: str, name: str) -> str:
    """The id of the lesson's answer cell that defines ``name`` (a function or variable)."""
    import ast

    for cell in read_notebook(SOLUTIONS / lesson / f"{lesson}.ipynb").cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if getattr(node, "name", None) == name or any(
                    getattr(t, "id", None) == name for t in getattr(node, "targets", [])):
                return cell.id
    raise LookupError(f"no answer cell of {lesson} defines {name}")


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run checks marked slow (full-profile runs)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: `course.py test --slow` runs it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def learner_edition(tmp_path_factory) -> Path:
    """The learner edition (``instructor.py edition``), written once per test session."""
    sys.path.insert(0, str(AUTOGRADER))
    from edition import write_edition

    target = tmp_path_factory.mktemp("learner-edition") / "course"
    write_edition(target)
    return target
