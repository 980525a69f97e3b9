import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { RunResult } from './schema.js';

/** Temporary folders for the tests of one describe block; each is removed after the test that made it. */
export function tempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

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
