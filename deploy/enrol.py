#!/usr/bin/env python3
"""Enrol a class from the registrar's CSV: accounts, roles, uids and initial passwords.

    python deploy/enrol.py CLASS.csv --roster class/roster.csv --passwords class/new-passwords.csv

``CLASS.csv`` is the class list as the registrar or the LMS exports it: a header with at
least ``username`` (the name each person logs in with), optionally ``role`` (``learner``,
the default, or ``instructor``), ``email`` and ``name``. Other columns are ignored.

``--roster`` is the class roster the hub, the pods and the grader read (``deploy/hub/
roster.py``). It is created on the first run and updated on every later one:

* a new person gets the next free uid (never one used before) and, unless
  ``--no-passwords``, a random initial password; the roster keeps only its bcrypt hash;
* a person already enrolled keeps their uid and password hash (a changed role is applied);
* a person on the roster but not in ``CLASS.csv`` is marked ``withdrawn``: they can no longer
  log in, and their uid stays reserved, since their files on the exchange still carry it;
  someone withdrawn who is back in ``CLASS.csv`` is active again, with the same uid.

``--passwords`` receives the new accounts' initial passwords (username, email, name,
password; mode 0600), for a mail merge: hand each learner their own, then delete the file.
It must be a new file, so that an earlier batch is never overwritten.

Nothing is written when the class list has a problem: every problem is listed, with its
line, and the roster stays as it was. Then give the roster to the hub (``helm upgrade``,
deploy/README.md) and the grader.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "hub"))
import roster  # noqa: E402 -- deploy/hub/roster.py

BCRYPT_ROUNDS = 12  # bcrypt's default cost: about a quarter of a second per password


class ClassListError(ValueError):
    """The class list cannot be enrolled; the message lists every problem."""


def read_class_list(text: str, source: str = "class list") -> dict[str, dict[str, str]]:
    """``{username: {"role", "email", "name"}}`` from the registrar's CSV ``text``.

    Usernames are lower-cased (JupyterHub compares them so). All problems are collected and
    raised together: a missing ``username`` column, unusable names, unknown roles, and two
    lines that are the same person once lower-cased.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # Excel writes a BOM
    if "username" not in (reader.fieldnames or []):
        raise ClassListError(f"{source}: no 'username' column (found: "
                             f"{', '.join(reader.fieldnames or []) or 'nothing'})")
    people: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    problems = []
    for line, row in enumerate(reader, start=2):
        name = (row.get("username") or "").strip().lower()
        role = (row.get("role") or "learner").strip().lower() or "learner"
        if not name and not any((v or "").strip() for v in row.values()):
            continue  # an empty line
        if problem := roster.check_username(name):
            problems.append(f"line {line}: {problem}")
            continue
        if role not in roster.ROLES:
            problems.append(f"line {line}: role {role!r} is not one of {', '.join(roster.ROLES)}")
            continue
        if name in people:
            problems.append(f"line {line}: {name} is already on line {first_line[name]}")
            continue
        first_line[name] = line
        people[name] = {"role": role, "email": (row.get("email") or "").strip(),
                        "name": (row.get("name") or "").strip()}
    if problems:
        raise ClassListError(f"{source}: nothing enrolled, {len(problems)} problem(s):\n  "
                             + "\n  ".join(problems))
    if not people:
        raise ClassListError(f"{source}: no one to enrol")
    return people


def enrol(people: dict[str, dict[str, str]], members: dict[str, roster.Member],
          passwords: bool = True, rounds: int = BCRYPT_ROUNDS
          ) -> tuple[dict[str, roster.Member], dict[str, str], dict[str, list[str]]]:
    """The new roster, the new accounts' initial passwords and what changed.

    Pure: reads ``members`` (the roster so far) and returns new objects.
    """
    import bcrypt

    updated = dict(members)
    next_uid = max([roster.UID_MIN - 1, *(m.uid for m in members.values())]) + 1
    issued: dict[str, str] = {}
    changes: dict[str, list[str]] = {"added": [], "withdrawn": [], "back": [], "role": []}
    for name, person in sorted(people.items()):
        old = members.get(name)
        if old is None:
            if next_uid > roster.UID_MAX:
                raise ClassListError(f"no uid left in {roster.UID_MIN}..{roster.UID_MAX}")
            hashed = ""
            if passwords:
                issued[name] = secrets.token_urlsafe(12)
                hashed = bcrypt.hashpw(issued[name].encode(),
                                       bcrypt.gensalt(rounds)).decode()
            updated[name] = roster.Member(name, person["role"], next_uid, "active", hashed)
            next_uid += 1
            changes["added"].append(name)
            continue
        if not old.active:
            changes["back"].append(name)
        if old.role != person["role"]:
            changes["role"].append(name)
        updated[name] = roster.Member(name, person["role"], old.uid, "active",
                                      old.password_hash)
    for name, old in members.items():
        if name not in people and old.active:
            updated[name] = roster.Member(name, old.role, old.uid, "withdrawn",
                                          old.password_hash)
            changes["withdrawn"].append(name)
    roster.parse(roster.dumps(updated))  # the result must be a valid roster, or nothing
    return updated, issued, changes


def write_atomically(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def passwords_csv(issued: dict[str, str], people: dict[str, dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["username", "email", "name", "initial_password"])
    for name in sorted(issued):
        writer.writerow([name, people[name]["email"], people[name]["name"], issued[name]])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("class_list", type=Path, help="the registrar's CSV (username, role, ...)")
    parser.add_argument("--roster", type=Path, required=True,
                        help="the class roster to create or update")
    parser.add_argument("--passwords", type=Path,
                        help="new file for the new accounts' initial passwords")
    parser.add_argument("--no-passwords", action="store_true",
                        help="no passwords (an OAuth/SSO login names the users)")
    parser.add_argument("--bcrypt-rounds", type=int, default=BCRYPT_ROUNDS,
                        help=argparse.SUPPRESS)  # tests use bcrypt's minimum, 4
    args = parser.parse_args(argv)
    try:
        people = read_class_list(args.class_list.read_text(encoding="utf-8"),
                                 str(args.class_list))
        members = roster.read(args.roster) if args.roster.exists() else {}
    except (OSError, ValueError) as error:
        parser.exit(2, f"enrol: {error}\n")
    if args.passwords is not None and args.passwords.exists():
        parser.error(f"{args.passwords} exists: name a new file (an earlier batch of initial "
                     "passwords is never overwritten)")
    try:
        updated, issued, changes = enrol(people, members, not args.no_passwords,
                                         args.bcrypt_rounds)
    except ValueError as error:
        parser.exit(2, f"enrol: {error}\n")
    if issued and args.passwords is None:
        parser.error(f"{len(issued)} new account(s) need initial passwords: add --passwords "
                     "FILE (a new file), or --no-passwords for an OAuth/SSO login; nothing "
                     "was written")
    if issued:
        write_atomically(args.passwords, passwords_csv(issued, people))
    write_atomically(args.roster, roster.dumps(updated))
    active = sum(m.active for m in updated.values())
    print(f"roster {args.roster}: {active} active, {len(updated) - active} withdrawn")
    for what, names in changes.items():
        if names:
            print(f"  {what}: {len(names)} ({', '.join(names[:10])}"
                  f"{', ...' if len(names) > 10 else ''})")
    if issued:
        print(f"initial passwords of {len(issued)} new account(s): {args.passwords} (mode 0600; "
              "hand them out, then delete the file)")
    print("next: helm upgrade with the new roster (deploy/README.md, 'Enrol'), and copy it to "
          "the grader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
