import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyUpdate, clipGradients, createOptimizerState, foldsLearningRate, resolveOptimizer, type OptimizerSpec } from './optimizers.js';
import { RefOptimizerState, type RefOptimizer } from './testing/reference.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Minimises `w²/2` (gradient `w`) for `steps` steps from `start`, as the Keras docstrings do. */
function minimiseHalfSquare(spec: OptimizerSpec, start: number, steps: number): number[] {
  const opt = resolveOptimizer(spec);
  let w = tf.tensor3d([start], [1, 1, 1]);
  let state = createOptimizerState(opt, [w]);
  const trajectory: number[] = [];
  for (let s = 0; s < steps; s++) {
    const out = tf.tidy(() => applyUpdate(opt, [w], [opt.name === 'sgd' && opt.clipNorm === undefined ? tf.mul(w, -opt.learningRate) : w], state));
    w.dispose();
    state.slots.flat().forEach((t) => t.dispose());
    w = out.params[0] as tf.Tensor3D;
    state = { slots: out.slots, iterations: state.iterations + 1 };
    trajectory.push(w.dataSync()[0]!);
  }
  w.dispose();
  state.slots.flat().forEach((t) => t.dispose());
  return trajectory;
}

describe('resolveOptimizer', () => {
  it('fills in Keras 3 defaults', () => {
    expect(resolveOptimizer('sgd')).toEqual({ name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false });
    expect(resolveOptimizer('adam')).toEqual({ name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(resolveOptimizer({ name: 'rmsprop', clipNorm: 1 })).toEqual({
      name: 'rmsprop',
      learningRate: 0.001,
      rho: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
      clipNorm: 1,
    });
  });

  it('rejects bad names, values and combinations with one-line messages', () => {
    expect(() => resolveOptimizer('adamw' as 'adam')).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: optimizer: name must be one of 'sgd', 'adam', 'rmsprop', got "adamw"]`,
    );
    expect(() => resolveOptimizer({ name: 'sgd', learningRate: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: sgd optimizer: learningRate must be a finite number > 0, got 0]`,
    );
    expect(() => resolveOptimizer({ name: 'adam', beta1: 1 })).toThrow(/adam optimizer: beta1 must be a number in \[0, 1\), got 1/);
    expect(() => resolveOptimizer({ name: 'sgd', clipNorm: 1, clipValue: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: sgd optimizer: set at most one of clipNorm, globalClipNorm, clipValue (as Keras), got clipNorm and clipValue]`,
    );
    expect(() => resolveOptimizer({ name: 'sgd', beta1: 0.9 } as OptimizerSpec)).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: sgd optimizer: unknown option "beta1"; allowed: clipNorm, clipValue, globalClipNorm, learningRate, momentum, name, nesterov, weightDecay]`,
    );
    expect(() => resolveOptimizer({ name: 'sgd', amsgrad: true } as OptimizerSpec)).toThrow(/sgd optimizer: unknown option "amsgrad"; allowed: /);
    expect(() => resolveOptimizer({ name: 'adam', weight_decay: 0.1 } as OptimizerSpec)).toThrow(
      /adam optimizer: unknown option "weight_decay" \(did you mean "weightDecay"\?\)/,
    );
    expect(() => resolveOptimizer({ name: 'rmsprop', weightDecay: -0.1 })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: rmsprop optimizer: weightDecay must be a finite number >= 0, got -0.1]`,
    );
    expect(() => resolveOptimizer({ name: 'adam', amsgrad: 1 as unknown as boolean })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: adam optimizer: amsgrad must be a boolean, got 1]`,
    );
  });

  it('writes amsgrad and weightDecay only when they act, so an existing optimizer resolves as before', () => {
    expect(resolveOptimizer({ name: 'adam', amsgrad: false, weightDecay: 0 })).toEqual(resolveOptimizer('adam'));
    expect(resolveOptimizer({ name: 'adam', amsgrad: true, weightDecay: 0.004 })).toEqual({
      name: 'adam',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      amsgrad: true,
      weightDecay: 0.004,
    });
    expect(resolveOptimizer({ name: 'sgd', weightDecay: 0.01 })).toEqual({ name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false, weightDecay: 0.01 });
  });
});

describe('Keras 3 update rules', () => {
  it('reproduce the Keras docstring examples', () => {
    // keras.optimizers.SGD(learning_rate=0.1): 1.0 → 0.9; with momentum=0.9 the steps are 0.1 then 0.18.
    expect(minimiseHalfSquare({ name: 'sgd', learningRate: 0.1 }, 1, 1)[0]).toBeCloseTo(0.9, 6);
    const [first, second] = minimiseHalfSquare({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 1, 2);
    expect(first).toBeCloseTo(0.9, 6);
    expect(second).toBeCloseTo(0.72, 6);
    // keras.optimizers.RMSprop(learning_rate=0.1) on var1 = 10: 9.683772.
    expect(minimiseHalfSquare({ name: 'rmsprop', learningRate: 0.1 }, 10, 1)[0]).toBeCloseTo(9.683772, 5);
    // keras.optimizers.Adam(learning_rate=0.1) on var1 = 10: 9.9 after one step.
    expect(minimiseHalfSquare({ name: 'adam', learningRate: 0.1 }, 10, 1)[0]).toBeCloseTo(9.9, 5);
  });

  const configs: [string, OptimizerSpec, RefOptimizer][] = [
    ['sgd', { name: 'sgd', learningRate: 0.05 }, { name: 'sgd', learningRate: 0.05, momentum: 0, nesterov: false }],
    ['sgd momentum', { name: 'sgd', learningRate: 0.05, momentum: 0.9 }, { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false }],
    ['sgd nesterov', { name: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true }, { name: 'sgd', learningRate: 0.05, momentum: 0.8, nesterov: true }],
    ['adam', { name: 'adam', learningRate: 0.01 }, { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    ['rmsprop', { name: 'rmsprop', learningRate: 0.01 }, { name: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false }],
    [
      'adam amsgrad with weight decay',
      { name: 'adam', learningRate: 0.01, beta2: 0.9, amsgrad: true, weightDecay: 0.1 },
      { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.9, epsilon: 1e-7, amsgrad: true, weightDecay: 0.1 },
    ],
    ['sgd with weight decay', { name: 'sgd', learningRate: 0.05, weightDecay: 0.2 }, { name: 'sgd', learningRate: 0.05, momentum: 0, nesterov: false, weightDecay: 0.2 }],
    [
      'rmsprop centered with momentum',
      { name: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true },
      { name: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true },
    ],
  ];

  it.each(configs)('%s matches the float64 reference over 20 steps of random gradients (3 stacked members)', (_, spec, ref) => {
    const opt = resolveOptimizer(spec);
    const rng = new Rng(3, 'optimizer');
    const shape: [number, number, number] = [3, 2, 4];
    const start = rng.fillNormal(new Float32Array(24));
    let w = tf.tensor3d(start, shape);
    let state = createOptimizerState(opt, [w]);
    const reference = new RefOptimizerState(ref);
    const expected = Float64Array.from(start);
    for (let s = 0; s < 20; s++) {
      const g = rng.fillNormal(new Float32Array(24));
      reference.update(expected, Float64Array.from(g));
      reference.step();
      const folded = opt.name === 'sgd' ? Float32Array.from(g, (v) => -opt.learningRate * v) : g;
      const out = tf.tidy(() => applyUpdate(opt, [w], [tf.tensor3d(folded, shape)], state));
      w.dispose();
      state.slots.flat().forEach((t) => t.dispose());
      w = out.params[0] as tf.Tensor3D;
      state = { slots: out.slots, iterations: state.iterations + 1 };
    }
    const got = w.dataSync();
    w.dispose();
    state.slots.flat().forEach((t) => t.dispose());
    for (let i = 0; i < 24; i++) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(expected[i]!)));
  });
});

describe('gradient clipping (per member)', () => {
  it('clipNorm scales each gradient of each member to at most the norm', () => {
    const opt = resolveOptimizer({ name: 'adam', clipNorm: 1 });
    const [clipped] = tf.tidy(() => clipGradients(opt, [tf.tensor3d([3, 4, 0.3, 0.4], [2, 1, 2])]).map((t) => t.arraySync()));
    // member 0 has norm 5 → scaled to norm 1; member 1 has norm 0.5 → unchanged
    expect((clipped as number[][][])[0]![0]![0]).toBeCloseTo(0.6, 6);
    expect((clipped as number[][][])[0]![0]![1]).toBeCloseTo(0.8, 6);
    expect((clipped as number[][][])[1]![0]).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });

  it('globalClipNorm uses the norm over all of a member\'s gradients', () => {
    const opt = resolveOptimizer({ name: 'sgd', globalClipNorm: 2.5 });
    const out = tf.tidy(() =>
      clipGradients(opt, [tf.tensor3d([3, 0, 1, 0], [2, 1, 2]), tf.tensor3d([4, 0], [2, 1, 1])]).map((t) => Array.from(t.dataSync())),
    );
    // member 0: global norm 5 → factor 0.5; member 1: global norm 1 → factor 1
    expect(out[0]![0]).toBeCloseTo(1.5, 6);
    expect(out[1]![0]).toBeCloseTo(2, 6);
    expect(out[0]![2]).toBeCloseTo(1, 6);
  });

  it('clipValue clamps elements', () => {
    const opt = resolveOptimizer({ name: 'rmsprop', clipValue: 0.5 });
    const out = tf.tidy(() => Array.from(clipGradients(opt, [tf.tensor3d([-2, 0.25, 3], [1, 1, 3])])[0]!.dataSync()));
    expect(out).toEqual([-0.5, 0.25, 0.5]);
  });
});

interface TrajectoryCase {
  name: string;
  source: string;
  spec: OptimizerSpec;
  start: number[];
  gradients: number[][];
  weights: number[][];
}

/** Written by generate_keras_optimizers.py: Keras 3's update rules run step by step in numpy float32. */
const kerasFixture = JSON.parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '__fixtures__/keras-optimizers.json'), 'utf8'),
) as { cases: TrajectoryCase[] };

/** Runs `spec` on one parameter from `start` through `gradients` (raw g; folded for plain SGD as training does). */
function trajectory(spec: OptimizerSpec, start: readonly number[], gradients: readonly (readonly number[])[]): number[][] {
  const opt = resolveOptimizer(spec);
  const shape: [number, number, number] = [1, 1, start.length];
  let w = tf.tensor3d(start as number[], shape);
  let state = createOptimizerState(opt, [w]);
  const out: number[][] = [];
  for (const g of gradients) {
    const folded = foldsLearningRate(opt) ? g.map((v) => -opt.learningRate * v) : (g as number[]);
    const next = tf.tidy(() => applyUpdate(opt, [w], [tf.tensor3d(folded, shape)], state));
    w.dispose();
    state.slots.flat().forEach((t) => t.dispose());
    w = next.params[0] as tf.Tensor3D;
    state = { slots: next.slots, iterations: state.iterations + 1 };
    out.push(Array.from(w.dataSync()));
  }
  w.dispose();
  state.slots.flat().forEach((t) => t.dispose());
  return out;
}

describe('Keras 3 amsgrad and weight decay (fixture: Keras update rules in numpy float32)', () => {
  it.each(kerasFixture.cases.map((c) => [c.name, c] as const))('%s matches Keras step by step', (_, c) => {
    const before = tf.memory().numTensors;
    const got = trajectory(c.spec, c.start, c.gradients);
    expect(tf.memory().numTensors).toBe(before);
    // Both sides are float32; Adam's α and the folded SGD step are rounded once more or less here.
    got.forEach((row, step) => row.forEach((v, i) => expect(Math.abs(v - c.weights[step]![i]!)).toBeLessThan(2e-6 * (1 + Math.abs(v)))));
  });

  it('amsgrad changes the trajectory where the second moment falls, and weight decay shrinks it', () => {
    const c = kerasFixture.cases.find((x) => x.name === 'adam amsgrad')!;
    const plain = trajectory({ ...(c.spec as object), amsgrad: false } as OptimizerSpec, c.start, c.gradients).at(-1)!;
    const ams = trajectory(c.spec, c.start, c.gradients).at(-1)!;
    expect(Math.max(...plain.map((v, i) => Math.abs(v - ams[i]!)))).toBeGreaterThan(1e-3);
  });
});

describe('keras/src/optimizers/*_test.py (ported)', () => {
  const golden = kerasFixture.cases.filter((c) => c.name.startsWith('golden'));
  const expected: Record<string, number[][]> = {
    // adam_test.py test_correctness_with_golden, Adam(amsgrad=True): the same value in all 10 entries
    'golden adam amsgrad': [[0.999], [0.9982], [0.9974], [0.9965], [0.9955]].map(([v]) => new Array<number>(10).fill(v!)),
    // sgd_test.py test_correctness_with_golden, SGD(nesterov=True)
    'golden sgd nesterov': [0, 1, 2, 3, 4].map((k) => Array.from({ length: 10 }, (_, i) => (k === 0 ? 0.9999 : 0.9999 - k * 0.001 * (i + 1)))),
    // rmsprop_test.py test_correctness_with_golden, RMSprop(centered=True)
    'golden rmsprop centered': [[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]].map(([v]) => new Array<number>(10).fill(v!)),
  };

  it.each(golden.map((c) => [c.source, c] as const))('%s: first gradient 0.01, then arange(0.1, 1.1, 0.1)', (_, c) => {
    const got = trajectory(c.spec, c.start, c.gradients);
    // assertAllClose(x, golden[i], rtol=5e-4, atol=5e-4) after the first step and after each of the next four
    expected[c.name]!.forEach((row, step) => row.forEach((v, i) => expect(Math.abs(got[step]![i]! - v)).toBeLessThanOrEqual(5e-4 + 5e-4 * Math.abs(v))));
  });

  it.each(['sgd', 'adam', 'rmsprop'] as const)('%s_test.py test_weight_decay: three optimizers with weight_decay=0.004 take 2 to 1.9760959', (name) => {
    // var1 gets a zero gradient from three fresh optimizers (learning_rate=1.0): 2·(1 − 0.004)³
    let w = [2];
    for (let k = 0; k < 3; k++) w = trajectory({ name, learningRate: 1, weightDecay: 0.004 }, w, [[0]])[0]!;
    expect(Math.abs(w[0]! - 1.9760959)).toBeLessThan(1.5e-6);
  });
});
