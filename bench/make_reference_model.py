"""Release the course's reference model: train it (or take a finished run), export, judge, card.

    .venv/bin/python bench/make_reference_model.py --run runs/reference [--train]
        [--profile session] [--seed 1] [--steps N] [--data synthetic] [--flags "..."]

With ``--train`` it first runs the command the card records, the course's command line with
the solution builders (bench/solution_builders.py) and the lesson's reference step
(autograder/reference/training.py) written as a learner's ``my_dcgan/`` folder::

    python -m dcgan_course train --data synthetic --profile session --seed 1 --out <run>
        --models <run>/my_dcgan

Then it opens the run's last checkpoint and writes into ``assets/``:

* ``reference-generator.keras``: the averaged generator (the one the engine samples), with
  the batch-norm statistics the engine measures before sampling baked in when the run used
  ``ema_refresh``; weights stored in float16 (dcgan_course.reference_model.save_reference);
* ``reference-discriminator.keras``: the run's discriminator, spectral normalisation folded
  into plain kernels (W / sigma), so it has the learner's lesson-05 layers again;
* ``reference-model.md``: the model card (data, steps, minutes, command, seed, measured share).

The share on the card is measured on the *shipped* float16 file, with the course's digit
judge (dcgan_course.quality) on 1,000 samples of the latent vectors
``numpy.random.default_rng(CARD_Z_SEED)``: the test in tests/test_reference_model.py measures
the same and compares.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from solution_builders import ROOT, solution_builder, write_models  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import)
from dcgan_course import dashboard, quality, reference_model, regularizers, training  # noqa: E402
from dcgan_course.data.synthetic import SYNTHETIC_VERSION  # noqa: E402

CARD_Z_SEED = 2027
CARD_SAMPLES = 1000


def train(run: Path, args: argparse.Namespace) -> tuple[list[str], float]:
    """Run the card's command; returns it (as the card prints it) and its wall minutes."""
    models = write_models(run / "my_dcgan")
    shutil.copy(ROOT / "autograder" / "reference" / "training.py", models / "train_step.py")
    command = ["python", "-m", "dcgan_course", "train", "--data", args.data, "--profile",
               args.profile, "--seed", str(args.seed), "--out", str(run), "--models",
               str(models)]
    if args.steps:
        command += ["--steps", str(args.steps)]
    command += args.flags.split()  # the engine's options, e.g. "--lr-decay 0.3"
    started = time.perf_counter()
    subprocess.run([sys.executable, *command[1:]], cwd=ROOT, check=True)
    return command, (time.perf_counter() - started) / 60


def open_run(run: Path) -> training.Trainer:
    """The run's trainer at its last checkpoint (its own configuration, config.json)."""
    saved = json.loads((run / "config.json").read_text())
    config = training.TrainConfig(**saved)
    return training.Trainer(solution_builder("generator"), solution_builder("discriminator"),
                            config, out_dir=run)


def plain_discriminator(trainer: training.Trainer):
    """The run's D with spectral normalisation folded in: the lesson-05 architecture."""
    plain = solution_builder("discriminator")(width=trainer.config.d_width)
    weights = []
    for layer in trainer.discriminator.layers:
        if isinstance(layer, regularizers.SpectralNormalized):
            inner = layer.layer
            weights.append(inner.kernel.numpy() / float(layer.sigma()))
            if inner.use_bias:
                weights.append(inner.bias.numpy())
        else:
            weights.extend(layer.get_weights())
    plain.set_weights([w.astype(np.float32) for w in weights])
    return plain


def export_generator(trainer: training.Trainer, path: Path) -> Path:
    """The averaged G (statistics refreshed when the run samples so) as float16."""
    model = trainer.ema_generator or trainer.generator
    if trainer.config.ema_refresh and model is trainer.ema_generator:
        with training._fresh_statistics(model, trainer.config.z_dim, trainer.config.seed):
            weights = model.get_weights()
    else:
        weights = model.get_weights()
    export = solution_builder("generator")(z_dim=trainer.config.z_dim,
                                           width=trainer.config.g_width)
    export.set_weights([w.astype(np.float32) for w in weights])
    return reference_model.save_reference(export, path)


def judge(path: Path, data: str) -> tuple[float, int, np.ndarray]:
    """Share recognisable, digits present, and the samples of the shipped file."""
    model = reference_model.load_reference().model
    z = np.random.default_rng(CARD_Z_SEED).standard_normal(
        (CARD_SAMPLES, model.input_shape[-1])).astype(np.float32)
    images = np.asarray(model(z, training=False), np.float32)
    probabilities = quality.load_classifier(data).probabilities(images)
    share = quality.recognisability(probabilities)
    return share, int((quality.class_coverage(probabilities) > 0).sum()), images


def write_card(trainer: training.Trainer, command: list[str], minutes: str, share: float,
               digits: int, args: argparse.Namespace) -> Path:
    cfg = trainer.config
    engine = json.dumps({k: v for k, v in json.loads(
        (args.run / "config.json").read_text()).items()}, separators=(",", ":"))
    rows = {
        "files": "`reference-generator.keras` (averaged generator), "
                 "`reference-discriminator.keras` (its discriminator"
                 + (", spectral norm folded in" if cfg.spectral_norm else "")
                 + "); float16 weights",
        "architecture": f"the course's lesson 04/05 DCGAN (solution builders): z {cfg.z_dim}, "
                        f"generator width {cfg.g_width}, discriminator width {cfg.d_width}",
        "data": f"synthetic house numbers, SYNTHETIC_VERSION {SYNTHETIC_VERSION} "
                f"({cfg.images:,} training images, seed {cfg.seed})" if args.data == "synthetic"
                else "SVHN train split",
        "steps": f"{int(trainer.step.numpy()):,}",
        "minutes": minutes,
        "post-DCGAN techniques": training.describe_options(cfg),
        "command": "`" + " ".join(command) + "`",
        "seed": str(cfg.seed),
        "engine configuration": f"`{engine}`",
        "measured share": f"{share:.3f}",
        "digits present": f"{digits}/10",
        "how measured": f"dcgan_course.quality judge, {CARD_SAMPLES} samples of "
                        f"numpy.random.default_rng({CARD_Z_SEED}).standard_normal, on the "
                        "shipped float16 file loaded by dcgan_course.reference_model",
        "released": datetime.date.today().isoformat(),
    }
    how = ("with the 2015 DCGAN recipe and an averaged generator"
           if training.describe_options(cfg) == training.describe_options(
               training.dcgan_2015(cfg)) else "with " + training.describe_options(cfg))
    lines = ["# The course's reference model", "",
             f"What a longer run of the course's own DCGAN reaches, {how}, on the "
             "course's synthetic house numbers. Lesson 06 shows it beside your "
             "five-minute model; lesson 07 opens it when you have no run of your own. Made "
             "by `bench/make_reference_model.py`; `tests/test_reference_model.py` checks the "
             "files' size, this card, and that the shipped generator scores at least the "
             "share below.", "", "| field | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in rows.items()]
    reference_model.CARD_FILE.write_text("\n".join(lines) + "\n")
    return reference_model.CARD_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, required=True)
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--profile", default="session")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int)
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--flags", default="", help="more options of the training command, "
                        "e.g. '--lr-decay 0.3'")
    parser.add_argument("--minutes", help="the card's minutes field (default: measured)")
    parser.add_argument("--command", help="the card's command (default: the one run here)")
    args = parser.parse_args()

    command, wall = (train(args.run, args) if args.train else ([], float("nan")))
    trainer = open_run(args.run)
    export_generator(trainer, reference_model.GENERATOR_FILE)
    reference_model.save_reference(plain_discriminator(trainer),
                                   reference_model.DISCRIMINATOR_FILE)
    share, digits, images = judge(reference_model.GENERATOR_FILE, args.data)
    minutes = args.minutes or f"{wall:.0f} on this machine"
    command = args.command.split() if args.command else command
    # as a learner would type it in a clone of the course
    command = [part.replace(str(args.run), "runs/reference") for part in command]
    write_card(trainer, command, minutes, share, digits, args)
    dashboard.save_png(dashboard.tile_grid(images[:32]), args.run / "reference-grid.png")
    for path in (reference_model.GENERATOR_FILE, reference_model.DISCRIMINATOR_FILE):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    print(f"share {share:.1%}, {digits}/10 digits; card {reference_model.CARD_FILE}")


if __name__ == "__main__":
    main()
