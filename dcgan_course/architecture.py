"""The DCGAN architecture as data: layer tables, sizes and costs, shape drawings (lessons 04-05).

The generator and discriminator the learner writes in lessons 04 and 05 are described
here as *specifications*: one row per layer with its Keras class, output shape, parameter
count and forward cost. The lessons print these tables, compute the width table from them
(nothing is typed in by hand) and check the learner's model against them layer by layer.
There are deliberately no model builders in this module: building the networks is the
learner's exercise, and lesson 06 trains the learner's own builders (see
:mod:`dcgan_course.carry`).

Conventions, shared by the lessons' exercises:

* ``width`` of the generator is the depth of its last hidden layer, the one just before
  the image; going back towards 4x4 the depth doubles at every layer. The Udacity SVHN
  model (4x4x512 -> 8x8x256 -> 16x16x128 -> 32x32x3) is ``width=128, image_size=32``; the
  paper's 64x64 model (4x4x1024 -> ... -> 64x64x3) is ``width=128, image_size=64``.
* ``width`` of the discriminator is the depth of its first convolution; it doubles at every
  layer down to 4x4 (Udacity: 16x16x64 -> 8x8x128 -> 4x4x256).
* Every (transposed) convolution has a 5x5 kernel, stride 2 and ``"same"`` padding; leaky
  ReLUs have slope 0.2; weights start from N(0, 0.02).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, NoReturn

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Polygon

from dcgan_course.exercises.catalogue import Mistake, fail
from dcgan_course.plotting import DISC, FAKE, REAL, CourseFigure
from dcgan_course.translate import Words, columns, later, tr

KERNEL = 5
STRIDE = 2
LEAK = 0.2
INIT_STD = 0.02
#: Spatial size of the smallest feature map, where the generator starts and D ends.
BASE = 4


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a specified network: what Keras class, what comes out, what it costs."""

    kind: str                       # the Keras class name, e.g. "Conv2DTranspose"
    output_shape: tuple[int, ...]   # without the batch axis
    params: int                     # as Keras counts them (batch norm: 4 per channel)
    flops: int                      # forward pass, one image, multiply-add counted as 2
    note: str = ""                  # marked with later(): the table shows it with tr

    @property
    def shape_text(self) -> str:
        return " × ".join(str(s) for s in self.output_shape)


def stages(image_size: int) -> int:
    """How many stride-2 layers lie between 4x4 and ``image_size`` (3 for 32, 4 for 64)."""
    n = math.log2(image_size / BASE) if image_size > 0 else -1
    if image_size < 2 * BASE or n != int(n):
        raise ValueError(f"image_size must be 8, 16, 32, 64, ... (4 times a power of two), "
                         f"got {image_size}")
    return int(n)


def generator_depths(width: int, image_size: int) -> list[int]:
    """Depths of the generator's hidden feature maps, from 4x4 up to image_size/2."""
    n = stages(image_size)
    return [width * 2 ** (n - 1 - i) for i in range(n)]


def discriminator_depths(width: int, image_size: int) -> list[int]:
    """Depths of the discriminator's feature maps, from image_size/2 down to 4x4."""
    return [width * 2 ** i for i in range(stages(image_size))]


def _conv_params(cin: int, cout: int, bias: bool) -> int:
    return KERNEL * KERNEL * cin * cout + (cout if bias else 0)


def generator_layers(z_dim: int = 100, width: int = 128, image_size: int = 32,
                     channels: int = 3) -> list[LayerSpec]:
    """The generator, layer by layer, as lesson 04 asks the learner to build it."""
    depths = generator_depths(width, image_size)
    d0 = depths[0]
    units = BASE * BASE * d0
    rows = [
        LayerSpec("Dense", (units,), z_dim * units, 2 * z_dim * units,
                  later("no bias (BN follows)")),
        LayerSpec("Reshape", (BASE, BASE, d0), 0, 0),
        LayerSpec("BatchNormalization", (BASE, BASE, d0), 4 * d0, 4 * units),
        LayerSpec("LeakyReLU", (BASE, BASE, d0), 0, units, later("slope 0.2")),
    ]
    size, cin = BASE, d0
    for cout in depths[1:]:
        pixels_in, size = size * size, size * STRIDE
        rows += [
            LayerSpec("Conv2DTranspose", (size, size, cout), _conv_params(cin, cout, False),
                      2 * pixels_in * KERNEL * KERNEL * cin * cout,
                      later("5×5, stride 2, no bias")),
            LayerSpec("BatchNormalization", (size, size, cout), 4 * cout,
                      4 * size * size * cout),
            LayerSpec("LeakyReLU", (size, size, cout), 0, size * size * cout, later("slope 0.2")),
        ]
        cin = cout
    pixels_in, size = size * size, size * STRIDE
    rows += [
        LayerSpec("Conv2DTranspose", (size, size, channels), _conv_params(cin, channels, True),
                  2 * pixels_in * KERNEL * KERNEL * cin * channels,
                  later("5×5, stride 2, with bias, no BN")),
        LayerSpec("Activation", (size, size, channels), 0, size * size * channels, "tanh"),
    ]
    return rows


def discriminator_layers(width: int = 64, image_size: int = 32,
                         channels: int = 3) -> list[LayerSpec]:
    """The discriminator, layer by layer, as lesson 05 asks the learner to build it."""
    rows: list[LayerSpec] = []
    size, cin = image_size, channels
    for i, cout in enumerate(discriminator_depths(width, image_size)):
        size //= STRIDE
        first = i == 0
        rows.append(LayerSpec("Conv2D", (size, size, cout), _conv_params(cin, cout, first),
                              2 * size * size * KERNEL * KERNEL * cin * cout,
                              later("5×5, stride 2, with bias, no BN") if first else
                              later("5×5, stride 2, no bias")))
        if not first:
            rows.append(LayerSpec("BatchNormalization", (size, size, cout), 4 * cout,
                                  4 * size * size * cout))
        rows.append(LayerSpec("LeakyReLU", (size, size, cout), 0, size * size * cout,
                              later("slope 0.2")))
        cin = cout
    flat = size * size * cin
    rows += [
        LayerSpec("Flatten", (flat,), 0, 0),
        LayerSpec("Dense", (1,), flat + 1, 2 * flat, later("one logit, no activation")),
    ]
    return rows


def total_params(rows: Sequence[LayerSpec]) -> int:
    return sum(r.params for r in rows)


def total_flops(rows: Sequence[LayerSpec]) -> int:
    return sum(r.flops for r in rows)


def training_flops(g_rows: Sequence[LayerSpec], d_rows: Sequence[LayerSpec]) -> int:
    """Rough cost of one of lesson 06's training steps, per image of the batch.

    A backward pass costs about twice the forward one. Lesson 06's step makes the fakes
    once and updates both players from that one forward pass: G runs forward and backward
    (3 G); D runs forward on a real and a fake image (2 D), backward through both for its
    own loss (4 D) and backward through the fake once more for G's loss (2 D). Total:
    3 G + 8 D. (Lesson 01's step, which makes the fakes again for G's update, costs 4 G + 9 D.)
    """
    return 3 * total_flops(g_rows) + 8 * total_flops(d_rows)


# ---------------------------------------------------------------------------------------
# Tables that display themselves in Jupyter (no pandas needed)


class Table:
    """A small table that shows as HTML in a notebook and as aligned text elsewhere."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[object]],
                 caption: str = "") -> None:
        self.header = list(header)
        self.rows = [[str(c) for c in row] for row in rows]
        self.caption = caption

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:right'>{html.escape(h)}</th>"
                       for h in self.header)
        body = "".join("<tr>" + "".join(f"<td style='text-align:right'>{html.escape(c)}</td>"
                                        for c in row) + "</tr>" for row in self.rows)
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:  # aligned by screen columns: a Hangul header takes two a letter
        cols = list(zip(self.header, *self.rows, strict=True))
        widths = [max(columns(c) for c in col) for col in cols]
        lines = [self.caption] if self.caption else []
        for row in [self.header, *self.rows]:
            lines.append("  ".join(f"{Words(c):>{w}}" for c, w in zip(row, widths, strict=True)))
        return "\n".join(lines)

    __repr__ = __str__


def _count(n: int) -> str:
    return f"{n:,}"


def layer_table(rows: Sequence[LayerSpec], caption: str = "") -> Table:
    """One line per layer: class, output shape, parameters, forward MFLOPs per image."""
    body = [[i, r.kind, r.shape_text, _count(r.params), f"{r.flops / 1e6:.2f}", tr(r.note)]
            for i, r in enumerate(rows, start=1)]
    body.append(["", tr("total"), "", _count(total_params(rows)),
                 f"{total_flops(rows) / 1e6:.2f}", ""])
    return Table(["#", tr("layer"), tr("output shape"), tr("parameters"), tr("MFLOP / image"),
                  tr("note")], body, caption)


def model_table(model: Any, caption: str = "") -> Table:
    """A built Keras model, one line per layer (its class, output shape, parameters) and the
    totals: ``model.summary()`` in the edition's language (Keras prints English
    headers it cannot be told to change)."""
    body, trainable = [], 0
    for i, layer in enumerate(model.layers, start=1):
        output = getattr(layer, "output", None)
        shape = tuple(output.shape)[1:] if output is not None else ()
        body.append([i, type(layer).__name__, " × ".join(str(d) for d in shape) or "-",
                     _count(layer.count_params())])
        trainable += sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
    body.append(["", tr("total"), "", _count(model.count_params())])
    body.append(["", tr("trainable"), "", _count(trainable)])
    return Table(["#", tr("layer"), tr("output shape"), tr("parameters")], body, caption)


def width_table(widths: Sequence[int] = (16, 32, 64, 128), z_dim: int = 100,
                image_size: int = 32, channels: int = 3) -> Table:
    """Sizes and costs of generator/discriminator pairs, D's width half of G's (as Udacity)."""
    body = []
    for w in widths:
        g = generator_layers(z_dim, w, image_size, channels)
        d = discriminator_layers(max(w // 2, 1), image_size, channels)
        first = g[1].shape_text
        body.append([w, first, _count(total_params(g)), f"{total_flops(g) / 1e6:.1f}",
                     max(w // 2, 1), _count(total_params(d)), f"{total_flops(d) / 1e6:.1f}",
                     f"{training_flops(g, d) / 1e9:.3f}"])
    return Table([tr("G width"), tr("G starts at"), tr("G params"), "G MFLOP", tr("D width"),
                  tr("D params"), "D MFLOP", tr("GFLOP / image / step")], body,
                 tr("{size}×{size}×{channels} images, z of size {z_dim}", size=image_size,
                    channels=channels, z_dim=z_dim))


# ---------------------------------------------------------------------------------------
# Checking a learner's model against a specification


def _keras():
    import tensorflow as tf

    return tf.keras


def flat_layers(model) -> list:
    keras = _keras()
    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if isinstance(layer, keras.Model):  # a nested Sequential: look inside
            layers.extend(flat_layers(layer))
        else:
            layers.append(layer)
    return layers


def _activation_name(layer) -> str:
    act = getattr(layer, "activation", None)
    name = getattr(act, "__name__", "linear") if act is not None else "linear"
    return name


def observed_layers(model, input_shape: tuple[int, ...]) -> list[tuple[object, str, tuple]]:
    """Run a batch of two through ``model`` one layer at a time.

    Returns ``(layer, kind, output shape without batch)`` for every layer. A Dense or
    convolution with a built-in activation (``activation="tanh"``) counts as two rows, the
    layer and an ``Activation``, so both ways of writing the model compare equal.
    """
    import tensorflow as tf

    x = tf.random.stateless_normal((2, *input_shape), seed=(1, 2))
    seen = []
    for layer in flat_layers(model):
        x = layer(x, training=False)
        kind = type(layer).__name__
        shape = tuple(int(s) for s in x.shape[1:])
        seen.append((layer, kind, shape))
        if kind in ("Dense", "Conv2D", "Conv2DTranspose") and _activation_name(layer) != "linear":
            seen.append((layer, "Activation", shape))
    return seen


#: Layers that no row of either table has, named by a mistake of their own.
_NAMED_KINDS = {"ReLU": "relu", "Dropout": "dropout", "UpSampling2D": "upsampling",
                "MaxPooling2D": "pooling", "AveragePooling2D": "pooling"}


def _kind_of(layer, kind: str) -> str:
    """The kind a mistake is named by: an ``Activation("relu")`` is a plain ReLU too."""
    return "ReLU" if kind == "Activation" and _activation_name(layer) == "relu" else kind


def _report(mistakes: Mapping[str, Mistake], name: str, what: str,
            **fields: object) -> NoReturn:
    """Raise the lesson's record for mistake ``name``.

    A check that no plausible builder of this lesson reaches (a stride or padding that
    keeps every shape right) has no record there; it still reports the shared words.
    """
    if name in mistakes:
        fail(mistakes[name], what, **fields)
    from dcgan_course.exercises.generator import LAYER_MISTAKES

    problem, hint = LAYER_MISTAKES[name]
    fail(SimpleNamespace(key=f"unlisted/{name}", problem=problem, hint=hint), what, **fields)


def check_against_spec(model, spec: Sequence[LayerSpec], input_shape: tuple[int, ...],
                       what: str, mistakes: Mapping[str, Mistake]) -> None:
    """Compare a learner's Keras model with ``spec`` layer by layer; name the first gap.

    Checks, in this order: that it is a model and runs; layers no table has (plain ReLU,
    pooling, upsampling, dropout); the number of stride-2 layers for this image size; the
    sequence of layer classes and output shapes; then each layer's settings (5x5 kernels,
    stride 2, ``"same"`` padding, leaky slope 0.2, tanh, no bias before a batch norm,
    weights from N(0, 0.02), each layer its own). ``mistakes`` are the lesson's named
    mistakes (``dcgan_course.exercises.generator.MISTAKES`` and the discriminator's), so
    the visible test and the grader report one record in the same words.
    """
    keras = _keras()
    if not isinstance(model, keras.Model):
        _report(mistakes, "not-a-model", what, kind=type(model).__name__)
    try:
        seen = observed_layers(model, input_shape)
    except Exception as error:  # noqa: BLE001 -- any failure here is the learner's to fix
        _report(mistakes, "does-not-run", what, dims=", ".join(map(str, input_shape)),
             kind=type(error).__name__, error=error)
    for number, (layer, kind, _) in enumerate(seen, start=1):
        named = _NAMED_KINDS.get(_kind_of(layer, kind))
        if named in mistakes:
            fail(mistakes[named], what, number=number, found=kind)
    _check_stride_count(seen, spec, what, mistakes)
    _check_depth_order(seen, spec, what, mistakes)
    for i, want in enumerate(spec):
        if i >= len(seen):
            if want.note == "tanh":
                _report(mistakes, "output-activation", what, found=tr("nothing"))
            _report(mistakes, "too-few-layers", what, count=len(seen), number=i + 1,
                 kind=want.kind, output_shape=want.output_shape)
        layer, kind, shape = seen[i]
        if kind != want.kind:
            _wrong_kind(i + 1, kind, shape, want, what, mistakes)
        if shape != want.output_shape:
            _report(mistakes, "wrong-shape", what, number=i + 1, kind=kind,
                 output_shape=want.output_shape, shape=shape)
    if len(seen) > len(spec):
        extra = seen[len(spec)][1]
        if extra == "Activation" and spec[-1].kind == "Dense" and "sigmoid-output" in mistakes:
            _report(mistakes, "sigmoid-output", what, found=_activation_name(seen[len(spec)][0]))
        _report(mistakes, "too-many-layers", what, count=len(seen) - len(spec), extra=extra)
    for i, want in enumerate(spec):  # the right layers in the right order: now their settings
        _check_settings(seen[i][0], seen[i][1], want, i + 1, what, mistakes)
    _check_distinct_weights(seen[:len(spec)], what, mistakes)


def _wrong_kind(number: int, kind: str, shape: tuple, want: LayerSpec, what: str,
                mistakes: Mapping[str, Mistake]) -> None:
    """A layer of the wrong class where ``want`` should be: name the usual reasons."""
    if want.note == "tanh":  # the generator's output layer is followed by something else
        if kind in ("BatchNormalization", "LeakyReLU") and "bn-on-output" in mistakes:
            _report(mistakes, "bn-on-output", what, number=number, found=kind)
        _report(mistakes, "output-activation", what, found=kind)
    if (number == 2 and kind == "BatchNormalization" and want.kind == "LeakyReLU"
            and "bn-first" in mistakes):
        _report(mistakes, "bn-first", what)
    _report(mistakes, "wrong-layer", what, number=number, kind=want.kind,
         output_shape=want.output_shape, found=kind, shape=shape)


def _strided(rows: Sequence[tuple[str, tuple]]) -> list[tuple]:
    """Output shapes of the rows that change the spatial size by a stride (not Dense)."""
    return [shape for kind, shape in rows if kind in ("Conv2D", "Conv2DTranspose")]


def _check_stride_count(seen: Sequence[tuple[object, str, tuple]], spec: Sequence[LayerSpec],
                        what: str, mistakes: Mapping[str, Mistake]) -> None:
    """As many stride-2 layers as this image size needs (a fixed count fails other sizes)."""
    want = _strided([(r.kind, r.output_shape) for r in spec])
    found = _strided([(kind, shape) for _, kind, shape in seen])
    if len(found) != len(want):
        kind = next(r.kind for r in spec if r.kind in ("Conv2D", "Conv2DTranspose"))
        largest = max(s[0] for s in want)  # the image, or (downsampling) half of it
        size = largest if kind == "Conv2DTranspose" else 2 * largest
        _report(mistakes, "stride-count", what, found=len(found), kind=kind, size=size,
             want=len(want))


def _depths(rows: Sequence[tuple[str, tuple]], kind: str) -> list[int]:
    """The depths of the rows of one class, in order."""
    return [shape[-1] for found, shape in rows if found == kind]


def _check_depth_order(seen: Sequence[tuple[object, str, tuple]], spec: Sequence[LayerSpec],
                       what: str, mistakes: Mapping[str, Mistake]) -> None:
    """The depths double towards 4x4; the same depths running the other way are named.

    Read at the discriminator's convolutions, and at the generator's batch norms (its
    first block comes out of the Dense layer as one long vector).
    """
    kind = "Conv2D" if any(r.kind == "Conv2D" for r in spec) else "BatchNormalization"
    want = _depths([(r.kind, r.output_shape) for r in spec], kind)
    found = _depths([(k, shape) for _, k, shape in seen], kind)
    if len(set(want)) > 1 and found != want and sorted(found) == sorted(want):
        _report(mistakes, "depth-order", what, found=" → ".join(map(str, found)),
             want=" → ".join(map(str, want)))


def _check_distinct_weights(seen: Sequence[tuple[object, str, tuple]], what: str,
                            mistakes: Mapping[str, Mistake]) -> None:
    """Fail if two layers start from the same numbers (a reused unseeded initializer).

    In Keras 3 an initializer instance without a seed draws the *same* values on every call,
    so one ``RandomNormal`` object passed to several layers gives them identical weights
    (their flattened kernels agree on their common length). Each statistic of such a layer
    looks fine, which is why this gets its own check: equal starting weights are a symmetry
    that training has to break first.
    """
    kernels = []
    for index, (layer, kind, _) in enumerate(seen, start=1):
        if kind in ("Dense", "Conv2D", "Conv2DTranspose") and hasattr(layer, "kernel"):
            if any(k[0] is layer for k in kernels):  # a Dense with activation= counts twice
                continue
            kernels.append((layer, index, kind, np.asarray(layer.kernel).ravel()))
    for a, (_, i, kind_i, wi) in enumerate(kernels):
        for _, j, kind_j, wj in kernels[a + 1:]:
            m = min(wi.size, wj.size, 4096)
            if m and np.array_equal(wi[:m], wj[:m]):
                _report(mistakes, "shared-initializer", what, i=i, kind_i=kind_i, j=j,
                     kind_j=kind_j, m=m)


def _check_settings(layer, kind: str, want: LayerSpec, index: int, what: str,
                    mistakes: Mapping[str, Mistake]) -> None:
    where = f"layer {index} ({kind})"
    if kind in ("Conv2D", "Conv2DTranspose"):
        if tuple(layer.kernel_size) != (KERNEL, KERNEL):
            _report(mistakes, "kernel-size", what, where=where, size=tuple(layer.kernel_size))
        if tuple(layer.strides) != (STRIDE, STRIDE):
            _report(mistakes, "strides", what, where=where, strides=tuple(layer.strides))
        if layer.padding != "same":
            _report(mistakes, "padding", what, where=where, padding=layer.padding)
    if kind in ("Dense", "Conv2D", "Conv2DTranspose") and want.kind == kind:
        kernel = np.asarray(layer.kernel)
        wants_bias = want.params > kernel.size  # the table counts a bias only where no BN follows
        if not wants_bias and layer.use_bias:
            _report(mistakes, "bias-before-bn", what, where=where)
        if wants_bias and not layer.use_bias:
            _report(mistakes, "missing-bias", what, where=where)
        std = float(kernel.std())
        # Five standard errors of the sample mean and standard deviation of N(0, 0.02):
        # tight for real layers, and never a false alarm for a tiny one with 16 weights.
        n = kernel.size
        std_band = min(0.5, 5 / math.sqrt(2 * n))
        if (not (1 - std_band) * INIT_STD < std < (1 + std_band) * INIT_STD
                or abs(float(kernel.mean())) > 5 * INIT_STD / math.sqrt(n)):
            _report(mistakes, "initializer", what, where=where, mean=kernel.mean(), std=std)
    if kind == "LeakyReLU":
        slope = float(getattr(layer, "negative_slope", np.nan))
        if not math.isclose(slope, LEAK, rel_tol=1e-6):
            _report(mistakes, "leaky-slope", what, where=where, slope=slope)
    if kind == "Activation" and want.note == "tanh" and _activation_name(layer) != "tanh":
        _report(mistakes, "output-activation", what, found=_activation_name(layer))


def check_generator(model, z_dim: int = 100, width: int = 128, image_size: int = 32,
                    channels: int = 3, what: str = "build_generator()") -> None:
    """Fail with lesson 04's named mistake unless ``model`` is exactly its generator."""
    from dcgan_course.exercises.generator import MISTAKES

    check_against_spec(model, generator_layers(z_dim, width, image_size, channels), (z_dim,),
                       what, MISTAKES)


def check_discriminator(model, width: int = 64, image_size: int = 32, channels: int = 3,
                        what: str = "build_discriminator()") -> None:
    """Fail with lesson 05's named mistake unless ``model`` is exactly its discriminator."""
    from dcgan_course.exercises.discriminator import MISTAKES

    check_against_spec(model, discriminator_layers(width, image_size, channels),
                       (image_size, image_size, channels), what, MISTAKES)


# ---------------------------------------------------------------------------------------
# Drawings: tensors as blocks


def generator_blocks(z_dim: int = 100, width: int = 128, image_size: int = 32,
                     channels: int = 3) -> list[tuple[tuple[int, ...], str]]:
    """The tensors the deck draws for the generator, with the step that made each one."""
    blocks = [((z_dim,), tr("noise z"))]
    size = BASE
    for i, d in enumerate(generator_depths(width, image_size)):
        blocks.append(((size, size, d), "dense, reshape\nBN, leaky ReLU" if i == 0 else
                       "conv-T 5×5 /2\nBN, leaky ReLU"))
        size *= STRIDE
    blocks.append(((size, size, channels), "conv-T 5×5 /2\ntanh"))
    return blocks


def discriminator_blocks(width: int = 64, image_size: int = 32,
                         channels: int = 3) -> list[tuple[tuple[int, ...], str]]:
    """The tensors of the discriminator, image first, logit last."""
    blocks = [((image_size, image_size, channels), tr("image"))]
    size = image_size
    for i, d in enumerate(discriminator_depths(width, image_size)):
        size //= STRIDE
        blocks.append(((size, size, d), "conv 5×5 /2\nleaky ReLU" if i == 0 else
                       "conv 5×5 /2\nBN, leaky ReLU"))
    blocks.append(((1,), "flatten, dense\n→ logit"))
    return blocks


def _block_size(shape: tuple[int, ...]) -> tuple[float, float, float]:
    """(thickness, height, oblique depth) of a tensor's cuboid, in drawing units."""
    if len(shape) == 1:  # a vector: a thin bar
        return 0.18, min(0.6 + 0.3 * math.log2(max(shape[0], 1)), 4.0), 0.0
    h = 0.8 + 0.7 * math.log2(shape[0])            # spatial size, on a log scale
    w = 0.12 + 0.16 * math.log2(max(shape[2], 1))   # depth, left to right
    return w, h, h * 0.45                           # the other spatial axis, drawn oblique


def _draw_block(ax, x: float, shape: tuple[int, ...], colour: str, highlight: bool) -> float:
    """Draw one tensor as a cuboid whose left edge is at ``x``; return its right edge."""
    w, h, d = _block_size(shape)
    y0 = -h / 2
    lw = 2.5 if highlight else 1.0
    edge = "black" if highlight else colour
    alpha = 0.75 if highlight else 0.35
    ax.add_patch(Polygon([(x, y0), (x + w, y0), (x + w, y0 + h), (x, y0 + h)], closed=True,
                         facecolor=colour, alpha=alpha, edgecolor=edge, lw=lw))
    if not d:
        return x + w
    dx, dy = d * 0.6, d * 0.5
    ax.add_patch(Polygon([(x, y0 + h), (x + w, y0 + h), (x + w + dx, y0 + h + dy),
                          (x + dx, y0 + h + dy)], closed=True, facecolor=colour,
                         alpha=alpha * 0.6, edgecolor=edge, lw=lw))
    ax.add_patch(Polygon([(x + w, y0), (x + w + dx, y0 + dy), (x + w + dx, y0 + h + dy),
                          (x + w, y0 + h)], closed=True, facecolor=colour, alpha=alpha * 0.8,
                         edgecolor=edge, lw=lw))
    return x + w + dx


def draw_blocks(fig: Figure, blocks: Sequence[tuple[tuple[int, ...], str]], *,
                colour: str = FAKE, highlight: int | None = None, title: str = "",
                rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> None:
    """Draw tensors as blocks left to right into ``fig`` (the deck's generator picture).

    Height grows with the spatial size and thickness with the depth, both on a log scale,
    so a 4x4x1024 slab and a 64x64x3 sheet fit on one line. Labels give the exact shapes;
    the step that makes each tensor is written above the arrow that leads to it.
    """
    ax = fig.add_axes(rect)
    ax.axis("off")
    sizes = [_block_size(shape) for shape, _ in blocks]
    top = max(h / 2 + d * 0.5 for _, h, d in sizes)
    bottom = -max(h / 2 for _, h, _ in sizes)
    x, gap = 0.1, 2.0
    previous = None
    for i, (shape, step) in enumerate(blocks):
        c = REAL if (i == 0 and colour == DISC) else colour
        left = x
        right = _draw_block(ax, x, shape, c, highlight == i)
        label = "×".join(str(s) for s in shape)
        if i == 0 and step:
            label = f"{step}\n{label}"
        ax.text((left + right) / 2, bottom - 0.25, label, ha="center", va="top", fontsize=9,
                fontweight="bold" if highlight == i else "normal")
        if previous is not None:
            ax.add_patch(FancyArrowPatch((previous + 0.08, 0), (left - 0.08, 0),
                                         arrowstyle="-|>", mutation_scale=12, lw=1,
                                         color="black"))
            ax.text((previous + left) / 2, 0.2, step, ha="center", va="bottom", fontsize=7.5,
                    linespacing=1.1)
        previous = right
        x = right + gap
    ax.set_xlim(-0.6, x - gap + 0.3)
    ax.set_ylim(bottom - 1.5, top + 0.2)
    if title:
        ax.set_title(title, fontsize=10)


def plot_blocks(blocks: Sequence[tuple[tuple[int, ...], str]], *, colour: str = FAKE,
                title: str = "", highlight: int | None = None) -> CourseFigure:
    """A figure of :func:`draw_blocks` sized to the number of tensors."""
    fig = CourseFigure(figsize=(1.7 * len(blocks) + 0.6, 2.7))
    draw_blocks(fig, blocks, colour=colour, title=title, highlight=highlight,
                rect=(0.01, 0.02, 0.98, 0.86) if title else (0, 0, 1, 1))
    return fig


def plot_generator_blocks(z_dim: int = 100, width: int = 128, image_size: int = 32,
                          channels: int = 3, title: str = "") -> CourseFigure:
    """The generator's tensors as the deck draws them."""
    return plot_blocks(generator_blocks(z_dim, width, image_size, channels), colour=FAKE,
                       title=title)


def plot_discriminator_blocks(width: int = 64, image_size: int = 32, channels: int = 3,
                              title: str = "") -> CourseFigure:
    """The discriminator's tensors: the generator's picture read right to left."""
    return plot_blocks(discriminator_blocks(width, image_size, channels), colour=DISC,
                       title=title)


def plot_cost_by_width(widths: Sequence[int] = (16, 32, 64, 128), z_dim: int = 100,
                       image_size: int = 32, channels: int = 3) -> CourseFigure:
    """Parameters and training FLOPs against width: the cost grows with width squared."""
    gp, dp, flops = [], [], []
    for w in widths:
        g = generator_layers(z_dim, w, image_size, channels)
        d = discriminator_layers(max(w // 2, 1), image_size, channels)
        gp.append(total_params(g))
        dp.append(total_params(d))
        flops.append(training_flops(g, d) / 1e9)
    fig = CourseFigure(figsize=(9, 3.2))
    ax_p, ax_f = fig.subplots(1, 2)
    ax_p.loglog(widths, gp, "o-", color=FAKE, label=tr("generator"))
    ax_p.loglog(widths, dp, "s-", color=DISC, label=tr("discriminator (width / 2)"))
    ax_p.set(xlabel=tr("generator width"), ylabel=tr("parameters"), title=tr("Size"))
    ax_f.loglog(widths, flops, "o-", color="black")
    ax_f.set(xlabel=tr("generator width"), ylabel=tr("GFLOP per image per step"),
             title=tr("Cost of one training step"))
    ref = np.asarray(widths, dtype=float)
    ax_f.loglog(ref, flops[-1] * (ref / ref[-1]) ** 2, ":", color=REAL, label=tr("∝ width²"))
    for ax in (ax_p, ax_f):
        ax.set_xticks(list(widths), [str(w) for w in widths])
        ax.minorticks_off()
        ax.grid(alpha=0.3)
    ax_f.legend(fontsize=8)
    ax_p.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# Lesson 05: what a discriminator says, and the grid in its gradients


def plot_score_histograms(panels: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> CourseFigure:
    """Histograms of D(x) on real (grey) and generated (orange) images, one panel per moment."""
    fig = CourseFigure(figsize=(4.2 * len(panels), 3.0))
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    bins = np.linspace(0, 1, 41)
    for ax, (title, real, fake) in zip(axes, panels, strict=True):
        ax.hist(np.ravel(real), bins=bins, color=REAL, alpha=0.6,
                label=tr("real (mean {mean:.2f})", mean=np.mean(real)))
        ax.hist(np.ravel(fake), bins=bins, color=FAKE, alpha=0.6,
                label=tr("generated (mean {mean:.2f})", mean=np.mean(fake)))
        ax.axvline(0.5, color=DISC, ls=":", lw=1)
        ax.set(xlim=(0, 1), xlabel=tr("D(x) = sigmoid(logit)"), title=title)
        ax.legend(fontsize=8, loc="upper center")
    axes[0].set_ylabel(tr("images"))
    fig.tight_layout()
    return fig


def coverage_map(kernel: int, stride: int, size: int = 16, depth: int = 1) -> np.ndarray:
    """How many output windows of ``depth`` stacked convolutions see each input pixel.

    With every weight equal to 1, the gradient of the sum of the outputs with respect to
    the input counts exactly that: the gradient a strided convolution sends back is uneven
    wherever the windows overlap unevenly.
    """
    import tensorflow as tf

    x = tf.zeros((1, size, size, 1))
    ones = tf.ones((kernel, kernel, 1, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(depth):
            y = tf.nn.conv2d(y, ones, strides=stride, padding="SAME")
        total = tf.reduce_sum(y)
    return tape.gradient(total, x).numpy()[0, ..., 0]


def input_gradient_magnitude(discriminator, images) -> np.ndarray:
    """Mean |d logit / d pixel| over a batch and the colour channels: (height, width)."""
    import tensorflow as tf

    x = tf.convert_to_tensor(images, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        logits = discriminator(x, training=False)
        total = tf.reduce_sum(logits)
    return np.abs(tape.gradient(total, x).numpy()).mean(axis=(0, 3))


def plot_maps(maps: Sequence[tuple[str, np.ndarray]], cmap: str = "magma",
              annotate: bool = False) -> CourseFigure:
    """A row of 2-D maps with colour bars (coverage counts, gradient magnitudes)."""
    fig = CourseFigure(figsize=(3.6 * len(maps), 3.3))
    axes = np.atleast_1d(fig.subplots(1, len(maps)))
    for ax, (title, data) in zip(axes, maps, strict=True):
        shown = ax.imshow(data, cmap=cmap, interpolation="nearest", vmin=0)
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)
        if annotate and data.shape[0] <= 16:
            for (r, c), value in np.ndenumerate(data):
                ax.text(c, r, f"{value:g}", ha="center", va="center", fontsize=6,
                        color="white" if value < data.max() * 0.6 else "black")
    fig.tight_layout()
    return fig


def parity_means(values: np.ndarray, border: int = 4) -> np.ndarray:
    """Mean of a 2-D map over the four (row, column) parity classes, border left out."""
    inner = np.asarray(values, dtype=np.float64)[border:-border, border:-border]
    return np.array([[inner[a::2, b::2].mean() for b in (0, 1)] for a in (0, 1)])


def plot_parity(values: np.ndarray, title: str) -> CourseFigure:
    """A 2-D map next to its averages by pixel parity: a 2-pixel grid shows in the second."""
    parity = parity_means(values)
    fig = CourseFigure(figsize=(7.5, 3.3))
    ax_all, ax_parity = fig.subplots(1, 2)
    shown = ax_all.imshow(values, cmap="magma", interpolation="nearest")
    ax_all.set_title(title, fontsize=9)
    ax_all.set_xticks([])
    ax_all.set_yticks([])
    fig.colorbar(shown, ax=ax_all, fraction=0.046, pad=0.04)
    ax_parity.imshow(parity, cmap="magma", vmin=0, vmax=parity.max(), interpolation="nearest")
    for (a, b), value in np.ndenumerate(parity):
        ax_parity.text(b, a, f"{value:.3g}\n(× {value / parity.min():.2f})", ha="center",
                       va="center", fontsize=10,
                       color="white" if value < parity.max() * 0.7 else "black")
    ax_parity.set_xticks([0, 1], [tr("even col"), tr("odd col")])
    ax_parity.set_yticks([0, 1], [tr("even row"), tr("odd row")])
    ax_parity.set_title(tr("average by pixel parity (border left out)"), fontsize=9)
    fig.tight_layout()
    return fig
