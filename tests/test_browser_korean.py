"""A Korean lesson in a real browser: Korean widget labels and figure text, drawn in Hangul.

Lesson 02 (한국어판), solved, runs in JupyterLab; the test screenshots the stride/padding
visualizer (a widget whose labels, caption and picture come from the catalog) and the
convolution-matrix figure (Korean axis labels) into ``test-artifacts/browser/``. Debian's
Chromium has no Hangul font here, so the browser is pointed at the NanumGothic files that the
pinned koreanize-matplotlib bundles (a FONTCONFIG_FILE written by the test): what the
matplotlib pictures show is decided in the kernel, what the widget labels show in the browser.

Reuses the JupyterLab server and helpers of ``test_browser.py``.
"""

from __future__ import annotations

import importlib
import os
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

from dcgan_course.language import hangul_font_files

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

LESSON = "02-upsampling"
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


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
def browser(tmp_path_factory) -> Iterator[object]:
    """Chromium as in test_browser.py, with NanumGothic added to its fontconfig."""
    from playwright.sync_api import sync_playwright

    fonts = hangul_font_files()
    assert fonts, "koreanize-matplotlib (NanumGothic) is not installed"
    state = tmp_path_factory.mktemp("fontconfig")
    conf = state / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=fonts[0].parent, cache=state / "cache"))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, timeout=60_000,
            env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        yield chromium
        chromium.close()


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
    caption = widget.locator(".widget-html-content").all_inner_texts()
    assert any("스텝" in text for text in caption), caption

    cell = page.locator(".jp-CodeCell", has_text="plot_conv_matrix(C, n=4, out=2)").first
    cell.scroll_into_view_if_needed()
    figure = cell.locator(".jp-OutputArea-output img").first
    page.wait_for_function("img => img.naturalWidth > 100", arg=figure.element_handle())
    shot(page, "02-ko-conv-matrix", figure)
