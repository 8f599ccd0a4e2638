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
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "hub"))
import roster  # noqa: E402 -- deploy/hub/roster.py

COURSE = HERE.parent
COURSE_ID = "dcgan-course"
DEFAULT_EXCHANGE = Path(os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange"))


@dataclass(frozen=True)
class Refusal:
    entry: str
    reason: str


def _problem(path: Path, uid: int) -> str | None:
    """Why the submission folder ``path`` is not all ``uid``'s plain files, or None."""
    for folder, dirs, files in os.walk(path):
        for name in [".", *dirs, *files]:
            item = Path(folder) / name if name != "." else Path(folder)
            info = item.lstat()
            relative = item.relative_to(path.parent)
            if stat.S_ISLNK(info.st_mode):
                return f"{relative} is a link"
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                return f"{relative} is a special file"
            if info.st_uid != uid:
                return f"{relative} belongs to uid {info.st_uid}, not {uid}"
    return None


def check(exchange: Path, members: dict[str, roster.Member],
          course_id: str = COURSE_ID) -> tuple[list[str], list[Refusal]]:
    """Accepted entry names and refusals; refused entries are moved to ``refused/``."""
    inbound = exchange / course_id / "inbound"
    refused_dir = exchange / course_id / "refused"
    owners = roster.uid_owner(members)
    accepted, refused = [], []
    for entry in sorted(os.scandir(inbound), key=lambda e: e.name):
        claimed = entry.name.split("+", 1)[0]
        member = members.get(claimed)
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode):
            reason = "not a submission folder"
        elif member is None:
            reason = f"{claimed!r} is not on the roster"
        elif not member.active:
            reason = f"{claimed} is withdrawn"
        elif info.st_uid != member.uid:
            made_by = owners.get(info.st_uid, "no one on the roster")
            reason = (f"made by uid {info.st_uid} ({made_by}), not by {claimed}'s uid "
                      f"{member.uid}")
        else:
            reason = _problem(Path(entry.path), member.uid)
        if reason is None:
            accepted.append(entry.name)
            continue
        refused_dir.mkdir(mode=0o700, exist_ok=True)
        try:
            os.replace(entry.path, refused_dir / entry.name)
        except FileNotFoundError:  # another grading pod moved it first
            continue
        refused.append(Refusal(entry.name, reason))
    return accepted, refused


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

        classroom.collect(args.lesson, args.exchange)
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
