"""Helper package for the DCGAN course.

Every lesson notebook imports what it needs from here (data, widgets, plotting, training
utilities, metrics), so no code is copy-pasted between notebooks. Import this package
before TensorFlow: it imports TensorFlow once, quietly (see below).
"""

import os as _os
import sys as _sys


class native_log_silenced:  # noqa: N801 - used as a context manager, named like one
    """Discard what TensorFlow's C++ code writes to the process's stderr inside the block.

    Python's own messages are untouched (a notebook's tracebacks and warnings go through
    ``sys.stderr``, not file descriptor 2), so a failing call still raises and says why; only
    native log lines such as oneDNN's float16 notice, shown in red to a learner, go.
    """

    def __enter__(self) -> None:
        try:
            _sys.stderr.flush()
            self._saved = _os.dup(2)
        except (OSError, ValueError):  # no real file descriptor 2 (some embedded consoles)
            self._saved = None
            return
        devnull = _os.open(_os.devnull, _os.O_WRONLY)
        _os.dup2(devnull, 2)
        _os.close(devnull)

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            _os.dup2(self._saved, 2)
            _os.close(self._saved)


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
    with native_log_silenced():
        import tensorflow  # noqa: F401


_import_tensorflow_quietly()

from dcgan_course.profile import PROFILE_ENV, choose, current_profile  # noqa: E402

__all__ = ["PROFILE_ENV", "choose", "current_profile"]
__version__ = "0.1.0"

# The Korean edition (a lesson in a ``<lesson>-ko`` folder) draws its figures with a Hangul
# font; the code cells are the same in both editions (see dcgan_course/language.py).
from dcgan_course import language as _language  # noqa: E402

_language.apply()
