"""The package's own versions of graded answers: refused in an exercise, absent when grading."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from dcgan_course import answers, checks, conv_arithmetic, toy_gan


def test_marked_functions_work_for_the_widgets():
    assert conv_arithmetic.conv_output_size(8, 3, 2, "valid") == 3
    assert list(conv_arithmetic.overlap_profile(3, 2)) == [2, 1]


@pytest.mark.parametrize("delegate", [
    lambda: checks.call_exercise(conv_arithmetic.conv_output_size, 8, 3, 2, "valid"),
    lambda: checks.call_exercise(lambda k, s: conv_arithmetic.overlap_profile(k, s), 4, 2),
    lambda: checks.call_exercise(toy_gan.make_train_step(lambda r, f: 0, lambda f: 0), 1, 2),
])
def test_a_learner_calling_the_package_answer_is_told_so(delegate):
    with pytest.raises(checks.ExerciseFailure, match="package's own version"):
        delegate()


def test_every_marked_function_names_a_graded_test_cell():
    import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
    import verdicts

    cells = {f"{notebook}/{grade_id}" for notebook, grade_id in verdicts.load_all()}
    marked = [f for module in (conv_arithmetic, toy_gan)
              for f in vars(module).values() if hasattr(f, "__answer_to__")]
    assert len(marked) >= 9
    for function in marked:
        assert set(function.__answer_to__) <= cells, function.__qualname__


def test_the_grading_copy_has_no_answer_code(tmp_path):
    folder, blinded = answers.blind_package(tmp_path)
    assert "dcgan_course.conv_arithmetic.conv_transpose_reference" in blinded
    text = (folder / "conv_arithmetic.py").read_text()
    assert "np.einsum" not in text.split("def conv_transpose_reference")[1].split("def ")[0]
    assert answers.blind_package(tmp_path)[0] == folder  # unchanged sources: reused
    probe = ("import dcgan_course, dcgan_course.conv_arithmetic as ca\n"
             "print(dcgan_course.__file__)\n"
             "print(ca.conv_padding(5, 3, 1, 'valid'))\n"
             "try:\n    ca.conv_output_size(8, 3, 2, 'valid')\n"
             "except dcgan_course.answers.AnswerHidden as e:\n    print('hidden:', e)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(folder.parent),
                                                     "PATH": "/usr/bin"}).stdout
    assert out.startswith(str(folder)) and "(0, 0)" in out
    assert "hidden: dcgan_course.conv_arithmetic.conv_output_size is hidden" in out


def test_source_tree_is_untouched_by_blinding(tmp_path):
    before = (ROOT / "dcgan_course" / "toy_gan.py").read_text()
    answers.blind_package(tmp_path)
    assert (ROOT / "dcgan_course" / "toy_gan.py").read_text() == before
