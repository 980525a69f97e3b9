// The activations as tfjs ops: what backends without initlab's host kernels compute (the cpu and wasm
// backends run the fused float32 routines of activation-wasm.ts instead; see activations.ts).
import * as tf from '@tensorflow/tfjs-core';
import { SELU_ALPHA, SELU_SCALE } from './names.js';
import type { ResolvedActivation } from './spec.js';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** `activation(z)` with tfjs ops (see `activationForward`). */
export function activationForwardOps(z: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  switch (act.name) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'leaky_relu':
      return tf.leakyRelu(z, act.alpha);
    case 'elu':
      return act.alpha === 1 ? tf.elu(z) : tf.where(tf.greater(z, 0), z, tf.mul(tf.elu(z), act.alpha));
    case 'selu':
      return tf.selu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'softsign':
      return tf.div(z, tf.add(tf.abs(z), 1));
    case 'gelu':
      return tf.mul(tf.mul(z, 0.5), tf.add(tf.erf(tf.mul(z, INV_SQRT2)), 1));
    case 'softmax':
      return tf.softmax(z);
  }
}

/** `∂L/∂z` from `∂L/∂a` with tfjs ops (see `activationBackward`). */
export function activationBackwardOps(dA: tf.Tensor, z: tf.Tensor, a: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  switch (act.name) {
    case 'linear':
      return dA;
    case 'relu':
      return tf.mul(dA, tf.step(a));
    case 'leaky_relu':
      return tf.mul(dA, tf.step(z, act.alpha));
    case 'elu':
      return tf.where(tf.greater(z, 0), dA, tf.mul(dA, tf.add(a, act.alpha)));
    case 'selu':
      return tf.mul(dA, tf.where(tf.greater(z, 0), tf.fill(z.shape, SELU_SCALE), tf.add(a, SELU_SCALE * SELU_ALPHA)));
    case 'tanh':
      return tf.mul(dA, tf.sub(1, tf.square(a)));
    case 'sigmoid':
      return tf.mul(dA, tf.mul(a, tf.sub(1, a)));
    case 'softsign': {
      // TensorFlow's SoftsignGrad: g / (1 + |z|)², from z (1 − |a| would cancel for large |z|)
      const d = tf.add(tf.abs(z), 1);
      return tf.div(dA, tf.mul(d, d));
    }
    case 'gelu': {
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(z, INV_SQRT2)), 1), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      return tf.mul(dA, tf.add(cdf, tf.mul(z, pdf)));
    }
    case 'softmax':
      return tf.mul(a, tf.sub(dA, tf.sum(tf.mul(dA, a), -1, true)));
  }
}
