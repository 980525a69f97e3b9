/**
 * The training step of a plain dense network with its data resident in one WebAssembly memory: the
 * parameters, gradients and optimizer slots of every member stay there for a whole epoch, and a step
 * is the batch gathered straight into that memory, every layer's forward, the softmax cross-entropy's
 * gradient, every layer's backward and the fused update — each one call on offsets, no tensor, no copy.
 *
 * Why: through tfjs tensors each kernel call copies its operands into the kernel memory and its results
 * out again (about 10 % of an 8 × 256 step), and with the product threads a worker then reads operands
 * this core has just written. Resident, the parameters are copied in once an epoch and out once, and
 * both threads work on memory they share.
 *
 * The bits are those of the tensor path by construction: the same routines (`forwardAt`, `backwardAt`,
 * `softmaxCeRows`, `updateAt`) run in the same order on the same values; only where in memory the
 * operands sit differs, and no routine's result depends on that. Tests compare both paths bit for bit.
 *
 * It serves a network of dense layers whose loss is the softmax cross-entropy taken from the logits,
 * on the cpu or wasm backend with the WebAssembly kernels; anything else trains through tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backwardAt, backwardScratch, forwardAt, forwardScratch, hostKernels, layout, LINEAR, softmaxCeRows } from './dense-kernels.js';
import { createPrivateDenseKernels, type DenseKernels } from './dense-wasm.js';
import type { LossMode } from './loss-modes.js';
import type { ResolvedNetwork } from './network-spec.js';
import { updateStep, type ResolvedOptimizer } from './optimizers.js';
import { takeThreadedKernels, type ThreadedKernelsLease } from './product-threads.js';
import type { ResolvedLayer } from './spec.js';
import { slotRoles, updateAt, updateRegions, type UpdateStep } from './update-kernels.js';
import { updateKernelsOn, type UpdateKernels } from './update-wasm.js';

/**
 * Copies member m's rows `order[offset … offset + size)` into `[K, size, ·]` batch buffers. Host-side
 * assembly (plain loops, kept in a small function so V8 optimises it) beats device-side gathers and
 * slices: the WASM slice kernel copies its whole input.
 */
export function assembleBatch(
  xs: Float32Array,
  ys: Float32Array,
  orders: readonly Uint32Array[],
  offset: number,
  size: number,
  inputs: number,
  units: number,
  xBuffer: Float32Array,
  yBuffer: Float32Array,
): void {
  for (let m = 0; m < orders.length; m++) {
    const order = orders[m]!;
    for (let b = 0; b < size; b++) {
      const row = order[offset + b]!;
      const at = m * size + b;
      const xSrc = row * inputs;
      const xDst = at * inputs;
      for (let c = 0; c < inputs; c++) xBuffer[xDst + c] = xs[xSrc + c]!;
      const ySrc = row * units;
      const yDst = at * units;
      for (let c = 0; c < units; c++) yBuffer[yDst + c] = ys[ySrc + c]!;
    }
  }
}

/** Where everything of one ensemble size lives (float32 element offsets). */
interface Layout {
  k: number;
  /** Parameter i (flatParams order: kernel, bias, kernel, …) at `params[i]` of every parameter region. */
  params: number[];
  lengths: number[];
  w: number;
  g: number;
  slots: number[];
  x: number;
  y: number;
  /** Per layer: z, and f(z) (z itself for linear). */
  z: number[];
  a: number[];
  /** Two gradient buffers the backward pass alternates between. */
  grad: [number, number];
  stats: number;
  one: number;
  scratch: number;
  total: number;
}

/** What one step leaves for scoring: views into the memory, valid until the next step. */
export interface ResidentStepOutput {
  /** The output layer's logits `[K, size, units]`. */
  z: Float32Array;
  /** The batch's targets `[K, size, units]`. */
  y: Float32Array;
  /** Each row's `[loss hi, loss lo, hit]` when asked for. */
  stats: Float32Array | null;
}

let residentEnabled = true;

/**
 * Turns the resident step off (the tensor path then trains every network) or on again; returns the
 * previous setting. For the tests and the benchmark that compare both paths.
 */
export function useResidentStep(on: boolean): boolean {
  const was = residentEnabled;
  residentEnabled = on;
  return was;
}

/** Whether {@link ResidentDense} can train `net` with loss mode `mode` here (before any memory is made). */
export function residentApplies(net: ResolvedNetwork, mode: LossMode): boolean {
  const layers = net.dense;
  return residentEnabled && net.plain && layers.length > 0 && mode === 'softmax_ce' && layers[layers.length - 1]!.activation.name === 'softmax' && hostKernels();
}

/**
 * An ensemble's training state resident in one memory: {@link load} copies the parameters and optimizer
 * slots in, {@link step} trains on one batch, {@link parameters} and {@link optimizerSlots} copy them out.
 */
export class ResidentDense {
  private at: Layout | null = null;
  private readonly roles: (0 | 1 | 2)[];

  private constructor(
    private readonly layers: readonly ResolvedLayer[],
    private readonly optimizer: ResolvedOptimizer,
    private readonly batchSize: number,
    private readonly dense: DenseKernels,
    private readonly update: UpdateKernels,
    private readonly lease: ThreadedKernelsLease | null,
  ) {
    this.roles = slotRoles(updateStep(optimizer, 1));
  }

  /**
   * A resident state for `net` (see {@link residentApplies}) on the product threads' shared memory when the
   * run has more than one thread and they are free, else on a memory of its own; null where the WebAssembly
   * kernels are not in use (the tensor path then trains, with the same bits).
   */
  static create(net: ResolvedNetwork, optimizer: ResolvedOptimizer, batchSize: number): ResidentDense | null {
    const lease = takeThreadedKernels();
    const home = lease ?? createPrivateDenseKernels();
    const update = home === null ? null : updateKernelsOn(home.memory, lease !== null);
    if (home === null || update === null) {
      lease?.release();
      return null;
    }
    return new ResidentDense(net.dense, optimizer, batchSize, home.kernels, update, lease);
  }

  /** Whether the step splits its products over the product threads. */
  get threaded(): boolean {
    return this.lease !== null;
  }

  private layoutFor(k: number): Layout {
    if (this.at !== null && this.at.k === k) return this.at;
    const layers = this.layers;
    const rows = this.batchSize;
    const last = layers.length - 1;
    const lengths = layers.flatMap((l) => [k * l.inputs * l.units, k * l.units]);
    const { offsets: params, total: size } = layout(lengths);
    const widest = Math.max(...layers.map((l) => Math.max(l.units, l.index > 0 ? l.inputs : 0)));
    const scratch = Math.max(...layers.map((l) => Math.max(forwardScratch(rows, l.inputs, l.units), backwardScratch(rows, l.inputs, l.units, l.index > 0))));
    const activated = layers.map((l) => l.index < last && l.activation.name !== 'linear');
    const sizes = [
      size, // W
      size, // G
      ...this.roles.map(() => size),
      k * rows * layers[0]!.inputs, // X
      k * rows * layers[last]!.units, // Y
      ...layers.map((l) => k * rows * l.units), // z
      ...layers.map((l, i) => (activated[i] ? k * rows * l.units : 0)), // f(z)
      k * rows * widest,
      k * rows * widest,
      k * rows * 3,
      1,
      scratch,
    ];
    const { offsets, total } = layout(sizes);
    let i = 0;
    const next = (): number => offsets[i++]!;
    const w = next();
    const g = next();
    const slots = this.roles.map(() => next());
    const x = next();
    const y = next();
    const z = layers.map(() => next());
    const a = layers.map((_, l) => (activated[l] ? next() : (next(), z[l]!)));
    const grad: [number, number] = [next(), next()];
    const stats = next();
    const one = next();
    this.at = { k, params, lengths, w, g, slots, x, y, z, a, grad, stats, one, scratch: next(), total };
    this.dense.reserve(total);
    return this.at;
  }

  /**
   * Copies `flat` (the {@link flatParams} tensors, `[K, …]`) and the optimizer's `slots` (one list per
   * parameter, in {@link slotRoles} order) into the memory, for an ensemble of `flat[0].shape[0]` members.
   */
  load(flat: readonly tf.Tensor[], slots: readonly (readonly tf.Tensor[])[]): void {
    const at = this.layoutFor(flat[0]!.shape[0]!);
    const mem = this.dense.memory();
    flat.forEach((p, i) => {
      mem.set(p.dataSync() as Float32Array, at.w + at.params[i]!);
      slots[i]!.forEach((s, j) => mem.set(s.dataSync() as Float32Array, at.slots[j]! + at.params[i]!));
    });
    mem[at.one] = 1;
  }

  /**
   * One step on the rows `orders[m][offset … offset + size)` of `xs`/`ys` for each member slot m: the
   * gradients of `scale · Σ_batch loss` and optimizer step `iteration` (1, 2, …).
   */
  step(
    xs: Float32Array,
    ys: Float32Array,
    orders: readonly Uint32Array[],
    offset: number,
    size: number,
    scale: number,
    iteration: number,
    withStats: boolean,
  ): ResidentStepOutput {
    const at = this.at!;
    const { k } = at;
    const layers = this.layers;
    const last = layers.length - 1;
    const inputs = layers[0]!.inputs;
    const units = layers[last]!.units;
    const kernels = this.dense;
    let mem = kernels.memory();
    const xView = mem.subarray(at.x, at.x + k * size * inputs);
    assembleBatch(xs, ys, orders, offset, size, inputs, units, xView, mem.subarray(at.y, at.y + k * size * units));
    for (const layer of layers) {
      const l = layer.index;
      const input = l === 0 ? at.x : at.a[l - 1]!;
      // the output's softmax is folded into the loss's gradient, which takes the logits
      const activation = l === last ? LINEAR : layer.activation;
      const w = at.w + at.params[2 * l]!;
      const b = at.w + at.params[2 * l + 1]!;
      forwardAt(kernels, { a: input, w, b, z: at.z[l]!, r: at.a[l]!, scratch: at.scratch }, k, size, layer.inputs, layer.units, activation);
    }
    // a split product may have grown the memory for its workers' scratch
    mem = kernels.memory();
    const n = k * size * units;
    const stats = withStats ? mem.subarray(at.stats, at.stats + 3 * k * size) : null;
    const z = mem.subarray(at.z[last]!, at.z[last]! + n);
    const y = mem.subarray(at.y, at.y + n);
    softmaxCeRows(z, y, units, scale, mem.subarray(at.grad[0], at.grad[0] + n), stats);
    let dZ = 0;
    for (let l = last; l >= 0; l--) {
      const layer = layers[l]!;
      const withInput = l > 0;
      backwardAt(
        kernels,
        {
          a: l === 0 ? at.x : at.a[l - 1]!,
          dZ: at.grad[dZ]!,
          one: at.one,
          dW: at.g + at.params[2 * l]!,
          db: at.g + at.params[2 * l + 1]!,
          scratch: at.scratch,
          w: at.w + at.params[2 * l]!,
          dA: at.grad[1 - dZ]!,
          zBelow: withInput ? at.z[l - 1]! : -1,
        },
        k,
        size,
        layer.inputs,
        layer.units,
        withInput,
        withInput ? layers[l - 1]!.activation : LINEAR,
      );
      dZ = 1 - dZ;
    }
    const step: UpdateStep = updateStep(this.optimizer, iteration);
    updateAt(this.update, step, k, at.params, at.lengths, updateRegions(this.roles, at.w, at.g, at.slots));
    mem = kernels.memory();
    return {
      z: mem.subarray(at.z[last]!, at.z[last]! + n),
      y: mem.subarray(at.y, at.y + n),
      stats: withStats ? mem.subarray(at.stats, at.stats + 3 * k * size) : null,
    };
  }

  /** The parameters now, as new tensors in {@link flatParams} order (the caller owns them). */
  parameters(): tf.Tensor3D[] {
    const at = this.at!;
    const mem = this.dense.memory();
    return this.layers.flatMap((l) => [
      tf.tensor3d(mem.slice(at.w + at.params[2 * l.index]!, at.w + at.params[2 * l.index]! + at.lengths[2 * l.index]!), [at.k, l.inputs, l.units]),
      tf.tensor3d(mem.slice(at.w + at.params[2 * l.index + 1]!, at.w + at.params[2 * l.index + 1]! + at.lengths[2 * l.index + 1]!), [at.k, 1, l.units]),
    ]);
  }

  /** The optimizer's slots now, one list per parameter (the caller owns them). */
  optimizerSlots(): tf.Tensor3D[][] {
    const at = this.at!;
    const mem = this.dense.memory();
    const shapes = this.layers.flatMap((l): [number, number, number][] => [
      [at.k, l.inputs, l.units],
      [at.k, 1, l.units],
    ]);
    return shapes.map((shape, i) => at.slots.map((s) => tf.tensor3d(mem.slice(s + at.params[i]!, s + at.params[i]! + at.lengths[i]!), shape)));
  }

  /** Gives the product threads back (a private memory is left to the garbage collector). */
  dispose(): void {
    this.lease?.release();
  }
}
