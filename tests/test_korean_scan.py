"""No English on a Korean learner's screen (issue 29): a scan of what each Korean lesson shows.

The scanner (tests/korean_scan.py) finds Latin words of three letters or more outside code,
formulas, paths, identifiers, first-use glosses (**판별자**(Discriminator)), quotes and the
names it lists (``korean_scan.ALLOWED``, each group with its reason). Here it reads:

* the Korean releases ``lessons-ko/*/*.ipynb``: markdown cells, the ``#`` comments and
  docstrings of code cells (the code itself is the English edition's), nbgrader's stubs;
* the Korean catalog ``dcgan_course/messages_ko/`` that the package's printed output, figure
  labels, widget labels and error messages come from.

What the executed Korean lessons print, draw and label is scanned where they already run:
``tests/test_korean_edition.py::test_korean_solution_runs_and_untouched_release_fails_for_the_right_reason``
(lesson 01 in every round, all lessons with COURSE_TEST_ALL_KOREAN=1 and --run-slow), with
:func:`korean_scan.output_findings` and :data:`korean_scan.KNOWN_OUTPUT`.
"""

from __future__ import annotations

import importlib

import korean_scan as ks
import nbformat
import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import KOREAN_LESSONS, korean_lesson_names

KOREAN = korean_lesson_names()


# -- the scanner can fail, and lets through exactly what it lists --------------------------

@pytest.mark.parametrize("text, english", [
    ("생성자는 noise를 이미지로 바꿉니다.", ["noise"]),
    ("판별자의 output이 real인지 봅니다.", ["output", "real"]),
    ("# the generator's loss", ["the", "generator", "loss"]),
    ("배치 정규화를 쓰되 (see the paper) 예외를 둡니다.", ["see", "the", "paper"]),
    ("TensorFlow를 import하는 비용", ["import"]),
    ("**real → fake**를 밀어 섞습니다.", ["real", "fake"]),
])
def test_the_scanner_finds_english_in_korean_text(text, english):
    assert ks.english_words(text) == english


@pytest.mark.parametrize("kind, text", [
    ("inline code", "`build_generator(z_dim=100)`를 호출합니다."),
    ("fenced code", "예:\n```python\nmodel = keras.Sequential()\n```\n끝."),
    ("math", "손실은 $\\log D(x) + \\log(1 - D(G(z)))$이고 $$\\min_G \\max_D V$$입니다."),
    ("URL and link", "[소스](https://github.com/Newmu/dcgan_code)와 https://arxiv.org/abs/1511.06434"),
    ("file path", "lessons-ko/04-generator-ko/my_dcgan/generator.py 파일과 model.keras"),
    ("lesson folder name", "04-generator-ko 강의를 여세요."),
    ("snake_case, CamelCase, dotted, call", "train_step과 Conv2DTranspose, tf.nn.moments, "
                                              "keras.Sequential([...]), build()(images)"),
    ("gloss after a Korean term", "**판별자**(Discriminator)와 합성곱(convolution)"),
    ("gloss after a quoted Korean term", '"디컨볼루션"(deconvolution)은 옛 이름입니다.'),
    ("italic quote", "논문은 *A guide to convolution arithmetic for deep learning*입니다."),
    ("quoted phrase", '논문의 말로 "Directly applying batchnorm to all layers"입니다.'),
    ("code literal in quotes", "'same' 패딩과 'valid' 패딩"),
    ("value given to a name", "training=True와 out = 3"),
    ("shape tuple", "모양이 (batch, height, width, channels)인 배열"),
    ("format field and HTML", "<b>{title}</b> &nbsp; 스텝 {step:,}"),
    ("profile name before 프로필", "study 프로필과 fast 프로필"),
    ("library, paper and unit names", "TensorFlow와 Keras, DCGAN, SVHN, Adam, 246 MB, 1.1 GFLOP"),
    ("people", "Radford, Metz, Chintala (2016)"),
    ("a metric's two-word name", "왜 Inception Score를 쓰지 않을까요?"),
])
def test_the_scanner_allows_each_listed_kind(kind, text):
    assert ks.english_words(text) == [], kind


def test_each_allowed_group_says_why():
    assert all(len(reason) > 20 and words for reason, words in ks.ALLOWED.items())
    assert all(len(reason) > 5 for reason, _ in ks.BLANKED)


# -- the Korean releases ---------------------------------------------------------------------

#: Quotes of the study group's deck, kept word for word as the glossary asks (발표 자료를
#: 인용하는 곳(*기울임꼴*)은 원문 그대로): ``{lesson: [(first words, last words)]}``.
DECK_QUOTES: dict[str, list[tuple[str, str]]] = {
    "05-discriminator": [("*Discriminator도 하나의 Convolutional Network",
                          "Single Sigmoid Unit에 연결됩니다.*")],
}

#: Findings not fixed yet, one line each as :func:`release_findings` writes it, so that each
#: is seen and cleared by name (a finding not listed fails; a listed one that is gone fails
#: too, so the list only shrinks). Every code cell's comments and docstrings are Korean now
#: (``<!-- code: -->`` blocks, nbgrader's locked cells included: their Korean checksum is
#: the Korean source's), and so is every markdown cell.
KNOWN: dict[str, set[str]] = {
    "06-svhn-training": set(),
    "07-representations": set(),
}


def without_quotes(lesson: str, text: str) -> str:
    for first, last in DECK_QUOTES.get(lesson, []):
        start = text.find(first)
        end = text.find(last, start)
        if start >= 0 and end >= 0:
            text = text[:start] + text[end + len(last):]
    return text


def release_findings(lesson: str) -> list[str]:
    """``"<cell id> markdown|code: words"`` for each cell of the Korean release."""
    nb = nbformat.read(KOREAN_LESSONS / f"{lesson}-ko" / f"{lesson}-ko.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            words = ks.english_words(without_quotes(lesson, cell.source))
            if words:
                found.append(f"{cell.id} markdown: {' '.join(words)}")
        elif cell.cell_type == "code":
            found += [f"{cell.id} code: {' '.join(words)}"
                      for _said, words in ks.findings_in_code_cell(cell.source)]
    return found


@pytest.mark.parametrize("lesson", KOREAN)
def test_korean_release_shows_no_english(lesson):
    found = release_findings(lesson)
    known = KNOWN.get(lesson, set())
    new = [f for f in found if f not in known]
    assert not new, f"{lesson}-ko: English a Korean learner reads:\n  " + "\n  ".join(new)
    gone = sorted(known - set(found))
    assert not gone, f"{lesson}: fixed, remove from KNOWN: {gone}"


def test_deck_quotes_are_still_there():
    """An allowance for a quote that is gone would hide nothing; keep the list true."""
    for lesson, quotes in DECK_QUOTES.items():
        text = (KOREAN_LESSONS / f"{lesson}-ko" / f"{lesson}-ko.ipynb").read_text("utf-8")
        for first, last in quotes:
            assert first in text and last in text, (lesson, first)


def test_nbgrader_stubs_are_korean():
    import korean  # autograder/korean.py (tests/verdict_harness puts it on sys.path)

    assert ks.findings_in_code_cell(korean.CODE_STUB) == []
    assert ks.findings_in_code_cell("# YOUR CODE HERE\nraise NotImplementedError()") != []
    assert ks.english_words(korean.TEXT_STUB) == []


# -- the Korean catalog ----------------------------------------------------------------------

#: Catalog entries of the parts another session was rewriting (lesson06, lesson07,
#: training_tricks) that still hold English: ``{part: {Korean text's words}}`` (see KNOWN).
KNOWN_CATALOG: dict[str, set[str]] = {
    "lesson06": {
        "'asked one tape for a second gradient, and TensorFlow refused': gradient",
    },
    "lesson07": set(),
    "training_tricks": set(),
}


@pytest.mark.parametrize("part", importlib.import_module("dcgan_course.messages_ko").PARTS)
def test_korean_catalog_holds_no_english(part):
    catalog = importlib.import_module(f"dcgan_course.messages_ko.{part}").KO
    found = {f"{key[:60]!r}: {' '.join(words)}" for key, text in catalog.items()
             if (words := ks.english_words(text))}
    known = KNOWN_CATALOG.get(part, set())
    assert not found - known, f"{part}: English in Korean messages:\n  " + \
        "\n  ".join(sorted(found - known))
    assert not known - found, f"{part}: fixed, remove from KNOWN_CATALOG: {known - found}"


# -- the executed lessons' outputs (scanned in test_korean_edition) --------------------------

def test_output_scan_reads_prints_errors_widgets_and_figures(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="스텝 3: 손실 0.5\nloss went up\n"),
        nbformat.v4.new_output("error", ename="ExerciseFailure",
                               evalue="아직 작성되지 않았습니다. Write it first."),
        nbformat.v4.new_output("display_data", data={"text/html": "<b>이미지 100장</b>: fine"}),
    ]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "a": {"model_name": "FloatSliderModel", "state": {"description": "noise"}},
        "b": {"model_name": "ToggleButtonsModel", "state": {"_options_labels": ["학습", "train"]}},
    }}}
    figures = tmp_path / "figures.jsonl"
    figures.write_text('["진짜", "raw G"]\n', encoding="utf-8")
    found = ks.output_findings(nb, figures)
    words = " ".join(found)
    for english in ("loss went", "Write", "fine", "noise", "train", "raw"):
        assert english in words, (english, found)
    assert "ExerciseFailure" not in words  # an exception's name is code


def test_figure_hook_records_what_a_figure_says(tmp_path, monkeypatch):
    from dcgan_course.plotting import FIGURE_TEXTS, CourseFigure, figure_to_png

    record = tmp_path / "texts.jsonl"
    fig = CourseFigure()
    fig.add_subplot().set(title="판별자의 로짓", xlabel="step")
    figure_to_png(fig)
    assert not record.exists()  # off unless asked for
    monkeypatch.setenv(FIGURE_TEXTS, str(record))
    figure_to_png(fig)
    assert "판별자의 로짓" in record.read_text("utf-8") and "step" in record.read_text("utf-8")


# -- the quality table lines up in Korean ----------------------------------------------------

def test_korean_quality_table_lines_up(monkeypatch):
    """Lesson 06 prints ``f"{name:34s} {report}"``: Hangul takes two columns of a monospaced
    output, so the names pad by screen columns (translate.Words), and the reports start in
    one column."""
    import numpy as np

    from dcgan_course import quality
    from dcgan_course.translate import columns, tr

    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    report = quality.QualityReport(0.5, np.ones(10), 12.3, 100)
    names = [tr("{data}, held out", data="SVHN"), tr("generated, averaged G"),
             tr("generated, raw G"), tr("noise")]
    rows = [f"{name:34s} {report}" for name in names]
    assert all(ks.HANGUL.search(name) for name in names), names
    starts = {columns(row[:row.index(str(report))]) for row in rows}
    assert starts == {35}, rows
    assert len({len(row[:row.index(str(report))]) for row in rows}) > 1, \
        "the check cannot fail: character counts differ where columns agree"


def test_loss_curves_label_their_lines_in_korean(tmp_path, monkeypatch):
    """Lesson 01's loss curves once labelled their lines "D loss" and "G loss" in Korean too
    (found by the executed scan)."""
    from types import SimpleNamespace

    import numpy as np

    from dcgan_course.plotting import FIGURE_TEXTS, figure_to_png, plot_loss_curves

    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    record = tmp_path / "texts.jsonl"
    monkeypatch.setenv(FIGURE_TEXTS, str(record))
    run = SimpleNamespace(steps=np.arange(40), d_losses=np.ones(40), g_losses=np.ones(40),
                          label="실행")
    figure_to_png(plot_loss_curves([run], smooth=5))
    assert ks.output_findings({}, record) == []
    assert "D 손실" in ks.figure_texts(record)
