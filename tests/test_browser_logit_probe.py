"""Lesson 05's logit probe and lesson 01's game viewer in a real browser.

The probe: the learner moves the blend, the verdict follows. The viewer: while it plays, the
step shown is the kernel's, next to the picture it belongs to.

Reuses the JupyterLab server, Chromium and helpers of ``test_browser.py``; only the course copy
differs (lessons 05 and 01 solved, next to the released lessons). Screenshots go to
``test-artifacts/browser/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import (  # noqa: F401 -- fixtures are used by name
    browser,
    course_copy,
    lab,
    open_notebook,
    page,
    run_all,
    shot,
    widget_slider,
)

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

PROBE_LESSON = "05-discriminator"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The released lessons and solved lessons 05 and 01 (their widgets need the learner's code)."""
    return course_copy(tmp_path_factory.mktemp("browser-probe-course"),
                       [PROBE_LESSON, GAME_LESSON])


def test_logit_probe_follows_the_blend(page, lab):  # noqa: F811 -- pytest fixtures
    open_notebook(page, lab, f"solved/{PROBE_LESSON}/{PROBE_LESSON}.ipynb")
    run_all(page)
    blend = widget_slider(page, "real → fake")
    blend.scroll_into_view_if_needed()
    widget = page.locator(".widget-vbox", has=blend).first
    image = widget.locator(".widget-image").first
    caption = widget.locator(".widget-html-content", has_text="logit").first
    image.wait_for(state="visible")
    page.wait_for_function("img => img.naturalWidth > 300", arg=image.element_handle())
    before_text, before_png = caption.inner_text(), image.screenshot()
    shot(page, "05-logit-probe-real", widget)
    assert "D(x) =" in before_text and "among real images" in before_text, before_text

    blend.locator(".noUi-handle").focus()
    for _ in range(10):  # 0.0 -> 1.0 in steps of 0.1, as a learner's key presses
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[caption.element_handle(), before_text], timeout=60_000)
    page.wait_for_function(
        "el => el.innerText.includes('1.0')",
        arg=blend.locator(".widget-readout").element_handle(), timeout=30_000)
    page.wait_for_timeout(1500)  # the last setting's PNG and caption arrive together
    after_text, after_png = caption.inner_text(), image.screenshot()
    shot(page, "05-logit-probe-fake", widget)
    assert after_text != before_text, "the verdict did not follow the blend"
    assert after_png != before_png, "the picture did not change with the blend"

    widget.locator("button", has_text="inference").first.click()
    page.wait_for_function("el => el.innerText.includes('inference mode')",
                           arg=caption.element_handle(), timeout=60_000)
    shot(page, "05-logit-probe-inference", widget)


GAME_LESSON = "01-gan-intro"


def test_game_viewer_caption_follows_play_without_a_readout_of_its_own(page, lab):  # noqa: F811
    """Lesson 01's viewer: while playing, the only step shown is the one the kernel wrote
    next to the picture (a slider readout used to run ahead of it)."""
    open_notebook(page, lab, f"solved/{GAME_LESSON}/{GAME_LESSON}.ipynb")
    run_all(page)
    slider = widget_slider(page, "moment")
    slider.scroll_into_view_if_needed()
    widget = page.locator(".widget-vbox", has=slider).first
    caption = widget.locator(".widget-html-content", has_text="step").first
    image = widget.locator(".widget-image").first
    page.wait_for_function("img => img.naturalWidth > 300", arg=image.element_handle())
    assert slider.locator(".widget-readout").count() == 0 or not slider.locator(
        ".widget-readout").is_visible(), "the slider shows a number of its own again"
    start = caption.inner_text()
    assert start.startswith("step 0 of") and "moment 1 of" in start, start
    shot(page, "01-game-viewer-start", widget)
    widget.locator("button", has=page.locator(".fa-play")).first.click()
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[caption.element_handle(), start], timeout=60_000)
    page.wait_for_timeout(2000)
    shot(page, "01-game-viewer-playing", widget)
    assert "moment" in caption.inner_text() and caption.inner_text() != start
