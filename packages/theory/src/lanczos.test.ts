import { Rng } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { networkJacobian, predictedJacobianMoments, singularValues } from './jacobian.js';
import { criticalSigmaW2 } from './meanfield.js';
import { jacobianOperator, lanczosSpectrum, type LinearOperator } from './lanczos.js';
import { moments, network } from './testing/networks.js';

/** A diagonal operator with the given singular values. */
function diagonal(sigmas: readonly number[]): LinearOperator {
  const d = Float64Array.from(sigmas);
  const times = (v: Float64Array): Float64Array => v.map((x, i) => x * d[i]!);
  return { size: d.length, apply: times, applyTranspose: times };
}

describe('jacobianOperator', () => {
  it('applies the same J and Jᵀ as the matrix networkJacobian forms, without changing its input', () => {
    const rng = new Rng(4, 'operator');
    const n = 40;
    const net = { ...network(rng, n, 5, 1.8, 0.05, 'gaussian'), input: rng.fillNormal(new Float64Array(n)), width: n };
    const j = networkJacobian('tanh', net);
    const op = jacobianOperator('tanh', net);
    const v = rng.fillNormal(new Float64Array(n));
    const copy = Float64Array.from(v);
    const jv = op.apply(v);
    const jtv = op.applyTranspose(v);
    expect(v).toEqual(copy);
    for (let i = 0; i < n; i++) {
      let row = 0;
      let col = 0;
      for (let k = 0; k < n; k++) {
        row += j[i * n + k]! * v[k]!;
        col += j[k * n + i]! * v[k]!;
      }
      expect(jv[i]).toBeCloseTo(row, 12);
      expect(jtv[i]).toBeCloseTo(col, 12);
    }
  });

  it('refuses a network of the wrong shape and a vector of the wrong length, in one line', () => {
    const n = 3;
    expect(() => jacobianOperator('tanh', { weights: [new Float64Array(4)], biases: [new Float64Array(n)], input: new Float64Array(n), width: n })).toThrow(
      /^jacobianOperator: weights\[0\] must be a Float64Array of width² = 9 values, got /,
    );
    const op = jacobianOperator('linear', { weights: [new Float64Array(9)], biases: [new Float64Array(n)], input: new Float64Array(n), width: n });
    expect(() => op.apply(new Float64Array(2))).toThrow(/^jacobianOperator\.apply: the vector must be a Float64Array of 3 values, got /);
  });
});

describe('lanczosSpectrum', () => {
  it('recovers a known spectrum exactly once the Krylov space is exhausted, with the probe\'s weights', () => {
    const sigmas = [3, 2, 1.5, 1, 0.5, 0.25];
    const est = lanczosSpectrum(diagonal(sigmas), { steps: 6, probes: 3, seed: 1 });
    const squares = sigmas.map((s) => s * s).sort((a, b) => a - b);
    for (const nodes of est.nodes) nodes.forEach((x, i) => expect(x).toBeCloseTo(squares[i]!, 10));
    // Rademacher probes: every coordinate carries weight 1/n, so the quadrature is the exact trace.
    for (const w of est.weights) w.forEach((x) => expect(x).toBeCloseTo(1 / 6, 10));
    expect(est.m1).toBeCloseTo(squares.reduce((a, b) => a + b, 0) / 6, 10);
    expect(est.m2).toBeCloseTo(squares.reduce((a, b) => a + b * b, 0) / 6, 10);
    expect(est.sigmaMax).toBeCloseTo(3, 10);
    expect(est.sigmaMinUpperBound).toBeCloseTo(0.25, 10);
  });

  it('gives an orthogonal linear network singular values 1 at any depth', () => {
    const rng = new Rng(2, 'orthogonal-linear');
    const n = 64;
    const net = { ...network(rng, n, 12, 1, 0, 'orthogonal'), input: rng.fillNormal(new Float64Array(n)), width: n };
    const est = lanczosSpectrum(jacobianOperator('linear', net), { steps: 10, probes: 2, seed: 0 });
    // JᵀJ = I: the first Lanczos step already spans an invariant subspace.
    expect(est.steps).toEqual([1, 1]);
    expect([est.m1, est.m2, est.sigmaMax, est.sigmaMinUpperBound].map((x) => Number(x.toFixed(10)))).toEqual([1, 1, 1, 1]);
  });

  it('estimates a Gaussian tanh network\'s σ_max and moments: σ_max as the exact SVD, m₁ and m₂ within their standard errors', () => {
    const rng = new Rng(7, 'gaussian-tanh');
    const n = 120;
    const net = { ...network(rng, n, 6, 1.76, 0.05, 'gaussian'), input: rng.fillNormal(new Float64Array(n)), width: n };
    const j = networkJacobian('tanh', net);
    const exact = singularValues(j, n, n);
    const [m1, m2] = moments(j, n);
    const est = lanczosSpectrum(jacobianOperator('tanh', net), { steps: 40, probes: 24, seed: 3 });
    expect(est.sigmaMax).toBeCloseTo(exact[0]!, 8);
    expect(est.sigmaMinUpperBound).toBeGreaterThanOrEqual(exact.at(-1)! - 1e-12);
    expect(Math.abs(est.m1 - m1)).toBeLessThan(4 * est.m1StdError);
    expect(Math.abs(est.m2 - m2)).toBeLessThan(4 * est.m2StdError);
    expect(est.m1StdError / est.m1).toBeLessThan(0.1);
    // Same seed, same estimate.
    expect(lanczosSpectrum(jacobianOperator('tanh', net), { steps: 40, probes: 24, seed: 3 })).toEqual(est);
  });

  it('reaches widths the matrix cannot: a 1000-wide critical tanh network matches the free-probability moments', () => {
    const rng = new Rng(11, 'wide');
    const n = 1000;
    const depth = 4;
    const sigmaB2 = 0.05;
    const sigmaW2 = criticalSigmaW2('tanh', { sigmaB2 });
    const pred = predictedJacobianMoments('tanh', { sigmaW2, sigmaB2, depth, weights: 'gaussian' });
    // Inputs whose first pre-activations are at q*, as the prediction assumes: mean square (q* − σ_b²)/σ_w².
    const input = rng.fillNormal(new Float64Array(n), 0, Math.sqrt((pred.qStar - sigmaB2) / sigmaW2));
    const net = { ...network(rng, n, depth, sigmaW2, sigmaB2, 'gaussian'), input, width: n };
    // Moments up to degree 2 need only 2 quadrature nodes (exact to degree 3): many cheap probes instead of long runs.
    const est = lanczosSpectrum(jacobianOperator('tanh', net), { steps: 3, probes: 32, seed: 0 });
    // One draw at finite width: within 4 standard errors of the probes plus 10 % for the draw and the O(L/N) correction.
    expect(Math.abs(est.m1 - pred.m1)).toBeLessThan(4 * est.m1StdError + 0.1 * pred.m1);
    expect(Math.abs(est.m2 - pred.m2)).toBeLessThan(4 * est.m2StdError + 0.1 * pred.m2);
    expect(est.m1StdError).toBeLessThan(0.05);
  });

  it('refuses bad options in one line', () => {
    const op = diagonal([1, 2]);
    expect(() => lanczosSpectrum(op, { steps: 3 })).toThrow("lanczosSpectrum: steps must be an integer in [1, 2] (the operator's size), got 3");
    expect(() => lanczosSpectrum(op, { probes: 0 })).toThrow('lanczosSpectrum: probes must be a positive integer, got 0');
    expect(() => lanczosSpectrum(op, { step: 2 } as never)).toThrow(/lanczosSpectrum: unknown option "step" \(did you mean "steps"\?\)/);
    expect(() => lanczosSpectrum({} as never)).toThrow(/^lanczosSpectrum: op must be a linear operator/);
  });
});
