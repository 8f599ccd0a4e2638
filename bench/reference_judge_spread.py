"""How much the card's measured share depends on which digit judge measures it.

The reference model's card (assets/reference-model.md) records the share of its 1,000 card
samples that the course's digit judge reads with confidence >= 0.9. A learner's machine
trains its own judge (dcgan_course.quality, cached per machine), so tests/test_reference_model
allows the share to fall a little below the card's. This measures how far: the cached judge
and ``--judges`` judges trained from scratch in empty caches score the same shipped samples.

    .venv/bin/python bench/reference_judge_spread.py [--judges 2]
"""

from __future__ import annotations

import argparse
import tempfile

import numpy as np
from make_reference_model import CARD_SAMPLES, CARD_Z_SEED  # the card's samples

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import quality, reference_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=2)
    args = parser.parse_args()
    model = reference_model.load_reference().model
    z = np.random.default_rng(CARD_Z_SEED).standard_normal(
        (CARD_SAMPLES, model.input_shape[-1])).astype(np.float32)
    images = np.asarray(model(z, training=False), np.float32)
    card = float(reference_model.card()["measured share"])
    shares = [quality.recognisability(quality.load_classifier("synthetic").probabilities(images))]
    for _ in range(args.judges):
        with tempfile.TemporaryDirectory() as cache:
            judge = quality.load_classifier("synthetic", cache_dir=cache, verbose=False)
            shares.append(quality.recognisability(judge.probabilities(images)))
    print(f"card {card:.3f}; cached judge {shares[0]:.3f}; fresh judges "
          + ", ".join(f"{s:.3f}" for s in shares[1:]))
    print(f"largest distance from the card: {max(abs(s - card) for s in shares):.3f}")


if __name__ == "__main__":
    main()
