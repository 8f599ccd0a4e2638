"""The class roster: who may log in, with which role, and the Unix uid each account runs as.

One CSV file, kept by the instructor and written only by ``deploy/enrol.py``, is the single
source of truth for three places that must agree:

* the hub (``dcgan_hub.py``): the allow-list, the admins, the pre-approved accounts and
  their initial password hashes;
* every learner's pod: KubeSpawner runs it as the member's ``uid`` (gid the same number),
  so that on the shared exchange each learner is a different Unix user, and the exchange's
  file permissions keep one learner's submission and feedback from another;
* the grading machine (``deploy/inbound.py``): a submission is accepted only when the
  owner of its folder is the uid recorded for the learner whose name it carries.

Columns: ``username,role,uid,status,password_hash``. A uid is handed out once and never
again: a learner who leaves is marked ``withdrawn`` (kept, with their uid reserved, since
their files on the exchange still carry it) rather than deleted. This module only reads and
checks the file; it needs nothing but the standard library (the hub, the grader and the
instructor's laptop all import it).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("username", "role", "uid", "status", "password_hash")
ROLES = ("learner", "instructor")
STATUSES = ("active", "withdrawn")
#: Uids handed to accounts: above the image's own users (jovyan is 1000) and distributions'
#: ranges for people (1000-19999 by default), below nobody (65534); 40,000 accounts.
UID_MIN, UID_MAX = 20_000, 59_999
#: A hub username that every layer accepts as it is: JupyterHub lower-cases names, nbgrader
#: splits submission folders on '+' and refuses '*', Kubernetes derives pod names from it.
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


class RosterError(ValueError):
    """The roster file cannot be used; the message names the line and what to fix."""


@dataclass(frozen=True)
class Member:
    username: str
    role: str
    uid: int
    status: str = "active"
    password_hash: str = ""

    @property
    def active(self) -> bool:
        return self.status == "active"

    def row(self) -> dict[str, str]:
        return {"username": self.username, "role": self.role, "uid": str(self.uid),
                "status": self.status, "password_hash": self.password_hash}


def check_username(name: str) -> str | None:
    """Why ``name`` cannot be a hub username, or None when it can."""
    if USERNAME.match(name):
        return None
    return (f"{name!r} is not a usable username: 1-32 characters, lower-case letters, digits "
            "and . _ - only, starting with a letter or digit")


def parse(text: str, source: str = "roster") -> dict[str, Member]:
    """The members of a roster file's ``text``, checked as a whole.

    Refused, with the line: a missing column, an unknown role or status, a username that is
    not usable, a uid outside ``UID_MIN..UID_MAX``, and any username or uid given twice.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise RosterError(f"{source}: missing column(s) {', '.join(missing)}; the header must "
                          f"be {','.join(FIELDS)} (deploy/enrol.py writes it)")
    members: dict[str, Member] = {}
    owners: dict[int, str] = {}
    for line, row in enumerate(reader, start=2):
        where = f"{source}, line {line}"
        name = (row["username"] or "").strip()
        if problem := check_username(name):
            raise RosterError(f"{where}: {problem}")
        if row["role"] not in ROLES:
            raise RosterError(f"{where}: role {row['role']!r} is not one of {', '.join(ROLES)}")
        if row["status"] not in STATUSES:
            raise RosterError(f"{where}: status {row['status']!r} is not one of "
                              f"{', '.join(STATUSES)}")
        try:
            uid = int(row["uid"])
        except (TypeError, ValueError):
            raise RosterError(f"{where}: uid {row['uid']!r} is not a number") from None
        if not UID_MIN <= uid <= UID_MAX:
            raise RosterError(f"{where}: uid {uid} is outside {UID_MIN}..{UID_MAX}")
        if name in members:
            raise RosterError(f"{where}: {name} is listed twice")
        if uid in owners:
            raise RosterError(f"{where}: uid {uid} is already {owners[uid]}'s; a uid belongs "
                              "to one account for good")
        owners[uid] = name
        members[name] = Member(name, row["role"], uid, row["status"],
                               (row["password_hash"] or "").strip())
    return members


def read(path: str | Path) -> dict[str, Member]:
    """The checked members of the roster file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RosterError(f"cannot read the roster {path}: {error.strerror}") from None
    return parse(text, str(path))


def dumps(members: dict[str, Member]) -> str:
    """The roster file's text, one member a line in uid order (diffs stay readable)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for member in sorted(members.values(), key=lambda m: m.uid):
        writer.writerow(member.row())
    return out.getvalue()


def uid_owner(members: dict[str, Member]) -> dict[int, str]:
    """uid -> username for every member, withdrawn ones included."""
    return {m.uid: m.username for m in members.values()}
