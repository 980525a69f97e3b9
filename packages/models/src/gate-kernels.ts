import * as tf from '@tensorflow/tfjs-core';
import { hostIO, hostKernelsWith, type HostKernel, type KernelArgs } from './dense-kernels.js';
import { jsGateBackward } from './dense-wasm.js';

const GATE_GRAD = 'InitlabGateGrad';

/**
 * ∂L/∂α[m] = Σ_{r,u} dS[m, r, u]·F[m, r, u] for each member m: the products and the sum in float64, in
 * row-major order (row r, then unit u), rounded to float32 once, so a member's value does not depend on its
 * ensemble or the backend.
 */
export function gateGradientValues(dSum: Float32Array, branch: Float32Array, members: number): Float32Array {
  // the resident step's routine and its JavaScript twin follow this one rule: run the twin on a copy
  const n = dSum.length;
  const mem = new Float32Array(3 * n + 2 * members);
  mem.set(dSum, 0);
  mem.set(branch, n);
  jsGateBackward(mem, 0, n, 3 * n, 2 * n, 3 * n + members, members, n / members);
  return mem.slice(3 * n + members);
}

function gateGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const io = hostIO(backend);
  const { dSum, branch } = inputs as { dSum: tf.TensorInfo; branch: tf.TensorInfo };
  const k = dSum.shape[0]!;
  return io.write([k, 1, 1], gateGradientValues(io.read(dSum), io.read(branch), k));
}

const KERNELS: HostKernel[] = [[GATE_GRAD, gateGradKernel]];

/** The gradient of a residual block's scalar gate α from the gradient at the sum and the branch's output: `[K, 1, 1]`. */
export function gateGradient(dSum: tf.Tensor3D, branch: tf.Tensor3D): tf.Tensor3D {
  if (!hostKernelsWith(KERNELS)) return tf.sum(tf.mul(dSum, branch), [1, 2], true) as tf.Tensor3D;
  return tf.engine().runKernel(GATE_GRAD, { dSum, branch } as unknown as tf.NamedTensorMap) as tf.Tensor3D;
}
