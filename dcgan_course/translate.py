"""The course's own words in the running edition: ``tr("English text", **fields)``.

The English sentence stays where it is used (one source of truth: the code reads as it
always did, and the English edition prints exactly that text). The Korean edition looks the
same sentence up in :data:`dcgan_course.messages_ko.KO` and fills in the same ``{fields}``,
so numbers and names come from one computation in both editions. A sentence without a Korean
entry falls back to English (tests/test_translate.py fails on any such sentence).

Which edition speaks is decided where the words are written:

* in a lesson's kernel, :func:`dcgan_course.language.edition` (the ``<lesson>-ko`` folder or
  ``DCGAN_COURSE_LANG``): the visible checks, widgets and figures;
* in the grader's own process, :func:`speaking` with the language of the notebook being
  graded (``01-gan-intro-ko``), which nothing in the student's kernel can reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from dcgan_course import language
from dcgan_course.messages_ko import KO

_SPOKEN: ContextVar[str | None] = ContextVar("dcgan_course_spoken", default=None)


def current() -> str:
    """The language words are written in now: a :func:`speaking` block's, else the edition's."""
    return _SPOKEN.get() or language.edition()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Write every :func:`tr` text in ``lang`` inside the block (the grader's choice)."""
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def tr(text: str, /, **fields: Any) -> str:
    """``text`` in the current language, with ``{fields}`` filled in (``str.format`` rules).

    Without fields the text is returned as written (braces and all), as the English code
    always printed it.
    """
    if current() == language.KOREAN:
        text = KO.get(text, text)
    return text.format(**fields) if fields else text


def later(text: str) -> str:
    """Mark a module-level text for the catalog; it is translated where shown, with ``tr``.

    A constant is computed once, at import, before any :func:`speaking` block: translating
    it there would fix one language for the whole process (the grader grades both).
    """
    return text


def notebook_language(notebook: str) -> str:
    """The language of a notebook by its name (``01-gan-intro-ko`` is Korean)."""
    return language.KOREAN if notebook.endswith("-ko") else language.ENGLISH
