"""Every lesson presents as slides: each cell has a slide type, the number of screens fits a
60-90 minute meeting (autograder/slides.py's SCREEN_RANGE: 15-45 slides and subslides, at 2-4
minutes a screen and about 10 minutes for each "your turn" slide), and nbconvert turns every
lesson into a reveal.js deck with one section per slide and subslide. Every exercise is a "your
turn" screen: each answer cell sits on a screen whose exercise heading the static deck marks
"Your turn:". The deck's MathJax shows each formula once (its fast preview is turned off).

Parametrised over every lesson in solutions/, so a new lesson (07) is checked as soon as it
exists: tag it with `python autograder/slides.py tag 07-...` and regenerate it.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import KOREAN_LESSONS, LESSONS, SOLUTIONS, korean_lesson_names, lesson_names

# autograder/slides.py, imported after verdict_harness has put its folder on sys.path (a plain
# import would be sorted above it).
slides = importlib.import_module("slides")

LESSON_NAMES = lesson_names()


def notebook(folder, lesson):
    return nbformat.read(next((folder / lesson).glob("*.ipynb")), as_version=4)


@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_every_cell_has_a_slide_type_and_the_count_fits_a_meeting(lesson):
    for folder in (SOLUTIONS, LESSONS):
        found = slides.problems(notebook(folder, lesson))
        assert not found, (f"{folder.name}/{lesson}: " + "; ".join(found)
                           + f". Run `python autograder/slides.py tag {lesson}`, tune by hand, "
                           f"then `python autograder/instructor.py generate {lesson}`.")


@pytest.mark.parametrize("lesson", lesson_names())
def test_release_keeps_the_slide_plan(lesson):
    """nbgrader's generate_assignment carries the slide types into lessons/ unchanged."""
    if not (LESSONS / lesson).is_dir():
        pytest.skip(f"{lesson} has no release yet")
    source = {c.id: slides.slide_type(c) for c in notebook(SOLUTIONS, lesson).cells}
    release = {c.id: slides.slide_type(c) for c in notebook(LESSONS, lesson).cells}
    assert release == source


def test_tag_fills_only_untagged_cells_and_is_idempotent():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("import os"),
        nbformat.v4.new_markdown_cell("## 1. A section"),
        nbformat.v4.new_code_cell("plot()"),
        nbformat.v4.new_markdown_cell("### Exercise 1 - do it"),
        nbformat.v4.new_code_cell("def f():\n    raise NotImplementedError()",
                                  metadata={"nbgrader": {"solution": True}}),
        nbformat.v4.new_code_cell("check(f)", metadata={"nbgrader": {"grade": True}}),
        nbformat.v4.new_markdown_cell("### A detail", metadata={"slideshow": {}}),
        nbformat.v4.new_markdown_cell("### Kept", metadata={"slideshow": {"slide_type": "skip"}}),
    ])
    assert slides.tag(nb) == 7
    assert [slides.slide_type(c) for c in nb.cells] == [
        "slide", "skip", "slide", "-", "slide", "-", "fragment", "-", "skip"]  # the last two
    assert slides.tag(nb) == 0                                               # kept by hand
    # continue is stored as no slide_type: jupyterlab-deck 0.2.0 hides a cell typed "-"
    assert nb.cells[5].metadata.slideshow == {} and nb.cells[7].metadata.slideshow == {}


def test_tag_respells_a_hidden_continue_and_check_rejects_it():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title", metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell("def f(): ...", metadata={"slideshow": {"slide_type": "-"}}),
    ])
    assert "typed '-'" in " ".join(slides.problems(nb))
    assert slides.tag(nb) == 1 and nb.cells[1].metadata.slideshow == {}
    assert slides.slide_type(nb.cells[1]) == "-" and "typed '-'" not in " ".join(
        slides.problems(nb))
    assert slides.tag(nb) == 0


def typed(*kinds):
    """A notebook of markdown cells with these slide types (a "### " heading where marked #)."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        ("### Heading" if kind.endswith("#") else "text") + f" {n}",
        metadata={"slideshow": {"slide_type": kind.rstrip("#")}}) for n, kind in enumerate(kinds)])


def test_a_subslide_after_a_one_cell_subslide_is_named_and_repaired():
    """jupyterlab-deck 0.2.0's down key skips a one-cell subslide that another follows."""
    nb = typed("slide", "subslide", "subslide", "subslide", "fragment", "subslide")
    assert slides.unreachable_subslides(nb) == [(1, 2), (2, 3)]  # 3 has a fragment after it
    assert "right after a one-cell subslide" in " ".join(slides.problems(nb))
    assert slides.tag(nb) == 0  # without --repair, tagged cells are kept
    assert slides.tag(nb, repair=True) == 1  # cell 2 joins 1's screen: 3 is reachable again
    assert [slides.slide_type(c) for c in nb.cells] == [
        "slide", "subslide", "fragment", "subslide", "fragment", "subslide"]
    assert not slides.unreachable_subslides(nb) and slides.tag(nb, repair=True) == 0
    # a heading keeps starting its screen: the one cell before it joins the screen before
    nb = typed("slide", "subslide", "subslide#")
    assert slides.tag(nb, repair=True) == 1
    assert [slides.slide_type(c) for c in nb.cells] == ["slide", "-", "subslide"]
    nb = typed("slide", "subslide#", "subslide#")  # two headings: left to a person
    assert slides.tag(nb, repair=True) == 0 and slides.unreachable_subslides(nb) == [(1, 2)]
    # the rules never make the pattern: a long cell after a one-cell subslide is a fragment
    long = "\n".join(["a line of text"] * 20)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(t) for t in (
        "# Title", "## 1. Section", long, long, long)])
    assert slides.plan(nb) == ["slide", "slide", "-", "subslide", "fragment"]


def test_check_names_an_untagged_cell_and_a_short_deck():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("x = 1")])
    found = " ".join(slides.problems(nb))
    assert "cell 0" in found and "no slide type" in found and "outside 15-45" in found


@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_nbconvert_deck_has_one_section_per_screen(lesson, tmp_path):
    path = next((LESSONS / lesson).glob("*.ipynb"))
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides",
                             str(path), f"--output-dir={tmp_path}"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / f"{path.stem}.slides.html").read_text(encoding="utf-8")
    types = [slides.slide_type(c) for c in nbformat.read(path, as_version=4).cells]
    # nbconvert opens each slide with two <section>s (its vertical stack and its first
    # screen) and each subslide with one
    expected = 2 * types.count("slide") + types.count("subslide")
    assert len(re.findall(r"<section\b", html)) == expected
    # the export's fix for doubled formulas finds nbconvert's MathJax configuration
    fixed = slides.without_math_preview(html)
    assert fixed.count(slides.MATHJAX_NO_PREVIEW) == 1 and slides.MATHJAX_NO_PREVIEW not in html
    assert fixed.count(slides.TEX2JAX_NO_PREVIEW) == 1 and slides.TEX2JAX_NO_PREVIEW not in html


def answer_screens(nb):
    """(answer cell index, the cells of the screen it is on, up to it) for every answer."""
    start = 0
    for index, cell in enumerate(nb.cells):
        if slides.slide_type(cell) in ("slide", "subslide"):
            start = index
        if slides.is_solution(cell):
            yield index, nb.cells[start:index + 1]


@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_every_exercise_is_a_your_turn_screen(lesson):
    nb = notebook(LESSONS, lesson)
    deck = slides.deck_notebook(notebook(LESSONS, lesson), nb)
    answers = list(answer_screens(deck))
    assert answers, f"{lesson} has no answer cells"
    for index, screen in answers:
        marked = [line for c in screen if c.cell_type == "markdown"
                  for line in c.source.splitlines()
                  if re.match(r"#{2,3} .*\byour turn\b", line, re.IGNORECASE)]
        assert marked, (f"{lesson}: answer cell {index} is not on a screen that starts its "
                        "exercise with a 'Your turn' heading in the deck")
    # the lesson itself keeps its own words
    assert [c.source for c in nb.cells] == [c.source for c in notebook(LESSONS, lesson).cells]


def test_your_turn_mark_and_check_fail_where_they_should():
    assert slides.mark_your_turn("text\n### Exercise 1 — x (1 point)\n") == \
        "text\n### Your turn: Exercise 1 — x (1 point)\n"
    assert slides.mark_your_turn("## 10. Your turn: samples") == "## 10. Your turn: samples"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## 1. Section",
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell("x = 1", metadata={"slideshow": {"slide_type": "subslide"}}),
        nbformat.v4.new_code_cell("def f(): ...", metadata={
            "nbgrader": {"solution": True}, "slideshow": {"slide_type": "-"}}),
    ])
    assert "without an exercise heading" in " ".join(slides.problems(nb))
    nb.cells[1] = nbformat.v4.new_markdown_cell("### Exercise 1 — f", metadata={
        "slideshow": {"slide_type": "subslide"}})
    assert not slides.exercise_screen_problems(nb)


@pytest.mark.parametrize("lesson", korean_lesson_names())
def test_korean_release_presents_every_exercise_on_its_screen(lesson):
    """check reads the Korean exercise headings (### 실습 과제 1 — ..., ## 10. 여러분 차례: ...)."""
    nb = notebook(KOREAN_LESSONS, lesson + "-ko")
    found = slides.problems(nb)
    assert not found, f"lessons-ko/{lesson}-ko: " + "; ".join(found)
    assert [h for c in nb.cells if c.cell_type == "markdown"
            for h in slides.exercise_headings(c.source)], f"{lesson}-ko: no exercise heading found"


def test_korean_exercise_headings_are_marked_in_korean():
    assert slides.mark_your_turn("### 실습 과제 2 — 출력 크기 (2점)\n") == \
        "### 여러분 차례: 실습 과제 2 — 출력 크기 (2점)\n"
    assert slides.mark_your_turn("## 10. 여러분 차례: 여러분의 샘플 (2점)") == \
        "## 10. 여러분 차례: 여러분의 샘플 (2점)"
    assert slides.exercise_headings("## 정리\n### 실습 과제 4 전에: 테이프") == [1]
