// The per-class section of multi-class reports (issue 13): the best initializer's per-class recall over seeds
// and its summed confusion matrix, in report.md and report.html, from each run's recorded confusionMatrix.
import { summarize, summarizeExperiment, perClassScores } from '@initlab/eval';
import type { ExperimentMeta, RunResult } from '@initlab/results';
import { describe, expect, it } from 'vitest';
import { perClassLine, perClassReport } from './per-class.js';
import { renderReport } from './report.js';
import { loadFixture, makeRun } from './test-fixtures.js';

const CLASSES = ['setosa', 'versicolor', 'virginica'];
const GOOD = [
  [
    [4, 0, 0],
    [1, 2, 0],
    [0, 1, 2],
  ],
  [
    [4, 0, 0],
    [0, 3, 0],
    [0, 0, 3],
  ],
  [
    [4, 0, 0],
    [0, 2, 1],
    [1, 0, 2],
  ],
];
const MAJORITY = [
  [4, 0, 0],
  [3, 0, 0],
  [3, 0, 0],
];

function withMatrix(label: string, seed: number, m: number[][]): RunResult {
  const accuracy = m.reduce((s, row, i) => s + row[i]!, 0) / 10;
  return { ...makeRun({ label, seed, losses: [1, 0.8], metrics: { accuracy, logLoss: 0.9, macroF1: 0.5 } }), confusionMatrix: m };
}

async function multiclass(): Promise<{ meta: ExperimentMeta; results: RunResult[] }> {
  const { meta } = await loadFixture('wine');
  const data = { ...meta!.data, id: 'iris-like', task: 'multiclass' as const, classes: CLASSES, nTest: 10, trainClassCounts: [16, 12, 12] };
  const config = { ...meta!.config, initializers: [{ name: 'zeros', label: 'zeros' }, { name: 'he_normal', label: 'he_normal' }], reference: undefined };
  const baseline = { kind: 'majority-class' as const, prediction: 0, classFrequencies: [0.4, 0.3, 0.3], metrics: { accuracy: 0.4, loss: 1.09, logLoss: 1.09, macroF1: 0.19 } };
  const results = [0, 1, 2].flatMap((seed) => [withMatrix('zeros', seed, MAJORITY), withMatrix('he_normal', seed, GOOD[seed]!)]);
  return { meta: { ...meta!, data, config: { ...config, seeds: [0, 1, 2] }, baseline } as ExperimentMeta, results };
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  if (start === -1) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end).trim();
}

describe('per-class section', () => {
  it('shows the best initializer per class (recall mean and interval over seeds, support) and its summed confusion matrix', async () => {
    const { meta, results } = await multiclass();
    const { markdown, html } = await renderReport({ meta, results });
    const perClass = section(markdown, 'Per class');
    // The interval is the one summarize gives a bounded metric: recompute it from the runs' matrices.
    const recall = (c: number) => summarize(GOOD.map((m) => perClassScores(m).recall[c]!), { range: [0, 1] });
    const ci = (c: number) => recall(c).ci!.map((v) => Number(v.toPrecision(4))).join(', ');
    expect(perClass).toContain('he\\_normal (the best initializer), per class on the test split over 3 runs');
    expect(perClass).toContain('| class | recall (mean [95% CI]) | precision | support |');
    expect(perClass).toContain(`| setosa | 1 [${ci(0)}] | 0.8667 | 4 |`);
    expect(perClass).toContain(`| versicolor | 0.7778 [${ci(1)}] |`);
    expect(perClass).toContain(`| virginica | 0.7778 [${ci(2)}] |`);
    expect(perClass).toContain('he\\_normal: test confusion matrix summed over 3 runs; rows are the true class, columns the predicted class');
    expect(perClass).toContain('| true \\\\ predicted | setosa | versicolor | virginica |');
    expect(perClass).toContain('| setosa | 12 | 0 | 0 |');
    expect(perClass).toContain('| versicolor | 1 | 7 | 1 |');
    expect(perClass).toContain('| virginica | 1 | 1 | 7 |');
    expect(html).toContain('<section id="per-class">');
    expect(html).toContain('<td class="row-name">versicolor</td><td class="num">1</td><td class="num">7</td><td class="num">1</td>');
  });

  it('gives the terminal line and the JSON view from the same numbers', async () => {
    const { meta, results } = await multiclass();
    const summary = summarizeExperiment({ config: meta.config, results, baseline: meta.baseline, data: meta.data });
    const view = perClassReport(summary, meta.data)!;
    expect(view.initializer).toBe('he_normal');
    expect(view.labels).toEqual(CLASSES);
    expect(view.classes.map((c) => c.support)).toEqual([4, 3, 3]);
    expect(view.classes[1]!.recall).toBeCloseTo(7 / 9, 12);
    expect(perClassLine(view)).toMatch(/^per class \(he_normal, recall over 3 runs\): setosa 1 \[1, 1\] · versicolor 0\.7778 \[[\d.]+, [\d.]+\] · virginica 0\.7778 \[/);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('is left out for binary data and for results written before runs recorded a confusion matrix', async () => {
    const wine = await loadFixture('wine');
    const { markdown } = await renderReport({ meta: wine.meta, results: wine.results, warnings: wine.warnings });
    expect(markdown).not.toContain('## Per class');
    const { meta, results } = await multiclass();
    const old = results.map(({ confusionMatrix: _drop, ...rest }) => rest as RunResult);
    const rendered = await renderReport({ meta, results: old });
    expect(rendered.markdown).not.toContain('## Per class');
    expect(rendered.markdown).toContain('## Comparison');
  });
});
