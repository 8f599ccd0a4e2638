"""Helper package for the DCGAN course.

Every lesson notebook imports what it needs from here (data, widgets, plotting, training
utilities, metrics), so no code is copy-pasted between notebooks. Import this package
before TensorFlow: it imports TensorFlow once, quietly (see below).
"""

import os as _os
import sys as _sys


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with its start-up log lines silenced.

    TensorFlow 2.21 prints oneDNN and CPU-feature INFO lines from C++ before its logging is
    configured, so ``TF_CPP_MIN_LOG_LEVEL`` cannot hide them; in a notebook they show up in
    red under the first cell and read like errors to a learner. Only the C-level stderr of
    the import itself is discarded: a failing import still raises its Python exception.
    """
    if "tensorflow" in _sys.modules:
        return
    _os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        _sys.stderr.flush()
        saved = _os.dup(2)
    except (OSError, ValueError):  # no real file descriptor 2 (some embedded consoles)
        import tensorflow  # noqa: F401
        return
    devnull = _os.open(_os.devnull, _os.O_WRONLY)
    try:
        _os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        _os.dup2(saved, 2)
        _os.close(saved)
        _os.close(devnull)


_import_tensorflow_quietly()

from dcgan_course.profile import PROFILE_ENV, choose, current_profile  # noqa: E402

__all__ = ["PROFILE_ENV", "choose", "current_profile"]
__version__ = "0.1.0"

# The Korean edition (a lesson in a ``<lesson>-ko`` folder) draws its figures with a Hangul
# font; the code cells are the same in both editions (see dcgan_course/language.py).
from dcgan_course import language as _language  # noqa: E402

_language.apply()
