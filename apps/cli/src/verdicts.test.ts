// Verdicts that follow from the numbers, through the built binary: "vs baseline" is a one-sided test across
// seeds stated under the table, the terminal prints the notes report.md prints, the unscaled-target hint fires
// whenever every model loses to the mean, and a command whose every run diverged exits 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets'), INITLAB_OFFLINE: '1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-verdicts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The "- …" note lines under report.md's comparison table. */
function reportNotes(out: string): string[] {
  const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
  return md.split('\n').filter((l) => l.startsWith('- "')).map((l) => l.slice(2).replace(/\\_/g, '_'));
}

describe('verdicts against the baseline', () => {
  it('states the test under the table, and the terminal shows every note report.md shows', async () => {
    const out = path.join(tmp, 'moons');
    const r = await runCli(['compare', '--dataset', 'moons', '--initializers', 'zeros,he_normal', '--seeds', '3', '--epochs', '10', '--out', out, '--quiet'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vs baseline: one-sided t-test across seeds at α = 0.05 (better or worse only when significant)');
    const notes = reportNotes(out);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(r.stdout).toContain(note);
  });

  it('prints accuracy intervals that stay within [0, 1], and says how they were computed', async () => {
    const out = path.join(tmp, 'blobs');
    const r = await runCli(['compare', '--dataset', 'blobs', '--initializers', 'he_normal,glorot_uniform', '--seeds', '4', '--epochs', '20', '--out', out, '--quiet', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { comparison: { interval: string; rows: { mean: number; summary: { ci: [number, number] } }[] } };
    expect(doc.comparison.interval).toBe('bootstrap');
    for (const row of doc.comparison.rows) {
      expect(row.summary.ci[0]).toBeGreaterThanOrEqual(0);
      expect(row.summary.ci[1]).toBeLessThanOrEqual(1);
    }
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain('interval: 95% percentile bootstrap of the mean over seeds');
    expect(md).toMatch(/\| \d\.\d+ \[\d\.\d+, (1|0\.\d+)\] \|/);
  });

  it('never calls a model better on one seed: too few runs', async () => {
    const r = await runCli(['compare', '--dataset', 'moons', '--initializers', 'he_normal', '--seeds', '1', '--epochs', '10', '--quiet'], { env });
    expect(r.stdout).toMatch(/too few runs/);
    expect(r.stdout).toMatch(/"he_normal": fewer than 3 finished runs, too few to test against the baseline; run at least 3 seeds/);
  });

  it('hints at --scale-target whenever every model loses to the mean, even for a target of modest spread', async () => {
    // A target with mean ~100 and std ~4: the network starts near 0 and loses to the mean by orders of magnitude.
    const file = path.join(tmp, 'offset.csv');
    const rows = Array.from({ length: 80 }, (_, i) => `${(i % 9) / 9},${(i % 7) / 7},${(100 + 4 * Math.sin(i)).toFixed(3)}`);
    fs.writeFileSync(file, `a,b,y\n${rows.join('\n')}\n`);
    const r = await runCli(['compare', '--csv', file, '--target', 'y', '--initializers', 'zeros,he_normal', '--seeds', '3', '--epochs', '3', '--quiet'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: the target "y" is not scaled \(training mean 100\.\d+, std 2\.\d+\): .*initlab --scale-target/);
  });

  it('exits 1 with one line when every run diverges', async () => {
    const r = await runCli(
      ['compare', '--dataset', 'moons', '--optimizer', 'sgd', '--lr', '100000', '--scope', 'all', '--initializers', 'he_normal,glorot_uniform', '--seeds', '2', '--epochs', '3', '--quiet'],
      { env },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^initlab: every run diverged \(4 of 4\): no initializer has a test metric; lower the learning rate/m);
  });
});
