"""Package functions that compute the answer to a graded exercise, and what keeps them out of it.

The widgets and the training engine need working versions of a few things a learner writes
in an exercise (output sizes and a transposed convolution for the lesson 02 visualizer, a
training step for the lesson 01 experiments, the losses for the engine's own step). Calling
one of those from an exercise would pass it without writing anything, so each is marked
with :func:`answer_to`, and:

* **Validate and the visible tests** (the learner's own kernel): while
  :func:`dcgan_course.checks.call_exercise` runs a learner's function, a marked function
  that is called raises :class:`DelegatedAnswer`, whose message says which course function
  was called and that the exercise asks for the learner's own code. It runs in the learner's
  process, so it is help, not security.
* **Grading** (the sandbox kernel): the grader binds a copy of this package over the
  original in which every marked function's body is gone (:func:`blind_package`); calling
  one raises :class:`AnswerHidden`. The original code is not in the sandbox at all, so no
  patching inside the kernel can bring it back.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from dcgan_course.translate import tr

F = TypeVar("F", bound=Callable[..., Any])

#: How many learner calls (``checks.call_exercise``) are running right now.
_learner_calls = 0


class DelegatedAnswer(AssertionError):
    """A learner's exercise called the course's own version of the answer."""

    def _render_traceback_(self) -> list[str]:
        return ["\x1b[0;31mDelegatedAnswer\x1b[0m: " + line if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


class AnswerHidden(RuntimeError):
    """Raised by a marked function in the grading sandbox, where its code is removed."""


def _qualified(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def answer_to(*exercises: str) -> Callable[[F], F]:
    """Mark a function that computes the answer to ``exercises`` ("<lesson>/<test cell>").

    Outside a learner's exercise the function behaves as usual (the widgets use it).
    """

    def mark(function: F) -> F:
        name = _qualified(function)

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if _learner_calls:
                raise DelegatedAnswer(tr(
                    "Your code called {name}, the course package's own version of this "
                    "exercise's answer. The exercise asks you to write it yourself: the "
                    "autograder hides the package's version, so this would score zero.",
                    name=name))
            made = function(*args, **kwargs)
            # A factory (make_train_step) hands out the answer as a new function: that
            # function refuses to stand in for the learner's too.
            return mark(made) if inspect.isfunction(made) else made

        guarded.__answer_to__ = exercises  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return mark


class learner_call:  # noqa: N801 -- used as a context manager, reads like a phrase
    """Context manager: the code inside runs a learner's function (see :func:`answer_to`)."""

    def __enter__(self) -> None:
        global _learner_calls
        _learner_calls += 1

    def __exit__(self, *exc: object) -> None:
        global _learner_calls
        _learner_calls -= 1


# -- the grading copy ---------------------------------------------------------------------

def _is_answer_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Name) and target.id == "answer_to") or (
        isinstance(target, ast.Attribute) and target.attr == "answer_to")


def _hidden_body(module: str, function: ast.FunctionDef) -> list[ast.stmt]:
    message = (f"{module}.{function.name} is hidden while your notebook is graded: it is the "
               "course's own answer to an exercise. Write your own version.")
    body: list[ast.stmt] = []
    first = function.body[0] if function.body else None
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        body.append(first)  # keep the docstring: help() still explains the function
    body += ast.parse("from dcgan_course.answers import AnswerHidden as _AnswerHidden\n"
                      f"raise _AnswerHidden({message!r})").body
    return body


def blind_source(source: str, module: str) -> tuple[str, list[str]]:
    """``source`` with the body of every :func:`answer_to` function replaced by a raise.

    Returns the new source and the names of the functions it blinded.
    """
    tree = ast.parse(source)
    blinded = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and any(_is_answer_decorator(d) for d in node.decorator_list)):
            node.body = _hidden_body(module, node)
            blinded.append(f"{module}.{node.name}")
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n", blinded


def package_folder() -> Path:
    """The folder this package is imported from."""
    return Path(__file__).resolve().parent


def blind_package(target_root: Path, source: Path | None = None) -> tuple[Path, list[str]]:
    """Write a copy of the package without the code of its marked functions.

    The copy goes to ``target_root/<digest>/dcgan_course`` (the digest covers the sources,
    so an unchanged package is reused). Returns the copy's folder and the blinded names.
    """
    source = source or package_folder()
    files = sorted(p for p in source.rglob("*.py") if "__pycache__" not in p.parts)
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())
    folder = target_root / digest.hexdigest()[:16] / source.name
    manifest = folder / "BLINDED.txt"
    if manifest.exists():
        return folder, manifest.read_text().split()
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    blinded_all: list[str] = []
    for path in files:
        relative = path.relative_to(source)
        module = ".".join((source.name, *relative.with_suffix("").parts)).removesuffix(
            ".__init__")
        text, blinded = blind_source(path.read_text(), module)
        blinded_all += blinded
        out = staging / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if blinded else path.read_text())
    (staging / "BLINDED.txt").write_text("\n".join(blinded_all) + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder, blinded_all
