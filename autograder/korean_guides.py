"""The Korean facilitator guides (``facilitator/ko/``), made from the English ones.

One source, as for the lessons: the English guide ``facilitator/<name>.md`` is the source of
truth, split into blocks (paragraphs, lists, tables, headings: whatever a blank line
separates, code fences kept whole). The translation file ``i18n/ko/facilitator/<name>.md``
holds one Korean block per English block, keyed by the first 16 hex digits of the sha256 of
the English block (``<!-- para en: HASH16 -->``). The Korean guide is the English guide with
every block replaced by its translation, in the English order, so a new or edited English
paragraph has no translation and generation fails, naming it: a Korean guide can never go
stale unseen. Links to lessons point at the Korean releases.

    .venv/bin/python autograder/korean_guides.py            # write facilitator/ko/*.md
    .venv/bin/python autograder/korean_guides.py --check    # list what is missing or stale
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "facilitator"
TRANSLATIONS = ROOT / "i18n" / "ko" / "facilitator"
OUT = GUIDES / "ko"
MARKER = re.compile(r"^<!-- para en: (?P<hash>[0-9a-f]{16}) -->[ \t]*$", re.M)
NOTE = ("<!-- 이 파일은 autograder/korean_guides.py가 facilitator/{name}과 "
        "i18n/ko/facilitator/{name}에서 만듭니다. 직접 고치지 마세요. -->\n\n")


def blocks(text: str) -> list[str]:
    """The English guide's blocks: text between blank lines, a fenced code block whole."""
    found, current, fenced = [], [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        found.append("\n".join(current))
    return found


def block_hash(block: str) -> str:
    return hashlib.sha256(block.strip().encode("utf-8")).hexdigest()[:16]


@dataclass
class GuideTranslation:
    """``{hash of the English block: Korean block}`` and the file's format problems."""

    blocks: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse(text: str) -> GuideTranslation:
    found = GuideTranslation()
    markers = list(MARKER.finditer(text))
    if text[:markers[0].start() if markers else len(text)].strip():
        found.problems.append("text before the first `<!-- para en: ... -->` marker")
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        body = text[marker.end():following.start() if following else len(text)].strip("\n")
        if not body.strip():
            found.problems.append(f"{marker['hash']}: empty translation")
        found.blocks[marker["hash"]] = body.rstrip()
    return found


def korean_links(text: str) -> str:
    """Links to a lesson's release and to another guide point at the Korean ones."""
    text = re.sub(r"\]\(\.\./", "](../../", text)  # one folder deeper
    return re.sub(r"\]\(\.\./\.\./lessons/(\d\d-[a-z0-9-]+)/\1\.ipynb",
                  r"](../../lessons-ko/\1-ko/\1-ko.ipynb", text)


def translate(name: str) -> tuple[str | None, list[str]]:
    """The Korean guide ``name`` (None when it cannot be made) and what is wrong."""
    english = (GUIDES / name).read_text(encoding="utf-8")
    path = TRANSLATIONS / name
    if not path.exists():
        return None, [f"{path.relative_to(ROOT)} does not exist"]
    translation = parse(path.read_text(encoding="utf-8"))
    problems = list(translation.problems)
    out = []
    for block in blocks(english):
        key = block_hash(block)
        if key not in translation.blocks:
            first = block.strip().splitlines()[0][:70]
            problems.append(f"{name}: no translation for the English block {key} ({first!r})")
            continue
        out.append(korean_links(translation.blocks[key]))
    used = {block_hash(b) for b in blocks(english)}
    problems += [f"{name}: stale block {key} (its English paragraph is gone or changed)"
                 for key in translation.blocks if key not in used]
    if problems:
        return None, problems
    return NOTE.format(name=name) + "\n\n".join(out) + "\n", []


def guide_names() -> list[str]:
    return sorted(p.name for p in GUIDES.glob("*.md"))


def skeleton(name: str) -> str:
    """A translation file to fill in: every English block under its marker (for translators)."""
    return "".join(f"<!-- para en: {block_hash(b)} -->\n{b}\n\n"
                   for b in blocks((GUIDES / name).read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report problems")
    parser.add_argument("--skeleton", metavar="GUIDE", help="print a translation skeleton")
    args = parser.parse_args(argv)
    if args.skeleton:
        sys.stdout.write(skeleton(args.skeleton))
        return 0
    failed = []
    for name in guide_names():
        text, problems = translate(name)
        failed += problems
        if text is not None and not args.check:
            OUT.mkdir(exist_ok=True)
            (OUT / name).write_text(text, encoding="utf-8")
    for problem in failed:
        print(problem)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
