"""Lesson 01's plausible wrong answers, as learners write them (test data, see README.md)."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.gan_game  # noqa: F401 -- registers the lesson's mistakes

NOTEBOOK = "01-gan-intro"
PREAMBLE = "import numpy as np\nimport tensorflow as tf\n"

# -- exercise 1: discriminator_loss --------------------------------------------------------

D_LOSSES = {
    "not-a-scalar": '''
def discriminator_loss(real_logits, fake_logits):
    return tf.nn.softplus(-real_logits) + tf.reduce_mean(tf.nn.softplus(fake_logits))
''',
    "not-finite": '''
def discriminator_loss(real_logits, fake_logits):
    return (-tf.reduce_mean(tf.math.log(tf.sigmoid(real_logits)))
            - tf.reduce_mean(tf.math.log(1 - tf.sigmoid(fake_logits))))
''',
    "log-clipped": '''
def discriminator_loss(real_logits, fake_logits):
    eps = 1e-7
    return (-tf.reduce_mean(tf.math.log(tf.sigmoid(real_logits) + eps))
            - tf.reduce_mean(tf.math.log(1 - tf.sigmoid(fake_logits) + eps)))
''',
    "summed": '''
def discriminator_loss(real_logits, fake_logits):
    return (tf.reduce_sum(tf.nn.softplus(-real_logits))
            + tf.reduce_sum(tf.nn.softplus(fake_logits)))
''',
    "pooled-mean": '''
def discriminator_loss(real_logits, fake_logits):
    terms = tf.concat([tf.nn.softplus(-real_logits), tf.nn.softplus(fake_logits)], axis=0)
    return tf.reduce_mean(terms)
''',
    "targets-swapped": '''
def discriminator_loss(real_logits, fake_logits):
    return (tf.reduce_mean(tf.nn.softplus(real_logits))
            + tf.reduce_mean(tf.nn.softplus(-fake_logits)))
''',
    "sign": '''
def discriminator_loss(real_logits, fake_logits):
    # V itself: mean log D(x) + mean log(1 - D(G(z)))
    return (-tf.reduce_mean(tf.nn.softplus(-real_logits))
            - tf.reduce_mean(tf.nn.softplus(fake_logits)))
''',
}

# -- exercise 2: generator_loss ------------------------------------------------------------

G_LOSSES = {
    "not-a-scalar": '''
def generator_loss(fake_logits):
    return tf.nn.softplus(-fake_logits)
''',
    "not-finite": '''
def generator_loss(fake_logits):
    return -tf.reduce_mean(tf.math.log(tf.sigmoid(fake_logits)))
''',
    "saturating": '''
def generator_loss(fake_logits):
    return -tf.reduce_mean(tf.nn.softplus(fake_logits))  # mean log(1 - D(G(z)))
''',
    "target-zero": '''
def generator_loss(fake_logits):
    return tf.reduce_mean(tf.nn.softplus(fake_logits))
''',
    "sign": '''
def generator_loss(fake_logits):
    return -tf.reduce_mean(tf.nn.softplus(-fake_logits))  # mean log D(G(z))
''',
    "summed": '''
def generator_loss(fake_logits):
    return tf.reduce_sum(tf.nn.softplus(-fake_logits))
''',
}

# -- exercise 3: optimal_discriminator -----------------------------------------------------

OPTIMAL_D = {
    "zero-over-zero": '''
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    return p_data / (p_data + p_g)
''',
    "swapped": '''
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    total = p_data + p_g
    return np.divide(p_g, total, out=np.full(total.shape, 0.5), where=total > 0)
''',
    "hard-decision": '''
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    return np.where(p_data + p_g == 0, 0.5, (p_data > p_g).astype(float))
''',
    "ratio": '''
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    return np.divide(p_data, p_g, out=np.full(p_data.shape, 0.5), where=p_g > 0)
''',
    "not-half": '''
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    total = p_data + p_g
    return np.divide(p_data, total, out=np.zeros(total.shape), where=total > 0)
''',
}

# -- exercise 4: game_value ----------------------------------------------------------------

GAME_VALUES = {
    "not-finite": '''
def game_value(p_data, p_g, dx):
    d = optimal_discriminator(p_data, p_g)
    return float(np.sum(p_data * np.log(d) + p_g * np.log(1 - d)) * dx)
''',
    "rounded": '''
def game_value(p_data, p_g, dx):
    d = optimal_discriminator(p_data, p_g)
    real = np.where(p_data > 0, p_data * np.log(np.where(p_data > 0, d, 1.0)), 0.0)
    fake = np.where(p_g > 0, p_g * np.log(np.where(p_g > 0, 1 - d, 1.0)), 0.0)
    return float(np.sum(real + fake) * dx)
''',
    "half-d": '''
def game_value(p_data, p_g, dx):
    d = 0.5  # the discriminator at the equilibrium
    return float(np.sum(p_data * np.log(d) + p_g * np.log(1 - d)) * dx)
''',
}

# The stable form, written from logs, with one thing changed in each mistake below.
STABLE = '''
def game_value(p_data, p_g, dx):
    total = p_data + p_g
    def term(p):
        out = np.zeros_like(p)
        out[p > 0] = p[p > 0] * (LOG(OPERANDS))
        return out
    return float(SUM(term(p_data) + term(p_g))DX)
'''
RIGHT_STABLE = {"LOG(OPERANDS)": "np.log(p[p > 0]) - np.log(total[p > 0])", "SUM": "np.sum",
                "DX": " * dx"}


def stable(**changes: str) -> str:
    source = STABLE
    for name, value in {**RIGHT_STABLE, **changes}.items():
        source = source.replace(name, value)
    return source


GAME_VALUES.update({
    "no-dx": stable(DX=""),
    "mean": stable(SUM="np.mean", DX=""),
    "sign": stable(**{"LOG(OPERANDS)": "np.log(total[p > 0]) - np.log(p[p > 0])"}),
    "log2": stable(**{"LOG(OPERANDS)": "np.log2(p[p > 0]) - np.log2(total[p > 0])"}),
})

# -- exercise 5: train_step ----------------------------------------------------------------

STEP_HEAD = '''
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_batch, noise):
'''
D_UPDATE = '''
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        d_loss = discriminator_loss(discriminator(real_batch, training=True),
                                    discriminator(fake, training=True))
    d_grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
'''
G_UPDATE = '''
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
'''

STEPS = {
    "not-a-pair": STEP_HEAD + D_UPDATE + G_UPDATE + "    return d_loss\n",
    "fakes-not-recorded": STEP_HEAD + D_UPDATE + '''
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(fake, training=True))  # fake from the 1st tape
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return d_loss, g_loss
''',
    "one-tape": STEP_HEAD + '''
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = discriminator_loss(discriminator(real_batch, training=True), fake_logits)
        g_loss = generator_loss(fake_logits)
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, discriminator.trainable_variables),
                                    discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, generator.trainable_variables),
                                    generator.trainable_variables))
    return d_loss, g_loss
''',
    "g-updates-d": STEP_HEAD + D_UPDATE + '''
    players = generator.trainable_variables + discriminator.trainable_variables
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, players), players))
    return d_loss, g_loss
''',
    "d-updates-g": STEP_HEAD + '''
    players = discriminator.trainable_variables + generator.trainable_variables
    with tf.GradientTape() as tape:
        fake = generator(noise, training=True)
        d_loss = discriminator_loss(discriminator(real_batch, training=True),
                                    discriminator(fake, training=True))
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, players), players))
''' + G_UPDATE + "    return d_loss, g_loss\n",
    "swapped-optimisers": (STEP_HEAD + D_UPDATE.replace("d_optimizer.apply", "g_optimizer.apply")
                           + G_UPDATE.replace("g_optimizer.apply", "d_optimizer.apply")
                           + "    return d_loss, g_loss\n"),
    "old-d": STEP_HEAD + '''
    with tf.GradientTape(persistent=True) as tape:
        fake_logits = discriminator(generator(noise, training=True), training=True)
        d_loss = discriminator_loss(discriminator(real_batch, training=True), fake_logits)
        g_loss = generator_loss(fake_logits)
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, discriminator.trainable_variables),
                                    discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, generator.trainable_variables),
                                    generator.trainable_variables))
    return d_loss, g_loss
''',
    "g-first": STEP_HEAD + G_UPDATE + D_UPDATE + "    return d_loss, g_loss\n",
    "d-loss-after-update": STEP_HEAD + D_UPDATE + G_UPDATE + '''
    d_loss = discriminator_loss(discriminator(real_batch, training=True),
                                discriminator(generator(noise, training=True), training=True))
    return d_loss, g_loss
''',
    "player-not-updated": STEP_HEAD + D_UPDATE + '''
    g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    return d_loss, g_loss
''',
    "not-compilable": STEP_HEAD + D_UPDATE + G_UPDATE + '''
    return float(d_loss.numpy()), float(g_loss.numpy())
''',
}

WHY = {
    "01/ex1/not-a-scalar": "forgets to average one of the terms",
    "01/ex1/not-finite": "takes the sigmoid first and the log afterwards",
    "01/ex1/log-clipped": "adds an epsilon inside the log, as many tutorials do",
    "01/ex1/summed": "sums where V has expectations",
    "01/ex1/pooled-mean": "averages one concatenated batch, as a classifier's loss would",
    "01/ex1/targets-swapped": "mixes up which identity belongs to which term",
    "01/ex1/sign": "returns V, the quantity D maximises",
    "01/ex2/saturating": "takes the value function literally",
    "01/ex2/target-zero": "copies D's fake term",
    "01/ex3/zero-over-zero": "divides without thinking of 0/0",
    "01/ex3/swapped": "puts the generator's density on top",
    "01/ex3/hard-decision": "answers as a classifier that must pick a side",
    "01/ex3/ratio": "stops at the likelihood ratio",
    "01/ex3/not-half": "fills the undefined points with 0",
    "01/ex4/not-finite": "multiplies 0 by log 0",
    "01/ex4/rounded": "takes logs of D* itself",
    "01/ex5/fakes-not-recorded": "reuses the first tape's fakes (issue 28)",
    "01/ex5/g-updates-d": "passes both players' variables to the generator's update (issue 28)",
    "01/ex5/old-d": "computes both losses from one forward pass",
    "01/ex5/one-tape": "asks one tape for two gradients",
    "01/ex5/not-compilable": "converts the losses to Python numbers",
}

WRONG = (
    [Wrong("ex1-tests", f"01/ex1/{name}", {"ex1-discriminator-loss": code},
           why=WHY.get(f"01/ex1/{name}", "")) for name, code in D_LOSSES.items()]
    + [Wrong("ex2-tests", f"01/ex2/{name}", {"ex2-generator-loss": code},
             why=WHY.get(f"01/ex2/{name}", "")) for name, code in G_LOSSES.items()]
    + [Wrong("ex3-tests", f"01/ex3/{name}", {"ex3-optimal-discriminator": code},
             why=WHY.get(f"01/ex3/{name}", "")) for name, code in OPTIMAL_D.items()]
    + [Wrong("ex4-tests", f"01/ex4/{name}", {"ex4-game-value": code},
             why=WHY.get(f"01/ex4/{name}", "")) for name, code in GAME_VALUES.items()]
    + [Wrong("ex5-tests", f"01/ex5/{name}", {"ex5-train-step": code},
             why=WHY.get(f"01/ex5/{name}", "")) for name, code in STEPS.items()]
)
