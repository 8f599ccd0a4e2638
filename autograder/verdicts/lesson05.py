"""Lesson 05 (the discriminator): build_discriminator at several sizes, and score_batch."""

from __future__ import annotations

from typing import Any

import numpy as np

from dcgan_course import architecture as arch
from dcgan_course.checks import expect_close, expect_shape, expect_true
from dcgan_course.translate import tr

from . import Exercise
from .builders import BuilderExercise, builder_body

NOTEBOOK = "05-discriminator"
DEFAULTS = {"width": 64, "image_size": 32, "channels": 3}


class DiscriminatorBuilder(BuilderExercise):
    """The checks shared by both of build_discriminator's test cells."""

    notebook, names, builder = NOTEBOOK, ("build_discriminator",), "build_discriminator"
    table_layers = "Conv2D, BatchNormalization, LeakyReLU, Flatten, Dense"
    body = builder_body("build_discriminator")

    def drawn(self, rng: np.random.Generator, image_size: int, widths: list[int],
              label: str = "") -> dict:
        args = {"width": int(rng.choice(widths)), "image_size": image_size,
                "channels": int(rng.choice([1, 3]))}
        return self.images_case(rng, args, label)

    def images_case(self, rng: np.random.Generator, args: dict[str, int],
                    label: str = "") -> dict:
        spec = {**DEFAULTS, **args}
        size, channels, n = spec["image_size"], spec["channels"], int(rng.integers(2, 5))
        return self.case(args, DEFAULTS, rng.uniform(-1, 1, (n, size, size, channels)), label)

    def check_architecture(self, model: Any, spec: dict, what: str) -> None:
        arch.check_discriminator(model, width=spec["width"], image_size=spec["image_size"],
                                 channels=spec["channels"], what=what)

    def spec_rows(self, spec: dict) -> list:
        return arch.discriminator_layers(spec["width"], spec["image_size"], spec["channels"])

    def input_shape(self, spec: dict) -> tuple[int, ...]:
        return (spec["image_size"], spec["image_size"], spec["channels"])

    def check_output(self, case: dict, output: Any) -> None:
        expect_shape(output, (len(case["inputs"]), 1),
                     tr("{what} on {count} images", what=case['what'], count=len(case['inputs'])),
                     hint=tr("One logit per image: end with Dense(1)."))


class BuildDiscriminator(DiscriminatorBuilder):
    grade_id, title = "ex1-tests", "Exercise 1 (build_discriminator, 32x32)"

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = [self.images_case(rng, {}, tr("the defaults: width 64, 32x32x3 images"))]
        for width in rng.choice([4, 8, 16, 32], 3, replace=False):
            found.append(self.images_case(rng, {"width": int(width), "image_size": 32,
                                                "channels": int(rng.choice([1, 3]))}))
        return found


class BuildDiscriminatorSizes(DiscriminatorBuilder):
    grade_id, title = "ex1-tests-sizes", "Exercise 1 (build_discriminator, other sizes)"

    def cases(self, rng: np.random.Generator) -> list[dict]:
        return [self.drawn(rng, 16, [4, 8, 16]), self.drawn(rng, 8, [2, 4, 8]),
                self.drawn(rng, 64, [4, 8]),
                self.images_case(rng, {"width": 64, "image_size": 64, "channels": 3},
                                 tr("the paper's 64x64 model"))]


class ScoreBatch(Exercise):
    """score_batch on a small critic whose batch-norm statistics the grader draws."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (score_batch)"
    names = ("score_batch",)
    body = """
def __dcgan_probe_body(case):
    import numpy as _np
    import tensorflow as _tf
    from tensorflow import keras as _keras
    h, w, c = case["images"].shape[1:]
    critic = _keras.Sequential([_keras.Input((h, w, c)), _keras.layers.Flatten(),
                                _keras.layers.BatchNormalization(epsilon=case["epsilon"]),
                                _keras.layers.Dense(1)])
    critic.set_weights(case["weights"])
    images = _tf.constant(case["images"]) if case["as_tensor"] else case["images"]
    scores = score_batch(critic, images)
    return {"is_numpy": isinstance(scores, _np.ndarray), "type": type(scores).__name__,
            "scores": scores}
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = []
        for as_tensor, n in ((False, int(rng.integers(3, 9))), (True, 1),
                             (True, int(rng.integers(2, 6)))):
            found.append(self.critic_case(rng, n, scale=float(rng.uniform(0.1, 0.4)),
                                          as_tensor=as_tensor))
        found.append(self.critic_case(rng, 2, scale=float(rng.uniform(60, 120)),
                                      as_tensor=False, extreme=True))
        return found

    @staticmethod
    def critic_case(rng: np.random.Generator, n: int, scale: float, as_tensor: bool,
                    extreme: bool = False) -> dict:
        h, w, c = int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.choice([1, 3]))
        features = h * w * c
        # Moving statistics far from the batch's own: training=True would give other scores.
        weights = [rng.uniform(0.5, 1.5, features), rng.normal(0, 0.3, features),
                   rng.uniform(1.0, 3.0, features), rng.uniform(1.0, 4.0, features),
                   np.full((features, 1), scale) if extreme else rng.normal(0, scale,
                                                                            (features, 1)),
                   rng.normal(0, 0.2, 1)]
        if extreme:
            images = np.stack([np.full((h, w, c), 10.0), np.full((h, w, c), -10.0)])
            weights[:4] = [np.ones(features), np.zeros(features), np.zeros(features),
                           np.ones(features)]
        else:
            images = rng.uniform(-1, 1, (n, h, w, c))
        how = tr("a tensor") if as_tensor else tr("a NumPy array")
        what = tr("score_batch on {how} of {n} image{plural} of {h}x{w}x{c}, for a small "
                  "discriminator with batch norm, drawn at grading time", how=how, n=n,
                  plural='s' * (n > 1), h=h, w=w, c=c)
        if extreme:
            what = tr("score_batch for logits of about ±{logit:.0f}", logit=scale * features * 10)
        return {"weights": [x.astype(np.float32) for x in weights],
                "images": images.astype(np.float32), "as_tensor": as_tensor,
                "epsilon": float(rng.choice([1e-3, 1e-2])), "extreme": extreme, "what": what}

    @staticmethod
    def logits(case: dict, moving: bool = True) -> np.ndarray:
        """The critic's logits, with batch norm's moving statistics (or the batch's own)."""
        gamma, beta, mean, var, kernel, bias = (np.asarray(w, np.float64)
                                                for w in case["weights"])
        x = case["images"].reshape(len(case["images"]), -1).astype(np.float64)
        if not moving:
            mean, var = x.mean(axis=0), x.var(axis=0)
        x = gamma * (x - mean) / np.sqrt(var + case["epsilon"]) + beta
        return (x @ kernel + bias)[:, 0]

    def check(self, case: dict, value: Any) -> None:
        what, n = case["what"], len(case["images"])
        expect_true(isinstance(value, dict) and "scores" in value, what, tr("did not finish."))
        expect_true(value.get("is_numpy") is True, what,
                    tr("returned {kind}, not a NumPy array.", kind=value.get('type')),
                    hint=tr("Convert the tensor with .numpy()."))
        scores = value["scores"]
        expect_shape(scores, (n,), what,
                     hint=tr("One probability per image: drop the last axis of the (batch, 1) "
                             "output."))
        expect_true(bool(np.all(np.isfinite(scores))), what,
                    tr("returned {scores}, which is not finite.", scores=scores),
                    hint=tr("Apply tf.sigmoid to the logits (it is finite for any logit), not "
                            "1 / (1 + exp(-l)) in float32."))
        if case["extreme"]:
            expect_true(bool(scores[0] > 0.999 and scores[1] < 0.001), what,
                        tr("returned {scores}; expected about [1, 0].", scores=scores),
                        hint=tr("The scores are probabilities: apply tf.sigmoid to the logits."))
            return
        want = 1.0 / (1.0 + np.exp(-self.logits(case)))
        expect_close(scores, want, what, rtol=1e-5, atol=1e-6, hint=self.hint(case, scores))

    def hint(self, case: dict, scores: np.ndarray) -> str:
        batch = 1.0 / (1.0 + np.exp(-self.logits(case, moving=False)))
        if np.allclose(scores, batch, rtol=1e-4, atol=1e-5):
            return (tr("Your scores use the batch's own statistics in batch norm: call the "
                       "model with training=False so that batch norm uses its moving averages."))
        if np.allclose(scores, self.logits(case), rtol=1e-4, atol=1e-5):
            return tr("These are the logits: apply tf.sigmoid to turn them into probabilities.")
        return (tr("Apply tf.sigmoid to the logits, and call the model with training=False so "
                   "that batch norm uses its moving averages."))
