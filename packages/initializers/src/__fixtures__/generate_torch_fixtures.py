"""Writes torch-1.13.0.json: reference values of PyTorch 1.13 (torch.nn.init) and SciPy for the tests.

Run with Debian's PyTorch and SciPy (bookworm: `apt-get install python3-torch python3-scipy`):
    /usr/bin/python3 packages/initializers/src/__fixtures__/generate_torch_fixtures.py
JSON has no infinity, so an infinite bound is written as the string "inf" or "-inf".

What is recorded, and why:
- truncNormal: trunc_normal_ with an infinite bound (a = -inf and/or b = inf). SciPy's truncnorm gives the exact
  mean and variance; PyTorch's own draws (seed 0, float64) give its sample mean and variance, whether every value
  was finite, and its min and max, so the tests can check that initlab and PyTorch sample the same distribution.
- fans: torch.nn.init._calculate_fan_in_and_fan_out for shapes in PyTorch's [out, in, *kernel] layout.
- zeroElement: what each torch.nn.init function does with a zero-element tensor (no-op, warning, or error),
  for the README's list of differences (initlab refuses such shapes).
- broadcast: numpy.broadcast_to(value, shape) for Keras Constant's array values (Keras is not installed here;
  initlab broadcasts by NumPy's rules), or null where NumPy refuses.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
import torch
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(x):
    return "inf" if x == math.inf else "-inf" if x == -math.inf else x


out = {"torch": torch.__version__, "scipy": scipy.__version__, "numpy": np.__version__}

N = 200_000
cases = []
for mean, std, a, b in [
    (0.0, 1.0, -math.inf, math.inf),
    (0.0, 1.0, -math.inf, 0.5),
    (1.0, 2.0, 0.0, math.inf),
    (0.0, 1.0, 3.0, math.inf),
    (-0.5, 0.02, -math.inf, -0.49),
    (0.0, 0.02, -2.0, math.inf),
]:
    alpha, beta = (a - mean) / std, (b - mean) / std
    exact_mean, exact_var = stats.truncnorm.stats(alpha, beta, loc=mean, scale=std, moments="mv")
    torch.manual_seed(0)
    t = torch.empty(N, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.nn.init.trunc_normal_(t, mean=mean, std=std, a=a, b=b)
    cases.append({
        "mean": mean, "std": std, "a": enc(a), "b": enc(b),
        "exactMean": float(exact_mean), "exactVariance": float(exact_var),
        "torchN": N, "torchMean": t.mean().item(), "torchVariance": t.var().item(),
        "torchAllFinite": bool(torch.isfinite(t).all().item()),
        "torchMin": t.min().item(), "torchMax": t.max().item(),
    })
out["truncNormal"] = cases

fans = []
for shape in [[5, 3], [32, 16, 3], [32, 16, 3, 5], [32, 16, 2, 3, 5], [1, 1], [7, 1, 1, 1, 1, 1]]:
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fans.append({"shape": shape, "fanIn": fan_in, "fanOut": fan_out})
out["fans"] = fans

zero = []
for name, call in [
    ("zeros_", lambda t: torch.nn.init.zeros_(t)),
    ("constant_", lambda t: torch.nn.init.constant_(t, 0.5)),
    ("normal_", lambda t: torch.nn.init.normal_(t)),
    ("trunc_normal_", lambda t: torch.nn.init.trunc_normal_(t)),
    ("xavier_uniform_", lambda t: torch.nn.init.xavier_uniform_(t)),
    ("xavier_normal_", lambda t: torch.nn.init.xavier_normal_(t)),
    ("kaiming_uniform_", lambda t: torch.nn.init.kaiming_uniform_(t)),
    ("kaiming_normal_", lambda t: torch.nn.init.kaiming_normal_(t)),
    ("orthogonal_", lambda t: torch.nn.init.orthogonal_(t)),
]:
    for shape in [[0, 3], [3, 0]]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                call(torch.empty(shape))
                outcome = "ok"
            except Exception as error:  # what it raises, for the record
                outcome = f"{type(error).__name__}: {error}"
        zero.append({"function": name, "shape": shape, "outcome": outcome,
                     "warnings": [str(w.message) for w in caught]})
out["zeroElement"] = zero

broadcast = []
for value, shape in [
    ([[0.5, -1.25, 2.0], [3.0, 4.5, -6.0], [7.0, 8.0, 9.75]], [3, 3]),
    ([1.0, 2.0, 3.0], [2, 3]),
    ([[1.0], [2.0]], [2, 3]),
    ([[[1.0, 2.0]], [[3.0, 4.0]]], [2, 3, 2]),
    ([[1.0, 2.0]], [4, 3, 2]),
    ([[5.0]], [2, 2]),
    ([7.0], [3, 1, 2]),
    ([1.0, 2.0, 3.0], [2, 2]),
    ([[1.0, 2.0], [3.0, 4.0]], [2]),
    ([[1.0, 2.0], [3.0, 4.0]], [4, 2]),
    ([1.0, 2.0], [2, 1]),
]:
    try:
        result = np.broadcast_to(np.array(value, dtype=np.float64), shape).reshape(-1).tolist()
    except ValueError:
        result = None
    broadcast.append({"value": value, "shape": shape, "flat": result})
out["broadcast"] = broadcast

with open(os.path.join(HERE, f"torch-{torch.__version__.split('a')[0].split('+')[0]}.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
