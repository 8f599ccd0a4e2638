"""The tf.data pipeline and the digit grid."""

from __future__ import annotations

import numpy as np
import pytest

import dcgan_course  # noqa: F401  (imports TensorFlow quietly)
from dcgan_course.data import as_uint8, make_dataset, plot_digit_grid
from dcgan_course.plotting import CourseFigure


def numbered_images(n: int) -> np.ndarray:
    """Image i is filled with the value i (so a batch says which images it holds)."""
    return np.broadcast_to(np.arange(n, dtype=np.uint8)[:, None, None, None],
                           (n, 32, 32, 3)).copy()


def ids(batch) -> np.ndarray:
    return np.round((np.asarray(batch)[:, 0, 0, 0] + 1.0) * 127.5).astype(int)


def test_batches_are_float32_in_minus_one_to_one():
    images = np.zeros((6, 32, 32, 3), dtype=np.uint8)
    images[1] = 255
    images[2] = 128
    batch = next(iter(make_dataset(images, batch_size=6, shuffle=False)))
    assert batch.dtype.name == "float32" and tuple(batch.shape) == (6, 32, 32, 3)
    values = np.asarray(batch)
    assert values[0].min() == -1.0 and values[1].max() == 1.0
    assert abs(values[2, 0, 0, 0] - (128 / 127.5 - 1)) < 1e-6


def test_one_pass_is_one_epoch_of_full_batches():
    data = make_dataset(numbered_images(100), batch_size=32, shuffle=False)
    batches = list(data)
    assert [len(b) for b in batches] == [32, 32, 32]
    np.testing.assert_array_equal(np.concatenate([ids(b) for b in batches]), np.arange(96))
    kept = list(make_dataset(numbered_images(100), 32, shuffle=False, drop_remainder=False))
    assert [len(b) for b in kept] == [32, 32, 32, 4]


def test_shuffle_is_a_permutation_reshuffled_each_epoch_and_seeded():
    data = make_dataset(numbered_images(64), batch_size=64, shuffle=True, seed=3)
    first, second = (ids(next(iter(data))) for _ in range(2))
    assert sorted(first) == list(range(64)) and sorted(second) == list(range(64))
    assert not np.array_equal(first, np.arange(64))
    assert not np.array_equal(first, second)
    again = make_dataset(numbered_images(64), batch_size=64, shuffle=True, seed=3)
    np.testing.assert_array_equal(ids(next(iter(again))), first)


def test_labels_travel_with_their_images():
    images = numbered_images(20)
    labels = np.arange(20) % 10
    for batch, batch_labels in make_dataset(images, 5, seed=1, labels=labels):
        np.testing.assert_array_equal(ids(batch) % 10, np.asarray(batch_labels))


def test_rejects_float_images_and_too_few_images():
    with pytest.raises(ValueError, match="uint8"):
        make_dataset(np.zeros((4, 32, 32, 3), np.float32), 2)
    with pytest.raises(ValueError, match="full batch"):
        make_dataset(np.zeros((4, 32, 32, 3), np.uint8), 8)


def test_grid_is_a_course_figure_and_accepts_generator_range():
    images = np.linspace(-1, 1, 6 * 32 * 32 * 3, dtype=np.float32).reshape(6, 32, 32, 3)
    assert as_uint8(images).dtype == np.uint8
    assert as_uint8(images).min() == 0 and as_uint8(images).max() == 255
    fig = plot_digit_grid(images, labels=[1, 2, 3, 4, 5, 6], title="t", rows=2, cols=4)
    assert isinstance(fig, CourseFigure)
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_full_batches_have_a_static_shape_for_tf_function():
    data = make_dataset(numbered_images(10), batch_size=4)
    assert tuple(data.element_spec.shape) == (4, 32, 32, 3)
    loose = make_dataset(numbered_images(10), batch_size=4, drop_remainder=False)
    assert tuple(loose.element_spec.shape) == (None, 32, 32, 3)


def test_pipeline_does_not_copy_the_image_array():
    """Batches are gathered from the caller's array: changing it shows in the next epoch."""
    images = numbered_images(8)
    data = make_dataset(images, batch_size=8, shuffle=False)
    images[:] = 255
    assert np.asarray(next(iter(data))).min() == 1.0


def test_side_by_side_grid_says_which_is_which_and_handles_offline():
    from dcgan_course.data import plot_synthetic_vs_real

    images = numbered_images(24)
    for real in (None, images):
        fig = plot_synthetic_vs_real(images, real, rows=2, cols=3)
        titles = [sub._suptitle.get_text() for sub in fig.subfigs]
        assert titles[0].startswith("synthetic") and titles[1].startswith("real")
        assert fig._repr_png_().startswith(b"\x89PNG")
    texts = [t.get_text() for t in plot_synthetic_vs_real(images, None).subfigs[1].texts]
    assert any("not available" in t for t in texts)
