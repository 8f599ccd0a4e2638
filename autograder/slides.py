#!/usr/bin/env python3
"""Slide plan of a lesson: fill in and check the reveal.js slide type of every cell.

    python autograder/slides.py tag   [--repair] [LESSON-OR-NOTEBOOK ...]
                                       fill in missing slide types (--repair: see below)
    python autograder/slides.py check [LESSON-OR-NOTEBOOK ...]   every cell typed, count in range
    python autograder/slides.py show  [LESSON-OR-NOTEBOOK ...]   print the plan, one line a cell
    python autograder/slides.py export --out DIR [--profile fast|full] [LESSON ...]
                                       static reveal.js decks (``python3 course.py slides``)

Without arguments each command works on every lesson in ``solutions/``. A lesson is named by
its folder (``06-svhn-training``) or given as a path to a notebook. After ``tag``, regenerate
the lesson (``instructor.py generate LESSON``): nbgrader keeps cell metadata, so the student
release presents the same way.

Why a tool and not hand-made metadata only: lessons change (new paragraphs, a new lesson 07),
and a rule that anyone can rerun keeps every lesson presentable without a second copy of its
content. ``tag`` only fills cells that have no slide type yet (and respells "continue",
below), so whatever a person tuned by hand is kept, and running it twice changes nothing. The
rules (:func:`plan`):

- the title (``#``) and every section (``##``) start a **slide**;
- an exercise (a heading that names an exercise or says "your turn") starts a **slide** of its
  own: the "your turn" slide with the statement and the learner's solution cell (kept on it
  whatever its length), its graded test cells appear as **fragments** (a second key press,
  once the group has tried);
- a sub-section (``###``) starts a **subslide** (down, in reveal.js' vertical stack);
- code before the first section (imports, the profile switch) is **skip**: the facilitator
  runs the whole notebook before presenting, and the group sees the ideas, not the set-up;
- any other cell continues the current slide (``-``), unless the slide would no longer fit
  on a projector (:data:`SLIDE_BUDGET` estimated lines): then it starts a **subslide**, so a
  long derivation is read one screen at a time; a short paragraph that comments the figure
  right above it is a **fragment**, shown after the group has looked at the figure.

``check`` fails unless every cell has a slide type, the notebook opens on a slide, and the
number of screens (slides and subslides) is in :data:`SCREEN_RANGE`.

**Continue is written as no slide type.** A continue cell's metadata is ``"slideshow": {}``:
nbconvert (``--to slides``) and RISE read a missing ``slide_type`` as ``"-"``, and
jupyterlab-deck 0.2.0, the live slideshow, knows continue *only* as a missing (null) type: it
skips a cell typed ``"-"`` altogether, so the learner's answer cells were invisible in the live
deck. ``slideshow: {}`` (key present, no type) also tells "tagged as continue" from "not tagged
yet" (no ``slideshow`` key), so ``tag`` stays idempotent. ``tag`` rewrites a ``"-"`` it finds
to that form (the same type, spelled the way both tools read it); ``check`` rejects ``"-"``.

**No subslide right after a one-cell subslide.** jupyterlab-deck 0.2.0 links ↓ (and Space)
from a subslide to the next one through the subslide's last continue or fragment cell; a
subslide that is a single cell has none, so the next subslide is linked from the *slide*
instead and overwrites its link to the first: ↓ skipped every one-cell subslide of a stack.
The rules never produce that pattern (a cell that would start such a subslide becomes a
fragment of the one-cell screen: it appears on the next key press, below); ``check`` names
it where a lesson has it, and ``tag --repair`` turns such a subslide into a fragment, or, if
it is a heading (which must start its screen), makes the one cell before it continue the
screen before that; the only types ``tag`` ever changes.
"""

from __future__ import annotations

import argparse
import ast
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"

SLIDE, SUBSLIDE, FRAGMENT, SKIP, NOTES, CONTINUE = "slide", "subslide", "fragment", "skip", \
    "notes", "-"
SLIDE_TYPES = (SLIDE, SUBSLIDE, FRAGMENT, SKIP, NOTES, CONTINUE)

#: Screens (slides + subslides) a 60-90 minute meeting can present. At 2-4 minutes a screen
#: and about 10 minutes for each "your turn" slide, 15 screens fill an hour slowly and 45
#: fill 90 minutes at a brisk pace; fewer means a lesson too thin for a meeting, more means
#: the facilitator would be clicking instead of talking (split the lesson).
SCREEN_RANGE = (15, 45)
#: Estimated lines that fit one screen at reveal.js' 960 x 700 size with the course's font:
#: about 26 lines of text, or a figure (counted as :data:`OUTPUT_LINES`) with ten lines.
SLIDE_BUDGET = 26
#: Lines a code cell's output is counted as (a figure or a widget, most of the time).
OUTPUT_LINES = 12
#: Characters on one rendered line of a slide.
LINE_WIDTH = 90
#: A paragraph this short (estimated lines) that follows a code cell comments its output.
FRAGMENT_LINES = 8

#: An exercise heading, in the English lessons and in the Korean releases (i18n/ko/):
#: "Exercise" is 실습 과제 there, "your turn" 여러분 차례.
EXERCISE = re.compile(r"^#{2,3}\s+(.*\bexercise\b|.*\byour turn\b|.*실습 과제|.*여러분 차례)",
                      re.IGNORECASE)
YOUR_TURN_SAID = re.compile(r"\byour turn\b|여러분 차례", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s")


@dataclass
class Screen:
    """What the plan has put on the current screen so far."""

    lines: int = 0
    seen_section: bool = False
    #: The screen is a subslide of one cell so far (see "No subslide right after ...").
    lone_subslide: bool = False


def heading_level(cell: nbformat.NotebookNode) -> int:
    """The level of the heading a markdown cell opens with (0 if none)."""
    if cell.cell_type != "markdown":
        return 0
    match = HEADING.match(cell.source.lstrip())
    return len(match.group(1)) if match else 0


def shows_output(source: str) -> bool:
    """Whether a code cell probably displays something: its last statement is an expression
    (Jupyter shows its value: a figure, a widget, a table), or it prints or plots."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython magics and the like: assume it shows something
        return True
    if body and isinstance(body[-1], ast.Expr):
        return True
    return bool(re.search(r"\b(print|display|plot\w*|show\w*|imshow)\s*\(", source))


def estimated_lines(cell: nbformat.NotebookNode) -> int:
    """Rendered height of a cell on a slide, in lines: wrapped text, plus room for output."""
    text = sum(max(1, math.ceil(len(line) / LINE_WIDTH)) for line in cell.source.splitlines())
    if cell.cell_type == "code" and shows_output(cell.source):
        text += OUTPUT_LINES
    return text


def is_graded_test(cell: nbformat.NotebookNode) -> bool:
    """A locked test cell of nbgrader (graded, and not the learner's answer)."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """The learner's answer cell: it stays on its exercise's "your turn" slide."""
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def slide_type(cell: nbformat.NotebookNode) -> str | None:
    """The slide type a cell already has (:data:`CONTINUE` for ``"slideshow": {}``), or None
    when it has not been tagged (no ``slideshow`` metadata)."""
    if "slideshow" not in cell.metadata:
        return None
    return cell.metadata.slideshow.get("slide_type") or CONTINUE


def is_hidden_continue(cell: nbformat.NotebookNode) -> bool:
    """Tagged continue as ``"-"``: what jupyterlab-deck 0.2.0 does not show (module docstring)."""
    return cell.metadata.get("slideshow", {}).get("slide_type") == CONTINUE


def set_slide_type(cell: nbformat.NotebookNode, kind: str) -> None:
    """Store ``kind`` as both nbconvert and jupyterlab-deck read it: continue as no type."""
    meta = cell.metadata.setdefault("slideshow", {})
    if kind == CONTINUE:
        meta.pop("slide_type", None)
    else:
        meta["slide_type"] = kind


def rule_for(cell: nbformat.NotebookNode, previous: nbformat.NotebookNode | None,
             screen: Screen) -> str:
    """The slide type the rules give ``cell`` (see the module docstring)."""
    level = heading_level(cell)
    if level == 1 or (level == 2 and not EXERCISE.match(cell.source.lstrip())):
        return SLIDE
    if level in (2, 3) and EXERCISE.match(cell.source.lstrip()):
        return SLIDE
    if level == 3:
        return SUBSLIDE
    if cell.cell_type == "code" and not screen.seen_section:
        return SKIP
    if is_graded_test(cell):
        return FRAGMENT
    if is_solution(cell):
        return CONTINUE
    height = estimated_lines(cell)
    if screen.lines + height > SLIDE_BUDGET and screen.lines > 0:
        # a subslide after a one-cell subslide is unreachable with ↓ in jupyterlab-deck
        return FRAGMENT if screen.lone_subslide else SUBSLIDE
    if (cell.cell_type == "markdown" and previous is not None
            and previous.cell_type == "code" and height <= FRAGMENT_LINES):
        return FRAGMENT
    return CONTINUE


def plan(nb: nbformat.NotebookNode) -> list[str]:
    """Slide type of every cell: the one it has, else the one the rules give."""
    types: list[str] = []
    screen = Screen()
    previous = None
    for cell in nb.cells:
        chosen = slide_type(cell) or rule_for(cell, previous, screen)
        if heading_level(cell) == 2:
            screen.seen_section = True
        if chosen in (SLIDE, SUBSLIDE):
            screen.lines = 0
        if chosen not in (SKIP, NOTES):
            screen.lines += estimated_lines(cell)
            screen.lone_subslide = chosen == SUBSLIDE
        types.append(chosen)
        previous = cell
    return types


def tag(nb: nbformat.NotebookNode, repair: bool = False) -> int:
    """Give every cell without a slide type the one :func:`plan` chooses, and write a continue
    typed ``"-"`` as no type; with ``repair``, also make each subslide that ↓ cannot reach
    (:func:`unreachable_subslides`) a fragment. Return how many cells changed."""
    changed = 0
    for cell, chosen in zip(nb.cells, plan(nb), strict=True):
        if slide_type(cell) is None or is_hidden_continue(cell):
            set_slide_type(cell, chosen)
            changed += 1
    while repair and (pair := repairable(nb)):  # one at a time: each repair ends a pattern
        lone, index = pair
        if not heading_level(nb.cells[index]):  # it joins the one-cell screen
            set_slide_type(nb.cells[index], FRAGMENT)
        else:  # a heading must start its screen: the one cell joins the screen before
            set_slide_type(nb.cells[lone], CONTINUE)
        changed += 1
    return changed


def repairable(nb: nbformat.NotebookNode) -> tuple[int, int] | None:
    """The first pair of :func:`unreachable_subslides` that ``tag --repair`` can mend (not two
    headings in a row: a person decides what goes between them)."""
    return next(((lone, index) for lone, index in unreachable_subslides(nb)
                 if not (heading_level(nb.cells[lone]) and heading_level(nb.cells[index]))),
                None)


def unreachable_subslides(nb: nbformat.NotebookNode) -> list[tuple[int, int]]:
    """(one-cell subslide, the subslide right after it) for each such pair (skip and notes
    cells aside): jupyterlab-deck 0.2.0's ↓ and Space jump over the one-cell subslide."""
    found, lone = [], None
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in (SKIP, NOTES):
            continue
        if kind == SUBSLIDE and lone is not None:
            found.append((lone, index))
        lone = index if kind == SUBSLIDE else None
    return found


def screens(types: list[str]) -> int:
    """Screens a deck shows: each slide and each subslide is one."""
    return sum(t in (SLIDE, SUBSLIDE) for t in types)


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Everything that keeps a notebook from presenting well, in words; empty when fine."""
    found = []
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind is None:
            found.append(f"cell {index} ({cell.get('id', '?')}) has no slide type")
        elif is_hidden_continue(cell):
            found.append(f"cell {index} ({cell.get('id', '?')}) is typed '-', which the live "
                         "deck (jupyterlab-deck 0.2.0) hides: `slides.py tag` writes continue "
                         "as no type")
        elif kind not in SLIDE_TYPES:
            found.append(f"cell {index} ({cell.get('id', '?')}) has the unknown slide type "
                         f"{kind!r} (one of {', '.join(SLIDE_TYPES)})")
    if nb.cells and slide_type(nb.cells[0]) != SLIDE:
        found.append("the first cell must be a slide (the lesson's title)")
    found.extend(exercise_screen_problems(nb))
    found.extend(f"cell {index} ({nb.cells[index].get('id', '?')}) is a subslide right after a "
                 "one-cell subslide, which ↓ skips in the live deck: `slides.py tag --repair` "
                 "makes it a fragment" for _, index in unreachable_subslides(nb))
    count = screens([slide_type(c) or "" for c in nb.cells])
    low, high = SCREEN_RANGE
    if not low <= count <= high:
        found.append(f"{count} screens (slides + subslides), outside {low}-{high}: "
                     "a 60-90 minute meeting cannot present it well; retune by hand")
    return found


def notebook_paths(names: list[str]) -> list[Path]:
    """Notebooks named by lesson folder or path; every lesson in solutions/ when none."""
    if not names:
        return sorted(SOLUTIONS.glob("*/*.ipynb"))
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            paths.append(path)
        elif path.is_dir() or (SOLUTIONS / name).is_dir():
            folder = path if path.is_dir() else SOLUTIONS / name
            paths.extend(sorted(folder.glob("*.ipynb")))
        else:
            sys.exit(f"{name}: neither a notebook nor a lesson folder in {SOLUTIONS}")
    return paths


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write as the course stores notebooks (nbformat's layout and a final newline)."""
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


#: What a static deck shows where the lesson has a live widget (it needs a running kernel).
WIDGET_NOTE = ("[A live widget: present this slide with RISE in JupyterLab (the slideshow "
               "button in the notebook's toolbar) to use it.]")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_outputs(outputs: list) -> list:
    """A cell's outputs for a static deck: widget views (dead without a kernel) become a note."""
    kept = []
    for output in outputs:
        if WIDGET_VIEW in output.get("data", {}):
            output = nbformat.v4.new_output("display_data", data={"text/plain": WIDGET_NOTE})
        kept.append(output)
    return kept


#: The mark a static deck puts on every exercise heading: the group sees at a glance that the
#: screen is theirs to work on. Added in the deck only; the lesson keeps its own words.
YOUR_TURN = "Your turn:"
#: The same mark on a Korean release's heading (the deck's term for "your turn").
YOUR_TURN_KO = "여러분 차례:"
HANGUL = re.compile("[\uac00-\ud7a3]")


def exercise_headings(source: str) -> list[int]:
    """Line numbers of the exercise headings (``## Exercise ...``, ``### ... your turn ...``)
    in a markdown cell's source."""
    return [n for n, line in enumerate(source.splitlines()) if EXERCISE.match(line.lstrip())]


def mark_your_turn(source: str) -> str:
    """``### Exercise 2 — output sizes`` becomes ``### Your turn: Exercise 2 — output sizes``
    (``### 실습 과제 2 ...`` becomes ``### 여러분 차례: 실습 과제 2 ...``; a heading that already
    says "your turn" is left as it is)."""
    lines = source.splitlines()
    for n in exercise_headings(source):
        hashes, _, title = lines[n].lstrip().partition(" ")
        if not YOUR_TURN_SAID.search(title):
            mark = YOUR_TURN_KO if HANGUL.search(title) else YOUR_TURN
            lines[n] = f"{hashes} {mark} {title.lstrip()}"
    return "\n".join(lines) + ("\n" if source.endswith("\n") else "")


def exercise_screen_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Every answer cell (each belongs to a graded exercise) must be on a screen (slide or
    subslide) that states its exercise: an exercise heading between the screen's first cell
    and the answer. Otherwise the group would see an answer without its "your turn" slide."""
    found, start = [], None
    for index, cell in enumerate(nb.cells):
        if slide_type(cell) in (SLIDE, SUBSLIDE):
            start = index
        if not is_solution(cell):
            continue
        screen = nb.cells[start:index + 1] if start is not None else []
        if not any(c.cell_type == "markdown" and exercise_headings(c.source) for c in screen):
            found.append(f"cell {index} ({cell.get('id', '?')}) is an answer on a screen "
                         "without an exercise heading: start its exercise on a slide")
    return found


def deck_notebook(lesson_nb: nbformat.NotebookNode,
                  executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The learner's notebook with the figures of the executed solution: every cell keeps the
    learner's text and code (no answers), and takes the solution run's outputs unless it is an
    answer or a graded test cell (their outputs would give the answer away)."""
    outputs = {cell.get("id"): cell for cell in executed.cells if cell.cell_type == "code"}
    for cell in lesson_nb.cells:
        if cell.cell_type == "markdown":
            cell.source = mark_your_turn(cell.source)
        meta = cell.metadata.get("nbgrader", {})
        source = outputs.get(cell.get("id"))
        if cell.cell_type != "code" or source is None or meta.get("solution") or meta.get("grade"):
            continue
        cell.outputs = static_outputs(source.outputs)
        cell.execution_count = source.execution_count
    return lesson_nb


#: nbconvert's slides template loads MathJax 2 with two kinds of preview of each formula that
#: the full rendering is meant to replace: tex2jax's (the TeX source, in grey) and the
#: fast-preview extension's (part of the TeX-AMS_CHTML-full configuration). In a reveal.js
#: deck the previews stay visible beside the rendered formulas, so every formula showed twice
#: ("nn" for $n$, "GG" for $G$). The deck turns both off: (anchor in nbconvert's MathJax
#: configuration, the anchor with the setting added).
MATHJAX_ANCHOR = "messageStyle: 'none',"
MATHJAX_NO_PREVIEW = "'fast-preview': {disabled: true},"
TEX2JAX_ANCHOR = "processEnvironments: true"
TEX2JAX_NO_PREVIEW = "preview: 'none'"
MATHJAX_SETTINGS = ((MATHJAX_ANCHOR, f"{MATHJAX_ANCHOR} {MATHJAX_NO_PREVIEW}"),
                    (TEX2JAX_ANCHOR, f"{TEX2JAX_ANCHOR}, {TEX2JAX_NO_PREVIEW}"))


def without_math_preview(html: str) -> str:
    """The deck's HTML with MathJax's previews turned off (see :data:`MATHJAX_SETTINGS`)."""
    for anchor, replacement in MATHJAX_SETTINGS:
        if replacement in html:
            continue
        if html.count(anchor) != 1:
            raise ValueError("nbconvert's MathJax configuration changed: cannot turn off the "
                             "previews that double every formula (see slides.py)")
        html = html.replace(anchor, replacement)
    return html


def run_solution(lesson: str, workdir: Path, profile: str) -> nbformat.NotebookNode:
    """Execute a lesson's solution notebook in ``workdir`` (a scratch copy: what it saves for
    later lessons, such as ``my_dcgan/``, stays there); stop with the failing cell's error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = workdir / lesson
    shutil.copytree(SOLUTIONS / lesson, folder, dirs_exist_ok=True)
    path = next(folder.glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    os.environ["DCGAN_COURSE_PROFILE"] = profile
    client = NotebookClient(nb, timeout=1800, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except CellExecutionError as error:
        sys.exit(f"{lesson}: a cell of the solution failed, so its deck would show an error; "
                 f"fix the lesson first:\n{str(error)[-1500:]}")
    return nb


def export(lessons: list[str], out: Path, profile: str, nbconvert_options: list[str]) -> None:
    """Write ``<lesson>.slides.html`` for each lesson into ``out``: run the solution once for
    its figures, put them into the learner's notebook, convert with nbconvert's reveal.js
    template (scrolling on, since a few cells are taller than a projector)."""
    out.mkdir(parents=True, exist_ok=True)
    names = lessons or sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="course-slides-") as tmp:
        workdir = Path(tmp)
        for lesson in names:
            if not (SOLUTIONS / lesson).is_dir() or not (LESSONS / lesson).is_dir():
                sys.exit(f"{lesson}: no such lesson in {SOLUTIONS} and {LESSONS}")
            print(f"{lesson}: running the solution ({profile} profile) for its figures",
                  flush=True)
            executed = run_solution(lesson, workdir, profile)
            lesson_path = next((LESSONS / lesson).glob("*.ipynb"))
            deck = deck_notebook(nbformat.read(lesson_path, as_version=4), executed)
            deck_path = workdir / "decks" / lesson_path.name
            deck_path.parent.mkdir(exist_ok=True)
            write(deck, deck_path)
            command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides",
                       str(deck_path), f"--output-dir={out}", f"--output={lesson}",
                       "--SlidesExporter.reveal_scroll=True", *nbconvert_options]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(f"{lesson}: nbconvert failed:\n{result.stderr[-2000:]}")
            html = out / f"{lesson}.slides.html"
            html.write_text(without_math_preview(html.read_text(encoding="utf-8")),
                            encoding="utf-8")
            print(f"{lesson}: {out / (lesson + '.slides.html')} "
                  f"({screens([slide_type(c) or '' for c in deck.cells])} screens)", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("tag", "check", "show", "export"))
    parser.add_argument("lessons", nargs="*", help="lesson folders or notebooks (default: all)")
    parser.add_argument("--repair", action="store_true",
                        help="tag: make each subslide that the live deck's down key skips a "
                             "fragment (changes tagged cells)")
    parser.add_argument("--out", type=Path, default=ROOT / "decks",
                        help="export: folder for the decks")
    parser.add_argument("--profile", choices=("fast", "full"), default="full",
                        help="export: the profile the lessons run in for their figures")
    parser.add_argument("--nbconvert", action="append", default=[], metavar="OPTION",
                        help="export: an option passed on to nbconvert (repeatable)")
    args = parser.parse_intermixed_args(argv)
    if args.command == "export":
        export(args.lessons, args.out.resolve(), args.profile, args.nbconvert)
        return 0
    failed = False
    for path in notebook_paths(args.lessons):
        nb = nbformat.read(path, as_version=4)
        if args.command == "tag":
            filled = tag(nb, repair=args.repair)
            if filled:
                write(nb, path)
            print(f"{path.name}: {filled} cells tagged, {screens(plan(nb))} screens")
        elif args.command == "show":
            for index, (cell, kind) in enumerate(zip(nb.cells, plan(nb), strict=True)):
                mark = " " if slide_type(cell) else "*"
                first = cell.source.strip().splitlines()[0][:70] if cell.source.strip() else ""
                print(f"{index:3d} {mark}{kind:9s} {cell.cell_type[:4]:4s} {first}")
            print(f"{path.name}: {screens(plan(nb))} screens (* = not yet tagged)")
        else:
            found = problems(nb)
            failed = failed or bool(found)
            verdict = "; ".join(found) or f"OK, {screens(plan(nb))} screens"
            print(f"{path.name}: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
