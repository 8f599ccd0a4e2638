"""Lesson 01 (the GAN game): the losses, D*, and one training step, judged by the grader."""

from __future__ import annotations

from typing import Any

import numpy as np

from dcgan_course.checks import expect_close, expect_finite, expect_shape, expect_true
from dcgan_course.translate import tr

from . import Exercise

NOTEBOOK = "01-gan-intro"


def softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def logits(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, scale, (n, 1)).astype(np.float32)


class DiscriminatorLoss(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex1-tests", "Exercise 1 (discriminator_loss)"
    names = ("discriminator_loss",)
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    return discriminator_loss(_tf.constant(case["real"]), _tf.constant(case["fake"]))
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for _ in range(3):
            n_real, n_fake = (int(v) for v in rng.integers(1, 96, 2))
            scale = float(rng.choice([0.01, 1.0, 5.0, 30.0]))
            found.append({"real": logits(rng, n_real, scale), "fake": logits(rng, n_fake, scale),
                          "what": tr("discriminator_loss on {n_real} real and {n_fake} fake "
                                     "logits drawn at grading time", n_real=n_real, n_fake=n_fake)})
        big = float(rng.uniform(200, 1000))
        found.append({"real": np.array([[-big]], np.float32), "fake": np.array([[big]], np.float32),
                      "what": tr("discriminator_loss with logits of -{big:.0f} (real) and "
                                 "+{big:.0f} (fake)", big=big)})
        found.append({"real": np.abs(logits(rng, 3, 1.0)) + 50, "fake": -np.abs(
            logits(rng, 2, 1.0)) - 50, "what": tr("discriminator_loss of a perfect discriminator")})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_shape(value, (), what,
                     hint=tr("Average over the batch with tf.reduce_mean so the loss is one "
                             "number."))
        expect_finite(value, what, hint=tr("Taking tf.sigmoid first and then tf.math.log gives "
                                           "log(0) = -inf for large logits. Work on the logits "
                                           "with tf.nn.softplus."))
        want = softplus(-case["real"]).mean() + softplus(case["fake"]).mean()
        expect_close(value, want, what, rtol=1e-4, atol=1e-5,
                     hint=tr("Real samples have target 1 and fakes target 0; average each "
                             "batch's cross-entropy separately (the batches differ in size), "
                             "then add the two means."))


class GeneratorLoss(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (generator_loss)"
    names = ("generator_loss",)
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    return generator_loss(_tf.constant(case["fake"]))
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = [{"fake": logits(rng, int(rng.integers(1, 128)), float(scale)),
                  "what": tr("generator_loss on fake logits drawn at grading time")}
                 for scale in (1.0, 40.0)]
        big = float(rng.uniform(200, 1000))
        found.append({"fake": np.array([[-big]], np.float32),
                      "what": tr("generator_loss for a fake that D rejects with logit -{big:.0f}",
                                 big=big)})
        return found

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_shape(value, (), what, hint=tr("Average over the batch."))
        expect_finite(value, what, hint=tr("Use tf.nn.softplus on the logits, not "
                                           "log(sigmoid(...))."))
        expect_close(value, softplus(-case["fake"]).mean(), what, rtol=1e-4, atol=1e-5,
                     hint=tr("The non-saturating loss scores the fakes with target 1. log(1 - "
                             "D) would be the saturating loss, which has the wrong sign and "
                             "shape."))


class OptimalDiscriminator(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex3-tests", "Exercise 3 (optimal_discriminator)"
    names = ("optimal_discriminator",)
    body = """
def __dcgan_probe_body(case):
    import warnings as _warnings
    with _warnings.catch_warnings():
        _warnings.simplefilter("error")
        return optimal_discriminator(case["p_data"], case["p_g"])
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        rows, cols = (int(v) for v in rng.integers(2, 7, 2))
        a, b = rng.uniform(0, 2, (rows, cols)), rng.uniform(0, 2, (rows, cols))
        zeros = rng.random((rows, cols)) < 0.25
        a[zeros], b[zeros] = 0.0, 0.0
        a[0, 0] = b[0, 0] = 0.0
        one_sided = rng.uniform(0, 1, 7)
        x = np.linspace(-5, 5, int(rng.integers(20, 120)))
        same = np.exp(-x ** 2 / 2)
        return [
            {"p_data": a, "p_g": b, "what": tr("optimal_discriminator on a {rows}x{cols} grid "
                                               "of densities, some of them 0 in both (the shape "
                                               "must be kept)", rows=rows, cols=cols)},
            {"p_data": one_sided, "p_g": np.zeros(7),
             "what": tr("optimal_discriminator where p_g is 0 everywhere")},
            {"p_data": same, "p_g": same, "what": tr("optimal_discriminator when p_g equals "
                                                     "p_data")},
        ]

    def check(self, case: dict, value: Any) -> None:
        a, b = case["p_data"], case["p_g"]
        total = a + b
        want = np.where(total > 0, a / np.where(total > 0, total, 1.0), 0.5)
        expect_close(value, want, case["what"],
                     hint=tr("D*(x) = p_data / (p_data + p_g), point by point. Where both "
                             "densities are 0 the ratio is 0/0: the docstring says what D* is "
                             "there. Compute it without dividing by zero (NumPy warns)."))


class TrainStep(Exercise):
    notebook, grade_id, title = NOTEBOOK, "ex4-tests", "Exercise 4 (train_step)"
    names = ("train_step",)
    body = """
def __dcgan_probe_body(case):
    import tensorflow as _tf
    from dcgan_course import toy_gan as _toy
    g = _toy.build_generator(noise_dim=case["noise"].shape[1], hidden=case["hidden"])
    d = _toy.build_discriminator(hidden=case["hidden"])
    g.set_weights(case["g_weights"])
    d.set_weights(case["d_weights"])
    result = train_step(g, d, _tf.keras.optimizers.SGD(case["g_lr"]),
                        _tf.keras.optimizers.SGD(case["d_lr"]), _tf.constant(case["real"]),
                        _tf.constant(case["noise"]))
    return {"result": result, "g": g.get_weights(), "d": d.get_weights()}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        from dcgan_course import toy_gan

        found = []
        for _ in range(2):
            hidden, noise_dim, batch = 8, int(rng.integers(2, 6)), int(rng.integers(8, 40))
            seed = int(rng.integers(0, 2**31))
            g = toy_gan.build_generator(noise_dim=noise_dim, hidden=hidden, seed=seed)
            d = toy_gan.build_discriminator(hidden=hidden, seed=seed + 1)
            # Two different learning rates: a step that swaps the optimisers is caught.
            g_lr, d_lr = float(rng.uniform(0.02, 0.08)), float(rng.uniform(0.15, 0.3))
            found.append({
                "hidden": hidden, "g_lr": g_lr, "d_lr": d_lr,
                "g_weights": [w.astype(np.float32) for w in g.get_weights()],
                "d_weights": [w.astype(np.float32) for w in d.get_weights()],
                "real": toy_gan.ONE_PEAK.sample(batch, rng),
                "noise": rng.standard_normal((batch, noise_dim)).astype(np.float32),
                "what": tr("train_step on toy models with a batch of {batch} (SGD, learning "
                           "rates {g_lr:.3f} for G and {d_lr:.3f} for D)", batch=batch, g_lr=g_lr,
                           d_lr=d_lr)})
        return found

    @staticmethod
    def expected(case: dict) -> tuple[float, float, list, list]:
        """The lesson's step written out with plain SGD: w <- w - lr * grad."""
        import tensorflow as tf

        from dcgan_course import toy_gan

        g = toy_gan.build_generator(noise_dim=case["noise"].shape[1], hidden=case["hidden"])
        d = toy_gan.build_discriminator(hidden=case["hidden"])
        g.set_weights(case["g_weights"])
        d.set_weights(case["d_weights"])
        real, noise = tf.constant(case["real"]), tf.constant(case["noise"])
        with tf.GradientTape() as tape:
            fake = g(noise, training=True)
            d_loss = (tf.reduce_mean(tf.nn.softplus(-d(real, training=True)))
                      + tf.reduce_mean(tf.nn.softplus(d(fake, training=True))))
        for var, grad in zip(d.trainable_variables, tape.gradient(d_loss, d.trainable_variables),
                             strict=True):
            var.assign_sub(case["d_lr"] * grad)
        with tf.GradientTape() as tape:
            g_loss = tf.reduce_mean(tf.nn.softplus(-d(g(noise, training=True), training=True)))
        for var, grad in zip(g.trainable_variables, tape.gradient(g_loss, g.trainable_variables),
                             strict=True):
            var.assign_sub(case["g_lr"] * grad)
        return float(d_loss), float(g_loss), g.get_weights(), d.get_weights()

    def check(self, case: dict, value: Any) -> None:
        what = case["what"]
        expect_true(isinstance(value, dict) and "result" in value, what,
                    tr("did not run to the end."))
        result = value["result"]
        expect_true(isinstance(result, tuple | list) and len(result) == 2, what,
                    tr("should return the tuple (d_loss, g_loss), returned {result!r:.80}.",
                       result=result))
        d_loss, g_loss, g_want, d_want = self.expected(case)
        expect_close(result[0], d_loss, tr("d_loss returned by {what}", what=what), rtol=1e-4,
                     atol=1e-5,
                     hint=tr("Return D's loss from before its update, on the fakes made from "
                             "`noise` by the generator as it was at the start of the step."))
        for got, want, player, hint in (
                (value["d"], d_want, "discriminator",
                 "Update D with d_optimizer on D's loss for the real batch and the fakes."),
                (value["g"], g_want, "generator",
                 "Update G with g_optimizer, after D's update, against the updated D.")):
            expect_true(isinstance(got, list) and len(got) == len(want), what,
                        tr("left the {player} with a different set of weights.", player=player))
            for index, (mine, right) in enumerate(zip(got, want, strict=True)):
                expect_close(mine, right, tr("the {player}'s weights #{index} after {what}",
                                             player=player, index=index, what=what),
                             rtol=1e-4, atol=1e-5, hint=hint)
        expect_close(result[1], g_loss, tr("g_loss returned by {what}", what=what), rtol=1e-4,
                     atol=1e-5,
                     hint=tr("Return G's loss, computed against the discriminator after its "
                             "update."))
