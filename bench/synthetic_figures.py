#!/usr/bin/env python3
"""The README's pictures of the synthetic house numbers, made again from the renderers.

    .venv/bin/python bench/synthetic_figures.py [--out assets]

Writes ``synthetic-grid.png`` (100 images of the current renderer, seed 0, 10 x 10, each
enlarged to 48 pixels, 480 x 480, quantised to 256 colours: the README's grid) and
``synthetic-before-after.png`` (32 images of version 2, the earlier renderer, beside 32 of
the current one, seed 0, each enlarged to 64 pixels, titled). Both are deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).parent))
import synthetic_v2  # noqa: E402

from dcgan_course.data import synthetic  # noqa: E402
from dcgan_course.data.glyphs import FONTS, font_path  # noqa: E402


def tile(images: np.ndarray, columns: int, cell: int) -> Image.Image:
    """Images in a grid, each enlarged to ``cell`` pixels (bilinear, as a viewer shows them)."""
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * cell, rows * cell), "white")
    for index, image in enumerate(images):
        big = Image.fromarray(image).resize((cell, cell), Image.Resampling.BILINEAR)
        sheet.paste(big, ((index % columns) * cell, (index // columns) * cell))
    return sheet


def grid(out: Path) -> Path:
    images, _ = synthetic.make_house_numbers(100, seed=0)
    path = out / "synthetic-grid.png"
    tile(images, 10, 48).quantize(256).save(path, optimize=True)
    return path


def before_after(out: Path) -> Path:
    cell, columns, gap, title = 64, 8, 24, 34
    old, _ = synthetic_v2.make_house_numbers(32, seed=0)
    new, _ = synthetic.make_house_numbers(32, seed=0)
    left, right = tile(old, columns, cell), tile(new, columns, cell)
    sheet = Image.new("RGB", (2 * left.width + gap, left.height + title), "white")
    sheet.paste(left, (0, title))
    sheet.paste(right, (left.width + gap, title))
    font = ImageFont.truetype(str(font_path(FONTS[0])), 17)
    draw = ImageDraw.Draw(sheet)
    for x, text in ((0, "before: synthetic version 2"),
                    (left.width + gap, "after: synthetic version 3")):
        draw.text((x + 4, 7), text, fill="black", font=font)
    path = out / "synthetic-before-after.png"
    sheet.quantize(256).save(path, optimize=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "assets")
    args = parser.parse_args()
    for path in (grid(args.out), before_after(args.out)):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
