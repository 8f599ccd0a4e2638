"""The learner edition a class publishes: lessons and what they need, no answers, no grader.

The edition is the learner view (autograder/learner_view.py, tests/test_learner_view.py)
with its READMEs' Binder links set. Executing its lessons is part of
tests/test_notebooks_execute.py (the untouched lessons run from the edition, with the
edition's own copy of the package).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
from conftest import AUTOGRADER, ROOT, SOLUTIONS, nbgrader_meta

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
        # nbgrader's answer markers, and an import of the grader's code (a docstring may
        # name autograder/verdicts/ as where the grading happens; importing it may not)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS",
                       r"import verdicts\b", r"from verdicts\b", r"import reference\b",
                       r"from reference\b"):  # reference_model is the package's own module
            assert not re.search(marker, text), f"{path}: {marker}"
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, 4).cells)
        if "dcgan_course" in path.relative_to(learner_edition).parts:
            # The package may hold lines a solution also holds (imports, a layer); that no
            # function of it earns a point, pasted anywhere, is tests/test_grading_paste.py.
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


def test_the_edition_is_the_learner_view(tmp_path):
    """Byte for byte the view the grading sandbox and the hub show, READMEs' links aside."""
    sys.path.insert(0, str(AUTOGRADER))
    import learner_view
    from edition import write_edition

    write_edition(tmp_path / "edition", "acme/dcgan-fall", "class")
    view = learner_view.build()
    files = learner_view.view_files(view)
    assert learner_view.view_files(tmp_path / "edition") == files
    for relative in files:
        if relative not in learner_view.READMES:
            assert (tmp_path / "edition" / relative).read_bytes() == (view / relative).read_bytes()
    assert "acme/dcgan-fall/class" in (tmp_path / "edition" / "README.md").read_text()


def test_binder_launched_from_the_published_edition_has_no_solutions(learner_edition, tmp_path):
    """Publish the edition as a class would (git init, add, commit) and check out what
    Binder checks out (a clone of that repository): no solutions/, grader or tests in any
    commit, and every Binder link of its README opens a lesson that is there."""
    published = tmp_path / "published"
    git = ["git", "-c", "user.name=Instructor", "-c", "user.email=i@example.org"]
    subprocess.run(["cp", "-a", f"{learner_edition}/.", str(published)], check=True)
    for args in (["init", "--quiet", "-b", "main"], ["add", "-A"],
                 ["commit", "--quiet", "-m", "learner edition"]):
        subprocess.run([*git, *args], cwd=published, check=True, capture_output=True)
    binder = tmp_path / "binder-checkout"
    subprocess.run(["git", "clone", "--quiet", str(published), str(binder)], check=True,
                   capture_output=True)
    history = subprocess.run(["git", "log", "--all", "--name-only", "--format="], cwd=binder,
                             capture_output=True, text=True, check=True).stdout.split()
    assert history and not [p for p in history if Path(p).parts[0] in
                            {"solutions", "autograder", "tests", "bench", "i18n"}]
    assert not (binder / "solutions").exists() and not (binder / "autograder").exists()
    links = re.findall(r"labpath=([^)\s&]+)", (binder / "README.md").read_text())
    assert links
    for link in links:
        assert (binder / link.replace("%2F", "/")).is_file(), link
    post_build = (binder / "binder" / "postBuild").read_text()
    assert not re.search(r"solutions|autograder|tests/", post_build)
