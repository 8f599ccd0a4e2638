"""Time until the study profile's samples are recognisable digits (2 CPU cores target: 5 min).

Trains the solution DCGAN (bench/solution_builders.py) with the course engine in the chosen
profile and, every ``--every`` steps, asks the cached digit classifier (dcgan_course.quality)
how many of 500 fresh samples it recognises with confidence >= 0.9. "Recognisable digits" is
reached when that share is at least ``--target`` (0.3) times the share for real held-out images
(measured in the same run). Training time excludes the evaluations, which are reported
separately. Writes the sample grid at every evaluation to ``--out``.

    .venv/bin/python bench/time_to_digits.py [--profile study] [--data synthetic]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from solution_builders import solution_builder  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import)
from dcgan_course import dashboard, quality, training  # noqa: E402
from dcgan_course.data import load_digits  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="study")
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument("--max-minutes", type=float, default=12.0)
    parser.add_argument("--max-steps", type=int, default=100_000)
    parser.add_argument("--target", type=float, default=0.3)
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--out", type=Path, default=Path("bench/results/time_to_digits"))
    parser.add_argument("--g-width", type=int)
    parser.add_argument("--d-width", type=int)
    parser.add_argument("--batch-size", type=int)
    args = parser.parse_args()

    config = training.profile_config(args.profile, g_width=args.g_width, d_width=args.d_width,
                                     batch_size=args.batch_size)
    started = time.perf_counter()
    classifier = quality.load_classifier(args.data)
    reference, _ = load_digits(args.data, "test", n=500, seed=21)
    real, _ = load_digits(args.data, "test", n=500, seed=22)
    real_share = quality.evaluate(classifier, real, reference).recognisable
    images, _ = load_digits(args.data, "train", n=config.images or 20_000, seed=config.seed)
    print(f"set-up (classifier, data) {time.perf_counter() - started:.0f} s; classifier "
          f"accuracy {classifier.accuracy:.1%}; real images recognisable {real_share:.0%}")

    trainer = training.Trainer(solution_builder("generator"),
                               solution_builder("discriminator"), config,
                               precision=args.precision)
    print(f"profile {config.name}: z {config.z_dim}, G width {config.g_width}, D width "
          f"{config.d_width}, batch {config.batch_size}, {len(images)} images, "
          f"{trainer.precision}")
    rng = np.random.default_rng(0)
    train_seconds = eval_seconds = 0.0
    step = 0
    args.out.mkdir(parents=True, exist_ok=True)
    while train_seconds < args.max_minutes * 60 and step < args.max_steps:
        began = time.perf_counter()
        trainer.fit(images, steps=step + args.every)
        step = int(trainer.step.numpy())
        train_seconds += time.perf_counter() - began
        began = time.perf_counter()
        samples = trainer.generate(rng.standard_normal((500, config.z_dim)))
        report = quality.evaluate(classifier, samples, reference)
        eval_seconds += time.perf_counter() - began
        dashboard.save_png(dashboard.tile_grid(samples[:32]), args.out / f"step-{step:05d}.png")
        print(f"step {step:5d}  train {train_seconds:6.0f} s  {report}  "
              f"({report.recognisable / max(real_share, 1e-9):.2f} of real)", flush=True)
        if report.recognisable >= args.target * real_share:
            print(f"RESULT recognisable digits after {step} steps, {train_seconds:.0f} s of "
                  f"training ({train_seconds / 60:.1f} min; evaluations took another "
                  f"{eval_seconds:.0f} s)")
            return
    print(f"RESULT not reached within {step} steps, {train_seconds:.0f} s of training")


if __name__ == "__main__":
    main()
