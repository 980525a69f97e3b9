/**
 * The optimizer step of every parameter of every member as one tfjs-core kernel,
 * `InitlabOptimizerUpdate`, registered on first use for the `cpu` and `wasm` backends like the
 * dense kernels: it takes all parameters, gradients and slots and returns the new parameters and
 * slots, computed by the routines of `update-wasm.ts` over one region per kind, so a step costs one
 * kernel launch instead of ten or more tfjs ops per parameter.
 *
 * Clip norms (`clipNorm` per parameter and member, `globalClipNorm` per member) are computed in a
 * fixed order that depends on nothing but the member's own gradients: each parameter's Σ g² over
 * the member's elements in row-major order, accumulated in float64 and rounded to float32 (tfjs
 * cpu's `sum`), then for `globalClipNorm` those float32 sums added in parameter order in float32
 * (tfjs cpu's `addN`); the norm is float32 √, the factor float32 c / max(norm, c). So a member is
 * clipped with the same bits alone and in any ensemble, and as the tfjs ops do on the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type HostKernel, hostIO, hostKernelsWith, type KernelArgs } from './dense-kernels.js';
import { UPDATE_FLAGS, type UpdateConstants, type UpdateKernels, type UpdateRegions, type UpdateRule, updateKernels } from './update-wasm.js';

/** One optimizer step as the fused kernel runs it (every number a float32 value). */
export interface UpdateStep extends UpdateConstants {
  rule: UpdateRule;
  /** Gradient scaling by a clip norm: none, `each` parameter of each member (clipNorm), or `global` per member. */
  norm: 'none' | 'each' | 'global';
  /** The clip norm c (float32), when `norm` is not `none`. */
  normClip: number;
}

/**
 * The slot roles of a step's slot list, in the list's order (see `UpdateRegions`): sgd `[m]` with
 * momentum; adam `[m, v]` and `v̂` with amsgrad; rmsprop `[v]`, then `m` with momentum, then `ā` when centered.
 */
export function slotRoles(step: Pick<UpdateStep, 'rule' | 'flags'>): (0 | 1 | 2)[] {
  const has = (flag: number): boolean => (step.flags & flag) !== 0;
  switch (step.rule) {
    case 'sgd':
      return has(UPDATE_FLAGS.momentum) ? [0] : [];
    case 'adam':
      return has(UPDATE_FLAGS.amsgrad) ? [0, 1, 2] : [0, 1];
    case 'rmsprop':
      return [0, ...(has(UPDATE_FLAGS.momentum) ? [1 as const] : []), ...(has(UPDATE_FLAGS.centered) ? [2 as const] : [])];
  }
}

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** The regions of a step whose slots (in {@link slotRoles} order `roles`) start at `slots`; a role not in use points at W, never read. */
export function updateRegions(roles: readonly (0 | 1 | 2)[], w: number, g: number, slots: readonly number[]): UpdateRegions {
  const regions: UpdateRegions = { w, g, s0: w, s1: w, s2: w };
  roles.forEach((role, j) => {
    regions[(['s0', 's1', 's2'] as const)[role]] = slots[j]!;
  });
  return regions;
}

/**
 * One step for parameters `params` (each `[K, …]`, K = `members`), their gradients and slots (one
 * list per parameter, in the order of {@link slotRoles}): the new parameters and slots, as views into
 * the update's memory that the next step overwrites (copy what you keep).
 */
export function fusedUpdateValues(
  step: UpdateStep,
  members: number,
  params: readonly Float32Array[],
  grads: readonly Float32Array[],
  slots: readonly (readonly Float32Array[])[],
): { params: Float32Array[]; slots: Float32Array[][] } {
  const kernels = updateKernels();
  const roles = slotRoles(step);
  const offsets: number[] = [];
  let total = 0;
  for (const p of params) {
    offsets.push(total);
    total += p.length;
  }
  // W, G and a region per slot, each every parameter concatenated and padded to whole chunks of 4
  const size = roundUp4(total);
  const W = 0;
  const G = size;
  const slotRegion = roles.map((_, j) => (2 + j) * size);
  const regions = updateRegions(roles, W, G, slotRegion);
  kernels.reserve((2 + roles.length) * size);
  const mem = kernels.memory();
  params.forEach((p, i) => {
    mem.set(p, W + offsets[i]!);
    mem.set(grads[i]!, G + offsets[i]!);
    slots[i]!.forEach((s, j) => mem.set(s, slotRegion[j]! + offsets[i]!));
  });
  updateAt(kernels, step, members, offsets, params.map((p) => p.length), regions);
  return {
    params: params.map((p, i) => mem.subarray(W + offsets[i]!, W + offsets[i]! + p.length)),
    slots: params.map((p, i) => slotRegion.map((at) => mem.subarray(at + offsets[i]!, at + offsets[i]! + p.length))),
  };
}

/**
 * One step on parameters already in the update's memory: parameter i's `lengths[i]` elements (K
 * members, member-major) start at `offsets[i]` of every region. Shared by the tensor kernel (after
 * copying its inputs in) and the resident step, so both clip and update in the one order stated above.
 */
export function updateAt(
  kernels: UpdateKernels,
  step: UpdateStep,
  members: number,
  offsets: readonly number[],
  lengths: readonly number[],
  regions: UpdateRegions,
): void {
  const G = regions.g;
  if (step.norm === 'none') {
    // elementwise: one call over every parameter (and the padding between them, never read)
    const last = offsets.length - 1;
    kernels.update(step.rule, regions, 0, last < 0 ? 0 : offsets[last]! + lengths[last]!, 1, step);
    return;
  }
  // each member's float32 Σ g² per parameter, in row-major order
  const squares = lengths.map((length, i) => {
    const per = length / members;
    return Array.from({ length: members }, (_, m) => Math.fround(kernels.sumSquares(G + offsets[i]! + m * per, G + offsets[i]! + (m + 1) * per)));
  });
  const c = step.normClip;
  const factorOf = (sum: number): number => Math.fround(c / Math.max(Math.fround(Math.sqrt(sum)), c));
  const global =
    step.norm === 'global'
      ? Array.from({ length: members }, (_, m) => factorOf(squares.reduce((acc, s, i) => (i === 0 ? s[m]! : Math.fround(acc + s[m]!)), 0)))
      : null;
  lengths.forEach((length, i) => {
    const per = length / members;
    for (let m = 0; m < members; m++) {
      const from = offsets[i]! + m * per;
      kernels.update(step.rule, regions, from, from + per, global === null ? factorOf(squares[i]![m]!) : global[m]!, step);
    }
  });
}

const UPDATE = 'InitlabOptimizerUpdate';

function updateKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const io = hostIO(backend);
  const { step, count } = attrs as unknown as { step: UpdateStep; count: number };
  const slotCount = slotRoles(step).length;
  const ps = Array.from({ length: count }, (_, i) => inputs[`p${i}`]!);
  // every input is read (copied into the update's memory) before the first output is allocated
  const out = fusedUpdateValues(
    step,
    ps[0]!.shape[0]!,
    ps.map((p) => io.read(p)),
    ps.map((_, i) => io.read(inputs[`g${i}`]!)),
    ps.map((_, i) => Array.from({ length: slotCount }, (_, j) => io.read(inputs[`s${i}_${j}`]!))),
  );
  const write = (v: Float32Array, i: number): tf.TensorInfo => io.writeCopy(ps[i]!.shape.slice(), v);
  return [...out.params.map(write), ...out.slots.flatMap((list, i) => list.map((v) => write(v, i)))];
}

const UPDATE_KERNELS: HostKernel[] = [[UPDATE, updateKernel]];

/**
 * One step of every parameter (`[K, …]` stacked members) in one kernel launch on a host backend;
 * null elsewhere (or for non-float32 tensors), where the caller runs the equivalent tfjs ops.
 */
export function fusedUpdate(
  step: UpdateStep,
  params: readonly tf.Tensor[],
  grads: readonly tf.Tensor[],
  slots: readonly (readonly tf.Tensor[])[],
): { params: tf.Tensor[]; slots: tf.Tensor[][] } | null {
  if (params.length === 0) return { params: [], slots: [] };
  if (!hostKernelsWith(UPDATE_KERNELS)) return null;
  const inputs: Record<string, tf.Tensor> = {};
  let float32 = true;
  params.forEach((p, i) => {
    inputs[`p${i}`] = p;
    inputs[`g${i}`] = grads[i]!;
    slots[i]!.forEach((s, j) => {
      inputs[`s${i}_${j}`] = s;
      float32 &&= s.dtype === 'float32';
    });
    float32 &&= p.dtype === 'float32' && grads[i]!.dtype === 'float32';
  });
  if (!float32) return null;
  // the step travels whole: the kernel reads it, nothing else does
  const attrs = { step, count: params.length };
  const out = tf.engine().runKernel(UPDATE, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  const perParam = slotRoles(step).length;
  return {
    params: out.slice(0, params.length),
    slots: params.map((_, i) => out.slice(params.length + i * perParam, params.length + (i + 1) * perParam)),
  };
}
