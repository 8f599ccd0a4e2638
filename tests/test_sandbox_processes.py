"""The grading sandbox against submissions that attack the grader itself, not the tests.

Two attacks, each through the instructor's real flow (release -> hand in -> autograde ->
feedback) on lesson 01, and the sandbox kernel on its own:

* **links for root to follow.** The kernel replaces its notebook with a link to a private
  file and plants links to the gradebook, the solutions and that file. nbgrader, running as
  root, writes the graded notebook, sets modes and copies feedback: none of it may reach a
  file outside the autograded folder, and the feedback folder holds only the HTML.
* **processes that outlive the grader.** A submission that ignores SIGINT and starts
  hundreds of processes that sleep; its grading is timed out, interrupted with Ctrl-C or
  killed outright. Every one of its processes must be gone, and the next honest
  submission graded right.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from conftest import AUTOGRADER, LESSONS, ROOT, SOLUTIONS, copy_course, graded_points

pytestmark = pytest.mark.notebooks
LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
FULL = graded_points(LESSON)
DEMO_CELLS = {"diagram", "logit-demo", "saturating-plot", "optimal-d-plot", "toy-models",
              "watch-train", "watch-viewer", "watch-snapshots", "d-wins", "collapse",
              "loss-curves"}
NOBODY = 65534
_spec = importlib.util.spec_from_file_location(
    "sandbox_launch", AUTOGRADER / "kernels" / "dcgan-sandbox" / "launch.py")
launch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch)
sys.path.insert(0, str(AUTOGRADER))
import learner_view  # noqa: E402 -- autograder/learner_view.py


def submission(attack: str = "", solved: bool = True) -> str:
    """The release without its demo cells, solved or not, with an attack cell after set-up."""
    nb = nbformat.read(LESSONS / LESSON / NOTEBOOK, 4)
    nb.cells = [c for c in nb.cells if c.id not in DEMO_CELLS]
    answers = {c.id: c.source for c in nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, 4).cells}
    for cell in nb.cells:
        if solved and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.id]
    if attack:
        index = next(i for i, c in enumerate(nb.cells) if c.id == "setup") + 1
        cell = nbformat.v4.new_code_cell(attack)
        cell.id = "attack"
        nb.cells.insert(index, cell)
    return nbformat.writes(nb)


def instructor(course: Path, *args: str, env: dict | None = None, timeout: int = 900):
    return subprocess.run([sys.executable, str(course / "autograder" / "instructor.py"), *args],
                          capture_output=True, text=True, timeout=timeout,
                          env=os.environ | (env or {}))


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A copy of the course with lesson 01 released; each test grades in its own copy."""
    course = copy_course(tmp_path_factory.mktemp("released"))
    result = instructor(course, "release", LESSON)
    assert result.returncode == 0, result.stdout + result.stderr
    return course


def course_copy(released: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "course", symlinks=True))


def hand_in(course: Path, student: str, text: str) -> None:
    folder = course / "autograder" / "submitted" / student / LESSON
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text(text)


def scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for n in s.notebooks for g in n.grades}
                for s in gradebook.assignment_submissions(LESSON)}


def processes() -> list[tuple[int, int, str]]:
    """(pid, uid, working folder) of every process on the machine."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            uid = entry.stat().st_uid
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        found.append((int(entry.name), uid, cwd))
    return found


def sandboxed(course: Path) -> list[tuple[int, int, str]]:
    """Processes left by grading ``course``: working in it (a kernel works at its notebook
    folder's path, and so do the processes it starts), or run by nobody (grading kernels
    never run as nobody, so any is a leftover; other courses' kernels run as grading uids)."""
    return [p for p in processes() if p[1] == NOBODY or p[2].startswith(str(course))]


def settle(course: Path, seconds: float = 15) -> list:
    deadline = time.monotonic() + seconds
    while (left := sandboxed(course)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


@pytest.fixture
def reap(tmp_path):
    """Kill, by pid, sandbox processes this test leaves behind (only on a failure)."""
    before = {p[0] for p in processes()}
    yield
    for pid, _, cwd in sandboxed(tmp_path):
        if pid not in before and cwd.startswith(str(tmp_path)):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


# -- links for root to follow ------------------------------------------------------------

def snapshot(paths: list[Path]) -> dict[str, tuple]:
    """Content, mode and modification time of every file under ``paths``."""
    found = {}
    for top in paths:
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            found[str(path)] = (content, info.st_mode, info.st_mtime_ns)
    return found


def test_links_planted_by_the_kernel_are_never_followed_by_the_grader(released, tmp_path, reap):
    course = course_copy(released, tmp_path)
    private = tmp_path / "private" / "secret.txt"
    private.parent.mkdir()
    private.write_text("instructor's private notes")
    private.chmod(0o600)
    gradebook = course / "autograder" / "gradebook.db"
    solutions = course / "solutions" / LESSON / NOTEBOOK
    hand_in(course, "linker", submission(f"""
import os
links = {{{NOTEBOOK!r}: {str(private)!r}, "gradebook.db": {str(gradebook)!r},
          "solutions.ipynb": {str(solutions)!r}, "secret.txt": {str(private)!r}}}
for name, target in links.items():
    try:
        if os.path.lexists(name):
            os.remove(name)
        os.symlink(target, name)
        print("LINKED", name)
    except OSError as error:
        print("blocked", name, error)
os.mkfifo("pipe")
os.chmod(".", 0o777)
"""))
    hand_in(course, "alice", submission())
    # Everything outside the autograded and feedback folders, the gradebook's content and
    # times aside (grading writes the scores there); its mode must not change either.
    watched = [course / "solutions", course / "lessons", course / "autograder" / "submitted",
               course / "autograder" / "kernels", private.parent]
    before = snapshot(watched)
    gradebook_mode = gradebook.stat().st_mode

    graded = instructor(course, "autograde", LESSON, "--jobs", "1")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    feedback = instructor(course, "feedback", LESSON)
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr

    assert snapshot(watched) == before
    assert private.read_text() == "instructor's private notes"
    assert gradebook.stat().st_mode == gradebook_mode
    got = scores(course)
    assert got["alice"] == FULL and got["linker"] == FULL
    # The graded and feedback folders hold only what the grader wrote, as plain files.
    autograded = course / "autograder" / "autograded" / "linker" / LESSON
    assert sorted(p.name for p in autograded.iterdir()) == [NOTEBOOK]
    assert not (autograded / NOTEBOOK).is_symlink()
    assert "LINKED" in (autograded / NOTEBOOK).read_text()  # the attack did run
    given = course / "autograder" / "feedback" / "linker" / LESSON
    assert sorted(p.name for p in given.iterdir()) == [f"{LESSON}.html"]
    assert not (given / f"{LESSON}.html").is_symlink()
    assert "private notes" not in (given / f"{LESSON}.html").read_text()


# -- processes that outlive the grader -----------------------------------------------------

FORKER = """
import os, signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
started = 0
for _ in range(400):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        while True:
            time.sleep(1000)
    started += 1
print("started", started, flush=True)
while True:
    time.sleep(1000)
"""


def test_a_fork_bomb_that_ignores_sigint_dies_with_its_grading(released, tmp_path, reap):
    course = course_copy(released, tmp_path)
    hand_in(course, "a_forker", submission(FORKER))
    hand_in(course, "b_honest", submission())
    # One worker: the honest submission is graded right after the fork bomb's kernel is gone.
    graded = instructor(course, "autograde", LESSON, "--jobs", "1",
                        env={"COURSE_GRADING_CELL_TIMEOUT": "20"})
    output = graded.stdout + graded.stderr
    assert scores(course).get("b_honest") == FULL, output
    assert settle(course) == []


@pytest.mark.parametrize("how", ["ctrl-c", "crash"])
def test_a_fork_bomb_dies_when_the_grader_is_interrupted_or_killed(released, tmp_path, reap, how):
    course = course_copy(released, tmp_path)
    hand_in(course, "forker", submission(FORKER))
    grader = subprocess.Popen([sys.executable, str(course / "autograder" / "instructor.py"),
                               "autograde", LESSON, "--jobs", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while len(sandboxed(course)) < 100 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(sandboxed(course)) >= 100, "the fork bomb never started"
        os.killpg(grader.pid, signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
        grader.wait(timeout=120)
    finally:
        if grader.poll() is None:
            os.killpg(grader.pid, signal.SIGKILL)
    assert settle(course) == []


# -- the sandbox kernel on its own ---------------------------------------------------------

def run_in_sandbox(workdir: Path, code: str, env: dict[str, str] | None = None) -> str:
    """Start the dcgan-sandbox kernel in ``workdir`` as nbgrader would, run ``code``, and
    return what it printed."""
    from jupyter_client import KernelManager

    runtime = Path(tempfile.mkdtemp(prefix="dcgan-grading-"))  # short: socket paths
    saved = dict(os.environ)
    os.environ.update({"JUPYTER_PATH": str(AUTOGRADER), **(env or {})})
    manager = KernelManager(kernel_name="dcgan-sandbox", transport="ipc",
                            ip=str(runtime / "kernel"),
                            connection_file=str(runtime / "kernel.json"))
    try:
        manager.start_kernel(cwd=str(workdir))
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
        printed = []
        client.execute_interactive(code, timeout=120, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "") + msg["content"].get("evalue", "")))
        client.stop_channels()
        return "".join(printed)
    finally:
        manager.shutdown_kernel(now=True)
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(runtime, ignore_errors=True)


def test_the_kernel_works_on_a_scratch_copy_and_imports_the_named_view(tmp_path, reap):
    workdir = tmp_path / "autograded" / "student" / LESSON
    workdir.mkdir(parents=True)
    (workdir / "data.txt").write_text("handed in")
    (workdir / "link.txt").symlink_to("/etc/hostname")
    os.mkfifo(workdir / "pipe")
    view = tmp_path / "view"  # a learner view of the test's own (COURSE_LEARNER_VIEW)
    package = Path(importlib.util.find_spec("dcgan_course").origin).parent
    shutil.copytree(package, view / "dcgan_course", ignore=shutil.ignore_patterns("__pycache__"))
    with open(view / "dcgan_course" / "__init__.py", "a") as handle:
        handle.write("\nVIEW_MARK = 'the named view'\n")
    for folder in (tmp_path, *(p for p in view.rglob("*") if p.is_dir()), view):
        folder.chmod(0o755)  # readable by the kernel's own uid, as learner_view.build makes it
    before = snapshot([workdir])
    printed = run_in_sandbox(workdir, """
import json, os, dcgan_course
print(json.dumps({"mark": getattr(dcgan_course, "VIEW_MARK", None),
                  "file": dcgan_course.__file__, "cwd": os.getcwd(),
                  "listing": sorted(os.listdir(".")), "data": open("data.txt").read(),
                  "uid": os.getuid()}))
open("data.txt", "w").write("changed by the kernel")
os.symlink("/etc/passwd", "planted")
""", env={"COURSE_LEARNER_VIEW": str(view)})
    assert "{" in printed, printed
    seen = json.loads(printed[printed.index("{"):].splitlines()[0])
    assert seen["mark"] == "the named view"
    # The package comes from the view, bound at the learner view's place.
    assert Path(seen["file"]).parent == learner_view.MOUNT / "dcgan_course"
    assert seen["cwd"] == str(workdir) and seen["data"] == "handed in"
    assert seen["listing"] == ["data.txt"]  # the copy holds regular files only
    assert seen["uid"] in launch.GRADING_UIDS
    assert snapshot([workdir]) == before  # the real folder never changed
    assert settle(tmp_path) == []


# -- what a grading kernel can reach (issue 26's done-when) --------------------------------

SOLUTION_PATH = f"solutions/{LESSON}/{NOTEBOOK}"


@contextlib.contextmanager
def other_course_copies():
    """Course checkouts where an instructor may keep them, each world-readable: a clone
    with ``.git`` and a gradebook under /srv, another under /opt, and one in a home folder
    of another user (removed afterwards)."""
    tag = secrets.token_hex(3)
    made = [Path(f"/srv/dcgan-course-copy-{tag}"), Path(f"/opt/dcgan-course-copy-{tag}"),
            Path(f"/home/dcg{tag}other")]
    clones = [made[0], made[1], made[2] / "dcgan-course"]
    try:
        for clone in clones:
            clone.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                           check=True, capture_output=True)
            (clone / "autograder" / "gradebook.db").write_bytes(b"SQLite format 3\0 dcgan-course")
            for path in [clone, *clone.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o044 | (0o011 if path.is_dir() else 0))
        made[2].chmod(0o755)
        yield clones
    finally:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def other_copies():
    with other_course_copies() as clones:
        yield clones


LOOK_AROUND = r"""
import json, os, subprocess
checkouts = json.loads(%r)
found = {"git": {}, "read": {}, "walk": [], "proc": {}}
for where in checkouts:
    for spec in ("HEAD:%s", "HEAD:tests/test_verdicts_lesson01.py",
                 "HEAD:autograder/verdicts/lesson01.py"):
        try:
            run = subprocess.run(["git", "-c", "safe.directory=*", "-C", where, "show", spec],
                                 capture_output=True, text=True, timeout=60)
            found["git"][where + " " + spec] = [run.returncode, len(run.stdout)]
        except OSError as error:
            found["git"][where + " " + spec] = [-1, 0, type(error).__name__]
    for relative in ("%s", "tests/test_verdicts_lesson01.py", "autograder/verdicts/lesson01.py",
                     "autograder/gradebook.db", ".git/HEAD"):
        try:
            found["read"][where + "/" + relative] = len(open(os.path.join(where, relative),
                                                             "rb").read())
        except OSError as error:
            found["read"][where + "/" + relative] = type(error).__name__
def holds(path, *markers):
    try:
        data = open(path, "rb").read()
    except OSError:
        return False
    return all(marker in data for marker in markers)
for top, dirs, files in os.walk("/"):
    if top in ("/proc", "/sys", "/dev"):
        dirs[:] = []
        continue
    for name in dirs + files:
        path = os.path.join(top, name)
        if (name in (".git", "test_verdicts_lesson01.py")
                or (name == "verdicts" and os.path.exists(path + "/lesson01.py"))
                or (name.endswith(".db") and holds(path, b"dcgan-course"))
                or (name.endswith(".ipynb") and holds(path, b"BEGIN SOLUTION",
                                                      b"dcgan_course"))):
            found["walk"].append(path)
for pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        found["proc"][pid] = [os.stat("/proc/" + pid).st_uid,
                              open("/proc/" + pid + "/cmdline", "rb").read()[:60].decode()]
    except OSError as error:
        found["proc"][pid] = [-1, type(error).__name__]
for pid in %r:
    try:
        open("/proc/%%d/environ" %% pid, "rb").read()
        found["proc"]["host " + str(pid)] = "READ"
    except OSError as error:
        found["proc"]["host " + str(pid)] = type(error).__name__
print("FOUND" + json.dumps(found))
"""


def look_around(checkouts: list[str], host_pids: list[int]) -> str:
    """Code for a learner's kernel that tries every way to an answer it may know of."""
    return LOOK_AROUND % (json.dumps(checkouts), SOLUTION_PATH, SOLUTION_PATH, host_pids)


def what_was_found(printed: str) -> dict:
    assert "FOUND" in printed, printed
    return json.loads(printed.split("FOUND", 1)[1].splitlines()[0])


def assert_found_nothing(found: dict, checkouts: list[str], host_pids: list[int]) -> None:
    """Every ``git show`` failed, every read failed, the walk found no instructor file, and
    /proc held only the world's own few processes, none of the host's."""
    shown = {key: value for key, value in found["git"].items() if value[0] == 0 or value[1]}
    assert not shown, f"git showed course files from a learner's world: {shown}"
    assert len(found["git"]) == 3 * len(checkouts)
    read = {key: value for key, value in found["read"].items() if isinstance(value, int)}
    assert not read, f"course files readable from a learner's world: {read}"
    assert found["walk"] == [], found["walk"]
    for pid in host_pids:
        assert found["proc"]["host " + str(pid)] != "READ", pid
    own = {pid: info for pid, info in found["proc"].items() if not pid.startswith("host")}
    assert len(own) < 12 and "1" in own, own
    assert not any("pytest" in str(info) or "jupyterhub " in str(info)
                   for info in own.values()), own


def test_a_grading_kernel_reaches_no_course_checkout_and_no_answer(other_copies, released,
                                                                   tmp_path, reap):
    """From inside a grading kernel: ``git show`` on every path that holds a course
    checkout, reading tests/, solutions/, autograder/ and gradebooks there, a walk over the
    whole visible file system for the course's instructor files, and /proc of other users'
    processes. Everything fails or finds nothing."""
    workdir = released / "autograder" / "autograded" / "snoop" / LESSON
    workdir.mkdir(parents=True)
    checkouts = [str(ROOT), str(released), str(learner_view.MOUNT), *map(str, other_copies),
                 "/root", "/home", "/opt", "/srv", "/work", "/"]
    host_pids = [os.getpid(), 1]
    found = what_was_found(run_in_sandbox(workdir, look_around(checkouts, host_pids)))
    assert_found_nothing(found, checkouts, host_pids)
    assert settle(released) == []


def test_the_course_copies_of_the_test_hold_what_the_kernel_looks_for(other_copies):
    """The look-around above looks where the answers are: each copy's git shows them."""
    for clone in other_copies:
        shown = subprocess.run(["git", "-c", "safe.directory=*", "-C", str(clone), "show",
                                f"HEAD:{SOLUTION_PATH}"], capture_output=True, text=True)
        assert shown.returncode == 0 and "BEGIN SOLUTION" in shown.stdout
        assert (clone / "autograder" / "gradebook.db").stat().st_mode & 0o004
