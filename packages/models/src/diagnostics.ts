import { LAYER_DIAGNOSTIC_FIELDS, type LayerDiagnosticField, type LayerDiagnostics } from '@initlab/results';
import * as tf from '@tensorflow/tfjs-core';
import type { LossMode } from './losses.js';
import { forward, gradients, tileForMembers, type ForwardTrace } from './network.js';
import type { ResolvedLayer } from './spec.js';
import type { StackedParams } from './weights.js';

/** Threshold of a saturated tanh unit: `|tanh(z)| > 0.99`. */
export const TANH_SATURATION = 0.99;
/** Thresholds of a saturated sigmoid unit: `σ(z) < 0.01` or `σ(z) > 0.99`. */
export const SIGMOID_SATURATION = 0.01;
/** Two units count as one when every incoming weight and the bias agree within this (max-abs). */
export const SYMMETRY_TOLERANCE = 1e-6;

// The field names and their meaning are the results format's: one list, stored as computed here.
export type { LayerDiagnostics } from '@initlab/results';

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * Number of distinct units of one member's layer: a unit joins the first earlier distinct unit whose
 * incoming weight column and bias all lie within `tolerance` of its own; otherwise it is a new one.
 * A unit with a non-finite weight is always distinct.
 *
 * @param kernel - `[inputs, units]` row-major (the member's slice).
 */
export function countDistinctUnits(
  kernel: Float32Array,
  bias: Float32Array,
  inputs: number,
  units: number,
  tolerance = SYMMETRY_TOLERANCE,
): number {
  const representatives: number[] = [];
  const differs = (a: number, b: number): boolean => {
    if (!(Math.abs(bias[a]! - bias[b]!) <= tolerance)) return true;
    for (let i = 0; i < inputs; i++) {
      if (!(Math.abs(kernel[i * units + a]! - kernel[i * units + b]!) <= tolerance)) return true;
    }
    return false;
  };
  for (let u = 0; u < units; u++) {
    if (!representatives.some((r) => !differs(u, r))) representatives.push(u);
  }
  return representatives.length;
}

/** What {@link computeDiagnostics} returns: one list per member slot, and the activations when asked for. */
export interface TracedDiagnostics {
  diagnostics: LayerDiagnostics[][];
  /** Per member slot, per layer: `a = f(z)` as `[B, units]` row-major; `null` unless `keepActivations`. */
  activations: Float32Array[][] | null;
}

/**
 * Diagnostics of K stacked members on one shared batch `x` (`[B, in]`), with targets `y` (`[B, C]`)
 * for gradient norms and `previous` parameters for update ratios. With `keepActivations` the activations
 * of the same pass are copied to the host too (the forward trace), so statistics and values cannot disagree.
 */
export function computeDiagnostics(
  layers: readonly ResolvedLayer[],
  mode: LossMode,
  params: StackedParams,
  x: tf.Tensor2D,
  y: tf.Tensor2D | null,
  previous: StackedParams | null,
  keepActivations = false,
): TracedDiagnostics {
  const k = params.kernels[0]!.shape[0];
  // One tensor row per field and layer, pushed below in LAYER_DIAGNOSTIC_FIELDS order; distinctUnits is counted on the host.
  const fields = LAYER_DIAGNOSTIC_FIELDS.filter((f): f is Exclude<LayerDiagnosticField, 'distinctUnits'> => f !== 'distinctUnits');
  const { stats, kept } = tf.tidy(() => {
    const x3 = tileForMembers(x, k);
    let trace: ForwardTrace;
    let grads = null;
    if (y !== null) {
      const result = gradients(layers, mode, params, x3, tileForMembers(y, k), 1 / x.shape[0]);
      trace = result.trace;
      grads = result.grads;
    } else {
      trace = forward(layers, params, x3);
    }
    const rows: tf.Tensor[] = [];
    const nanRow = tf.fill([k], Number.NaN);
    layers.forEach((layer, l) => {
      const z = trace.zs[l]!;
      const a = trace.as[l]!;
      const zMoments = tf.moments(z, [1, 2]);
      const aMoments = tf.moments(a, [1, 2]);
      rows.push(zMoments.mean, tf.sqrt(zMoments.variance), aMoments.mean, tf.sqrt(aMoments.variance));
      if (layer.activation.name === 'relu') {
        const everPositive = tf.any(tf.greater(a, 0), 1);
        rows.push(tf.mean(tf.sub(1, tf.cast(everPositive, 'float32')), 1));
      } else {
        rows.push(nanRow);
      }
      if (layer.activation.name === 'tanh') {
        rows.push(tf.mean(tf.cast(tf.greater(tf.abs(a), TANH_SATURATION), 'float32'), [1, 2]));
      } else if (layer.activation.name === 'sigmoid') {
        const saturated = tf.logicalOr(tf.less(a, SIGMOID_SATURATION), tf.greater(a, 1 - SIGMOID_SATURATION));
        rows.push(tf.mean(tf.cast(saturated, 'float32'), [1, 2]));
      } else {
        rows.push(nanRow);
      }
      if (grads !== null) {
        rows.push(tf.sqrt(tf.sum(tf.square(grads.kernels[l]!), [1, 2])), tf.sqrt(tf.sum(tf.square(grads.biases[l]!), [1, 2])));
      } else {
        rows.push(nanRow, nanRow);
      }
      const kernel = params.kernels[l]!;
      rows.push(tf.sqrt(tf.sum(tf.square(kernel), [1, 2])));
      if (previous !== null) {
        const before = previous.kernels[l]!;
        const beforeNorm = tf.sqrt(tf.sum(tf.square(before), [1, 2]));
        const ratio = tf.div(tf.sqrt(tf.sum(tf.square(tf.sub(kernel, before)), [1, 2])), beforeNorm);
        rows.push(tf.where(tf.greater(beforeNorm, 0), ratio, nanRow));
      } else {
        rows.push(nanRow);
      }
    });
    return { stats: tf.stack(rows), kept: keepActivations ? trace.as.slice(0, layers.length) : [] };
  });
  const values = stats.dataSync();
  stats.dispose();
  const hostActivations = kept.map((a) => a.dataSync() as Float32Array);
  tf.dispose(kept);
  const hostKernels = params.kernels.map((t) => t.dataSync() as Float32Array);
  const hostBiases = params.biases.map((t) => t.dataSync() as Float32Array);
  const perMember: LayerDiagnostics[][] = [];
  for (let m = 0; m < k; m++) {
    perMember.push(
      layers.map((layer, l) => {
        const row = (f: number): number | null => finite(values[(l * fields.length + f) * k + m]);
        const size = layer.inputs * layer.units;
        const kernel = hostKernels[l]!.subarray(m * size, (m + 1) * size);
        const bias = hostBiases[l]!.subarray(m * layer.units, (m + 1) * layer.units);
        const measured = Object.fromEntries(fields.map((name, f) => [name, row(f)])) as Record<(typeof fields)[number], number | null>;
        const diag: LayerDiagnostics = {
          layer: layer.index,
          units: layer.units,
          activation: layer.activation.name,
          ...measured,
          distinctUnits: countDistinctUnits(kernel, bias, layer.inputs, layer.units),
        };
        return diag;
      }),
    );
  }
  const activations = keepActivations
    ? Array.from({ length: k }, (_, m) =>
        layers.map((layer, l) => {
          const size = x.shape[0] * layer.units;
          return hostActivations[l]!.slice(m * size, (m + 1) * size);
        }),
      )
    : null;
  return { diagnostics: perMember, activations };
}
