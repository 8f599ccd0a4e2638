"""Execute a notebook in a real kernel, headless, and report its errors per cell."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, *, timeout: int = 600, env: dict[str, str] | None = None,
            allow_errors: bool = True) -> nbformat.NotebookNode:
    """Run every cell of ``path`` in its own folder; return the executed notebook.

    Errors are recorded in the cells' outputs (``allow_errors``), so a test can say which
    cell failed and why instead of stopping at the first one.
    """
    nb = nbformat.read(path, as_version=4)
    old = dict(os.environ)
    try:
        if env:
            os.environ.update(env)
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


def cell_errors(nb: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """``{cell id: (exception name, message)}`` for every cell that raised."""
    errors = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors[cell.get("id", "?")] = (output["ename"], output["evalue"])
    return errors
