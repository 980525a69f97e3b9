import * as tf from '@tensorflow/tfjs-core';
import { hostActivation, hostActivationGradient, hostKernels } from './dense-kernels.js';
import type { ResolvedActivation } from './spec.js';

import { SELU_ALPHA, SELU_SCALE } from './names.js';

export { SELU_ALPHA, SELU_SCALE } from './names.js';
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * `a = activation(z)` elementwise (softmax over the last axis).
 * gelu is the exact erf form; elu with `alpha ≠ 1` follows Keras 3 (`where(z > 0, elu(z), alpha·elu(z))`).
 * On the cpu and wasm backends this is the dense forward kernel's own float32 routine
 * (`activation-wasm.ts`), so every path computes the same values as training; other backends use tfjs ops.
 */
export function activationForward(z: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  if (act.name !== 'linear' && z.dtype === 'float32' && hostKernels()) return hostActivation(z, act);
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
    case 'gelu':
      return tf.mul(tf.mul(z, 0.5), tf.add(tf.erf(tf.mul(z, INV_SQRT2)), 1));
    case 'softmax':
      return tf.softmax(z);
  }
}

/**
 * `∂L/∂z` from `∂L/∂a`, given the pre-activation `z` and the activation `a = f(z)`:
 * relu `1[a > 0]`; leaky_relu `1` or `alpha`; elu `1` or `a + alpha`; selu `λ` or `a + λα`;
 * tanh `1 − a²`; sigmoid `a(1 − a)`; gelu `Φ(z) + z·φ(z)`; softmax `a ⊙ (g − Σ g⊙a)`.
 * Derivatives at a kink take the right-hand value where TensorFlow does (relu'(0) = 0, leaky'(0) = alpha).
 * On the cpu and wasm backends this is the dense backward kernel's routine (gelu′ by its float32
 * approximation, the others in these same float32 operations); other backends use tfjs ops.
 */
export function activationBackward(
  dA: tf.Tensor,
  z: tf.Tensor,
  a: tf.Tensor,
  act: ResolvedActivation,
): tf.Tensor {
  if (act.name !== 'linear' && dA.dtype === 'float32' && hostKernels()) return hostActivationGradient(dA, z, a, act);
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
    case 'gelu': {
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(z, INV_SQRT2)), 1), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      return tf.mul(dA, tf.add(cdf, tf.mul(z, pdf)));
    }
    case 'softmax':
      return tf.mul(a, tf.sub(dA, tf.sum(tf.mul(dA, a), -1, true)));
  }
}
