"""The lesson widgets, driven the way the frontend drives them (trait changes, clicks)."""

from __future__ import annotations

import pytest
import tensorflow as tf
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from reference import toy_gan as reference  # the lesson's step (the package holds none)

from dcgan_course import toy_gan
from dcgan_course.widgets import GameViewer

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def history():
    def d_loss(real, fake):
        return tf.reduce_mean(tf.nn.softplus(-real)) + tf.reduce_mean(tf.nn.softplus(fake))

    def g_loss(fake):
        return tf.reduce_mean(tf.nn.softplus(-fake))

    return toy_gan.train_game(reference.make_train_step(d_loss, g_loss), steps=100, snapshots=10)


def test_viewer_starts_at_step_zero(history):
    viewer = GameViewer(history)
    assert viewer.slider.value == 0 and viewer.slider.max == len(history.snapshots) - 1
    assert bytes(viewer.image.value).startswith(PNG)
    assert "step 0</b> of 100" in viewer.caption.value


def test_moving_the_slider_redraws_the_game(history):
    viewer = GameViewer(history)
    first = viewer.image.value
    viewer.slider.value = 5
    assert viewer.image.value != first
    assert f"step {history.snapshots[5].step}</b>" in viewer.caption.value
    assert f"D(fake) = {history.snapshots[5].d_fake:.2f}" in viewer.caption.value


def test_step_buttons_move_one_snapshot_and_stay_in_range(history):
    viewer = GameViewer(history)
    viewer.back.click()
    assert viewer.slider.value == 0
    viewer.forward.click()
    viewer.forward.click()
    assert viewer.slider.value == 2
    viewer.slider.value = viewer.slider.max
    viewer.forward.click()
    assert viewer.slider.value == viewer.slider.max


def test_frames_are_cached(history):
    viewer = GameViewer(history)
    viewer.slider.value = 3
    frame = bytes(viewer.image.value)
    viewer.slider.value = 4
    viewer.slider.value = 3
    assert bytes(viewer.image.value) == frame
    assert sorted(viewer._cache) == [0, 3, 4]  # each frame rendered once


def test_play_is_linked_to_the_slider_in_the_browser(history):
    viewer = GameViewer(history)
    assert viewer.play.max == viewer.slider.max
    # jslink keeps Play and slider in step on the client side, without a kernel round trip
    assert viewer.play_link.source == (viewer.play, "value")
    assert viewer.play_link.target == (viewer.slider, "value")


def test_a_frame_drawn_after_others_matches_a_fresh_drawing(history):
    """The viewer moves the artists of one figure; the picture must be the same as new."""
    from matplotlib.figure import Figure

    from dcgan_course.plotting import draw_game_frame, figure_to_png

    viewer = GameViewer(history)
    viewer.slider.value = 7
    viewer.slider.value = 4
    fresh = Figure(figsize=(7.5, 5.0))
    draw_game_frame(fresh, history, 4)
    assert bytes(viewer.image.value) == figure_to_png(fresh)


def test_the_generator_histogram_stays_on_the_axis(history):
    """At step 0 an untrained generator's histogram is a tall spike: the axis must show it."""
    from matplotlib.figure import Figure

    from dcgan_course.plotting import GameFrame

    frame = GameFrame(Figure(), history)
    for index, snap in enumerate(history.snapshots):
        frame.update(index)
        peak = float(snap.fake_density.max())
        assert peak <= frame.top or "off the scale" in frame.off_scale.get_text()
    assert frame.top <= 4 * float(history.real_density.max()) + 1e-9


def test_the_step_shown_is_written_by_the_kernel_not_the_slider(history):
    """A slider readout runs ahead of the picture while playing; the caption cannot."""
    viewer = GameViewer(history)
    assert viewer.slider.readout is False
    viewer.slider.value = 6
    assert f"step {history.snapshots[6].step}</b>" in viewer.caption.value
    assert f"moment 7 of {len(history.snapshots)}" in viewer.caption.value
