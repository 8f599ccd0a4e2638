#!/usr/bin/env python3
"""Instructor tooling for the DCGAN course: one command per step, all on top of nbgrader.

    python autograder/instructor.py generate [--lang ko] [LESSON ...] [--release-dir DIR]
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
``autograder/submitted/``, refusing links and special files and two files that would land
on the same path, and leaving unchanged notebooks as they are. ``autograde`` checks each
submission against the intake limits (autograder/intake.py) before nbgrader reads it, and
grades it in the sandbox kernel. ``feedback`` and
``export`` are nbgrader's; ``summary`` prints and plots the score distribution of every
exercise.

Every command takes the Korean edition's assignments too (``01-gan-intro-ko``: its notebook
``01-gan-intro-ko.ipynb`` in ``lessons-ko/``, built by autograder/korean.py from the same
solution and ``i18n/ko/<lesson>.md``); ``generate --lang ko`` rebuilds ``lessons-ko/``, and
``release``, ``autograde`` and ``feedback`` without lesson names include the Korean lessons.

Run it with the course's Python (``.venv/bin/python`` after the README set-up); it works
from any folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from contextlib import closing
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import intake  # noqa: E402 -- autograder/intake.py, next to this file
import korean  # noqa: E402 -- autograder/korean.py: the Korean edition

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


def assignments() -> list[str]:
    """Every assignment: the English lessons, then the Korean ones that are released."""
    return lesson_names() + [korean.assignment_id(lesson) for lesson in korean.released_lessons()]


def source_folder(assignment: str) -> Path:
    """Where an assignment's notebooks come from: solutions/ (English) or lessons-ko/ (the
    Korean release holds the same notebook names as its temporary source)."""
    return korean.RELEASE / assignment if korean.is_korean(assignment) else SOLUTIONS / assignment


def release_folder(assignment: str) -> Path:
    return (korean.RELEASE if korean.is_korean(assignment) else LESSONS) / assignment


def nbgrader(*args: str, check: bool = True,
             env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run an nbgrader command with this course's configuration.

    nbgrader finds ``nbgrader_config.py`` in its working directory, so it runs here. It
    also shells out to ``alembic`` from the same environment, so that environment's
    ``bin/`` goes first on PATH. A Korean assignment gets its sources written for the run
    (autograder/korean.py) and the options that point nbgrader at them.
    """
    with korean.nbgrader_options(list(args)) as options:
        given = {arg.split("=")[0] for arg in args}  # an option given explicitly wins
        return _nbgrader([*args, *(o for o in options if o.split("=")[0] not in given)],
                         check, env_extra)


def _nbgrader(args: list[str], check: bool,
              env_extra: dict[str, str] | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(env_extra or {})
    # Output goes through a file, not a pipe: a process that student code leaves behind
    # could hold a pipe open and keep us waiting for its end forever.
    with tempfile.TemporaryFile("w+") as log:
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=HERE, env=env,
                                text=True, stdout=log, stderr=subprocess.STDOUT)
        log.seek(0)
        result.stdout, result.stderr = log.read(), ""
    if check and result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout)
    return result


def generate(lessons: list[str], release_dir: Path | None = None) -> None:
    """Regenerate the student notebooks of ``lessons`` (assignment ids) from their solutions."""
    extra = [f"--CourseDirectory.release_directory={release_dir.resolve()}"] if release_dir else []
    for lesson in lessons:
        result = nbgrader("generate_assignment", lesson, "--force", "--no-db", *extra,
                          check=False)
        if result.returncode != 0:
            sys.exit(f"nbgrader could not generate {lesson}:\n{result.stdout}{result.stderr}")
        where = release_dir or (korean.RELEASE if korean.is_korean(lesson) else LESSONS)
        print(f"generated {lesson} -> {where / lesson}")


def generate_korean(lessons: list[str], release_dir: Path | None = None) -> None:
    """``generate --lang ko``: the Korean releases of ``lessons`` (default: every lesson
    whose translation is complete and up to date; the others are listed, not generated)."""
    if not lessons:
        for lesson in korean.translated_lessons():
            if korean.problems(lesson):
                print(f"skipped {lesson}: in translation ({len(korean.problems(lesson))} "
                      f"problem(s); `generate --lang ko {lesson}` lists them)")
            else:
                lessons.append(lesson)
    for lesson in lessons:
        found = korean.problems(english_name := korean.english_lesson(lesson))
        if found:
            sys.exit(f"i18n/ko/{english_name}.md cannot be used yet:\n  " + "\n  ".join(found))
    generate([korean.assignment_id(korean.english_lesson(lesson)) for lesson in lessons],
             release_dir)


def run_or_exit(what: str, *args: str) -> str:
    result = nbgrader(*args, check=False)
    if result.returncode != 0:
        sys.exit(f"nbgrader could not {what}:\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def release(lessons: list[str]) -> None:
    """Generate the student notebooks and record every lesson in the gradebook."""
    for lesson in lessons:
        run_or_exit(f"release {lesson}", "generate_assignment", lesson, "--force")
        print(f"released {lesson}: {release_folder(lesson)} (gradebook updated)")


def notebook_lessons() -> dict[str, str]:
    """Map each notebook name (without .ipynb) to its lesson."""
    return {nb.stem: nb.parent.name for lesson in assignments()
            for nb in source_folder(lesson).glob("*.ipynb")}


def collect(source: Path) -> dict[str, list[str]]:
    """Sort submissions into autograder/submitted/<student>/<lesson>/<notebook>.ipynb.

    Returns ``{lesson: [student, ...]}`` of what the download holds. Nothing is guessed or
    silently lost, and nothing the download contains is followed:

    * files whose names do not follow ``<student id>_<notebook>.ipynb`` are listed and
      skipped;
    * links and special files (fifos, devices) are refused with a listed reason, in a
      folder as in a zip: a link could make the grader copy any file it can read;
    * two different files that would land on the same path (the same student and notebook
      twice, from two folders of the download, or ids that differ only in case) are both
      refused, with both origins named, so that no student's work replaces another's;
    * collecting again is idempotent: a notebook whose content did not change keeps its
      file and timestamp, so ``autograde`` does not grade it again; a changed one replaces
      the old copy (written in full first, then renamed over it).
    """
    owners = notebook_lessons()
    by_path: dict[tuple[str, str], list[tuple[str, str, Incoming]]] = {}
    for origin, data in intake_files(source):
        name = Path(origin).name
        match = SUBMISSION_NAME.match(name)
        if not match or match["notebook"] not in owners:
            print(f"skipped {name}: not named <student id>_<notebook>.ipynb "
                  f"for a notebook of this course ({', '.join(sorted(owners))})")
            continue
        if not STUDENT_ID.match(match["student"]):
            print(f"skipped {origin}: the student id {match['student']!r} must start with a "
                  "letter or digit and hold only letters, digits and . _ @ + -")
            continue
        key = (match["student"].casefold(), match["notebook"])
        by_path.setdefault(key, []).append((origin, match["student"], data))
    collected: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for (_, notebook), files in sorted(by_path.items()):
        lesson = owners[notebook]
        if len({(student, data.digest) for _, student, data in files}) > 1:
            print(f"CONFLICT {' / '.join(sorted({s for _, s, _ in files}))} {notebook}: "
                  f"{', '.join(origin for origin, _, _ in files)} would land on the same "
                  "path; none of them collected. Rename the files (one student id each) "
                  "and collect again.")
            continue
        _, student, data = files[0]
        state = _store(SUBMITTED / student / lesson / f"{notebook}.ipynb", data.read())
        collected.setdefault(lesson, []).append(student)
        counts.setdefault(lesson, {"new": 0, "changed": 0, "unchanged": 0})[state] += 1
    for lesson, students in sorted(collected.items()):
        c = counts[lesson]
        print(f"collected {lesson}: {len(students)} submission(s): {c['new']} new, "
              f"{c['changed']} changed, {c['unchanged']} unchanged (kept as they were, "
              "not graded again)")
    return collected


STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]*$")


class Incoming:
    """One notebook of a download: its digest now, its content when it is stored (a class
    of large notebooks is never held in memory at once)."""

    def __init__(self, read):
        self.read = read
        self.digest = hashlib.sha256(read()).hexdigest()


def intake_files(source: Path) -> list[tuple[str, Incoming]]:
    """``(origin, notebook)`` for every regular ``.ipynb`` file of a folder or zip.

    Links and special files are listed as refused and left out; so are zip entries that
    point outside the archive or are links.
    """
    found: list[tuple[str, Incoming]] = []
    if source.is_file() and source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            for index, member in enumerate(archive.infolist()):
                name = member.filename
                kind = stat.S_IFMT(member.external_attr >> 16)
                if member.is_dir():
                    continue
                if name.startswith("/") or ".." in Path(name).parts:
                    print(f"refused {name}: it points outside the archive")
                elif kind == stat.S_IFLNK:
                    print(f"refused {name}: it is a link (links are never followed)")
                elif kind not in (0, stat.S_IFREG):
                    print(f"refused {name}: it is a special file, not a notebook")
                elif name.endswith(".ipynb"):
                    found.append((name, Incoming(partial(_read_member, source, index))))
    elif source.is_dir() and not source.is_symlink():
        for root, dirs, files in os.walk(source):  # never descends into linked folders
            for name in sorted(dirs + files):
                path = Path(root) / name
                mode = path.lstat().st_mode
                relative = path.relative_to(source)
                if stat.S_ISLNK(mode):
                    print(f"refused {relative}: it is a link (links are never followed)")
                elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    print(f"refused {relative}: it is a special file, not a notebook")
                elif stat.S_ISREG(mode) and name.endswith(".ipynb"):
                    found.append((str(relative), Incoming(partial(_read_regular, path))))
            dirs.sort()
    else:
        sys.exit(f"{source}: expected a folder or a .zip of notebooks")
    return found


def _read_member(archive: Path, index: int) -> bytes:
    with zipfile.ZipFile(archive) as opened:  # by position: a zip may repeat a name
        return opened.read(opened.infolist()[index])


def _read_regular(path: Path) -> bytes:
    """The content of ``path``, refusing a link put there since it was listed."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} changed into a special file while it was collected")
        return handle.read()


def _store(target: Path, data: bytes) -> str:
    """Write ``data`` to ``target`` unless it already holds exactly that: new, changed or
    unchanged. Folders on the way must be real folders (never links)."""
    for folder in (SUBMITTED, target.parent.parent, target.parent):
        folder.mkdir(exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            sys.exit(f"{folder} is not a plain folder; refusing to write submissions there")
    if target.is_file() and not target.is_symlink():
        if target.read_bytes() == data:
            return "unchanged"
        state = "changed"
    else:
        state = "new"
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".collect-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return state


def submitted_lessons() -> list[str]:
    found = {p.name for p in SUBMITTED.glob("*/*") if p.is_dir()} if SUBMITTED.exists() else set()
    return [lesson for lesson in assignments() if lesson in found]


LEDGER = HERE / "autograded" / "ledger.json"


def _submission_stamp(student: str, lesson: str) -> str:
    folder = SUBMITTED / student / lesson
    stamp = folder / "timestamp.txt"
    files = sorted(folder.glob("*.ipynb"))
    parts = [stamp.read_text().strip() if stamp.exists() else ""]
    parts += [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files]
    return "|".join(parts)


def _load_ledger() -> dict[str, str]:
    try:
        return json.loads(LEDGER.read_text())
    except (OSError, ValueError):
        return {}


def locked_cell_changes(submitted: Path, released: Path) -> list[str]:
    """Locked cells (tests, set-up) whose source a learner changed or deleted.

    nbgrader grades with the gradebook's copy of every locked cell anyway; this only tells
    the instructor that somebody tried. Compared with the student release, not with the
    gradebook, whose test cells also hold the hidden tests.
    """
    import nbformat

    try:
        mine = nbformat.read(submitted, as_version=4)
    except Exception:  # noqa: BLE001 -- an unreadable notebook is reported elsewhere
        return []
    handed = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in mine.cells}
    changes = []
    for cell in nbformat.read(released, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("locked"):
            continue
        grade_id = meta["grade_id"]
        if grade_id not in handed:
            changes.append(f"locked cell {grade_id} was deleted (restored for grading)")
        elif handed[grade_id].strip() != cell.source.strip():
            changes.append(f"locked cell {grade_id} was edited (graded with the original)")
    return changes


def _report(student: str, lesson: str, output: str, returncode: int) -> list[str]:
    """The lines an instructor must read about one graded submission."""
    lines = []
    for name in sorted(p.name for p in (SUBMITTED / student / lesson).glob("*.ipynb")):
        released = release_folder(lesson) / name
        if released.exists():
            lines += [f"TAMPERING {student}: {change}"
                      for change in locked_cell_changes(SUBMITTED / student / lesson / name,
                                                        released)]
    for line in output.splitlines():
        message = line.split("] ", 1)[-1].strip()
        if "Harness tampering detected" in line:
            lines.append(f"TAMPERING {student}: {message}")
        elif "Kernel died in cell" in line:
            lines.append(f"KERNEL DIED {student}: {message} (later cells scored zero)")
        elif "timed out after" in line:
            lines.append(f"TIMEOUT {student}: {message} (stopped; the rest was graded)")
        elif "Notebook time budget of" in line:
            lines.append(f"TIME BUDGET {student}: {message} (earlier points kept, the rest "
                         "scored zero; COURSE_GRADING_NOTEBOOK_SECONDS)")
        elif "Framework shortcut in" in line:
            lines.append(f"SHORTCUT {student}: {message}")
        elif returncode != 0 and "| ERROR]" in line and "Please see" not in line:
            lines.append(f"NOT GRADED {student}: {message}")
    expected = {p.name for p in source_folder(lesson).glob("*.ipynb")}
    handed_in = {p.name for p in (SUBMITTED / student / lesson).glob("*.ipynb")}
    for name in sorted(expected - handed_in):
        lines.append(f"MISSING {student}: {name} was not handed in; its tests score zero")
    for name in sorted(handed_in - expected):
        lines.append(f"IGNORED {student}: {name} is not a notebook of {lesson}")
    return list(dict.fromkeys(lines))


def _grade_one(student: str, lesson: str, force: bool) -> tuple[str, int, list[str]]:
    refused = intake.refusals(SUBMITTED / student / lesson)
    if refused:
        return student, 1, [f"NOT GRADED {student}: {reason}" for reason in refused]
    args = ["autograde", lesson, f"--student={student}", "--create"]
    if force:
        args.append("--force")
    # A runtime folder (the kernel's sockets) of this submission's own, removed here even
    # when nbgrader is killed before it can clean up.
    runtime = tempfile.mkdtemp(prefix="dcgan-grading-")
    try:
        result = nbgrader(*args, check=False, env_extra={"JUPYTER_RUNTIME_DIR": runtime})
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    output = result.stdout + result.stderr
    return student, result.returncode, _report(student, lesson, output, result.returncode)


def released_lessons() -> set[str]:
    """Lessons recorded in the gradebook by ``release`` (read-only, without nbgrader)."""
    import sqlite3

    gradebook = HERE / "gradebook.db"
    if not gradebook.exists():
        return set()
    try:
        with closing(sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True)) as db:
            return {name for (name,) in db.execute("SELECT name FROM assignment")}
    except sqlite3.Error:
        return set()


def autograde(lessons: list[str], jobs: int = 2, unsafe: bool = False) -> dict[str, list[str]]:
    """Autograde every collected submission of ``lessons``, ``jobs`` submissions at a time.

    Each submission is graded by its own nbgrader process in the sandbox kernel, so one
    broken or hostile notebook cannot stop the others. A ledger records each submission
    once its grades are in the gradebook: running the command again skips what is done
    and regrades only new, changed or unfinished submissions, so an interrupted run loses
    nothing already recorded and a repeated run changes nothing.
    """
    from concurrent.futures import ThreadPoolExecutor

    if unsafe:
        os.environ["COURSE_GRADING_UNSAFE"] = "1"
    elif not shutil.which("bwrap"):
        sys.exit("Grading runs student code in a sandbox that needs bubblewrap (`bwrap`). "
                 "Install it (Debian/Ubuntu: sudo apt-get install bubblewrap), or pass "
                 "--unsafe to run student code with your own rights.")
    unreleased = [lesson for lesson in lessons if lesson not in released_lessons()]
    if unreleased:
        sys.exit(f"{', '.join(unreleased)}: not released yet, so the gradebook has no tests "
                 f"or points to grade with. Run `instructor.py release {' '.join(unreleased)}` "
                 "first, then autograde again.")
    ledger = _load_ledger()
    failures: dict[str, list[str]] = {}
    for lesson in lessons:
        students = sorted(p.parent.name for p in SUBMITTED.glob(f"*/{lesson}") if p.is_dir())
        todo = [s for s in students if ledger.get(f"{s}/{lesson}") != _submission_stamp(s, lesson)]
        print(f"{lesson}: {len(students)} submission(s), {len(students) - len(todo)} already "
              f"graded, grading {len(todo)} with {jobs} worker(s)")
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            runs = pool.map(_grade_one, todo, [lesson] * len(todo), [True] * len(todo))
            for student, returncode, lines in runs:
                for line in lines:
                    print("  " + line)
                if returncode == 0:
                    ledger[f"{student}/{lesson}"] = _submission_stamp(student, lesson)
                    LEDGER.parent.mkdir(parents=True, exist_ok=True)
                    LEDGER.write_text(json.dumps(ledger, indent=1, sort_keys=True))
                else:
                    failures.setdefault(lesson, []).append(student)
                    if not lines:
                        print(f"  NOT GRADED {student}: nbgrader failed (exit {returncode}); "
                              "see `nbgrader autograde` output for this student")
    for lesson, students in failures.items():
        print(f"{lesson}: could not grade {', '.join(students)} (reasons above); every other "
              "submission is graded")
    return failures


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
    gen.add_argument("--lang", choices=("en", "ko"), default="en",
                     help="ko: the Korean edition, into lessons-ko/ (default: English)")
    for name, text in (("release", "generate lessons/ and record them in the gradebook"),
                       ("autograde", "autograde collected submissions"),
                       ("feedback", "write feedback HTML for autograded submissions")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
        if name == "autograde":
            sub.add_argument("--jobs", type=int, default=2,
                             help="submissions graded at once (default 2)")
            sub.add_argument("--unsafe", action="store_true",
                             help="grade without the sandbox (student code gets your rights)")
    col = commands.add_parser("collect", help="sort a folder or zip of notebooks into submitted/")
    col.add_argument("source", type=Path)
    exp = commands.add_parser("export", help="export all grades as CSV")
    exp.add_argument("--to", type=Path, default=EXPORTS / "grades.csv")
    summ = commands.add_parser("summary", help="score distribution per exercise")
    summ.add_argument("--to", type=Path, default=EXPORTS / "summary.png")
    edi = commands.add_parser("edition", help="write the learner edition (no solutions, no "
                              "grading tools) into a new folder, to publish for a class")
    edi.add_argument("target", type=Path)
    edi.add_argument("--repo", default="YOUR-GITHUB-USER/dcgan-course",
                     help="GitHub owner/name the class publishes it as (for the Binder links)")
    edi.add_argument("--branch", default="main", help="the branch Binder links open")
    args = parser.parse_args(argv)
    if args.command == "generate" and args.lang == "ko":
        generate_korean([name for name in args.lessons if name != "all"], args.release_dir)
    elif args.command == "generate":
        generate(args.lessons or lesson_names(), args.release_dir)
    elif args.command == "release":
        release(args.lessons or assignments())
    elif args.command == "collect":
        collect(args.source)
    elif args.command == "autograde":
        autograde(args.lessons or submitted_lessons(), jobs=args.jobs, unsafe=args.unsafe)
    elif args.command == "feedback":
        feedback(args.lessons or submitted_lessons())
    elif args.command == "export":
        export(args.to)
    elif args.command == "summary":
        summary(args.to)
    elif args.command == "edition":
        from edition import write_edition

        written = write_edition(args.target, args.repo, args.branch)
        print(f"learner edition: {len(written)} files in {args.target} (lessons, package, "
              "binder/, assets, learner README; no solutions/, verdicts or instructor tools). "
              f"Publish it as {args.repo} ({args.branch}): git init, add, commit, push.")


if __name__ == "__main__":
    main()
