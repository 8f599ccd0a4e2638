"""Grades that student code cannot forge, through the real instructor flow.

Each submission below is the untouched release of lesson 01 (or a solved one) plus code
that tried to earn points it did not compute: rewriting the cells the grader sends,
event hooks, the kernel's messaging, the harness guard, the check helpers' NumPy, the error
display, a time bomb that only arms under nbgrader, and a forger that answers the
grader's probe itself. The grader decides every verdict in its own process from what the
student's functions return for inputs drawn at grading time, so each attack scores what an
honest blank scores: zero (and a partial solution with the attacks scores no more than
without them).

A second group delegates one exercise each to what the learner's package offers: lesson 02's
visualizer computes sizes, transposed convolutions and overlaps with Keras' own ops
(``conv_arithmetic.Geometry``, ``run``, ``overlap_counts``). Each delegation is a right
answer (checked in-process with the exercise's ``forbidden`` list emptied), but the grader
flags the framework shortcut, so the delegated exercise (and what builds on it) scores zero
and the rest full marks. Lessons 01 and 06 have nothing left to delegate to: the package
holds no training step and no losses; that no function of the package earns a point even
when pasted is tests/test_grading_paste.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
import verdict_harness  # puts autograder/ on sys.path; judges in this process
import verdicts
from conftest import LESSONS, SOLUTIONS, answer_cell, copy_course, graded_points
from test_grading_safety import DEMO_CELLS

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

L01, L02 = "01-gan-intro", "02-upsampling"
FULL = {lesson: graded_points(lesson) for lesson in (L01, L02)}


def grade_cell_of(lesson: str, name: str) -> str:
    """The grade id of the lesson's test whose verdict calls the learner's ``name``."""
    return next(grade_id for (notebook, grade_id), exercise in verdicts.load_all().items()
                if notebook == lesson and name in exercise.names)

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


DELEGATE_SIZES = """
from dcgan_course.conv_arithmetic import Geometry


def conv_output_size(n, k, s, padding):
    try:
        return Geometry(n, k, s, padding, transposed=False).output_size()
    except ValueError:  # the kernel does not fit: no output
        return 0


def conv_transpose_output_size(n, k, s, padding):
    return Geometry(n, k, s, padding).output_size()
"""

DELEGATE_TRANSPOSE = """
from dcgan_course.conv_arithmetic import Geometry, run


def conv_transpose_naive(x, kernel, stride, padding):
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    _, h, w, c_in = x.shape
    k, _, c_out, _ = kernel.shape
    m = max(h, w)  # the package's layers are square: pad, run, crop
    x = np.pad(x, ((0, 0), (0, m - h), (0, m - w), (0, 0)))
    out = np.stack([sum(run(Geometry(m, k, stride, padding), x[..., i], kernel[:, :, o, i])
                        for i in range(c_in)) for o in range(c_out)], axis=-1)
    return out[:, :Geometry(h, k, stride, padding).output_size(),
               :Geometry(w, k, stride, padding).output_size()]
"""

DELEGATE_OVERLAP = """
from dcgan_course.conv_arithmetic import Geometry, overlap_counts


def overlap_is_even(kernel_size, stride):
    counts = overlap_counts(Geometry(4 * kernel_size, kernel_size, stride))
    inner = counts[kernel_size:-kernel_size, kernel_size:-kernel_size]
    return bool((inner == inner.flat[0]).all())
"""

#: student -> (the function of lesson 02 it delegates, the answer cell's new source)
DELEGATIONS = {"delegate_sizes": ("conv_output_size", DELEGATE_SIZES),
               "delegate_transpose": ("conv_transpose_naive", DELEGATE_TRANSPOSE),
               "delegate_overlap": ("overlap_is_even", DELEGATE_OVERLAP)}


def delegations() -> dict[str, tuple[str, str]]:
    """student -> (lesson, notebook): one exercise handed to the package, the rest solved."""
    return {student: (L02, submission(L02, ("*",), {answer_cell(L02, name): source}))
            for student, (name, source) in DELEGATIONS.items()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Both lessons released, handed in and graded in one autograde run."""
    course = copy_course(tmp_path_factory.mktemp("course"))
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    students: dict[str, dict[str, str]] = {L01: {}, L02: {}}
    for name, attack in ATTACKS.items():
        students[L01][name] = submission(L01, attack=attack)
    # Exercise 1 solved, the rest blank, every attack at once: no more than the honest 2.
    students[L01]["partial_attacker"] = submission(
        L01, ("ex1-discriminator-loss",), attack=TIME_BOMB.replace("== 'autograde'", "!= ''"))
    for name, (lesson, text) in delegations().items():
        students[lesson][name] = text
    subprocess.run([*tool, "release", *students], check=True, capture_output=True)
    for lesson, handed in students.items():
        for student, text in handed.items():
            folder = course / "autograder" / "submitted" / student / lesson
            folder.mkdir(parents=True)
            (folder / f"{lesson}.ipynb").write_text(text)
    result = subprocess.run([*tool, "autograde", *students, "--jobs", "2"], capture_output=True,
                            text=True, timeout=2400,
                            env=os.environ | {"COURSE_GRADING_CELL_TIMEOUT": "60"})
    subprocess.run([*tool, "feedback", L01], check=True, capture_output=True)
    return {"course": course, "output": result.stdout + result.stderr}


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
    assert got == {**dict.fromkeys(FULL[L01], 0), "ex1-tests": FULL[L01]["ex1-tests"]}


def in_process(student: str, forbidden: bool) -> tuple[bool, str]:
    """The verdict on the delegated function, judged in this process, with the exercise's
    ``forbidden`` list as declared or emptied."""
    import numpy as np

    name, source = DELEGATIONS[student]
    exercise = verdicts.exercise_for(L02, grade_cell_of(L02, name))
    space: dict = {"__name__": "__main__", "np": np}
    for cell in nbformat.read(SOLUTIONS / L02 / f"{L02}.ipynb", 4).cells:
        if cell.cell_type == "code" and (cell.get("id") == "setup"
                                         or cell.metadata.get("nbgrader", {}).get("solution")):
            exec("\n".join(line for line in cell.source.splitlines()  # noqa: S102
                           if not line.lstrip().startswith(("%", "!"))), space)
    exec(source, space)  # noqa: S102
    declared = exercise.forbidden
    try:
        if not forbidden:
            type(exercise).forbidden = ()
        return verdict_harness.judge_in_process(L02, exercise.grade_id, space)
    finally:
        type(exercise).forbidden = declared


@pytest.mark.parametrize("student", sorted(DELEGATIONS))
def test_each_delegation_is_a_right_answer_but_a_shortcut(student):
    """Control: without the exercise's forbidden list the delegation passes, so the zero
    below comes from the shortcut flag (the package does the work with Keras' ops)."""
    assert in_process(student, forbidden=False)[0], in_process(student, forbidden=False)
    passed, message = in_process(student, forbidden=True)
    assert not passed and "dcgan_course.conv_arithmetic" in message, message


@pytest.mark.parametrize("student, names", [
    # The transposed convolution's solution computes its output size with the sizes'.
    ("delegate_sizes", ("conv_output_size", "conv_transpose_naive")),
    ("delegate_transpose", ("conv_transpose_naive",)),
    ("delegate_overlap", ("overlap_is_even",)),
])
def test_delegating_to_the_package_scores_zero_on_that_exercise(graded, student, names):
    zero = {grade_cell_of(L02, name) for name in names}
    got = scores(graded["course"], L02)[student]
    got = {cell: got[cell] for cell in FULL[L02]}  # a hand-graded answer waits for a person
    want = {cell: 0 if cell in zero else points for cell, points in FULL[L02].items()}
    assert got == want
    assert f"SHORTCUT {student}" in graded["output"], graded["output"][-3000:]


def test_feedback_shows_no_hidden_test_and_no_probe(graded):
    course = graded["course"] / "autograder"
    pages = list((course / "feedback").glob(f"*/{L01}/*.html"))
    assert len(pages) == len(ATTACKS) + 1  # the attacks and the partial attacker
    for page in pages:
        text = page.read_text()
        handed_in = (course / "submitted" / page.parts[-3] / L01 / f"{L01}.ipynb").read_text()
        # What the grader sent (the probe's body and its reply) never shows; a student's
        # own code that mentions it (the forger) is theirs to see.
        for secret in ("HIDDEN TESTS", "__dcgan_probe_body", "__dcgan_probe_run(",
                       "application/x-dcgan-course-probe"):
            assert secret not in text or secret in handed_in, (page, secret)
