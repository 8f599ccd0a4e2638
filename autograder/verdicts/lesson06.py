"""Lesson 06 (training on SVHN): the smoothed losses and the one-pass training step, judged
by the grader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dcgan_course.checks import (
    ExerciseFailure,
    _wrap,
    expect_close,
    expect_finite,
    expect_shape,
    expect_true,
)
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "06-svhn-training"
SMOOTHING = 0.9


def bce(logits: np.ndarray, target: float) -> np.ndarray:
    """Binary cross-entropy of ``logits`` against ``target``, stable for any logit."""
    logits = np.asarray(logits, np.float64)
    return target * np.logaddexp(0.0, -logits) + (1.0 - target) * np.logaddexp(0.0, logits)


def d_loss_of(real: np.ndarray, fake: np.ndarray, smoothing: float,
              fake_target: float = 0.0) -> float:
    return float(bce(real, smoothing).mean() + bce(fake, fake_target).mean())


def _close(value: Any, want: float, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    try:
        return bool(np.allclose(np.asarray(value, np.float64), want, rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


class Losses(Exercise):
    """Exercise 1: ``discriminator_loss`` with one-sided smoothing, ``generator_loss``."""

    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (the two losses)"
    names = ("discriminator_loss", "generator_loss")
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    if case["kind"] == "g":
        return generator_loss(_tf.constant(case["fake"]))
    real, fake = _tf.constant(case["real"]), _tf.constant(case["fake"])
    if case["smoothing"] is None:
        return discriminator_loss(real, fake)
    return discriminator_loss(real, fake, smoothing=case["smoothing"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        # The default (0.9), lesson 01's loss (1.0) and two other targets, drawn in turn.
        others = [float(s) for s in rng.choice([0.8, 0.85, 0.95], 2, replace=False)]
        for smoothing in (None, 1.0, *others):
            n_real, n_fake = (int(v) for v in rng.integers(1, 40, 2))
            scale = float(rng.choice([0.5, 3.0, 10.0]))
            s = SMOOTHING if smoothing is None else smoothing
            told = tr("the default smoothing") if smoothing is None else f"smoothing={smoothing}"
            found.append({"kind": "d", "smoothing": smoothing, "target": s,
                          "real": rng.normal(0, scale, (n_real, 1)).astype(np.float32),
                          "fake": rng.normal(0, scale, (n_fake, 1)).astype(np.float32),
                          "what": tr("discriminator_loss with {told}, on {n_real} real and "
                                     "{n_fake} fake logits drawn at grading time", told=told,
                                     n_real=n_real, n_fake=n_fake)})
        big = float(rng.uniform(200, 1000))
        found.append({"kind": "d", "smoothing": None, "target": SMOOTHING,
                      "real": np.array([[big]], np.float32),
                      "fake": np.array([[-big]], np.float32),
                      "what": tr("discriminator_loss for a real logit of +{big:.0f} (target "
                                 "0.9) and a fake one of -{big:.0f}", big=big)})
        found.append({"kind": "d", "smoothing": None, "target": SMOOTHING,
                      "real": np.array([[-big], [big]], np.float32),
                      "fake": np.array([[big]], np.float32),
                      "what": tr("discriminator_loss with logits of ±{big:.0f}", big=big)})
        for _ in range(2):
            n = int(rng.integers(1, 64))
            found.append({"kind": "g", "fake": rng.normal(0, float(rng.choice([1.0, 5.0])),
                                                          (n, 1)).astype(np.float32),
                          "what": tr("generator_loss on {n} fake logits drawn at grading time",
                                     n=n)})
        found.append({"kind": "g", "fake": np.array([[-big]], np.float32),
                      "what": tr("generator_loss for a fake rejected with logit -{big:.0f}",
                                 big=big)})
        found.append({"kind": "g", "fake": np.array([[big], [-big]], np.float32),
                      "what": tr("generator_loss with logits of ±{big:.0f}", big=big)})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_shape(value, (), what,
                     hint=tr("Average over the batch with tf.reduce_mean so the loss is one "
                             "number."))
        expect_finite(value, what, hint=tr("Work on logits with tf.nn.softplus (or "
                                           "tf.nn.sigmoid_cross_entropy_with_logits); never "
                                           "take log(sigmoid(l))."))
        if case["kind"] == "g":
            hint = tr("mean(softplus(-l)): the fakes scored with target 1, no smoothing.")
            if _close(value, bce(case["fake"], 0.9).mean()):
                hint = tr("Your generator_loss smooths its target to 0.9. Smoothing is "
                          "one-sided and for the discriminator only: the generator wants its "
                          "fakes called fully real (target 1).")
            expect_close(value, bce(case["fake"], 1.0).mean(), what, rtol=1e-4, atol=1e-5,
                         hint=hint)
            return
        real, fake, s = case["real"], case["fake"], case["target"]
        expect_close(value, d_loss_of(real, fake, s), what, rtol=1e-4, atol=1e-5,
                     hint=self._hint(case, value))

    @staticmethod
    def _hint(case: dict, value: Any) -> str:
        """The likely mistake, recognised by the loss it gives."""
        real, fake, s = case["real"], case["fake"], case["target"]
        if s != SMOOTHING and _close(value, d_loss_of(real, fake, SMOOTHING)):
            return (tr("Your loss uses 0.9 whatever `smoothing` is passed; use the argument as "
                       "the real images' target."))
        if s != 1.0 and _close(value, d_loss_of(real, fake, 1.0 - s)):
            return (tr("Your loss labels real images 1 - smoothing; the real images' target is "
                       "`smoothing` itself (0.9 by default)."))
        if s != 1.0 and _close(value, d_loss_of(real, fake, s, fake_target=1.0 - s)):
            return (tr("Smoothing is one-sided: only the real images' target moves to "
                       "`smoothing`; the fakes keep target 0."))
        together = np.concatenate([bce(real, s).ravel(), bce(fake, 0.0).ravel()]).mean()
        if real.shape[0] != fake.shape[0] and _close(value, together):
            return (tr("Average the real and the fake terms separately and add the two means: "
                       "the batches can differ in size."))
        return (tr("Real images get target `smoothing`: s*softplus(-l) + (1-s)*softplus(l), "
                   "averaged; plus the mean of softplus(l) over the fakes."))


# The tiny models of exercise 2, built the same way in the grader and in the probe. The
# probe builds them itself (from the grader's weights): a notebook's `tiny_models` could be
# redefined by the learner.
TINY_MODELS = '''
def __dcgan_tiny_models(keras, z_dim, width):
    layers = keras.layers
    g = keras.Sequential([keras.Input((z_dim,)), layers.Dense(4 * 4 * width, use_bias=False),
                          layers.Reshape((4, 4, width)), layers.BatchNormalization(),
                          layers.ReLU(),
                          layers.Conv2DTranspose(3, 5, strides=2, padding="same",
                                                 activation="tanh")])
    d = keras.Sequential([keras.Input((8, 8, 3)),
                          layers.Conv2D(width, 5, strides=2, padding="same"),
                          layers.LeakyReLU(negative_slope=0.2),
                          layers.Conv2D(2 * width, 5, strides=2, padding="same", use_bias=False),
                          layers.BatchNormalization(), layers.LeakyReLU(negative_slope=0.2),
                          layers.Flatten(), layers.Dense(1)])
    return g, d
'''


def tiny_models(z_dim: int, width: int) -> tuple[Any, Any]:
    """The grader's copy of the probe's tiny generator and discriminator."""
    from tensorflow import keras

    scope: dict[str, Any] = {}
    exec(TINY_MODELS, scope)  # noqa: S102 -- our own source, shared with the probe
    return scope["__dcgan_tiny_models"](keras, z_dim, width)


def _draw_weights(model: Any, rng: np.random.Generator) -> list[np.ndarray]:
    """Weights for ``model`` drawn by the grader (moving statistics of batch norm included)."""
    drawn = []
    for variable in model.weights:
        shape, name = tuple(variable.shape), variable.path
        if name.endswith("gamma"):
            w = rng.uniform(0.7, 1.3, shape)
        elif name.endswith("beta") or name.endswith("bias"):
            w = rng.normal(0, 0.1, shape)
        elif name.endswith("moving_mean"):
            w = rng.normal(0, 0.2, shape)
        elif name.endswith("moving_variance"):
            w = rng.uniform(0.5, 2.0, shape)
        else:
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            w = rng.normal(0, 1.0 / np.sqrt(fan_in), shape)
        drawn.append(w.astype(np.float32))
    return drawn


Step = tuple[float, float, list[np.ndarray], list[np.ndarray]]


class TrainStep(Exercise):
    """Exercise 2: ``train_step``, both players' gradients from one forward pass."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (train_step)"
    names = ("train_step",)
    body = TINY_MODELS + """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    from tensorflow import keras as _keras
    g, d = __dcgan_tiny_models(_keras, case["z_dim"], case["width"])
    g.set_weights(case["g_weights"])
    d.set_weights(case["d_weights"])
    g_opt, d_opt = _keras.optimizers.SGD(case["g_lr"]), _keras.optimizers.SGD(case["d_lr"])
    real, noise = _tf.constant(case["real"]), _tf.constant(case["noise"])
    if case["compiled"]:
        g_opt.build(g.trainable_variables)
        d_opt.build(d.trainable_variables)
        # As the engine does: the learner's function itself compiled (AutoGraph converts it).
        result = _tf.function(train_step)(g, d, g_opt, d_opt, real, noise)
    else:
        result = train_step(g, d, g_opt, d_opt, real, noise)
    return {"result": result, "g": g.get_weights(), "d": d.get_weights()}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for compiled in (False, False, True):
            z_dim, width, batch = int(rng.integers(4, 12)), int(rng.choice([4, 8])), int(
                rng.integers(3, 9))
            g, d = tiny_models(z_dim, width)
            # Two different learning rates: a step that swaps the optimisers is caught.
            g_lr, d_lr = float(rng.uniform(0.02, 0.08)), float(rng.uniform(0.15, 0.3))
            how = tr("compiled with tf.function") if compiled else tr("run eagerly")
            found.append({
                "z_dim": z_dim, "width": width, "g_lr": g_lr, "d_lr": d_lr,
                "compiled": compiled,
                "g_weights": _draw_weights(g, rng), "d_weights": _draw_weights(d, rng),
                "real": rng.uniform(-1, 1, (batch, 8, 8, 3)).astype(np.float32),
                "noise": rng.standard_normal((batch, z_dim)).astype(np.float32),
                "what": tr("train_step {how}, on tiny models with a batch of {batch} (SGD, "
                           "learning rates {g_lr:.3f} for G and {d_lr:.3f} for D)", how=how,
                           batch=batch, g_lr=g_lr, d_lr=d_lr)})
        return found

    # -- references, computed in the grader ------------------------------------------------

    @staticmethod
    def _models(case: dict) -> tuple[Any, Any]:
        g, d = tiny_models(case["z_dim"], case["width"])
        g.set_weights(case["g_weights"])
        d.set_weights(case["d_weights"])
        return g, d

    @staticmethod
    def _losses(real_logits: Any, fake_logits: Any) -> tuple[Any, Any]:
        import tensorflow as tf

        d_loss = (tf.reduce_mean(SMOOTHING * tf.nn.softplus(-real_logits)
                                 + (1 - SMOOTHING) * tf.nn.softplus(real_logits))
                  + tf.reduce_mean(tf.nn.softplus(fake_logits)))
        return d_loss, tf.reduce_mean(tf.nn.softplus(-fake_logits))

    @classmethod
    def one_pass(cls, case: dict, concatenated: bool = False, swapped: bool = False) -> Step:
        """The lesson's step with plain SGD (w <- w - lr * grad), or a typical mistake's."""
        import tensorflow as tf

        g, d = cls._models(case)
        real, noise = tf.constant(case["real"]), tf.constant(case["noise"])
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = g(noise, training=True)
            if concatenated:  # one call: batch norm normalises real and fake together
                logits = d(tf.concat([real, fake], axis=0), training=True)
                real_logits, fake_logits = logits[:len(case["real"])], logits[len(case["real"]):]
            else:
                real_logits, fake_logits = d(real, training=True), d(fake, training=True)
            d_loss, g_loss = cls._losses(real_logits, fake_logits)
        d_grads = d_tape.gradient(d_loss, d.trainable_variables)
        g_grads = g_tape.gradient(g_loss, g.trainable_variables)
        g_lr, d_lr = (case["d_lr"], case["g_lr"]) if swapped else (case["g_lr"], case["d_lr"])
        for var, grad in zip(d.trainable_variables, d_grads, strict=True):
            var.assign_sub(d_lr * grad)
        for var, grad in zip(g.trainable_variables, g_grads, strict=True):
            var.assign_sub(g_lr * grad)
        return float(d_loss), float(g_loss), g.get_weights(), d.get_weights()

    @classmethod
    def d_first(cls, case: dict) -> Step:
        """Lesson 01's order: update D, then score new fakes against the updated D."""
        import tensorflow as tf

        g, d = cls._models(case)
        real, noise = tf.constant(case["real"]), tf.constant(case["noise"])
        with tf.GradientTape() as tape:
            d_loss, _ = cls._losses(d(real, training=True), d(g(noise, training=True),
                                                             training=True))
        for var, grad in zip(d.trainable_variables,
                             tape.gradient(d_loss, d.trainable_variables), strict=True):
            var.assign_sub(case["d_lr"] * grad)
        with tf.GradientTape() as tape:
            g_loss = tf.reduce_mean(tf.nn.softplus(-d(g(noise, training=True), training=True)))
        for var, grad in zip(g.trainable_variables,
                             tape.gradient(g_loss, g.trainable_variables), strict=True):
            var.assign_sub(case["g_lr"] * grad)
        return float(d_loss), float(g_loss), g.get_weights(), d.get_weights()

    # -- the verdict -----------------------------------------------------------------------

    @staticmethod
    def _matches(result: Any, g_got: Any, d_got: Any, want: Step) -> bool:
        d_loss, g_loss, g_want, d_want = want
        if not (_close(result[0], d_loss) and _close(result[1], g_loss)):
            return False
        for got, right in ((g_got, g_want), (d_got, d_want)):
            if not isinstance(got, list) or len(got) != len(right):
                return False
            if not all(_close(a, b, rtol=1e-3) for a, b in zip(got, right, strict=True)):
                return False
        return True

    MISTAKES: tuple[tuple[str, Callable[[dict], Step], str], ...] = (
        ("one discriminator call on tf.concat([real, fake])",
         lambda case: TrainStep.one_pass(case, concatenated=True),
         "Your step scores real and fake images in ONE discriminator call on the concatenated "
         "batch. Batch norm then normalises with statistics shared by real and fake images, so "
         "every logit depends on the other half of the batch (the losses and the batch-norm "
         "moving averages differ from two calls). Call the discriminator twice: once on "
         "real_batch, once on the fakes."),
        ("swapped optimisers", lambda case: TrainStep.one_pass(case, swapped=True),
         "Your step applies the discriminator's gradients with g_optimizer and the "
         "generator's with d_optimizer (the two have different learning rates here). Each "
         "player's gradients go to its own optimiser."),
        ("lesson 01's order", lambda case: TrainStep.d_first(case),
         "Your step updates D first and then scores new fakes against the updated D "
         "(lesson 01's step). This lesson's step takes both gradients from ONE forward pass: "
         "open both tapes together, compute both losses inside, then apply both updates."),
    )

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_true(isinstance(value, dict) and "result" in value, what,
                    tr("did not run to the end."))
        result = value["result"]
        expect_true(isinstance(result, tuple | list) and len(result) == 2, what,
                    tr("should return the tuple (d_loss, g_loss), returned {result!r:.80}.",
                       result=result))
        for name, loss in zip(("d_loss", "g_loss"), result, strict=True):
            expect_shape(loss, (), tr("{name} returned by {what}", name=name, what=what))
            expect_finite(loss, tr("{name} returned by {what}", name=name, what=what))
        want = self.one_pass(case)
        if self._matches(result, value.get("g"), value.get("d"), want):
            return
        for _, mistake, message in self.MISTAKES:
            if self._matches(result, value.get("g"), value.get("d"), mistake(case)):
                raise ExerciseFailure(_wrap(f"{what}: {message}"))
        self._explain(case, value, want)

    @staticmethod
    def _explain(case: dict, value: dict, want: Step) -> None:
        what, result = case["what"], value["result"]
        d_loss, g_loss, g_want, d_want = want
        expect_close(result[0], d_loss, tr("d_loss returned by {what}", what=what), rtol=1e-4,
                     atol=1e-5,
                     hint=tr("Return the loss of the forward pass: your discriminator_loss "
                             "(default smoothing 0.9) on D's logits for real_batch and for the "
                             "fakes made from `noise`, two separate calls with training=True. "
                             "Exercise 1 must pass first."))
        expect_close(result[1], g_loss, tr("g_loss returned by {what}", what=what), rtol=1e-4,
                     atol=1e-5,
                     hint=tr("g_loss is your generator_loss of the same fake logits, from the "
                             "same forward pass (before any update)."))
        for got, right, player, hint in (
                (value.get("d"), d_want, "discriminator",
                 "Apply d_tape's gradient of d_loss with respect to "
                 "discriminator.trainable_variables with d_optimizer."),
                (value.get("g"), g_want, "generator",
                 "Apply g_tape's gradient of g_loss with respect to "
                 "generator.trainable_variables with g_optimizer.")):
            expect_true(isinstance(got, list) and len(got) == len(right), what,
                        tr("left the {player} with a different set of weights.", player=player))
            for index, (mine, ref) in enumerate(zip(got, right, strict=True)):
                expect_close(mine, ref, tr("the {player}'s weights #{index} after {what}",
                                           player=player, index=index, what=what),
                             rtol=1e-3, atol=1e-5, hint=hint)
