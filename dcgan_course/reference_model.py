"""The course's reference model: where a long run of the course's own DCGAN gets to.

Lesson 06 shows it beside the learner's five-minute model ("where this goes"); lesson 07 opens
it when the learner has no run of their own. It is *trained weights*, not code: the files in
``assets/`` are Keras model files whose weights are stored in float16 (half the size of
float32, and sample quality is unchanged at that precision, see the test), one for the
averaged generator and one for the discriminator of the same run, and a model card
(``reference-model.md``) that says what data, how many steps and minutes, which command and
seed made them, and the recognisable share the course's digit judge measured.

:func:`load_reference` puts those weights into **the learner's own networks** when their
architecture has the same weight shapes (the learner's ``build_generator`` from lesson 04 at
the card's width), so the pictures show what *their* architecture can draw. When the shapes
differ it opens the saved course model instead, in float32, and says so in its label: the
package holds no builder of the course's networks (that is lesson 04's and 05's answer), only
the saved model.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np

from dcgan_course import native_log_silenced
from dcgan_course.translate import tr

#: Where the course's edition keeps its shipped files when the package is installed apart
#: from it (the cluster's learner image installs the package, not editable, and keeps the
#: edition here: deploy/image/Dockerfile; the same path as autograder/learner_view.MOUNT).
EDITION_MOUNT = Path("/srv/dcgan-course")
#: Environment variable naming another folder that holds the reference model's files.
ASSETS_ENV = "DCGAN_COURSE_ASSETS"


def assets_folder() -> Path:
    """The folder of the reference model's files: ``$DCGAN_COURSE_ASSETS``, else ``assets/``
    of the course the package sits in (a clone, Binder, the learner view), else the edition
    beside an installed package (:data:`EDITION_MOUNT`)."""
    override = os.environ.get(ASSETS_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    beside = Path(__file__).resolve().parents[1] / "assets"
    if (beside / "reference-model.md").is_file() or not (EDITION_MOUNT / "assets").is_dir():
        return beside
    return EDITION_MOUNT / "assets"


ASSETS = assets_folder()
GENERATOR_FILE = ASSETS / "reference-generator.keras"
DISCRIMINATOR_FILE = ASSETS / "reference-discriminator.keras"
CARD_FILE = ASSETS / "reference-model.md"


class ReferenceMissing(FileNotFoundError):
    """The reference model's files are not where the course ships them."""


@dataclasses.dataclass
class Reference:
    """One loaded network of the reference model, and what it is in words."""

    model: keras.Model
    yours: bool  # True: the reference weights in the learner's own architecture
    label: str


def card(path: Path = CARD_FILE) -> dict[str, str]:
    """The model card's fields (``| field | value |`` rows of its table), by field name."""
    if not path.is_file():
        raise ReferenceMissing(f"{path} is missing: the course's reference model ships in "
                               "assets/ (a clone of the course has it)")
    rows = re.findall(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$", path.read_text(), re.M)
    return {key: value for key, value in rows if key not in ("field",) and set(key) != {"-"}}


def card_config() -> dict:
    """The run's engine settings as the card records them (a JSON object in one field)."""
    return json.loads(card()["engine configuration"].strip("`"))


def _float32_model(saved: keras.Model) -> keras.Model:
    """The saved float16 model rebuilt in float32 (sampling float16 on a CPU is emulated)."""
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(saved))
                        .replace('"float16"', '"float32"'))
    model = keras.saving.deserialize_keras_object(config)
    model.set_weights([w.astype(np.float32) for w in saved.get_weights()])
    return model


def _open(path: Path) -> keras.Model:
    if not path.is_file():
        raise ReferenceMissing(f"{path} is missing: the course's reference model ships in "
                               "assets/ (a clone of the course has it)")
    with native_log_silenced():  # float16 layers make oneDNN print a red notice on CPUs
        return keras.models.load_model(path, compile=False)


def load_reference(into: keras.Model | None = None, which: str = "generator",
                   path: str | os.PathLike | None = None) -> Reference:
    """The reference ``which`` ("generator" or "discriminator"), in ``into`` if it fits.

    ``into`` is the learner's network (e.g. ``build_generator(z_dim=100, width=...)`` at the
    card's width); when every weight has the reference's shape, the reference weights are
    copied into it (in its own dtype) and it is returned. Otherwise, or without ``into``,
    the saved course model comes back in float32, labelled as the course's architecture.
    ``path`` replaces the shipped file (tests, or a model of the learner's own).
    """
    if which not in ("generator", "discriminator"):
        raise ValueError(f"which must be 'generator' or 'discriminator', got {which!r}")
    if path is None:
        path = GENERATOR_FILE if which == "generator" else DISCRIMINATOR_FILE
    saved = _open(Path(path))
    weights = saved.get_weights()
    name = tr("generator") if which == "generator" else tr("discriminator")
    course = _float32_model(saved)
    if into is not None:
        mine = into.get_weights()
        if [w.shape for w in mine] == [w.shape for w in weights]:
            into.set_weights([w.astype(m.dtype) for w, m in zip(weights, mine, strict=True)])
            if _computes_the_same(into, course):
                return Reference(into, True, tr(
                    "the course's reference {name}: its trained weights in YOUR architecture",
                    name=name))
            into.set_weights(mine)  # the learner's network is left as it was
            return Reference(course, False, tr(
                "the course's reference {name}: the saved COURSE model (your layers have its "
                "weights' shapes but compute something else, e.g. ReLU where the course's "
                "has leaky ReLU)", name=name))
    return Reference(course, False, tr(
        "the course's reference {name}: the saved COURSE model (its weights do not fit your "
        "architecture's shapes)", name=name))


#: Largest difference between the learner's network with the reference weights and the
#: course model, on the same inputs, that still counts as the same computation: bfloat16
#: compute (the engine's mixed precision) differs by about 1e-2; ReLU for leaky ReLU in
#: lesson 04's generator by about 0.8.
SAME_COMPUTATION = 0.1


def _computes_the_same(mine: keras.Model, course: keras.Model) -> bool:
    """Whether two networks with the same weights give the same outputs on fixed inputs
    (inference mode): same shapes do not mean the same layers."""
    shape = (4, *course.input_shape[1:])
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    try:
        a = np.asarray(mine(x, training=False), np.float32)
    except Exception:  # noqa: BLE001 - the learner's network, any failure means "not it"
        return False
    b = np.asarray(course(x, training=False), np.float32)
    scale = 1.0 + float(np.abs(b).max())  # logits of D are not in [-1, 1]
    return a.shape == b.shape and float(np.abs(a - b).max()) <= SAME_COMPUTATION * scale


@dataclasses.dataclass
class ReferencePair:
    """The reference generator and discriminator as lesson 07 uses them, with one line that
    says what they are."""

    generator: Reference
    discriminator: Reference
    z_dim: int
    g_width: int
    d_width: int

    @property
    def origin(self) -> str:
        return tr("the course's reference model ({steps} steps, {share} of its samples "
                  "recognisable): {generator}; {discriminator}", steps=card()["steps"],
                  share=f"{float(card()['measured share']):.0%}",
                  generator=self.generator.label, discriminator=self.discriminator.label)


def open_reference(build_generator: Callable | None = None,
                   build_discriminator: Callable | None = None) -> ReferencePair:
    """Both reference networks, in the learner's builders' architecture where it fits.

    Each builder is called at the card's sizes (``z_dim``, ``width``); a builder that is
    missing, raises, or builds other weight shapes gets the saved course model instead.
    """
    config = card_config()
    mine: dict[str, keras.Model | None] = {}
    for name, builder, kwargs in (
            ("generator", build_generator, dict(z_dim=config["z_dim"], width=config["g_width"],
                                                image_size=32, channels=3)),
            ("discriminator", build_discriminator, dict(width=config["d_width"],
                                                        image_size=32, channels=3))):
        try:
            mine[name] = builder(**kwargs) if builder is not None else None
        except Exception:  # noqa: BLE001 - the learner's builder: any failure means "not it"
            mine[name] = None
    return ReferencePair(load_reference(mine["generator"], "generator"),
                         load_reference(mine["discriminator"], "discriminator"),
                         config["z_dim"], config["g_width"], config["d_width"])


def save_reference(model: keras.Model, path: Path) -> Path:
    """Save ``model`` with float16 weights (the instructor's release step; see the card)."""
    previous = keras.mixed_precision.global_policy()
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model))
                        .replace('"mixed_bfloat16"', '"float16"')
                        .replace('"float32"', '"float16"'))
    keras.mixed_precision.set_global_policy("float16")
    try:
        half = keras.saving.deserialize_keras_object(config)
    finally:
        keras.mixed_precision.set_global_policy(previous)
    half.set_weights([w.astype(np.float16) for w in model.get_weights()])
    path.parent.mkdir(parents=True, exist_ok=True)
    half.save(path)
    return path
