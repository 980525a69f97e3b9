"""Writes torch-norm.json: PyTorch's batch and layer normalization on a few small cases, in float64 and float32.

For each case (B rows of U units; one member) this runs, once in torch.float64 and once in torch.float32:

- torch.nn.BatchNorm1d(U) with its defaults (momentum 0.1, eps 1e-5, recorded in the file), weight and bias set to the case's gamma and beta:
  train mode on three batches x1, x2, x3 one after the other (the output y1 of the first, and
  running_mean / running_var after each step: PyTorch updates
      running = (1 - momentum) * running + momentum * batch_stat
  with the UNBIASED batch variance (divided by B - 1) while it normalises with the biased one),
  the gradients of sum(y1 * g) (g a fixed upstream gradient) with respect to x1, weight and bias,
  then eval mode on x1 with the running statistics after the three steps.
- torch.nn.LayerNorm(U) with its default eps (1e-5, recorded), weight and bias set to the case's gamma and beta: the output on x1
  and the gradients of sum(y * g) with respect to x1, weight and bias.

The inputs are drawn in float64 by numpy's RandomState and rounded to float32 first, so both precisions (and
initlab's float32 kernels) see the same numbers. One case has values 1000 + N(0, 1): a one-pass variance
(E[x^2] - E[x]^2) loses most digits there, the two-pass one does not. Every number is written with 9
significant digits (enough to give a float32 back exactly; 5e-10 relative for the float64 results).

Rerun (PyTorch 1.13 and numpy, as Debian's python3 has them here):
    /usr/bin/python3 packages/models/src/__fixtures__/generate_torch_norm.py
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 3

# name, rows B, units U, seed, mean and std of x
CASES = [
    ("B=8, U=5, N(0.5, 2)", 8, 5, 1, 0.5, 2.0),
    ("B=3, U=7, N(-1, 0.7)", 3, 7, 2, -1.0, 0.7),
    ("B=8, U=5, 1000 + N(0, 1)", 8, 5, 3, 1000.0, 1.0),
    ("B=2, U=4, N(0, 1)", 2, 4, 4, 0.0, 1.0),
]


def f32(a):
    return np.asarray(a, dtype=np.float64).astype(np.float32)


def g9(a):
    return [float(f"{float(v):.9g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def run(dtype, xs, gamma, beta, g):
    B, U = xs[0].shape
    t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64), dtype=dtype)
    bn = torch.nn.BatchNorm1d(U).to(dtype)
    with torch.no_grad():
        bn.weight.copy_(t(gamma))
        bn.bias.copy_(t(beta))
    bn.train()
    out = {"running": []}
    for step, xv in enumerate(xs):
        x = t(xv).requires_grad_(True)
        y = bn(x)
        if step == 0:
            (y * t(g)).sum().backward()
            out["trainY"] = g9(y.detach())
            out["dx"] = g9(x.grad)
            out["dGamma"] = g9(bn.weight.grad)
            out["dBeta"] = g9(bn.bias.grad)
        out["running"].append({"mean": g9(bn.running_mean), "variance": g9(bn.running_var)})
    bn.eval()
    with torch.no_grad():
        out["evalY"] = g9(bn(t(xs[0])))

    ln = torch.nn.LayerNorm(U).to(dtype)
    with torch.no_grad():
        ln.weight.copy_(t(gamma))
        ln.bias.copy_(t(beta))
    x = t(xs[0]).requires_grad_(True)
    y = ln(x)
    (y * t(g)).sum().backward()
    out["layer"] = {"y": g9(y.detach()), "dx": g9(x.grad), "dGamma": g9(ln.weight.grad), "dBeta": g9(ln.bias.grad)}
    return out


cases = []
for name, B, U, seed, mu, sd in CASES:
    rs = np.random.RandomState(seed)
    xs = [f32(mu + sd * rs.standard_normal((B, U))) for _ in range(STEPS)]
    gamma = f32(1 + 0.3 * rs.standard_normal(U))
    beta = f32(0.2 * rs.standard_normal(U))
    g = f32(rs.standard_normal((B, U)))
    cases.append({
        "name": name,
        "rows": B,
        "units": U,
        "x": [g9(x) for x in xs],
        "gamma": g9(gamma),
        "beta": g9(beta),
        "upstream": g9(g),
        "float64": run(torch.float64, xs, gamma, beta, g),
        "float32": run(torch.float32, xs, gamma, beta, g),
    })

bn_defaults = torch.nn.BatchNorm1d(1)
doc = {
    "torch": torch.__version__,
    "momentum": bn_defaults.momentum,
    "epsilon": bn_defaults.eps,
    "layerNormEpsilon": torch.nn.LayerNorm(1).eps,
    "steps": STEPS,
    "cases": cases,
}
with open(os.path.join(HERE, "torch-norm.json"), "w") as f:
    json.dump(doc, f, separators=(",", ":"))
    f.write("\n")
