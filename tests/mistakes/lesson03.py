"""Lesson 03's plausible wrong answers, as learners write them (test data, see README.md)."""

from mistake_catalogue import Wrong

import dcgan_course.exercises.batch_norm  # noqa: F401 -- registers the lesson's mistakes

NOTEBOOK = "03-batch-norm"
PREAMBLE = "import numpy as np\nimport tensorflow as tf\n"

# -- exercise 1: the forward pass ----------------------------------------------------------

FORWARD = '''
def batch_norm_train(x, gamma, beta, epsilon=EPSILON):
    x = np.asarray(x, dtype=np.float32)
    axes = AXES
    mean = x.mean(axis=axes)
    variance = x.var(axis=axes, ddof=DDOF)
    y = SCALE * (x - mean) / DIVISOR + SHIFT
    return y, mean, RETURNED
'''
RIGHT_FORWARD = {"EPSILON": "1e-3", "AXES": "tuple(range(x.ndim - 1))", "DDOF": "0",
                 "SCALE": "gamma", "DIVISOR": "np.sqrt(variance + epsilon)", "SHIFT": "beta",
                 "RETURNED": "variance"}


def forward(**changes: str) -> str:
    source = FORWARD
    for name, value in {**RIGHT_FORWARD, **changes}.items():
        source = source.replace(name, value)
    return source


FORWARDS = {
    "unbiased": forward(DDOF="1"),
    "epsilon-outside": forward(DIVISOR="(np.sqrt(variance) + epsilon)"),
    "per-position": forward(AXES="0"),
    "channels-pooled": forward(AXES="None"),
    "no-scale-shift": forward(SCALE="1.0", SHIFT="0.0"),
    "torch-epsilon": forward(EPSILON="1e-5"),
    "standard-deviation": forward(RETURNED="np.sqrt(variance)"),
}

# -- exercise 2: the backward pass ---------------------------------------------------------

BACKWARD = '''
def batch_norm_backward(dy, x, gamma, epsilon=1e-3):
    x = np.asarray(x, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    axes = tuple(range(x.ndim - 1))
    mean, variance = x.mean(axis=axes), x.var(axis=axes)
    inv_std = 1.0 / np.sqrt(variance + epsilon)
    x_hat = (x - mean) * inv_std
    dbeta = dy.sum(axis=SUM_AXES)
    dgamma = (dy * GAMMA_TIMES).sum(axis=SUM_AXES)
    dx_hat = dy * gamma
    dx = inv_std * (dx_hat MEAN_PATH VARIANCE_PATH)
    return dx, FIRST, SECOND
'''
RIGHT_BACKWARD = {"SUM_AXES": "axes", "GAMMA_TIMES": "x_hat",
                  "MEAN_PATH": "- dx_hat.mean(axis=axes)",
                  "VARIANCE_PATH": "- x_hat * (dx_hat * x_hat).mean(axis=axes)",
                  "FIRST": "dgamma", "SECOND": "dbeta"}


def backward(**changes: str) -> str:
    source = BACKWARD
    for name, value in {**RIGHT_BACKWARD, **changes}.items():
        source = source.replace(name, value)
    return source


BACKWARDS = {
    "statistics-constant": backward(MEAN_PATH="", VARIANCE_PATH=""),
    "mean-constant": backward(MEAN_PATH=""),
    "variance-constant": backward(VARIANCE_PATH=""),
    "gamma-beta-swapped": backward(FIRST="dbeta", SECOND="dgamma"),
    "per-position": backward(SUM_AXES="0"),
    "gamma-raw-x": backward(GAMMA_TIMES="x"),
}

# -- exercise 3: the probe -----------------------------------------------------------------

PROBE = '''
def probe_moving_average(box):
    old_mean = np.array(box.moving_mean)
    old_variance = np.array(box.moving_variance)
    rows = np.stack([BASE + 1.0, BASE + 3.0]).astype(np.float32)
    box(rows)
    moved = np.array(box.moving_mean) - OLD_MEAN
    weight = float(np.mean(1.0 - moved / 2.0))
    batch_variance = (np.array(box.moving_variance) - weight * OLD_VARIANCE) / (1.0 - weight)
    kind = "unbiased" if np.mean(batch_variance) > 1.5 else "biased"
    return {"weight_of_old": WEIGHT, "variance": KIND}
'''
RIGHT_PROBE = {"BASE": "old_mean", "OLD_MEAN": "old_mean",
               "OLD_VARIANCE": "old_variance", "WEIGHT": "weight", "KIND": "kind"}


def probe(**changes: str) -> str:
    source = PROBE
    for name, value in {**RIGHT_PROBE, **changes}.items():
        source = source.replace(name, value)
    return source


PROBES = {
    # a batch centred on the current moving mean: no movement, 0 / 0 for the weight
    "no-information": probe(BASE="old_mean - 2.0"),
    "weight-of-new": probe(WEIGHT="1.0 - weight"),
    "assumed-start": probe(BASE="np.zeros(box.channels)", OLD_MEAN="0.0", OLD_VARIANCE="1.0"),
    "variance-kind": probe(KIND='"biased"'),
}
# Two calls counted as one: the mean moves by (1 - w^2) * 2 when both batches sit 2 above
# the moving mean at their own call, so the "weight" read is w^2.
PROBES["two-updates"] = '''
def probe_moving_average(box):
    old_mean = np.array(box.moving_mean)
    old_variance = np.array(box.moving_variance)
    for _ in range(2):
        box(np.stack([old_mean + 1.0, old_mean + 3.0]).astype(np.float32))
    moved = np.array(box.moving_mean) - old_mean
    weight = float(np.mean(1.0 - moved / 2.0))
    batch_variance = (np.array(box.moving_variance) - weight * old_variance) / (1.0 - weight)
    kind = "unbiased" if np.mean(batch_variance) > 1.5 else "biased"
    return {"weight_of_old": weight, "variance": kind}
'''

# -- exercise 4: positions -----------------------------------------------------------------

POSITIONS = {
    "generator-output": '{"generator": [1, 2, 3, 4], "discriminator": [2, 3]}',
    "discriminator-input": '{"generator": [1, 2, 3], "discriminator": [1, 2, 3]}',
    "logit": '{"generator": [1, 2, 3], "discriminator": [2, 3, 4]}',
}

WHY = {
    "03/ex1/unbiased": "np.var(ddof=1), or a statistics course's habit",
    "03/ex1/per-position": "axis=0 copied from the dense case to images",
    "03/ex1/torch-epsilon": "PyTorch's default",
    "03/ex2/statistics-constant": "differentiates x_hat as if mean and variance were fixed",
    "03/ex2/mean-constant": "forgets the path through the mean",
    "03/ex2/variance-constant": "forgets the path through the variance",
    "03/ex3/weight-of-new": "PyTorch's meaning of momentum",
    "03/ex3/assumed-start": "assumes the box is fresh",
    "03/ex3/two-updates": "calls the box twice and reads the change as one update",
    "03/ex3/variance-kind": "never tests the variance",
    "03/ex4/generator-output": "batch norm after every transposed convolution",
}

WRONG = (
    [Wrong("ex1-tests", f"03/ex1/{name}", {"ex1-batch-norm-train": code},
           why=WHY.get(f"03/ex1/{name}", "")) for name, code in FORWARDS.items()]
    + [Wrong("ex2-tests", f"03/ex2/{name}", {"ex2-backward": code},
             why=WHY.get(f"03/ex2/{name}", "")) for name, code in BACKWARDS.items()]
    + [Wrong("ex3-tests", f"03/ex3/{name}", {"ex3-probe": code},
             why=WHY.get(f"03/ex3/{name}", "")) for name, code in PROBES.items()]
    + [Wrong("ex4-tests", f"03/ex4/{name}",
             {"ex4-positions": f"def batch_norm_positions():\n    return {answer}\n"},
             why=WHY.get(f"03/ex4/{name}", "")) for name, answer in POSITIONS.items()]
)
