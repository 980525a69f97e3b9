// summarizeExperiment's per-class view (issue 13): the summed test confusion matrix and per-class recall over
// seeds, from the confusionMatrix each classification run records.
import type { ExperimentBaseline, RunResult, StoredExperimentConfig } from '@initlab/results';
import { describe, expect, it } from 'vitest';
import { perClassScores } from './classification.js';
import { summarizeExperiment } from './experiment.js';
import { summarize } from './summarize.js';

const config = {
  name: 'three',
  data: { dataset: 'blobs' },
  split: { testSize: 0.2, randomState: 42, stratify: true },
  preprocess: { features: 'standard', target: 'none' },
  model: { hidden: [{ units: 8, activation: 'relu' }], activation: 'relu', output: {}, initializerScope: 'hidden', outputKernelInitializer: 'glorot_uniform', biasInitializer: 'zeros' },
  training: { epochs: 1, batchSize: 16, optimizer: { name: 'sgd' }, shuffle: true, validation: false },
  initializers: [{ name: 'zeros', label: 'zeros' }, { name: 'he_normal', label: 'he_normal' }],
  seeds: [0, 1, 2],
} as unknown as StoredExperimentConfig;

const baseline: ExperimentBaseline = {
  kind: 'majority-class',
  prediction: 0,
  classFrequencies: [0.4, 0.3, 0.3],
  metrics: { accuracy: 0.4, loss: 1.09, logLoss: 1.09, macroF1: 0.19 },
} as ExperimentBaseline;

function run(label: string, seed: number, confusionMatrix: number[][] | null | undefined, status: RunResult['status'] = 'ok'): RunResult {
  const total = confusionMatrix?.flat().reduce((s, v) => s + v, 0) ?? 0;
  const accuracy = confusionMatrix ? confusionMatrix.reduce((s, row, i) => s + row[i]!, 0) / total : null;
  return {
    runId: `${label}-${seed}`,
    experiment: 'three',
    gridIndex: 0,
    gridPoint: {},
    gridLabel: '',
    initializer: { name: label },
    label,
    seed,
    status,
    divergedAtEpoch: status === 'ok' ? null : 1,
    epochsCompleted: 1,
    metrics: { accuracy, loss: accuracy === null ? null : 1 - accuracy, logLoss: null, macroF1: null },
    ...(confusionMatrix === undefined ? {} : { confusionMatrix }),
    history: [{ epoch: 1, loss: 1, metrics: {}, valLoss: null, valMetrics: null }],
    diagnostics: { init: null, final: null },
    elapsedMs: 1,
    ensembleSize: 6,
    backend: 'cpu',
  };
}

// Every run predicts the majority class 0.
const ZEROS = [
  [4, 0, 0],
  [3, 0, 0],
  [3, 0, 0],
];
const HE = [
  [
    [4, 0, 0],
    [1, 2, 0],
    [0, 1, 2],
  ],
  [
    [3, 1, 0],
    [0, 3, 0],
    [0, 0, 3],
  ],
  [
    [4, 0, 0],
    [0, 2, 1],
    [1, 0, 2],
  ],
];

describe('summarizeExperiment per-class view', () => {
  const results = [0, 1, 2].flatMap((seed) => [run('zeros', seed, ZEROS), run('he_normal', seed, HE[seed]!)]);
  const summary = summarizeExperiment({ config, results, baseline });
  const he = summary.aggregates.find((a) => a.label === 'he_normal')!;
  const zeros = summary.aggregates.find((a) => a.label === 'zeros')!;

  it('sums the confusion matrices of the runs', () => {
    expect(he.perClass!.runs).toBe(3);
    expect(he.perClass!.confusion).toEqual([
      [11, 1, 0],
      [1, 7, 1],
      [1, 1, 7],
    ]);
    expect(zeros.perClass!.confusion).toEqual([
      [12, 0, 0],
      [9, 0, 0],
      [9, 0, 0],
    ]);
  });

  it('summarises per-class recall over seeds with the bounded (bootstrap) interval, and the support per run', () => {
    const recalls = HE.map((m) => perClassScores(m).recall);
    for (const c of [0, 1, 2]) {
      const expected = summarize(recalls.map((r) => r[c]!), { range: [0, 1] });
      expect(he.perClass!.classes[c]!.recall).toEqual(expected);
      expect(he.perClass!.classes[c]!.recall!.ciMethod).toBe('bootstrap');
    }
    expect(he.perClass!.classes[1]!.recall!.mean).toBeCloseTo((2 / 3 + 1 + 2 / 3) / 3, 12);
    expect(he.perClass!.classes.map((c) => c.support)).toEqual([4, 3, 3]);
    // The majority-class predictor: recall 1 for class 0, 0 elsewhere; precision of a never-predicted class 0.
    expect(zeros.perClass!.classes.map((c) => c.recall!.mean)).toEqual([1, 0, 0]);
    expect(zeros.perClass!.classes.map((c) => c.precision.mean)).toEqual([0.4, 0, 0]);
  });

  it('leaves out diverged runs and files without matrices; a class without test samples has no recall', () => {
    const mixed = [
      run('he_normal', 0, HE[0]!),
      run('he_normal', 1, null, 'diverged'),
      run('he_normal', 2, [
        [2, 0, 0],
        [1, 1, 0],
        [0, 0, 0],
      ]),
    ];
    const p = summarizeExperiment({ config, results: mixed, baseline }).aggregates[0]!.perClass!;
    expect(p.runs).toBe(2);
    expect(p.classes[2]!.support).toBe(1.5);
    const noSupport = summarizeExperiment({
      config,
      results: [run('he_normal', 0, [[1, 0], [0, 0]])],
      baseline,
    }).aggregates[0]!.perClass!;
    expect(noSupport.classes[1]!.recall).toBeNull();
    // Old results.jsonl lines carry no confusionMatrix: no per-class view, everything else as before.
    const old = summarizeExperiment({ config, results: [0, 1].map((s) => run('zeros', s, undefined)), baseline });
    expect(old.aggregates[0]!.perClass).toBeNull();
  });

  it('has no per-class view for regression', () => {
    const reg = summarizeExperiment({
      config,
      results: [{ ...run('zeros', 0, undefined), metrics: { mse: 1, rmse: 1, mae: 1, r2: 0, loss: 1 } }],
      baseline: { kind: 'train-mean', prediction: 0, metrics: { mse: 2, rmse: 1.4, mae: 1, r2: 0, loss: 2 } } as ExperimentBaseline,
    });
    expect(reg.aggregates[0]!.perClass).toBeNull();
  });
});
