"""The visible tests of the lessons' exercises, one module per lesson, named by concept.

Each graded test cell of a lesson is two lines: an import and one call, e.g.
``check_batch_norm_train(batch_norm_train)``. nbgrader's Validate dialog prints a failing
test cell's whole source before its error, so a short cell puts the
:class:`~dcgan_course.checks.ExerciseFailure` message (wrapped, without a traceback) where
the learner looks first. On success each check prints the lesson's "Exercise N: visible
tests passed." line.

These checks help the learner; they do not grade: the autograder scores each test cell in
its own process, with cases of its own. Nothing here may compute an exercise's answer in a
form a learner could call: expected values are hard-coded (with how they were computed) or
computed inline inside a check, and the learner's functions are always called through
:func:`dcgan_course.checks.call_exercise`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dcgan_course.checks import ExerciseFailure, _wrap


@contextmanager
def wrapped_messages() -> Iterator[None]:
    """Re-raise an :class:`ExerciseFailure` from shared code with its lines wrapped.

    ``dcgan_course.architecture``'s layer-by-layer checks (shared with the grader) write
    one long line per problem; Validate's dialog would clip it sideways.
    """
    try:
        yield
    except ExerciseFailure as failure:
        raise ExerciseFailure(_wrap(str(failure))) from None
