"""The course package speaks the edition's language from one catalog (dcgan_course/translate.py).

Every text the package or the grader's verdicts pass to ``tr`` must have a Korean entry with
the same ``{fields}``; ``tr`` must always get its text as a literal (or a verdict's title, which
is checked here too), so this scan sees every sentence. English output is the code's own text.

The lessons' code cells speak through the same catalog: a cell writes
``print(tr("step {step}: loss {loss:.3f}", step=step, loss=loss))``, identical in both editions,
and the Korean edition prints the catalog's sentence. The scan reads the cells of solutions/
too, and a static check finds any printed or figure text of a cell that does not go through
``tr`` (it would reach the Korean edition in English).
"""

from __future__ import annotations

import ast
import re
import string
import sys
import warnings
from pathlib import Path

import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from conftest import ROOT, SOLUTIONS

from dcgan_course import translate
from dcgan_course.messages_ko import KO

SOURCES = sorted([*(ROOT / "dcgan_course").rglob("*.py"),
                  *(ROOT / "autograder" / "verdicts").glob("*.py")])
#: tr's first argument may be one of these names instead of a literal: the verdicts' titles
#: (all_texts collects them by importing the verdicts), ``hint``, a module constant marked
#: with ``later("...")`` (which the scan reads like ``tr("...")``), and a layer table's note
#: (architecture.LayerSpec.note, marked with ``later`` where the layers are listed).
DYNAMIC = {"exercise.title", "hint", "r.note", "exercise", "lesson", "mistake.problem",
           "mistake.hint"}


#: The lessons' notebooks: their code cells call ``tr`` as the package does.
NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb"))


def code_cells(path: Path) -> list[tuple[str, str]]:
    """``(cell id, source)`` of a notebook's code cells."""
    import nbformat

    return [(cell.get("id", "?"), cell.source)
            for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def sources(path: Path) -> list[str]:
    """The Python code of a module, or of each code cell of a notebook."""
    if path.suffix == ".ipynb":
        return [source for _, source in code_cells(path)]
    return [path.read_text(encoding="utf-8")]


def tr_calls(path: Path) -> tuple[list[str], list[str]]:
    """The literal texts given to ``tr`` or ``later`` (or a ``Mistake``'s problem and hint) in
    a file, and the non-literal others."""
    texts, others = [], []
    for node in (n for code in sources(path) for n in ast.walk(ast.parse(code))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Mistake":
            # A named mistake's problem and hint (exercises/catalogue.py) are tr texts.
            words = [*node.args[1:3], *(k.value for k in node.keywords
                                        if k.arg in ("problem", "hint"))]
            texts += [w.value for w in words if isinstance(w, ast.Constant)
                      and isinstance(w.value, str) and w.value]
            continue
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
    for path in [*SOURCES, *NOTEBOOKS]:
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


def test_each_catalog_key_lives_in_one_part() -> None:
    from dcgan_course.messages_ko import DUPLICATES

    assert not DUPLICATES, f"Korean entries defined in more than one catalog part: {DUPLICATES}"


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


# -- the lessons' code cells print and label through tr ------------------------------------

#: Lessons whose code cells are not translated yet (none left: all seven speak through tr).
CELLS_PENDING: set[str] = set()
#: Where a cell's text reaches the learner: printed, or a figure's or table's words.
TEXT_KEYWORDS = {"title", "titles", "label", "labels", "caption", "xlabel", "ylabel"}
#: Words that are code or notation, the same in both editions (a string with only these and
#: no other English word needs no translation).
CODE_WORDS = {"sigmoid", "logit", "float", "sqrt", "dim", "log", "softplus", "tanh", "relu"}
WORD = re.compile(r"[A-Za-z]{3,}")


def is_text_call(call: ast.Call) -> bool:
    """print(...), or a course figure or table (``plot_*``, ``*_table``)."""
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", "")
    return name == "print" or name.startswith("plot_") or name.endswith("_table")


def untranslated(tree: ast.AST) -> list[str]:
    """English strings a cell prints or puts in a figure without ``tr``: the string literals
    (f-strings included) in print's arguments, a figure function's arguments, a title/label
    keyword and the keys of a dict assigned to a name (``rows = {...}``: the cells name figure
    rows by them; a dict of options passed to a call is code)."""
    reached: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_text_call(node):
            reached += [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Call):
            reached += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            reached += [k for k in node.value.keys if k is not None]
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr":
            return  # translated (its fields are the cell's values)
        if isinstance(node, ast.Subscript):
            return visit(node.value)  # an index is a key, not text
        if isinstance(node, ast.Call):  # a plain string argument is code: padding="same"
            return [visit(child) for child in (node.func, *node.args,
                                               *(k.value for k in node.keywords))
                    if not isinstance(child, ast.Constant)]
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and {w.lower() for w in WORD.findall(node.value)} - CODE_WORDS):
            found.append(node.value)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for node in reached:
        visit(node)
    return found


#: Strings a cell shows as they are in both editions: code a learner types (the data set's
#: and the probe's keys), formulas, an exception's name (lesson 06 prints the refusal after it).
SAME_IN_BOTH = {"svhn", "synthetic", "sigmoid(logit), float32 ", "generator", "discriminator",
                "CheckpointMismatch:"}


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name not in CELLS_PENDING],
                         ids=lambda p: p.parent.name)
def test_code_cells_print_and_label_through_tr(path: Path) -> None:
    """Every sentence a code cell prints, titles or labels a figure with goes through tr, so
    the Korean edition (the same code) shows the catalog's Korean text."""
    left = [f"{cell}: {text!r}" for cell, source in code_cells(path)
            for text in untranslated(ast.parse(source)) if text not in SAME_IN_BOTH]
    assert not left, f"{path.name}: English text a learner sees, not passed to tr: {left[:8]}"


def test_the_static_check_finds_untranslated_text() -> None:
    def found(code: str) -> list[str]:
        return untranslated(ast.parse(code))

    assert found('print(f"step {step}: loss {loss:.3f}")') == ["step ", ": loss "]
    assert found('plot(x, title="untrained generator")') == ["untrained generator"]
    assert found('arch.plot_maps([("5×5 kernel, stride 2", m)])') == ["5×5 kernel, stride 2"]
    assert found('rows = {"one sample": a}') == ["one sample"]
    assert not found('data = load(**choose(fast={"epochs": 1}, full={}))')
    assert not found('print(tr("step {step}: loss {loss:.3f}", step=step, loss=loss))')
    assert not found('print(f"{tr(\'kernel, padding\'):<18}", rows["one sample"])')
    assert not found('print(f"{x:>8.2f}", "log(sigmoid)", problem(4, "same", padding="valid"))')
    assert found('print(" ".join(f"{c:.3f} steps" for c in changes))') == [" steps"]


def test_every_cell_text_reads_in_korean_with_its_fields(monkeypatch) -> None:
    """Each tr(...) of a translated lesson's cells, called with values its format specs accept
    (a number for ``:.3f``, text for ``:<24``), writes Hangul in the Korean edition."""
    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    english_left = []
    for path in NOTEBOOKS:
        if path.parent.name in CELLS_PENDING:
            continue
        for cell, source in code_cells(path):
            for node in ast.walk(ast.parse(source)):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    continue
                text = node.args[0].value
                written = translate.tr(text, **{name: sample_for(spec) for name, spec
                                                in field_specs(text).items()})
                if not has_hangul(written):
                    english_left.append(f"{path.parent.name} {cell}: {written!r}")
    assert not english_left, english_left[:8]


def field_specs(text: str) -> dict[str, str]:
    """``{name: format spec}`` of a text's fields ("loss" -> ".3f")."""
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None}


def sample_for(spec: str) -> object:
    """A value the format spec accepts: an int for ``3d`` or ``,``, a float for ``.2f``."""
    if spec.endswith(("d", ",")):
        return 3
    if spec.endswith(("f", "%", "e", "g")):
        return 0.5
    return "x"


def test_words_pad_by_screen_columns(monkeypatch) -> None:
    """A tr text in a format spec lines up a printed table in Korean as in English."""
    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    header = f"{translate.tr('kernel, padding'):<18}|"
    assert translate.columns(header) == 19 and header.startswith("커널, 패딩 "), header
    assert translate.columns(f"{translate.tr('refused'):>8}") == 8
    line = translate.tr("{title:<32} spread across the 8 images: {spread:.3f}",
                        title=translate.tr("one at a time, training=True"), spread=0.5)
    assert translate.columns(line.split(" 이미지 8장")[0]) == 32, line
    first = translate.tr("one at a time, training=False\n(after {warmup_batches} warm-up "
                         "batches)", warmup_batches=5).splitlines()[0]
    assert translate.columns(f"{first:<32}") == 32
    monkeypatch.setenv("DCGAN_COURSE_LANG", "en")
    assert f"{translate.tr('kernel, padding'):<18}|" == "kernel, padding   |"


def test_package_tables_and_labels_speak_korean(monkeypatch) -> None:
    """Tables and labels the lessons print from the package: Korean words, columns aligned."""
    from dcgan_course import architecture as arch
    from dcgan_course import batchnorm_lab as lab
    from dcgan_course import conv_arithmetic as ca

    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    table = arch.layer_table(arch.generator_layers(z_dim=100, width=16, image_size=32))
    assert has_hangul(str(table)) and has_hangul(table._repr_html_())
    widths = {translate.columns(line) for line in str(table).splitlines()}
    assert len(widths) == 1, str(table)
    assert has_hangul(str(arch.width_table((16, 32))))
    run = lab.TrainingRun(label=translate.tr("{depth}×{width} {activation}, with BN", depth=2,
                                             width=16, activation="relu"),
                          losses=[1.0], test_accuracy=0.5, ms_per_step=1.0)
    summary = lab.summarise([run]).splitlines()
    assert has_hangul(summary[0]) and "BN 있음" in summary[1], summary
    assert translate.columns(summary[0]) == translate.columns(summary[1]), summary
    assert has_hangul(ca.transpose_output_problem(4, 4, 2, "same", 0))


def test_svhn_download_cell_speaks_korean_in_a_box_that_lines_up(tmp_path, monkeypatch,
                                                                  capsys) -> None:
    """Lesson 06's prepare_svhn offline in Korean: the banner's lines fill one width in screen
    columns, the reason and the loader's error help are Korean, the error keeps the reason."""
    import socket

    from dcgan_course.data import prepare_svhn, svhn

    with socket.socket() as sock:  # a port nothing listens on: "offline" at once
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/housenumbers/train_32x32.mat"
    monkeypatch.setitem(svhn.SVHN_FILES, "train", svhn.SVHNFile(url, "a" * 32, 12))
    monkeypatch.setenv(svhn.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("DCGAN_COURSE_LANG", "ko")
    assert prepare_svhn(("train",)) == "synthetic"
    banner = [line for line in capsys.readouterr().out.splitlines() if line.startswith("!")]
    assert len(banner) == 7 and has_hangul(banner[1]) and "서버에 연결할 수 없습니다" in banner[3]
    assert len({translate.columns(line) for line in banner}) == 1, "\n".join(banner)
    with pytest.raises(svhn.SVHNUnavailable) as info:
        svhn.load_svhn("train")
    assert "받지 못했습니다" in str(info.value) and url in str(info.value)
    assert info.value.reason.startswith("서버에 연결할 수 없습니다")


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
    from dcgan_course.checks import WIDTH, ExerciseFailure, expect_close
    from dcgan_course.translate import columns as _columns

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


def test_missing_builder_message_is_korean_in_the_korean_edition():
    """Lesson 06 opens the learner's saved builders; the message that says where to save one
    is read by Korean learners too: no English word of the exercise's name is left in it."""
    from dcgan_course import carry

    with translate.speaking("ko"):
        message = carry._missing_message("generator", Path("/x/my_dcgan/generator.py"))
    assert "실습 과제 1" in message and "Exercise" not in message
    assert "04-generator 강의를" in message
