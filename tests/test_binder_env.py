"""Binder's environment, rebuilt from ``binder/`` alone, runs every lesson.

mybinder.org builds the course with repo2docker, which reads only ``binder/`` (runtime.txt,
then ``pip install -r binder/requirements.txt``, then ``binder/postBuild``) in a copy of the
repository. A pin that only the developers' `.venv` satisfies, a package the lessons import
but nobody pinned, or a postBuild that fails would break every learner's first click, and no
other test would notice. This test does what repo2docker does, in a fresh virtual environment
built from a copy of the working tree (no network beyond the package registry; pip's cache
is used when it has the wheels), then executes every lesson's solution notebook in the fast
profile with that environment's own Jupyter and kernel. It takes minutes (installing
TensorFlow), so it is marked slow: `python3 course.py test --slow`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import LESSONS, ROOT, lesson_names

BINDER_LINK = re.compile(r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)")


def binder_links() -> list[str]:
    return BINDER_LINK.findall((ROOT / "README.md").read_text())


def labpath(url: str) -> str:
    query = dict(part.split("=", 1) for part in urlsplit(url).query.split("&") if "=" in part)
    return unquote(query.get("labpath", ""))


def test_readme_binder_links_open_existing_lessons():
    """The badge opens lesson 01; every released lesson has its own working launch link."""
    links = binder_links()
    assert links, "README.md has no mybinder.org launch link"
    paths = [labpath(url) for url in links]
    assert paths[0] == "lessons/01-gan-intro/01-gan-intro.ipynb", f"the badge opens {paths[0]}"
    for url, path in zip(links, paths, strict=True):
        assert path and (ROOT / path).is_file(), f"{url} opens {path!r}, which does not exist"
        assert urlsplit(url).path.count("/") >= 5, f"{url}: expected /v2/gh/OWNER/REPO/BRANCH"
    for lesson in sorted(p.name for p in LESSONS.iterdir() if p.is_dir()):
        for notebook in sorted((LESSONS / lesson).glob("*.ipynb")):
            wanted = notebook.relative_to(ROOT).as_posix()
            assert wanted in paths, f"README.md has no Binder launch link for {wanted}"


def repository_files() -> list[str]:
    """The files repo2docker would see: tracked, plus new ones git does not ignore."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def check(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: int, what: str) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, (f"{what} failed (exit {result.returncode}):\n"
                                    f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.timeout(3600)
def test_binder_environment_builds_and_runs_every_lesson(tmp_path):
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    repo = tmp_path / "repo"
    for name in repository_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)

    venv = tmp_path / "binder-env"
    base_python = getattr(sys, "_base_executable", sys.executable)  # Python 3.11, not .venv's
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
               DCGAN_COURSE_PROFILE="fast", JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"))  # no kernels of this user
    python = str(venv / "bin" / "python")

    # repo2docker: requirements first, then postBuild, both from the repository root
    check([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
           "-r", "binder/requirements.txt"], cwd=repo, env=env, timeout=2400,
          what="pip install -r binder/requirements.txt")
    check([str(repo / "binder" / "postBuild")], cwd=repo, env=env, timeout=600,
          what="binder/postBuild")
    check([python, "-m", "pip", "check"], cwd=repo, env=env, timeout=120, what="pip check")
    where = check([python, "-c", "import dcgan_course; print(dcgan_course.__file__)"],
                  cwd=tmp_path, env=env, timeout=300, what="import dcgan_course")
    assert Path(where.strip()).is_relative_to(repo), f"course package imported from {where}"
    disabled = check([python, "-m", "jupyter", "labextension", "list"], cwd=repo, env=env,
                     timeout=300, what="jupyter labextension list")
    assert "@jupyter/nbgrader:formgrader" in disabled, "postBuild left nbgrader's Formgrader on"

    failures = []
    for lesson in lesson_names():
        for notebook in sorted((repo / "solutions" / lesson).glob("*.ipynb")):
            result = subprocess.run(
                [python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                 "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=python3",
                 "--output-dir", str(tmp_path / "executed"), str(notebook)],
                cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=1200)
            if result.returncode != 0:
                failures.append(f"{lesson}: {result.stderr[-2000:]}")
    assert not failures, "lessons failed in Binder's environment:\n" + "\n\n".join(failures)
