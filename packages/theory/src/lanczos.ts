// The spectrum of JᵀJ for networks too wide to form J: J applied as a product of layers (O(L·n²) per vector
// instead of O(L·n³) for the matrix), and stochastic Lanczos quadrature (Lanczos 1950; Golub & Welsch 1969;
// Ubaru, Chen & Saad 2017, "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature").
import { Rng } from '@initlab/random';
import { resolveActivation, type ActivationInput } from './activations.js';
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { checkNetwork, jacobiEigen, matVec, type NetworkAtInput } from './jacobian.js';

/** A square linear map given by its products: `apply(v) = J v`, `applyTranspose(u) = Jᵀ u`. */
export interface LinearOperator {
  /** Rows and columns of the map. */
  readonly size: number;
  apply(v: Float64Array): Float64Array;
  applyTranspose(u: Float64Array): Float64Array;
}

/**
 * The input–output Jacobian J = D_L W_L ⋯ D_1 W_1 of a square dense network at one input (as
 * {@link networkJacobian} takes it), as an operator: one forward pass stores D_l = φ′(h^l), then each product
 * costs L matrix–vector products instead of forming J. For widths where the n × n Jacobian is too slow.
 *
 * @example
 * ```ts
 * const J = jacobianOperator('tanh', { weights, biases, input, width: 2000 });
 * J.apply(v); // J v
 * ```
 */
export function jacobianOperator(activation: ActivationInput, options: NetworkAtInput): LinearOperator {
  checkNetwork('jacobianOperator', options);
  const { weights, biases, input, width: n } = options;
  const act = resolveActivation(activation);
  const slopes: Float64Array[] = [];
  let x = input;
  weights.forEach((w, l) => {
    const h = matVec(w, x, n, biases[l]!);
    slopes.push(h.map(act.dphi));
    x = h.map(act.phi);
  });
  const check = (where: string, v: Float64Array): void => {
    if (!(v instanceof Float64Array) || v.length !== n) throw new TheoryError('INVALID_ARGUMENT', `${where}: the vector must be a Float64Array of ${n} values, got ${show(v)}`);
  };
  return {
    size: n,
    apply(v) {
      check('jacobianOperator.apply', v);
      let out = v;
      weights.forEach((w, l) => {
        out = matVec(w, out, n, null);
        const d = slopes[l]!;
        for (let i = 0; i < n; i++) out[i]! *= d[i]!;
      });
      return out;
    },
    applyTranspose(u) {
      check('jacobianOperator.applyTranspose', u);
      let out: Float64Array = Float64Array.from(u);
      for (let l = weights.length - 1; l >= 0; l--) {
        const d = slopes[l]!;
        for (let i = 0; i < n; i++) out[i]! *= d[i]!;
        out = matTVec(weights[l]!, out, n);
      }
      return out;
    },
  };
}

// Wᵀ u, accumulated row by row of W (i = 0 … n−1), so W is read in memory order.
function matTVec(w: Float64Array, u: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += w[row + j]! * ui;
  }
  return out;
}

/** Option keys of {@link lanczosSpectrum}. */
export const LANCZOS_SPECTRUM_OPTION_KEYS = ['steps', 'probes', 'seed'] as const;

/** What {@link lanczosSpectrum} estimates of the spectrum of JᵀJ (the squared singular values of J). */
export interface SpectrumEstimate {
  /** Gauss quadrature nodes (Ritz values of JᵀJ) of every probe, ascending within each probe. */
  nodes: number[][];
  /** Their weights (each probe's sum to 1): the estimated spectral density is their average. */
  weights: number[][];
  /** Estimated m₁ = tr(JᵀJ)/n and m₂ = tr((JᵀJ)²)/n (mean over probes), and the standard error of each mean. */
  m1: number;
  m2: number;
  m1StdError: number;
  m2StdError: number;
  /** √(largest Ritz value): the largest singular value, from below (it converges first). */
  sigmaMax: number;
  /** √(smallest Ritz value): an upper bound on the smallest singular value (it converges last). */
  sigmaMinUpperBound: number;
  /** Lanczos steps taken per probe (fewer than asked when a probe's Krylov space was exhausted). */
  steps: number[];
}

/**
 * The spectrum of JᵀJ without forming it, by stochastic Lanczos quadrature: for each of `probes` Rademacher
 * vectors v (seeded by `seed`), `steps` Lanczos steps on JᵀJ from v/√n, with full reorthogonalisation, give a
 * tridiagonal T whose eigenvalues θ_k and squared first eigenvector components τ_k are a Gauss quadrature of
 * the spectral measure seen from v: vᵀ f(JᵀJ) v / n ≈ Σ τ_k f(θ_k), exact for polynomials of degree < 2·steps.
 * Averaged over probes it estimates tr f(JᵀJ)/n (Hutchinson), so m₁ and m₂ are unbiased up to that quadrature
 * (exact once steps ≥ 2) with the standard errors given. Cost: probes × steps operator products and
 * O(steps² · n) for the reorthogonalisation.
 *
 * @throws {TheoryError} `INVALID_ARGUMENT` for a bad operator, steps, probes or seed; `INVALID_OPTIONS` for an unknown key.
 * @example
 * ```ts
 * const estimate = lanczosSpectrum(jacobianOperator('tanh', network), { steps: 40, probes: 8, seed: 0 });
 * estimate.m1; // ≈ tr(JJᵀ)/n
 * ```
 */
export function lanczosSpectrum(op: LinearOperator, options: { readonly steps?: number; readonly probes?: number; readonly seed?: number } = {}): SpectrumEstimate {
  const where = 'lanczosSpectrum';
  refuseUnknownKeys(where, options, LANCZOS_SPECTRUM_OPTION_KEYS);
  if (typeof op !== 'object' || op === null || typeof op.apply !== 'function' || typeof op.applyTranspose !== 'function' || !Number.isInteger(op.size) || op.size < 1) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: op must be a linear operator { size, apply, applyTranspose } (see jacobianOperator), got ${show(op)}`);
  }
  const n = op.size;
  const steps = options.steps ?? Math.min(n, 40);
  const probes = options.probes ?? 8;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(steps) || steps < 1 || steps > n) throw new TheoryError('INVALID_ARGUMENT', `${where}: steps must be an integer in [1, ${n}] (the operator's size), got ${show(steps)}`);
  if (!Number.isInteger(probes) || probes < 1) throw new TheoryError('INVALID_ARGUMENT', `${where}: probes must be a positive integer, got ${show(probes)}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new TheoryError('INVALID_ARGUMENT', `${where}: seed must be a non-negative integer, got ${show(seed)}`);
  const rng = new Rng(seed, 'lanczos-probes');
  const result: SpectrumEstimate = { nodes: [], weights: [], m1: 0, m2: 0, m1StdError: 0, m2StdError: 0, sigmaMax: 0, sigmaMinUpperBound: Infinity, steps: [] };
  const m1s: number[] = [];
  const m2s: number[] = [];
  for (let p = 0; p < probes; p++) {
    const start = new Float64Array(n);
    for (let i = 0; i < n; i++) start[i] = (rng.uniform() < 0.5 ? -1 : 1) / Math.sqrt(n);
    const { alpha, beta } = lanczos(op, start, steps);
    const k = alpha.length;
    const t = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      t[i * k + i] = alpha[i]!;
      if (i + 1 < k) {
        t[i * k + i + 1] = beta[i]!;
        t[(i + 1) * k + i] = beta[i]!;
      }
    }
    const { values, firstComponents } = jacobiEigen(t, k);
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const nodes = order.map((i) => Math.max(0, values[i]!));
    const weights = order.map((i) => firstComponents[i]! ** 2);
    result.nodes.push(nodes);
    result.weights.push(weights);
    result.steps.push(k);
    m1s.push(nodes.reduce((s, x, i) => s + weights[i]! * x, 0));
    m2s.push(nodes.reduce((s, x, i) => s + weights[i]! * x * x, 0));
    result.sigmaMax = Math.max(result.sigmaMax, Math.sqrt(nodes[k - 1]!));
    result.sigmaMinUpperBound = Math.min(result.sigmaMinUpperBound, Math.sqrt(nodes[0]!));
  }
  const meanAndError = (xs: number[]): [number, number] => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    if (xs.length < 2) return [mean, NaN];
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    return [mean, Math.sqrt(variance / xs.length)];
  };
  [result.m1, result.m1StdError] = meanAndError(m1s);
  [result.m2, result.m2StdError] = meanAndError(m2s);
  return result;
}

/**
 * `steps` Lanczos steps on A = JᵀJ from the unit vector `start`: the diagonal α and off-diagonal β of the
 * tridiagonal T = QᵀAQ. Every new vector is reorthogonalised against all earlier ones (twice, Gram–Schmidt), so
 * no spurious copies of converged Ritz values appear; a β below 1e-12·‖A‖ ends the run early (the Krylov space
 * is exhausted, and T's eigenvalues are then exact eigenvalues of A).
 */
function lanczos(op: LinearOperator, start: Float64Array, steps: number): { alpha: number[]; beta: number[] } {
  const n = op.size;
  const basis: Float64Array[] = [start];
  const alpha: number[] = [];
  const beta: number[] = [];
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    const q = basis[j]!;
    const w = op.applyTranspose(op.apply(q));
    const a = dot(w, q);
    alpha.push(a);
    scale = Math.max(scale, Math.abs(a));
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(w, b);
        for (let i = 0; i < n; i++) w[i]! -= c * b[i]!;
      }
    }
    if (j === steps - 1) break;
    const norm = Math.sqrt(dot(w, w));
    if (norm <= 1e-12 * Math.max(scale, Number.MIN_VALUE)) break;
    beta.push(norm);
    for (let i = 0; i < n; i++) w[i]! /= norm;
    basis.push(w);
  }
  return { alpha, beta };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
