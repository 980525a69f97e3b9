import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { ModelsError } from './errors.js';
import { NORM_DEFAULTS, type NormConvention } from './network-spec.js';
import {
  batchNormBackward,
  batchNormBackwardValues,
  batchNormEvalForward,
  batchNormEvalValues,
  batchNormTrainForward,
  batchNormTrainValues,
  layerNormBackward,
  layerNormBackwardValues,
  layerNormForward,
  layerNormValues,
  movingStatsValues,
  updateMovingStats,
} from './norm-kernels.js';
import { selectNormKernels } from './norm-wasm.js';

const BACKENDS = ['cpu', 'wasm'] as const;
const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const f32 = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

/** The gap from |v| rounded to float32 to the next float32 up. */
function ulp32(v: number): number {
  const a = new Float32Array([Math.abs(v)]);
  const bits = new Uint32Array(a.buffer);
  const lo = a[0]!;
  bits[0]! += 1;
  return a[0]! - lo;
}

/**
 * `actual` is `expected` (float64) rounded to float32: within half an ulp, plus 2^-40 of `scale` (the size of
 * the terms that were summed or cancelled) for the float64 reference's and the kernel's own float64 rounding
 * (≤ ~1e-14 of the terms here). A float32 accumulation would miss that by ~2^-24 of the terms.
 */
function expectRounded(actual: Float32Array, expected: Float64Array, scale: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const tol = 0.5 * ulp32(e) + 2 ** -40 * scale;
    if (!(Math.abs(actual[i]! - e) <= tol)) expect.fail(`${what}[${i}]: ${actual[i]} vs float64 ${e} (tolerance ${tol})`);
  }
}

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

// ---------------------------------------------------------------- float64 reference, straight from the definitions

/** Batch norm in training, unit by unit, in float64 (x̂ = (x − μ)/√(σ² + ε)). */
function refBatchTrain(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, k: number, rows: number, units: number, eps: number) {
  const at = (m: number, r: number, j: number) => (m * rows + r) * units + j;
  const y = new Float64Array(k * rows * units);
  const xhat = new Float64Array(k * rows * units);
  const mean = new Float64Array(k * units);
  const variance = new Float64Array(k * units);
  const invStd = new Float64Array(k * units);
  for (let m = 0; m < k; m++) {
    for (let j = 0; j < units; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[at(m, r, j)]!;
      const mu = s / rows;
      let q = 0;
      for (let r = 0; r < rows; r++) q += (x[at(m, r, j)]! - mu) ** 2;
      const v = q / rows;
      const sd = Math.sqrt(v + eps);
      mean[m * units + j] = mu;
      variance[m * units + j] = v;
      invStd[m * units + j] = 1 / sd;
      for (let r = 0; r < rows; r++) {
        xhat[at(m, r, j)] = (x[at(m, r, j)]! - mu) / sd;
        y[at(m, r, j)] = gamma[m * units + j]! * xhat[at(m, r, j)]! + beta[m * units + j]!;
      }
    }
  }
  return { y, xhat, mean, variance, invStd };
}

/** Layer norm, row by row, in float64. */
function refLayer(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, k: number, rows: number, units: number, eps: number) {
  const y = new Float64Array(k * rows * units);
  const xhat = new Float64Array(k * rows * units);
  const invStd = new Float64Array(k * rows);
  for (let m = 0; m < k; m++) {
    for (let r = 0; r < rows; r++) {
      const from = (m * rows + r) * units;
      let s = 0;
      for (let j = 0; j < units; j++) s += x[from + j]!;
      const mu = s / units;
      let q = 0;
      for (let j = 0; j < units; j++) q += (x[from + j]! - mu) ** 2;
      const sd = Math.sqrt(q / units + eps);
      invStd[m * rows + r] = 1 / sd;
      for (let j = 0; j < units; j++) {
        xhat[from + j] = (x[from + j]! - mu) / sd;
        y[from + j] = gamma[m * units + j]! * xhat[from + j]! + beta[m * units + j]!;
      }
    }
  }
  return { y, xhat, invStd };
}

/**
 * The normalisation's backward pass in float64 from given x̂ and invStd (the kernels' inputs), over groups of n
 * elements (`index(m, g, t)`: member m, group g, t-th element); dγ, dβ per member and unit over the rows.
 * Returns also, per dx, the size of the terms it cancels (for the tolerance).
 */
function refBackward(dy: ArrayLike<number>, xhat: ArrayLike<number>, gamma: ArrayLike<number>, invStd: ArrayLike<number>, k: number, rows: number, units: number, axis: 'rows' | 'units') {
  const dx = new Float64Array(k * rows * units);
  const terms = new Float64Array(k * rows * units);
  const dGamma = new Float64Array(k * units);
  const dBeta = new Float64Array(k * units);
  const at = (m: number, r: number, j: number) => (m * rows + r) * units + j;
  const [groups, n] = axis === 'rows' ? [units, rows] : [rows, units];
  const index = (m: number, g: number, t: number) => (axis === 'rows' ? at(m, t, g) : at(m, g, t));
  for (let m = 0; m < k; m++) {
    for (let g = 0; g < groups; g++) {
      let s1 = 0;
      let s2 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let t = 0; t < n; t++) {
        const i = index(m, g, t);
        const d = dy[i]! * gamma[m * units + (i % units)]!;
        s1 += d;
        s2 += d * xhat[i]!;
        a1 += Math.abs(d);
        a2 += Math.abs(d * xhat[i]!);
      }
      const inv = axis === 'rows' ? invStd[m * units + g]! : invStd[m * rows + g]!;
      for (let t = 0; t < n; t++) {
        const i = index(m, g, t);
        const d = dy[i]! * gamma[m * units + (i % units)]!;
        dx[i] = (inv / n) * (n * d - s1 - xhat[i]! * s2);
        terms[i] = (inv / n) * (n * Math.abs(d) + a1 + Math.abs(xhat[i]!) * a2);
      }
    }
    for (let j = 0; j < units; j++) {
      for (let r = 0; r < rows; r++) {
        dGamma[m * units + j]! += dy[at(m, r, j)]! * xhat[at(m, r, j)]!;
        dBeta[m * units + j]! += dy[at(m, r, j)]!;
      }
    }
  }
  return { dx, terms, dGamma, dBeta };
}

/** Keras 3, keras/src/layers/normalization/batch_normalization.py, `BatchNormalization.call` in training:
 *      self.moving_mean.assign(moving_mean * self.momentum + mean * (1.0 - self.momentum))
 *      self.moving_variance.assign(moving_variance * self.momentum + variance * (1.0 - self.momentum))
 *  with `mean, variance = self._moments(inputs, mask)` = ops.moments (biased variance). */
const kerasMoving = (moving: number, batch: number, momentum: number): number => moving * momentum + batch * (1.0 - momentum);

interface Case {
  k: number;
  rows: number;
  units: number;
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  dy: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

function makeCase(k: number, rows: number, units: number, seed: number, offset = 0): Case {
  const rng = new Rng(seed, 'norm-kernels');
  const x = rng.fillNormal(new Float32Array(k * rows * units), offset, 1.5);
  const gamma = rng.fillNormal(new Float32Array(k * units), 1, 0.3);
  const beta = rng.fillNormal(new Float32Array(k * units), 0, 0.2);
  const dy = rng.fillNormal(new Float32Array(k * rows * units));
  const movingMean = rng.fillNormal(new Float32Array(k * units), offset, 0.5);
  const movingVariance = Float32Array.from(rng.fillNormal(new Float32Array(k * units)), (v) => 0.5 + v * v);
  return { k, rows, units, x, gamma, beta, dy, movingMean, movingVariance };
}

const SHAPES: [number, number, number][] = [
  [1, 2, 1],
  [3, 5, 7],
  [2, 16, 4],
  [2, 33, 13],
  [1, 128, 3],
];

describe('norm kernels: values against the float64 definitions', () => {
  it('batch norm forward in training and evaluation', () => {
    for (const [n, [k, rows, units]] of SHAPES.entries()) {
      for (const offset of [0, 1000]) {
        const c = makeCase(k, rows, units, n, offset);
        const eps = NORM_DEFAULTS.keras.epsilon;
        const ours = batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, eps);
        const ref = refBatchTrain(c.x, c.gamma, c.beta, k, rows, units, eps);
        const xScale = (maxAbs(c.x) + maxAbs(ref.mean)) * maxAbs(ref.invStd);
        expectRounded(ours.mean, ref.mean, maxAbs(c.x), 'mean');
        expectRounded(ours.variance, ref.variance, maxAbs(ref.variance) + maxAbs(c.x) ** 2, 'variance');
        expectRounded(ours.invStd, ref.invStd, maxAbs(ref.invStd), 'invStd');
        expectRounded(ours.xhat, ref.xhat, xScale, 'xhat');
        expectRounded(ours.y, ref.y, xScale * maxAbs(c.gamma) + maxAbs(c.beta), 'y');
        const evalY = batchNormEvalValues(c.x, c.gamma, c.beta, c.movingMean, c.movingVariance, k, rows, units, eps);
        const refEval = Float64Array.from(c.x, (v, i) => {
          const j = i % units;
          const p = Math.floor(i / (rows * units)) * units + j;
          return (c.gamma[p]! * (v - c.movingMean[p]!)) / Math.sqrt(c.movingVariance[p]! + eps) + c.beta[p]!;
        });
        expectRounded(evalY, refEval, (maxAbs(c.x) + maxAbs(c.movingMean)) * maxAbs(c.gamma) * 2 + maxAbs(c.beta), 'eval y');
      }
    }
  });

  it('the two-pass variance survives a large mean (1000 + N(0, 1.5²)), where a float32 one-pass E[x²] − E[x]² does not', () => {
    const [rows, units] = [64, 3];
    const c = makeCase(1, rows, units, 7, 1000);
    const ours = batchNormTrainValues(c.x, c.gamma, c.beta, 1, rows, units, 1e-5);
    const ref = refBatchTrain(c.x, c.gamma, c.beta, 1, rows, units, 1e-5);
    for (let j = 0; j < units; j++) {
      expect(Math.abs(ours.variance[j]! - ref.variance[j]!)).toBeLessThanOrEqual(0.5 * ulp32(ref.variance[j]!));
      // what the cancellation costs: the float32 one-pass formula is off by thousands of ulps
      let s = 0;
      let q = 0;
      for (let r = 0; r < rows; r++) {
        const v = c.x[r * units + j]!;
        s = Math.fround(s + v);
        q = Math.fround(q + Math.fround(v * v));
      }
      const mean = Math.fround(s / rows);
      const onePass = Math.fround(Math.fround(q / rows) - Math.fround(mean * mean));
      expect(Math.abs(onePass - ref.variance[j]!)).toBeGreaterThan(1000 * ulp32(ref.variance[j]!));
    }
  });

  it('batch norm and layer norm backward, from the stored float32 x̂ and invStd', () => {
    for (const [n, [k, rows, units]] of SHAPES.entries()) {
      const c = makeCase(k, rows, units, 10 + n);
      const f = batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, 1e-3);
      const g = batchNormBackwardValues(c.dy, f.xhat, c.gamma, f.invStd, k, rows, units);
      const ref = refBackward(c.dy, f.xhat, c.gamma, f.invStd, k, rows, units, 'rows');
      expectRounded(g.dx, ref.dx, maxAbs(ref.terms), 'bn dx');
      expectRounded(g.dGamma, ref.dGamma, rows * maxAbs(c.dy) * maxAbs(f.xhat), 'bn dGamma');
      expectRounded(g.dBeta, ref.dBeta, rows * maxAbs(c.dy), 'bn dBeta');

      const lf = layerNormValues(c.x, c.gamma, c.beta, k, rows, units, 1e-5);
      const lref = refLayer(c.x, c.gamma, c.beta, k, rows, units, 1e-5);
      const lScale = (maxAbs(c.x) + 1) * maxAbs(lref.invStd);
      expectRounded(lf.xhat, lref.xhat, lScale, 'ln xhat');
      expectRounded(lf.invStd, lref.invStd, maxAbs(lref.invStd), 'ln invStd');
      expectRounded(lf.y, lref.y, lScale * maxAbs(c.gamma) + maxAbs(c.beta), 'ln y');
      const lg = layerNormBackwardValues(c.dy, lf.xhat, c.gamma, lf.invStd, k, rows, units);
      const lgRef = refBackward(c.dy, lf.xhat, c.gamma, lf.invStd, k, rows, units, 'units');
      expectRounded(lg.dx, lgRef.dx, maxAbs(lgRef.terms), 'ln dx');
      expectRounded(lg.dGamma, lgRef.dGamma, rows * maxAbs(c.dy) * maxAbs(lf.xhat), 'ln dGamma');
      expectRounded(lg.dBeta, lgRef.dBeta, rows * maxAbs(c.dy), 'ln dBeta');
    }
  });

  it('moving statistics: Keras 3 and PyTorch rules, and the defaults of each', () => {
    // Keras 3: BatchNormalization.__init__(self, axis=-1, momentum=0.99, epsilon=1e-3, ...) and
    // LayerNormalization.__init__(self, axis=-1, epsilon=1e-3, ...) (keras/src/layers/normalization/);
    // PyTorch's are checked against torch itself below
    expect(NORM_DEFAULTS.keras).toEqual({ momentum: 0.99, epsilon: 1e-3 });
    const c = makeCase(3, 6, 5, 21);
    const f = batchNormTrainValues(c.x, c.gamma, c.beta, 3, 6, 5, 1e-3);
    const keras = movingStatsValues(c.movingMean, c.movingVariance, f.mean, f.variance, 6, 'keras', NORM_DEFAULTS.keras.momentum);
    const torch = movingStatsValues(c.movingMean, c.movingVariance, f.mean, f.variance, 6, 'pytorch', NORM_DEFAULTS.pytorch.momentum);
    const mom = NORM_DEFAULTS.pytorch.momentum;
    expectRounded(keras.movingMean, Float64Array.from(c.movingMean, (v, i) => kerasMoving(v, f.mean[i]!, 0.99)), 0, 'keras mean');
    expectRounded(keras.movingVariance, Float64Array.from(c.movingVariance, (v, i) => kerasMoving(v, f.variance[i]!, 0.99)), 0, 'keras variance');
    // torch.nn.functional.batch_norm: running_var uses the unbiased variance, Σ(x − μ)²/(B − 1)
    expectRounded(torch.movingMean, Float64Array.from(c.movingMean, (v, i) => (1 - mom) * v + mom * f.mean[i]!), 0, 'pytorch mean');
    expectRounded(torch.movingVariance, Float64Array.from(c.movingVariance, (v, i) => (1 - mom) * v + mom * ((f.variance[i]! * 6) / 5)), 2 ** -30, 'pytorch variance');
    // Keras's momentum 0.99 is PyTorch's 0.01 for the mean, but the variances differ by the B/(B − 1) factor
    const torchAsKeras = movingStatsValues(c.movingMean, c.movingVariance, f.mean, f.variance, 6, 'pytorch', 1 - 0.99);
    for (let i = 0; i < 15; i++) {
      expect(Math.abs(torchAsKeras.movingMean[i]! - keras.movingMean[i]!)).toBeLessThanOrEqual(ulp32(keras.movingMean[i]!));
      expect(torchAsKeras.movingVariance[i]! - keras.movingVariance[i]!).toBeCloseTo(0.01 * (f.variance[i]! / 5), 6);
    }
  });

  it('a member gets the same bits alone as in a K = 3 stack', () => {
    const [k, rows, units] = [3, 9, 6];
    const c = makeCase(k, rows, units, 31);
    const all = {
      bn: batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, 1e-3),
      ev: batchNormEvalValues(c.x, c.gamma, c.beta, c.movingMean, c.movingVariance, k, rows, units, 1e-3),
      ln: layerNormValues(c.x, c.gamma, c.beta, k, rows, units, 1e-5),
    };
    const allBack = batchNormBackwardValues(c.dy, all.bn.xhat, c.gamma, all.bn.invStd, k, rows, units);
    const allLnBack = layerNormBackwardValues(c.dy, all.ln.xhat, c.gamma, all.ln.invStd, k, rows, units);
    const allMoving = movingStatsValues(c.movingMean, c.movingVariance, all.bn.mean, all.bn.variance, rows, 'pytorch', 0.1);
    for (let m = 0; m < k; m++) {
      const big = (a: Float32Array) => a.slice(m * rows * units, (m + 1) * rows * units);
      const small = (a: Float32Array) => a.slice(m * units, (m + 1) * units);
      const perRow = (a: Float32Array) => a.slice(m * rows, (m + 1) * rows);
      const bn = batchNormTrainValues(big(c.x), small(c.gamma), small(c.beta), 1, rows, units, 1e-3);
      for (const key of ['y', 'xhat'] as const) expect(bytes(bn[key])).toEqual(bytes(big(all.bn[key])));
      for (const key of ['mean', 'variance', 'invStd'] as const) expect(bytes(bn[key])).toEqual(bytes(small(all.bn[key])));
      expect(bytes(batchNormEvalValues(big(c.x), small(c.gamma), small(c.beta), small(c.movingMean), small(c.movingVariance), 1, rows, units, 1e-3))).toEqual(bytes(big(all.ev)));
      const back = batchNormBackwardValues(big(c.dy), bn.xhat, small(c.gamma), bn.invStd, 1, rows, units);
      expect(bytes(back.dx)).toEqual(bytes(big(allBack.dx)));
      expect(bytes(back.dGamma)).toEqual(bytes(small(allBack.dGamma)));
      expect(bytes(back.dBeta)).toEqual(bytes(small(allBack.dBeta)));
      const moving = movingStatsValues(small(c.movingMean), small(c.movingVariance), bn.mean, bn.variance, rows, 'pytorch', 0.1);
      expect(bytes(moving.movingVariance)).toEqual(bytes(small(allMoving.movingVariance)));
      const ln = layerNormValues(big(c.x), small(c.gamma), small(c.beta), 1, rows, units, 1e-5);
      expect(bytes(ln.y)).toEqual(bytes(big(all.ln.y)));
      expect(bytes(ln.invStd)).toEqual(bytes(perRow(all.ln.invStd)));
      const lnBack = layerNormBackwardValues(big(c.dy), ln.xhat, small(c.gamma), ln.invStd, 1, rows, units);
      expect(bytes(lnBack.dx)).toEqual(bytes(big(allLnBack.dx)));
      expect(bytes(lnBack.dGamma)).toEqual(bytes(small(allLnBack.dGamma)));
    }
  });

  it('finite differences of a float64 loss agree with batchNormBackward and layerNormBackward', () => {
    const [k, rows, units] = [2, 5, 4];
    const c = makeCase(k, rows, units, 41);
    const eps = 1e-3;
    const loss = (y: Float64Array): number => y.reduce((s, v, i) => s + v * c.dy[i]!, 0);
    for (const kind of ['batch', 'layer'] as const) {
      const forward = (x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>) =>
        loss(kind === 'batch' ? refBatchTrain(x, gamma, beta, k, rows, units, eps).y : refLayer(x, gamma, beta, k, rows, units, eps).y);
      const g =
        kind === 'batch'
          ? (() => {
              const f = batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, eps);
              return batchNormBackwardValues(c.dy, f.xhat, c.gamma, f.invStd, k, rows, units);
            })()
          : (() => {
              const f = layerNormValues(c.x, c.gamma, c.beta, k, rows, units, eps);
              return layerNormBackwardValues(c.dy, f.xhat, c.gamma, f.invStd, k, rows, units);
            })();
      const h = 1e-5;
      const central = (which: 'x' | 'gamma' | 'beta', i: number): number => {
        const args = { x: Float64Array.from(c.x), gamma: Float64Array.from(c.gamma), beta: Float64Array.from(c.beta) };
        args[which][i]! += h;
        const up = forward(args.x, args.gamma, args.beta);
        args[which][i]! -= 2 * h;
        return (up - forward(args.x, args.gamma, args.beta)) / (2 * h);
      };
      // central differences: O(h²) ≈ 1e-10 truncation and ~1e-11 cancellation, far below the float32 gradients' ~1e-7
      for (const i of [0, 7, 13, 22, 39]) expect(Math.abs(g.dx[i]! - central('x', i)), `${kind} dx[${i}]`).toBeLessThan(2e-6 * (1 + Math.abs(g.dx[i]!)));
      for (const i of [0, 3, 6]) {
        expect(Math.abs(g.dGamma[i]! - central('gamma', i)), `${kind} dGamma[${i}]`).toBeLessThan(2e-6 * (1 + Math.abs(g.dGamma[i]!)));
        expect(Math.abs(g.dBeta[i]! - central('beta', i)), `${kind} dBeta[${i}]`).toBeLessThan(2e-6 * (1 + Math.abs(g.dBeta[i]!)));
      }
    }
  });

  it('refuses a training batch of one row, in either convention, with the rule and the fix', () => {
    const c = makeCase(2, 1, 3, 51);
    const catchIt = (f: () => unknown): ModelsError => {
      try {
        f();
      } catch (e) {
        if (e instanceof ModelsError) return e;
        throw e;
      }
      throw new Error('no error thrown');
    };
    const e = catchIt(() => batchNormTrainValues(c.x, c.gamma, c.beta, 2, 1, 3, 1e-3));
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toBe(
      'batchNormTrainValues: batchnorm in training needs a batch of at least 2 rows (its statistics are over the batch; one row normalises to all zeros), got 1 row; use a larger batchSize (≥ 2)',
    );
    expect(e.message).not.toContain('\n');
    for (const convention of ['keras', 'pytorch'] as NormConvention[]) {
      const m = catchIt(() => movingStatsValues(c.movingMean, c.movingVariance, c.gamma, c.gamma, 1, convention, NORM_DEFAULTS[convention].momentum));
      expect(m.code).toBe('INVALID_DATA');
      expect(m.message).toMatch(/^movingStatsValues: batchnorm .* at least 2 rows .*got 1 row; use a larger batchSize/);
    }
    // evaluation and layer norm have no batch statistics: one row is fine
    expect(batchNormEvalValues(c.x, c.gamma, c.beta, c.movingMean, c.movingVariance, 2, 1, 3, 1e-3).every(Number.isFinite)).toBe(true);
    expect(layerNormValues(c.x, c.gamma, c.beta, 2, 1, 3, 1e-5).y.every(Number.isFinite)).toBe(true);
  });
});

// ---------------------------------------------------------------- the tensor API on each backend

interface TensorResults {
  [name: string]: Float32Array;
}

/** Every function of the tensor API on the current backend, the tensors disposed; checks numTensors stays flat. */
function tensorRun(c: Case, convention: NormConvention): TensorResults {
  const { k, rows, units } = c;
  const before = tf.memory().numTensors;
  const t3 = (a: Float32Array, shape: [number, number, number]) => tf.tensor3d(a, shape);
  const x = t3(c.x, [k, rows, units]);
  const dy = t3(c.dy, [k, rows, units]);
  const [gamma, beta, mm, mv] = [c.gamma, c.beta, c.movingMean, c.movingVariance].map((a) => t3(a, [k, 1, units])) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const eps = NORM_DEFAULTS[convention].epsilon;
  const bn = batchNormTrainForward(x, gamma, beta, eps);
  const back = batchNormBackward(dy, bn.xhat, gamma, bn.invStd);
  const moving = updateMovingStats(mm, mv, bn.mean, bn.variance, rows, convention, NORM_DEFAULTS[convention].momentum);
  const ev = batchNormEvalForward(x, gamma, beta, moving.movingMean, moving.movingVariance, eps);
  const ln = layerNormForward(x, gamma, beta, eps);
  const lnBack = layerNormBackward(dy, ln.xhat, gamma, ln.invStd);
  const named: Record<string, tf.Tensor> = {
    y: bn.y, xhat: bn.xhat, mean: bn.mean, variance: bn.variance, invStd: bn.invStd,
    dx: back.dx, dGamma: back.dGamma, dBeta: back.dBeta,
    movingMean: moving.movingMean, movingVariance: moving.movingVariance, evalY: ev,
    lnY: ln.y, lnXhat: ln.xhat, lnInvStd: ln.invStd, lnDx: lnBack.dx, lnDGamma: lnBack.dGamma, lnDBeta: lnBack.dBeta,
  }; // prettier-ignore
  const shapes = Object.fromEntries(Object.entries(named).map(([key, t]) => [key, t.shape]));
  expect(shapes).toEqual({
    y: [k, rows, units], xhat: [k, rows, units], mean: [k, 1, units], variance: [k, 1, units], invStd: [k, 1, units],
    dx: [k, rows, units], dGamma: [k, 1, units], dBeta: [k, 1, units],
    movingMean: [k, 1, units], movingVariance: [k, 1, units], evalY: [k, rows, units],
    lnY: [k, rows, units], lnXhat: [k, rows, units], lnInvStd: [k, rows, 1], lnDx: [k, rows, units], lnDGamma: [k, 1, units], lnDBeta: [k, 1, units],
  }); // prettier-ignore
  const out = Object.fromEntries(Object.entries(named).map(([key, t]) => [key, f32(t).slice()]));
  tf.dispose([x, dy, gamma, beta, mm, mv, ...Object.values(named)]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** The same chain through the value functions (the host kernels' arithmetic). */
function valuesRun(c: Case, convention: NormConvention): TensorResults {
  const { k, rows, units } = c;
  const eps = NORM_DEFAULTS[convention].epsilon;
  const bn = batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, eps);
  const back = batchNormBackwardValues(c.dy, bn.xhat, c.gamma, bn.invStd, k, rows, units);
  const moving = movingStatsValues(c.movingMean, c.movingVariance, bn.mean, bn.variance, rows, convention, NORM_DEFAULTS[convention].momentum);
  const evalY = batchNormEvalValues(c.x, c.gamma, c.beta, moving.movingMean, moving.movingVariance, k, rows, units, eps);
  const ln = layerNormValues(c.x, c.gamma, c.beta, k, rows, units, eps);
  const lnBack = layerNormBackwardValues(c.dy, ln.xhat, c.gamma, ln.invStd, k, rows, units);
  return {
    ...bn, ...back, ...moving, evalY,
    lnY: ln.y, lnXhat: ln.xhat, lnInvStd: ln.invStd, lnDx: lnBack.dx, lnDGamma: lnBack.dGamma, lnDBeta: lnBack.dBeta,
  }; // prettier-ignore
}

describe('norm kernels: tfjs kernels on cpu and wasm', () => {
  const c = makeCase(3, 7, 5, 61, 3);

  for (const convention of ['keras', 'pytorch'] as NormConvention[]) {
    it(`${convention}: cpu and wasm give the value functions' bits, and a member alone its bits in the stack, leaving no tensor behind`, async () => {
      const values = valuesRun(c, convention);
      const results: Record<string, TensorResults> = {};
      for (const backend of BACKENDS) {
        await useBackend(backend);
        results[backend] = tensorRun(c, convention);
        expect(tf.getKernel('InitlabBatchNormTrain', backend)).toBeDefined();
        expect(tf.getKernel('InitlabLayerNormBackward', backend)).toBeDefined();
      }
      for (const key of Object.keys(values)) {
        expect(bytes(results['cpu']![key]!), `cpu ${key}`).toEqual(bytes(values[key]!));
        expect(bytes(results['wasm']![key]!), `wasm ${key}`).toEqual(bytes(values[key]!));
      }
      // member 1 alone, on wasm
      const m = 1;
      const { rows, units } = c;
      const big = (a: Float32Array) => a.slice(m * rows * units, (m + 1) * rows * units);
      const small = (a: Float32Array) => a.slice(m * units, (m + 1) * units);
      const alone = tensorRun({ k: 1, rows, units, x: big(c.x), dy: big(c.dy), gamma: small(c.gamma), beta: small(c.beta), movingMean: small(c.movingMean), movingVariance: small(c.movingVariance) }, convention);
      const wasm = results['wasm']!;
      for (const key of Object.keys(alone)) {
        const whole = wasm[key]!;
        const size = whole.length / c.k;
        expect(bytes(alone[key]!), `alone ${key}`).toEqual(bytes(whole.slice(m * size, (m + 1) * size)));
      }
    });
  }

  it('the host kernels give the same bits with the JavaScript twins (no WebAssembly SIMD), on cpu and wasm', async () => {
    expect(selectNormKernels('wasm')).toBe(true);
    const values = valuesRun(c, 'pytorch');
    selectNormKernels('js');
    try {
      for (const backend of BACKENDS) {
        await useBackend(backend);
        const js = tensorRun(c, 'pytorch');
        for (const key of Object.keys(values)) expect(bytes(js[key]!), `${backend} ${key}`).toEqual(bytes(values[key]!));
      }
    } finally {
      selectNormKernels('wasm');
    }
  });

  it('the tfjs-op path (a backend without host kernels) computes the same formulas', async () => {
    await useBackend('cpu');
    const host = tensorRun(c, 'pytorch');
    // a cpu backend under another name: it has tfjs's kernels but none of initlab's host kernels
    const name = 'cpu-without-host-kernels';
    if (tf.findBackend(name) === null) {
      tf.registerBackend(name, () => new MathBackendCPU());
      for (const kernel of tf.getKernelsForBackend('cpu')) if (!kernel.kernelName.startsWith('Initlab')) tf.registerKernel({ ...kernel, backendName: name });
    }
    await tf.setBackend(name);
    try {
      const plain = tensorRun(c, 'pytorch');
      expect(tf.getKernel('InitlabBatchNormTrain', name)).toBeUndefined();
      for (const key of Object.keys(host)) {
        const h = host[key]!;
        const p = plain[key]!;
        // float32 ops in another order: within a few float32 ulps of the array's scale (cancellation in dx)
        const tol = 2e-6 * (1 + maxAbs(h));
        for (let i = 0; i < h.length; i++) if (!(Math.abs(h[i]! - p[i]!) <= tol)) expect.fail(`${key}[${i}]: host ${h[i]} vs ops ${p[i]}`);
      }
      expect(() => batchNormTrainForward(tf.zeros([1, 1, 2]), tf.ones([1, 1, 2]), tf.zeros([1, 1, 2]), 1e-3)).toThrow(ModelsError);
    } finally {
      await useBackend('cpu');
    }
  });

  it('refuses a one-row training batch on the tensor API before running anything', async () => {
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const [x, g, b] = [tf.zeros([2, 1, 3]), tf.ones([2, 1, 3]), tf.zeros([2, 1, 3])] as tf.Tensor3D[];
      expect(() => batchNormTrainForward(x!, g!, b!, 1e-3)).toThrow(/^batchNormTrainForward: batchnorm in training needs a batch of at least 2 rows .*got 1 row; use a larger batchSize \(≥ 2\)$/);
      for (const convention of ['keras', 'pytorch'] as NormConvention[]) expect(() => updateMovingStats(g!, g!, b!, b!, 1, convention, 0.5)).toThrow(/^updateMovingStats: batchnorm in training/);
      tf.dispose([x!, g!, b!]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

// ---------------------------------------------------------------- PyTorch 1.13

interface TorchRun {
  trainY: number[];
  dx: number[];
  dGamma: number[];
  dBeta: number[];
  running: { mean: number[]; variance: number[] }[];
  evalY: number[];
  layer: { y: number[]; dx: number[]; dGamma: number[]; dBeta: number[] };
}
interface TorchCase {
  name: string;
  rows: number;
  units: number;
  x: number[][];
  gamma: number[];
  beta: number[];
  upstream: number[];
  float64: TorchRun;
  float32: TorchRun;
}
const TORCH = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '__fixtures__/torch-norm.json'), 'utf8')) as {
  torch: string;
  momentum: number;
  epsilon: number;
  layerNormEpsilon: number;
  steps: number;
  cases: TorchCase[];
};

describe('norm kernels: PyTorch 1.13 BatchNorm1d and LayerNorm (pytorch convention)', () => {
  it('the fixture is PyTorch 1.13, whose BatchNorm1d and LayerNorm defaults are the pytorch convention’s', () => {
    expect(TORCH.torch).toMatch(/^1\.13\./);
    expect({ momentum: TORCH.momentum, epsilon: TORCH.epsilon }).toEqual(NORM_DEFAULTS.pytorch);
    expect(TORCH.layerNormEpsilon).toBe(NORM_DEFAULTS.pytorch.epsilon);
    expect(TORCH.cases.length).toBeGreaterThanOrEqual(3);
  });

  for (const backend of BACKENDS) {
    it.each(TORCH.cases.map((tc) => [tc.name, tc] as const))(`${backend}: %s`, async (_, tc) => {
      await useBackend(backend);
      const { rows, units } = tc;
      const { momentum, epsilon } = NORM_DEFAULTS.pytorch;
      const before = tf.memory().numTensors;
      const shape: [number, number, number] = [1, rows, units];
      const stat: [number, number, number] = [1, 1, units];
      const gamma = tf.tensor3d(tc.gamma, stat);
      const beta = tf.tensor3d(tc.beta, stat);
      // PyTorch starts running_mean at 0 and running_var at 1
      let movingMean = tf.zeros(stat) as tf.Tensor3D;
      let movingVariance = tf.ones(stat) as tf.Tensor3D;
      const got: Record<string, Float32Array> = {};
      const running: { mean: Float32Array; variance: Float32Array }[] = [];
      for (const [step, xs] of tc.x.entries()) {
        const x = tf.tensor3d(xs, shape);
        const f = batchNormTrainForward(x, gamma, beta, epsilon);
        if (step === 0) {
          const dy = tf.tensor3d(tc.upstream, shape);
          const g = batchNormBackward(dy, f.xhat, gamma, f.invStd);
          Object.assign(got, { trainY: f32(f.y), dx: f32(g.dx), dGamma: f32(g.dGamma), dBeta: f32(g.dBeta), invStd: f32(f.invStd) });
          const ln = layerNormForward(x, gamma, beta, epsilon);
          const lg = layerNormBackward(dy, ln.xhat, gamma, ln.invStd);
          Object.assign(got, { lnY: f32(ln.y), lnDx: f32(lg.dx), lnDGamma: f32(lg.dGamma), lnDBeta: f32(lg.dBeta), lnInvStd: f32(ln.invStd) });
          tf.dispose([dy, g.dx, g.dGamma, g.dBeta, ln.y, ln.xhat, ln.invStd, lg.dx, lg.dGamma, lg.dBeta]);
        }
        const next = updateMovingStats(movingMean, movingVariance, f.mean, f.variance, rows, 'pytorch', momentum);
        tf.dispose([x, f.y, f.xhat, f.mean, f.variance, f.invStd, movingMean, movingVariance]);
        ({ movingMean, movingVariance } = next);
        running.push({ mean: f32(movingMean), variance: f32(movingVariance) });
      }
      const x0 = tf.tensor3d(tc.x[0]!, shape);
      const ev = batchNormEvalForward(x0, gamma, beta, movingMean, movingVariance, epsilon);
      got['evalY'] = f32(ev);
      tf.dispose([x0, ev, gamma, beta, movingMean, movingVariance]);
      expect(tf.memory().numTensors).toBe(before);

      const pairs = (r: TorchRun): [string, Float32Array, number[]][] => [
        ['trainY', got['trainY']!, r.trainY],
        ['dx', got['dx']!, r.dx],
        ['dGamma', got['dGamma']!, r.dGamma],
        ['dBeta', got['dBeta']!, r.dBeta],
        ['evalY', got['evalY']!, r.evalY],
        ['layer y', got['lnY']!, r.layer.y],
        ['layer dx', got['lnDx']!, r.layer.dx],
        ['layer dGamma', got['lnDGamma']!, r.layer.dGamma],
        ['layer dBeta', got['lnDBeta']!, r.layer.dBeta],
        ...running.flatMap((s, i): [string, Float32Array, number[]][] => [
          [`running_mean ${i + 1}`, s.mean, r.running[i]!.mean],
          [`running_var ${i + 1}`, s.variance, r.running[i]!.variance],
        ]),
      ];
      const xMax = maxAbs(tc.x.flat());
      // dx cancels terms of size |dy·γ|·invStd (for B = 2 almost entirely: x̂ = ±1 up to ε), and it is computed
      // from the float32 x̂, so its error is a share of those terms, not of dx itself
      const dyGamma = maxAbs(tc.upstream) * maxAbs(tc.gamma);
      const size = (what: string, values: ArrayLike<number>): number =>
        Math.max(maxAbs(values), what === 'dx' ? dyGamma * maxAbs(got['invStd']!) : what === 'layer dx' ? dyGamma * maxAbs(got['lnInvStd']!) : 0);
      for (const [what, ours, t64] of pairs(tc.float64)) {
        // float64 torch, exact inputs: ours is it rounded to float32, with float32 x̂ and invStd for the gradients
        // (and the running statistics rounded after each of the 3 steps): 4 float32 ulps (2.4e-7) of the element
        // plus of the terms' size (near-zero elements, cancellation); measured worst: 1.2 ulps of the size
        const scale = size(what, t64);
        for (let i = 0; i < ours.length; i++) {
          if (!(Math.abs(ours[i]! - t64[i]!) <= 4 * 2 ** -24 * (Math.abs(t64[i]!) + scale))) expect.fail(`${what}[${i}]: ${ours[i]} vs torch float64 ${t64[i]}`);
        }
      }
      // torch float32 centres x with a float32 mean: its error is ~ulps of |x|, which x̂ = (x − μ)/σ turns into
      // ulps of |x|/σ (≈ 1000 for the large-mean case); 8 float32 ulps of the array's size times that condition
      // (measured worst: 7 ulps at condition 2.3 for B = 2; 1622 ulps at condition ≈ 1000 for the large mean)
      const xs = tc.x[0]!;
      const xMean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const cond = Math.max(1, xMax / Math.sqrt(xs.reduce((s, v) => s + (v - xMean) ** 2, 0) / xs.length));
      for (const [what, ours, t32] of pairs(tc.float32)) {
        const tol = 8 * 2 ** -24 * size(what, t32) * (what.startsWith('running') ? 1 : cond);
        for (let i = 0; i < ours.length; i++) {
          if (!(Math.abs(ours[i]! - t32[i]!) <= tol)) expect.fail(`${what}[${i}]: ${ours[i]} vs torch float32 ${t32[i]} (tolerance ${tol})`);
        }
      }
    });
  }
});

