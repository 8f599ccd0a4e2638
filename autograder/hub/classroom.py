#!/usr/bin/env python3
"""The instructor's side of a class on the hub: nbgrader's exchange around instructor.py.

    sudo .venv/bin/python autograder/hub/classroom.py release  LESSON [--exchange DIR]
    sudo .venv/bin/python autograder/hub/classroom.py collect  LESSON [--exchange DIR]
    sudo .venv/bin/python autograder/hub/classroom.py grade    LESSON [--jobs 2]
    sudo .venv/bin/python autograder/hub/classroom.py feedback LESSON [--exchange DIR]

``release`` generates the lesson, records it in the gradebook (``instructor.py release``)
and puts the student version into the exchange, where learners fetch it in JupyterLab's
Assignments panel. ``collect`` copies every learner's latest submission from the exchange
into ``autograder/submitted/<learner>/<lesson>/`` (nbgrader collect), the folder that
``instructor.py autograde`` grades. Before that it refuses (moves to the course's root-only
``refused/`` folder, and says why) every submission that the learner it names did not make:
its folder or a file in it owned by another account, or holding a link or a special file
(``submissions.py``: nbgrader would take a classmate's forgery as their newest work and, as
root, follow a planted link); nbgrader collects from a checked copy. ``grade`` is that
autograde, in the grading sandbox. ``feedback`` writes the feedback HTML (``instructor.py
feedback``) and releases it to the exchange, where each learner fetches their own.

Run it as root on the hub's machine: the exchange's inbound folder is readable only by the
one who released the lesson (and root), and grading as root lets the sandbox run student
code as ``nobody``. The exchange folder is the hub's ``DCGAN_HUB_EXCHANGE`` (default
``/srv/nbgrader/exchange``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR.parent))
sys.path.insert(0, str(HUB_DIR))
import instructor  # noqa: E402 -- autograder/instructor.py, the one place grading lives
import submissions  # noqa: E402 -- autograder/hub/submissions.py
from classhub import ensure_exchange, harden_course_exchange  # noqa: E402

COURSE_ID = "dcgan-course"
DEFAULT_EXCHANGE = Path(os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange"))


def exchange_nbgrader(what: str, exchange: Path, *args: str) -> str:
    """An nbgrader exchange command with the course's configuration and this exchange."""
    return instructor.run_or_exit(what, *args, f"--Exchange.root={exchange}",
                                  f"--CourseDirectory.course_id={COURSE_ID}")


def release(lesson: str, exchange: Path) -> None:
    ensure_exchange(exchange)
    instructor.release([lesson])
    exchange_nbgrader(f"release {lesson} to the exchange", exchange,
                      "release_assignment", lesson, "--force")
    harden_course_exchange(exchange, COURSE_ID)
    print(f"released {lesson} to {exchange / COURSE_ID / 'outbound' / lesson}")


def collect(lesson: str, exchange: Path, uid_of: submissions.UidOf = submissions.unix_uid,
            name_of: submissions.NameOf = submissions.unix_name) -> list[str]:
    """Copy the latest submission of every learner; returns the learners collected.

    Only submissions made by the uid of the learner they name (``uid_of``: the Unix account
    on the hub, the roster on the cluster) with nothing but plain files are taken; nbgrader
    collects them from a copy made through checked descriptors, in a root-only folder.
    """
    course = exchange / COURSE_ID
    staging = Path(tempfile.mkdtemp(prefix="dcgan-collect-"))  # 0700, root's
    try:
        (staging / COURSE_ID / "inbound").mkdir(parents=True)
        checked = submissions.screen(course / "inbound", course / "refused", uid_of, name_of,
                                     copy_to=staging / COURSE_ID / "inbound",
                                     copy_if=lambda entry: entry.split("+")[1:2] == [lesson])
        print(submissions.report(*checked))
        # The copies are root's: nbgrader's own owner check would only warn about each.
        exchange_nbgrader(f"collect {lesson}", staging, "collect", lesson, "--update",
                          "--ExchangeCollect.check_owner=False")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    learners = sorted(p.parent.name for p in instructor.SUBMITTED.glob(f"*/{lesson}")
                      if p.is_dir())
    print(f"collected {lesson}: {len(learners)} submission(s): {', '.join(learners)}")
    return learners


def grade(lesson: str, jobs: int) -> dict[str, list[str]]:
    return instructor.autograde([lesson], jobs=jobs)


def feedback(lesson: str, exchange: Path) -> None:
    instructor.feedback([lesson])
    exchange_nbgrader(f"release feedback for {lesson}", exchange, "release_feedback", lesson)
    harden_course_exchange(exchange, COURSE_ID)
    print(f"feedback for {lesson} released to {exchange / COURSE_ID / 'feedback'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["release", "collect", "grade", "feedback"])
    parser.add_argument("lesson", help="lesson folder, for example 01-gan-intro")
    parser.add_argument("--exchange", type=Path, default=DEFAULT_EXCHANGE,
                        help=f"nbgrader's exchange folder (default {DEFAULT_EXCHANGE})")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    args = parser.parse_args(argv)
    if args.lesson not in instructor.lesson_names():
        parser.error(f"{args.lesson!r} is not a lesson of this course "
                     f"({', '.join(instructor.lesson_names())})")
    if os.geteuid() != 0:
        parser.error("run this as root (sudo): the exchange's inbound folder and the grading "
                     "sandbox need it")
    if args.command == "release":
        release(args.lesson, args.exchange)
    elif args.command == "collect":
        collect(args.lesson, args.exchange)
    elif args.command == "grade":
        return 1 if grade(args.lesson, args.jobs) else 0
    else:
        feedback(args.lesson, args.exchange)
    return 0


if __name__ == "__main__":
    sys.exit(main())
