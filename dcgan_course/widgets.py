"""Interactive viewers built on ipywidgets.

The viewers render with matplotlib off screen and show PNGs in an ``ipywidgets.Image``:
that works the same in JupyterLab, Notebook 7, VS Code and on Binder without a special
matplotlib backend, and every frame is cached so scrubbing back and forth is instant.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure

from dcgan_course.plotting import GameFrame, figure_to_png
from dcgan_course.translate import tr


def move_slider(slider: widgets.IntSlider, delta: int) -> None:
    """Move ``slider`` by ``delta`` notches, staying inside its range."""
    slider.value = min(max(slider.value + delta, slider.min), slider.max)


def step_buttons(slider: widgets.IntSlider, label: str | None = None
                 ) -> tuple[widgets.Button, widgets.Button]:
    """◀ and ▶ buttons that move ``slider`` one notch: every viewer steps the same way."""
    label = tr("step") if label is None else label
    back = widgets.Button(description=f"◀ {label}", layout=widgets.Layout(width="80px"))
    forward = widgets.Button(description=f"{label} ▶", layout=widgets.Layout(width="80px"))
    back.on_click(lambda _: move_slider(slider, -1))
    forward.on_click(lambda _: move_slider(slider, +1))
    return back, forward


def play_control(slider: widgets.IntSlider, interval_ms: int, *, repeat: bool = False
                 ) -> tuple[widgets.Play, widgets.jslink]:
    """A Play button driving ``slider`` in the browser (jslink: no kernel round trip)."""
    play = widgets.Play(value=slider.value, min=slider.min, max=slider.max, step=1,
                        interval=interval_ms, repeat=repeat, description=tr("Play"))
    return play, widgets.jslink((play, "value"), (slider, "value"))


class GameViewer(widgets.VBox):
    """Play or step through a recorded toy-GAN game (lesson 01).

    ``history`` is a :class:`~dcgan_course.toy_gan.GameHistory`. Press play to watch the
    generator's density chase the data while D(x) flattens towards 1/2, or use the slider
    and the step buttons to stop at any moment.

    The slider has no number of its own: its readout would change in the browser at once,
    while the picture follows from the kernel, so during play the two disagreed. The step
    is written in the caption and the picture's title, both set by the kernel together.
    """

    def __init__(self, history, *, interval_ms: int = 250) -> None:
        self.history = history
        self._cache: dict[int, bytes] = {}
        self._figure = Figure(figsize=(7.5, 5.0))
        self._frame = GameFrame(self._figure, history)
        last = len(history.snapshots) - 1
        self.slider = widgets.IntSlider(value=0, min=0, max=last, description=tr("moment"),
                                        continuous_update=True, readout=False,
                                        layout=widgets.Layout(width="320px"))
        self.play, self.play_link = play_control(self.slider, interval_ms)
        self.back, self.forward = step_buttons(self.slider)
        self.caption = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.slider.observe(self._on_change, names="value")
        super().__init__([
            widgets.HBox([self.play, self.back, self.forward, self.slider]),
            self.caption,
            self.image,
        ])
        self.show(0)

    def step_by(self, delta: int) -> None:
        """Move ``delta`` snapshots, staying inside the recording."""
        move_slider(self.slider, delta)

    def render(self, index: int) -> bytes:
        """The PNG for snapshot ``index`` (rendered once, then cached)."""
        if index not in self._cache:
            self._frame.update(index)
            self._cache[index] = figure_to_png(self._figure)
        return self._cache[index]

    def show(self, index: int) -> None:
        snap = self.history.snapshots[index]
        self.image.value = self.render(index)
        self.caption.value = tr("<b>step {step}</b> of {last} (moment {moment} of {count}) "
                                "&nbsp; D(real) = {d_real:.2f} &nbsp; D(fake) = {d_fake:.2f} "
                                "&nbsp; <span style='color:#777'>(at the equilibrium both are "
                                "0.50)</span>", step=snap.step,
                                last=self.history.snapshots[-1].step, moment=index + 1,
                                count=len(self.history.snapshots), d_real=snap.d_real,
                                d_fake=snap.d_fake)

    def _on_change(self, change) -> None:
        self.show(change["new"])
