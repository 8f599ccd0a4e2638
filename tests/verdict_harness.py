"""Run a grader verdict without a kernel: the probe in this process, the judgement as usual.

Unit tests of ``autograder/verdicts`` use this to show that a correct answer passes and a
typical wrong one fails with the right message, in milliseconds. The real path (a probe in
the sandboxed kernel) is covered by the autograding tests.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from unittest import mock

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import verdicts  # noqa: E402
from verdicts.probe import MIME  # noqa: E402


def judge_in_process(notebook: str, grade_id: str, namespace: dict[str, Any],
                     seed: int = 0) -> tuple[bool, str]:
    """Pass/fail and message for the functions in ``namespace`` (as a learner's kernel has)."""
    exercise = verdicts.exercise_for(notebook, grade_id)
    assert exercise is not None, f"no verdict for {notebook}/{grade_id}"
    question = verdicts.ask(exercise, seed=seed)
    shown: list[dict] = []
    with mock.patch("IPython.display.display",
                    lambda data, raw=False: shown.append(data)):
        exec(compile(question.source, "<probe>", "exec"), namespace)  # noqa: S102
    outputs = [nbformat.NotebookNode(output_type="display_data", data=d, metadata={})
               for d in shown if MIME in d]
    return verdicts.judge(question, outputs)
