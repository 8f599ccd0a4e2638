"""What each post-DCGAN option costs per training step, as a ratio to the plain step.

    .venv/bin/python bench/lever_speed.py [--profile study] [--rounds 7] [--steps 40]
        [--variants base aug r1 sn mbstd ...] [--anchor-steps 6000 --anchor-minutes 5]

Lesson 06 compares the options at equal steps (robust to a shared machine's load) *and* at
equal training time. Time on a machine that eight programs share is noise, so this bench
never reports one variant's time alone: it builds every variant's trainer in one process
(the course's solution builders, bench/solution_builders.py, and the lesson's reference
step, autograder/reference/training.py), then times ``--steps`` steps of each in turns,
``--rounds`` times, so that a burst of load hits all of them, and reports each variant's
median milliseconds per step divided by the plain step's of the same round (median of the
round ratios). With ``--anchor-steps`` (steps the plain step reaches in ``--anchor-minutes``
on an idle 2-core machine) it converts each ratio into the steps that variant reaches in the
same minutes: the equal-time comparison of bench/time_to_digits.py reads its tables there.

Variants are named ``base`` (the 2015 recipe) and the options as in time_to_digits.py, e.g.
``aug``, ``r1`` (gamma 1 every 4 steps), ``r1x16`` (every 16), ``sn``, ``mbstd``, or a
combination joined with ``+`` (``aug+sn``). The lazy R1 update runs every k steps, so
``--steps`` should be a multiple of k for the amortised cost.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import reference.training  # noqa: E402
from solution_builders import solution_builder  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import)
from dcgan_course import training  # noqa: E402
from dcgan_course.data import load_digits  # noqa: E402

#: Each option's engine fields (dcgan_course.training.TrainConfig).
OPTIONS: dict[str, dict] = {
    "base": {},
    "aug": {"augment": "color,translation,cutout"},
    "augtc": {"augment": "translation,cutout"},
    "r1": {"r1_gamma": 1.0, "r1_every": 4},
    "r1x16": {"r1_gamma": 1.0, "r1_every": 16},
    "sn": {"spectral_norm": True},
    "mbstd": {"minibatch_stddev": True},
    "ttur": {"g_learning_rate": 1e-4, "d_learning_rate": 4e-4},
    "decay": {"lr_decay": 0.25},
    "refresh": {"ema_refresh": True},
    "g64": {"g_width": 64},  # the learner's own builder at twice the study width
    "d64": {"d_width": 64},
}


def variant_config(name: str, base: training.TrainConfig) -> training.TrainConfig:
    """``"aug+sn"`` -> the 2015-recipe ``base`` with both options on."""
    fields: dict = {}
    for part in name.split("+"):
        if part not in OPTIONS:
            raise SystemExit(f"unknown variant part {part!r}; known: {', '.join(OPTIONS)}")
        fields.update(OPTIONS[part])
    return dataclasses.replace(training.dcgan_2015(base), **fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="study")
    parser.add_argument("--variants", nargs="+",
                        default=["base", "aug", "r1", "r1x16", "sn", "mbstd", "aug+sn"])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=48, help="steps per variant per round")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--anchor-steps", type=float, default=None,
                        help="plain-step steps in --anchor-minutes on an idle machine")
    parser.add_argument("--anchor-minutes", type=float, default=5.0)
    args = parser.parse_args()
    if args.variants[0] != "base":
        args.variants.insert(0, "base")

    config = training.profile_config(args.profile)
    images, _ = load_digits("synthetic", "train", n=4096, seed=0)
    trainers, batches = {}, {}
    for name in args.variants:
        trainers[name] = training.Trainer(
            solution_builder("generator"), solution_builder("discriminator"),
            variant_config(name, config), precision=args.precision,
            train_step=reference.training.train_step, step_source="reference")
        batches[name] = iter(trainers[name].dataset(images))
        for _ in range(2 * max(4, trainers[name].config.r1_every)):  # trace and warm up
            trainers[name].train_step(next(batches[name]))
    print(f"{args.profile} profile, {trainers['base'].precision}, {args.rounds} rounds of "
          f"{args.steps} steps per variant, in turns; load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs", flush=True)

    times: dict[str, list[float]] = {name: [] for name in args.variants}
    for _ in range(args.rounds):
        for name in args.variants:
            trainer, batch = trainers[name], batches[name]
            start = time.perf_counter()
            for _ in range(args.steps):
                trainer.train_step(next(batch))
            times[name].append((time.perf_counter() - start) / args.steps * 1000)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"{'variant':16s} {'ms/step (median)':>17s} {'ratio to base':>14s} "
          f"{'round ratios':>20s}" + ("  steps in the anchor's minutes" if args.anchor_steps
                                     else ""))
    for name in args.variants:
        ratios = [t / b for t, b in zip(times[name], times["base"], strict=True)]
        ratio = statistics.median(ratios)
        line = (f"{name:16s} {statistics.median(times[name]):17.1f} {ratio:14.2f} "
                f"{min(ratios):9.2f}-{max(ratios):.2f}")
        if args.anchor_steps:
            line += f"  {args.anchor_steps / ratio:,.0f} in {args.anchor_minutes:g} min"
        print("RESULT " + line, flush=True)


if __name__ == "__main__":
    main()
