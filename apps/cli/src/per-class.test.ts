// Issue 13 through the built binary: multi-class data gets the best initializer's per-class recall and its
// summed confusion matrix in report.md and report.html, as `perClass` in --json, and as one line in the
// terminal summary; binary data gets none of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets'), INITLAB_OFFLINE: '1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-per-class-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface PerClassDoc {
  initializer: string;
  runs: number;
  labels: string[];
  confusion: number[][];
  classes: { index: number; name: string; recall: number | null; recallCi: [number, number] | null; precision: number | null; support: number }[];
}

describe('per-class view of multi-class data (compare --dataset blobs)', () => {
  const args = ['compare', '--dataset', 'blobs', '--initializers', 'zeros,he_normal', '--seeds', '3', '--epochs', '10'];

  it('puts the per-class table and the summed confusion matrix in report.md and report.html, and perClass in --json', async () => {
    const out = path.join(tmp, 'blobs');
    const r = await runCli([...args, '--out', out, '--quiet', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      perClass: PerClassDoc | null;
      data: { nTest: number; classes: string[] };
      comparison: { rows: { name: string; isBest: boolean }[] };
      results: { label: string; status: string; confusionMatrix?: number[][] | null; metrics: { accuracy: number | null } }[];
    };
    const best = doc.comparison.rows.find((row) => row.isBest)!.name;
    const view = doc.perClass!;
    expect(view.initializer).toBe(best);
    expect(view.labels).toEqual(doc.data.classes);
    expect(view.classes).toHaveLength(3);
    // The summed matrix is the sum of the runs' recorded matrices; its row sums are the supports times the runs.
    const runs = doc.results.filter((x) => x.label === best && x.status === 'ok');
    expect(view.runs).toBe(runs.length);
    const summed = view.confusion.map((row, i) => row.map((_, j) => runs.reduce((s, x) => s + x.confusionMatrix![i]![j]!, 0)));
    expect(view.confusion).toEqual(summed);
    view.classes.forEach((c, i) => {
      expect(view.confusion[i]!.reduce((s, v) => s + v, 0)).toBe(c.support * view.runs);
      expect(c.recall).toBeCloseTo(runs.reduce((s, x) => s + x.confusionMatrix![i]![i]! / c.support, 0) / runs.length, 12);
      expect(c.recallCi![0]).toBeLessThanOrEqual(c.recall!);
      expect(c.recallCi![1]).toBeGreaterThanOrEqual(c.recall!);
      expect(c.recallCi![1]).toBeLessThanOrEqual(1);
    });
    expect(view.classes.reduce((s, c) => s + c.support, 0)).toBe(doc.data.nTest);

    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## Per class\n'), md.indexOf('\n## ', md.indexOf('## Per class\n') + 1));
    expect(section).toContain(`(the best initializer), per class on the test split over ${view.runs} runs`);
    expect(section).toContain('| class | recall (mean [95% CI]) | precision | support |');
    for (const c of view.classes) expect(section).toMatch(new RegExp(`\\| ${c.name} \\| [\\d.]+ \\[[\\d.]+, [\\d.]+\\] \\| [\\d.]+ \\| ${c.support} \\|`));
    expect(section).toContain(`| true \\\\ predicted | ${view.labels.join(' | ')} |`);
    view.confusion.forEach((row, i) => expect(section).toContain(`| ${view.labels[i]} | ${row.join(' | ')} |`));
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="per-class">');
  });

  it('prints one per-class line for the best initializer in the terminal summary', async () => {
    const r = await runCli([...args, '--quiet'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^per class \(he_normal, recall over 3 runs\): 0 [\d.]+ \[[\d.]+, [\d.]+\] · 1 [\d.]+ \[[\d.]+, [\d.]+\] · 2 [\d.]+ \[/m);
  });

  it('has no per-class view for binary data', async () => {
    const r = await runCli(['compare', '--dataset', 'moons', '--initializers', 'he_normal', '--seeds', '2', '--epochs', '2', '--quiet', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { perClass: unknown; results: { confusionMatrix?: number[][] }[] };
    expect(doc.perClass).toBeNull();
    // Binary runs record their matrix too (2 × 2), for the aggregates.
    expect(doc.results[0]!.confusionMatrix).toHaveLength(2);
  });
});
