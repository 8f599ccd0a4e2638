"""A lesson's static deck in a real browser: exported the way `python3 course.py slides`
does (solution run once for its figures, reveal.js and friends beside the deck, no CDN), opened
from disk in Chromium, navigated to the first screen with a figure. Screenshot:
``test-artifacts/browser/slides-static-figure.png``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT
from test_browser import ARTIFACTS, browser  # noqa: F401 -- fixture used by name

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
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", timeout=30_000)  # reveal.js loaded, from disk
    where = page.evaluate(FIRST_FIGURE)
    assert where, "no screen of the deck shows a figure"
    page.evaluate(f"() => {{ location.hash = '#/{where[0]}/{where[1]}'; }}")
    image = page.locator("section.present .jp-OutputArea-output img").first
    image.wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(1000)  # the slide transition
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "slides-static-figure.png"))
    box = image.bounding_box()
    assert box and box["width"] > 200, f"the figure is not shown at a readable size: {box}"
    local = [u for u in failed if u.startswith("file:")]
    assert not local, f"the deck's own files failed to load: {local}"
    context.close()
