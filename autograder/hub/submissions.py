"""Who handed a submission in: the exchange's inbound folder, checked before nbgrader collects.

nbgrader's file exchange names a submission after the student id that the *learner's own
process* claims (``<student>+<lesson>+<time>+<random>``), and ``nbgrader collect`` only warns
when the folder belongs to someone else, then takes the newest folder per name. A learner
could hand in "as" a classmate with a later time and replace the classmate's work; or plant a
link in their own submission, which collect, as root, would follow to any file of the
grading machine. Every learner is their own Unix uid (on the class hub their own account, on
the cluster the roster's uid), so the owner of a submission proves who made it.

:func:`screen` moves out of ``inbound`` (into the course's root-only ``refused/`` folder)
every entry that is not a folder, whose claimed name has no uid (``uid_of`` says why), whose
folder or any file in it another uid owns, or that holds a link or a special file. With
``copy_to`` it also copies each accepted submission there, reading every file through a
descriptor opened without following links and checked on that descriptor: a learner who
swaps a file for a link after the check gets nothing followed (collect then reads the copy).

Used by ``autograder/hub/classroom.py collect`` (Unix accounts) and ``deploy/grader.py``
(the class roster's uids). Standard library only.
"""

from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: claimed student id -> the uid that must own its submissions, or why it is refused
UidOf = Callable[[str], "int | str"]
#: uid -> who that is (for the refusal's message)
NameOf = Callable[[int], str]
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
#: What one submission may hold (a lesson folder: a notebook and a few files it wrote).
MAX_DEPTH, MAX_FILES, MAX_BYTES = 16, 2000, 512 * 2**20


@dataclass
class _Budget:
    files: int = MAX_FILES
    bytes: int = MAX_BYTES


@dataclass(frozen=True)
class Refusal:
    entry: str
    reason: str


def unix_uid(name: str) -> int | str:
    """The uid of the Unix account ``name`` (the class hub: one account per learner)."""
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return f"{name!r} has no account on this machine"


def unix_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return "no account"


def _walk(fd: int, uid: int, where: str, target: Path | None, budget: _Budget,
          depth: int = 0) -> str | None:
    """Why the file or folder open at ``fd`` is not all ``uid``'s plain files (within the
    limits), or None; copies it to ``target`` on the way (when given)."""
    info = os.fstat(fd)
    if info.st_uid != uid:
        return f"{where} belongs to uid {info.st_uid}, not {uid}"
    budget.files -= 1
    budget.bytes -= info.st_size if stat.S_ISREG(info.st_mode) else 0
    if depth > MAX_DEPTH or budget.files < 0 or budget.bytes < 0:
        return (f"{where}: the submission holds more than {MAX_FILES} files, "
                f"{MAX_BYTES // 2**20} MB or {MAX_DEPTH} levels of folders")
    if stat.S_ISREG(info.st_mode):
        if target is not None:  # what it held when checked (a file growing meanwhile stops)
            with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                      "wb") as out:
                left = info.st_size
                while left > 0 and (chunk := os.read(fd, min(left, 2**20))):
                    out.write(chunk)
                    left -= len(chunk)
        return None
    if not stat.S_ISDIR(info.st_mode):
        return f"{where} is a special file"
    if target is not None:
        target.mkdir(mode=0o700)
    for name in sorted(os.listdir(fd)):
        path = f"{where}/{name}"
        seen = os.stat(name, dir_fd=fd, follow_symlinks=False)
        if stat.S_ISLNK(seen.st_mode):
            return f"{path} is a link"
        if not (stat.S_ISREG(seen.st_mode) or stat.S_ISDIR(seen.st_mode)):
            return f"{path} is a special file"
        try:
            child = os.open(name, _OPEN, dir_fd=fd)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return f"{path} is a link"
            return f"{path} cannot be read ({error.strerror})"
        try:
            now = os.fstat(child)
            if (now.st_dev, now.st_ino) != (seen.st_dev, seen.st_ino):
                return f"{path} changed while it was checked"
            problem = _walk(child, uid, path, None if target is None else target / name,
                            budget, depth + 1)
        finally:
            os.close(child)
        if problem:
            return problem
    return None


def _check_entry(inbound_fd: int, name: str, uid_of: UidOf, name_of: NameOf,
                 target: Path | None) -> str | None:
    claimed = name.split("+", 1)[0]
    info = os.stat(name, dir_fd=inbound_fd, follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode):
        return "not a submission folder"
    expected = uid_of(claimed)
    if isinstance(expected, str):
        return expected
    if info.st_uid != expected:
        return (f"made by uid {info.st_uid} ({name_of(info.st_uid)}), not by {claimed}'s uid "
                f"{expected}")
    try:
        fd = os.open(name, _OPEN | os.O_DIRECTORY, dir_fd=inbound_fd)
    except OSError as error:
        return f"{name} cannot be read ({error.strerror})"
    try:
        return _walk(fd, expected, name, target, _Budget())
    finally:
        os.close(fd)


def screen(inbound: Path, refused: Path, uid_of: UidOf, name_of: NameOf = unix_name,
           copy_to: Path | None = None, copy_if: Callable[[str], bool] = lambda entry: True
           ) -> tuple[list[str], list[Refusal]]:
    """Accepted entry names and refusals; refused entries are moved to ``refused`` (made
    0700). Accepted entries for which ``copy_if`` holds are copied into ``copy_to``."""
    accepted, refusals = [], []
    inbound_fd = os.open(inbound, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for name in sorted(os.listdir(inbound_fd)):
            target = copy_to / name if copy_to is not None and copy_if(name) else None
            try:
                reason = _check_entry(inbound_fd, name, uid_of, name_of, target)
            except FileNotFoundError:  # removed meanwhile (another grader moved it first)
                continue
            if reason is None:
                accepted.append(name)
                continue
            if target is not None:
                shutil.rmtree(target, ignore_errors=True)
            refused.mkdir(mode=0o700, exist_ok=True)
            try:
                os.replace(inbound / name, refused / name)
            except FileNotFoundError:
                continue
            refusals.append(Refusal(name, reason))
    finally:
        os.close(inbound_fd)
    return accepted, refusals


def report(accepted: list[str], refusals: list[Refusal]) -> str:
    lines = [f"inbound: {len(accepted)} submission(s) accepted, {len(refusals)} refused"]
    lines += [f"  REFUSED {r.entry}: {r.reason} (moved to refused/)" for r in refusals]
    return "\n".join(lines)
