"""The batch-normalization experiments of lesson 03: data, models, training records, pitfalls."""

from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf

from dcgan_course import batchnorm_lab as lab
from dcgan_course.plotting import CourseFigure, figure_to_png

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def data():
    return lab.make_classification(n_train=2048, n_test=512)


def test_classification_task_is_deterministic_and_uses_every_class(data):
    again = lab.make_classification(n_train=2048, n_test=512)
    np.testing.assert_array_equal(data.x_train, again.x_train)
    np.testing.assert_array_equal(data.y_test, again.y_test)
    assert data.x_train.shape == (2048, 16) and data.x_train.dtype == np.float32
    assert data.y_train.dtype == np.int32 and set(np.unique(data.y_train)) == set(range(10))
    other = lab.make_classification(n_train=2048, n_test=512, seed=1)
    assert not np.array_equal(data.y_train, other.y_train)


def test_mlp_has_batch_norm_and_no_bias_exactly_when_asked():
    plain = lab.build_mlp(16, 10, depth=3, batch_norm=False)
    bn = lab.build_mlp(16, 10, depth=3, batch_norm=True, momentum=0.9)
    bn_layers = [x for x in bn.layers if isinstance(x, tf.keras.layers.BatchNormalization)]
    assert len(bn_layers) == 3 and all(x.momentum == 0.9 for x in bn_layers)
    assert not any(isinstance(x, tf.keras.layers.BatchNormalization) for x in plain.layers)
    hidden = [x for x in bn.layers if x.name.startswith("dense_")]
    assert all(not x.use_bias for x in hidden)
    assert all(x.use_bias for x in plain.layers if x.name.startswith("dense_"))
    # same seed: the Dense weights of both variants start equal, so comparisons are fair
    np.testing.assert_array_equal(plain.get_layer("dense_2").kernel.numpy(),
                                  bn.get_layer("dense_2").kernel.numpy())


def test_init_scale_sets_the_weight_std():
    model = lab.build_mlp(256, 10, depth=2, width=256, activation="relu", init_scale=3.0)
    std = float(np.std(model.get_layer("dense_2").kernel.numpy()))
    assert std == pytest.approx(3.0 * math.sqrt(2 / 256), rel=0.05)
    assert lab.standard_init_std(100, "tanh") == pytest.approx(0.1)


def test_training_records_every_step_with_increasing_times(data):
    model = lab.build_mlp(16, 10, depth=2, width=32, batch_norm=True)
    run = lab.train_classifier(model, data, steps=60, learning_rate=0.1, label="t")
    assert run.steps == list(range(1, 61))
    assert len(run.losses) == len(run.seconds) == 60
    assert np.all(np.diff(run.seconds) > 0) and run.seconds[0] > 0
    assert np.all(np.isfinite(run.losses)) and run.final_loss < run.losses[0]
    assert 0.0 <= run.test_accuracy <= 1.0 and run.ms_per_step > 0
    assert "final loss" in lab.summarise([run]) and "t " in lab.summarise([run])


def test_batch_norm_rescues_a_deep_sigmoid_network(data):
    plain, bn = lab.compare_with_and_without(data, steps=300, depth=8, width=32,
                                             activation="sigmoid", learning_rate=0.1)
    assert "no BN" in plain.label and "with BN" in bn.label
    assert plain.final_loss > 2.0, "the plain deep sigmoid network should be stuck"
    assert bn.final_loss < plain.final_loss - 0.3


def test_sweeps_return_one_result_per_setting(data):
    sweep = lab.init_scale_sweep(data, [0.5, 2.0], steps=20, depth=2, width=16)
    assert sweep.scales == [0.5, 2.0] and len(sweep.plain) == len(sweep.with_bn) == 2
    assert sweep.chance == pytest.approx(math.log(10))
    runs = lab.depth_sweep(data, [2, 3], steps=20, width=16)
    assert [r.label.split(",")[0] for r in runs] == ["2×16 sigmoid"] * 2 + ["3×16 sigmoid"] * 2
    for fig in (lab.plot_init_sweep(sweep, 20), lab.plot_depth_sweep(runs, sweep.chance),
                lab.plot_steps_and_time([runs[:2], runs[2:]], ["a", "b"], chance=2.3)):
        assert isinstance(fig, CourseFigure) and figure_to_png(fig).startswith(PNG)


def test_inference_mode_lags_with_high_momentum(data):
    slow = lab.track_inference_gap(data, steps=60, momentum=0.99, every=20, width=32)
    fast = lab.track_inference_gap(data, steps=60, momentum=0.5, every=20, width=32)
    assert slow.steps == [0, 20, 40, 60]
    # the training-mode curve does not depend on the momentum (same weights, same batches)
    np.testing.assert_allclose(slow.training_mode, fast.training_mode, rtol=1e-4)
    assert slow.inference_mode[-1] - slow.training_mode[-1] > 0.2
    assert abs(fast.inference_mode[-1] - fast.training_mode[-1]) < 0.1
    assert figure_to_png(lab.plot_inference_gap([slow, fast], 2.3)).startswith(PNG)


def test_evaluating_the_gap_leaves_the_moving_averages_alone(data):
    """Scoring in training mode must not count as a moving-average update."""
    gap_a = lab.track_inference_gap(data, steps=20, every=1, width=16)
    gap_b = lab.track_inference_gap(data, steps=20, every=20, width=16)
    assert gap_a.inference_mode[-1] == pytest.approx(gap_b.inference_mode[-1], rel=1e-4)


def test_toy_images_are_in_tanh_range_and_vary():
    images = lab.toy_images(6, size=12, seed=3)
    assert images.shape == (6, 12, 12, 3) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    assert np.std(images.mean(axis=(1, 2, 3))) > 0.05
    shown = lab.to_display(np.array([-2.0, 0.0, 2.0]), (-1, 1))
    np.testing.assert_allclose(shown, [0.0, 0.5, 1.0])


def test_batch_norm_on_the_first_layer_hides_brightness_and_contrast():
    real = lab.toy_images(8)
    spreads = lab.first_layer_blindness(real, 0.3 * real - 0.5)
    assert spreads["input, no BN"] > 1 and spreads["first conv, no BN"] > 1
    assert spreads["input, BN"] < 0.01 and spreads["first conv + BN"] < 0.02


def test_single_sample_generation_in_training_mode_gives_identical_images():
    generator = lab.build_tiny_generator(seed=1)
    z = np.random.default_rng(0).standard_normal((4, 16)).astype(np.float32)
    rows = list(lab.single_sample_rows(generator, z, warmup_batches=300).values())
    assert all(r.shape == (4, 16, 16, 3) for r in rows)
    as_batch, one_by_one, inference = rows
    assert np.std(one_by_one, axis=0).max() < 1e-6, "a batch of one is normalized to beta"
    assert np.std(as_batch, axis=0).mean() > 0.1
    # after the warm-up, inference mode is close to the batch's training-mode output
    assert np.abs(inference - as_batch).mean() < 0.5 * np.abs(as_batch - as_batch.mean()).mean()
    fig = lab.plot_image_rows(rows, ["a", "b", "c"], count=4)
    assert figure_to_png(fig).startswith(PNG)


def test_mixed_batches_change_the_scores_of_the_same_fakes():
    d = lab.build_tiny_discriminator(seed=2)
    fakes = lab.toy_images(4, seed=9) * 0.5
    alone, mixed = lab.mixed_batch_logits(d, lab.toy_images(4, seed=1), fakes)
    assert alone.shape == mixed.shape == (4,)
    assert np.abs(alone - mixed).max() > 0.01
    again, _ = lab.mixed_batch_logits(d, lab.toy_images(4, seed=1), fakes)
    np.testing.assert_allclose(alone, again, rtol=1e-5)


def test_step_cost_is_timed_in_turns_and_read_as_ratios(data):
    cost = lab.step_cost_in_turns(data, depth=2, width=16, activation="relu", rounds=3,
                                  steps=5)
    assert len(cost.plain_ms) == len(cost.with_bn_ms) == 3
    assert len(cost.plain_cpu_ms) == len(cost.with_bn_cpu_ms) == 3
    assert all(r > 0 for r in cost.ratios) and cost.cpu_ratio > 0
    line = lab.step_cost_line(cost)
    assert "processor time" in line and "in turns" in line and cost.label in line


def test_torch_style_box_weighs_the_new_batch_by_momentum():
    box = lab.torch_style_box(1, momentum=0.25)
    box(np.array([[4.0], [8.0]], np.float32))  # mean 6, unbiased variance 8
    np.testing.assert_allclose(box.moving_mean, [0.25 * 6])
    np.testing.assert_allclose(box.moving_variance, [0.75 + 0.25 * 8])
