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
from collections.abc import Iterable


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


def used_shortcuts(all_cells: list[str], learner_cells: list[str], names: Iterable[str],
                   forbidden: Iterable[str]) -> list[str]:
    """Forbidden names (as the exercise spells them) that the code behind ``names`` uses.

    ``all_cells`` are every code cell before the test (their imports and aliases count:
    the set-up cell's ``import tensorflow as tf``); ``learner_cells`` are the cells the
    learner wrote or filled in, where the exercise's functions and their helpers are found.
    """
    wanted = {canonical(name): name for name in forbidden}
    if not wanted:
        return []
    known: dict[str, str] = {}
    stars: list[str] = []
    for source in all_cells:
        tree = _parse(source)
        if tree is not None:
            _Aliases(known, stars).visit(tree)
    definitions = _definitions(t for t in map(_parse, learner_cells) if t is not None)
    hits: set[str] = set()
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
                if not isinstance(part, ast.Name | ast.Attribute):
                    continue
                dotted = resolve(part, local)
                if dotted is None:
                    continue
                candidates = [dotted, *(f"{module}.{dotted}" for module in stars
                                        if "." not in dotted)]
                for candidate in map(canonical, candidates):
                    for spelled, original in wanted.items():
                        if candidate == spelled or candidate.startswith(spelled + "."):
                            hits.add(original)
                if isinstance(part, ast.Name) and part.id in definitions:
                    todo.append(part.id)
    return sorted(hits)
