import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { afterAll, describe, expect, it } from 'vitest';
import { applyUpdate, applyUpdateOps, createOptimizerState, resolveOptimizer, updateStep, type OptimizerSpec, type OptimizerState, type ResolvedOptimizer } from './optimizers.js';
import { fusedUpdateValues, slotRoles } from './update-kernels.js';
import { selectUpdateKernels } from './update-wasm.js';

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Every rule and option: 9 optimizer variants × weight decay or not × no clip or one of the three clips. */
const VARIANTS: OptimizerSpec[] = [
  { name: 'sgd', learningRate: 0.05 },
  { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
  { name: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true },
  { name: 'adam', learningRate: 0.01 },
  { name: 'adam', learningRate: 0.01, beta2: 0.9, amsgrad: true },
  { name: 'rmsprop', learningRate: 0.01 },
  { name: 'rmsprop', learningRate: 0.01, momentum: 0.5 },
  { name: 'rmsprop', learningRate: 0.01, centered: true },
  { name: 'rmsprop', learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true },
];
const CLIPS = [{}, { clipValue: 0.5 }, { clipNorm: 1.5 }, { globalClipNorm: 3 }];
const COMBINATIONS: [string, OptimizerSpec][] = VARIANTS.flatMap((v) =>
  [0, 0.02].flatMap((weightDecay) =>
    CLIPS.map((clip): [string, OptimizerSpec] => {
      const spec = { ...(v as object), ...(weightDecay > 0 ? { weightDecay } : {}), ...clip } as OptimizerSpec;
      return [JSON.stringify(spec), spec];
    }),
  ),
);

/** Parameters `[K, r, c]` and `[K, 1, c]` of random sizes (mostly not multiples of 4), K members. */
function shapes(rng: Rng, k: number): number[][] {
  const size = (): number => 1 + Math.floor(rng.uniform() * 9);
  const c = size();
  return [[k, size(), c], [k, 1, c], [k, size(), size()]];
}

/** Gradients whose members differ in scale by up to 8×, so a clip norm cuts some members and not others. */
function gradients(rng: Rng, params: readonly number[][]): Float32Array[] {
  return params.map((shape) => {
    const g = rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)));
    const per = g.length / shape[0]!;
    return g.map((v, i) => v * 2 ** (Math.floor(i / per) % 4) * 0.25);
  });
}

interface Trajectory {
  params: Float32Array[][];
  slots: Float32Array[][][];
}

/** `steps` steps of `run` from the same start, recording every parameter and slot after each step. */
function trajectory(
  opt: ResolvedOptimizer,
  start: readonly Float32Array[],
  shapesOf: readonly number[][],
  grads: readonly Float32Array[][],
  run: (w: tf.Tensor[], g: tf.Tensor[], state: OptimizerState) => { params: tf.Tensor[]; slots: tf.Tensor[][] },
): Trajectory {
  let w = start.map((v, i) => tf.tensor(v, shapesOf[i]!));
  let state = createOptimizerState(opt, w);
  const out: Trajectory = { params: [], slots: [] };
  for (const step of grads) {
    const next = tf.tidy(() => run(w, step.map((v, i) => tf.tensor(v, shapesOf[i]!)), state));
    tf.dispose([...w, ...state.slots.flat()]);
    w = next.params;
    state = { slots: next.slots, iterations: state.iterations + 1 };
    out.params.push(w.map((t) => t.dataSync() as Float32Array));
    out.slots.push(state.slots.map((list) => list.map((t) => t.dataSync() as Float32Array)));
  }
  tf.dispose([...w, ...state.slots.flat()]);
  return out;
}

const STEPS = 4;

function problem(seed: number, k: number) {
  const rng = new Rng(seed, 'update-kernels');
  const shapesOf = shapes(rng, k);
  const start = shapesOf.map((s) => rng.fillNormal(new Float32Array(s.reduce((a, b) => a * b, 1))));
  const grads = Array.from({ length: STEPS }, () => gradients(rng, shapesOf));
  return { shapesOf, start, grads };
}

function expectSameBits(a: Trajectory, b: Trajectory, what: string): void {
  a.params.forEach((step, s) => {
    step.forEach((p, i) => expect(bits(p), `${what}: parameter ${i} after step ${s + 1}`).toEqual(bits(b.params[s]![i]!)));
    a.slots[s]!.forEach((list, i) => list.forEach((v, j) => expect(bits(v), `${what}: slot ${j} of parameter ${i} after step ${s + 1}`).toEqual(bits(b.slots[s]![i]![j]!))));
  });
}

afterAll(() => {
  selectUpdateKernels('wasm');
});

describe('the fused optimizer update', () => {
  it.each(COMBINATIONS)('%s: WebAssembly = JavaScript = the tfjs ops on cpu, bit for bit, over 4 steps', async (_, spec) => {
    await useBackend('cpu');
    const opt = resolveOptimizer(spec);
    for (const [seed, k] of [[1, 3], [2, 1], [3, 5]] as const) {
      const { shapesOf, start, grads } = problem(seed, k);
      const before = tf.memory().numTensors;
      const ops = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdateOps(opt, w, g, state));
      expect(selectUpdateKernels('wasm')).toBe(true);
      const wasm = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdate(opt, w, g, state));
      expect(selectUpdateKernels('js')).toBe(false);
      const js = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdate(opt, w, g, state));
      selectUpdateKernels('wasm');
      expect(tf.memory().numTensors).toBe(before);
      expectSameBits(wasm, ops, `wasm vs tfjs ops (seed ${seed}, K ${k})`);
      expectSameBits(js, wasm, `js vs wasm (seed ${seed}, K ${k})`);
      // the steps really moved every parameter
      expect(bits(wasm.params[STEPS - 1]![0]!)).not.toEqual(bits(start[0]!));
    }
  });

  it.each(['cpu', 'wasm'] as const)('updates every parameter, slot and member in one kernel launch on %s', async (backend) => {
    await useBackend(backend);
    const { shapesOf, start, grads } = problem(5, 3);
    for (const spec of [VARIANTS[4]!, { ...(VARIANTS[8] as object), globalClipNorm: 1 } as OptimizerSpec]) {
      const opt = resolveOptimizer(spec);
      const w = start.map((v, i) => tf.tensor(v, shapesOf[i]!));
      const g = grads[0]!.map((v, i) => tf.tensor(v, shapesOf[i]!));
      const state = createOptimizerState(opt, w);
      const profile = await tf.profile(() => {
        const out = applyUpdate(opt, w, g, state);
        tf.dispose([...out.params, ...out.slots.flat()]);
      });
      expect(profile.kernelNames).toEqual(['InitlabOptimizerUpdate']);
      tf.dispose([...w, ...g, ...state.slots.flat()]);
    }
    await useBackend('cpu');
  });

  it.each(COMBINATIONS)('%s: a member gets the same bits alone as in an ensemble of 4', (_, spec) => {
    const opt = resolveOptimizer(spec);
    const k = 4;
    const { shapesOf, start, grads } = problem(7, k);
    const slotCount = slotRoles(updateStep(opt, 1)).length;
    const run = (members: number, params: Float32Array[], steps: Float32Array[][]) => {
      let state: { params: Float32Array[]; slots: Float32Array[][] } = { params, slots: params.map((p) => Array.from({ length: slotCount }, () => new Float32Array(p.length))) };
      for (let s = 0; s < steps.length; s++) {
        const next = fusedUpdateValues(updateStep(opt, s + 1), members, state.params, steps[s]!, state.slots);
        state = { params: next.params.map((v) => v.slice()), slots: next.slots.map((list) => list.map((v) => v.slice())) };
      }
      return state;
    };
    const together = run(k, start, grads);
    for (let m = 0; m < k; m++) {
      const member = (all: readonly Float32Array[]): Float32Array[] =>
        all.map((v, i) => {
          const per = v.length / shapesOf[i]![0]!;
          return v.slice(m * per, (m + 1) * per);
        });
      const alone = run(1, member(start), grads.map(member));
      member(together.params).forEach((p, i) => expect(bits(p), `member ${m}, parameter ${i}`).toEqual(bits(alone.params[i]!)));
      together.slots.forEach((list, i) =>
        list.forEach((v, j) => {
          const per = v.length / k;
          expect(bits(v.slice(m * per, (m + 1) * per)), `member ${m}, slot ${j} of parameter ${i}`).toEqual(bits(alone.slots[i]![j]!));
        }),
      );
    }
  });

  it.each(COMBINATIONS)('%s: on the wasm backend, the same bits as on cpu, and as the tfjs-wasm ops (within 1e-6 with a clip norm)', async (_, spec) => {
    const opt = resolveOptimizer(spec);
    const { shapesOf, start, grads } = problem(11, 3);
    await useBackend('cpu');
    const cpu = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdate(opt, w, g, state));
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const fused = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdate(opt, w, g, state));
    const ops = trajectory(opt, start, shapesOf, grads, (w, g, state) => applyUpdateOps(opt, w, g, state));
    expect(tf.memory().numTensors).toBe(before);
    expectSameBits(fused, cpu, 'wasm backend vs cpu backend');
    if (opt.clipNorm === undefined && opt.globalClipNorm === undefined) expectSameBits(fused, ops, 'fused vs tfjs-wasm ops');
    // tfjs-wasm sums clip norms in its own order (and float32): close, not the same bits
    fused.params.forEach((step, s) =>
      step.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - ops.params[s]![i]![j]!), `parameter ${i}[${j}] after step ${s + 1}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(v))))),
    );
    await useBackend('cpu');
  });
});
