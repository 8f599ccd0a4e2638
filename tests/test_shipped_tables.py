"""What lessons 01 and 03 ship from the instructor's references is current.

``dcgan_course/exercises/gan_game_tables.npz`` and ``batch_norm_tables.npz`` (the visible
checks' cases and every catalogued mistake's answer on them) are written by
``autograder/reference/toy_gan.py`` and ``batch_norm.py``; so is
``dcgan_course/toy_gan_recordings.npz`` (lesson 01, section 3's recorded games). A change to a
reference, a catalogue or the toy GAN that is not followed by rewriting them fails here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))

import reference.batch_norm  # noqa: E402
import reference.toy_gan as ref  # noqa: E402

from dcgan_course import toy_gan  # noqa: E402
from dcgan_course.exercises import batch_norm, gan_game  # noqa: E402

#: (reference module, shipped file, tolerance for floats): one SGD step's weights differ in
#: float32 rounding between CPUs; lesson 03's tables are float64 NumPy.
SHIPPED = [(ref, gan_game.TABLES, 1e-4), (reference.batch_norm, batch_norm.TABLES, 1e-6)]


@pytest.mark.parametrize(("module", "path", "rtol"), SHIPPED, ids=["lesson01", "lesson03"])
def test_the_shipped_tables_are_what_the_reference_writes_now(module, path, rtol):
    fresh = module.tables()
    with np.load(path) as shipped:
        assert sorted(shipped.files) == sorted(fresh), f"rewrite: {module.__file__}"
        for key, value in fresh.items():
            if value.dtype.kind in "fc":
                np.testing.assert_allclose(shipped[key], value, rtol=rtol, atol=rtol / 10,
                                           err_msg=key)
            else:
                assert np.array_equal(shipped[key], value), key


def test_every_catalogued_mistake_has_its_answer_in_the_tables():
    names = set(gan_game.fixed_tables()["step"]["variant"])
    assert names == set(ref.STEP_VARIANTS)
    assert {f"01/ex5/{n}" for n in names} <= {m.key for m in gan_game.STEP.values()}
    tables = batch_norm.fixed_tables()
    assert set(tables["forward"][0]["variants"]) == set(reference.batch_norm.FORWARD_VARIANTS)
    assert set(tables["backward"][0]["variants"]) == set(reference.batch_norm.BACKWARD_VARIANTS)
    keys = {m.key for m in (*batch_norm.FORWARD.values(), *batch_norm.BACKWARD.values())}
    assert {f"03/ex1/{n}" for n in reference.batch_norm.FORWARD_VARIANTS} <= keys
    assert {f"03/ex2/{n}" for n in reference.batch_norm.BACKWARD_VARIANTS} <= keys


def test_lesson_03_tables_hold_no_right_answer():
    """Lesson 03's visible checks take the right answers from Keras, not from a table."""
    with np.load(batch_norm.TABLES) as shipped:
        assert not any("want" in key for key in shipped.files)


def test_the_recordings_were_made_by_the_current_reference():
    recipe = toy_gan.recipe_of()
    assert recipe == json.loads(json.dumps(ref.recipe(), sort_keys=True)), (
        "the reference step or the toy GAN changed: rewrite the recordings with "
        "autograder/reference/toy_gan.py")


def test_the_recordings_replay_from_their_first_steps():
    """The first 40 steps of each recorded game, played again, give the same losses."""
    shipped = {g.label: g for g in toy_gan.recorded_games("head-start/")}
    assert len(shipped) == 2
    for name, game in ref.head_start_games(steps=40).items():
        recorded = shipped[toy_gan.recorded_label(name)]
        np.testing.assert_allclose(recorded.d_losses[:40], game.d_losses, rtol=1e-3, atol=1e-4)
        np.testing.assert_allclose(recorded.g_losses[:40], game.g_losses, rtol=1e-3, atol=1e-4)


def test_the_recorded_saturating_generator_stays_behind():
    saturating, non_saturating = toy_gan.recorded_games("head-start/")
    assert "saturating" in saturating.label and "non-saturating" in non_saturating.label
    assert saturating.snapshots[0].d_fake < 0.01  # D rejects the fakes at the start
    assert abs(toy_gan.generator_mean(saturating) - toy_gan.generator_mean(saturating, 0)) < 0.1
    assert toy_gan.generator_mean(non_saturating) == pytest.approx(4.0, abs=0.3)
