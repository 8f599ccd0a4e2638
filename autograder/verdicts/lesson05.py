"""Lesson 05 (the discriminator): build_discriminator at several sizes, and where batch
norm's moving mean settles (moving_shares)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from reference import moving_statistics

from dcgan_course import architecture as arch
from dcgan_course.checks import expect_shape
from dcgan_course.exercises.discriminator import check_shares
from dcgan_course.translate import tr

from . import Exercise
from .builders import BuilderExercise, builder_body

NOTEBOOK = "05-discriminator"
DEFAULTS = {"width": 64, "image_size": 32, "channels": 3}


class DiscriminatorBuilder(BuilderExercise):
    """The checks shared by both of build_discriminator's test cells."""

    notebook, names, builder = NOTEBOOK, ("build_discriminator",), "build_discriminator"
    table_layers = "Conv2D, BatchNormalization, LeakyReLU, Flatten, Dense"
    #: Keras' layers are the point of the exercise: none is forbidden (pooling is a named
    #: mistake of the layer-by-layer check, not a shortcut).
    forbidden: ClassVar[tuple[str, ...]] = ()
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


class MovingShares(Exercise):
    """Exercise 2: ``moving_shares(schedule, steps, momentum)`` on schedules, step counts and
    momenta drawn at grading time; a wrong answer is named by the mistake it matches."""

    notebook, grade_id, title = NOTEBOOK, "ex2-tests", "Exercise 2 (moving_shares)"
    names = ("moving_shares",)
    #: Derive it: a Keras layer fed marked batches would measure the answer instead.
    forbidden: ClassVar[tuple[str, ...]] = ("keras.layers.BatchNormalization",
                                            "tf.keras.layers.BatchNormalization")
    body = """
def __dcgan_probe_body(case):
    return moving_shares(list(case["schedule"]), int(case["steps"]), float(case["momentum"]))
"""

    def cases(self, rng: np.random.Generator) -> list[dict]:
        kinds = ("real", "fake", "mixed")
        drawn = [tuple(str(k) for k in rng.choice(kinds, int(rng.integers(2, 4))))
                 for _ in range(2)]
        schedules = [("real", "fake"), ("fake", "real"), ("mixed",), *drawn]
        found = []
        for schedule in schedules:
            momentum = float(rng.choice([0.99, 0.9, round(float(rng.uniform(0.5, 0.98)), 3)]))
            found.append(self.case(schedule, int(rng.integers(1, 120)), momentum))
        found.append(self.case(("real", "fake"), 0, 0.99))
        return found

    @staticmethod
    def case(schedule: tuple[str, ...], steps: int, momentum: float) -> dict:
        return {"schedule": list(schedule), "steps": steps, "momentum": momentum,
                "what": tr("moving_shares({schedule}, steps={steps}, momentum={momentum})",
                           schedule=list(schedule), steps=steps, momentum=momentum)}

    def check(self, case: dict, value: Any) -> None:
        schedule, steps, momentum = case["schedule"], case["steps"], case["momentum"]
        check_shares(value, moving_statistics.moving_shares(schedule, steps, momentum),
                     moving_statistics.mistaken_shares(schedule, steps, momentum),
                     case["what"], calls=len(schedule))
