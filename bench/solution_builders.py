"""The course's solution builders, read from the solution notebooks (for benchmarks only).

The helper package ships no reference DCGAN (building it is the learner's exercise), so the
benchmarks execute the builder cells of ``solutions/04-generator`` and
``solutions/05-discriminator`` in a namespace with the imports those notebooks use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CELLS = {
    "generator": ("04-generator", "ex1-build-generator", "build_generator"),
    "discriminator": ("05-discriminator", "ex1-build-discriminator", "build_discriminator"),
}


def solution_builder(name: str) -> Callable:
    """``solution_builder("generator")`` -> the solution's ``build_generator``."""
    import math

    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    lesson, cell_id, function = CELLS[name]
    notebook = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    source = next(c.source for c in notebook.cells if c.get("id") == cell_id)
    namespace = {"math": math, "tf": tf, "keras": keras, "layers": layers}
    exec(compile(source, f"<{lesson}:{cell_id}>", "exec"), namespace)
    return namespace[function]


def write_models(folder: Path) -> Path:
    """Write the solution builders as a learner's ``my_dcgan/`` folder (for the CLI)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    header = ("import math\n\nimport tensorflow as tf\nfrom tensorflow import keras\n"
              "from tensorflow.keras import layers\n\n\n")
    for name, (lesson, cell_id, _) in CELLS.items():
        notebook = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        source = next(c.source for c in notebook.cells if c.get("id") == cell_id)
        (folder / f"{name}.py").write_text(header + source + "\n")
    return folder
