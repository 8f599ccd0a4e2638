"""Every catalogued mistake gets its own message, in the visible check and in the grader.

The wrong answers live in ``tests/mistakes/lessonNN.py`` (test data: the code a learner
writes); the messages in ``dcgan_course.exercises.catalogue`` (one source for both sides).
A mistake that passes, or that surfaces as a bare library error, fails here.
"""

from __future__ import annotations

import pytest
from mistake_catalogue import grader_message, lesson_modules, visible_message

from dcgan_course.exercises.catalogue import CATALOGUE

CASES = [(module, wrong) for module in lesson_modules() for wrong in module.WRONG]


def _id(case) -> str:
    module, wrong = case
    return f"{module.NOTEBOOK}:{wrong.mistake}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_visible_check_names_the_mistake(case) -> None:
    module, wrong = case
    assert wrong.mistake in CATALOGUE, f"{wrong.mistake} is not in the catalogue"
    key, message = visible_message(module, wrong)
    assert key == wrong.mistake, (
        f"the visible check of {wrong.grade_id} said {key or 'nothing named'}: {message}")


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_grader_names_the_mistake(case) -> None:
    module, wrong = case
    passed, message = grader_message(module, wrong)
    assert not passed, f"the grader passed {wrong.mistake}"
    # the grader's messages are wrapped for Validate's dialog: compare the words
    assert CATALOGUE[wrong.mistake].signature() in " ".join(message.split()), message


def test_every_catalogued_mistake_has_a_wrong_answer() -> None:
    """A message no test reaches may be stale; every catalogue entry has its wrong answer."""
    import importlib
    import pkgutil

    import dcgan_course.exercises as exercises

    for info in pkgutil.iter_modules(exercises.__path__):
        importlib.import_module(f"{exercises.__name__}.{info.name}")
    covered = {wrong.mistake for _, wrong in CASES}
    missing = sorted(set(CATALOGUE) - covered)
    assert not missing, f"catalogued mistakes without a wrong answer in tests/mistakes: {missing}"
