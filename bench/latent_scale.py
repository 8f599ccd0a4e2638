"""Sampling nearer the centre of the prior: scaled z and BigGAN's truncation, measured.

Lesson 06 (appendix C) asks whether a trained generator draws more readable digits when its
latent vectors stay near the centre of the Gaussian, as large GANs do. Two ways to get
there, both measured on the course's reference model (assets/) with the course's digit
judge (dcgan_course.quality), each over ``--draws`` independent draws of ``--samples``
latent vectors:

* **scaled**: every z multiplied by a factor (0.4 ... 1.3): the simple relative;
* **truncated**: BigGAN's truncation trick (Brock et al., 2018, section 3.1): every
  component whose magnitude exceeds the threshold is drawn again until it does not.

    .venv/bin/python bench/latent_scale.py [--draws 3 --samples 1000]

Prints one row per setting: the recognisable share of each draw, their median, and the
smallest count of digits present.
"""

from __future__ import annotations

import argparse

import numpy as np

import dcgan_course  # noqa: F401  (quiet TensorFlow import)
from dcgan_course import quality, reference_model

SCALES = (0.4, 0.6, 0.8, 1.0, 1.3)
THRESHOLDS = (0.5, 1.0, 1.5, 2.0)


def truncated_normal(rng: np.random.Generator, shape: tuple[int, int],
                     threshold: float) -> np.ndarray:
    """Standard normal values, each redrawn until its magnitude is at most ``threshold``."""
    z = rng.standard_normal(shape)
    outside = np.abs(z) > threshold
    while outside.any():
        z[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(z) > threshold
    return z


def measure(model, judge, z: np.ndarray) -> tuple[float, int]:
    """Recognisable share and digits present of the images for ``z``."""
    images = np.asarray(model(z.astype(np.float32), training=False), np.float32)
    probabilities = judge.probabilities(images)
    return (quality.recognisability(probabilities),
            int((quality.class_coverage(probabilities) > 0).sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    model = reference_model.load_reference().model
    judge = quality.load_classifier("synthetic")
    z_dim = model.input_shape[-1]
    settings = [(f"z x {s:g}", lambda rng, s=s: s * rng.standard_normal((args.samples, z_dim)))
                for s in SCALES]
    settings += [(f"truncated at {t:g}",
                  lambda rng, t=t: truncated_normal(rng, (args.samples, z_dim), t))
                 for t in THRESHOLDS]
    print(f"reference model, {args.draws} draws of {args.samples} latent vectors each")
    for name, draw in settings:
        results = [measure(model, judge, draw(np.random.default_rng(100 + i)))
                   for i in range(args.draws)]
        shares = [share for share, _ in results]
        print(f"{name:16s} " + " / ".join(f"{s:.1%}" for s in shares)
              + f"  median {np.median(shares):.1%}, digits present >= "
              f"{min(d for _, d in results)}/10")


if __name__ == "__main__":
    main()
