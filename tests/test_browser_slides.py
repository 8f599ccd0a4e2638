"""Slides in a real browser. The static deck: exported the way `python3 course.py slides`
does (solution run once for its figures, reveal.js and friends beside the deck, no CDN), opened
from disk in Chromium, navigated to the first screen with a figure. Screenshot:
``test-artifacts/browser/slides-static-figure.png``; the first screen with formulas must
show each once, rendered (``slides-static-formulas.png``). The live slideshow: lesson 02 solved,
run in JupyterLab, then presented with jupyterlab-deck from the stride/padding visualizer's
screen: ↓ reaches it from its section's slide, next/back move between slides, and the
visualizer's slider must drive its kernel-computed caption while presenting
(``slides-live-widget.png``). On an exercise slide the learner's answer cell is on screen, and ↓
visits every screen of a vertical stack (``slides-live-your-turn.png``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import nbformat
import pytest
from conftest import LESSONS, ROOT
from test_browser import (  # noqa: F401 -- fixtures are used by name
    ARTIFACTS,
    browser,
    course_copy,
    lab,
    open_notebook,
    page,
    run_all,
)

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

LESSON = "01-gan-intro"


def course_module():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    options = course_module().slide_assets(out)
    assert options, "reveal.js could not be fetched with npm (needed once, then cached)"
    result = subprocess.run([sys.executable, str(ROOT / "autograder" / "slides.py"), "export",
                             "--profile", "fast", "--out", str(out), LESSON,
                             *[f"--nbconvert={o}" for o in options]],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out / f"{LESSON}.slides.html"


FIRST_FIGURE = """() => {
  const stacks = Array.from(document.querySelectorAll('.reveal .slides > section'));
  for (let h = 0; h < stacks.length; h++) {
    const screens = Array.from(stacks[h].children).filter(e => e.tagName === 'SECTION');
    for (let v = 0; v < screens.length; v++)
      if (screens[v].querySelector('.jp-OutputArea-output img')) return [h, v];
  }
  return null;
}"""


def test_static_deck_shows_a_figure_offline(deck, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    deck_page = context.new_page()
    failed = []
    deck_page.on("requestfailed", lambda r: failed.append(r.url))
    deck_page.goto(deck.as_uri())
    deck_page.wait_for_selector(".reveal.ready", timeout=30_000)  # reveal.js loaded, from disk
    where = deck_page.evaluate(FIRST_FIGURE)
    assert where, "no screen of the deck shows a figure"
    deck_page.evaluate(f"() => {{ location.hash = '#/{where[0]}/{where[1]}'; }}")
    image = deck_page.locator("section.present .jp-OutputArea-output img").first
    image.wait_for(state="visible", timeout=15_000)
    deck_page.wait_for_timeout(1000)  # the slide transition
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    deck_page.screenshot(path=str(ARTIFACTS / "slides-static-figure.png"))
    box = image.bounding_box()
    assert box and box["width"] > 200, f"the figure is not shown at a readable size: {box}"
    local = [u for u in failed if u.startswith("file:")]
    assert not local, f"the deck's own files failed to load: {local}"
    context.close()


#: Per formula on the current screen: MathJax's rendering is shown, its fast preview (and the
#: TeX source) is not; the deck showed both before the export turned the preview off.
FORMULAS = r"""() => {
  const screen = document.querySelector('.reveal .slides section.present section.present')
    || document.querySelector('.reveal .slides section.present');
  const shown = e => { const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    return box.width > 1 && box.height > 1 && style.display !== 'none'
      && style.visibility !== 'hidden'; };
  const all = s => Array.from(screen.querySelectorAll(s));
  return {tex: all('script[type^="math/tex"]').length,
          rendered: all('.mjx-chtml[id$="-Frame"]').filter(shown).length,
          previews: all('.MathJax_Preview').filter(e => shown(e) && e.textContent.trim()).length,
          raw: (screen.innerText.match(/\$[^$]+\$|\\\(|\\frac|\\lfloor/g) || []).length};
}"""

FIRST_FORMULA = """() => {
  const stacks = Array.from(document.querySelectorAll('.reveal .slides > section'));
  for (let h = 0; h < stacks.length; h++) {
    const screens = Array.from(stacks[h].children).filter(e => e.tagName === 'SECTION');
    for (let v = 0; v < screens.length; v++)
      if (screens[v].querySelectorAll('script[type^="math/tex"]').length >= 3) return [h, v];
  }
  return null;
}"""


def test_static_deck_shows_each_formula_once(deck, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    deck_page = context.new_page()
    deck_page.goto(deck.as_uri())
    deck_page.wait_for_selector(".reveal.ready", timeout=30_000)
    where = deck_page.evaluate(FIRST_FORMULA)
    assert where, "no screen of the deck has three formulas"
    deck_page.evaluate(f"() => {{ location.hash = '#/{where[0]}/{where[1]}'; }}")
    for _ in range(30):  # MathJax typesets, then re-renders the screen after the transition
        deck_page.wait_for_timeout(1000)
        found = deck_page.evaluate(FORMULAS)
        if found["rendered"] >= 3:
            break
    deck_page.wait_for_timeout(2000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    deck_page.screenshot(path=str(ARTIFACTS / "slides-static-formulas.png"))
    found = deck_page.evaluate(FORMULAS)
    assert found["rendered"] >= 3, found
    assert found["previews"] == 0 and found["raw"] == 0, f"formulas shown twice: {found}"
    context.close()


WIDGET_LESSON = "02-upsampling"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The released lessons and lesson 02 solved (its visualizer's caption needs no answer,
    but the notebook must run through)."""
    return course_copy(tmp_path_factory.mktemp("browser-slides-course"), [WIDGET_LESSON])


#: The cells the slideshow shows now (by index), and whether jupyterlab-deck is presenting.
ON_SCREEN = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  const shown = cells.filter(c => {
    const box = c.node.getBoundingClientRect(), style = getComputedStyle(c.node);
    return box.width > 0 && box.height > 0 && style.display !== 'none'
      && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0
      && box.bottom > 0 && box.top < window.innerHeight;
  });
  return {presenting: !!document.querySelector("[data-jp-deck-mode='presenting']"),
          active: window.jupyterapp.shell.currentWidget.content.activeCellIndex,
          shown: shown.map(c => cells.indexOf(c))};
}"""


def screen_of(cells: list, index: int) -> range:
    """The cells of the screen (slide or subslide) that cell ``index`` is on."""
    starts = [i for i, c in enumerate(cells)
              if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    first = max(i for i in starts if i <= index)
    return range(first, min([i for i in starts if i > index] or [len(cells)]))


def deck_command(tab, command: str) -> dict:
    tab.evaluate(f"() => window.jupyterapp.commands.execute('{command}')")
    tab.wait_for_timeout(1500)  # the deck's transition
    return tab.evaluate(ON_SCREEN)


def select_cell(tab, index: int) -> dict:
    """Make cell ``index`` the active one, as a click on it does; the deck shows its screen."""
    tab.evaluate(f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex"
                 f" = {index}; }}")
    tab.wait_for_timeout(1500)
    return tab.evaluate(ON_SCREEN)


def screen_starts(cells: list) -> list[int]:
    return [i for i, c in enumerate(cells)
            if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]


def test_live_slideshow_keeps_the_widget_live(page, lab):  # noqa: F811
    """jupyterlab-deck presents the notebook panel itself, so the widget is the notebook's own
    (jupyterlab_rise 0.43.1 shows widgets as text, rise#119: not used for this)."""
    open_notebook(page, lab, f"solved/{WIDGET_LESSON}/{WIDGET_LESSON}.ipynb")
    run_all(page)
    cells = nbformat.read(LESSONS / WIDGET_LESSON / f"{WIDGET_LESSON}.ipynb", as_version=4).cells
    index = next(i for i, c in enumerate(cells) if "ConvVisualizer(" in c.source)
    section = max(i for i in range(index)  # the slide "## 3. Convolution arithmetic"
                  if cells[i].metadata.get("slideshow", {}).get("slide_type") == "slide")
    # started on the tall visualizer cell after Run All, 0.2.0 can open on an empty screen
    # (scrolled as before its layout); ↑ then ↓ (facilitator/README.md) shows it
    select_cell(page, index)
    state = deck_command(page, "deck:start")
    assert state["presenting"], "jupyterlab-deck did not start presenting"
    state = deck_command(page, "deck:up")
    assert state["shown"] == [section], f"↑ from the visualizer shows cells {state['shown']}"
    # ↓ from the section's slide: the visualizer's screen (a subslide)
    state = deck_command(page, "deck:down")
    assert state["active"] == index and index in state["shown"] \
        and set(state["shown"]) <= set(screen_of(cells, index)), \
        f"↓ from the section's slide shows cells {state['shown']}, not the visualizer's screen"
    # → shows the screen's fragment ("Things to try"), then goes to the next slide, as in
    # reveal.js; ← goes back to the previous slide; ↓ from there returns to the visualizer
    moved = deck_command(page, "deck:forward")
    assert moved["active"] == index + 1 and index in moved["shown"], moved
    moved = deck_command(page, "deck:forward")
    assert moved["shown"] and min(moved["shown"]) > index, f"'next' did not go on: {moved}"
    moved = deck_command(page, "deck:back")
    assert moved["shown"] and max(moved["shown"]) < index, f"'back' did not go back: {moved}"
    moved = deck_command(page, "deck:down")
    assert moved["presenting"] and index in moved["shown"], f"not back at the widget: {moved}"
    stride = page.locator(".widget-slider", has=page.locator(
        ".widget-label", has_text="stride s")).first
    stride.wait_for(state="visible", timeout=20_000)
    caption = page.locator(".widget-html-content", has_text="out =").first
    before = caption.inner_text()
    assert "n = 4 → out = 8" in before, before
    stride.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[caption.element_handle(), before], timeout=30_000)
    assert "n = 4 → out = 12" in caption.inner_text()  # computed by the kernel for stride 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "slides-live-widget.png"))
    assert page.evaluate(ON_SCREEN)["presenting"], "operating the widget ended the slideshow"


def screen_start(cells: list, index: int) -> int:
    return max(i for i in screen_starts(cells) if i <= index)


def test_live_deck_shows_the_answer_cell_and_every_subslide(page, lab):  # noqa: F811
    """On a "your turn" slide the learner's answer cell is on screen (jupyterlab-deck 0.2.0
    hides cells whose slide_type is "-", so the lessons write continue cells with no type),
    and ↓ (deck:down) visits every screen of a vertical stack in order (it skipped a subslide
    that followed a one-cell subslide). Screenshot: ``slides-live-your-turn.png``."""
    open_notebook(page, lab, f"solved/{WIDGET_LESSON}/{WIDGET_LESSON}.ipynb")
    cells = nbformat.read(LESSONS / WIDGET_LESSON / f"{WIDGET_LESSON}.ipynb", as_version=4).cells
    walk_the_exercise_and_its_stack(page, cells, "slides-live-your-turn.png")


def test_live_deck_works_the_same_on_a_korean_release(page, lab):  # noqa: F811
    """The Korean release of the same lesson, presented the same way (issue 29): its cells
    carry the English edition's slide tags, so the same keys reach the same screens.
    Screenshot: ``slides-live-your-turn-ko.png``."""
    lesson = f"{WIDGET_LESSON}-ko"
    open_notebook(page, lab, f"lessons-ko/{lesson}/{lesson}.ipynb")
    cells = nbformat.read(ROOT / "lessons-ko" / lesson / f"{lesson}.ipynb", as_version=4).cells
    walk_the_exercise_and_its_stack(page, cells, "slides-live-your-turn-ko.png")


def walk_the_exercise_and_its_stack(page, cells: list, screenshot: str) -> None:  # noqa: F811
    """The exercise slide shows its answer cell; ↓ walks the visualizer's stack screen by
    screen, each opening with its first cell on screen (at 1280 x 800); → reaches the
    exercise."""
    answer = next(i for i, c in enumerate(cells) if "def conv_output_size(" in c.source)
    heading = screen_start(cells, answer)
    select_cell(page, heading)
    state = deck_command(page, "deck:start")
    assert state["presenting"], "jupyterlab-deck did not start presenting"
    state = select_cell(page, heading)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot))
    assert heading in state["shown"] and answer in state["shown"], \
        f"the exercise slide (cell {heading}) shows cells {state['shown']}, not its answer {answer}"
    # ↓ from the visualizer's section walks its stack: every screen, in order
    visualizer = next(i for i, c in enumerate(cells) if "ConvVisualizer(" in c.source)
    section, starts = screen_start(cells, visualizer), screen_starts(cells)
    stack = [i for i in starts if section <= i < heading]
    active = select_cell(page, section)["active"]
    visited = [screen_start(cells, active)]
    for _ in range(len(cells)):
        state = deck_command(page, "deck:down")
        where = screen_start(cells, state["active"])
        if where >= heading or state["active"] == active:  # the next slide, or stuck
            break
        active = state["active"]
        if where != visited[-1]:
            visited.append(where)
            assert where in state["shown"], f"screen {where} opened without its top: {state}"
        assert set(state["shown"]) <= set(screen_of(cells, state["active"])), state
    assert visited == stack, f"↓ visited the screens {visited}, the stack is {stack}"
    # at the bottom of the stack ↓ stops; → goes on to the next slide (the exercise)
    state = deck_command(page, "deck:forward")
    assert state["active"] == heading and answer in state["shown"], state
