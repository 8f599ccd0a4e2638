"""How the references store cases in the tables the learner package ships (lessons 01, 03).

A case is a dict of arrays, numbers, strings, lists of arrays and nested dicts; :func:`put`
flattens it into ``np.savez`` keys (``prefix/key/...``), and
:func:`dcgan_course.exercises.shipped.fixed_get` reads it back in the learner's kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def put(out: dict[str, np.ndarray], prefix: str, value: Any) -> None:
    """Store ``value`` under ``prefix`` (``None`` as NaN, read back as ``None``)."""
    if isinstance(value, dict):
        out[prefix + "keys"] = np.array(sorted(value))
        for key, item in value.items():
            put(out, f"{prefix}{key}/", item)
    elif isinstance(value, list | tuple) and value and isinstance(value[0], np.ndarray):
        out[prefix + "count"] = np.array(len(value))
        for index, item in enumerate(value):
            out[f"{prefix}{index}"] = np.asarray(item)
    else:
        out[prefix.rstrip("/")] = np.asarray(np.nan if value is None else value)


def put_cases(out: dict[str, np.ndarray], name: str, cases: list[dict[str, Any]]) -> None:
    """Store a list of cases under ``name/0/``, ``name/1/``, ... with their count."""
    out[f"{name}/count"] = np.array(len(cases))
    for index, case in enumerate(cases):
        put(out, f"{name}/{index}/", case)
