"""Differentiable augmentation of everything the discriminator sees (DiffAugment).

Zhao, Liu, Lin, Zhu & Han (2020), "Differentiable Augmentation for Data-Efficient GAN
Training" (arXiv:2006.10738): a discriminator that sees the same few thousand real images
again and again learns them by heart, its judgements stop carrying information the generator
can use, and training degrades. Augmenting only the real images does not help, because the
generator then learns to draw the augmentations (shifted, cut-out digits). DiffAugment applies
one random transformation *T* to **every** image D sees, real and fake, when D is trained and
when G is trained; T is differentiable, so G's gradient flows back through it. D then judges
T(x) against T(G(z)), and the only way for G to win is to draw x.

The paper's three policies, as in its official code, for images in [-1, 1]:

* ``color``: brightness + U(-0.5, 0.5); saturation (each pixel's distance from its own grey
  value) x U(0, 2); contrast (distance from the image's mean) x U(0.5, 1.5);
* ``translation``: shift by up to 1/8 of the image (4 pixels at 32x32) in x and y, filling with
  zeros (mid grey);
* ``cutout``: a square of half the image's side (16x16), centred anywhere, set to zero.

Each image of a batch gets its own random draw, and each call draws anew: the real and the
fake batch of one step are transformed independently, as in the paper.

This module changes no layer of the learner's discriminator. :class:`AugmentingDiscriminator`
stands in front of it: the engine hands the learner's ``train_step`` this object instead of
the discriminator, every call augments its input and then runs the learner's network, and
everything else (``trainable_variables``, ``layers``, ...) is the learner's model's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import tensorflow as tf

#: The paper's policy for its CIFAR-10 and few-shot results.
DEFAULT_POLICY = "color,translation,cutout"


def random_brightness(images: tf.Tensor) -> tf.Tensor:
    """Add one number from U(-0.5, 0.5) to every pixel of each image."""
    shift = tf.random.uniform([tf.shape(images)[0], 1, 1, 1], dtype=images.dtype) - 0.5
    return images + shift


def random_saturation(images: tf.Tensor) -> tf.Tensor:
    """Scale each pixel's distance from its grey value (mean over channels) by U(0, 2)."""
    grey = tf.reduce_mean(images, axis=3, keepdims=True)
    scale = tf.random.uniform([tf.shape(images)[0], 1, 1, 1], dtype=images.dtype) * 2.0
    return (images - grey) * scale + grey


def random_contrast(images: tf.Tensor) -> tf.Tensor:
    """Scale each image's distance from its own mean by U(0.5, 1.5)."""
    mean = tf.reduce_mean(images, axis=[1, 2, 3], keepdims=True)
    scale = tf.random.uniform([tf.shape(images)[0], 1, 1, 1], dtype=images.dtype) + 0.5
    return (images - mean) * scale + mean


def random_translation(images: tf.Tensor, ratio: float = 1 / 8) -> tf.Tensor:
    """Shift each image by up to ``ratio`` of its size in x and y; what comes in is zero.

    Written with gathers (not ``tf.roll``, which would wrap the digit round the edge), so the
    gradient of every output pixel goes to the input pixel it came from.
    """
    batch, height, width = tf.shape(images)[0], tf.shape(images)[1], tf.shape(images)[2]
    reach_y = tf.cast(tf.cast(height, tf.float32) * ratio, tf.int32)
    reach_x = tf.cast(tf.cast(width, tf.float32) * ratio, tf.int32)
    shift_y = tf.random.uniform([batch, 1], -reach_y, reach_y + 1, dtype=tf.int32)
    shift_x = tf.random.uniform([batch, 1], -reach_x, reach_x + 1, dtype=tf.int32)
    padded = tf.pad(images, [[0, 0], [1, 1], [1, 1], [0, 0]])  # a zero border to copy from
    rows = tf.clip_by_value(tf.range(height)[None] + shift_y + 1, 0, height + 1)
    cols = tf.clip_by_value(tf.range(width)[None] + shift_x + 1, 0, width + 1)
    moved = tf.gather(padded, rows, axis=1, batch_dims=1)
    return tf.gather(moved, cols, axis=2, batch_dims=1)


def random_cutout(images: tf.Tensor, ratio: float = 1 / 2) -> tf.Tensor:
    """Zero one square of ``ratio`` times the image's side per image, centred anywhere in it
    (a square near the edge is cut by the border)."""
    batch, height, width = tf.shape(images)[0], tf.shape(images)[1], tf.shape(images)[2]
    size_y = tf.cast(tf.cast(height, tf.float32) * ratio, tf.int32)
    size_x = tf.cast(tf.cast(width, tf.float32) * ratio, tf.int32)
    centre_y = tf.random.uniform([batch, 1, 1], 0, height + 1 - size_y % 2, dtype=tf.int32)
    centre_x = tf.random.uniform([batch, 1, 1], 0, width + 1 - size_x % 2, dtype=tf.int32)
    top, left = centre_y - size_y // 2, centre_x - size_x // 2
    y = tf.range(height)[None, :, None]
    x = tf.range(width)[None, None, :]
    inside = (y >= top) & (y < top + size_y) & (x >= left) & (x < left + size_x)
    keep = tf.cast(tf.logical_not(inside), images.dtype)[..., None]
    return images * keep


POLICIES: dict[str, tuple[Callable[[tf.Tensor], tf.Tensor], ...]] = {
    "color": (random_brightness, random_saturation, random_contrast),
    "translation": (random_translation,),
    "cutout": (random_cutout,),
}


def parse_policy(policy: str | Sequence[str]) -> tuple[str, ...]:
    """``"color,translation"`` -> ``("color", "translation")``; unknown names are refused."""
    names = tuple(p.strip() for p in (policy.split(",") if isinstance(policy, str) else policy)
                  if p.strip())
    unknown = [name for name in names if name not in POLICIES]
    if unknown:
        raise ValueError(f"unknown augmentation {unknown[0]!r}: DiffAugment's policies are "
                         f"{', '.join(POLICIES)} (comma-separated, e.g. {DEFAULT_POLICY!r})")
    return names


def diff_augment(images: tf.Tensor, policy: str | Sequence[str] = DEFAULT_POLICY) -> tf.Tensor:
    """``images`` (NHWC, in [-1, 1]) through the policy's transformations, in float32.

    The result is cast back to the input's dtype, so a bfloat16 batch from a mixed-precision
    generator stays bfloat16 for the discriminator.
    """
    dtype = images.dtype
    out = tf.cast(images, tf.float32)
    for name in parse_policy(policy):
        for transform in POLICIES[name]:
            out = transform(out)
    return tf.cast(out, dtype)


class AugmentingDiscriminator:
    """The learner's discriminator behind DiffAugment: ``d(images, ...)`` is
    ``model(diff_augment(images), ...)``; every other attribute is the model's own.

    The learner's ``train_step`` receives this object where it expects the discriminator,
    so the step's two calls (real batch, fake batch) are both augmented, each with its own
    draw, in the discriminator's update and in the generator's alike.
    """

    def __init__(self, model: Any, policy: str | Sequence[str] = DEFAULT_POLICY) -> None:
        self._model = model
        self.policy = parse_policy(policy)

    def __call__(self, images: tf.Tensor, *args: Any, **kwargs: Any) -> tf.Tensor:
        return self._model(diff_augment(images, self.policy), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

