import type { RunResult } from './schema.js';

/** A small valid results line for tests: one ok run of `zeros`. */
export function run(runId: string, seed = 0): RunResult {
  return {
    runId,
    experiment: 'demo',
    gridIndex: 0,
    gridPoint: {},
    gridLabel: '',
    initializer: { name: 'zeros' },
    label: 'zeros',
    seed,
    status: 'ok',
    divergedAtEpoch: null,
    epochsCompleted: 1,
    metrics: { accuracy: 0.5, loss: 0.69 },
    history: [{ epoch: 1, loss: 0.7, metrics: { accuracy: 0.5 }, valLoss: null, valMetrics: null }],
    diagnostics: { init: null, final: null },
    elapsedMs: 12,
    ensembleSize: 1,
    backend: 'cpu',
  };
}
