/**
 * The dense layer's forward and backward passes for K stacked members as two tfjs-core kernels,
 * `InitlabDenseForward` (`z = a·W + b`) and `InitlabDenseBackward` (`∂W = aᵀ·dZ`, `∂b = Σ dZ`,
 * `dA = dZ·Wᵀ`), registered on first use for the `cpu` and `wasm` backends. Every activation runs
 * in the forward kernel right after the product and its derivative in the backward kernel right
 * after `dA` (`activation-wasm.ts`), so an activation costs no extra launch and the training,
 * evaluation, prediction and diagnostics paths all compute it with the same float32 routine.
 *
 * Why: the members' matrices are tiny (16 × 11 × 10 for the wine model) and tfjs's batched
 * `matMul` handles a batch of them with a general loop that is slow at this size (measured on the
 * wasm backend for K = 40: ~225 µs for the first layer's forward product, 0.3 G multiply-adds/s),
 * and each extra op (the bias add; the bias gradient's sum, which transposes first) costs a
 * kernel launch. The two kernels replace six ops per layer and compute the products with one
 * WebAssembly SIMD routine (`dense-wasm.ts`), reading and writing through each backend's public
 * methods, so no backend is imported. The products are float32 with a fixed order of operations
 * for every member and every K, so a member's result does not depend on the ensemble it trains
 * in, and `cpu` and `wasm` give the same bits. Other backends get the equivalent tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationBackwardOps, activationForwardOps } from './activation-ops.js';
import { DERIVATIVE_FROM_Z, type ElementwiseActivation } from './activation-wasm.js';
import { denseKernels, scratchElements, type DenseKernels, type Product } from './dense-wasm.js';
import type { ResolvedActivation } from './spec.js';
import { rowMetric, softmaxRowWithLoss } from './host-loss.js';

const FORWARD = 'InitlabDenseForward';
const BACKWARD = 'InitlabDenseBackward';
/** Backends whose `readSync` is a cheap host read (no GPU download). */
const HOST_BACKENDS = ['cpu', 'wasm'];

/** Reads inputs and writes outputs on a host backend, through the public methods each one has. */
export interface HostIO {
  read(t: tf.TensorInfo): Float32Array;
  write(shape: number[], values: Float32Array): tf.TensorInfo;
  /** `write` of a copy of `values` (a view the caller will overwrite): one copy on either backend. */
  writeCopy(shape: number[], values: Float32Array): tf.TensorInfo;
}

interface CpuLike {
  readSync(dataId: object): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}
interface WasmLike {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

export function hostIO(backend: unknown): HostIO {
  const wasm = backend as Partial<WasmLike>;
  if (typeof wasm.typedArrayFromHeap === 'function' && typeof wasm.makeOutput === 'function') {
    const b = backend as WasmLike;
    // Views into the WebAssembly heap: every output is written after the inputs were last read,
    // since allocating one may grow (and detach) the heap.
    const write = (shape: number[], values: Float32Array): tf.TensorInfo => {
      const out = b.makeOutput(shape, 'float32');
      b.typedArrayFromHeap(out).set(values);
      return out;
    };
    return { read: (t) => b.typedArrayFromHeap(t), write, writeCopy: write };
  }
  const b = backend as CpuLike;
  return {
    read: (t) => b.readSync(t.dataId),
    write: (shape, values) => b.makeTensorInfo(shape, 'float32', values),
    // the cpu backend keeps the array it is given
    writeCopy: (shape, values) => b.makeTensorInfo(shape, 'float32', values.slice()),
  };
}

/** Element offsets of consecutive regions, each a multiple of 4 floats (16 bytes) long. */
export function layout(sizes: readonly number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += (n + 3) & ~3;
  }
  return { offsets, total };
}

/** The identity activation: a dense layer's z as its output. */
export const LINEAR: ResolvedActivation = { name: 'linear', alpha: 0 };

/** a = f(z) over the `rows × units` block at Z into R (offsets in the kernels' memory). */
export function activateInPlace(kernels: DenseKernels, act: ResolvedActivation, Z: number, R: number, rows: number, units: number): void {
  const n = rows * units;
  switch (act.name) {
    case 'linear':
      return;
    case 'relu':
      return kernels.relu(Z, R, n);
    case 'softmax':
      return kernels.activations.softmax(Z, R, rows, units);
    default:
      return kernels.activations.forward(act.name, Z, R, n, act.alpha);
  }
}

/** g = g ⊙ f′ over the `rows × units` block at G, from f's output at A (z at ZB, for gelu and softsign). */
export function deriveInPlace(kernels: DenseKernels, act: ResolvedActivation, G: number, A: number, ZB: number, rows: number, units: number): void {
  const n = rows * units;
  switch (act.name) {
    case 'linear':
      return;
    case 'relu':
      return kernels.stepMask(G, A, n);
    case 'softmax':
      return kernels.activations.softmaxBackward(G, A, rows, units);
    default:
      return kernels.activations.backward(act.name, G, derivativeNeedsZ(act) ? ZB : A, n, act.alpha);
  }
}

/**
 * How the dense values come back: `copies` the caller owns, or `views` into the kernels' memory, valid
 * until the next kernel call (the host kernels write them out at once: one copy fewer, and no garbage).
 */
export type DenseResults = 'copies' | 'views';

const take = (mem: Float32Array, from: number, n: number, results: DenseResults): Float32Array =>
  results === 'views' ? mem.subarray(from, from + n) : mem.slice(from, from + n);

/** Whether f′ is computed from z (gelu, softsign) rather than from a = f(z). */
export const derivativeNeedsZ = (act: ResolvedActivation): boolean => DERIVATIVE_FROM_Z.includes(act.name as ElementwiseActivation);

/** Where one layer's forward operands live in the kernels' memory (float32 element offsets). */
export interface ForwardAt {
  /** The input `[K, rows, inputs]`, W `[K, inputs, units]`, b `[K, 1, units]`. */
  a: number;
  w: number;
  b: number;
  /** z `[K, rows, units]`, and f(z) (unused for linear). */
  z: number;
  r: number;
  /** A packing area of {@link forwardScratch} floats. */
  scratch: number;
}

/** Floats of scratch one {@link forwardAt} call needs. */
export const forwardScratch = (rows: number, inputs: number, units: number): number => scratchElements({ rows, depth: inputs, colStart: 0, colEnd: units });

/**
 * z[m] = a[m]·W[m] + b[m] and f(z) on operands already in the kernels' memory: the one routine of the
 * dense forward, run by the tensor kernel (after copying its inputs in) and by the resident step.
 */
export function forwardAt(kernels: DenseKernels, at: ForwardAt, k: number, rows: number, inputs: number, units: number, activation: ResolvedActivation): void {
  kernels.product({
    a: at.a, aRow: inputs, aStep: 1, aMember: rows * inputs,
    b: at.w, bRow: units, bCol: 1, bMember: inputs * units,
    c: at.z, cMember: rows * units,
    init: at.b, initMember: units,
    members: k, rows, depth: inputs, width: units,
    colStart: 0, colEnd: units, scratch: at.scratch,
  }); // prettier-ignore
  activateInPlace(kernels, activation, at.z, at.r, k * rows, units);
}

/**
 * z[m] = a[m]·W[m] + b[m] for a `[K, B, I]`, W `[K, I, O]`, b `[K, 1, O]`, and f(z) for the layer's
 * activation (`a` is null for linear, where it is z).
 */
export function denseForwardValues(
  a: Float32Array,
  w: Float32Array,
  b: Float32Array,
  k: number,
  rows: number,
  inputs: number,
  units: number,
  activation: ResolvedActivation = LINEAR,
  results: DenseResults = 'copies',
): { z: Float32Array; a: Float32Array | null } {
  const kernels = denseKernels();
  const n = k * rows * units;
  const activated = activation.name !== 'linear';
  const { offsets, total } = layout([a.length, w.length, b.length, n, activated ? n : 0, forwardScratch(rows, inputs, units)]);
  const [A, W, BIAS, Z, R, SCRATCH] = offsets as [number, number, number, number, number, number];
  kernels.reserve(total);
  const mem = kernels.memory();
  mem.set(a, A);
  mem.set(w, W);
  mem.set(b, BIAS);
  forwardAt(kernels, { a: A, w: W, b: BIAS, z: Z, r: R, scratch: SCRATCH }, k, rows, inputs, units, activation);
  return { z: take(mem, Z, n, results), a: activated ? take(mem, R, n, results) : null };
}

/** Where one layer's backward operands live in the kernels' memory (float32 element offsets). */
export interface BackwardAt {
  /** The layer's input `[K, rows, inputs]` (the layer below's f(z)), dZ `[K, rows, units]`, a float 1. */
  a: number;
  dZ: number;
  one: number;
  /** ∂W `[K, inputs, units]` and ∂b `[K, 1, units]`, written. */
  dW: number;
  db: number;
  /** A packing area of {@link backwardScratch} floats. */
  scratch: number;
  /** With the input's gradient: W `[K, inputs, units]`, dA `[K, rows, inputs]` (written), and the layer below's z (gelu′), else −1. */
  w: number;
  dA: number;
  zBelow: number;
}

/** Floats of scratch one {@link backwardAt} call needs (the three products run one after the other and share it). */
export function backwardScratch(rows: number, inputs: number, units: number, withInput: boolean): number {
  return Math.max(
    scratchElements({ rows: inputs, depth: rows, colStart: 0, colEnd: units }),
    scratchElements({ rows: 1, depth: rows, colStart: 0, colEnd: units }),
    withInput ? scratchElements({ rows, depth: units, colStart: 0, colEnd: inputs }) : 0,
  );
}

/**
 * ∂W = aᵀ·dZ, ∂b = Σ_rows dZ and, when `withInput`, dA = dZ·Wᵀ times f′ of the layer below, on operands
 * already in the kernels' memory: the one routine of the dense backward, run by the tensor kernel and by
 * the resident step.
 */
export function backwardAt(
  kernels: DenseKernels,
  at: BackwardAt,
  k: number,
  rows: number,
  inputs: number,
  units: number,
  withInput: boolean,
  below: ResolvedActivation,
): void {
  // Full literals of one shape (a spread would make them slow dictionary objects)
  const dW: Product = {
    a: at.a, aRow: 1, aStep: inputs, aMember: rows * inputs,
    b: at.dZ, bRow: units, bCol: 1, bMember: rows * units,
    c: at.dW, cMember: inputs * units,
    init: -1, initMember: 0,
    members: k, rows: inputs, depth: rows, width: units,
    colStart: 0, colEnd: units, scratch: at.scratch,
  }; // prettier-ignore
  kernels.product({
    a: at.one, aRow: 0, aStep: 0, aMember: 0,
    b: at.dZ, bRow: units, bCol: 1, bMember: rows * units,
    c: at.db, cMember: units,
    init: -1, initMember: 0,
    members: k, rows: 1, depth: rows, width: units,
    colStart: 0, colEnd: units, scratch: at.scratch,
  }); // prettier-ignore
  if (!withInput) {
    kernels.product(dW);
    return;
  }
  // B(q, c) = W[c][q]: the kernel packs Wᵀ as it reads it
  const dA: Product = {
    a: at.dZ, aRow: units, aStep: 1, aMember: rows * units,
    b: at.w, bRow: 1, bCol: units, bMember: inputs * units,
    c: at.dA, cMember: rows * inputs,
    init: -1, initMember: 0,
    members: k, rows, depth: units, width: inputs,
    colStart: 0, colEnd: inputs, scratch: at.scratch,
  }; // prettier-ignore
  // ∂W and dA read the same dZ and write apart: on two threads they run at once
  if (kernels.productPair !== undefined) kernels.productPair(dW, dA);
  else {
    kernels.product(dW);
    kernels.product(dA);
  }
  deriveInPlace(kernels, below, at.dA, at.a, at.zBelow, k * rows, inputs);
}

/**
 * ∂W[m] = a[m]ᵀ·dZ[m] (`[K, I, O]`), ∂b[m] = Σ_rows dZ[m] (`[K, 1, O]`) and, when `withInput`,
 * dA[m] = dZ[m]·W[m]ᵀ (`[K, B, I]`) — times f′ of the layer below (`below`, whose output is `a`;
 * gelu′ needs that layer's pre-activation `zBelow`), which makes it that layer's dZ.
 */
export function denseBackwardValues(
  a: Float32Array,
  dZ: Float32Array,
  w: Float32Array,
  k: number,
  rows: number,
  inputs: number,
  units: number,
  withInput: boolean,
  below: ResolvedActivation = LINEAR,
  zBelow: Float32Array | null = null,
  results: DenseResults = 'copies',
): { dW: Float32Array; db: Float32Array; dA: Float32Array | null } {
  const kernels = denseKernels();
  if (withInput && derivativeNeedsZ(below) && zBelow === null) throw new Error(`denseBackwardValues: ${below.name}'s derivative needs zBelow`);
  const sizes = [a.length, dZ.length, 1, k * inputs * units, k * units, backwardScratch(rows, inputs, units, withInput)];
  if (withInput) sizes.push(w.length, k * rows * inputs, zBelow === null ? 0 : zBelow.length);
  const { offsets, total } = layout(sizes);
  const [A, DZ, ONE, DW, DB, SCRATCH, W = -1, DA = -1, ZB = -1] = offsets as [number, number, number, number, number, number, number?, number?, number?];
  kernels.reserve(total);
  const mem = kernels.memory();
  mem.set(a, A);
  mem.set(dZ, DZ);
  mem[ONE] = 1;
  if (withInput) {
    mem.set(w, W);
    if (zBelow !== null) mem.set(zBelow, ZB);
  }
  backwardAt(kernels, { a: A, dZ: DZ, one: ONE, dW: DW, db: DB, scratch: SCRATCH, w: W, dA: DA, zBelow: ZB }, k, rows, inputs, units, withInput, below);
  const dA = withInput ? take(mem, DA, k * rows * inputs, results) : null;
  return { dW: take(mem, DW, k * inputs * units, results), db: take(mem, DB, k * units, results), dA };
}

/** f(z) elementwise (softmax over the last axis of `units`), as the forward kernel computes it. */
export function activationValues(z: Float32Array, units: number, act: ResolvedActivation): Float32Array {
  if (act.name === 'linear') return z.slice();
  const kernels = denseKernels();
  const { offsets, total } = layout([z.length, z.length]);
  const [Z, R] = offsets as [number, number];
  kernels.reserve(total);
  const mem = kernels.memory();
  mem.set(z, Z);
  activateInPlace(kernels, act, Z, R, z.length / units, units);
  return mem.slice(R, R + z.length);
}

/** dA ⊙ f′ (softmax: its Jacobian per row of `units`), as the backward kernel computes it. */
export function activationGradientValues(dA: Float32Array, z: Float32Array, a: Float32Array, units: number, act: ResolvedActivation): Float32Array {
  const kernels = denseKernels();
  const { offsets, total } = layout([dA.length, a.length, z.length]);
  const [G, A, ZB] = offsets as [number, number, number];
  kernels.reserve(total);
  const mem = kernels.memory();
  mem.set(dA, G);
  mem.set(a, A);
  mem.set(z, ZB);
  deriveInPlace(kernels, act, G, A, ZB, dA.length / units, units);
  return mem.slice(G, G + dA.length);
}

const FUSED_SOFTMAX_CE = 'InitlabSoftmaxCrossEntropyGrad';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
/** A host kernel's name and function. */
export type HostKernel = [string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]];

const ACTIVATION = 'InitlabActivation';
const ACTIVATION_GRAD = 'InitlabActivationGrad';

/** The activation of a kernel call, from its attributes. */
const attrActivation = (attrs: tf.NamedAttrMap | undefined, key: string): ResolvedActivation => ({
  name: (attrs?.[key] ?? 'linear') as ResolvedActivation['name'],
  alpha: (attrs?.[`${key}Alpha`] ?? 0) as number,
});

function forwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { a, w, b } = inputs as { a: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
  const [k, rows, inputsCount] = a.shape as [number, number, number];
  const units = w.shape[2]!;
  const out = denseForwardValues(io.read(a), io.read(w), io.read(b), k, rows, inputsCount, units, attrActivation(attrs, 'activation'), 'views');
  return [out.z, ...(out.a === null ? [] : [out.a])].map((values) => io.writeCopy([k, rows, units], values));
}

function backwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { a, dZ, w, zBelow } = inputs as { a: tf.TensorInfo; dZ: tf.TensorInfo; w: tf.TensorInfo; zBelow?: tf.TensorInfo };
  const withInput = attrs?.['withInput'] === true;
  const [k, rows, inputsCount] = a.shape as [number, number, number];
  const units = w.shape[2]!;
  const below = attrActivation(attrs, 'below');
  const g = denseBackwardValues(io.read(a), io.read(dZ), io.read(w), k, rows, inputsCount, units, withInput, below, zBelow === undefined ? null : io.read(zBelow), 'views');
  const out = [io.writeCopy([k, inputsCount, units], g.dW), io.writeCopy([k, 1, units], g.db)];
  if (g.dA !== null) out.push(io.writeCopy([k, rows, inputsCount], g.dA));
  return out;
}

function activationKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const io = hostIO(backend);
  const z = inputs['z']!;
  return io.write(z.shape.slice(), activationValues(io.read(z), z.shape[z.shape.length - 1] ?? 1, attrActivation(attrs, 'activation')));
}

function activationGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const io = hostIO(backend);
  const { dA, z, a } = inputs as { dA: tf.TensorInfo; z: tf.TensorInfo; a: tf.TensorInfo };
  const units = dA.shape[dA.shape.length - 1] ?? 1;
  return io.write(dA.shape.slice(), activationGradientValues(io.read(dA), io.read(z), io.read(a), units, attrActivation(attrs, 'activation')));
}

/**
 * (softmax(z) − y)·scale over the last axis, each row in float64 and rounded once; with `stats`,
 * also each row's cross-entropy and accuracy hit as `[hi, lo, hit]` (the float64 loss split into
 * two float32 parts, hi + lo, so the host sums it to ~1e-14): the same exponentials serve the
 * gradient and the scoring, and the host reads back 3 floats a row instead of scoring the logits.
 */
function softmaxCeKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { z, y } = inputs as { z: tf.TensorInfo; y: tf.TensorInfo };
  const scale = attrs?.['scale'] as number;
  const withStats = attrs?.['stats'] === true;
  const units = z.shape[z.shape.length - 1]!;
  const zv = io.read(z);
  const out = new Float32Array(zv.length);
  const stats = withStats ? new Float32Array((zv.length / units) * 3) : null;
  softmaxCeRows(zv, io.read(y), units, scale, out, stats);
  const result = [io.write(z.shape.slice(), out)];
  if (stats !== null) result.push(io.write([...z.shape.slice(0, -1), 3], stats));
  return result;
}

/**
 * The softmax cross-entropy kernel's rows: `dZ = (softmax(z) − y)·scale` for every row of `units` in
 * `z` (each in float64, rounded once), and with `stats` each row's `[loss hi, loss lo, hit]`. `dZ` may be
 * `z` itself (each row is read before it is written). Shared by the tensor kernel and the resident step.
 */
export function softmaxCeRows(z: Float32Array, y: Float32Array, units: number, scale: number, dZ: Float32Array, stats: Float32Array | null): void {
  const p = new Float64Array(units);
  for (let from = 0, row = 0; from < z.length; from += units, row++) {
    // the host scorer's own row: probabilities into p, and the row's cross-entropy
    const loss = softmaxRowWithLoss(z, from, units, y, from, p);
    for (let j = 0; j < units; j++) dZ[from + j] = (p[j]! - y[from + j]!) * scale;
    if (stats !== null) {
      const hi = Math.fround(loss);
      stats[3 * row] = hi;
      stats[3 * row + 1] = loss - hi;
      stats[3 * row + 2] = rowMetric('accuracy', 'categorical_crossentropy', p, y, from, units);
    }
  }
}

const KERNELS: HostKernel[] = [
  [FORWARD, forwardKernel],
  [BACKWARD, backwardKernel],
  [FUSED_SOFTMAX_CE, softmaxCeKernel],
  [ACTIVATION, activationKernel],
  [ACTIVATION_GRAD, activationGradKernel],
];

/**
 * Whether the current backend runs initlab's host kernels (registering them on first use): `cpu`
 * and `wasm` do; any other backend gets the equivalent tfjs ops.
 */
export function hostKernels(): boolean {
  return hostKernelsWith(KERNELS);
}

/** {@link hostKernels} for another set of host kernels (registered together, on the first one's first use). */
export function hostKernelsWith(kernels: readonly HostKernel[]): boolean {
  const backendName = tf.getBackend();
  if (!HOST_BACKENDS.includes(backendName)) return false;
  if (tf.getKernel(kernels[0]![0], backendName) === undefined) {
    for (const [kernelName, kernelFunc] of kernels) tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  return true;
}

/**
 * `z = a·W + b` for stacked members (a `[K, B, I]`, W `[K, I, O]`, b `[K, 1, O]`) and the layer's
 * activation `a = f(z)` in the same kernel launch (for linear, `a` is `z`).
 */
export function denseForward(a: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D, activation: ResolvedActivation = LINEAR): { z: tf.Tensor3D; a: tf.Tensor3D } {
  if (!hostKernels()) {
    const z = tf.add(tf.matMul(a, w), b) as tf.Tensor3D;
    return { z, a: activationForwardOps(z, activation) as tf.Tensor3D };
  }
  const attrs = { activation: activation.name, activationAlpha: activation.alpha };
  const out = tf.engine().runKernel(FORWARD, { a, w, b } as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor3D[];
  return { z: out[0]!, a: out[1] ?? out[0]! };
}

/**
 * The dense layer's gradients for stacked members: `∂W = aᵀ·dZ`, `∂b = Σ_batch dZ` and, when
 * `withInput`, `dA = dZ·Wᵀ` (the gradient reaching the layer below) — times f′ of the layer below
 * (`below`, whose output `a` is this layer's input; gelu′ needs its pre-activation `zBelow`), which
 * makes it that layer's `dZ`.
 */
export function denseBackward(
  a: tf.Tensor3D,
  dZ: tf.Tensor3D,
  w: tf.Tensor3D,
  withInput: boolean,
  below: ResolvedActivation = LINEAR,
  zBelow: tf.Tensor3D | null = null,
): { dW: tf.Tensor3D; db: tf.Tensor3D; dA: tf.Tensor3D | null } {
  if (withInput && derivativeNeedsZ(below) && zBelow === null) throw new Error(`denseBackward: ${below.name}'s derivative needs zBelow`);
  if (!hostKernels()) {
    let dA = withInput ? (tf.matMul(dZ, w, false, true) as tf.Tensor3D) : null;
    if (dA !== null && below.name !== 'linear') dA = activationBackwardOps(dA, zBelow ?? a, a, below) as tf.Tensor3D;
    return { dW: tf.matMul(a, dZ, true, false), db: tf.sum(dZ, 1, true), dA };
  }
  const inputs: Record<string, tf.Tensor> = { a, dZ, w };
  if (withInput && derivativeNeedsZ(below)) inputs['zBelow'] = zBelow!;
  const attrs = { withInput, below: below.name, belowAlpha: below.alpha };
  const out = tf.engine().runKernel(BACKWARD, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor3D[];
  return { dW: out[0]!, db: out[1]!, dA: out[2] ?? null };
}

/** `f(z)` with the forward kernel's routine, on a host backend (the caller checks `hostKernels()`). */
export function hostActivation(z: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  return tf.engine().runKernel(ACTIVATION, { z } as unknown as tf.NamedTensorMap, { activation: act.name, activationAlpha: act.alpha }) as tf.Tensor;
}

/** `dA ⊙ f′` with the backward kernel's routine, on a host backend (the caller checks `hostKernels()`). */
export function hostActivationGradient(dA: tf.Tensor, z: tf.Tensor, a: tf.Tensor, act: ResolvedActivation): tf.Tensor {
  return tf.engine().runKernel(ACTIVATION_GRAD, { dA, z, a } as unknown as tf.NamedTensorMap, { activation: act.name, activationAlpha: act.alpha }) as tf.Tensor;
}

/** `(softmax(z) − y)·scale` over the last axis: the softmax cross-entropy's output gradient in one launch. */
export function softmaxCrossEntropyGradient(z: tf.Tensor3D, y: tf.Tensor3D, scale: number): tf.Tensor3D;
/**
 * With `stats`, also each row's `[loss hi, loss lo, hit]` (`[K, B, 3]`, see the kernel), or null on a
 * backend without host kernels.
 */
export function softmaxCrossEntropyGradient(z: tf.Tensor3D, y: tf.Tensor3D, scale: number, stats: true): { dZ: tf.Tensor3D; stats: tf.Tensor3D | null };
export function softmaxCrossEntropyGradient(
  z: tf.Tensor3D,
  y: tf.Tensor3D,
  scale: number,
  stats = false,
): tf.Tensor3D | { dZ: tf.Tensor3D; stats: tf.Tensor3D | null } {
  if (!hostKernels()) {
    const dZ = tf.mul(tf.sub(tf.softmax(z), y), scale) as tf.Tensor3D;
    return stats ? { dZ, stats: null } : dZ;
  }
  const out = tf.engine().runKernel(FUSED_SOFTMAX_CE, { z, y } as unknown as tf.NamedTensorMap, { scale, stats }) as unknown as tf.Tensor3D[];
  return stats ? { dZ: out[0]!, stats: out[1]! } : out[0]!;
}
