"""Grades that student code cannot forge, through the real instructor flow.

Each submission below is the untouched release of lesson 01 (or a solved one) plus code
that tried to earn points it did not compute: rewriting the cells the grader sends,
event hooks, the kernel's messaging, the harness guard, the check helpers' NumPy, the error
display, a time bomb that only arms under nbgrader, and a forger that answers the
grader's probe itself. The grader decides every verdict in its own process from what the
student's functions return for inputs drawn at grading time, so each attack scores what an
honest blank scores: zero (and a partial solution with the attacks scores no more than
without them).

A second group delegates one exercise each to the course package's own version of the
answer; the grading sandbox imports a copy of the package without that code, so the
delegated exercise (and what builds on it) scores zero and the rest full marks.
"""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from conftest import LESSONS, SOLUTIONS, copy_course
from test_grading_safety import DEMO_CELLS

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

L01, L02, L06 = "01-gan-intro", "02-upsampling", "06-svhn-training"
FULL = {L01: {"ex1-tests": 2, "ex2-tests": 1, "ex3-tests": 2, "ex4-tests": 3},
        L02: {"ex1-tests": 1, "ex2-tests": 2, "ex3-tests": 3, "ex4-tests": 1},
        L06: {"ex1-tests": 3, "ex2-tests": 3}}

INPUT_TRANSFORMER = ('get_ipython().input_transformers_post.append(lambda l: ["pass\\n"] '
                     'if any("call_exercise" in x for x in l) else l)')

SILENCE_CHECKS = """
import dcgan_course.checks as _checks
for _name in ("expect_close", "expect_shape", "expect_finite", "expect_true"):
    setattr(_checks, _name, lambda *args, **kwargs: None)
_checks.call_exercise = lambda function, *args, **kwargs: 0.0
"""

HOOKS = SILENCE_CHECKS + """
def _pre(info=None):
    import dcgan_course.checks as c
    c.expect_close = c.expect_shape = c.expect_finite = c.expect_true = lambda *a, **k: None
def _post(result):
    result.error_in_exec = None
    result.error_before_exec = None
_pre.__module__ = _post.__module__ = "IPython.core.events"
get_ipython().events.register("pre_run_cell", _pre)
get_ipython().events.register("post_run_cell", _post)
"""

SESSION_SEND = """
_kernel = get_ipython().kernel
_send = _kernel.session.send
def _quiet_send(stream, msg_or_type, content=None, *args, **kwargs):
    kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("msg_type")
    if kind == "error":
        return None
    if isinstance(content, dict) and content.get("status") == "error":
        content = {"status": "ok", "execution_count": content.get("execution_count", 0),
                   "user_expressions": {}, "payload": []}
    return _send(stream, msg_or_type, content, *args, **kwargs)
_kernel.session.send = _quiet_send
"""

GUARD = SILENCE_CHECKS + """
import builtins
class _Calm:
    def changes(self):
        return ""
for _name in list(vars(builtins)):
    if _name.startswith("_course_guard_"):
        setattr(builtins, _name, _Calm())
"""

FAKE_NUMPY = """
import numpy, dcgan_course.checks as _checks
class _FakeNumpy:
    def __getattr__(self, name):
        return getattr(numpy, name)
    allclose = staticmethod(lambda *a, **k: True)
    all = staticmethod(lambda *a, **k: True)
    isfinite = staticmethod(lambda x: True)
_checks.np = _FakeNumpy()
"""

RENDER = """
from dcgan_course.checks import ExerciseFailure
ExerciseFailure._render_traceback_ = lambda self: []
def _clear(result):
    result.error_in_exec = None
_clear.__module__ = "traitlets.config"
get_ipython().events.register("post_run_cell", _clear)
"""

# Knows how the grader asks (the probe's source holds the cases and the token) and answers
# for the student's functions: with plausible numbers, or with the inputs sent back.
FORGER = r'''
import base64, json, re
def _forge(lines):
    text = "".join(lines)
    found = re.search(r"__dcgan_probe_run\('([^']+)', '([^']+)'", text)
    if not found:
        return lines
    cases = json.loads(base64.b64decode(found.group(1)))
    answer = {"token": found.group(2),
              "results": [{"value": {"__float__": "0.6931471805599453"}} for _ in cases]}
    blob = base64.b64encode(json.dumps(answer).encode()).decode()
    return ["from IPython.display import display\n",
            f"display({{'application/x-dcgan-course-probe': {blob!r}}}, raw=True)\n"]
get_ipython().input_transformers_post.append(_forge)
'''

TIME_BOMB = ("import os\nif os.environ.get('NBGRADER_EXECUTION') == 'autograde':\n"
             + "".join("    " + line + "\n" for line in
                       (INPUT_TRANSFORMER + "\n" + HOOKS + SESSION_SEND + GUARD + FAKE_NUMPY
                        + RENDER).splitlines()))

ATTACKS = {"transformer": INPUT_TRANSFORMER, "hooks": HOOKS, "session_send": SESSION_SEND,
           "guard": GUARD, "fake_numpy": FAKE_NUMPY, "render": RENDER, "forger": FORGER,
           "time_bomb": TIME_BOMB}


def solution_source(lesson: str, cell_id: str) -> str:
    nb = nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", 4)
    return next(c for c in nb.cells if c.id == cell_id).source


def submission(lesson: str, solved: tuple[str, ...] = (), replace: dict | None = None,
               attack: str = "") -> str:
    """The release with the named exercise cells solved (or all: ``("*",)``), some cells
    replaced, and the attack written into the first exercise cell, above its stub."""
    nb = nbformat.read(LESSONS / lesson / f"{lesson}.ipynb", 4)
    if lesson == L01:  # the demos only slow grading down (learners may delete them too)
        nb.cells = [c for c in nb.cells if c.id not in DEMO_CELLS]
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
               and c.cell_type == "code"]
    for cell in answers:
        if "*" in solved or cell.id in solved:
            cell.source = solution_source(lesson, cell.id)
    for cell_id, source in (replace or {}).items():
        next(c for c in nb.cells if c.id == cell_id).source = source
    if attack:
        answers[0].source = attack + "\n\n" + answers[0].source
    return nbformat.writes(nb)


def delegations() -> dict[str, tuple[str, str]]:
    """student -> (lesson, notebook): one exercise handed to the package, the rest solved."""
    return {
        "delegate_train_step": (L01, submission(L01, ("*",), {"ex4-train-step": (
            "from dcgan_course import toy_gan\n"
            "train_step = toy_gan.make_train_step(discriminator_loss, generator_loss)")})),
        "delegate_sizes": (L02, submission(L02, ("*",), {"ex2-sizes": (
            "from dcgan_course.conv_arithmetic import conv_output_size, "
            "conv_transpose_output_size")})),
        "delegate_transpose": (L02, submission(L02, ("*",), {"ex3-conv-transpose": (
            "from dcgan_course.conv_arithmetic import conv_transpose_reference\n\n\n"
            "def conv_transpose_naive(x, kernel, stride, padding):\n"
            "    return conv_transpose_reference(x, kernel, stride, padding)")})),
        "delegate_overlap": (L02, submission(L02, ("*",), {"ex4-even": (
            "from dcgan_course.conv_arithmetic import overlap_profile\n\n\n"
            "def overlap_is_even(kernel_size, stride):\n"
            "    profile = overlap_profile(kernel_size, stride)\n"
            "    return bool((profile == profile[0]).all())")})),
        "delegate_losses": (L06, submission(L06, ("*",), {"ex1-losses": (
            "from dcgan_course.training import discriminator_loss, generator_loss")})),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course"))
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    students: dict[str, dict[str, str]] = {L01: {}, L02: {}, L06: {}}
    for name, attack in ATTACKS.items():
        students[L01][name] = submission(L01, attack=attack)
    # Exercise 1 solved, the rest blank, every attack at once: no more than the honest 2.
    students[L01]["partial_attacker"] = submission(
        L01, ("ex1-discriminator-loss",), attack=TIME_BOMB.replace("== 'autograde'", "!= ''"))
    for name, (lesson, text) in delegations().items():
        students[lesson][name] = text
    output = ""
    for lesson, handed in students.items():
        subprocess.run([*tool, "release", lesson], check=True, capture_output=True)
        for student, text in handed.items():
            folder = course / "autograder" / "submitted" / student / lesson
            folder.mkdir(parents=True)
            (folder / f"{lesson}.ipynb").write_text(text)
        result = subprocess.run([*tool, "autograde", lesson, "--jobs", "2"], capture_output=True,
                                text=True, timeout=1800,
                                env=os.environ | {"COURSE_GRADING_CELL_TIMEOUT": "60"})
        output += result.stdout + result.stderr
    subprocess.run([*tool, "feedback", L01], check=True, capture_output=True)
    return {"course": course, "output": output}


def scores(course, lesson: str) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for n in s.notebooks for g in n.grades}
                for s in gradebook.assignment_submissions(lesson)}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_on_a_blank_release_scores_zero(graded, attack):
    got = scores(graded["course"], L01)
    assert attack in got, f"{attack} was not graded:\n{graded['output']}"
    assert got[attack] == dict.fromkeys(FULL[L01], 0), f"{attack} forged points: {got[attack]}"


def test_attacks_add_nothing_to_an_honest_partial_answer(graded):
    got = scores(graded["course"], L01)["partial_attacker"]
    assert got == {**dict.fromkeys(FULL[L01], 0), "ex1-tests": 2}


@pytest.mark.parametrize("student, lesson, zero", [
    ("delegate_train_step", L01, {"ex4-tests"}),
    # Exercise 3's solution computes its output size with exercise 2's functions.
    ("delegate_sizes", L02, {"ex2-tests", "ex3-tests"}),
    ("delegate_transpose", L02, {"ex3-tests"}),
    ("delegate_overlap", L02, {"ex4-tests"}),
    # Exercise 2's step uses exercise 1's losses.
    ("delegate_losses", L06, {"ex1-tests", "ex2-tests"}),
])
def test_delegating_to_the_package_scores_zero_on_that_exercise(graded, student, lesson, zero):
    got = scores(graded["course"], lesson)[student]
    got = {cell: got[cell] for cell in FULL[lesson]}  # a hand-graded answer waits for a person
    want = {cell: 0 if cell in zero else points for cell, points in FULL[lesson].items()}
    assert got == want


def test_feedback_shows_no_hidden_test_and_no_probe(graded):
    course = graded["course"] / "autograder"
    pages = list((course / "feedback").glob(f"*/{L01}/*.html"))
    assert len(pages) == len(ATTACKS) + 2  # the attacks, the partial attacker, a delegation
    for page in pages:
        text = page.read_text()
        handed_in = (course / "submitted" / page.parts[-3] / L01 / f"{L01}.ipynb").read_text()
        # What the grader sent (the probe's body and its reply) never shows; a student's
        # own code that mentions it (the forger) is theirs to see.
        for secret in ("HIDDEN TESTS", "__dcgan_probe_body", "__dcgan_probe_run(",
                       "application/x-dcgan-course-probe"):
            assert secret not in text or secret in handed_in, (page, secret)
