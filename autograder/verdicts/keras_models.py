"""A learner's Keras model, described as data in the kernel and rebuilt in the grader.

Lessons 04 and 05 grade a *builder* (``build_generator``, ``build_discriminator``): what it
returns is a model, which cannot cross from the kernel to the grader as such. The probe
(:data:`DESCRIBE`) walks the model's layers (nested models flattened, as
``dcgan_course.architecture.flat_layers`` does) and returns, for each, its class name, a few
settings, its output shape and its weights; plus the model's output on grader-drawn inputs
and its parameter count.

The grader never deserialises a Keras config from the kernel. :func:`rebuild` makes each
layer itself, from a whitelist of classes and settings with checked values, sets the
learner's weights (so the architecture checks see the real initial weights, down to two
layers that start from the same numbers), and hands the model to
``dcgan_course.architecture.check_generator`` / ``check_discriminator``: the learner gets the
same layer-by-layer messages as in the lesson. A class outside the whitelist comes back as
an identity layer carrying the learner's class name, so the check names it ("found
GaussianNoise").

Weights larger than :data:`FULL_LIMIT` numbers (the default-size and 64x64 models) do not
fit in a reply. For those the probe sends the first :data:`HEAD` values, the mean and the
standard deviation; the grader fills the rest so that the whole array has exactly that mean
and standard deviation (what the initialisation check measures) and keeps the head (what the
repeated-initializer check compares). Only a model sent in full is also run in the grader
and compared with the learner's own output, which shows that the rebuilt model computes
what the learner's does.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Largest weight array sent in full (numbers).
FULL_LIMIT = 60_000
#: How many leading values of a larger array are sent as they are.
HEAD = 4096
#: Limits on what the grader builds from a description (the paper's 64x64 generator has a
#: 13.1-million-weight layer and 19 million in all; its largest activation holds 131,072).
MAX_LAYER_WEIGHTS = 20_000_000
MAX_WEIGHTS = 40_000_000
MAX_ACTIVATION = 4_000_000
#: Most layers the grader builds from one description (the course's largest model, the
#: paper's 64x64 generator, has 14 once flattened), and the most seconds it spends on one:
#: a description is data from the learner's kernel, and each layer costs the grader about
#: 1.5 ms to make, so 100,000 of them would hold it for minutes outside every sandbox limit.
MAX_LAYERS = 200
MAX_REBUILD_SECONDS = 30.0

# Runs in the learner's kernel: defines __dcgan_describe(model, inputs).
DESCRIBE = '''
def __dcgan_describe(model, inputs):
    import numpy as _np
    import tensorflow as _tf
    _keras = _tf.keras
    if not isinstance(model, _keras.Model):
        return {"not_model": type(model).__name__}

    def _flat(m):
        found = []
        for layer in m.layers:
            if isinstance(layer, _keras.layers.InputLayer):
                continue
            if isinstance(layer, _keras.Model):
                found.extend(_flat(layer))
            else:
                found.append(layer)
        return found

    try:  # first: it builds a model declared without keras.Input
        output = _np.asarray(model(_tf.constant(inputs), training=False), dtype=_np.float64)
    except Exception as error:
        output = type(error).__name__ + ": " + str(error)[:300]
    keys = %(keys)r
    described = []
    for layer in _flat(model):
        kind = type(layer).__name__
        try:
            config = layer.get_config()
        except Exception:
            config = {}
        settings = {k: config[k] for k in keys.get(kind, ()) if k in config}
        act = getattr(layer, "activation", None)
        if act is not None:
            settings["activation"] = str(getattr(act, "__name__", "unknown"))
        weights = []
        for w in layer.get_weights():
            w = _np.asarray(w, dtype=_np.float64)
            if w.size <= %(full)d:
                weights.append({"values": w})
            else:
                flat = w.ravel()
                weights.append({"shape": list(w.shape), "head": flat[:%(head)d],
                                "mean": float(flat.mean()), "std": float(flat.std())})
        described.append({"kind": kind, "settings": settings, "weights": weights})
    try:
        input_shape = [int(s) for s in model.inputs[0].shape[1:]]
    except Exception:
        input_shape = None
    x, shapes = _tf.constant(inputs), []
    try:
        for layer in _flat(model):
            x = layer(x, training=False)
            shapes.append([int(s) for s in x.shape[1:]])
    except Exception:
        pass
    try:
        params = int(model.count_params())
    except Exception:
        params = None
    return {"layers": described, "shapes": shapes, "input_shape": input_shape,
            "output": output, "params": params}
'''

# The settings the grader reads, per layer class (all others are ignored).
SETTINGS: dict[str, tuple[str, ...]] = {
    "Dense": ("units", "use_bias"),
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "use_bias", "dilation_rate",
               "data_format"),
    "Conv2DTranspose": ("filters", "kernel_size", "strides", "padding", "use_bias",
                        "output_padding", "dilation_rate", "data_format"),
    "BatchNormalization": ("axis", "momentum", "epsilon", "center", "scale"),
    "LeakyReLU": ("negative_slope",),
    "ReLU": ("max_value", "negative_slope", "threshold"),
    "Activation": (),
    "Reshape": ("target_shape",),
    "Flatten": (),
    "Dropout": ("rate",),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "AveragePooling2D": ("pool_size", "strides", "padding"),
    "UpSampling2D": ("size", "interpolation"),
}
ACTIVATIONS = ("linear", "tanh", "sigmoid", "relu", "leaky_relu", "elu", "selu", "softmax",
               "softplus", "swish", "silu", "gelu", "exponential", "hard_sigmoid")


def describe_source() -> str:
    """The kernel code that defines ``__dcgan_describe``."""
    keys = {kind: list(names) for kind, names in SETTINGS.items()}
    return DESCRIBE % {"keys": keys, "full": FULL_LIMIT, "head": HEAD}


class NotRebuilt(ValueError):
    """The description holds something the grader does not rebuild."""


# -- checked values -----------------------------------------------------------------------

def _int(value: Any, low: int = 0, high: int = 1 << 20) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not (
            low <= int(value) <= high):
        raise NotRebuilt(f"an unexpected setting {value!r:.40}")
    return int(value)


def _ints(value: Any, length: int | None = None, low: int = 0) -> tuple[int, ...]:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        value = (value,) * (length or 1)
    if not isinstance(value, list | tuple) or not 1 <= len(value) <= 4 or (
            length is not None and len(value) != length):
        raise NotRebuilt(f"an unexpected setting {value!r:.40}")
    return tuple(_int(v, low) for v in value)


def _float(value: Any, low: float = -1e6, high: float = 1e6) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and low <= value <= high):
        raise NotRebuilt(f"an unexpected setting {value!r:.40}")
    return float(value)


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise NotRebuilt(f"an unexpected setting {value!r:.40}")
    return str(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise NotRebuilt(f"an unexpected setting {value!r:.40}")
    return value


def _activation(name: Any) -> Any:
    """A known activation by name, or a stand-in identity that carries the learner's name
    (the check only reads an activation's name)."""
    if name in ACTIVATIONS:
        return name

    def unknown(x: Any) -> Any:
        return x

    unknown.__name__ = re.sub(r"\W", "_", str(name))[:60] or "unknown"
    return unknown


def _conv_args(s: dict[str, Any], transpose: bool) -> dict[str, Any]:
    args: dict[str, Any] = {
        "filters": _int(s["filters"], 1), "kernel_size": _ints(s["kernel_size"], 2, 1),
        "strides": _ints(s.get("strides", 1), 2, 1),
        "padding": _choice(s.get("padding", "valid"), ("same", "valid")),
        "use_bias": _bool(s.get("use_bias", True)),
        "dilation_rate": _ints(s.get("dilation_rate", 1), 2, 1),
        "data_format": _choice(s.get("data_format", "channels_last"),
                               ("channels_last", "channels_first")),
        "activation": _activation(s.get("activation", "linear"))}
    if transpose and s.get("output_padding") is not None:
        args["output_padding"] = _ints(s["output_padding"], 2)
    return args


def _layer(kind: str, s: dict[str, Any]) -> Any:
    """A new Keras layer of whitelisted ``kind`` from checked settings ``s``."""
    from tensorflow import keras

    layers = keras.layers
    if kind == "Dense":
        return layers.Dense(_int(s["units"], 1), use_bias=_bool(s.get("use_bias", True)),
                            activation=_activation(s.get("activation", "linear")))
    if kind == "Conv2D":
        return layers.Conv2D(**_conv_args(s, transpose=False))
    if kind == "Conv2DTranspose":
        return layers.Conv2DTranspose(**_conv_args(s, transpose=True))
    if kind == "BatchNormalization":
        axis = s.get("axis", -1)
        axis = _int(axis, -4, 4) if not isinstance(axis, list | tuple) else [
            _int(a, -4, 4) for a in axis]
        return layers.BatchNormalization(
            axis=axis, momentum=_float(s.get("momentum", 0.99), 0, 1),
            epsilon=_float(s.get("epsilon", 1e-3), 0, 10), center=_bool(s.get("center", True)),
            scale=_bool(s.get("scale", True)))
    if kind == "LeakyReLU":
        return layers.LeakyReLU(negative_slope=_float(s.get("negative_slope", 0.3)))
    if kind == "ReLU":
        high = s.get("max_value")
        return layers.ReLU(max_value=None if high is None else _float(high),
                           negative_slope=_float(s.get("negative_slope", 0.0)),
                           threshold=_float(s.get("threshold", 0.0)))
    if kind == "Activation":
        return layers.Activation(_activation(s.get("activation", "linear")))
    if kind == "Reshape":
        return layers.Reshape(_ints(s["target_shape"], None, -1))
    if kind == "Flatten":
        return layers.Flatten()
    if kind == "Dropout":
        return layers.Dropout(_float(s.get("rate", 0.5), 0, 1))
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        pool = _ints(s.get("pool_size", 2), 2, 1)
        strides = s.get("strides")
        return getattr(layers, kind)(
            pool_size=pool, strides=None if strides is None else _ints(strides, 2, 1),
            padding=_choice(s.get("padding", "valid"), ("same", "valid")))
    if kind == "UpSampling2D":
        return layers.UpSampling2D(size=_ints(s.get("size", 2), 2, 1),
                                   interpolation=_choice(s.get("interpolation", "nearest"),
                                                         ("nearest", "bilinear", "bicubic",
                                                          "lanczos3", "lanczos5", "area")))
    return _stand_in(kind)


def _stand_in(kind: str) -> Any:
    """An identity layer named like the learner's class, which the grader does not rebuild.

    The architecture check compares class names first, so it reports this layer by name
    ("found GaussianNoise") before anything could depend on what it computes.
    """
    from tensorflow import keras

    name = re.sub(r"\W", "_", kind)[:60] or "UnknownLayer"
    if name[0].isdigit():
        name = "_" + name
    cls = type(name, (keras.layers.Layer,), {"call": lambda self, x, training=None: x})
    return cls()


# -- weights ------------------------------------------------------------------------------

def _sent_shape(sent: Any) -> tuple[int, ...]:
    """The shape of a weight as the probe describes it, before anything is allocated."""
    if not isinstance(sent, dict):
        raise NotRebuilt("a weight the grader cannot read")
    if "values" in sent:
        return tuple(np.shape(sent["values"]))
    return _ints(sent.get("shape") or [1], None, 0)


def _weight(sent: Any, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """An array from the probe's description, and whether it is the learner's own in full."""
    if not isinstance(sent, dict):
        raise NotRebuilt("a weight the grader cannot read")
    if "values" in sent:
        values = np.asarray(sent["values"], np.float64)
        if not np.all(np.isfinite(values)):
            raise NotRebuilt("a weight that is not finite")
        return values, True
    shape = _ints(sent["shape"], None, 0) if sent.get("shape") else ()
    head = np.asarray(sent["head"], np.float64).ravel()
    n, h = math.prod(shape), head.size
    mean, std = _float(sent["mean"]), _float(sent["std"], 0)
    if h > n or h > HEAD or not np.all(np.isfinite(head)):
        raise NotRebuilt("a weight summary that does not add up")
    rest = n - h
    fill = np.zeros(rest)
    if rest:
        m_rest = (n * mean - head.sum()) / rest
        var_rest = max(0.0, (n * (std ** 2 + mean ** 2) - (head ** 2).sum()) / rest
                       - m_rest ** 2)
        z = rng.standard_normal(rest)
        z = (z - z.mean()) / (z.std() or 1.0)
        fill = m_rest + math.sqrt(var_rest) * z
    return np.concatenate([head, fill]).reshape(shape), False


@dataclass
class Rebuilt:
    """The grader's copy of a learner's model."""

    model: Any            # a keras.Sequential of the rebuilt layers
    params: int           # its parameter count (of the layers that could be built)
    complete: bool        # every weight is the learner's own, in full
    built: bool           # the layers ran one after another on the learner's input shape


def rebuild(description: dict, input_shape: tuple[int, ...], seed: int = 0) -> Rebuilt:
    """A Keras model equal to the one ``description`` describes.

    ``input_shape`` (without batch) is used when the learner's model does not say its own.
    Raises :class:`NotRebuilt` for a description the grader does not read.
    """
    import tensorflow as tf
    from tensorflow import keras

    rng = np.random.default_rng(seed)
    own = description.get("input_shape")
    shape = _ints(own, None, 1) if own else tuple(input_shape)
    described = description.get("layers") or []
    if not isinstance(described, list) or len(described) > MAX_LAYERS:
        count = len(described) if isinstance(described, list) else "?"
        raise NotRebuilt(f"{count} layers, more than the {MAX_LAYERS} the grader builds")
    deadline = time.monotonic() + MAX_REBUILD_SECONDS
    layers, complete = [], True
    for index, item in enumerate(described, start=1):
        _in_time(deadline)
        if not isinstance(item, dict):
            raise NotRebuilt(f"layer {index} is not described as a layer")
        kind = str(item.get("kind", "?"))[:80]
        settings = item.get("settings") or {}
        if not isinstance(settings, dict):
            raise NotRebuilt(f"layer {index} ({kind}) has unreadable settings")
        try:
            layers.append(_layer(kind, settings) if kind in SETTINGS else _stand_in(kind))
        except (KeyError, TypeError, ValueError) as problem:
            raise NotRebuilt(f"layer {index} ({kind}): {problem}") from None
    if math.prod(shape) > MAX_ACTIVATION:
        raise NotRebuilt(f"an input of shape {shape}")
    x, ran = tf.zeros((1, *shape)), 0
    for index, layer in enumerate(layers, start=1):
        _in_time(deadline)
        try:
            _check_size(layer, tuple(x.shape), index)
            x = layer(x, training=False)
        except NotRebuilt:
            raise
        except Exception:  # noqa: BLE001 -- the architecture check explains a broken chain
            break
        ran += 1
    params = 0
    for index, (layer, item) in enumerate(zip(layers, described, strict=True), 1):
        _in_time(deadline)
        if index > ran:  # at or after a break in the chain: the architecture check says where
            complete = False
            continue
        sent = item.get("weights") or []
        shapes, mine = [_sent_shape(w) for w in sent], [tuple(v.shape) for v in layer.weights]
        if shapes != mine:  # compared before anything of the sent size is allocated
            raise NotRebuilt(f"layer {index} ({type(layer).__name__}) has weights of shapes "
                             f"{shapes}, which its settings do not give ({mine})")
        params += sum(math.prod(shape) for shape in shapes)
        if params > MAX_WEIGHTS:
            raise NotRebuilt(f"more than {MAX_WEIGHTS:,} weights")
        arrays = []
        for w in sent:
            array, full = _weight(w, rng)
            arrays.append(array)
            complete = complete and full
        layer.set_weights(arrays)
    built = ran == len(layers)
    return Rebuilt(keras.Sequential(layers), params, complete and built, built)


def _in_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise NotRebuilt(f"a model that takes the grader more than {MAX_REBUILD_SECONDS:.0f} s "
                         "to rebuild")


def _check_size(layer: Any, shape: tuple[int | None, ...], index: int) -> None:
    """Refuse a layer whose weights or output would be far larger than any DCGAN's here,
    before it allocates them (a description is data from the learner's kernel)."""
    out = layer.compute_output_shape(shape)
    if math.prod(int(d or 1) for d in out) > MAX_ACTIVATION:
        raise NotRebuilt(f"layer {index} ({type(layer).__name__}) would output {out}")
    inputs = int(shape[1] if getattr(layer, "data_format", "") == "channels_first"
                 else shape[-1] or 1)
    if hasattr(layer, "units"):
        weights = inputs * int(layer.units)
    elif hasattr(layer, "filters") and hasattr(layer, "kernel_size"):
        weights = math.prod(layer.kernel_size) * inputs * int(layer.filters)
    else:
        return
    if weights > MAX_LAYER_WEIGHTS:
        raise NotRebuilt(f"layer {index} ({type(layer).__name__}) would have {weights:,} "
                         "weights")


def run_layers(model: Any, inputs: np.ndarray) -> np.ndarray:
    """The rebuilt model's output, layer after layer, in inference mode."""
    import tensorflow as tf

    x = tf.constant(inputs)
    for layer in model.layers:
        x = layer(x, training=False)
    return np.asarray(x, np.float64)
