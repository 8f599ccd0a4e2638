"""Lesson 06's plausible wrong answers, as learners write them (test data, see README.md)."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.training_step  # noqa: F401 -- registers the lesson's mistakes

NOTEBOOK = "06-svhn-training"
PREAMBLE = "import tensorflow as tf\n"
LOSSES, STEP = "ex1-losses", "ex2-train-step"

# -- exercise 1 -------------------------------------------------------------------------------

RIGHT_G = '''
def generator_loss(fake_logits):
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))
'''


def d_loss(body: str) -> str:
    """A discriminator_loss with the given body, and the right generator_loss."""
    return ("def discriminator_loss(real_logits, fake_logits, smoothing=0.9):\n" + body
            + "\n" + RIGHT_G)


def g_loss(body: str) -> str:
    """A generator_loss with the given body, and the right discriminator_loss."""
    return (d_loss("    r, f = real_logits, fake_logits\n"
                   "    return (tf.reduce_mean(smoothing * tf.nn.softplus(-r)"
                   " + (1 - smoothing) * tf.nn.softplus(r))\n"
                   "            + tf.reduce_mean(tf.nn.softplus(f)))\n").replace(RIGHT_G, "")
            + "\ndef generator_loss(fake_logits):\n" + body)


def bce(logits: str, target: str) -> str:
    return f"({target} * tf.nn.softplus(-{logits}) + (1 - {target}) * tf.nn.softplus({logits}))"


NOT_A_SCALAR = d_loss(f"""
    return tf.concat([{bce('real_logits', 'smoothing')}, tf.nn.softplus(fake_logits)], 0)
""")
SUMMED = d_loss(f"""
    return (tf.reduce_sum({bce('real_logits', 'smoothing')})
            + tf.reduce_sum(tf.nn.softplus(fake_logits)))
""")
POOLED = d_loss(f"""
    terms = tf.concat([{bce('real_logits', 'smoothing')}, tf.nn.softplus(fake_logits)], 0)
    return tf.reduce_mean(terms)
""")
IGNORED = d_loss(f"""
    return (tf.reduce_mean({bce('real_logits', '0.9')})
            + tf.reduce_mean(tf.nn.softplus(fake_logits)))
""")
FLIPPED = d_loss(f"""
    return (tf.reduce_mean({bce('real_logits', '(1 - smoothing)')})
            + tf.reduce_mean(tf.nn.softplus(fake_logits)))
""")
TWO_SIDED = d_loss(f"""
    return (tf.reduce_mean({bce('real_logits', 'smoothing')})
            + tf.reduce_mean({bce('fake_logits', '(1 - smoothing)')}))
""")
FAKES_SMOOTHED = d_loss(f"""
    return (tf.reduce_mean(tf.nn.softplus(-real_logits))
            + tf.reduce_mean({bce('fake_logits', '(1 - smoothing)')}))
""")
CLASSIFIER_SMOOTHING = d_loss(f"""
    a = 1 - smoothing                                # y * (1 - a) + a / 2 for two classes
    real_t, fake_t = 1 * (1 - a) + a / 2, 0 * (1 - a) + a / 2
    return (tf.reduce_mean({bce('real_logits', 'real_t')})
            + tf.reduce_mean({bce('fake_logits', 'fake_t')}))
""")
SIGMOID_THEN_LOG = d_loss("""
    d_real, d_fake = tf.sigmoid(real_logits), tf.sigmoid(fake_logits)
    real = -(smoothing * tf.math.log(d_real) + (1 - smoothing) * tf.math.log(1 - d_real))
    return tf.reduce_mean(real) + tf.reduce_mean(-tf.math.log(1 - d_fake))
""")
LOG_EPSILON = d_loss("""
    eps = 1e-7
    d_real, d_fake = tf.sigmoid(real_logits), tf.sigmoid(fake_logits)
    real = -(smoothing * tf.math.log(d_real + eps)
             + (1 - smoothing) * tf.math.log(1 - d_real + eps))
    return tf.reduce_mean(real) + tf.reduce_mean(-tf.math.log(1 - d_fake + eps))
""")
G_SMOOTHED = g_loss(f"""
    return tf.reduce_mean({bce('fake_logits', '0.9')})
""")
G_SATURATING = g_loss("""
    return tf.reduce_mean(-tf.nn.softplus(fake_logits))   # mean of log(1 - D(G(z)))
""")
G_TARGET_ZERO = g_loss("""
    return tf.reduce_mean(tf.nn.softplus(fake_logits))
""")
G_SUMMED = g_loss("""
    return tf.reduce_sum(tf.nn.softplus(-fake_logits))
""")

# -- exercise 2 -------------------------------------------------------------------------------

HEAD = "def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):\n"
APPLY = '''
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars))
    g_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars))
    return d_loss, g_loss
'''
FORWARD = '''    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
'''

NOT_A_PAIR = HEAD + FORWARD + APPLY.replace("return d_loss, g_loss", "return d_loss + g_loss")
ONE_TAPE = HEAD + '''
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_vars), g_vars))
    return d_loss, g_loss
'''
NOT_RECORDED = HEAD + '''
    fake = generator(noise, training=True)          # made before the tapes open
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
''' + APPLY
CONCATENATED = HEAD + '''
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        logits = discriminator(tf.concat([real_batch, fake], 0), training=True)
        real_logits, fake_logits = tf.split(logits, 2)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
''' + APPLY
REGENERATED = HEAD + '''
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        real_logits = discriminator(real_batch, training=True)
        fake_logits = discriminator(generator(noise, training=True), training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        fake_again = generator(noise, training=True)
        g_loss = generator_loss(discriminator(fake_again, training=True))
''' + APPLY
LESSON01_ORDER = HEAD + '''
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        d_loss = discriminator_loss(discriminator(real_batch, training=True),
                                    discriminator(fake, training=True))
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return d_loss, g_loss
'''
INFERENCE = HEAD + FORWARD.replace(", training=True", "") + APPLY
INFERENCE_D_ONLY = HEAD + FORWARD.replace("discriminator(real_batch, training=True)",
                                          "discriminator(real_batch)") + APPLY
SWAPPED = HEAD + FORWARD + '''
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    g_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars))
    d_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars))
    return d_loss, g_loss
'''
CROSSED = HEAD + FORWARD + '''
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(g_loss, d_vars), d_vars))
    g_optimizer.apply_gradients(zip(g_tape.gradient(d_loss, g_vars), g_vars))
    return d_loss, g_loss
'''
G_UPDATES_D = HEAD + FORWARD + '''
    d_vars = discriminator.trainable_variables
    both = generator.trainable_variables + discriminator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars))
    g_optimizer.apply_gradients(zip(g_tape.gradient(g_loss, both), both))
    return d_loss, g_loss
'''
AFTER_UPDATE = HEAD + FORWARD + APPLY.replace("    return d_loss, g_loss\n", '''
    fake_logits = discriminator(generator(noise, training=True), training=True)
    return (discriminator_loss(discriminator(real_batch, training=True), fake_logits),
            generator_loss(fake_logits))
''')
D_ONLY = HEAD + FORWARD + '''
    d_vars = discriminator.trainable_variables
    d_optimizer.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars))
    return d_loss, g_loss
'''
NUMPY = HEAD + FORWARD + APPLY.replace("return d_loss, g_loss",
                                       "return float(d_loss.numpy()), float(g_loss.numpy())")

WRONG = [
    Wrong("ex1-tests", "06/ex1/not-a-scalar", {LOSSES: NOT_A_SCALAR},
          why="returns the terms, forgetting the mean"),
    Wrong("ex1-tests", "06/ex1/summed", {LOSSES: SUMMED}, why="reduce_sum for reduce_mean"),
    Wrong("ex1-tests", "06/ex1/pooled-mean", {LOSSES: POOLED},
          why="one mean over the real and fake terms together"),
    Wrong("ex1-tests", "06/ex1/smoothing-ignored", {LOSSES: IGNORED},
          why="0.9 written in instead of the argument"),
    Wrong("ex1-tests", "06/ex1/smoothing-flipped", {LOSSES: FLIPPED},
          why="reads 'smoothing' as the amount taken off: target 1 - smoothing"),
    Wrong("ex1-tests", "06/ex1/two-sided", {LOSSES: TWO_SIDED},
          why="smooths the fakes' target to 1 - smoothing as well"),
    Wrong("ex1-tests", "06/ex1/fakes-smoothed", {LOSSES: FAKES_SMOOTHED},
          why="puts the smoothing on the fakes instead of the real images"),
    Wrong("ex1-tests", "06/ex1/classifier-smoothing", {LOSSES: CLASSIFIER_SMOOTHING},
          why="label smoothing as classifiers (and Keras' label_smoothing) define it"),
    Wrong("ex1-tests", "06/ex1/not-finite", {LOSSES: SIGMOID_THEN_LOG},
          why="the definition with probabilities: sigmoid, then log"),
    Wrong("ex1-tests", "06/ex1/log-clipped", {LOSSES: LOG_EPSILON},
          why="sigmoid then log, kept finite with an epsilon"),
    Wrong("ex1-tests", "06/ex1/g-smoothed", {LOSSES: G_SMOOTHED},
          why="smooths the generator's target too"),
    Wrong("ex1-tests", "06/ex1/g-saturating", {LOSSES: G_SATURATING},
          why="the minimax loss log(1 - D(G(z))) of the GAN paper's equation"),
    Wrong("ex1-tests", "06/ex1/g-target-zero", {LOSSES: G_TARGET_ZERO},
          why="copies the discriminator's fake term"),
    Wrong("ex1-tests", "06/ex1/summed", {LOSSES: G_SUMMED},
          why="reduce_sum in the generator's loss"),
    Wrong("ex2-tests", "06/ex2/not-a-pair", {STEP: NOT_A_PAIR},
          why="returns one total loss"),
    Wrong("ex2-tests", "06/ex2/one-tape", {STEP: ONE_TAPE},
          why="one tape asked for two gradients"),
    Wrong("ex2-tests", "06/ex2/not-recorded", {STEP: NOT_RECORDED},
          why="the fakes made before the tapes open"),
    Wrong("ex2-tests", "06/ex2/concatenated", {STEP: CONCATENATED},
          why="one discriminator call on real and fake together (Keras' DCGAN example does "
              "this; its discriminator has no batch norm)"),
    Wrong("ex2-tests", "06/ex2/fakes-regenerated", {STEP: REGENERATED},
          why="makes the fakes again for the generator's loss"),
    Wrong("ex2-tests", "06/ex2/lesson01-order", {STEP: LESSON01_ORDER},
          why="lesson 01's step: D first, then G against the updated D"),
    Wrong("ex2-tests", "06/ex2/inference-mode", {STEP: INFERENCE},
          why="calls the networks without training=True"),
    Wrong("ex2-tests", "06/ex2/inference-mode", {STEP: INFERENCE_D_ONLY},
          why="forgets training=True on one call only"),
    Wrong("ex2-tests", "06/ex2/swapped-optimisers", {STEP: SWAPPED},
          why="each player's gradients applied with the other's optimiser"),
    Wrong("ex2-tests", "06/ex2/crossed-losses", {STEP: CROSSED},
          why="each tape asked for the other player's loss"),
    Wrong("ex2-tests", "06/ex2/g-updates-d", {STEP: G_UPDATES_D},
          why="the generator's gradients applied to D's variables too"),
    Wrong("ex2-tests", "06/ex2/losses-after-update", {STEP: AFTER_UPDATE},
          why="returns losses measured again after the update"),
    Wrong("ex2-tests", "06/ex2/player-not-updated", {STEP: D_ONLY},
          why="forgets the generator's apply_gradients"),
    Wrong("ex2-tests", "06/ex2/not-compilable", {STEP: NUMPY},
          why="returns Python floats through .numpy()"),
]
