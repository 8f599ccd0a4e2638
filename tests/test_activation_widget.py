"""Lesson 03's activation explorer: the NumPy network behind it and the widget's controls."""

from __future__ import annotations

import numpy as np
import pytest

from dcgan_course.activation_widget import (
    ActivationExplorer,
    Setting,
    layer_activations,
    plot_layer_stds,
    verdict,
)
from dcgan_course.plotting import figure_to_png

PNG = b"\x89PNG\r\n\x1a\n"
SMALL = {"depth": 5, "width": 64}


def stds(setting: Setting, **kw) -> np.ndarray:
    return np.array([np.std(a) for a in layer_activations(setting, batch=256, **kw)])


def test_bad_scales_collapse_explode_or_saturate_without_batch_norm():
    assert stds(Setting(False, "tanh", 0.5))[-1] < 0.01
    assert stds(Setting(False, "relu", 2.0))[-1] > 100
    assert stds(Setting(False, "relu", 0.5))[-1] < 0.01
    saturated = layer_activations(Setting(False, "tanh", 4.0))[-1]
    assert np.mean(np.abs(saturated) > 0.95) > 0.5


def test_batch_norm_keeps_every_layer_at_the_same_scale():
    for activation in ("tanh", "relu"):
        for scale in (0.25, 1.0, 4.0):
            s = stds(Setting(True, activation, scale))
            assert np.ptp(s) < 0.05, (activation, scale, s)


def test_relu_with_standard_init_keeps_its_scale():
    s = stds(Setting(False, "relu", 1.0))
    assert 0.3 < s[-1] / s[0] < 3


def test_inference_mode_with_fresh_moving_averages_is_no_normalization():
    """Moving averages at (0, 1) leave only epsilon: the network behaves as without BN."""
    fresh = stds(Setting(True, "relu", 2.0, "inference", 0))
    plain = stds(Setting(False, "relu", 2.0))
    np.testing.assert_allclose(fresh, plain, rtol=0.01)


def test_inference_mode_converges_to_training_mode_with_warmup():
    training = layer_activations(Setting(True, "tanh", 2.0, "training"), batch=256)
    warm = layer_activations(Setting(True, "tanh", 2.0, "inference", 2000), batch=256)
    half = layer_activations(Setting(True, "tanh", 2.0, "inference", 69), batch=256)
    np.testing.assert_allclose(warm[-1], training[-1], atol=1e-3)
    assert np.abs(half[-1] - training[-1]).mean() > 0.01


def test_weights_do_not_depend_on_the_batch_norm_switch():
    a = layer_activations(Setting(False, "relu", 1.0), depth=1)
    b = layer_activations(Setting(True, "relu", 1.0), depth=1)
    # one layer: BN only shifts and rescales each unit, so the rank order is unchanged
    assert np.corrcoef(a[0][:, 0], b[0][:, 0])[0, 1] > 0.9


def test_canonical_setting_drops_controls_that_cannot_matter():
    assert Setting(False, "tanh", 1.0, "inference", 100).canonical() == Setting(False, "tanh")
    assert Setting(True, "tanh", 1.0, "training", 100).canonical().warmup == 0
    key = Setting(True, "relu", 2.0, "inference", 10)
    assert key.canonical() == key and "10 warm-up" in key.describe()


def test_verdicts_name_what_happened():
    def say(setting):
        return verdict(setting, layer_activations(setting, batch=256))

    assert say(Setting(False, "tanh", 0.25)).startswith("collapsed")
    assert say(Setting(False, "relu", 4.0)).startswith("exploding")
    assert say(Setting(False, "tanh", 4.0)).startswith("saturated")
    assert say(Setting(True, "tanh", 4.0)).startswith("healthy")


def test_no_verdict_calls_a_growing_or_shrinking_signal_healthy():
    """ReLU at 1.25 with BN in inference mode and no warm-up: the spread grows from about 1.0
    to 6.6 (batch norm divides only by sqrt(1 + epsilon)); the words must say so."""
    setting = Setting(True, "relu", 1.25, "inference", 0)
    outputs = layer_activations(setting)
    first, last = np.std(outputs[0]), np.std(outputs[-1])
    assert last / first > 5
    said = verdict(setting, outputs)
    assert said.startswith("growing") and f"{last:.3g}" in said
    assert verdict(Setting(False, "relu", 0.8), layer_activations(Setting(False, "relu", 0.8))
                   ).startswith("shrinking")
    for s in (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0):  # every named-healthy setting is within x3
        for bn in (False, True):
            out = layer_activations(Setting(bn, "relu", s, "inference", 10))
            if verdict(Setting(bn, "relu", s, "inference", 10), out).startswith("healthy"):
                assert 1 / 3 <= np.std(out[-1]) / np.std(out[0]) <= 3


def test_inference_without_warm_up_says_what_batch_norm_still_does():
    explorer = ActivationExplorer(**SMALL)
    explorer.batch_norm.value = True
    explorer.mode.value = "inference"
    assert "only divides by √(1 + ε)" in explorer.caption.value


def test_explorer_starts_with_a_picture_and_a_caption():
    explorer = ActivationExplorer(**SMALL)
    assert bytes(explorer.image.value).startswith(PNG)
    assert "std of layer 1" in explorer.caption.value
    assert explorer.warmup.disabled  # only meaningful for BN in inference mode


def test_controls_redraw_and_frames_are_cached():
    explorer = ActivationExplorer(**SMALL)
    first = bytes(explorer.image.value)
    explorer.init_scale.value = 0.25
    assert "collapsed" in explorer.caption.value
    assert bytes(explorer.image.value) != first
    explorer.batch_norm.value = True
    assert "healthy" in explorer.caption.value
    explorer.mode.value = "inference"
    assert not explorer.warmup.disabled
    assert "still at their start" in explorer.caption.value
    assert "collapsed" in explorer.caption.value  # fresh moving averages do not normalize
    explorer.warmup.value = 1000
    assert "0% their starting values" in explorer.caption.value
    explorer.batch_norm.value = False
    explorer.init_scale.value = 1.0
    assert bytes(explorer.image.value) == first
    # five distinct frames: BN off ignores mode and warm-up, so switching it off reuses one
    assert len(explorer._cache) == 5


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_static_summary_renders(activation):
    fig = plot_layer_stds([Setting(False, activation, 0.5), Setting(True, activation, 0.5)],
                          **SMALL)
    assert figure_to_png(fig).startswith(PNG)
