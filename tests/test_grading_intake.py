"""Intake of submissions through the instructor's commands: collect and the limits.

What a download or a submission folder may hold before nbgrader (running as root, outside
the sandbox) reads it: no links or special files, no two files for one path, no notebook
too large to parse; a second collect of the same download changes nothing; autograding a
lesson that was never released says what to do. Every refusal is a line that names the
file and the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import LESSONS, SOLUTIONS, copy_course

pytestmark = pytest.mark.notebooks
LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
DEMO_CELLS = {"diagram", "logit-demo", "saturating-plot", "optimal-d-plot", "toy-models",
              "watch-train", "watch-viewer", "watch-snapshots", "d-wins", "collapse",
              "loss-curves"}


def instructor(course: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(course / "autograder" / "instructor.py"), *args],
                          capture_output=True, text=True, timeout=timeout)


def quick_release() -> str:
    """The untouched release without its demo cells: grades fast, scores zero."""
    nb = nbformat.read(LESSONS / LESSON / NOTEBOOK, 4)
    nb.cells = [c for c in nb.cells if c.id not in DEMO_CELLS]
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    course = copy_course(tmp_path_factory.mktemp("released"))
    result = instructor(course, "release", LESSON)
    assert result.returncode == 0, result.stdout + result.stderr
    return course


@pytest.fixture
def course(released, tmp_path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "course", symlinks=True))


def submitted(course: Path) -> dict[str, str]:
    """{relative path: kind} of everything under autograder/submitted/."""
    root = course / "autograder" / "submitted"
    return {str(p.relative_to(root)): ("link" if p.is_symlink() else "dir" if p.is_dir()
                                       else "file" if p.is_file() else "special")
            for p in sorted(root.rglob("*"))} if root.exists() else {}


# -- finding 4: links and special files ----------------------------------------------------

def test_collect_refuses_links_and_special_files(course, tmp_path):
    download = tmp_path / "download"
    (download / "section-a").mkdir(parents=True)
    (download / "section-a" / f"alice_{NOTEBOOK}").write_text(quick_release())
    solutions = course / "solutions" / LESSON / NOTEBOOK
    (download / "section-a" / f"mallory_{NOTEBOOK}").symlink_to(solutions)
    (download / f"passwd_{NOTEBOOK}").symlink_to("/etc/passwd")
    (download / "grading").symlink_to(course / "autograder", target_is_directory=True)
    os.mkfifo(download / f"fifo_{NOTEBOOK}")
    result = instructor(course, "collect", str(download), timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for name in (f"section-a/mallory_{NOTEBOOK}", f"passwd_{NOTEBOOK}", "grading"):
        assert f"refused {name}: it is a link" in output
    assert f"refused fifo_{NOTEBOOK}: it is a special file" in output
    assert submitted(course) == {"alice": "dir", f"alice/{LESSON}": "dir",
                                 f"alice/{LESSON}/{NOTEBOOK}": "file"}


def test_collect_refuses_link_entries_of_a_zip(course, tmp_path):
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr(f"alice_{NOTEBOOK}", quick_release())
        link = zipfile.ZipInfo(f"mallory_{NOTEBOOK}")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, str(course / "solutions" / LESSON / NOTEBOOK))
    result = instructor(course, "collect", str(download), timeout=120)
    assert f"refused mallory_{NOTEBOOK}: it is a link" in result.stdout
    assert sorted(submitted(course)) == ["alice", f"alice/{LESSON}", f"alice/{LESSON}/{NOTEBOOK}"]


def test_autograde_refuses_a_submission_folder_with_a_link(course):
    folder = course / "autograder" / "submitted" / "mallory" / LESSON
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text(quick_release())
    (folder / "answers.txt").symlink_to(course / "solutions" / LESSON / NOTEBOOK)
    result = instructor(course, "autograde", LESSON, timeout=300)
    assert "NOT GRADED mallory: answers.txt is a link (links are never followed)" in result.stdout
    assert not (course / "autograder" / "autograded" / "mallory").exists()


# -- finding 5: two files for one path -------------------------------------------------------

def test_two_files_that_would_land_on_the_same_path_are_both_refused(course, tmp_path):
    download = tmp_path / "download"
    for section, text in (("section-a", quick_release()),
                          ("section-b", (SOLUTIONS / LESSON / NOTEBOOK).read_text())):
        (download / section).mkdir(parents=True)
        (download / section / f"smith_{NOTEBOOK}").write_text(text)
    (download / f"Jones_{NOTEBOOK}").write_text(quick_release())
    (download / f"jones_{NOTEBOOK}").write_text(quick_release() + " ")
    (download / "section-a" / f"kim_{NOTEBOOK}").write_text(quick_release())
    (download / "section-b" / f"kim_{NOTEBOOK}").write_text(quick_release())  # the same file
    result = instructor(course, "collect", str(download), timeout=120)
    output = result.stdout
    assert (f"CONFLICT smith {LESSON}: section-a/smith_{NOTEBOOK}, section-b/smith_{NOTEBOOK} "
            "would land on the same path; none of them collected") in output
    assert f"CONFLICT Jones / jones {LESSON}:" in output
    assert sorted(p.name for p in (course / "autograder" / "submitted").iterdir()) == ["kim"]


# -- finding 6: collecting again -------------------------------------------------------------

def test_collecting_the_same_download_again_changes_nothing_and_regrades_nothing(course,
                                                                                 tmp_path):
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr(f"bob_{NOTEBOOK}", quick_release())
    first = instructor(course, "collect", str(download), timeout=120)
    graded = instructor(course, "autograde", LESSON)
    assert "grading 1 with" in graded.stdout, first.stdout + graded.stdout + graded.stderr
    notebook = course / "autograder" / "submitted" / "bob" / LESSON / NOTEBOOK
    stamp = notebook.stat().st_mtime_ns

    time.sleep(0.05)
    again = instructor(course, "collect", str(download), timeout=120)
    assert notebook.stat().st_mtime_ns == stamp
    regraded = instructor(course, "autograde", LESSON)
    assert f"{LESSON}: 1 submission(s), 1 already graded, grading 0" in regraded.stdout
    assert f"collected {LESSON}: 1 submission(s): 1 new" in first.stdout
    assert "0 new, 0 changed, 1 unchanged" in again.stdout

    with zipfile.ZipFile(download, "w") as archive:  # bob hands in a new version
        archive.writestr(f"bob_{NOTEBOOK}", quick_release() + "\n")
    changed = instructor(course, "collect", str(download), timeout=120)
    assert "1 changed" in changed.stdout and notebook.read_text() == quick_release() + "\n"
    ledger = json.loads((course / "autograder" / "autograded" / "ledger.json").read_text())
    assert f"{notebook.stat().st_mtime_ns}" not in ledger[f"bob/{LESSON}"]  # graded again next


# -- finding 7: autograde before release ---------------------------------------------------

def test_autograde_before_release_says_to_release_first(tmp_path):
    course = copy_course(tmp_path / "fresh")
    folder = course / "autograder" / "submitted" / "bob" / LESSON
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text(quick_release())
    result = instructor(course, "autograde", LESSON, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Run `instructor.py release {LESSON}` first" in output
    assert "Traceback" not in output and "No assignment with ID" not in output


# -- finding 3: limits before parsing --------------------------------------------------------

def million_cells(path: Path) -> None:
    """A valid notebook of 10**6 empty code cells (about 80 MB), written in a second."""
    cell = '{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":""}'
    with open(path, "w") as handle:
        handle.write('{"cells":[')
        handle.write(",".join([cell] * 10**6))
        handle.write('],"metadata":{},"nbformat":4,"nbformat_minor":5}')


def test_limits_are_checked_before_parsing_with_a_reason_each(course):
    root = course / "autograder" / "submitted"
    for student in ("huge", "many", "loud"):
        (root / student / LESSON).mkdir(parents=True)
    million_cells(root / "huge" / LESSON / NOTEBOOK)
    nb = nbformat.reads(quick_release(), 4)
    nb.cells += [nbformat.v4.new_markdown_cell("x") for _ in range(3000)]
    (root / "many" / LESSON / NOTEBOOK).write_text(nbformat.writes(nb, version=4))
    nb = nbformat.reads(quick_release(), 4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="x" * 20 * 2**20)]
    (root / "loud" / LESSON / NOTEBOOK).write_text(nbformat.writes(nb, version=4))

    start = time.monotonic()
    result = instructor(course, "autograde", LESSON, timeout=300)
    seconds = time.monotonic() - start
    output = result.stdout
    assert f"NOT GRADED huge: {NOTEBOOK} is " in output
    assert "over the limit of 32 MB per notebook (COURSE_GRADING_MAX_NOTEBOOK_MB)" in output
    cells = len(nbformat.reads(quick_release(), 4).cells) + 3000
    assert (f"NOT GRADED many: {NOTEBOOK} has {cells} cells, over the limit of 2000 "
            "(COURSE_GRADING_MAX_CELLS)") in output
    assert f"NOT GRADED loud: {NOTEBOOK} holds 20.0 MB of outputs, over the limit of 16 MB" \
        in output
    assert seconds < 60, f"refusing took {seconds:.0f} s"
    assert not (course / "autograder" / "autograded").exists() or not any(
        (course / "autograder" / "autograded").glob("*/*"))
