import { useBackend } from '@initlab/backends';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialWeights, predict, validateModelSpec, weightsFromJSON, weightsToJSON, type ModelSpec } from './index.js';
import { resolveLayers } from './spec.js';
import { WINE_SPEC } from './testing/wine.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// Notebook 000 (housing): Dense(10, relu) → Dense(5, relu) → Dense(1), Adam, mean_squared_error.
const HOUSING_SPEC: ModelSpec = {
  inputDim: 8,
  hidden: [
    { units: 10, activation: 'relu' },
    { units: 5, activation: 'relu' },
  ],
  output: { units: 1 },
  loss: 'mse',
};

describe('model specs', () => {
  it('express both seed notebooks as written, with Keras defaults filled in', () => {
    expect(validateModelSpec(WINE_SPEC)).toBe(WINE_SPEC);
    const layers = resolveLayers(HOUSING_SPEC);
    expect(layers.map((l) => [l.inputs, l.units, l.activation.name, l.kernelInitializer, l.biasInitializer])).toEqual([
      [8, 10, 'relu', 'glorot_uniform', 'zeros'],
      [10, 5, 'relu', 'glorot_uniform', 'zeros'],
      [5, 1, 'linear', 'glorot_uniform', 'zeros'],
    ]);
    expect(resolveLayers({ ...WINE_SPEC, hidden: [{ units: 4, activation: 'leaky_relu' }] })[0]!.activation).toEqual({ name: 'leaky_relu', alpha: 0.2 });
    expect(JSON.parse(JSON.stringify(HOUSING_SPEC))).toEqual(HOUSING_SPEC);
  });

  it('reject invalid specs naming the field, the rule and the value', () => {
    expect(() => validateModelSpec({ ...WINE_SPEC, inputDim: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: validateModelSpec: inputDim must be a positive integer, got 0]`,
    );
    expect(() => validateModelSpec({ ...WINE_SPEC, hidden: [{ units: 10, activation: 'swish' as 'relu' }] })).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: validateModelSpec: hidden[0].activation: activation must be one of 'linear', 'relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softsign', 'gelu', 'softmax', got "swish"]`,
    );
    expect(() => validateModelSpec({ ...WINE_SPEC, loss: 'hinge' as 'mse' })).toThrow(/loss must be one of 'mse', 'mae'.*got "hinge"/);
    expect(() => validateModelSpec({ ...WINE_SPEC, output: { units: 2.5 } })).toThrow(/output.units must be a positive integer, got 2.5/);
    expect(() => validateModelSpec({ ...WINE_SPEC, hidden: [{ units: 3, activation: { name: 'elu', alpha: -1 } }] })).toThrow(
      /hidden\[0\].activation: elu alpha must be a finite number >= 0, got -1/,
    );
    expect(() => validateModelSpec({ ...WINE_SPEC, kernelInitializer: 'no_such_initializer' })).toThrow(
      /validateModelSpec: kernelInitializer: .*no_such_initializer/,
    );
    expect(() => validateModelSpec({ ...WINE_SPEC, inputDim: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_SPEC' }));
  });
});

describe('weights', () => {
  it('round-trip through JSON exactly', () => {
    const weights = initialWeights(HOUSING_SPEC, { seed: 8, kernelInitializer: 'he_normal' });
    expect(weightsFromJSON(JSON.parse(JSON.stringify(weightsToJSON(weights))))).toEqual(weights);
    expect(() => weightsFromJSON([{ kernel: [1, 2], bias: [0], shape: [2, 2] }])).toThrow(/layer 0: kernel must be a Float32Array of 2×2 = 4 values, got 2 values/);
  });

  it('are seeded per layer: same seed same bytes, another seed other bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = initialWeights(HOUSING_SPEC, { seed });
        const b = initialWeights(HOUSING_SPEC, { seed });
        const c = initialWeights(HOUSING_SPEC, { seed: seed + 1 });
        expect(a).toEqual(b);
        expect(a[0]!.kernel).not.toEqual(c[0]!.kernel);
        expect(a[0]!.kernel).not.toEqual(a[1]!.kernel.slice(0, 80)); // layers draw from different streams
      }),
      { numRuns: 20 },
    );
  });
});

describe('predict', () => {
  it('returns one probability row per sample for a softmax output', () => {
    const weights = initialWeights(WINE_SPEC, { seed: 1 });
    const rows = predict(WINE_SPEC, weights, [Array(11).fill(0.5), Array(11).fill(-1)]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    expect(() => predict(WINE_SPEC, weights.slice(0, 1), [Array(11).fill(0)])).toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: predict: weights: expected 2 layers of weights, got 1]`,
    );
  });
});
