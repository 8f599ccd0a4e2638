"""The cluster's exchange for real: nbgrader's file exchange on one shared folder, every
learner their own Unix uid, release -> fetch -> submit -> check -> collect -> autograde ->
feedback -> fetch feedback.

What runs here is what runs on the cluster, minus Kubernetes:

* the **grading machine** is this test, as root, in a copy of the course: the commands of
  deploy/README.md (``autograder/hub/classroom.py`` and ``deploy/grader.py``), with the
  exchange folder as an NFS mount would show it;
* each **learner's pod** is a bubblewrap view with what the pod has and nothing else: the
  exchange at ``/srv/nbgrader/exchange``, the learner's own home volume at ``/home/jovyan``
  (owned by their uid, as fsGroup makes it), the learner image's Jupyter settings
  (``deploy/image/jupyter``), the course's Python; the process runs as the roster's uid,
  which has no entry in /etc/passwd (as in the image), with no privileges left.

Two learners: ann hands in the solved lesson; eve hands in an untouched one and attacks:
she submits "as ann" with a later time (nbgrader would take it as ann's newest), plants a
submission that is a link to ann's collected notebook on the grading machine, and tries to
list, remove, rename and write into others' work and feedback from her pod.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, copy_course
from test_grading_safety import DEMO_CELLS

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]

sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "deploy" / "hub"))
import enrol  # noqa: E402 -- deploy/enrol.py
import roster  # noqa: E402 -- deploy/hub/roster.py

LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
COURSE_ID = "dcgan-course"
EXCHANGE_IN_POD = "/srv/nbgrader/exchange"
FUTURE = "2099-01-01 00:00:00.000000 UTC"


def reachable(path: Path) -> list[str]:
    """bubblewrap arguments that make the folders above ``path`` (in a tmpfs) enterable."""
    return [a for folder in reversed(path.parents[:-1])
            for a in ("--perms", "0755", "--dir", str(folder))]


def pod_view(home: Path, exchange: Path | None, config: Path, hide: list[Path]) -> list[str]:
    """A learner pod's view of this machine: read-only system, the course's Python, the
    home volume, the exchange, the image's Jupyter settings; ``hide`` emptied (the test's
    own folders: other homes, the grading machine's course, the exchange's real path)."""
    command = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               "--tmpfs", "/tmp", "--unshare-pid", "--unshare-ipc", "--die-with-parent"]
    root_home = Path(pwd.getpwuid(0).pw_dir)
    needed = sorted({Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()})
    if any(root_home in p.parents for p in needed):  # a pyenv Python under /root (0700)
        command += ["--perms", "0755", "--tmpfs", str(root_home)]
        for path in (p for p in needed if root_home in p.parents):
            command += [*reachable(path), "--ro-bind", str(path), str(path)]
    for folder in hide:
        command += ["--tmpfs", str(folder)]
    command += ["--tmpfs", "/srv", "--tmpfs", "/opt", "--tmpfs", "/home",
                "--bind", str(home), "/home/jovyan",
                "--perms", "0755", "--dir", "/opt/dcgan-image",
                "--ro-bind", str(config), "/opt/dcgan-image/jupyter"]
    if exchange is not None:
        command += ["--perms", "0755", "--dir", "/srv/nbgrader",
                    "--bind", str(exchange), EXCHANGE_IN_POD]
    return [*command, "--chdir", "/home/jovyan", "--"]


def as_uid(uid: int) -> list[str]:
    """Become ``uid`` (group the same number, no other groups, no privileges), as the pod."""
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]


def pod_env(name: str) -> dict[str, str]:
    """The environment a learner's pod has (the image's ENV plus what the hub sets)."""
    return {"HOME": "/home/jovyan", "USER": "jovyan", "JUPYTERHUB_USER": name,
            "JUPYTER_CONFIG_PATH": "/opt/dcgan-image/jupyter", "LANG": "C.UTF-8",
            "DCGAN_HUB_EXCHANGE": EXCHANGE_IN_POD, "DCGAN_COURSE_PROFILE": "fast",
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}


class Class:
    """The grading machine's course, the exchange, the roster and the learners' homes."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.course = copy_course(base / "course")  # the instructor's checkout, with deploy/
        shutil.copytree(ROOT / "deploy", self.course / "deploy",
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.exchange = base / "exchange"  # the NFS export; the grader creates the course
        self.exchange.mkdir(mode=0o755)
        people = enrol.read_class_list("username,role\nteach,instructor\nann,learner\n"
                                       "eve,learner\n")
        self.members, _, _ = enrol.enrol(people, {}, passwords=False)
        self.roster = base / "roster.csv"
        self.roster.write_text(roster.dumps(self.members))
        self.config = base / "image-jupyter"
        shutil.copytree(ROOT / "deploy" / "image" / "jupyter", self.config)
        self.homes = {}
        for name in ("ann", "eve"):
            home = base / "homes" / name
            home.mkdir(parents=True)
            uid = self.members[name].uid
            os.chown(home, uid, uid)
            os.chmod(home, 0o770)
            self.homes[name] = home

    def uid(self, name: str) -> int:
        return self.members[name].uid

    def learner(self, name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        """``args`` run in ``name``'s pod, as their uid."""
        hide = [self.base / "course", self.base / "homes", self.exchange]
        command = [*pod_view(self.homes[name], self.exchange, self.config, hide),
                   *as_uid(self.uid(name)), *args]
        return subprocess.run(command, env=pod_env(name), capture_output=True, text=True,
                              timeout=timeout)

    def nbgrader(self, name: str, *args: str) -> str:
        result = self.learner(name, sys.executable, "-m", "nbgrader", *args)
        assert result.returncode == 0, f"{name}: nbgrader {' '.join(args)}:\n" \
                                       f"{result.stdout}{result.stderr}"
        return result.stdout + result.stderr

    def grader(self, *args: str) -> str:
        """A step of deploy/README.md on the grading machine, as root."""
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                   COURSE_GRADING_CELL_TIMEOUT="60")
        result = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                                env=env, timeout=900, cwd=self.course)
        assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}{result.stderr}"
        return result.stdout

    def classroom(self, step: str) -> str:
        return self.grader(str(self.course / "autograder" / "hub" / "classroom.py"), step,
                           LESSON, "--exchange", str(self.exchange))

    def hand_in(self, name: str, solved: bool) -> None:
        """The learner's work on the notebook they fetched, saved as JupyterLab saves it:
        every answer cell filled in from the solution, or left as released; the demo cells
        that only slow grading down deleted (learners may delete unlocked cells)."""
        path = self.homes[name] / LESSON / NOTEBOOK
        work = nbformat.read(path, 4)
        answers = {c.id: c.source for c in
                   nbformat.read(self.course / "solutions" / LESSON / NOTEBOOK, 4).cells}
        work.cells = [c for c in work.cells if c.id not in DEMO_CELLS]
        for cell in work.cells:
            if solved and cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = answers[cell.id]
        path.write_text(nbformat.writes(work))
        os.chown(path, self.uid(name), self.uid(name))


PROBE = textwrap.dedent('''
    import glob, json, os, shutil, sys
    E = "/srv/nbgrader/exchange/dcgan-course"
    targets = json.loads(sys.argv[1])
    found = {}

    def attempt(key, action):
        try:
            value = action()
            found[key] = ["DONE", len(value) if isinstance(value, (list, str)) else 0]
        except OSError as error:
            found[key] = ["DENIED", type(error).__name__]

    def find(key, pattern):
        hits = glob.glob(pattern)
        found[key] = ["DONE", len(hits)] if hits else ["DENIED", "nothing found"]

    attempt("list inbound", lambda: os.listdir(E + "/inbound"))
    find("find in inbound", E + "/inbound/*")
    attempt("list feedback", lambda: os.listdir(E + "/feedback"))
    find("find in feedback", E + "/feedback/*")
    attempt("change the release",
            lambda: open(E + "/outbound/01-gan-intro/01-gan-intro.ipynb", "a").write(" "))
    for key, path in targets.items():  # the exact names, as if they had leaked
        attempt("remove " + key, lambda: shutil.rmtree(path) if os.path.isdir(path)
                else os.remove(path))
        attempt("rename " + key, lambda: os.rename(path, path + ".moved"))
        attempt("write " + key, lambda: open(os.path.join(path, "x.txt") if os.path.isdir(path)
                                               else path, "a").write("x"))
    print(json.dumps(found))
''')


def probe(school: Class, name: str, targets: dict[str, str]) -> dict[str, list]:
    result = school.learner(name, sys.executable, "-c", PROBE, json.dumps(targets))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def inbound(school: Class) -> list[Path]:
    return sorted((school.exchange / COURSE_ID / "inbound").iterdir())


@pytest.fixture(scope="module")
def flow():
    if os.geteuid() != 0:
        pytest.skip("per-learner uids need root: run as root (CI does)")
    for tool in ("bwrap", "setpriv"):
        assert shutil.which(tool), f"{tool} is missing: `python3 course.py test` installs it"
    base = Path(tempfile.mkdtemp(prefix="dcgan-exchange-", dir="/tmp"))
    os.chmod(base, 0o755)
    school = Class(base)
    out, times = {"school": school}, {}
    try:
        mark = time.perf_counter()
        out["release"] = school.classroom("release")
        times["release"] = time.perf_counter() - mark

        mark = time.perf_counter()
        out["list ann"] = school.nbgrader("ann", "list")
        with ThreadPoolExecutor(2) as pool:  # as a class works: at the same time
            list(pool.map(lambda name: school.nbgrader(name, "fetch_assignment", LESSON),
                          ("ann", "eve")))
            school.hand_in("ann", solved=True)
            school.hand_in("eve", solved=False)
            list(pool.map(lambda name: school.nbgrader(name, "submit", LESSON),
                          ("ann", "eve")))
        out["owners"] = {p.name: (p.stat().st_uid, p.stat().st_mode & 0o7777)
                         for p in inbound(school)}
        ann_entry = next(p for p in inbound(school) if p.name.startswith("ann+"))
        # eve's attacks through the exchange: a submission that claims to be ann's, made
        # later (nbgrader collect keeps a name's newest), and one of her own whose notebook
        # is a link to ann's notebook where the grading machine will have collected it.
        out["forged"] = school.nbgrader("eve", "submit", LESSON, "--student=ann")
        planted = f"eve+{LESSON}+{FUTURE}+planted"
        link = school.course / "autograder" / "submitted" / "ann" / LESSON / NOTEBOOK
        out["plant"] = school.learner("eve", sys.executable, "-c", textwrap.dedent(f"""
            import os
            folder = {EXCHANGE_IN_POD!r} + "/{COURSE_ID}/inbound/" + {planted!r}
            os.mkdir(folder)
            os.symlink({str(link)!r}, folder + "/{NOTEBOOK}")
            print("planted")"""))
        out["probe after submit"] = probe(school, "eve", {
            "ann's submission": f"{EXCHANGE_IN_POD}/{COURSE_ID}/inbound/{ann_entry.name}",
            "ann's notebook": f"{EXCHANGE_IN_POD}/{COURSE_ID}/inbound/{ann_entry.name}/"
                              f"{NOTEBOOK}"})
        times["fetch and submit"] = time.perf_counter() - mark

        mark = time.perf_counter()
        out["collect"] = school.grader(str(school.course / "deploy" / "grader.py"), "collect",
                                       LESSON, "--roster", str(school.roster),
                                       "--exchange", str(school.exchange))
        times["check and collect"] = time.perf_counter() - mark
        mark = time.perf_counter()
        out["grade"] = school.classroom("grade")
        times["grade"] = time.perf_counter() - mark
        mark = time.perf_counter()
        out["feedback"] = school.classroom("feedback")
        times["feedback"] = time.perf_counter() - mark

        mark = time.perf_counter()
        feedback = {}
        for name in ("ann", "eve"):
            school.nbgrader(name, "fetch_feedback", LESSON)
            pages = sorted((school.homes[name] / LESSON / "feedback").glob(f"*/{LESSON}.html"))
            feedback[name] = [p.read_text() for p in pages]
        out["feedback pages"] = feedback
        released = sorted((school.exchange / COURSE_ID / "feedback").glob("*.html"))
        out["probe after feedback"] = probe(school, "eve", {
            f"feedback {i}": f"{EXCHANGE_IN_POD}/{COURSE_ID}/feedback/{p.name}"
            for i, p in enumerate(released)})
        times["fetch feedback"] = time.perf_counter() - mark
        out["times"] = times
        print(json.dumps(times, indent=1))
        yield out
    finally:
        shutil.rmtree(base, ignore_errors=True)


def scores(course: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """``{student: {test cell: (score, max score)}}`` from the grading machine's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: (g.score, g.max_score) for n in s.notebooks
                               for g in n.grades if g.cell.cell_type == "code"}
                for s in gradebook.assignment_submissions(LESSON)}


def shown(score: float, total: float) -> tuple[str, ...]:
    """How nbgrader's feedback page may write ``score`` out of ``total``."""
    return (f"{score:.1f} / {total:.1f}", f"{score:g} / {total:g}")


def test_learners_hand_in_as_their_own_uids(flow):
    school = flow["school"]
    assert f"{COURSE_ID} {LESSON}" in flow["list ann"]  # the released lesson, as ann sees it
    owners = flow["owners"]
    assert sorted(name.split("+")[0] for name in owners) == ["ann", "eve"], owners
    for entry, (uid, mode) in owners.items():
        assert uid == school.uid(entry.split("+")[0]), (entry, uid)
        # The image's submit leaves the folder 0755; nbgrader 0.9.6's own makes it 0777,
        # and then anyone who knows its name can empty it (the probe below would fail).
        assert mode == 0o755, (entry, oct(mode))


def test_the_grader_refuses_forged_and_planted_submissions(flow):
    """eve's submission under ann's name and her planted link are moved to refused/ before
    nbgrader collects; nbgrader alone would have taken the forged one as ann's newest."""
    school, report = flow["school"], flow["collect"]
    assert "2 refused" in report, report
    assert f"made by uid {school.uid('eve')} (eve), not by ann's uid {school.uid('ann')}" \
        in report, report
    assert "is a link" in report, report
    refused = sorted(p.name for p in (school.exchange / COURSE_ID / "refused").iterdir())
    assert len(refused) == 2 and refused[0].startswith("ann+") and "planted" in refused[1]
    assert ((school.exchange / COURSE_ID / "refused").stat().st_mode & 0o777) == 0o700
    collected = school.course / "autograder" / "submitted"
    assert sorted(p.name for p in collected.iterdir()) == ["ann", "eve"]
    assert not (collected / "eve" / LESSON / NOTEBOOK).is_symlink()


def test_grades_are_each_learners_own(flow):
    """ann's solved lesson earns every point, eve's untouched one none: each was graded on
    the learner's own notebook (ann's was not replaced by eve's forgery)."""
    got = scores(flow["school"].course)
    assert sorted(got) == ["ann", "eve"], flow["grade"]
    assert got["ann"] and all(score == most > 0 for score, most in got["ann"].values()), got
    assert all(score == 0 for score, _ in got["eve"].values()), got


def test_each_learner_fetches_only_their_own_feedback(flow):
    pages = flow["feedback pages"]
    total = sum(most for _, most in scores(flow["school"].course)["ann"].values())
    assert len(pages["ann"]) == 1 and len(pages["eve"]) == 1, pages.keys()
    assert any(text in pages["ann"][0] for text in shown(total, total))
    assert any(text in pages["eve"][0] for text in shown(0, total))


def test_a_learner_cannot_reach_others_work_from_her_pod(flow):
    """From eve's pod: inbound and feedback cannot be listed (a glob finds nothing), the
    release cannot be changed, and ann's submission and feedback cannot be removed,
    renamed or written to, even with their exact names."""
    after_submit, after_feedback = flow["probe after submit"], flow["probe after feedback"]
    for found in (after_submit, after_feedback):
        for key, (outcome, detail) in found.items():
            assert outcome == "DENIED", (key, outcome, detail)
    assert len(after_feedback) == 5 + 3 * 2  # both learners' feedback pages were tried
    # Nothing of ann's changed: her grade and feedback above come from her own notebook.
