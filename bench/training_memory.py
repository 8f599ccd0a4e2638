"""Peak memory (RSS) of full-size DCGAN training (target: under 1.5 GB, Binder has 2 GB).

    .venv/bin/python bench/training_memory.py [--data synthetic|svhn] [--steps 30]

Runs the real command line, ``python -m dcgan_course train --profile full`` (Udacity size:
z 100, 4x4x512 generator, batch 128, all 73,257 training images, checkpoints, sample grids,
progress GIF, saved generator) with the course's solution builders written as a learner's
``my_dcgan/`` folder, and polls the process's resident memory every 50 ms. For reference,
the same run measures a process that only imports the course package (TensorFlow).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from solution_builders import ROOT, write_models  # noqa: E402


def peak_rss(command: list[str]) -> tuple[int, float, str]:
    """Run ``command``; return (peak RSS in bytes, seconds, its stdout)."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    start = time.perf_counter()
    # Output goes to a file: a pipe nobody reads while we poll would fill up and stall the run.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, text=True)
        watched = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            try:
                peak = max(peak, watched.memory_info().rss)
            except psutil.Error:
                break
            time.sleep(0.05)
        log.seek(0)
        output = log.read()
    if process.wait() != 0:
        raise SystemExit(f"{command} failed:\n{output}")
    return peak, time.perf_counter() - start, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="synthetic")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--precision", default="auto")
    args = parser.parse_args()
    python = sys.executable
    base, _, _ = peak_rss([python, "-c", "import dcgan_course"])
    with tempfile.TemporaryDirectory() as tmp:
        models = write_models(Path(tmp) / "my_dcgan")
        command = [python, "-m", "dcgan_course", "train", "--data", args.data, "--profile",
                   "full", "--images", "73257", "--steps", str(args.steps), "--out",
                   str(Path(tmp) / "run"), "--models", str(models), "--checkpoint-every",
                   str(max(1, args.steps // 3)), "--sample-every", str(max(1, args.steps // 3)),
                   "--precision", args.precision]
        peak, seconds, output = peak_rss(command)
    print(output.strip().splitlines()[0])
    print(output.strip().splitlines()[-2])
    print(f"import only: peak RSS {base / 2**30:.2f} GB")
    print(f"full-size training ({args.steps} steps, {seconds:.0f} s including start-up and "
          f"data): peak RSS {peak / 2**30:.2f} GB = {peak / 1.5 / 2**30:.0%} of the 1.5 GB target, "
          f"{peak / base:.1f}x the import alone")


if __name__ == "__main__":
    main()
