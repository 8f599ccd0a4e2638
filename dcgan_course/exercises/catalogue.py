"""Named mistakes: the one source of the messages a visible check and the grader give.

A learner who gets an exercise wrong usually made one of a few plausible mistakes (a missing
term, the wrong axis, gradients applied to the wrong variables). Each exercise lists them as
:class:`Mistake` records: a stable ``key`` (``"02/ex2/transpose-no-gap"``), the ``problem``
in words of behaviour (what the learner's code did, never the fix written out) and a
``hint`` that says where to look. Both the visible check in the learner's kernel and the
grader's verdict (``autograder/verdicts/``) raise the same record through :func:`fail`, so
the two always say the same thing in the same words, in either edition.

How a mistake is *recognised* differs between the two sides, and neither holds the answer:

* the visible checks compare against the framework's own operation, against tables of
  expected values shipped with the package (computed by the instructor's reference when
  the tables were generated), or against properties (a weight that must not move);
* the grader computes references and the mistaken variants in its own process, on cases
  drawn at grading time.

``tests/mistakes/lessonNN.py`` keeps each mistake as the code a learner would write, and
``tests/test_mistake_catalogue.py`` checks that every one gets its message on both sides.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, NoReturn

from dcgan_course.checks import ExerciseFailure, _message
from dcgan_course.translate import tr

#: Every mistake of every lesson, by key (filled as the lesson modules define them).
CATALOGUE: dict[str, Mistake] = {}


@dataclass(frozen=True)
class Mistake:
    """One plausible wrong answer to an exercise and what the learner is told about it.

    ``problem`` and ``hint`` are English ``tr`` texts (catalogued in
    ``dcgan_course/messages_ko``) and may hold ``{fields}`` filled in by :func:`fail`.
    """

    key: str
    problem: str
    hint: str = ""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d\d/[a-z0-9-]+/[a-z0-9-]+", self.key):
            raise ValueError(f"mistake key {self.key!r} is not 'NN/exercise/short-name'")
        if self.key in CATALOGUE and CATALOGUE[self.key] != self:
            raise ValueError(f"two different mistakes share the key {self.key!r}")
        CATALOGUE[self.key] = self

    def signature(self) -> str:
        """The longest piece of the English problem without a field: what tests look for."""
        pieces = [literal for literal, *_ in string.Formatter().parse(self.problem)]
        return max((p.strip() for p in pieces), key=len)


class NamedMistake(ExerciseFailure):
    """An :class:`ExerciseFailure` that names the catalogue entry it reports."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def fail(mistake: Mistake, what: str, **fields: Any) -> NoReturn:
    """Raise the learner-facing failure for ``mistake`` seen in ``what`` (a call's text)."""
    problem = tr(mistake.problem, **fields)
    hint = tr(mistake.hint, **fields) if mistake.hint else ""
    raise NamedMistake(_message(what, problem, hint), mistake.key)
