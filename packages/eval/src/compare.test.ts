import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { compareGroups } from './compare.js';
import { pairedTTest, welchTTest } from './ttest.js';

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

describe('compareGroups', () => {
  const table = compareGroups(WINE, { metric: 'accuracy', baseline: 0.559375, baselineKind: 'majority-class' });

  it('sorts best first by mean, with all-diverged groups last', () => {
    expect(table.rows.map((r) => r.name)).toEqual([
      'he_normal',
      'glorot_uniform',
      'random_normal(stddev=5)',
      'zeros',
      'constant(10)',
    ]);
    expect(table.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(table.rows.map((r) => r.isBest)).toEqual([true, false, false, false, false]);
    expect(table.higherIsBetter).toBe(true);
    expect(table.title).toBe('test accuracy');
  });

  it("tests each row against the best with Welch's t-test on finite runs", () => {
    const best = WINE[1]!.values as number[];
    const [, glorot, unstable, zeros, dead] = table.rows;
    expect(glorot!.vsBest).toEqual(welchTTest(WINE[3]!.values as number[], best));
    expect(unstable!.pValue).toBe(welchTTest([0.6, 0.58125, 0.628125], best).p);
    expect(unstable!.n).toBe(3);
    expect(unstable!.diverged).toBe(2);
    expect(zeros!.pValue).toBeLessThan(1e-6);
    expect(dead!.pValue).toBeNull();
    expect(dead!.mean).toBeNull();
    expect(table.rows[0]!.vsBest).toBeNull();
  });

  it('judges each row against the baseline with a one-sided test across runs, not by its mean', () => {
    expect(table.rows.map((r) => r.baseline?.verdict ?? null)).toEqual(['better', 'better', 'better', 'no better', null]);
    expect(table.rows.map((r) => r.vsBaseline?.verdict ?? null)).toEqual(['better', 'better', 'better', 'not learning', 'too few runs']);
    // The bootstrap interval of the 3-run row lies within its runs, all above the baseline (Student's t, ±0.059, reached below it).
    expect(table.rows.map((r) => r.ciIncludesBaseline)).toEqual([false, false, false, true, null]);
    expect(table.baselineAlpha).toBe(0.05);
    expect(table.notes).toContain('"zeros": every run sits at the majority-class baseline 0.5594: the model does not learn');
  });

  it('keeps every interval inside the metric\'s range: a bootstrap for bounded metrics, Student\'s t for free-form ones', () => {
    const nearOne = compareGroups([{ name: 'a', values: [1, 1, 1, 0.98, 1] }, { name: 'b', values: [0.02, 0, 0, 0, 0.01] }], { metric: 'accuracy' });
    expect(nearOne.interval).toBe('bootstrap');
    for (const row of nearOne.rows) {
      const [low, high] = row.summary.ci!;
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThanOrEqual(row.mean!);
      expect(high).toBeGreaterThanOrEqual(row.mean!);
      expect(row.ciHalfWidth).toBeNull();
    }
    // Student's t on the same runs would pass 1 and drop below 0.
    expect(summarize([1, 1, 1, 0.98, 1]).ci![1]).toBeGreaterThan(1);
    expect(summarize([0.02, 0, 0, 0, 0.01]).ci![0]).toBeLessThan(0);
    const mse = compareGroups([{ name: 'a', values: [0.001, 0.0001, 0.02] }], { metric: 'mse' });
    expect(mse.rows[0]!.summary.ci![0]).toBeGreaterThanOrEqual(0);
    const free = compareGroups([{ name: 'a', values: [1, 2, 3] }], { metric: 'steps', higherIsBetter: false });
    expect(free.interval).toBe('student-t');
    expect(free.rows[0]!.ciHalfWidth).toBeCloseTo(summarize([1, 2, 3]).ciHalfWidth!, 12);
    expect(free.notes.some((n) => n.startsWith('interval:'))).toBe(false);
    expect(() => compareGroups([{ name: 'a', values: [1, 2] }], { metric: 'steps', higherIsBetter: false, range: [1, 0] })).toThrow(
      'compareGroups: range must be [min, max] with min < max (±Infinity for an open end), got [1, 0]',
    );
  });

  it('calls a mean a hair above the baseline "not distinguishable" when most runs sit below it', () => {
    // The case: 0.495 ± 0.0093 against 0.4917, 4 of 5 runs below the baseline.
    const t = compareGroups([{ name: 'zeros', values: [0.49, 0.489, 0.488, 0.491, 0.517] }], { metric: 'accuracy', baseline: 0.4917, baselineKind: 'majority-class' });
    expect(t.rows[0]!.baseline!.verdict).toBe('better'); // the mean alone says better…
    expect(t.rows[0]!.vsBaseline).toMatchObject({ verdict: 'not distinguishable', n: 5 }); // …the test does not
    expect(t.rows[0]!.vsBaseline!.p!).toBeGreaterThan(0.05);
    expect(t.notes[0]).toMatch(/^interval: 95% percentile bootstrap of the mean over seeds/);
    expect(t.notes[1]).toMatch(/^"zeros": not distinguishable from the majority-class baseline 0\.4917 \(one-sided t-test over 5 runs, p = 0\.\d+ ≥ α = 0\.05\)$/);
    // Two MSEs a hair apart on a 1e10 scale are not distinguishable either.
    const mse = compareGroups([{ name: 'zeros', values: [2.30e10, 2.37e10, 2.33e10, 2.36e10, 2.31e10] }], { metric: 'mse', baseline: 2.335e10 });
    expect(mse.rows[0]!.vsBaseline!.verdict).toBe('not distinguishable');
    // Clear differences are better or worse; fewer than 3 runs are too few.
    expect(compareGroups([{ name: 'a', values: [0.8, 0.82, 0.81] }], { metric: 'accuracy', baseline: 0.5 }).rows[0]!.vsBaseline!.verdict).toBe('better');
    expect(compareGroups([{ name: 'a', values: [0.3, 0.32, 0.31] }], { metric: 'accuracy', baseline: 0.5 }).rows[0]!.vsBaseline!.verdict).toBe('worse');
    expect(compareGroups([{ name: 'a', values: [0.9, 0.95] }], { metric: 'accuracy', baseline: 0.5 }).rows[0]!.vsBaseline!.verdict).toBe('too few runs');
  });

  it('handles lower-is-better metrics on a 1e10 scale, and n = 1', () => {
    const houses = compareGroups(HOUSES, { metric: 'mse', baseline: 2.33e10, baselineKind: 'train-mean' });
    expect(houses.rows.map((r) => r.name)).toEqual(['he_normal', 'lecun_normal', 'glorot_uniform', 'zeros']);
    expect(houses.rows[1]!.ciHalfWidth).toBeNull();
    expect(houses.rows[1]!.pValue).toBeNull();
  });

  it('uses the paired test on aligned seeds and drops pairs with a diverged side', () => {
    const groups = [
      { name: 'a', values: [1.0, 1.2, 0.9, 1.1, 1.05] },
      { name: 'b', values: [1.1, Number.NaN, 1.0, 1.25, 1.1] },
    ];
    const paired = compareGroups(groups, { metric: 'mse', paired: true, confidence: 0.9 });
    expect(paired.test).toBe('paired');
    expect(paired.rows[1]!.vsBest).toEqual(pairedTTest([1.1, 1.0, 1.25, 1.1], [1.0, 0.9, 1.1, 1.05], { confidence: 0.9 }));
    expect(paired.notes).toContain('"b": 1 pair with a diverged run left out of the paired test');
  });

  it('keeps input order for equal means', () => {
    const tied = compareGroups(
      [
        { name: 'first', values: [1, 2] },
        { name: 'second', values: [2, 1] },
      ],
      { metric: 'loss' },
    );
    expect(tied.rows.map((r) => r.name)).toEqual(['first', 'second']);
    expect(tied.rows[1]!.pValue).toBe(1);
  });

  it('rejects malformed groups and options', () => {
    expect(() => compareGroups([], { metric: 'mse' })).toThrowErrorMatchingInlineSnapshot(`[EvalError: compareGroups: groups must hold at least one group, got an empty array]`);
    expect(() =>
      compareGroups(
        [
          { name: 'x', values: [1] },
          { name: 'x', values: [2] },
        ],
        { metric: 'mse' },
      ),
    ).toThrowErrorMatchingInlineSnapshot(`[EvalError: compareGroups: groups[1].name must be unique, got "x" twice]`);
    expect(() =>
      compareGroups(
        [
          { name: 'x', values: [1, 2] },
          { name: 'y', values: [2] },
        ],
        { metric: 'mse', paired: true },
      ),
    ).toThrowErrorMatchingInlineSnapshot(`[EvalError: compareGroups: paired groups must all have the same number of runs, got 2 for "x" and 1 for "y"]`);
    expect(() => compareGroups([{ name: 'x', values: [] }], { metric: 'mse' })).toThrowErrorMatchingInlineSnapshot(`[EvalError: compareGroups: groups[0].values must hold at least one run, got an empty array]`);
    expect(() => compareGroups([{ name: 'x', values: [1] }], { metric: 'score' })).toThrow(/higherIsBetter must be given/);
    expect(() => compareGroups([{ name: 'x', values: [1] }], { metric: 'mse', baseline: Number.NaN })).toThrow(
      /baseline must be a finite number, got NaN/,
    );
  });
});
