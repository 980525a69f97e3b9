// Random networks and exact spectral moments shared by the Jacobian tests (test code only; not exported).
import type { Rng } from '@initlab/random';

/** A Haar-orthogonal n × n matrix times `scale`: modified Gram–Schmidt on a Gaussian matrix's rows. */
export function orthogonal(rng: Rng, n: number, scale: number): Float64Array {
  const m = rng.fillNormal(new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += m[i * n + j]! * m[k * n + j]!;
      for (let j = 0; j < n; j++) m[i * n + j]! -= dot * m[k * n + j]!;
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += m[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < n; j++) m[i * n + j]! /= norm;
  }
  // Scale only once every row is orthonormal: the projections above assume unit rows.
  for (let i = 0; i < n * n; i++) m[i]! *= scale;
  return m;
}

export function network(rng: Rng, n: number, depth: number, sigmaW2: number, sigmaB2: number, kind: 'gaussian' | 'orthogonal') {
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let l = 0; l < depth; l++) {
    weights.push(kind === 'gaussian' ? rng.fillNormal(new Float64Array(n * n), 0, Math.sqrt(sigmaW2 / n)) : orthogonal(rng, n, Math.sqrt(sigmaW2)));
    biases.push(sigmaB2 === 0 ? new Float64Array(n) : rng.fillNormal(new Float64Array(n), 0, Math.sqrt(sigmaB2)));
  }
  return { weights, biases };
}

export const meanAndSe = (values: number[]) => {
  const m = values.reduce((a, v) => a + v, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1);
  return { mean: m, se: Math.sqrt(variance / values.length) };
};

/** m₁ = tr(JJᵀ)/N and m₂ = tr((JJᵀ)²)/N = ‖JᵀJ‖²_F/N, without an eigendecomposition. */
export function moments(j: Float64Array, n: number): [number, number] {
  let m1 = 0;
  for (const v of j) m1 += v * v;
  let m2 = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += j[k * n + a]! * j[k * n + b]!;
      m2 += s * s;
    }
  }
  return [m1 / n, m2 / n];
}

