import { describe, expect, it } from 'vitest';
import { compareExperiment } from './compare.js';
import { validateExperiment } from './parse.js';
import { prepareData } from './prepare.js';
import { seedExperiments } from './seeds.js';
import { TEST_DATA_DIR } from './test-data.js';

describe('unknown options', () => {
  it('are refused by compareExperiment, validateExperiment and prepareData', async () => {
    expect(() => compareExperiment({ initializers: ['zeros'], seeds: 1, epoch: 3 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/^compareExperiment: unknown option "epoch" \(did you mean "epochs"\?\); allowed: /) }),
    );
    expect(() => validateExperiment(seedExperiments['seed-wine'], 'x', { flagof: () => undefined } as never)).toThrow(
      'validateExperiment: unknown option "flagof" (did you mean "flagOf"?); allowed: flagOf',
    );
    await expect(prepareData(seedExperiments['seed-wine'], { basedir: '.' } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'prepareData: unknown option "basedir" (did you mean "baseDir"?); allowed: baseDir, csvOptionStyle, dataOptions, signal',
    });
  });
});

describe('image feature scalings', () => {
  it('pixels refuses data that are not 8-bit pixels, naming the file key to change and giving the facts', async () => {
    const config = validateExperiment({ ...seedExperiments['seed-wine'], data: { dataset: 'moons' }, preprocess: { features: 'pixels', target: 'none' } }, 'test');
    const err = await prepareData(config).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'FEATURE_SCALING_MISMATCH',
      message: expect.stringMatching(/^seed-wine: preprocess.features "pixels" divides by 255 and needs pixel values in \[0, 255\], but moons has -?\d[^;]* in row \d+, feature x[01]; use preprocess.features: standard \(or global\)$/),
      detail: { dataset: 'moons', pixelMax: 255, value: expect.any(Number), row: expect.any(Number), feature: expect.stringMatching(/^x[01]$/) },
    });
    // The row is the data set's own row: its value there is the one refused.
    const { loadDataset } = await import('@initlab/data');
    const moons = await loadDataset('moons');
    const { row, feature, value } = (err as { detail: { row: number; feature: string; value: number } }).detail;
    expect(moons.X.values[row * moons.X.cols + moons.featureNames.indexOf(feature)]).toBe(value);
    const global = await prepareData(validateExperiment({ ...config, preprocess: { features: 'global', target: 'none' } }, 'test'));
    // The scaler works in float64; the float32 values training reads keep the mean at 0 to float32 precision.
    const all = global.xTrain.values;
    expect(all.reduce((a, b) => a + b, 0) / all.length).toBeCloseTo(0, 6);
  });
});

// The real wine file, from the data folder (never the internet).
const DATA = { dataOptions: { dataDir: TEST_DATA_DIR, offline: true } };

describe('the default feature scaling follows the data set', () => {
  const { preprocess: _preprocess, ...wine } = seedExperiments['seed-wine'];
  it('is pixels, divided by the set\'s pixel depth, for an image set and standard for a table', async () => {
    const digits = validateExperiment({ ...wine, data: { dataset: 'digits' }, model: { ...wine.model, output: { units: 10, activation: 'softmax' } } }, 'test');
    expect(digits.preprocess).toEqual({ features: 'pixels', target: 'none' });
    const prepared = await prepareData(digits, DATA);
    expect(prepared.summary.pixelMax).toBe(16);
    const max = prepared.xTrain.values.reduce((a, b) => Math.max(a, b), 0);
    expect(max).toBe(1);
    expect(prepared.xTrain.sampleShape).toEqual([8, 8, 1]);
    expect(validateExperiment(wine, 'test').preprocess.features).toBe('standard');
    expect(validateExperiment({ ...wine, data: { dataset: 'mnist' } }, 'test').preprocess.features).toBe('pixels');
    expect(validateExperiment({ ...wine, data: { dataset: 'mnist' }, preprocess: { features: 'standard' } }, 'test').preprocess.features).toBe('standard');
    const table = await prepareData(validateExperiment(wine, 'test'), DATA);
    expect(table.summary.pixelMax).toBeNull();
  });
});

describe('data.limit', () => {
  const base = { ...seedExperiments['seed-wine'], split: { testSize: 0.2, randomState: 42, stratify: false } };
  it('keeps a deterministic, stratified subsample of each part of the split, and says so in the summary', async () => {
    const config = validateExperiment({ ...base, data: { ...base.data, limit: { train: 300, test: 100 } } }, 'test');
    const a = await prepareData(config, DATA);
    const b = await prepareData(config, DATA);
    expect(a.trainIndices).toHaveLength(300);
    expect(a.testIndices).toHaveLength(100);
    expect(a.trainIndices).toEqual(b.trainIndices);
    const full = await prepareData(validateExperiment(base, 'test'), DATA);
    // The subsample is drawn from the split's parts: no test row leaks into training.
    expect(a.trainIndices.every((i) => full.trainIndices.includes(i))).toBe(true);
    expect(a.testIndices.every((i) => full.testIndices.includes(i))).toBe(true);
    expect(a.summary.subsample).toEqual({ train: { kept: 300, of: full.trainIndices.length }, test: { kept: 100, of: full.testIndices.length }, stratified: true });
    // Stratified: each class keeps its share of the training part (within one row).
    const share = (ys: number[]): number => ys.filter((y) => y === 1).length / ys.length;
    expect(Math.abs(share(a.yTrain) - share(full.yTrain))).toBeLessThanOrEqual(1 / 300);
    expect(full.summary.subsample).toBeNull();
  });

  it('keeps every row when the limit is not smaller, and refuses a limit the classes cannot share', async () => {
    const all = await prepareData(validateExperiment({ ...base, data: { ...base.data, limit: { train: 100000 } } }, 'test'), DATA);
    expect(all.summary.subsample?.train).toEqual({ kept: all.trainIndices.length, of: all.trainIndices.length });
    await expect(prepareData(validateExperiment({ ...base, data: { ...base.data, limit: { train: 1 } } }, 'test'), DATA)).rejects.toMatchObject({
      code: 'DATA_MISMATCH',
      message: expect.stringMatching(/^seed-wine: data\.limit\.train 1 cannot subsample the \d+ train rows: /),
    });
    expect(() => validateExperiment({ ...base, data: { ...base.data, limit: { train: 0 } } }, 'test')).toThrow('data.limit.train must be a positive number of rows, got 0');
  });
});
