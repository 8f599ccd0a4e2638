"""What a submission may be before anything parses or runs it: the intake limits.

nbgrader reads a whole notebook into memory, validates it and keeps several copies while
it grades, all in the grader's own process, outside the sandbox's limits: a notebook of
10**6 cells kept it busy for minutes with gigabytes of memory. So every submission folder
is checked first, cheapest check first:

1. every entry is a plain file or folder: a link or a special file (fifo, device, socket)
   is refused, because nbgrader, running as root, copies the files of a submission and
   would follow it;
2. each notebook's size, from the file system, before a byte of it is read;
3. its number of cells and the size of the outputs stored in it, read by a child process
   with its own memory and CPU limits, so that a file crafted to be expensive to parse
   costs that child, not the grader.

Each refusal is one line that says what is wrong, the limit, and the environment variable
that raises it. The limits are generous for this course: its notebooks have under 50
cells and weigh under a megabyte before they are run.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MB = 2**20


@dataclass(frozen=True)
class Limits:
    notebook_bytes: int = 32 * MB
    cells: int = 2000
    output_bytes: int = 16 * MB

    @classmethod
    def from_environment(cls) -> Limits:
        env = os.environ
        return cls(notebook_bytes=int(env.get("COURSE_GRADING_MAX_NOTEBOOK_MB", 32)) * MB,
                   cells=int(env.get("COURSE_GRADING_MAX_CELLS", 2000)),
                   output_bytes=int(env.get("COURSE_GRADING_MAX_OUTPUT_MB", 16)) * MB)


# The child that reads a notebook: at most this much memory and CPU time.
READER_MEMORY = 2048 * MB
READER_SECONDS = 60


def special_entries(folder: Path) -> list[str]:
    """Entries under ``folder`` that are neither plain files nor folders (links included)."""
    found = []
    for root, dirs, files in os.walk(folder):  # os.walk never descends into linked folders
        for name in sorted(dirs + files):
            path = Path(root) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found.append(f"{path.relative_to(folder)} is a link (links are never followed)")
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(f"{path.relative_to(folder)} is a special file, not a notebook")
    return found


def measure(path: Path) -> dict:
    """``{"cells": n, "output_bytes": m}`` of one notebook, read in a limited child.

    ``{"error": why}`` when it is not JSON or the child ran out of its limits.
    """
    try:
        result = subprocess.run([sys.executable, "-I", "-S", __file__, str(path)],
                                capture_output=True, text=True, timeout=READER_SECONDS * 2)
        return json.loads(result.stdout)
    except (ValueError, subprocess.TimeoutExpired):
        return {"error": "it could not be read within the intake limits "
                         f"({READER_MEMORY // MB} MB, {READER_SECONDS} s)"}


def _count(path: str) -> dict:
    """Runs in the child: parse the JSON once, count cells and stored output bytes."""
    try:
        with open(path, "rb") as handle:
            notebook = json.load(handle)
    except ValueError as error:
        return {"error": f"it is not a notebook (invalid JSON: {error})"}
    if not isinstance(notebook, dict):
        return {"error": "it is not a notebook (no JSON object at the top)"}
    cells = notebook.get("cells")
    if cells is None:  # nbformat 3 keeps cells in worksheets
        cells = [c for w in notebook.get("worksheets") or [] if isinstance(w, dict)
                 for c in w.get("cells") or []]
    if not isinstance(cells, list):
        return {"error": "it is not a notebook (its cells are not a list)"}
    outputs = sum(len(json.dumps(c.get("outputs", []))) for c in cells if isinstance(c, dict))
    return {"cells": len(cells), "output_bytes": outputs}


def refusals(folder: Path, limits: Limits | None = None) -> list[str]:
    """Why the submission in ``folder`` must not be graded ([] when it may be)."""
    limits = limits or Limits.from_environment()
    reasons = special_entries(folder)
    if reasons:
        return reasons
    for path in sorted(folder.glob("*.ipynb")):
        size = path.stat().st_size
        if size > limits.notebook_bytes:
            reasons.append(f"{path.name} is {size / MB:.1f} MB, over the limit of "
                           f"{limits.notebook_bytes // MB} MB per notebook "
                           "(COURSE_GRADING_MAX_NOTEBOOK_MB)")
            continue
        found = measure(path)
        if "error" in found:
            reasons.append(f"{path.name}: {found['error']}")
        elif found["cells"] > limits.cells:
            reasons.append(f"{path.name} has {found['cells']} cells, over the limit of "
                           f"{limits.cells} (COURSE_GRADING_MAX_CELLS)")
        elif found["output_bytes"] > limits.output_bytes:
            reasons.append(f"{path.name} holds {found['output_bytes'] / MB:.1f} MB of outputs, "
                           f"over the limit of {limits.output_bytes // MB} MB "
                           "(COURSE_GRADING_MAX_OUTPUT_MB; clear the outputs and hand it in "
                           "again)")
    return reasons


if __name__ == "__main__":
    # The child limits itself before it reads anything (no preexec_fn: the grader has threads).
    resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY, READER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (READER_SECONDS, READER_SECONDS))
    print(json.dumps(_count(sys.argv[1])))
