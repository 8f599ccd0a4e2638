"""Verdicts decided by the grader, outside the student's process.

Every autograded test cell of every lesson has an :class:`Exercise` here, registered under
``(notebook, grade_id)``. While nbgrader autogrades a notebook, the grader
(``safe_execute.SafeExecute``) does not run the test cell's code in the student's kernel.
Instead, for that cell it:

1. draws the cases for this submission with a fresh secret seed (:meth:`Exercise.cases`):
   inputs nobody has seen before, so no answer can be stored in advance;
2. sends the kernel a *probe* (:mod:`.probe`) that calls the student's functions on those
   inputs and returns what they computed, as data;
3. checks each result in its own process (:meth:`Exercise.check`), against references it
   computes itself, with the same feedback helpers the visible tests use;
4. writes the cell's outputs itself: a line saying what passed, or the failure message.

nbgrader then scores the cell from those outputs, as usual. Whatever the student's code
does inside its kernel (hooks, input transformers, patched modules or messaging, a time
bomb) it can change only what its own functions return: a wrong answer cannot turn into
points. The test cells' own code (the visible checks) still serves the learner in
Validate and in the lesson.
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from dcgan_course.checks import ExerciseFailure, _wrap
from dcgan_course.translate import speaking, tr

from .probe import UnreadableReply, probe_source, read_reply

REGISTRY: dict[tuple[str, str], Exercise] = {}


class Exercise:
    """One autograded test cell, checked by the grader.

    Subclasses set ``notebook`` (the notebook's name without .ipynb), ``grade_id`` (the
    test cell's nbgrader id), ``title`` (how feedback names it), ``names`` (the learner's
    functions the probe calls, for the "not written yet" message) and ``body``: kernel
    code that defines ``__dcgan_probe_body(case)`` and returns what the grader needs.
    """

    notebook: ClassVar[str]
    grade_id: ClassVar[str]
    title: ClassVar[str]
    names: ClassVar[tuple[str, ...]]
    body: ClassVar[str]
    #: Framework built-ins this exercise asks the learner not to use, as dotted names
    #: (``"keras.layers.UpSampling2D"``, ``"tf.nn.moments"``): an answer whose code refers
    #: to one (:mod:`.shortcuts`) or calls one while probed (:mod:`.probe`) fails.
    forbidden: ClassVar[tuple[str, ...]] = ()
    #: True where the exercise's argument is an instrument to measure through its calls
    #: (lesson 03's moving-average boxes): an answer that opens it instead (private
    #: attributes, getattr/vars, inspect, pickle, ...: :func:`.shortcuts.reads_insides`,
    #: read from the notebook's source) fails; the kernel cannot hide what the box computes.
    opaque: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "grade_id" in cls.__dict__:
            REGISTRY[(cls.notebook, cls.grade_id)] = cls()

    def cases(self, rng: np.random.Generator) -> list[dict]:
        """The inputs for this submission (JSON-able values and NumPy arrays)."""
        raise NotImplementedError

    def check(self, case: dict, value: Any) -> None:
        """Raise :class:`ExerciseFailure` unless ``value`` is right for ``case``."""
        raise NotImplementedError

    def describe(self, case: dict) -> str:
        """How a failure names the case (overridden where a case has a name)."""
        return case.get("what", "a case drawn at grading time")


@dataclass
class Question:
    """One probe: the code for the kernel and what the grader needs to judge the reply."""

    exercise: Exercise
    cases: list[dict]
    token: str
    source: str
    #: The language of the graded notebook (``"ko"`` for ``<lesson>-ko``): the feedback's.
    language: str = "en"
    #: Forbidden names the learner's source uses (:func:`.shortcuts.used_shortcuts`, read by
    #: the grader from the notebook before it probes).
    shortcuts: list[str] = field(default_factory=list)
    #: What the learner's source uses to open an ``opaque`` exercise's argument.
    insides: list[str] = field(default_factory=list)
    #: Seconds the probe had (the cell's limit, or what was left of the notebook's budget),
    #: and whether the notebook's budget, not the cell's limit, set it.
    time_limit: int | None = None
    budget_limited: bool = False
    #: Forbidden names the kernel reported called while probed (set by :func:`judge`).
    called: list[str] = field(default_factory=list)


def load_all() -> dict[tuple[str, str], Exercise]:
    """Every lesson's exercises (the modules ``lessonNN.py`` beside this file)."""
    for path in sorted(Path(__file__).parent.glob("lesson[0-9]*.py")):
        importlib.import_module(f"{__name__}.{path.stem}")
    return REGISTRY


#: Notebook names of the other editions end with their language (``01-gan-intro-ko``): the
#: same lesson, the same code cells and grade ids, so the same verdicts (autograder/korean.py).
EDITION_SUFFIXES = ("-ko",)


def lesson_notebook(notebook: str) -> str:
    """The English notebook name whose verdicts grade ``notebook`` (any edition)."""
    for suffix in EDITION_SUFFIXES:
        notebook = notebook.removesuffix(suffix)
    return notebook


def exercise_for(notebook: str, grade_id: str) -> Exercise | None:
    load_all()
    return REGISTRY.get((lesson_notebook(notebook), grade_id))


def ask(exercise: Exercise, seed: int | None = None, language: str = "en") -> Question:
    """Draw this submission's cases and write the probe for them.

    ``language`` is the graded notebook's (:func:`dcgan_course.translate.notebook_language`
    of its name, decided in the grader): it changes the feedback's words, never the cases or
    the verdict.
    """
    rng = np.random.default_rng(secrets.randbits(128) if seed is None else seed)
    with speaking(language):
        cases = exercise.cases(rng)
    token = secrets.token_hex(12)
    return Question(exercise, cases, token,
                    probe_source(exercise.body, cases, token, exercise.forbidden), language)


def _kernel_error(exercise: Exercise, case: dict, result: dict) -> str:
    error, message = result["error"], result.get("message", "")
    if error == "NotImplementedError":
        return tr("{names} is not written yet: replace `raise NotImplementedError()` in its "
                  "cell with your code.", names=" / ".join(exercise.names))
    if error == "AnswerHidden":
        return message
    return tr("{what}: raised {error}: {message}", what=exercise.describe(case), error=error,
              message=message).rstrip(": ")


def judge(question: Question, outputs: list) -> tuple[bool, str]:
    """Pass/fail and the message for the learner, in the notebook's language."""
    with speaking(question.language):
        return _judge(question, outputs)


def _shortcut_message(exercise: Exercise, title: str, used: list[str]) -> str:
    return _wrap(tr("{title}: your code uses {used}. This exercise asks you to write {names} "
                    "with your own code, to see how it works inside, so the framework's "
                    "version does not count here. Rewrite it without {used}; you may still "
                    "use it in a scratch cell to check your answer.", title=title,
                    used=", ".join(used), names=" / ".join(exercise.names)))


def _no_answer(question: Question, title: str, outputs: list, problem: Exception) -> str:
    """Why the probe brought back no readable reply, in the learner's terms."""
    names = " / ".join(question.exercise.names)
    enames = [o.get("ename") for o in outputs if o.get("output_type") == "error"]
    if "CellTimeoutError" in enames and question.budget_limited:
        return tr("{title}: {names} did not return before the notebook's grading time "
                  "budget ran out ({seconds} s were left for this test; "
                  "COURSE_GRADING_NOTEBOOK_SECONDS). Cells that take long (training, "
                  "sleeping, loops) leave less time for the tests after them.", title=title,
                  names=names, seconds=question.time_limit)
    if "CellTimeoutError" in enames:
        return tr("{title}: {names} did not return within {seconds} s, the grading time "
                  "limit of one cell (COURSE_GRADING_CELL_TIMEOUT). Look for a loop that "
                  "never ends, or work that grows much faster than its input.", title=title,
                  names=names, seconds=question.time_limit or "?")
    if "KernelDied" in enames:
        failure = next(o for o in outputs if o.get("ename") == "KernelDied")
        return tr("{title}: your functions did not answer ({ename}: {evalue}).", title=title,
                  ename="KernelDied", evalue=failure.get("evalue", ""))
    return tr("{title}: the grader could not read what your functions returned "
              "({problem}).", title=title, problem=problem)


def _judge(question: Question, outputs: list) -> tuple[bool, str]:
    exercise = question.exercise
    title = tr(exercise.title)
    if question.insides:  # decided from the source alone: the reply cannot change it
        return False, _wrap(tr(
            "{title}: your code opens the box ({used}) instead of measuring it through its "
            "calls. The exercise is the experiment: feed the box batches you choose and read "
            "its moving averages. A probe that looks inside would not work on a layer you "
            "cannot open, and here it earns no points.", title=title,
            used=", ".join(question.insides)))
    try:
        results, called = read_reply(outputs, question.token, len(question.cases),
                                     exercise.forbidden)
    except UnreadableReply as problem:
        if question.shortcuts:
            return False, _shortcut_message(exercise, title, question.shortcuts)
        return False, _no_answer(question, title, outputs, problem)
    question.called = called
    used = sorted({*question.shortcuts, *called})
    if used:
        return False, _shortcut_message(exercise, title, used)
    for case, result in zip(question.cases, results, strict=True):
        if "error" in result:
            return False, _wrap(_kernel_error(exercise, case, result))
        try:
            exercise.check(case, result["value"])
        except ExerciseFailure as failed:
            return False, str(failed)
        except Exception as error:  # noqa: BLE001 -- a malformed answer is a wrong answer
            return False, _wrap(tr("{describe}: returned something the grader could not check "
                                   "({kind}: {error}).", describe=exercise.describe(case),
                                   kind=type(error).__name__, error=error))
    return True, tr("{title}: passed, checked in the grader on {count} cases drawn at "
                    "grading time.", title=title, count=len(question.cases))


# -- what the grader writes into a notebook besides verdicts (safe_execute.py) ------------

def budget_note(budget: int, language: str = "en") -> str:
    """The error of a cell not run because the notebook's time budget was used up."""
    with speaking(language):
        return tr("not run: the notebook's grading time budget of {seconds} s "
                  "(COURSE_GRADING_NOTEBOOK_SECONDS) was used up before this cell. Cells "
                  "that ran before keep their points.", seconds=budget)


def stopped_note(seconds: int, budget: int | None, language: str = "en") -> str:
    """The error of a cell stopped at its time limit (``budget``: the notebook's budget
    set that limit, not the cell's own)."""
    with speaking(language):
        if budget is not None:
            return tr("stopped after {seconds} s: the notebook's grading time budget of "
                      "{budget} s (COURSE_GRADING_NOTEBOOK_SECONDS) ran out in this cell; "
                      "the cells after it were not run.", seconds=seconds, budget=budget)
        return tr("stopped after {seconds} s (the grading time limit of one cell, "
                  "COURSE_GRADING_CELL_TIMEOUT)", seconds=seconds)


def output_cut_note(limit: int, language: str = "en") -> str:
    """The note left in a cell whose output the grader stopped keeping."""
    with speaking(language):
        return tr("[output cut by the grader as it arrived: this cell printed more than "
                  "{limit:,} characters]", limit=limit)


def iter_exercises() -> Iterator[Exercise]:
    yield from load_all().values()
