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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from dcgan_course.checks import ExerciseFailure, _wrap
from dcgan_course.translate import speaking, tr

from .probe import UnreadableReply, decode_reply, probe_source

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
    return Question(exercise, cases, token, probe_source(exercise.body, cases, token), language)


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


def _judge(question: Question, outputs: list) -> tuple[bool, str]:
    exercise = question.exercise
    title = tr(exercise.title)
    failure = next((o for o in outputs if o.get("output_type") == "error"), None)
    try:
        results = decode_reply(outputs, question.token, len(question.cases))
    except UnreadableReply as problem:
        if failure is not None and failure.get("ename") in ("CellTimeoutError", "KernelDied"):
            return False, tr("{title}: your functions did not answer ({ename}: {evalue}).",
                             title=title, ename=failure.get("ename"),
                             evalue=failure.get("evalue", ""))
        return False, tr("{title}: the grader could not read what your functions returned "
                         "({problem}).", title=title, problem=problem)
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


def iter_exercises() -> Iterator[Exercise]:
    yield from load_all().values()
