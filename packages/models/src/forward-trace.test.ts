import { useBackend } from '@initlab/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnoseAtInit, forwardTrace, SIGMOID_SATURATION, type ModelSpec } from './index.js';
import { regressionData } from './testing/synthetic.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const spec = (activation: 'sigmoid' | 'relu' | 'tanh'): ModelSpec => ({
  inputDim: 8,
  hidden: Array.from({ length: 3 }, () => ({ units: 16, activation })),
  output: { units: 1 },
  loss: 'mse',
});

describe('forwardTrace', () => {
  const { x, y } = regressionData(32, 8, 3);
  const members = [
    { seed: 1, kernelInitializer: 'glorot_uniform' },
    { seed: 2, kernelInitializer: { name: 'random_normal', stddev: 1 } },
  ] as const;

  it.each(['sigmoid', 'relu', 'tanh'] as const)('reports exactly the statistics of diagnoseAtInit (%s)', (activation) => {
    const traced = forwardTrace(spec(activation), members, { x, y });
    const diagnosed = diagnoseAtInit(spec(activation), members, { x, y });
    expect(traced.map(({ id, seed, layers }) => ({ id, seed, layers: layers.map(({ activations: _, ...rest }) => rest) }))).toEqual(diagnosed);
  });

  it('keeps every layer activations, and its statistics are those of the activations', () => {
    const [t] = forwardTrace(spec('sigmoid'), [members[1]], { x });
    expect(t!.rows).toBe(32);
    expect(t!.layers.map((l) => l.activations.length)).toEqual([32 * 16, 32 * 16, 32 * 16, 32]);
    for (const layer of t!.layers.slice(0, 3)) {
      const a = Array.from(layer.activations);
      const mean = a.reduce((s, v) => s + v, 0) / a.length;
      const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
      expect(layer.activationMean).toBeCloseTo(mean, 5);
      expect(layer.activationStd).toBeCloseTo(std, 5);
      // sigmoid saturates at both ends: below 0.01 as well as above 0.99
      const saturated = a.filter((v) => v < SIGMOID_SATURATION || v > 1 - SIGMOID_SATURATION).length / a.length;
      expect(layer.saturatedShare).toBeCloseTo(saturated, 6);
    }
    expect(t!.layers[0]!.activations.some((v) => v < SIGMOID_SATURATION)).toBe(true);
  });
});
