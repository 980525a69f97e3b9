import { useBackend } from '@initlab/backends';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateExperiment } from './estimate.js';
import { validateExperiment } from './parse.js';
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
    await runExperiment({ ...config, grid: { width: [4] } }, { out });
    const e = await estimateExperiment(config, { out });
    expect(e).toMatchObject({ planned: 12, done: 6, pending: 6, ensembles: 1 });
    const all = await estimateExperiment({ ...config, grid: { width: [4] } }, { out });
    expect(all).toMatchObject({ pending: 0, ensembles: 0, probe: null, seconds: null });
  });

  it('counts one shard', async () => {
    const e = await estimateExperiment(config, { shard: { index: 1, count: 2 } });
    expect(e.planned).toBe(12);
    expect(e.selected).toBeLessThan(12);
  });
});
