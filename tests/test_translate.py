"""The course package speaks the edition's language from one catalog (dcgan_course/translate.py).

Every text the package or the grader's verdicts pass to ``tr`` must have a Korean entry with
the same ``{fields}``; ``tr`` must always get its text as a literal (or a verdict's title, which
is checked here too), so this scan sees every sentence. English output is the code's own text.
"""

from __future__ import annotations

import ast
import string
import sys
import warnings
from pathlib import Path

import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import ROOT

from dcgan_course import translate
from dcgan_course.messages_ko import KO

SOURCES = sorted([*(ROOT / "dcgan_course").rglob("*.py"),
                  *(ROOT / "autograder" / "verdicts").glob("*.py")])
#: tr's first argument may be one of these names instead of a literal: the verdicts' titles
#: (all_texts collects them by importing the verdicts) and ``hint``, a module constant marked
#: with ``later("...")`` (which the scan reads like ``tr("...")``).
DYNAMIC = {"exercise.title", "hint"}


def tr_calls(path: Path) -> tuple[list[str], list[str]]:
    """The literal texts given to ``tr`` or ``later`` in a file, and the non-literal others."""
    texts, others = [], []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "later")
                and node.args):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            texts.append(first.value)
        else:
            others.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(first)}")
    return texts, others


def all_texts() -> tuple[list[str], list[str]]:
    texts, others = [], []
    for path in SOURCES:
        found, odd = tr_calls(path)
        texts += found
        others += [o for o in odd if o.split(": ", 1)[1] not in DYNAMIC]
    import verdicts  # autograder/verdicts: every exercise's title is shown through tr

    texts += [exercise.title for exercise in verdicts.iter_exercises()]
    return texts, others


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_text_has_a_korean_entry_with_the_same_fields() -> None:
    texts, others = all_texts()
    assert len(texts) > 300, "the scan found too few tr(...) calls: is it still reading them?"
    missing = sorted({t for t in texts if t not in KO})
    assert not missing, f"{len(missing)} texts have no Korean entry, e.g. {missing[:5]}"
    # Korean has no plural ending: a {plural} field ("s" or "") may be left out.
    wrong = [t for t in set(texts) if fields(t) - {"plural"} != fields(KO[t]) - {"plural"}]
    assert not wrong, f"Korean entries whose {{fields}} differ from the English: {wrong[:5]}"
    assert not others, f"tr(...) needs a literal text (the scan cannot see these): {others}"


def test_the_catalog_has_no_unused_entries() -> None:
    unused = sorted(set(KO) - set(all_texts()[0]))
    assert not unused, f"Korean entries no code uses (stale after an English edit?): {unused[:5]}"


def test_english_is_the_code_text_and_korean_fills_the_same_fields(monkeypatch) -> None:
    key = "expected shape {want}, got shape {got}."
    assert key in KO
    monkeypatch.setenv("DCGAN_COURSE_LANG", "en")
    assert translate.tr(key, want=(2,), got=(3,)) == \
        "expected shape (2,), got shape (3,)."
    assert translate.tr("a {brace} kept without fields") == "a {brace} kept without fields"
    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    korean = translate.tr(key, want=(2,), got=(3,))
    assert "(2,)" in korean and "(3,)" in korean and "모양" in korean
    with translate.speaking("en"):  # the grader's choice wins over the environment
        assert translate.tr(key, want=1, got=2) == "expected shape 1, got shape 2."


@pytest.mark.parametrize(("name", "lang"), [("01-gan-intro-ko", "ko"), ("01-gan-intro", "en")])
def test_a_notebooks_name_tells_its_language(name: str, lang: str) -> None:
    assert translate.notebook_language(name) == lang


if __name__ == "__main__":  # list the texts that still need a Korean entry
    found, odd = all_texts()
    for text in dict.fromkeys(t for t in found if t not in KO):
        print(repr(text))
    print(*odd, sep="\n", file=sys.stderr)


# -- the grader writes in the submission's language ------------------------------------------

def judge(notebook: str, grade_id: str, namespace: dict, seed: int = 0) -> tuple[bool, str]:
    """verdict_harness.judge_in_process, with the language the grader takes from the name."""
    from unittest import mock

    import nbformat
    import verdicts
    from verdicts.probe import MIME

    exercise = verdicts.exercise_for(notebook, grade_id)
    question = verdicts.ask(exercise, seed=seed, language=translate.notebook_language(notebook))
    shown: list[dict] = []
    with mock.patch("IPython.display.display", lambda data, raw=False: shown.append(data)):
        exec(compile(question.source, "<probe>", "exec"), namespace)  # noqa: S102
    outputs = [nbformat.NotebookNode(output_type="display_data", data=d, metadata={})
               for d in shown if MIME in d]
    return verdicts.judge(question, outputs)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def test_the_grader_gives_equal_verdicts_and_writes_korean_for_a_korean_notebook(monkeypatch):
    import tensorflow as tf

    def right(real, fake):
        return tf.reduce_mean(tf.nn.softplus(-real)) + tf.reduce_mean(tf.nn.softplus(fake))

    def naive(real, fake):  # log(sigmoid) overflows for large logits
        return -tf.reduce_mean(tf.math.log(tf.sigmoid(real))) - tf.reduce_mean(
            tf.math.log(1 - tf.sigmoid(fake)))

    def unwritten(real, fake):
        raise NotImplementedError()

    # The grader's own environment says Korean: the notebook's name must still decide.
    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    for function, passes in ((right, True), (naive, False), (unwritten, False)):
        english = judge("01-gan-intro", "ex1-tests", {"discriminator_loss": function})
        korean = judge("01-gan-intro-ko", "ex1-tests", {"discriminator_loss": function})
        assert english[0] is korean[0] is passes, (english, korean)
        assert not has_hangul(english[1]), english[1]
        assert has_hangul(korean[1]), korean[1]
    assert judge("01-gan-intro", "ex1-tests", {"discriminator_loss": right})[1].startswith(
        "Exercise 1 (discriminator_loss): passed, checked in the grader on ")
    assert judge("01-gan-intro-ko", "ex1-tests", {"discriminator_loss": right})[1].startswith(
        "실습 과제 1 (discriminator_loss): 통과했습니다.")
    assert "tf.nn.softplus" in judge("01-gan-intro-ko", "ex1-tests",
                                     {"discriminator_loss": naive})[1]


# -- figures and widgets of the Korean edition ---------------------------------------------

def test_korean_figures_and_widgets_draw_hangul_without_missing_glyphs(monkeypatch) -> None:
    """Real figures and widgets of lessons 01-03 in the Korean edition: Korean words, no boxes."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from dcgan_course import plotting
    from dcgan_course.activation_widget import ActivationExplorer
    from dcgan_course.conv_visualizer import ConvVisualizer
    from dcgan_course.language import use_hangul_font

    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert use_hangul_font(), "koreanize-matplotlib (NanumGothic) is not installed"
        x = np.linspace(-3, 3, 50)
        figures = [plotting.plot_generator_losses(),
                   plotting.plot_optimal_discriminator(x, np.exp(-x**2), np.exp(-(x - 1)**2),
                                                       np.full_like(x, 0.5))]
        for figure in figures:
            FigureCanvasAgg(figure).draw()
        visualizer = ConvVisualizer()  # widgets draw their figure into a PNG when built
        explorer = ActivationExplorer(depth=3, width=16)
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyphs == [], glyphs[:3]
    texts = [t.get_text() for f in figures for t in f.findobj(matplotlib.text.Text)]
    assert any(has_hangul(t) for t in texts), texts
    assert has_hangul(visualizer.stride.description), visualizer.stride.description
    assert has_hangul(explorer.init_scale.description), explorer.init_scale.description


def test_korean_feedback_wraps_by_screen_columns(monkeypatch) -> None:
    """Hangul takes two columns: Korean messages wrap to Validate's width as English ones do."""
    from dcgan_course.checks import WIDTH, ExerciseFailure, _columns, expect_close

    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    try:
        expect_close([1.0, 2.0], [1.0, 3.0], "discriminator_loss(real, fake)",
                     hint=translate.tr("Real samples have target 1: softplus(-logit). Fakes have "
                                       "target 0: softplus(logit). Add the two means."))
    except ExerciseFailure as failure:
        message = str(failure)
        shown = failure._render_traceback_()
    assert "힌트:" in message and len(message.splitlines()) >= 3, message
    assert max(_columns(line) for line in message.splitlines()) <= WIDTH, message
    assert max(_columns(line) for line in shown[1:]) <= WIDTH, shown
