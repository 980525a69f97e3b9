import { compareGroups } from '@initlab/eval';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, formatComparisonTable, formatPValue, formatValue, htmlTable } from './renderers.js';

// Accuracy of the wine model per initializer over 5 seeds (illustrative values; zeros is deterministic).
const WINE = [
  { name: 'zeros', values: [0.559375, 0.559375, 0.559375, 0.559375, 0.559375] },
  { name: 'he_normal', values: [0.740625, 0.75, 0.734375, 0.753125, 0.74375] },
  { name: 'random_normal(stddev=5)', values: [0.6, Number.NaN, 0.58125, 0.628125, null] },
  { name: 'glorot_uniform', values: [0.734375, 0.7375, 0.75, 0.728125, 0.74375] },
  { name: 'constant(10)', values: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN] },
];

// Test MSE of the house-price model (dollars², hence the 1e10 scale).
const HOUSES = [
  { name: 'glorot_uniform', values: [2.31e10, 2.2e10, 2.45e10, 2.28e10] },
  { name: 'zeros', values: [2.02e11, 2.02e11, 2.02e11, 2.02e11] },
  { name: 'he_normal', values: [1.98e10, 2.05e10, 1.91e10, 2.1e10] },
  { name: 'lecun_normal', values: [2.21e10] },
];

describe('formatComparisonTable', () => {
  const table = compareGroups(WINE, { metric: 'accuracy', baseline: 0.559375, baselineKind: 'majority-class' });

  it('renders text for the CLI', () => {
    expect(formatComparisonTable(table, { nameHeader: 'initializer' })).toMatchInlineSnapshot(`
      "test accuracy (higher is better): mean [95% bootstrap CI] over runs; p vs best from Welch's t-test; baseline: majority-class 0.5594; vs baseline: one-sided t-test across seeds at α = 0.05 (better or worse only when significant)

      #  initializer                        mean [95% CI]  n  diverged  vs baseline   p vs best
      1  he_normal                0.7444 [0.7356, 0.7525]  5         0  better             best
      2  glorot_uniform           0.7388 [0.7294, 0.7488]  5         0  better              0.3
      3  random_normal(stddev=5)  0.6031 [0.5813, 0.6281]  3         2  better           0.0065
      4  zeros                    0.5594 [0.5594, 0.5594]  5         0  not learning     <0.001
      5  constant(10)                                   —  0         5  —                     —

      notes:
      - interval: 95% percentile bootstrap of the mean over seeds (10000 resamples, percentiles widened for few seeds), so it stays within the range of the accuracy
      - "random_normal(stddev=5)": 2 of 5 runs diverged; statistics use the other 3
      - "zeros": every run sits at the majority-class baseline 0.5594: the model does not learn
      - "constant(10)": all 5 runs diverged; no statistics"
    `);
  });

  it('renders markdown for the docs', () => {
    expect(formatComparisonTable(table, { format: 'markdown', nameHeader: 'initializer' })).toMatchInlineSnapshot(`
      "**test accuracy** (higher is better): mean [95% bootstrap CI] over runs; p vs best from Welch's t-test; baseline: majority-class 0.5594; vs baseline: one-sided t-test across seeds at α = 0.05 (better or worse only when significant)

      | # | initializer | mean [95% CI] | n | diverged | vs baseline | p vs best |
      | ---: | :--- | ---: | ---: | ---: | :--- | ---: |
      | 1 | he\\_normal | 0.7444 [0.7356, 0.7525] | 5 | 0 | better | best |
      | 2 | glorot\\_uniform | 0.7388 [0.7294, 0.7488] | 5 | 0 | better | 0.3 |
      | 3 | random\\_normal(stddev=5) | 0.6031 [0.5813, 0.6281] | 3 | 2 | better | 0.0065 |
      | 4 | zeros | 0.5594 [0.5594, 0.5594] | 5 | 0 | not learning | <0.001 |
      | 5 | constant(10) | — | 0 | 5 | — | — |

      - interval: 95% percentile bootstrap of the mean over seeds (10000 resamples, percentiles widened for few seeds), so it stays within the range of the accuracy
      - "random\\_normal(stddev=5)": 2 of 5 runs diverged; statistics use the other 3
      - "zeros": every run sits at the majority-class baseline 0.5594: the model does not learn
      - "constant(10)": all 5 runs diverged; no statistics"
    `);
  });

  it('handles lower-is-better metrics on a 1e10 scale, and n = 1', () => {
    const houses = compareGroups(HOUSES, { metric: 'mse', baseline: 2.33e10, baselineKind: 'train-mean' });
    expect(formatComparisonTable(houses)).toMatchInlineSnapshot(`
      "test MSE (lower is better): mean [95% bootstrap CI] over runs; p vs best from Welch's t-test; baseline: train-mean 2.33e10; vs baseline: one-sided t-test across seeds at α = 0.05 (better or worse only when significant)

      #  group                        mean [95% CI]  n  diverged  vs baseline          p vs best
      1  he_normal        2.01e10 [1.91e10, 2.1e10]  4         0  better                    best
      2  lecun_normal                       2.21e10  1         0  too few runs                 —
      3  glorot_uniform   2.31e10 [2.2e10, 2.45e10]  4         0  not distinguishable     0.0046
      4  zeros           2.02e11 [2.02e11, 2.02e11]  4         0  worse                   <0.001

      notes:
      - interval: 95% percentile bootstrap of the mean over seeds (10000 resamples, percentiles widened for few seeds), so it stays within the range of the MSE
      - "lecun_normal": only 1 finite run; no confidence interval
      - "lecun_normal": no p-value against the best row (needs at least 2 finite runs in both groups)
      - "glorot_uniform": not distinguishable from the train-mean baseline 2.33e10 (one-sided t-test over 4 runs, p = 0.36 ≥ α = 0.05)
      - "zeros": worse than the train-mean baseline 2.33e10 (one-sided t-test over 4 runs, p < 0.001): the model does not beat it
      - "lecun_normal": fewer than 3 finished runs, too few to test against the baseline; run at least 3 seeds"
    `);
  });

  it('names the paired test and its confidence level', () => {
    const groups = [
      { name: 'a', values: [1.0, 1.2, 0.9, 1.1, 1.05] },
      { name: 'b', values: [1.1, Number.NaN, 1.0, 1.25, 1.1] },
    ];
    const paired = compareGroups(groups, { metric: 'mse', paired: true, confidence: 0.9 });
    expect(formatComparisonTable(paired, { format: 'markdown' })).toMatchInlineSnapshot(`
      "**test MSE** (lower is better): mean [90% bootstrap CI] over runs; p vs best from paired t-test

      | # | group | mean [90% CI] | n | diverged | p vs best |
      | ---: | :--- | ---: | ---: | ---: | ---: |
      | 1 | a | 1.05 [0.94, 1.15] | 5 | 0 | best |
      | 2 | b | 1.113 [1, 1.25] | 4 | 1 | 0.016 |

      - interval: 90% percentile bootstrap of the mean over seeds (10000 resamples, percentiles widened for few seeds), so it stays within the range of the MSE
      - "b": 1 of 5 runs diverged; statistics use the other 4
      - "b": 1 pair with a diverged run left out of the paired test"
    `);
  });

  it('rejects an unknown format', () => {
    expect(() => formatComparisonTable(compareGroups([{ name: 'x', values: [1] }], { metric: 'mse' }), { format: 'html' as 'text' })).toThrowErrorMatchingInlineSnapshot(`[EvalError: formatComparisonTable: format must be 'text' or 'markdown', got "html"]`);
  });
});

describe('formatPValue', () => {
  it('uses two significant digits and a floor', () => {
    expect(formatPValue(0.07939)).toBe('0.079');
    expect(formatPValue(0.002833)).toBe('0.0028');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(0.00001855)).toBe('<0.001');
    expect(formatPValue(1)).toBe('1');
  });
});

describe('formatValue', () => {
  it('is formatNumber for finite values and an em dash otherwise', () => {
    expect([2.0234e11, 0.559375, 12345, 0.000123].map((v) => formatValue(v))).toEqual(['2.023e11', '0.5594', '1.235e4', '1.23e-4']);
    expect(formatValue(0.0089213, 3)).toBe('0.00892');
    expect([null, undefined, Number.NaN, Infinity].map((v) => formatValue(v))).toEqual(['—', '—', '—', '—']);
  });
});

describe('escapers', () => {
  it('escape HTML specials and Markdown table syntax once each', () => {
    expect(escapeHtml(`<b title="x">Tom's & Jerry</b>`)).toBe('&lt;b title=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/b&gt;');
    expect(escapeMarkdown('he_normal | *x* `y` <script> <0.001\nnext')).toBe('he\\_normal \\| \\*x\\* \\`y\\` \\<script> <0.001 next');
  });

  it('htmlTable escapes every cell, marks number columns and the column that names the row', () => {
    const html = htmlTable({ headers: ['name', 'n'], align: ['left', 'right'], rows: [['<a>', '3']] });
    expect(html).toContain('<th scope="col" class="num">n</th>');
    expect(html).toContain('<td class="row-name">&lt;a&gt;</td><td class="num">3</td>');
    // After a rank column, the name column is the one that stays in view.
    const ranked = htmlTable({ headers: ['#', 'initializer', 'mean'], align: ['right', 'left', 'right'], rows: [['1', 'he_normal', '0.9']] });
    expect(ranked).toContain('<th scope="col" class="num">#</th><th scope="col" class="row-name">initializer</th>');
    expect(ranked).toContain('<td class="num">1</td><td class="row-name">he_normal</td><td class="num">0.9</td>');
  });
});
