// End to end: reading the CSV a user really has from the command line alone (issue 11), through the built
// binary. Each case failed before the CSV flags existed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-csv-flags-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FAST = ['--epochs', '1', '--seeds', '1', '--initializers', 'zeros'];

function initlab(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: tmp, env: { INITLAB_OFFLINE: '1' } });
}

function csvFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

interface Doc {
  data: { task: string; rows: number; featureNames: string[]; classes: string[] | null; droppedRows: number };
  notes: string[];
  results: unknown[];
}

function json(r: CliRun): Doc {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

/** A usage error: exit 2, one line on stderr, nothing on stdout. */
function usageError(r: CliRun): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr;
}

// An iris-like file: an id column that gives the class away (rows sorted by class), two features and
// whole-number class labels 0, 1, 2.
const iris = csvFile(
  'iris-like.csv',
  `id,sepal,petal,species\n${Array.from({ length: 45 }, (_, i) => `${i},${(i * 7) % 10},${(i * 3) % 8},${Math.floor(i / 15)}`).join('\n')}\n`,
);

describe('compare --csv: choosing columns', () => {
  it('--drop id and --features leave the id column out (before, it was silently a feature)', async () => {
    expect(json(await initlab(['compare', '--csv', iris, '--target', 'species', ...FAST, '--json'])).data.featureNames).toEqual(['id', 'sepal', 'petal']);
    expect(json(await initlab(['compare', '--csv', iris, '--target', 'species', '--drop', 'id', ...FAST, '--json'])).data.featureNames).toEqual(['sepal', 'petal']);
    const picked = json(await initlab(['compare', '--csv', iris, '--target', 'species', '--features', 'petal,sepal', ...FAST, '--json']));
    expect(picked.data.featureNames).toEqual(['petal', 'sepal']);
    expect(usageError(await initlab(['compare', '--csv', iris, '--target', 'species', '--drop', 'ID', ...FAST]))).toMatch(
      /--drop names column "ID", which is not in the header/,
    );
  });

  it('refuses the CSV flags without --csv, naming them', async () => {
    expect(usageError(await initlab(['compare', '--drop', 'id', '--task', 'regression', ...FAST]))).toMatch(
      /--drop, --task apply to --csv FILE only; a registered data set has fixed columns/,
    );
  });
});

describe('compare --csv: the target', () => {
  it('--task classification reads whole-number labels as classes', async () => {
    const doc = json(await initlab(['compare', '--csv', iris, '--target', 'species', '--drop', 'id', '--task', 'classification', ...FAST, '--json']));
    expect(doc.data).toMatchObject({ task: 'multiclass', classes: ['0', '1', '2'] });
    expect(doc.notes).toEqual([]);
  });

  it('an auto target of few whole numbers gets a one-line note saying how it was read and how to choose', async () => {
    const r = await initlab(['compare', '--csv', iris, '--target', 'species', '--drop', 'id', ...FAST]);
    expect(r.code).toBe(0);
    const notes = r.stdout.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toEqual([
      'note: target "species" holds 3 distinct whole numbers (0, 1, 2) and was read as a number (regression); pass --task classification to read it as classes',
    ]);
    const binary = csvFile('binary.csv', `x,y\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 2}`).join('\n')}\n`);
    expect(json(await initlab(['compare', '--csv', binary, '--target', 'y', ...FAST, '--json'])).notes).toEqual([
      'target "y" holds 2 distinct whole numbers (0, 1) and was read as 2 classes (binary); pass --task regression to read it as a number',
    ]);
  });

  it("scikit-learn's iris.csv (from the real data folder) is 3 classes with --task classification", async () => {
    const real = path.join(dataDir, 'iris.csv');
    const doc = json(await initlab(['compare', '--csv', real, '--target', 'virginica', '--task', 'classification', ...FAST, '--json']));
    expect(doc.data).toMatchObject({ task: 'multiclass', rows: 150, classes: ['0', '1', '2'] });
  });

  it('--task takes only the values the data package allows', async () => {
    expect(usageError(await initlab(['compare', '--csv', iris, '--target', 'species', '--task', 'classes', ...FAST]))).toMatch(
      /--task must be one of auto, regression, classification, binary, multiclass, got 'classes'/,
    );
  });
});

describe('compare --csv: missing values, delimiters and text columns', () => {
  const holes = csvFile('holes.csv', `a,b,y\n${Array.from({ length: 20 }, (_, i) => `${i},${i === 3 ? 'NA' : i === 5 ? '?' : i === 7 ? '' : i % 4},${i % 3}`).join('\n')}\n`);

  it('an empty cell names the --missing flag; --missing drop-rows --na-values NA,? drops those rows', async () => {
    const refused = usageError(await initlab(['compare', '--csv', holes, '--target', 'y', '--na-values', 'NA,?', ...FAST]));
    expect(refused).toMatch(/line 5, column 2 \("b"\): empty cell "NA"; fill it, or pass --missing drop-rows to drop rows with empty cells/);
    expect(refused).not.toMatch(/missing: 'drop-rows'/);
    const doc = json(await initlab(['compare', '--csv', holes, '--target', 'y', '--missing', 'drop-rows', '--na-values', 'NA,?', ...FAST, '--json']));
    expect(doc.data).toMatchObject({ rows: 17, droppedRows: 3 });
    expect(usageError(await initlab(['compare', '--csv', holes, '--target', 'y', '--missing', 'skip', ...FAST]))).toMatch(
      /--missing must be one of error, drop-rows, got 'skip'/,
    );
  });

  it('--delimiter reads a file whose separator is not detected', async () => {
    const piped = csvFile('piped.csv', `a|b|y\n${Array.from({ length: 20 }, (_, i) => `${i}|${i % 5}|${i % 2 ? 'yes' : 'no'}`).join('\n')}\n`);
    expect(usageError(await initlab(['compare', '--csv', piped, '--target', 'y', ...FAST]))).toMatch(/target column "y" not found/);
    expect(json(await initlab(['compare', '--csv', piped, '--target', 'y', '--delimiter', '|', ...FAST, '--json'])).data.featureNames).toEqual(['a', 'b']);
    const tabbed = csvFile('tabbed.csv', fs.readFileSync(piped, 'utf8').replaceAll('|', '\t'));
    expect(json(await initlab(['compare', '--csv', tabbed, '--target', 'y', '--delimiter', 'tab', ...FAST, '--json'])).data.rows).toBe(20);
    expect(usageError(await initlab(['compare', '--csv', piped, '--target', 'y', '--delimiter', '||', ...FAST]))).toMatch(/--delimiter must be one character/);
  });

  it('a text feature column is refused naming the column and --encode onehot, and one-hot encoded with it', async () => {
    const colours = ['red', 'green', 'blue'];
    const text = csvFile('colours.csv', `size,colour,y\n${Array.from({ length: 30 }, (_, i) => `${i % 6},${colours[i % 3]},${i % 2}`).join('\n')}\n`);
    expect(usageError(await initlab(['compare', '--csv', text, '--target', 'y', ...FAST]))).toMatch(
      /column 2 \("colour"\): feature column "colour" holds text, not numbers \(first "red"\); pass --encode onehot to one-hot encode text columns, or --drop colour to leave it out/,
    );
    const doc = json(await initlab(['compare', '--csv', text, '--target', 'y', '--encode', 'onehot', ...FAST, '--json']));
    expect(doc.data.featureNames).toEqual(['size', 'colour=blue', 'colour=green', 'colour=red']);
  });
});
