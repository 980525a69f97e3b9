import * as tf from '@tensorflow/tfjs-core';
import { LINEAR, denseBackward, denseForward, softmaxCrossEntropyGradient } from './dense-kernels.js';
import { outputGradient, type LossMode } from './losses.js';
import type { ResolvedLayer } from './spec.js';
import type { StackedParams } from './weights.js';

/** Pre-activations `z` and activations `a` of every layer, each `[K, B, units]`. */
export interface ForwardTrace {
  zs: tf.Tensor3D[];
  as: tf.Tensor3D[];
}

/**
 * Batched forward pass of K stacked models on their own batches `x` (`[K, B, in]`):
 * `z = a_prev · W + b` and `a = f(z)`, one kernel launch per layer for all members and every activation.
 * With `outputActivation: false` the output layer's `a` is not computed (`as` is one shorter):
 * a training step that takes the softmax cross-entropy's gradient from `z` does not need it.
 */
export function forward(layers: readonly ResolvedLayer[], params: StackedParams, x: tf.Tensor3D, outputActivation = true): ForwardTrace {
  const zs: tf.Tensor3D[] = [];
  const as: tf.Tensor3D[] = [];
  let input = x;
  for (const layer of layers) {
    const isOutput = layer.index === layers.length - 1;
    // the output's activation is skipped only where the gradient comes from z
    const activation = isOutput && !outputActivation ? LINEAR : layer.activation;
    const { z, a } = denseForward(input, params.kernels[layer.index]!, params.biases[layer.index]!, activation);
    zs.push(z);
    if (isOutput && !outputActivation) break;
    as.push(a);
    input = a;
  }
  return { zs, as };
}

/** Per-layer gradients, `[K, in, out]` kernels and `[K, 1, out]` biases. */
export interface Gradients {
  kernels: tf.Tensor3D[];
  biases: tf.Tensor3D[];
}

/**
 * Explicit backpropagation from the output gradient `dZ` (`scale · ∂L/∂z_out`):
 * `∂W = a_prevᵀ · dZ`, `∂b = Σ_batch dZ`, `dA_prev = dZ · Wᵀ`, `dZ_prev = f'(dA_prev)`.
 */
export function backward(
  layers: readonly ResolvedLayer[],
  params: StackedParams,
  x: tf.Tensor3D,
  trace: ForwardTrace,
  dZOut: tf.Tensor3D,
): Gradients {
  const kernels: tf.Tensor3D[] = new Array<tf.Tensor3D>(layers.length);
  const biases: tf.Tensor3D[] = new Array<tf.Tensor3D>(layers.length);
  let dZ = dZOut;
  for (let l = layers.length - 1; l >= 0; l--) {
    const input = l === 0 ? x : trace.as[l - 1]!;
    // the layer below's derivative is folded into the same launch: dA comes back as that layer's dZ
    const below = l > 0 ? layers[l - 1]!.activation : undefined;
    const g = denseBackward(input, dZ, params.kernels[l]!, l > 0, below, l > 0 ? trace.zs[l - 1]! : null);
    kernels[l] = g.dW;
    biases[l] = g.db;
    if (g.dA !== null) dZ = g.dA;
  }
  return { kernels, biases };
}

/**
 * Forward and backward on one batch: gradients of `scale · Σ_batch loss` (pass `scale = 1/B`
 * for the batch-mean loss), plus the trace. `outputActivation: false` (a training step that only
 * needs the output's `z`) skips the output activation where the gradient comes from the logits;
 * `rowStats` asks the softmax cross-entropy kernel for each row's loss and accuracy hit
 * (`[K, B, 3]`, see `softmaxCrossEntropyGradient`), null where it does not apply.
 */
export function gradients(
  layers: readonly ResolvedLayer[],
  mode: LossMode,
  params: StackedParams,
  x: tf.Tensor3D,
  y: tf.Tensor3D,
  scale: number,
  options: { outputActivation?: boolean; rowStats?: boolean } = {},
): { trace: ForwardTrace; grads: Gradients; rowStats: tf.Tensor3D | null } {
  const last = layers.length - 1;
  const output = layers[last]!.activation;
  // softmax with its cross-entropy: the output gradient comes from z in one launch
  const fromLogits = mode === 'softmax_ce' && output.name === 'softmax';
  const trace = forward(layers, params, x, (options.outputActivation ?? true) || !fromLogits);
  let dZ: tf.Tensor3D;
  let rowStats: tf.Tensor3D | null = null;
  if (fromLogits && options.rowStats === true) ({ dZ, stats: rowStats } = softmaxCrossEntropyGradient(trace.zs[last]!, y, scale, true));
  else if (fromLogits) dZ = softmaxCrossEntropyGradient(trace.zs[last]!, y, scale);
  else dZ = outputGradient(mode, trace.zs[last]!, trace.as[last]!, y, scale, output) as tf.Tensor3D;
  return { trace, grads: backward(layers, params, x, trace, dZ), rowStats };
}

/** Repeats a shared `[B, d]` matrix for K members as `[K, B, d]` (batched matMul does not broadcast on every backend). */
export function tileForMembers(x: tf.Tensor2D, k: number): tf.Tensor3D {
  const [rows, cols] = x.shape;
  const x3 = tf.reshape(x, [1, rows, cols]);
  return (k === 1 ? x3 : tf.tile(x3, [k, 1, 1])) as tf.Tensor3D;
}
