"""The Korean edition (한국어판): one source, translations that cannot go stale unseen, the
same grading, Hangul in figures.

Korean lessons are the folders of ``lessons-ko/`` (built by ``instructor.py generate --lang
ko`` from ``solutions/`` and ``i18n/ko/``). The harness runs them like the English lessons:
the Korean solution executes without errors, the untouched Korean release fails each test
for the right reason, and real nbgrader autograding through the instructor's commands gives
the Korean solution the same points as the English one. Lesson 01 runs in the default
round and in CI. The other Korean lessons' notebook checks repeat the English harness on the
same code cells (only markdown differs, which the fast checks cover) and would add about ten
minutes to CI on one worker, so they run only with COURSE_TEST_ALL_KOREAN=1 and --run-slow.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import korean_scan
import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import (
    AUTOGRADER,
    KOREAN_LESSONS,
    LESSONS,
    ROOT,
    copy_course,
    is_graded_test,
    korean_lesson_names,
    nbgrader_meta,
    read_notebook,
)
from notebook_runner import cell_errors, execute

from dcgan_course.plotting import FIGURE_TEXTS

korean = importlib.import_module("korean")  # autograder/korean.py (on sys.path, see above)
KOREAN = korean_lesson_names()
FAST_LESSON = "01-gan-intro"
EXPECTED_FAILURES = {"ExerciseFailure", "AssertionError"}
NOT_WRITTEN = "아직 작성되지 않았습니다"  # the checks' "not written yet" in Korean


def korean_release(lesson: str) -> Path:
    return KOREAN_LESSONS / f"{lesson}-ko" / f"{lesson}-ko.ipynb"


def notebook_params() -> list:
    """Korean lessons for the executing checks: lesson 01 always, the others on request."""
    everything = os.environ.get("COURSE_TEST_ALL_KOREAN") == "1"
    on_request = [pytest.mark.slow, pytest.mark.skipif(
        not everything, reason="set COURSE_TEST_ALL_KOREAN=1 (and --run-slow) to run it")]
    return [pytest.param(lesson, marks=[] if lesson == FAST_LESSON else on_request)
            for lesson in KOREAN]


def instructor(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(course / "autograder" / "instructor.py"),
                             *args], capture_output=True, text=True, timeout=1800)
    if check:
        assert result.returncode == 0, f"instructor {args}:\n{result.stdout}\n{result.stderr}"
    return result


# -- the translation checks, on a small notebook -------------------------------------------

def tiny_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title $x^2$", id="title"),
                nbformat.v4.new_code_cell("x = 1", id="code"),
                nbformat.v4.new_markdown_cell("Recap", id="recap")]
    return nb


def block(cell_id: str, english: str, korean_text: str) -> str:
    return f"<!-- cell: {cell_id} en: {korean.english_hash(english)} -->\n{korean_text}\n\n"


def code_block(cell_id: str, english: str, korean_code: str) -> str:
    return (f"<!-- code: {cell_id} en: {korean.english_hash(english)} -->\n```python\n"
            f"{korean_code}\n```\n\n")


def test_a_complete_translation_has_no_problems():
    text = block("title", "# Title $x^2$", "# 제목 $x^2$") + block("recap", "Recap", "정리")
    translation = korean.parse(text)
    assert korean.check(tiny_notebook(), translation) == []
    assert translation.blocks["title"][1] == "# 제목 $x^2$"


def test_code_comments_and_docstrings_may_be_translated_and_nothing_else():
    english = 'def f(x):\n    """Double it."""\n    return 2 * x  # twice\n'
    korean_code = 'def f(x):\n    """두 배로 만듭니다."""\n    return 2 * x  # 두 배\n'
    nb = tiny_notebook()
    nb.cells[1].source = english
    text = (block("title", "# Title $x^2$", "# 제목 $x^2$")
            + code_block("code", english, korean_code) + block("recap", "Recap", "정리"))
    translation = korean.parse(text)
    assert korean.check(nb, translation) == []
    assert translation.code["code"][1] == korean_code
    changed = korean_code.replace("2 * x", "3 * x")
    found = korean.check(nb, korean.parse(text.replace(korean_code, changed)))
    assert any("the code differs from the English cell" in p for p in found), found
    nb.cells[1].source = english.replace("twice", "double")
    found = korean.check(nb, korean.parse(text))
    assert any(p.startswith("code: stale translation of code comments") for p in found), found


@pytest.mark.parametrize("text, expected", [
    (block("title", "# Title $x^2$", "# 제목 $x^2$"), "recap: markdown cell without a translation"),
    (block("title", "# Old title $x^2$", "# 제목 $x^2$") + block("recap", "Recap", "정리"),
     "title: stale translation"),
    (block("title", "# Title $x^2$", "# 제목 $x^2$") + block("recap", "Recap", "정리")
     + block("gone", "Gone", "사라짐"), "gone: no cell with this id"),
    (block("title", "# Title $x^2$", "# 제목 $x^2$") + block("code", "x = 1", "x = 2")
     + block("recap", "Recap", "정리"), "code: a code cell"),
    (block("title", "# Title $x^2$", "# 제목 $x^2$") + "<!-- code: code en: "
     + korean.english_hash("x = 1") + " -->\nx = 1  # 하나\n\n" + block("recap", "Recap", "정리"),
     "code: a code block must be fenced"),
    (block("title", "# Title $x^2$", "# 제목 $y^2$") + block("recap", "Recap", "정리"),
     "title: LaTeX of the English cell missing"),
    (block("title", "# Title $x^2$", "# **제목(Title)**은 $x^2$") + block("recap", "Recap", "정리"),
     "title: emphasis that does not render"),
    (block("recap", "Recap", "정리") + block("title", "# Title $x^2$", "# 제목 $x^2$"),
     "blocks are not in the notebook's order"),
])
def test_each_problem_is_found(text, expected):
    found = korean.check(tiny_notebook(), korean.parse(text))
    assert any(p.startswith(expected) for p in found), f"{expected!r} not in {found}"


# -- the committed Korean lessons ----------------------------------------------------------

def test_there_is_a_korean_edition():
    assert FAST_LESSON in KOREAN, "lessons-ko/01-gan-intro-ko is missing"


@pytest.mark.parametrize("lesson", KOREAN)
def test_translation_is_complete_and_up_to_date(lesson):
    assert korean.problems(lesson) == []


def without_checksum(metadata: dict) -> dict:
    """Cell metadata less nbgrader's checksum of the cell's source."""
    nbgrader = {k: v for k, v in metadata.get("nbgrader", {}).items() if k != "checksum"}
    return {**metadata, "nbgrader": nbgrader}


@pytest.mark.parametrize("lesson", KOREAN)
def test_code_cells_are_the_english_ones(lesson):
    english = read_notebook(LESSONS / lesson / f"{lesson}.ipynb")
    translated = read_notebook(korean_release(lesson))
    assert [c.id for c in translated.cells] == [c.id for c in english.cells]
    for en, ko in zip(english.cells, translated.cells, strict=True):
        assert en.cell_type == ko.cell_type, en.id
        if en.cell_type == "markdown" and nbgrader_meta(en).get("solution"):
            # a written answer (lesson 06): nbgrader's stub is Korean, so is its checksum
            assert ko.source == korean.TEXT_STUB and en.source != ko.source, en.id
            assert without_checksum(ko.metadata) == without_checksum(en.metadata), en.id
            continue
        if en.cell_type == "code" and nbgrader_meta(en).get("solution"):
            # an answer cell: nbgrader's stub is Korean, so is its checksum
            assert without_checksum(ko.metadata) == without_checksum(en.metadata), en.id
        elif ko.source != en.source:
            # a locked cell with Korean comments: nbgrader's checksum hashes its source
            assert without_checksum(ko.metadata) == without_checksum(en.metadata), en.id
        else:
            assert en.metadata == ko.metadata, en.id
        if en.cell_type == "code":
            # the same code; only comments and docstrings may be Korean (i18n code blocks)
            assert korean.code_shape(ko.source) == korean.code_shape(en.source), \
                f"{lesson}: code cell {en.id} differs in Korean"
        else:
            assert ko.source != en.source or not en.source.strip(), f"{en.id} not translated"
    assert translated.metadata["language"] == "ko"


@pytest.mark.parametrize("lesson", KOREAN)
def test_answer_cells_hold_the_korean_stub_and_nothing_else(lesson):
    """nbgrader's stub in a Korean release is the Korean comment and the raise, verbatim
    (a command-line stub given as "python=..." once ended up in the cell as text)."""
    stub = korean.CODE_STUB.splitlines()
    for cell in read_notebook(korean_release(lesson)).cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("solution"):
            continue
        lines = [line.strip() for line in cell.source.splitlines()]
        assert "YOUR CODE HERE" not in cell.source, cell.id
        if stub[0] in lines:
            at = lines.index(stub[0])
            assert lines[at:at + 2] == stub, f"{lesson} {cell.id}: {lines[at:at + 2]}"
        else:
            assert not any("여기에 코드" in line for line in lines), f"{lesson} {cell.id}"


def test_korean_releases_match_a_fresh_generation(tmp_path):
    instructor(ROOT, "generate", "--lang", "ko", *KOREAN, "--release-dir", str(tmp_path))
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(KOREAN_LESSONS) for p in KOREAN_LESSONS.rglob("*")
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    assert fresh == committed, "run `instructor.py generate --lang ko` and commit lessons-ko/"
    stale = [str(p) for p in fresh
             if (tmp_path / p).read_bytes() != (KOREAN_LESSONS / p).read_bytes()]
    assert not stale, f"lessons-ko/ out of date: {stale}; run `instructor.py generate --lang ko`"


def test_a_changed_english_cell_makes_the_translation_stale(tmp_path):
    """Mutation: change an English markdown cell in a copy; the generator refuses."""
    course = copy_course(tmp_path / "course")
    path = course / "solutions" / FAST_LESSON / f"{FAST_LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\n\nA sentence added in English."
    nbformat.write(nb, path)
    result = instructor(course, "generate", "--lang", "ko", FAST_LESSON, "--release-dir",
                        str(tmp_path / "out"), check=False)
    assert result.returncode != 0
    assert f"{cell.id}: stale translation" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


# -- running and grading the Korean lessons ------------------------------------------------

@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", notebook_params())
def test_korean_solution_runs_and_untouched_release_fails_for_the_right_reason(lesson,
                                                                                tmp_path):
    solved = tmp_path / f"{lesson}-ko" / f"{lesson}-ko.ipynb"  # the folder says Korean
    solved.parent.mkdir()
    nbformat.write(korean.korean_notebook(lesson), solved)
    figures = tmp_path / "figure-texts.jsonl"  # what each drawn figure says (plotting.py)
    executed = execute(solved, env={FIGURE_TEXTS: str(figures)})
    errors = cell_errors(executed)
    assert not errors, f"Korean solution of {lesson}: cells raised errors: {errors}"
    release = korean_release(lesson)
    graded = [c.id for c in read_notebook(release).cells if is_graded_test(c)]
    untouched = execute(release, env={FIGURE_TEXTS: str(figures)})
    errors = cell_errors(untouched)
    # issue 29: what the learner reads (printed output, errors, widgets, figures) is Korean
    english = [f for nb in (executed, untouched) for f in korean_scan.output_findings(nb)]
    english = sorted(set(english + korean_scan.output_findings({}, figures)))
    new = [f for f in english if f not in korean_scan.KNOWN_OUTPUT.get(lesson, set())]
    assert not new, f"{lesson}-ko shows English:\n  " + "\n  ".join(new)
    for cell_id in graded:
        assert cell_id in errors, f"{release.name}: test cell {cell_id} passes untouched"
        name, message = errors[cell_id]
        words = " ".join(message.split())  # Korean feedback is wrapped to the screen's width
        assert name in EXPECTED_FAILURES and NOT_WRITTEN in words, (cell_id, message)


def gradebook_scores(course: Path, assignment: str, student: str) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.score, g.max_score) for g in notebook.grades
                if g.cell.cell_type == "code"}


@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", notebook_params())
def test_same_answers_same_points_in_both_editions(lesson, tmp_path):
    """release, collect, autograde through instructor.py: the Korean solution gets every
    autograded point the English release offers (the English solution's full marks are
    tests/test_autograde.py's), the untouched Korean release none."""
    course = copy_course(tmp_path / "course")
    download = tmp_path / "download"
    download.mkdir()
    nbformat.write(korean.korean_notebook(lesson), download / f"solved_{lesson}-ko.ipynb")
    shutil.copy(korean_release(lesson), download / f"untouched_{lesson}-ko.ipynb")
    env_profile = os.environ.pop("DCGAN_COURSE_PROFILE", None)  # grading picks fast itself
    try:
        instructor(course, "release", lesson, f"{lesson}-ko")
        instructor(course, "collect", str(download))
        graded = instructor(course, "autograde", lesson, f"{lesson}-ko")
        instructor(course, "feedback", f"{lesson}-ko")
        instructor(course, "export", "--to", str(tmp_path / "grades.csv"))
    finally:
        if env_profile is not None:
            os.environ["DCGAN_COURSE_PROFILE"] = env_profile
    assert "NOT GRADED" not in graded.stdout, graded.stdout
    english = {c.metadata.nbgrader["grade_id"]: (float(c.metadata.nbgrader["points"]),) * 2
               for c in read_notebook(LESSONS / lesson / f"{lesson}.ipynb").cells
               if is_graded_test(c)}
    translated = gradebook_scores(course, f"{lesson}-ko", "solved")
    untouched = gradebook_scores(course, f"{lesson}-ko", "untouched")
    assert english and translated == english, (english, translated)
    assert all(score == most > 0 for score, most in translated.values()), translated
    assert sum(score for score, _ in untouched.values()) == 0, untouched
    assert (course / "autograder" / "submitted" / "solved" / f"{lesson}-ko").is_dir()
    feedback = course / "autograder" / "feedback" / "solved" / f"{lesson}-ko"
    assert (feedback / f"{lesson}-ko.html").is_file()
    exported = (tmp_path / "grades.csv").read_text()
    assert f"{lesson}-ko," in exported and f"{lesson}," in exported  # both assignments


def test_verdicts_serve_both_editions():
    import verdicts

    for (notebook, grade_id), exercise in verdicts.load_all().items():
        assert verdicts.exercise_for(f"{notebook}-ko", grade_id) is exercise


# -- Hangul in figures ---------------------------------------------------------------------

def test_edition_comes_from_the_folder_or_the_environment():
    from dcgan_course.language import edition

    folder = ROOT / "lessons-ko" / "01-gan-intro-ko"
    assert edition(folder, {}) == "ko"
    assert edition(ROOT / "lessons" / "01-gan-intro", {}) == "en"
    assert edition(ROOT / "lessons" / "01-gan-intro", {"DCGAN_COURSE_LANG": "ko"}) == "ko"
    assert edition(folder, {"DCGAN_COURSE_LANG": "en"}) == "en"


def missing_glyphs() -> list[str]:
    """Missing-glyph warnings while a figure with Hangul text (and a minus sign) is drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = Figure()
        ax = fig.subplots()
        ax.plot([-1, 0, 1], label="생성자 손실")
        ax.set(title="판별자(Discriminator)의 로짓", xlabel="단계 −1", ylabel="손실")
        ax.legend()
        FigureCanvasAgg(fig).draw()  # a real renderer: glyphs are looked up
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_korean_setting_draws_hangul_without_missing_glyphs():
    import matplotlib

    from dcgan_course.language import FONT_FAMILY, use_hangul_font

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert missing_glyphs(), "the check cannot fail: DejaVu Sans should lack Hangul"
    with matplotlib.rc_context():
        assert use_hangul_font(), "koreanize-matplotlib (NanumGothic) is not installed"
        assert FONT_FAMILY in matplotlib.rcParams["font.family"]
        assert missing_glyphs() == []


def ink(text: str, family: list[str] | None = None) -> int:
    """How many dark pixels ``text`` draws at 40 pt (the current fonts, or ``family``)."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 1), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.05, 0.3, text, fontsize=40, family=family or matplotlib.rcParams["font.family"])
    fig.canvas.draw()
    return int((np.asarray(fig.canvas.buffer_rgba())[..., :3].min(axis=2) < 128).sum())


def test_korean_figures_draw_arrows_full_size():
    """NanumGothic draws "→" hairline-thin (a small mark at figure sizes): the Korean setting
    must take it from DejaVu Sans (measured: 96 dark pixels at 40 pt against 321)."""
    import matplotlib

    from dcgan_course.language import FONT_FAMILY, use_hangul_font

    with matplotlib.rc_context():
        assert use_hangul_font(), "koreanize-matplotlib (NanumGothic) is not installed"
        reference = ink("→", ["DejaVu Sans"])
        assert ink("→", [FONT_FAMILY]) < reference / 2, "the check cannot fail otherwise"
        assert ink("→") == reference
        assert ink("생성자") == ink("생성자", [FONT_FAMILY]), "Hangul comes from NanumGothic"


def test_a_kernel_in_a_korean_lesson_folder_picks_the_hangul_font(tmp_path):
    folder = tmp_path / "lessons-ko" / "01-gan-intro-ko"
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "DCGAN_COURSE_LANG"}
    code = "import dcgan_course, matplotlib; print(' '.join(matplotlib.rcParams['font.family']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env,
                            capture_output=True, text=True, check=True)
    assert "NanumGothic" in result.stdout
    english = subprocess.run([sys.executable, "-c", code], cwd=AUTOGRADER, env=env,
                             capture_output=True, text=True, check=True)
    assert "NanumGothic" not in english.stdout


# -- the entry point -------------------------------------------------------------------------

def test_course_py_lang_ko_serves_the_korean_lesson_01(capsys):
    """`course.py --check --lang ko` (its set-up step aside: the tests' environment is it)."""
    sys.path.insert(0, str(ROOT))
    import course

    assert course.take_language(["--check", "--lang", "ko"]) == ("ko", ["--check"])
    assert course.take_language(["--lang=ko"]) == ("ko", [])
    assert course.take_language(["--check"]) == ("en", ["--check"])
    lesson = course.FIRST_LESSONS["ko"]
    assert (ROOT / lesson).is_file()
    course.check_lab(Path(sys.executable), lesson)
    assert f"JupyterLab served {lesson}" in capsys.readouterr().out
