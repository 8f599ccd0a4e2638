"""One Korean term per concept: i18n/ko/glossary.md, applied to every Korean text.

The glossary's term table names, for each concept, the phrases the Korean edition does not use
(its "avoid" column); its pattern table adds rules a phrase cannot say (numbers counted in 만 and
억, profile names written as code). This test reads both tables and applies them to everything
Korean the course ships or generates: the translation files of the lessons and guides, the
generated Korean lessons and guides, the package's Korean messages and README.ko.md.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

GLOSSARY = ROOT / "i18n" / "ko" / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CODE_SPAN = re.compile(r"``\s?(?P<double>.+?)\s?``|`(?P<single>[^`\n]+)`")
FENCED = re.compile(r"^```.*?^```[ \t]*$", re.S | re.M)
#: Passages of the study group's deck quoted word for word (in italics) in a lesson: they keep
#: the deck's own words. Each must still be found somewhere, or it is stale here.
DECK_QUOTES = ("첫번째 레이어에서는 Batch Normalization 생략",)


@dataclass(frozen=True)
class Rule:
    """A phrase (or regex) the Korean edition does not use, and where it applies."""

    pattern: re.Pattern[str]
    shown: str
    markdown_only: bool = False


def code_spans(cell: str) -> list[str]:
    return [m["double"] or m["single"] for m in CODE_SPAN.finditer(cell)]


def table(text: str, header: str) -> list[list[str]]:
    """The rows of the markdown table whose header line starts with ``header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]  # an escaped \| stays
        rows.append([c.strip() for c in cells])
    return rows


def word_start(phrase: str) -> re.Pattern[str]:
    """``phrase`` where a word starts: not right after a Hangul syllable or a letter."""
    return re.compile(r"(?<![\w\uac00-\ud7a3])" + re.escape(phrase))


def rules(text: str | None = None) -> list[Rule]:
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    found = [Rule(word_start(phrase), phrase)
             for row in table(text, "| English |") for phrase in code_spans(row[2])]
    for row in table(text, "| pattern"):
        (regex,) = code_spans(row[0])
        regex = regex.replace(r"\|", "|")
        found.append(Rule(re.compile(regex), regex, markdown_only=row[1] == "markdown"))
    return found


# -- the Korean texts ------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A Korean text a learner or facilitator reads: prose (markdown or printed) and code."""

    where: str
    prose: str
    code: str = ""
    markdown: bool = True


def split_markdown(text: str) -> tuple[str, str]:
    """(prose without code, the fenced code blocks): code comments are Korean text too."""
    fenced = "\n".join(FENCED.findall(text))
    prose = FENCED.sub("", text)
    return CODE_SPAN.sub(" ", prose), fenced


def markdown_file(path: Path) -> Text:
    prose, code = split_markdown(path.read_text(encoding="utf-8"))
    return Text(str(path.relative_to(ROOT)), prose, code)


def notebook_texts(path: Path) -> list[Text]:
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        where = f"{path.relative_to(ROOT)} cell {cell.get('id')}"
        if cell.cell_type == "markdown":
            prose, code = split_markdown(cell.source)
            texts.append(Text(where, prose, code))
            continue
        printed = "\n".join(str(o.get("text", "")) for o in cell.get("outputs", []))
        texts.append(Text(where, printed, cell.source, markdown=False))
    return texts


def catalog_texts() -> list[Text]:
    from dcgan_course.messages_ko import PARTS

    texts = []
    for part in PARTS:
        module = importlib.import_module(f"dcgan_course.messages_ko.{part}")
        texts += [Text(f"messages_ko/{part}.py: {key[:50]!r}", value, markdown=False)
                  for key, value in module.KO.items()]
    return texts


def korean_texts() -> list[Text]:
    i18n = ROOT / "i18n" / "ko"
    files = [*sorted(i18n.glob("*.md")), *sorted((i18n / "facilitator").glob("*.md")),
             *sorted((ROOT / "facilitator" / "ko").glob("*.md")), ROOT / "README.ko.md"]
    texts = [markdown_file(p) for p in files if p != GLOSSARY]
    for notebook in sorted((ROOT / "lessons-ko").glob("*-ko/*-ko.ipynb")):
        texts += notebook_texts(notebook)
    return texts + catalog_texts()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for quote in DECK_QUOTES:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]
    return spans


def violations(text: Text, found_rules: list[Rule]) -> list[str]:
    """Each use of an avoided phrase in ``text``: where, the phrase, the line it is on."""
    found = []
    for part, is_markdown in ((text.prose, text.markdown), (text.code, False)):
        quotes = quoted_spans(part)
        for rule in found_rules:
            if rule.markdown_only and not is_markdown:
                continue
            for match in rule.pattern.finditer(part):
                if any(a <= match.start() < b for a, b in quotes):
                    continue
                line = part[part.rfind("\n", 0, match.start()) + 1:].split("\n", 1)[0]
                found.append(f"{text.where}: {match[0]!r} in {line.strip()[:90]!r}")
    return found


# -- the tests -------------------------------------------------------------------------------

def test_the_glossary_reads_as_one_term_per_concept():
    text = GLOSSARY.read_text(encoding="utf-8")
    terms = table(text, "| English |")
    assert len(terms) >= 25, "the term table was not read"
    concepts = [row[0] for row in terms]
    assert len(set(concepts)) == len(concepts), "a concept is listed twice"
    for english, korean, avoid, _ in terms:
        assert HANGUL.search(korean), f"{english}: no Korean term"
        for phrase in code_spans(avoid):
            assert not word_start(phrase).search(korean), \
                f"{english}: the Korean term {korean!r} uses its own avoided {phrase!r}"
    assert {r.shown for r in rules()} >= {"선수", "에폭", "전체 프로필", "이동 값"}
    assert sum(r.markdown_only for r in rules()) == 1


def test_the_rules_find_what_they_name():
    """The check can fail: each kind of slip in a made-up text is found, and only those."""
    sample = Text("sample", "두 선수가 에폭마다 이동 값 β를 바꿉니다. 파라미터는 약 4.9백만 개, "
                            "full 프로필로 실행합니다. `study` 프로필과 우선순위는 괜찮습니다.",
                  code="# 실제 이미지 2,000장\nprofile = 'full 프로필'")
    found = violations(sample, rules())
    assert [f.split(": ", 1)[1].split(" in ")[0] for f in found] == \
        ["'선수'", "'에폭'", "'이동 값'", "'4.9백만'", "'full 프로필'", "'실제 이미지'"], found
    printed = Text("printed", "fast 프로필(테스트, 채점)", markdown=False)
    assert violations(printed, rules()) == []


def test_korean_texts_are_all_read():
    texts = korean_texts()
    wheres = " ".join(t.where for t in texts)
    for expected in ("i18n/ko/01-gan-intro.md", "i18n/ko/facilitator/README.md",
                     "facilitator/ko/06-svhn-training.md", "README.ko.md",
                     "lessons-ko/07-representations-ko", "messages_ko/lesson03.py"):
        assert expected in wheres, f"{expected} is not scanned"
    assert len(texts) > 1200, len(texts)  # about 1,400 in December 2026: nothing went unread
    assert any("# " in t.code and HANGUL.search(t.code) for t in texts), \
        "no Korean code comment was read"


def test_deck_quotes_are_still_quoted():
    texts = korean_texts()
    for quote in DECK_QUOTES:
        assert any(quote in t.prose for t in texts), f"{quote!r} is no longer quoted: remove it"


@pytest.mark.parametrize("kind", ["lessons", "guides", "catalog", "readme"])
def test_every_korean_text_keeps_the_glossary(kind):
    select = {"lessons": lambda w: "lessons-ko/" in w or re.match(r"i18n/ko/\d\d-", w),
              "guides": lambda w: "facilitator" in w,
              "catalog": lambda w: w.startswith("messages_ko/"),
              "readme": lambda w: w == "README.ko.md"}[kind]
    found_rules = rules()
    found = [v for t in korean_texts() if select(t.where) for v in violations(t, found_rules)]
    assert not found, f"{len(found)} uses of avoided terms (i18n/ko/glossary.md):\n" + \
        "\n".join(found[:40])
