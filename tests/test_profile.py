from __future__ import annotations

import pytest

from dcgan_course import profile


def test_explicit_profile_wins(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "full")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert profile.current_profile() == "full"
    assert profile.choose(fast=1, full=2) == 2


def test_autograding_runs_fast(monkeypatch):
    monkeypatch.delenv(profile.PROFILE_ENV, raising=False)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert profile.current_profile() == "fast"


def test_learners_get_the_full_profile(monkeypatch):
    monkeypatch.delenv(profile.PROFILE_ENV, raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert profile.current_profile() == "full"


def test_unknown_profile_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "turbo")
    with pytest.raises(ValueError, match="not a course profile"):
        profile.current_profile()
