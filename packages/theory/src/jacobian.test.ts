import { Rng } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { criticalSigmaW2 } from './meanfield.js';
import { networkJacobian, predictedJacobianMoments, singularValues, symmetricEigenvalues } from './jacobian.js';
import { meanAndSe, moments, network, orthogonal } from './testing/networks.js';

describe('symmetricEigenvalues / singularValues', () => {
  it('are exact on matrices with known spectra', () => {
    expect(symmetricEigenvalues(new Float64Array([2, 1, 1, 2]), 2).map((v) => Number(v.toFixed(14)))).toEqual([1, 3]);
    // Q diag(5, 3, 1, 0.5) Qᵀ for a random orthogonal Q: singular values 5, 3, 1, 0.5.
    const n = 4;
    const q = orthogonal(new Rng(3), n, 1);
    const d = [5, 3, 1, 0.5];
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) m[i * n + j]! += q[i * n + k]! * d[k]! * q[j * n + k]!;
    singularValues(m, n, n).forEach((s, i) => expect(s).toBeCloseTo(d[i]!, 12));
    expect(() => symmetricEigenvalues(new Float64Array(3), 2)).toThrow(/must hold n × n = 4 values for n = 2, got 3/);
  });
});

describe('input–output Jacobian (Pennington, Schoenholz & Ganguli 2017)', () => {
  it('a linear network with orthogonal weights is an isometry: every singular value is 1 at any depth', () => {
    const n = 60;
    const rng = new Rng(1, 'jacobian-linear-orthogonal');
    const { weights, biases } = network(rng, n, 6, 1, 0, 'orthogonal');
    const j = networkJacobian('linear', { weights, biases, input: rng.fillNormal(new Float64Array(n)), width: n });
    for (const s of singularValues(j, n, n)) expect(s).toBeCloseTo(1, 11);
  });

  it('a linear network with Gaussian weights: m₁ = 1 and m₂ = L + 1 (Fuss–Catalan), measured within 8%', () => {
    const n = 200;
    const depth = 4;
    const predicted = predictedJacobianMoments('linear', { sigmaW2: 1, sigmaB2: 0, depth, weights: 'gaussian' });
    expect(predicted.m1).toBeCloseTo(1, 14);
    expect(predicted.m2).toBeCloseTo(depth + 1, 12);
    const rng = new Rng(2, 'jacobian-linear-gaussian');
    let m1 = 0;
    let m2 = 0;
    const draws = 3;
    for (let d = 0; d < draws; d++) {
      const { weights, biases } = network(rng, n, depth, 1, 0, 'gaussian');
      const [a, b] = moments(networkJacobian('linear', { weights, biases, input: new Float64Array(n), width: n }), n);
      m1 += a / draws;
      m2 += b / draws;
    }
    expect(Math.abs(m1 - 1)).toBeLessThan(0.05);
    expect(Math.abs(m2 / predicted.m2 - 1)).toBeLessThan(0.08);
  });

  it('tanh at the edge of chaos (σ_b² = 0.05): orthogonal weights give a narrower JJᵀ spectrum than Gaussian, as predicted', () => {
    const n = 200;
    const depth = 6;
    const sigmaB2 = 0.05;
    const sigmaW2 = criticalSigmaW2('tanh', { sigmaB2 });
    const results: Record<string, { m1: number; m2: number; predicted: ReturnType<typeof predictedJacobianMoments> }> = {};
    for (const kind of ['gaussian', 'orthogonal'] as const) {
      const predicted = predictedJacobianMoments('tanh', { sigmaW2, sigmaB2, depth, weights: kind });
      expect(predicted.m1).toBeCloseTo(1, 8); // χ₁ = 1 on the critical line
      const rng = new Rng(4, 'jacobian-tanh', kind);
      // Inputs whose first pre-activations are at q*: mean square (q* − σ_b²)/σ_w².
      const scale = Math.sqrt((predicted.qStar - sigmaB2) / sigmaW2);
      // Per-draw moments are noisy (a Gaussian product's spectrum is heavy-tailed), so compare the mean of
      // 12 draws within 4 empirical standard errors plus 5% for the O(L/N) finite-width correction.
      const m1s: number[] = [];
      const m2s: number[] = [];
      for (let d = 0; d < 12; d++) {
        const { weights, biases } = network(rng, n, depth, sigmaW2, sigmaB2, kind);
        const input = rng.fillNormal(new Float64Array(n), 0, scale);
        const [a, b] = moments(networkJacobian('tanh', { weights, biases, input, width: n }), n);
        m1s.push(a);
        m2s.push(b);
      }
      const m1 = meanAndSe(m1s);
      const m2 = meanAndSe(m2s);
      results[kind] = { m1: m1.mean, m2: m2.mean, predicted };
      expect(Math.abs(m1.mean - predicted.m1), `${kind} m1`).toBeLessThan(4 * m1.se + 0.05 * predicted.m1);
      expect(Math.abs(m2.mean - predicted.m2), `${kind} m2`).toBeLessThan(4 * m2.se + 0.05 * predicted.m2);
      expect(m1.se, `${kind} SE of m1`).toBeLessThan(0.1);
    }
    const varG = results.gaussian!.m2 - results.gaussian!.m1 ** 2;
    const varO = results.orthogonal!.m2 - results.orthogonal!.m1 ** 2;
    expect(varO).toBeLessThan(varG / 2);
  }, 60_000);

  it('refuses bad options', () => {
    expect(() => predictedJacobianMoments('tanh', { sigmaW2: 1, sigmaB2: 0, depth: 0, weights: 'gaussian' })).toThrow(/depth must be a positive integer, got 0/);
    expect(() => predictedJacobianMoments('tanh', { sigmaW2: 1, sigmaB2: 0, depth: 2, weights: 'uniform' as never })).toThrow(/weights must be one of gaussian, orthogonal, got "uniform"/);
    expect(() => networkJacobian('tanh', { weights: [new Float64Array(4)], biases: [new Float64Array(2)], input: new Float64Array(3), width: 2 })).toThrow(/input must be a Float64Array of 2 values/);
  });
});
