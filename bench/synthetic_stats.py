#!/usr/bin/env python3
"""Issue 17's statistics table: synthetic house numbers (and real SVHN if on disk) against
the real-SVHN reference, each row's ratio and whether it is within 15%.

    .venv/bin/python bench/synthetic_stats.py [--count 5000] [--seed 0]

Definitions are in :mod:`dcgan_course.data.image_stats`. The "SVHN (issue)" column is the
issue's external measurement of real crops; "SVHN (disk)" is measured here on ``--count``
test-split images when ``dcgan_course.data.svhn_available()`` finds the files.
"""

from __future__ import annotations

import argparse
import sys

from dcgan_course.data import load_digits, make_house_numbers, svhn_available
from dcgan_course.data.image_stats import SVHN_REFERENCE, TOLERANCE, image_statistics, ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    synthetic = image_statistics(make_house_numbers(args.count, seed=args.seed)[0])
    real = None
    if svhn_available():
        real = image_statistics(load_digits("svhn", "test", n=args.count, seed=args.seed)[0])
    ratio = ratios(synthetic)
    header = f"{'statistic':<18} {'SVHN (issue)':>12} {'synthetic':>10} {'ratio':>6}  within 15%"
    if real is not None:
        header += f"  {'SVHN (disk)':>11}"
    print(f"{args.count} synthetic images, seed {args.seed}; SVHN on disk: "
          f"{'yes' if real is not None else 'no'}")
    print(header)
    failed = 0
    for key, ref in SVHN_REFERENCE.items():
        ok = abs(ratio[key] - 1.0) <= TOLERANCE
        failed += not ok
        line = (f"{key:<18} {ref:>12.3g} {synthetic[key]:>10.3g} {ratio[key]:>6.2f}  "
                f"{'yes' if ok else 'NO'}")
        if real is not None:
            line += f"  {real[key]:>11.3g}"
        print(line)
    print(f"{len(SVHN_REFERENCE) - failed} of {len(SVHN_REFERENCE)} rows within "
          f"{TOLERANCE:.0%}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
