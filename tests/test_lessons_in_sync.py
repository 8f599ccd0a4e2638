"""lessons/ is generated from solutions/ by nbgrader and must never drift from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import AUTOGRADER, LESSONS, ROOT, lesson_names


def release_files() -> list[Path]:
    """Files of lessons/ that belong to the release: what git tracks or would track.

    A learner working in a clone adds ignored files there (``my_dcgan/``, Jupyter's
    ``.ipynb_checkpoints/``); they are theirs, not part of the release.
    """
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "lessons"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout: take every file
        return sorted(p.relative_to(LESSONS) for p in LESSONS.rglob("*") if p.is_file())
    return sorted(Path(line).relative_to("lessons") for line in listed.stdout.splitlines()
                  if (ROOT / line).is_file())


def test_lessons_match_a_fresh_generation(tmp_path):
    subprocess.run([sys.executable, str(AUTOGRADER / "instructor.py"), "generate",
                    "--release-dir", str(tmp_path)], check=True, capture_output=True)
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = release_files()
    assert fresh == committed, (
        "lessons/ holds different files than solutions/ generates; run "
        "`python autograder/instructor.py generate` and commit the result")
    stale = [str(p) for p in fresh if (tmp_path / p).read_bytes() != (LESSONS / p).read_bytes()]
    assert not stale, (f"out of date with solutions/: {stale}; run "
                       "`python autograder/instructor.py generate` and commit the result")
    assert sorted(p.name for p in LESSONS.iterdir() if p.is_dir()) == lesson_names()
