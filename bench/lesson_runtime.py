#!/usr/bin/env python3
"""How long each lesson takes to run top to bottom, and how much memory its kernel needs.

    .venv/bin/python bench/lesson_runtime.py [--profile full|fast] [LESSON ...]

Executes each solution notebook headless in a fresh kernel, polling the kernel's resident
memory. Machines are noisy, so the same run also times a *reference notebook* that only
starts a kernel and imports the course package (and with it TensorFlow): every lesson is
reported in seconds and as a ratio to that fixed start-up cost.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def children_rss() -> int:
    total = 0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total


def run(nb: nbformat.NotebookNode, folder: Path) -> tuple[float, int]:
    """Execute ``nb``; return (seconds, peak RSS of the kernel in bytes)."""
    peak, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], children_rss())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    NotebookClient(nb, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    return seconds, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("full", "fast"), default="full")
    parser.add_argument("lessons", nargs="*")
    args = parser.parse_args()
    os.environ["DCGAN_COURSE_PROFILE"] = args.profile
    lessons = args.lessons or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())

    reference = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import dcgan_course")])
    ref_seconds, ref_rss = run(reference, ROOT)
    print(f"profile {args.profile}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'notebook':<40} {'seconds':>8} {'x reference':>12} {'peak kernel RSS':>16}")
    print(f"{'reference (kernel + import)':<40} {ref_seconds:8.1f} {1.0:12.2f} "
          f"{ref_rss / 2**20:13.0f} MB")
    for lesson in lessons:
        for path in sorted((ROOT / "solutions" / lesson).glob("*.ipynb")):
            seconds, rss = run(nbformat.read(path, as_version=4), path.parent)
            print(f"{lesson + '/' + path.name:<40} {seconds:8.1f} {seconds / ref_seconds:12.2f} "
                  f"{rss / 2**20:13.0f} MB", flush=True)


if __name__ == "__main__":
    main()
