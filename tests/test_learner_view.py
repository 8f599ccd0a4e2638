"""The learner view (autograder/learner_view.py): exactly the learner edition's files, built
once per content, used by the grading sandbox, the hub and the published edition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import AUTOGRADER, ROOT

sys.path.insert(0, str(AUTOGRADER))
import learner_view  # noqa: E402

INSTRUCTOR_ONLY = {"solutions", "autograder", "tests", "bench", "i18n", "facilitator", ".git",
                   ".ci"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clone of the course (with .git), to change files in without touching the tree."""
    target = tmp_path_factory.mktemp("clone") / "course"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
                   check=True, capture_output=True)
    return target


def test_the_view_holds_the_shipped_tracked_files_and_the_learner_readmes(clone, tmp_path):
    view = learner_view.build(clone, tmp_path)
    tracked = subprocess.run(["git", "ls-files", "--", *learner_view.SHIPPED], cwd=clone,
                             capture_output=True, text=True, check=True).stdout.split()
    assert learner_view.view_files(view) == sorted([*tracked, *learner_view.READMES])
    assert not {p.name for p in view.iterdir()} & INSTRUCTOR_ONLY
    assert {"lessons", "lessons-ko", "dcgan_course", "binder", "assets", "course.py",
            "pyproject.toml"} <= {p.name for p in view.iterdir()}
    for path in view.rglob("*"):
        text = path.read_bytes() if path.is_file() else b""
        assert b"BEGIN SOLUTION" not in text and b"BEGIN HIDDEN TESTS" not in text, path
    readme = (view / "README.md").read_text()
    assert "Learner edition" in readme and "For instructors" not in readme


def test_untracked_files_of_the_working_copy_stay_out(clone, tmp_path):
    (clone / "dcgan_course" / "my_answers.py").write_text("def discriminator_loss(): ...\n")
    (clone / "lessons" / "01-gan-intro" / "runs").mkdir()
    (clone / "lessons" / "01-gan-intro" / "runs" / "checkpoint.keras").write_bytes(b"weights")
    try:
        files = learner_view.view_files(learner_view.build(clone, tmp_path))
    finally:
        (clone / "dcgan_course" / "my_answers.py").unlink()
        shutil.rmtree(clone / "lessons" / "01-gan-intro" / "runs")
    assert "dcgan_course/my_answers.py" not in files
    assert not [f for f in files if "runs" in Path(f).parts]


def test_built_once_per_content_and_again_after_a_change(clone, tmp_path):
    first = learner_view.build(clone, tmp_path)
    stamp = (first / "course.py").stat().st_mtime_ns
    assert learner_view.build(clone, tmp_path) == first  # reused, not rebuilt
    assert (first / "course.py").stat().st_mtime_ns == stamp
    lesson = clone / "lessons" / "01-gan-intro" / "01-gan-intro.ipynb"
    original = lesson.read_bytes()
    lesson.write_bytes(original.replace(b"GAN", b"GAN ", 1))
    try:
        second = learner_view.build(clone, tmp_path)
    finally:
        lesson.write_bytes(original)
    assert second != first and first.is_dir()
    assert (second / lesson.relative_to(clone)).read_bytes() != original
    assert learner_view.build(clone, tmp_path) == first  # the old content, the old view
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_graders_building_at_once_share_one_view(clone, tmp_path):
    with ThreadPoolExecutor(4) as pool:
        views = set(pool.map(lambda _: learner_view.build(clone, tmp_path), range(4)))
    assert len(views) == 1
    assert [p.name for p in tmp_path.iterdir()] == [views.pop().name]  # no leftovers


def test_anyone_may_read_the_view(clone, tmp_path):
    view = learner_view.build(clone, tmp_path)
    for path in [view, *view.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode in ((0o755,) if path.is_dir() else (0o644, 0o755)), (path, oct(mode))
    assert (view / "course.py").stat().st_mode & 0o111  # still runnable


def test_the_package_imports_from_the_view(clone, tmp_path):
    view = learner_view.build(clone, tmp_path)
    where = subprocess.run([sys.executable, "-c", "import dcgan_course; print(dcgan_course."
                            "__file__)"], env={**os.environ, "PYTHONPATH": str(view)},
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.strip() == str(view / "dcgan_course" / "__init__.py")


def test_a_folder_without_git_is_refused_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(learner_view, "ROOT", tmp_path)
    monkeypatch.setattr(learner_view, "package_root", lambda: None)
    with pytest.raises(learner_view.ViewError, match="git checkout of the course"):
        learner_view.build(tmp_path, tmp_path / "cache")


def test_a_grading_copy_without_the_package_uses_the_installed_checkout(tmp_path):
    """The tests grade in a copy of autograder/ and solutions/ alone: the view then comes
    from the checkout the course package is installed from."""
    assert learner_view.source_root(tmp_path) == learner_view.package_root() == ROOT


def test_paths_under_the_mount_point_are_refused():
    with pytest.raises(learner_view.ViewError, match="lies under"):
        learner_view.check_mount_free(learner_view.MOUNT / "autograder" / "autograded")
    learner_view.check_mount_free(Path("/opt/dcgan-course/autograder/autograded"))


def test_a_world_knows_only_its_own_account():
    files = learner_view.accounts("ann", 1234, 1234, "/home/ann")
    names = [line.split(":")[0] for line in files["passwd"].splitlines()]
    assert names == ["root", "nobody", "ann"]
    assert "ann:x:1234:" in files["group"]
