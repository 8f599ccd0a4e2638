#!/usr/bin/env python3
"""Instructor tooling for the DCGAN course, on top of nbgrader.

    python autograder/instructor.py generate [LESSON ...] [--release-dir DIR]

``generate`` rebuilds ``lessons/`` from ``solutions/`` (nbgrader generate_assignment):
the only way ``lessons/`` may change. It records nothing in the gradebook, so it can run
at any time; tests/test_lessons_in_sync.py fails when ``lessons/`` is stale.

Run it with the course's Python (``.venv/bin/python`` after the README set-up); it works
from any folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"


def lesson_names() -> list[str]:
    """Lessons in course order: every folder under solutions/ that holds a notebook."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run an nbgrader command with this course's configuration.

    nbgrader finds ``nbgrader_config.py`` in its working directory, so it runs here. It
    also shells out to ``alembic`` from the same environment, so that environment's
    ``bin/`` goes first on PATH.
    """
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=HERE, env=env,
                          check=check, text=True, capture_output=True)


def generate(lessons: list[str], release_dir: Path | None = None) -> None:
    """Regenerate the student notebooks of ``lessons`` from their solutions."""
    extra = [f"--CourseDirectory.release_directory={release_dir.resolve()}"] if release_dir else []
    for lesson in lessons:
        result = nbgrader("generate_assignment", lesson, "--force", "--no-db", *extra,
                          check=False)
        if result.returncode != 0:
            sys.exit(f"nbgrader could not generate {lesson}:\n{result.stdout}{result.stderr}")
        print(f"generated {lesson} -> {(release_dir or LESSONS) / lesson}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="rebuild lessons/ from solutions/")
    gen.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    gen.add_argument("--release-dir", type=Path, help="write here instead of lessons/")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.lessons or lesson_names(), args.release_dir)


if __name__ == "__main__":
    main()
