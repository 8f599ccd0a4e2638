#!/usr/bin/env python3
"""How fast the instructor's `autograde` grades a class, in the sandbox, on this machine.

    .venv/bin/python bench/grading_throughput.py [--students 30] [--jobs 2] [LESSON ...]

Builds a throwaway copy of the course, hands in one complete submission per student for
every lesson (the student release with every exercise cell filled in from the solutions,
as a learner who finished would hand it in), and times:

1. the reference: one submission of every lesson graded alone (one worker);
2. the class: ``--students`` submissions of every lesson with ``--jobs`` workers.

It prints seconds, the class time as a ratio to the reference, the projection for a class
of 30, and checks the gradebook after the parallel run: one submission per student and
lesson, every one at full marks.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_course, lesson_names  # noqa: E402


def finished_submission(lesson: str, name: str) -> str:
    """The release with each solution cell replaced by the solution's source."""
    release = nbformat.read(ROOT / "lessons" / lesson / name, as_version=4)
    solved = {c.id: c.source for c in nbformat.read(ROOT / "solutions" / lesson / name,
                                                    as_version=4).cells}
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = solved[cell.id]
    return nbformat.writes(release)


def hand_in(course: Path, students: list[str], lessons: list[str]) -> None:
    for lesson in lessons:
        for name in sorted(p.name for p in (ROOT / "solutions" / lesson).glob("*.ipynb")):
            text = finished_submission(lesson, name)
            for student in students:
                folder = course / "autograder" / "submitted" / student / lesson
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text)


def grade(course: Path, lessons: list[str], jobs: int) -> float:
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    subprocess.run([*tool, "release", *lessons], check=True, capture_output=True)
    start = time.perf_counter()
    result = subprocess.run([*tool, "autograde", *lessons, "--jobs", str(jobs)],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0 or "could not grade" in result.stdout:
        sys.exit(f"autograde failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def check_gradebook(course: Path, students: list[str], lessons: list[str]) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        for lesson in lessons:
            submissions = gradebook.assignment_submissions(lesson)
            assert sorted(s.student_id for s in submissions) == sorted(students), lesson
            for submission in submissions:
                auto = [g for n in submission.notebooks for g in n.grades
                        if g.cell.cell_type == "code"]  # manual answers wait for a person
                got, most = sum(g.score for g in auto), sum(g.max_score for g in auto)
                assert got == most > 0, (f"{submission.student_id}/{lesson}: {got}/{most} "
                                         "after the parallel run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("lessons", nargs="*")
    args = parser.parse_args()
    lessons = args.lessons or lesson_names()
    os.environ.pop("DCGAN_COURSE_PROFILE", None)  # grading picks the fast profile itself

    with tempfile.TemporaryDirectory() as scratch:
        single = copy_course(Path(scratch) / "single")
        hand_in(single, ["solo"], lessons)
        reference = grade(single, lessons, jobs=1)
        print(f"reference: 1 submission of {len(lessons)} lesson(s), 1 worker: {reference:.0f} s")

        students = [f"student{i:02d}" for i in range(args.students)]
        group = copy_course(Path(scratch) / "class")
        hand_in(group, students, lessons)
        seconds = grade(group, lessons, jobs=args.jobs)
        check_gradebook(group, students, lessons)
        per_student = seconds / args.students
        print(f"class: {args.students} submissions x {len(lessons)} lesson(s), {args.jobs} "
              f"workers: {seconds:.0f} s = {seconds / reference:.1f} x reference "
              f"({per_student:.0f} s per student)")
        print(f"projected for a class of 30: {30 * per_student / 60:.1f} min (target: < 30 min)")
        print("gradebook after the parallel run: consistent, every submission at full marks "
              "on every autograded test")


if __name__ == "__main__":
    main()
