"""Enrolment from a class list (deploy/enrol.py), the roster it keeps (deploy/hub/roster.py)
and the grading machine's checks on the exchange (deploy/grader.py), without a cluster."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
sys.path.insert(0, str(DEPLOY / "hub"))
import grader  # noqa: E402 -- deploy/grader.py
import roster  # noqa: E402 -- deploy/hub/roster.py


def run_enrol(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DEPLOY / "enrol.py"), *args, "--bcrypt-rounds",
                           "4"], capture_output=True, text=True)


def class_list(path: Path, learners: list[str], instructors: tuple[str, ...] = ("teach",)
               ) -> Path:
    rows = ["username,role,email,name"]
    rows += [f"{n},instructor,{n}@example.org,Instructor {n}" for n in instructors]
    rows += [f"{n},learner,{n}@example.org,Learner {n}" for n in learners]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_a_class_of_300_in_one_run(tmp_path):
    learners = [f"s{i:04d}" for i in range(300)]
    result = run_enrol(str(class_list(tmp_path / "class.csv", learners)),
                       "--roster", str(tmp_path / "roster.csv"),
                       "--passwords", str(tmp_path / "passwords.csv"))
    assert result.returncode == 0, result.stderr
    members = roster.read(tmp_path / "roster.csv")
    assert len(members) == 301 and all(m.active for m in members.values())
    uids = sorted(m.uid for m in members.values())
    assert uids == list(range(roster.UID_MIN, roster.UID_MIN + 301))
    assert members["teach"].role == "instructor" and members["s0000"].role == "learner"
    passwords = list(csv.DictReader(io.StringIO((tmp_path / "passwords.csv").read_text())))
    assert len(passwords) == 301 and len({p["initial_password"] for p in passwords}) == 301
    assert stat.S_IMODE((tmp_path / "passwords.csv").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "roster.csv").stat().st_mode) == 0o600
    import bcrypt

    first = passwords[0]
    assert bcrypt.checkpw(first["initial_password"].encode(),
                          members[first["username"]].password_hash.encode())
    assert "initial_password" not in (tmp_path / "roster.csv").read_text()
    # The same list again changes nothing and needs no new passwords file.
    before = (tmp_path / "roster.csv").read_text()
    again = run_enrol(str(tmp_path / "class.csv"), "--roster", str(tmp_path / "roster.csv"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "roster.csv").read_text() == before


def test_changes_during_the_term_keep_every_uid(tmp_path):
    """Late learners get new uids; a learner who leaves is withdrawn with their uid kept
    (their files on the exchange carry it); one who comes back gets the same uid."""
    roster_path = tmp_path / "roster.csv"
    assert run_enrol(str(class_list(tmp_path / "a.csv", ["ann", "bob", "cat"])), "--roster",
                     str(roster_path), "--passwords", str(tmp_path / "p1.csv")).returncode == 0
    first = roster.read(roster_path)
    result = run_enrol(str(class_list(tmp_path / "b.csv", ["ann", "cat", "dan"])), "--roster",
                       str(roster_path), "--passwords", str(tmp_path / "p2.csv"))
    assert result.returncode == 0, result.stderr
    assert "withdrawn: 1 (bob)" in result.stdout and "added: 1 (dan)" in result.stdout
    second = roster.read(roster_path)
    assert second["bob"].status == "withdrawn" and second["bob"].uid == first["bob"].uid
    assert second["dan"].uid == max(m.uid for m in first.values()) + 1
    assert second["ann"] == first["ann"]  # uid and password hash kept
    issued = (tmp_path / "p2.csv").read_text()
    assert "dan," in issued and "ann," not in issued
    result = run_enrol(str(class_list(tmp_path / "c.csv", ["ann", "bob", "dan"],
                                      instructors=("teach", "cat"))),
                       "--roster", str(roster_path))
    assert result.returncode == 0, result.stderr
    third = roster.read(roster_path)
    assert third["bob"].active and third["bob"].uid == first["bob"].uid
    assert third["cat"].role == "instructor"


def test_a_bad_class_list_enrols_nobody_and_says_why(tmp_path):
    roster_path = tmp_path / "roster.csv"
    run_enrol(str(class_list(tmp_path / "ok.csv", ["ann"])), "--roster", str(roster_path),
              "--passwords", str(tmp_path / "p.csv"))
    before = roster_path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("username,role\nBen,learner\nben,learner\nal ice,learner\nx+y,learner\n"
                   "carl,teacher\n")
    result = run_enrol(str(bad), "--roster", str(roster_path), "--passwords",
                       str(tmp_path / "p2.csv"))
    assert result.returncode == 2
    for line, why in ((3, "ben is already on line 2"), (4, "'al ice' is not a usable"),
                      (5, "'x+y' is not a usable"), (6, "role 'teacher'")):
        assert f"line {line}: {why}" in result.stderr, result.stderr
    assert roster_path.read_bytes() == before and not (tmp_path / "p2.csv").exists()
    # New accounts without a file for their passwords: refused before anything is written.
    result = run_enrol(str(class_list(tmp_path / "more.csv", ["ann", "zoe"])), "--roster",
                       str(roster_path))
    assert result.returncode == 2 and "--passwords" in result.stderr
    assert roster_path.read_bytes() == before
    # An earlier batch of passwords is never overwritten.
    result = run_enrol(str(tmp_path / "more.csv"), "--roster", str(roster_path),
                       "--passwords", str(tmp_path / "p.csv"))
    assert result.returncode == 2 and "exists" in result.stderr
    missing = tmp_path / "nocolumn.csv"
    missing.write_text("user,role\nann,learner\n")
    result = run_enrol(str(missing), "--roster", str(roster_path))
    assert result.returncode == 2 and "no 'username' column" in result.stderr


@pytest.mark.parametrize(("row", "why"), [
    ("ann,learner,20000,active,\nbob,learner,20000,active,", "uid 20000 is already ann's"),
    ("ann,learner,20000,active,\nann,learner,20001,active,", "ann is listed twice"),
    ("ann,learner,1000,active,", "outside 20000..59999"),
    ("ann,learner,20000,gone,", "status 'gone'"),
    ("Ann,learner,20000,active,", "not a usable username"),
])
def test_the_hub_refuses_a_damaged_roster(row, why):
    with pytest.raises(roster.RosterError, match=why):
        roster.parse(",".join(roster.FIELDS) + "\n" + row + "\n")


# --- the grading machine's check of the exchange ------------------------------------------

def member(name: str, uid: int, status: str = "active") -> roster.Member:
    return roster.Member(name, "learner", uid, status)


def make_submission(inbound: Path, name: str, uid: int, files: dict[str, int] | None = None
                    ) -> Path:
    folder = inbound / f"{name}+01-gan-intro+2026-11-02 10:00:00.000000 UTC+{uid}"
    folder.mkdir()
    for file, owner in (files or {"01-gan-intro.ipynb": uid}).items():
        (folder / file).write_text("{}")
        os.chown(folder / file, owner, owner)
    os.chown(folder, uid, uid)
    return folder


@pytest.mark.skipif(os.geteuid() != 0, reason="making files of other uids needs root")
def test_check_accepts_only_submissions_made_by_the_named_learner(tmp_path):
    members = {"ann": member("ann", 20000), "bob": member("bob", 20001),
               "zed": member("zed", 20002, "withdrawn")}
    inbound = tmp_path / "dcgan-course" / "inbound"
    inbound.mkdir(parents=True)
    make_submission(inbound, "ann", 20000)
    make_submission(inbound, "bob", 20000)  # made by ann, named bob
    make_submission(inbound, "mal", 20003)  # not on the roster
    make_submission(inbound, "zed", 20002)  # withdrawn
    make_submission(inbound, "bob", 20001, {"01-gan-intro.ipynb": 20001, "x.py": 20000})
    linked = inbound / "ann+01-gan-intro+2099-01-01 00:00:00.000000 UTC+link"
    linked.mkdir()
    (linked / "01-gan-intro.ipynb").symlink_to("/etc/hostname")
    os.lchown(linked / "01-gan-intro.ipynb", 20000, 20000)
    os.chown(linked, 20000, 20000)
    fifo = inbound / "ann+01-gan-intro+2099-01-02 00:00:00.000000 UTC+fifo"
    fifo.mkdir()
    os.mkfifo(fifo / "01-gan-intro.ipynb")
    os.chown(fifo / "01-gan-intro.ipynb", 20000, 20000)
    os.chown(fifo, 20000, 20000)
    accepted, refused = grader.check(tmp_path, members)
    assert [a.split("+")[0] for a in accepted] == ["ann"]
    reasons = sorted(r.reason for r in refused)
    assert len(reasons) == 6, reasons
    joined = "\n".join(reasons)
    for why in ("made by uid 20000 (ann), not by bob's uid 20001", "'mal' is not on the roster",
                "zed is withdrawn", "x.py belongs to uid 20000, not 20001", "is a link",
                "is a special file"):
        assert why in joined, joined
    moved = sorted(p.name for p in (tmp_path / "dcgan-course" / "refused").iterdir())
    assert moved == sorted(r.entry for r in refused)
    assert sorted(p.name for p in inbound.iterdir()) == accepted


def test_shards_split_the_class_once_and_merge_back(tmp_path):
    members = {f"s{i}": member(f"s{i}", 20000 + i) for i in range(10)}
    kept = []
    for shard in range(3):
        submitted = tmp_path / f"shard{shard}"
        for name in [*members, "stranger"]:
            (submitted / name / "01-gan-intro").mkdir(parents=True)
        kept.append(grader.keep_shard(submitted, "01-gan-intro", members, shard, 3))
        assert sorted(p.name for p in submitted.iterdir() if any(p.iterdir())) == kept[-1]
    assert sorted(sum(kept, [])) == sorted(members) and max(map(len, kept)) - \
        min(map(len, kept)) <= 1
    header = "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score," \
             "late_submission_penalty,score,max_score\n"
    files = []
    for shard, names in enumerate(kept):
        path = tmp_path / f"grades-{shard}.csv"
        path.write_text(header + "".join(f"01-gan-intro,,,{n},,,,8,0,8,8\n" for n in names))
        files.append(path)
    merged = list(csv.DictReader(io.StringIO(grader.merge(files))))
    assert sorted(r["student_id"] for r in merged) == sorted(members)
    with pytest.raises(ValueError, match="shards overlap"):
        grader.merge([files[0], files[0]])
