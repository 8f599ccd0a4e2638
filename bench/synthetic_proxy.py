#!/usr/bin/env python3
"""A stand-in for issue 30's hidden goal: does a classifier trained on synthetic digits read
digits it was not trained on?

    .venv/bin/python bench/synthetic_proxy.py [--seeds 0 1 2] [--train 20000] [--test 2000]

The goal (a classifier trained on 20,000 synthetic images reads >= 80% of real SVHN crops)
is measured by the project's owner on real crops this machine does not have. What this
bench can measure instead, each over ``--seeds`` (a fresh training set, test set and
network per seed), with the course's own digit classifier (``quality.train_classifier``:
per-image standardisation, outlier exposure, 2 epochs, as lesson 06's judge):

* **held-out fonts**: trained on the current renderer with some fonts only, tested on
  images drawn with the other fonts (a serif, a slab, a stencil, a condensed display face,
  a hand and a monospace the network never saw). Real house numbers are in fonts no
  renderer has, so a set that teaches digit *shapes* rather than a font list should hold up;
* **held-out renderer**: trained on the current renderer (version 3), tested on version 2
  (``bench/synthetic_v2.py``, designed independently: its own colour model, layout, blur),
  and the reverse: a set that covers more of the world should read the other's images
  better than the other reads its own;
* **in-domain**: tested on unseen images of the training renderer (an upper bound);
* **four real crops**: the SVHN crops shipped in the ccexam wheel (see ``bench/svhn_net.py``);
  four images say little, they are shown, not scored.

What it does not prove: all test sets here are rendered, from fonts. A real photograph has
shapes, clutter and optics no renderer draws, so these numbers bound the hidden goal from
neither side; they compare renderers, and they catch a set that only teaches its own fonts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import svhn_net  # noqa: E402
import synthetic_v2  # noqa: E402

from dcgan_course import quality  # noqa: E402
from dcgan_course.data import synthetic  # noqa: E402

HELD_OUT = ("cmr10", "RobotoSlab-Bold", "allerta_stencil", "BebasNeue-Regular", "Humor-Sans",
            "DejaVuSansMono-Bold")


def training_fonts() -> list[str]:
    return [f for f in synthetic.glyph_atlas().font_names if f not in HELD_OUT]


def make(kind: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` images of one kind: "v2", "v3", "v3 seen fonts" or "v3 held-out fonts"."""
    if kind == "v2":
        return synthetic_v2.make_house_numbers(n, seed=seed)
    fonts = {"v3": None, "v3 seen fonts": training_fonts(),
             "v3 held-out fonts": list(HELD_OUT)}[kind]
    return synthetic.make_house_numbers(n, seed=seed, fonts=fonts)


EXPERIMENTS = {  # training set -> test sets
    "v3": ("v3", "v2", "v3 held-out fonts"),
    "v3 seen fonts": ("v3 seen fonts", "v3 held-out fonts", "v2"),
    "v2": ("v2", "v3", "v3 held-out fonts"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--train", type=int, default=20_000)
    parser.add_argument("--test", type=int, default=2_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--only", nargs="+", choices=list(EXPERIMENTS), default=None)
    args = parser.parse_args()

    wheel = svhn_net.find_wheel()
    real = svhn_net.sample_crops(wheel) if wheel else None
    results: dict[tuple[str, str], list[float]] = {}
    for seed in args.seeds:
        tests = {kind: make(kind, args.test, 50_000 + seed) for kind in
                 ("v3", "v2", "v3 seen fonts", "v3 held-out fonts")}
        for train_kind in args.only or EXPERIMENTS:
            start = time.perf_counter()
            images, labels = make(train_kind, args.train, 1_000 + seed)
            model = quality.train_classifier(images, labels, epochs=args.epochs)
            del images
            line = []
            for test_kind in EXPERIMENTS[train_kind]:
                accuracy = quality.classifier_accuracy(model, *tests[test_kind])
                results.setdefault((train_kind, test_kind), []).append(accuracy)
                line.append(f"{test_kind}: {accuracy:.3f}")
            if real is not None:
                predicted = np.argmax(model.predict(real[0], verbose=0), axis=1)
                line.append(f"4 real crops: {predicted.tolist()} (labels {real[1].tolist()})")
            print(f"seed {seed}, trained on {train_kind} ({time.perf_counter() - start:.0f} s): "
                  + "; ".join(line), flush=True)

    print(f"\n{args.train} training images, {args.test} test images, {args.epochs} epochs, "
          f"seeds {args.seeds}")
    print(f"{'trained on':<16} {'tested on':<20} {'mean':>6} {'min':>6} {'max':>6}")
    for (train_kind, test_kind), values in results.items():
        print(f"{train_kind:<16} {test_kind:<20} {np.mean(values):>6.3f} {min(values):>6.3f} "
              f"{max(values):>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
