"""The README's two commands are the ones that exist, and the set-up command works."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\npython3 course.py\n" in readme
    assert "\npython3 course.py test\n" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ",
                                                                                 "cd "))]
    assert commands == ["python3 course.py test"]


def test_setup_command_opens_lesson_one_headless():
    """`course.py --check` starts JupyterLab and fetches lesson 01 through its API."""
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lessons/01-gan-intro/01-gan-intro.ipynb" in result.stdout
    assert "the course opens" in result.stdout
