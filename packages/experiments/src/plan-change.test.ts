import { describe, expect, it } from 'vitest';
import { parseExperiment, validateExperiment } from './parse.js';
import { planChange, planRunIdsOf } from './plan-change.js';
import { planKey, planRuns } from './plan.js';

const BASE = parseExperiment(
  `
name: mix
data: { dataset: spirals }
model: { hidden: [32, 32] }
training: { epochs: 5 }
initializers: [zeros, he_normal]
seeds: 2
diagnostics: init
`,
  'mix.yaml',
);

/** What experiment.json holds: the validated config as JSON. */
const stored = (config: unknown): unknown => JSON.parse(JSON.stringify(config));
const edit = (patch: Record<string, unknown>) => validateExperiment({ ...BASE, ...patch }, 'edit');

describe('planChange', () => {
  it('is null for the same plan, and for one that only adds or drops seeds and initializers', () => {
    expect(planChange(stored(BASE), BASE)).toBeNull();
    expect(planChange(stored(BASE), edit({ seeds: [0, 1, 2, 3] }))).toBeNull();
    expect(planChange(stored(BASE), edit({ initializers: ['zeros', 'he_normal', 'glorot_uniform'] }))).toBeNull();
    expect(planChange(stored(BASE), edit({ initializers: ['zeros'], seeds: [0] }))).toBeNull();
    // Nothing a run's outcome depends on: the description, the reference numbers, the diagnostics level.
    expect(planChange(stored(BASE), edit({ description: 'again', diagnostics: 'epoch' }))).toBeNull();
    // Written differently, the same runs: the optimizer's default learning rate spelled out.
    expect(planChange(stored(BASE), edit({ training: { ...BASE.training, optimizer: { name: 'adam', learningRate: 0.001 } } }))).toBeNull();
  });

  it('names what changed as config paths, old → new, at most three and then how many more', () => {
    expect(planChange(stored(BASE), edit({ training: { ...BASE.training, epochs: 50 } }))).toBe('training.epochs 5 → 50');
    expect(planChange(stored(BASE), edit({ data: { dataset: 'moons' } }))).toBe('data.dataset "spirals" → "moons"');
    expect(planChange(stored(BASE), edit({ split: { ...BASE.split, testSize: 0.3 } }))).toBe('split.testSize 0.2 → 0.3');
    expect(planChange(stored(BASE), edit({ grid: { width: [4, 8] } }))).toBe('grid unset → {"width":[4,8]}');
    expect(
      planChange(
        stored(BASE),
        edit({ model: { ...BASE.model, hidden: [{ units: 16, activation: 'relu' }] }, training: { ...BASE.training, epochs: 50, batchSize: 8 } }),
      ),
    ).toBe('model.hidden[0].units 32 → 16, model.hidden[1] {"units":32,"activation":"relu"} → unset, training.epochs 5 → 50 and 1 more');
  });

  it('calls a stored config that is not a valid experiment a change', () => {
    expect(planChange({ ...(stored(BASE) as object), training: { epochs: -1 } }, BASE)).toMatch(/^its config is not a valid experiment \(experiment\.json: training\.epochs /);
    expect(planChange('nonsense', BASE)).toMatch(/^its config is not a valid experiment/);
  });

  it('agrees with planKey, which ignores exactly the extendable axes', () => {
    expect(planKey(edit({ seeds: [7] }))).toBe(planKey(BASE));
    expect(planKey(edit({ training: { ...BASE.training, shuffle: false } }))).not.toBe(planKey(BASE));
    expect(planChange(stored(BASE), edit({ training: { ...BASE.training, shuffle: false } }))).toBe('training.shuffle true → false');
  });
});

describe('planRunIdsOf', () => {
  it('gives the plan of a stored config, or null when it is not a valid experiment', () => {
    expect(planRunIdsOf(stored(BASE))).toEqual(planRuns(BASE).map((r) => r.runId));
    expect(planRunIdsOf({ name: 'x' })).toBeNull();
  });
});
