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
        [--eval-steps 500]  (evaluate every 500 steps instead of every --eval-every seconds)
        [--profile session]  [--recipe 2015]  (the 2015 recipe: every post-DCGAN option off)
        post-DCGAN options (engine fields, see dcgan_course/training.py's TrainConfig):
        [--augment color,translation,cutout] [--r1-gamma 1 --r1-every 4] [--spectral-norm]
        [--minibatch-stddev] [--d-lr 4e-4 --g-lr 1e-4] [--lr-decay 0.25] [--ema-refresh]
        [--json runs.jsonl]  (one JSON line per seed: every evaluation, for the tables)

The training step is the lesson's reference answer (autograder/reference/training.py), which
is what a learner whose step passed its check trains with: the package holds no step.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import numpy as np  # noqa: E402
import reference.training  # noqa: E402
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
    config = trainer.config
    kinds = [("raw", False, config), ("ema", True, config)]
    if not config.ema_refresh:  # sampling-only option: measure it on every run for free
        kinds.append(("emaR", True, dataclasses.replace(config, ema_refresh=True)))
    for name, averaged, sampling in kinds:
        if averaged and trainer.ema_generator is None:
            continue
        for scale in z_scales:
            trainer.config = sampling
            try:
                images = trainer.generate(np.asarray(z) * scale, averaged=averaged)
            finally:
                trainer.config = config
            probabilities = classifier.probabilities(images)
            coverage = quality.class_coverage(probabilities)
            key = name if scale == 1.0 else f"{name} x{scale:g}"
            result[key] = (quality.recognisability(probabilities), int((coverage > 0).sum()))
    for decay, model in getattr(trainer, "extra_averages", {}).items():
        for refresh in (False, True):
            with (training._fresh_statistics(model, config.z_dim, config.seed) if refresh
                  else contextlib.nullcontext()):
                images = np.concatenate([
                    np.asarray(model(np.asarray(z[i:i + 500], np.float32), training=False),
                               np.float32) for i in range(0, len(z), 500)])
            probabilities = classifier.probabilities(images)
            coverage = quality.class_coverage(probabilities)
            result[f"ema{decay:g}{'R' if refresh else ''}"] = (
                quality.recognisability(probabilities), int((coverage > 0).sum()))
    return result


class ExtraAverages(training.Callback):
    """More averaged generators with other decays, kept beside the engine's own (the EMA
    schedule lever costs no training: each is one multiply-add per weight per step). Same
    warm-up as the engine's: decay min(d, (1 + t) / (10 + t))."""

    def __init__(self, decays) -> None:
        self.decays = decays

    def on_train_begin(self, trainer, start_step, end_step) -> None:
        from tensorflow import keras

        trainer.extra_averages = {}
        for decay in self.decays:
            model = keras.models.clone_model(trainer.generator)
            model.set_weights(trainer.generator.get_weights())
            trainer.extra_averages[decay] = model
        import tensorflow as tf

        def update(step):
            for decay, model in trainer.extra_averages.items():
                d = tf.minimum(decay, (1.0 + step) / (10.0 + step))
                for average, weight in zip(model.weights, trainer.generator.weights,
                                           strict=True):
                    average.assign(d * average + (1.0 - d) * tf.cast(weight, average.dtype))

        self.update = tf.function(update)

    def on_step_end(self, trainer, step, metrics) -> None:
        import tensorflow as tf

        self.update(tf.constant(float(step)))  # a tensor: one trace, not one per step


class _BudgetReached(Exception):
    """Raised by :class:`Budget` to end ``Trainer.fit`` when the training time is spent."""


class Budget(training.Callback):
    """Evaluates every ``eval_every`` seconds of training time and stops the run when the
    budget is spent, inside *one* ``fit`` call: the lesson trains in one call too, and
    restarting ``fit`` in chunks rebuilds the shuffled input pipeline each time (it cost
    about a fifth of the steps). The time spent evaluating is not counted as training."""

    def __init__(self, classifier, z, seconds: float, eval_every: float, seed: int,
                 steps: int | None, z_scales=(1.0,), eval_steps: int | None = None,
                 grids: Path | None = None) -> None:
        self.classifier, self.z, self.seed, self.z_scales = classifier, z, seed, z_scales
        self.seconds, self.eval_every, self.steps = seconds, eval_every, steps
        self.eval_steps, self.grids = eval_steps, grids
        self.train_seconds, self.found, self.step = 0.0, {}, 0
        self.log: list[dict] = []

    def on_train_begin(self, trainer, start_step, end_step) -> None:
        self.next_eval, self.mark = self.eval_every, time.perf_counter()

    def on_step_end(self, trainer, step, metrics) -> None:
        self.train_seconds += time.perf_counter() - self.mark
        self.step = step
        done = self.train_seconds >= self.seconds or (self.steps is not None
                                                       and step >= self.steps)
        due = (step % self.eval_steps == 0 if self.eval_steps
               else self.train_seconds >= self.next_eval)
        if due or done:
            self.next_eval += self.eval_every
            self.found = measure(trainer, self.classifier, self.z, self.z_scales)
            recent = slice(-min(len(trainer.history["step"]), self.eval_steps or 500), None)
            verdicts = {key: round(float(np.nanmean(trainer.history[key][recent])), 3)
                        for key in ("d_real", "d_fake", "d_loss", "g_loss")}
            self.log.append({"step": step, "seconds": round(self.train_seconds, 1),
                             **verdicts, **{k: list(v) for k, v in self.found.items()}})
            line = "  ".join(f"{k} {v[0]:5.1%} {v[1]:2d}/10" for k, v in self.found.items())
            print(f"  seed {self.seed} step {step:5d} train {self.train_seconds:5.0f} s  "
                  f"{line}", flush=True)
            if self.grids is not None:  # the grids over time (to look at a collapse)
                dashboard.save_png(dashboard.tile_grid(trainer.generate(self.z[:32])),
                                   self.grids / f"step{step:06d}-ema.png")
                dashboard.save_png(dashboard.tile_grid(
                    trainer.generate(self.z[:32], averaged=False)),
                    self.grids / f"step{step:06d}-raw.png")
        if done:
            raise _BudgetReached
        self.mark = time.perf_counter()


def run_seed(seed: int, config, kernel: int, classifier, images, args) -> dict:
    """One training run; returns the measurements at the end of the budget."""
    generator, discriminator = builders(kernel)
    run_dir = args.out / f"seed{seed}-run" if args.keep_run else None
    trainer = training.Trainer(generator, discriminator, config.replace(seed=seed),
                               precision=args.precision, out_dir=run_dir,
                               train_step=reference.training.train_step,
                               step_source="reference")
    z = np.random.default_rng(100 + seed).standard_normal((args.samples, config.z_dim))
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    grids = None
    if args.grids:
        grids = args.out / f"seed{seed}-grids"
        grids.mkdir(parents=True, exist_ok=True)
    budget = Budget(classifier, z, args.minutes * 60, args.eval_every, seed, args.steps,
                    (1.0, *args.z_scales), args.eval_steps, grids)
    callbacks = [ExtraAverages(args.extra_ema)] if args.extra_ema else []
    with contextlib.suppress(_BudgetReached):
        # With --steps the run's end is known, so a learning-rate decay ends there.
        trainer.fit(images, steps=args.steps or 10**9, callbacks=[*callbacks, budget])
    if run_dir is not None:
        trainer.save()  # the budget stops fit inside its last step, before fit's own save
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
    if args.json is not None:
        record = {"label": args.label, "seed": seed, "config": dataclasses.asdict(config),
                  "precision": trainer.precision, "steps_per_s": step / train_seconds,
                  "load": [load_before, load_after], "cpu_cores": cpu / train_seconds,
                  "evaluations": budget.log}
        with args.json.open("a") as handle:
            handle.write(json.dumps(record) + "\n")
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
    parser.add_argument("--eval-steps", type=int,
                        help="evaluate every this many steps (instead of --eval-every)")
    parser.add_argument("--recipe", choices=("profile", "2015"), default="profile",
                        help="2015: every post-DCGAN option off (the DCGAN paper's recipe)")
    parser.add_argument("--augment", help="DiffAugment policy, e.g. color,translation,cutout "
                        "('' for none)")
    parser.add_argument("--r1-gamma", type=float)
    parser.add_argument("--r1-every", type=int)
    parser.add_argument("--spectral-norm", type=int, choices=(0, 1))
    parser.add_argument("--minibatch-stddev", type=int, choices=(0, 1))
    parser.add_argument("--ema-refresh", type=int, choices=(0, 1))
    parser.add_argument("--d-lr", type=float, help="D's learning rate (TTUR)")
    parser.add_argument("--g-lr", type=float, help="G's learning rate (TTUR)")
    parser.add_argument("--lr-decay", type=float,
                        help="share of the run (needs --steps) over which the rates fall to 0")
    parser.add_argument("--beta-1", type=float)
    parser.add_argument("--extra-ema", type=float, nargs="*", default=[],
                        help="also keep and measure averaged generators with these decays")
    parser.add_argument("--keep-run", action="store_true",
                        help="checkpoint each seed's run in OUT/seedN-run (for "
                             "bench/make_reference_model.py --run)")
    parser.add_argument("--grids", action="store_true",
                        help="save the 32-sample grids at every evaluation")
    parser.add_argument("--json", type=Path, help="append one JSON line per seed here")
    parser.add_argument("--label", default="", help="name of this variant in --json")
    parser.add_argument("--out", type=Path, default=Path("bench/results/time_to_digits"))
    args = parser.parse_args()

    config = training.profile_config(args.profile)
    if args.recipe == "2015":
        config = training.dcgan_2015(config)
    changes = dict(g_width=args.g_width, d_width=args.d_width, batch_size=args.batch_size,
                   learning_rate=args.lr, images=args.images, augment=args.augment,
                   r1_gamma=args.r1_gamma, r1_every=args.r1_every, d_learning_rate=args.d_lr,
                   g_learning_rate=args.g_lr, lr_decay=args.lr_decay, beta_1=args.beta_1)
    flags = dict(spectral_norm=args.spectral_norm, minibatch_stddev=args.minibatch_stddev,
                 ema_refresh=args.ema_refresh)
    changes.update({k: bool(v) for k, v in flags.items() if v is not None})
    config = dataclasses.replace(config, **{k: v for k, v in changes.items() if v is not None})
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
    print(f"options: {training.describe_options(config)}", flush=True)
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
