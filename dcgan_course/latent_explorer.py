"""Lesson 07's latent explorer: move a latent vector along a few directions and watch the
generated image and the digit classifier's verdict follow.

Which directions? A Gaussian latent space has no preferred axes of its own (its samples'
principal directions are all alike), so the explorer picks the directions that matter **to
the judge**: :func:`judge_directions` regresses the classifier's probabilities on the latent
vectors of a few hundred samples (one linear map ``z -> p``) and takes that map's principal
directions (its singular vectors). Moving along the first changes the classifier's output
most, to first order; the next ones change it in other ways.

Each slider change costs one generator forward pass for one image and one classifier pass
(a few milliseconds on 2 cores), and the picture is a small PNG scaled up by nearest
neighbour, so the explorer stays live on Binder.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from PIL import Image

from dcgan_course.data.grid import as_uint8
from dcgan_course.translate import tr

#: Probability below which the verdict is "no digit" (the course judge's threshold).
CONFIDENT = 0.9
#: How far each slider goes, in standard deviations of the prior along that direction.
REACH = 3.0


def judge_directions(generate: Callable[[np.ndarray], np.ndarray],
                     probabilities: Callable[[np.ndarray], np.ndarray], z_dim: int,
                     count: int = 3, samples: int = 256, seed: int = 0) -> np.ndarray:
    """``count`` orthonormal latent directions (rows) that change the judge's output most.

    Least squares fit ``p ~ z W + b`` over ``samples`` generated images, then the top right-
    singular vectors of ``W`` (z_dim x 10): the directions of largest linear change in the
    ten probabilities. Each is signed so that moving along it raises the probability it
    changes most.
    """
    z = np.random.default_rng(seed).standard_normal((samples, z_dim))
    p = np.asarray(probabilities(generate(z.astype(np.float32))), np.float64)
    centred = np.hstack([z, np.ones((samples, 1))])
    w = np.linalg.lstsq(centred, p, rcond=None)[0][:z_dim]  # (z_dim, 10)
    u, _, vt = np.linalg.svd(w, full_matrices=False)
    directions = u[:, :count].T
    for i, v in enumerate(vt[:count]):
        if v[np.abs(v).argmax()] < 0:
            directions[i] = -directions[i]
    return directions


def verdict(probabilities: np.ndarray, threshold: float = CONFIDENT) -> str:
    """The judge's verdict on one image: its digit and confidence, or "no digit"."""
    p = np.asarray(probabilities, np.float64).reshape(-1)
    digit, confidence = int(p.argmax()), float(p.max())
    if confidence >= threshold:
        return tr("digit {digit} ({confidence:.1%} sure)", digit=digit, confidence=confidence)
    return tr("no digit (best guess {digit} at {confidence:.1%}, below {threshold:.0%})",
              digit=digit, confidence=confidence, threshold=threshold)


def image_png(image: np.ndarray, scale: int = 6) -> bytes:
    """One image (uint8 or [-1, 1]) as a PNG, enlarged ``scale`` times without smoothing."""
    picture = Image.fromarray(as_uint8(np.asarray(image)[None])[0])
    picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class View:
    """What the explorer shows for one setting of the sliders."""

    z: np.ndarray
    image: np.ndarray
    probabilities: np.ndarray

    @property
    def verdict(self) -> str:
        return verdict(self.probabilities)


class LatentExplorer(widgets.VBox):
    """Sliders along ``directions`` from a start vector; image and verdict follow live.

    ``generate(z)`` maps latent vectors (n, z_dim) to images in [-1, 1];
    ``probabilities(images)`` is the digit classifier's (n, 10) output.
    """

    def __init__(self, generate: Callable[[np.ndarray], np.ndarray],
                 probabilities: Callable[[np.ndarray], np.ndarray], directions: np.ndarray,
                 start_seed: int = 0) -> None:
        self.generate, self.probabilities = generate, probabilities
        self.directions = np.asarray(directions, np.float64)
        self.z_dim = self.directions.shape[1]
        self.sliders = [widgets.FloatSlider(value=0.0, min=-REACH, max=REACH, step=0.25,
                                            description=tr("direction {number}", number=i + 1),
                                            continuous_update=False, readout_format=".2f")
                        for i in range(len(self.directions))]
        self.start = widgets.IntSlider(value=start_seed, min=0, max=99, description=tr("start z"),
                                       continuous_update=False)
        self.picture = widgets.Image(format="png", layout=widgets.Layout(width="192px"))
        self.caption = widgets.HTML()
        for control in (*self.sliders, self.start):
            control.observe(lambda _: self.refresh(), names="value")
        reset = widgets.Button(description=tr("back to start"))
        reset.on_click(lambda _: self.reset())
        controls = widgets.VBox([self.start, *self.sliders, reset])
        super().__init__([widgets.HBox([self.picture, controls]), self.caption])
        self.view: View | None = None
        self.refresh()

    def start_z(self) -> np.ndarray:
        """The start vector: a fixed Gaussian sample per ``start z`` setting."""
        return np.random.default_rng(self.start.value).standard_normal(self.z_dim)

    def current_z(self) -> np.ndarray:
        """The start vector moved by each slider's amount along its direction."""
        amounts = np.array([s.value for s in self.sliders], np.float64)
        return self.start_z() + amounts @ self.directions

    def compute(self) -> View:
        """One generator pass and one classifier pass for the sliders' setting."""
        z = self.current_z()
        image = np.asarray(self.generate(z[None].astype(np.float32)))[0]
        p = np.asarray(self.probabilities(image[None]))[0]
        return View(z, image, p)

    def refresh(self) -> None:
        self.view = self.compute()
        self.picture.value = image_png(self.view.image)
        moved = ", ".join(f"{s.value:+.2f}" for s in self.sliders)
        self.caption.value = tr("<b>classifier: {verdict}</b><br>moved ({moved}) along the "
                                "directions; |z| = {norm:.1f}", verdict=self.view.verdict,
                                moved=moved, norm=np.linalg.norm(self.view.z))

    def reset(self) -> None:
        for slider in self.sliders:
            slider.value = 0.0
