"""Command line: ``python -m dcgan_course train ...`` (the training of lesson 06, headless).

It trains with *your* ``train_step`` from lesson 06 (exercise 2), which lesson 06 saves to
``my_dcgan/train_step.py`` once it passes the engine's check (:func:`training.step_problem`);
the course ships no step of its own, so without a saved step that passes the check it says
what to do and trains nothing (exit status 2).

Example, your own networks from lessons 04/05 on the synthetic digits, study profile::

    python -m dcgan_course train --data synthetic --profile study --out runs/study \\
        --models lessons/my_dcgan

Writes into ``--out``: ``checkpoints/`` (every ``--checkpoint-every`` steps), ``samples/``
(the fixed-latent grid as PNG every ``--sample-every`` steps), ``history.json``,
``progress.gif`` and ``generator.keras``. Running the same command again resumes from the last
checkpoint and continues the step count; ``--steps`` is the total to reach, not a number to add.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dcgan_course",
                                     description="DCGAN course tools")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train your DCGAN (resumes from --out)")
    train.add_argument("--data", choices=("synthetic", "svhn"), default="synthetic")
    train.add_argument("--profile", choices=("fast", "study", "session", "full"), default="study")
    train.add_argument("--steps", type=int, help="total steps to reach (default: the profile's)")
    train.add_argument("--out", required=True, type=Path, help="output folder (resumes from it)")
    train.add_argument("--models", type=Path, default=None,
                       help="folder with your generator.py and discriminator.py (my_dcgan/)")
    train.add_argument("--checkpoint-every", type=int)
    train.add_argument("--sample-every", type=int)
    train.add_argument("--batch-size", type=int)
    train.add_argument("--images", type=int, help="how many training images to use")
    train.add_argument("--precision", choices=("auto", "float32", "mixed_bfloat16"),
                       default="auto")
    train.add_argument("--seed", type=int)
    _add_technique_options(train)
    return parser


def _add_technique_options(train: argparse.ArgumentParser) -> None:
    """The training techniques published after DCGAN (lesson 06, "What came after DCGAN").

    Without these flags a profile's own settings apply (``--recipe 2015`` switches them all
    off); each flag overrides one of them.
    """
    group = train.add_argument_group(
        "after DCGAN", "training techniques published after 2015 (lesson 06); default: the "
        "profile's settings")
    group.add_argument("--recipe", choices=("profile", "2015"), default="profile",
                       help="2015: the DCGAN paper's recipe, every option below off")
    group.add_argument("--augment", metavar="POLICY",
                       help="DiffAugment policy for everything D sees, e.g. "
                            "color,translation,cutout ('' for none)")
    group.add_argument("--r1-gamma", type=float, metavar="GAMMA",
                       help="R1 penalty on real images (0 for none)")
    group.add_argument("--r1-every", type=int, metavar="K", help="lazy R1: every K steps")
    group.add_argument("--spectral-norm", action=argparse.BooleanOptionalAction,
                       help="spectral normalisation of D's Conv2D/Dense layers")
    group.add_argument("--minibatch-stddev", action=argparse.BooleanOptionalAction,
                       help="a minibatch standard-deviation feature map before D's Flatten")
    group.add_argument("--ema-refresh", action=argparse.BooleanOptionalAction,
                       help="re-estimate the averaged generator's batch-norm statistics "
                            "before sampling")
    group.add_argument("--g-lr", type=float, metavar="RATE", help="G's learning rate (TTUR)")
    group.add_argument("--d-lr", type=float, metavar="RATE", help="D's learning rate (TTUR)")
    group.add_argument("--lr-decay", type=float, metavar="SHARE",
                       help="both learning rates fall linearly to 0 over this share of the "
                            "run's end (0 for none)")


def technique_changes(args: argparse.Namespace) -> dict:
    """The engine fields (training.TrainConfig) the technique flags set; unset flags are
    left out, so the profile's settings stay."""
    changes = {"augment": args.augment, "r1_gamma": args.r1_gamma,
               "r1_every": args.r1_every, "spectral_norm": args.spectral_norm,
               "minibatch_stddev": args.minibatch_stddev, "ema_refresh": args.ema_refresh,
               "g_learning_rate": args.g_lr, "d_learning_rate": args.d_lr,
               "lr_decay": args.lr_decay}
    return {key: value for key, value in changes.items() if value is not None}


def train(args: argparse.Namespace) -> int:
    """Run (or resume) one training; returns the exit status."""
    import dataclasses

    import dcgan_course  # noqa: F401  (quiet TensorFlow import)
    from dcgan_course import augment, carry, training
    from dcgan_course.dashboard import FileReporter
    from dcgan_course.data import load_digits

    try:
        build_generator = carry.load_builder("generator", folder=args.models)
        build_discriminator = carry.load_builder("discriminator", folder=args.models)
    except carry.BuilderNotSaved as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:  # the package holds no training step: it trains the one lesson 06 saved
        step_fn = carry.load_train_step(args.models)
    except carry.BuilderNotSaved as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    config = training.profile_config(
        args.profile, checkpoint_every=args.checkpoint_every, sample_every=args.sample_every,
        batch_size=args.batch_size, images=args.images, seed=args.seed)
    if args.recipe == "2015":
        config = training.dcgan_2015(config)
    try:
        config = dataclasses.replace(config, **technique_changes(args))
        augment.parse_policy(config.augment)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    steps = args.steps or config.steps
    count = config.images
    if args.data == "synthetic" and count is None:
        count = 20_000  # rendering all 73,257 takes a while; enough for the synthetic set
    images, _ = load_digits(args.data, "train", n=count, seed=config.seed)
    try:
        trainer = training.Trainer(build_generator, build_discriminator, config,
                                   out_dir=args.out, precision=args.precision,
                                   train_step=step_fn)
    except training.CheckpointMismatch as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    data = "synthetic house numbers (not SVHN)" if args.data == "synthetic" else "SVHN"
    folder = Path(args.models) if args.models else carry.my_dcgan_folder()
    print(f"train step: your train_step ({folder / 'train_step.py'})", flush=True)
    print(f"training {args.profile} profile on {data} ({len(images)} images), "
          f"{trainer.precision}, step {trainer.resumed_from} -> {steps}", flush=True)
    print(f"after DCGAN: {training.describe_options(config)}", flush=True)
    reporter = FileReporter(args.out)
    try:
        trainer.fit(images, steps=steps, callbacks=[reporter])
    except training.TrainingDiverged as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    path = trainer.save_generator(args.out / "generator.keras")
    print(f"done at step {int(trainer.step.numpy())}: {path}, {reporter.gif_path}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m dcgan_course``."""
    args = _parser().parse_args(argv)
    if args.command == "train":
        return train(args)
    return 1  # pragma: no cover (argparse requires a command)


if __name__ == "__main__":
    sys.exit(main())
