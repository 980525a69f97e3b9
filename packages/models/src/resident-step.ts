/**
 * The training step of a network with its data resident in one WebAssembly memory: the parameters,
 * gradients, optimizer slots and batch-norm buffers of every member stay there for a whole epoch, and a
 * step is the batch gathered straight into that memory, every node's forward (dense, normalization,
 * activation, dropout, residual), the softmax cross-entropy's gradient, every node's backward and the
 * fused update — each one call on offsets, no tensor, no copy.
 *
 * Why: through tfjs tensors each kernel call copies its operands into the kernel memory and its results
 * out again (about 10 % of an 8 × 256 step), and with the product threads a worker then reads operands
 * this core has just written. Resident, the parameters are copied in once an epoch and out once, and
 * both threads work on memory they share.
 *
 * The bits are those of the tensor path (network.ts, graph.ts) by construction: the same routines
 * (`forwardAt`, `backwardAt`, the normalization routines, `gateGradientValues`, `softmaxCeRows`,
 * `updateAt`) run in the same order on the same values, and the elementwise steps (the residual sum, the
 * gate's product, the dropout mask) are one float32 operation per element as tf.add and tf.mul are; only
 * where in memory the operands sit differs, and no routine's result depends on that. Tests compare both
 * paths bit for bit. (A plain stack is the graph of its dense nodes: graph.ts folds each activation's
 * derivative into the dense backward exactly as network.ts does.)
 *
 * It serves networks whose loss is the softmax cross-entropy taken from the logits, on the cpu or wasm
 * backend with the WebAssembly kernels; anything else trains through tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  activateInPlace,
  backwardAt,
  backwardScratch,
  deriveInPlace,
  forwardAt,
  forwardScratch,
  hostKernels,
  layout,
  LINEAR,
  softmaxCeRows,
} from './dense-kernels.js';
import type { WasmMemory } from '@initlab/wasm';
import { createPrivateDenseKernels, denseKernels, type DenseKernels } from './dense-wasm.js';
import type { LossMode } from './loss-modes.js';
import type { NetworkNode, ResolvedNetwork, ResolvedNorm, ResolvedResidual } from './network-spec.js';
import { movingStatsValues } from './norm-kernels.js';
import { lnAccumulatorElements, NORM_MEMORY_SLACK, normKernels, normKernelsOn, type NormKernels } from './norm-wasm.js';
import { updateStep, type ResolvedOptimizer } from './optimizers.js';
import { takeThreadedKernels, type ThreadedKernelsLease } from './product-threads.js';
import type { ResolvedActivation, ResolvedLayer } from './spec.js';
import { slotRoles, updateAt, updateRegions, type UpdateStep } from './update-kernels.js';
import { updateKernels, updateKernelsOn, type UpdateKernels } from './update-wasm.js';

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

/** Offsets of the regions a network's step uses, allocated one after another (each padded as `layout` pads). */
class Allocator {
  total = 0;
  take(n: number): number {
    const at = this.total;
    this.total += layout([n]).total;
    return at;
  }
}

/** Where one node's values of a step live (float32 element offsets), in the order the forward pass makes them. */
type NodeAt =
  | { kind: 'dense'; layer: ResolvedLayer; input: number; z: number; a: number; dZ: number; dIn: number }
  | { kind: 'layernorm'; node: ResolvedNorm; input: number; y: number; xhat: number; invStd: number; dIn: number }
  | { kind: 'batchnorm'; node: ResolvedNorm; input: number; y: number; xhat: number; mean: number; variance: number; invStd: number; dIn: number }
  | { kind: 'activation'; activation: ResolvedActivation; units: number; input: number; out: number; dIn: number }
  | { kind: 'dropout'; index: number; units: number; rate: number; input: number; mask: number; out: number; dIn: number }
  | {
      kind: 'residual';
      node: ResolvedResidual;
      input: number;
      branch: NodeAt[];
      projection: Extract<NodeAt, { kind: 'dense' }> | null;
      branchOut: number;
      skip: number;
      sum: number;
      out: number;
      dSum: number;
      dBranch: number;
      dIn: number;
    };

type DenseAt = Extract<NodeAt, { kind: 'dense' }>;

/** The output of a node: what the next node reads. */
function outputOf(at: NodeAt): number {
  switch (at.kind) {
    case 'dense':
      return at.a;
    case 'layernorm':
    case 'batchnorm':
      return at.y;
    default:
      return at.out;
  }
}

/** Everything of one ensemble size. */
interface Layout {
  k: number;
  /** Parameter i ({@link flatParams} order: kernel, bias, … then the extras) at `params[i]` of every parameter region. */
  params: number[];
  lengths: number[];
  shapes: [number, number, number][];
  w: number;
  g: number;
  slots: number[];
  /** The batch-norm buffers, `[K, 1, units]` each. */
  buffers: number[];
  x: number;
  y: number;
  nodes: NodeAt[];
  /** The output layer's z, and the loss's gradient there. */
  zOut: number;
  dOut: number;
  stats: number;
  one: number;
  scratch: number;
  /** Layer norm's backward accumulators. */
  acc: number;
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

/** Whether {@link ResidentNetwork} can train `net` with loss mode `mode` here (before any memory is made). */
export function residentApplies(net: ResolvedNetwork, mode: LossMode): boolean {
  const layers = net.dense;
  return residentEnabled && layers.length > 0 && mode === 'softmax_ce' && layers[layers.length - 1]!.activation.name === 'softmax' && hostKernels();
}

/** A memory and the three kernel sets that run on it. */
interface Home {
  dense: DenseKernels;
  update: UpdateKernels;
  norm: NormKernels;
}

/**
 * Private homes of finished runs, kept for the next (a sweep trains many runs one after another; a memory
 * cannot shrink, so at most this many wait).
 */
const freeHomes: Home[] = [];
const FREE_HOMES = 1;

function homeOn(dense: DenseKernels, memory: WasmMemory, isShared: boolean): Home | null {
  const update = updateKernelsOn(memory, isShared);
  const norm = normKernelsOn(memory, isShared);
  return update === null || norm === null ? null : { dense, update, norm };
}

/** A memory of its own, which no tensor kernel writes (a free one of an earlier run if any). */
function privateHome(): Home | null {
  // only where the WebAssembly routines are selected (tests select the JavaScript ones to compare)
  if (!denseKernels().wasm || !updateKernels().wasm || !normKernels().wasm) return null;
  const free = freeHomes.pop();
  if (free !== undefined) return free;
  const fresh = createPrivateDenseKernels();
  return fresh === null ? null : homeOn(fresh.kernels, fresh.memory, false);
}

/** The product threads' shared memory, held by this run until the lease is released. */
function threadedHome(lease: ThreadedKernelsLease): Home | null {
  return homeOn(lease.kernels, lease.memory, true);
}

/**
 * An ensemble's training state resident in one memory: {@link load} copies the parameters, optimizer slots
 * and batch-norm buffers in, {@link step} trains on one batch, {@link parameters}, {@link optimizerSlots} and
 * {@link buffers} copy them out.
 */
export class ResidentNetwork {
  private at: Layout | null = null;
  private readonly roles: (0 | 1 | 2)[];
  /** The step under way: its ensemble size and rows. */
  private k = 0;
  private rows = 0;

  private readonly dense: DenseKernels;
  private readonly update: UpdateKernels;
  private readonly norm: NormKernels;

  private constructor(
    private readonly net: ResolvedNetwork,
    private readonly optimizer: ResolvedOptimizer,
    private readonly batchSize: number,
    private readonly home: Home,
    private readonly lease: ThreadedKernelsLease | null,
  ) {
    this.roles = slotRoles(updateStep(optimizer, 1));
    ({ dense: this.dense, update: this.update, norm: this.norm } = home);
  }

  /** The memory as floats, read afresh: a split product may have grown it for its workers' scratch. */
  private get mem(): Float32Array {
    return this.dense.memory();
  }

  /**
   * A resident state for `net` (see {@link residentApplies}) on the product threads' shared memory when the
   * run has more than one thread and they are free, else on a memory of its own; null where the WebAssembly
   * kernels are not in use (the tensor path then trains, with the same bits).
   */
  static create(net: ResolvedNetwork, optimizer: ResolvedOptimizer, batchSize: number): ResidentNetwork | null {
    const lease = takeThreadedKernels();
    const home = lease === null ? privateHome() : threadedHome(lease);
    if (home === null) {
      lease?.release();
      return null;
    }
    return new ResidentNetwork(net, optimizer, batchSize, home, lease);
  }

  private layoutFor(k: number): Layout {
    if (this.at !== null && this.at.k === k) return this.at;
    const net = this.net;
    const rows = this.batchSize;
    const shapes: [number, number, number][] = [
      ...net.dense.flatMap((l): [number, number, number][] => [
        [k, l.inputs, l.units],
        [k, 1, l.units],
      ]),
      ...net.extras.map((e): [number, number, number] => [k, 1, e.size]),
    ];
    const lengths = shapes.map(([a, b, c]) => a * b * c);
    const { offsets: params, total: size } = layout(lengths);
    const mem = new Allocator();
    const w = mem.take(size);
    const g = mem.take(size);
    const slots = this.roles.map(() => mem.take(size));
    const buffers = net.buffers.map((units) => mem.take(k * units));
    const x = mem.take(k * rows * net.dense[0]!.inputs);
    const units = net.dense[net.dense.length - 1]!.units;
    const y = mem.take(k * rows * units);
    let scratch = 0;
    let acc = 0;
    const block = (n: number): number => mem.take(k * rows * n);
    const denseAt = (layer: ResolvedLayer, input: number): DenseAt => {
      scratch = Math.max(scratch, forwardScratch(rows, layer.inputs, layer.units), backwardScratch(rows, layer.inputs, layer.units, true));
      const z = block(layer.units);
      const linear = layer.isOutput || layer.activation.name === 'linear';
      return { kind: 'dense', layer, input, z, a: linear ? z : block(layer.units), dZ: block(layer.units), dIn: block(layer.inputs) };
    };
    const sequence = (nodes: readonly NetworkNode[], input: number): NodeAt[] => {
      const plans: NodeAt[] = [];
      for (const node of nodes) {
        let at: NodeAt;
        switch (node.kind) {
          case 'dense':
            at = denseAt(node.layer, input);
            break;
          case 'layernorm':
            acc = Math.max(acc, lnAccumulatorElements(node.units));
            at = { kind: 'layernorm', node, input, y: block(node.units), xhat: block(node.units), invStd: mem.take(k * rows), dIn: block(node.units) };
            break;
          case 'batchnorm': {
            const stat = (): number => mem.take(k * node.units);
            at = { kind: 'batchnorm', node, input, y: block(node.units), xhat: block(node.units), mean: stat(), variance: stat(), invStd: stat(), dIn: block(node.units) };
            break;
          }
          case 'activation':
            at = { kind: 'activation', activation: node.activation, units: node.units, input, out: node.activation.name === 'linear' ? input : block(node.units), dIn: block(node.units) };
            break;
          case 'dropout': {
            const masked = node.rate > 0;
            at = { kind: 'dropout', index: node.index, units: node.units, rate: node.rate, input, mask: masked ? block(node.units) : -1, out: masked ? block(node.units) : input, dIn: block(node.units) };
            break;
          }
          case 'residual': {
            const branch = sequence(node.branch, input);
            const branchOut = branch.length === 0 ? input : outputOf(branch[branch.length - 1]!);
            const projection = node.projection === null ? null : denseAt(node.projection, input);
            const sum = block(node.units);
            at = {
              kind: 'residual',
              node,
              input,
              branch,
              projection,
              branchOut,
              skip: projection === null ? input : projection.z,
              sum,
              out: node.activation.name === 'linear' ? sum : block(node.units),
              dSum: block(node.units),
              dBranch: block(node.units),
              dIn: block(node.inputs),
            };
            break;
          }
        }
        plans.push(at);
        input = outputOf(at);
      }
      return plans;
    };
    const nodes = sequence(net.nodes, x);
    const outputAt = nodes[nodes.length - 1] as DenseAt;
    const dOut = block(units);
    const stats = mem.take(k * rows * 3);
    const one = mem.take(1);
    const scratchAt = mem.take(scratch);
    const accAt = mem.take(acc);
    this.at = { k, params, lengths, shapes, w, g, slots, buffers, x, y, nodes, zOut: outputAt.z, dOut, stats, one, scratch: scratchAt, acc: accAt };
    // the normalization routines may read a few floats past their last region
    this.dense.reserve(mem.total + NORM_MEMORY_SLACK);
    return this.at;
  }

  /**
   * Copies `flat` (the {@link flatParams} tensors, `[K, …]`), the optimizer's `slots` (one list per parameter,
   * in {@link slotRoles} order) and the batch-norm `buffers` into the memory, for `flat[0].shape[0]` members;
   * false (nothing loaded) when the memory cannot grow to hold them.
   */
  load(flat: readonly tf.Tensor[], slots: readonly (readonly tf.Tensor[])[], buffers: readonly tf.Tensor[] = []): boolean {
    let at: Layout;
    try {
      at = this.layoutFor(flat[0]!.shape[0]!);
    } catch (error) {
      // a memory that cannot grow so far (a 32-bit memory holds 4 GiB): the tensor path trains instead
      if (error instanceof RangeError) return false;
      throw error;
    }
    const mem = this.mem;
    flat.forEach((p, i) => {
      mem.set(p.dataSync() as Float32Array, at.w + at.params[i]!);
      slots[i]!.forEach((s, j) => mem.set(s.dataSync() as Float32Array, at.slots[j]! + at.params[i]!));
    });
    buffers.forEach((b, i) => mem.set(b.dataSync() as Float32Array, at.buffers[i]!));
    mem[at.one] = 1;
    return true;
  }

  /**
   * One step on the rows `orders[m][offset … offset + size)` of `xs`/`ys` for each member slot m: the
   * gradients of `scale · Σ_batch loss` and optimizer step `iteration` (1, 2, …). `masks` are the step's
   * dropout masks by node index (see `dropoutMaskValues`), null without dropout.
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
    masks: readonly Float32Array[] | null = null,
  ): ResidentStepOutput {
    const at = this.at!;
    const k = at.k;
    this.k = k;
    this.rows = size;
    const inputs = this.net.dense[0]!.inputs;
    const units = this.net.dense[this.net.dense.length - 1]!.units;
    const view = (from: number, count: number): Float32Array => this.mem.subarray(from, from + count);
    assembleBatch(xs, ys, orders, offset, size, inputs, units, view(at.x, k * size * inputs), view(at.y, k * size * units));
    if (masks !== null) this.fillMasks(at.nodes, masks);
    this.forward(at.nodes);
    const n = k * size * units;
    softmaxCeRows(view(at.zOut, n), view(at.y, n), units, scale, view(at.dOut, n), withStats ? view(at.stats, 3 * k * size) : null);
    this.backward(at.nodes, at.dOut, false, true);
    updateAt(this.update, updateStep(this.optimizer, iteration), k, at.params, at.lengths, updateRegions(this.roles, at.w, at.g, at.slots));
    return { z: view(at.zOut, n), y: view(at.y, n), stats: withStats ? view(at.stats, 3 * k * size) : null };
  }

  private fillMasks(nodes: readonly NodeAt[], masks: readonly Float32Array[]): void {
    for (const node of nodes) {
      if (node.kind === 'residual') this.fillMasks(node.branch, masks);
      if (node.kind === 'dropout' && node.mask >= 0) this.mem.set(masks[node.index]!, node.mask);
    }
  }

  /** Offset of parameter `i` ({@link flatParams} order) in region `base` (W or G). */
  private param(base: number, i: number): number {
    return base + this.at!.params[i]!;
  }

  private extra(base: number, index: number): number {
    return this.param(base, 2 * this.net.dense.length + index);
  }

  private forward(nodes: readonly NodeAt[]): void {
    const { k, rows } = this;
    const at = this.at!;
    for (const node of nodes) {
      switch (node.kind) {
        case 'dense':
          this.denseForward(node);
          break;
        case 'layernorm': {
          const n = node.node;
          this.norm.lnForward(node.input, this.extra(at.w, n.gamma), this.extra(at.w, n.beta), node.y, node.xhat, node.invStd, k, rows, n.units, n.epsilon);
          break;
        }
        case 'batchnorm': {
          const n = node.node;
          this.norm.bnTrain(node.input, this.extra(at.w, n.gamma), this.extra(at.w, n.beta), node.y, node.xhat, node.mean, node.variance, node.invStd, k, rows, n.units, n.epsilon);
          const mem = this.mem;
          const s = k * n.units;
          const v = (from: number): Float32Array => mem.subarray(from, from + s);
          const mm = at.buffers[n.movingMean]!;
          const mv = at.buffers[n.movingVariance]!;
          const moving = movingStatsValues(v(mm), v(mv), v(node.mean), v(node.variance), rows, n.convention, n.momentum);
          mem.set(moving.movingMean, mm);
          mem.set(moving.movingVariance, mv);
          break;
        }
        case 'activation':
          if (node.out !== node.input) activateInPlace(this.dense, node.activation, node.input, node.out, k * rows, node.units);
          break;
        case 'dropout':
          if (node.mask >= 0) this.dense.multiply(node.input, node.mask, node.out, k * rows * node.units);
          break;
        case 'residual':
          this.residualForward(node);
          break;
      }
    }
  }

  private denseForward(node: DenseAt): void {
    const layer = node.layer;
    const w = this.param(this.at!.w, 2 * layer.index);
    const b = this.param(this.at!.w, 2 * layer.index + 1);
    // the output's softmax is folded into the loss's gradient, which takes the logits
    const activation = layer.isOutput ? LINEAR : layer.activation;
    forwardAt(this.dense, { a: node.input, w, b, z: node.z, r: node.a, scratch: this.at!.scratch }, this.k, this.rows, layer.inputs, layer.units, activation);
  }

  private residualForward(node: Extract<NodeAt, { kind: 'residual' }>): void {
    const { k, rows } = this;
    const n = node.node;
    this.forward(node.branch);
    const per = rows * n.units;
    if (node.projection !== null) this.denseForward(node.projection);
    // skip + branch · α, member m's α broadcast over its rows and units (tf.add of tf.mul, one pass)
    if (n.gate >= 0) this.dense.scaleAdd(node.skip, node.branchOut, this.extra(this.at!.w, n.gate), node.sum, k, per);
    else this.dense.add(node.skip, node.branchOut, node.sum, k * per);
    if (node.out !== node.sum) activateInPlace(this.dense, n.activation, node.sum, node.out, k * rows, n.units);
  }

  /** d ⊙ f′ into `target` (the tensor path's `derive`); d itself for linear. */
  private derive(act: ResolvedActivation, d: number, a: number, z: number, units: number, target: number): number {
    if (act.name === 'linear') return d;
    const n = this.k * this.rows * units;
    const mem = this.mem;
    mem.copyWithin(target, d, d + n);
    deriveInPlace(this.dense, act, target, a, z, this.k * this.rows, units);
    return target;
  }

  /** A dense layer's ∂W, ∂b (into G) and, with the input's gradient, dA ⊙ f′ of the layer below into `dIn`. */
  private denseBackward(node: DenseAt, dZ: number, withInput: boolean, below: ResolvedActivation = LINEAR, zBelow = -1): number | null {
    const at = this.at!;
    const l = node.layer;
    backwardAt(
      this.dense,
      {
        a: node.input,
        dZ,
        one: at.one,
        dW: this.param(at.g, 2 * l.index),
        db: this.param(at.g, 2 * l.index + 1),
        scratch: at.scratch,
        w: this.param(at.w, 2 * l.index),
        dA: node.dIn,
        zBelow,
      },
      this.k,
      this.rows,
      l.inputs,
      l.units,
      withInput,
      below,
    );
    return withInput ? node.dIn : null;
  }

  /** graph.ts's sequenceBackward on offsets: the gradient at the sequence's input (null without `withInput`). */
  private backward(nodes: readonly NodeAt[], dOut: number, withInput: boolean, outputDZ: boolean): number | null {
    let d: number | null = dOut;
    let given = outputDZ;
    for (let i = nodes.length - 1; i >= 0 && d !== null; i--) {
      const node = nodes[i]!;
      const below = i > 0 ? nodes[i - 1]! : null;
      if (node.kind === 'dense' && below !== null && (below.kind === 'activation' || below.kind === 'dense')) {
        // the derivative of the activation below folded into the dense backward, as the tensor path does
        const dZ = given ? d : this.derive(node.layer.activation, d, node.a, node.z, node.layer.units, node.dZ);
        if (below.kind === 'activation') {
          d = this.denseBackward(node, dZ, true, below.activation, below.input);
          i--;
          given = false;
        } else {
          d = this.denseBackward(node, dZ, true, below.layer.activation, below.z);
          given = true;
        }
        continue;
      }
      d = this.nodeBackward(node, d, i > 0 || withInput, given);
      given = false;
    }
    return d;
  }

  private nodeBackward(node: NodeAt, dOut: number, withInput: boolean, given: boolean): number | null {
    const { k, rows } = this;
    const at = this.at!;
    switch (node.kind) {
      case 'dense': {
        const dZ = given ? dOut : this.derive(node.layer.activation, dOut, node.a, node.z, node.layer.units, node.dZ);
        return this.denseBackward(node, dZ, withInput);
      }
      case 'layernorm': {
        const n = node.node;
        this.norm.lnBackward(dOut, node.xhat, this.extra(at.w, n.gamma), node.invStd, node.dIn, this.extra(at.g, n.gamma), this.extra(at.g, n.beta), at.acc, k, rows, n.units);
        return node.dIn;
      }
      case 'batchnorm': {
        const n = node.node;
        this.norm.bnBackward(dOut, node.xhat, this.extra(at.w, n.gamma), node.invStd, node.dIn, this.extra(at.g, n.gamma), this.extra(at.g, n.beta), k, rows, n.units);
        return node.dIn;
      }
      case 'activation':
        return this.derive(node.activation, dOut, node.out, node.input, node.units, node.dIn);
      case 'dropout':
        if (node.mask < 0) return dOut;
        this.dense.multiply(dOut, node.mask, node.dIn, k * rows * node.units);
        return node.dIn;
      case 'residual':
        return this.residualBackward(node, dOut, withInput);
    }
  }

  private residualBackward(node: Extract<NodeAt, { kind: 'residual' }>, dOut: number, withInput: boolean): number | null {
    const { k, rows } = this;
    const n = node.node;
    const per = rows * n.units;
    const dSum = this.derive(n.activation, dOut, node.out, node.sum, n.units, node.dSum);
    let dBranch = dSum;
    if (n.gate >= 0) {
      this.dense.gateBackward(dSum, node.branchOut, this.extra(this.at!.w, n.gate), node.dBranch, this.extra(this.at!.g, n.gate), k, per);
      dBranch = node.dBranch;
    }
    // the branch always passes its gradient down: the skip path needs the sum of both
    const dFromBranch = node.branch.length === 0 ? dBranch : this.backward(node.branch, dBranch, true, false)!;
    const dFromSkip = node.projection === null ? dSum : this.denseBackward(node.projection, dSum, true)!;
    if (!withInput) return null;
    this.dense.add(dFromBranch, dFromSkip, node.dIn, k * rows * n.inputs);
    return node.dIn;
  }

  private download(offsets: readonly number[], shapes: readonly [number, number, number][]): tf.Tensor3D[] {
    const mem = this.mem;
    return offsets.map((from, i) => {
      const shape = shapes[i]!;
      return tf.tensor3d(mem.slice(from, from + shape[0] * shape[1] * shape[2]), shape);
    });
  }

  /** The parameters now, as new tensors in {@link flatParams} order (the caller owns them). */
  parameters(): tf.Tensor3D[] {
    const at = this.at!;
    return this.download(at.params.map((p) => at.w + p), at.shapes);
  }

  /** The optimizer's slots now, one list per parameter (the caller owns them). */
  optimizerSlots(): tf.Tensor3D[][] {
    const at = this.at!;
    return at.shapes.map((shape, i) => this.download(at.slots.map((s) => s + at.params[i]!), [shape, shape, shape].slice(0, at.slots.length)));
  }

  /** The batch-norm buffers now, `[K, 1, units]` each (the caller owns them). */
  buffers(): tf.Tensor3D[] {
    const at = this.at!;
    return this.download(at.buffers, this.net.buffers.map((units): [number, number, number] => [at.k, 1, units]));
  }

  /** Gives the product threads back, or the private memory to the next run. */
  dispose(): void {
    if (this.lease !== null) this.lease.release();
    else if (freeHomes.length < FREE_HOMES) freeHomes.push(this.home);
  }
}
