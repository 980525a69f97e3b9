import { describe, expect, it } from 'vitest';
import { parseExperiment } from './parse.js';
import { prepareData } from './prepare.js';

const moons = (split: string) =>
  parseExperiment(
    `
name: prep
data: { dataset: moons, nSamples: 50 }
split: ${split}
model: { hidden: [4] }
training: { epochs: 1, batchSize: 10, optimizer: { name: sgd, learningRate: 0.1 } }
initializers: [zeros]
`,
    'prep.yaml',
  );

describe('prepareData: the split', () => {
  it('gathers the rows of the random split from the typed matrix, as float32 matrices', async () => {
    const prepared = await prepareData(moons('{ testSize: 10, randomState: 0 }'));
    expect(prepared.summary).toMatchObject({ rows: 50, nTrain: 40, nTest: 10 });
    expect(prepared.trainIndices).toHaveLength(40);
    expect(prepared.xTrain).toMatchObject({ rows: 40, cols: 2 });
    expect(prepared.xTrain.values).toBeInstanceOf(Float32Array);
    expect(prepared.xTest).toMatchObject({ rows: 10, cols: 2 });
    expect(prepared.xTest.values).toHaveLength(20);
  });

  it('refuses split.predefined on a data set that has no predefined split, in one line', async () => {
    await expect(prepareData(moons('{ predefined: true }'))).rejects.toMatchObject({
      code: 'DATA_MISMATCH',
      message: expect.stringMatching(/^prep: split.predefined is true but moons has no predefined train\/test split \(registry data sets with one: [^)]*\); remove split.predefined to split at random$/),
    });
  });
});

describe('prepareData: split.predefined on mnist', () => {
  it('trains on the published 60,000 training rows and tests on the 10,000 test rows, in file order', async () => {
    const config = parseExperiment(
      `
name: mnist-official
data: { dataset: mnist }
split: { predefined: true }
preprocess: { features: none }
model: { hidden: [4] }
training: { epochs: 1, batchSize: 100, optimizer: { name: sgd, learningRate: 0.1 } }
initializers: [zeros]
`,
      'mnist.yaml',
    );
    const prepared = await prepareData(config, { dataOptions: { offline: true } });
    expect(prepared.summary).toMatchObject({ id: 'mnist', rows: 70_000, nTrain: 60_000, nTest: 10_000 });
    expect(prepared.trainIndices.slice(0, 3)).toEqual([0, 1, 2]);
    expect(prepared.testIndices.slice(0, 3)).toEqual([60_000, 60_001, 60_002]);
    // MNIST's first training labels and first test labels (dataset-facts.json in @initlab/data).
    expect(prepared.yTrain.slice(0, 5)).toEqual([5, 0, 4, 1, 9]);
    expect(prepared.yTest.slice(0, 5)).toEqual([7, 2, 1, 0, 4]);
    expect(prepared.xTrain).toMatchObject({ rows: 60_000, cols: 784, sampleShape: [28, 28, 1] });
    expect(prepared.xTrain.values.subarray(0, 784).reduce((a, b) => a + b, 0)).toBe(27_525);
  });
});
