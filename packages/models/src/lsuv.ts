import * as tf from '@tensorflow/tfjs-core';
import type { InitializerSpec } from '@initlab/initializers';
import { activationForward } from './activations.js';
import { toDenseMatrix, type DenseMatrix, type Matrix } from './data.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { LSUV_DEFAULTS, lsuvParameterRule } from './names.js';
import { resolveLayers, type ModelSpec, type ResolvedLayer } from './spec.js';
import { sampleLayer, type LayerWeights } from './weights.js';

/** Options of {@link lsuvInit}. */
export interface LsuvOptions {
  /** Seed of the starting (orthogonal) kernels and of the biases, per layer as in training. */
  seed: number;
  /** Stop rescaling a layer once `|Var(z) − 1| < tolerance`. Default 0.1 (the paper's Tol_var). */
  tolerance?: number;
  /** At most this many rescalings per layer. Default 10 (the paper's T_max). */
  maxIterations?: number;
  /** Starting kernel initializer of the rescaled layers. Default `'orthogonal'`. */
  kernelInitializer?: InitializerSpec;
  /** Which layers LSUV initialises: `'all'` (default, as the paper) or `'hidden'` (the output layer keeps its spec initializer). */
  layers?: 'hidden' | 'all';
}

/**
 * The keys of {@link LsuvOptions}; `lsuvInit` refuses any other (`INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * LSUV_OPTIONS; // ['seed', 'tolerance', 'maxIterations', 'kernelInitializer', 'layers']
 * ```
 */
export const LSUV_OPTIONS = ['seed', 'tolerance', 'maxIterations', 'kernelInitializer', 'layers'] as const;

const lsuvOptionsMatch: SameKeys<LsuvOptions, typeof LSUV_OPTIONS> = true;
void lsuvOptionsMatch;

/** What LSUV did to one layer. */
export interface LsuvLayerReport {
  layer: number;
  /** Rescalings applied (0 when the start already had unit variance, or for a layer outside the scope). */
  iterations: number;
  /** Final variance of the layer's pre-activations on the batch; `null` if not finite. */
  variance: number | null;
  /** Whether LSUV initialised this layer. */
  rescaled: boolean;
}

/** Result of {@link lsuvInit}. */
export interface LsuvResult {
  weights: LayerWeights[];
  layers: LsuvLayerReport[];
}

/** Resolved LSUV parameters. */
export interface LsuvParams {
  tolerance: number;
  maxIterations: number;
  kernelInitializer: InitializerSpec;
}

/** Validates LSUV parameters; `where` names the caller in messages. */
export function resolveLsuvParams(
  opts: { tolerance?: number; maxIterations?: number; kernelInitializer?: InitializerSpec },
  where: string,
): LsuvParams {
  const tolerance = opts.tolerance ?? LSUV_DEFAULTS.tolerance;
  const maxIterations = opts.maxIterations ?? LSUV_DEFAULTS.maxIterations;
  for (const [key, value, given] of [['tolerance', tolerance, opts.tolerance], ['maxIterations', maxIterations, opts.maxIterations]] as const) {
    const rule = lsuvParameterRule(key, value);
    if (rule !== null) throw new ModelsError('INVALID_OPTIONS', `${where}: ${key} must be ${rule}, got ${show(given)}`);
  }
  return { tolerance, maxIterations, kernelInitializer: opts.kernelInitializer ?? LSUV_DEFAULTS.kernelInitializer };
}

/**
 * LSUV on resolved layers: layers with `inScope[l]` start from `params.kernelInitializer` (seeded per
 * layer like training), then, input side first, each kernel is divided by `√Var(z)` of its
 * pre-activations `z = xW + b` on the batch until `|Var(z) − 1| < tolerance` or `maxIterations`.
 * Variance is the population variance over batch × units. A layer whose variance is 0 or not finite is left as is.
 */
export function lsuvLayers(
  layers: readonly ResolvedLayer[],
  inScope: readonly boolean[],
  biasInitializers: readonly InitializerSpec[],
  otherKernelInitializers: readonly InitializerSpec[],
  seed: number,
  batch: DenseMatrix,
  params: LsuvParams,
): LsuvResult {
  const weights: LayerWeights[] = [];
  const reports: LsuvLayerReport[] = [];
  let input = tf.tensor2d(batch.values, [batch.rows, batch.cols]);
  try {
    for (const layer of layers) {
      const rescaled = inScope[layer.index] === true;
      const w = sampleLayer(
        layer,
        rescaled ? params.kernelInitializer : otherKernelInitializers[layer.index]!,
        biasInitializers[layer.index]!,
        seed,
      );
      const bias = tf.tensor1d(w.bias);
      const variance = (kernel: Float32Array): number =>
        tf.tidy(() => {
          const z = tf.add(tf.matMul(input, tf.tensor2d(kernel, [layer.inputs, layer.units])), bias);
          return tf.moments(z).variance.dataSync()[0]!;
        });
      let iterations = 0;
      let v = variance(w.kernel);
      if (rescaled) {
        while (Number.isFinite(v) && v > 0 && Math.abs(v - 1) >= params.tolerance && iterations < params.maxIterations) {
          const factor = 1 / Math.sqrt(v);
          for (let i = 0; i < w.kernel.length; i++) w.kernel[i] = w.kernel[i]! * factor;
          iterations++;
          v = variance(w.kernel);
        }
      }
      weights.push(w);
      reports.push({ layer: layer.index, iterations, variance: Number.isFinite(v) ? v : null, rescaled });
      const next = tf.tidy(() =>
        activationForward(tf.add(tf.matMul(input, tf.tensor2d(w.kernel, [layer.inputs, layer.units])), bias), layer.activation),
      ) as tf.Tensor2D;
      bias.dispose();
      input.dispose();
      input = next;
    }
  } finally {
    input.dispose();
  }
  return { weights, layers: reports };
}

/**
 * Layer-sequential unit-variance initialisation (LSUV): orthogonal start, then each layer's kernel
 * rescaled on a data batch until its pre-activations have unit variance.
 * "All you need is a good init" – Dmytro Mishkin, Jiri Matas (2016).
 *
 * Runs on the active tfjs backend; the batch is every row of `x` (pass a mini-batch, e.g. 256 rows).
 *
 * @example
 * const { weights, layers } = lsuvInit(spec, xTrain.slice(0, 256), { seed: 7 });
 * await trainModel(spec, { seed: 7, initialWeights: weights }, data, { epochs: 10, optimizer: 'sgd' });
 */
export function lsuvInit(spec: ModelSpec, x: Matrix, opts: LsuvOptions): LsuvResult {
  const layers = resolveLayers(spec);
  refuseUnknownKeys('lsuvInit', opts, LSUV_OPTIONS);
  if (typeof opts !== 'object' || opts === null || !Number.isSafeInteger(opts.seed)) {
    throw new ModelsError('INVALID_OPTIONS', `lsuvInit: opts.seed must be a safe integer, got ${show(opts?.seed)}`);
  }
  const scope = opts.layers ?? 'all';
  if (scope !== 'all' && scope !== 'hidden') {
    throw new ModelsError('INVALID_OPTIONS', `lsuvInit: layers must be 'hidden' or 'all', got ${show(opts.layers)}`);
  }
  const params = resolveLsuvParams(opts, 'lsuvInit');
  const batch = toDenseMatrix(x, spec.inputDim, 'lsuvInit: x');
  return lsuvLayers(
    layers,
    layers.map((l) => scope === 'all' || !l.isOutput),
    layers.map((l) => l.biasInitializer),
    layers.map((l) => l.kernelInitializer),
    opts.seed,
    batch,
    params,
  );
}
