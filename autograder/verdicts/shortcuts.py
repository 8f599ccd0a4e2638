"""Framework shortcuts in a learner's answer, read from the notebook's source in the grader.

Some exercises ask a learner to write something the framework already has (a transposed
convolution by hand, batch norm's statistics, nearest-neighbour upsampling): their
:class:`~verdicts.Exercise` lists those built-ins in ``forbidden`` (dotted names such as
``"keras.layers.UpSampling2D"`` or ``"tf.nn.moments"``). Two independent records say
whether an answer used one:

* **the source** (this module): the grader parses the notebook's code cells in its own
  process, resolves imports and aliases (``import tensorflow as tf``,
  ``from tensorflow.keras import layers as L``, ``up = L.UpSampling2D``), and lists every
  forbidden name that the exercise's functions, and the learner's own functions they use,
  refer to;
* **the call** (:mod:`.probe`): while the probe runs the learner's functions, each forbidden
  callable is wrapped where the learner's code reaches it, and a call is reported.

Either record fails that exercise with a message saying what was used and why the exercise
asks for the learner's own code, and ``autograde`` lists it for the instructor; the points
of the other exercises do not change.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator
from pathlib import Path


def canonical(dotted: str) -> str:
    """One spelling per name: ``tf.`` is ``tensorflow.``, ``tensorflow.keras.`` is
    ``keras.`` (the same Keras objects under either name)."""
    parts = dotted.split(".")
    if parts[0] == "tf":
        parts[0] = "tensorflow"
    if parts[:2] == ["tensorflow", "keras"]:
        parts = parts[1:]
    if parts[:2] == ["keras", "api"]:
        parts = ["keras", *parts[2:]]
    return ".".join(parts)


def _parse(source: str) -> ast.Module | None:
    """A cell's code as Python (IPython's magics and shell escapes turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 -- the plain source is parsed below
        pass
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None


class _Aliases(ast.NodeVisitor):
    """Names bound to modules or dotted objects by imports and plain assignments."""

    def __init__(self, known: dict[str, str], stars: list[str]) -> None:
        self.known, self.stars = known, stars

    def visit_Import(self, node: ast.Import) -> None:  # noqa: N802 -- ast's name
        for alias in node.names:
            if alias.asname:
                self.known[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.known[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:  # noqa: N802
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name == "*":
                self.stars.append(node.module)
            else:
                self.known[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802
        target = resolve(node.value, self.known)
        if target:
            for name in node.targets:
                if isinstance(name, ast.Name):
                    self.known[name.id] = target
        self.generic_visit(node)


def resolve(node: ast.AST, known: dict[str, str]) -> str | None:
    """The dotted name an expression stands for (``L.UpSampling2D`` ->
    ``tensorflow.keras.layers.UpSampling2D``), or None when it is not a plain name chain."""
    if isinstance(node, ast.Name):
        return known.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        base = resolve(node.value, known)
        return f"{base}.{node.attr}" if base else None
    return None


def _definitions(trees: Iterable[ast.Module]) -> dict[str, list[ast.AST]]:
    """Top-level functions, classes and assignments of the learner's cells, by name."""
    found: dict[str, list[ast.AST]] = {}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            found.setdefault(name.id, []).append(node)
    return found


def _cell_aliases(all_cells: list[str]) -> tuple[dict[str, str], list[str]]:
    """The names every cell's imports and plain assignments bind, and its star imports."""
    known: dict[str, str] = {}
    stars: list[str] = []
    for source in all_cells:
        tree = _parse(source)
        if tree is not None:
            _Aliases(known, stars).visit(tree)
    return known, stars


def _answer_nodes(all_cells: list[str], learner_cells: list[str], names: Iterable[str]
                  ) -> Iterator[tuple[ast.AST, dict[str, str], list[str]]]:
    """Every AST node of the code behind ``names`` (the exercise's functions and the
    learner's own functions and names they use), with the aliases in force there."""
    known, stars = _cell_aliases(all_cells)
    definitions = _definitions(t for t in map(_parse, learner_cells) if t is not None)
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in definitions.get(name, []):
            local = dict(known)
            _Aliases(local, stars).visit(node)  # aliases made inside the function too
            for part in ast.walk(node):
                yield part, local, stars
                if isinstance(part, ast.Name) and part.id in definitions:
                    todo.append(part.id)


def used_shortcuts(all_cells: list[str], learner_cells: list[str], names: Iterable[str],
                   forbidden: Iterable[str]) -> list[str]:
    """Forbidden names (as the exercise spells them) that the code behind ``names`` uses.

    ``all_cells`` are every code cell before the test (their imports and aliases count:
    the set-up cell's ``import tensorflow as tf``); ``learner_cells`` are the cells the
    learner wrote or filled in, where the exercise's functions and their helpers are found.
    """
    return _matches(_answer_nodes(all_cells, learner_cells, names), forbidden)


def _matches(nodes: Iterable[tuple[ast.AST, dict[str, str], list[str]]],
             forbidden: Iterable[str]) -> list[str]:
    wanted = {canonical(name): name for name in forbidden}
    hits: set[str] = set()
    if not wanted:
        return []
    for part, local, stars in nodes:
        if not isinstance(part, ast.Name | ast.Attribute):
            continue
        dotted = resolve(part, local)
        if dotted is None:
            continue
        candidates = [dotted, *(f"{module}.{dotted}" for module in stars if "." not in dotted)]
        for candidate in map(canonical, candidates):
            for spelled, original in wanted.items():
                if candidate == spelled or candidate.startswith(spelled + "."):
                    hits.add(original)
    return sorted(hits)


def _every_node(all_cells: list[str], learner_cells: list[str]
                ) -> Iterator[tuple[ast.AST, dict[str, str], list[str]]]:
    """Every AST node of the learner's cells, top-level code included, with the aliases of
    all cells."""
    known, stars = _cell_aliases(all_cells)
    for tree in (t for t in map(_parse, learner_cells) if t is not None):
        for part in ast.walk(tree):
            yield part, known, stars


#: Ways to read or replace an object's inside instead of using it: builtins that fetch or
#: set attributes or run code by name, and modules that open objects, frames or memory.
INTROSPECTION = ("getattr", "setattr", "delattr", "vars", "dir", "globals", "locals", "eval",
                 "exec", "compile", "__import__", "breakpoint", "operator.attrgetter",
                 "operator.methodcaller", "inspect", "gc", "sys", "ctypes", "importlib",
                 "pickle", "pickletools", "copyreg", "marshal", "dill", "cloudpickle", "types",
                 "unittest.mock", "builtins")


def reads_insides(all_cells: list[str], learner_cells: list[str]) -> list[str]:
    """What in the learner's cells (all of them, top-level code too) opens or replaces an
    object instead of using it: a private or special attribute (``box._Box__truth``,
    ``box.__dict__``, ``super().__init__``), a dunder name (``__builtins__``), a dunder
    method defined (a stand-in class's ``__init__``), a private name as a string
    (``"_Box__truth"``), an assignment into an imported module (``module.Box = Spy``), or
    one of :data:`INTROSPECTION`.

    For exercises whose argument is an instrument to measure through its calls (lesson
    03's moving-average boxes): the box computes in the learner's kernel, so its settings
    are there to be read or its class replaced, and only the grader's reading of the
    source, in its own process, can tell a measurement from a look inside.
    """
    nodes = list(_every_node(all_cells, learner_cells))
    hits = set(_matches(nodes, INTROSPECTION))
    for part, known, _stars in nodes:
        if isinstance(part, ast.Attribute) and part.attr.startswith("_"):
            hits.add("." + part.attr)
        elif isinstance(part, ast.Name) and part.id.startswith("__"):
            hits.add(part.id)
        elif isinstance(part, ast.FunctionDef | ast.AsyncFunctionDef) \
                and part.name.startswith("__"):
            hits.add(f"def {part.name}")
        elif (isinstance(part, ast.Constant) and isinstance(part.value, str)
              and part.value.startswith("_") and part.value.strip("_").isidentifier()):
            hits.add(repr(part.value))
        elif isinstance(part, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = part.targets if isinstance(part, ast.Assign) else [part.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and known.get(target.value.id, "").split(".")[0] in _MODULE_ROOTS:
                    hits.add(f"{target.value.id}.{target.attr} = ...")
    return sorted(hits)


#: Top-level packages whose attributes a learner's answer has no business replacing.
_MODULE_ROOTS = ("dcgan_course", "numpy", "tensorflow", "keras")

COURSE = Path(__file__).resolve().parents[2]


def release_code(notebook: str) -> set[str]:
    """The code cells of the released notebook ``notebook`` ("03-batch-norm", or
    "03-batch-norm-ko" for the Korean edition), read in the grader: a learner's cell with
    exactly this source is the course's, any other (an answer, an edited or added cell) is
    the learner's. Empty when the release is not found."""
    folder = "lessons-ko" if notebook.endswith("-ko") else "lessons"
    path = COURSE / folder / notebook / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return set()
    return {_source(c) for c in cells if c.get("cell_type") == "code"}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else source).strip()


def learners_code(cells: list[dict], notebook: str) -> list[str]:
    """The code of ``cells`` that is not the course's own (see :func:`release_code`)."""
    course = release_code(notebook)
    return [_source(c) for c in cells if c.get("cell_type") == "code"
            and _source(c) not in course]
