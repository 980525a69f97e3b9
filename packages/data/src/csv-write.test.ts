import { fromRows, toRows } from '@initlab/matrix';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetRowsCsv, parseCsv, writeFileAtomically, type Dataset } from './index.js';

const data: Dataset = {
  id: 'tiny',
  task: 'binary',
  X: fromRows([
    [1, 2.5],
    [3, -4],
    [5, 6],
  ]),
  y: [0, 1, 0],
  featureNames: ['a', 'b, quoted'],
  targetName: 'kind',
  classes: ['no', 'say "yes"'],
} as Dataset;

describe('datasetRowsCsv', () => {
  it('writes the original row index, the features and the target label, and parses back', () => {
    const text = datasetRowsCsv(data, [2, 1]);
    expect(text).toBe('row,a,"b, quoted",kind\n2,5,6,no\n1,3,-4,"say ""yes"""\n');
    const back = parseCsv(text, { target: 'kind', drop: ['row'], sourceName: 'split.csv' });
    expect(toRows(back.X)).toEqual([
      [5, 6],
      [3, -4],
    ]);
    expect(back.classes?.length).toBe(2);
  });

  it('quotes any field holding a CR or LF, so any text round-trips through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 1, maxLength: 4 }), (names) => {
        const text = datasetRowsCsv({ ...data, X: fromRows([names.map((_, i) => i)]), y: [0], featureNames: names }, [0]);
        expect(parse(text, {})).toEqual([['row', ...names, 'kind'], ['0', ...names.map((_, i) => String(i)), 'no']]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('writeFileAtomically', () => {
  const dir = fs.mkdtemp(path.join(os.tmpdir(), 'initlab-csv-write-'));
  afterAll(async () => fs.rm(await dir, { recursive: true, force: true }));

  it('replaces the file whole and leaves no temporary file behind', async () => {
    const file = path.join(await dir, 'train.csv');
    await writeFileAtomically(file, 'old\n');
    await writeFileAtomically(file, 'new\n');
    expect(await fs.readFile(file, 'utf8')).toBe('new\n');
    expect(await fs.readdir(await dir)).toEqual(['train.csv']);
  });

  it("fails with the file system's error when the target is a folder, removing its temporary file", async () => {
    const folder = path.join(await dir, 'a-folder');
    await fs.mkdir(folder);
    await expect(writeFileAtomically(folder, 'x')).rejects.toThrow(/EISDIR|EPERM|ENOTEMPTY|EEXIST/);
    expect((await fs.readdir(await dir)).sort()).toEqual(['a-folder', 'train.csv']);
  });
});
