"""The learner edition a class publishes: lessons and what they need, no answers, no grader.

Executing its lessons is part of tests/test_notebooks_execute.py (the untouched lessons run
from the edition, with the edition's own copy of the package).
"""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
from conftest import ROOT, SOLUTIONS, nbgrader_meta

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def solution_lines() -> set[str]:
    """Every substantial line a solution adds (code regions and hand-graded answers) that
    the lessons do not already show (an exercise statement may quote a building block)."""
    lines: set[str] = set()
    public = []
    for path in SOLUTIONS.glob("*/*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            meta = nbgrader_meta(cell)
            if not meta.get("solution"):
                public.append(cell.source)
                continue
            regions = (SOLUTION_REGION.findall(cell.source) if cell.cell_type == "code"
                       else [cell.source])
            public.append(SOLUTION_REGION.sub("", cell.source) if cell.cell_type == "code"
                          else "")
            for region in regions:
                lines |= {line.strip() for line in region.splitlines()
                          if len(line.strip()) >= 30 and not line.strip().startswith("#")}
    shown = "\n".join(public)
    return {line for line in lines if line not in shown}


def edition_texts(edition):
    for path in edition.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".ipynb", ".md", ".txt", ".toml", ""}:
            yield path, path.read_text(errors="replace")


def test_only_what_a_learner_needs(learner_edition):
    top = {p.name for p in learner_edition.iterdir()}
    assert {"lessons", "lessons-ko", "dcgan_course", "binder", "assets", "README.md",
            "README.ko.md", "course.py"} <= top
    korean = (learner_edition / "README.ko.md").read_text()
    assert "학습자판" in korean and "lessons-ko/07-representations-ko" in korean
    assert "한국어판은 어떻게 만들어지나요" not in korean  # how it is built: not for learners
    assert not top & {"solutions", "autograder", "tests", "bench", ".ci"}


def test_no_solution_or_hidden_test_anywhere(learner_edition):
    answers = solution_lines()
    assert len(answers) > 20  # the check has something to look for
    for path, text in edition_texts(learner_edition):
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "verdicts"):
            assert marker not in text, f"{path}: {marker}"
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, 4).cells)
        if "dcgan_course" in path.relative_to(learner_edition).parts:
            # The widgets and the engine need working versions of a few answers (output
            # sizes, a transposed convolution, a training step); those functions are marked
            # and cannot earn points (tests/test_grading_forgery.py, test_answers.py).
            continue
        found = [line for line in answers if line in text]
        assert not found, f"{path.relative_to(learner_edition)} holds solution lines: {found[:3]}"


def test_learner_readme_and_binder_links(tmp_path):
    target = tmp_path / "edition"
    result = subprocess.run([sys.executable, str(ROOT / "autograder" / "instructor.py"),
                             "edition", str(target), "--repo", "acme/dcgan-fall", "--branch",
                             "class"], capture_output=True, text=True, check=True)
    assert "learner edition" in result.stdout
    readme = (target / "README.md").read_text()
    assert "Learner edition" in readme and "python3 course.py" in readme
    assert "For instructors" not in readme and "course.py test" not in readme
    assert "mybinder.org/v2/gh/acme/dcgan-fall/class?labpath=lessons" in readme
    assert "YOUR-GITHUB-USER" not in readme
    refused = subprocess.run([sys.executable, "course.py", "test"], cwd=target,
                             capture_output=True, text=True)
    assert refused.returncode != 0 and "learner edition" in refused.stderr


def test_the_edition_imports_its_own_package(learner_edition):
    code = "import dcgan_course; print(dcgan_course.__file__)"
    where = subprocess.run([sys.executable, "-c", code],
                           env={"PYTHONPATH": str(learner_edition), "PATH": "/usr/bin"},
                           cwd=learner_edition / "lessons",
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(learner_edition))
