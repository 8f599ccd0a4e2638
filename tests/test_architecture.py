"""The layer tables of lessons 04-05 agree with real Keras models, and the checker explains.

The models here are built in the test only, from the lessons' written specification, so the
student-visible package holds no builder (see dcgan_course/architecture.py).
"""

from __future__ import annotations

import pytest
import tensorflow as tf

from dcgan_course import architecture as arch
from dcgan_course.checks import ExerciseFailure

keras = tf.keras
layers = keras.layers


def init():
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02, seed=None)


def generator(z_dim=100, width=128, image_size=32, channels=3, *, slope=0.2, bias=False,
              kernel=5, pool=False, tanh_in_conv=False, std=0.02):
    depths = arch.generator_depths(width, image_size)

    def w():
        return keras.initializers.RandomNormal(stddev=std)  # a new one per layer (Keras 3)
    model = [keras.Input((z_dim,)), layers.Dense(16 * depths[0], use_bias=bias,
                                                 kernel_initializer=w()),
             layers.Reshape((4, 4, depths[0])), layers.BatchNormalization(),
             layers.LeakyReLU(negative_slope=slope)]
    for d in depths[1:]:
        if pool:
            model += [layers.UpSampling2D(), layers.Conv2D(d, kernel, padding="same",
                                                           use_bias=bias, kernel_initializer=w())]
        else:
            model.append(layers.Conv2DTranspose(d, kernel, strides=2, padding="same",
                                                use_bias=bias, kernel_initializer=w()))
        model += [layers.BatchNormalization(), layers.LeakyReLU(negative_slope=slope)]
    if tanh_in_conv:
        model.append(layers.Conv2DTranspose(channels, kernel, strides=2, padding="same",
                                            activation="tanh", kernel_initializer=w()))
    else:
        model += [layers.Conv2DTranspose(channels, kernel, strides=2, padding="same",
                                         kernel_initializer=w()), layers.Activation("tanh")]
    return keras.Sequential(model)


def discriminator(width=64, image_size=32, channels=3, *, bn_first=False):
    model = [keras.Input((image_size, image_size, channels))]
    for i, d in enumerate(arch.discriminator_depths(width, image_size)):
        first = i == 0
        model.append(layers.Conv2D(d, 5, strides=2, padding="same",
                                   use_bias=first and not bn_first, kernel_initializer=init()))
        if not first or bn_first:
            model.append(layers.BatchNormalization())
        model.append(layers.LeakyReLU(negative_slope=0.2))
    model += [layers.Flatten(), layers.Dense(1, kernel_initializer=init())]
    return keras.Sequential(model)


@pytest.mark.parametrize("z_dim,width,size,channels", [(100, 128, 32, 3), (100, 128, 64, 3),
                                                       (16, 8, 16, 1)])
def test_generator_table_matches_keras(z_dim, width, size, channels):
    spec = arch.generator_layers(z_dim, width, size, channels)
    model = generator(z_dim, width, size, channels)
    assert arch.total_params(spec) == model.count_params()
    assert spec[-1].output_shape == (size, size, channels)
    arch.check_generator(model, z_dim, width, size, channels)


def test_the_deck_shapes():
    paper = arch.generator_blocks(100, 128, 64, 3)
    assert [s for s, _ in paper] == [(100,), (4, 4, 1024), (8, 8, 512), (16, 16, 256),
                                     (32, 32, 128), (64, 64, 3)]
    svhn = arch.generator_blocks(100, 128, 32, 3)
    assert [s for s, _ in svhn][1:] == [(4, 4, 512), (8, 8, 256), (16, 16, 128), (32, 32, 3)]
    d = arch.discriminator_blocks(64, 32, 3)
    assert [s for s, _ in d] == [(32, 32, 3), (16, 16, 64), (8, 8, 128), (4, 4, 256), (1,)]


@pytest.mark.parametrize("width,size", [(64, 32), (32, 64), (8, 16)])
def test_discriminator_table_matches_keras(width, size):
    spec = arch.discriminator_layers(width, size, 3)
    model = discriminator(width, size)
    assert arch.total_params(spec) == model.count_params()
    arch.check_discriminator(model, width, size, 3)


def test_flops_of_the_udacity_model():
    g = arch.generator_layers(100, 128, 32, 3)
    # the two big transposed convolutions: 4x4 -> 8x8 (512 -> 256) and 8x8 -> 16x16
    assert g[4].flops == 2 * 16 * 25 * 512 * 256
    assert g[7].flops == 2 * 64 * 25 * 256 * 128
    d = arch.discriminator_layers(64, 32, 3)
    assert d[0].flops == 2 * 256 * 25 * 3 * 64
    total = arch.training_flops(g, d)
    # lesson 06's step: G forward once and backward once (3 G), D forward on a real and a
    # fake batch, backward for D's loss on both and for G's loss on the fakes (8 D)
    assert total == 3 * arch.total_flops(g) + 8 * arch.total_flops(d)
    assert 1.0e9 < total < 1.6e9  # the FACTS sheet's order of magnitude, ~1.1-1.4 GFLOP


def test_width_table_grows_with_width_squared():
    table = arch.width_table((16, 32, 64, 128))
    params = [int(r[2].replace(",", "")) for r in table.rows]
    assert all(2.4 < b / a < 4.2 for a, b in zip(params, params[1:], strict=False))
    assert "4 × 4 × 512" in table.rows[-1][1]
    assert "<table>" in table._repr_html_() and "G width" in str(table)


def test_tanh_inside_the_last_convolution_is_accepted():
    arch.check_generator(generator(tanh_in_conv=True))


@pytest.mark.parametrize("variant,message", [
    (dict(slope=0.3), "negative_slope=0.2"),
    (dict(bias=True), "use_bias=False"),
    (dict(kernel=3), "kernel size"),
    (dict(pool=True), "UpSampling2D"),
    (dict(std=0.05), "N(0, 0.02)"),
])
def test_generator_mistakes_are_explained(variant, message):
    with pytest.raises(ExerciseFailure) as failure:
        arch.check_generator(generator(**variant))
    assert message in " ".join(str(failure.value).split())


def raised(check, *args, **kwargs) -> tuple[str, str]:
    """(the catalogue key, the message with its line breaks as spaces) of a failed check."""
    with pytest.raises(ExerciseFailure) as failure:
        check(*args, **kwargs)
    return getattr(failure.value, "key", ""), " ".join(str(failure.value).split())


@pytest.mark.parametrize("build", [generator, discriminator])
def test_one_unseeded_initializer_shared_by_all_layers_is_caught(build):
    shared = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)  # Keras 3: same values
    model = build()
    clone = keras.models.clone_model(
        model, clone_function=lambda layer: layer.__class__.from_config(
            {**layer.get_config(), **({"kernel_initializer": shared}
                                      if "kernel_initializer" in layer.get_config() else {})}))
    check = arch.check_generator if build is generator else arch.check_discriminator
    key, message = raised(check, clone)
    assert key.endswith("/ex1/shared-initializer") and "start from the same weights" in message
    check(model)  # a new initializer per layer passes


def test_wrong_width_names_the_layer_and_shapes():
    with pytest.raises(ExerciseFailure, match=r"layer 1 \(Dense\) should output shape"):
        arch.check_generator(generator(width=64), width=128)


def test_batch_norm_on_the_first_discriminator_layer_is_caught():
    key, message = raised(arch.check_discriminator, discriminator(bn_first=True))
    assert key == "05/ex1/bn-first" and "batch norm follows the first convolution" in message


def test_not_a_model_and_too_short():
    assert raised(arch.check_generator, None)[0] == "04/ex1/not-a-model"
    short = keras.Sequential([keras.Input((100,)), layers.Dense(16 * 512, use_bias=False,
                                                               kernel_initializer=init())])
    key, message = raised(arch.check_generator, short)
    assert key == "04/ex1/stride-count" and "has 0 stride-2 Conv2DTranspose layers" in message
    no_logit = keras.Sequential(discriminator().layers[:-1])  # ends with Flatten
    key, message = raised(arch.check_discriminator, no_logit)
    assert key == "05/ex1/too-few-layers" and "the model stops after" in message


def test_a_check_no_builder_reaches_still_speaks_plainly():
    """A generator whose kernels are 5x5 with stride 2 but padding 'valid' changes shapes
    first; the padding check below them has no catalogue record and still explains."""
    from dcgan_course.architecture import _report
    from dcgan_course.exercises.generator import MISTAKES

    with pytest.raises(ExerciseFailure) as failure:
        _report(MISTAKES, "padding", "what", where="layer 5", padding="valid")
    assert "padding='valid'" in str(failure.value) and "Use padding='same'" in str(failure.value)


def test_bad_image_size():
    with pytest.raises(ValueError, match="image_size"):
        arch.generator_layers(image_size=48)


def test_block_figures_draw():
    fig = arch.plot_generator_blocks(100, 128, 64, 3)
    assert fig._repr_png_().startswith(b"\x89PNG")
    assert arch.plot_discriminator_blocks()._repr_png_().startswith(b"\x89PNG")
    assert arch.plot_cost_by_width()._repr_png_().startswith(b"\x89PNG")


def test_a_sigmoid_at_the_end_of_the_discriminator_is_explained():
    model = discriminator()
    model.layers[-1].activation = tf.keras.activations.sigmoid
    with pytest.raises(ExerciseFailure, match="outputs a logit"):
        arch.check_discriminator(model)


def test_coverage_of_strided_convolutions():
    odd = arch.coverage_map(5, 2, 12)
    assert sorted(set(odd[3:9, 3:9].ravel())) == [4, 6, 9]  # 2x2, 2x3, 3x3 windows
    even = arch.coverage_map(4, 2, 12)
    assert set(even[3:9, 3:9].ravel()) == {4}
    assert arch.coverage_map(3, 1, 8)[2:6, 2:6].min() == 9


def test_input_gradient_and_histograms():
    model = discriminator(width=8, image_size=16)
    grad = arch.input_gradient_magnitude(model, tf.random.normal((4, 16, 16, 3)))
    assert grad.shape == (16, 16) and (grad > 0).all()
    fig = arch.plot_score_histograms([("a", [0.4, 0.5], [0.6]), ("b", [0.9], [0.1])])
    assert fig._repr_png_().startswith(b"\x89PNG")
    assert arch.plot_maps([("g", grad)], annotate=True)._repr_png_().startswith(b"\x89PNG")


def test_model_table_says_what_keras_summary_says_in_the_editions_words():
    """Lesson 01 shows its toy models with this table instead of ``model.summary()``, whose
    English headers a Korean release cannot change."""
    import dcgan_course  # noqa: F401
    from dcgan_course import toy_gan
    from dcgan_course.translate import speaking

    model = toy_gan.build_generator(noise_dim=4)
    table = arch.model_table(model, "g")
    assert [row[1] for row in table.rows[:-2]] == [type(x).__name__ for x in model.layers]
    assert table.rows[-2][-1] == f"{model.count_params():,}"
    assert table.rows[0][2] == "32" and table.rows[2][2] == "1"
    with speaking("ko"):
        korean = arch.model_table(model, "g")
    assert "파라미터" in str(korean) or "매개변수" in str(korean), str(korean)
