"""The learners' JupyterLab settings (binder/learner_settings.py), as they are written.

``python3 course.py``, Binder's postBuild, the class hub (its learners run the course's
environment) and the cluster's image all apply the same script; here it writes into a
JupyterLab folder of the test's own, and the result is read back as JupyterLab would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
from conftest import ROOT

KOREAN = ["Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic"]
THEMES = "@jupyterlab/apputils-extension:themes"


def installed_lab() -> Path:
    from jupyterlab.commands import get_app_dir

    return Path(get_app_dir())


def written_overrides(tmp_path: Path) -> dict:
    """overrides.json as learner_settings.py writes it into an empty JupyterLab folder."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import learner_settings; "
            "print(learner_settings.write_overrides())")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "binder")],
                            env={**os.environ, "JUPYTERLAB_DIR": str(tmp_path)},
                            capture_output=True, text=True, check=True)
    path = Path(result.stdout.strip())
    assert path == tmp_path / "settings" / "overrides.json"
    return json.loads(path.read_text())


def fonts(stack: str) -> list[str]:
    return [name.strip().strip('"') for name in stack.split(",")]


def default_text_fonts() -> list[str]:
    """The installed JupyterLab's own text font stack (its light theme's CSS)."""
    css = (installed_lab() / "themes" / "@jupyterlab" / "theme-light-extension"
           / "index.css").read_text()
    found = {m.group(1): m.group(2) for m in
             re.finditer(r"--jp-(ui|content)-font-family:([^;]+);", css)}
    assert found["ui"] == found["content"], found
    return fonts(found["content"])


def test_text_uses_korean_fonts_after_jupyterlabs_latin_ones(tmp_path):
    """README.ko.md promises Korean fonts; English text keeps JupyterLab's own fonts."""
    themes = written_overrides(tmp_path)[THEMES]["overrides"]
    default = default_text_fonts()
    generic = default.index("sans-serif")
    for key in ("content-font-family", "ui-font-family"):
        got = fonts(themes[key])
        # JupyterLab's stack unchanged, with the Korean fonts just before the generic family
        assert got == default[:generic] + KOREAN + default[generic:], (key, got)
    assert themes["code-font-family"] is None  # code keeps the theme's monospace fonts


def test_the_written_settings_are_valid_for_the_installed_jupyterlab(tmp_path):
    written = written_overrides(tmp_path)
    schemas = installed_lab() / "schemas"
    for plugin, values in written.items():
        package, _, name = plugin.partition(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        jsonschema.validate(values, schema)
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_writing_again_keeps_other_settings(tmp_path):
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "overrides.json").write_text(json.dumps(
        {"@jupyterlab/notebook-extension:tracker": {"autoClosingBrackets": True}}))
    written = written_overrides(tmp_path)
    assert written["@jupyterlab/notebook-extension:tracker"] == {"autoClosingBrackets": True}
    assert written == written_overrides(tmp_path)  # a second run changes nothing
