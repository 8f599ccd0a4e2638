"""Validate on a lesson with ONE failing test: the learner sees the check's message at once.

nbgrader's Validate dialog prints a failing test cell's whole source before its error. The
graded test cells are therefore one import and one call (``dcgan_course.exercises``), so
the dialog shows two lines of code and then the course's message, wrapped so that nothing
is cut off at the dialog's edge. This drives that dialog in Chromium on lesson 03 (whose
test cells used to be the longest), solved except for a typical mistake in exercise 1,
and keeps a screenshot in ``test-artifacts/browser/``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from test_browser import (  # noqa: F401 -- fixtures are used by name
    browser,
    course_copy,
    lab,
    open_notebook,
    page,
    shot,
    solved_release,
)

pytestmark = pytest.mark.notebooks

LESSON = "03-batch-norm"
MISTAKEN_CELL = "ex1-batch-norm-train"  # the solution cell of exercise 1 (its cell id)
#: batch_norm_train with the unbiased variance (ddof=1), the mistake its check names.
MISTAKE = '''def batch_norm_train(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=np.float32)
    axes = tuple(range(x.ndim - 1))
    mean, variance = x.mean(axis=axes), x.var(axis=axes, ddof=1)
    return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta, mean, variance
'''
MESSAGE = "you divided by m - 1"
MAX_CODE_LINES = 4

#: What the dialog shows of each failure: the cell's source, its error, and whether the
#: error's text is wider than its box (cut off at the dialog's edge).
FAILURES = """dialog => {
  const pres = [...dialog.querySelectorAll('.jp-Dialog-body pre')];
  const body = dialog.querySelector('.jp-Dialog-body').getBoundingClientRect();
  const out = [];
  for (let i = 0; i + 1 < pres.length; i += 2) {
    const error = pres[i + 1], box = error.getBoundingClientRect();
    out.push({source: pres[i].innerText, error: error.innerText,
              clipped: error.scrollWidth > error.clientWidth + 1,
              errorTopInView: box.top >= body.top && box.top < body.bottom});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The released lessons, plus lesson 03 solved except for one mistake in exercise 1."""
    root = course_copy(tmp_path_factory.mktemp("browser-validate"))
    notebook = solved_release(LESSON)
    cells = [c for c in notebook.cells if c.get("id") == MISTAKEN_CELL]
    assert len(cells) == 1, f"{LESSON} has no solution cell {MISTAKEN_CELL}"
    cells[0].source = MISTAKE
    target = root / "one-mistake" / LESSON / f"{LESSON}.ipynb"
    target.parent.mkdir(parents=True)
    nbformat.write(notebook, target)
    return root


def test_validate_shows_the_failing_checks_message_first(page, lab):  # noqa: F811
    open_notebook(page, lab, f"one-mistake/{LESSON}/{LESSON}.ipynb")
    page.locator(".validate-button").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(state="visible", timeout=300_000)
    text = dialog.locator(".jp-Dialog-body").inner_text()
    shot(page, "validate-one-failing-test")
    assert text.count("The following cell failed") == 1, text[:3000]
    (failure,) = dialog.evaluate(FAILURES)
    code = [line for line in failure["source"].splitlines() if line.strip()]
    assert len(code) <= MAX_CODE_LINES and "check_batch_norm_train(" in failure["source"], (
        f"the dialog shows {len(code)} lines of the test cell before its message:\n"
        + failure["source"])
    assert MESSAGE in " ".join(failure["error"].split()), (  # wrapped at 88 columns
        f"the check's message is missing: {failure['error']}")
    assert "Traceback" not in failure["error"], failure["error"]
    assert failure["errorTopInView"], "the message is below the dialog's visible area"
    assert not failure["clipped"], f"the message is cut off at the dialog's edge: {failure}"
    dialog.locator(".jp-mod-accept").click()
