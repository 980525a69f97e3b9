import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField, datasetRowsCsv, parseCsv, writeFileAtomically, type Dataset } from './index.js';

const data: Dataset = {
  id: 'tiny',
  task: 'binary',
  X: [
    [1, 2.5],
    [3, -4],
    [5, 6],
  ],
  y: [0, 1, 0],
  featureNames: ['a', 'b, quoted'],
  targetName: 'kind',
  classes: ['no', 'say "yes"'],
} as Dataset;

// Moved here from @initlab/report with csvField itself (report re-exports it).
describe('csvField', () => {
  it('quotes exactly the fields RFC 4180 requires and doubles inner quotes', () => {
    expect(csvField('he_normal')).toBe('he_normal');
    expect(csvField('random_normal:stddev=0.01')).toBe('random_normal:stddev=0.01');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('round-trips any text through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvField).join(',')}\r\n`;
        // A single empty cell is an empty line, which parsers skip: compare only lines that carry something.
        fc.pre(!(cells.length === 1 && cells[0] === ''));
        expect(parse(line, {})).toEqual([cells]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('datasetRowsCsv', () => {
  it('writes the original row index, the features and the target label, and parses back', () => {
    const text = datasetRowsCsv(data, [2, 1]);
    expect(text).toBe('row,a,"b, quoted",kind\n2,5,6,no\n1,3,-4,"say ""yes"""\n');
    const back = parseCsv(text, { target: 'kind', drop: ['row'], sourceName: 'split.csv' });
    expect(back.X).toEqual([
      [5, 6],
      [3, -4],
    ]);
    expect(back.classes?.length).toBe(2);
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
