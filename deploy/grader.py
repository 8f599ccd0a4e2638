#!/usr/bin/env python3
"""The grading machine's side of the cluster's exchange: check, collect, shard, merge.

    python deploy/grader.py check   --roster R [--exchange DIR]
    python deploy/grader.py collect LESSON --roster R [--exchange DIR]
    python deploy/grader.py shard   LESSON --roster R --shard K/N
    python deploy/grader.py merge   grades-0.csv grades-1.csv ... --to grades.csv

Runs as root in the grading pod (deploy/k8s/grader.yaml), in the instructor's checkout of
the course, with the exchange's NFS volume mounted at ``/srv/nbgrader/exchange``; the other
steps are ``autograder/hub/classroom.py`` (release, grade, feedback) unchanged.

``check`` is what nbgrader's file exchange leaves out. nbgrader names a submission after the
student id the *learner's own process* claims (``<student>+<lesson>+<time>+<random>``) and
``nbgrader collect`` only warns when the folder belongs to someone else, then takes the
newest one per name: a learner could hand in "as" a classmate, with a later time, and replace
the classmate's work. On the cluster every learner is their own uid (the roster's), so the
owner of a submission proves who made it. ``check`` moves every submission out of
``inbound`` into the course's ``refused/`` folder (readable by root only) when its folder or
anything in it is not owned by the roster's uid of the name it carries, when the name is not
an active member, or when it holds a link or a special file (collect, as root, would follow a
link to any file of the grading machine). ``collect`` is ``check`` and then
``classroom.py collect``.

``shard`` keeps, of the collected submissions of a lesson, those of one shard of the class
(uid modulo N): N grading pods then each grade a share, with their own gradebook, and each
releases its own learners' feedback. ``merge`` joins the shards' ``instructor.py export``
files into one.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "hub"))
sys.path.insert(0, str(HERE.parent / "autograder" / "hub"))
import roster  # noqa: E402 -- deploy/hub/roster.py
import submissions  # noqa: E402 -- autograder/hub/submissions.py: who made a submission
from submissions import Refusal  # noqa: E402

COURSE = HERE.parent
COURSE_ID = "dcgan-course"
DEFAULT_EXCHANGE = Path(os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange"))


def expected_uid(members: dict[str, roster.Member]) -> submissions.UidOf:
    """claimed name -> the roster's uid of that active member, or why it is refused."""

    def uid_of(claimed: str) -> int | str:
        member = members.get(claimed)
        if member is None:
            return f"{claimed!r} is not on the roster"
        if not member.active:
            return f"{claimed} is withdrawn"
        return member.uid

    return uid_of


def owner_name(members: dict[str, roster.Member]) -> submissions.NameOf:
    owners = roster.uid_owner(members)
    return lambda uid: owners.get(uid, "no one on the roster")


def check(exchange: Path, members: dict[str, roster.Member],
          course_id: str = COURSE_ID) -> tuple[list[str], list[Refusal]]:
    """Accepted entry names and refusals; refused entries are moved to ``refused/``
    (autograder/hub/submissions.py, which the one-machine hub's collect uses too)."""
    course = exchange / course_id
    return submissions.screen(course / "inbound", course / "refused", expected_uid(members),
                              owner_name(members))


def shard_of(member: roster.Member, shards: int) -> int:
    return member.uid % shards


def keep_shard(submitted: Path, lesson: str, members: dict[str, roster.Member], shard: int,
               shards: int) -> list[str]:
    """Remove the collected submissions of ``lesson`` that belong to other shards; returns
    the students kept. A name not on the roster is removed (``check`` refused it anyway)."""
    kept = []
    for folder in sorted(submitted.glob(f"*/{lesson}")):
        member = members.get(folder.parent.name)
        if member is not None and shard_of(member, shards) == shard:
            kept.append(member.username)
        else:
            shutil.rmtree(folder)
    return kept


def merge(files: list[Path]) -> str:
    """One CSV of the shards' exports (nbgrader's export: one row per student and lesson)."""
    header, rows, seen = None, [], {}
    for path in files:
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        head = next(reader, None)
        if head is None:
            continue
        if header is None:
            header = head
        elif head != header:
            raise ValueError(f"{path}: its columns differ from {files[0]}'s")
        key_columns = [header.index(c) for c in ("assignment", "student_id") if c in header]
        for row in reader:
            key = tuple(row[i] for i in key_columns)
            if key in seen:
                raise ValueError(f"{path}: {key} is also in {seen[key]} (shards overlap)")
            seen[key] = path
            rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header or [])
    writer.writerows(rows)
    return out.getvalue()


def _report(accepted: list[str], refused: list[Refusal]) -> None:
    print(f"inbound: {len(accepted)} submission(s) accepted, {len(refused)} refused")
    for refusal in refused:
        print(f"  REFUSED {refusal.entry}: {refusal.reason} (moved to refused/)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "collect", "shard"):
        command = sub.add_parser(name)
        if name != "check":
            command.add_argument("lesson")
        command.add_argument("--roster", type=Path, required=True)
        command.add_argument("--exchange", type=Path, default=DEFAULT_EXCHANGE)
        if name == "shard":
            command.add_argument("--shard", required=True, help="K/N: this pod's shard K of N")
    merging = sub.add_parser("merge")
    merging.add_argument("files", type=Path, nargs="+")
    merging.add_argument("--to", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "merge":
        args.to.write_text(merge(args.files), encoding="utf-8")
        print(f"grades of {len(args.files)} shard(s) written to {args.to}")
        return 0
    members = roster.read(args.roster)
    if args.command in ("check", "collect"):
        _report(*check(args.exchange, members))
    if args.command == "collect":
        sys.path.insert(0, str(COURSE / "autograder" / "hub"))
        import classroom  # autograder/hub/classroom.py: nbgrader collect, as on one machine

        # nbgrader collects from a copy checked again (a file swapped after ``check``).
        classroom.collect(args.lesson, args.exchange, expected_uid(members),
                          owner_name(members))
    if args.command == "shard":
        k, _, n = args.shard.partition("/")
        if not (k.isdigit() and n.isdigit() and 0 <= int(k) < int(n)):
            parser.error(f"--shard {args.shard}: expected K/N with 0 <= K < N, e.g. 0/4")
        sys.path.insert(0, str(COURSE / "autograder"))
        import instructor

        kept = keep_shard(instructor.SUBMITTED, args.lesson, members, int(k), int(n))
        print(f"shard {k}/{n}: {len(kept)} submission(s) of {args.lesson} kept for grading")
    return 0


if __name__ == "__main__":
    sys.exit(main())
