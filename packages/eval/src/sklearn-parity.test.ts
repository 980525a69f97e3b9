// scikit-learn parity of the options added for issue 12: logLoss `normalize` and `labels`, micro averages,
// `labels` of precisionRecallF1 and `sampleWeight` everywhere scikit-learn has it. The reference numbers come
// from __fixtures__/sklearn-1.2.1-metrics.json (written by generate_sklearn_metrics.py with Debian's
// scikit-learn 1.2.1); the published values come from scikit-learn's own tests, named in each test.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accuracy, classificationMetrics, logLoss, precisionRecallF1, type PrecisionRecallF1 } from './classification.js';
import { EvalError } from './errors.js';
import { mae, mse, r2, regressionMetrics, rmse } from './regression.js';

interface Averages {
  precision: number;
  recall: number;
  f1: number;
}
interface PrfFixture {
  perLabel: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  micro: Averages;
  macro: Averages;
  weighted: Averages;
}
interface Fixture {
  sklearn: string;
  iris: {
    yTrue: number[];
    yPred: number[];
    proba: number[][];
    sampleWeight: number[];
    prf: PrfFixture;
    prfLabels021: PrfFixture;
    prfLabels02: PrfFixture;
    prfWeighted: PrfFixture;
    prfLabels21Weighted: PrfFixture;
    accuracy: number;
    accuracyWeighted: number;
    logLoss: number;
    logLossSum: number;
    logLossWeighted: number;
    logLossWeightedSum: number;
  };
  logLossLabels: { yTrue: number[]; proba: number[][] | number[]; labels: number[]; sampleWeight?: number[]; value: number }[];
  regression: {
    name: string;
    yTrue: number[];
    yPred: number[];
    sampleWeight: number[];
    mse: number;
    rmse: number;
    mae: number;
    r2: number;
    unweighted: { mse: number; mae: number; r2: number };
  }[];
}

const fixture = JSON.parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '__fixtures__/sklearn-1.2.1-metrics.json'), 'utf8'),
) as Fixture;
const { iris } = fixture;

/** Agreement to a few ulps: both sides sum the same terms, in a different order. */
function expectClose(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
}

/** Compares a report to scikit-learn's, per listed label (in `labels` order) and averaged. */
function expectReport(r: PrecisionRecallF1, want: PrfFixture, labels: readonly number[]): void {
  labels.forEach((c, i) => {
    expectClose(r.perClass[c]!.precision, want.perLabel.precision[i]!);
    expectClose(r.perClass[c]!.recall, want.perLabel.recall[i]!);
    expectClose(r.perClass[c]!.f1, want.perLabel.f1[i]!);
    expectClose(r.perClass[c]!.support, want.perLabel.support[i]!);
  });
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    expectClose(r[average].precision, want[average].precision);
    expectClose(r[average].recall, want[average].recall);
    expectClose(r[average].f1, want[average].f1);
  }
}

/** `values` with element i repeated `times[i]` times (numpy's `np.repeat`). */
function repeat<T>(values: readonly T[], times: readonly number[]): T[] {
  return values.flatMap((v, i) => new Array<T>(times[i]!).fill(v));
}

describe('fixture', () => {
  it('was written by scikit-learn 1.2.1', () => {
    expect(fixture.sklearn).toBe('1.2.1');
    expect(iris.yTrue).toHaveLength(75);
  });
});

describe('precisionRecallF1: micro averaging and labels', () => {
  it('matches precision_recall_fscore_support on make_prediction() for average None, micro, macro, weighted', () => {
    expectReport(precisionRecallF1(iris.yTrue, iris.yPred), iris.prf, [0, 1, 2]);
  });

  it('test_classification.py test_precision_recall_f1_score_multiclass: the published values', () => {
    const r = precisionRecallF1(iris.yTrue, iris.yPred);
    // numpy's assert_array_almost_equal(x, y, 2): |x − y| < 1.5e-2
    const almost = (got: number[], want: number[]): void => got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1.5e-2));
    almost(r.perClass.map((s) => s.precision), [0.83, 0.33, 0.42]);
    almost(r.perClass.map((s) => s.recall), [0.79, 0.09, 0.9]);
    almost(r.perClass.map((s) => s.f1), [0.81, 0.15, 0.57]);
    expect(r.perClass.map((s) => s.support)).toEqual([24, 31, 20]);
    almost([r.micro.precision, r.micro.recall, r.micro.f1], [0.53, 0.53, 0.53]);
    almost([r.macro.precision, r.macro.recall, r.macro.f1], [0.53, 0.6, 0.51]);
    almost([r.weighted.precision, r.weighted.recall, r.weighted.f1], [0.51, 0.53, 0.47]);
    // "same prediction but with and explicit label ordering": labels=[0, 2, 1]
    const ordered = precisionRecallF1(iris.yTrue, iris.yPred, { labels: [0, 2, 1] });
    expect(ordered.averagedClasses).toEqual([0, 2, 1]);
    const at = (pick: (c: number) => number): number[] => ordered.averagedClasses.map(pick);
    almost(at((c) => ordered.perClass[c]!.precision), [0.83, 0.41, 0.33]);
    almost(at((c) => ordered.perClass[c]!.recall), [0.79, 0.9, 0.1]);
    almost(at((c) => ordered.perClass[c]!.f1), [0.81, 0.57, 0.15]);
    expect(at((c) => ordered.perClass[c]!.support)).toEqual([24, 20, 31]);
    expectReport(ordered, iris.prfLabels021, [0, 2, 1]);
  });

  it('micro precision, recall and F1 over every class of a multiclass problem equal the accuracy', () => {
    const r = precisionRecallF1(iris.yTrue, iris.yPred);
    const acc = accuracy(iris.yTrue, iris.yPred);
    expectClose(acc, iris.accuracy);
    expectClose(r.micro.precision, acc);
    expectClose(r.micro.recall, acc);
    expectClose(r.micro.f1, acc);
  });

  it('labels=[0, 2] averages over those classes only, micro included (pooled tp, fp, fn of 0 and 2)', () => {
    const r = precisionRecallF1(iris.yTrue, iris.yPred, { labels: [0, 2] });
    expect(r.averagedClasses).toEqual([0, 2]);
    expectReport(r, iris.prfLabels02, [0, 2]);
    expect(r.micro.f1).not.toBeCloseTo(iris.accuracy, 3);
  });

  it('a listed class that never occurs scores 0, lowers the macro average and is reported ill-defined', () => {
    // precision_recall_fscore_support([0, 1, 1], [0, 1, 0], labels=[0, 1, 2]): class 2 gives 0s
    const r = precisionRecallF1([0, 1, 1], [0, 1, 0], { labels: [0, 1, 2] });
    expect(r.perClass).toHaveLength(3);
    expect(r.macro.f1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 15);
    expect(r.micro.f1).toBeCloseTo(2 / 3, 15);
    expect(r.illDefined.map((d) => [d.classIndex, d.metric])).toEqual([
      [2, 'precision'],
      [2, 'recall'],
    ]);
  });

  it('test_precision_recall_f1_score_binary_averaged: macro is the mean, weighted the support-weighted mean', () => {
    const yTrue = [0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1];
    const yPred = [1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1];
    const r = precisionRecallF1(yTrue, yPred);
    const support = r.perClass.map((s) => s.support);
    expect(support).toEqual([8, 7]);
    for (const key of ['precision', 'recall', 'f1'] as const) {
      expect(r.macro[key]).toBeCloseTo((r.perClass[0]![key] + r.perClass[1]![key]) / 2, 15);
      expect(r.weighted[key]).toBeCloseTo((r.perClass[0]![key] * 8 + r.perClass[1]![key] * 7) / 15, 15);
    }
  });

  it('refuses labels that are not distinct class indices', () => {
    expect(() => precisionRecallF1([0, 1], [0, 1], { labels: [0, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: precisionRecallF1: labels must be distinct, got 0 twice (labels[1])]`,
    );
    expect(() => precisionRecallF1([0, 1], [0, 1], { labels: [] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: precisionRecallF1: labels must name at least one class to average over, got an empty array]`,
    );
    expect(() => precisionRecallF1([0, 1], [0, 1], { labels: [0, 3], nClasses: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: precisionRecallF1: labels[1] must be a class index below nClasses 2, got 3]`,
    );
  });
});

describe('sampleWeight (scikit-learn sample_weight)', () => {
  it('precisionRecallF1 matches scikit-learn with weights, alone and with labels=[2, 1]', () => {
    expectReport(precisionRecallF1(iris.yTrue, iris.yPred, { sampleWeight: iris.sampleWeight }), iris.prfWeighted, [0, 1, 2]);
    expectReport(
      precisionRecallF1(iris.yTrue, iris.yPred, { labels: [2, 1], sampleWeight: iris.sampleWeight }),
      iris.prfLabels21Weighted,
      [2, 1],
    );
  });

  it('accuracy and logLoss match scikit-learn with weights', () => {
    expectClose(accuracy(iris.yTrue, iris.yPred, { sampleWeight: iris.sampleWeight }), iris.accuracyWeighted);
    expectClose(logLoss(iris.yTrue, iris.proba, { sampleWeight: iris.sampleWeight }), iris.logLossWeighted);
    expectClose(logLoss(iris.yTrue, iris.proba, { sampleWeight: iris.sampleWeight, normalize: false }), iris.logLossWeightedSum);
    expectClose(classificationMetrics(iris.yTrue, iris.proba, { sampleWeight: iris.sampleWeight }).logLoss!, iris.logLossWeighted);
    // SVC's predict() is not the argmax of its Platt-scaled predict_proba, so the labels are passed as labels
    const m = classificationMetrics(iris.yTrue, iris.yPred, { sampleWeight: iris.sampleWeight });
    expectClose(m.accuracy, iris.accuracyWeighted);
    expectClose(m.report.micro.f1, iris.prfWeighted.micro.f1);
    expectClose(m.macroF1, iris.prfWeighted.macro.f1);
  });

  it.each(fixture.regression.map((c) => [c.name, c] as const))('mse, rmse, mae and r2 match scikit-learn: %s', (_, c) => {
    const opts = { sampleWeight: c.sampleWeight };
    expectClose(mse(c.yTrue, c.yPred, opts), c.mse);
    expectClose(rmse(c.yTrue, c.yPred, opts), c.rmse);
    expectClose(mae(c.yTrue, c.yPred, opts), c.mae);
    expectClose(r2(c.yTrue, c.yPred, opts), c.r2);
    const all = regressionMetrics(c.yTrue, c.yPred, opts);
    expectClose(all.mse, c.mse);
    expectClose(all.r2, c.r2);
    expectClose(mse(c.yTrue, c.yPred), c.unweighted.mse);
    expectClose(mae(c.yTrue, c.yPred), c.unweighted.mae);
    expectClose(r2(c.yTrue, c.yPred), c.unweighted.r2);
  });

  it('test_regression.py test_regression_custom_weights: the published weighted values', () => {
    // scikit-learn weights the two output columns 0.4/0.6 there; initlab is single-output, so the same
    // numbers come from the columns' own errors: mse 0.39, mae 0.475 as 0.4·col0 + 0.6·col1.
    const col0 = { t: [1, 2.5, 4.5, 5], p: [1, 2, 5, 5] };
    const col1 = { t: [2, -1, 3, 7], p: [1, -1, 4, 6.5] };
    expect(0.4 * mse(col0.t, col0.p) + 0.6 * mse(col1.t, col1.p)).toBeCloseTo(0.39, 2);
    expect(0.4 * mae(col0.t, col0.p) + 0.6 * mae(col1.t, col1.p)).toBeCloseTo(0.475, 3);
    expect(0.4 * r2(col0.t, col0.p) + 0.6 * r2(col1.t, col1.p)).toBeCloseTo(0.94, 2);
  });

  // test_common.py check_sample_weight_invariance, for every metric that takes weights.
  const weights = iris.sampleWeight;
  const metrics: [string, (w?: number[], keep?: (i: number) => boolean) => number][] = [
    ['accuracy', (w, keep = () => true) => accuracy(iris.yTrue.filter((_, i) => keep(i)), iris.yPred.filter((_, i) => keep(i)), { sampleWeight: w })],
    ['macro f1', (w, keep = () => true) => precisionRecallF1(iris.yTrue.filter((_, i) => keep(i)), iris.yPred.filter((_, i) => keep(i)), { sampleWeight: w }).macro.f1],
    ['micro precision', (w, keep = () => true) => precisionRecallF1(iris.yTrue.filter((_, i) => keep(i)), iris.yPred.filter((_, i) => keep(i)), { sampleWeight: w }).micro.precision],
    ['weighted recall', (w, keep = () => true) => precisionRecallF1(iris.yTrue.filter((_, i) => keep(i)), iris.yPred.filter((_, i) => keep(i)), { sampleWeight: w }).weighted.recall],
    ['logLoss', (w, keep = () => true) => logLoss(iris.yTrue.filter((_, i) => keep(i)), iris.proba.filter((_, i) => keep(i)), { sampleWeight: w })],
    ['mse', (w, keep = () => true) => mse(iris.proba.map((r) => r[0]!).filter((_, i) => keep(i)), iris.proba.map((r) => r[1]!).filter((_, i) => keep(i)), { sampleWeight: w })],
    ['mae', (w, keep = () => true) => mae(iris.proba.map((r) => r[0]!).filter((_, i) => keep(i)), iris.proba.map((r) => r[1]!).filter((_, i) => keep(i)), { sampleWeight: w })],
    ['r2', (w, keep = () => true) => r2(iris.proba.map((r) => r[0]!).filter((_, i) => keep(i)), iris.proba.map((r) => r[1]!).filter((_, i) => keep(i)), { sampleWeight: w })],
  ];

  it.each(metrics)('%s: unit weights = no weights, integer weights = repeated samples, zero weights = removed samples', (_, metric) => {
    const n = iris.yTrue.length;
    const unweighted = metric(undefined);
    expectClose(metric(new Array<number>(n).fill(1)), unweighted);
    const weighted = metric(weights);
    expect(Math.abs(weighted - unweighted)).toBeGreaterThan(1e-6);
    // scaling every weight changes nothing (every metric here is normalised)
    expectClose(metric(weights.map((w) => w * 3.5)), weighted);
    const zeroed = weights.map((w, i) => (i % 2 === 0 ? 0 : w));
    expectClose(metric(zeroed), metric(weights.filter((_, i) => i % 2 === 1), (i) => i % 2 === 1));
  });

  it('integer weights equal repeating the samples (accuracy, precisionRecallF1, logLoss, mse, r2)', () => {
    const yTrue = repeat(iris.yTrue, weights);
    const yPred = repeat(iris.yPred, weights);
    const proba = repeat(iris.proba, weights);
    expectClose(accuracy(iris.yTrue, iris.yPred, { sampleWeight: weights }), accuracy(yTrue, yPred));
    const a = precisionRecallF1(iris.yTrue, iris.yPred, { sampleWeight: weights });
    const b = precisionRecallF1(yTrue, yPred);
    expect(a.perClass.map((s) => s.support)).toEqual(b.perClass.map((s) => s.support));
    expectClose(a.macro.f1, b.macro.f1);
    expectClose(a.micro.f1, b.micro.f1);
    expectClose(logLoss(iris.yTrue, iris.proba, { sampleWeight: weights }), logLoss(yTrue, proba));
    expectClose(logLoss(iris.yTrue, iris.proba, { sampleWeight: weights, normalize: false }), logLoss(yTrue, proba, { normalize: false }));
    const t = iris.proba.map((r) => r[0]!);
    const p = iris.proba.map((r) => r[1]!);
    expectClose(mse(t, p, { sampleWeight: weights }), mse(repeat(t, weights), repeat(p, weights)));
    expectClose(r2(t, p, { sampleWeight: weights }), r2(repeat(t, weights), repeat(p, weights)));
  });

  it('refuses weights that are negative, non-finite, all zero or of the wrong length, naming the index', () => {
    expect(() => mse([1, 2], [1, 2], { sampleWeight: [1, -1] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: mse: sampleWeight[1] must be a finite number >= 0, got -1]`,
    );
    expect(() => accuracy([1, 0], [1, 0], { sampleWeight: [1, NaN] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: accuracy: sampleWeight[1] must be a finite number >= 0, got NaN]`,
    );
    expect(() => r2([1, 2], [1, 2], { sampleWeight: [0, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: r2: sampleWeight must have a weight > 0 (every weighted mean divides by their sum), got all zeros]`,
    );
    expect(() => logLoss([1, 0], [0.9, 0.2], { sampleWeight: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: sampleWeight must hold one weight per sample (2), got 1]`,
    );
    const error = (() => {
      try {
        precisionRecallF1([0], [0], { sampleWeight: [-2] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EvalError);
    expect((error as EvalError).code).toBe('INVALID_OPTION');
  });

  it('a weighted r2 is 1 when the target is constant and exactly predicted on the samples that weigh', () => {
    // r2_score([3, 3, 8], [3, 3, 1], sample_weight=[1, 2, 0]) == 1.0 (force_finite)
    expect(r2([3, 3, 8], [3, 3, 1], { sampleWeight: [1, 2, 0] })).toBe(1);
    expect(r2([3, 3, 8], [3, 4, 1], { sampleWeight: [1, 2, 0] })).toBe(0);
  });
});

describe('logLoss: normalize and labels', () => {
  it('normalize: false gives the sum, as scikit-learn (make_prediction() probabilities)', () => {
    expectClose(logLoss(iris.yTrue, iris.proba), iris.logLoss);
    expectClose(logLoss(iris.yTrue, iris.proba, { normalize: false }), iris.logLossSum);
    expectClose(logLoss(iris.yTrue, iris.proba, { normalize: true }), iris.logLoss);
  });

  it('test_classification.py test_log_loss: 0.6904911, and 0.6904911 · 6 with normalize=False on the doubled input', () => {
    const yTrue = [1, 0, 2];
    const proba = [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]];
    expect(logLoss(yTrue, proba, { normalize: true })).toBeCloseTo(0.6904911, 7);
    expect(logLoss([...yTrue, ...yTrue], [...proba, ...proba], { normalize: false })).toBeCloseTo(0.6904911 * 6, 6);
  });

  it('test_log_loss: eps clips probabilities of exactly 0 and 1', () => {
    const yTrue = [1, 0, 2, 1, 0, 2];
    const hard = [[0, 1, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]];
    const clipped = hard.map((row) => row.map((v) => Math.min(Math.max(v, 0.1), 0.9)));
    // scikit-learn clips and then (1.2) renormalises; initlab clips only, so compare against the clipped
    // probability of the true class directly: two rows of class 2 predicted with 0 → −ln 0.1 each.
    expect(logLoss(yTrue, hard, { eps: 0.1 })).toBeCloseTo((4 * -Math.log(0.9) + 2 * -Math.log(0.1)) / 6, 12);
    expect(clipped[2]![2]).toBe(0.1);
  });

  it('test_log_loss: the labels option (y_true = [2, 2] with labels=[1, 2] is −mean(ln 0.9))', () => {
    const [first, ...rest] = fixture.logLossLabels;
    expect(logLoss(first!.yTrue, first!.proba, { labels: first!.labels })).toBeCloseTo(-Math.log(0.9), 15);
    for (const c of [first!, ...rest]) {
      expectClose(logLoss(c.yTrue, c.proba, { labels: c.labels, sampleWeight: c.sampleWeight }), c.value);
    }
  });

  it('test_log_loss: "y_true contains only one label" needs labels; initlab reads the columns as classes instead', () => {
    // scikit-learn raises for y_true = [2, 2] without labels; here class 2 is column 2, which a 2-column
    // input does not have, so the label is refused with the rule.
    expect(() => logLoss([2, 2], [[0.1, 0.9], [0.1, 0.9]])).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: yTrue[0] must be a class index below nClasses 2, got 2]`,
    );
  });

  it('test_log_loss: labels=[1, 2, 3] on rows that do not sum to 1 throws (scikit-learn 1.2 renormalised to 1.0630345)', () => {
    // [[0.2, 0.7, 0.3], …] are not probabilities; scikit-learn >= 1.5 no longer renormalises them either.
    expect(() => logLoss([1, 2, 2], [[0.2, 0.7, 0.3], [0.6, 0.5, 0.3], [0.3, 0.9, 0.1]], { labels: [1, 2, 3] })).toThrow(
      /logLoss: proba\[0\] must sum to 1 \(within 0.0001\), got 1.2/,
    );
  });

  it('test_log_loss: a class count other than the labels count is refused', () => {
    expect(() => logLoss([1, 0, 2], [[0.3, 0.7], [0.5, 0.5], [0.9, 0.1]], { labels: [0, 1, 2] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: labels must name one class per probability column (2), got 3 labels]`,
    );
    expect(() => logLoss([5, 6], [0.2, 0.9], { labels: [5, 6] })).not.toThrow();
    expect(() => logLoss([5, 7], [0.2, 0.9], { labels: [5, 6] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: yTrue[1] must be one of labels [5, 6], got 7]`,
    );
    expect(() => logLoss([5, 6], [0.2, 0.9], { labels: [5, 5] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: labels must be distinct, got 5 twice (labels[1])]`,
    );
    expect(() => logLoss([0, 1], [0.2, 0.9], { normalize: 0 as unknown as boolean })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: normalize must be true (mean) or false (sum), got 0]`,
    );
  });
});

describe('sklearn/metrics/tests/test_regression.py (ported)', () => {
  it('test_regression_metrics: y + 1 on arange(50) has mse 1, mae 1 and r2 0.995', () => {
    const y = Array.from({ length: 50 }, (_, i) => i);
    const p = y.map((v) => v + 1);
    expect(mse(y, p)).toBeCloseTo(1, 7);
    expect(mae(y, p)).toBeCloseTo(1, 7);
    expect(r2(y, p)).toBeCloseTo(0.995, 2);
  });

  it('test_regression_metrics_at_limits: single samples, perfect and constant cases (force_finite)', () => {
    expect(mse([0], [0])).toBe(0);
    expect(rmse([0], [0])).toBe(0);
    expect(mae([0], [0])).toBe(0);
    expect(r2([0, 1], [0, 1])).toBe(1);
    expect(r2([0, 0], [1, -1])).toBe(0);
    expect(r2([1, 1], [1, 1])).toBe(1);
  });

  it('test_regression_single_sample: r2 of one sample throws where scikit-learn warns and returns NaN', () => {
    expect(() => r2([0], [1])).toThrowErrorMatchingInlineSnapshot(`[EvalError: r2: yTrue must hold at least 2 samples for R², got 1]`);
    expect(() => r2([0], [1], { sampleWeight: [2] })).toThrow(/at least 2 samples/);
  });
});
