/**
 * Batch normalization and layer normalization for K stacked members (activations `[K, B, U]`,
 * per-member γ, β and moving statistics `[K, 1, U]`), with Keras 3's and PyTorch's conventions for
 * the defaults and the moving statistics. On the `cpu` and `wasm` backends they run as host
 * kernels (`InitlabBatchNorm…`, `InitlabLayerNorm…`: WebAssembly SIMD routines, or their JavaScript
 * twins where SIMD is unavailable, `norm-wasm.ts`, on a memory of their own that the inputs are copied
 * into), so a member's numbers do not depend on the ensemble it trains in and both backends give the
 * same bits; other backends get the same formulas as tfjs ops (bits may differ there).
 *
 * The arithmetic the host kernels guarantee (and the `…Values` functions compute):
 * - Sums are float64 from +0, in the order norm-wasm.ts states: for batch norm one chain per member
 *   and unit over rows r = 0 … B−1; for layer norm four partial sums per member and row, s_c over the
 *   units j ≡ c (mod 4) in ascending order, combined as (s0 + s2) + (s1 + s3); only member m's
 *   numbers enter member m's sums.
 * - mean = Σx / n; variance = Σ(x − mean)² / n, two passes with the float64 mean (biased, n = B
 *   for batch norm, n = U for layer norm); invStd = 1 / √(variance + ε); x̂ = (x − mean)·invStd;
 *   y = γ·x̂ + β; all in float64 and each stored output (y, x̂, mean, variance, invStd) rounded to
 *   float32 once.
 * - Evaluation: y = γ·(x − movingMean) / √(movingVariance + ε) + β in float64, rounded once.
 * - Backward, from the float32 x̂ and invStd the forward stored (the tensors the caller keeps):
 *   d = dy·γ; dx = invStd/n·(n·d − Σd − x̂·Σ(d·x̂)); dγ = Σ dy·x̂; dβ = Σ dy. The sums over the
 *   normalised axis (rows for batch norm, units for layer norm) are float64 in the orders above, and
 *   dγ, dβ's sums over the rows (γ and β are per unit in both) one chain in row order; each output
 *   rounded once.
 * - Moving statistics: one update in float64, rounded once (see {@link updateMovingStats}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { hostIO, hostKernelsWith, type HostKernel, type KernelArgs, layout } from './dense-kernels.js';
import { ModelsError } from './errors.js';
import type { NormConvention } from './network-spec.js';
import { lnAccumulatorElements, normKernels } from './norm-wasm.js';

// The conventions and their defaults are the model description's (network-spec.ts), used here.

/**
 * Batch statistics need two rows: PyTorch raises "Expected more than 1 value per channel when
 * training"; Keras computes variance 0, so x − mean = 0 and every normalised output is β, whatever
 * the input: the layer would pass no signal and no gradient to x. Both are refused.
 */
function refuseSingleRow(fn: string, rows: number): void {
  if (rows < 2) {
    throw new ModelsError(
      'INVALID_DATA',
      `${fn}: batchnorm in training needs a batch of at least 2 rows (its statistics are over the batch; one row normalises to all zeros), got ${rows} row${rows === 1 ? '' : 's'}; use a larger batchSize (≥ 2)`,
    );
  }
}

type Triple = [number, number, number];

/** Programming errors in the operands' shapes (the network builds them), not user errors. */
function expectShape(fn: string, name: string, t: tf.Tensor, shape: readonly number[]): void {
  if (t.rank !== 3 || t.shape.some((d, i) => d !== shape[i])) throw new Error(`${fn}: ${name} must have shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
}

// ---------------------------------------------------------------- values (the host kernels' arithmetic)

type Out<K extends string> = Record<K, Float32Array>;
const copies = <K extends string>(views: Out<K>): Out<K> => Object.fromEntries(Object.entries(views).map(([key, v]) => [key, (v as Float32Array).slice()])) as Out<K>;

/**
 * The inputs copied into the norm kernels' memory (regions padded to 4 floats, see norm-wasm.ts),
 * room for the outputs after them: the regions' offsets and the memory.
 */
function regions(inputs: readonly Float32Array[], outputs: readonly number[]): { at: number[]; mem: Float32Array } {
  const kernels = normKernels();
  const { offsets, total } = layout([...inputs.map((a) => a.length), ...outputs]);
  kernels.reserve(total);
  const mem = kernels.memory();
  inputs.forEach((a, i) => mem.set(a, offsets[i]));
  return { at: offsets, mem };
}

const view = (mem: Float32Array, from: number, n: number): Float32Array => mem.subarray(from, from + n);

/** {@link batchNormTrainValues} as views into the kernels' memory, valid until their next call. */
function batchNormTrainViews(x: Float32Array, gamma: Float32Array, beta: Float32Array, k: number, rows: number, units: number, epsilon: number) {
  refuseSingleRow('batchNormTrainValues', rows);
  const n = k * rows * units;
  const s = k * units;
  const { at, mem } = regions([x, gamma, beta], [n, n, s, s, s]);
  const [X, G, B, Y, H, MEAN, VAR, INV] = at as [number, number, number, number, number, number, number, number];
  normKernels().bnTrain(X, G, B, Y, H, MEAN, VAR, INV, k, rows, units, epsilon);
  return { y: view(mem, Y, n), xhat: view(mem, H, n), mean: view(mem, MEAN, s), variance: view(mem, VAR, s), invStd: view(mem, INV, s) };
}

/** Batch norm in training for `[K, B, U]` values (γ, β `[K, 1, U]`): outputs `[K, B, U]`, statistics `[K, 1, U]`. */
export function batchNormTrainValues(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  k: number,
  rows: number,
  units: number,
  epsilon: number,
): { y: Float32Array; xhat: Float32Array; mean: Float32Array; variance: Float32Array; invStd: Float32Array } {
  return copies(batchNormTrainViews(x, gamma, beta, k, rows, units, epsilon));
}

function batchNormEvalView(x: Float32Array, gamma: Float32Array, beta: Float32Array, movingMean: Float32Array, movingVariance: Float32Array, k: number, rows: number, units: number, epsilon: number): Float32Array {
  const n = k * rows * units;
  const { at, mem } = regions([x, gamma, beta, movingMean, movingVariance], [n]);
  const [X, G, B, MM, MV, Y] = at as [number, number, number, number, number, number];
  normKernels().bnEval(X, G, B, MM, MV, Y, k, rows, units, epsilon);
  return view(mem, Y, n);
}

/** Batch norm in evaluation: y = γ·(x − movingMean)/√(movingVariance + ε) + β for `[K, B, U]` values. */
export function batchNormEvalValues(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  movingMean: Float32Array,
  movingVariance: Float32Array,
  k: number,
  rows: number,
  units: number,
  epsilon: number,
): Float32Array {
  return batchNormEvalView(x, gamma, beta, movingMean, movingVariance, k, rows, units, epsilon).slice();
}

function batchNormBackwardViews(dy: Float32Array, xhat: Float32Array, gamma: Float32Array, invStd: Float32Array, k: number, rows: number, units: number) {
  const n = k * rows * units;
  const s = k * units;
  const { at, mem } = regions([dy, xhat, gamma, invStd], [n, s, s]);
  const [DY, H, G, INV, DX, DG, DB] = at as [number, number, number, number, number, number, number];
  normKernels().bnBackward(DY, H, G, INV, DX, DG, DB, k, rows, units);
  return { dx: view(mem, DX, n), dGamma: view(mem, DG, s), dBeta: view(mem, DB, s) };
}

/** Batch norm's gradients from the stored float32 x̂ `[K, B, U]` and invStd `[K, 1, U]`. */
export function batchNormBackwardValues(
  dy: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array,
  invStd: Float32Array,
  k: number,
  rows: number,
  units: number,
): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
  return copies(batchNormBackwardViews(dy, xhat, gamma, invStd, k, rows, units));
}

/** {@link updateMovingStats} on values (`[K, 1, U]` each; `variance` the biased batch variance). */
export function movingStatsValues(
  movingMean: Float32Array,
  movingVariance: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  rows: number,
  convention: NormConvention,
  momentum: number,
): { movingMean: Float32Array; movingVariance: Float32Array } {
  refuseSingleRow('movingStatsValues', rows);
  const n = movingMean.length;
  const outMean = new Float32Array(n);
  const outVar = new Float32Array(n);
  if (convention === 'keras') {
    for (let i = 0; i < n; i++) {
      outMean[i] = movingMean[i]! * momentum + mean[i]! * (1 - momentum);
      outVar[i] = movingVariance[i]! * momentum + variance[i]! * (1 - momentum);
    }
  } else {
    const unbias = rows / (rows - 1);
    for (let i = 0; i < n; i++) {
      outMean[i] = (1 - momentum) * movingMean[i]! + momentum * mean[i]!;
      outVar[i] = (1 - momentum) * movingVariance[i]! + momentum * (variance[i]! * unbias);
    }
  }
  return { movingMean: outMean, movingVariance: outVar };
}

function layerNormViews(x: Float32Array, gamma: Float32Array, beta: Float32Array, k: number, rows: number, units: number, epsilon: number) {
  const n = k * rows * units;
  const { at, mem } = regions([x, gamma, beta], [n, n, k * rows]);
  const [X, G, B, Y, H, INV] = at as [number, number, number, number, number, number];
  normKernels().lnForward(X, G, B, Y, H, INV, k, rows, units, epsilon);
  return { y: view(mem, Y, n), xhat: view(mem, H, n), invStd: view(mem, INV, k * rows) };
}

/** Layer norm for `[K, B, U]` values: statistics per member and row over the units, γ and β `[K, 1, U]`; invStd `[K, B, 1]`. */
export function layerNormValues(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  k: number,
  rows: number,
  units: number,
  epsilon: number,
): { y: Float32Array; xhat: Float32Array; invStd: Float32Array } {
  return copies(layerNormViews(x, gamma, beta, k, rows, units, epsilon));
}

function layerNormBackwardViews(dy: Float32Array, xhat: Float32Array, gamma: Float32Array, invStd: Float32Array, k: number, rows: number, units: number) {
  const n = k * rows * units;
  const s = k * units;
  const { at, mem } = regions([dy, xhat, gamma, invStd], [n, s, s, lnAccumulatorElements(units)]);
  const [DY, H, G, INV, DX, DG, DB, ACC] = at as [number, number, number, number, number, number, number, number];
  normKernels().lnBackward(DY, H, G, INV, DX, DG, DB, ACC, k, rows, units);
  return { dx: view(mem, DX, n), dGamma: view(mem, DG, s), dBeta: view(mem, DB, s) };
}

/** Layer norm's gradients from the stored float32 x̂ `[K, B, U]` and invStd `[K, B, 1]`; dγ, dβ summed over the rows. */
export function layerNormBackwardValues(
  dy: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array,
  invStd: Float32Array,
  k: number,
  rows: number,
  units: number,
): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
  return copies(layerNormBackwardViews(dy, xhat, gamma, invStd, k, rows, units));
}

// ---------------------------------------------------------------- host kernels

const BN_TRAIN = 'InitlabBatchNormTrain';
const BN_EVAL = 'InitlabBatchNormEval';
const BN_BACKWARD = 'InitlabBatchNormBackward';
const BN_MOVING = 'InitlabBatchNormMovingStats';
const LN_FORWARD = 'InitlabLayerNormForward';
const LN_BACKWARD = 'InitlabLayerNormBackward';

type Infos = Record<string, tf.TensorInfo>;

// Every kernel copies its inputs into the norm kernels' own memory and computes there before writing
// any output (on wasm, allocating an output may grow the backend's heap and detach the input views);
// each output is then one copy out of that memory (`writeCopy`).
function bnTrainKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { x, gamma, beta } = inputs as Infos as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const [k, rows, units] = x.shape as Triple;
  const o = batchNormTrainViews(io.read(x), io.read(gamma), io.read(beta), k, rows, units, attrs?.['epsilon'] as number);
  const stat = [k, 1, units];
  return [io.writeCopy([k, rows, units], o.y), io.writeCopy([k, rows, units], o.xhat), io.writeCopy(stat, o.mean), io.writeCopy(stat, o.variance), io.writeCopy(stat, o.invStd)];
}

function bnEvalKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const io = hostIO(backend);
  const { x, gamma, beta, movingMean, movingVariance } = inputs as Infos as Record<'x' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance', tf.TensorInfo>;
  const [k, rows, units] = x.shape as Triple;
  const y = batchNormEvalView(io.read(x), io.read(gamma), io.read(beta), io.read(movingMean), io.read(movingVariance), k, rows, units, attrs?.['epsilon'] as number);
  return io.writeCopy([k, rows, units], y);
}

function bnBackwardKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { dy, xhat, gamma, invStd } = inputs as Infos as Record<'dy' | 'xhat' | 'gamma' | 'invStd', tf.TensorInfo>;
  const [k, rows, units] = dy.shape as Triple;
  const g = batchNormBackwardViews(io.read(dy), io.read(xhat), io.read(gamma), io.read(invStd), k, rows, units);
  return [io.writeCopy([k, rows, units], g.dx), io.writeCopy([k, 1, units], g.dGamma), io.writeCopy([k, 1, units], g.dBeta)];
}

function bnMovingKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { movingMean, movingVariance, mean, variance } = inputs as Infos as Record<'movingMean' | 'movingVariance' | 'mean' | 'variance', tf.TensorInfo>;
  const o = movingStatsValues(
    io.read(movingMean),
    io.read(movingVariance),
    io.read(mean),
    io.read(variance),
    attrs?.['rows'] as number,
    attrs?.['convention'] as NormConvention,
    attrs?.['momentum'] as number,
  );
  return [io.write(movingMean.shape.slice(), o.movingMean), io.write(movingMean.shape.slice(), o.movingVariance)];
}

function lnForwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { x, gamma, beta } = inputs as Infos as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const [k, rows, units] = x.shape as Triple;
  const o = layerNormViews(io.read(x), io.read(gamma), io.read(beta), k, rows, units, attrs?.['epsilon'] as number);
  return [io.writeCopy([k, rows, units], o.y), io.writeCopy([k, rows, units], o.xhat), io.writeCopy([k, rows, 1], o.invStd)];
}

function lnBackwardKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { dy, xhat, gamma, invStd } = inputs as Infos as Record<'dy' | 'xhat' | 'gamma' | 'invStd', tf.TensorInfo>;
  const [k, rows, units] = dy.shape as Triple;
  const g = layerNormBackwardViews(io.read(dy), io.read(xhat), io.read(gamma), io.read(invStd), k, rows, units);
  return [io.writeCopy([k, rows, units], g.dx), io.writeCopy([k, 1, units], g.dGamma), io.writeCopy([k, 1, units], g.dBeta)];
}

const NORM_KERNELS: HostKernel[] = [
  [BN_TRAIN, bnTrainKernel],
  [BN_EVAL, bnEvalKernel],
  [BN_BACKWARD, bnBackwardKernel],
  [BN_MOVING, bnMovingKernel],
  [LN_FORWARD, lnForwardKernel],
  [LN_BACKWARD, lnBackwardKernel],
];

const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap = {}): tf.Tensor3D[] => {
  const out = tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor3D | tf.Tensor3D[];
  return Array.isArray(out) ? out : [out];
};

// ---------------------------------------------------------------- the tfjs-op paths (backends without host kernels)

/** {@link batchNormTrainForward} as tfjs ops: the path of backends without host kernels (exported for its tests). */
export function batchNormTrainForwardOps(x: tf.Tensor3D, gamma: tf.Tensor3D, beta: tf.Tensor3D, epsilon: number) {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 1, true) as { mean: tf.Tensor3D; variance: tf.Tensor3D };
    const invStd = tf.rsqrt(tf.add(variance, epsilon)) as tf.Tensor3D;
    const xhat = tf.mul(tf.sub(x, mean), invStd) as tf.Tensor3D;
    return { y: tf.add(tf.mul(gamma, xhat), beta) as tf.Tensor3D, xhat, mean, variance, invStd };
  });
}

/** {@link batchNormEvalForward} as tfjs ops. */
export function batchNormEvalForwardOps(x: tf.Tensor3D, gamma: tf.Tensor3D, beta: tf.Tensor3D, movingMean: tf.Tensor3D, movingVariance: tf.Tensor3D, epsilon: number): tf.Tensor3D {
  return tf.tidy(() => tf.add(tf.mul(tf.sub(x, movingMean), tf.div(gamma, tf.sqrt(tf.add(movingVariance, epsilon)))), beta) as tf.Tensor3D);
}

/** The shared backward formula over `axis` (1: batch norm's rows, 2: layer norm's units); dγ, dβ over the rows. */
function normBackwardOps(dy: tf.Tensor3D, xhat: tf.Tensor3D, gamma: tf.Tensor3D, invStd: tf.Tensor3D, axis: 1 | 2) {
  return tf.tidy(() => {
    const n = dy.shape[axis];
    const d = tf.mul(dy, gamma);
    const centred = tf.sub(tf.sub(tf.mul(d, n), tf.sum(d, axis, true)), tf.mul(xhat, tf.sum(tf.mul(d, xhat), axis, true)));
    return {
      dx: tf.mul(tf.div(invStd, n), centred) as tf.Tensor3D,
      dGamma: tf.sum(tf.mul(dy, xhat), 1, true) as tf.Tensor3D,
      dBeta: tf.sum(dy, 1, true) as tf.Tensor3D,
    };
  });
}

/** {@link batchNormBackward} as tfjs ops. */
export const batchNormBackwardOps = (dy: tf.Tensor3D, xhat: tf.Tensor3D, gamma: tf.Tensor3D, invStd: tf.Tensor3D) => normBackwardOps(dy, xhat, gamma, invStd, 1);

/** {@link updateMovingStats} as tfjs ops. */
export function updateMovingStatsOps(movingMean: tf.Tensor3D, movingVariance: tf.Tensor3D, mean: tf.Tensor3D, variance: tf.Tensor3D, rows: number, convention: NormConvention, momentum: number) {
  return tf.tidy(() =>
    convention === 'keras'
      ? {
          movingMean: tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)) as tf.Tensor3D,
          movingVariance: tf.add(tf.mul(movingVariance, momentum), tf.mul(variance, 1 - momentum)) as tf.Tensor3D,
        }
      : {
          movingMean: tf.add(tf.mul(movingMean, 1 - momentum), tf.mul(mean, momentum)) as tf.Tensor3D,
          movingVariance: tf.add(tf.mul(movingVariance, 1 - momentum), tf.mul(variance, (momentum * rows) / (rows - 1))) as tf.Tensor3D,
        },
  );
}

/** {@link layerNormForward} as tfjs ops. */
export function layerNormForwardOps(x: tf.Tensor3D, gamma: tf.Tensor3D, beta: tf.Tensor3D, epsilon: number) {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 2, true);
    const invStd = tf.rsqrt(tf.add(variance, epsilon)) as tf.Tensor3D;
    const xhat = tf.mul(tf.sub(x, mean), invStd) as tf.Tensor3D;
    return { y: tf.add(tf.mul(gamma, xhat), beta) as tf.Tensor3D, xhat, invStd };
  });
}

/** {@link layerNormBackward} as tfjs ops. */
export const layerNormBackwardOps = (dy: tf.Tensor3D, xhat: tf.Tensor3D, gamma: tf.Tensor3D, invStd: tf.Tensor3D) => normBackwardOps(dy, xhat, gamma, invStd, 2);

// ---------------------------------------------------------------- the tensor API

/**
 * Batch norm in training: each member's and unit's statistics over the B rows (`x` `[K, B, U]`, γ, β
 * `[K, 1, U]`). Returns y and what the backward pass and the moving statistics need: x̂ `[K, B, U]`,
 * mean, the biased variance (÷B) and invStd = 1/√(variance + ε), each `[K, 1, U]`. Refuses B < 2.
 */
export function batchNormTrainForward(
  x: tf.Tensor3D,
  gamma: tf.Tensor3D,
  beta: tf.Tensor3D,
  epsilon: number,
): { y: tf.Tensor3D; xhat: tf.Tensor3D; mean: tf.Tensor3D; variance: tf.Tensor3D; invStd: tf.Tensor3D } {
  const [k, rows, units] = x.shape;
  refuseSingleRow('batchNormTrainForward', rows);
  expectShape('batchNormTrainForward', 'gamma', gamma, [k, 1, units]);
  expectShape('batchNormTrainForward', 'beta', beta, [k, 1, units]);
  if (!hostKernelsWith(NORM_KERNELS)) return batchNormTrainForwardOps(x, gamma, beta, epsilon);
  const [y, xhat, mean, variance, invStd] = run(BN_TRAIN, { x, gamma, beta }, { epsilon }) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  return { y, xhat, mean, variance, invStd };
}

/** Batch norm in evaluation, with the moving statistics (`[K, 1, U]`): y = γ·(x − movingMean)/√(movingVariance + ε) + β. */
export function batchNormEvalForward(x: tf.Tensor3D, gamma: tf.Tensor3D, beta: tf.Tensor3D, movingMean: tf.Tensor3D, movingVariance: tf.Tensor3D, epsilon: number): tf.Tensor3D {
  const [k, , units] = x.shape;
  for (const [name, t] of [['gamma', gamma], ['beta', beta], ['movingMean', movingMean], ['movingVariance', movingVariance]] as const) expectShape('batchNormEvalForward', name, t, [k, 1, units]);
  if (!hostKernelsWith(NORM_KERNELS)) return batchNormEvalForwardOps(x, gamma, beta, movingMean, movingVariance, epsilon);
  return run(BN_EVAL, { x, gamma, beta, movingMean, movingVariance }, { epsilon })[0]!;
}

/** Batch norm's gradients: dx `[K, B, U]`, dγ and dβ `[K, 1, U]`, from the forward's x̂ and invStd. */
export function batchNormBackward(dy: tf.Tensor3D, xhat: tf.Tensor3D, gamma: tf.Tensor3D, invStd: tf.Tensor3D): { dx: tf.Tensor3D; dGamma: tf.Tensor3D; dBeta: tf.Tensor3D } {
  const [k, rows, units] = dy.shape;
  expectShape('batchNormBackward', 'xhat', xhat, [k, rows, units]);
  expectShape('batchNormBackward', 'gamma', gamma, [k, 1, units]);
  expectShape('batchNormBackward', 'invStd', invStd, [k, 1, units]);
  if (!hostKernelsWith(NORM_KERNELS)) return batchNormBackwardOps(dy, xhat, gamma, invStd);
  const [dx, dGamma, dBeta] = run(BN_BACKWARD, { dy, xhat, gamma, invStd }) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  return { dx, dGamma, dBeta };
}

/**
 * The moving statistics after one training step on a batch of `rows` rows (`variance` is the
 * forward's biased batch variance), by each framework's rule:
 * - keras: moving = moving·momentum + batch·(1 − momentum), with the biased variance
 *   (keras/src/layers/normalization/batch_normalization.py, `call`);
 * - pytorch: running = (1 − momentum)·running + momentum·batch, with the unbiased variance
 *   variance·B/(B − 1), while the forward normalises with the biased one (torch.nn.functional.batch_norm).
 * `momentum` is the convention's own (keras 0.99, pytorch 0.1 by default, `NORM_DEFAULTS` in network-spec.ts).
 */
export function updateMovingStats(
  movingMean: tf.Tensor3D,
  movingVariance: tf.Tensor3D,
  mean: tf.Tensor3D,
  variance: tf.Tensor3D,
  rows: number,
  convention: NormConvention,
  momentum: number,
): { movingMean: tf.Tensor3D; movingVariance: tf.Tensor3D } {
  refuseSingleRow('updateMovingStats', rows);
  for (const [name, t] of [['movingVariance', movingVariance], ['mean', mean], ['variance', variance]] as const) expectShape('updateMovingStats', name, t, movingMean.shape);
  if (!hostKernelsWith(NORM_KERNELS)) return updateMovingStatsOps(movingMean, movingVariance, mean, variance, rows, convention, momentum);
  const [m, v] = run(BN_MOVING, { movingMean, movingVariance, mean, variance }, { rows, convention, momentum }) as [tf.Tensor3D, tf.Tensor3D];
  return { movingMean: m, movingVariance: v };
}

/** Layer norm: each member's and row's statistics over the U units (biased variance); γ, β `[K, 1, U]`; invStd `[K, B, 1]`. */
export function layerNormForward(x: tf.Tensor3D, gamma: tf.Tensor3D, beta: tf.Tensor3D, epsilon: number): { y: tf.Tensor3D; xhat: tf.Tensor3D; invStd: tf.Tensor3D } {
  const [k, , units] = x.shape;
  expectShape('layerNormForward', 'gamma', gamma, [k, 1, units]);
  expectShape('layerNormForward', 'beta', beta, [k, 1, units]);
  if (!hostKernelsWith(NORM_KERNELS)) return layerNormForwardOps(x, gamma, beta, epsilon);
  const [y, xhat, invStd] = run(LN_FORWARD, { x, gamma, beta }, { epsilon }) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  return { y, xhat, invStd };
}

/** Layer norm's gradients: dx `[K, B, U]`, and dγ, dβ `[K, 1, U]` summed over the rows. */
export function layerNormBackward(dy: tf.Tensor3D, xhat: tf.Tensor3D, gamma: tf.Tensor3D, invStd: tf.Tensor3D): { dx: tf.Tensor3D; dGamma: tf.Tensor3D; dBeta: tf.Tensor3D } {
  const [k, rows, units] = dy.shape;
  expectShape('layerNormBackward', 'xhat', xhat, [k, rows, units]);
  expectShape('layerNormBackward', 'gamma', gamma, [k, 1, units]);
  expectShape('layerNormBackward', 'invStd', invStd, [k, rows, 1]);
  if (!hostKernelsWith(NORM_KERNELS)) return layerNormBackwardOps(dy, xhat, gamma, invStd);
  const [dx, dGamma, dBeta] = run(LN_BACKWARD, { dy, xhat, gamma, invStd }) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  return { dx, dGamma, dBeta };
}
