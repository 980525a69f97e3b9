import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { accumulate } from './host-loss.js';
import { evaluate, type LossName } from './index.js';
import { KERAS_CLIP_MAX, KERAS_EPSILON, lossMode, outputGradient } from './losses.js';
import { resolveActivation } from './spec.js';

beforeAll(async () => {
  await useBackend('cpu');
});

interface LossCase {
  name: string;
  source: string;
  yTrue: number[][];
  yPred: number[][];
  perSample: number[];
  mean: number;
  gradient: number[][];
}

/** Written by generate_keras_losses.py: Keras 3's formulas evaluated in numpy float32. */
const fixture = JSON.parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '__fixtures__/keras-losses.json'), 'utf8'),
) as { epsilon: number; upperBound: number; cases: LossCase[] };

const LOSSES: Record<string, LossName> = {
  bce: 'binary_crossentropy',
  cce: 'categorical_crossentropy',
  scce: 'sparse_categorical_crossentropy',
};
const lossOf = (c: LossCase): LossName => LOSSES[c.name.split(':')[0]!]!;
const linear = resolveActivation('linear', 'output');

/**
 * Keras takes the log in float32 and initlab in float64, so they agree to float32's relative precision
 * (about 6e-8 a log); 1e-6 relative is far tighter than the float64-clip bug this guards (0.16 relative on
 * `−ln(1 − ε)`, 1% on `−ln ε`).
 */
function expectClose(got: number, want: number, relative = 1e-6, absolute = 1e-12): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(relative * Math.abs(want) + absolute);
}

/** Host-side per-sample losses of probability rows on a linear output (a = z = the rows themselves). */
function hostLosses(c: LossCase): number[] {
  const units = c.yPred[0]!.length;
  const z = Float32Array.from(c.yPred.flat());
  const y = Float32Array.from(c.yTrue.flat());
  const loss = lossOf(c);
  return c.yPred.map((_, r) => {
    const sums = new Float64Array(2);
    const scorer = { mode: lossMode(loss, linear), loss, activation: linear, metrics: ['accuracy'] as const, units };
    accumulate(scorer, z.subarray(r * units, (r + 1) * units), y.subarray(r * units, (r + 1) * units), 1, 1, sums);
    return sums[0]!;
  });
}

describe('Keras clip bounds of the probability-space cross-entropies', () => {
  it('are float32: ε = fround(1e-7) and 1 − ε = 1 − 2⁻²³, as numpy float32 computes them', () => {
    expect(KERAS_EPSILON).toBe(fixture.epsilon);
    expect(KERAS_CLIP_MAX).toBe(fixture.upperBound);
    expect(KERAS_CLIP_MAX).toBe(1 - 2 ** -23);
    expect(KERAS_CLIP_MAX).not.toBe(1 - 1e-7);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: host-side per-sample losses match Keras in float32', (_, c) => {
    const got = hostLosses(c);
    // Sparse renormalises by log Σ clip(p), a float32 sum of C terms near 1 in Keras (one rounding of up to
    // 2⁻²⁴ each) and a float64 one here; every other mode has no sum of that kind.
    const absolute = lossOf(c) === 'sparse_categorical_crossentropy' ? c.yPred[0]!.length * 2 ** -24 : 1e-12;
    got.forEach((v, r) => expectClose(v, c.perSample[r]!, 1e-6, absolute));
    expectClose(got.reduce((s, v) => s + v, 0) / got.length, c.mean, 1e-6, absolute);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: the tfjs output gradient matches Keras in float32', (_, c) => {
    const rows = c.yPred.length;
    const units = c.yPred[0]!.length;
    const loss = lossOf(c);
    const got = tf.tidy(() => {
      const a = tf.tensor3d(c.yPred.flat(), [1, rows, units]);
      const y = tf.tensor3d(c.yTrue.flat(), [1, rows, units]);
      return Array.from(outputGradient(lossMode(loss, linear), a, a, y, 1, linear).dataSync());
    });
    const want = c.gradient.flat();
    // float32 on both sides, but tfjs and numpy may round a division differently in the last bit
    got.forEach((v, i) => expectClose(v, want[i]!, 1e-6));
  });
});

describe('keras/src/losses/losses_test.py (ported; Keras checks 3 decimals)', () => {
  // evaluate() on an identity layer scores the rows exactly as given (z = the rows): the public path of the
  // fix with a linear output, and Keras's from_logits path with a sigmoid or softmax one.
  function evaluateRows(loss: LossName, yTrue: number[][], yPred: number[][], activation: 'linear' | 'sigmoid' | 'softmax' = 'linear'): number | null {
    const units = yPred[0]!.length;
    const kernel = new Float32Array(units * units);
    for (let j = 0; j < units; j++) kernel[j * units + j] = 1;
    const spec = { inputDim: units, hidden: [], output: { units, activation }, loss };
    return evaluate(spec, [{ kernel, bias: new Float32Array(units), shape: [units, units] }], yPred, yTrue).loss;
  }

  it('BinaryCrossentropyTest.test_unweighted: 0.20046903 and, for p of exactly 0 and 1, 3.98559', () => {
    const loss = evaluateRows('binary_crossentropy', [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]]);
    expect(loss).toBeCloseTo(0.20046903, 6);
    // issue 12: initlab gave 4.02952, the float64 bound −ln(1e-7) instead of Keras's −ln(2⁻²³)
    const edge = evaluateRows('binary_crossentropy', [[1, 0], [1, 0]], [[1, 1], [1, 0]]);
    expect(edge).toBeCloseTo(3.98559, 4);
    expect(edge).toBeCloseTo((23 * Math.LN2) / 4, 6);
  });

  it('BinaryCrossentropyTest.test_all_correct_unweighted: 0', () => {
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const loss = evaluateRows('binary_crossentropy', eye, eye)!;
    expect(loss).toBeCloseTo(0, 6);
    // the clip's residue, not 0: −ln(1 − 2⁻²³) for the 1s and, since 1 − fround(1e-7) rounds to 1 − 2⁻²³ in
    // float32, the same for the 0s
    expect(loss).toBeCloseTo(-Math.log(1 - 2 ** -23), 12);
  });

  it('CategoricalCrossentropyTest.test_unweighted: 0.3239 (rows are normalised first)', () => {
    const loss = evaluateRows('categorical_crossentropy', [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]);
    expect(loss).toBeCloseTo(0.3239, 3);
  });

  it('CategoricalCrossentropyTest.test_all_correct_unweighted: 0', () => {
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    expect(evaluateRows('categorical_crossentropy', eye, eye)).toBeCloseTo(0, 6);
  });

  it('BinaryCrossentropyTest.test_unweighted and test_all_correct_unweighted with logits: 3.3333 and 0', () => {
    // a sigmoid output is scored from its logits, as Keras's from_logits=True (and its sigmoid's _keras_logits)
    expect(evaluateRows('binary_crossentropy', [[1, 0, 1], [0, 1, 1]], [[10, -10, 10], [10, 10, -10]], 'sigmoid')).toBeCloseTo(3.3333, 3);
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const logits = [[10, -10, -10], [-10, 10, -10], [-10, -10, 10]];
    expect(evaluateRows('binary_crossentropy', eye, logits, 'sigmoid')).toBeCloseTo(0, 4);
  });

  it('CategoricalCrossentropyTest.test_unweighted and test_no_reduction with logits: 0.0573, per sample (0.001822, 0.000459, 0.169846)', () => {
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const logits = [[8, 1, 1], [0, 9, 1], [2, 3, 5]];
    expect(evaluateRows('categorical_crossentropy', eye, logits, 'softmax')).toBeCloseTo(0.0573, 3);
    const perSample = logits.map((row, i) => evaluateRows('categorical_crossentropy', [eye[i]!], [row], 'softmax')!);
    [0.001822, 0.000459, 0.169846].forEach((want, i) => expect(Math.abs(perSample[i]! - want)).toBeLessThan(1e-6 + 1e-6 * want));
  });
});
