#!/usr/bin/env python3
"""How fast the synthetic house numbers are made: the current renderer against version 2.

    .venv/bin/python bench/synthetic_speed.py [--count 8192] [--rounds 5] [--workers 1 2]
                                              [--no-lesson]

Machines are noisy (this one is shared), so the two renderers are timed **in turns** in one
run: round after round, version 2 (``bench/synthetic_v2.py``, issue 17's renderer, the floor
issue 30 sets) and then the current one draw the same number of images with the same seed,
and the ratio of their times is taken within each round. Each is timed in CPU seconds
(``time.process_time``, all threads: waiting for a core that other programs hold does not
count) and in wall seconds, for each thread count of ``--workers``. Reported: each round,
images per CPU second of each renderer (best round), the per-round ratios and their medians,
and the load average.

The glyph atlas is timed apart: rendering it (what a machine pays once) and reading it back
from the data cache folder (what every later process pays). Unless ``--no-lesson``, lesson
06's data is timed as the lesson gets it, in a fresh process each: ``load_digits`` for the
20,000 training images of its study profile, with an empty data cache folder (first run on a
machine: the atlas is rendered) and with the atlas already stored.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synthetic_v2  # noqa: E402

from dcgan_course.data import glyphs, synthetic  # noqa: E402

LESSON_06 = """
import time
from dcgan_course.data import load_digits
wall, cpu = time.perf_counter(), time.process_time()
images, labels = load_digits("synthetic", "train", n=20_000, seed=0)
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def timed(fn) -> tuple[float, float]:
    """(CPU seconds of this process, all threads; wall seconds) that ``fn()`` takes."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def atlas_costs() -> None:
    """Render the atlas once and read it back from a fresh folder, timed."""
    cpu, wall = timed(synthetic_v2.glyph_atlas)
    print(f"v2 glyph atlas rendered in {cpu:.2f} CPU s ({wall:.2f} s wall), every process")
    with tempfile.TemporaryDirectory() as folder:
        cpu, wall = timed(lambda: glyphs.cached_atlas(Path(folder)).quads)
        print(f"v3 glyph atlas rendered and stored in {cpu:.2f} CPU s ({wall:.2f} s wall), "
              f"once per machine")
        cpu, wall = timed(lambda: glyphs.cached_atlas(Path(folder)).quads)
        print(f"v3 glyph atlas read back in {cpu * 1e3:.0f} CPU ms ({wall * 1e3:.0f} ms wall), "
              f"every later process")


def lesson_06() -> None:
    """Lesson 06's 20,000 training images in a fresh process, first and later runs."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DCGAN_COURSE_DATA": folder}
        for label in ("first run (atlas rendered)", "later run (atlas stored)"):
            result = subprocess.run([sys.executable, "-c", LESSON_06], env=env, check=True,
                                    capture_output=True, text=True)
            wall, cpu = map(float, result.stdout.split()[-2:])
            print(f"lesson 06's 20,000 images, {label}: {wall:.1f} s wall, {cpu:.1f} CPU s "
                  f"(default threads; load {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8192)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="threads per renderer, one set of rounds each (default 1: the "
                             "fairest comparison on a shared machine)")
    parser.add_argument("--no-lesson", action="store_true",
                        help="skip timing lesson 06's set in fresh processes")
    args = parser.parse_args()
    n = args.count

    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    atlas_costs()
    _ = synthetic.glyph_atlas().quads  # both renderers' atlases ready before the first round
    renderers = (("v2", synthetic_v2.make_house_numbers), ("v3", synthetic.make_house_numbers))
    for workers in args.workers:
        cpu: dict[str, list[float]] = {name: [] for name, _ in renderers}
        wall: dict[str, list[float]] = {name: [] for name, _ in renderers}
        for round_ in range(args.rounds):
            for name, make in renderers:
                took = timed(lambda m=make, s=round_, w=workers: m(n, seed=s, workers=w))
                cpu[name].append(took[0])
                wall[name].append(took[1])
            print(f"{workers} thread(s), round {round_ + 1}: v2 {cpu['v2'][-1]:.2f} CPU s "
                  f"({wall['v2'][-1]:.2f} s wall), v3 {cpu['v3'][-1]:.2f} CPU s "
                  f"({wall['v3'][-1]:.2f} s wall); v3/v2 speed "
                  f"{cpu['v2'][-1] / cpu['v3'][-1]:.2f} CPU, "
                  f"{wall['v2'][-1] / wall['v3'][-1]:.2f} wall", flush=True)
        for name, _ in renderers:
            best = min(cpu[name])
            print(f"{name}: {n / best:,.0f} images per CPU second at best ({workers} "
                  f"thread(s)); 20,000 images in {20_000 * best / n:.1f} CPU s, 73,257 in "
                  f"{73_257 * best / n:.1f}")
        for clock, times in (("CPU", cpu), ("wall", wall)):
            ratios = [old / new for old, new in zip(times["v2"], times["v3"], strict=True)]
            print(f"v3's speed as a share of v2's in {clock} seconds, {workers} thread(s), per "
                  f"round: {', '.join(f'{r:.2f}' for r in ratios)}; median "
                  f"{statistics.median(ratios):.2f}")
        print(f"load average after {workers} thread(s): {os.getloadavg()[0]:.1f}", flush=True)
    if not args.no_lesson:
        lesson_06()


if __name__ == "__main__":
    main()
