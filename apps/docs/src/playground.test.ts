/**
 * The playground and `initlab diagnose` must show the same numbers for the same network and seed: the
 * playground traces with @initlab/models, and this checks it against diagnoseAtInit called as the CLI calls it.
 */
import { useBackend } from '@initlab/backends';
import { parseInitializerSpec } from '@initlab/initializers';
import { diagnoseAtInit, type ModelSpec } from '@initlab/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputBatch, measureActivations, type NetworkChoice } from '../docs/.vitepress/theme/playground/engine.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const cases: NetworkChoice[] = [
  // sigmoid is where the playground used to count saturation differently (|a| > 0.99 only)
  { initializer: 'random_normal:stddev=1', activation: 'sigmoid', depth: 4, width: 32, seed: 3 },
  { initializer: 'glorot_uniform', activation: 'relu', depth: 4, width: 32, seed: 0 },
  { initializer: 'random_normal:stddev=0.01', activation: 'tanh', depth: 5, width: 64, seed: 7 },
];

describe('playground numbers', () => {
  it.each(cases)('equal initlab diagnose for $activation, $initializer, seed $seed', (c) => {
    const report = measureActivations(c, 'cpu');
    // The network as `initlab diagnose` builds it: depth × width hidden layers, the initializer everywhere.
    const spec: ModelSpec = {
      inputDim: c.width,
      hidden: Array.from({ length: c.depth }, () => ({ units: c.width, activation: c.activation })),
      output: { units: 1, activation: 'linear' },
      loss: 'mse',
    };
    const member = { id: c.initializer, seed: c.seed, kernelInitializer: parseInitializerSpec(c.initializer), initializerScope: 'all' as const };
    const [diagnosed] = diagnoseAtInit(spec, [member], { x: inputBatch(c) });
    const hidden = diagnosed!.layers.slice(0, c.depth);
    expect(report.layers.map((l) => [l.layer, l.mean, l.std, l.deadShare, l.saturatedShare])).toEqual(
      hidden.map((l) => [l.layer + 1, l.activationMean, l.activationStd, l.deadShare, l.saturatedShare]),
    );
    expect(report.layers.every((l) => l.bins.length > 0 && Math.abs(l.bins.reduce((s, b) => s + b.share, 0) - 1) < 1e-9)).toBe(true);
  });
});
