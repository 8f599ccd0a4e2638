"""Reading the tables shipped beside the lesson 01 and 03 checks (``*_tables.npz``).

The instructor's references write them (``autograder/reference/tables.py``): cases flattened
into ``name/index/key`` arrays. Only inputs, and the answers of catalogued mistakes (plus, for
lesson 01, the right values): no code that computes an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np


def fixed_get(arrays: Mapping[str, np.ndarray], prefix: str) -> Any:
    """What the table writer stored under ``prefix``: a dict, a list of arrays or a value."""
    if prefix + "keys" in arrays:
        return {str(k): fixed_get(arrays, f"{prefix}{k}/") for k in arrays[prefix + "keys"]}
    if prefix + "count" in arrays:
        return [arrays[f"{prefix}{i}"] for i in range(int(arrays[prefix + "count"]))]
    value = arrays[prefix.rstrip("/")]
    if value.ndim == 0 and value.dtype.kind == "f" and np.isnan(value):
        return None
    return value.item() if value.ndim == 0 else value


def fixed_cases(path: Path, *names: str) -> dict[str, Any]:
    """The shipped lists of cases ``names`` (and any other entry named, read whole)."""
    with np.load(path) as data:
        arrays = dict(data)
    found: dict[str, Any] = {}
    for name in names:
        if f"{name}/count" in arrays:
            found[name] = [fixed_get(arrays, f"{name}/{i}/")
                           for i in range(int(arrays[f"{name}/count"]))]
        else:
            found[name] = fixed_get(arrays, f"{name}/")
    return found
