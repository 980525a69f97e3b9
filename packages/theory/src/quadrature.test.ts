import { describe, expect, it } from 'vitest';
import { bivariateExpectation } from './meanfield.js';
import {
  erf,
  erfc,
  gaussHermite,
  gaussHermiteExpectation,
  gaussHermiteExpectation2,
  gaussLegendre,
  gaussianExpectation,
  gaussianExpectation2,
} from './quadrature.js';
import { TheoryError } from './errors.js';

// Closed forms used below (Cho & Saul 2009 for the arc-cosine kernel; Williams 1997 for erf):
//   E[relu(u₁) relu(u₂)] = √(qa qb)/(2π) · (sin θ + (π − θ) cos θ),  θ = arccos c
//   E[1(u₁ > 0) 1(u₂ > 0)] = (π − θ)/(2π)
//   E[erf(u₁) erf(u₂)] = (2/π) arcsin(2 qab / √((1 + 2 qa)(1 + 2 qb)))
const relu = (x: number) => (x > 0 ? x : 0);
const step = (x: number) => (x > 0 ? 1 : 0);
function arcCos1(qa: number, qb: number, c: number): number {
  const t = Math.acos(c);
  return (Math.sqrt(qa * qb) / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * Math.cos(t));
}
const erfPair = (qa: number, qb: number, qab: number) => (2 / Math.PI) * Math.asin((2 * qab) / Math.sqrt((1 + 2 * qa) * (1 + 2 * qb)));

function doubleFactorial(k: number): number {
  let p = 1;
  for (let i = k; i > 1; i -= 2) p *= i;
  return p;
}

describe('erf', () => {
  it('matches CPython math.erf / math.erfc (glibc) to 2 ulp, on both branches', () => {
    const reference: [number, number, number][] = [
      [0.1, 0.1124629160182849, 0.8875370839817152],
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [1, 0.8427007929497149, 0.15729920705028513],
      [2, 0.9953222650189527, 0.004677734981047265],
      [2.9, 0.9999589021219005, 4.109787809945886e-5],
      [3, 0.9999779095030014, 2.2090496998585438e-5],
      [3.5, 0.9999992569016276, 7.430983723414128e-7],
      [5, 0.9999999999984626, 1.5374597944280351e-12],
    ];
    for (const [x, e, ec] of reference) {
      expect(Math.abs(erf(x) - e)).toBeLessThanOrEqual(4.5e-16 * e); // within 2 ulp
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erfc(x) - ec) / ec).toBeLessThan(5e-14);
    }
    expect(erf(0)).toBe(0);
    expect(erf(40)).toBe(1);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
  });
});

describe('gaussHermite', () => {
  it('gives the 3-point rule in closed form: nodes ±√3, 0 and weights 1/6, 2/3, 1/6', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3), 15);
    expect(nodes[1]).toBeCloseTo(0, 15);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(3), 15);
    expect(weights[0]).toBeCloseTo(1 / 6, 15);
    expect(weights[1]).toBeCloseTo(2 / 3, 15);
    expect(weights[2]).toBeCloseTo(1 / 6, 15);
  });

  it('integrates every even moment E[z^2k] = (2k−1)!! exactly up to degree 2n − 1, and is cached', () => {
    for (const n of [5, 20, 60]) {
      const rule = gaussHermite(n);
      expect(gaussHermite(n)).toBe(rule);
      let total = 0;
      for (const w of rule.weights) total += w;
      expect(total).toBeCloseTo(1, 14);
      for (let k = 0; 2 * k < 2 * n && k <= 12; k++) {
        const m = gaussHermiteExpectation((z) => z ** (2 * k), n);
        expect(Math.abs(m / doubleFactorial(2 * k - 1) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(gaussHermiteExpectation((z) => z ** (2 * k + 1), n))).toBeLessThan(1e-12 * doubleFactorial(2 * k + 1));
      }
    }
  });

  it('converges for smooth integrands: E[tanh(z)²] with 160 nodes agrees with 600 nodes and with the panel rule to 1e-12', () => {
    const t2 = (z: number) => Math.tanh(z) ** 2;
    const reference = gaussHermiteExpectation(t2, 600);
    expect(Math.abs(gaussHermiteExpectation(t2) - reference)).toBeLessThan(1e-12);
    expect(Math.abs(gaussianExpectation(t2) - reference)).toBeLessThan(1e-13);
  });

  it('is why the maps cut panels at kinks: plain Gauss–Hermite misses E[relu(z)] = 1/√(2π) by more than 1e-6', () => {
    const exact = 1 / Math.sqrt(2 * Math.PI);
    expect(Math.abs(gaussHermiteExpectation(relu) - exact)).toBeGreaterThan(1e-6);
    expect(Math.abs(gaussianExpectation(relu, [0]) - exact)).toBeLessThan(1e-15);
  });

  it('refuses a node count outside 1..2000', () => {
    expect(() => gaussHermite(0)).toThrow(TheoryError);
    expect(() => gaussHermite(2.5)).toThrow(/n must be an integer from 1 to 2000, got 2.5/);
    expect(() => gaussLegendre(5000)).toThrow(/got 5000/);
  });
});

describe('gaussLegendre', () => {
  it('integrates polynomials of degree < 2n exactly on [−1, 1]', () => {
    const { nodes, weights } = gaussLegendre(8);
    for (let k = 0; k < 16; k++) {
      let s = 0;
      for (let i = 0; i < 8; i++) s += weights[i]! * nodes[i]! ** k;
      expect(s).toBeCloseTo(k % 2 === 1 ? 0 : 2 / (k + 1), 14);
    }
  });
});

describe('gaussianExpectation (1-D panels)', () => {
  it('matches closed forms to 1e-13: relu moments, linear q, erf, selu second moment', () => {
    expect(Math.abs(gaussianExpectation((z) => relu(z) ** 2, [0]) - 0.5)).toBeLessThan(1e-14);
    expect(Math.abs(gaussianExpectation((z) => (Math.sqrt(3.7) * z) ** 2) - 3.7)).toBeLessThan(1e-13);
    for (const a of [0.3, 1, 2.5, 8]) {
      // E[erf(a z)²] = (2/π) arcsin(2a²/(1 + 2a²)).
      const expected = (2 / Math.PI) * Math.asin((2 * a * a) / (1 + 2 * a * a));
      expect(Math.abs(gaussianExpectation((z) => erf(a * z) ** 2) - expected)).toBeLessThan(1e-13);
    }
  });

  it('stays accurate for a steep tanh (q = 25) where Gauss–Hermite struggles: E[sech²(5 z)] to 1e-15', () => {
    // Reference: scipy.integrate.quad of sech(5z)² pdf(z) on [−20, 0] and [0, 20], epsabs 1e-17 (SciPy 1.10.1).
    const reference = 0.15703824043745632;
    const sech2 = (z: number) => 1 / Math.cosh(5 * z) ** 2;
    expect(Math.abs(gaussianExpectation(sech2) - reference)).toBeLessThan(1e-15);
    // Gauss–Hermite's poles-near-the-axis problem: even 2000 nodes are off by about 1e-11, 1000 by 3e-8.
    expect(Math.abs(gaussHermiteExpectation(sech2, 2000) - reference)).toBeGreaterThan(1e-12);
    expect(Math.abs(gaussHermiteExpectation(sech2, 2000) - reference)).toBeLessThan(1e-10);
  });
});

describe('gaussianExpectation2 / bivariateExpectation (polar panels)', () => {
  it('reproduces the ReLU arc-cosine kernel to 1e-13 for c from −0.999 to 0.999 and unequal variances', () => {
    for (const [qa, qb] of [[1, 1], [0.4, 2.5], [7, 3]] as const) {
      for (const c of [-0.999, -0.5, 0, 0.3, 0.9, 0.999, 1]) {
        const qab = c * Math.sqrt(qa * qb);
        expect(Math.abs(bivariateExpectation(relu, relu, qa, qb, qab) - arcCos1(qa, qb, c))).toBeLessThan(1e-13);
        const t = Math.acos(c);
        expect(Math.abs(bivariateExpectation(step, step, qa, qb, qab) - (Math.PI - t) / (2 * Math.PI))).toBeLessThan(1e-13);
      }
    }
  });

  it('reproduces linear and erf closed forms to 1e-13', () => {
    for (const [qa, qb, c] of [[1, 1, 0.5], [0.3, 4, -0.8], [9, 9, 0.99]] as const) {
      const qab = c * Math.sqrt(qa * qb);
      expect(Math.abs(bivariateExpectation((x) => x, (x) => x, qa, qb, qab, false) - qab)).toBeLessThan(1e-13 * Math.max(1, qa * qb));
      expect(Math.abs(bivariateExpectation(erf, erf, qa, qb, qab, false) - erfPair(qa, qb, qab))).toBeLessThan(1e-13);
    }
  });

  it('agrees with the 2-D product Gauss–Hermite rule on smooth tanh(u₁) tanh(u₂) to 1e-12', () => {
    const q = 1.2;
    const c = 0.6;
    const s = Math.sqrt(1 - c * c);
    const gh = gaussHermiteExpectation2((z1, z2) => Math.tanh(Math.sqrt(q) * z1) * Math.tanh(Math.sqrt(q) * (c * z1 + s * z2)), 200);
    expect(Math.abs(bivariateExpectation(Math.tanh, Math.tanh, q, q, c * q, false) - gh)).toBeLessThan(1e-12);
  });

  it('integrates a function with kinks along given rays: E[relu(z₁) relu(z₂)] = 1/(2π)', () => {
    expect(Math.abs(gaussianExpectation2((a, b) => relu(a) * relu(b), [0, Math.PI / 2]) - 1 / (2 * Math.PI))).toBeLessThan(1e-14);
  });
});
