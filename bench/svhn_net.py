"""A digit classifier trained on *real* SVHN, as an outside reference for the synthetic set.

No real SVHN crops can be downloaded on the course's machines, but one package on PyPI ships
a small network trained on them: **ccexam 1.0.0** (MIT licence, "Digit classifiers (MNIST /
USPS / SVHN)"), whose ``ccexam/weights/svhn.pth`` is a 3-block CNN (Conv-BN-ReLU x2 +
max-pool per block, 32-64-128 channels, a 256-unit head) trained 5 epochs on SVHN's
``train_32x32.mat`` without augmentation; its model card states precision 0.9436 and recall
0.9473 on SVHN's test split. Its inputs are normalised with SVHN's per-channel mean
(0.4377, 0.4438, 0.4728) and standard deviation (0.1980, 0.2010, 0.1970) (``ccexam/
constants.py``). The wheel also holds four real SVHN crops (``ccexam/samples/
svhn_digit_{0,1,2,5}.png``), too few for statistics but a sanity check of the network here.

Two things the network tells about synthetic images, without any real crop on disk:

* **whether they read as SVHN digits**: its accuracy on them (real test crops: ~94%);
* **whether their features are distributed like SVHN's**: every batch-norm layer stores the
  running mean and variance of its input over SVHN's training crops (PyTorch keeps them in
  ``running_mean``/``running_var``). Feeding synthetic images and comparing, channel by
  channel, their activation mean and standard deviation with the stored ones measures how
  far the synthetic set's feature distribution is from real SVHN's (the statistic that
  DeepInversion, Yin et al. 2020, matches to recover a network's training images).

The weights are read straight from the ``.pth`` file (a zip of a pickled state dict and raw
float32 storages) with NumPy, so PyTorch is not needed; the network runs in Keras. The file
is fetched once with ``pip download --no-deps ccexam==1.0.0`` into the course's data cache
(``resolve_cache_dir() / "reference"``); nothing of it is committed or shipped.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import dcgan_course  # noqa: F401  (first: TensorFlow without its start-up log noise)

PACKAGE = "ccexam==1.0.0"
WHEEL_MEMBER = "ccexam/weights/svhn.pth"
SAMPLE_DIGITS = (0, 1, 2, 5)
# SVHN's per-channel mean and standard deviation of the training split, 0-1 scale, as the
# network was trained with them (ccexam/constants.py); the same values appear in many SVHN
# training scripts.
SVHN_MEAN = np.array([0.4377, 0.4438, 0.4728], np.float32)
SVHN_STD = np.array([0.1980, 0.2010, 0.1970], np.float32)


class _StateDictReader(pickle.Unpickler):
    """Unpickles a PyTorch state dict into NumPy arrays, allowing nothing else."""

    def __init__(self, handle: io.BytesIO, archive: zipfile.ZipFile, prefix: str) -> None:
        super().__init__(handle)
        self.archive = archive
        self.prefix = prefix

    def find_class(self, module: str, name: str):
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if module == "torch" and name in ("FloatStorage", "LongStorage"):
            return name
        raise pickle.UnpicklingError(f"unexpected object in the weights file: {module}.{name}")

    def persistent_load(self, pid):
        _, kind, key, _location, _count = pid
        dtype = {"FloatStorage": np.float32, "LongStorage": np.int64}[kind]
        return np.frombuffer(self.archive.read(f"{self.prefix}/data/{key}"), dtype=dtype)


def _rebuild_tensor(storage: np.ndarray, offset: int, size: tuple, stride: tuple,
                    *_ignored) -> np.ndarray:
    if not size:
        return storage[offset:offset + 1].reshape(())
    return np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * storage.itemsize for s in stride]).copy()


def read_state_dict(data: bytes) -> dict[str, np.ndarray]:
    """The tensors of a PyTorch ``.pth`` file (zip format) as NumPy arrays."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    prefix = archive.namelist()[0].split("/")[0]
    reader = _StateDictReader(io.BytesIO(archive.read(f"{prefix}/data.pkl")), archive, prefix)
    return dict(reader.load())


def find_wheel(cache: Path | None = None, fetch: bool = True) -> Path | None:
    """The ccexam wheel in the cache, fetched with pip if absent (None if that fails)."""
    from dcgan_course.data import resolve_cache_dir

    folder = (cache or resolve_cache_dir()) / "reference"
    found = sorted(folder.glob("ccexam-1.0.0-*.whl"))
    if found or not fetch:
        return found[0] if found else None
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                             "-d", str(folder), PACKAGE], capture_output=True, text=True,
                            timeout=300)
    found = sorted(folder.glob("ccexam-1.0.0-*.whl"))
    if result.returncode or not found:
        print(f"could not fetch {PACKAGE} with pip: {result.stderr.strip()[-300:]}")
        return None
    return found[0]


def sample_crops(wheel: Path) -> tuple[np.ndarray, np.ndarray]:
    """The wheel's four real SVHN crops (uint8 (4, 32, 32, 3)) and their labels."""
    from PIL import Image

    archive = zipfile.ZipFile(wheel)
    images = [np.asarray(Image.open(io.BytesIO(archive.read(
        f"ccexam/samples/svhn_digit_{d}.png"))).convert("RGB")) for d in SAMPLE_DIGITS]
    return np.stack(images), np.array(SAMPLE_DIGITS)


@dataclass
class SVHNNet:
    """The network in Keras: ``logits(images)`` and ``batchnorm_gap(images)``."""

    model: object  # keras.Model: logits, then the input of each batch-norm layer
    running: list[tuple[np.ndarray, np.ndarray]]  # (mean, variance) per BN layer, from SVHN

    def outputs(self, images: np.ndarray, batch_size: int = 500) -> list[np.ndarray]:
        return self.model.predict(np.asarray(images, np.float32), batch_size=batch_size,
                                  verbose=0)

    def accuracy(self, images: np.ndarray, labels: np.ndarray) -> float:
        return float(np.mean(self.outputs(images)[0].argmax(axis=1) == labels))

    def batchnorm_gap(self, images: np.ndarray) -> list[float]:
        """Per batch-norm layer: the mean over channels of the squared 2-Wasserstein distance
        between the images' activation distribution (as a Gaussian) and SVHN's stored one,
        divided by SVHN's variance: 0 when they agree, 1 for a one-sigma shift of every
        channel's mean."""
        gaps = []
        for tap, (mean, var) in zip(self.outputs(images)[1:], self.running, strict=True):
            values = tap.reshape(-1, tap.shape[-1]).astype(np.float64)
            m, s = values.mean(axis=0), values.std(axis=0)
            gaps.append(float(np.mean(((m - mean) ** 2 + (s - np.sqrt(var)) ** 2) / var)))
        return gaps


def load_net(wheel: Path) -> SVHNNet:
    """Build the network from the wheel's weights (conv kernels OIHW -> HWIO, features
    flattened in PyTorch's channel-first order)."""
    from tensorflow import keras

    weights = read_state_dict(zipfile.ZipFile(wheel).read(WHEEL_MEMBER))
    inputs = keras.Input((32, 32, 3))
    x = (inputs / 255.0 - SVHN_MEAN) / SVHN_STD
    taps, running = [], []
    for block in range(3):
        for conv in (0, 3):
            prefix = f"features.{block}."
            kernel = weights[f"{prefix}{conv}.weight"].transpose(2, 3, 1, 0)
            layer = keras.layers.Conv2D(kernel.shape[-1], 3, padding="same")
            x = layer(x)
            layer.set_weights([kernel, weights[f"{prefix}{conv}.bias"]])
            taps.append(x)
            bn = f"{prefix}{conv + 1}."
            norm = keras.layers.BatchNormalization(epsilon=1e-5)
            x = norm(x)
            norm.set_weights([weights[bn + "weight"], weights[bn + "bias"],
                              weights[bn + "running_mean"], weights[bn + "running_var"]])
            running.append((weights[bn + "running_mean"].astype(np.float64),
                            weights[bn + "running_var"].astype(np.float64)))
            x = keras.layers.ReLU()(x)
        x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Flatten()(keras.layers.Permute((3, 1, 2))(x))
    for name, activation in (("classifier.1", "relu"), ("classifier.4", None)):
        dense = keras.layers.Dense(weights[f"{name}.weight"].shape[0], activation=activation)
        x = dense(x)
        dense.set_weights([weights[f"{name}.weight"].T, weights[f"{name}.bias"]])
    return SVHNNet(keras.Model(inputs, [x, *taps]), running)
