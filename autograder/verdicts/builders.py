"""Exercises whose answer is a model builder (lessons 04 and 05), judged on a rebuilt copy.

The probe calls the learner's builder with grader-drawn arguments and describes the model
as data (:mod:`.keras_models`). The grader rebuilds it from a whitelist, runs the lesson's
own layer-by-layer check (``dcgan_course.architecture``) on the copy, checks that the copy
computes what the learner's model computed (layer output shapes always; the output itself
when every weight came back in full), and then the parameter count and the output the
learner's model gave on the grader's inputs.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dcgan_course import architecture as arch
from dcgan_course.checks import ExerciseFailure, _message, expect_true
from dcgan_course.translate import tr

from . import Exercise
from .keras_models import NotRebuilt, Rebuilt, describe_source, rebuild, run_layers


def builder_body(builder: str) -> str:
    """The probe: call ``builder`` with the case's arguments and describe what it returns."""
    return describe_source() + f"""
def __dcgan_probe_body(case):
    return __dcgan_describe({builder}(**case["args"]), case["inputs"])
"""


def _fail(what: str, problem: str, hint: str = "") -> None:
    raise ExerciseFailure(_message(what, problem, hint))


def call_text(builder: str, args: dict[str, int]) -> str:
    """How feedback names a call: ``build_generator(z_dim=8, width=4)``."""
    return f"{builder}({', '.join(f'{k}={v}' for k, v in args.items())})"


class BuilderExercise(Exercise):
    """A builder, checked on cases ``{"args", "spec", "inputs", "what"}``."""

    builder: ClassVar[str]
    #: What the rebuilt model's layers may be, named in the "cannot rebuild" message.
    table_layers: ClassVar[str]

    def describe(self, case: dict) -> str:
        return case["what"]

    def case(self, args: dict[str, int], defaults: dict[str, int], inputs: np.ndarray,
             label: str = "") -> dict:
        spec = {**defaults, **args}
        return {"args": args, "spec": spec, "inputs": inputs.astype(np.float32),
                "what": call_text(self.builder, args) + (f" ({label})" if label else "")}

    # Per role: the table's check, its parameter count, the input shape, the output check.
    def check_architecture(self, model: Any, spec: dict, what: str) -> None:
        raise NotImplementedError

    def spec_rows(self, spec: dict) -> list:
        raise NotImplementedError

    def input_shape(self, spec: dict) -> tuple[int, ...]:
        raise NotImplementedError

    def check_output(self, case: dict, output: np.ndarray) -> None:
        raise NotImplementedError

    def check(self, case: dict, value: Any) -> None:
        what, spec = case["what"], case["spec"]
        expect_true(isinstance(value, dict), what, tr("did not return a model the grader could "
                                                      "describe."))
        if "not_model" in value:
            _fail(what, tr("returned {value}, not a Keras model.", value=value['not_model']),
                  tr("Return the model, e.g. keras.Sequential([...]) or keras.Model(inputs, "
                     "outputs)."))
        try:
            copy = rebuild(value, self.input_shape(spec))
        except (NotRebuilt, KeyError, TypeError) as problem:
            _fail(what, tr("the grader could not rebuild your model: {problem}.", problem=problem),
                  tr("Build it from the table's layers ({table_layers}) with their standard "
                     "settings.", table_layers=self.table_layers))
        self.check_architecture(copy.model, spec, what)
        if isinstance(value.get("output"), str):
            _fail(what, tr("the model raised {value} when called on {count} inputs of the right "
                           "shape.", value=value['output'], count=len(case['inputs'])),
                  tr("Call your model on a batch yourself, e.g. model(tf.zeros(...)), and fix "
                     "what it reports."))
        self._same_as_learner(case, value, copy)
        total = arch.total_params(self.spec_rows(spec))
        params = value.get("params")
        expect_true(isinstance(params, int), what, tr("could not count its parameters "
                                                      "(model.count_params() failed)."))
        expect_true(params == total, what, tr("has {params:,} parameters; the table says "
                                              "{total:,}.", params=params, total=total))
        self.check_output(case, value.get("output"))

    @staticmethod
    def _same_as_learner(case: dict, value: dict, copy: Rebuilt) -> None:
        """The copy computes what the learner's model computed on the same inputs."""
        what, inputs = case["what"], case["inputs"]
        shapes = []
        try:
            import tensorflow as tf

            x = tf.constant(inputs)
            for layer in copy.model.layers:
                x = layer(x, training=False)
                shapes.append([int(s) for s in x.shape[1:]])
        except Exception:  # noqa: BLE001 -- compared below like any other difference
            pass
        same = shapes == value.get("shapes")
        if same and copy.complete:
            mine = np.asarray(value.get("output"), np.float64)
            ours = run_layers(copy.model, inputs)
            same = mine.shape == ours.shape and bool(np.allclose(mine, ours, rtol=1e-4,
                                                                 atol=1e-5))
        if not same:
            _fail(what, tr("the grader's copy of your model, built from the layers it lists, "
                           "does not compute what your model computes."),
                  tr("Build the model from standard Keras layers in one chain (a Sequential, or "
                     "a functional model without branches), without custom layers or call "
                     "methods."))
