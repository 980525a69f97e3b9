import { HIDDEN_ACTIVATION_NAMES } from '@initlab/models';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/scipy-1.10.1.json' with { type: 'json' };
import { SELU_ALPHA, SELU_SCALE, THEORY_ACTIVATION_NAMES, resolveActivation, type ActivationInput } from './activations.js';
import { TheoryError } from './errors.js';
import { correlationMap, criticalSigmaW2, findRoot, lengthFixedPoint, lengthMap, meanField, bivariateExpectation } from './meanfield.js';
import { erf, gaussianExpectation } from './quadrature.js';

const ERF: ActivationInput = {
  name: 'erf',
  phi: erf,
  dphi: (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x),
  d2phi: (x) => ((-4 * x) / Math.sqrt(Math.PI)) * Math.exp(-x * x),
};
const input = (name: string): ActivationInput => (name === 'erf' ? ERF : (name as ActivationInput));

describe('activations', () => {
  it('cover exactly the hidden-layer activations of @initlab/models', () => {
    expect([...THEORY_ACTIVATION_NAMES]).toEqual([...HIDDEN_ACTIVATION_NAMES]);
  });

  it("use SELU's exact constants: E[selu(z)] = 0 and E[selu(z)²] = 1 for z ~ N(0, 1) (Klambauer et al. 2017)", () => {
    const selu = resolveActivation('selu');
    expect(Math.abs(gaussianExpectation(selu.phi, [0]))).toBeLessThan(1e-15);
    expect(Math.abs(gaussianExpectation((z) => selu.phi(z) ** 2, [0]) - 1)).toBeLessThan(1e-15);
  });

  it('have derivatives that match central differences of φ away from the kinks', () => {
    for (const name of THEORY_ACTIVATION_NAMES) {
      const act = resolveActivation(name);
      for (const x of [-2.3, -0.7, 0.4, 1.9]) {
        const h = 1e-5;
        expect(act.dphi(x)).toBeCloseTo((act.phi(x + h) - act.phi(x - h)) / (2 * h), 8);
        expect(act.d2phi(x)).toBeCloseTo((act.dphi(x + h) - act.dphi(x - h)) / (2 * h), 7);
      }
    }
  });

  it('follow @initlab/models on alpha: leaky_relu 0.2, elu 1 by default; elu α(eˣ − 1) for α ≠ 1 (Keras 3)', () => {
    expect(resolveActivation('leaky_relu').phi(-1)).toBeCloseTo(-0.2, 15);
    expect(resolveActivation({ name: 'elu', alpha: 0.5 }).phi(-1)).toBeCloseTo(0.5 * Math.expm1(-1), 15);
    expect(resolveActivation('gelu').phi(1)).toBeCloseTo(0.5 * (1 + erf(Math.SQRT1_2)), 15);
    expect(resolveActivation('selu').phi(-1)).toBeCloseTo(SELU_SCALE * SELU_ALPHA * Math.expm1(-1), 15);
  });

  it('refuse an unknown name, a stray or bad alpha, and a custom activation without functions', () => {
    expect(() => resolveActivation('swish' as never)).toThrow(/activation must be one of linear, relu, leaky_relu, elu, selu, tanh, sigmoid, softsign, gelu, got "swish"/);
    expect(() => resolveActivation({ name: 'tanh', alpha: 1 })).toThrow(/activation 'tanh' takes no alpha, got 1; only leaky_relu and elu do/);
    expect(() => resolveActivation({ name: 'elu', alpha: -1 })).toThrow(/elu alpha must be a finite number >= 0, got -1/);
    expect(() => resolveActivation({ name: 'mine', phi: Math.sin, dphi: 3, d2phi: Math.sin } as never)).toThrow(/dphi must be a function/);
    expect(() => resolveActivation({ ...(ERF as object), kinks: [1] } as never)).toThrow(/kinks must be \[\] or \[0\], got \[1\]/);
  });
});

describe('closed forms', () => {
  it('linear: q* = σ_b²/(1 − σ_w²), χ₁ = σ_w², c* = 1, ξ_c = −1/ln σ_w², and q⁰ is kept when every q is fixed', () => {
    const r = meanField('linear', { sigmaW2: 0.8, sigmaB2: 0.1 });
    expect(r.qStar).toBeCloseTo(0.5, 14);
    expect(r.chi1).toBeCloseTo(0.8, 14);
    expect(r.cStar).toBe(1);
    expect(r.xiC).toBeCloseTo(-1 / Math.log(0.8), 12);
    expect(r.phase).toBe('ordered');
    expect(lengthFixedPoint('linear', { sigmaW2: 1, sigmaB2: 0 }, { q0: 3.5 })).toBe(3.5);
    expect(meanField('linear', { sigmaW2: 1, sigmaB2: 0 }).phase).toBe('critical');
  });

  it('relu: q* = σ_b²/(1 − σ_w²/2), χ₁ = σ_w²/2, critical σ_w² = 2 (He), and the arc-cosine correlation map', () => {
    const r = meanField('relu', { sigmaW2: 1.5, sigmaB2: 0.1 });
    expect(r.qStar).toBeCloseTo(0.4, 14);
    expect(r.chi1).toBeCloseTo(0.75, 14);
    expect(criticalSigmaW2('relu', { sigmaB2: 0.3 })).toBeCloseTo(2, 13);
    expect(criticalSigmaW2({ name: 'leaky_relu', alpha: 0.1 }, { sigmaB2: 0 })).toBeCloseTo(2 / 1.01, 13);
    const c = 0.3;
    const t = Math.acos(c);
    const k = (Math.sin(t) + (Math.PI - t) * c) / (2 * Math.PI);
    expect(correlationMap('relu', c, { sigmaW2: 1.5, sigmaB2: 0.1 })).toBeCloseTo((1.5 * 0.4 * k + 0.1) / 0.4, 13);
    expect(lengthMap('relu', 2, { sigmaW2: 2, sigmaB2: 0 })).toBeCloseTo(2, 14);
  });

  it('erf: q ↦ σ_w² (2/π) arcsin(2q/(1 + 2q)) + σ_b², and its fixed point solves that closed form', () => {
    const p = { sigmaW2: 2, sigmaB2: 0.05 };
    const map = (q: number) => p.sigmaW2 * (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q)) + p.sigmaB2;
    expect(lengthMap(ERF, 0.7, p)).toBeCloseTo(map(0.7), 13);
    const qStar = findRoot((q) => map(q) - q, 0.1, 5);
    expect(lengthFixedPoint(ERF, p)).toBeCloseTo(qStar, 12);
    // The correlation map in closed form: (σ_w² (2/π) arcsin(2cq/(1 + 2q)) + σ_b²)/q.
    const c = 0.4;
    expect(correlationMap(ERF, c, p, qStar)).toBeCloseTo((p.sigmaW2 * (2 / Math.PI) * Math.asin((2 * c * qStar) / (1 + 2 * qStar)) + p.sigmaB2) / qStar, 12);
  });

  it('tanh with σ_b² = 0: q* = 0 and χ₁ = σ_w² below σ_w² = 1, critical at exactly 1', () => {
    const r = meanField('tanh', { sigmaW2: 0.8, sigmaB2: 0 });
    expect(r.qStar).toBeLessThan(1e-12);
    expect(r.chi1).toBeCloseTo(0.8, 10);
    expect(criticalSigmaW2('tanh', { sigmaB2: 0 })).toBeCloseTo(1, 10);
  });

  it('tanh with σ_b² = 0 just below σ_w² = 1: q* = 0 although 60 iterations leave q far from it', () => {
    // q shrinks by about σ_w² per layer, so 0.9⁶⁰ ≈ 2e-3 and 0.99⁶⁰ ≈ 0.55 are where Newton starts.
    for (const sigmaW2 of [0.9, 0.95, 0.99, 0.999]) {
      expect(lengthFixedPoint('tanh', { sigmaW2, sigmaB2: 0 })).toBe(0);
      const r = meanField('tanh', { sigmaW2, sigmaB2: 0 });
      expect(r.phase).toBe('ordered');
      expect(r.chi1).toBeCloseTo(sigmaW2, 12);
    }
  });
});

describe('against SciPy (scipy.integrate.quad, fixture generate_scipy_fixtures.py)', () => {
  for (const want of fixture.cases) {
    const label = `${want.activation} σ_w² = ${want.sigmaW2}, σ_b² = ${want.sigmaB2}`;
    it(`${label}: q*, c*, χ₁, χ_c, ξ_q, ξ_c to 1e-8`, () => {
      const got = meanField(input(want.activation), { sigmaW2: want.sigmaW2, sigmaB2: want.sigmaB2 });
      for (const key of ['qStar', 'cStar', 'chi1', 'chiC', 'lengthSlope'] as const) {
        expect(Math.abs(got[key] - want[key]), key).toBeLessThan(1e-8);
      }
      // Depth scales diverge at criticality; compare relatively.
      for (const key of ['xiQ', 'xiC'] as const) expect(Math.abs(got[key] / want[key] - 1), key).toBeLessThan(1e-8);
    });
  }

  it('bivariate expectations E[φ(u₁)φ(u₂)] and E[φ′(u₁)φ′(u₂)] at given (q, c) to 1e-10', () => {
    for (const m of fixture.correlationMaps) {
      const act = resolveActivation(m.activation as ActivationInput);
      const kinked = act.kinks.length > 0;
      expect(Math.abs(bivariateExpectation(act.phi, act.phi, m.q, m.q, m.c * m.q, kinked) - m.phiPhi)).toBeLessThan(1e-10);
      expect(Math.abs(bivariateExpectation(act.dphi, act.dphi, m.q, m.q, m.c * m.q, kinked) - m.dphiDphi)).toBeLessThan(1e-10);
    }
  });

  it('the critical σ_w² of tanh at σ_b² = 0.05 to 1e-9 (Schoenholz et al. 2017, fig. 1: ≈ 1.76)', () => {
    const [want] = fixture.critical;
    const got = criticalSigmaW2('tanh', { sigmaB2: want!.sigmaB2 });
    expect(Math.abs(got - want!.sigmaW2)).toBeLessThan(1e-9);
    expect(meanField('tanh', { sigmaW2: got, sigmaB2: 0.05 }).phase).toBe('critical');
    expect(meanField('tanh', { sigmaW2: got, sigmaB2: 0.05 }).xiC).toBeGreaterThan(1e6);
  });
});

describe('phases', () => {
  it('ordered below the critical line (c* = 1), chaotic above it (c* < 1, χ_c < 1)', () => {
    expect(meanField('tanh', { sigmaW2: 1.5, sigmaB2: 0.05 }).phase).toBe('ordered');
    const chaotic = meanField('tanh', { sigmaW2: 2.5, sigmaB2: 0.05 });
    expect(chaotic.phase).toBe('chaotic');
    expect(chaotic.cStar).toBeLessThan(1);
    expect(chaotic.chiC).toBeLessThan(1);
    // SELU with LeCun-normal weights (σ_w² = 1) and no bias sits on the chaotic side: χ₁ ≈ 1.0716.
    expect(meanField('selu', { sigmaW2: 1, sigmaB2: 0 }).phase).toBe('chaotic');
  });
});

describe('argument checks', () => {
  it('refuse bad σ_w², σ_b², q, c and unknown option keys, naming the argument', () => {
    expect(() => meanField('tanh', { sigmaW2: -1, sigmaB2: 0 })).toThrow(/meanField: sigmaW2 must be a finite number > 0, got -1/);
    expect(() => meanField('tanh', { sigmaW2: 1, sigmaB2: Number.NaN })).toThrow(/sigmaB2 must be a finite number >= 0, got NaN/);
    expect(() => meanField('tanh', { sigmaW2: 1, sigmaB2: 0, sigmaW: 1 } as never)).toThrow(/unknown option "sigmaW"/);
    expect(() => lengthMap('tanh', -1, { sigmaW2: 1, sigmaB2: 0 })).toThrow(/q must be a finite number >= 0, got -1/);
    expect(() => correlationMap('tanh', 1.5, { sigmaW2: 1, sigmaB2: 0 })).toThrow(/c must be a number in \[-1, 1\], got 1.5/);
    expect(() => lengthFixedPoint('tanh', { sigmaW2: 1, sigmaB2: 0 }, { q: 1 } as never)).toThrow(/unknown option "q"/);
    expect(() => criticalSigmaW2('tanh', { sigmaB2: 0, x: 1 } as never)).toThrow(TheoryError);
  });

  it('report a map without a finite fixed point as NO_FIXED_POINT', () => {
    expect(() => lengthFixedPoint('relu', { sigmaW2: 2.5, sigmaB2: 0.1 })).toThrow(expect.objectContaining({ code: 'NO_FIXED_POINT' }));
    expect(() => lengthFixedPoint('elu', { sigmaW2: 3, sigmaB2: 0.1 })).toThrow(expect.objectContaining({ code: 'NO_FIXED_POINT' }));
  });
});
