#!/usr/bin/python3
"""Independent reference values for @initlab/theory's mean-field maps, from SciPy's adaptive quadrature.

Run with Debian's python3-scipy:  /usr/bin/python3 generate_scipy_fixtures.py > scipy-<version>.json

Nothing here shares code with the TypeScript package: the Gaussian expectations are scipy.integrate.quad
(QUADPACK, adaptive Gauss-Kronrod) over the real line, split at every kink; the bivariate ones are nested quad
calls over z1 and z2 with u1 = sqrt(q) z1, u2 = sqrt(q) (c z1 + sqrt(1 - c^2) z2); fixed points by iteration
and scipy.optimize.brentq. Formulas follow Poole et al. 2016 and Schoenholz et al. 2017 ("Deep Information
Propagation"):
  q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2
  c* = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*
  chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2],  chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] at c*
  xi_q = -1 / ln(chi_1 + sigma_w^2 E[phi''(sqrt(q*) z) phi(sqrt(q*) z)]),  xi_c = -1 / ln chi_c
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import integrate, optimize, special

SQRT_2PI = math.sqrt(2 * math.pi)
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
OPTS = dict(epsabs=1e-14, epsrel=1e-13, limit=400)


def pdf(z):
    return math.exp(-0.5 * z * z) / SQRT_2PI


def expect(f, kinks=()):
    """E[f(z)], z ~ N(0,1), split at the kinks (in z)."""
    pts = sorted(kinks)
    edges = [-math.inf] + pts + [math.inf]
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        total += integrate.quad(lambda z: f(z) * pdf(z), a, b, **OPTS)[0]
    return total


def sigmoid(x):
    return special.expit(x)


# phi, phi', phi'' and whether phi kinks at 0, for each activation (the formulas of @initlab/models).
ACTS = {
    'tanh': (math.tanh, lambda x: 1 - math.tanh(x) ** 2, lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2), False),
    'relu': (lambda x: max(x, 0.0), lambda x: 1.0 if x > 0 else 0.0, lambda x: 0.0, True),
    'leaky_relu': (lambda x: x if x > 0 else 0.2 * x, lambda x: 1.0 if x > 0 else 0.2, lambda x: 0.0, True),
    'elu': (lambda x: x if x > 0 else math.expm1(x), lambda x: 1.0 if x > 0 else math.exp(x), lambda x: 0.0 if x > 0 else math.exp(x), True),
    'selu': (
        lambda x: SELU_SCALE * x if x > 0 else SELU_SCALE * SELU_ALPHA * math.expm1(x),
        lambda x: SELU_SCALE if x > 0 else SELU_SCALE * SELU_ALPHA * math.exp(x),
        lambda x: 0.0 if x > 0 else SELU_SCALE * SELU_ALPHA * math.exp(x),
        True,
    ),
    'sigmoid': (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x)), False),
    'gelu': (
        lambda x: 0.5 * x * (1 + math.erf(x / math.sqrt(2))),
        lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * pdf(x),
        lambda x: (2 - x * x) * pdf(x),
        False,
    ),
    'softsign': (
        lambda x: x / (1 + abs(x)),
        lambda x: 1 / (1 + abs(x)) ** 2,
        lambda x: (-2.0 if x > 0 else 2.0) / (1 + abs(x)) ** 3,
        True,
    ),
    # erf(x): not an initlab activation; the closed forms E[erf(u1) erf(u2)] = (2/pi) asin(...) check the 2-D rule.
    'erf': (math.erf, lambda x: 2 / math.sqrt(math.pi) * math.exp(-x * x), lambda x: -4 * x / math.sqrt(math.pi) * math.exp(-x * x), False),
}


def e1(f, q, kinked):
    s = math.sqrt(q)
    return expect(lambda z: f(s * z), [0.0] if kinked else [])


def e2(f, g, q, c, kinked):
    """E[f(u1) g(u2)] by nested quad; the inner integral is split at g's kink z2 = -c z1 / s."""
    s_q = math.sqrt(q)
    s = math.sqrt(max(0.0, 1 - c * c))
    if s == 0:
        return expect(lambda z: f(s_q * z) * g(s_q * c * z), [0.0] if kinked else [])

    def inner(z1):
        k = -c * z1 / s
        return expect(lambda z2: g(s_q * (c * z1 + s * z2)), [k] if kinked else [])

    return expect(lambda z1: f(s_q * z1) * inner(z1), [0.0] if kinked else [])


def q_star(name, w2, b2):
    phi, _, _, kinked = ACTS[name]
    q = 1.0
    for _ in range(200):
        q = w2 * e1(lambda x: phi(x) ** 2, q, kinked) + b2
    # Finish with brentq on a bracket around the iterate.
    g = lambda q: w2 * e1(lambda x: phi(x) ** 2, q, kinked) + b2 - q
    lo, hi = q * 0.9, q * 1.1 + 1e-12
    if g(lo) * g(hi) < 0:
        q = optimize.brentq(g, lo, hi, xtol=1e-15, rtol=1e-15)
    return q


def mean_field(name, w2, b2):
    phi, dphi, d2phi, kinked = ACTS[name]
    q = q_star(name, w2, b2)
    chi1 = w2 * e1(lambda x: dphi(x) ** 2, q, kinked)
    slope = chi1 + w2 * e1(lambda x: d2phi(x) * phi(x), q, kinked)
    c = 1.0
    if chi1 > 1:
        f = lambda c: (w2 * e2(phi, phi, q, c, kinked) + b2) / q - c
        upper = 0.5
        lower = -0.999
        while f(upper) >= 0:
            lower = upper
            upper = 1 - (1 - upper) / 2
        c = optimize.brentq(f, lower, upper, xtol=1e-14, rtol=1e-14)
    chic = chi1 if c == 1.0 else w2 * e2(dphi, dphi, q, c, kinked)
    xi = lambda x: math.inf if x >= 1 else -1 / math.log(x)
    return dict(activation=name, sigmaW2=w2, sigmaB2=b2, qStar=q, cStar=c, chi1=chi1, chiC=chic, lengthSlope=slope, xiQ=xi(slope), xiC=xi(chic))


def critical(name, b2):
    phi, dphi, _, kinked = ACTS[name]
    g = lambda w2: w2 * e1(lambda x: dphi(x) ** 2, q_star(name, w2, b2), kinked) - 1
    return optimize.brentq(g, 1.0, 3.0, xtol=1e-13, rtol=1e-13)


def main():
    cases = []
    for w2 in [1.5, 2.5, 3.0, 4.0]:
        cases.append(mean_field('tanh', w2, 0.05))
    for w in [1.3, 2.5, 4.0]:
        r = mean_field('tanh', w * w, 0.3 ** 2)
        r['sigmaW'] = w
        r['sigmaB'] = 0.3
        cases.append(r)
    cases.append(mean_field('relu', 1.5, 0.1))
    cases.append(mean_field('erf', 2.0, 0.05))
    cases.append(mean_field('erf', 1.2, 0.0))
    for name, w2, b2 in [('leaky_relu', 1.8, 0.1), ('elu', 1.5, 0.1), ('selu', 1.0, 0.0), ('sigmoid', 4.0, 0.1), ('gelu', 2.0, 0.1), ('tanh', 0.8, 0.0), ('softsign', 2.0, 0.05), ('softsign', 6.0, 0.05)]:
        cases.append(mean_field(name, w2, b2))
    # Correlation-map values (not fixed points) at a few c, for the 2-D rule's kinked and smooth cases.
    maps = []
    for name, q, c in [('relu', 1.3, 0.3), ('relu', 0.7, -0.6), ('tanh', 2.0, 0.5), ('tanh', 9.0, 0.95), ('selu', 1.0, 0.2), ('gelu', 1.5, -0.4), ('elu', 2.0, 0.8), ('softsign', 1.5, 0.3)]:
        phi, dphi, _, kinked = ACTS[name]
        maps.append(dict(activation=name, q=q, c=c, phiPhi=e2(phi, phi, q, c, kinked), dphiDphi=e2(dphi, dphi, q, c, kinked)))
    out = dict(
        generator='generate_scipy_fixtures.py',
        scipy=scipy.__version__,
        numpy=np.__version__,
        cases=cases,
        correlationMaps=maps,
        critical=[dict(activation='tanh', sigmaB2=0.05, sigmaW2=critical('tanh', 0.05))],
    )
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
