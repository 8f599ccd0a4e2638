"""No function of the learner's package earns a point when pasted as an exercise's answer.

The learner view (autograder/learner_view.py) is what a learner has: if a function in its
``dcgan_course/`` computes a graded answer, a learner can copy its body into the answer
cell. This test does that for every function body in the view's package (every ``def``:
module level, methods and nested functions), renamed to each exercise's function wherever
its signature takes the call the grader makes, and asks the grader's verdicts whether it
passes:

* in bulk, in a worker process (:func:`main`) with the in-process judge of
  ``tests/verdict_harness.py``: the exercise's other functions are the instructor's
  solutions, so a candidate that passes would carry the exercise alone; a nested function
  (a step inside a factory) gets its free variables bound to the lesson's functions in
  every order; each candidate is tried on the first case drawn, then on all of them;
* then once for real: the lesson whose candidates came closest to the instructor's
  answers (text similarity) is handed in with each answer cell replaced by its most
  dangerous candidate, graded by ``instructor.py autograde`` in the sandbox.

Both must come to 0 points. While the package still ships answer bodies, this test fails
and names each function that earns points, per exercise.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import pytest
from conftest import AUTOGRADER, LESSONS, SOLUTIONS, copy_course

pytestmark = pytest.mark.notebooks
HERE = Path(__file__).resolve().parent
#: Seconds one candidate may take in the judge (a training loop that fits a signature).
CANDIDATE_SECONDS = 10


#: Declared return types no exercise's answer can have (every answer is a value the
#: verdicts compare: a number, an array, a tensor, a model...): plotting and procedures.
NOT_AN_ANSWER = {"None", "NoReturn", "Figure", "CourseFigure", "Axes", "Iterator[None]",
                 "Layout"}


@dataclass
class Candidate:
    module: str        # dcgan_course.conv_arithmetic
    qualname: str      # conv_output_size, Trainer.step, make_train_step.<locals>.train_step
    source: str        # the def, dedented
    free: list[str]    # names an enclosing function provides (nested defs)
    method: bool       # first parameter is self/cls


@dataclass
class Result:
    notebook: str
    grade_id: str
    name: str
    candidate: str
    binding: list[str]
    first_case: bool
    passed: bool
    similarity: float
    message: str
    seconds: float = 0.0


# -- the candidates ----------------------------------------------------------------------

def candidates(view: Path) -> list[Candidate]:
    """Every function defined in the view's package (but those declared to return no value
    an answer can be: :data:`NOT_AN_ANSWER`)."""
    found = []
    for path in sorted((view / "dcgan_course").rglob("*.py")):
        relative = path.relative_to(view).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        text = path.read_text()
        tree = ast.parse(text)
        found += _walk(tree, text, module, [], None)
    return found


def _walk(node: ast.AST, text: str, module: str, outer: list[str],
          enclosing: ast.FunctionDef | None) -> list[Candidate]:
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            source = textwrap.dedent(ast.get_source_segment(text, child, padded=True) or "")
            source = "\n".join(line for line in source.splitlines()
                               if not line.lstrip().startswith("@"))  # no decorators
            free = _enclosing_names(enclosing) if enclosing else []
            method = isinstance(node, ast.ClassDef)
            returns = ast.unparse(child.returns) if child.returns else ""
            if returns not in NOT_AN_ANSWER:
                found.append(Candidate(module, ".".join([*outer, child.name]), source, free,
                                       method))
            found += _walk(child, text, module, [*outer, child.name, "<locals>"], child)
        elif isinstance(child, ast.ClassDef):
            found += _walk(child, text, module, [*outer, child.name], enclosing)
        else:
            found += _walk(child, text, module, outer, enclosing)
    return found


def _enclosing_names(function: ast.FunctionDef) -> list[str]:
    """Parameters and local names of the enclosing function (what a closure may use)."""
    names = [a.arg for a in [*function.args.posonlyargs, *function.args.args,
                             *function.args.kwonlyargs]]
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return list(dict.fromkeys(names))


# -- building a candidate as a learner's function -----------------------------------------

def make_function(candidate: Candidate, name: str, lesson: dict, binding: tuple):
    """The candidate as ``name``, with its module's globals (a learner who pastes it pastes
    what it uses), a method's ``self`` as None and a nested function's free names bound."""
    import importlib

    module = importlib.import_module(candidate.module)
    space = dict(vars(module))
    tree = ast.parse(candidate.source)
    definition = tree.body[0]
    definition.name = name
    if candidate.free:
        free = free_used(candidate)
        wrapper = ast.parse(f"def __factory({', '.join(free)}):\n    pass\n").body[0]
        wrapper.body = [definition, ast.parse(f"return {name}").body[0]]
        tree.body = [wrapper]
        exec(compile(ast.fix_missing_locations(tree), f"<{candidate.qualname}>", "exec"), space)
        values = [lesson[b] for b in binding]
        function = space["__factory"](*values)
    else:
        exec(compile(ast.fix_missing_locations(tree), f"<{candidate.qualname}>", "exec"), space)
        function = space[name]
    if candidate.method:
        method = function

        def function(*args, **kwargs):  # noqa: F811 -- the method with self = None
            return method(None, *args, **kwargs)

    return function


def free_used(candidate: Candidate) -> list[str]:
    """The enclosing function's names that the nested candidate reads without binding them
    itself (what its closure carries: ``d_loss_fn`` and ``g_loss_fn`` of a step factory)."""
    if not candidate.free:
        return []
    definition = ast.parse(candidate.source).body[0]
    arguments = definition.args
    local = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                             *filter(None, [arguments.vararg, arguments.kwarg])]}
    used = set()
    for node in ast.walk(definition):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else local).add(node.id)
    return [f for f in candidate.free if f in used and f not in local]


@dataclass
class Calls:
    """How the grader's probe calls one of the learner's functions."""

    shapes: list[tuple[int, frozenset]]  # (positional count, keyword names) of every call
    first: tuple[tuple, dict]            # the arguments of the first call, as they were


def calls_made(question_set, namespace: dict, name: str) -> Calls:
    """Recorded by running the probe once with a stand-in for ``name`` (the instructor's
    function underneath) and the instructor's other functions."""
    made: list[tuple[int, frozenset]] = []
    first: list[tuple[tuple, dict]] = []
    answer = namespace[name]

    def record(*args, **kwargs):
        made.append((len(args), frozenset(kwargs)))
        if not first:
            first.append((args, kwargs))
        return answer(*args, **kwargs)

    judge(question_set, {**namespace, name: record}, first_only=False)
    shapes = sorted(set(made), key=lambda call: (call[0], sorted(call[1])))
    return Calls(shapes, first[0] if first else ((), {}))


def answers_at_all(function, calls: Calls) -> bool:
    """Does ``function`` return something (not None, no exception) for the probe's first
    call? Without that it cannot pass: the probe's first case would fail. Run directly on
    the recorded arguments (copies of the arrays), far cheaper than a probe that builds the
    case's models again."""
    import copy

    import numpy as np

    args, kwargs = calls.first
    fresh = [copy.deepcopy(a) if isinstance(a, np.ndarray | list | dict) else a for a in args]
    signal.alarm(CANDIDATE_SECONDS)
    try:
        return function(*fresh, **kwargs) is not None
    except Stop:
        return False
    except (Exception, SystemExit):  # noqa: BLE001 -- an error is no answer
        return False
    finally:
        signal.alarm(0)
        reset_globals()


def fits(function, calls: Calls) -> bool:
    """Can ``function`` take every call the grader's probe makes?"""
    try:
        mine = inspect.signature(function)
        for positional, keywords in calls.shapes:
            mine.bind(*range(positional), **dict.fromkeys(keywords))
    except (TypeError, ValueError):
        return False
    return bool(calls.shapes)


# -- the lessons: the instructor's functions as the rest of the learner's namespace -----------

def lesson_namespace(notebook: str) -> tuple[dict, dict[str, str]]:
    """The solution notebook's set-up and answer cells run (the learner's namespace with
    every exercise right), and each answer function's source."""
    nb = nbformat.read(SOLUTIONS / notebook / f"{notebook}.ipynb", 4)
    space: dict = {"__name__": "__main__"}
    sources: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not (cell.get("id") == "setup" or meta.get("solution")):
            continue
        code = "\n".join(line for line in cell.source.splitlines()
                         if not line.lstrip().startswith(("%", "!")))
        exec(compile(code, f"<{cell.get('id')}>", "exec"), space)  # noqa: S102
        for node in ast.parse(code).body:
            if isinstance(node, ast.FunctionDef):
                sources[node.name] = ast.get_source_segment(code, node) or ""
    return space, sources


def similarity(a: str, b: str) -> float:
    def words(text: str) -> list[str]:
        return [w for w in text.replace("(", " ").replace(")", " ").split() if w]

    return difflib.SequenceMatcher(None, words(a), words(b)).ratio()


class Stop(BaseException):
    """A candidate ran out of time (not an Exception: the probe's own handler lets it go)."""


@dataclass
class Asked:
    """One exercise's question, drawn once and compiled once (all cases, and the first)."""

    full: object
    first: object
    code: dict


def asked(exercise) -> Asked:
    import copy

    import verdicts
    from verdicts.probe import probe_source

    full = verdicts.ask(exercise, seed=11)
    first = copy.copy(full)
    first.cases = full.cases[:1]
    first.source = probe_source(exercise.body, first.cases, first.token, exercise.forbidden)
    return Asked(full, first, {q is first: compile(q.source, "<probe>", "exec")
                               for q in (full, first)})


def judge(question_set: Asked, namespace: dict, first_only: bool) -> tuple[bool, str]:
    """The in-process judge of verdict_harness, on a question drawn once."""
    from unittest import mock

    import verdicts
    from verdicts.probe import MIME

    question = question_set.first if first_only else question_set.full
    shown: list[dict] = []
    with mock.patch("IPython.display.display", lambda data, raw=False: shown.append(data)):
        exec(question_set.code[first_only], namespace)  # noqa: S102
    outputs = [nbformat.NotebookNode(output_type="display_data", data=d, metadata={})
               for d in shown if MIME in d]
    return verdicts.judge(question, outputs)


ENVIRONMENT = dict(os.environ)


def reset_globals() -> None:
    """Undo what a candidate may have changed for the next one (precision, language, the
    environment, the working folder)."""
    import keras

    from dcgan_course import translate

    os.environ.clear()
    os.environ.update(ENVIRONMENT)
    os.chdir(WORKDIR[0])

    keras.mixed_precision.set_global_policy("float32")
    keras.config.set_floatx("float32")
    if hasattr(translate, "set_language"):
        translate.set_language("en")


def run_all(view: Path, only: str | None = None) -> list[Result]:
    """Every candidate against every exercise (``only``: one lesson's, to look closer)."""
    import verdicts

    def stop(*_):
        raise Stop()

    signal.signal(signal.SIGALRM, stop)
    results: list[Result] = []
    found = candidates(view)
    lessons: dict[str, tuple[dict, dict[str, str]]] = {}
    for (notebook, _), exercise in sorted(verdicts.load_all().items()):
        if only and notebook != only:
            continue
        if notebook not in lessons:
            lessons[notebook] = lesson_namespace(notebook)
        space, sources = lessons[notebook]
        # A closure may be bound to the learner's other functions, never to this exercise's
        # own (the learner does not have those: that is what the exercise asks for).
        lesson_functions = sorted(k for k, v in space.items() if k in sources and callable(v)
                                  and k not in exercise.names)
        question_set = asked(exercise)
        for name in exercise.names:
            wanted = calls_made(question_set, space, name)
            for candidate in found:
                free = free_used(candidate)
                bindings = (itertools.islice(itertools.permutations(lesson_functions,
                                                                    len(free)), 60)
                            if free else [()])
                for binding in bindings:
                    results += try_candidate(question_set, name, candidate, binding,
                                             space, sources, wanted,
                                             screen=len(exercise.names) == 1)
    return results


def try_candidate(question_set, name, candidate, binding, space, sources, wanted,
                  screen=True):
    """Judge one candidate as ``name``; ``screen``: on the first case first (where the
    exercise has one function, every case calls it), then on all."""
    try:
        function = make_function(candidate, name, space, binding)
    except (Exception, SystemExit):  # noqa: BLE001 -- a candidate that cannot be built
        return []
    if not fits(function, wanted):
        return []
    start = time.perf_counter()
    namespace = {**space, name: function}
    score = similarity(candidate.source, sources.get(name, ""))
    passed = first = False
    message = "raised or returned None on the probe's first call"
    screens = ((True, False) if screen else (False,)) if answers_at_all(function, wanted) else ()
    for first_only in screens:
        signal.alarm(CANDIDATE_SECONDS)
        try:
            ok, message = judge(question_set, dict(namespace), first_only)
        except Stop:
            ok, message = False, f"stopped after {CANDIDATE_SECONDS} s"
        except (Exception, SystemExit) as error:  # noqa: BLE001 -- recorded as a failure
            ok, message = False, f"{type(error).__name__}: {error}"
        finally:
            signal.alarm(0)
            reset_globals()
        if first_only:
            first = ok
            if not ok:
                break
        else:
            passed, first = ok, first or ok
    exercise = question_set.full.exercise
    return [Result(exercise.notebook, exercise.grade_id, name,
                   f"{candidate.module}.{candidate.qualname}",
                   list(binding), first, passed, score, message[:300],
                   time.perf_counter() - start)]


WORKDIR = [os.getcwd()]


def main(view: str, out: str, only: str | None = None) -> None:
    """The bulk run (a worker process: candidates may change global state or leave files)."""
    WORKDIR[0] = os.getcwd()
    ENVIRONMENT.update(os.environ)
    sys.path[:0] = [str(HERE), str(AUTOGRADER)]
    sys.setrecursionlimit(5000)
    start = time.perf_counter()
    results = run_all(Path(view), only)
    Path(out).write_text(json.dumps({"seconds": time.perf_counter() - start,
                                     "results": [asdict(r) for r in results]}))


# -- the test ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bulk(tmp_path_factory):
    sys.path.insert(0, str(AUTOGRADER))
    import learner_view

    view = learner_view.build()
    work = tmp_path_factory.mktemp("paste")
    out = work / "results.json"
    env = {**os.environ, "DCGAN_COURSE_PROFILE": "fast", "DCGAN_COURSE_DATA": str(work),
           "MPLBACKEND": "Agg", "PYTHONPATH": str(view), "HOME": str(work)}
    run = subprocess.run([sys.executable, "-c", "import sys, test_grading_paste as t; "
                          "t.main(sys.argv[1], sys.argv[2])", str(view), str(out)],
                         cwd=work, env={**env, "PYTHONPATH": f"{view}{os.pathsep}{HERE}"},
                         capture_output=True, text=True, timeout=3600)
    assert run.returncode == 0 and out.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    data = json.loads(out.read_text())
    return {"view": view, **data, "results": [Result(**r) for r in data["results"]]}


def earning(results: list[Result]) -> dict[str, list[str]]:
    """``{"<notebook>/<grade id>": [package function (bound to ...), ...]}`` that pass."""
    found: dict[str, list[str]] = {}
    for r in results:
        if r.passed:
            bound = f" (closure bound to {', '.join(r.binding)})" if r.binding else ""
            found.setdefault(f"{r.notebook}/{r.grade_id}", []).append(
                f"{r.candidate} as {r.name}{bound}")
    return found


def test_every_exercise_was_tried_with_candidates(bulk):
    tried = {(r.notebook, r.grade_id) for r in bulk["results"]}
    import verdicts

    assert tried == set(verdicts.load_all()), set(verdicts.load_all()) - tried
    print(f"{len(bulk['results'])} candidate answers judged in {bulk['seconds']:.0f} s")


def solution_body(lesson: str, name: str) -> str:
    """The instructor's ``name`` from the solution notebook, markers removed."""
    _, sources = lesson_namespace(lesson)
    return "\n".join(line for line in sources[name].splitlines()
                     if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def test_the_search_finds_an_answer_planted_in_the_view(tmp_path, monkeypatch):
    """Control: the search can fail. The instructor's own answers, planted in a module of a
    view's package under other names (one as a plain function, one as the step inside a
    factory of the losses), are found by the same path as the bulk run (the view's
    candidates, every exercise of the lesson, closures bound to the lesson's functions) and
    reported as earning points; what a learner would paste compiles."""
    sys.path[:0] = [str(HERE), str(AUTOGRADER)]
    import dcgan_course

    lesson = "01-gan-intro"
    loss = solution_body(lesson, "discriminator_loss").replace(
        "def discriminator_loss(", "def logistic_pair_loss(", 1)
    step = solution_body(lesson, "train_step")
    planted = ("import numpy as np\nimport tensorflow as tf\n\n\n" + loss + "\n\n\n"
               "def make_step(discriminator_loss, generator_loss):\n"
               + textwrap.indent(step, "    ") + "\n    return train_step\n")
    view = tmp_path / "view"
    (view / "dcgan_course").mkdir(parents=True)
    (view / "dcgan_course" / "planted_answers.py").write_text(planted)
    monkeypatch.setattr(dcgan_course, "__path__",
                        [*dcgan_course.__path__, str(view / "dcgan_course")])
    handler = signal.getsignal(signal.SIGALRM)
    try:
        results = run_all(view, only=lesson)
    finally:
        signal.signal(signal.SIGALRM, handler)
    found = earning(results)
    ex1 = next(g for (nb, g), e in load_verdicts().items()
               if nb == lesson and "discriminator_loss" in e.names)
    step_test = next(g for (nb, g), e in load_verdicts().items()
                     if nb == lesson and "train_step" in e.names)
    assert found == {
        f"{lesson}/{ex1}": ["dcgan_course.planted_answers.logistic_pair_loss as "
                            "discriminator_loss"],
        f"{lesson}/{step_test}": ["dcgan_course.planted_answers.make_step.<locals>.train_step "
                                  "as train_step (closure bound to discriminator_loss, "
                                  "generator_loss)"]}, found
    for result in (r for r in results if r.passed):
        compile(pasted_source(result, view), "<pasted>", "exec")


def load_verdicts() -> dict:
    import verdicts

    return verdicts.load_all()


def test_no_package_function_earns_a_point_in_the_judge(bulk):
    found = earning(bulk["results"])
    report = "\n".join(f"{cell}: {', '.join(sorted(set(names)))}"
                       for cell, names in sorted(found.items()))
    assert not found, f"package functions that earn points when pasted:\n{report}"


def dangerous(results: list[Result]) -> dict[tuple[str, str], dict[str, Result]]:
    """Per lesson, per exercise name: the candidate closest to passing (passed, passed the
    first case, then most like the instructor's answer)."""
    best: dict[tuple[str, str], dict[str, Result]] = {}
    for r in results:
        key = (r.passed, r.first_case, r.similarity)
        slot = best.setdefault((r.notebook, r.grade_id), {})
        if r.name not in slot or key > (slot[r.name].passed, slot[r.name].first_case,
                                        slot[r.name].similarity):
            slot[r.name] = r
    return best


def pasted_source(result: Result, view: Path) -> str:
    """What a learner would paste: the module's imports, the names it uses from its module,
    and the function under the exercise's name (a nested one inside its factory)."""
    found = next(c for c in candidates(view) if f"{c.module}.{c.qualname}" == result.candidate)
    module = found.module
    text = (view / Path(*module.split("."))).with_suffix(".py")
    if not text.exists():
        text = view / Path(*module.split(".")) / "__init__.py"
    tree = ast.parse(text.read_text())
    imports = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)
               and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
    definition = ast.parse(found.source).body[0]
    definition.name = result.name
    used = sorted({n.id for n in ast.walk(definition) if isinstance(n, ast.Name)}
                  & {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
                  | {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                     if isinstance(t, ast.Name)} & {n.id for n in ast.walk(definition)
                                                     if isinstance(n, ast.Name)})
    lines = [*imports]
    if used:
        lines.append(f"from {module} import {', '.join(used)}")
    body = ast.unparse(definition)
    if found.method:
        body = body.replace(f"def {result.name}(", f"def _{result.name}_method(", 1)
        body += (f"\n\n\ndef {result.name}(*args, **kwargs):\n"
                 f"    return _{result.name}_method(None, *args, **kwargs)")
    if result.binding:
        free = free_used(found)
        body = (f"def _factory({', '.join(free)}):\n" + textwrap.indent(body, "    ")
                + f"\n    return {result.name}\n\n\n"
                f"{result.name} = _factory({', '.join(result.binding)})")
    return "\n".join(lines) + "\n\n\n" + body + "\n"


def test_the_most_dangerous_pastes_earn_nothing_when_graded_for_real(bulk, tmp_path):
    best = dangerous(bulk["results"])
    by_lesson: dict[str, float] = {}
    for (notebook, _), names in best.items():
        score = max((r.passed, r.first_case, r.similarity) for r in names.values())
        by_lesson[notebook] = max(by_lesson.get(notebook, (False, False, 0.0)), score)
    lesson = max(by_lesson, key=by_lesson.get)
    nb = nbformat.read(LESSONS / lesson / f"{lesson}.ipynb", 4)
    pasted = {r.name: r for (notebook, _), names in best.items() if notebook == lesson
              for r in names.values()}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        defined = [n for n in pasted if f"def {n}(" in cell.source or f"{n} =" in cell.source]
        if defined:
            cell.source = "\n\n".join(pasted_source(pasted[n], bulk["view"]) for n in defined)
    course = copy_course(tmp_path / "course")
    tool = [sys.executable, str(course / "autograder" / "instructor.py")]
    subprocess.run([*tool, "release", lesson], check=True, capture_output=True)
    folder = course / "autograder" / "submitted" / "paster" / lesson
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{lesson}.ipynb")
    result = subprocess.run([*tool, "autograde", lesson], capture_output=True, text=True,
                            timeout=1800)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        got = {g.name: g.score for s in gradebook.assignment_submissions(lesson)
               for n in s.notebooks for g in n.grades if g.cell.cell_type == "code"}
    assert got, result.stdout + result.stderr
    pastes = {name: r.candidate for name, r in pasted.items()}
    assert sum(got.values()) == 0, f"{lesson} with {pastes} scored {got}"
