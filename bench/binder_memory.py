#!/usr/bin/env python3
"""Does every lesson fit mybinder.org's memory? Peak memory per lesson against Binder's limits.

    .venv/bin/python bench/binder_memory.py [--profile full|fast] [LESSON ...]

mybinder.org guarantees 1 GB per session and stops the kernel above 2 GB; the limit covers the
whole container, so what counts is the kernel's peak *plus* the JupyterLab server a learner's
browser talks to. This runs each solution notebook top to bottom in a fresh kernel (the
measuring code of bench/lesson_runtime.py: resident memory polled every 50 ms), measures an idle
JupyterLab server once, and prints, per lesson, the peak, the total and the share of the 2 GB
limit. Each notebook runs in a fresh temporary copy of its folder (without the checkpoints of
earlier runs, which lesson 06 would resume from; with the learner's ``my_dcgan/`` builders from
lessons 04 and 05 — the course's solutions when none were saved here, ``--standins`` for none),
as a learner's first run on Binder would. Lessons named in one call share one folder, so
``06-svhn-training 07-representations`` measures lesson 07 opening lesson 06's run, and
``07-representations`` alone measures it training its own study model. Memory, unlike time, hardly
depends on how busy the machine is, so no reference ratio is needed; the reference notebook
(a kernel that only imports the course package, and with it TensorFlow) is printed as the
floor every lesson starts from. Exits with 1 when a lesson would exceed the limit or fails.

``--svhn-mat`` measures lesson 06 on *real SVHN*, as Binder (which has internet) runs it: SVHN
cannot be downloaded here, so the bench writes full-size files in SVHN's exact layout (X of
shape (32, 32, 3, 73,257) and (…, 26,032) uint8, y (N, 1) with 10 for the digit 0, MATLAB v5
with zlib compression like the originals) into a temporary cache folder, marks them verified,
and points ``DCGAN_COURSE_DATA`` at it: the lesson's download cell finds them and everything
after it (loader, classifier, training, quality) runs on full-size SVHN-shaped data.
``--study-steps N`` shortens lesson 06's training (memory is flat after the first hundred
steps; the default keeps the lesson's own count).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_runtime import ROOT, run  # noqa: E402  (the shared measuring code)
from solution_builders import write_models  # noqa: E402

MB = 2**20
BINDER_LIMIT_MB = 2048  # the kernel is restarted above this
BINDER_GUARANTEED_MB = 1024


def lab_server_rss(settle_s: float = 5.0) -> int:
    """Resident memory of an idle JupyterLab server (with this environment's extensions)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = secrets.token_hex(8)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, JUPYTER_CONFIG_DIR=state, JUPYTERLAB_WORKSPACES_DIR=state)
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    # the page a browser loads first, so the server has built what it serves
                    url = f"http://127.0.0.1:{port}/lab?token={token}"
                    with urllib.request.urlopen(url, timeout=5):
                        break
                except OSError:
                    time.sleep(0.5)
            time.sleep(settle_s)
            return psutil.Process(server.pid).memory_info().rss
        finally:
            server.terminate()
            server.wait(timeout=30)


def fresh_copy(notebook: Path, into: Path, standins: bool = False) -> Path:
    """``notebook`` in a copy of its folder without earlier runs, next to a copy of my_dcgan/."""
    folder = into / notebook.parent.name
    shutil.copytree(notebook.parent, folder, ignore=shutil.ignore_patterns(
        "runs", ".ipynb_checkpoints", "__pycache__"))
    builders = notebook.parent.parent / "my_dcgan"
    if not (into / "my_dcgan").exists():
        if builders.is_dir():
            shutil.copytree(builders, into / "my_dcgan")
        elif not standins:  # a learner who finished lessons 04 and 05 saved theirs
            write_models(into / "my_dcgan")
    return folder / notebook.name


def write_svhn_like(folder: Path) -> None:
    """Full-size train and test .mat files in SVHN's layout, trusted as SVHN by the loader.

    The images are course-rendered digits (2,000 distinct ones, repeated), so the files
    compress like photographs rather than like noise or zeros.
    """
    import numpy as np
    import scipy.io

    import dcgan_course  # noqa: F401
    from dcgan_course.data import make_house_numbers, svhn

    base, labels = make_house_numbers(2000, seed=5)
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "test"):
        entry = svhn.SVHN_FILES[split]
        index = np.arange(entry.count) % len(base)
        x = np.transpose(base[index], (1, 2, 3, 0))  # (32, 32, 3, N) as MATLAB stores it
        y = np.where(labels[index] == 0, 10, labels[index]).reshape(-1, 1).astype(np.uint8)
        path = folder / Path(entry.url).name
        scipy.io.savemat(path, {"X": x, "y": y}, do_compression=True)
        del x
        stat = path.stat()
        # the stamp the loader writes after checking the MD5: these files stand in for SVHN
        svhn._stamp(path).write_text(f"{stat.st_size} {stat.st_mtime_ns} {entry.md5}")
        print(f"wrote {path} ({stat.st_size / MB:.0f} MB, {entry.count:,} images)", flush=True)


def verdict(total_mb: float, limit_mb: int, guaranteed_mb: int) -> str:
    if total_mb > limit_mb:
        return "OVER the limit: the kernel would be restarted"
    if total_mb > 0.9 * limit_mb:
        return "under the limit, but within 10 %"
    if total_mb > guaranteed_mb:
        return "fits (above the guaranteed 1 GB)"
    return "fits the guaranteed 1 GB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("full", "fast"), default="full")
    parser.add_argument("--limit-mb", type=int, default=BINDER_LIMIT_MB)
    parser.add_argument("--guaranteed-mb", type=int, default=BINDER_GUARANTEED_MB)
    parser.add_argument("--svhn-mat", action="store_true",
                        help="lesson 06 on full-size SVHN-layout files (see above)")
    parser.add_argument("--study-steps", type=int, help="lesson 06's training steps")
    parser.add_argument("--standins", action="store_true",
                        help="no my_dcgan/ builders: lessons 06/07 use their stand-in networks")
    parser.add_argument("lessons", nargs="*")
    args = parser.parse_args()
    os.environ["DCGAN_COURSE_PROFILE"] = args.profile
    data_dir = None
    if args.svhn_mat:
        data_dir = Path(tempfile.mkdtemp(prefix="binder-memory-svhn-"))
        write_svhn_like(data_dir)
        os.environ["DCGAN_COURSE_DATA"] = str(data_dir)
    lessons = args.lessons or sorted(p.name for p in (ROOT / "solutions").iterdir()
                                     if p.is_dir() and any(p.glob("*.ipynb")))

    server_mb = lab_server_rss() / MB
    reference = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import dcgan_course")])
    _, ref_rss = run(reference, ROOT)
    print(f"profile {args.profile}, {os.cpu_count()} CPUs; Binder limit {args.limit_mb} MB "
          f"({args.guaranteed_mb} MB guaranteed); idle JupyterLab server {server_mb:.0f} MB")
    print(f"{'notebook':<44} {'seconds':>8} {'kernel MB':>10} {'+ server':>9} {'of limit':>9}"
          "  verdict")
    print(f"{'reference (kernel + import)':<44} {'':>8} {ref_rss / MB:10.0f} "
          f"{ref_rss / MB + server_mb:9.0f} {(ref_rss / MB + server_mb) / args.limit_mb:9.0%}")
    over = False
    scratch = Path(tempfile.mkdtemp(prefix="binder-memory-"))
    for lesson in lessons:
        for source in sorted((ROOT / "solutions" / lesson).glob("*.ipynb")):
            path = fresh_copy(source, scratch, args.standins)
            nb = nbformat.read(path, as_version=4)
            if args.study_steps and lesson.startswith("06"):
                for cell in nb.cells:
                    cell.source = cell.source.replace(
                        'full="study"))', f'full="study"), steps={args.study_steps})')
            try:
                seconds, rss = run(nb, path.parent)
            except Exception as error:  # a failing lesson must not hide the others' numbers
                over = True
                text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip()  # no ANSI colours
                lines = [line for line in text.splitlines() if "Error" in line or "Failure" in line]
                print(f"{lesson + '/' + path.name:<44} FAILED, not measured: "
                      f"{(lines or [type(error).__name__])[-1][:200]}", flush=True)
                continue
            total = rss / MB + server_mb
            over |= total > args.limit_mb
            print(f"{lesson + '/' + path.name:<44} {seconds:8.1f} {rss / MB:10.0f} "
                  f"{total:9.0f} {total / args.limit_mb:9.0%}  "
                  f"{verdict(total, args.limit_mb, args.guaranteed_mb)}", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if data_dir is not None:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
