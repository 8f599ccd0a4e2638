#!/bin/bash
# The learner image's install steps (deploy/image/Dockerfile runs them;
# tests/test_deploy_image.py runs this same file with a home folder bound over /home/jovyan).
#
#     install-course.sh EDITION TARGET
#
# EDITION is the learner edition (`autograder/instructor.py edition DIR`), already copied to
# where the image keeps it (/srv/dcgan-course); TARGET (/opt/dcgan-image) receives the
# course's Python environment (TARGET/venv), the learners' Jupyter settings (TARGET/jupyter)
# and the entrypoint (TARGET/start-course). Nothing is written under /home/jovyan, which
# Zero to JupyterHub hides behind each learner's volume.
#
# DCGAN_IMAGE_PIP_OPTIONS adds pip options to the package's install, and
# DCGAN_IMAGE_SKIP_REQUIREMENTS=1 skips the pinned install: the test supplies the pinned
# packages itself and passes --no-build-isolation --no-index --ignore-installed.
set -euo pipefail
EDITION="$(cd "$1" && pwd)"
TARGET="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"

# Only the learner view goes into a learner's image: refuse the instructor's repository.
for forbidden in solutions autograder tests bench i18n facilitator .git; do
    if [ -e "$EDITION/$forbidden" ]; then
        echo "install-course: $EDITION/$forbidden must not be in the learner image; build it" \
             "from the learner edition (autograder/instructor.py edition DIR)" >&2
        exit 2
    fi
done

mkdir -p "$TARGET"
[ -x "$TARGET/venv/bin/python" ] || python3 -m venv "$TARGET/venv"
PY="$TARGET/venv/bin/python"
if [ "${DCGAN_IMAGE_SKIP_REQUIREMENTS:-0}" != 1 ]; then
    # The pinned course environment (the one Binder and the tests use), plus jupyterhub.
    "$PY" -m pip install --no-cache-dir -r "$EDITION/binder/requirements.txt" \
        -r "$HERE/requirements.txt" -c "$EDITION/binder/constraints.txt"
fi
# The course package, installed (not editable): the code lives in the environment, not in
# a folder a volume could hide. ${DCGAN_IMAGE_PIP_OPTIONS} is split on purpose.
# shellcheck disable=SC2086
"$PY" -m pip install --no-cache-dir --no-deps ${DCGAN_IMAGE_PIP_OPTIONS:-} "$EDITION"
# A wheel built in the edition leaves build/ and *.egg-info/ behind: not part of the view.
rm -rf "$EDITION/build" "$EDITION"/*.egg-info
# Every file of the edition's package must be in the environment: a wheel leaves out the
# data files pyproject.toml does not declare (package-data), and the lessons read them.
"$PY" -I - "$EDITION" <<'CHECK'
import importlib.util
import sys
from pathlib import Path

edition = Path(sys.argv[1]) / "dcgan_course"
installed = Path(importlib.util.find_spec("dcgan_course").origin).parent
files = [p.relative_to(edition) for p in edition.rglob("*")
         if p.is_file() and "__pycache__" not in p.parts]
missing = sorted(str(p) for p in files if not (installed / p).is_file())
if installed.resolve() == edition.resolve():
    sys.exit("install-course: dcgan_course is imported from the edition, not installed")
if missing:
    sys.exit(f"install-course: the installed package lacks {len(missing)} file(s) of the "
             f"edition's dcgan_course/ ({', '.join(missing[:5])}, ...): declare them in "
             "pyproject.toml, [tool.setuptools.package-data]")
CHECK
# Binder's learner settings (no instructor tools, Validate kept, no news toast, the course's
# Hangul web font: the image has no Korean font of its own) ...
"$PY" "$EDITION/binder/learner_settings.py"
# ... plus the hub's: the Assignments panel and the exchange (JUPYTER_CONFIG_PATH).
rm -rf "$TARGET/jupyter"
cp -R "$HERE/jupyter" "$TARGET/jupyter"
install -m 0755 "$HERE/start-course" "$TARGET/start-course"
chmod -R a+rX "$TARGET" "$EDITION"
echo "install-course: the course in $EDITION, its environment in $TARGET/venv"
