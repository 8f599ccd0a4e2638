"""Every figure a lesson promises is shown: none is made as the last line inside a block.

Jupyter displays the value of a cell's *last top-level expression* only. A plotting call
that ends the body of an ``if``, ``for``, ``with`` or ``try`` at the end of a cell makes its
figure and throws it away, silently (lesson 07's concept-arithmetic figure never appeared
that way). This test reads every code cell of every solution notebook and fails on such a
call: one whose function returns a figure, a table or a widget (read from the function's
return annotation, or its class), or a bare name or attribute there (a value nobody sees).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Any

import pytest
from conftest import SOLUTIONS, read_notebook

NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb"))
#: What a call must return to be a thing Jupyter would have drawn.
SHOWN = ("Figure", "Table", "Widget", "VBox", "HBox", "Image")


def _parse(source: str) -> ast.Module | None:
    """The cell's code without IPython's magics and shell lines, or None if it is not Python."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def imported_names(notebook: Any) -> dict[str, str]:
    """``{name: dotted target}`` for the notebook's imports (``from a import b`` -> ``a.b``)."""
    names = {}
    for cell in notebook.cells:
        tree = _parse(cell.source) if cell.cell_type == "code" else None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    names[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def resolve(dotted: str) -> Any:
    """The object a dotted name stands for (``dcgan_course.latent.plot_rows``), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                target = getattr(target, part)
        except AttributeError:
            return None
        return target
    return None


def call_name(call: ast.Call, names: dict[str, str]) -> str | None:
    """The dotted name of the function a call calls, through the notebook's imports."""
    parts = []
    func = call.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in names:
        return None
    return ".".join([names[func.id], *reversed(parts)])


def draws_something(target: Any) -> bool:
    """Whether calling ``target`` returns something Jupyter would show (figure, table,
    widget)."""
    if inspect.isclass(target):
        return any(word in klass.__name__ for klass in target.__mro__ for word in SHOWN)
    try:
        annotation = inspect.signature(target).return_annotation
    except (TypeError, ValueError):
        return False
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return any(word in str(text) for word in SHOWN)


def trailing(statement: ast.stmt) -> list[ast.stmt]:
    """The statements that end each branch of a compound statement, recursively."""
    bodies: list[list[ast.stmt]] = []
    if isinstance(statement, ast.If | ast.For | ast.While | ast.AsyncFor):
        bodies = [statement.body, statement.orelse]
    elif isinstance(statement, ast.With | ast.AsyncWith):
        bodies = [statement.body]
    elif isinstance(statement, ast.Try):
        bodies = [statement.body, statement.orelse, statement.finalbody,
                  *(handler.body for handler in statement.handlers)]
    elif isinstance(statement, ast.Match):
        bodies = [case.body for case in statement.cases]
    else:
        return [statement]
    return [end for body in bodies if body for end in trailing(body[-1])]


def hidden_displays(notebook: Any) -> list[str]:
    """``cell id: code`` of each value a cell makes at the end of a block and never shows."""
    names = imported_names(notebook)
    found = []
    for cell in notebook.cells:
        tree = _parse(cell.source) if cell.cell_type == "code" else None
        if not tree or not tree.body or trailing(tree.body[-1]) == [tree.body[-1]]:
            continue
        for end in trailing(tree.body[-1]):
            if not isinstance(end, ast.Expr):
                continue
            value = end.value
            if isinstance(value, ast.Name | ast.Attribute):
                found.append(f"{cell.id}: {ast.unparse(value)}")
            elif isinstance(value, ast.Call):
                dotted = call_name(value, names)
                target = resolve(dotted) if dotted else None
                named = (dotted or "").rsplit(".", 1)[-1]
                if draws_something(target) or named.startswith("plot_"):
                    found.append(f"{cell.id}: {ast.unparse(value)[:80]}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_figure_is_made_at_the_end_of_a_block(path):
    found = hidden_displays(read_notebook(path))
    assert not found, (f"{path.name}: Jupyter shows only a cell's last top-level expression; "
                       f"these values end a block and are never shown (move them out of the "
                       f"block, or display() them): {found}")


def test_the_scan_finds_the_pattern_it_is_for():
    """Lesson 07's old concept-arithmetic cell (the plot inside ``if``) is found; the same
    call at the top level, or a figure passed to display() in the block, is not."""
    import nbformat

    def notebook(*sources: str) -> Any:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
        for i, cell in enumerate(nb.cells):
            cell.id = f"c{i}"
        return nb

    setup = "from dcgan_course import latent\nfrom IPython.display import display"
    hidden = "if result is not None:\n    rows = {}\n    latent.plot_rows(rows, title='t')"
    shown = "rows = {}\nlatent.plot_rows(rows, title='t')"
    displayed = "if True:\n    display(latent.plot_rows({}))"
    loop = "for widget in widgets:\n    widget"
    assert hidden_displays(notebook(setup, hidden)) == ["c1: latent.plot_rows(rows, title='t')"]
    assert hidden_displays(notebook(setup, shown, displayed)) == []
    assert hidden_displays(notebook(setup, loop)) == ["c1: widget"]
