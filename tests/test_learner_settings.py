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
WEB_FONT = "DCGAN Course Hangul"  # the course's own Hangul web font, served by JupyterLab
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


def theme_fonts() -> dict[str, str]:
    """The installed JupyterLab's own font stacks (its light theme's CSS variables)."""
    css = (installed_lab() / "themes" / "@jupyterlab" / "theme-light-extension"
           / "index.css").read_text()
    return {m.group(1): m.group(2) for m in
            re.finditer(r"--jp-(ui|content|code)-font-family(?:-default)?:([^;v][^;]*);", css)}


def default_text_fonts() -> list[str]:
    found = theme_fonts()
    assert found["ui"] == found["content"], found
    return fonts(found["content"])


def test_text_names_the_course_hangul_font_first_then_jupyterlabs_fonts(tmp_path):
    """README.ko.md: Hangul in the course's web font wherever it loads; the Korean system
    fonts after JupyterLab's Latin ones in case it does not; English text keeps
    JupyterLab's own fonts (the web font covers Hangul only, see the CSS test below). The
    stacks are the custom CSS's, on ``:root:root`` (it outranks the theme's ``:root``)."""
    css, _config = written_web_font(tmp_path)
    block = re.search(r"^:root:root \{(.*?)\}", css.read_text("utf-8"), re.S | re.M)[1]
    stacks = dict(re.findall(r"--jp-(\w+)-font-family: ([^;]+);", block))
    default = default_text_fonts()
    generic = default.index("sans-serif")
    for key in ("content", "ui"):
        got = fonts(stacks[key])
        assert got == [WEB_FONT] + default[:generic] + KOREAN + default[generic:], (key, got)
    # code cells and printed output: Korean comments and messages in the same Hangul font
    code = fonts(theme_fonts()["code"])
    assert code[-1] == "monospace", code
    assert fonts(stacks["code"]) == [WEB_FONT] + code[:-1] + KOREAN + ["monospace"]


def test_theme_font_overrides_of_earlier_versions_are_removed(tmp_path):
    """overrides.json once held the font stacks as the theme's ``overrides``: JupyterLab 4
    reads those from the user's settings only, so they never reached a page (seen in the
    browser: the computed font stack was the theme's own). A rerun removes them."""
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "overrides.json").write_text(json.dumps(
        {THEMES: {"overrides": {"ui-font-family": "NanumGothic"}}}))
    assert THEMES not in written_overrides(tmp_path)


def written_web_font(prefix: Path) -> tuple[Path, Path]:
    """custom.css and jupyter_server_config.json as learner_settings.py writes them into the
    environment ``prefix``."""
    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); import learner_settings as s; "
            "p = pathlib.Path(sys.argv[2]); print(s.write_web_font(p)); "
            "print(s.write_server_config(p))")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "binder"), str(prefix)],
                            capture_output=True, text=True, check=True)
    css, config = (Path(line) for line in result.stdout.split())
    return css, config


def test_the_course_serves_its_hangul_web_font_for_hangul_only(tmp_path):
    """A machine without a Korean font showed the Korean lessons as boxes: JupyterLab serves
    NanumGothic itself (custom CSS), for Hangul characters only."""
    from fontTools.ttLib import TTFont

    config_path = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    config_path.parent.mkdir(parents=True)
    config_path.write_text(json.dumps({"ServerApp": {"iopub_data_rate_limit": 1e7}}))
    css, config = written_web_font(tmp_path)
    assert config == config_path
    folder = tmp_path / "share" / "jupyter" / "dcgan-course" / "custom"
    assert css == folder / "custom.css"
    text = css.read_text("utf-8")
    faces = re.findall(r"@font-face\s*\{(.*?)\}", text, re.S)
    weights = {}
    for face in faces:
        fields = dict(re.findall(r"([\w-]+):\s*([^;]+);", face))
        assert fields["font-family"] == f'"{WEB_FONT}"', fields
        served = folder / re.fullmatch(r'url\("([\w.-]+)"\) format\("woff"\)', fields["src"])[1]
        font = TTFont(served)
        assert font.flavor == "woff"
        assert not [t for t in font.keys() if t.startswith("TSI")]  # noqa: SIM118 (see settings)
        cmap = font.getBestCmap()
        assert all(ord(ch) in cmap for ch in "가힣한글ㄱㅎ"), served  # the glyphs it is for
        weights[int(fields["font-weight"])] = served.stat().st_size
        ranges = [r.strip() for r in fields["unicode-range"].split(",")]
        assert "U+AC00-D7A3" in ranges  # every Hangul syllable
        assert not any(r.startswith(("U+0", "U+00")) for r in ranges)  # never Latin text
    assert sorted(weights) == [400, 700], weights
    assert all(size < 3_000_000 for size in weights.values()), weights  # WOFF, not the .ttf

    config = json.loads(config_path.read_text())
    assert config["LabApp"]["custom_css"] is True
    assert config["ServerApp"]["tornado_settings"]["static_custom_path"] == [str(folder)]
    assert config["ServerApp"]["iopub_data_rate_limit"] == 1e7  # other settings kept

    before = {p.name: p.read_bytes() for p in folder.iterdir()}, config_path.read_bytes()
    written_web_font(tmp_path)
    after = {p.name: p.read_bytes() for p in folder.iterdir()}, config_path.read_bytes()
    assert before == after  # a second run changes nothing


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
