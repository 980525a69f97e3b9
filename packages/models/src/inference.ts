import * as tf from '@tensorflow/tfjs-core';
import { ModelsError } from './errors.js';
import { toDenseMatrix, toDenseTargets, type Matrix, type Targets } from './data.js';
import { accumulate } from './host-loss.js';
import { lossMode, metricNames } from './losses.js';
import { graphForward } from './graph.js';
import type { ResolvedNetwork } from './network-spec.js';
import { forward } from './network.js';
import { resolveNetwork, type ModelSpec } from './spec.js';
import type { Metrics } from './train.js';
import { ensureBackend } from './train.js';
import { allTensors, checkWeights, NO_EXTRAS, stackWeights, type ExtraWeights, type LayerWeights, type StackedParams } from './weights.js';

/**
 * A trained model's parameters: its dense layers' weights, or (for a network with normalization or
 * residual gates) an object with `weights` and `extras`, such as a `MemberResult`.
 */
export type ModelWeights = readonly LayerWeights[] | { weights: readonly LayerWeights[]; extras: ExtraWeights };

/** Resolves the spec, checks the weights against it and uploads them as one member. */
function uploadModel(spec: ModelSpec, given: ModelWeights, fn: string): { net: ResolvedNetwork; params: StackedParams } {
  const net = resolveNetwork(spec);
  const weights = Array.isArray(given) ? (given as readonly LayerWeights[]) : (given as { weights: readonly LayerWeights[] }).weights;
  const extras = Array.isArray(given) ? NO_EXTRAS : ((given as { extras?: ExtraWeights }).extras ?? NO_EXTRAS);
  checkWeights(net.dense, weights as LayerWeights[], `${fn}: weights`);
  if (!net.plain && (extras.params.length !== net.extras.length || extras.buffers.length !== net.buffers.length)) {
    throw new ModelsError(
      'INVALID_WEIGHTS',
      `${fn}: weights must include the network's extras (${net.extras.length} γ/β/gate arrays and ${net.buffers.length} batch-norm buffers): pass the member result ({ weights, extras }), got ${extras.params.length} and ${extras.buffers.length}`,
    );
  }
  return { net, params: stackWeights(net.dense, [weights], [extras]) };
}

/** The output layer's z and a on `x` for one uploaded member, in evaluation mode. Run inside `tf.tidy`. */
function outputs(net: ResolvedNetwork, params: StackedParams, x: tf.Tensor3D): { z: tf.Tensor3D; a: tf.Tensor3D } {
  if (net.plain) {
    const trace = forward(net.dense, params, x);
    return { z: trace.zs[net.dense.length - 1]!, a: trace.as[net.dense.length - 1]! };
  }
  const trace = graphForward(net, params, x, { training: false });
  return { z: trace.zOut, a: trace.aOut };
}

/**
 * The model's output activations for every row of `x` (class probabilities for a softmax output).
 *
 * @example
 * const probabilities = predict(spec, result.weights, xTest); // number[][], one row per sample
 */
export function predict(spec: ModelSpec, weights: ModelWeights, x: Matrix): number[][] {
  const dense = toDenseMatrix(x, spec.inputDim, 'predict: x');
  ensureBackend('predict');
  const { net, params } = uploadModel(spec, weights, 'predict');
  try {
    const out = tf.tidy(() => outputs(net, params, tf.tensor3d(dense.values, [1, dense.rows, dense.cols])).a);
    const values = out.dataSync();
    out.dispose();
    const units = net.dense[net.dense.length - 1]!.units;
    return Array.from({ length: dense.rows }, (_, r) => Array.from(values.subarray(r * units, (r + 1) * units)));
  } finally {
    tf.dispose(allTensors(params));
  }
}

/**
 * Loss and metrics of a model on `(x, y)`, computed as in training (Keras semantics, see the README).
 * Non-finite values are reported as `null` (loss) or left out (metrics).
 *
 * @example
 * const { loss, metrics } = evaluate(spec, result.weights, xTest, yTest);
 * console.log(loss, metrics.accuracy);
 */
export function evaluate(
  spec: ModelSpec,
  weights: ModelWeights,
  x: Matrix,
  y: Targets,
): { loss: number | null; metrics: Metrics } {
  const dense = toDenseMatrix(x, spec.inputDim, 'evaluate: x');
  ensureBackend('evaluate');
  const { net, params } = uploadModel(spec, weights, 'evaluate');
  const last = net.dense[net.dense.length - 1]!;
  const mode = lossMode(spec.loss, last.activation);
  const names = metricNames(spec.loss);
  try {
    const targets = toDenseTargets(y, dense.rows, last.units, spec.loss, 'evaluate: y');
    const z = tf.tidy(() => outputs(net, params, tf.tensor3d(dense.values, [1, dense.rows, dense.cols])).z);
    const values = z.dataSync();
    z.dispose();
    // Scored on the host in float64, exactly as training scores its epochs.
    const sums = new Float64Array(1 + names.length);
    accumulate({ mode, loss: spec.loss, activation: last.activation, metrics: names, units: last.units }, values, targets.values, 1, dense.rows, sums);
    const metrics: Metrics = {};
    names.forEach((name, i) => {
      const v = sums[1 + i]! / dense.rows;
      if (Number.isFinite(v)) metrics[name] = v;
    });
    const loss = sums[0]! / dense.rows;
    return { loss: Number.isFinite(loss) ? loss : null, metrics };
  } finally {
    tf.dispose(allTensors(params));
  }
}
