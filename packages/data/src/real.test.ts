import { toRows } from '@initlab/matrix';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchDataset, getDatasetInfo, loadDataset, type LoadDatasetOptions } from './index.js';

// The repo root is three levels up from this file (packages/data/src); the shared copies sit beside it.
const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const dataDir = process.env.INITLAB_DATA_DIR ?? path.resolve(repoRoot, '../shared/datasets');

const noNetwork = (() => {
  throw new Error('this test must not download');
}) as unknown as typeof fetch;

let cacheDir = '';
let base: LoadDatasetOptions = {};
beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'initlab-real-'));
  base = { dataDir, cacheDir, offline: true, fetch: noNetwork };
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('boston-housing from the data folder', () => {
  it('reads 489 rows of RM, LSTAT, PTRATIO -> MEDV with the file first and last rows', async () => {
    const ds = await loadDataset('boston-housing', base);
    expect(ds.id).toBe('boston-housing');
    expect(ds.task).toBe('regression');
    expect(ds.featureNames).toEqual(['RM', 'LSTAT', 'PTRATIO']);
    expect(ds.targetName).toBe('MEDV');
    expect(ds.classes).toBeUndefined();
    expect(ds.X.rows).toBe(489);
    // float64: the CSV's numbers exactly as written (6.575 is not a float32).
    expect(ds.X.values).toBeInstanceOf(Float64Array);
    expect([ds.X.cols, ds.X.sampleShape]).toEqual([3, undefined]);
    expect(ds.y).toHaveLength(489);
    expect(toRows(ds.X)[0]).toEqual([6.575, 4.98, 15.3]);
    expect(ds.y[0]).toBe(504000);
    expect(toRows(ds.X)[488]).toEqual([6.03, 7.88, 21.0]);
    expect(ds.y[488]).toBe(249900);
    const mean = ds.y.reduce((s, v) => s + v, 0) / ds.y.length;
    expect(mean).toBeCloseTo(454342.9448, 3);
    expect(ds.source).toBe(path.join(dataDir, 'housing.csv'));
    expect(ds.info?.sha256).toBe('2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124');
  });

  it('finds the folder through INITLAB_DATA_DIR and reports it as the data folder', async () => {
    vi.stubEnv('INITLAB_DATA_DIR', dataDir);
    expect(await fetchDataset('boston-housing', { cacheDir, offline: true, fetch: noNetwork })).toEqual({
      path: path.join(dataDir, 'housing.csv'),
      from: 'data-dir',
    });
    const ds = await loadDataset('boston-housing', { cacheDir, offline: true, fetch: noNetwork });
    expect(ds.X.rows).toBe(489);
  });
});

describe('wine-quality-red from the data folder', () => {
  // The registry names the columns it reads; loading them by name proves the file carries them, in this order.
  const features = getDatasetInfo('wine-quality-red').features;

  it('quality-binary (default): 1,599 rows, 855 good / 744 bad, bad = 0 and good = 1', async () => {
    const ds = await loadDataset('wine-quality-red', base);
    expect(ds.task).toBe('binary');
    expect(ds.targetName).toBe('quality-binary');
    expect(ds.featureNames).toEqual(features);
    expect(ds.classes).toEqual(['bad', 'good']);
    expect(ds.X.rows).toBe(1599);
    expect(toRows(ds.X)[0]).toEqual([7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]);
    expect(ds.y[0]).toBe(0); // quality 5
    expect(toRows(ds.X)[1598]).toEqual([6, 0.31, 0.47, 3.6, 0.067, 18, 42, 0.99549, 3.39, 0.66, 11]);
    expect(ds.y[1598]).toBe(1); // quality 6
    expect(ds.y.filter((v) => v === 1)).toHaveLength(855);
    expect(ds.y.filter((v) => v === 0)).toHaveLength(744);
    expect(ds.droppedRows).toBeUndefined();
  });

  it('quality as regression and quality-class as sorted classes', async () => {
    const quality = await loadDataset('wine-quality-red', { ...base, target: 'quality' });
    expect(quality.task).toBe('regression');
    expect(quality.y.slice(0, 4)).toEqual([5, 5, 5, 6]);
    expect(quality.y[1598]).toBe(6);
    const classes = await loadDataset('wine-quality-red', { ...base, target: 'quality-class' });
    expect(classes.task).toBe('multiclass');
    expect(classes.classes).toEqual(['3', '4', '5', '6', '7', '8']);
    expect(classes.y.slice(0, 4)).toEqual([2, 2, 2, 3]);
    const counts = [0, 0, 0, 0, 0, 0];
    for (const c of classes.y) counts[c] = (counts[c] ?? 0) + 1;
    expect(counts).toEqual([10, 53, 681, 638, 199, 18]);
  });

  it('holds 240 exact duplicate rows; dropDuplicates keeps the 1,359 first occurrences', async () => {
    const all = await loadDataset('wine-quality-red', { ...base, target: 'quality' });
    const seen = new Set<string>();
    let repeats = 0;
    toRows(all.X).forEach((row, i) => {
      const key = JSON.stringify([row, all.y[i]]);
      if (seen.has(key)) repeats += 1;
      seen.add(key);
    });
    expect(repeats).toBe(240);
    const unique = await loadDataset('wine-quality-red', { ...base, dropDuplicates: true });
    expect(unique.X.rows).toBe(1359);
    expect(unique.droppedRows).toBe(240);
    expect(toRows(unique.X)[0]).toEqual(toRows(all.X)[0]);
    // Row 5 (index 4) repeats row 1 (index 0) in the file, so it is the first to go.
    expect(toRows(all.X)[4]).toEqual(toRows(all.X)[0]);
    expect(toRows(unique.X)[4]).toEqual(toRows(all.X)[5]);
  });
});
