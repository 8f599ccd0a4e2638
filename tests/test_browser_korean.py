"""A Korean lesson in a real browser: Hangul in the pages, widget labels and figures.

Lesson 02 (한국어판), solved, runs in JupyterLab; the test screenshots the stride/padding
visualizer (a widget whose labels, caption and picture come from the catalog) and the
convolution-matrix figure (Korean axis labels) into ``test-artifacts/browser/``.

The browser gets no font of the test's: Debian's Chromium here has no Hangul font, as a bare
Linux desktop or the hub's image, and what makes Hangul readable is the course's own web font
(NanumGothic, served by JupyterLab from the learner settings, binder/learner_settings.py).
The test asks Chromium which font drew the Korean text (DevTools' platform fonts) and compares
the pixels of two different syllables (the boxes drawn for a missing glyph are all alike).

Reuses the JupyterLab server and helpers of ``test_browser.py``.
"""

from __future__ import annotations

import importlib
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from test_browser import (  # noqa: F401 -- fixtures are used by name
    CHROMIUM,
    CHROMIUM_FLAGS,
    course_copy,
    lab,
    open_notebook,
    page,
    run_all,
    shot,
    widget_slider,
)

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

LESSON = "02-upsampling"
WEB_FONT = "DCGAN Course Hangul"  # binder/learner_settings.py's @font-face


def has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The released lessons and the Korean lesson 02, solved, in ``lessons-ko/02-...-ko/``."""
    korean = importlib.import_module("korean")  # autograder/korean.py
    root = course_copy(tmp_path_factory.mktemp("browser-korean-course"))
    # course_copy brought the Korean release; the solved notebook replaces it
    target = root / "lessons-ko" / f"{LESSON}-ko" / f"{LESSON}-ko.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(korean.korean_notebook(LESSON), target)
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium as in test_browser.py (whose fixture would also clear its screenshots),
    with the system's fonts only."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, timeout=60_000)
        yield chromium
        chromium.close()


def system_has_hangul_font() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True,
                                text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(listed.strip())


MARK_HANGUL_TEXT = """([selector, mark]) => {
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/[\uac00-\ud7a3]/.test(node.textContent)) {
        node.parentElement.setAttribute('data-hangul-probe', mark);
        return node.textContent;
      }
    }
  }
  return null;
}"""


def fonts_drawing_hangul(tab, selector: str, mark: str) -> tuple[str, list[dict]]:
    """The first text with Hangul under ``selector``, and the fonts Chromium drew its
    element's text with (DevTools' CSS.getPlatformFontsForNode)."""
    text = tab.evaluate(MARK_HANGUL_TEXT, [selector, mark])
    assert text, f"no Hangul under {selector}"
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root,
                                          "selector": f'[data-hangul-probe="{mark}"]'})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return text, fonts


def drawn_by_web_font(fonts: list[dict]) -> bool:
    return any(f["isCustomFont"] and f["familyName"].startswith("NanumGothic") for f in fonts)


GLYPH = """([family, ch]) => {
  document.querySelectorAll('.hangul-glyph').forEach(box => box.remove());
  const box = document.createElement('div');
  box.className = 'hangul-glyph';
  box.style.cssText = 'position:fixed;top:0;left:0;z-index:99999;background:#fff;color:#000;'
    + 'width:96px;height:96px;font-size:64px;line-height:96px;font-family:' + family;
  box.textContent = ch;
  document.body.appendChild(box);
  return document.fonts.ready.then(() => true);
}"""


def glyph_pixels(tab, family: str, chars: str) -> list[bytes]:
    """Screenshots of each of ``chars`` drawn alone, at the same place, in ``family``."""
    from PIL import Image

    shots = []
    for ch in chars:
        tab.evaluate(GLYPH, [family, ch])
        png = tab.locator(".hangul-glyph").screenshot()
        shots.append(Image.open(io.BytesIO(png)).convert("L").tobytes())
    tab.evaluate("document.querySelectorAll('.hangul-glyph').forEach(box => box.remove())")
    return shots


def test_hangul_renders_in_the_courses_web_font(page, lab):  # noqa: F811
    """No Korean font on the machine, and still Hangul, not boxes: in markdown (regular and
    bold) and in code cells' Korean comments, drawn by the course's NanumGothic."""
    open_notebook(page, lab, f"lessons-ko/{LESSON}-ko/{LESSON}-ko.ipynb")
    page.locator(".jp-RenderedMarkdown h1").first.wait_for()
    page.wait_for_function(
        "family => [...document.fonts].some(f => f.family === family && f.status === 'loaded')",
        arg=WEB_FONT, timeout=60_000)
    family = page.evaluate("getComputedStyle(document.querySelector('.jp-RenderedMarkdown'))"
                           ".fontFamily")
    assert family.startswith(f'"{WEB_FONT}"'), family  # the custom CSS outranks the theme
    for selector, mark in ((".jp-RenderedMarkdown h1", "title"),
                           (".jp-RenderedMarkdown p", "paragraph"),
                           (".jp-CodeCell .cm-content", "code-comment")):
        text, fonts = fonts_drawing_hangul(page, selector, mark)
        assert drawn_by_web_font(fonts), (mark, text, fonts)
    shot(page, "02-ko-page-fonts")

    # the pixels: two different syllables draw two different shapes in the course's fonts;
    # with a font stack that lacks it (and no Korean system font), both are the same box
    ga, hih = glyph_pixels(page, "var(--jp-content-font-family)", "가힣")
    assert ga != hih and len(set(ga)) > 1 and len(set(hih)) > 1
    box_ga, box_hih = glyph_pixels(page, "sans-serif", "가힣")
    if not system_has_hangul_font():  # what a machine without the web font would show
        assert box_ga == box_hih, "the check cannot tell boxes from glyphs"
        assert ga != box_ga


def test_korean_lesson_shows_korean_widget_labels_and_figures(page, lab):  # noqa: F811
    open_notebook(page, lab, f"lessons-ko/{LESSON}-ko/{LESSON}-ko.ipynb")
    run_all(page, timeout_s=400)
    stride = widget_slider(page, "스트라이드 s")
    stride.scroll_into_view_if_needed()
    widget = page.locator(".widget-vbox", has=stride).first  # outermost: the visualizer
    image = widget.locator(".widget-image").first
    page.wait_for_function("img => img.naturalWidth > 100", arg=image.element_handle())
    shot(page, "02-ko-visualizer", widget)
    labels = widget.locator(".widget-label").all_inner_texts()
    assert sum(has_hangul(label) for label in labels) >= 3, labels
    text, fonts = fonts_drawing_hangul(page, ".widget-vbox .widget-label", "widget-label")
    assert drawn_by_web_font(fonts), (text, fonts)  # the browser draws the labels
    caption = widget.locator(".widget-html-content").all_inner_texts()
    assert any("스텝" in text for text in caption), caption

    cell = page.locator(".jp-CodeCell", has_text="plot_conv_matrix(C, n=4, out=2)").first
    cell.scroll_into_view_if_needed()
    figure = cell.locator(".jp-OutputArea-output img").first
    page.wait_for_function("img => img.naturalWidth > 100", arg=figure.element_handle())
    shot(page, "02-ko-conv-matrix", figure)
