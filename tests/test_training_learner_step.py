"""The learner's own ``train_step`` (lesson 06, exercise 2) is what the engine runs.

A step that changes the update in a visible way (it never touches the generator and reports a
generator loss of 42) proves it: the engine's history and weights follow that step. The
package holds no step of its own: without one nothing trains and the trainer says so, and
``step_problem`` decides (against tables shipped with the package, which must be current)
whether the lesson and the command line use a learner's step.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import tensorflow as tf
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from reference import training as reference
from test_training import TINY, build_discriminator, build_generator, images  # noqa: F401

from dcgan_course import carry, training
from dcgan_course.exercises import training_step


def make(out_dir=None, config=TINY, **kwargs):
    """A tiny trainer with the learner's step of the test (none unless given)."""
    return training.Trainer(build_generator, build_discriminator, config, out_dir=out_dir,
                            precision=kwargs.pop("precision", "float32"), **kwargs)


def correct_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    """Exercise 2's solution, written as a learner would."""
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        real_logits = tf.convert_to_tensor(real_logits, tf.float32)
        fake_logits = tf.convert_to_tensor(fake_logits, tf.float32)
        d_loss = (tf.reduce_mean(0.9 * tf.nn.softplus(-real_logits)
                                 + 0.1 * tf.nn.softplus(real_logits))
                  + tf.reduce_mean(tf.nn.softplus(fake_logits)))
        g_loss = tf.reduce_mean(tf.nn.softplus(-fake_logits))
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
    return d_loss, g_loss


def d_only_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
    """Visibly not the right step: the generator is never updated, g_loss is 42."""
    with tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = (tf.reduce_mean(tf.nn.softplus(-real_logits))
                  + tf.reduce_mean(tf.nn.softplus(fake_logits)))
    grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables, strict=True))
    return d_loss, tf.constant(42.0)


def weights(model):
    return [w.copy() for w in model.get_weights()]


def trainable(model):
    return [v.numpy().copy() for v in model.trainable_variables]


def test_the_engine_runs_the_learners_step(images):  # noqa: F811
    trainer = make(train_step=d_only_step)
    assert trainer.step_source == "yours" and trainer.step_label == "your train_step"
    g_before, d_before = trainable(trainer.generator), trainable(trainer.discriminator)
    history = trainer.fit(images, steps=4)
    assert history["g_loss"] == [42.0] * 4
    # (only batch norm's moving statistics of G change: G ran in training mode)
    after = trainable(trainer.generator)
    assert all(np.array_equal(a, b) for a, b in zip(g_before, after, strict=True))
    assert any(not np.array_equal(a, b)
               for a, b in zip(d_before, trainable(trainer.discriminator), strict=True))
    # D(x) and D(G(z)) come from the step's own two discriminator calls
    assert all(0 < v < 1 for v in history["d_real"] + history["d_fake"])


def test_without_a_step_nothing_trains_and_the_trainer_says_so(images, tmp_path):  # noqa: F811
    trainer = make(tmp_path)
    assert trainer.step_source == "none" and not trainer.can_train
    assert trainer.step_label == "no training step yet"
    before = weights(trainer.generator)
    history = trainer.fit(images, steps=3)
    assert history["step"] == [] and int(trainer.step.numpy()) == 0
    assert all(np.array_equal(a, b)
               for a, b in zip(before, weights(trainer.generator), strict=True))
    assert trainer.last_checkpoint_step() is None
    # instructor tools pass the reference, and say so
    instructor = make(train_step=reference.train_step, step_source="reference")
    assert instructor.step_label == "the instructor's reference train_step"
    assert instructor.fit(images, steps=2)["step"] == [1, 2]
    with pytest.raises(ValueError, match="step_source"):
        make(train_step=correct_step, step_source="course")


def test_show_reference_loads_a_shipped_generator_into_the_learners(tmp_path):
    trainer = make()
    assert "not shipped yet" in trainer.show_reference(tmp_path / "absent.keras")
    shipped = make(train_step=correct_step)
    shipped.generator.set_weights([w + 0.5 for w in shipped.generator.get_weights()])
    path = tmp_path / "reference-generator.keras"
    shipped.generator.save(path)
    said = trainer.show_reference(path)
    assert "reference model" in said and "untrained" not in said
    for model in (trainer.generator, trainer.ema_generator):
        for a, b in zip(model.get_weights(), shipped.generator.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)
    wider = training.Trainer(build_generator, build_discriminator, TINY.replace(g_width=8),
                             precision="float32")
    assert "another architecture" in wider.show_reference(path)


def test_a_resumed_run_is_shown_as_it_is(images, tmp_path):  # noqa: F811
    make(tmp_path, train_step=correct_step).fit(images, steps=2)
    resumed = make(tmp_path)  # the learner's step broke since: the checkpoint still loads
    assert resumed.resumed_from == 2 and "step 2" in resumed.show_reference()


def test_one_concatenated_call_still_trains_but_reports_no_fake_verdict(images):  # noqa: F811
    def concatenated(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        return reference.STEP_VARIANTS["concatenated"](generator, discriminator, g_optimizer,
                                                       d_optimizer, real_batch, noise)

    history = make(train_step=concatenated).fit(images, steps=2)
    assert all(np.isfinite(history["d_loss"])) and all(np.isnan(history["d_fake"]))
    problem = training.step_problem(concatenated)
    assert "ONE discriminator call" in problem and "Batch norm" in problem


def test_step_problem_accepts_right_steps_and_names_mistakes():
    assert training.step_problem(correct_step) is None
    assert training.step_problem(reference.train_step) is None

    def stub(*args):
        raise NotImplementedError()

    def uses_numpy(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        d_loss, g_loss = correct_step(generator, discriminator, g_optimizer, d_optimizer,
                                      real_batch, noise)
        return float(d_loss.numpy()), float(g_loss.numpy())

    assert "not written yet" in training.step_problem(stub)
    assert "generator's trainable weights" in training.step_problem(d_only_step)
    assert "own optimiser" in training.step_problem(reference.STEP_VARIANTS[
        "swapped-optimisers"])
    assert "tf.function" in training.step_problem(uses_numpy)


def test_the_shipped_tables_are_current(tmp_path):
    """The tables the visible checks compare with are what the reference computes now."""
    fresh = reference.tables()
    shipped = training_step.fixed_tables()
    assert sorted(fresh) == sorted(shipped)
    for key, value in fresh.items():
        np.testing.assert_allclose(shipped[key], value, rtol=1e-4, atol=1e-5, err_msg=key)


def test_the_saved_step_is_what_the_command_line_gets(tmp_path):
    def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
        return correct_step(generator, discriminator, g_optimizer, d_optimizer, real_batch,
                            noise)

    with pytest.raises(carry.BuilderNotSaved, match="not saved yet"):
        carry.load_train_step(tmp_path)
    (tmp_path / "train_step.py").write_text(
        "import tensorflow as tf\n\n" + _source(correct_step).replace(
            "def correct_step", "def train_step"))
    assert training.step_problem(carry.load_train_step(tmp_path)) is None
    (tmp_path / "train_step.py").write_text(
        "import tensorflow as tf\n\n" + _source(d_only_step).replace(
            "def d_only_step", "def train_step"))
    with pytest.raises(carry.BuilderNotSaved, match="fails the engine's check"):
        carry.load_train_step(tmp_path)


def _source(function) -> str:
    import inspect
    import textwrap

    return textwrap.dedent(inspect.getsource(function))


def test_mixed_bfloat16_gives_the_step_float32_logits(images):  # noqa: F811
    trainer = make(train_step=correct_step, precision="mixed_bfloat16")
    head = [layer for layer in trainer.discriminator.layers if layer.weights][-1]
    assert head.dtype_policy.compute_dtype == "float32"
    assert trainer.discriminator.layers[0].dtype_policy.compute_dtype == "bfloat16"
    assert trainer.discriminator(tf.zeros([2, 32, 32, 3])).dtype == tf.float32
    history = trainer.fit(images, steps=2)  # convert_to_tensor(logits, float32) works
    assert all(np.isfinite(history["d_loss"]))


def test_averaged_generator_samples_and_survives_a_resume(images, tmp_path):  # noqa: F811
    config = TINY.replace(ema_decay=0.9)
    trainer = make(tmp_path, config=config, train_step=correct_step)
    trainer.fit(images, steps=6)
    z = np.random.default_rng(0).standard_normal((4, config.z_dim)).astype(np.float32)
    averaged, raw = trainer.generate(z), trainer.generate(z, averaged=False)
    assert averaged.shape == raw.shape == (4, 32, 32, 3)
    assert not np.allclose(averaged, raw)
    resumed = make(tmp_path, config=config)
    np.testing.assert_allclose(resumed.generate(z), averaged, atol=1e-6)
    without = make(config=dataclasses.replace(TINY, ema_decay=None))
    assert without.ema_generator is None
    np.testing.assert_array_equal(without.generate(z), without.generate(z, averaged=False))


def test_average_warms_up_instead_of_holding_the_initial_weights(images):  # noqa: F811
    trainer = make(config=TINY.replace(ema_decay=0.999), train_step=correct_step)
    first = weights(trainer.ema_generator)
    trainer.fit(images, steps=6)
    # with decay 0.999 alone six steps would move the average by 0.6% of the way; the
    # warm-up ((1 + t) / (10 + t)) lets it follow the early, fast-changing weights
    averaged, raw = trainer.ema_generator.get_weights(), trainer.generator.get_weights()
    moved = [np.abs(a - b).max() for a, b in zip(first, averaged, strict=True)]
    raw_moved = [np.abs(a - b).max() for a, b in zip(first, raw, strict=True)]
    assert max(moved) > 0.3 * max(raw_moved)
