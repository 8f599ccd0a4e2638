"""How many readable digits after 5 minutes of training? (the study profile, 2 CPU cores)

Trains the course's solution DCGAN (bench/solution_builders.py, the architecture of lessons
04/05) with the course engine and, every ``--eval-every`` seconds of *training* time and at the
end of the budget (``--minutes``, 5 by default), asks the cached digit classifier
(dcgan_course.quality) about 1,000 fresh samples: the share it recognises with confidence
>= 0.9 and how many of the ten digits those cover. Both the raw generator and the moving
average of its weights (EMA, what the engine samples from) are measured on the same latent
vectors. Evaluations do not count as training time. Repeats for each ``--seeds`` and prints
the median, the goal being >= 50% recognisable and 10/10 digits.

The machine is shared, so a wall-time budget depends on load: the bench prints the load
average (``os.getloadavg``) before and after every seed, the steps reached and the steps per
second, so that a result can be read as "N steps at X steps/s under load L".

    .venv/bin/python bench/time_to_digits.py [--seeds 0 1 2] [--minutes 5] [--kernel 4]
        [--lr 2e-4] [--batch-size 64] [--g-width 32] [--d-width 32] [--ema 0.999]
        [--steps 15000 --minutes 60]  (equal steps; a long run)  [--z-scales 0.8 0.6 0.4]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from solution_builders import solution_builder  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import)
from dcgan_course import dashboard, quality, training  # noqa: E402
from dcgan_course.data import load_digits  # noqa: E402

GOAL_SHARE = 0.5


def builders(kernel: int):
    """The solution builders; ``kernel=4`` swaps every 5x5 stride-2 kernel for 4x4 (the
    variant the lesson compares; the learner's own architecture keeps 5x5)."""
    if kernel == 5:
        return solution_builder("generator"), solution_builder("discriminator")
    import math

    import nbformat
    from solution_builders import CELLS, ROOT
    from tensorflow import keras
    from tensorflow.keras import layers

    made = []
    for name in ("generator", "discriminator"):
        lesson, cell_id, function_name = CELLS[name]
        notebook = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        text = next(c.source for c in notebook.cells if c.get("id") == cell_id)
        text = text.replace(", 5, strides=2", f", {kernel}, strides=2")
        namespace = {"math": math, "keras": keras, "layers": layers}
        exec(compile(text, f"<{lesson} kernel {kernel}>", "exec"), namespace)
        made.append(namespace[function_name])
    return tuple(made)


def measure(trainer, classifier, z, z_scales=(1.0,)) -> dict[str, tuple[float, int]]:
    """Recognisable share and digits covered, for the raw and the averaged generator.

    Each scale in ``z_scales`` other than 1 is also measured on the same latent vectors
    multiplied by it (``raw x0.6``): below 1 that is BigGAN's truncation trick (Brock et al.
    2018), which trades variety for clearer samples in large GANs; the lesson reports whether
    it does here.
    """
    result = {}
    for name, averaged in (("raw", False), ("ema", True)):
        if averaged and trainer.ema_generator is None:
            continue
        for scale in z_scales:
            images = trainer.generate(np.asarray(z) * scale, averaged=averaged)
            probabilities = classifier.probabilities(images)
            coverage = quality.class_coverage(probabilities)
            key = name if scale == 1.0 else f"{name} x{scale:g}"
            result[key] = (quality.recognisability(probabilities), int((coverage > 0).sum()))
    return result


class _BudgetReached(Exception):
    """Raised by :class:`Budget` to end ``Trainer.fit`` when the training time is spent."""


class Budget(training.Callback):
    """Evaluates every ``eval_every`` seconds of training time and stops the run when the
    budget is spent, inside *one* ``fit`` call: the lesson trains in one call too, and
    restarting ``fit`` in chunks rebuilds the shuffled input pipeline each time (it cost
    about a fifth of the steps). The time spent evaluating is not counted as training."""

    def __init__(self, classifier, z, seconds: float, eval_every: float, seed: int,
                 steps: int | None, z_scales=(1.0,)) -> None:
        self.classifier, self.z, self.seed, self.z_scales = classifier, z, seed, z_scales
        self.seconds, self.eval_every, self.steps = seconds, eval_every, steps
        self.train_seconds, self.found, self.step = 0.0, {}, 0

    def on_train_begin(self, trainer, start_step, end_step) -> None:
        self.next_eval, self.mark = self.eval_every, time.perf_counter()

    def on_step_end(self, trainer, step, metrics) -> None:
        self.train_seconds += time.perf_counter() - self.mark
        self.step = step
        done = self.train_seconds >= self.seconds or (self.steps is not None
                                                       and step >= self.steps)
        if self.train_seconds >= self.next_eval or done:
            self.next_eval += self.eval_every
            self.found = measure(trainer, self.classifier, self.z, self.z_scales)
            line = "  ".join(f"{k} {v[0]:5.1%} {v[1]:2d}/10" for k, v in self.found.items())
            print(f"  seed {self.seed} step {step:5d} train {self.train_seconds:5.0f} s  "
                  f"{line}", flush=True)
        if done:
            raise _BudgetReached
        self.mark = time.perf_counter()


def run_seed(seed: int, config, kernel: int, classifier, images, args) -> dict:
    """One training run; returns the measurements at the end of the budget."""
    generator, discriminator = builders(kernel)
    trainer = training.Trainer(generator, discriminator, config.replace(seed=seed),
                               precision=args.precision)
    z = np.random.default_rng(100 + seed).standard_normal((args.samples, config.z_dim))
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    budget = Budget(classifier, z, args.minutes * 60, args.eval_every, seed, args.steps,
                    (1.0, *args.z_scales))
    with contextlib.suppress(_BudgetReached):
        trainer.fit(images, steps=10**9, callbacks=[budget])
    step, train_seconds, found = budget.step, budget.train_seconds, budget.found
    samples = trainer.generate(z[:32])
    dashboard.save_png(dashboard.tile_grid(samples), args.out / f"seed{seed}-ema.png")
    dashboard.save_png(dashboard.tile_grid(trainer.generate(z[:32], averaged=False)),
                       args.out / f"seed{seed}-raw.png")
    load_after = os.getloadavg()[0]
    cpu = time.process_time() - cpu_before
    print(f"  seed {seed}: {step} steps in {train_seconds:.0f} s of training, "
          f"{step / train_seconds:.1f} steps/s, load average {load_before:.2f} -> "
          f"{load_after:.2f}; this process got {cpu:.0f} CPU-seconds in that time "
          f"(evaluations included), {cpu / train_seconds:.2f} of the 2 cores", flush=True)
    return {"step": step, "seconds": train_seconds, "steps_per_s": step / train_seconds,
            "load": (load_before, load_after), **found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="study")
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--eval-every", type=float, default=60.0, help="training seconds")
    parser.add_argument("--steps", type=int,
                        help="stop at this step count instead (lever comparisons at equal "
                             "steps, independent of the machine's load)")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--z-scales", type=float, nargs="*", default=[],
                        help="also measure the samples of z times each scale (truncation)")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--kernel", type=int, default=5, choices=(4, 5))
    parser.add_argument("--lr", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--g-width", type=int)
    parser.add_argument("--d-width", type=int)
    parser.add_argument("--images", type=int)
    parser.add_argument("--ema", type=float, help="EMA decay (0 to switch it off)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/time_to_digits"))
    args = parser.parse_args()

    changes = dict(g_width=args.g_width, d_width=args.d_width, batch_size=args.batch_size,
                   learning_rate=args.lr, images=args.images)
    config = training.profile_config(args.profile, **changes)
    if args.ema is not None:
        config = dataclasses.replace(config, ema_decay=args.ema or None)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    classifier = quality.load_classifier(args.data)
    real, _ = load_digits(args.data, "test", n=args.samples, seed=22)
    real_share = quality.recognisability(classifier.probabilities(real))
    images, _ = load_digits(args.data, "train", n=config.images or 20_000, seed=config.seed)
    print(f"set-up {time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs; classifier "
          f"accuracy {classifier.accuracy:.1%}; held-out {args.data} images recognisable "
          f"{real_share:.1%}")
    print(f"profile {config.name}: z {config.z_dim}, G width {config.g_width}, D width "
          f"{config.d_width}, kernel {args.kernel}, batch {config.batch_size}, lr "
          f"{config.learning_rate:g}, EMA {config.ema_decay}, {len(images)} images, "
          f"{args.minutes:g} min of training per seed", flush=True)
    results = [run_seed(seed, config, args.kernel, classifier, images, args)
               for seed in args.seeds]
    for name in [key for key in results[0] if key.startswith(("raw", "ema"))]:
        shares = [r[name][0] for r in results]
        classes = [r[name][1] for r in results]
        print(f"RESULT {name}: recognisable median {statistics.median(shares):.1%} "
              f"(seeds: {', '.join(f'{s:.1%}' for s in shares)}), digits covered "
              f"{', '.join(f'{c}/10' for c in classes)}; goal >= {GOAL_SHARE:.0%} and 10/10")
    steps = [r["step"] for r in results]
    rates = [r["steps_per_s"] for r in results]
    loads = [x for r in results for x in r["load"]]
    print(f"RESULT steps reached {steps} ({min(rates):.1f}-{max(rates):.1f} steps/s), load "
          f"average {min(loads):.2f}-{max(loads):.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
