"""Autograding hostile and broken submissions: right scores, nothing else touched.

One class of students hands in lesson 01. Each notebook is a real submission (the release
or the solution) with one change: an attack or a typical breakage. They are graded
together, in parallel, by the instructor's `autograde` command, in the sandbox kernel.
Every test below checks that an attack failed to do what it tried, and that the honest
submissions around it are graded exactly.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
import verdicts
from conftest import LESSONS, SOLUTIONS, copy_course, graded_points

pytestmark = pytest.mark.notebooks
LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
FULL = graded_points(LESSON)
ZERO = dict.fromkeys(FULL, 0)
#: The test of lesson 01's training step, which calls the learner's discriminator_loss.
STEP = next(grade_id for (notebook, grade_id), exercise in verdicts.load_all().items()
            if notebook == LESSON and "train_step" in exercise.names)
# Demo cells that only slow grading down; learners may delete unlocked cells too.
DEMO_CELLS = {"diagram", "logit-demo", "saturating-plot", "optimal-d-plot", "toy-models",
              "watch-train", "watch-viewer", "watch-snapshots", "d-wins", "collapse",
              "loss-curves"}


class CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 -- the stdlib's name
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"exfiltrated")

    def log_message(self, *args):
        pass


def notebook(kind: str, attack: str = "", after: str = "setup", replace: dict | None = None):
    """The student release, solved (every exercise cell filled in) or untouched, plus one
    change: an attack cell inserted after ``after`` and/or cell sources replaced."""
    nb = nbformat.read(LESSONS / LESSON / NOTEBOOK, 4)
    nb.cells = [c for c in nb.cells if c.id not in DEMO_CELLS]
    if kind == "solved":
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = source_of(cell.id)
    for cell_id, source in (replace or {}).items():
        next(c for c in nb.cells if c.id == cell_id).source = source
    if attack:
        index = next(i for i, c in enumerate(nb.cells) if c.id == after) + 1
        cell = nbformat.v4.new_code_cell(attack)
        cell.id = "attack"
        nb.cells.insert(index, cell)
    return nbformat.writes(nb)


def attacks(course, port):
    gradebook = course / "autograder" / "gradebook.db"
    alice = course / "autograder" / "submitted" / "alice" / LESSON / NOTEBOOK
    source = course / "solutions" / LESSON / NOTEBOOK
    return {
        "alice": notebook("solved"),
        "bob": notebook("untouched"),
        "gradebook_writer": notebook("untouched", f"""
import sqlite3
for path in ["../../../gradebook.db", {str(gradebook)!r}]:
    try:
        db = sqlite3.connect(path)
        db.execute("UPDATE grade SET manual_score = 100")
        db.commit()
        print("WROTE", path)
    except Exception as error:
        print("blocked:", path, error)
"""),
        "reader": notebook("untouched", f"""
for path in [{str(source)!r}, {str(alice)!r}]:
    try:
        print("FOUND", len(open(path).read()), path)
    except OSError as error:
        print("blocked:", error)
try:
    open({str(alice)!r}, "a").write("x")
    print("CHANGED alice")
except OSError as error:
    print("blocked:", error)
"""),
        "network": notebook("untouched", f"""
import urllib.request
try:
    print("REACHED", urllib.request.urlopen("http://127.0.0.1:{port}/stolen", timeout=3).read())
except Exception as error:
    print("blocked:", error)
"""),
        "forkbomb": notebook("solved", """
import os, time
children = 0
for i in range(2000):
    try:
        pid = os.fork()
    except OSError as error:
        print("fork refused after", children, error)
        break
    if pid == 0:
        time.sleep(3)
        os._exit(0)
    children += 1
print("children", children)
"""),
        "killer": notebook("untouched", "import os\nos._exit(3)", after="ex1-tests",
                           replace={"ex1-discriminator-loss": source_of("ex1-discriminator-loss")}),
        "hang": notebook("solved", "while True:\n    pass", after="ex1-tests"),
        "deaf_hang": notebook("solved", "import signal, time\n"
                              "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                              "while True:\n    time.sleep(0.1)", after="ex1-tests"),
        "patcher": notebook("untouched", """
import numpy as np
import dcgan_course.checks as checks
checks.expect_close = lambda *args, **kwargs: None
checks.expect_finite = lambda *args, **kwargs: None
checks.expect_shape = lambda *args, **kwargs: None
checks.call_exercise = lambda f, *a, **k: 0.0
np.allclose = lambda *args, **kwargs: True
print("Exercise 1: visible tests passed.")
""", replace={"ex1-discriminator-loss": "def discriminator_loss(r, f):\n    return 0.0"}),
        "hooker": notebook("untouched", """
def _forgive(result):
    result.error_in_exec = None
get_ipython().events.register("post_run_cell", _forgive)
get_ipython().showtraceback = lambda *args, **kwargs: None
"""),
        "memory_hog": notebook("solved", "hog = bytearray(64 * 2**30)"),
        "loud": notebook("solved", "for _ in range(200):\n    print('x' * 100_000)"),
        "syntax": notebook("solved", replace={"ex1-discriminator-loss":
                                              "def discriminator_loss(r, f)\n    return 0"}),
    }


def source_of(cell_id):
    nb = nbformat.read(SOLUTIONS / LESSON / NOTEBOOK, 4)
    return next(c for c in nb.cells if c.id == cell_id).source


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    env_extra = {"COURSE_GRADING_CELL_TIMEOUT": "45", "COURSE_GRADING_MAX_PROCESSES": "128",
                 "COURSE_GRADING_MEMORY_MB": "4096"}
    try:
        subprocess.run([*tool, "release", LESSON], check=True, capture_output=True)
        for student, text in attacks(course, server.server_address[1]).items():
            folder = course / "autograder" / "submitted" / student / LESSON
            folder.mkdir(parents=True)
            (folder / NOTEBOOK).write_text(text)
        for student, name, text in (("garbage", NOTEBOOK, "{ this is not a notebook"),
                                    ("wrong_lesson", "02-upsampling.ipynb",
                                     notebook("solved"))):
            folder = course / "autograder" / "submitted" / student / LESSON
            folder.mkdir(parents=True)
            (folder / name).write_text(text)
        source_hash = hashlib.sha256((course / "solutions" / LESSON / NOTEBOOK).read_bytes())
        alice_hash = hashlib.sha256(
            (course / "autograder/submitted/alice" / LESSON / NOTEBOOK).read_bytes())
        result = subprocess.run([*tool, "autograde", LESSON, "--jobs", "3"], capture_output=True,
                                text=True, timeout=1800, env=os.environ | env_extra)
    finally:
        server.shutdown()
    return {"course": course, "output": result.stdout + result.stderr, "rc": result.returncode,
            "source_hash": source_hash.hexdigest(), "alice_hash": alice_hash.hexdigest()}


def scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for n in s.notebooks for g in n.grades}
                for s in gradebook.assignment_submissions(LESSON)}


def outputs(graded, student):
    path = graded["course"] / "autograder" / "autograded" / student / LESSON / NOTEBOOK
    nb = nbformat.read(path, 4)
    text = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text.append(output.get("text", "") + output.get("ename", "") + ": "
                        + output.get("evalue", ""))
    return "\n".join(text)


def test_the_run_finishes_and_grades_every_valid_submission(graded):
    got = scores(graded["course"])
    assert got["alice"] == FULL and got["bob"] == ZERO
    missing = {"alice", "bob", "gradebook_writer", "reader", "network", "forkbomb", "killer",
               "hang", "deaf_hang", "patcher", "hooker", "memory_hog", "loud",
               "syntax"} - set(got)
    assert not missing, f"not graded: {missing}\n{graded['output']}"


def test_gradebook_cannot_be_written(graded):
    assert "WROTE" not in outputs(graded, "gradebook_writer")
    db = sqlite3.connect(graded["course"] / "autograder" / "gradebook.db")
    manual = db.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()
    assert manual == (0,)
    assert scores(graded["course"])["gradebook_writer"] == ZERO


def test_sources_and_other_submissions_cannot_be_read_or_changed(graded):
    text = outputs(graded, "reader")
    assert "FOUND" not in text and "CHANGED" not in text and "blocked" in text
    course = graded["course"]
    assert hashlib.sha256((course / "solutions" / LESSON / NOTEBOOK).read_bytes()).hexdigest() \
        == graded["source_hash"]
    assert hashlib.sha256((course / "autograder/submitted/alice" / LESSON / NOTEBOOK)
                          .read_bytes()).hexdigest() == graded["alice_hash"]


def test_no_network(graded):
    assert "REACHED" not in outputs(graded, "network")
    assert CountingHandler.requests == []


def test_process_limit_stops_a_fork_bomb_and_grading_goes_on(graded):
    text = outputs(graded, "forkbomb")
    assert "fork refused after" in text
    children = int(text.split("fork refused after ")[1].split()[0])
    assert children < 128, f"{children} processes started; the limit is 128 (threads included)"
    # The bomb's own kernel may be left without room for threads; everyone else is fine.
    assert "forkbomb" in scores(graded["course"]) and scores(graded["course"])["alice"] == FULL


def test_honest_submissions_are_not_reported(graded):
    for student in ("alice", "bob", "memory_hog", "loud"):
        assert f"TAMPERING {student}" not in graded["output"]


def test_a_dying_kernel_keeps_earlier_points_and_is_reported(graded):
    assert scores(graded["course"])["killer"] == {**ZERO, "ex1-tests": FULL["ex1-tests"]}
    assert "KERNEL DIED killer" in graded["output"]
    assert "KernelDied" in outputs(graded, "killer")


def test_a_hanging_cell_is_stopped_and_the_rest_is_graded(graded):
    assert scores(graded["course"])["hang"] == FULL
    assert "TIMEOUT hang" in graded["output"] or "Timeout" in outputs(graded, "hang")


def test_a_cell_that_ignores_the_interrupt_costs_only_what_comes_after(graded):
    assert scores(graded["course"])["deaf_hang"] == {**ZERO, "ex1-tests": FULL["ex1-tests"]}
    assert "KERNEL DIED deaf_hang" in graded["output"]
    assert "ignored the interrupt" in outputs(graded, "deaf_hang")


def test_patching_the_checks_does_not_raise_the_score(graded):
    assert scores(graded["course"])["patcher"] == ZERO
    assert "TAMPERING patcher" in graded["output"]
    assert "HarnessTampered" in outputs(graded, "patcher")


def test_hooks_that_hide_errors_are_caught(graded):
    assert scores(graded["course"])["hooker"] == ZERO
    assert "TAMPERING hooker" in graded["output"]


def test_memory_limit_gives_a_memory_error_not_a_crash(graded):
    assert "MemoryError" in outputs(graded, "memory_hog")
    assert scores(graded["course"])["memory_hog"] == FULL


def test_enormous_output_is_cut_and_graded(graded):
    path = graded["course"] / "autograder/autograded/loud" / LESSON / NOTEBOOK
    assert path.stat().st_size < 3_000_000
    assert scores(graded["course"])["loud"] == FULL


def test_syntax_error_costs_only_its_exercise_and_what_builds_on_it(graded):
    # Exercise 4's training step calls the learner's discriminator_loss from exercise 1.
    assert scores(graded["course"])["syntax"] == {**FULL, "ex1-tests": 0, STEP: 0}
    assert "SyntaxError" in outputs(graded, "syntax")


def test_invalid_and_misnamed_notebooks_get_a_clear_result(graded):
    output = graded["output"]
    assert "NOT GRADED garbage" in output
    assert "MISSING wrong_lesson: 01-gan-intro.ipynb was not handed in" in output
    assert "IGNORED wrong_lesson: 02-upsampling.ipynb" in output


def test_grading_again_is_idempotent(graded):
    before = scores(graded["course"])
    course = graded["course"]
    result = subprocess.run([sys.executable, str(course / "autograder" / "instructor.py"),
                             "autograde", LESSON], capture_output=True, text=True, timeout=600)
    assert "already graded" in result.stdout
    assert scores(course) == before


def test_bubblewrap_is_present_for_the_sandbox():
    assert shutil.which("bwrap"), "install bubblewrap: course.py test does it on Debian/Ubuntu"


def test_no_process_of_any_submission_outlives_the_grading(graded):
    """Every kernel ran in a PID namespace of its own, as a grading uid of its own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "sandbox_launch", graded["course"] / "autograder" / "kernels" / "dcgan-sandbox" /
        "launch.py")
    launch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launch)
    left = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            uid = os.stat(entry.path).st_uid
            cwd = os.readlink(os.path.join(entry.path, "cwd"))
        except OSError:
            continue
        if uid in launch.GRADING_UIDS and cwd.startswith(str(graded["course"])):
            left.append((entry.name, uid, cwd))
    assert left == []
