"""Lesson 01's grader verdicts: right answers pass on any draw, wrong ones fail with a message.

The catalogued mistakes (tests/mistakes/lesson01.py) are run through the visible checks and
the verdicts by tests/test_mistake_catalogue.py; here: the reference answers pass whatever
the grader draws, the cells and verdicts line up, and the grader survives hostile replies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import SOLUTIONS
from verdict_harness import judge_in_process

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import reference.toy_gan as ref  # noqa: E402

NB = "01-gan-intro"
RIGHT = {"ex1-tests": {"discriminator_loss": ref.discriminator_loss},
         "ex2-tests": {"generator_loss": ref.generator_loss},
         "ex3-tests": {"optimal_discriminator": ref.optimal_discriminator},
         "ex4-tests": {"game_value": ref.game_value},
         "ex5-tests": {"train_step": ref.train_step,
                       "discriminator_loss": ref.discriminator_loss,
                       "generator_loss": ref.generator_loss}}


@pytest.mark.parametrize("seed", range(3))
def test_right_answers_pass_on_any_draw(seed):
    for grade_id, namespace in RIGHT.items():
        # a copy: the probe leaves its own names (and __builtins__) in the namespace
        passed, message = judge_in_process(NB, grade_id, dict(namespace), seed=seed)
        assert passed, (grade_id, message)
        assert "passed, checked in the grader" in message


def test_every_test_cell_has_a_verdict_and_points_add_up():
    cells = json.loads((SOLUTIONS / NB / f"{NB}.ipynb").read_text())["cells"]
    graded = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"]
              for c in cells if c["metadata"].get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")}
    assert graded == {"ex1-tests": 2, "ex2-tests": 1, "ex3-tests": 2, "ex4-tests": 2,
                      "ex5-tests": 3}
    assert set(graded) == set(RIGHT)


def test_derivation_exercises_forbid_the_built_in_cross_entropies():
    from verdict_harness import verdicts

    for grade_id in ("ex1-tests", "ex2-tests"):
        forbidden = verdicts.exercise_for(NB, grade_id).forbidden
        assert "tf.nn.sigmoid_cross_entropy_with_logits" in forbidden
        assert "keras.losses.BinaryCrossentropy" in forbidden
    assert "scipy.spatial.distance.jensenshannon" in verdicts.exercise_for(
        NB, "ex4-tests").forbidden


def test_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for grade_id, namespace in RIGHT.items():
        passed, message = judge_in_process(NB, grade_id, {name: stub for name in namespace})
        assert not passed and "not written yet" in message, grade_id


def test_game_value_is_minus_log_four_plus_twice_the_jensen_shannon_divergence():
    x = np.linspace(-8, 8, 801)
    dx = float(x[1] - x[0])
    data = ref.gaussian(x, 2.0, 0.6)
    for mean, std in ((2.0, 0.6), (0.0, 1.0), (-5.0, 0.5)):
        fake = ref.gaussian(x, mean, std)
        assert ref.game_value(data, fake, dx) == pytest.approx(
            -np.log(4) + 2 * ref.jensen_shannon(data, fake, dx), abs=1e-9)
    assert ref.game_value(data, data, dx) == pytest.approx(-np.log(4), abs=1e-6)
    apart = ref.game_value(ref.box(x, -3, -1), ref.box(x, 1, 3), dx)
    assert apart == pytest.approx(0.0, abs=1e-12)  # JSD = log 2 for disjoint supports


def test_a_step_that_swaps_the_optimisers_fails_with_its_name():
    passed, message = judge_in_process(NB, "ex5-tests", {
        "train_step": ref.STEP_VARIANTS["swapped-optimisers"]})
    assert not passed and "different learning rates" in " ".join(message.split())


@pytest.mark.parametrize("reply", [
    "not base64 at all!",
    "W1tbW1tb" * 2,  # base64 of brackets: not a reply
    "deep",
    "bad-float",
    "huge-array",
    "wrong-token",
])
def test_hostile_replies_are_unreadable_not_a_crash(reply):
    import base64

    import nbformat
    from verdict_harness import verdicts
    from verdicts.probe import MIME

    question = verdicts.ask(verdicts.exercise_for(NB, "ex1-tests"), seed=1)
    results = [{"value": 0.5}] * len(question.cases)
    if reply == "deep":  # nested past Python's recursion limit
        text = f'{{"token": "{question.token}", "results": {"[" * 200_000 + "]" * 200_000}}}'
        reply = base64.b64encode(text.encode()).decode()
    elif reply == "bad-float":
        results[0] = {"value": {"__float__": "not a number"}}
    elif reply == "huge-array":
        results[0] = {"value": {"__array__": "", "dtype": "float64", "shape": [10**12]}}
    if reply in ("bad-float", "huge-array", "wrong-token"):
        token = "someone else" if reply == "wrong-token" else question.token
        reply = base64.b64encode(json.dumps({"token": token, "results": results}).encode()
                                 ).decode()
    output = nbformat.NotebookNode(output_type="display_data", data={MIME: reply}, metadata={})
    passed, message = verdicts.judge(question, [output])
    assert not passed and "could not read" in message
