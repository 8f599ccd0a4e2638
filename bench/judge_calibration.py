#!/usr/bin/env python3
"""Is the digit classifier a fair judge? Held-out digits against images that are no digit.

    .venv/bin/python bench/judge_calibration.py [--data synthetic] [--n 20000] [--epochs 2]
    .venv/bin/python bench/judge_calibration.py --cached   # the judge lessons 06/07 use, as cached

Trains, in the same run and on the same images, the course's judge (per-image
standardisation and outlier exposure, :func:`dcgan_course.quality.train_classifier`) and the
plain classifier of version 1 (neither), and prints for each the accuracy and the share
"recognisable" (confidence >= 0.9) of: held-out digits, uniform noise, pixel-shuffled
digits, smooth colour blobs (all three drawn with seeds never used in training), flat
plates (a kind never shown in training) and held-out digits blurred with a Gaussian of
sigma 1.5 and 2.5 pixels. A fair judge scores the digits high and everything else near 0;
blurred digits show how strict it is about sharpness.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import ndimage

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import quality
from dcgan_course.data import load_digits


def probes(digits: np.ndarray) -> dict[str, np.ndarray]:
    """The image sets each judge is asked about."""
    n = len(digits)
    junk = quality.not_digits(digits, 3 * n, seed=987)
    rng = np.random.default_rng(3)
    flat = np.broadcast_to(rng.integers(0, 256, (n, 1, 1, 3), dtype=np.uint8), digits.shape)
    blurred = {f"blur {s}": ndimage.gaussian_filter(digits.astype(np.float32), (0, s, s, 0))
               .clip(0, 255).astype(np.uint8) for s in (1.5, 2.5)}
    return {"held-out digits": digits, "noise": junk[:n], "shuffled": junk[n:2 * n],
            "blobs": junk[2 * n:], "flat": np.ascontiguousarray(flat), **blurred}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--cached", action="store_true",
                        help="ask the course's cached judge (quality.load_classifier) only, "
                             "the one a lesson's numbers come from; trains nothing new")
    args = parser.parse_args()
    test, test_labels = load_digits(args.data, "test", n=2000, seed=12)
    sets = probes(test[:1000])
    if args.cached:
        judge = quality.load_classifier(args.data, n=args.n, epochs=args.epochs)
        report("course judge (cached)", [judge.accuracy, 0.0] + [
            quality.recognisability(judge.probabilities(x)) for x in sets.values()], sets, args)
        return
    images, labels = load_digits(args.data, "train", n=args.n, seed=11)
    judges = {"plain (version 1)": dict(outlier_share=0.0, standardise=False),
              "course judge": {}}
    rows = {}
    for name, options in judges.items():
        began = time.perf_counter()
        model = quality.train_classifier(images, labels, args.epochs, **options)
        seconds = time.perf_counter() - began
        judge = quality.DigitClassifier(model, 0.0, args.data, args.n)
        rows[name] = [quality.classifier_accuracy(model, test, test_labels), seconds] + [
            quality.recognisability(judge.probabilities(x)) for x in sets.values()]
    for name, values in rows.items():
        report(name, values, sets, args, header=name == next(iter(rows)))


def report(name: str, values: list[float], sets: dict, args: argparse.Namespace,
           header: bool = True) -> None:
    """One judge's row (accuracy, training seconds, then each set's recognisable share)."""
    if header:
        print(f"{args.data}, {args.n} training images, {args.epochs} epochs; share "
              "recognisable (confidence >= 0.9) of 1,000 images per set")
        print(f"{'':<22}" + "".join(f"{h:>16}" for h in ["accuracy", "train s", *sets]))
    cells = [f"{values[0]:.1%}", f"{values[1]:.0f}"] + [f"{v:.1%}" for v in values[2:]]
    print(f"{name:<22}" + "".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
