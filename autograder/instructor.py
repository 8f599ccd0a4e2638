#!/usr/bin/env python3
"""Instructor tooling for the DCGAN course: one command per step, all on top of nbgrader.

    python autograder/instructor.py generate [LESSON ...] [--release-dir DIR]
    python autograder/instructor.py release  [LESSON ...]
    python autograder/instructor.py collect  SOURCE          (a folder or a .zip)
    python autograder/instructor.py autograde [LESSON ...]
    python autograder/instructor.py feedback  [LESSON ...]
    python autograder/instructor.py export    [--to FILE.csv]
    python autograder/instructor.py summary   [--to FILE.png]

``generate`` rebuilds ``lessons/`` from ``solutions/`` (nbgrader generate_assignment):
the only way ``lessons/`` may change. It records nothing in the gradebook, so it can run
at any time; tests/test_lessons_in_sync.py fails when ``lessons/`` is stale.
``release`` does the same and records the lessons, their tests and points in the gradebook
(``autograder/gradebook.db``), which autograding needs. ``collect`` sorts an LMS download
(one notebook per student, named ``<student id>_<notebook>.ipynb``, loose or zipped) into
``autograder/submitted/`` with nbgrader's zip_collect. ``autograde``, ``feedback`` and
``export`` are nbgrader's; ``summary`` prints and plots the score distribution of every
exercise.

Run it with the course's Python (``.venv/bin/python`` after the README set-up); it works
from any folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
SUBMITTED = HERE / "submitted"
DOWNLOADED = HERE / "downloaded"
EXPORTS = HERE / "exports"
DB_URL = "sqlite:///" + str(HERE / "gradebook.db")
SUBMISSION_NAME = re.compile(r"^(?P<student>.+?)_(?P<notebook>\d\d-[A-Za-z0-9-]+)\.ipynb$")


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


def run_or_exit(what: str, *args: str) -> str:
    result = nbgrader(*args, check=False)
    if result.returncode != 0:
        sys.exit(f"nbgrader could not {what}:\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def release(lessons: list[str]) -> None:
    """Generate the student notebooks and record every lesson in the gradebook."""
    for lesson in lessons:
        run_or_exit(f"release {lesson}", "generate_assignment", lesson, "--force")
        print(f"released {lesson}: {LESSONS / lesson} (gradebook updated)")


def notebook_lessons() -> dict[str, str]:
    """Map each notebook name (without .ipynb) to its lesson."""
    return {nb.stem: nb.parent.name for lesson in lesson_names()
            for nb in (SOLUTIONS / lesson).glob("*.ipynb")}


def _unpack(source: Path, into: Path) -> None:
    with zipfile.ZipFile(source) as archive:
        for member in archive.infolist():
            target = (into / member.filename).resolve()
            if not str(target).startswith(str(into.resolve()) + os.sep):
                sys.exit(f"{source}: refusing {member.filename!r}, it points outside the archive")
        archive.extractall(into)


def collect(source: Path) -> dict[str, list[str]]:
    """Sort submissions into autograder/submitted/<student>/<lesson>/ via nbgrader zip_collect.

    Returns ``{lesson: [student, ...]}``. Files whose names do not follow
    ``<student id>_<notebook>.ipynb`` are listed and skipped, never guessed.
    """
    owners = notebook_lessons()
    collected: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if source.is_file() and source.suffix == ".zip":
            _unpack(source, folder)
        elif source.is_dir():
            shutil.copytree(source, folder, dirs_exist_ok=True)
        else:
            sys.exit(f"{source}: expected a folder or a .zip of notebooks")
        for path in sorted(folder.rglob("*.ipynb")):
            match = SUBMISSION_NAME.match(path.name)
            if not match or match["notebook"] not in owners:
                print(f"skipped {path.name}: not named <student id>_<notebook>.ipynb "
                      f"for a notebook of this course ({', '.join(sorted(owners))})")
                continue
            lesson = owners[match["notebook"]]
            archive = DOWNLOADED / lesson / "archive"
            archive.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, archive / path.name)
            collected.setdefault(lesson, []).append(match["student"])
    for lesson, students in collected.items():
        run_or_exit(f"collect {lesson}", "zip_collect", lesson, "--force")
        print(f"collected {lesson}: {len(students)} submission(s)")
    return collected


def submitted_lessons() -> list[str]:
    found = {p.name for p in SUBMITTED.glob("*/*") if p.is_dir()} if SUBMITTED.exists() else set()
    return [lesson for lesson in lesson_names() if lesson in found]


def autograde(lessons: list[str]) -> None:
    for lesson in lessons:
        output = run_or_exit(f"autograde {lesson}", "autograde", lesson, "--create")
        print(f"autograded {lesson}")
        student = "?"
        for line in output.splitlines():
            seen = re.search(r"submitted[/\\]([^/\\]+)[/\\]", line)
            if seen:
                student = seen.group(1)
            if "has changed!" in line or "Missing grade cell" in line:
                # nbgrader has restored a locked cell from the gradebook: grading used the
                # original tests, and the instructor should know the learner touched them.
                print(f"  TAMPERING {student}: {line.split('] ', 1)[-1].strip()}")
            elif "ERROR" in line:
                print(f"  {student}: {line.strip()}")


def feedback(lessons: list[str]) -> None:
    for lesson in lessons:
        run_or_exit(f"generate feedback for {lesson}", "generate_feedback", lesson, "--force")
        print(f"feedback for {lesson}: {HERE / 'feedback'}/<student>/{lesson}/")


def export(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    run_or_exit("export grades", "export", f"--to={target.resolve()}")
    print(f"grades written to {target}")
    return target


def exercise_scores() -> dict[str, list[tuple[float, float]]]:
    """``{"<lesson>/<test cell>": [(score, max score) for each submission]}``."""
    from nbgrader.api import Gradebook

    scores: dict[str, list[tuple[float, float]]] = {}
    with Gradebook(DB_URL) as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = f"{assignment.name}/{grade.name}"
                        scores.setdefault(key, []).append((grade.score, grade.max_score))
    return scores


def summary(target: Path) -> Path:
    """Print each exercise's mean score and plot the distribution of scores."""
    from matplotlib.figure import Figure

    scores = exercise_scores()
    if not scores:
        sys.exit("No autograded submissions in the gradebook yet: run `autograde` first.")
    print(f"{'exercise':<40} {'submissions':>11} {'mean':>6} {'full marks':>10}")
    for key, values in sorted(scores.items()):
        got = [s for s, _ in values]
        most = values[0][1]
        print(f"{key:<40} {len(values):>11} {sum(got) / len(got):6.2f} "
              f"{sum(s == most for s in got) / len(got):>10.0%}")
    keys = sorted(scores)
    fig = Figure(figsize=(max(6, 0.9 * len(keys)), 4))
    ax = fig.subplots()
    fractions = [[s / m if m else 0.0 for s, m in scores[k]] for k in keys]
    ax.boxplot(fractions, showmeans=True)
    ax.set_xticks(range(1, len(keys) + 1), keys, rotation=45, ha="right", fontsize=8)
    ax.set(ylabel="share of the exercise's points", ylim=(-0.05, 1.05),
           title="Score distribution per exercise")
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=100)
    print(f"plot written to {target}")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="rebuild lessons/ from solutions/")
    gen.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    gen.add_argument("--release-dir", type=Path, help="write here instead of lessons/")
    for name, text in (("release", "generate lessons/ and record them in the gradebook"),
                       ("autograde", "autograde collected submissions"),
                       ("feedback", "write feedback HTML for autograded submissions")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    col = commands.add_parser("collect", help="sort a folder or zip of notebooks into submitted/")
    col.add_argument("source", type=Path)
    exp = commands.add_parser("export", help="export all grades as CSV")
    exp.add_argument("--to", type=Path, default=EXPORTS / "grades.csv")
    summ = commands.add_parser("summary", help="score distribution per exercise")
    summ.add_argument("--to", type=Path, default=EXPORTS / "summary.png")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.lessons or lesson_names(), args.release_dir)
    elif args.command == "release":
        release(args.lessons or lesson_names())
    elif args.command == "collect":
        collect(args.source)
    elif args.command == "autograde":
        autograde(args.lessons or submitted_lessons())
    elif args.command == "feedback":
        feedback(args.lessons or submitted_lessons())
    elif args.command == "export":
        export(args.to)
    elif args.command == "summary":
        summary(args.to)


if __name__ == "__main__":
    main()
