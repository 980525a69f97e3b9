// Mean-field signal propagation (Poole et al. 2016, "Exponential expressivity in deep neural networks through
// transient chaos"; Schoenholz et al. 2017, "Deep Information Propagation"): for a wide dense network with
// W_ij ~ (0, σ_w²/fan_in) and b_i ~ (0, σ_b²), the pre-activations of a layer are Gaussian with second moment q
// and, for two inputs, correlation c, and layer to layer
//   q ↦ σ_w² E[φ(√q z)²] + σ_b²,   c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q*,
// u₁ = √q* z₁, u₂ = √q* (c z₁ + √(1 − c²) z₂).
import { resolveActivation, type Activation, type ActivationInput } from './activations.js';
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { gaussianExpectation, gaussianExpectation2 } from './quadrature.js';

/** The keys of {@link MeanFieldParams}, the one list the unknown-key check uses. */
export const MEAN_FIELD_PARAM_KEYS = ['sigmaW2', 'sigmaB2'] as const;

/** σ_w² (weight variance × fan_in) and σ_b² (bias variance) of a layer. */
export interface MeanFieldParams {
  readonly sigmaW2: number;
  readonly sigmaB2: number;
}

/** The phases of the mean-field maps: χ₁ < 1 ordered, χ₁ = 1 critical, χ₁ > 1 chaotic. */
export const PHASES = ['ordered', 'critical', 'chaotic'] as const;
/** A phase of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** |χ₁ − 1| below which a point counts as critical: the accuracy of the quadrature, with margin. */
export const CRITICAL_TOLERANCE = 1e-9;

/** Activations with φ(a x) = a φ(x) for a > 0: E[φ(√q z)²] = q E[φ(z)²], so q* has a closed form. */
const HOMOGENEOUS = new Set(['linear', 'relu', 'leaky_relu']);

function checkParams(where: string, params: MeanFieldParams): void {
  if (typeof params !== 'object' || params === null) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: params must be an object { sigmaW2, sigmaB2 }, got ${show(params)}`);
  }
  refuseUnknownKeys(where, params, MEAN_FIELD_PARAM_KEYS);
  const { sigmaW2, sigmaB2 } = params;
  if (typeof sigmaW2 !== 'number' || !Number.isFinite(sigmaW2) || sigmaW2 <= 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: sigmaW2 must be a finite number > 0, got ${show(sigmaW2)}`);
  }
  if (typeof sigmaB2 !== 'number' || !Number.isFinite(sigmaB2) || sigmaB2 < 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: sigmaB2 must be a finite number >= 0, got ${show(sigmaB2)}`);
  }
}

function checkQ(where: string, name: string, q: number): void {
  if (typeof q !== 'number' || !Number.isFinite(q) || q < 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: ${name} must be a finite number >= 0, got ${show(q)}`);
  }
}

/** E[f(√q z)] for z ~ N(0, 1), cut at f's kinks. */
function expect1(f: (x: number) => number, q: number, kinks: readonly number[]): number {
  if (q === 0) return f(0);
  const s = Math.sqrt(q);
  return gaussianExpectation((z) => f(s * z), kinks.map((k) => k / s));
}

/**
 * E[f(u₁) g(u₂)] for (u₁, u₂) centred Gaussian with variances qa, qb and covariance qab. Every activation here
 * kinks only at 0, so in polar coordinates its kinks are rays: z₁ = 0 for u₁, c z₁ + s z₂ = 0 for u₂.
 */
export function bivariateExpectation(
  f: (x: number) => number,
  g: (x: number) => number,
  qa: number,
  qb: number,
  qab: number,
  kinked = true,
): number {
  if (qa === 0 || qb === 0) {
    if (qa === 0 && qb === 0) return f(0) * g(0);
    return qa === 0 ? f(0) * expect1(g, qb, kinked ? [0] : []) : g(0) * expect1(f, qa, kinked ? [0] : []);
  }
  const sa = Math.sqrt(qa);
  const sb = Math.sqrt(qb);
  const c = Math.max(-1, Math.min(1, qab / (sa * sb)));
  const s = Math.sqrt(Math.max(0, 1 - c * c));
  if (s === 0) return gaussianExpectation((z) => f(sa * z) * g(sb * c * z), kinked ? [0] : []);
  const rays = kinked ? [Math.PI / 2, Math.atan2(-c, s)] : [];
  return gaussianExpectation2((z1, z2) => f(sa * z1) * g(sb * (c * z1 + s * z2)), rays);
}

/**
 * The length map q ↦ σ_w² E[φ(√q z)²] + σ_b²: the second moment of the next layer's pre-activations.
 *
 * @example
 * ```ts
 * lengthMap('relu', 1, { sigmaW2: 2, sigmaB2: 0 }); // 1
 * ```
 */
export function lengthMap(activation: ActivationInput, q: number, params: MeanFieldParams): number {
  checkParams('lengthMap', params);
  checkQ('lengthMap', 'q', q);
  const act = resolveActivation(activation);
  return params.sigmaW2 * expect1((x) => act.phi(x) ** 2, q, act.kinks) + params.sigmaB2;
}

/** d(length map)/dq = σ_w² E[φ′(√q z)² + φ″(√q z) φ(√q z)] (by Gaussian integration by parts). */
function lengthSlope(act: Activation, q: number, sigmaW2: number): number {
  return sigmaW2 * expect1((x) => act.dphi(x) ** 2 + act.d2phi(x) * act.phi(x), q, act.kinks);
}

/** Options of {@link lengthFixedPoint}. */
export const LENGTH_FIXED_POINT_OPTION_KEYS = ['q0'] as const;

/**
 * The fixed point q* of the length map, reached from q⁰ = `q0` (default 1): plain iteration first (it finds
 * the stable fixed point the network reaches), then Newton's method to full precision. For linear, relu and
 * leaky_relu it is the closed form q* = σ_b² / (1 − σ_w² E[φ(z)²]); when σ_w² E[φ(z)²] = 1 and σ_b² = 0 every q
 * is fixed and q⁰ is returned.
 *
 * @throws {TheoryError} `NO_FIXED_POINT` when q grows without bound (for example relu with σ_w² > 2).
 * @example
 * ```ts
 * lengthFixedPoint('relu', { sigmaW2: 1, sigmaB2: 0.5 }); // 1 = 0.5 / (1 − 1/2)
 * ```
 */
export function lengthFixedPoint(activation: ActivationInput, params: MeanFieldParams, options: { readonly q0?: number } = {}): number {
  const where = 'lengthFixedPoint';
  checkParams(where, params);
  refuseUnknownKeys(where, options, LENGTH_FIXED_POINT_OPTION_KEYS);
  const q0 = options.q0 ?? 1;
  checkQ(where, 'q0', q0);
  const act = resolveActivation(activation);
  const { sigmaW2, sigmaB2 } = params;
  if (HOMOGENEOUS.has(act.name)) {
    const gain = sigmaW2 * expect1((x) => act.phi(x) ** 2, 1, act.kinks);
    if (Math.abs(gain - 1) < 1e-14 && sigmaB2 === 0) return q0;
    if (gain >= 1) {
      throw new TheoryError('NO_FIXED_POINT', `${where}: ${act.name} with sigmaW2 = ${sigmaW2} multiplies q by ${gain} >= 1 each layer, so q has no finite fixed point; use sigmaW2 < ${sigmaW2 / gain}`);
    }
    return sigmaB2 / (1 - gain);
  }
  const map = (q: number) => sigmaW2 * expect1((x) => act.phi(x) ** 2, q, act.kinks) + sigmaB2;
  let q = q0;
  for (let i = 0; i < 60; i++) {
    q = map(q);
    if (!(q < 1e12)) {
      throw new TheoryError('NO_FIXED_POINT', `${where}: ${act.name} with sigmaW2 = ${sigmaW2}, sigmaB2 = ${sigmaB2}: q grows past 1e12 under the length map, so it has no finite fixed point; lower sigmaW2`);
    }
  }
  // An attracting fixed point at 0 (σ_b² = 0, φ(0) = 0, slope σ_w² φ′(0)² < 1: tanh with σ_w² < 1) is where
  // Newton heads when a rounding makes it step past 0; halving towards it would not get there in 100 steps.
  const zeroAttracts = map(0) === 0 && lengthSlope(act, 0, sigmaW2) < 1;
  for (let i = 0; i < 100; i++) {
    const f = map(q) - q;
    const d = lengthSlope(act, q, sigmaW2) - 1;
    let next = q - f / d;
    if (!Number.isFinite(next) || next < 0) next = zeroAttracts ? 0 : q / 2;
    const step = Math.abs(next - q);
    q = next;
    if (step <= 1e-15 * q || q < 1e-300) break;
  }
  // Newton on a map without a fixed point wanders; only a q the map returns is an answer.
  if (!(Math.abs(map(q) - q) <= 1e-12 * Math.max(q, 1e-300) + 1e-300)) {
    throw new TheoryError('NO_FIXED_POINT', `${where}: ${act.name} with sigmaW2 = ${sigmaW2}, sigmaB2 = ${sigmaB2}: the length map has no finite fixed point reachable from q0 = ${q0} (q keeps growing); lower sigmaW2`);
  }
  return q;
}

/**
 * The correlation map at the length fixed point: c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q*, with
 * u₁ = √q* z₁, u₂ = √q* (c z₁ + √(1 − c²) z₂). Pass `qStar` to skip recomputing it.
 *
 * @example
 * ```ts
 * correlationMap('tanh', 1, { sigmaW2: 2, sigmaB2: 0.05 }); // 1 (c = 1 is always fixed)
 * ```
 */
export function correlationMap(activation: ActivationInput, c: number, params: MeanFieldParams, qStar?: number): number {
  const where = 'correlationMap';
  checkParams(where, params);
  if (typeof c !== 'number' || !(c >= -1 && c <= 1)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: c must be a number in [-1, 1], got ${show(c)}`);
  }
  const act = resolveActivation(activation);
  const q = qStar ?? lengthFixedPoint(activation, params);
  checkQ(where, 'qStar', q);
  if (q === 0) return 1;
  return (params.sigmaW2 * bivariateExpectation(act.phi, act.phi, q, q, c * q, act.kinks.length > 0) + params.sigmaB2) / q;
}

/**
 * A root of f in [lo, hi] (f(lo), f(hi) of opposite signs) by the Illinois variant of regula falsi, falling back
 * to bisection: superlinear, never leaves the bracket.
 */
export function findRoot(f: (x: number) => number, lo: number, hi: number, tolerance = 1e-15): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new TheoryError('NO_ROOT', `findRoot: f(lo) and f(hi) must differ in sign, got f(${lo}) = ${fa}, f(${hi}) = ${fb}`);
  }
  let side = 0;
  for (let i = 0; i < 200; i++) {
    let x = (a * fb - b * fa) / (fb - fa);
    if (!(x > Math.min(a, b) && x < Math.max(a, b))) x = (a + b) / 2;
    const fx = f(x);
    if (fx === 0) return x;
    if (Math.sign(fx) === Math.sign(fb)) {
      b = x;
      fb = fx;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = x;
      fa = fx;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) <= tolerance * Math.max(1, Math.abs(x))) break;
  }
  return Math.abs(fa) < Math.abs(fb) ? a : b;
}

function depthScale(slope: number): number {
  // ξ = −1/ln χ: infinite at χ = 1 (and, for a marginal map, above).
  if (slope >= 1) return Number.POSITIVE_INFINITY;
  if (slope <= 0) return 0;
  return -1 / Math.log(slope);
}

/** Everything the mean-field theory says about one (activation, σ_w², σ_b²). */
export interface MeanFieldResult {
  /** Fixed point of the length map (pre-activation second moment). */
  readonly qStar: number;
  /** Stable fixed point of the correlation map (1 in the ordered phase). */
  readonly cStar: number;
  /** χ₁ = σ_w² E[φ′(√q* z)²]: the slope of the correlation map at c = 1; the mean squared singular value of a layer's Jacobian. */
  readonly chi1: number;
  /** χ_c = σ_w² E[φ′(u₁)φ′(u₂)] at c*: the slope of the correlation map at its stable fixed point. */
  readonly chiC: number;
  /** Slope of the length map at q*: χ₁ + σ_w² E[φ″(√q* z) φ(√q* z)]. */
  readonly lengthSlope: number;
  /** ξ_q = −1/ln(χ₁ + σ_w² E[φ″φ]) (Schoenholz et al. 2017): layers over which q approaches q*. */
  readonly xiQ: number;
  /** ξ_c = −1/ln χ_c (Schoenholz et al. 2017): layers over which correlations approach c*. */
  readonly xiC: number;
  readonly phase: Phase;
}

/**
 * The fixed point c* of the correlation map: 1 when χ₁ ≤ 1 (ordered or critical: c = 1 is stable); in the
 * chaotic phase c = 1 is unstable and c* < 1 is the root of the map minus the identity, bracketed by stepping
 * towards 1 until the map falls below the identity.
 *
 * @example
 * ```ts
 * correlationFixedPoint('tanh', { sigmaW2: 4, sigmaB2: 0.05 }); // about 0.2
 * ```
 */
export function correlationFixedPoint(activation: ActivationInput, params: MeanFieldParams): number {
  return meanField(activation, params).cStar;
}

/**
 * q*, c*, χ₁, χ_c, ξ_q, ξ_c and the phase for an activation and (σ_w², σ_b²). When q* = 0 (σ_b² = 0 in the
 * ordered phase of an activation with φ(0) = 0) every input collapses to 0: c* is taken as 1 and χ₁ = σ_w² φ′(0)².
 *
 * @throws {TheoryError} `NO_FIXED_POINT` when q has no finite fixed point.
 * @example
 * ```ts
 * const r = meanField('tanh', { sigmaW2: 2.5, sigmaB2: 0.05 });
 * r.phase; // 'chaotic'
 * ```
 */
export function meanField(activation: ActivationInput, params: MeanFieldParams): MeanFieldResult {
  checkParams('meanField', params);
  const act = resolveActivation(activation);
  const { sigmaW2, sigmaB2 } = params;
  const qStar = lengthFixedPoint(activation, params);
  const kinked = act.kinks.length > 0;
  const chi1 = sigmaW2 * expect1((x) => act.dphi(x) ** 2, qStar, act.kinks);
  const slope = lengthSlope(act, qStar, sigmaW2);
  const phase: Phase = Math.abs(chi1 - 1) <= CRITICAL_TOLERANCE ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';
  let cStar = 1;
  if (phase === 'chaotic' && qStar > 0) {
    const f = (c: number) => (sigmaW2 * bivariateExpectation(act.phi, act.phi, qStar, qStar, c * qStar, kinked) + sigmaB2) / qStar - c;
    let delta = 0.5;
    let upper = 1 - delta;
    let lower = -0.999;
    while (f(upper) >= 0) {
      lower = upper;
      delta /= 2;
      upper = 1 - delta;
      if (delta < 1e-12) break;
    }
    if (delta >= 1e-12) {
      if (f(lower) <= 0) {
        throw new TheoryError('NO_ROOT', `meanField: ${act.name} with sigmaW2 = ${sigmaW2}, sigmaB2 = ${sigmaB2}: could not bracket the correlation fixed point in [${lower}, ${upper}]`);
      }
      cStar = findRoot(f, lower, upper, 1e-15);
    }
  }
  const chiC = cStar === 1 ? chi1 : sigmaW2 * bivariateExpectation(act.dphi, act.dphi, qStar, qStar, cStar * qStar, kinked);
  return { qStar, cStar, chi1, chiC, lengthSlope: slope, xiQ: depthScale(slope), xiC: depthScale(chiC), phase };
}

/** Options of {@link criticalSigmaW2}. */
export const CRITICAL_OPTION_KEYS = ['sigmaB2'] as const;

/**
 * The critical line: the σ_w² at which χ₁ = 1 for a given σ_b² (the edge of chaos). For linear, relu and
 * leaky_relu χ₁ does not depend on q*, so σ_w² = 1 / E[φ′(z)²] (2 for relu); for the others the root of
 * χ₁(σ_w²) − 1, bracketed by doubling σ_w² from 1/4 and found by regula falsi.
 *
 * @throws {TheoryError} `NO_ROOT` when q* diverges before χ₁ reaches 1.
 * @example
 * ```ts
 * criticalSigmaW2('tanh', { sigmaB2: 0 }); // 1
 * ```
 */
export function criticalSigmaW2(activation: ActivationInput, options: { readonly sigmaB2: number }): number {
  const where = 'criticalSigmaW2';
  refuseUnknownKeys(where, options, CRITICAL_OPTION_KEYS);
  const sigmaB2 = options?.sigmaB2;
  if (typeof sigmaB2 !== 'number' || !Number.isFinite(sigmaB2) || sigmaB2 < 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: sigmaB2 must be a finite number >= 0, got ${show(sigmaB2)}`);
  }
  const act = resolveActivation(activation);
  if (HOMOGENEOUS.has(act.name)) return 1 / expect1((x) => act.dphi(x) ** 2, 1, act.kinks);
  const chi1Minus1 = (w: number) => {
    const q = lengthFixedPoint(activation, { sigmaW2: w, sigmaB2 });
    return w * expect1((x) => act.dphi(x) ** 2, q, act.kinks) - 1;
  };
  let lo = 0.25;
  let hi = 0.5;
  if (chi1Minus1(lo) >= 0) throw new TheoryError('NO_ROOT', `${where}: ${act.name} is already chaotic at sigmaW2 = ${lo} with sigmaB2 = ${sigmaB2}`);
  for (;;) {
    let value: number;
    try {
      value = chi1Minus1(hi);
    } catch (e) {
      if (e instanceof TheoryError && e.code === 'NO_FIXED_POINT') {
        throw new TheoryError('NO_ROOT', `${where}: ${act.name} with sigmaB2 = ${sigmaB2}: q* diverges at sigmaW2 = ${hi} before chi1 reaches 1`);
      }
      throw e;
    }
    if (value > 0) break;
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new TheoryError('NO_ROOT', `${where}: ${act.name} with sigmaB2 = ${sigmaB2}: chi1 stays below 1 up to sigmaW2 = 1e6`);
  }
  return findRoot(chi1Minus1, lo, hi, 1e-14);
}
