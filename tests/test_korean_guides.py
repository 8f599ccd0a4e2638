"""The Korean facilitator guides come from the English ones and cannot go stale unseen."""

from __future__ import annotations

import importlib

import pytest
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path

guides = importlib.import_module("korean_guides")  # autograder/korean_guides.py


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    english = tmp_path / "facilitator"
    english.mkdir()
    (english / "01-x.md").write_text("# Guide\n\nOpen [the lesson](../lessons/01-x/01-x.ipynb)."
                                     "\n\n```bash\na\n\nb\n```\n")
    monkeypatch.setattr(guides, "GUIDES", english)
    monkeypatch.setattr(guides, "TRANSLATIONS", tmp_path / "ko")
    monkeypatch.setattr(guides, "OUT", english / "ko")
    (tmp_path / "ko").mkdir()
    return english / "01-x.md", tmp_path / "ko" / "01-x.md"


def test_blocks_keep_code_fences_whole():
    assert guides.blocks("a\nb\n\n```\nx\n\ny\n```\n\nc") == ["a\nb", "```\nx\n\ny\n```", "c"]


def test_a_complete_translation_makes_the_korean_guide(tiny):
    english, translation = tiny
    title, link, code = guides.blocks(english.read_text())
    translation.write_text(
        f"<!-- para en: {guides.block_hash(title)} -->\n# 안내서\n\n"
        f"<!-- para en: {guides.block_hash(link)} -->\n"
        "[강의](../lessons/01-x/01-x.ipynb)를 여세요.\n\n"
        f"<!-- para en: {guides.block_hash(code)} -->\n{code}\n")
    korean, problems = guides.translate("01-x.md")
    assert problems == []
    assert "# 안내서" in korean and "(../../lessons-ko/01-x-ko/01-x-ko.ipynb)" in korean
    assert "```bash\na\n\nb\n```" in korean


def test_a_changed_english_paragraph_is_named_and_its_old_block_is_stale(tiny):
    english, translation = tiny
    translation.write_text(guides.skeleton("01-x.md"))
    english.write_text(english.read_text().replace("# Guide", "# The guide"))
    korean, problems = guides.translate("01-x.md")
    assert korean is None
    assert any("no translation for the English block" in p and "The guide" in p
               for p in problems), problems
    assert any("stale block" in p for p in problems), problems


def test_every_guide_has_a_current_korean_guide():
    """Every English guide is translated block for block, and the committed Korean guide is
    what the generator makes from it today (not an older generation)."""
    names = guides.guide_names()
    assert len(names) >= 8, names  # README and the seven lessons
    for name in names:
        text, problems = guides.translate(name)
        assert problems == [], problems
        assert (guides.OUT / name).read_text(encoding="utf-8") == text, (
            f"facilitator/ko/{name} is stale: run .venv/bin/python autograder/korean_guides.py")
