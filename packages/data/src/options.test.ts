import { toRows } from '@initlab/matrix';
// Unknown option keys are refused by every public function of the package (as scikit-learn's parameter
// validation does), so a misspelt option never silently changes what is loaded.
import { describe, expect, it } from 'vitest';
import { parseCsv, loadCsv } from './csv.js';
import { fetchDataset } from './fetch.js';
import { loadDataset } from './load.js';
import { makeBlobs, makeFriedman1, makeMoons, makeSpirals } from './synthetic.js';

const refusal = (where: string, key: string, near: string) => ({
  code: 'INVALID_OPTION',
  kind: 'usage',
  message: expect.stringMatching(new RegExp(`^${where}: unknown option "${key}" \\(did you mean "${near}"\\?\\); allowed: `)),
});

describe('unknown options', () => {
  it('are refused by the generators, naming the closest key', () => {
    expect(() => makeMoons({ nosie: 0.1 } as never)).toThrow(expect.objectContaining(refusal('makeMoons', 'nosie', 'noise')));
    expect(() => makeSpirals({ turn: 2 } as never)).toThrow(expect.objectContaining(refusal('makeSpirals', 'turn', 'turns')));
    expect(() => makeBlobs({ centerz: 3 } as never)).toThrow(expect.objectContaining(refusal('makeBlobs', 'centerz', 'centers')));
    expect(() => makeFriedman1({ nSample: 3 } as never)).toThrow(expect.objectContaining(refusal('makeFriedman1', 'nSample', 'nSamples')));
  });

  it('are refused by the CSV readers and the registry loaders before any reading', async () => {
    expect(() => parseCsv('a,b\n1,2\n', { target: 'b', delimeter: ',' } as never)).toThrow(expect.objectContaining(refusal('parseCsv', 'delimeter', 'delimiter')));
    await expect(loadCsv('/no/such/file.csv', { target: 'b', feature: ['a'] } as never)).rejects.toMatchObject(refusal('loadCsv', 'feature', 'features'));
    await expect(loadDataset('moons', { seeds: 1 } as never)).rejects.toMatchObject(refusal('loadDataset', 'seeds', 'seed'));
    await expect(fetchDataset('boston-housing', { ofline: true } as never)).rejects.toMatchObject(refusal('fetchDataset', 'ofline', 'offline'));
  });

  it('accept every documented key', async () => {
    expect(makeMoons({ noise: 0.1, nSamples: 10, seed: 1 }).X.rows).toBe(10);
    expect(toRows(parseCsv('a,b\n1,2\n3,4\n', { target: 'b', sourceName: 'x.csv', delimiter: ',', task: 'regression' }).X)).toEqual([[1], [3]]);
    expect((await loadDataset('moons', { seed: 1, nSamples: 10, offline: true })).X.rows).toBe(10);
  });

  it('that a real set would ignore are refused before any reading, saying what to do instead', async () => {
    await expect(loadDataset('mnist', { nSamples: 500, offline: true, dataDir: '/no/such/folder' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message:
        'loadDataset: nSamples applies to the synthetic data sets only; mnist is read from its published files (got nSamples 500); remove nSamples, or keep fewer rows with data.limit (--train-rows, --test-rows)',
    });
    await expect(loadDataset('wine-quality-red', { seed: 3, offline: true })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'loadDataset: seed applies to the synthetic data sets only; wine-quality-red is read from its published files (got seed 3); remove seed',
    });
    await expect(loadDataset('digits', { dropDuplicates: true, offline: true })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: "loadDataset: dropDuplicates is not supported for digits (read from scikit-learn's CSV); remove dropDuplicates",
    });
  });
});
