import type * as tf from '@tensorflow/tfjs-core';
import { activationBackwardOps, activationForwardOps } from './activation-ops.js';
import { hostActivation, hostActivationGradient, hostKernels } from './dense-kernels.js';
import type { ResolvedActivation } from './spec.js';

export { SELU_ALPHA, SELU_SCALE } from './names.js';

/**
 * `a = activation(z)` elementwise (softmax over the last axis).
 * gelu is the exact erf form; elu with `alpha ≠ 1` follows Keras 3 (`where(z > 0, elu(z), alpha·elu(z))`).
 * On the cpu and wasm backends this is the dense forward kernel's own float32 routine
 * (`activation-wasm.ts`), so every path computes the same values as training; other backends use tfjs ops.
 */
export function activationForward(z: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  if (act.name !== 'linear' && z.dtype === 'float32' && hostKernels()) return hostActivation(z, act);
  return activationForwardOps(z, act);
}

/**
 * `∂L/∂z` from `∂L/∂a`, given the pre-activation `z` and the activation `a = f(z)`:
 * relu `1[a > 0]`; leaky_relu `1` or `alpha`; elu `1` or `a + alpha`; selu `λ` or `a + λα`;
 * tanh `1 − a²`; sigmoid `a(1 − a)`; softsign `1 / (1 + |z|)²`; gelu `Φ(z) + z·φ(z)`; softmax `a ⊙ (g − Σ g⊙a)`.
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
  return activationBackwardOps(dA, z, a, act);
}
