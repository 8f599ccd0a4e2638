"""Carry the learner's own generator and discriminator from lessons 04-05 into lesson 06.

Lesson 06 trains the networks *you* wrote, not a copy shipped with the course: the course
package holds no reference builders. The hand-over is a small Python module per network in a
folder next to the lesson folders:

    lessons/04-generator/04-generator.ipynb        calls save_builder(build_generator)
    lessons/05-discriminator/...ipynb              calls save_builder(build_discriminator)
    lessons/my_dcgan/generator.py                  written by save_builder: your code
    lessons/my_dcgan/discriminator.py
    lessons/06-.../06-....ipynb                    calls load_builder("generator")

* :func:`save_builder` writes the function's source code (``inspect.getsource`` reads it from
  the notebook cell), plus the imports, constants and helper functions it uses, into
  ``my_dcgan/<name>.py``. It refuses to save a builder that still raises
  ``NotImplementedError`` and says what to finish first.
* :func:`load_builder` imports that module afresh and returns the builder, or raises
  :class:`BuilderNotSaved` with a message naming the lesson, the exercise and the cell to run.

The folder is found from the notebook's working directory (Jupyter, Binder and nbgrader all
run a notebook in its own folder): ``my_dcgan`` in the folder *above* it, so lessons that sit
side by side share it: ``lessons/`` in a clone of the repository or on Binder, the course folder
``~/<course>/`` of nbgrader's student assignments. The environment variable
``DCGAN_COURSE_MY_DCGAN`` names another folder for other layouts. In a clone, where the
English lessons sit in ``lessons/`` and the Korean ones in ``lessons-ko/``, a builder saved in
either edition is found from the other: one learner, one saved model (the newer file wins).

nbgrader grades each lesson from its own submitted folder only (the course's grading sandbox
shows a kernel nothing else), so :func:`load_builder` also keeps a copy of the module *inside
the lesson folder that loads it* (``06-.../my_dcgan/``): it is handed in with lesson 06, and
the autograder finds it there. Of two copies the newer wins, so saving again in lesson 04 is
picked up. No copy is made inside the instructor's ``solutions/`` folders, which nbgrader would
publish. The folders are the learner's work and are kept out of git (``.gitignore``).
"""

from __future__ import annotations

import ast
import builtins
import datetime
import importlib.util
import inspect
import os
import shutil
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path

from dcgan_course.translate import later, tr

FOLDER = "my_dcgan"
FOLDER_ENV = "DCGAN_COURSE_MY_DCGAN"

#: Where each network is written: lesson folder, exercise and the builder's name.
SOURCES = {
    "generator": ("04-generator", later("Exercise 1"), "build_generator"),
    "discriminator": ("05-discriminator", later("Exercise 1"), "build_discriminator"),
    # lesson 06 saves the learner's step once it passes its check; the command line trains it
    "train_step": ("06-svhn-training", later("Exercise 2"), "train_step"),
}

_CONSTANT_TYPES = (bool, int, float, complex, str, bytes, type(None))


class BuilderNotSaved(RuntimeError):
    """Lesson 06 asked for a builder that lessons 04/05 have not saved (yet)."""


def my_dcgan_folder(cwd: Path | None = None) -> Path:
    """The folder the builders are saved to and loaded from (see the module docstring)."""
    override = os.environ.get(FOLDER_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return (Path(cwd) if cwd else Path.cwd()).resolve().parent / FOLDER


def _name_for(function: Callable) -> str:
    name = getattr(function, "__name__", "")
    return name.removeprefix("build_") if name.startswith("build_") else name


def _function_tree(source: str) -> ast.FunctionDef:
    tree = ast.parse(source)
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        raise ValueError(tr("save_builder needs a function written with `def` in a cell"))
    return tree.body[0]


def _still_a_stub(node: ast.FunctionDef) -> bool:
    """True if the function raises NotImplementedError anywhere (the exercise's stub)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Raise) and sub.exc is not None:
            target = sub.exc.func if isinstance(sub.exc, ast.Call) else sub.exc
            if isinstance(target, ast.Name) and target.id == "NotImplementedError":
                return True
    return False


def _global_names(code: types.CodeType) -> list[str]:
    names = list(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names += _global_names(const)
    return list(dict.fromkeys(names))


def _import_line(alias: str, value: object) -> str | None:
    """An import statement that binds ``alias`` to ``value``, or None if there is none."""
    if isinstance(value, types.ModuleType):
        module = value.__name__
        if module == "keras._tf_keras.keras":
            return f"from tensorflow import keras as {alias}"
        if module.startswith("keras._tf_keras.keras."):
            parent, _, child = module.removeprefix("keras._tf_keras.").rpartition(".")
            return f"from tensorflow.{parent} import {child} as {alias}"
        if "." in module:
            parent, _, child = module.rpartition(".")
            return f"from {parent} import {child} as {alias}"
        return f"import {module}" if module == alias else f"import {module} as {alias}"
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if module and qualname and module != "__main__" and "." not in qualname and "<" not in qualname:
        return f"from {module} import {qualname} as {alias}"
    return None


def _collect(function: Callable, seen: dict[str, str], imports: list[str],
             constants: list[str], helpers: list[str]) -> None:
    """Gather what ``function`` needs from its notebook's globals, depth first."""
    namespace = function.__globals__
    for name in _global_names(function.__code__):
        if name in seen or name not in namespace:
            continue  # an attribute name, a builtin, or something defined later
        value = namespace[name]
        if hasattr(builtins, name) and getattr(builtins, name) is value:
            continue
        if isinstance(value, types.FunctionType) and value.__globals__ is namespace:
            seen[name] = "helper"
            _collect(value, seen, imports, constants, helpers)
            helpers.append(textwrap.dedent(inspect.getsource(value)))
            continue
        line = _import_line(name, value)
        if line is not None:
            seen[name] = "import"
            imports.append(line)
        elif isinstance(value, _CONSTANT_TYPES) or (
                isinstance(value, tuple) and all(isinstance(v, _CONSTANT_TYPES) for v in value)):
            seen[name] = "constant"
            constants.append(f"{name} = {value!r}")
        else:
            raise ValueError(tr(
                "{function} uses the notebook variable `{name}` ({kind}), which cannot be "
                "saved as code. Define it inside the function (or pass it as an argument) and "
                "run the cells again.", function=function.__name__, name=name,
                kind=type(value).__name__))


def builder_source(function: Callable) -> str:
    """The text of the module :func:`save_builder` writes for ``function``."""
    source = textwrap.dedent(inspect.getsource(function))
    node = _function_tree(source)
    seen: dict[str, str] = {function.__name__: "builder"}
    imports: list[str] = []
    constants: list[str] = []
    helpers: list[str] = []
    _collect(function, seen, imports, constants, helpers)
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    parts = [
        f'"""{node.name}, saved from your notebook by dcgan_course.carry.save_builder '
        f"({stamp}).\n\nLesson 06 imports this file with carry.load_builder. Do not edit it "
        "here: change the\nfunction in its lesson and run the save cell again.\n\"\"\"",
        "\n".join(dict.fromkeys(imports)),
        "\n".join(constants),
        *helpers,
        source,
    ]
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"


def save_builder(function: Callable, name: str | None = None,
                 folder: Path | None = None) -> Path | None:
    """Save a notebook-defined builder so that lesson 06 can train it.

    Returns the path written, or None (with a printed explanation) when the builder is still
    the exercise's stub. Run it again whenever you change the function.
    """
    name = name or _name_for(function)
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError) as error:
        raise ValueError(tr("cannot read the source code of {function!r} ({error}); define "
                            "it with `def` in a notebook cell and run that cell first.",
                            function=function, error=error)) from None
    if _still_a_stub(_function_tree(source)):
        print(tr("Not saved: {kind} still raises NotImplementedError. Finish the exercise, run "
                 "its cell and its test cell, then run this cell again.", kind=function.__name__))
        return None
    text = builder_source(function)
    target_dir = Path(folder) if folder else my_dcgan_folder()
    path = target_dir / f"{name}.py"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:  # e.g. the grading sandbox, where only the lesson folder is writable
        print(tr("Not saved: cannot write {path} ({value}).", path=path,
                 value=error.strerror or error))
        return None
    _import_file(path, name)  # fail now, in the lesson that can fix it, not in lesson 06
    if name == "train_step":
        print(tr("Saved {kind} to {path}: the command line (python -m dcgan_course train) "
                 "trains with it. Run this cell again whenever you change it.",
                 kind=function.__name__, path=path))
    else:
        print(tr("Saved {kind} to {path}. Lesson 06 will train this {name}; run this cell "
                 "again whenever you change the function.", kind=function.__name__, path=path,
                 name=name))
    return path


def _import_file(path: Path, name: str) -> types.ModuleType:
    module_name = f"my_dcgan_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(module_name, None)
    spec.loader.exec_module(module)
    return module


def network_name(name: str) -> str:
    """A saved network's name (``"generator"``, ``"discriminator"``) in the learner's
    language, for messages; other names (``train_step``) are code and stay as they are."""
    return {"generator": tr("generator"), "discriminator": tr("discriminator")}.get(name, name)


def _missing_message(name: str, looked: Path) -> str:
    lesson, exercise, builder = SOURCES.get(name, (later("the lesson that defines it"),
                                                   later("the exercise"),
                                                   f"build_{name}"))
    return (
        tr("Your {name} is not saved yet (looked for {looked}). Open lesson {lesson}, finish "
           "{exercise} ({builder}) so that its tests pass, then run the cell with "
           "`carry.save_builder({builder})` below it. Come back and run this cell again.",
           name=network_name(name), looked=looked, lesson=_lesson_folder(tr(lesson)),
           exercise=tr(exercise),
           builder=builder))


#: The two editions' folders of a clone: a builder saved in one is found from the other.
EDITIONS = ("lessons", "lessons-ko")


def _other_edition(shared: Path) -> Path | None:
    """The same module in the other edition's ``my_dcgan`` (``lessons/`` <-> ``lessons-ko/``)
    when the lessons sit in one of the two edition folders, else ``None``."""
    edition = shared.parent.parent
    if edition.name not in EDITIONS:
        return None
    other = EDITIONS[1 - EDITIONS.index(edition.name)]
    return edition.parent / other / FOLDER / shared.name


def _candidates(name: str, folder: Path | None) -> list[Path]:
    """Where a saved module may be, the shared folder of this edition last but one."""
    if folder:
        return [Path(folder) / f"{name}.py"]
    shared = my_dcgan_folder() / f"{name}.py"
    if os.environ.get(FOLDER_ENV, "").strip():
        return [shared]
    local = Path.cwd().resolve() / FOLDER / f"{name}.py"
    other = _other_edition(shared)
    return [local, shared] + ([other] if other is not None else [])


def _shared(name: str, folder: Path | None) -> Path:
    """The path a learner is told about: this edition's shared module."""
    return Path(folder) / f"{name}.py" if folder else my_dcgan_folder() / f"{name}.py"


def _lesson_folder(lesson: str) -> str:
    """A lesson's folder name in the edition the learner works in (``04-generator-ko``)."""
    return f"{lesson}-ko" if Path.cwd().name.endswith("-ko") else lesson


def _keep_local_copy(found: Path, name: str) -> None:
    """Copy a builder found next to the lesson folders into this lesson's folder.

    The copy is what nbgrader receives with the lesson and grades. Best effort: a read-only
    folder keeps working without it; the instructor's source folders never get one.
    """
    here = Path.cwd().resolve()
    if here.parent.name == "solutions" or found.parent == here / FOLDER:
        return
    try:
        (here / FOLDER).mkdir(exist_ok=True)
        shutil.copy2(found, here / FOLDER / f"{name}.py")
    except OSError:
        pass


def load_builder(name: str, folder: Path | None = None) -> Callable:
    """Return the builder saved by lesson 04 (``"generator"``) or 05 (``"discriminator"``).

    Looks in ``my_dcgan/`` inside the current lesson folder and next to it and takes the
    newer file (see the module docstring). The module is imported afresh on every call, so
    a builder saved again is picked up.
    """
    existing = [p for p in _candidates(name, folder) if p.is_file()]
    if not existing:
        raise BuilderNotSaved(_missing_message(name, _shared(name, folder)))
    path = max(existing, key=lambda p: p.stat().st_mtime)
    if folder is None:
        _keep_local_copy(path, name)
    module = _import_file(path, name)
    builder = SOURCES.get(name, (None, None, f"build_{name}"))[2]
    function = getattr(module, builder, None)
    if not callable(function):
        raise BuilderNotSaved(tr("{path} holds no function {builder}. ", path=path,
                                 builder=builder) + _missing_message(name, path))
    return function


def load_train_step(folder: Path | None = None) -> Callable:
    """The ``train_step`` lesson 06 saved, checked as lesson 06 checks it.

    Found like the builders (``my_dcgan/train_step.py``, see :func:`load_builder`). Raises
    :class:`BuilderNotSaved` when there is none, or when the saved step cannot be imported
    or fails the engine's check (:func:`dcgan_course.training.step_problem`), with a message
    that says why and what to do. The command line and lesson 07 train with it.
    """
    from dcgan_course.training import step_problem

    try:
        step = load_builder("train_step", folder)
    except BuilderNotSaved:
        raise
    except Exception as error:  # noqa: BLE001 - the learner's file, any error
        raise BuilderNotSaved(tr("Your saved train_step cannot be used ({kind}: {error}). "
                                 "Run lesson 06's section 4 again to save it anew.",
                                 kind=type(error).__name__, error=error)) from None
    problem = step_problem(step)
    if problem is not None:
        raise BuilderNotSaved(tr("Your saved train_step fails the engine's check: {problem}. "
                                 "Fix exercise 2 of lesson 06 and run its section 4 again.",
                                 problem=problem))
    return step
