import { describe, expect, it } from 'vitest';
import { SELU_ALPHA, SELU_SCALE } from './activations.js';
import { meanField } from './meanfield.js';
import { propagate, propagatePair, sigmaW2FromVariance } from './propagate.js';
import { erfc } from './quadrature.js';
import { seluFixedPoint, seluMoments } from './selu.js';

const repeat = (n: number, layer: { sigmaW2: number; sigmaB2: number }) => Array.from({ length: n }, () => layer);

describe('sigmaW2FromVariance', () => {
  it('is variance × fan_in: He 2, LeCun 1, Glorot 2 fan_in/(fan_in + fan_out)', () => {
    expect(sigmaW2FromVariance(2 / 300, 300)).toBeCloseTo(2, 14);
    expect(sigmaW2FromVariance(1 / 64, 64)).toBe(1);
    expect(sigmaW2FromVariance(2 / (100 + 50), 100)).toBeCloseTo(4 / 3, 14);
    expect(() => sigmaW2FromVariance(-1, 3)).toThrow(/variance must be a finite number >= 0, got -1/);
    expect(() => sigmaW2FromVariance(1, 0)).toThrow(/fanIn must be a positive integer, got 0/);
  });
});

describe('propagate', () => {
  it('linear: q¹ = σ_w² q⁰ + σ_b², then q^l = σ_w² q^{l−1} + σ_b², per layer', () => {
    const layers = [{ sigmaW2: 2, sigmaB2: 0.1 }, { sigmaW2: 0.5, sigmaB2: 0 }, { sigmaW2: 3, sigmaB2: 0.2 }];
    const q = propagate('linear', { q0: 1.5, layers });
    expect(q[0]).toBeCloseTo(3.1, 14);
    expect(q[1]).toBeCloseTo(1.55, 14);
    expect(q[2]).toBeCloseTo(4.85, 14);
  });

  it('relu with He weights keeps q after the first layer: q^l = 2 q⁰ for every l (E[relu(√q z)²] = q/2)', () => {
    const q = propagate('relu', { q0: 0.7, layers: repeat(6, { sigmaW2: 2, sigmaB2: 0 }) });
    for (const v of q) expect(v).toBeCloseTo(1.4, 13);
  });

  it('tanh converges to the fixed point q* of meanField', () => {
    const p = { sigmaW2: 2.5, sigmaB2: 0.05 };
    const q = propagate('tanh', { q0: 3, layers: repeat(60, p) });
    expect(q.at(-1)).toBeCloseTo(meanField('tanh', p).qStar, 12);
  });

  it('refuses bad q0, layers and unknown keys', () => {
    expect(() => propagate('tanh', { q0: -1, layers: [{ sigmaW2: 1, sigmaB2: 0 }] })).toThrow(/propagate: q0 must be a finite number >= 0, got -1/);
    expect(() => propagate('tanh', { q0: 1, layers: [] })).toThrow(/layers must be a non-empty array/);
    expect(() => propagate('tanh', { q0: 1, layers: [{ sigmaW2: 1, sigmaB2: -2 }] })).toThrow(/layers\[0\]\.sigmaB2 must be a finite number >= 0, got -2/);
    expect(() => propagate('tanh', { q0: 1, layers: [{ sigmaW2: 1, sigmaB2: 0 }], depth: 3 } as never)).toThrow(/unknown option "depth"/);
    expect(() => propagatePair('tanh', { q0: 1, c0: 2, layers: [{ sigmaW2: 1, sigmaB2: 0 }] })).toThrow(/c0 must be a number in \[-1, 1\], got 2/);
  });
});

describe('propagatePair', () => {
  it('tends to c* and approaches it geometrically with ratio χ_c, i.e. over ξ_c layers (ordered and chaotic)', () => {
    for (const sigmaW2 of [1.5, 2.5, 4]) {
      const p = { sigmaW2, sigmaB2: 0.05 };
      const mf = meanField('tanh', p);
      // Start at the fixed point q* so that only c moves (q⁰ chosen so that q¹ = q*).
      const q0 = (mf.qStar - p.sigmaB2) / p.sigmaW2;
      const { q, c } = propagatePair('tanh', { q0, c0: 0.6, layers: repeat(40, p) });
      expect(q.at(-1)).toBeCloseTo(mf.qStar, 12);
      // After 40 layers the distance to c* has shrunk by about χ_c^39 (e^{−39/ξ_c}).
      expect(Math.abs(c.at(-1)! - mf.cStar)).toBeLessThan(2 * Math.abs(c[0]! - mf.cStar) * mf.chiC ** 39);
      const ratio = (c[30]! - mf.cStar) / (c[29]! - mf.cStar);
      expect(ratio).toBeCloseTo(mf.chiC, 2);
    }
  });
});

describe('SELU (Klambauer et al. 2017)', () => {
  it('(0, 1) is the fixed point of the (μ, ν) map for normalised weights (ω = 0, τ = 1)', () => {
    const [mu, nu] = seluMoments(0, 1);
    expect(Math.abs(mu)).toBeLessThan(1e-15);
    expect(Math.abs(nu - 1)).toBeLessThan(1e-15);
    const fp = seluFixedPoint();
    expect(Math.abs(fp.mu)).toBeLessThan(1e-15);
    expect(Math.abs(fp.nu - 1)).toBeLessThan(1e-14);
  });

  it('has the Jacobian the paper prints, J(0, 1) = [[0, 0.088834], [0, 0.782648]], norm 0.7877 < 1: (0, 1) attracts', () => {
    const fp = seluFixedPoint();
    const [[j00, j01], [j10, j11]] = fp.jacobian;
    expect(Math.abs(j00)).toBeLessThan(1e-10);
    expect(Math.abs(j10)).toBeLessThan(1e-10);
    expect(j01).toBeCloseTo(0.088834, 5);
    expect(j11).toBeCloseTo(0.782648, 6);
    // ∂μ̃/∂ν = ½ E[selu″(z)] with selu″'s Dirac part: ½ (λα e^{1/2} Φ(−1) + λ(1 − α) pdf(0)).
    const phiMinus1 = erfc(Math.SQRT1_2) / 2;
    const exact = 0.5 * (SELU_SCALE * SELU_ALPHA * Math.exp(0.5) * phiMinus1 + (SELU_SCALE * (1 - SELU_ALPHA)) / Math.sqrt(2 * Math.PI));
    expect(Math.abs(j01 - exact)).toBeLessThan(1e-10);
    expect(fp.spectralRadius).toBeCloseTo(j11, 9);
    expect(fp.spectralNorm).toBeCloseTo(0.7877, 4);
    expect(fp.spectralNorm).toBeLessThan(1);
  });

  it('moves away from (0, 1) when the weights are not normalised (τ = 1.5), to a larger variance', () => {
    const fp = seluFixedPoint({ tau: 1.5 });
    expect(fp.nu).toBeGreaterThan(1.1);
    const [m, n] = seluMoments(fp.mu, fp.nu, { tau: 1.5 });
    expect(m).toBeCloseTo(fp.mu, 13);
    expect(n).toBeCloseTo(fp.nu, 13);
    expect(() => seluFixedPoint({ tau: 0 })).toThrow(/tau must be a finite number > 0, got 0/);
    expect(() => seluMoments(0, 1, { lambda: 1 } as never)).toThrow(/unknown option "lambda"/);
  });
});
