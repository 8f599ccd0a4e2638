"""Lesson 02's stride/padding visualizer, driven the way the frontend drives it: every number
it draws comes from Keras, and a learner's function joins the caption once it passes."""

from __future__ import annotations

import numpy as np
import verdict_harness  # noqa: F401 -- puts autograder/ on sys.path
from matplotlib.figure import Figure
from reference import conv_arithmetic as ref

from dcgan_course import conv_arithmetic as ca
from dcgan_course import conv_visualizer as cv
from dcgan_course.conv_visualizer import ConvVisualizer
from dcgan_course.exercises import upsampling

PNG = b"\x89PNG\r\n\x1a\n"


def test_starts_on_the_finished_transposed_convolution():
    viz = ConvVisualizer(n=4, k=3, s=2, padding="same")
    assert viz.geometry == ca.Geometry(4, 3, 2, "same", None, True)
    assert viz.step.value == viz.step.max == 16 and viz.play.max == 16
    assert bytes(viz.image.value).startswith(PNG)
    assert "Conv2DTranspose(1, 3, strides=2, padding='same')</code>: n = 4 → out = 8" in \
        viz.caption.value
    assert "drawn from Keras' own op" in viz.caption.value


def test_a_control_change_updates_state_formula_steps_and_picture():
    viz = ConvVisualizer(n=4, k=3, s=2, padding="same")
    before = bytes(viz.image.value)
    viz.padding.value = "valid"
    assert viz.geometry.padding == "valid" and viz.geometry.output_size() == 9
    assert "n = 4 → out = 9" in viz.caption.value
    assert bytes(viz.image.value) != before
    viz.size.value = 6
    assert viz.step.max == viz.play.max == 36 and viz.step.value == 36
    viz.mode.value = False  # convolution: steps go over output pixels
    assert not viz.geometry.transposed and viz.output_padding.disabled
    assert viz.geometry.output_size() == 2 and viz.step.max == 4
    assert "Conv2D(1, 3, strides=2, padding='valid')" in viz.caption.value


def test_explicit_padding_and_output_padding_controls():
    viz = ConvVisualizer(n=4, k=4, s=2, padding="valid")
    assert viz.explicit.disabled
    viz.padding.value = "explicit"
    assert not viz.explicit.disabled and viz.explicit.max == 3
    viz.explicit.value = 1
    viz.output_padding.value = 1
    assert viz.geometry == ca.Geometry(4, 4, 2, 1, 1, True)
    assert viz.geometry.output_size() == 9  # PyTorch: (n-1)s - 2p + k + op
    assert "Cropping2D(1)</code>: n = 4 → out = 9" in viz.caption.value


def test_a_layer_tensorflow_refuses_is_explained_not_raised():
    viz = ConvVisualizer(n=4, k=4, s=2, padding="same")
    viz.output_padding.value = 0
    assert viz.geometry.problem() is not None
    assert "No output" in viz.caption.value and "output_padding ≥ 1" in viz.caption.value
    assert viz.step.max == 1 and bytes(viz.image.value).startswith(PNG)
    viz.output_padding.value = 1  # recovers
    assert "n = 4 → out = 7" in viz.caption.value


def test_step_buttons_walk_the_scatter_and_stay_in_range():
    viz = ConvVisualizer(n=3, k=3, s=2, padding="valid")
    viz.step.value = 1
    assert "input pixel (0, 0) = " in viz.caption.value
    assert "rows 0…2, columns 0…2" in viz.caption.value
    viz.back.click()
    assert viz.step.value == 1
    viz.forward.click()
    assert viz.step.value == 2 and "input pixel (0, 1)" in viz.caption.value
    assert "columns 2…4" in viz.caption.value  # moved by the stride
    viz.step.value = viz.step.max
    viz.forward.click()
    assert viz.step.value == viz.step.max


def test_frames_are_cached_and_play_is_linked_in_the_browser():
    viz = ConvVisualizer(n=4, k=3, s=2, padding="same")
    viz.step.value = 3
    frame = bytes(viz.image.value)
    viz.step.value = 4
    viz.step.value = 3
    assert bytes(viz.image.value) == frame
    assert sum(1 for key in viz._frames if key[1] == 3) == 1
    assert viz.play_link.source == (viz.play, "value")
    assert viz.play_link.target == (viz.step, "value")
    assert viz.play.repeat  # ▶ on the finished picture starts over instead of doing nothing


def test_drawing_shows_the_partial_sum_and_the_overlaps():
    g = ca.Geometry(3, 3, 2, "valid")
    fig = Figure()
    cv.draw_geometry(fig, g, step=1)
    ax_in, ax_k, ax_out, ax_heat = fig.axes
    # after one step the output holds input[0, 0] * kernel and nothing else
    shown = np.ma.filled(ax_out.images[0].get_array(), np.nan)
    expected = np.zeros((7, 7))
    expected[:3, :3] = cv.example_input(3)[0, 0] * cv.example_kernel(3)
    np.testing.assert_array_equal(np.nan_to_num(shown), expected)
    heat = np.asarray(ax_heat.images[0].get_array())
    np.testing.assert_array_equal(heat, ref.transpose_overlap_counts(3, 3, 2, "valid"))
    assert ax_k.get_title() == f"kernel × {cv.example_input(3)[0, 0]:g}"
    assert len(ax_in.patches) == 1  # the highlighted input pixel


def test_drawing_greys_out_what_same_padding_crops():
    fig = Figure()
    g = ca.Geometry(4, 4, 2, "same")
    cv.draw_geometry(fig, g)
    ax_out = fig.axes[2]
    assert ax_out.get_title() == "output 8×8 (grey: cropped)"
    kept = np.ma.filled(ax_out.images[0].get_array(), np.nan)
    assert kept.shape == (10, 10) and np.isnan(kept[0]).all() and np.isnan(kept[-1]).all()
    x, kernel = cv.example_input(4), cv.example_kernel(4)
    np.testing.assert_allclose(kept[1:-1, 1:-1], ref.conv_transpose(
        x[None, :, :, None], kernel[:, :, None, None], 2, "same")[0, :, :, 0])


def test_partial_canvases_are_the_stamps_so_far():
    g = ca.Geometry(3, 3, 2, "valid")
    x, kernel = cv.example_input(3), cv.example_kernel(3)
    canvases = cv.partial_canvases(g)
    assert canvases.shape == (9, 7, 7)
    for t in (1, 4, 9):
        partial = np.zeros(9)
        partial[:t] = x.ravel()[:t]
        np.testing.assert_allclose(canvases[t - 1],
                                   ref.scatter_canvas(partial.reshape(3, 3), kernel, 2))


def test_a_learners_functions_join_the_caption_once_they_pass(monkeypatch):
    monkeypatch.setattr(upsampling, "_PASSED", {})
    viz = ConvVisualizer(n=4, k=3, s=2, padding="same")
    assert "join this caption once they pass" in viz.caption.value

    def conv_output_size(n, k, s, padding):
        return ref.conv_output_size(n, k, s, padding)

    def conv_transpose_output_size(n, k, s, padding):
        return ref.conv_transpose_output_size(n, k, s, padding)

    def conv_transpose_naive(x, kernel, stride, padding):
        return ref.conv_transpose(x, kernel, stride, padding)

    upsampling.check_output_sizes(conv_output_size, conv_transpose_output_size)
    viz.size.value = 5
    assert "your conv_transpose_output_size(5, 3, 2, 'same') = 10 ✓" in viz.caption.value
    assert "conv_transpose_naive joins this caption" in viz.caption.value
    upsampling.check_conv_transpose(conv_transpose_naive)
    viz.size.value = 6
    assert "your conv_transpose_naive gives the same 12×12 numbers: ✓" in viz.caption.value
    viz.mode.value = False
    assert "your conv_output_size(6, 3, 2, 'same') = 3 ✓" in viz.caption.value
    viz.padding.value = "explicit"
    assert "cover 'valid' and 'same' without output_padding" in viz.caption.value


def test_a_function_that_breaks_after_passing_is_reported_not_raised(monkeypatch):
    def broken(n, k, s, padding):
        raise ZeroDivisionError

    monkeypatch.setattr(upsampling, "_PASSED", {"conv_transpose_output_size": broken})
    viz = ConvVisualizer(n=4, k=3, s=2, padding="same")
    assert "raised ZeroDivisionError" in viz.caption.value


def test_static_cases_figures_name_the_sizes_keras_gives():
    cases = [ca.Geometry(4, 3, 1, "same"), ca.Geometry(4, 4, 2, "same"),
             ca.Geometry(4, 3, 2, "same")]
    fig = cv.plot_cases(cases, titles=["stride 1", "stride 2, kernel 4", "stride 2, kernel 3"])
    assert len(fig.axes) == 12
    assert fig._repr_png_().startswith(PNG)
    assert fig.subfigs[1]._suptitle.get_text() == \
        "stride 2, kernel 4:  Keras: input 4×4 → output 8×8"
    fig = cv.plot_key_cases(cases, titles=["a", "b", "c"])
    assert len(fig.axes) == 6 and fig._repr_png_().startswith(PNG)
    heat = np.asarray(fig.axes[5].images[0].get_array())
    np.testing.assert_array_equal(heat, ref.transpose_overlap_counts(4, 3, 2, "same"))
    fig = cv.plot_scatter_steps(ca.Geometry(3, 3, 2, "valid"), [1, None], ["one", "all"])
    assert len(fig.axes) == 4 and fig._repr_png_().startswith(PNG)


def test_no_figure_or_caption_prints_an_output_size_formula():
    """The exercises ask for the size rules: the visualizer shows numbers, never a formula."""
    viz = ConvVisualizer(n=4, k=3, s=2, padding="valid")
    texts = [viz.caption.value]
    for geometry in (ca.Geometry(4, 3, 2, "valid"), ca.Geometry(4, 3, 2, "same"),
                     ca.Geometry(8, 3, 2, "same", transposed=False)):
        fig = Figure()
        cv.draw_geometry(fig, geometry)
        texts += [fig._suptitle.get_text(), *(ax.get_title() for ax in fig.axes)]
    for text in texts:
        for formula in ("n · s", "(n − 1)", "ceil(", "floor(", "max(s", "out = n"):
            assert formula not in text, (formula, text)


def test_plot_images_accepts_grey_and_colour():
    fig = cv.plot_images([np.zeros((4, 4)), np.zeros((4, 4, 3))], ["grey", "colour"])
    assert len(fig.axes) == 2 and fig._repr_png_().startswith(PNG)


def test_no_output_padding_is_shown_as_none_not_as_an_empty_box():
    viz = ConvVisualizer()
    assert viz.output_padding.label == "None"  # a Dropdown whose value is None shows nothing
    assert viz.geometry.output_padding is None
    viz.output_padding.value = 1
    assert viz.geometry.output_padding == 1
