#!/usr/bin/env python3
"""How fast the synthetic house numbers are made: the current renderer against version 2.

    .venv/bin/python bench/synthetic_speed.py [--count 8192] [--rounds 5] [--workers 1]

Machines are noisy (this one is shared), so the two renderers are timed in CPU seconds
(``time.process_time``: waiting for a busy core does not count) and **in turns** in one run:
round after round, version 2 (``bench/synthetic_v2.py``, issue 17's renderer, the floor
issue 30 sets) and then the current one draw the same number of images with the same seed,
and the ratio of their times is taken within each round. Reported: images per second of
each (best round), the per-round ratios and their median, and how long lesson 06's set
(20,000 images) and a full SVHN-sized set (73,257) take. Each process builds its glyph atlas
once before the first round (timed separately).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synthetic_v2  # noqa: E402

from dcgan_course.data import synthetic  # noqa: E402


def seconds(fn) -> float:
    """CPU seconds of this process (all its threads): unlike the wall clock, time spent
    waiting for a core that other programs hold does not count."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8192)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1,
                        help="threads per renderer (default 1: the fairest comparison on a "
                             "shared machine)")
    args = parser.parse_args()
    n = args.count

    for name, module in (("v2", synthetic_v2), ("v3", synthetic)):
        took = seconds(lambda m=module: m.glyph_atlas().quads)
        print(f"{name} glyph atlas built in {took:.2f} s (once per process)")
    renderers = (("v2", synthetic_v2.make_house_numbers), ("v3", synthetic.make_house_numbers))
    times: dict[str, list[float]] = {name: [] for name, _ in renderers}
    for round_ in range(args.rounds):
        for name, make in renderers:
            times[name].append(seconds(lambda m=make, s=round_: m(n, seed=s, workers=args.workers)))
        print(f"round {round_ + 1}: v2 {times['v2'][-1]:.2f} s, v3 {times['v3'][-1]:.2f} s, "
              f"v3/v2 speed {times['v2'][-1] / times['v3'][-1]:.2f}", flush=True)
    ratios = [old / new for old, new in zip(times["v2"], times["v3"], strict=True)]
    for name, _ in renderers:
        best = min(times[name])
        print(f"{name}: {n / best:,.0f} images per CPU second at best ({args.workers} "
              f"thread(s)); 20,000 "
              f"images in {20_000 * best / n:.1f} s, 73,257 in {73_257 * best / n:.1f} s")
    print(f"v3's speed as a share of v2's, per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f} (load average at the end: "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
