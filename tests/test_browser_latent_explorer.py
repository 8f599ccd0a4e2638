"""Lesson 07's latent explorer in a real browser: a learner moves a slider, the picture and
the classifier's verdict follow.

Reuses the JupyterLab server, Chromium and helpers of ``test_browser.py``; only the course
copy differs (lesson 07 solved, next to the released lessons). Screenshots go to
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

LESSON = "07-representations"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The released lessons and a solved lesson 07 (its later cells need the learner's code)."""
    return course_copy(tmp_path_factory.mktemp("browser-explorer-course"), [LESSON])


def test_latent_explorer_follows_the_slider(page, lab):  # noqa: F811 -- pytest fixtures
    open_notebook(page, lab, f"solved/{LESSON}/{LESSON}.ipynb")
    run_all(page, timeout_s=400)
    slider = widget_slider(page, "direction 1")
    slider.scroll_into_view_if_needed()
    widget = page.locator(".widget-vbox", has=page.locator(".widget-html-content",
                                                             has_text="classifier:")).last
    image = widget.locator(".widget-image").first
    verdict = widget.locator(".widget-html-content b", has_text="classifier:").first
    page.wait_for_function("img => img.naturalWidth >= 192", arg=image.element_handle())
    before_text, before_png = verdict.inner_text(), image.screenshot()
    shot(page, "07-latent-explorer-start", widget)
    assert before_text.startswith("classifier: "), before_text
    assert "digit" in before_text, before_text

    slider.locator(".noUi-handle").focus()
    for _ in range(12):  # 0 -> +3 in steps of 0.25, as a learner's key presses
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "el => el.innerText.includes('3.00')",
        arg=slider.locator(".widget-readout").element_handle(), timeout=30_000)
    page.wait_for_function(  # the kernel has drawn the +3.00 setting
        "el => el.innerHTML.includes('+3.00')",
        arg=widget.locator(".widget-html-content", has_text="classifier:").first
        .element_handle(), timeout=60_000)
    after_text, after_png = verdict.inner_text(), image.screenshot()
    shot(page, "07-latent-explorer-moved", widget)
    assert after_text != before_text, "the verdict did not follow the slider"
    assert after_png != before_png, "the picture did not change with the slider"
