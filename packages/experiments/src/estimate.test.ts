import { useBackend } from '@initlab/backends';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateExperiment } from './estimate.js';
import { validateExperiment } from './parse.js';
import { preparedFor } from './prepare.js';
import { runExperiment } from './run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-estimate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await useBackend('cpu');
});

const config = validateExperiment(
  { name: 'estimate', data: { dataset: 'moons' }, model: { hidden: [8] }, training: { epochs: 4, batchSize: 50 }, initializers: ['zeros', 'he_normal'], seeds: 3, grid: { width: [4, 16] } },
  'test',
);

describe('estimateExperiment', () => {
  it('counts the plan and measures one epoch, writing nothing and leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const out = path.join(tmp, 'fresh');
    const e = await estimateExperiment(config, { out });
    expect(e).toMatchObject({ planned: 12, selected: 12, done: 0, pending: 12, ensembles: 2, epochs: 4, runEpochs: 48 });
    expect(e.probe).toMatchObject({ runs: 6, epochs: 3 });
    expect(e.probe!.seconds).toBeGreaterThan(0);
    expect(e.seconds!).toBeGreaterThan(0);
    // The setup is paid once per ensemble, the epochs scale: 100 times the epochs is a much longer estimate.
    const longer = await estimateExperiment({ ...config, training: { ...config.training, epochs: 400 } });
    expect(longer.seconds!).toBeGreaterThan(e.seconds! * 3);
    expect(fs.existsSync(out)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves out the runs an output folder already holds, and measures nothing when all are done', async () => {
    const out = path.join(tmp, 'done');
    const fewerSeeds = { ...config, seeds: config.seeds.slice(0, 2) };
    await runExperiment(fewerSeeds, { out });
    const e = await estimateExperiment(config, { out });
    expect(e).toMatchObject({ planned: 12, done: 8, pending: 4, ensembles: 2 });
    const all = await estimateExperiment(fewerSeeds, { out });
    expect(all).toMatchObject({ pending: 0, ensembles: 0, probe: null, seconds: null });
  });

  it('refuses a folder of another plan before measuring, as the run would; with replace nothing counts as done', async () => {
    const out = path.join(tmp, 'other-plan');
    await runExperiment({ ...config, grid: { width: [4] } }, { out });
    const before = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8');
    await expect(estimateExperiment(config, { out })).rejects.toMatchObject({
      code: 'PLAN_MISMATCH',
      message: expect.stringContaining('holds runs of another plan of experiment "estimate": grid.width[1] unset → 16;'),
    });
    const fresh = await estimateExperiment(config, { out, replace: true });
    expect(fresh).toMatchObject({ planned: 12, done: 0, pending: 12 });
    // Estimating wrote nothing: the folder still holds exactly its runs.
    expect(fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8')).toBe(before);
    expect(fs.readdirSync(out).sort()).toEqual(['experiment.json', 'report-history.csv', 'report.csv', 'report.html', 'report.md', 'results.jsonl'].filter((f) => fs.existsSync(path.join(out, f))).sort());
  });

  it('counts one shard', async () => {
    const e = await estimateExperiment(config, { shard: { index: 1, count: 2 } });
    expect(e.planned).toBe(12);
    expect(e.selected).toBeLessThan(12);
  });
});

describe('prepared data handed on', () => {
  it('runExperiment uses the estimate\'s data when it was prepared for the same config, and prepares afresh otherwise', async () => {
    const small = { ...config, grid: { width: [4] }, seeds: config.seeds.slice(0, 1) };
    const e = await estimateExperiment(small);
    expect(e.prepared.xTrain.rows).toBeGreaterThan(0);
    expect(preparedFor(e.prepared, small)).toBe(true);
    expect(preparedFor(e.prepared, { ...small, split: { ...small.split, testSize: 0.5 } })).toBe(false);
    expect(preparedFor(e.prepared, small, { dataOptions: { offline: false } })).toBe(false);
    const reused = await runExperiment(small, { prepared: e.prepared });
    const fresh = await runExperiment(small);
    expect(reused.results.map((r) => r.metrics)).toEqual(fresh.results.map((r) => r.metrics));
    // Data of another split is not this config's data: it is ignored, and the run is the same as without it.
    const otherSplit = { ...small, split: { ...small.split, testSize: 0.5 } };
    const withWrong = await runExperiment(otherSplit, { prepared: e.prepared });
    expect(withWrong.data).toEqual((await runExperiment(otherSplit)).data);
    expect(withWrong.data).not.toEqual(reused.data);
  });

  it('refuses an option it does not know, naming the closest', async () => {
    await expect(runExperiment(config, { workrs: 2 } as never)).rejects.toThrow(
      'runExperiment: unknown option "workrs" (did you mean "workers"?); allowed: backendName, baseDir,',
    );
    await expect(estimateExperiment(config, { outt: 'x' } as never)).rejects.toThrow('estimateExperiment: unknown option "outt" (did you mean "out"?)');
  });
});
