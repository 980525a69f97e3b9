import { useBackend } from '@initlab/backends';
import { diagnoseAtInit } from '@initlab/models';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareExperiment,
  deepNetworkSpec,
  diagnoseDeepNetwork,
  diagnosticBatch,
  ExperimentError,
  normalBatch,
  parseInitializerEntry,
  validateExperiment,
  type CompareOptions,
} from './index.js';

const COMPARE: CompareOptions = {
  initializers: ['zeros', 'random_normal:stddev=0.01', 'lsuv', 'lsuv:tolerance=0.05,maxIterations=20'],
  seeds: 3,
  hidden: [32, 32],
  activation: 'relu',
  epochs: 100,
  batchSize: 32,
  optimizer: 'adam',
  testSize: 0.2,
  randomState: 42,
  scaleTarget: false,
  scope: 'hidden',
};

describe('parseInitializerEntry', () => {
  it('parses catalogue specs and lsuv with its parameters as numbers', () => {
    expect(parseInitializerEntry('HeNormal')).toEqual({ name: 'he_normal' });
    expect(parseInitializerEntry('lsuv')).toEqual({ name: 'lsuv' });
    expect(parseInitializerEntry('lsuv: tolerance=0.05 , batchSize=64')).toEqual({ name: 'lsuv', tolerance: 0.05, batchSize: 64 });
  });

  it("refuses lsuv parameters that break models' rule or do not exist", () => {
    expect(() => parseInitializerEntry('lsuv:maxIterations=-1')).toThrow('lsuv: maxIterations must be an integer >= 0, got -1');
    expect(() => parseInitializerEntry('lsuv:tolerance=small')).toThrow('lsuv: tolerance must be a finite number > 0, got "small"');
    expect(() => parseInitializerEntry('lsuv:tol=1')).toThrow('lsuv has no parameter "tol" (did you mean "tolerance"?); parameters: tolerance, maxIterations, batchSize');
    expect(() => parseInitializerEntry('lsuv:tolerance')).toThrow(/each parameter must be written param=value/);
  });
});

describe('compareExperiment', () => {
  it('builds the experiment compare runs; lsuv entries normalise as in an experiment file', () => {
    const config = validateExperiment(compareExperiment(COMPARE), 'command line');
    expect(config.data).toEqual({ dataset: 'spirals' });
    expect(config.model.hidden).toEqual([
      { units: 32, activation: 'relu' },
      { units: 32, activation: 'relu' },
    ]);
    expect(config.training.optimizer).toEqual({ name: 'adam' });
    expect(config.preprocess).toEqual({ features: 'standard', target: 'none' });
    expect(config.initializers.slice(2)).toEqual([
      { name: 'lsuv', label: 'lsuv' },
      { name: 'lsuv', tolerance: 0.05, maxIterations: 20, label: 'lsuv:tolerance=0.05,maxIterations=20' },
    ]);
    expect(config.seeds).toEqual([0, 1, 2]);
  });

  it('reads a CSV with its target, a learning rate and a scaled target', () => {
    const input = compareExperiment({ ...COMPARE, csv: 'm.csv', target: 'y', learningRate: 0.01, scaleTarget: true });
    expect(input.data).toEqual({ csv: 'm.csv', target: 'y' });
    expect(input.training?.optimizer).toEqual({ name: 'adam', learningRate: 0.01 });
    // No --scale-features: the input leaves features out, and validation picks the data set's default.
    expect(input.preprocess).toEqual({ target: 'standard' });
    expect(validateExperiment(input, 'command line').preprocess).toEqual({ features: 'standard', target: 'standard' });
    expect(validateExperiment(compareExperiment({ ...COMPARE, dataset: 'fashion-mnist' }), 'command line').preprocess.features).toBe('pixels');
    expect(compareExperiment({ ...COMPARE, featureScaling: 'global' }).preprocess).toEqual({ features: 'global', target: 'none' });
  });

  it('passes the CSV reading options through to data, as an experiment file would write them', () => {
    const csvOptions: CompareOptions['csvOptions'] = { drop: ['id'], task: 'classification', missing: 'drop-rows', naValues: ['', 'NA'], delimiter: ';', encode: 'onehot' };
    const input = compareExperiment({ ...COMPARE, csv: 'm.csv', target: 'y', csvOptions });
    expect(input.data).toEqual({ csv: 'm.csv', target: 'y', ...csvOptions });
    expect(validateExperiment(input, 'command line').data).toEqual({ csv: 'm.csv', target: 'y', ...csvOptions });
  });
});

describe('deep networks at initialisation', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('builds depth × width hidden layers with a regression or a softmax output', () => {
    const regression = deepNetworkSpec({ inputDim: 3, depth: 2, width: 8, activation: 'tanh' });
    expect(regression).toEqual({
      inputDim: 3,
      hidden: [
        { units: 8, activation: 'tanh' },
        { units: 8, activation: 'tanh' },
      ],
      output: { units: 1, activation: 'linear' },
      loss: 'mse',
    });
    const classes = deepNetworkSpec({ inputDim: 3, depth: 1, width: 4, activation: 'relu', classes: 3 });
    expect(classes.output).toEqual({ units: 3, activation: 'softmax' });
    expect(classes.loss).toBe('sparse_categorical_crossentropy');
  });

  it('standardises the first rows of a data set into the batch', async () => {
    const { x, y, classes, data } = await diagnosticBatch('spirals', { rows: 50 });
    expect(x).toHaveLength(50);
    expect(y).toEqual(data.y.slice(0, 50));
    expect(classes).toBe(2);
    const column = x.map((r) => r[0]!);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    expect(Math.abs(mean)).toBeLessThan(1e-9);
  });

  it('diagnoses each initializer on the same network and batch, lsuv included', async () => {
    const { batch, members } = await diagnoseDeepNetwork({
      dataset: 'spirals',
      batch: 64,
      depth: 6,
      width: 32,
      activation: 'tanh',
      initializers: ['random_normal:stddev=0.01', 'lsuv'],
      seed: 0,
    });
    expect(batch).toBe(64);
    expect(members.map((m) => m.id)).toEqual(['random_normal:stddev=0.01', 'lsuv']);
    const [tiny, lsuv] = members.map((m) => m.layers.map((l) => l.activationStd!));
    expect(tiny![5]!).toBeLessThan(tiny![0]! * 1e-3);
    expect(lsuv![5]!).toBeGreaterThan(0.3);
  });

  it('diagnoses on standard-normal inputs (normalInputs): the same numbers as diagnoseAtInit on normalBatch with every layer initialised', async () => {
    const opts = { batch: 64, depth: 5, width: 24, activation: 'relu' as const, initializers: ['he_normal', 'glorot_normal'], seed: 3 };
    const { data, batch, members } = await diagnoseDeepNetwork({ ...opts, normalInputs: 24 });
    expect(data).toBeNull();
    expect(batch).toBe(64);
    const { x, y } = normalBatch({ rows: 64, features: 24, seed: 3 });
    expect(x).toHaveLength(64);
    expect(x[0]).toHaveLength(24);
    // unit-variance inputs, as drawn (not standardised over the batch)
    const all = x.flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    const spec = deepNetworkSpec({ inputDim: 24, depth: 5, width: 24, activation: 'relu' });
    const direct = diagnoseAtInit(
      spec,
      opts.initializers.map((k) => ({ id: k, seed: 3, kernelInitializer: parseInitializerEntry(k), initializerScope: 'all' as const })),
      { x, y },
    );
    expect(members.map((m) => m.layers.map((l) => [l.activationStd, l.gradientNorm]))).toEqual(direct.map((m) => m.layers.map((l) => [l.activationStd, l.gradientNorm])));
    expect(members[0]!.layers).toHaveLength(6); // 5 hidden layers and the linear output unit
    // He keeps a ReLU stack's spread, Glorot halves its second moment per layer
    expect(members[0]!.layers[4]!.activationStd!).toBeGreaterThan(4 * members[1]!.layers[4]!.activationStd!);
  });

  it('refuses neither or both of dataset and normalInputs, and a normalInputs that is not a positive integer', async () => {
    const base = { batch: 8, depth: 2, width: 4, activation: 'tanh' as const, initializers: ['he_normal'], seed: 0 };
    await expect(diagnoseDeepNetwork(base)).rejects.toThrow(/^diagnoseDeepNetwork: give either dataset or normalInputs, got neither$/);
    await expect(diagnoseDeepNetwork({ ...base, dataset: 'spirals', normalInputs: 4 })).rejects.toThrow(/got both$/);
    const err = await diagnoseDeepNetwork({ ...base, normalInputs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExperimentError);
    expect((err as ExperimentError).code).toBe('INVALID_OPTION');
    expect((err as Error).message).toBe('diagnoseDeepNetwork: normalInputs must be a positive integer (features per row), got 0');
  });
});
