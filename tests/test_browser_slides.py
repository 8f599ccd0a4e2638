"""Slides in a real browser. The static deck: exported the way `python3 course.py slides`
does (solution run once for its figures, reveal.js and friends beside the deck, no CDN), opened
from disk in Chromium, navigated to the first screen with a figure. Screenshot:
``test-artifacts/browser/slides-static-figure.png``. The live slideshow: lesson 02 solved,
run in JupyterLab, then RISE's slideshow opened at the stride/padding visualizer, whose
slider must render and drive the kernel-computed caption (``slides-rise-widget.png``).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import LESSONS, ROOT
from test_browser import (  # noqa: F401 -- fixtures are used by name
    ARTIFACTS,
    browser,
    lab,
    open_notebook,
    page,
    run_all,
    solved_release,
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


WIDGET_LESSON = "02-upsampling"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The released lessons and lesson 02 solved (its visualizer's caption needs no answer,
    but the notebook must run through)."""
    root = tmp_path_factory.mktemp("browser-slides-course")
    shutil.copytree(LESSONS, root / "lessons")
    if (ROOT / "assets").is_dir():
        shutil.copytree(ROOT / "assets", root / "assets")
    solved = root / "solved" / WIDGET_LESSON / f"{WIDGET_LESSON}.ipynb"
    solved.parent.mkdir(parents=True)
    nbformat.write(solved_release(WIDGET_LESSON), solved)
    return root


@pytest.mark.xfail(strict=True, reason=(
    "jupyterlab_rise 0.43.1 (the newest release) cannot load jupyterlab_widgets 3.0.17's "
    "extension in its slideshow page ('Shared module @jupyterlab/console doesn't exist in "
    "shared scope default'), so widgets show as text there; strict: passes once fixed"))
def test_rise_slideshow_keeps_the_widget_live(page, lab):  # noqa: F811
    open_notebook(page, lab, f"solved/{WIDGET_LESSON}/{WIDGET_LESSON}.ipynb")
    run_all(page)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    index = next(i for i, c in enumerate(nbformat.read(
        LESSONS / WIDGET_LESSON / f"{WIDGET_LESSON}.ipynb", as_version=4).cells)
        if "ConvVisualizer(" in c.source)
    page.evaluate(f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex"
                  f" = {index}; }}")
    with page.context.expect_page() as opened:
        page.evaluate("() => window.jupyterapp.commands.execute('RISE:slideshow')")
    slideshow = opened.value
    slideshow.wait_for_selector(".reveal", timeout=60_000)
    slideshow.wait_for_timeout(5000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    slideshow.screenshot(path=str(ARTIFACTS / "slides-rise-widget.png"))
    stride = slideshow.locator(".widget-slider", has=slideshow.locator(
        ".widget-label", has_text="stride s")).first
    stride.wait_for(state="visible", timeout=20_000)
    caption = slideshow.locator(".widget-html-content", has_text="out =").first
    before = caption.inner_text()
    stride.locator(".noUi-handle").focus()
    slideshow.keyboard.press("ArrowRight")
    slideshow.wait_for_function("([el, old]) => el.innerText !== old",
                                arg=[caption.element_handle(), before], timeout=30_000)
    assert "= 4 · 3 = 12" in caption.inner_text()
