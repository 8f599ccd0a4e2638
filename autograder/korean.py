"""The Korean edition (한국어판): student notebooks built from solutions/ and i18n/ko/.

One source of truth: the code cells, tests and points of a Korean lesson are those of
``solutions/<lesson>/<lesson>.ipynb``; only its markdown comes from the translation file
``i18n/ko/<lesson>.md`` (format: ../notes of the course, summarised in README.ko.md): one
block per markdown cell, ``<!-- cell: CELL_ID en: HASH16 -->`` then the Korean text, where
HASH16 is the first 16 hex digits of the sha256 of the English cell's source. A changed
English cell no longer matches its hash, so the translation is reported stale.

The Korean notebook of a lesson is an nbgrader assignment of its own, ``<lesson>-ko``
(notebook ``<lesson>-ko.ipynb``, released to ``lessons-ko/<lesson>-ko/``): the gradebook keeps
English and Korean submissions apart, an LMS download names which edition a learner handed
in, and the folder name tells the kernel to draw figures with a Hangul font
(dcgan_course.language). Its sources are written to a temporary folder for each nbgrader
run and never committed: only the release is.
"""

from __future__ import annotations

import copy
import hashlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
I18N = ROOT / "i18n" / "ko"
RELEASE = ROOT / "lessons-ko"
SUFFIX = "-ko"
MARKER = re.compile(r"^<!-- (?P<kind>cell|code): (?P<id>\S+) en: (?P<hash>[0-9a-f]{16}) -->[ \t]*$",
                    re.M)
#: A code block's Korean source is fenced like markdown code (```python ... ```).
FENCE = re.compile(r"\A```(?:python)?[ \t]*\n(?P<code>.*?)\n```[ \t]*\Z", re.S)
MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.S)  # paired left to right, as rendered
NBGRADER_MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|YOUR ANSWER HERE")
# What nbgrader leaves in a Korean release's written-answer cell (lesson 06) in place of the
# example answer; the English stub (nbgrader_config.py) stays in it for the instructor.
TEXT_STUB = "여기에 답을 쓰세요"
#: What nbgrader leaves in a Korean release's answer cell in place of the solution: the
#: English stub's comment in Korean (the visible checks look for the NotImplementedError).
CODE_STUB = "# 여기에 코드를 작성하세요\nraise NotImplementedError()"


def english_hash(source: str) -> str:
    """HASH16 of an English cell: what a translation records to be found stale later."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def assignment_id(lesson: str) -> str:
    """The Korean edition's nbgrader assignment (and notebook) name for ``lesson``."""
    return lesson + SUFFIX


def english_lesson(name: str) -> str:
    """The lesson (or notebook) an assignment or notebook name belongs to, in either edition."""
    return name.removesuffix(SUFFIX)


def is_korean(name: str) -> bool:
    return name.endswith(SUFFIX)


def translated_lessons() -> list[str]:
    """Lessons that have a translation file (complete or still in translation)."""
    return sorted(p.stem for p in I18N.glob("*.md") if (SOLUTIONS / p.stem).is_dir())


def released_lessons(release_dir: Path = RELEASE) -> list[str]:
    """Lessons whose Korean release exists (the published Korean lessons)."""
    if not release_dir.is_dir():
        return []
    return sorted(english_lesson(p.name) for p in release_dir.iterdir()
                  if p.is_dir() and is_korean(p.name) and any(p.glob("*.ipynb")))


@dataclass
class Translation:
    """A parsed translation file: ``{cell id: (recorded hash, Korean text)}`` in file order."""

    blocks: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Code cells whose comments and docstrings are translated: ``{cell id: (hash, code)}``.
    code: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Every block's cell id in file order (markdown and code blocks together).
    order: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse(text: str) -> Translation:
    """Read a translation file; format problems (text before the first marker, a cell
    translated twice, an empty block) are listed, not raised."""
    found = Translation()
    markers = list(MARKER.finditer(text))
    if text[:markers[0].start() if markers else len(text)].strip():
        found.problems.append("text before the first `<!-- cell: ... -->` marker")
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        body = text[marker.end():following.start() if following else len(text)]
        body = re.sub(r"(\n[ \t]*)+\Z", "", body.lstrip("\n")).lstrip("\n")
        cell_id = marker["id"]
        if cell_id in found.blocks or cell_id in found.code:
            found.problems.append(f"{cell_id}: translated twice")
        if not body.strip():
            found.problems.append(f"{cell_id}: empty translation")
        found.order.append(cell_id)
        if marker["kind"] == "code":
            fenced = FENCE.match(body.strip())
            if not fenced:
                found.problems.append(f"{cell_id}: a code block must be fenced (```python)")
                continue
            found.code[cell_id] = (marker["hash"], fenced["code"])
            continue
        found.blocks[cell_id] = (marker["hash"], body)
    return found


def _python(source: str) -> str:
    """A cell's source as plain Python (IPython magics and shell lines transformed)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def code_shape(source: str) -> str:
    """What must be identical between editions: the code's syntax tree without docstrings
    (comments never reach the tree), so only comments and docstrings may be translated."""
    import ast

    tree = ast.parse(_python(source))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            body[0] = ast.Pass()
    return ast.dump(tree)


def same_code(english: str, korean_code: str) -> str | None:
    """Why ``korean_code`` is not ``english`` with translated comments (None: it is)."""
    if NBGRADER_MARKERS.findall(english) != NBGRADER_MARKERS.findall(korean_code):
        return "nbgrader markers differ from the English cell"
    try:
        if code_shape(english) != code_shape(korean_code):
            return "the code differs from the English cell (only comments and docstrings " \
                   "may be translated)"
    except SyntaxError as error:
        return f"the Korean code does not parse ({error.msg}, line {error.lineno})"
    return None


def check(nb: nbformat.NotebookNode, translation: Translation) -> list[str]:
    """Everything that keeps ``translation`` from being used for ``nb``: missing, stale,
    unknown or code-cell blocks, blocks out of notebook order, LaTeX or nbgrader markers
    of the English cell not kept."""
    problems = list(translation.problems)
    cells = {c.id: c for c in nb.cells}
    markdown = [c.id for c in nb.cells if c.cell_type == "markdown"]
    for cell_id in translation.blocks:
        if cell_id not in cells:
            problems.append(f"{cell_id}: no cell with this id in the English notebook")
        elif cells[cell_id].cell_type != "markdown":
            problems.append(f"{cell_id}: a code cell; translate its comments in a "
                            "`<!-- code: ... -->` block")
    for cell_id, (recorded, korean_code) in translation.code.items():
        if cell_id not in cells or cells[cell_id].cell_type != "code":
            problems.append(f"{cell_id}: a code block for a cell that is not a code cell")
            continue
        english = cells[cell_id].source
        if recorded != english_hash(english):
            problems.append(f"{cell_id}: stale translation of code comments (the English "
                            f"cell changed: hash {english_hash(english)}, translated {recorded})")
        elif (why := same_code(english, korean_code)) is not None:
            problems.append(f"{cell_id}: {why}")
    for cell_id in markdown:
        if cell_id not in translation.blocks:
            problems.append(f"{cell_id}: markdown cell without a translation")
            continue
        recorded, korean = translation.blocks[cell_id]
        english = cells[cell_id].source
        if recorded != english_hash(english):
            problems.append(f"{cell_id}: stale translation (the English cell changed: "
                            f"hash {english_hash(english)}, translated {recorded})")
        lost = sorted(set(MATH.findall(english)) - set(MATH.findall(korean)))
        if lost:
            problems.append(f"{cell_id}: LaTeX of the English cell missing: {lost[:3]}")
        if stray_asterisks(korean) > stray_asterisks(english):
            problems.append(f"{cell_id}: emphasis that does not render (a closing ** after "
                            "punctuation and before Hangul stays literal: write "
                            "**생성자**(Generator)는, not **생성자(Generator)**는)")
        if NBGRADER_MARKERS.findall(english) != NBGRADER_MARKERS.findall(korean):
            problems.append(f"{cell_id}: nbgrader markers differ from the English cell")
    order = [c.id for c in nb.cells]
    ordered = [i for i in translation.order if i in order]
    if ordered != [i for i in order if i in ordered]:
        problems.append("blocks are not in the notebook's order")
    return problems


def stray_asterisks(markdown: str) -> int:
    """Asterisks left as text once the markdown is rendered (code and LaTeX aside)."""
    import mistune

    html = mistune.html(MATH.sub("M", markdown))
    return re.sub(r"<code>.*?</code>", "", html, flags=re.S).count("*")


def source_notebook(lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)


def problems(lesson: str) -> list[str]:
    """What is wrong with the translation of ``lesson`` (empty: it can be generated)."""
    path = I18N / f"{lesson}.md"
    if not path.exists():
        return [f"{path.relative_to(ROOT)} does not exist"]
    return check(source_notebook(lesson), parse(path.read_text(encoding="utf-8")))


def korean_notebook(lesson: str) -> nbformat.NotebookNode:
    """The Korean source notebook of ``lesson``: English code cells and ids, Korean markdown."""
    found = problems(lesson)
    if found:
        raise ValueError(f"i18n/ko/{lesson}.md cannot be used:\n  " + "\n  ".join(found))
    nb = copy.deepcopy(source_notebook(lesson))
    translation = parse((I18N / f"{lesson}.md").read_text(encoding="utf-8"))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translation.blocks[cell.id][1]
        elif cell.id in translation.code:
            cell.source = translation.code[cell.id][1]
    nb.metadata["language"] = "ko"
    return nb


def write_sources(lessons: list[str], folder: Path) -> Path:
    """Write the Korean source assignments (``folder/<lesson>-ko/<lesson>-ko.ipynb`` and the
    lesson's other files) for nbgrader to read; returns ``folder``."""
    for lesson in lessons:
        target = folder / assignment_id(lesson)
        target.mkdir(parents=True, exist_ok=True)
        for extra in (SOLUTIONS / lesson).iterdir():
            if extra.is_file() and extra.suffix != ".ipynb":
                (target / extra.name).write_bytes(extra.read_bytes())
        nbformat.write(korean_notebook(lesson), target / f"{assignment_id(lesson)}.ipynb")
    return folder


@contextmanager
def nbgrader_options(names: list[str]) -> Iterator[list[str]]:
    """nbgrader options that point a run at the Korean sources and release of ``names``
    (assignment ids), written to a temporary folder for as long as the run lasts, and give
    written-answer cells a Korean stub (``generate_assignment`` runs one lesson at a time,
    so an English release never gets it); no options when none of ``names`` is Korean."""
    lessons = [english_lesson(n) for n in names if is_korean(n)]
    if not lessons:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="dcgan-ko-source-") as folder:
        write_sources(lessons, Path(folder))
        yield [f"--CourseDirectory.source_directory={folder}",
               f"--CourseDirectory.release_directory={RELEASE}",
               f"--ClearSolutions.text_stub={TEXT_STUB}",
               # a plain string: nbgrader reads a command-line code_stub as the Python stub
               # (a "python=..." or dict form ends up inside the stub as text)
               f"--ClearSolutions.code_stub={CODE_STUB}"]
