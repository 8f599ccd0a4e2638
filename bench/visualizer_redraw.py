#!/usr/bin/env python3
"""How long lesson 02's stride/padding visualizer takes to redraw after a control change.

    .venv/bin/python bench/visualizer_redraw.py [--repeats N]

The lesson says a redraw at inputs up to 8×8 takes the time matplotlib needs to draw the
picture (the numbers Keras computes for it are a small part). Machines are noisy, so each
redraw is also reported as a ratio to a reference measured in the same run:
rendering a *blank* matplotlib figure of the same size to PNG, the fixed cost every frame
pays whatever it shows. Each setting is timed on a fresh visualizer with every cache emptied
(no cached frame, and none of the numbers Keras computes for a layer: sizes, crop, stamps,
counts), i.e. the slowest path a learner can hit: the median of N redraws. A step change
redraws a layer whose Keras numbers are known (they are computed once per setting).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matplotlib.figure import Figure  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import first)
from dcgan_course import conv_arithmetic as ca  # noqa: E402
from dcgan_course import conv_visualizer as cv  # noqa: E402
from dcgan_course.conv_visualizer import ConvVisualizer  # noqa: E402
from dcgan_course.plotting import figure_to_png  # noqa: E402

SETTINGS = [  # (label, constructor arguments, control to change, new value)
    ("transposed 8x8, k5 s3 valid (26x26 canvas)", dict(n=7, k=5, s=3, padding="valid"),
     "size", 8),
    ("transposed 8x8, k3 s2 same", dict(n=7, k=3, s=2, padding="same"), "size", 8),
    ("transposed 8x8, k4 s2 explicit p=1, op=1", dict(n=7, k=4, s=2, padding=1,
                                                      output_padding=1), "size", 8),
    ("convolution 8x8, k3 s1 same", dict(n=7, k=3, s=1, padding="same", transposed=False),
     "size", 8),
    ("step change, transposed 8x8 k4 s2 same", dict(n=8, k=4, s=2, padding="same"), "step", 5),
]


def seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def blank_render() -> None:
    figure_to_png(Figure(figsize=(11.0, 3.0)), dpi=80)


#: Everything the visualizer keeps between redraws, per layer: what Keras computed for it.
CACHED = (ca.layout, ca.overlap_counts, ca._transpose_length, ca._conv_length, ca._refused,
          cv.keras_output, cv.partial_canvases)


def forget() -> None:
    """Empty every cache, so that the next redraw asks Keras again."""
    for function in CACHED:
        function.cache_clear()


def redraw(arguments: dict, control: str, value: int):
    """A function that builds a fresh visualizer, then times one control change on it."""
    def run() -> float:
        viz = ConvVisualizer(**arguments)
        if control != "step":
            forget()
        start = time.perf_counter()
        getattr(viz, control).value = value
        return time.perf_counter() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    blank_render()  # warm matplotlib's font cache before timing anything
    reference = seconds(blank_render, args.repeats)
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, median of {args.repeats}")
    print(f"{'redraw':<46} {'ms':>7} {'x blank figure':>15}")
    print(f"{'reference: blank 11x3 in figure to PNG':<46} {reference * 1e3:7.1f} {1.0:15.2f}")
    worst = 0.0
    for label, arguments, control, value in SETTINGS:
        run = redraw(arguments, control, value)
        run()  # warm-up (first Keras layer of a kind, fonts)
        median = statistics.median(run() for _ in range(args.repeats))
        worst = max(worst, median)
        print(f"{label:<46} {median * 1e3:7.1f} {median / reference:15.2f}", flush=True)
    print(f"slowest redraw: {worst * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
