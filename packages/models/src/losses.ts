import * as tf from '@tensorflow/tfjs-core';
import { activationBackward } from './activations.js';
import { KERAS_CLIP_MAX, KERAS_EPSILON, type LossMode, type MetricName } from './loss-modes.js';
import type { LossName, ResolvedActivation } from './spec.js';

export { KERAS_CLIP_MAX, KERAS_EPSILON, type LossMode, type MetricName } from './loss-modes.js';

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


/** The metrics reported for a loss: accuracy for classification, mse and mae for regression. */
export function metricNames(loss: LossName): MetricName[] {
  return loss === 'mse' || loss === 'mae' ? ['mse', 'mae'] : ['accuracy'];
}
