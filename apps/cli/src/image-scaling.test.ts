// Image-style feature scaling from the command line: --scale-features pixels divides by 255 (Keras's
// convention; by 16 for digits), global uses one mean and std over all values; data that are not pixels are
// refused; an image data set is scaled as pixels unless told otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-image-scaling-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const env = { INITLAB_OFFLINE: '1' };

/** A tiny "image" CSV: 4 pixel columns in 0..255, the class is whether the left half is brighter. */
function pixelCsv(): string {
  const file = path.join(tmp, 'pixels.csv');
  const rows = Array.from({ length: 60 }, (_, i) => {
    const px = [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256, (i * 17) % 256];
    return `${px.join(',')},${px[0]! + px[1]! > px[2]! + px[3]! ? 1 : 0}`;
  });
  fs.writeFileSync(file, `p0,p1,p2,p3,label\n${rows.join('\n')}\n`);
  return file;
}

describe('--scale-features', () => {
  it('pixels and global train, and the report says how the features were scaled', async () => {
    const csv = pixelCsv();
    for (const [how, words] of [['pixels', 'pixels divided by 255'], ['global', 'one mean and std over all values']] as const) {
      const out = path.join(tmp, how);
      const r = await runCli(['compare', '--csv', csv, '--target', 'label', '--task', 'classification', '--scale-features', how, '--initializers', 'he_normal', '--seeds', '2', '--epochs', '3', '--out', out, '--quiet'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(words);
      expect(JSON.parse(fs.readFileSync(path.join(out, 'experiment.json'), 'utf8')).config.preprocess.features).toBe(how);
    }
  });

  it('refuses data that are not 8-bit pixels with one line, and an unknown scaling listing the allowed ones', async () => {
    const r = await runCli(['compare', '--dataset', 'moons', '--scale-features', 'pixels', '--initializers', 'zeros', '--seeds', '1', '--epochs', '1', '--quiet'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^initlab: --scale-features pixels divides by 255 and needs pixel values in \[0, 255\], but moons has -?\d[^;]* in row \d+, feature x[01]; use --scale-features standard \(or global\)$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = await runCli(['compare', '--scale-features', 'pixel', '--initializers', 'zeros'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scale-features must be one of standard, minmax, pixels, global, none, got 'pixel'/);
  });
});

describe('the default scaling of an image data set', () => {
  it('is pixels divided by the set\'s depth (16 for digits), and the report and experiment.json say so', async () => {
    const out = path.join(tmp, 'digits');
    const dataEnv = { ...env, INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/datasets') };
    const r = await runCli(['compare', '--dataset', 'digits', '--initializers', 'he_normal', '--seeds', '1', '--epochs', '2', '--out', out, '--quiet'], { env: dataEnv });
    expect(r.code, r.stderr).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'experiment.json'), 'utf8'));
    expect([meta.config.preprocess.features, meta.data.pixelMax]).toEqual(['pixels', 16]);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('features pixels divided by 16, fitted on the training rows');
  });
});

describe('--train-rows and --test-rows', () => {
  it('train on a stratified subsample that the terminal, report.md and experiment.json all state', async () => {
    const out = path.join(tmp, 'subsample');
    const dataEnv = { ...env, INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/datasets') };
    const r = await runCli(['compare', '--dataset', 'wine-quality-red', '--train-rows', '300', '--test-rows', '100', '--initializers', 'he_normal', '--seeds', '1', '--epochs', '2', '--out', out, '--quiet'], { env: dataEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wine-quality-red \(1599 rows: 300 of 1279 train \/ 100 of 320 test, stratified subsample\)/);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('300 of 1279 training rows, 100 of 320 test rows (data.limit; stratified by class');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'experiment.json'), 'utf8')).config.data.limit).toEqual({ train: 300, test: 100 });
    const bad = await runCli(['compare', '--train-rows', '0'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^initlab: --train-rows/m);
  });
});
