import { fromRows, toRows } from '@initlab/matrix';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, detectDelimiter, loadCsv, parseCsv, type LoadCsvOptions } from './index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'initlab-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csvFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The one-line message of the DataError `loadCsv` raises for this file, temp folder replaced by <tmp>. */
async function loadError(name: string, text: string, opts: LoadCsvOptions): Promise<string> {
  const file = await csvFile(name, text);
  try {
    await loadCsv(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    const message = (err as DataError).message;
    expect(message).not.toContain('\n');
    return message.split(dir).join('<tmp>');
  }
  throw new Error(`loadCsv(${name}) did not fail`);
}

describe('parseCsv: reading', () => {
  it('reads a comma file: features in header order, regression target', () => {
    const ds = parseCsv('a,b,y\n1,2,3.5\n-4,5e-1,6\n', { target: 'y', sourceName: 'mem.csv' });
    expect(ds).toEqual({
      id: 'mem',
      task: 'regression',
      X: fromRows([
        [1, 2],
        [-4, 0.5],
      ]),
      y: [3.5, 6],
      featureNames: ['a', 'b'],
      targetName: 'y',
      source: 'mem.csv',
    });
  });

  it('detects ; and tab, accepts a quoted header, a BOM and CRLF line ends', () => {
    const semi = parseCsv('\uFEFF"fixed acidity";"quality"\r\n7.4;5\r\n7.8;6\r\n', { target: 'quality', sourceName: 's' });
    expect(semi.featureNames).toEqual(['fixed acidity']);
    expect(toRows(semi.X)).toEqual([[7.4], [7.8]]);
    const tab = parseCsv('x\ty\n1\t2\n', { target: 'y', sourceName: 't' });
    expect(toRows(tab.X)).toEqual([[1]]);
    expect(detectDelimiter('"a,b";c;d\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb,c\tz')).toBe('\t');
    expect(detectDelimiter('single\n1')).toBe(',');
  });

  it('honours an explicit delimiter over detection', () => {
    const ds = parseCsv('a;b|y\n1|2\n', { target: 'y', delimiter: '|', sourceName: 'p' });
    expect(ds.featureNames).toEqual(['a;b']);
  });

  it('codes a text target as LabelEncoder does (sorted by code point) and picks binary/multiclass', () => {
    const ds = parseCsv('x,label\n1,b\n2,a\n3,C\n4,a\n', { target: 'label', sourceName: 'l' });
    expect(ds.task).toBe('multiclass');
    expect(ds.classes).toEqual(['C', 'a', 'b']);
    expect(ds.y).toEqual([2, 1, 0, 1]);
    const bin = parseCsv('x,label\n1,yes\n2,no\n', { target: 'label', sourceName: 'l' });
    expect(bin.task).toBe('binary');
    expect(bin.classes).toEqual(['no', 'yes']);
    expect(bin.y).toEqual([1, 0]);
  });

  it('numeric targets: regression, except exactly {0, 1} which is binary; task overrides', () => {
    expect(parseCsv('x,y\n1,0\n2,1\n3,1\n', { target: 'y', sourceName: 'b' })).toMatchObject({
      task: 'binary',
      classes: ['0', '1'],
      y: [0, 1, 1],
    });
    expect(parseCsv('x,y\n1,1\n2,2\n', { target: 'y', sourceName: 'r' }).task).toBe('regression');
    expect(parseCsv('x,y\n1,0\n2,1\n', { target: 'y', sourceName: 'r', task: 'regression' }).task).toBe('regression');
    const multi = parseCsv('x,y\n1,10\n2,3\n3,2\n4,3\n', { target: 'y', sourceName: 'm', task: 'multiclass' });
    expect(multi.classes).toEqual(['2', '3', '10']); // numeric order, as LabelEncoder on a numeric column
    expect(multi.y).toEqual([2, 1, 0, 1]);
  });

  it('selects features by name and order, and drops columns', () => {
    const text = 'a,b,c,y\n1,2,3,0\n4,5,6,1\n';
    expect(toRows(parseCsv(text, { target: 'y', features: ['c', 'a'], sourceName: 'f' }).X)).toEqual([
      [3, 1],
      [6, 4],
    ]);
    const dropped = parseCsv(text, { target: 'y', drop: ['b'], sourceName: 'f' });
    expect(dropped.featureNames).toEqual(['a', 'c']);
    expect(toRows(dropped.X)).toEqual([
      [1, 3],
      [4, 6],
    ]);
  });

  it("missing: 'drop-rows' drops rows with empty (or naValues) cells and counts them", () => {
    const text = 'a,b,y\n1,2,0\n,3,1\n4,NA,1\n5,6,\n7,8,1\n';
    const ds = parseCsv(text, { target: 'y', missing: 'drop-rows', naValues: ['', 'NA'], sourceName: 'd' });
    expect(toRows(ds.X)).toEqual([
      [1, 2],
      [7, 8],
    ]);
    expect(ds.droppedRows).toBe(3);
    expect(parseCsv('a,y\n1,2\n', { target: 'y', missing: 'drop-rows', sourceName: 'd' }).droppedRows).toBe(0);
  });

  it('dropDuplicates keeps the first of rows equal in every used column', () => {
    const ds = parseCsv('a,y\n1,x\n1.0,x\n1,z\n2,x\n1,x\n', { target: 'y', dropDuplicates: true, sourceName: 'u' });
    expect(toRows(ds.X)).toEqual([[1], [1], [2]]);
    expect(ds.y).toEqual([0, 1, 0]);
    expect(ds.droppedRows).toBe(2);
  });
});

describe('loadCsv: sources', () => {
  it('reads a path, a file: URL and an http URL (injected fetch); id and source follow the origin', async () => {
    const file = await csvFile('points.csv', 'x,y\n1,2\n3,4\n');
    const fromPath = await loadCsv(file, { target: 'y' });
    expect(fromPath.id).toBe('points');
    expect(fromPath.source).toBe(file);
    const fromUrl = await loadCsv(pathToFileURL(file), { target: 'y', id: 'custom' });
    expect(fromUrl.id).toBe('custom');
    expect(toRows(fromUrl.X)).toEqual(toRows(fromPath.X));
    const fakeFetch = (async () => new Response('x,y\n9,8\n')) as typeof fetch;
    const fromHttp = await loadCsv('https://example.invalid/data/remote.csv?v=2', { target: 'y', fetch: fakeFetch });
    expect(fromHttp).toMatchObject({ id: 'remote', X: fromRows([[9]]), y: [8], source: 'https://example.invalid/data/remote.csv?v=2' });
  });

  it('reports an unreadable file and an HTTP error in one line', async () => {
    await expect(loadCsv(path.join(dir, 'nope.csv'), { target: 'y' })).rejects.toThrow(
      /^loadCsv: cannot read .*nope\.csv \(ENOENT: no such file or directory/,
    );
    const notFound = (async () => new Response('gone', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(loadCsv('https://example.invalid/x.csv', { target: 'y', fetch: notFound })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: loadCsv: https://example.invalid/x.csv answered HTTP 404 Not Found]`,
    );
  });
});

describe('loadCsv: every error names the file, the line and the column', () => {
  it('empty file and header only', async () => {
    expect(await loadError('empty.csv', '', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/empty.csv is empty; expected a header line and at least one data row"`,
    );
    expect(await loadError('blank.csv', '\n\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/blank.csv is empty; expected a header line and at least one data row"`,
    );
    expect(await loadError('header.csv', 'a,b,y\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/header.csv has a header (line 1) but no data rows; expected at least one row after it"`,
    );
  });

  it('ragged rows (too few and too many fields)', async () => {
    expect(await loadError('short.csv', 'a,b,y\n1,2,3\n4,5\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/short.csv line 3, column 3: row has 2 fields but the header (line 1) has 3; missing "y""`,
    );
    expect(await loadError('long.csv', 'a,y\n1,2\n3,4,5\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/long.csv line 3, column 3: row has 3 fields but the header (line 1) has 2; 1 extra field(s)"`,
    );
  });

  it('missing target column lists the columns; unknown feature or drop names', async () => {
    expect(await loadError('target.csv', 'a,b,Label\n1,2,x\n', { target: 'label' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/target.csv line 1: target column "label" not found (did you mean "Label"?); columns: "a", "b", "Label""`,
    );
    expect(await loadError('feature.csv', 'a,b,y\n1,2,3\n', { target: 'y', features: ['a', 'c'] })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/feature.csv line 1: features names column "c", which is not in the header; columns: "a", "b", "y""`,
    );
    expect(await loadError('drop.csv', 'a,b,y\n1,2,3\n', { target: 'y', drop: ['z'] })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/drop.csv line 1: drop names column "z", which is not in the header; columns: "a", "b", "y""`,
    );
    expect(await loadError('dup.csv', 'a,b,a,y\n1,2,3,4\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/dup.csv line 1, column 3: column name "a" repeats column 1; column names must be unique"`,
    );
    expect(await loadError('nofeat.csv', 'a,y\n1,2\n', { target: 'y', drop: ['a'] })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/nofeat.csv: no feature columns left after choosing target "y" and dropping "a"; columns: "a", "y""`,
    );
  });

  it('empty and non-numeric cells', async () => {
    expect(await loadError('hole.csv', 'a,b,y\n1,2,0\n3,,1\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/hole.csv line 3, column 2 ("b"): empty cell ""; fill it, or pass missing: 'drop-rows' to drop rows with empty cells"`,
    );
    expect(await loadError('notarget.csv', 'a,y\n1,0\n3,\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/notarget.csv line 3, column 2 ("y"): empty target cell ""; fill it, or pass missing: 'drop-rows' to drop rows with empty cells"`,
    );
    expect(await loadError('text.csv', 'a,b,y\n1,2,0\n3,four,1\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/text.csv line 3, column 2 ("b"): a feature cell must be a number, got "four""`,
    );
    expect(await loadError('comma.csv', 'a;y\n1,5;0\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/comma.csv line 2, column 1 ("a"): a feature cell must be a number, got "1,5" (decimal commas are not supported; use a point)"`,
    );
    expect(await loadError('regr.csv', 'a,y\n1,2\n2,x\n', { target: 'y', task: 'regression' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/regr.csv line 3, column 2 ("y"): a regression target must be a number, got "x""`,
    );
    expect(await loadError('allgone.csv', 'a,y\n,1\n2,\n', { target: 'y', missing: 'drop-rows' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/allgone.csv: all 2 data rows had empty cells and were dropped (missing: 'drop-rows'); nothing left to learn from"`,
    );
  });

  it('counts physical lines: blank lines and quoted line breaks move the line number', async () => {
    const text = 'a,b,y\n1,2,x\n\n3,5,"multi\nline"\n6,oops,x\n';
    expect(await loadError('lines.csv', text, { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/lines.csv line 6, column 2 ("b"): a feature cell must be a number, got "oops""`,
    );
    expect(await loadError('inner.csv', 'a,y,b\n1,"x\ny",bad\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/inner.csv line 3, column 3 ("b"): a feature cell must be a number, got "bad""`,
    );
  });

  it('a target with one class only, and a binary task with more', async () => {
    expect(await loadError('one.csv', 'a,y\n1,yes\n2,yes\n3,yes\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/one.csv column 2 ("y"): the target has one class only, "yes", in all 3 rows (lines 2-4); a classification target needs at least 2 classes"`,
    );
    expect(await loadError('three.csv', 'a,y\n1,a\n2,b\n3,c\n', { target: 'y', task: 'binary' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/three.csv column 2 ("y"): task 'binary' needs exactly 2 classes, got 3 ("a", "b", "c"); use task 'multiclass'"`,
    );
  });

  it('malformed quoting is reported with its line', async () => {
    expect(await loadError('quote.csv', 'a,y\n1,"2\n', { target: 'y' })).toMatchInlineSnapshot(
      `"loadCsv: <tmp>/quote.csv line 2, column 2: malformed CSV (CSV_QUOTE_NOT_CLOSED: Quote Not Closed: the parsing is finished with an opening quote at line 2)"`,
    );
  });

  it('carries code, file, line and column on the error', async () => {
    const file = await csvFile('props.csv', 'a,b,y\n1,2,0\n3,x,1\n');
    const err = await loadCsv(file, { target: 'y' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DataError', code: 'CSV_NOT_NUMERIC', file, line: 3, column: 2 });
  });

  it('rejects bad options by name', () => {
    expect(() => parseCsv('a,y\n1,2\n', { target: 'y', delimiter: ';;', sourceName: 'o' })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: parseCsv: delimiter must be one character other than a quote or line break, got ";;"]`,
    );
    expect(() =>
      parseCsv('a,y\n1,2\n', { target: 'y', missing: 'skip' as 'error', sourceName: 'o' }),
    ).toThrowErrorMatchingInlineSnapshot(`[DataError: parseCsv: missing must be 'error' or 'drop-rows', got "skip"]`);
    expect(() => parseCsv('a,y\n1,2\n', { target: 'y', features: ['a', 'y'], sourceName: 'o' })).toThrow(
      /features includes the target column "y"/,
    );
  });
});

describe('parseCsv: the CSV a user really has', () => {
  it("task 'classification' reads whole-number labels as classes; auto reads them as a number with a note", () => {
    const text = 'x,species\n1,0\n2,1\n3,2\n4,1\n';
    const classes = parseCsv(text, { target: 'species', task: 'classification', sourceName: 'iris.csv' });
    expect(classes).toMatchObject({ task: 'multiclass', classes: ['0', '1', '2'], y: [0, 1, 2, 1] });
    expect(classes.notes).toBeUndefined();
    expect(parseCsv('x,y\n1,a\n2,b\n', { target: 'y', task: 'classification', sourceName: 'd' }).task).toBe('binary');
    const auto = parseCsv(text, { target: 'species', sourceName: 'iris.csv' });
    expect(auto.task).toBe('regression');
    expect(auto.notes).toEqual([
      `target "species" holds 3 distinct whole numbers (0, 1, 2) and was read as a number (regression); pass task: 'classification' to read it as classes`,
    ]);
    const flag = parseCsv(text, { target: 'species', sourceName: 'iris.csv', optionStyle: 'flag' });
    expect(flag.notes?.[0]).toContain('pass --task classification to read it as classes');
    const binary = parseCsv('x,y\n1,0\n2,1\n', { target: 'y', sourceName: 'd', optionStyle: 'flag' });
    expect(binary.notes).toEqual([
      'target "y" holds 2 distinct whole numbers (0, 1) and was read as 2 classes (binary); pass --task regression to read it as a number',
    ]);
    // Many distinct values, or fractions, are plainly a number: no note.
    expect(parseCsv('x,y\n1,0.5\n2,1\n', { target: 'y', sourceName: 'd' }).notes).toBeUndefined();
    const many = `x,y\n${Array.from({ length: 11 }, (_, i) => `${i},${i}`).join('\n')}\n`;
    expect(parseCsv(many, { target: 'y', sourceName: 'd' }).notes).toBeUndefined();
    expect(() => parseCsv(text, { target: 'species', task: 'class' as 'auto', sourceName: 'd' })).toThrowError(
      `parseCsv: task must be 'auto', 'regression', 'classification', 'binary' or 'multiclass', got "class"`,
    );
  });

  it("messages name options as flags with optionStyle 'flag'", async () => {
    expect(await loadError('hole-flag.csv', 'a,b,y\n1,2,0\n3,,1\n', { target: 'y', optionStyle: 'flag' })).toBe(
      `loadCsv: <tmp>/hole-flag.csv line 3, column 2 ("b"): empty cell ""; fill it, or pass --missing drop-rows to drop rows with empty cells`,
    );
    expect(await loadError('spaced-flag.csv', "fixed acidity,y\n1,a\n2,b\n", { target: 'y', optionStyle: 'flag', features: ["fixed acidity", 'z'] })).toContain(
      '--features names column "z"',
    );
    const spaced = await loadError('spaced-text.csv', "fixed acidity,y\nlow,1\nhigh,2\n", { target: 'y', optionStyle: 'flag' });
    expect(spaced).toContain(`or --drop 'fixed acidity' to leave it out`);
    expect(await loadError('three-flag.csv', 'x,y\n1,a\n2,b\n3,c\n', { target: 'y', task: 'binary', optionStyle: 'flag' })).toContain(
      'use --task multiclass',
    );
  });

  it('features and drop leave an id column out; naValues and delimiter are honoured', () => {
    const text = 'id;a;y\n1;0.5;no\n2;NA;yes\n3;?;no\n4;1.5;yes\n';
    const ds = parseCsv(text, { target: 'y', drop: ['id'], delimiter: ';', missing: 'drop-rows', naValues: ['NA', '?'], sourceName: 'd' });
    expect(ds).toMatchObject({ featureNames: ['a'], X: fromRows([[0.5], [1.5]]), droppedRows: 2, classes: ['no', 'yes'] });
    expect(parseCsv(text.replace(/NA|\?/g, '2'), { target: 'y', features: ['a'], sourceName: 'd' }).featureNames).toEqual(['a']);
  });

  it("encode: 'onehot' replaces a text column by one 0/1 column per value, in its place; else it is refused naming the column", async () => {
    const text = 'size,colour,y\n1,red,0.5\n2,blue,1\n3,red,2\n';
    const ds = parseCsv(text, { target: 'y', encode: 'onehot', sourceName: 'd' });
    expect(ds.featureNames).toEqual(['size', 'colour=blue', 'colour=red']);
    expect(toRows(ds.X)).toEqual([
      [1, 0, 1],
      [2, 1, 0],
      [3, 0, 1],
    ]);
    expect(await loadError('colour.csv', text, { target: 'y' })).toBe(
      `loadCsv: <tmp>/colour.csv line 2, column 2 ("colour"): feature column "colour" holds text, not numbers (first "red"); pass encode: 'onehot' to one-hot encode text columns, or drop: ['colour'] to leave it out`,
    );
    expect(await loadError('colour-flag.csv', text, { target: 'y', optionStyle: 'flag' })).toContain(
      'pass --encode onehot to one-hot encode text columns, or --drop colour to leave it out',
    );
    // A number column with one stray word is a typo, not a text column: the per-cell error stays.
    expect(await loadError('stray.csv', 'a,y\n1,0\nfour,1\n3,0\n', { target: 'y', encode: 'onehot' })).toContain(
      'a feature cell must be a number, got "four"',
    );
    const err = await loadCsv(await csvFile('colour2.csv', text), { target: 'y' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CSV_TEXT_COLUMN', line: 2, column: 2 });
  });
});

describe("parseCsv: optionStyle 'flag' names the columns' options as flags", () => {
  it('features and drop', () => {
    const flag = { target: 'y', sourceName: 'd', optionStyle: 'flag' } as const;
    expect(() => parseCsv('a,y\n1,2\n', { ...flag, drop: ['z'] })).toThrowError(/: --drop names column "z", which is not in the header/);
    expect(() => parseCsv('a,y\n1,2\n', { ...flag, features: ['a', 'a'] })).toThrowError(/: --features lists "a" twice/);
    expect(() => parseCsv('a,y\n1,2\n', { ...flag, features: ['y'] })).toThrowError(/: --features includes the target column "y"/);
  });
});
