// Errors a user meets, through the built binary: one line per problem, in flags and file keys, never the name of
// a library function (`loadCsv:`, `getInitializer:`, "(see listDatasets())"), never a stack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets'), INITLAB_OFFLINE: '1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-user-errors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A camelCase or PascalCase identifier followed by ":" or "()", or "(use X)"/"(see X)" pointing at code.
const INTERNAL_NAME = /\b(?:[a-z]+[A-Z]\w*|[A-Z][a-z0-9]+[A-Z]\w*)(?:\.\w+)?(?::|\(\))|\((?:use|see) [a-z]+[A-Z]\w*/;
// What a user cannot act on: an undefined option echoed back, a stack frame.
const NOT_FOR_USERS = /=undefined|\bundefined\b|^\s+at /m;

describe('errors in the words a user typed', () => {
  const bad: string[][] = [
    ['compare', '--initializers', 'foo'],
    ['compare', '--dataset', 'bostn'],
    ['datasets', 'info', 'bostn'],
    ['datasets', 'fetch', 'spirals'],
    ['initializers', 'show', 'foo'],
    ['initializers', 'sample', 'orthogonal', '--shape', '3'],
    ['compare', '--dataset', 'moons', '--test-size', '0.999', '--epochs', '1', '--seeds', '1'],
  ];
  for (const args of bad) {
    it(`initlab ${args.join(' ')}`, async () => {
      const r = await runCli(args, { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^initlab: /);
      expect(r.stderr).not.toMatch(INTERNAL_NAME);
      expect(r.stderr).not.toMatch(NOT_FOR_USERS);
    });
  }

  it('names the flag, not the config path, for a bad value given on the command line', async () => {
    const r = await runCli(['compare', '--dataset', 'bostn'], { env });
    expect(r.stderr).toMatch(/^initlab: --dataset must be a registry data set; known: .*boston-housing.*, got "bostn"\n$/);
  });

  it('lists every problem of an experiment file, one line each, each naming the file and the key', async () => {
    const file = path.join(tmp, 'three-problems.yaml');
    fs.writeFileSync(file, 'name: three\ndata: { dataset: moonz }\nmodel: { hidden: [4] }\ntraining: { epochs: 0 }\ninitializers: [he_normall]\nseeds: 1\n');
    const r = await runCli(['run', file, '--out', path.join(tmp, 'three')], { env });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^initlab: \S*three-problems\.yaml: /);
    expect(r.stderr).toMatch(/data\.dataset must be a registry data set/);
    expect(r.stderr).toMatch(/training\.epochs must be a positive integer, got 0/);
    expect(r.stderr).toMatch(/initializers\[0\] is not a valid initializer: unknown initializer "he_normall"/);
    expect(r.stderr).not.toMatch(INTERNAL_NAME);
    expect(r.stderr).not.toMatch(/more problem/);
  });
});

describe('tiny data', () => {
  it('warns when a CSV leaves one test row and the batch is larger than the training set (classification)', async () => {
    const file = path.join(tmp, 'three-rows.csv');
    fs.writeFileSync(file, 'x,label\n1,a\n2,b\n3,a\n');
    const r = await runCli(['compare', '--csv', file, '--target', 'label', '--initializers', 'zeros', '--seeds', '1', '--epochs', '1'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: the test split holds only 1 of 3 rows/);
    expect(r.stdout).toMatch(/warning: the batch size 32 is larger than the 2 training rows/);
  });

  it('refuses a regression whose test split has one row, saying how many it needs', async () => {
    const file = path.join(tmp, 'three-rows-regression.csv');
    fs.writeFileSync(file, 'x,y\n1,0.5\n2,1.5\n3,2.5\n');
    const r = await runCli(['compare', '--csv', file, '--target', 'y', '--initializers', 'zeros', '--seeds', '1', '--epochs', '1'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^initlab: .*the test split of .* holds 1 of 3 rows; a regression needs at least 2 test rows for R²/);
    expect(r.stderr).not.toMatch(INTERNAL_NAME);
  });
});

describe('memory', () => {
  it('refuses diagnose --width 20000 at once with the size and the limit (it used to crash after 45 s)', async () => {
    const r = await runCli(['diagnose', '--width', '20000'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^initlab: the 5 networks need at least [\d.]+ GiB of tensor memory \(21 layers up to 20000 units wide, 256 rows\), more than the 2 GiB the wasm backend can hold; /);
  });
});
