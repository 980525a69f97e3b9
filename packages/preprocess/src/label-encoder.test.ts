import { describe, expect, it } from 'vitest';
import { LabelEncoder } from './label-encoder.js';
import { oneHot, toCategorical } from './one-hot.js';
import { RandomState } from '@initlab/random';

describe('LabelEncoder', () => {
  it('codes labels by their sorted position', () => {
    const enc = new LabelEncoder().fit(['paris', 'paris', 'tokyo', 'amsterdam']);
    expect(enc.classes).toEqual(['amsterdam', 'paris', 'tokyo']);
    expect(enc.transform(['tokyo', 'tokyo', 'paris'])).toEqual([2, 2, 1]);
    expect(enc.inverseTransform([0, 2])).toEqual(['amsterdam', 'tokyo']);
  });

  it('sorts by Unicode code point, as np.unique does (not by UTF-16 unit)', () => {
    // U+FF5E sorts before U+1F600 by code point but after it by UTF-16 code unit (0xD83D).
    const enc = new LabelEncoder().fit(['😀', '～', 'B', 'a']);
    expect(enc.classes).toEqual(['B', 'a', '～', '😀']);
  });

  it('round-trips through JSON', () => {
    const enc = new LabelEncoder().fit(['good', 'bad']);
    const copy = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
    expect(copy.classes).toEqual(['bad', 'good']);
    expect(() => LabelEncoder.fromJSON({ type: 'LabelEncoder', classes: ['good', 'bad'] })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.fromJSON: classes must be distinct and sorted, got "good", "bad"]`,
    );
  });

  it('errors name the method and echo the offending values', () => {
    const enc = new LabelEncoder();
    expect(() => enc.transform(['a'])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.transform: the encoder is not fitted yet; call fit(labels) or fitTransform(labels) first]`,
    );
    enc.fit(['bad', 'good']);
    expect(() => enc.transform(['good', 'great', 'awful', 'great'])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.transform: labels must be classes seen in fit ("bad", "good"), got unseen "great", "awful"]`,
    );
    expect(() => enc.inverseTransform([0, 2])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.inverseTransform: codes must be integers in [0, 1], got 2 at index 1]`,
    );
    expect(() => enc.inverseTransform([0.5])).toThrow(expect.objectContaining({ code: 'UNKNOWN_LABEL' }));
    expect(() => enc.fit(['a', 3])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.fit: labels must all be strings (one kind per encoder), got 3 at index 1]`,
    );
    expect(() => enc.fit([1, Number.NaN])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.fit: labels must all be finite numbers (one kind per encoder), got NaN at index 1]`,
    );
  });
});

describe('LabelEncoder: scikit-learn test_label.py', () => {
  // test_label_encoder, for the int64 and str parametrisations.
  it.each([
    { values: [2, 1, 3, 1, 3], classes: [1, 2, 3], unknown: [4] },
    { values: ['b', 'a', 'c', 'a', 'c'], classes: ['a', 'b', 'c'], unknown: ['d'] },
  ])('test_label_encoder (%o)', ({ values, classes, unknown }) => {
    const le = new LabelEncoder<string | number>().fit(values);
    expect(le.classes).toEqual(classes);
    expect(le.transform(values)).toEqual([1, 0, 2, 0, 2]);
    expect(le.inverseTransform([1, 0, 2, 0, 2])).toEqual(values);
    expect(new LabelEncoder<string | number>().fitTransform(values)).toEqual([1, 0, 2, 0, 2]);
    expect(() => le.transform(unknown)).toThrow(/unseen/);
  });

  it('test_label_encoder_negative_ints: numeric labels sort numerically', () => {
    const le = new LabelEncoder<number>().fit([1, 1, 4, 5, -1, 0]);
    expect(le.classes).toEqual([-1, 0, 1, 4, 5]);
    expect(le.transform([0, 1, 4, 4, 5, -1, -1])).toEqual([1, 2, 3, 3, 4, 0, 0]);
    expect(le.inverseTransform([1, 2, 3, 3, 4, 0, 0])).toEqual([0, 1, 4, 4, 5, -1, -1]);
    expect(() => le.transform([0, 6])).toThrow(expect.objectContaining({ code: 'UNKNOWN_LABEL' }));
    // Not as strings: "-10" < "-2" < "10" < "9" would be the string order.
    expect(new LabelEncoder().fit([9, 10, -2, -10]).classes).toEqual([-10, -2, 9, 10]);
    // 0 and -0 are one class (they compare equal in np.unique and in a Set).
    expect(new LabelEncoder().fit([0.5, -0, 1e-300, 0, 2]).classes).toEqual([0, 1e-300, 0.5, 2]);
  });

  it('test_label_encoder_errors: not fitted, unseen codes, and labels of the other kind', () => {
    expect(() => new LabelEncoder().transform([])).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(() => new LabelEncoder().inverseTransform([])).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    const le = new LabelEncoder().fit([1, 2, 3, -1, 1]);
    expect(() => le.inverseTransform([-2])).toThrow(expect.objectContaining({ code: 'UNKNOWN_LABEL' }));
    expect(() => le.inverseTransform([-2, -3, -4])).toThrow(expect.objectContaining({ code: 'UNKNOWN_LABEL' }));
    expect(() => le.transform(['1'])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: LabelEncoder.transform: labels must all be finite numbers (as the classes seen in fit), got "1" at index 0]`,
    );
  });

  it.each([[[2, 1, 3, 1, 3]], [['b', 'a', 'c', 'a', 'c']]])('test_label_encoder_empty_array (%o)', (values) => {
    const le = new LabelEncoder<string | number>().fit(values);
    expect(le.transform([])).toEqual([]);
    expect(le.inverseTransform([])).toEqual([]);
  });

  it('numeric classes round-trip through JSON', () => {
    const le = new LabelEncoder().fit([10, 9, -2]);
    const copy = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(le)));
    expect(copy.classes).toEqual([-2, 9, 10]);
    expect(copy.transform([9])).toEqual([1]);
    expect(() => LabelEncoder.fromJSON({ type: 'LabelEncoder', classes: [10, 9] })).toThrow(/distinct and sorted/);
    expect(() => LabelEncoder.fromJSON({ type: 'LabelEncoder', classes: [1, 'a'] })).toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
  });
});

describe('oneHot', () => {
  it('puts a single 1 at each class index', () => {
    expect(oneHot([0, 2, 1, 2], 3)).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(oneHot([], 4)).toEqual([]);
    expect(oneHot(Int32Array.of(1), 2)).toEqual([[0, 1]]);
    expect(toCategorical).toBe(oneHot);
  });

  it('refuses an index out of range, a bad nClasses and a ragged array', () => {
    expect(() => oneHot([0, 3], 3)).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: oneHot: y values must be integers in [0, 2], got 3 at flat index 1]`,
    );
    expect(() => oneHot([0], 0)).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: oneHot: nClasses must be a positive integer (or omitted for max(y) + 1), got 0]`,
    );
    expect(() => oneHot([-1], 2)).toThrow(expect.objectContaining({ code: 'INVALID_CLASS_INDEX' }));
    expect(() => oneHot([1.5])).toThrow(expect.objectContaining({ code: 'INVALID_CLASS_INDEX' }));
    expect(() => oneHot([])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: oneHot: nClasses must be given when y is empty (there is no max(y) to infer it from), got neither]`,
    );
    expect(() => oneHot([[0, 1], [1]])).toThrow(expect.objectContaining({ code: 'INVALID_MATRIX' }));
  });
});

describe('oneHot: Keras keras/src/utils/numerical_utils_test.py', () => {
  const NUM_CLASSES = 5;
  // Nested arrays of the given shape with random labels, and their flat list in C order.
  function labels(shape: number[], rng: RandomState): { y: unknown; flat: number[] } {
    const flat: number[] = [];
    const make = (depth: number): unknown =>
      depth === shape.length
        ? (flat.push(rng.boundedInt(NUM_CLASSES - 1)), flat[flat.length - 1])
        : Array.from({ length: shape[depth] as number }, () => make(depth + 1));
    return { y: make(0), flat };
  }
  const shapeOf = (a: unknown): number[] => (Array.isArray(a) ? [a.length, ...shapeOf(a[0])] : []);
  const rows = (a: unknown): number[][] => (Array.isArray(a) && !Array.isArray(a[0]) ? [a as number[]] : (a as unknown[]).flatMap(rows));

  it.each([
    [[1], [1, NUM_CLASSES]],
    [[3], [3, NUM_CLASSES]],
    [[4, 3], [4, 3, NUM_CLASSES]],
    [[5, 4, 3], [5, 4, 3, NUM_CLASSES]],
    [[3, 1], [3, NUM_CLASSES]],
    [[3, 2, 1], [3, 2, NUM_CLASSES]],
  ])('test_to_categorical %o → %o', (shape, expectedShape) => {
    const { y, flat } = labels(shape, new RandomState(shape.length * 10 + (shape[0] as number)));
    const out = toCategorical(y as number[][], NUM_CLASSES);
    expect(shapeOf(out)).toEqual(expectedShape);
    const oneHots = rows(out);
    // Exactly one 1 in every row, at the original label.
    expect(oneHots.map((r) => r.reduce((a, b) => a + b, 0))).toEqual(flat.map(() => 1));
    expect(oneHots.map((r) => r.indexOf(1))).toEqual(flat);
  });

  it('test_to_categorical_without_num_classes: max(y) + 1 classes', () => {
    expect(shapeOf(toCategorical([0, 2, 5]))).toEqual([3, 6]);
    expect(toCategorical(1)).toEqual([0, 1]);
  });
});
