"""The class hub's pinned packages are the ones installed."""

from __future__ import annotations

from conftest import ROOT

HUB = ROOT / "autograder" / "hub"


def test_hub_pins_are_installed():
    """tests/requirements.txt installs the hub's pins (tests/test_environment.py checks the
    runtime and test pins; these come in through autograder/hub/requirements.txt)."""
    from importlib import metadata

    for line in (HUB / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            assert metadata.version(name) == version, f"{name}: rerun `python3 course.py test`"
