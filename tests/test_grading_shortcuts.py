"""The framework-shortcut flag (verdicts.shortcuts and the probe's watch), in-process.

The real flow (a notebook using a forbidden built-in, graded by ``autograde``: that exercise
scores zero with the message, the others keep their points, the instructor's printout lists
it) is tests/test_grading_limits.py. Here: what the source scan resolves, and that the
probe's watch records calls and puts everything back.
"""

from __future__ import annotations

import pytest
import tensorflow as tf
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
import verdicts
from verdict_harness import judge_in_process
from verdicts.shortcuts import canonical, used_shortcuts

SETUP = "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
FORBIDDEN = ("keras.layers.UpSampling2D", "tf.nn.moments")


def scan(*learner: str, setup: str = SETUP, names=("upsample",)) -> list[str]:
    return used_shortcuts([setup, *learner], list(learner), names, FORBIDDEN)


@pytest.mark.parametrize("code", [
    "def upsample(x):\n    return keras.layers.UpSampling2D()(x)",
    "def upsample(x):\n    return tf.keras.layers.UpSampling2D(2)(x)",
    "from tensorflow.keras import layers as L\n\ndef upsample(x):\n    return L.UpSampling2D()(x)",
    "from keras.layers import UpSampling2D as U\n\ndef upsample(x):\n    return U()(x)",
    "import tensorflow.keras.layers\n\ndef upsample(x):\n"
    "    return tensorflow.keras.layers.UpSampling2D()(x)",
    "up = keras.layers.UpSampling2D\n\ndef upsample(x):\n    return up()(x)",
    "def upsample(x):\n    layer = keras.layers\n    return layer.UpSampling2D()(x)",
    "from keras.layers import *\n\ndef upsample(x):\n    return UpSampling2D()(x)",
    "upsample = keras.layers.UpSampling2D()",
])
def test_the_scan_resolves_imports_and_aliases(code):
    assert scan(code) == ["keras.layers.UpSampling2D"]


def test_a_helper_the_answer_calls_is_scanned_too():
    helper = "def _stats(x):\n    return tf.nn.moments(x, axes=[0])"
    answer = "def upsample(x):\n    m, v = _stats(x)\n    return x - m"
    assert scan(helper, answer) == ["tf.nn.moments"]
    # A helper nobody calls from the answer, and the set-up cell's own use, do not count.
    assert scan(helper, "def upsample(x):\n    return x") == []
    assert scan("def upsample(x):\n    return x",
                setup=SETUP + "m = tf.nn.moments(np.ones((2, 2)), axes=[0])") == []


def test_magics_and_broken_cells_do_not_stop_the_scan():
    code = "%timeit 1\n!ls\ndef upsample(x):\n    return tf.nn.moments(x, [0])[0]"
    assert scan(code, "def broken(:\n") == ["tf.nn.moments"]


def test_spellings_of_one_name_are_one_name():
    assert canonical("tf.keras.layers.UpSampling2D") == "keras.layers.UpSampling2D"
    assert canonical("tensorflow.nn.moments") == canonical("tf.nn.moments")


@pytest.fixture
def moments_forbidden():
    """Lesson 03's batch-norm exercise with tf.nn.moments forbidden, whatever it declares."""
    exercise = verdicts.exercise_for("03-batch-norm", "ex1-tests")
    saved = type(exercise).__dict__.get("forbidden")
    type(exercise).forbidden = ("tf.nn.moments", "keras.layers.BatchNormalization")
    yield exercise
    if saved is None:
        del type(exercise).forbidden
    else:
        type(exercise).forbidden = saved


def batch_norm_with_moments(x, gamma, beta, eps=1e-3):
    mean, var = tf.nn.moments(tf.constant(x), axes=list(range(len(x.shape) - 1)))
    return ((x - mean.numpy()) / (var.numpy() + eps) ** 0.5) * gamma + beta


def test_the_probe_records_a_forbidden_call_and_restores_it(moments_forbidden):
    original = tf.nn.moments
    # Reached through the module at call time (getattr with a built name in a notebook).
    passed, message = judge_in_process("03-batch-norm", "ex1-tests",
                                       {"batch_norm_train": batch_norm_with_moments, "tf": tf})
    assert not passed and "your code uses tf.nn.moments" in message, message
    assert tf.nn.moments is original  # put back after the probe


def test_a_forbidden_name_bound_in_the_notebook_is_watched_too(moments_forbidden):
    moments = tf.nn.moments

    def answer(x, gamma, beta, eps=1e-3):  # `from tensorflow.nn import moments` in a cell
        mean, var = namespace["moments"](tf.constant(x), axes=list(range(len(x.shape) - 1)))
        return ((x - mean.numpy()) / (var.numpy() + eps) ** 0.5) * gamma + beta

    namespace = {"batch_norm_train": answer, "moments": moments}
    passed, message = judge_in_process("03-batch-norm", "ex1-tests", namespace)
    assert not passed and "tf.nn.moments" in message, message
    assert namespace["moments"] is moments


def test_a_call_made_by_the_library_for_the_learner_does_not_count(moments_forbidden):
    """keras.ops.moments (allowed here) calls tf.nn.moments inside Keras: only the learner's
    own calls count, so the answer is judged on what it computes."""
    import keras

    def answer(x, gamma, beta, eps=1e-3):
        mean, var = keras.ops.moments(tf.constant(x), axes=list(range(len(x.shape) - 1)))
        return ((x - mean.numpy()) / (var.numpy() + eps) ** 0.5) * gamma + beta

    passed, message = judge_in_process("03-batch-norm", "ex1-tests", {"batch_norm_train": answer})
    assert "your code uses" not in message, message
