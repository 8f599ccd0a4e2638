"""Lesson 04 (the generator): build_generator at several sizes, judged on a rebuilt copy."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dcgan_course import architecture as arch
from dcgan_course.checks import expect_shape, expect_true
from dcgan_course.translate import tr

from .builders import BuilderExercise, builder_body

NOTEBOOK = "04-generator"
DEFAULTS = {"z_dim": 100, "width": 128, "image_size": 32, "channels": 3}


class GeneratorBuilder(BuilderExercise):
    """The checks shared by both of build_generator's test cells."""

    notebook, names, builder = NOTEBOOK, ("build_generator",), "build_generator"
    table_layers = "Dense, Reshape, BatchNormalization, LeakyReLU, Conv2DTranspose, Activation"
    #: Keras' layers are the point of the exercise: none is forbidden (UpSampling2D is a named
    #: mistake of the layer-by-layer check, not a shortcut).
    forbidden: ClassVar[tuple[str, ...]] = ()
    body = builder_body("build_generator")

    def noise_case(self, rng: np.random.Generator, args: dict[str, int],
                   label: str = "") -> dict:
        z_dim, n = {**DEFAULTS, **args}["z_dim"], int(rng.integers(2, 5))
        # Large z pushes the last activation to its limits: tanh keeps it in [-1, 1].
        return self.case(args, DEFAULTS, rng.standard_normal((n, z_dim)) * 10.0, label)

    def drawn(self, rng: np.random.Generator, image_size: int, widths: list[int]) -> dict:
        return self.noise_case(rng, {"z_dim": int(rng.integers(2, 120)),
                                     "width": int(rng.choice(widths)),
                                     "image_size": image_size,
                                     "channels": int(rng.choice([1, 3]))})

    def check_architecture(self, model: Any, spec: dict, what: str) -> None:
        arch.check_generator(model, z_dim=spec["z_dim"], width=spec["width"],
                             image_size=spec["image_size"], channels=spec["channels"], what=what)

    def spec_rows(self, spec: dict) -> list:
        return arch.generator_layers(spec["z_dim"], spec["width"], spec["image_size"],
                                     spec["channels"])

    def input_shape(self, spec: dict) -> tuple[int, ...]:
        return (spec["z_dim"],)

    def check_output(self, case: dict, output: Any) -> None:
        spec, n = case["spec"], len(case["inputs"])
        size = spec["image_size"]
        what = tr("{what} on {n} noise vectors", what=case['what'], n=n)
        expect_shape(output, (n, size, size, spec["channels"]), what,
                     hint=tr("The number of transposed convolutions is log2(image_size / 4)."))
        out = np.asarray(output, np.float64)
        expect_true(bool(np.all(np.abs(out) <= 1.0)), what, tr("produced values outside [-1, 1]."),
                    hint=tr("End with a tanh activation."))


class BuildGenerator(GeneratorBuilder):
    grade_id, title = "ex1-tests", "Exercise 1 (build_generator, 32x32)"

    def cases(self, rng: np.random.Generator) -> list[dict]:
        found = [self.noise_case(rng, {}, tr("the defaults: z_dim 100, width 128, 32x32x3"))]
        for width in rng.choice([4, 8, 16, 32], 3, replace=False):
            found.append(self.noise_case(rng, {"z_dim": int(rng.integers(2, 120)),
                                               "width": int(width), "image_size": 32,
                                               "channels": int(rng.choice([1, 3]))}))
        return found


class BuildGeneratorSizes(GeneratorBuilder):
    grade_id, title = "ex1-tests-sizes", "Exercise 1 (build_generator, other sizes)"

    def cases(self, rng: np.random.Generator) -> list[dict]:
        return [self.drawn(rng, 16, [4, 8, 16]), self.drawn(rng, 8, [2, 4, 8]),
                self.drawn(rng, 64, [2, 4]),
                self.noise_case(rng, {"z_dim": 100, "width": 128, "image_size": 64,
                                      "channels": 3}, tr("the paper's 64x64 model"))]
