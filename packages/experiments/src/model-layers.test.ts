import { useBackend } from '@initlab/backends';
import { residualStack } from '@initlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareExperiment, compareFlagOf } from './compare.js';
import { parseInitializerEntry } from './initializer-text.js';
import { parseExperiment, validateExperiment } from './parse.js';
import { planKey, planRuns } from './plan.js';
import { runExperiment } from './run.js';
import { seedExperiments } from './seeds.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const base = {
  name: 'res',
  data: { dataset: 'moons', nSamples: 120 },
  training: { epochs: 2, batchSize: 16 },
  seeds: 1,
};

const problems = (value: unknown): string[] => {
  try {
    validateExperiment(value, 'res.yaml');
  } catch (err) {
    return (err as { problems?: string[] }).problems ?? [(err as Error).message];
  }
  return [];
};

describe('typed layers and model.residual in experiment files', () => {
  it('keeps the run ids of plain dense experiments (planned before typed layers existed)', () => {
    expect(planRuns(seedExperiments['seed-wine']).map((r) => r.runId)).toEqual(['af817903652e', '9c98e22dcbb0', 'a9dba550cd4f', 'a16b732e687f']);
    expect(planRuns(seedExperiments['seed-boston']).map((r) => r.runId)).toEqual(['20c6c32de7b7', '7035da649a96', 'dbafd3b35d0c', 'e20ca5492ee8']);
    const compare = compareExperiment({
      initializers: ['zeros', 'he_normal', 'lsuv'],
      seeds: 2,
      hidden: [32, 32],
      activation: 'relu',
      epochs: 10,
      batchSize: 32,
      optimizer: 'adam',
      testSize: 0.2,
      randomState: 42,
      scaleTarget: false,
      scope: 'hidden',
    });
    expect(compare.model).not.toHaveProperty('residual');
    expect(planRuns(validateExperiment(compare, 'x')).map((r) => r.runId)).toEqual([
      'b51e1196f34a',
      '70ddda4e159d',
      '8d90008b8978',
      '306c0e053892',
      '726be4eb397d',
      '7fb67cf3a08b',
    ]);
  });

  it('expands model.residual with residualStack (model.activation), and the normalized config parses to itself', () => {
    const config = validateExperiment(
      { ...base, model: { residual: { blocks: 2, width: 8, norm: 'batch' }, activation: 'tanh' }, initializers: ['he_normal', 'zero_last_norm_gamma'] },
      'res.yaml',
    );
    const stack = residualStack({ blocks: 2, width: 8, norm: 'batch', activation: 'tanh' });
    expect(config.model.hidden).toEqual(stack);
    expect(config.model).not.toHaveProperty('residual');
    expect(validateExperiment(JSON.parse(JSON.stringify(config)), 'again')).toEqual(config);
    expect(config.initializers.map((e) => [e.name, e.label])).toEqual([
      ['he_normal', 'he_normal'],
      ['zero_last_norm_gamma', 'zero_last_norm_gamma'],
    ]);
    const runs = planRuns(config);
    expect(runs[1]!.initializer).toEqual({ name: 'zero_last_norm_gamma' });
    // The architecture is part of every run id, and of the plan key.
    const deeper = validateExperiment({ ...base, model: { residual: { blocks: 3, width: 8, norm: 'batch' }, activation: 'tanh' }, initializers: ['he_normal'] }, 'x');
    expect(planRuns(deeper)[0]!.runId).not.toBe(runs[0]!.runId);
    expect(planKey(deeper)).not.toBe(planKey(config));
  });

  it('takes typed layers in model.hidden as @initlab/models validates them, with the problem at its path', () => {
    const hidden = [16, { type: 'residual', layers: [{ type: 'layernorm' }, { units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.1 }] }];
    const config = validateExperiment({ ...base, model: { hidden }, initializers: ['he_normal'] }, 'res.yaml');
    expect(config.model.hidden).toEqual([{ units: 16, activation: 'relu' }, hidden[1]]);
    expect(problems({ ...base, model: { hidden: [16, { type: 'residual', layers: [{ type: 'dropout', rate: 1.5 }] }] }, initializers: ['he_normal'] })).toEqual([
      'res.yaml: model.hidden[1].layers[0].rate must be a number in [0, 1), got 1.5',
    ]);
    expect(problems({ ...base, model: { hidden: [8, { type: 'batchnorm', momentum: 0.9, gamma: 1 }] }, initializers: ['he_normal'] })[0]).toMatch(
      /^res\.yaml: model\.hidden\[1\] unknown option "gamma" \(did you mean "gammaInitializer"\?\)/,
    );
    expect(problems({ ...base, model: { hidden: [8, { type: 'conv' }] }, initializers: ['he_normal'] })[0]).toMatch(/^res\.yaml: model\.hidden\[1\] must be a number of units, \{ units, activation \} or a typed layer/);
    // a dense entry's own problem is still the one reported
    expect(problems({ ...base, model: { hidden: [8, { units: 2.5 }] }, initializers: ['he_normal'] })).toEqual(['res.yaml: model.hidden[1].units must be a positive number of units, got 2.5']);
  });

  it('refuses what does not fit: both hidden and residual, neither, a grid over typed layers, bad residual options', () => {
    expect(problems({ ...base, model: { hidden: [8], residual: { blocks: 2, width: 8 } }, initializers: ['he_normal'] })).toEqual([
      'res.yaml: model.residual expands into model.hidden, which already has 1 layers: give one of them',
    ]);
    expect(problems({ ...base, model: {}, initializers: ['he_normal'] })[0]).toMatch(/^res\.yaml: model\.hidden is missing; it must be a list of layers.*\(or give model\.residual\)$/);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8 } }, grid: { depth: [2, 4] }, initializers: ['he_normal'] })[0]).toMatch(
      /^res\.yaml: grid\.depth varies a stack of dense layers, and model\.hidden has typed layers/,
    );
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8, convention: 'pytorch' } }, initializers: ['he_normal'] })).toEqual([
      "res.yaml: model.residual convention applies to norm 'batch' or 'layer', and norm is 'none', got \"pytorch\"",
    ]);
    expect(problems({ ...base, model: { residual: { blocks: 0, width: 8 } }, initializers: ['he_normal'] })[0]).toMatch(/model\.residual\.blocks must be a positive number of residual blocks, got 0/);
  });

  it('checks each architecture initialization against the network with the models package, before any training', () => {
    const batch = { residual: { blocks: 2, width: 8, norm: 'batch' } };
    expect(problems({ ...base, model: batch, initializers: ['he_normal', 'fixup'] })).toEqual([
      "res.yaml: initializers[1] 'fixup' is for networks without normalization and this one has some: remove them (--norm none) or use zero_last_norm_gamma",
    ]);
    expect(problems({ ...base, model: { hidden: [8] }, initializers: ['rezero'] })).toEqual([
      "res.yaml: initializers[0] 'rezero' initializes residual blocks and this model has none: add residual layers (compare --blocks N)",
    ]);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8, gate: false } }, initializers: ['skipinit'] })[0]).toMatch(/initializers\[0\] 'skipinit' starts each residual gate at 0 and block 0 has no gate/);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8 } }, initializers: ['zero_last_norm_gamma'] })[0]).toMatch(/block 0's branch has none: add a batchnorm or layernorm/);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8 } }, initializers: [{ name: 'fixup', depth: 3 }] })).toEqual([
      "res.yaml: initializers[0] 'fixup' takes no parameters (it is set by the network's architecture), got depth",
    ]);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8 } }, initializers: ['he_normal', 'lsuv:maxIterations=3'] })).toEqual([
      "res.yaml: initializers[1] 'lsuv' rescales a stack of dense layers one after another, and this network has residual or normalization layers: use a catalogue initializer or an architecture initialization",
    ]);
    expect(() => parseInitializerEntry('rezero:alpha=1')).toThrow(/^rezero takes no parameters \(the network's architecture sets it\), got "alpha=1" in "rezero:alpha=1"$/);
    expect(parseInitializerEntry('fixup')).toEqual({ name: 'fixup' });
    // a near miss of an architecture initialization says so; other unknown names keep the catalogue's message
    expect(() => parseInitializerEntry('rezro')).toThrow(/^unknown initializer "rezro" \(did you mean "rezero"\?\): the architecture initializations of residual networks are fixup, skipinit, rezero, zero_last_norm_gamma$/);
    expect(() => parseInitializerEntry('he_normel')).toThrow(/did you mean he_normal/);
    expect(problems({ ...base, model: { residual: { blocks: 2, width: 8 } }, initializers: ['fixupp'] })).toEqual([
      'res.yaml: initializers[0] is not a valid initializer: unknown initializer "fixupp" (did you mean "fixup"?): the architecture initializations of residual networks are fixup, skipinit, rezero, zero_last_norm_gamma',
    ]);
  });

  it('maps compare flags: --blocks, --width, --norm, --block-layers, --no-gate', () => {
    expect(compareFlagOf('model.residual.norm')).toBe('--norm');
    expect(compareFlagOf('model.residual.width')).toBe('--width');
    expect(compareFlagOf('model.residual.layersPerBlock')).toBe('--block-layers');
    expect(compareFlagOf('model.residual.gate')).toBe('--no-gate');
    expect(compareFlagOf('model.residual')).toBe('--blocks');
    expect(compareFlagOf('model.residual.blocks')).toBe('--blocks');
  });

  it('runs a batch-norm residual experiment: predictions use the moving statistics, diagnostics are per block', async () => {
    const config = parseExperiment(
      `
name: res-run
data: { dataset: moons, nSamples: 160 }
model: { residual: { blocks: 2, width: 8, norm: batch } }
training: { epochs: 3, batchSize: 16 }
initializers: [he_normal, zero_last_norm_gamma, skipinit]
seeds: 2
`,
      'res-run.yaml',
    );
    const before = tf.memory().numTensors;
    const { results, notes } = await runExperiment(config);
    expect(notes).toEqual([
      'diagnostics: per block and normalization layer for this network (at initialisation), not per layer: its hidden layers include residual or normalization layers',
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => [r.label, r.status])).toEqual([
      ['he_normal', 'ok'],
      ['he_normal', 'ok'],
      ['zero_last_norm_gamma', 'ok'],
      ['zero_last_norm_gamma', 'ok'],
      ['skipinit', 'ok'],
      ['skipinit', 'ok'],
    ]);
    for (const r of results) {
      expect(r.metrics.accuracy).toBeGreaterThan(0.5);
      expect(r.diagnostics).toMatchObject({ init: null, final: null });
      expect(r.diagnostics.network!.init!.blocks).toHaveLength(2);
    }
    // skipinit and zero-γ both start every block as the identity, from different weights: different runs
    expect(results[2]!.metrics).not.toEqual(results[4]!.metrics);
  });
});
