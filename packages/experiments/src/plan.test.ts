import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExperiment, validateExperiment } from './parse.js';
import { groupEnsembles, planRuns, shardRuns } from './plan.js';
import { seedExperiments } from './seeds.js';

const SWEEP = parseExperiment(
  `
name: sweep
data: { dataset: spirals }
model: { hidden: [16, 8], activation: relu }
training: { epochs: 3, optimizer: { name: sgd, learningRate: 0.05 } }
initializers: [zeros, glorot_uniform, he_normal]
seeds: 4
grid:
  activation: [relu, tanh]
  depth: [1, 3]
  width: [8, 32, 64]
  learningRate: [0.01, 0.1]
`,
  'sweep.yaml',
);

describe('planRuns', () => {
  it('expands grid points × initializers × seeds, grid points major', () => {
    const runs = planRuns(SWEEP);
    expect(runs).toHaveLength(2 * 2 * 3 * 2 * 3 * 4);
    expect(runs.map((r) => r.index)).toEqual(runs.map((_, i) => i));
    expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
    expect(runs.every((r) => /^[0-9a-f]{12}$/.test(r.runId))).toBe(true);
    // the last axis varies fastest
    const first = runs[0]!;
    expect(first.gridPoint).toEqual({ activation: 'relu', depth: 1, width: 8, learningRate: 0.01 });
    expect(first.gridLabel).toBe('activation=relu depth=1 width=8 learningRate=0.01');
    expect(runs[12]!.gridPoint).toEqual({ activation: 'relu', depth: 1, width: 8, learningRate: 0.1 });
    expect(runs.slice(0, 12).map((r) => `${r.label}/${r.seed}`)).toEqual(
      ['zeros', 'glorot_uniform', 'he_normal'].flatMap((l) => [0, 1, 2, 3].map((s) => `${l}/${s}`)),
    );
  });

  it('applies the grid point to the hidden layers and the optimizer', () => {
    const run = planRuns(SWEEP).find((r) => r.gridPoint.depth === 3 && r.gridPoint.width === 32 && r.gridPoint.activation === 'tanh')!;
    expect(run.hidden).toEqual([
      { units: 32, activation: 'tanh' },
      { units: 32, activation: 'tanh' },
      { units: 32, activation: 'tanh' },
    ]);
    expect(run.optimizer.learningRate).toBe(run.gridPoint.learningRate);
    const deeper = validateExperiment({ ...SWEEP, grid: { depth: [4] } }, 'x');
    expect(planRuns(deeper)[0]!.hidden.map((h) => ('units' in h ? h.units : null))).toEqual([16, 8, 8, 8]);
  });

  it('gives one run per initializer × seed without a grid, and no grid label', () => {
    const runs = planRuns(seedExperiments['seed-wine']);
    expect(runs.map((r) => [r.label, r.seed, r.gridIndex, r.gridLabel])).toEqual([
      ['zeros', 0, 0, ''],
      ['random_normal', 0, 0, ''],
      ['glorot_normal', 0, 0, ''],
      ['he_normal', 0, 0, ''],
    ]);
    expect(runs[1]!.initializer).toEqual({ name: 'random_normal', mean: 0, stddev: 0.05 });
  });

  it('keeps runIds stable: same content → same id, whatever the name, seed list or spelling', () => {
    const wine = seedExperiments['seed-wine'];
    const ids = planRuns(wine).map((r) => r.runId);
    // Frozen values: a change here silently invalidates every results.jsonl users have.
    expect(ids).toMatchInlineSnapshot(`
      [
        "af817903652e",
        "9c98e22dcbb0",
        "a9dba550cd4f",
        "a16b732e687f",
      ]
    `);
    const renamed = validateExperiment({ ...wine, name: 'other', description: 'x', reference: undefined, seeds: [5, 0] }, 'x');
    const seed0 = planRuns(renamed).filter((r) => r.seed === 0).map((r) => r.runId);
    expect(seed0).toEqual(ids);
    const spelled = validateExperiment(
      {
        ...wine,
        reference: undefined,
        training: { ...wine.training, optimizer: { name: 'sgd' } }, // 0.01 is SGD's default
        initializers: ['zeros', 'random_normal:stddev=0.05', 'GlorotNormal', { name: 'he_normal', label: 'He' }],
      },
      'x',
    );
    expect(planRuns(spelled).map((r) => r.runId)).toEqual(ids);
  });

  it('changes the runId when anything that determines the run changes', () => {
    const wine = seedExperiments['seed-wine'];
    const base = planRuns(wine)[0]!.runId;
    const variants = [
      { ...wine, training: { ...wine.training, epochs: 49 } },
      { ...wine, training: { ...wine.training, batchSize: 32 } },
      { ...wine, training: { ...wine.training, optimizer: { name: 'sgd' as const, learningRate: 0.02 } } },
      { ...wine, split: { ...wine.split, randomState: 1 } },
      { ...wine, preprocess: { ...wine.preprocess, features: 'minmax' as const } },
      { ...wine, model: { ...wine.model, initializerScope: 'all' as const } },
      { ...wine, model: { ...wine.model, hidden: [{ units: 11, activation: 'relu' as const }] } },
      { ...wine, data: { ...wine.data, dropDuplicates: true } },
      { ...wine, seeds: [1] },
    ];
    for (const variant of variants) expect(planRuns(validateExperiment(variant, 'x'))[0]!.runId).not.toBe(base);
  });
});

describe('groupEnsembles', () => {
  it('makes one ensemble per grid point holding all its initializers × seeds', () => {
    const ensembles = groupEnsembles(planRuns(SWEEP));
    expect(ensembles).toHaveLength(24);
    expect(ensembles.every((e) => e.runs.length === 12 && e.runs.every((r) => r.gridIndex === e.gridIndex))).toBe(true);
    expect(groupEnsembles(planRuns(seedExperiments['seed-boston']))).toHaveLength(1);
  });
});

describe('shardRuns', () => {
  it('partitions any plan: every run in exactly one shard, in order, sizes within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (n, count) => {
        const runs = Array.from({ length: n }, (_, i) => i);
        const shards = Array.from({ length: count }, (_, i) => shardRuns(runs, i, count));
        expect(shards.flat()).toEqual(runs);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is deterministic on a real plan and keeps grid points together', () => {
    const runs = planRuns(SWEEP);
    const a = shardRuns(runs, 1, 5).map((r) => r.runId);
    expect(shardRuns(planRuns(SWEEP), 1, 5).map((r) => r.runId)).toEqual(a);
    expect(groupEnsembles(shardRuns(runs, 0, 4))).toHaveLength(6);
  });

  it('rejects a bad index or count with a one-line error', () => {
    expect(() => shardRuns([1, 2, 3], 3, 3)).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: shardRuns: index must be an integer in [0, 2] (0-based, for count 3), got 3]`);
    expect(() => shardRuns([1, 2, 3], -1, 3)).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: shardRuns: index must be an integer in [0, 2] (0-based, for count 3), got -1]`);
    expect(() => shardRuns([1, 2, 3], 0, 0)).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: shardRuns: count must be a positive integer, got 0]`);
    expect(() => shardRuns([1, 2, 3], 0.5, 2)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
