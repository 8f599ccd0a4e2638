#!/usr/bin/env python3
"""The README's first picture: a five-minute study run beside the course's reference model.

    .venv/bin/python bench/payoff_figure.py STUDY_GRID.png [--out assets/payoff.png]

``STUDY_GRID.png`` is a 32-sample grid that ``bench/time_to_digits.py --grids`` saved for the
averaged generator of a study-profile run (e.g. ``seed0-grids/step006000-ema.png``); the right
half is the shipped reference generator's first 32 card samples (the latent vectors of
``bench/make_reference_model.py``), drawn here from ``assets/``. Titled, quantised to 256
colours.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from make_reference_model import CARD_SAMPLES, CARD_Z_SEED  # the card's samples
from PIL import Image, ImageDraw, ImageFont

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import dashboard, reference_model
from dcgan_course.data.glyphs import FONTS, font_path


def reference_grid() -> Image.Image:
    model = reference_model.load_reference().model
    z = np.random.default_rng(CARD_Z_SEED).standard_normal(
        (CARD_SAMPLES, model.input_shape[-1])).astype(np.float32)[:32]
    images = np.asarray(model(z, training=False), np.float32)
    return Image.fromarray(dashboard.tile_grid(images))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", type=Path)
    parser.add_argument("--left", default="study profile (lesson 06), 6,000 steps")
    parser.add_argument("--right", default="reference model (session profile), 20,000 steps")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "assets" / "payoff.png")
    args = parser.parse_args()
    left = Image.open(args.study).convert("RGB")
    right = reference_grid().resize(left.size, Image.NEAREST)
    gap, title = 24, 30
    sheet = Image.new("RGB", (2 * left.width + gap, left.height + title), "white")
    sheet.paste(left, (0, title))
    sheet.paste(right, (left.width + gap, title))
    font = ImageFont.truetype(str(font_path(FONTS[0])), 15)
    draw = ImageDraw.Draw(sheet)
    for x, text in ((0, args.left), (left.width + gap, args.right)):
        draw.text((x + 4, 6), text, fill="black", font=font)
    sheet.quantize(256).save(args.out, optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
