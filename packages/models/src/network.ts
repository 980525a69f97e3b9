import * as tf from '@tensorflow/tfjs-core';
import { activationBackward, activationForward } from './activations.js';
import { denseBackward, denseForward } from './dense-kernels.js';
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
 * `z = a_prev · W + b` (one rank-3 `matMul` per layer for all members), `a = f(z)`.
 */
export function forward(layers: readonly ResolvedLayer[], params: StackedParams, x: tf.Tensor3D): ForwardTrace {
  const zs: tf.Tensor3D[] = [];
  const as: tf.Tensor3D[] = [];
  let input = x;
  for (const layer of layers) {
    const z = denseForward(input, params.kernels[layer.index]!, params.biases[layer.index]!);
    const a = activationForward(z, layer.activation) as tf.Tensor3D;
    zs.push(z);
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
    const g = denseBackward(input, dZ, params.kernels[l]!, l > 0);
    kernels[l] = g.dW;
    biases[l] = g.db;
    if (g.dA !== null) {
      const dA = g.dA;
      const below = layers[l - 1]!;
      dZ = activationBackward(dA, trace.zs[l - 1]!, trace.as[l - 1]!, below.activation) as tf.Tensor3D;
    }
  }
  return { kernels, biases };
}

/**
 * Forward and backward on one batch: gradients of `scale · Σ_batch loss` (pass `scale = 1/B`
 * for the batch-mean loss), plus the trace.
 */
export function gradients(
  layers: readonly ResolvedLayer[],
  mode: LossMode,
  params: StackedParams,
  x: tf.Tensor3D,
  y: tf.Tensor3D,
  scale: number,
): { trace: ForwardTrace; grads: Gradients } {
  const trace = forward(layers, params, x);
  const last = layers.length - 1;
  const dZ = outputGradient(mode, trace.zs[last]!, trace.as[last]!, y, scale, layers[last]!.activation) as tf.Tensor3D;
  return { trace, grads: backward(layers, params, x, trace, dZ) };
}

/** Repeats a shared `[B, d]` matrix for K members as `[K, B, d]` (batched matMul does not broadcast on every backend). */
export function tileForMembers(x: tf.Tensor2D, k: number): tf.Tensor3D {
  const [rows, cols] = x.shape;
  const x3 = tf.reshape(x, [1, rows, cols]);
  return (k === 1 ? x3 : tf.tile(x3, [k, 1, 1])) as tf.Tensor3D;
}
