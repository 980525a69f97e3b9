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
  it('gathers the rows of the random split from the typed matrix, as plain rows', async () => {
    const prepared = await prepareData(moons('{ testSize: 10, randomState: 0 }'));
    expect(prepared.summary).toMatchObject({ rows: 50, nTrain: 40, nTest: 10 });
    expect(prepared.trainIndices).toHaveLength(40);
    expect(Array.isArray(prepared.xTrain[0])).toBe(true);
    expect(prepared.xTest).toHaveLength(10);
  });

  it('refuses split.predefined on a data set that has no predefined split, in one line', async () => {
    await expect(prepareData(moons('{ predefined: true }'))).rejects.toMatchObject({
      code: 'DATA_MISMATCH',
      message: expect.stringMatching(/^prep: split.predefined is true but moons has no predefined train\/test split \(registry data sets with one: [^)]*\); remove split.predefined to split at random$/),
    });
  });
});
