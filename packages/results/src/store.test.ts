import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult, StoredExperimentConfig } from './schema.js';
import { run, tempDirs } from './test-run.js';
import { parseResultsJsonl, readResults, ResultStore } from './store.js';

const lines = (...runs: RunResult[]): string => runs.map((r) => `${JSON.stringify(r)}\n`).join('');

// What @initlab/experiments' parseExperiment makes of
// 'name: demo\ndata: { dataset: spirals }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n'.
const CONFIG: StoredExperimentConfig & { diagnostics: string } = {
  name: 'demo',
  data: { dataset: 'spirals' },
  split: { testSize: 0.2, randomState: 42, stratify: false },
  preprocess: { features: 'standard', target: 'none' },
  model: {
    hidden: [{ units: 4, activation: 'relu' }],
    activation: 'relu',
    output: {},
    initializerScope: 'hidden',
    outputKernelInitializer: 'glorot_uniform',
    biasInitializer: 'zeros',
  },
  training: { epochs: 1, batchSize: 32, optimizer: { name: 'adam' }, shuffle: true, validation: false },
  initializers: [{ name: 'zeros', label: 'zeros' }],
  seeds: [0],
  diagnostics: 'init',
};

describe('parseResultsJsonl', () => {
  it('reads one run per whole line', () => {
    const parsed = parseResultsJsonl(lines(run('a'), run('b'), run('c')), 'r.jsonl');
    expect(parsed.results.map((r) => r.runId)).toEqual(['a', 'b', 'c']);
    expect(parsed).toMatchObject({ partialTail: false, warnings: [] });
  });

  it('ignores a last line cut short by a kill, at every possible cut', () => {
    const whole = lines(run('a'), run('b'));
    const third = JSON.stringify(run('c'));
    for (let cut = 1; cut <= third.length; cut++) {
      const parsed = parseResultsJsonl(whole + third.slice(0, cut), 'r.jsonl');
      expect(parsed.results.map((r) => r.runId)).toEqual(['a', 'b']);
      expect(parsed.partialTail).toBe(true);
      expect(parsed.completeLength).toBe(whole.length);
    }
  });

  it('skips blank lines, and warns about lines that are not runs or repeat a runId', () => {
    const text = `${lines(run('a'))}\n{"oops": 1}\nnot json\n${lines(run('a', 1), run('b'))}`;
    const parsed = parseResultsJsonl(text, 'r.jsonl');
    expect(parsed.results.map((r) => [r.runId, r.seed])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect(parsed.warnings).toMatchInlineSnapshot(`
      [
        "r.jsonl line 3 is not a run result (needs runId, label, seed, gridIndex, status, metrics); skipped",
        "r.jsonl line 4 is not valid JSON; skipped",
        "r.jsonl line 5 repeats run a; the first line is kept",
      ]
    `);
  });
});

describe('ResultStore and readResults', () => {
  const tempDir = tempDirs();

  it('appends whole lines; on resume trims a cut tail so the next line starts clean', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.append(run('b'));
    // a kill in the middle of the third write
    writeFileSync(store.resultsPath, `${readFileSync(store.resultsPath, 'utf8')}${JSON.stringify(run('c')).slice(0, 40)}`);

    const reopened = await ResultStore.open(dir, CONFIG, true);
    expect([...reopened.existing.keys()]).toEqual(['a', 'b']);
    expect(reopened.warnings).toHaveLength(1);
    reopened.append(run('c'));
    const text = readFileSync(store.resultsPath, 'utf8');
    expect(text).toBe(lines(run('a'), run('b'), run('c')));

    const read = await readResults(dir);
    expect(read.results.map((r) => r.runId)).toEqual(['a', 'b', 'c']);
    expect(read.meta).toBeNull(); // no header written in this test
    expect(read.warnings.join('\n')).toContain('experiment.json');
  });

  it('starts afresh without resume, and refuses a folder of another experiment', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.writeMeta({
      format: 'initlab-experiment/1',
      config: CONFIG,
      data: {
        id: 'spirals',
        source: 'synthetic:spirals',
        task: 'binary',
        rows: 600,
        featureNames: ['x0', 'x1'],
        targetName: 'label',
        classes: ['0', '1'],
        nTrain: 480,
        nTest: 120,
        droppedRows: 0,
        targetStats: null,
        trainClassCounts: [240, 240],
      },
      baseline: { kind: 'majority-class', prediction: 0, classFrequencies: [0.5, 0.5], metrics: { accuracy: 0.5, loss: 0.69, logLoss: 0.69, macroF1: 0.33 } },
      plannedRuns: 1,
      shard: null,
      backend: 'cpu',
      updatedAt: new Date(0).toISOString(),
    });
    expect((await readResults(dir)).meta?.config).toEqual(CONFIG);
    const fresh = await ResultStore.open(dir, CONFIG, false);
    expect(fresh.existing.size).toBe(0);
    expect(readFileSync(fresh.resultsPath, 'utf8')).toBe('');
    await expect(ResultStore.open(dir, { ...CONFIG, name: 'other' }, true)).rejects.toThrow(
      /holds results of experiment "demo", not "other"; choose another output folder/,
    );
  });

  it('reports an output folder that cannot be created or read', async () => {
    const dir = tempDir('initlab-store-');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    await expect(ResultStore.open(join(file, 'out'), CONFIG, true)).rejects.toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED', message: expect.stringMatching(/cannot create the output folder/) }),
    );
    await expect(readResults(join(dir, 'missing'))).rejects.toThrow(expect.objectContaining({ code: 'READ_FAILED' }));
  });
});
