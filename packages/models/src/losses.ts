import * as tf from '@tensorflow/tfjs-core';
import { activationBackward } from './activations.js';
import type { LossName, ResolvedActivation } from './spec.js';

/**
 * Keras's `backend.epsilon()` (`1e-7`), the lower clip bound of the probability-space cross-entropies, as
 * the float32 it becomes on a float32 tensor: `Math.fround(1e-7) = 1.0000000116860974e-7`.
 *
 * @example
 * ```ts
 * KERAS_EPSILON === Math.fround(1e-7); // true
 * ```
 */
export const KERAS_EPSILON = Math.fround(1e-7);

/**
 * The upper clip bound `1 − ε`, computed in float32 as Keras does on a float32 tensor (TensorFlow subtracts a
 * float32 constant, numpy casts the bound): `1 − 2⁻²³ = 0.99999988…`, not `1 − 1e-7`. A probability of
 * exactly 1 on a negative target therefore costs `−ln 2⁻²³ = 15.94` nats, as in Keras, not `−ln 1e-7 = 16.12`.
 *
 * @example
 * ```ts
 * KERAS_CLIP_MAX === 1 - 2 ** -23; // true
 * ```
 */
export const KERAS_CLIP_MAX = Math.fround(1 - KERAS_EPSILON);

/**
 * How a loss is computed for a given output activation, following Keras 3 on TensorFlow:
 * a softmax output with a categorical cross-entropy and a sigmoid output with binary cross-entropy
 * are computed from the logits (Keras takes the `_keras_logits` of its activation), every other
 * pairing from the probabilities with clipping to `[ε, 1 − ε]` in float32 ({@link KERAS_EPSILON},
 * {@link KERAS_CLIP_MAX}). Per sample:
 * softmax_ce `−Σ y·log_softmax(z)`; sigmoid_bce `mean(max(z,0) − z·y + log(1 + e^{−|z|}))`;
 * prob_cce `−Σ y·log(clip(a/Σa))`; prob_scce `−log clip(a)_y + log Σ clip(a)`;
 * prob_bce `mean(−y·log clip(a) − (1−y)·log(1 − clip(a)))`; mse `mean((a−y)²)`; mae `mean|a−y|`.
 */
export type LossMode =
  | 'softmax_ce'
  | 'sigmoid_bce'
  | 'prob_cce'
  | 'prob_scce'
  | 'prob_bce'
  | 'mse'
  | 'mae';

/** Picks the {@link LossMode} of a loss on an output activation. */
export function lossMode(loss: LossName, output: ResolvedActivation): LossMode {
  switch (loss) {
    case 'mse':
      return 'mse';
    case 'mae':
      return 'mae';
    case 'binary_crossentropy':
      return output.name === 'sigmoid' ? 'sigmoid_bce' : 'prob_bce';
    case 'categorical_crossentropy':
      return output.name === 'softmax' ? 'softmax_ce' : 'prob_cce';
    case 'sparse_categorical_crossentropy':
      return output.name === 'softmax' ? 'softmax_ce' : 'prob_scce';
  }
}

/** Where TensorFlow's `clip_by_value` (a min and a max) passes the gradient: `ε ≤ p ≤ 1 − ε`, bounds included. */
function clipMask(p: tf.Tensor): tf.Tensor {
  return tf.cast(tf.logicalAnd(tf.greaterEqual(p, KERAS_EPSILON), tf.lessEqual(p, KERAS_CLIP_MAX)), 'float32');
}

/**
 * `scale · ∂L/∂z` of the output layer, where `L` is the per-sample loss summed over the batch
 * (pass `scale = 1 / batchSize` for the batch mean Keras minimises). The logits paths give
 * `a − y` (softmax) and `(a − y)/C` (sigmoid); the others go through `∂L/∂a` and the activation's derivative.
 */
export function outputGradient(
  mode: LossMode,
  z: tf.Tensor,
  a: tf.Tensor,
  y: tf.Tensor,
  scale: number,
  act: ResolvedActivation,
): tf.Tensor {
  const units = z.shape[z.shape.length - 1] ?? 1;
  switch (mode) {
    case 'softmax_ce':
      return tf.mul(tf.sub(a, y), scale);
    case 'sigmoid_bce':
      return tf.mul(tf.sub(a, y), scale / units);
    default:
      return activationBackward(outputActivationGradient(mode, a, y, scale, units), z, a, act);
  }
}

function outputActivationGradient(mode: LossMode, a: tf.Tensor, y: tf.Tensor, scale: number, units: number): tf.Tensor {
  switch (mode) {
    case 'mse':
      return tf.mul(tf.sub(a, y), (2 * scale) / units);
    case 'mae':
      return tf.mul(tf.sign(tf.sub(a, y)), scale / units);
    case 'prob_cce': {
      const total = tf.sum(a, -1, true);
      const p = tf.div(a, total);
      const g = tf.mul(tf.neg(tf.div(y, tf.clipByValue(p, KERAS_EPSILON, KERAS_CLIP_MAX))), clipMask(p));
      return tf.mul(tf.div(tf.sub(g, tf.sum(tf.mul(g, p), -1, true)), total), scale);
    }
    case 'prob_scce': {
      const p = tf.clipByValue(a, KERAS_EPSILON, KERAS_CLIP_MAX);
      const g = tf.sub(tf.div(1, tf.sum(p, -1, true)), tf.div(y, p));
      return tf.mul(tf.mul(g, clipMask(a)), scale);
    }
    case 'prob_bce': {
      const p = tf.clipByValue(a, KERAS_EPSILON, KERAS_CLIP_MAX);
      const g = tf.sub(tf.div(tf.sub(1, y), tf.sub(1, p)), tf.div(y, p));
      return tf.mul(tf.mul(g, clipMask(a)), scale / units);
    }
    default:
      throw new Error(`outputActivationGradient: unreachable loss mode ${mode}`);
  }
}

/** Metric names a loss reports. */
export type MetricName = 'accuracy' | 'mse' | 'mae';

/** The metrics reported for a loss: accuracy for classification, mse and mae for regression. */
export function metricNames(loss: LossName): MetricName[] {
  return loss === 'mse' || loss === 'mae' ? ['mse', 'mae'] : ['accuracy'];
}
