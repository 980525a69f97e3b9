import { toRows } from '@initlab/matrix';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATASET_ID,
  friedman1Target,
  getDatasetInfo,
  loadDataset,
  makeBlobs,
  makeFriedman1,
  makeMoons,
  makeSpirals,
  type Dataset,
} from './index.js';

const noNetwork = (() => {
  throw new Error('synthetic sets must not fetch');
}) as unknown as typeof fetch;

function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes?.length ?? 0).fill(0);
  for (const c of ds.y) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/** Noise added by a generator: noisy minus noise-free rows of the same seed (the stream draws the same numbers). */
function noiseOf(noisy: Dataset, clean: Dataset): number[] {
  return toRows(noisy.X).flatMap((row, i) => row.map((v, j) => v - (toRows(clean.X)[i]?.[j] ?? Number.NaN)));
}

/** |sample variance / σ² − 1| bound: 5 standard errors of s²/σ² for normal data, sqrt(2/(n−1)). */
function varianceTolerance(n: number): number {
  return 5 * Math.sqrt(2 / (n - 1));
}

describe('synthetic sets', () => {
  it('the CLI default is a synthetic registry entry that loads without files or network', async () => {
    expect(DEFAULT_DATASET_ID).toBe('spirals');
    expect(getDatasetInfo(DEFAULT_DATASET_ID).synthetic).toBe(true);
    const ds = await loadDataset(DEFAULT_DATASET_ID, { fetch: noNetwork, dataDir: '/nonexistent', offline: true });
    expect(ds.X.rows).toBe(600);
    expect(ds.info?.id).toBe('spirals');
    expect(ds.source).toBe('synthetic:spirals?seed=42&nSamples=600');
  });

  it('same seed gives the same rows, another seed other rows, for every set', async () => {
    for (const id of ['moons', 'spirals', 'blobs', 'friedman1']) {
      const a = await loadDataset(id);
      const b = await loadDataset(id, { seed: 42 });
      const c = await loadDataset(id, { seed: 43 });
      expect(toRows(a.X)).toEqual(toRows(b.X));
      expect(a.y).toEqual(b.y);
      expect(toRows(c.X)).not.toEqual(toRows(a.X));
      expect(a.X.rows).toBe(getDatasetInfo(id).rows);
      expect(a.X.values).toBeInstanceOf(Float64Array);
      expect(a.featureNames).toEqual(getDatasetInfo(id).features);
      expect(a.task).toBe(getDatasetInfo(id).task);
    }
  });

  it('shapes and exact class balance', async () => {
    expect(classCounts(makeMoons())).toEqual([250, 250]);
    expect(classCounts(makeSpirals())).toEqual([300, 300]);
    expect(classCounts(makeSpirals({ nSamples: 7 }))).toEqual([3, 4]);
    expect(classCounts(makeBlobs())).toEqual([200, 200, 200]);
    expect(classCounts(makeBlobs({ nSamples: 602 }))).toEqual([201, 201, 200]);
    const blobs4 = makeBlobs({ nSamples: 40, centers: 4, nFeatures: 5 });
    expect(blobs4.classes).toEqual(['0', '1', '2', '3']);
    expect(toRows(blobs4.X).every((row) => row.length === 5)).toBe(true);
    expect(makeBlobs({ centers: 2 }).task).toBe('binary');
    const friedman = await loadDataset('friedman1', { nSamples: 50 });
    expect(friedman.X.rows).toBe(50);
    expect(toRows(friedman.X).every((row) => row.length === 10)).toBe(true);
    expect(friedman.classes).toBeUndefined();
  });

  it('rows are shuffled (classes are not in blocks)', () => {
    const y = makeSpirals().y;
    const changes = y.slice(1).filter((v, i) => v !== y[i]).length;
    // 600 rows, two balanced classes in random order: about 300 changes, far from the 1 of blocks.
    expect(changes).toBeGreaterThan(200);
  });

  it('moons: noise-free points lie on the two unit half circles; noise is N(0, noise²)', () => {
    const clean = makeMoons({ noise: 0, seed: 5 });
    toRows(clean.X).forEach(([x = 0, y = 0], i) => {
      const [cx, cy] = clean.y[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(1, 12);
      expect(clean.y[i] === 0 ? y >= -1e-12 : y <= 0.5 + 1e-12).toBe(true);
    });
    const noise = noiseOf(makeMoons({ noise: 0.1, seed: 5 }), clean);
    const { mean, variance } = meanAndVariance(noise);
    expect(Math.abs(mean)).toBeLessThan((5 * 0.1) / Math.sqrt(noise.length));
    expect(Math.abs(variance / 0.01 - 1)).toBeLessThan(varianceTolerance(noise.length));
  });

  it('spirals: noise-free points follow r = t, θ = 2π·turns·t + cπ', () => {
    const clean = makeSpirals({ noise: 0, seed: 9 });
    toRows(clean.X).forEach(([x = 0, y = 0], i) => {
      const r = Math.hypot(x, y);
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThan(1);
      const theta = 2 * Math.PI * 1.5 * r + (clean.y[i] ?? 0) * Math.PI;
      expect(x).toBeCloseTo(r * Math.cos(theta), 10);
      expect(y).toBeCloseTo(r * Math.sin(theta), 10);
    });
    const noise = noiseOf(makeSpirals({ seed: 9 }), clean);
    const { mean, variance } = meanAndVariance(noise);
    expect(Math.abs(mean)).toBeLessThan((5 * 0.05) / Math.sqrt(noise.length));
    expect(Math.abs(variance / 0.0025 - 1)).toBeLessThan(varianceTolerance(noise.length));
  });

  it('blobs: centres in the box, clusters with standard deviation clusterStd', () => {
    const ds = makeBlobs({ nSamples: 1500, clusterStd: 2, seed: 11 });
    for (let k = 0; k < 3; k++) {
      const rows = toRows(ds.X).filter((_, i) => ds.y[i] === k);
      for (let j = 0; j < 2; j++) {
        const column = rows.map((row) => row[j] ?? Number.NaN);
        const { mean, variance } = meanAndVariance(column);
        // The cluster mean estimates a centre in [-10, 10] with standard error 2/sqrt(500).
        expect(Math.abs(mean)).toBeLessThan(10 + (5 * 2) / Math.sqrt(rows.length));
        expect(Math.abs(variance / 4 - 1)).toBeLessThan(varianceTolerance(rows.length));
      }
    }
  });

  it('friedman1: the formula exactly without noise, N(0, 1) residuals with it', () => {
    expect(friedman1Target([0, 0, 0.5, 0, 0])).toBe(0);
    expect(friedman1Target([1, 0.5, 0.5, 1, 1, 0.3, 0.9])).toBeCloseTo(25, 12);
    expect(friedman1Target([0.5, 0.5, 0, 0.2, 0.4])).toBeCloseTo(10 * Math.sin(Math.PI / 4) + 5 + 2 + 2, 12);
    const clean = makeFriedman1({ noise: 0, seed: 3 });
    toRows(clean.X).forEach((row, i) => {
      expect(row.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(clean.y[i]).toBe(friedman1Target(row));
    });
    const noisy = makeFriedman1({ seed: 3 });
    expect(toRows(noisy.X)).toEqual(toRows(clean.X));
    const residuals = noisy.y.map((v, i) => v - (clean.y[i] ?? Number.NaN));
    const { mean, variance } = meanAndVariance(residuals);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(residuals.length));
    expect(Math.abs(variance - 1)).toBeLessThan(varianceTolerance(residuals.length));
  });

  it('rejects bad sizes, noise and seeds by name', () => {
    expect(() => makeSpirals({ nSamples: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: makeSpirals: nSamples must be an integer in [2, 10000000], got 1]`,
    );
    expect(() => makeMoons({ noise: -0.1 })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: makeMoons: noise must be a finite number >= 0, got -0.1]`,
    );
    expect(() => makeBlobs({ nSamples: 2, centers: 3 })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: makeBlobs: nSamples must be an integer in [3, 10000000], got 2]`,
    );
    expect(() => makeFriedman1({ nFeatures: 4 })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: makeFriedman1: nFeatures must be an integer in [5, 10000], got 4]`,
    );
    expect(() => makeSpirals({ seed: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: makeSpirals: seed must be a safe integer, got 1.5]`,
    );
  });
});
