"""Assertions for exercise test cells that explain what went wrong.

A bare ``assert`` tells a learner only that something failed. These helpers say which
call was checked, what was expected, what came back, and (where we can guess the usual
mistake) a hint. They raise :class:`ExerciseFailure`, a subclass of ``AssertionError``,
so nbgrader scores a failing test cell as zero exactly as it would a failed ``assert``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np

from dcgan_course.translate import columns, tr


class ExerciseFailure(AssertionError):
    """A test of an exercise failed; the message is written for the learner."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the message alone.

        The message already names the call that was checked; a traceback through this
        module's helpers would only bury it (and Validate's dialog cuts long lines).
        """
        lines = str(self).splitlines() or [""]
        # The name goes in front of the first line: wrap that paragraph again so that the
        # name and the line together still fit in WIDTH columns.
        end = 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        first = " ".join(part.strip() for part in lines[:end])
        head = _fill(first, initial="ExerciseFailure: ") or ["ExerciseFailure: "]
        head[0] = "\x1b[0;31mExerciseFailure\x1b[0m: " + head[0][len("ExerciseFailure: "):]
        return head + lines[end:]


def _fmt(value: Any) -> str:
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{array.item():.6g}" if np.issubdtype(array.dtype, np.number) else repr(value)
    return np.array2string(array, precision=4, threshold=12, edgeitems=3)


WIDTH = 88  # Validate's dialog and narrow notebooks do not wrap long lines


def _fill(line: str, width: int = WIDTH, *, initial: str = "", indent: str = "  ") -> list[str]:
    """``textwrap.wrap`` for ASCII; for wide text, the same greedy fill counted in columns."""
    if columns(line) == len(line):
        return textwrap.wrap(line, width, initial_indent=initial, subsequent_indent=indent)
    lines, current, words = [], initial, 0
    for word in line.split():
        joined = f"{current} {word}" if words else current + word
        if words and columns(joined) > width:
            lines.append(current)
            current, words = indent + word, 1
        else:
            current, words = joined, words + 1
    return [*lines, current] if words else lines


def _wrap(text: str) -> str:
    return "\n".join("\n".join(_fill(line)) for line in text.splitlines())


def _message(what: str, problem: str, hint: str) -> str:
    text = f"{what}: {problem}"
    if hint:
        text += "\n" + tr("Hint: {hint}", hint=hint)
    return _wrap(text)


def to_numpy(value: Any, what: str) -> np.ndarray:
    """Convert a tensor, array or number to NumPy, or fail with a readable message."""
    if value is None:
        raise ExerciseFailure(
            _message(what, tr("returned None."), tr("Did you forget the `return` statement?"))
        )
    try:
        if hasattr(value, "numpy"):
            value = value.numpy()
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ExerciseFailure(
            _message(what, tr("returned {kind}, which is not a number or array ({error}).",
                              kind=type(value).__name__, error=error), "")
        ) from None


def expect_close(
    actual: Any,
    expected: Any,
    what: str,
    *,
    hint: str = "",
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> None:
    """Fail unless ``actual`` matches ``expected`` in shape and value (to rtol/atol)."""
    got = to_numpy(actual, what)
    want = np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        raise ExerciseFailure(
            _message(what, tr("expected shape {want}, got shape {got}.",
                              want=want.shape, got=got.shape), hint)
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        raise ExerciseFailure(
            _message(what, tr("got non-finite values {got} where {want} was expected.",
                              got=_fmt(got), want=_fmt(want)), hint)
        )
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        worst = float(np.max(np.abs(got - want)))
        raise ExerciseFailure(
            _message(what, tr("expected {want}, got {got} (largest difference {worst:.3g}).",
                              want=_fmt(want), got=_fmt(got), worst=worst), hint)
        )


def expect_finite(actual: Any, what: str, *, hint: str = "") -> None:
    """Fail if any value is NaN or infinite."""
    got = to_numpy(actual, what)
    if not np.all(np.isfinite(got)):
        raise ExerciseFailure(_message(what, tr("got non-finite values {got}.", got=_fmt(got)),
                                       hint))


def expect_shape(actual: Any, shape: tuple[int | None, ...], what: str, *, hint: str = "") -> None:
    """Fail unless the value has ``shape`` (``None`` matches any length on that axis)."""
    got = tuple(np.shape(actual))
    matches = len(got) == len(shape) and all(w is None or g == w for g, w in zip(got, shape,
                                                                                   strict=True))
    if not matches:
        raise ExerciseFailure(_message(what, tr("expected shape {want}, got {got}.", want=shape,
                                                got=got),
                                        hint))


def expect_true(condition: bool, what: str, problem: str, *, hint: str = "") -> None:
    """Fail with a sentence of our own when a property does not hold."""
    if not condition:
        raise ExerciseFailure(_message(what, problem, hint))


def call_exercise(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a learner's function, turning "not written yet" into a clear failure.

    An untouched exercise raises ``NotImplementedError``; the learner should read "write
    this function" rather than a traceback into the test cell.
    """
    name = getattr(function, "__name__", None) or tr("the function")
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise ExerciseFailure(_wrap(tr(
            "{name} is not written yet: replace `raise NotImplementedError()` in its cell "
            "with your code, run that cell, then run this test cell again.", name=name
        ))) from None
