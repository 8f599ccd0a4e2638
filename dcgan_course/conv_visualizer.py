"""The stride/padding visualizer of lesson 02, and the lesson's static figures.

:class:`ConvVisualizer` draws one convolution or transposed convolution on small integer
grids: the input, the kernel, the output (for a transposed convolution: the whole canvas the
stamps cover, with the part that ``padding`` crops away greyed out) and how many kernel taps
land on each output pixel. Play / step buttons walk through the computation one input pixel
(or, for a convolution, one output pixel) at a time.

Every number drawn comes from Keras (:mod:`dcgan_course.conv_arithmetic`): the layer's op run
on the example input, on ones and on one input pixel at a time, never from a formula the
lesson's exercises ask for. Once the learner's own functions pass their checks
(:func:`dcgan_course.exercises.upsampling.passed`), the caption shows their numbers beside
Keras'.

Like :class:`dcgan_course.widgets.GameViewer` it renders matplotlib off screen into an
``ipywidgets.Image`` and caches every frame, so it works wherever ipywidgets does and
stepping back and forth is instant. :func:`plot_cases` draws the same pictures as one
static figure for copies of the notebook where widgets do not run.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Rectangle

from dcgan_course import conv_arithmetic as ca
from dcgan_course.plotting import DISC, FAKE, CourseFigure, figure_to_png
from dcgan_course.translate import tr
from dcgan_course.widgets import move_slider, play_control, step_buttons

MAX_N, MAX_K, MAX_S, MAX_P = 8, 5, 3, 4
NUMBERS_UP_TO = 14  # write the value into each cell only up to this many cells per side
_VALUES = np.random.default_rng(2).integers(1, 4, (MAX_N, MAX_N))
_KERNEL = np.array([[1, 2, 1, 2, 1], [2, 1, 2, 1, 2], [1, 2, 1, 2, 1], [2, 1, 2, 1, 2],
                    [1, 2, 1, 2, 1]])
_CROPPED = ListedColormap(["#e6e6e6"])


def example_input(n: int) -> np.ndarray:
    """The visualizer's n×n input: small integers, the same cells for every n."""
    return _VALUES[:n, :n].astype(np.float64)


def example_kernel(k: int) -> np.ndarray:
    """The visualizer's k×k kernel of ones and twos."""
    return _KERNEL[:k, :k].astype(np.float64)


@functools.lru_cache(maxsize=256)
def keras_output(geometry: ca.Geometry) -> np.ndarray:
    """The layer's output for the example input and kernel, computed by Keras' op."""
    g = geometry
    return ca.run(g, example_input(g.n)[None], example_kernel(g.k))[0]


@functools.lru_cache(maxsize=64)
def partial_canvases(geometry: ca.Geometry) -> np.ndarray:
    """The canvas after 1, 2, … n² stamps: (n², rows, rows) for a transposed convolution.

    Keras' uncropped (``valid``) op on the example input with only its first t pixels kept:
    the op is linear, so that is the sum of the first t stamps.
    """
    g = geometry
    rows = ca.layout(g).canvas
    kept = np.tril(np.ones((g.n * g.n, g.n * g.n)))  # row t keeps pixels 0 … t
    inputs = (kept * example_input(g.n).ravel()).reshape(-1, g.n, g.n)
    full = ca.run(ca.Geometry(g.n, g.k, g.s, "valid", None, True), inputs, example_kernel(g.k))
    canvases = np.zeros((g.n * g.n, rows, rows))
    canvases[:, :full.shape[1], :full.shape[2]] = full[:, :rows, :rows]
    return canvases


def step_count(geometry: ca.Geometry) -> int:
    """How many steps the walk-through has: input pixels (transposed) or output pixels."""
    if geometry.problem():
        return 1
    return geometry.n ** 2 if geometry.transposed else geometry.output_size() ** 2


def summary(geometry: ca.Geometry) -> str:
    """One line for a figure: the layer's input and output sizes, as Keras computes them."""
    g = geometry
    if g.problem():
        return tr("no output: {problem}", problem=g.problem())
    return tr("Keras: input {n}×{n} → output {out}×{out}", n=g.n, out=g.output_size())


def _grid(ax, rows: int, cols: int, origin: tuple[float, float] = (0, 0),
          colour: str = "#555555", lw: float = 0.6) -> None:
    """Cell borders for a rows×cols block whose top-left corner is at ``origin``."""
    y0, x0 = origin[0] - 0.5, origin[1] - 0.5
    segments = [((x0, y0 + r), (x0 + cols, y0 + r)) for r in range(rows + 1)]
    segments += [((x0 + c, y0), (x0 + c, y0 + rows)) for c in range(cols + 1)]
    ax.add_collection(LineCollection(segments, colors=colour, linewidths=lw))


def _numbers(ax, values: np.ndarray, mask: np.ndarray | None = None, size: float = 8) -> None:
    """Write each cell's integer value into it (when the grid is small enough to read)."""
    if max(values.shape) > NUMBERS_UP_TO:
        return
    fontsize = size if max(values.shape) <= 9 else size - 2
    light = 0.6 * float(np.max(values)) if values.size else 0.0
    for (r, c), v in np.ndenumerate(values):
        if mask is None or mask[r, c]:
            ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=fontsize,
                    color="white" if light and v > light else "black")


def _box(ax, row: float, col: float, height: int, width: int, colour: str, lw: float = 2.5,
         fill: bool = False) -> None:
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), width, height, fill=fill, facecolor=colour,
                           alpha=0.35 if fill else 1.0, edgecolor=colour, lw=lw))


def _frame(ax, rows: int, cols: int, title: str) -> None:
    ax.set_xlim(-0.6, cols - 0.4)
    ax.set_ylim(rows - 0.4, -0.6)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=9)


def draw_geometry(fig: Figure | SubFigure, geometry: ca.Geometry, step: int | None = None,
                  *, title: str | None = None, top: float = 0.84) -> None:
    """Draw ``geometry`` into ``fig``: input, kernel, output after ``step`` steps, overlaps.

    ``step`` counts from 1 to :func:`step_count`; ``None`` means the finished computation
    without a highlight. ``top`` is where the panels end (the title sits above).
    """
    g = geometry
    x, kernel = example_input(g.n), example_kernel(g.k)
    problem = g.problem()
    steps = step_count(g)
    done = steps if step is None else min(max(step, 1), steps)
    current = None if step is None or problem else done - 1

    if problem:
        in_rows, out_rows, heat_rows = g.n, 1, 1
    else:
        where = ca.layout(g)
        if g.transposed:
            in_rows, out_rows, heat_rows = g.n, where.canvas, where.size
        else:
            in_rows, out_rows, heat_rows = where.canvas, where.size, where.canvas
    ratios = [max(in_rows, 3), max(g.k, 3), max(out_rows, 3), max(heat_rows, 3)]
    ax_in, ax_k, ax_out, ax_heat = fig.subplots(1, 4, gridspec_kw={"width_ratios": ratios,
                                                                    "wspace": 0.12})
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=top)
    fig.suptitle(title if title is not None else f"{g.keras_code()}:  {summary(g)}",
                 fontsize=10)

    _frame(ax_k, g.k, g.k, tr("kernel"))
    ax_k.imshow(kernel, cmap="Oranges", vmin=0, vmax=4)
    _grid(ax_k, g.k, g.k)
    _numbers(ax_k, kernel)

    if problem:
        _frame(ax_in, g.n, g.n, tr("input {n}×{n}", n=g.n))
        ax_in.imshow(x, cmap="Blues", vmin=0, vmax=4)
        _grid(ax_in, g.n, g.n)
        _numbers(ax_in, x)
        for ax in (ax_out, ax_heat):
            _frame(ax, 1, 1, "")
        ax_out.text(0, 0, tr("no output\n(see the caption)"), ha="center", va="center",
                    fontsize=9, color="#b22222")
        return

    vmax = max(float(np.abs(keras_output(g)).max()), 1e-9)
    if g.transposed:
        _draw_scatter(ax_in, ax_k, ax_out, g, where, done, current, vmax)
        heat_title = tr("kernel taps per output pixel")
    else:
        _draw_windows(ax_in, ax_out, g, where, done, current, vmax)
        heat_title = tr("windows reading each input cell")
    counts = ca.overlap_counts(g)
    rows = counts.shape[0]
    _frame(ax_heat, rows, rows, heat_title)
    ax_heat.imshow(counts, cmap="magma", vmin=0, vmax=max(int(counts.max()), 1))
    _grid(ax_heat, rows, rows, colour="#888888", lw=0.4)
    if rows <= NUMBERS_UP_TO:
        for (r, c), v in np.ndenumerate(counts):
            ax_heat.text(c, r, str(v), ha="center", va="center", fontsize=7,
                         color="white" if v < 0.6 * counts.max() else "black")


def _draw_scatter(ax_in, ax_k, ax_out, g: ca.Geometry, where: ca.Layout, done: int,
                  current: int | None, vmax: float) -> None:
    """The input with the current pixel, and the canvas after ``done`` stamps, cropped part
    grey, the output framed in black."""
    x = example_input(g.n)
    i, j = divmod(current, g.n) if current is not None else (None, None)
    _frame(ax_in, g.n, g.n, tr("input {n}×{n}", n=g.n))
    ax_in.imshow(x, cmap="Blues", vmin=0, vmax=4)
    _grid(ax_in, g.n, g.n)
    _numbers(ax_in, x)
    if i is not None:
        _box(ax_in, i, j, 1, 1, FAKE)

    rows, offset, out = where.canvas, where.offset, where.size
    canvas = partial_canvases(g)[done - 1]
    kept = np.zeros_like(canvas, dtype=bool)
    kept[offset:offset + out, offset:offset + out] = True
    _frame(ax_out, rows, rows, tr("output {out}×{out} (grey: cropped)", out=out)
           if out != rows else tr("output {out}×{out}", out=out))
    ax_out.imshow(np.where(kept, canvas, np.nan), cmap="Blues", vmin=0, vmax=vmax)
    ax_out.imshow(np.where(kept, np.nan, 0.0), cmap=_CROPPED)
    _grid(ax_out, rows, rows, colour="#999999", lw=0.4)
    _box(ax_out, offset, offset, out, out, "black", lw=1.8)
    _numbers(ax_out, canvas, mask=(canvas != 0) & kept, size=7)
    if i is not None:
        _box(ax_out, i * g.s, j * g.s, g.k, g.k, FAKE, lw=2.5)
        ax_k.set_title(tr("kernel × {value:g}", value=x[i, j]), fontsize=9)


def _draw_windows(ax_in, ax_out, g: ca.Geometry, where: ca.Layout, done: int,
                  current: int | None, vmax: float) -> None:
    """The padded input with the current window, and the outputs computed so far."""
    out, before, rows = where.size, where.offset, where.canvas
    i, j = divmod(current, out) if current is not None else (None, None)
    padded = np.zeros((rows, rows))
    padded[before:before + g.n, before:before + g.n] = example_input(g.n)
    is_pad = np.ones_like(padded, dtype=bool)
    is_pad[before:before + g.n, before:before + g.n] = False
    _frame(ax_in, rows, rows, tr("input {n}×{n} + padding", n=g.n) if rows != g.n
           else tr("input {n}×{n}", n=g.n))
    ax_in.imshow(np.where(is_pad, np.nan, padded), cmap="Blues", vmin=0, vmax=4)
    ax_in.imshow(np.where(is_pad, 0.0, np.nan), cmap=_CROPPED)
    _grid(ax_in, rows, rows)
    _numbers(ax_in, padded, mask=~is_pad)
    if i is not None:
        _box(ax_in, i * g.s, j * g.s, g.k, g.k, FAKE)

    shown = np.full((out, out), np.nan)
    shown.flat[:done] = keras_output(g).flat[:done]
    _frame(ax_out, out, out, tr("output {out}×{out}", out=out))
    ax_out.imshow(shown, cmap="Blues", vmin=0, vmax=vmax)
    _grid(ax_out, out, out)
    _numbers(ax_out, np.nan_to_num(shown), mask=~np.isnan(shown), size=7)
    if i is not None:
        _box(ax_out, i, j, 1, 1, FAKE)


NO_OUTPUT_PADDING = -1


class ConvVisualizer(widgets.VBox):
    """Explore stride, padding and output padding of a (transposed) convolution.

    Change a control and the picture and the caption follow: the sizes and numbers Keras
    computes, and, once they pass their checks, the learner's own. Press ▶ (or the step
    buttons) to watch each input pixel stamp a scaled copy of the kernel into the output,
    ``stride`` cells apart.
    """

    def __init__(self, n: int = 4, k: int = 3, s: int = 2, padding: ca.Padding = "same",
                 output_padding: int | None = None, transposed: bool = True,
                 *, interval_ms: int = 600) -> None:
        self._frames: dict[tuple, bytes] = {}
        # Wide enough for the longest label ("output_padding", "transposed convolution"):
        # narrower, the browser cut them off with an ellipsis.
        layout = widgets.Layout(width="300px")
        style = {"description_width": "118px"}
        self.mode = widgets.ToggleButtons(
            options=[(tr("transposed convolution"), True), (tr("convolution"), False)],
            value=transposed, style={"button_width": "215px"})
        self.size = widgets.IntSlider(n, min=1, max=MAX_N, description=tr("input n"),
                                      layout=layout, style=style)
        self.kernel = widgets.IntSlider(k, min=1, max=MAX_K, description=tr("kernel k"),
                                        layout=layout, style=style)
        self.stride = widgets.IntSlider(s, min=1, max=MAX_S, description=tr("stride s"),
                                        layout=layout, style=style)
        explicit = not isinstance(padding, str)
        # "valid" and "same" are Keras' own words (code); "explicit" is a word: translated
        self.padding = widgets.Dropdown(options=[("valid", "valid"), ("same", "same"),
                                                 (tr("explicit"), "explicit")],
                                        value="explicit" if explicit else padding,
                                        description=tr("padding"), layout=layout, style=style)
        self.explicit = widgets.IntSlider(int(padding) if explicit else 1, min=0, max=MAX_P,
                                          description=tr("explicit p"), layout=layout, style=style)
        # "None" is the value -1 here: a Dropdown whose value is None shows an empty box.
        self.output_padding = widgets.Dropdown(
            options=[("None", NO_OUTPUT_PADDING), ("0", 0), ("1", 1), ("2", 2)],
            value=NO_OUTPUT_PADDING if output_padding is None else output_padding,
            description=tr("output_padding"), layout=layout, style=style)
        # repeat: the walk-through starts finished, and ▶ at the last step must start over
        # rather than stop at once (ipywidgets' Play pauses at its max unless it repeats)
        self.step = widgets.IntSlider(1, min=1, max=1, description=tr("step"),
                                      layout=widgets.Layout(width="300px"))
        self.play, self.play_link = play_control(self.step, interval_ms, repeat=True)
        self.back, self.forward = step_buttons(self.step)
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")

        self._updating = False
        for control in (self.mode, self.size, self.kernel, self.stride, self.padding,
                        self.explicit, self.output_padding):
            control.observe(self._on_settings, names="value")
        self.step.observe(self._on_step, names="value")
        super().__init__([
            self.mode,
            widgets.HBox([widgets.VBox([self.size, self.kernel, self.stride]),
                          widgets.VBox([self.padding, self.explicit, self.output_padding])]),
            widgets.HBox([self.play, self.back, self.forward, self.step]),
            self.caption,
            self.image,
        ])
        self._on_settings(None)
        self.step.value = self.step.max  # start with the finished computation

    # -- state ---------------------------------------------------------------------------
    @property
    def geometry(self) -> ca.Geometry:
        """The layer the controls describe."""
        padding = self.explicit.value if self.padding.value == "explicit" else self.padding.value
        return ca.Geometry(n=self.size.value, k=self.kernel.value, s=self.stride.value,
                           padding=padding,
                           output_padding=self._output_padding() if self.mode.value else None,
                           transposed=self.mode.value)

    def _output_padding(self) -> int | None:
        value = self.output_padding.value
        return None if value == NO_OUTPUT_PADDING else value

    def step_by(self, delta: int) -> None:
        """Move ``delta`` steps, staying inside the walk-through."""
        move_slider(self.step, delta)

    # -- drawing -------------------------------------------------------------------------
    def render(self, geometry: ca.Geometry, step: int) -> bytes:
        """The PNG for ``geometry`` after ``step`` steps (rendered once, then cached)."""
        key = (geometry, step)
        if key not in self._frames:
            fig = Figure(figsize=(11.0, 3.0))
            draw_geometry(fig, geometry, step, top=0.82)
            self._frames[key] = figure_to_png(fig, dpi=80)
        return self._frames[key]

    def headline(self, geometry: ca.Geometry) -> str:
        """HTML: the layer in Keras and the sizes Keras gives it, or why it refuses."""
        g = geometry
        if g.problem():
            return tr("<b style='color:#b22222'>No output: {problem}</b>", problem=g.problem())
        return tr("<b style='color:{colour}'>Keras <code>{code}</code>: n = {n} → out = "
                  "{out}</b> <span style='color:#777'>(drawn from Keras' own op)</span>",
                  colour=DISC, code=g.keras_code(), n=g.n, out=g.output_size())

    def yours(self, geometry: ca.Geometry) -> str:
        """HTML: the learner's own functions on this layer, once they passed their checks."""
        from dcgan_course.exercises.upsampling import passed

        g = geometry
        name = "conv_transpose_output_size" if g.transposed else "conv_output_size"
        size = passed(name)
        naive = passed("conv_transpose_naive") if g.transposed else None
        if g.problem() or not isinstance(g.padding, str) or g.output_padding is not None:
            return tr("Your functions cover 'valid' and 'same' without output_padding.")
        if g.transposed and not size and not naive:
            return tr("Your conv_transpose_output_size and conv_transpose_naive join this "
                      "caption once they pass the tests of exercises 2 and 3.")
        lines = [_your_size(size, name, g) if size else
                 tr("Your {name} joins this caption once it passes exercise 2's test.",
                    name=name)]
        if g.transposed:
            lines.append(_your_loop(naive, g) if naive else
                         tr("Your conv_transpose_naive joins this caption once it passes "
                            "exercise 3's test."))
        return " &nbsp;·&nbsp; ".join(lines)

    def _step_text(self, geometry: ca.Geometry, step: int) -> str:
        g = geometry
        if g.problem():
            return ""
        index = step - 1
        where = ca.layout(g)
        if g.transposed:
            i, j = divmod(index, g.n)
            value = example_input(g.n)[i, j]
            top, left = i * g.s - where.offset, j * g.s - where.offset
            cropped = min(top, left) < 0 or max(top, left) + g.k > where.size
            text = tr("step {step} of {steps}: input pixel ({i}, {j}) = {value:g} adds {value:g} "
                      "× kernel to output rows {top}…{bottom}, columns {left}…{right} (one step "
                      "in the input moves the patch {s} in the output)", step=step,
                      steps=step_count(g), i=i, j=j, value=value, top=top,
                      bottom=top + g.k - 1, left=left, right=left + g.k - 1, s=g.s)
            return text + (tr(" (rows or columns outside 0…{last} are cropped)",
                              last=where.size - 1) if cropped else "")
        i, j = divmod(index, where.size)
        return tr("step {step} of {steps}: output pixel ({i}, {j}) sums the {k}×{k} window "
                  "starting at padded-input row {row}, column {column}", step=step,
                  steps=step_count(g), i=i, j=j, k=g.k, row=i * g.s, column=j * g.s)

    def show(self) -> None:
        """Redraw the picture and the caption for the current controls."""
        g = self.geometry
        step = self.step.value
        self.image.value = self.render(g, step)
        self.caption.value = "<br>".join(
            part for part in (self.headline(g), self._step_text(g, step), self.yours(g))
            if part)

    def _on_settings(self, _change) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            self.explicit.disabled = self.padding.value != "explicit"
            self.output_padding.disabled = not self.mode.value
            self.explicit.max = max(self.kernel.value - 1, 0) if self.mode.value else MAX_P
            steps = step_count(self.geometry)
            self.play.max = self.step.max = steps
            self.step.value = steps
        finally:
            self._updating = False
        self.show()

    def _on_step(self, _change) -> None:
        if not self._updating:
            self.show()


def _your_size(function, name: str, g: ca.Geometry) -> str:
    """The learner's size function on ``g`` beside Keras' size."""
    from dcgan_course.checks import call_exercise

    call = f"{name}({g.n}, {g.k}, {g.s}, '{g.padding}')"
    try:
        value = call_exercise(function, g.n, g.k, g.s, g.padding)
    except Exception as error:  # noqa: BLE001 -- the learner's code may have changed since
        return tr("your {call} raised {error}", call=call, error=type(error).__name__)
    mark = "✓" if value == g.output_size() else "✗"
    return tr("your {call} = {value} {mark}", call=call, value=value, mark=mark)


def _your_loop(function, g: ca.Geometry) -> str:
    """The learner's conv_transpose_naive on the example input beside Keras' numbers."""
    from dcgan_course.checks import call_exercise

    x = example_input(g.n)[None, :, :, None]
    kernel = example_kernel(g.k)[:, :, None, None]
    try:
        got = np.asarray(call_exercise(function, x, kernel, g.s, g.padding), np.float64)
    except Exception as error:  # noqa: BLE001 -- the learner's code may have changed since
        return tr("your conv_transpose_naive raised {error}", error=type(error).__name__)
    want = keras_output(g)
    if got.shape != (1, *want.shape, 1):
        return tr("your conv_transpose_naive returned shape {shape} ✗", shape=got.shape)
    diff = float(np.abs(got[0, :, :, 0] - want).max())
    return tr("your conv_transpose_naive gives the same {out}×{out} numbers: {mark} (largest "
              "difference {diff:.1g})", out=want.shape[0], mark="✓" if diff < 1e-6 else "✗",
              diff=diff)


def plot_cases(cases: Sequence[ca.Geometry], titles: Sequence[str] | None = None,
               steps: Sequence[int | None] | None = None, *,
               row_height: float = 2.4) -> CourseFigure:
    """The visualizer's picture for several layers, one row each, as one static figure.

    ``steps`` gives each row's walk-through step (``None``: the finished computation). Each
    row's title says the sizes Keras gives the layer.
    """
    steps = [None] * len(cases) if steps is None else list(steps)
    fig = CourseFigure(figsize=(11.0, row_height * len(cases)))
    rows = np.atleast_1d(fig.subfigures(len(cases), 1))
    for i, (sub, geometry) in enumerate(zip(rows, cases, strict=True)):
        title = summary(geometry) if titles is None else f"{titles[i]}:  {summary(geometry)}"
        draw_geometry(sub, geometry, steps[i], title=title, top=1 - 0.5 / row_height)
    return fig


def plot_key_cases(cases: Sequence[ca.Geometry], titles: Sequence[str]) -> CourseFigure:
    """Several transposed convolutions side by side, two panels each: the canvas with what
    ``padding`` crops greyed out, and the kernel taps per output pixel. One short row, so a
    slide can hold it next to its text."""
    fig = CourseFigure(figsize=(11.0, 2.9))
    subs = np.atleast_1d(fig.subfigures(1, len(cases), wspace=0.02))
    for sub, g, title in zip(subs, cases, titles, strict=True):
        where = ca.layout(g)
        rows, offset, out = where.canvas, where.offset, where.size
        canvas = partial_canvases(g)[-1]
        counts = ca.overlap_counts(g)
        ax_out, ax_heat = sub.subplots(1, 2, gridspec_kw={"width_ratios": [rows, out],
                                                           "wspace": 0.08})
        sub.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.74)
        sub.suptitle(f"{title}\n{summary(g)}", fontsize=9)
        kept = np.zeros_like(canvas, dtype=bool)
        kept[offset:offset + out, offset:offset + out] = True
        _frame(ax_out, rows, rows, tr("canvas (grey: cropped)"))
        ax_out.imshow(np.where(kept, canvas, np.nan), cmap="Blues", vmin=0)
        ax_out.imshow(np.where(kept, np.nan, 0.0), cmap=_CROPPED)
        _grid(ax_out, rows, rows, colour="#999999", lw=0.3)
        _box(ax_out, offset, offset, out, out, "black", lw=1.2)
        _frame(ax_heat, out, out, tr("taps per pixel"))
        ax_heat.imshow(counts, cmap="magma", vmin=0, vmax=max(int(counts.max()), 1))
        _grid(ax_heat, out, out, colour="#888888", lw=0.3)
        for (r, c), v in np.ndenumerate(counts):
            ax_heat.text(c, r, str(v), ha="center", va="center", fontsize=6,
                         color="white" if v < 0.6 * counts.max() else "black")
    return fig


def plot_scatter_steps(geometry: ca.Geometry, steps: Sequence[int | None],
                       titles: Sequence[str]) -> CourseFigure:
    """One transposed convolution's canvas after several steps, side by side (input and
    kernel first): the stamps going down one by one, in one row."""
    g = geometry
    where = ca.layout(g)
    x, kernel = example_input(g.n), example_kernel(g.k)
    rows = where.canvas
    ratios = [max(g.n, 3), max(g.k, 3)] + [rows] * len(steps)
    fig = CourseFigure(figsize=(11.0, 2.6))
    axes = fig.subplots(1, 2 + len(steps), gridspec_kw={"width_ratios": ratios, "wspace": 0.15})
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.80)
    fig.suptitle(f"{g.keras_code()}:  {summary(g)}", fontsize=10)
    for ax, values, title, cmap in ((axes[0], x, tr("input {n}×{n}", n=g.n), "Blues"),
                                    (axes[1], kernel, tr("kernel"), "Oranges")):
        _frame(ax, values.shape[0], values.shape[1], title)
        ax.imshow(values, cmap=cmap, vmin=0, vmax=4)
        _grid(ax, *values.shape)
        _numbers(ax, values)
    vmax = max(float(np.abs(keras_output(g)).max()), 1e-9)
    canvases = partial_canvases(g)
    for ax, step, title in zip(axes[2:], steps, titles, strict=True):
        done = len(canvases) if step is None else step
        canvas = canvases[done - 1]
        _frame(ax, rows, rows, title)
        ax.imshow(canvas, cmap="Blues", vmin=0, vmax=vmax)
        _grid(ax, rows, rows, colour="#999999", lw=0.4)
        _numbers(ax, canvas, mask=canvas != 0, size=6)
        if step is not None:
            i, j = divmod(step - 1, g.n)
            _box(ax, i * g.s, j * g.s, g.k, g.k, FAKE, lw=2.0)
    return fig


def plot_conv_matrix(matrix: np.ndarray, n: int, out: int, *, cell: float = 0.21
                     ) -> CourseFigure:
    """A convolution's matrix C next to its transpose, the transposed convolution's matrix.

    Both are drawn with the same cell size (``cell`` inches per entry), so C's rows visibly
    become Cᵀ's columns.
    """
    rows, cols = matrix.shape
    fig = CourseFigure(figsize=(cell * (cols + rows) + 2.8, cell * max(rows, cols) + 1.6))
    ax_c, ax_t = fig.subplots(1, 2, gridspec_kw={"width_ratios": [cols, rows], "wspace": 0.35})
    limit = float(np.abs(matrix).max())
    panels = ((ax_c, matrix, tr("C: convolution {n}×{n} → {out}×{out}\nshape {shape}", n=n,
                                out=out, shape=matrix.shape)),
              (ax_t, matrix.T, tr("Cᵀ: transposed convolution\n{out}×{out} → {n}×{n}, shape "
                                  "{shape}", n=n, out=out, shape=matrix.T.shape)))
    for ax, m, title in panels:
        if matrix.min() >= 0:  # zeros white, weights blue
            ax.imshow(m, cmap="Blues", vmin=0, vmax=limit, interpolation="nearest")
        else:
            ax.imshow(m, cmap="PuOr", vmin=-limit, vmax=limit, interpolation="nearest")
        for (r, c), v in np.ndenumerate(m):
            if v and m.size <= 400:
                ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=6,
                        color="white" if abs(v) > 0.6 * limit else "black")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(tr("input pixel (flattened)"), fontsize=8)
        ax.set_ylabel(tr("output pixel (flattened)"), fontsize=8)
        ax.set_xticks(range(0, m.shape[1], 1 if m.shape[1] <= 8 else 2))
        ax.set_yticks(range(0, m.shape[0], 1 if m.shape[0] <= 8 else 2))
        ax.tick_params(labelsize=7)
    return fig


def plot_image_grid(rows: Sequence[Sequence[np.ndarray]], row_labels: Sequence[str],
                    col_labels: Sequence[str], *, size: float = 2.8) -> CourseFigure:
    """A grid of grey images: one row per experiment, one column per model."""
    fig = CourseFigure(figsize=(size * len(col_labels) + 1.2, size * len(rows)))
    axes = np.asarray(fig.subplots(len(rows), len(col_labels), squeeze=False))
    for r, row in enumerate(rows):
        for c, image in enumerate(row):
            ax = axes[r, c]
            ax.imshow(image, cmap="gray", interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(col_labels[c], fontsize=9)
            if c == 0:
                ax.set_ylabel(row_labels[r], fontsize=9)
    fig.tight_layout()
    return fig


def plot_images(images: Sequence[np.ndarray], titles: Sequence[str], *, size: float = 3.0,
                cmap: str = "gray", suptitle: str | None = None) -> CourseFigure:
    """A row of images with titles (values are shown as they are, per-image contrast)."""
    fig = CourseFigure(figsize=(size * len(images), size + 0.5))
    axes = np.atleast_1d(fig.subplots(1, len(images)))
    for ax, image, title in zip(axes, images, titles, strict=True):
        image = np.asarray(image)
        ax.imshow(image, cmap=None if image.ndim == 3 else cmap, interpolation="nearest")
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if suptitle:
        fig.suptitle(suptitle, fontsize=10)
    fig.tight_layout()
    return fig

