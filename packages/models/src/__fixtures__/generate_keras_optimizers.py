"""Writes keras-optimizers.json: Keras 3 optimizer trajectories, computed in numpy float32.

There is no Keras on the machine that made this file, so each update is written out from Keras 3's own code
and run in float32 (the dtype of a Keras model's variables), step by step:

- keras/src/optimizers/base_optimizer.py `apply`: clip the gradients, then `_apply_weight_decay`
  (`variable.assign(variable - variable * wd * lr)`, every variable, before the update and with the gradient
  of the undecayed variable), then `update_step`.
- keras/src/optimizers/sgd.py `update_step`: `m = m * momentum - g * lr`; `w += m` (nesterov:
  `w += m * momentum - g * lr`); without momentum `w -= g * lr`.
- keras/src/optimizers/adam.py `update_step`: `alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`,
  `m += (g - m) * (1 - beta_1)`, `v += (g**2 - v) * (1 - beta_2)`, amsgrad: `v_hat = maximum(v_hat, v)` and
  `v = v_hat`; `w -= m * alpha / (sqrt(v) + epsilon)`.
- keras/src/optimizers/rmsprop.py `update_step`: `velocity = rho * velocity + (1 - rho) * g**2`; centered:
  `avg = rho * avg + (1 - rho) * g`, `denominator = velocity - avg**2 + epsilon`, else `velocity + epsilon`;
  `increment = lr * g / sqrt(denominator)`; momentum: `m = momentum * m + increment`, `w -= m`; else
  `w -= increment`.

Python floats meet float32 tensors the way Keras's ops do: a hyperparameter expression such as `1 - beta_1` is
evaluated in Python (float64) and then cast to float32; `lr`, `wd`, `beta ** t` are float32 (`ops.cast`).

Run with Debian's numpy (bookworm: `apt-get install python3-numpy`):
    /usr/bin/python3 packages/models/src/__fixtures__/generate_keras_optimizers.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
F = np.float32


class Optimizer:
    def __init__(self, name, learning_rate, weight_decay=None, clip_value=None, **kw):
        self.name, self.lr, self.wd, self.clip_value, self.kw = name, learning_rate, weight_decay, clip_value, kw
        self.iterations = 0
        self.slots = None

    def apply(self, w, g):
        g = g.astype(F)
        if self.clip_value is not None:
            g = np.clip(g, F(-self.clip_value), F(self.clip_value))
        lr = F(self.lr)
        if self.wd is not None:
            w = w - w * F(self.wd) * lr
        if self.slots is None:
            self.slots = {k: np.zeros_like(w) for k in ["m", "v", "v_hat", "avg"]}
        s = self.slots
        kw = self.kw
        if self.name == "sgd":
            momentum = kw.get("momentum", 0.0)
            if momentum != 0:
                mu = F(momentum)
                s["m"] = s["m"] * mu - g * lr
                w = w + (s["m"] * mu - g * lr if kw.get("nesterov", False) else s["m"])
            else:
                w = w - g * lr
        elif self.name == "adam":
            b1, b2, eps = kw.get("beta_1", 0.9), kw.get("beta_2", 0.999), kw.get("epsilon", 1e-7)
            t = F(self.iterations + 1)
            b1p, b2p = np.power(F(b1), t), np.power(F(b2), t)
            alpha = lr * np.sqrt(F(1) - b2p) / (F(1) - b1p)
            s["m"] = s["m"] + (g - s["m"]) * F(1 - b1)
            s["v"] = s["v"] + (np.square(g) - s["v"]) * F(1 - b2)
            v = s["v"]
            if kw.get("amsgrad", False):
                s["v_hat"] = np.maximum(s["v_hat"], s["v"])
                v = s["v_hat"]
            w = w - (s["m"] * alpha) / (np.sqrt(v) + F(eps))
        else:
            rho, eps, momentum = kw.get("rho", 0.9), kw.get("epsilon", 1e-7), kw.get("momentum", 0.0)
            s["v"] = F(rho) * s["v"] + F(1 - rho) * np.square(g)
            if kw.get("centered", False):
                s["avg"] = F(rho) * s["avg"] + F(1 - rho) * g
                denominator = s["v"] - np.square(s["avg"]) + F(eps)
            else:
                denominator = s["v"] + F(eps)
            increment = (lr * g) / np.sqrt(denominator)
            if momentum > 0:
                s["m"] = F(momentum) * s["m"] + increment
                w = w - s["m"]
            else:
                w = w - increment
        self.iterations += 1
        assert w.dtype == F
        return w


def trajectory(name, spec, keras_kwargs, start, grads, source):
    opt = Optimizer(**keras_kwargs)
    w = np.array(start, dtype=F)
    steps = []
    for g in grads:
        w = opt.apply(w, np.array(g, dtype=F))
        steps.append([float(v) for v in w.ravel()])
    return {
        "name": name, "source": source, "spec": spec, "start": [float(v) for v in np.ravel(start)],
        "gradients": [[float(v) for v in np.ravel(g)] for g in grads], "weights": steps,
    }


rng = np.random.RandomState(0)
start = rng.normal(0, 1, size=6).astype(F)
# Large gradients first, then small ones: the second moment falls, which is where amsgrad's maximum differs.
grads = [(rng.normal(0, 1, size=6) * (3.0 if k < 3 else 0.1)).astype(F) for k in range(20)]
golden_start = np.ones(10, dtype=F)
golden_grads = [np.full(10, 0.01, dtype=F)] + [np.arange(1, 11, dtype=F) / F(10)] * 5

cases = [
    # beta2 = 0.9 lets the second moment fall within the 20 steps, so the running maximum matters
    trajectory("adam amsgrad", {"name": "adam", "learningRate": 0.01, "beta2": 0.9, "amsgrad": True},
               dict(name="adam", learning_rate=0.01, beta_2=0.9, amsgrad=True), start, grads, "adam.py"),
    trajectory("adam amsgrad + weightDecay", {"name": "adam", "learningRate": 0.01, "beta2": 0.9, "amsgrad": True, "weightDecay": 0.05},
               dict(name="adam", learning_rate=0.01, beta_2=0.9, amsgrad=True, weight_decay=0.05), start, grads, "adam.py, base_optimizer.py"),
    trajectory("adam weightDecay", {"name": "adam", "learningRate": 0.02, "weightDecay": 0.004},
               dict(name="adam", learning_rate=0.02, weight_decay=0.004), start, grads, "adam.py, base_optimizer.py"),
    trajectory("sgd weightDecay", {"name": "sgd", "learningRate": 0.05, "weightDecay": 0.1},
               dict(name="sgd", learning_rate=0.05, weight_decay=0.1), start, grads, "sgd.py, base_optimizer.py"),
    trajectory("sgd nesterov momentum + weightDecay", {"name": "sgd", "learningRate": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01},
               dict(name="sgd", learning_rate=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), start, grads, "sgd.py"),
    trajectory("sgd weightDecay + clipValue", {"name": "sgd", "learningRate": 0.05, "weightDecay": 0.1, "clipValue": 0.5},
               dict(name="sgd", learning_rate=0.05, weight_decay=0.1, clip_value=0.5), start, grads, "sgd.py, base_optimizer.py"),
    trajectory("rmsprop weightDecay", {"name": "rmsprop", "learningRate": 0.01, "weightDecay": 0.05},
               dict(name="rmsprop", learning_rate=0.01, weight_decay=0.05), start, grads, "rmsprop.py"),
    trajectory("rmsprop centered momentum + weightDecay", {"name": "rmsprop", "learningRate": 0.01, "momentum": 0.5, "centered": True, "weightDecay": 0.02},
               dict(name="rmsprop", learning_rate=0.01, momentum=0.5, centered=True, weight_decay=0.02), start, grads, "rmsprop.py"),
    # The inputs of keras/src/optimizers/*_test.py test_correctness_with_golden (defaults but one option).
    trajectory("golden adam amsgrad", {"name": "adam", "amsgrad": True}, dict(name="adam", learning_rate=0.001, amsgrad=True),
               golden_start, golden_grads, "adam_test.py test_correctness_with_golden"),
    trajectory("golden sgd nesterov", {"name": "sgd", "nesterov": True}, dict(name="sgd", learning_rate=0.01, nesterov=True),
               golden_start, golden_grads, "sgd_test.py test_correctness_with_golden"),
    trajectory("golden rmsprop centered", {"name": "rmsprop", "centered": True}, dict(name="rmsprop", learning_rate=0.001, centered=True),
               golden_start, golden_grads, "rmsprop_test.py test_correctness_with_golden"),
]

# amsgrad must change the numbers on these gradients, or the fixture would not test it
plain = Optimizer(name="adam", learning_rate=0.01, beta_2=0.9)
w = start.copy()
for g in grads:
    w = plain.apply(w, g)
print("amsgrad effect", np.max(np.abs(w - np.array(cases[0]["weights"][-1], dtype=F))))
assert np.max(np.abs(w - np.array(cases[0]["weights"][-1], dtype=F))) > 1e-3

out = {"numpy": np.__version__, "cases": cases}
with open(os.path.join(HERE, "keras-optimizers.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
for c in cases:
    print(c["name"], c["weights"][-1][:3])
