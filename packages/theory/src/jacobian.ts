// The input–output Jacobian of a dense network at initialisation, measured, and the moments of JJᵀ's spectrum
// that free probability predicts (Pennington, Schoenholz & Ganguli 2017, "Resurrecting the sigmoid in deep
// learning through dynamical isometry").
import { resolveActivation, type ActivationInput } from './activations.js';
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { lengthFixedPoint } from './meanfield.js';
import { gaussianExpectation } from './quadrature.js';

/**
 * Eigenvalues (ascending) of a symmetric n × n matrix given row-major, by the cyclic Jacobi method (exact to
 * about n·ε·‖A‖; O(n³) per sweep, so meant for n up to a few hundred). The input is not modified.
 *
 * @example
 * ```ts
 * symmetricEigenvalues(new Float64Array([2, 1, 1, 2]), 2); // [1, 3]
 * ```
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): number[] {
  if (!Number.isInteger(n) || n < 1 || matrix.length !== n * n) {
    throw new TheoryError('INVALID_ARGUMENT', `symmetricEigenvalues: matrix must hold n × n = ${n * n} values for n = ${show(n)}, got ${matrix.length}`);
  }
  return [...jacobiEigen(matrix, n).values].sort((x, y) => x - y);
}

/**
 * The cyclic Jacobi method on a symmetric n × n matrix (row-major, not modified): its eigenvalues in the order
 * of the diagonal, and the first component of each eigenvector (row 0 of V = R₁R₂⋯, which is all that Gauss
 * quadrature from a Lanczos tridiagonal needs: the weights are its squares).
 */
export function jacobiEigen(matrix: Float64Array, n: number): { values: number[]; firstComponents: number[] } {
  const a = Float64Array.from(matrix);
  const v0 = new Float64Array(n);
  v0[0] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        const vp = v0[p]!;
        const vq = v0[q]!;
        v0[p] = c * vp - s * vq;
        v0[q] = s * vp + c * vq;
      }
    }
  }
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(a[i * n + i]!);
  return { values, firstComponents: Array.from(v0) };
}

/**
 * Singular values (descending) of a rows × cols matrix (row-major): the square roots of the eigenvalues of
 * MᵀM by {@link symmetricEigenvalues}. Exact up to rounding for the large ones; a singular value below
 * √ε·σ_max loses relative precision (squaring doubles the condition number), which does not matter for the
 * spectra and moments this package compares.
 *
 * @example
 * ```ts
 * singularValues(new Float64Array([3, 0, 0, 4]), 2, 2); // [4, 3]
 * ```
 */
export function singularValues(matrix: Float64Array, rows: number, cols: number): number[] {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || matrix.length !== rows * cols) {
    throw new TheoryError('INVALID_ARGUMENT', `singularValues: matrix must hold rows × cols values, got ${matrix.length} for ${show(rows)} × ${show(cols)}`);
  }
  const g = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < rows; k++) s += matrix[k * cols + i]! * matrix[k * cols + j]!;
      g[i * cols + j] = s;
      g[j * cols + i] = s;
    }
  }
  return symmetricEigenvalues(g, cols)
    .map((v) => Math.sqrt(Math.max(0, v)))
    .sort((x, y) => y - x);
}

/** A square dense network at one input, as {@link networkJacobian} and `jacobianOperator` take it. */
export interface NetworkAtInput {
  readonly weights: readonly Float64Array[];
  readonly biases: readonly Float64Array[];
  readonly input: Float64Array;
  readonly width: number;
}

/** Refuses a network whose layers are not width × width Float64Arrays with width biases, or a wrong input. */
export function checkNetwork(where: string, options: NetworkAtInput): void {
  refuseUnknownKeys(where, options, NETWORK_JACOBIAN_OPTION_KEYS);
  const { weights, biases, input, width: n } = options;
  if (!Number.isInteger(n) || n < 1) throw new TheoryError('INVALID_ARGUMENT', `${where}: width must be a positive integer, got ${show(n)}`);
  if (!Array.isArray(weights) || weights.length === 0 || !Array.isArray(biases) || biases.length !== weights.length) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: weights and biases must be non-empty arrays of the same length, got ${show(weights, { compound: 'length' })} and ${show(biases, { compound: 'length' })}`);
  }
  weights.forEach((w, l) => {
    if (!(w instanceof Float64Array) || w.length !== n * n) throw new TheoryError('INVALID_ARGUMENT', `${where}: weights[${l}] must be a Float64Array of width² = ${n * n} values, got ${show(w)}`);
    if (!(biases[l] instanceof Float64Array) || biases[l].length !== n) throw new TheoryError('INVALID_ARGUMENT', `${where}: biases[${l}] must be a Float64Array of ${n} values, got ${show(biases[l])}`);
  });
  if (!(input instanceof Float64Array) || input.length !== n) throw new TheoryError('INVALID_ARGUMENT', `${where}: input must be a Float64Array of ${n} values, got ${show(input)}`);
}

/** h = W x (+ b), W row-major [out, in]; each h_i sums j = 0 … n−1 in order, starting from b_i. */
export function matVec(w: Float64Array, x: Float64Array, n: number, b: Float64Array | null): Float64Array {
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b === null ? 0 : b[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) s += w[row + j]! * x[j]!;
    h[i] = s;
  }
  return h;
}

/** Option keys of {@link networkJacobian}. */
export const NETWORK_JACOBIAN_OPTION_KEYS = ['weights', 'biases', 'input', 'width'] as const;

/**
 * The input–output Jacobian J = ∂x^L/∂x⁰ = D_L W_L ⋯ D_1 W_1 of a square dense network (every layer
 * width × width, x^l = φ(W_l x^{l−1} + b_l), D_l = diag φ′(h^l)) at the given input, row-major width × width.
 * Weights are row-major [out, in] (h = W x), as a plain Float64Array per layer. Forming J costs O(L·n³); for
 * widths beyond a few hundred use `jacobianOperator` and `lanczosSpectrum` instead.
 *
 * @example
 * ```ts
 * const J = networkJacobian('tanh', { weights: [w1, w2], biases: [b1, b2], input: x, width: 100 });
 * ```
 */
export function networkJacobian(
  activation: ActivationInput,
  options: NetworkAtInput,
): Float64Array {
  checkNetwork('networkJacobian', options);
  const { weights, biases, input, width: n } = options;
  const act = resolveActivation(activation);
  let x = input;
  let jac = new Float64Array(n * n);
  for (let i = 0; i < n; i++) jac[i * n + i] = 1;
  weights.forEach((w, l) => {
    const h = matVec(w, x, n, biases[l]!);
    // J ← D W J.
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const d = act.dphi(h[i]!);
      for (let k = 0; k < n; k++) {
        const wik = w[i * n + k]!;
        if (wik === 0) continue;
        for (let j = 0; j < n; j++) next[i * n + j]! += wik * jac[k * n + j]!;
      }
      for (let j = 0; j < n; j++) next[i * n + j]! *= d;
    }
    jac = next;
    x = h.map(act.phi);
  });
  return jac;
}

/** Weight ensembles {@link predictedJacobianMoments} covers. */
export const JACOBIAN_WEIGHT_ENSEMBLES = ['gaussian', 'orthogonal'] as const;
/** A weight ensemble of {@link JACOBIAN_WEIGHT_ENSEMBLES}. */
export type JacobianWeightEnsemble = (typeof JACOBIAN_WEIGHT_ENSEMBLES)[number];
/** Option keys of {@link predictedJacobianMoments}. */
export const JACOBIAN_MOMENT_OPTION_KEYS = ['sigmaW2', 'sigmaB2', 'depth', 'weights'] as const;

/**
 * The predicted first two moments of the spectrum of JJᵀ (the squared singular values of the input–output
 * Jacobian) of a depth-L square network with i.i.d. Gaussian or scaled-orthogonal weights, every layer's
 * pre-activations at the fixed point q*. With μ_k = E[φ′(√q* z)^{2k}] and, for the weights' WWᵀ/σ_w², the
 * normalised variance s = 1 (Gaussian: Marchenko–Pastur) or 0 (orthogonal), freeness of the layers gives
 *   m₁ = (σ_w² μ₁)^L = χ₁^L,   m₂/m₁² − 1 = L (μ₂/μ₁² − 1 + s),
 * which at criticality (χ₁ = 1) is Pennington, Schoenholz & Ganguli 2017's σ²_{JJᵀ} = L(μ₂/μ₁² − 1 − s₁)
 * (s₁ = −1 Gaussian, 0 orthogonal). Range: the wide limit (width ≫ depth; finite-width corrections are
 * O(L/N)), square layers, and inputs whose q is already at q* (otherwise the first layers differ).
 *
 * @example
 * ```ts
 * predictedJacobianMoments('linear', { sigmaW2: 1, sigmaB2: 0, depth: 4, weights: 'gaussian' }); // m2 = 5 (Fuss–Catalan)
 * ```
 */
export function predictedJacobianMoments(
  activation: ActivationInput,
  options: { readonly sigmaW2: number; readonly sigmaB2: number; readonly depth: number; readonly weights: JacobianWeightEnsemble },
): { qStar: number; mu1: number; mu2: number; m1: number; m2: number; variance: number } {
  const where = 'predictedJacobianMoments';
  refuseUnknownKeys(where, options, JACOBIAN_MOMENT_OPTION_KEYS);
  const { sigmaW2, sigmaB2, depth, weights } = options;
  if (!Number.isInteger(depth) || depth < 1) throw new TheoryError('INVALID_ARGUMENT', `${where}: depth must be a positive integer, got ${show(depth)}`);
  if (!(JACOBIAN_WEIGHT_ENSEMBLES as readonly unknown[]).includes(weights)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: weights must be one of ${JACOBIAN_WEIGHT_ENSEMBLES.join(', ')}, got ${show(weights)}`);
  }
  const act = resolveActivation(activation);
  const qStar = lengthFixedPoint(activation, { sigmaW2, sigmaB2 });
  const s = Math.sqrt(qStar);
  const breaks = act.kinks.length > 0 ? [0] : [];
  const mu1 = qStar === 0 ? act.dphi(0) ** 2 : gaussianExpectation((z) => act.dphi(s * z) ** 2, breaks);
  const mu2 = qStar === 0 ? act.dphi(0) ** 4 : gaussianExpectation((z) => act.dphi(s * z) ** 4, breaks);
  const m1 = (sigmaW2 * mu1) ** depth;
  const relVar = depth * (mu2 / (mu1 * mu1) - 1 + (weights === 'gaussian' ? 1 : 0));
  const m2 = m1 * m1 * (1 + relVar);
  return { qStar, mu1, mu2, m1, m2, variance: m2 - m1 * m1 };
}
