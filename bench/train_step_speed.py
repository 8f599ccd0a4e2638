"""Speed of the course's training step against TensorFlow's DCGAN-tutorial loop, same run.

    .venv/bin/python bench/train_step_speed.py [--g-width 128 --d-width 64 --batch 128]

Both train the same networks (the course's solution builders, bench/solution_builders.py:
Udacity size by default, z 100, 4x4x512 generator, batch 128) on the same batch:

* **tutorial, float32**: the loop of TensorFlow's DCGAN tutorial (tensorflow.org/tutorials/
  generative/dcgan): a ``@tf.function`` step, two gradient tapes,
  ``BinaryCrossentropy(from_logits=True)`` losses, two Adam optimisers, Keras models in float32.
* **tutorial, mixed_bfloat16**: the same loop with Keras' ``mixed_bfloat16`` policy set
  before the models are built: what any user gets by flipping one switch. This is the fair
  peer of the engine when the engine picks bfloat16.
* **engine**: ``dcgan_course.training.Trainer.train_step`` as lessons and the CLI use it
  (precision chosen by measurement, ``auto``; the step is exercise 2's algorithm, plus the
  float32 head of D, the D(x)/D(G(z)) read-out and the EMA of G's weights), and the engine
  forced to float32.

Variants are timed in turns (``--rounds`` x ``--steps`` steps each, after warm-up) so that a
burst of load on a shared machine hits all of them; the best round counts. Prints images/s and
each variant's ratio to the tutorial loop *of the same precision*. Then the achieved FLOP/s of
each step (FLOPs counted from the architecture, dcgan_course.architecture) against the peak of
a large matrix multiply measured here in the same dtype, and a profile of the engine's step:
every layer's forward and backward timed alone at the step's shapes, so that the step's time
splits into the layers (what each achieves against the matmul peak) and the rest (losses,
optimiser updates, the EMA, framework overhead).
"""

from __future__ import annotations

import argparse
import functools
import os
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


def layer_probes(model: keras.Model, batch: int) -> dict[str, object]:
    """``{name: probe}`` per layer with weights: the forward and backward pass (input and
    weight gradients) of that layer alone on a batch of its input shape, in the model's own
    dtype policy, ready to be timed in turns with everything else."""
    probes = {}
    for layer in model.layers:
        if not layer.weights:
            continue
        x = tf.random.normal((batch, *layer.input.shape[1:]))

        @tf.function
        def run(x, layer=layer):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.cast(layer(x, training=True), tf.float32)
                loss = tf.reduce_sum(y * y)
            grads = tape.gradient(loss, [x, *layer.trainable_variables])
            return tf.add_n([tf.reduce_sum(tf.cast(g, tf.float32)) for g in grads])

        run(x).numpy()
        probes[f"{model.name}.{layer.name}"] = functools.partial(
            lambda run, x: run(x).numpy(), run, x)
    return probes


def matmul_probe(dtype: tf.DType, n: int = 2048):
    """An n x n matrix multiply in ``dtype`` (2 n^3 FLOPs), ready to be timed."""
    a = tf.cast(tf.random.normal([n, n]), dtype)
    b = tf.cast(tf.random.normal([n, n]), dtype)
    mm = tf.function(lambda x, y: tf.reduce_sum(tf.cast(tf.matmul(x, y)[:1, :1], tf.float32)))
    mm(a, b).numpy()
    return lambda: mm(a, b).numpy()


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
    for policy in ("float32", "mixed_bfloat16"):
        keras.mixed_precision.set_global_policy(policy)
        keras.utils.set_random_seed(0)
        g = build_g(z_dim=args.z_dim, width=args.g_width)
        d = build_d(width=args.d_width)
        variants[f"tutorial loop, {policy}"] = (tutorial_step(g, d, args.z_dim), policy)
    keras.mixed_precision.set_global_policy("float32")
    auto = training.Trainer(build_g, build_d, config, precision="auto")
    variants[f"engine ({auto.precision}, chosen by measurement)"] = (auto.train_step,
                                                                     auto.precision)
    other = "float32" if auto.precision != "float32" else "mixed_bfloat16"
    forced = training.Trainer(build_g, build_d, config, precision=other)
    variants[f"engine ({other} forced)"] = (forced.train_step, other)

    for step, _ in variants.values():  # trace and warm up
        for _ in range(2):
            step(batch)
    # Everything timed goes in turns, round after round: the steps, the matmul peaks and the
    # engine's layers alone (the profile), so that load from other programs hits all alike.
    probes = {name: (functools.partial(step, batch), args.steps)
              for name, (step, _) in variants.items()}
    mm_n = 2048
    probes["matmul float32"] = (matmul_probe(tf.float32, mm_n), 3)
    probes["matmul mixed_bfloat16"] = (matmul_probe(tf.bfloat16, mm_n), 3)
    keras.mixed_precision.set_global_policy(auto.precision)
    try:
        layer_names = {}
        for model, times in ((auto.generator, 1), (auto.discriminator, 2)):
            for name, probe in layer_probes(model, args.batch).items():
                probes[name] = (probe, args.steps)
                layer_names[name] = times
    finally:
        keras.mixed_precision.set_global_policy("float32")
    best = {name: np.inf for name in probes}
    for _ in range(args.rounds):
        for name, (probe, repeats) in probes.items():
            start = time.perf_counter()
            for _ in range(repeats):
                probe()
            best[name] = min(best[name], (time.perf_counter() - start) / repeats)

    g_rows = architecture.generator_layers(args.z_dim, args.g_width, 32)
    d_rows = architecture.discriminator_layers(args.d_width, 32)
    # One step of this kind (fakes made once, both gradients from one forward pass): G forward
    # and backward (3 G), D forward on real and fake, backward on both for D's loss, and back
    # through D on the fakes for G's loss (about 2 + 4 + 1 = 7 D). Backward ~ 2 x forward.
    flops_per_image = 3 * architecture.total_flops(g_rows) + 7 * architecture.total_flops(d_rows)
    peaks = {dtype: 2 * mm_n ** 3 / best[f"matmul {dtype}"]
             for dtype in ("float32", "mixed_bfloat16")}

    print(f"G width {args.g_width} (4x4x{4 * args.g_width}), D width {args.d_width}, z "
          f"{args.z_dim}, batch {args.batch}; {flops_per_image / 1e9:.2f} GFLOP per image "
          f"per step; bfloat16 conv speed-up measured by the engine: "
          f"{training.bfloat16_speedup():.2f}x")
    print(f"matmul peak here: float32 {peaks['float32'] / 1e9:.0f} GFLOP/s, bfloat16 "
          f"{peaks['mixed_bfloat16'] / 1e9:.0f} GFLOP/s")
    for name, (_, dtype) in variants.items():
        seconds = best[name]
        peer = best[f"tutorial loop, {dtype}"]
        achieved = flops_per_image * args.batch / seconds
        print(f"{name:45s} {seconds * 1000:7.1f} ms/step {args.batch / seconds:7.0f} images/s "
              f"x{peer / seconds:.2f} vs the tutorial loop in {dtype}; {achieved / 1e9:5.0f} "
              f"GFLOP/s = {achieved / peaks[dtype]:.0%} of the {dtype} matmul peak")
    engine = f"engine ({auto.precision}, chosen by measurement)"
    print(f"RESULT engine / tutorial loop in the same precision ({auto.precision}): "
          f"x{best[f'tutorial loop, {auto.precision}'] / best[engine]:.2f}; engine / tutorial "
          f"float32: x{best['tutorial loop, float32'] / best[engine]:.2f}; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    # Profile of the engine's step: each layer alone, forward + backward, at its shapes.
    # In one step D runs on two batches (real and fake) and G on one.
    step_s = best[engine]
    layer_total = sum(best[n] * k for n, k in layer_names.items())
    print(f"profile of the engine's step ({auto.precision}, {step_s * 1000:.1f} ms): each "
          "layer's forward+backward timed alone in the same rounds (x2 for D: real and fake)")
    for name, times in sorted(layer_names.items(), key=lambda kv: -best[kv[0]] * kv[1]):
        print(f"  {name:38s} {best[name] * times * 1000:7.2f} ms  "
              f"{best[name] * times / step_s:5.1%} of the step")
    print(f"  {'layers together':38s} {layer_total * 1000:7.2f} ms  "
          f"{layer_total / step_s:5.1%}; the rest (losses, both Adam updates, EMA, dispatch) "
          f"{(step_s - layer_total) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
