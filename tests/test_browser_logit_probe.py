"""Lesson 05's logit probe in a real browser: the learner moves the blend, the verdict follows.

Reuses the JupyterLab server, Chromium and helpers of ``test_browser.py``; only the course copy
differs (lesson 05 solved, next to the released lessons). Screenshots go to
``test-artifacts/browser/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import LESSONS, ROOT
from test_browser import (  # noqa: F401 -- fixtures are used by name
    browser,
    lab,
    open_notebook,
    page,
    run_all,
    shot,
    solved_release,
    widget_slider,
)

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

PROBE_LESSON = "05-discriminator"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The released lessons and a solved lesson 05 (its widget needs a built discriminator)."""
    root = tmp_path_factory.mktemp("browser-probe-course")
    shutil.copytree(LESSONS, root / "lessons")
    if (ROOT / "assets").is_dir():
        shutil.copytree(ROOT / "assets", root / "assets")
    solved = root / "solved" / PROBE_LESSON / f"{PROBE_LESSON}.ipynb"
    solved.parent.mkdir(parents=True)
    nbformat.write(solved_release(PROBE_LESSON), solved)
    return root


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
