/**
 * The playground and `initlab diagnose` must show the same numbers for the same network and seed: the
 * playground traces with @initlab/models, and this checks it against diagnoseAtInit called as the CLI calls it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { useBackend } from '@initlab/backends';
import { fetchDataset, getDatasetInfo } from '@initlab/data';
import { parseInitializerSpec } from '@initlab/initializers';
import { diagnoseAtInit, type ModelSpec } from '@initlab/models';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SIZE, inputBatch, measureActivations, trainingSet, trainingSpec, type NetworkChoice } from '../docs/.vitepress/theme/playground/engine.js';

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

describe('playground training sets', () => {
  const dataDir = process.env.INITLAB_DATA_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'datasets');
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('digits: fetched from the site folder, read by the loader, split with each class kept, pixels scaled to [0, 1], scored against the majority class', async () => {
    const found = await fetchDataset('digits', { dataDir, offline: true });
    const raw = readFileSync(found.path);
    const content = found.path.endsWith('.gz') ? gunzipSync(raw) : raw;
    const asked: string[] = [];
    // A failed fetch is reported and not kept: the next call fetches again.
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return asked.length === 1 ? new Response('missing', { status: 404 }) : new Response(content);
    });
    await expect(trainingSet('digits', '/base/data')).rejects.toThrow('could not load the digits data from /base/data/digits.csv: HTTP 404');
    const set = await trainingSet('digits', '/base/data/');
    expect(asked).toEqual(['/base/data/digits.csv', '/base/data/digits.csv']);
    expect(await trainingSet('digits', '/base/data/')).toBe(set);

    const rows = getDatasetInfo('digits').rows;
    expect(set.xTrain.length + set.xTest.length).toBe(rows);
    expect(set.xTest.length).toBe(Math.ceil(TEST_SIZE * rows));
    expect([set.inputDim, set.classes.length, set.imageShape]).toEqual([64, 10, [8, 8]]);
    const all = [...set.yTrain, ...set.yTest];
    for (let k = 0; k < 10; k++) {
      const share = all.filter((v) => v === k).length / all.length;
      expect(Math.abs(set.yTest.filter((v) => v === k).length - share * set.xTest.length), `class ${k}`).toBeLessThanOrEqual(1);
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of [...set.xTrain, ...set.xTest]) for (const v of r) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect([lo, hi]).toEqual([0, 1]);
    const trainCounts = set.classes.map((_, k) => set.yTrain.filter((v) => v === k).length);
    const predicted = trainCounts.indexOf(Math.max(...trainCounts));
    expect(set.baseline.predicted).toBe(set.classes[predicted]);
    expect(set.baseline.accuracy).toBe(set.yTest.filter((v) => v === predicted).length / set.yTest.length);
    expect(set.baseline.accuracy).toBeGreaterThan(0.05);
    expect(set.baseline.accuracy).toBeLessThan(0.2);
    const spec = trainingSpec({ initializer: 'he_normal', activation: 'relu', depth: 12, width: 256, seed: 1 }, set);
    expect(spec.output).toEqual({ units: 10, activation: 'softmax' });
    expect(spec.loss).toBe('sparse_categorical_crossentropy');
    expect(spec.hidden).toHaveLength(8);
  });

  it('spirals: generated in the page, a sigmoid output, the baseline of its two classes', async () => {
    const set = await trainingSet('spirals', '/unused/');
    expect(set.xTrain.length + set.xTest.length).toBe(getDatasetInfo('spirals').rows);
    expect(set.classes).toHaveLength(2);
    expect(trainingSpec({ initializer: 'zeros', activation: 'tanh', depth: 2, width: 16, seed: 1 }, set).output).toEqual({ units: 1, activation: 'sigmoid' });
    expect(set.baseline.accuracy).toBeGreaterThan(0.3);
    expect(set.baseline.accuracy).toBeLessThan(0.7);
  });
});
