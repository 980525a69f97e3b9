"""Writes keras-losses.json: Keras 3's probability-space cross-entropies, computed in numpy float32.

There is no Keras on the machine that made this file, so the values are computed here by hand from Keras 3's
own code, in float32 as Keras computes on a float32 model:

- keras/src/backend/numpy/nn.py and keras/src/backend/tensorflow/nn.py, `binary_crossentropy`:
    output = clip(output, epsilon(), 1 - epsilon())
    bce = -(target * log(output) + (1 - target) * log(1 - output))
  and keras/src/losses/losses.py `binary_crossentropy` averages it over the last axis.
- the same files, `categorical_crossentropy`:
    output = output / sum(output, axis=-1); output = clip(output, epsilon(), 1 - epsilon())
    loss = -sum(target * log(output), axis=-1)
- keras/src/backend/tensorflow/nn.py `sparse_categorical_crossentropy` (initlab follows Keras on
  TensorFlow; the numpy backend normalises first instead):
    logits = log(clip(output, epsilon(), 1 - epsilon())); loss = sparse_softmax_cross_entropy(logits)
                                                                = -logits[y] + log(sum(exp(logits)))

`epsilon()` is the Python float 1e-7; on a float32 tensor both clip bounds become float32, so the lower bound
is float32(1e-7) and the upper bound float32(1 - 1e-7) = 1 - 2**-23 (TensorFlow subtracts a float32 constant,
numpy casts the Python bound; both give the same float). That upper bound, not 1 - 1e-7, is what makes
p = 1 cost -log(2**-23) = 15.94 nats instead of -log(1e-7) = 16.12.

The gradients are d(per-sample loss)/d(output) of those float32 formulas, with TensorFlow's rule for
clip_by_value (min/max: the gradient passes where epsilon <= p <= 1 - epsilon, bounds included).

Run with Debian's numpy (bookworm: `apt-get install python3-numpy`):
    /usr/bin/python3 packages/models/src/__fixtures__/generate_keras_losses.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
F = np.float32
EPS = F(1e-7)
HI = F(1.0) - EPS  # float32 arithmetic: 1 - 2**-23
assert HI == F(1.0) - F(2.0**-23)


def clip(p):
    return np.minimum(np.maximum(p, EPS), HI)


def mask(p):
    return ((p >= EPS) & (p <= HI)).astype(F)


def bce(y, p):
    pc = clip(p)
    per_element = -(y * np.log(pc) + (F(1) - y) * np.log(F(1) - pc))
    loss = np.mean(per_element, axis=-1)
    c = F(p.shape[-1])
    grad = ((F(1) - y) / (F(1) - pc) - y / pc) * mask(p) / c
    return loss, grad


def cce(y, p):
    total = np.sum(p, axis=-1, keepdims=True)
    q = p / total
    qc = clip(q)
    loss = -np.sum(y * np.log(qc), axis=-1)
    dq = -(y / qc) * mask(q)
    grad = (dq - np.sum(dq * q, axis=-1, keepdims=True)) / total
    return loss, grad


def scce(y, p):
    pc = clip(p)
    logits = np.log(pc)
    loss = -np.sum(y * logits, axis=-1) + np.log(np.sum(np.exp(logits), axis=-1))
    grad = (F(1) / np.sum(pc, axis=-1, keepdims=True) - y / pc) * mask(p)
    return loss, grad


def case(name, fn, y, p, source):
    y = np.array(y, dtype=F)
    p = np.array(p, dtype=F)
    loss, grad = fn(y, p)
    assert loss.dtype == F and grad.dtype == F
    return {
        "name": name,
        "source": source,
        "yTrue": y.tolist(),
        "yPred": [[float(v) for v in row] for row in p],
        "perSample": [float(v) for v in loss],
        "mean": float(np.mean(loss)),
        "gradient": [[float(v) for v in row] for row in grad],
    }


TINY = float(F(2.0**-24))
BELOW_HI = float(F(1.0) - F(2.0**-24))  # above the upper bound: clipped
AT_HI = float(HI)  # exactly the upper bound: kept, gradient passes
cases = [
    case("bce: the issue's example", bce, [[1, 0], [1, 0]], [[1, 1], [1, 0]],
         "issue 12; keras/src/losses/losses_test.py BinaryCrossentropyTest.test_unweighted: 3.98559"),
    case("bce: keras test_unweighted", bce, [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         [[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]],
         "keras/src/losses/losses_test.py BinaryCrossentropyTest.test_unweighted: 0.20046903"),
    case("bce: keras test_all_correct_unweighted", bce, [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         "keras/src/losses/losses_test.py BinaryCrossentropyTest.test_all_correct_unweighted: 0"),
    case("bce: values at and around the clip bounds", bce, [[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0]],
         [[TINY, TINY, float(EPS), float(EPS)], [BELOW_HI, BELOW_HI, AT_HI, AT_HI], [0.5, 0.25, 0.75, 0.0]],
         "initlab: float32 neighbours of epsilon and 1 - epsilon"),
    case("cce: keras test_unweighted", cce, [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]],
         "keras/src/losses/losses_test.py CategoricalCrossentropyTest.test_unweighted: 0.3239"),
    case("cce: keras test_all_correct_unweighted", cce, [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
         "keras/src/losses/losses_test.py CategoricalCrossentropyTest.test_all_correct_unweighted: 0"),
    case("cce: one-hot predictions of the wrong class and a certain right one", cce, [[0, 1], [1, 0], [0, 1]],
         [[1, 0], [1, 0], [0.25, 0.75]],
         "initlab: p = 0 costs -log(float32(1e-7)); p = 1 costs -log(1 - 2**-23)"),
    case("scce: tensorflow backend, clip then log then renormalise", scce, [[0, 1, 0], [1, 0, 0], [0, 0, 1]],
         [[1, 0, 0], [0.2, 0.3, 0.5], [0, 0, 1]],
         "keras/src/backend/tensorflow/nn.py sparse_categorical_crossentropy"),
]

out = {"numpy": np.__version__, "epsilon": float(EPS), "upperBound": float(HI), "cases": cases}
with open(os.path.join(HERE, "keras-losses.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
for c in cases:
    print(c["name"], c["mean"])
