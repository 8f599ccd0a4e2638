"""Korean text for :func:`dcgan_course.translate.tr`, keyed by the English text in the code.

Terms follow the study group's deck (생성자, 판별자, 전치 합성곱, 배치 정규화, ...), with the
English term in parentheses where a Korean ML course would give it. Every ``{field}`` of the
English key appears in its Korean text (tests/test_translate.py checks both).

The catalog is split by area (one module each, so that work on one lesson never edits the
file another lesson's entries live in); :data:`KO` merges them. A key may appear in one
module only (:data:`DUPLICATES` lists any that do not, and a test fails on them).
"""

from __future__ import annotations

import importlib

#: The catalog's modules, in the order they are merged.
PARTS = ("base", "grading", "lesson01", "lesson02", "lesson03", "lesson04", "lesson05",
         "lesson06", "lesson07", "data", "training_tricks", "edition")

KO: dict[str, str] = {}
#: Keys found in more than one part: ``{key: [part, ...]}`` (should stay empty).
DUPLICATES: dict[str, list[str]] = {}
_OWNER: dict[str, str] = {}
for _part in PARTS:
    for _key, _text in importlib.import_module(f"{__name__}.{_part}").KO.items():
        if _key in _OWNER:
            DUPLICATES.setdefault(_key, [_OWNER[_key]]).append(_part)
        _OWNER[_key] = _part
        KO[_key] = _text
