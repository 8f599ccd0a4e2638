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

import re
import unicodedata
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


#: A format spec's parts: fill and align, sign/#/0, width, the rest (``str.format`` rules).
_SPEC = re.compile(r"(?P<head>(?:.?[<>=^])?[+\- ]?#?0?)(?P<width>\d*)(?P<tail>.*)", re.S)


def columns(text: str) -> int:
    """How many columns ``text`` takes on screen: Hangul (and other wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Words(str):
    """A text :func:`tr` returns: a ``str`` that pads to screen columns in a format spec.

    ``f"{tr('kernel, padding'):<18}"`` lines up a printed table in both editions: a Hangul
    syllable takes two columns of a monospaced output, so its width counts twice (plain
    ``str`` padding counts characters, and every Korean row would stick out).
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        match = _SPEC.fullmatch(spec)
        extra = columns(self) - len(self)
        if extra and match and match["width"]:
            width = max(int(match["width"]) - extra, 0)
            spec = f"{match['head']}{width}{match['tail']}"
        return str.__format__(str(self), spec)

    def splitlines(self, keepends: bool = False) -> list[Words]:  # a title's first line
        return [Words(line) for line in str.splitlines(self, keepends)]


def tr(text: str, /, **fields: Any) -> Words:
    """``text`` in the current language, with ``{fields}`` filled in (``str.format`` rules).

    Without fields the text is returned as written (braces and all), as the English code
    always printed it. The result pads by screen columns in a format spec (:class:`Words`).
    """
    if current() == language.KOREAN:
        text = KO.get(text, text)
    return Words(text.format(**fields) if fields else text)


def later(text: str) -> str:
    """Mark a module-level text for the catalog; it is translated where shown, with ``tr``.

    A constant is computed once, at import, before any :func:`speaking` block: translating
    it there would fix one language for the whole process (the grader grades both).
    """
    return text


def notebook_language(notebook: str) -> str:
    """The language of a notebook by its name (``01-gan-intro-ko`` is Korean)."""
    return language.KOREAN if notebook.endswith("-ko") else language.ENGLISH
