import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { studentTQuantile } from './tdist.js';
import { normalSource } from './test-rng.js';

describe('summarize', () => {
  it('matches a hand computation', () => {
    // mean 5, Σ(x − 5)² = 32, s = √(32/7); t_{0.975, 7} = 2.365 (t table).
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(s.sem).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 15);
    expect(s.ciHalfWidth).toBeCloseTo((2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8), 3);
    expect(s.ciHalfWidth).toBeCloseTo(studentTQuantile(0.975, 7) * s.sem!, 15);
    expect(s.ci).toEqual([5 - s.ciHalfWidth!, 5 + s.ciHalfWidth!]);
    expect([s.min, s.max, s.median]).toEqual([2, 9, 4.5]);
    expect(s.note).toBeNull();
    expect(summarize([3, 1, 2]).median).toBe(2);
  });

  it('counts diverged runs instead of averaging them', () => {
    const s = summarize([1, Number.NaN, 3, Infinity, null, -Infinity]);
    expect(s.total).toBe(6);
    expect(s.n).toBe(2);
    expect(s.diverged).toBe(4);
    expect(s.mean).toBe(2);
    expect(s.max).toBe(3);
  });

  it('gives null, not NaN, where n cannot support a statistic, and says why', () => {
    expect(summarize([0.5594])).toEqual({
      total: 1,
      n: 1,
      diverged: 0,
      confidence: 0.95,
      mean: 0.5594,
      std: null,
      sem: null,
      ci: null,
      ciMethod: null,
      ciHalfWidth: null,
      min: 0.5594,
      max: 0.5594,
      median: 0.5594,
      note: 'only one finite value: standard deviation and confidence interval need at least 2',
    });
    const none = summarize([Number.NaN, null]);
    expect([none.mean, none.min, none.median, none.ci]).toEqual([null, null, null, null]);
    expect(none.note).toBe('no finite values: all 2 runs diverged');
  });

  it('widens with the confidence level and collapses for identical values', () => {
    const values = [1, 2, 3, 4];
    expect(summarize(values, { confidence: 0.99 }).ciHalfWidth!).toBeGreaterThan(summarize(values).ciHalfWidth!);
    expect(summarize([0.559375, 0.559375, 0.559375]).ci).toEqual([0.559375, 0.559375]);
  });

  it('rejects an empty array and a confidence outside (0, 1)', () => {
    expect(() => summarize([])).toThrowErrorMatchingInlineSnapshot(`[EvalError: summarize: values must hold at least one run, got an empty array]`);
    expect(() => summarize([1, 2], { confidence: 95 })).toThrowErrorMatchingInlineSnapshot(`[EvalError: summarize: confidence must be a number strictly between 0 and 1 (e.g. 0.95), got 95]`);
    expect(() => summarize([1, 2], { confidence: 0 })).toThrow(/confidence/);
  });

  const values = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 30 });

  it('CI contains the mean; min ≤ median ≤ max; std ≥ 0', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = summarize(xs);
        expect(s.ci![0]).toBeLessThanOrEqual(s.mean!);
        expect(s.ci![1]).toBeGreaterThanOrEqual(s.mean!);
        expect(s.min!).toBeLessThanOrEqual(s.median!);
        expect(s.median!).toBeLessThanOrEqual(s.max!);
        expect(s.mean!).toBeGreaterThanOrEqual(s.min!);
        expect(s.mean!).toBeLessThanOrEqual(s.max!);
        expect(s.std!).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is invariant under permutation', () => {
    fc.assert(
      fc.property(
        values.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))),
        ([xs, shuffled]) => {
          const a = summarize(xs);
          const b = summarize(shuffled);
          expect([b.n, b.min, b.max, b.median]).toEqual([a.n, a.min, a.max, a.median]);
          const scale = Math.max(1, ...xs.map(Math.abs));
          expect(Math.abs(b.mean! - a.mean!)).toBeLessThanOrEqual(1e-15 * scale);
          expect(Math.abs(b.std! - a.std!)).toBeLessThanOrEqual(1e-12 * scale);
        },
      ),
    );
  });

  it('covers the true mean in 95% of normal samples of size 5', () => {
    const draw = normalSource(20240601);
    const trials = 4000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 5 }, () => 10 + 3 * draw());
      const { ci } = summarize(sample);
      if (ci![0] <= 10 && 10 <= ci![1]) covered++;
    }
    // Binomial standard error √(0.95·0.05/4000) ≈ 0.0034; allow 5 of them.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / trials));
  });

  describe('with a bounded range (percentile bootstrap)', () => {
    it('keeps all-1 accuracies at [1, 1] and never passes the range', () => {
      expect(summarize([1, 1, 1, 1, 1], { range: [0, 1] }).ci).toEqual([1, 1]);
      const nearly = summarize([1, 1, 0.99, 1, 1], { range: [0, 1] });
      expect(nearly.ciMethod).toBe('bootstrap');
      expect(nearly.ci![1]).toBeLessThanOrEqual(1);
      expect(nearly.ci![0]).toBeGreaterThanOrEqual(0.99);
      expect(nearly.ciHalfWidth).toBeNull();
      // Student's t on the same runs passes 1.
      expect(summarize([1, 1, 0.99, 1, 1]).ci![1]).toBeGreaterThan(1);
      expect(summarize([1, 1, 0.99, 1, 1]).ciMethod).toBe('student-t');
    });

    it('stays within [min, max] of the runs, contains the mean and ignores run order', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), (xs) => {
          const s = summarize(xs, { range: [0, 1] });
          expect(s.ci![0]).toBeGreaterThanOrEqual(s.min!);
          expect(s.ci![1]).toBeLessThanOrEqual(s.max!);
          expect(s.ci![0]).toBeLessThanOrEqual(s.mean!);
          expect(s.ci![1]).toBeGreaterThanOrEqual(s.mean!);
          expect(summarize([...xs].reverse(), { range: [0, 1] }).ci).toEqual(s.ci);
        }),
        { numRuns: 60 },
      );
    });

    it('covers the true mean about 95% of the time for 5 seeds, despite few runs', () => {
      const draw = normalSource(777);
      const trials = 1000;
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        const sample = Array.from({ length: 5 }, () => 0.7 + 0.03 * draw());
        const { ci } = summarize(sample, { range: [0, 1] });
        if (ci![0] <= 0.7 && 0.7 <= ci![1]) covered++;
      }
      // The plain percentile interval would cover about 85% here; the expanded one is near 95%.
      expect(covered / trials).toBeGreaterThan(0.92);
      expect(covered / trials).toBeLessThan(0.985);
    });

    it('rejects a malformed range', () => {
      expect(() => summarize([1, 2], { range: [1, 1] })).toThrowErrorMatchingInlineSnapshot(`[EvalError: summarize: range must be [min, max] with min < max (±Infinity for an open end), got [1, 1]]`);
      expect(summarize([1, 2], { range: [-Infinity, Infinity] }).ciMethod).toBe('student-t');
    });
  });
});
