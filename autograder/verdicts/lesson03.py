"""Lesson 03 (batch normalization): the training-mode forward pass, the moving-average update,
inference mode and where batch norm goes in the DCGAN, judged by the grader.

The references are a real ``tf.keras.layers.BatchNormalization`` run in the grader's process
(training mode, inference mode, and its moving averages over a series of batches) and NumPy
statistics in float64; the kernel only runs the learner's functions on inputs drawn here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dcgan_course.checks import (
    ExerciseFailure,
    expect_close,
    expect_finite,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "03-batch-norm"
KERAS_EPSILON = 1e-3  # Keras' default, and the default of the exercises' signatures
KERAS_MOMENTUM = 0.99


def channel_batch(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A float32 batch whose channels have clearly different means and spreads.

    Statistics taken over the wrong axes (mixing channels, or per pixel) then give wrong
    numbers. No channel's spread is small next to its mean: there, float32 rounding alone
    (x - mean cancels, and so does E[x²] - E[x]²) would move a right answer outside the
    tolerance.
    """
    c = shape[-1]
    scale = rng.choice([0.5, 1.0, 3.0, 5.0], c) * rng.uniform(0.8, 1.2, c)
    shift = rng.uniform(-2.5, 2.5, c)
    z = rng.standard_normal(shape)
    if shape[0] == 2 and len(shape) == 2:  # two rows: keep them apart
        z[0] = rng.choice([-1.0, 1.0], c) * rng.uniform(0.5, 1.5, c)
        z[1] = -z[0]
    return (z * scale + shift).astype(np.float32)


def channel_params(rng: np.random.Generator, c: int) -> tuple[np.ndarray, np.ndarray]:
    """gamma (positive, not 1) and beta (not 0), one per channel."""
    return (rng.uniform(0.2, 2.0, c).astype(np.float32),
            rng.normal(0, 1, c).astype(np.float32))


def shape_name(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def epsilon_name(epsilon: float | None) -> str:
    return tr("the default epsilon") if epsilon is None else tr("epsilon {epsilon:g}",
                                                                epsilon=epsilon)


# -- Exercise 1 ----------------------------------------------------------------------------

def keras_training_mode(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                        epsilon: float) -> np.ndarray:
    """What tf.keras.layers.BatchNormalization returns in training mode."""
    import tensorflow as tf

    layer = tf.keras.layers.BatchNormalization(epsilon=epsilon, dtype="float64")
    layer.build(x.shape)
    layer.gamma.assign(gamma.astype(np.float64))
    layer.beta.assign(beta.astype(np.float64))
    return layer(x.astype(np.float64), training=True).numpy()


class BatchNormTrain(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (batch_norm_train)"
    names = ("batch_norm_train",)
    body = """
def __dcgan_probe_body(case):
    if case["epsilon"] is None:
        return batch_norm_train(case["x"], case["gamma"], case["beta"])
    return batch_norm_train(case["x"], case["gamma"], case["beta"], case["epsilon"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        def draw(low: int, high: int) -> int:
            return int(rng.integers(low, high))

        settings = [  # (shape, epsilon); None calls the function without epsilon
            ((draw(16, 65), draw(3, 13)), 1e-3),                      # dense
            ((2, draw(3, 9)), 1e-5),                                  # a batch of two
            ((draw(4, 17), draw(3, 9), draw(3, 9), draw(4, 13)), 1e-5),  # images (NHWC)
            ((draw(2, 5), draw(2, 7), draw(2, 7), draw(2, 6)), 0.1),  # epsilon that matters
            ((draw(4, 9), draw(2, 5), draw(2, 5), draw(2, 5)), None),
        ]
        found = []
        for shape, epsilon in settings:
            gamma, beta = channel_params(rng, shape[-1])
            found.append({"x": channel_batch(rng, shape), "gamma": gamma, "beta": beta,
                          "epsilon": epsilon,
                          "what": tr("batch_norm_train on a {shape_name} {value} batch, "
                                     "{epsilon_name}", shape_name=shape_name(shape),
                                     value='image' if len(shape) == 4 else 'dense',
                                     epsilon_name=epsilon_name(epsilon))})
        rows, c = draw(3, 9), draw(2, 5)
        gamma, beta = channel_params(rng, c)
        constant = int(rng.integers(-20, 21)) / 4  # exact in float32, and so is its mean
        found.append({"x": np.full((rows, c), constant, np.float32),
                      "gamma": gamma, "beta": beta, "epsilon": None, "constant": True,
                      "what": tr("batch_norm_train on a constant ({rows}, {c}) batch", rows=rows,
                                 c=c)})
        return found

    def check(self, case: dict, value: Any) -> None:
        what, x = case["what"], case["x"]
        expect_true(isinstance(value, tuple | list) and len(value) == 3, what,
                    tr("should return the tuple (y, mean, variance), returned {kind}.",
                       kind=type(value).__name__))
        y, mean, variance = value
        epsilon = KERAS_EPSILON if case["epsilon"] is None else case["epsilon"]
        if case.get("constant"):
            expect_finite(y, tr("y returned by {what}", what=what),
                          hint=tr("A constant feature has variance 0: epsilon inside the square "
                                  "root keeps the division finite."))
            # Keras itself (float32) is up to ~2e-5 off here: its mean of a constant is not
            # exactly the constant. A missing epsilon gives NaN, far outside the tolerance.
            expect_close(y, np.broadcast_to(case["beta"], x.shape), tr("y returned by {what}",
                                                                       what=what),
                         rtol=1e-4, atol=1e-4,
                         hint=tr("A constant feature has variance 0: the output is beta "
                                 "(epsilon keeps it finite)."))
            return
        channels = x.shape[-1]
        expect_shape(mean, (channels,), tr("mean returned by {what}", what=what),
                     hint=tr("Average over every axis except the last: axis=0 for (batch, "
                             "channels), axis=(0, 1, 2) for (batch, height, width, channels)."))
        expect_shape(variance, (channels,), tr("variance returned by {what}", what=what))
        axes = tuple(range(x.ndim - 1))
        exact = x.astype(np.float64)
        expect_close(mean, exact.mean(axis=axes), tr("mean returned by {what}", what=what),
                     rtol=1e-5,
                     atol=1e-5)
        n = x.size // channels
        biased = exact.var(axis=axes)
        if np.allclose(np.asarray(variance, dtype=np.float64), biased * n / (n - 1), rtol=1e-4):
            raise ExerciseFailure(tr("variance returned by {what}: you divided by m - 1. Batch "
                                     "norm uses the biased variance (divide by m): np.var's "
                                     "default ddof=0.", what=what))
        expect_close(variance, biased, tr("variance returned by {what}", what=what), rtol=1e-4,
                     atol=1e-5)
        # 1e-4: a right float32 answer through E[x²] - E[x]² was up to 7e-5 off in a sweep of
        # 160 draws; epsilon outside the root still failed every one of 80 draws.
        expect_close(y, keras_training_mode(x, case["gamma"], case["beta"], epsilon),
                     tr("y returned by {what}, compared with Keras (training=True)", what=what),
                     rtol=1e-4, atol=1e-4,
                     hint=tr("y = gamma * (x - mean) / sqrt(variance + epsilon) + beta, with "
                             "epsilon inside the square root."))


# -- Exercise 2 ----------------------------------------------------------------------------

def replay_batches(case: dict) -> list[np.ndarray]:
    """The float32 batches of a replay case, made again from the case's own seed."""
    rng = np.random.default_rng(case["batch_seed"])
    shape = tuple(case["batch_shape"])
    c = shape[-1]
    mean, spread = rng.normal(0, 3, c), rng.uniform(0.1, 3, c)
    return [rng.normal(mean, spread, shape).astype(np.float32) for _ in range(case["steps"])]


def keras_moving_averages(case: dict) -> tuple[np.ndarray, np.ndarray]:
    """A real Keras layer's moving mean and variance after the case's training-mode calls.

    The layer runs in float64 so that its own rounding does not count against the learner.
    """
    import tensorflow as tf

    momentum = KERAS_MOMENTUM if case["momentum"] is None else case["momentum"]
    layer = tf.keras.layers.BatchNormalization(momentum=momentum, dtype="float64")
    for batch in replay_batches(case):
        layer(batch.astype(np.float64), training=True)
    return layer.moving_mean.numpy(), layer.moving_variance.numpy()


class UpdateMovingAverages(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (update_moving_averages)"
    names = ("update_moving_averages",)
    body = """
def __dcgan_probe_body(case):
    mean, variance = case["moving_mean"], case["moving_variance"]
    inputs = (mean, variance)
    result, steps = None, 0
    for batch_mean, batch_variance in zip(case["batch_means"], case["batch_variances"]):
        args = (mean, variance, batch_mean, batch_variance)
        if case["momentum"] is not None:
            args += (case["momentum"],)
        result = update_moving_averages(*args)
        steps += 1
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            break
        mean, variance = result
    return {"result": result, "steps": steps, "inputs_after": inputs}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for momentum in (None, float(rng.choice([0.6, 0.7, 0.8, 0.9, 0.95]))):
            c = int(rng.integers(2, 7))
            found.append({
                "moving_mean": rng.normal(0, 2, c), "moving_variance": rng.uniform(0.2, 4, c),
                "batch_means": [rng.normal(0, 3, c)], "batch_variances": [rng.uniform(0, 9, c)],
                "momentum": momentum,
                "what": f"update_moving_averages on {c} channels with "
                        + ("the default momentum" if momentum is None else f"momentum {momentum}")})
        # real Keras layers fed a series of batches, replayed with the learner's function
        replays = [((32, 3), 5, KERAS_MOMENTUM)]
        for momentum in rng.choice([0.5, 0.7, 0.9, 0.95], 2, replace=False):
            replays.append(((8, 3, 3, int(rng.integers(2, 6))), 20, float(momentum)))
        for shape, steps, momentum in replays:
            case = {"batch_seed": int(rng.integers(0, 2**31)), "batch_shape": list(shape),
                    "steps": steps, "momentum": momentum}
            batches = replay_batches(case)
            axes = tuple(range(len(shape) - 1))
            kind = "image" if len(shape) == 4 else "dense"
            case.update({
                "moving_mean": np.zeros(shape[-1]), "moving_variance": np.ones(shape[-1]),
                "batch_means": [b.astype(np.float64).mean(axis=axes) for b in batches],
                "batch_variances": [b.astype(np.float64).var(axis=axes) for b in batches],
                "replay": True,
                "what": tr("moving averages after {steps} {kind} batches of shape {shape_name}, "
                           "momentum {momentum}, compared with "
                           "tf.keras.layers.BatchNormalization", steps=steps, kind=kind,
                           shape_name=shape_name(shape), momentum=momentum)})
            found.append(case)
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_true(isinstance(value, dict) and "result" in value, what, tr("did not return."))
        result = value["result"]
        expect_true(isinstance(result, tuple | list) and len(result) == 2, what,
                    tr("should return the tuple (new_moving_mean, new_moving_variance), "
                       "returned {kind}.", kind=type(result).__name__))
        new_mean, new_variance = result
        old_mean, old_variance = case["moving_mean"], case["moving_variance"]
        m = KERAS_MOMENTUM if case["momentum"] is None else case["momentum"]
        if case.get("replay"):
            want_mean, want_variance = keras_moving_averages(case)
            expect_close(new_mean, want_mean, tr("moving mean: {what}", what=what), rtol=1e-4,
                         atol=1e-5,
                         hint=tr("new = moving * momentum + batch * (1 - momentum)."))
            expect_close(new_variance, want_variance, tr("moving variance: {what}", what=what),
                         rtol=1e-4,
                         atol=1e-5, hint=tr("The same update as the mean, with the variances."))
        else:
            batch_mean, batch_variance = case["batch_means"][0], case["batch_variances"][0]
            torch = old_mean * (1 - m) + batch_mean * m
            if np.allclose(np.asarray(new_mean, dtype=np.float64), torch):
                raise ExerciseFailure(
                    tr("{what}: the new mean is PyTorch's convention (momentum weighs the new "
                       "batch).\nHint: in Keras momentum weighs the OLD value: new = moving * "
                       "momentum + batch * (1 - momentum).", what=what) + (
                        tr(" The default momentum is 0.99.") if case["momentum"] is None else ""))
            expect_close(new_mean, old_mean * m + batch_mean * (1 - m),
                         tr("new moving mean from {what}", what=what),
                         hint=tr("new = moving * momentum + batch * (1 - momentum)") + (
                             tr(", with momentum = 0.99 by default.") if case["momentum"] is None
                             else "."))
            expect_close(new_variance, old_variance * m + batch_variance * (1 - m),
                         tr("new moving variance from {what}", what=what),
                         hint=tr("The same update as the mean, with the variances."))
        after = value.get("inputs_after")
        expect_true(isinstance(after, tuple | list) and len(after) == 2, what,
                    tr("the grader could not read the arguments back."))
        for name, got, original in (("moving_mean", after[0], old_mean),
                                    ("moving_variance", after[1], old_variance)):
            expect_close(got, original, tr("{name} after {what}", name=name, what=what),
                         hint=tr("Return new arrays; do not change the arguments in place."))


# -- Exercise 3 ----------------------------------------------------------------------------

def keras_inference_mode(x: np.ndarray, moving_mean: np.ndarray, moving_variance: np.ndarray,
                         gamma: np.ndarray, beta: np.ndarray, epsilon: float) -> np.ndarray:
    """What tf.keras.layers.BatchNormalization returns with training=False."""
    import tensorflow as tf

    layer = tf.keras.layers.BatchNormalization(epsilon=epsilon, dtype="float64")
    layer.build(x.shape)
    layer.set_weights([v.astype(np.float64) for v in (gamma, beta, moving_mean, moving_variance)])
    return layer(x.astype(np.float64), training=False).numpy()


class BatchNormInference(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (batch_norm_inference)"
    names = ("batch_norm_inference",)
    body = """
def __dcgan_probe_body(case):
    def run(x):
        args = (x, case["moving_mean"], case["moving_variance"], case["gamma"], case["beta"])
        if case["epsilon"] is not None:
            args += (case["epsilon"],)
        return batch_norm_inference(*args)
    return {"batch": run(case["x"]), "first_alone": run(case["x"][:1])}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        def draw(low: int, high: int) -> int:
            return int(rng.integers(low, high))

        settings = [((draw(3, 9), draw(2, 9)), None),
                    ((draw(2, 8), draw(2, 6), draw(2, 6), draw(2, 6)), 1e-3),
                    ((draw(2, 6), draw(4, 17)), 1e-5),
                    ((draw(1, 3), draw(2, 5), draw(2, 5), draw(3, 7)), 0.01)]
        found = []
        for shape, epsilon in settings:
            c = shape[-1]
            gamma, beta = channel_params(rng, c)
            found.append({
                "x": rng.normal(0, 3, shape).astype(np.float32),
                "moving_mean": rng.normal(0, 2, c).astype(np.float32),
                "moving_variance": rng.uniform(0.05, 4, c).astype(np.float32),
                "gamma": gamma, "beta": beta, "epsilon": epsilon,
                "what": tr("batch_norm_inference on a {shape_name} batch, {epsilon_name}",
                           shape_name=shape_name(shape), epsilon_name=epsilon_name(epsilon))})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_true(isinstance(value, dict) and "batch" in value, what, tr("did not return."))
        epsilon = KERAS_EPSILON if case["epsilon"] is None else case["epsilon"]
        want = keras_inference_mode(case["x"], case["moving_mean"], case["moving_variance"],
                                    case["gamma"], case["beta"], epsilon)
        expect_close(value["batch"], want, tr("{what}, compared with Keras (training=False)",
                                              what=what),
                     rtol=1e-5, atol=1e-5,
                     hint=tr("y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + "
                             "beta. Do not compute the batch's own mean or variance."))
        expect_close(value["first_alone"], want[:1],
                     tr("{what}: the first example alone", what=what), rtol=1e-5, atol=1e-5,
                     hint=tr("In inference mode an example's output must not depend on the rest "
                             "of the batch."))


# -- Exercise 4 ----------------------------------------------------------------------------

class BatchNormPositions(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (batch_norm_positions)"
    names = ("batch_norm_positions",)
    body = """
def __dcgan_probe_body(case):
    return batch_norm_positions()
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        return [{"what": "batch_norm_positions()"}]

    def check(self, case: dict, answer: Any) -> None:
        # One fixed question: the messages show the learner's answer and the reasoning,
        # never the right lists.
        expect_true(isinstance(answer, dict) and set(answer) == {"generator", "discriminator"},
                    "batch_norm_positions()",
                    tr("should return a dict with the keys 'generator' and 'discriminator', "
                       "returned {answer!r:.200}.", answer=answer))
        for network in ("generator", "discriminator"):
            layers = answer[network]
            expect_true(isinstance(layers, list | tuple) and all(
                type(i) is int and 1 <= i <= 4 for i in layers),
                f"batch_norm_positions()[{network!r}]",
                tr("should be a list of weight-layer numbers between 1 and 4, got "
                   "{layers!r:.200}.", layers=layers))
        expect_true(4 not in answer["generator"], "batch_norm_positions()['generator']",
                    tr("contains 4, the output layer."),
                    hint=tr("The DCGAN paper leaves batch norm out of the generator's output "
                            "layer: the pixels must be free to match the data's statistics."))
        expect_true(sorted(answer["generator"]) == [1, 2, 3],
                    "batch_norm_positions()['generator']",
                    tr("is {value!r}, which is not where the DCGAN puts batch norm.",
                       value=answer['generator']),
                    hint=tr("The DCGAN paper puts batch norm on the hidden layers and leaves it "
                            "out only where a layer touches the pixels or gives the logit. Ask "
                            "that of each of the generator's weight layers in the table, the "
                            "Dense projection included."))
        expect_true(sorted(answer["discriminator"]) == [2, 3],
                    "batch_norm_positions()['discriminator']",
                    tr("is {value!r}, which is not where the DCGAN puts batch norm.",
                       value=answer['discriminator']),
                    hint=tr("The same rule for the discriminator: which of its weight layers "
                            "touches the pixels, and which gives the logit?"))
