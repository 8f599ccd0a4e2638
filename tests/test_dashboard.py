"""The training dashboard, the file reporter and the pictures made at the end of training."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image
from test_training import TINY, make

from dcgan_course import dashboard, training
from dcgan_course.data import load_digits


@pytest.fixture(scope="module")
def images():
    return load_digits("synthetic", n=64)[0]


def test_tile_grid_lays_out_and_enlarges():
    pictures = np.zeros((10, 32, 32, 3), np.float32)  # mid-grey in [-1, 1]
    mosaic = dashboard.tile_grid(pictures, cols=4, pad=2, scale=2)
    assert mosaic.dtype == np.uint8
    assert mosaic.shape == (2 * (3 * 34 + 2), 2 * (4 * 34 + 2), 3)
    assert mosaic[4, 4, 0] == 128 and mosaic[0, 0, 0] == 255  # image, then padding


def test_make_gif_round_trip(tmp_path):
    frames = [np.full((20, 30, 3), v, np.uint8) for v in (0, 120, 250)]
    data = dashboard.make_gif(frames, tmp_path / "a.gif")
    assert (tmp_path / "a.gif").read_bytes() == data
    gif = Image.open(io.BytesIO(data))
    assert gif.n_frames == 3 and gif.size == (30, 20)
    with pytest.raises(ValueError):
        dashboard.make_gif([])


class SlowStep(training.Callback):
    """Stands in for a heavier model: every step takes at least ``seconds``."""

    def __init__(self, seconds):
        self.seconds = seconds

    def on_step_end(self, trainer, step, metrics):
        time.sleep(self.seconds)


def test_dashboard_redraws_within_its_budget(images):
    trainer = make()
    board = dashboard.Dashboard(budget=0.05, min_interval=0.0, display=False)
    trainer.fit(images, steps=40, callbacks=[SlowStep(0.03), board])
    assert board.frame_steps[0] == 0 and board.frame_steps[-1] == 40
    assert len(board.frames) == board.redraws >= 2
    # each redraw waits cost / budget before the next one, so redraws after the first take
    # at most about the budget (plus the final one at the end of training)
    later = sum(board.redraw_seconds[1:-1])
    assert later <= 0.05 * board.total + max(board.redraw_seconds), board.redraw_seconds
    assert 0 < board.overhead < 1
    gif = Image.open(io.BytesIO(board.gif()))
    assert gif.n_frames == len(board.frames)


def test_dashboard_shows_a_resumed_run(images, tmp_path):
    make(tmp_path).fit(images, steps=2)
    board = dashboard.Dashboard(display=False)
    make(tmp_path).fit(images, steps=3, callbacks=[board])
    assert "resumed" in board.caption.value or board.frame_steps[0] == 2
    assert board.frame_steps == [2, 3]


def test_file_reporter_writes_samples_and_gif(images, tmp_path, capsys):
    trainer = make(tmp_path, config=TINY.replace(sample_every=2))
    reporter = dashboard.FileReporter(tmp_path)
    trainer.fit(images, steps=4, callbacks=[reporter])
    names = sorted(p.name for p in (tmp_path / "samples").glob("*.png"))
    assert names == ["step-000000.png", "step-000002.png", "step-000004.png"]
    assert Image.open(reporter.gif_path).n_frames == 3
    assert "step 4/4" in capsys.readouterr().out


def test_end_of_training_pictures(images):
    trainer = make()
    trainer.fit(images, steps=2)
    assert dashboard.plot_curves(trainer.history)._repr_png_()[:4] == b"\x89PNG"
    figure = dashboard.plot_interpolation(trainer, pairs=2, count=5)
    assert figure._repr_png_()[:4] == b"\x89PNG"
    line = training.interpolate(np.zeros(3), np.ones(3), 5)
    np.testing.assert_allclose(line[:, 0], [0, 0.25, 0.5, 0.75, 1])


def test_rerunning_a_finished_run_says_there_was_nothing_to_train(images, tmp_path):
    make(tmp_path).fit(images, steps=3)
    board = dashboard.Dashboard(display=False)
    make(tmp_path).fit(images, steps=3, callbacks=[board])
    summary = board.summary()
    assert "nothing to train" in summary and "step 3" in summary
    assert "overhead" not in summary  # not "100.0% of 0 s"
    board = dashboard.Dashboard(display=False)
    make(tmp_path).fit(images, steps=5, callbacks=[board])
    assert "2 steps in" in board.summary() and "overhead" in board.summary()


def test_titles_say_whose_step_and_which_data(images):
    from test_training_learner_step import correct_step

    course, yours = make(), make(train_step=correct_step, step_source="yours")
    assert dashboard.training_title(course, "synthetic") == (
        "the instructor's reference train_step on synthetic house numbers (not SVHN)")
    assert dashboard.training_title(yours, "svhn") == "your train_step on SVHN"
    board = dashboard.Dashboard(display=False, data="synthetic")
    yours.fit(images, steps=2, callbacks=[board])
    assert "synthetic" in board.caption.value and "your train_step" in board.caption.value
    figure = dashboard.plot_samples(yours, "synthetic")
    assert "synthetic" in figure._suptitle.get_text()
    assert [ax.get_title() for ax in figure.axes] == [
        "raw generator", "averaged generator (EMA), what the engine samples"]


def _caption_ink(text: str) -> list[np.ndarray]:
    """The caption strip of a labelled frame, cut into one bitmap per character."""
    from PIL import ImageDraw

    font = dashboard._caption_font(text)
    cells = []
    for char in text:
        canvas = Image.new("L", (20, 14), 255)
        ImageDraw.Draw(canvas).text((2, 1), char, fill=0, font=font)
        cells.append(np.asarray(canvas) < 128)
    return cells


def test_gif_caption_draws_hangul_not_boxes():
    """The Korean edition's GIF caption is 스텝 N: PIL's built-in font draws every Hangul
    syllable as the same box, so two different syllables must come out different (and
    inked)."""
    from dcgan_course.translate import speaking, tr

    with speaking("ko"):
        caption = tr("step {step}", step=1200)
    assert caption.startswith("스텝")
    first, second = _caption_ink(caption)[:2]
    assert first.sum() > 10 and second.sum() > 10
    assert not np.array_equal(first, second), "Hangul drawn as missing-glyph boxes"
    frame = dashboard._label_frame(np.full((64, 128, 3), 200, np.uint8), caption)
    assert frame.shape == (78, 128, 3) and (frame[:14] < 128).any()
    assert dashboard._caption_font("step 1200") is None  # English keeps the built-in font
