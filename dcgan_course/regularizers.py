"""Three ways to keep the discriminator from becoming too sharp, added around the learner's D.

All three were published after DCGAN (2015) and all three act on the discriminator only; the
learner's layers stay where they are and keep their weights.

* **Spectral normalisation** (Miyato, Kataoka, Koyama & Yoshida, 2018, "Spectral
  Normalization for Generative Adversarial Networks", arXiv:1802.05957). Every weight matrix
  W of D is used as W / sigma(W), sigma being its largest singular value, estimated with one
  step of power iteration per call from a vector u kept between steps. Each layer then
  stretches no input by more than a factor of 1 (its Lipschitz constant is at most 1), so
  D's verdict cannot change abruptly between nearby images: its gradient, which is all the
  generator learns from, stays informative. It is a *reparametrisation*: the layer's own
  kernel is trained, and the gradient flows through sigma (as in the paper; Keras' own
  ``SpectralNormalization`` instead overwrites the kernel with W / sigma at every call, a
  projection without that gradient). :func:`with_spectral_norm` wraps every ``Conv2D`` and
  ``Dense`` of the learner's model in :class:`SpectralNormalized`.
* **R1**, a zero-centred gradient penalty on real images (Mescheder, Geiger & Nowozin, 2018,
  "Which Training Methods for GANs do actually Converge?", arXiv:1801.04406):
  (gamma / 2) E[ ||grad_x D(x)||^2 ] over real x. Where the data is, D is pushed to be flat,
  so G and D cannot keep circling an equilibrium they overshoot (the paper's Dirac-GAN shows
  unregularised training circling for ever). Computing the penalty every k steps only, with
  its weight multiplied by k, is the *lazy regularisation* of StyleGAN2 (Karras et al.,
  2020, arXiv:1912.04958), which the engine uses: :func:`r1_update` is a separate update of
  D that the engine runs after the learner's step every ``r1_every`` steps.
* **Minibatch standard deviation** (Karras, Aila, Laine & Lehtinen, 2018, "Progressive
  Growing of GANs", arXiv:1710.10196): near the end of D, the standard deviation of every
  feature over the batch, averaged to one number, is appended as one more constant feature
  map. A batch of fakes that all look alike has a telling, small number, so D can see a
  collapse that no single image shows. :func:`with_minibatch_stddev` inserts
  :class:`MinibatchStddev` before the learner's ``Flatten``; the layers after it see one more
  channel, so they are rebuilt from their configuration with fresh weights (the only change
  of the learner's network among these three).
"""

from __future__ import annotations

from typing import Any

import keras as keras_core
import tensorflow as tf
from tensorflow import keras


def _normalise(vector: tf.Tensor) -> tf.Tensor:
    return vector / (tf.norm(vector) + 1e-12)


@keras_core.saving.register_keras_serializable(package="dcgan_course")
class SpectralNormalized(keras.layers.Layer):
    """A ``Conv2D`` or ``Dense`` layer computing with W / sigma(W) (spectral normalisation).

    The wrapped layer keeps its own kernel and bias (the learner's weights, trained as
    before); this wrapper adds ``u``, the power-iteration vector (not trained), updated once
    per training call. Outside training it uses the last ``u`` without changing it.
    """

    def __init__(self, layer: keras.layers.Layer, **kwargs: Any) -> None:
        if not isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense)):
            raise TypeError(f"spectral normalisation wraps Conv2D and Dense layers, not "
                            f"{type(layer).__name__}")
        kwargs.setdefault("name", f"{layer.name}_sn")
        kwargs.setdefault("dtype", layer.dtype_policy)
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
        outputs = int(self.layer.kernel.shape[-1])
        self.u = self.add_weight(shape=(outputs, 1), name="u", trainable=False,
                                 initializer=keras.initializers.RandomNormal(stddev=1.0))
        self.built = True

    def sigma(self, training: bool = False) -> tf.Tensor:
        """The largest singular value of the kernel (as a matrix: inputs x outputs), from one
        power-iteration step; during training ``u`` keeps the refined estimate."""
        kernel = tf.cast(self.layer.kernel, tf.float32)
        matrix = tf.reshape(kernel, [-1, kernel.shape[-1]])
        v = tf.stop_gradient(_normalise(matrix @ self.u))
        u = tf.stop_gradient(_normalise(tf.transpose(matrix) @ v))
        if training:
            self.u.assign(u)
        return tf.squeeze(tf.transpose(v) @ matrix @ u)

    def call(self, inputs: tf.Tensor, training: bool | None = None) -> tf.Tensor:
        layer = self.layer
        kernel = tf.cast(tf.cast(layer.kernel, tf.float32) / self.sigma(bool(training)),
                         self.compute_dtype)
        inputs = tf.cast(inputs, self.compute_dtype)
        if isinstance(layer, keras.layers.Conv2D):
            outputs = keras.ops.conv(inputs, kernel, strides=layer.strides,
                                     padding=layer.padding, data_format=layer.data_format,
                                     dilation_rate=layer.dilation_rate)
        else:
            outputs = keras.ops.matmul(inputs, kernel)
        if layer.use_bias:
            outputs = outputs + tf.cast(layer.bias, self.compute_dtype)
        return layer.activation(outputs) if layer.activation is not None else outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["layer"] = keras.layers.serialize(self.layer)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SpectralNormalized:
        config = dict(config)
        layer = keras.layers.deserialize(config.pop("layer"))
        return cls(layer, **config)


def _clone(model: keras.Model, clone_function: Any, what: str) -> keras.Model:
    try:
        return keras.models.clone_model(model, clone_function=clone_function)
    except Exception as error:  # noqa: BLE001 - say what to do instead of Keras' message
        raise ValueError(f"{what} needs a Sequential or functional discriminator (what "
                         f"lesson 05 builds); this one could not be rebuilt layer by layer "
                         f"({type(error).__name__}: {error})") from error


def with_spectral_norm(model: keras.Model) -> keras.Model:
    """The same network with every Conv2D and Dense layer spectrally normalised.

    The new model *shares* the learner's layers (same kernels, same batch norm): only the
    wrappers' power-iteration vectors are new.
    """
    def wrap(layer: keras.layers.Layer) -> keras.layers.Layer:
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense)) and not isinstance(
                layer, keras.layers.Conv2DTranspose):
            return SpectralNormalized(layer)
        return layer

    wrapped = _clone(model, wrap, "spectral normalisation")
    if not any(isinstance(layer, SpectralNormalized) for layer in wrapped.layers):
        raise ValueError("spectral normalisation found no Conv2D or Dense layer in the "
                         "discriminator")
    return wrapped


def r1_penalty(discriminator: Any, real: tf.Tensor, gamma: float) -> tf.Tensor:
    """(gamma / 2) * mean over the batch of ||d logit / d image||^2, on real images."""
    real = tf.cast(real, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(real)
        logits = tf.cast(discriminator(real, training=True), tf.float32)
        total = tf.reduce_sum(logits)
    grads = tf.cast(tape.gradient(total, real), tf.float32)
    return 0.5 * gamma * tf.reduce_mean(tf.reduce_sum(tf.square(grads), axis=[1, 2, 3]))


def r1_update(discriminator: Any, optimizer: keras.optimizers.Optimizer, real: tf.Tensor,
              gamma: float, every: int) -> tf.Tensor:
    """One lazy R1 update of D: the penalty times ``every`` (it runs once per ``every``
    steps), applied with D's own optimiser. Returns the penalty (not multiplied)."""
    variables = discriminator.trainable_variables
    with tf.GradientTape() as tape:
        penalty = r1_penalty(discriminator, real, gamma)
        scaled = penalty * float(every)
    grads = tape.gradient(scaled, variables)
    optimizer.apply_gradients([(g, v) for g, v in zip(grads, variables, strict=True)
                               if g is not None])
    return penalty


@keras_core.saving.register_keras_serializable(package="dcgan_course")
class MinibatchStddev(keras.layers.Layer):
    """Appends one feature map: the batch's standard deviation of every feature at every
    position, averaged to one number (ProGAN's minibatch standard deviation, whole batch)."""

    def call(self, features: tf.Tensor) -> tf.Tensor:
        values = tf.cast(features, tf.float32)
        spread = tf.sqrt(tf.math.reduce_variance(values, axis=0) + 1e-8)
        level = tf.reduce_mean(spread)
        extra = tf.ones_like(values[..., :1]) * level
        return tf.concat([features, tf.cast(extra, features.dtype)], axis=-1)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return (*input_shape[:-1], input_shape[-1] + 1)


def with_minibatch_stddev(model: keras.Model) -> keras.Model:
    """The learner's Sequential discriminator with :class:`MinibatchStddev` inserted after its
    last 4-D (image-shaped) layer. The layers before it are the learner's own (shared, same
    weights); the ones after see one more channel and are rebuilt from their configuration."""
    if not isinstance(model, keras.Sequential):
        raise ValueError("minibatch standard deviation is inserted into a Sequential "
                         "discriminator (lesson 05's form); this one is not Sequential")
    layers = list(model.layers)
    image_like = [i for i, layer in enumerate(layers) if len(layer.output.shape) == 4]
    if not image_like or image_like[-1] == len(layers) - 1:
        raise ValueError("minibatch standard deviation needs a discriminator that ends in "
                         "Flatten + Dense after its convolutions")
    cut = image_like[-1] + 1
    rebuilt = [type(layer).from_config(layer.get_config()) for layer in layers[cut:]]
    return keras.Sequential([keras.Input(model.input_shape[1:]), *layers[:cut],
                             MinibatchStddev(name="minibatch_stddev"), *rebuilt],
                            name=model.name)
