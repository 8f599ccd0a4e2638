"""Speed of the course's training step against TensorFlow's DCGAN-tutorial loop, same run.

    .venv/bin/python bench/train_step_speed.py [--g-width 128 --d-width 64 --batch 128]

Both train the same networks (the course's solution builders, bench/solution_builders.py:
Udacity size by default, z 100, 4x4x512 generator, batch 128) on the same batch:

* **reference**: the loop of TensorFlow's DCGAN tutorial (tensorflow.org/tutorials/generative
  /dcgan): a ``@tf.function`` step, two gradient tapes, ``BinaryCrossentropy(from_logits=True)``
  losses, two Adam optimisers, Keras models in float32.
* **engine**: ``dcgan_course.training.Trainer.train_step`` as lessons and the CLI use it
  (precision chosen by measurement, ``auto``), and the engine forced to float32 (to show what
  the engine itself costs or saves, apart from the precision).

Variants are timed in turns (``--rounds`` x ``--steps`` steps each, after warm-up) so that a
burst of load on a shared machine hits all of them; the best round counts. Prints images/s and
the ratio engine / reference. Then the achieved FLOP/s of each step (FLOPs counted from the
architecture, dcgan_course.architecture) against the peak of a large matrix multiply measured
here in the same dtype.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from solution_builders import solution_builder  # noqa: E402
from tensorflow import keras  # noqa: E402

import dcgan_course  # noqa: E402,F401  (quiet TensorFlow import)
from dcgan_course import architecture, training  # noqa: E402


def tutorial_step(generator, discriminator, z_dim: int):
    """The training step as TensorFlow's DCGAN tutorial writes it."""
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    generator_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
    discriminator_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)

    def discriminator_loss(real_output, fake_output):
        real_loss = cross_entropy(tf.ones_like(real_output), real_output)
        fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
        return real_loss + fake_loss

    def generator_loss(fake_output):
        return cross_entropy(tf.ones_like(fake_output), fake_output)

    @tf.function
    def train_step(images):
        noise = tf.random.normal([tf.shape(images)[0], z_dim])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = disc_tape.gradient(disc_loss,
                                                        discriminator.trainable_variables)
        generator_optimizer.apply_gradients(zip(gradients_of_generator,
                                                generator.trainable_variables, strict=True))
        discriminator_optimizer.apply_gradients(zip(gradients_of_discriminator,
                                                    discriminator.trainable_variables,
                                                    strict=True))
        return gen_loss, disc_loss

    return lambda images: [float(v) for v in train_step(images)]


def matmul_peak(dtype: tf.DType, n: int = 2048, repeats: int = 5) -> float:
    """Best FLOP/s of an n x n matrix multiply in ``dtype`` (2 n^3 FLOPs each)."""
    a = tf.cast(tf.random.normal([n, n]), dtype)
    b = tf.cast(tf.random.normal([n, n]), dtype)
    mm = tf.function(lambda x, y: tf.reduce_sum(tf.cast(tf.matmul(x, y)[:1, :1], tf.float32)))
    mm(a, b).numpy()
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(3):
            mm(a, b).numpy()
        best = min(best, (time.perf_counter() - start) / 3)
    return 2 * n ** 3 / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--g-width", type=int, default=128)
    parser.add_argument("--d-width", type=int, default=64)
    parser.add_argument("--z-dim", type=int, default=100)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    build_g, build_d = solution_builder("generator"), solution_builder("discriminator")
    rng = np.random.default_rng(0)
    batch = tf.constant(rng.uniform(-1, 1, (args.batch, 32, 32, 3)), tf.float32)
    config = training.TrainConfig("bench", z_dim=args.z_dim, g_width=args.g_width,
                                  d_width=args.d_width, batch_size=args.batch)

    variants = {}
    keras.utils.set_random_seed(0)
    g = build_g(z_dim=args.z_dim, width=args.g_width)
    d = build_d(width=args.d_width)
    variants["reference (tutorial loop, float32)"] = (tutorial_step(g, d, args.z_dim), "float32")
    auto = training.Trainer(build_g, build_d, config, precision="auto")
    variants[f"engine ({auto.precision}, chosen by measurement)"] = (auto.train_step,
                                                                     auto.precision)
    if auto.precision != "float32":
        f32 = training.Trainer(build_g, build_d, config, precision="float32")
        variants["engine (float32 forced)"] = (f32.train_step, "float32")

    for step, _ in variants.values():  # trace and warm up
        for _ in range(2):
            step(batch)
    best = {name: np.inf for name in variants}
    for _ in range(args.rounds):
        for name, (step, _) in variants.items():
            start = time.perf_counter()
            for _ in range(args.steps):
                step(batch)
            best[name] = min(best[name], (time.perf_counter() - start) / args.steps)

    g_rows = architecture.generator_layers(args.z_dim, args.g_width, 32)
    d_rows = architecture.discriminator_layers(args.d_width, 32)
    # One step of this kind (fakes made once, both gradients from one forward pass): G forward
    # and backward (3 G), D forward on real and fake, backward on both for D's loss, and back
    # through D on the fakes for G's loss (about 2 + 4 + 1 = 7 D). Backward ~ 2 x forward.
    flops_per_image = 3 * architecture.total_flops(g_rows) + 7 * architecture.total_flops(d_rows)
    peaks = {"float32": matmul_peak(tf.float32), "mixed_bfloat16": matmul_peak(tf.bfloat16)}

    print(f"G width {args.g_width} (4x4x{4 * args.g_width}), D width {args.d_width}, z "
          f"{args.z_dim}, batch {args.batch}; {flops_per_image / 1e9:.2f} GFLOP per image "
          f"per step; bfloat16 conv speed-up measured by the engine: "
          f"{training.bfloat16_speedup():.2f}x")
    print(f"matmul peak here: float32 {peaks['float32'] / 1e9:.0f} GFLOP/s, bfloat16 "
          f"{peaks['mixed_bfloat16'] / 1e9:.0f} GFLOP/s")
    reference = list(variants)[0]
    for name, (_, dtype) in variants.items():
        seconds = best[name]
        achieved = flops_per_image * args.batch / seconds
        print(f"{name:45s} {seconds * 1000:7.1f} ms/step {args.batch / seconds:7.0f} images/s "
              f"x{best[reference] / seconds:.2f} vs reference; {achieved / 1e9:5.0f} GFLOP/s "
              f"= {achieved / peaks[dtype]:.0%} of the {dtype} matmul peak")


if __name__ == "__main__":
    main()
