#!/usr/bin/env python3
"""How fast the synthetic house numbers are made, against filling the same array randomly.

    .venv/bin/python bench/synthetic_speed.py [--count 32768] [--repeats 3]

Machines are noisy (this one is shared), so the same run times a *reference*: filling an
array of the same shape with random bytes (``numpy.random.Generator.integers``, uint8), the
cheapest way to make "images". Reported: images per second, and how many times slower than
the reference rendering is. Best of ``--repeats`` runs each; the glyph atlas is built (and
timed) once before.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from dcgan_course.data.synthetic import glyph_atlas, make_house_numbers


def best_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=32_768)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n = args.count

    start = time.perf_counter()
    atlas = glyph_atlas()
    print(f"glyph atlas: {atlas.fonts} fonts x 10 digits rendered in "
          f"{time.perf_counter() - start:.2f} s (once per process)")

    rng = np.random.default_rng(0)
    reference = best_seconds(lambda: rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8),
                             args.repeats)
    print(f"reference, random uint8 fill of ({n}, 32, 32, 3): {n / reference:,.0f} images/s")
    cpus = os.cpu_count() or 1
    for workers in sorted({1, min(cpus, 4)}):
        seconds = best_seconds(lambda w=workers: make_house_numbers(n, seed=0, workers=w),
                               args.repeats)
        print(f"make_house_numbers({n}), {workers} thread(s): {n / seconds:,.0f} images/s "
              f"({seconds:.2f} s; {seconds / reference:.0f} x the reference's time; "
              f"73,257 images would take {73_257 * seconds / n:.1f} s)")


if __name__ == "__main__":
    main()
