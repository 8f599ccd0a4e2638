"""The installed environment is the pinned one, and it is consistent."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata

from conftest import ROOT


def pins(path):
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_python_is_311_as_binder_runtime_says():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert sys.version_info[:2] == (3, 11)


def test_installed_versions_match_the_pins():
    wanted = pins(ROOT / "binder" / "requirements.txt") | pins(ROOT / "tests" / "requirements.txt")
    assert "tensorflow-cpu" in wanted and "nbgrader" in wanted
    wrong = {}
    for name, version in wanted.items():
        installed = metadata.version(name)
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"pinned vs installed: {wrong}; rerun `python3 course.py`"


def test_direct_pins_agree_with_the_lock_file():
    direct = pins(ROOT / "binder" / "requirements.txt")
    locked = {k.lower().replace("_", "-"): v
              for k, v in pins(ROOT / "binder" / "constraints.txt").items()}
    for name, version in direct.items():
        assert locked.get(name.lower().replace("_", "-")) == version, name


def test_pip_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_keras_is_keras_3():
    import tensorflow as tf

    assert tf.__version__.startswith("2.21")
    assert tf.keras.__version__.startswith("3.")


def test_validate_button_gives_cells_the_grading_timeout(tmp_path):
    """JupyterLab's Validate reads the environment's nbgrader config (learner_settings.py)."""
    code = ("from nbgrader.apps import ValidateApp; a = ValidateApp(); a.initialize([]); "
            "print(a.config.Execute.timeout)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.stdout.strip().splitlines()[-1] == "120", result.stdout + result.stderr
