#!/usr/bin/env python3
"""JupyterLab settings for learners, shared by Binder (binder/postBuild) and `course.py`.

    python binder/learner_settings.py        # with the course environment's Python

Why: the nbgrader extension shows instructor tools (Formgrader, the Create Assignment panel,
the Course and Assignment lists, and an "Nbgrader" menu for them) to everybody who opens
JupyterLab. A learner needs none of them and they invite mistakes (the Assignment List wants
an exchange folder that Binder and a laptop do not have). Learners keep the one tool that helps
them: the notebook's **Validate** button, which runs the tests of the open notebook.
Instructors use `autograder/instructor.py` on the command line, which these settings leave
alone. JupyterLab also asks on first start whether to fetch "Jupyter news"; that toast covers
the first lesson (and a facilitator's projected screen), and the course runs offline, so news
and update checks are switched off. Text in notebooks and menus uses JupyterLab's own Latin
fonts followed by Korean ones (Noto Sans KR, Malgun Gothic, Apple SD Gothic Neo, NanumGothic),
so the Korean edition reads in a Korean font wherever one is installed.

Everything is written at the environment's level (``sys.prefix``), so it applies to the
`.venv` of the README set-up and to Binder's environment alike, and running it again changes
nothing. Undo with ``jupyter labextension enable`` / ``jupyter server extension enable``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: JupyterLab plugins of nbgrader 0.9.6 that only instructors need (ids from its lab extension).
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:menu",  # the "Nbgrader" menu only opens the four tools above
)
#: Their server halves (the Validate button needs only ``validate_assignment``).
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
)
#: JupyterLab 4's own font stack for text (its themes' --jp-ui-font-family and
#: --jp-content-font-family), in two parts: the Latin fonts, then the generic family and the
#: emoji fonts.
LATIN_FONTS = ('system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial')
GENERIC_FONTS = 'sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol"'
#: Korean fonts, tried after the Latin ones (English text keeps its look) and before the
#: generic family (which may name a font without Hangul): Linux's Noto, Windows', macOS's,
#: and the one many Korean machines add (README.ko.md promises this order).
KOREAN_FONTS = '"Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic"'
TEXT_FONTS = f"{LATIN_FONTS}, {KOREAN_FONTS}, {GENERIC_FONTS}"
#: Plugin settings every learner starts with (JupyterLab's overrides.json).
SETTING_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",  # no "Would you like to receive official Jupyter news?" toast
        "checkForUpdates": False,
    },
    # The theme's CSS overrides (schema: apputils-extension's themes.json, "cssOverrides");
    # the other keys keep the schema's defaults (null: the theme's own value).
    "@jupyterlab/apputils-extension:themes": {
        "overrides": {
            "code-font-family": None,
            "code-font-size": None,
            "content-font-family": TEXT_FONTS,
            "content-font-size1": None,
            "ui-font-family": TEXT_FONTS,
            "ui-font-size1": None,
            "rendermime-error-background": {"light": None, "dark": None},
        },
    },
}


def jupyter(*args: str) -> None:
    """Run a `jupyter` subcommand of this environment (quietly; fail loudly)."""
    result = subprocess.run([sys.executable, "-m", "jupyter", *args], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"`jupyter {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")


def write_overrides() -> Path:
    """Merge SETTING_OVERRIDES into the environment's JupyterLab overrides.json."""
    from jupyterlab.commands import get_app_dir

    path = Path(get_app_dir()) / "settings" / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in SETTING_OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


#: nbgrader settings for the Validate button (read from the environment's Jupyter config).
VALIDATE_CONFIG = """\
# Written by binder/learner_settings.py: nbgrader's Validate button in JupyterLab.
# nbgrader's default of 30 s per cell is too short on Binder's shared CPUs; the autograder
# gives every cell 120 s (autograder/nbgrader_config.py), and so does Validate.
c = get_config()  # noqa: F821
c.Execute.timeout = 120
"""


def write_validate_config() -> Path:
    path = Path(sys.prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VALIDATE_CONFIG)
    return path


def main() -> None:
    write_validate_config()
    jupyter("labextension", "disable", "--level=sys_prefix", *INSTRUCTOR_LAB_PLUGINS)
    for extension in INSTRUCTOR_SERVER_EXTENSIONS:
        jupyter("server", "extension", "disable", "--sys-prefix", extension)
    overrides = write_overrides()
    print(f"learner settings: nbgrader instructor tools off (Validate kept, 120 s per cell), "
          f"Jupyter news off, Korean fonts after the Latin ones ({overrides})")


if __name__ == "__main__":
    main()
