#!/usr/bin/env python3
"""Grading time of this course against an earlier commit of it, in turns, in one run.

    .venv/bin/python bench/grading_versions.py --before REV [--students 1] [--rounds 2]
                                               [--jobs 2] [LESSON ...]

A change to the grader (a new sandbox, verdicts decided outside the kernel) must say what
it costs. Machines are noisy, so both versions are timed in the same run, alternately:
``--rounds`` times, the earlier commit (checked out with ``git worktree``, its own package
first on the import path) and then this working tree each grade the same finished
submissions (the release with every exercise filled in from the solutions) with their own
``instructor.py autograde``. Prints each time, the best of each and the ratio after/before,
and checks that both gave every submission full marks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
STATE = ("gradebook.db", "submitted", "autograded", "feedback", "downloaded", "exports",
         "__pycache__", "node_modules")


def finished(root: Path, lesson: str, name: str) -> str:
    release = nbformat.read(root / "lessons" / lesson / name, as_version=4)
    solved = {c.id: c.source for c in nbformat.read(root / "solutions" / lesson / name,
                                                    as_version=4).cells}
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            cell.source = solved[cell.id]
    return nbformat.writes(release)


def course_copy(root: Path, target: Path, lessons: list[str], students: int) -> Path:
    for folder in ("solutions", "lessons"):
        shutil.copytree(root / folder, target / folder)
    shutil.copytree(root / "autograder", target / "autograder",
                    ignore=shutil.ignore_patterns(*STATE))
    for lesson in lessons:
        for name in sorted(p.name for p in (root / "solutions" / lesson).glob("*.ipynb")):
            text = finished(root, lesson, name)
            for index in range(students):
                folder = target / "autograder" / "submitted" / f"student{index:02d}" / lesson
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text)
    return target


def full_marks(course: Path) -> bool:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        grades = [(g.score, g.max_score) for a in gradebook.assignments
                  for s in gradebook.assignment_submissions(a.name)
                  for n in s.notebooks for g in n.grades if g.cell.cell_type == "code"]
    return bool(grades) and all(score == most for score, most in grades)


def grade_once(root: Path, lessons: list[str], students: int, jobs: int,
               package_path: Path | None) -> tuple[float, bool]:
    env = dict(os.environ)
    env.pop("DCGAN_COURSE_PROFILE", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if package_path is not None:  # the earlier commit's own package, not this tree's
        env["PYTHONPATH"] = str(package_path)
    with tempfile.TemporaryDirectory(prefix="grading-versions-") as scratch:
        course = course_copy(root, Path(scratch) / "course", lessons, students)
        tool = [sys.executable, str(course / "autograder" / "instructor.py")]
        subprocess.run([*tool, "release", *lessons], check=True, capture_output=True, env=env)
        start = time.perf_counter()
        subprocess.run([*tool, "autograde", *lessons, "--jobs", str(jobs)], check=True,
                       capture_output=True, env=env)
        seconds = time.perf_counter() - start
        return seconds, full_marks(course)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*")
    parser.add_argument("--before", required=True, help="the earlier commit to compare with")
    parser.add_argument("--students", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    lessons = args.lessons or sorted(p.name for p in (ROOT / "solutions").iterdir()
                                     if any(p.glob("*.ipynb")))
    old = Path(tempfile.mkdtemp(prefix="grading-before-")) / "course"
    subprocess.run(["git", "worktree", "add", "--detach", str(old), args.before], cwd=ROOT,
                   check=True, capture_output=True)
    times: dict[str, list[float]] = {"before": [], "after": []}
    try:
        print(f"load before: {os.getloadavg()[0]:.1f}; lessons: {', '.join(lessons)}; "
              f"{args.students} student(s), {args.jobs} worker(s)")
        for round_ in range(1, args.rounds + 1):
            for label, root, package in (("before", old, old), ("after", ROOT, None)):
                seconds, ok = grade_once(root, lessons, args.students, args.jobs, package)
                times[label].append(seconds)
                print(f"round {round_} {label:>6} ({args.before if label == 'before' else 'HEAD'}"
                      f"): {seconds:7.1f} s, full marks: {ok}", flush=True)
        best = {label: min(values) for label, values in times.items()}
        print(f"best before {best['before']:.1f} s, best after {best['after']:.1f} s: "
              f"after/before = {best['after'] / best['before']:.2f}; "
              f"load after: {os.getloadavg()[0]:.1f}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT,
                       capture_output=True)


if __name__ == "__main__":
    main()
