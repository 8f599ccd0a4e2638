"""The learner edition: what a class publishes for its learners, and nothing more.

The open course keeps ``solutions/`` (for self-study), the grader's verdicts
(``autograder/verdicts``, which hold the reference answers) and the instructor's tooling in
one repository. A class that grades must not hand those to its learners, so
``instructor.py edition DIR`` writes the **learner view** (:mod:`learner_view`): the same
folder the grading sandbox and the class hub show a learner, published. It holds

* ``lessons/`` and ``lessons-ko/`` (the generated student notebooks, English and Korean: no
  solutions, no hidden tests),
* the course package ``dcgan_course/`` (its widgets and engine),
* ``binder/`` and ``pyproject.toml`` (the same pinned environment, so Binder and
  ``python3 course.py`` work), ``assets/``, ``course.py``,
* learner READMEs made from the course's (this module): the lessons, how to start, Binder,
  profiles, GPU (no instructor section, no test command), with the Binder links pointing at
  the repository and branch the class publishes.

Only files tracked by git are copied (a learner's training runs or saved builders in the
instructor's working copy never leak into it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: README sections a learner reads (level-2 headings and what is under them).
LEARNER_SECTIONS = ("Lessons", "Start", "Credits")
#: The same for the Korean README (README.ko.md): start and lessons, not how it is built.
LEARNER_SECTIONS_KO = ("시작하기", "강의")
NOTE_EN = ("> **Learner edition.** Your instructor published this copy of the course for your "
           "class: the lessons and everything they need, without solutions or grading "
           "tools. Work in the notebooks under `lessons/`, check them with the **Validate** "
           "button, and hand them in as your instructor says.\n\n")
NOTE_KO = ("> **학습자판.** 강사가 여러분의 수업을 위해 공개한 과정 사본입니다. "
           "강의와 강의에 필요한 모든 것이 있고, 정답과 채점 도구는 없습니다. "
           "`lessons-ko/`의 노트북에서 실습하고, "
           "**Validate** 버튼으로 확인한 뒤, 강사가 안내한 대로 제출하세요.\n\n")
PLACEHOLDER_REPO = "YOUR-GITHUB-USER/dcgan-course"


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) for the part before the first ``## `` and for each ``## `` section."""
    parts = re.split(r"(?m)^(?=## )", text)
    return [(part.splitlines()[0][3:].strip() if part.startswith("## ") else "", part)
            for part in parts]


def _is_for_learners(paragraph: str) -> bool:
    """False for the paragraphs about the course's own tests (not shipped to learners)."""
    return not any(word in paragraph for word in ("course.py test", "pytest", "course's tests"))


def learner_readme(text: str, repo: str, branch: str,
                   sections: tuple[str, ...] = LEARNER_SECTIONS, note: str = NOTE_EN) -> str:
    """The course README cut to what a learner needs, Binder links pointed at ``repo``."""
    kept = []
    for heading, body in _sections(text):
        if heading and heading not in sections:
            continue
        paragraphs = re.split(r"\n\s*\n", body)
        kept.append("\n\n".join(p for p in paragraphs if _is_for_learners(p)).rstrip() + "\n")
    readme = "\n".join(kept)
    readme = readme.replace(f"{PLACEHOLDER_REPO}/main", f"{repo}/{branch}")
    readme = readme.replace(PLACEHOLDER_REPO, repo)
    readme = re.sub(r"(?m)^<!-- PLACEHOLDER:.*-->\n", "", readme)
    title, _, rest = readme.partition("\n")
    return f"{title}\n\n{note}{rest.lstrip()}"


def learner_readmes(root: Path = ROOT, repo: str = PLACEHOLDER_REPO,
                    branch: str = "main") -> dict[str, str]:
    """``{"README.md": ..., "README.ko.md": ...}``: the learner READMEs of ``root``'s."""
    readmes = {"README.md": learner_readme((root / "README.md").read_text(), repo, branch)}
    if (root / "README.ko.md").is_file():
        readmes["README.ko.md"] = learner_readme((root / "README.ko.md").read_text(), repo,
                                                 branch, LEARNER_SECTIONS_KO, NOTE_KO)
    return readmes


def write_edition(target: Path, repo: str = PLACEHOLDER_REPO, branch: str = "main",
                  root: Path = ROOT) -> list[Path]:
    """Write the learner edition into ``target`` (which must not exist or be empty): the
    learner view of ``root`` (:func:`learner_view.build`), with its READMEs' Binder links
    pointed at ``repo`` and ``branch``. Returns the files written, relative."""
    import learner_view

    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} is not empty: choose a new folder for the learner edition")
    view = learner_view.build(root)
    shutil.copytree(view, target, dirs_exist_ok=True)
    for name, text in learner_readmes(learner_view.source_root(root), repo, branch).items():
        (target / name).write_text(text)
    return [Path(p) for p in learner_view.view_files(target)]
