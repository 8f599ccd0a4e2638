#!/usr/bin/env python3
"""Peak memory of loading the full SVHN training set and running the tf.data pipeline.

    .venv/bin/python bench/data_memory.py [--count 73257] [--batch 128] [--epochs 1]

Binder gives a kernel 2 GB, TensorFlow included, so the target is a peak RSS under 1.5 GB.
No internet is needed: 73,257 synthetic images stand in for SVHN's train split, written as
a real ``train_32x32.mat`` in SVHN's layout (X of shape (32, 32, 3, N), y with 10 for 0,
zlib-compressed like the published file) into a temporary cache folder, and read back
through the course's loader (``load_svhn``: checksum check, ``scipy.io.loadmat``, NHWC).

Each measurement runs in a fresh Python process, and ``ru_maxrss`` gives its true peak.
The reference is a process that only imports the course package (and with it
TensorFlow): the pipeline's cost is reported against that fixed start-up cost as a ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_BYTES = 1.5 * 2**30

REFERENCE = """
import json, resource, time
t = time.perf_counter()
import dcgan_course  # imports TensorFlow
import tensorflow as tf
tf.constant(1.0) + 1.0  # start the runtime
print(json.dumps({"peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "seconds": time.perf_counter() - t}))
"""

MEASURED = """
import json, resource, sys, time
import psutil
import dcgan_course
import tensorflow as tf
from dcgan_course.data import make_dataset, svhn
tf.constant(1.0) + 1.0
rss = lambda: psutil.Process().memory_info().rss
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
md5, count, batch, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
svhn.SVHN_FILES["train"] = svhn.SVHNFile("http://127.0.0.1:9/train_32x32.mat", md5, count)  # cached
out = {"after_import": rss()}
t = time.perf_counter()
images, labels = svhn.load_svhn("train")
out["load_seconds"] = time.perf_counter() - t
out["after_load"] = rss()
out["peak_after_load"] = peak()
assert images.shape == (count, 32, 32, 3) and images.dtype.name == "uint8", images.shape
assert labels.min() == 0 and labels.max() == 9
data = make_dataset(images, batch, shuffle=True, seed=0)
total = tf.zeros(())
t = time.perf_counter()
seen = 0
for _ in range(epochs):
    for x in data:
        total += tf.reduce_mean(x)  # touch every batch
        seen += int(x.shape[0])
out["iterate_seconds"] = time.perf_counter() - t
out["batches_per_s"] = seen / batch / out["iterate_seconds"]
out["images_seen"] = seen
out["after_iterate"] = rss()
out["peak"] = peak()
print(json.dumps(out))
"""

WRITER = """
import sys, numpy as np, scipy.io
from dcgan_course.data import make_house_numbers
count, path = int(sys.argv[1]), sys.argv[2]
images, labels = make_house_numbers(count, seed=0)
stored = np.where(labels == 0, 10, labels).astype(np.uint8).reshape(-1, 1)
scipy.io.savemat(path, {"X": np.transpose(images, (1, 2, 3, 0)), "y": stored},
                 do_compression=True)
"""


def python(code: str, *args: str, env: dict | None = None) -> dict | None:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"child process failed:\n{result.stderr[-3000:]}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=73_257)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train_32x32.mat"
        t = time.perf_counter()
        python(WRITER, str(args.count), str(path))
        write_s = time.perf_counter() - t
        md5 = hashlib.md5(path.read_bytes()).hexdigest()
        env = dict(os.environ, DCGAN_COURSE_DATA=folder, TF_CPP_MIN_LOG_LEVEL="2")
        reference = python(REFERENCE, env=env)
        measured = python(MEASURED, md5, str(args.count), str(args.batch), str(args.epochs),
                          env=env)
        size = path.stat().st_size

    uint8_bytes = args.count * 32 * 32 * 3
    print(f"SVHN train layout: {args.count:,} images, .mat {mb(size)} (zlib), uint8 array "
          f"{mb(uint8_bytes)}, float32 would be {mb(4 * uint8_bytes)}; written in "
          f"{write_s:.1f} s")
    print(f"reference (import course package + TensorFlow): peak RSS "
          f"{mb(reference['peak'])}")
    print(f"after import (measured process):     RSS {mb(measured['after_import'])}")
    print(f"after load_svhn ({measured['load_seconds']:.1f} s):          RSS "
          f"{mb(measured['after_load'])}, peak so far {mb(measured['peak_after_load'])}")
    print(f"after {args.epochs} epoch(s) of make_dataset, batch {args.batch} "
          f"({measured['iterate_seconds']:.1f} s, {measured['batches_per_s']:.0f} batches/s): "
          f"RSS {mb(measured['after_iterate'])}")
    ratio = measured["peak"] / reference["peak"]
    verdict = "PASS" if measured["peak"] < TARGET_BYTES else "FAIL"
    print(f"peak RSS: {mb(measured['peak'])} = {ratio:.2f} x the reference; "
          f"target < {mb(TARGET_BYTES)}: {verdict}")
    print(f"peak above the reference: {mb(measured['peak'] - reference['peak'])} "
          f"= {(measured['peak'] - reference['peak']) / uint8_bytes:.2f} x the uint8 array")


if __name__ == "__main__":
    main()
