// SELU's self-normalisation (Klambauer et al. 2017, "Self-Normalizing Neural Networks", section 3): with
// z = Σ wᵢ xᵢ, inputs of mean μ and variance ν and weights with ω = Σ wᵢ, τ = Σ wᵢ², z ~ N(μω, ντ) in the wide
// limit, and the next layer's mean and variance are μ̃ = E[selu(z)], ν̃ = Var[selu(z)]. For ω = 0, τ = 1 the
// map has the fixed point (0, 1) exactly for the constants λ, α below, and it is attracting.
import { SELU_ALPHA, SELU_SCALE } from './activations.js';
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { gaussianExpectation } from './quadrature.js';

/** Option keys of {@link seluMoments} and {@link seluFixedPoint}. */
export const SELU_OPTION_KEYS = ['omega', 'tau'] as const;

/** ω = Σ wᵢ and τ = Σ wᵢ² of a unit's incoming weights (Klambauer et al.'s normalised weights: 0 and 1). */
export interface SeluWeightOptions {
  readonly omega?: number;
  readonly tau?: number;
}

const selu = (x: number) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x));

function weights(where: string, options: SeluWeightOptions): { omega: number; tau: number } {
  refuseUnknownKeys(where, options, SELU_OPTION_KEYS);
  const omega = options.omega ?? 0;
  const tau = options.tau ?? 1;
  if (typeof omega !== 'number' || !Number.isFinite(omega)) throw new TheoryError('INVALID_ARGUMENT', `${where}: omega must be a finite number, got ${show(omega)}`);
  if (typeof tau !== 'number' || !Number.isFinite(tau) || tau <= 0) throw new TheoryError('INVALID_ARGUMENT', `${where}: tau must be a finite number > 0, got ${show(tau)}`);
  return { omega, tau };
}

function moments(mu: number, nu: number, omega: number, tau: number): [number, number] {
  const m = mu * omega;
  const s = Math.sqrt(nu * tau);
  const kink = [-m / s];
  const first = gaussianExpectation((z) => selu(m + s * z), kink);
  const second = gaussianExpectation((z) => selu(m + s * z) ** 2, kink);
  return [first, second - first * first];
}

/**
 * Klambauer et al.'s map g: (μ, ν) ↦ (μ̃, ν̃) = (E[selu(z)], Var[selu(z)]), z ~ N(μω, ντ).
 *
 * @example
 * ```ts
 * seluMoments(0, 1); // [≈0, ≈1]: the fixed point
 * ```
 */
export function seluMoments(mu: number, nu: number, options: SeluWeightOptions = {}): [number, number] {
  const where = 'seluMoments';
  const { omega, tau } = weights(where, options);
  if (typeof mu !== 'number' || !Number.isFinite(mu)) throw new TheoryError('INVALID_ARGUMENT', `${where}: mu must be a finite number, got ${show(mu)}`);
  if (typeof nu !== 'number' || !Number.isFinite(nu) || nu <= 0) throw new TheoryError('INVALID_ARGUMENT', `${where}: nu must be a finite number > 0, got ${show(nu)}`);
  return moments(mu, nu, omega, tau);
}

/** SELU's fixed point and the linearisation of the (μ, ν) map there. */
export interface SeluFixedPoint {
  readonly mu: number;
  readonly nu: number;
  /** The Jacobian [[∂μ̃/∂μ, ∂μ̃/∂ν], [∂ν̃/∂μ, ∂ν̃/∂ν]] at the fixed point. */
  readonly jacobian: readonly [readonly [number, number], readonly [number, number]];
  /** Its eigenvalues, as { re, im } (a 2 × 2 real matrix may have a complex pair). */
  readonly eigenvalues: readonly [{ re: number; im: number }, { re: number; im: number }];
  /** The largest |eigenvalue|: below 1 means the fixed point attracts. */
  readonly spectralRadius: number;
  /** The largest singular value (Klambauer et al. bound it below 1: the map is a contraction near the point). */
  readonly spectralNorm: number;
}

/**
 * The fixed point of the (μ, ν) map, found by iterating it from (0, 1) until it no longer moves (for ω = 0,
 * τ = 1 it is (0, 1) to machine precision), and the map's Jacobian there by fourth-order central differences
 * of the quadrature (step 1e-3; error about 1e-11), with its eigenvalues, spectral radius and norm.
 *
 * @example
 * ```ts
 * const fp = seluFixedPoint();
 * fp.spectralRadius < 1; // true: (0, 1) attracts
 * ```
 */
export function seluFixedPoint(options: SeluWeightOptions = {}): SeluFixedPoint {
  const where = 'seluFixedPoint';
  const { omega, tau } = weights(where, options);
  let mu = 0;
  let nu = 1;
  for (let i = 0; i < 500; i++) {
    const [m, n] = moments(mu, nu, omega, tau);
    const moved = Math.abs(m - mu) + Math.abs(n - nu);
    mu = m;
    nu = n;
    if (!(nu > 0) || !Number.isFinite(mu)) break;
    if (moved < 1e-15) break;
  }
  if (!(nu > 0) || !Number.isFinite(mu) || !Number.isFinite(nu)) {
    throw new TheoryError('NO_FIXED_POINT', `${where}: the (mu, nu) map with omega = ${omega}, tau = ${tau} has no finite fixed point reachable from (0, 1)`);
  }
  const h = 1e-3;
  const d = (f: (t: number) => [number, number]): [number, number] => {
    const a = f(2 * h);
    const b = f(h);
    const c = f(-h);
    const e = f(-2 * h);
    return [0, 1].map((k) => (-a[k]! + 8 * b[k]! - 8 * c[k]! + e[k]!) / (12 * h)) as [number, number];
  };
  const dMu = d((t) => moments(mu + t, nu, omega, tau));
  const dNu = d((t) => moments(mu, nu + t, omega, tau));
  const j00 = dMu[0];
  const j10 = dMu[1];
  const j01 = dNu[0];
  const j11 = dNu[1];
  const trace = j00 + j11;
  const det = j00 * j11 - j01 * j10;
  const disc = (trace * trace) / 4 - det;
  const eigenvalues: [{ re: number; im: number }, { re: number; im: number }] =
    disc >= 0
      ? [
          { re: trace / 2 + Math.sqrt(disc), im: 0 },
          { re: trace / 2 - Math.sqrt(disc), im: 0 },
        ]
      : [
          { re: trace / 2, im: Math.sqrt(-disc) },
          { re: trace / 2, im: -Math.sqrt(-disc) },
        ];
  const spectralRadius = Math.max(...eigenvalues.map((e) => Math.hypot(e.re, e.im)));
  // Largest singular value of a 2 × 2 matrix: √(largest eigenvalue of JᵀJ).
  const a = j00 * j00 + j10 * j10;
  const b = j00 * j01 + j10 * j11;
  const c = j01 * j01 + j11 * j11;
  const spectralNorm = Math.sqrt((a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + b * b));
  return {
    mu,
    nu,
    jacobian: [
      [j00, j01],
      [j10, j11],
    ],
    eigenvalues,
    spectralRadius,
    spectralNorm,
  };
}
