// confusionMatrix options and perClassScores against scikit-learn 1.2.1. Reference numbers come from
// __fixtures__/sklearn-1.2.1-confusion.json (written by generate_sklearn_confusion.py with Debian's
// scikit-learn 1.2.1); the published values are ported from sklearn/metrics/tests/test_classification.py,
// named in each test.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confusionMatrix, perClassScores, precisionRecallF1, type ConfusionMatrixOptions } from './classification.js';
import { EvalError } from './errors.js';

interface Case {
  name: string;
  yTrue: number[];
  yPred: number[];
  matrix: number[][];
  labels?: number[];
  sampleWeight?: number[];
  normalize?: 'true' | 'pred' | 'all';
  recall?: number[];
  precision?: number[];
}
const fixture = JSON.parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '__fixtures__/sklearn-1.2.1-confusion.json'), 'utf8'),
) as { sklearn: string; cases: Case[] };
const byName = (name: string): Case => {
  const c = fixture.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`fixture case ${name} missing`);
  return c;
};
const optionsOf = (c: Case): ConfusionMatrixOptions => ({
  ...(c.labels ? { labels: c.labels } : {}),
  ...(c.sampleWeight ? { sampleWeight: c.sampleWeight } : {}),
  ...(c.normalize ? { normalize: c.normalize } : {}),
});
const expectMatrixClose = (actual: number[][], expected: number[][]): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i]!.length);
    row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12));
  });
};

describe('confusionMatrix vs scikit-learn 1.2.1 confusion_matrix', () => {
  it('uses the fixture of scikit-learn 1.2.1', () => {
    expect(fixture.sklearn).toBe('1.2.1');
    expect(fixture.cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of fixture.cases) {
    it(`matches case ${c.name}`, () => {
      const cm = confusionMatrix(c.yTrue, c.yPred, optionsOf(c));
      if (c.sampleWeight === undefined && c.normalize === undefined) expect(cm).toEqual(c.matrix); // integer counts, exact
      else expectMatrixClose(cm, c.matrix);
    });
  }

  // test_confusion_matrix_binary: make_prediction(binary=True) gives [[22, 3], [8, 17]].
  it('gives the published binary matrix (test_confusion_matrix_binary)', () => {
    const c = byName('binary');
    expect(confusionMatrix(c.yTrue, c.yPred)).toEqual([
      [22, 3],
      [8, 17],
    ]);
  });

  // test_confusion_matrix_multiclass_subset_labels
  it('keeps the labels order and drops samples of other classes (test_confusion_matrix_multiclass_subset_labels)', () => {
    const { yTrue, yPred } = byName('multiclass');
    expect(confusionMatrix(yTrue, yPred, { labels: [0, 1] })).toEqual([
      [19, 4],
      [4, 3],
    ]);
    expect(confusionMatrix(yTrue, yPred, { labels: [2, 1] })).toEqual([
      [18, 2],
      [24, 3],
    ]);
    // a label not in y_true gives zeros for that row and column
    const extra = Math.max(...yTrue) + 1;
    expect(confusionMatrix(yTrue, yPred, { labels: [2, extra] })).toEqual([
      [18, 0],
      [0, 0],
    ]);
  });

  // test_confusion_matrix_error: an empty label list and labels none of which is in y_true are refused.
  it('refuses empty labels and labels absent from yTrue (test_confusion_matrix_error)', () => {
    const { yTrue, yPred } = byName('multiclass');
    expect(() => confusionMatrix(yTrue, yPred, { labels: [] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: labels must list the classes of the rows and columns, got an empty array]`,
    );
    expect(() => confusionMatrix(yTrue, yPred, { labels: [3, 4] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: labels must include at least one class that occurs in yTrue, got [3, 4]]`,
    );
    expect(() => confusionMatrix(yTrue, yPred, { labels: [1, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: labels must be distinct, got 1 twice (labels[1])]`,
    );
  });

  // test_confusion_matrix_normalize: every cell of the 6 permutations is 1/3 ('true', 'pred'), 1/9 ('all'), 2 (counts).
  it.each([
    ['true', 1 / 3],
    ['pred', 1 / 3],
    ['all', 1 / 9],
    [undefined, 2],
  ] as const)('normalize %s gives %d everywhere on the permutations (test_confusion_matrix_normalize)', (normalize, value) => {
    const yTest = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
    const yPred = [0, 1, 2, 0, 2, 1, 1, 0, 2, 1, 2, 0, 2, 0, 1, 2, 1, 0]; // chain(*permutations([0, 1, 2]))
    const cm = confusionMatrix(yTest, yPred, normalize === undefined ? {} : { normalize });
    for (const v of cm.flat()) expect(v).toBeCloseTo(value, 12);
  });

  // test_confusion_matrix_normalize_wrong_option
  it('refuses a normalize value outside true, pred, all (test_confusion_matrix_normalize_wrong_option)', () => {
    const yTest = [0, 0, 0, 0, 1, 1, 1, 1];
    const yPred = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(() => confusionMatrix(yTest, yPred, { normalize: true as unknown as 'true' })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: normalize must be one of true, pred, all (or left out for counts), got true]`,
    );
  });

  // test_confusion_matrix_normalize_single_class: a column that sums to 0 stays 0 instead of NaN.
  it('keeps 0 for a row or column that sums to 0 (test_confusion_matrix_normalize_single_class)', () => {
    const yTest = [0, 0, 0, 0, 1, 1, 1, 1];
    const yPred = [0, 0, 0, 0, 0, 0, 0, 0];
    const sum = (m: number[][]): number => m.flat().reduce((s, v) => s + v, 0);
    expect(sum(confusionMatrix(yTest, yPred, { normalize: 'true' }))).toBeCloseTo(2, 12);
    const pred = confusionMatrix(yTest, yPred, { normalize: 'pred' });
    expect(pred.flat().every(Number.isFinite)).toBe(true);
    expect(sum(pred)).toBeCloseTo(1, 12);
    expect(sum(confusionMatrix(yPred, yTest, { normalize: 'true' }))).toBeCloseTo(1, 12);
  });

  // test_confusion_matrix_dtype: integer weights accumulate exactly (4294967295 per sample stays exact).
  it('sums weights exactly where doubles can (test_confusion_matrix_dtype)', () => {
    const y = [0, 1, 1];
    expect(confusionMatrix(y, y, { sampleWeight: [1, 1, 1] })).toEqual([
      [1, 0],
      [0, 2],
    ]);
    const w = 4294967295;
    const cm = confusionMatrix(y, y, { sampleWeight: [w, w, w] });
    expect(cm[0]![0]).toBe(4294967295);
    expect(cm[1]![1]).toBe(8589934590);
  });

  // test_confusion_matrix_on_zero_length_input: scikit-learn returns an empty (or zero) matrix; initlab refuses.
  it('refuses empty input instead of returning a zero matrix (a deliberate difference)', () => {
    expect(() => confusionMatrix([], [], { labels: [0, 1] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: yTrue must hold at least one value, got an empty array]`,
    );
  });

  it('refuses unknown option keys, bad weights and labels beyond nClasses', () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { normalise: 'true' } as unknown as ConfusionMatrixOptions)).toThrowError(
      /^confusionMatrix: unknown option "normalise" \(did you mean "normalize"\?\); allowed: /,
    );
    expect(() => confusionMatrix([0, 1], [0, 1], { normalise: 'true' } as unknown as ConfusionMatrixOptions)).toThrow(EvalError);
    expect(() => confusionMatrix([0, 1], [0, 1], { sampleWeight: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: sampleWeight must hold one weight per sample (2), got 1]`,
    );
    expect(() => confusionMatrix([0, 1], [0, 1], { nClasses: 2, labels: [0, 2] })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: confusionMatrix: labels[1] must be a class index below nClasses 2, got 2]`,
    );
  });

  it('with every class as labels equals the default, and a weight of 0 equals leaving the sample out', () => {
    const pair = fc.integer({ min: 1, max: 4 }).chain((k) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }).map((rows) => ({ k, rows })),
    );
    fc.assert(
      fc.property(pair, ({ k, rows }) => {
        const y = rows.map((r) => r[0]);
        const p = rows.map((r) => r[1]);
        const w = rows.map((r) => r[2]);
        const all = Array.from({ length: k }, (_, c) => c);
        expect(confusionMatrix(y, p, { nClasses: k, labels: all })).toEqual(confusionMatrix(y, p, k));
        if (w.some((v) => v > 0)) {
          const repeated = rows.flatMap((r) => Array.from({ length: r[2] }, () => r));
          expect(confusionMatrix(y, p, { nClasses: k, sampleWeight: w })).toEqual(
            confusionMatrix(repeated.map((r) => r[0]), repeated.map((r) => r[1]), k),
          );
        }
      }),
    );
  });
});

describe('perClassScores', () => {
  for (const c of fixture.cases.filter((x) => x.recall !== undefined)) {
    it(`equals recall_score / precision_score(average=None) on case ${c.name}`, () => {
      const scores = perClassScores(confusionMatrix(c.yTrue, c.yPred, optionsOf(c)));
      scores.recall.forEach((v, i) => expect(v).toBeCloseTo(c.recall![i]!, 12));
      scores.precision.forEach((v, i) => expect(v).toBeCloseTo(c.precision![i]!, 12));
      expect(scores.recall.length).toBe(c.recall!.length);
    });
  }

  it('is the diagonal of the normalised matrices, and agrees with precisionRecallF1', () => {
    const { yTrue, yPred } = byName('multiclass');
    const scores = perClassScores(confusionMatrix(yTrue, yPred));
    const byTrue = confusionMatrix(yTrue, yPred, { normalize: 'true' });
    const byPred = confusionMatrix(yTrue, yPred, { normalize: 'pred' });
    scores.recall.forEach((v, c) => expect(v).toBe(byTrue[c]![c]));
    scores.precision.forEach((v, c) => expect(v).toBe(byPred[c]![c]));
    const report = precisionRecallF1(yTrue, yPred);
    expect(scores.support).toEqual(report.perClass.map((s) => s.support));
    scores.recall.forEach((v, c) => expect(v).toBe(report.perClass[c]!.recall));
  });

  it('marks 0/0 with zeroDivision and checks its matrix', () => {
    const m = [
      [1, 0],
      [0, 0],
    ];
    expect(perClassScores(m)).toEqual({ recall: [1, 0], precision: [1, 0], support: [1, 0], predicted: [1, 0] });
    expect(perClassScores(m, { zeroDivision: null }).recall).toEqual([1, null]);
    expect(perClassScores(m, { zeroDivision: 1 }).precision).toEqual([1, 1]);
    expect(() => perClassScores(m, { zeroDivision: 2 as 0 })).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: perClassScores: zeroDivision must be 0, 1 or null, got 2]`,
    );
    expect(() => perClassScores([[1, 2]])).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: perClassScores: matrix must be square (1 rows of 1), got matrix[0] of length 2]`,
    );
    expect(() => perClassScores([[-1]])).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: perClassScores: matrix[0][0] must be a finite count >= 0, got -1]`,
    );
    expect(() => perClassScores([])).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: perClassScores: matrix must hold at least one row, got an empty array]`,
    );
    expect(() => perClassScores(m, { zero: 0 } as never)).toThrow(/perClassScores: unknown option "zero"/);
  });
});
