import { describe, expect, it } from 'vitest';
import { DataError, getDatasetInfo, listDatasets, loadDataset } from './index.js';

describe('registry', () => {
  it('lists the real and synthetic sets with complete entries', () => {
    const all = listDatasets();
    expect(all.map((d) => d.id)).toEqual([
      'boston-housing', 'wine-quality-red', 'mnist', 'fashion-mnist', 'digits', 'iris', 'breast-cancer', 'spirals', 'moons', 'blobs', 'friedman1',
    ]);
    for (const info of all) {
      expect(info.title).not.toBe('');
      expect(info.description).not.toBe('');
      expect(info.licence).not.toBe('');
      expect(info.citation).not.toBe('');
      expect(info.notes.length).toBeGreaterThan(0);
      expect(info.targetVariants[0]?.name).toBe(info.target);
      expect(info.targetVariants[0]?.task).toBe(info.task);
      if (info.synthetic) {
        expect(info.generator?.defaultNSamples).toBe(info.rows);
        expect(info.url).toBeUndefined();
      } else if (info.files !== undefined) {
        // Multi-file and compressed sets: every file has an address, a decompressed checksum and size.
        expect(info.fileName).toBeUndefined();
        for (const f of info.files) {
          expect(f.url).toMatch(/^https:\/\//);
          expect(f.url.endsWith(`/${f.path.split('/').pop() ?? '?'}${f.gzip ? '.gz' : ''}`)).toBe(true);
          expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
          expect(f.bytes).toBeGreaterThan(0);
        }
        expect(info.features.length).toBe(info.sampleShape?.reduce((a, b) => a * b, 1) ?? info.features.length);
      } else {
        expect(info.url).toMatch(/^https:\/\//);
        expect(info.url?.endsWith(`/${info.fileName ?? '?'}`)).toBe(true);
        expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(info.parser?.features).toEqual(info.features);
      }
    }
  });

  it('records the checksums, sizes and facts of the two real files', () => {
    expect(getDatasetInfo('boston-housing')).toMatchObject({
      rows: 489,
      task: 'regression',
      features: ['RM', 'LSTAT', 'PTRATIO'],
      target: 'MEDV',
      fileName: 'housing.csv',
      bytes: 12_435,
      sha256: '2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124',
      parser: { delimiter: ',', targetColumn: 'MEDV' },
    });
    const boston = getDatasetInfo('boston-housing').notes.join(' ');
    for (const fact of ['StatLib', '16 rows', 'outlier', '21,000', '`B`', 'load_boston']) expect(boston).toContain(fact);
    const wine = getDatasetInfo('wine-quality-red');
    expect(wine).toMatchObject({
      rows: 1599,
      task: 'binary',
      target: 'quality-binary',
      fileName: 'winequality-red.csv',
      bytes: 84_199,
      sha256: '4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e',
      licence: 'CC BY 4.0',
      parser: { delimiter: ';', targetColumn: 'quality', quotedHeader: true },
    });
    expect(wine.targetVariants.map((v) => [v.name, v.task])).toEqual([
      ['quality-binary', 'binary'],
      ['quality', 'regression'],
      ['quality-class', 'multiclass'],
    ]);
    expect(wine.notes.join(' ')).toMatch(/240 rows .*1,359 distinct/);
  });

  it('hands out copies: editing one changes nothing', () => {
    const info = getDatasetInfo('boston-housing');
    info.features.push('B');
    info.rows = 506;
    expect(getDatasetInfo('boston-housing').features).toEqual(['RM', 'LSTAT', 'PTRATIO']);
    expect(listDatasets()[0]?.rows).toBe(489);
  });

  it('an unknown id lists the closest ids first', async () => {
    expect(() => getDatasetInfo('wine')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: getDatasetInfo: unknown data set "wine"; known, closest first: wine-quality-red, iris, mnist, moons, blobs, digits, spirals, friedman1, breast-cancer, fashion-mnist, boston-housing]`,
    );
    expect(() => getDatasetInfo('spiral')).toThrow(/^getDatasetInfo: unknown data set "spiral"; known, closest first: spirals, /);
    expect(() => getDatasetInfo('bostn-housing')).toThrow(/known, closest first: boston-housing, /);
    await expect(loadDataset('titanic')).rejects.toMatchObject({ code: 'UNKNOWN_DATASET', message: expect.stringMatching(/^loadDataset: unknown data set "titanic"/) as unknown });
    await expect(loadDataset('titanic')).rejects.toBeInstanceOf(DataError);
  });

  it('an unknown target variant lists the variants', async () => {
    await expect(loadDataset('wine-quality-red', { target: 'good', offline: true })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: loadDataset: wine-quality-red has no target "good"; targets: "quality-binary", "quality", "quality-class"]`,
    );
  });
});
