"""Interactive viewers built on ipywidgets.

The viewers render with matplotlib off screen and show PNGs in an ``ipywidgets.Image``:
that works the same in JupyterLab, Notebook 7, VS Code and on Binder without a special
matplotlib backend, and every frame is cached so scrubbing back and forth is instant.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure

from dcgan_course.plotting import draw_game_frame, figure_to_png


class GameViewer(widgets.VBox):
    """Play or step through a recorded toy-GAN game (lesson 01).

    ``history`` is a :class:`~dcgan_course.toy_gan.GameHistory`. Press play to watch the
    generator's density chase the data while D(x) flattens towards 1/2, or use the slider
    and the step buttons to stop at any moment.
    """

    def __init__(self, history, *, interval_ms: int = 250) -> None:
        self.history = history
        self._cache: dict[int, bytes] = {}
        last = len(history.snapshots) - 1
        self.play = widgets.Play(value=0, min=0, max=last, step=1, interval=interval_ms,
                                 description="Play")
        self.slider = widgets.IntSlider(value=0, min=0, max=last, description="snapshot",
                                        continuous_update=True,
                                        layout=widgets.Layout(width="360px"))
        self.play_link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.back = widgets.Button(description="◀ step", layout=widgets.Layout(width="80px"))
        self.forward = widgets.Button(description="step ▶", layout=widgets.Layout(width="80px"))
        self.back.on_click(lambda _: self.step_by(-1))
        self.forward.on_click(lambda _: self.step_by(+1))
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
        self.slider.value = min(max(self.slider.value + delta, 0), self.slider.max)

    def render(self, index: int) -> bytes:
        """The PNG for snapshot ``index`` (rendered once, then cached)."""
        if index not in self._cache:
            fig = Figure(figsize=(7.5, 5.0))
            draw_game_frame(fig, self.history, index)
            self._cache[index] = figure_to_png(fig)
        return self._cache[index]

    def show(self, index: int) -> None:
        snap = self.history.snapshots[index]
        self.image.value = self.render(index)
        self.caption.value = (
            f"<b>step {snap.step}</b> of {self.history.snapshots[-1].step} &nbsp; "
            f"D(real) = {snap.d_real:.2f} &nbsp; D(fake) = {snap.d_fake:.2f} &nbsp; "
            "<span style='color:#777'>(at the equilibrium both are 0.50)</span>"
        )

    def _on_change(self, change) -> None:
        self.show(change["new"])
