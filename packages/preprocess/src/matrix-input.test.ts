// The typed-matrix path of the splits, scalers and encoders: the same numbers as the rows path, in the
// matrix's own element type and sample shape, with no rows handed back.
import { fromRows, matrix, toRows, type Matrix } from '@initlab/matrix';
import { describe, expect, it } from 'vitest';
import {
  GlobalStandardScaler,
  MinMaxScaler,
  PixelScaler,
  PreprocessError,
  StandardScaler,
  oneHot,
  oneHotMatrix,
  trainTestSplit,
} from './index.js';

// 12 rows of 4 values (a 2 × 2 × 1 "image" each), integer pixels with a spread of values per column.
const ROWS = Array.from({ length: 12 }, (_, r) => [(r * 37) % 256, (r * 91 + 7) % 256, (r * r * 13) % 256, 255 - ((r * 53) % 256)]);
const SHAPE = [2, 2, 1] as const;
const f64 = fromRows(ROWS, 'float64', SHAPE);
const f32 = fromRows(ROWS, 'float32', SHAPE);

const scalers = {
  standard: () => new StandardScaler(),
  minmax: () => new MinMaxScaler({ featureRange: [-1, 1] }),
  pixels: () => new PixelScaler(),
  global: () => new GlobalStandardScaler(),
};

describe.each(Object.entries(scalers))('%s scaler on a typed matrix', (_name, make) => {
  it('fits the same statistics as on rows and transforms float64 values to the same numbers', () => {
    const onRows = make().fit(ROWS);
    const onMatrix = make().fit(f64);
    expect(JSON.stringify(onMatrix)).toBe(JSON.stringify(onRows));
    const out = onMatrix.transform(f64);
    expect(out.values).toBeInstanceOf(Float64Array);
    expect([out.rows, out.cols, out.sampleShape]).toEqual([12, 4, [2, 2, 1]]);
    expect(toRows(out)).toEqual(onRows.transform(ROWS));
    expect(toRows(onMatrix.inverseTransform(out))).toEqual(onRows.inverseTransform(onRows.transform(ROWS)));
  });

  it('computes a float32 matrix in float64 and rounds each result once, into a float32 matrix', () => {
    const scaler = make().fit(f32);
    expect(JSON.stringify(scaler)).toBe(JSON.stringify(make().fit(ROWS)));
    const out = scaler.transform(f32);
    expect(out.values).toBeInstanceOf(Float32Array);
    expect(out.sampleShape).toEqual([2, 2, 1]);
    const expected = make().fit(ROWS).transform(ROWS).flat().map(Math.fround);
    expect(Array.from(out.values)).toEqual(expected);
  });

  it('takes zero rows and refuses a width or value it cannot scale, naming the cell', () => {
    const scaler = make().fit(f64);
    expect(scaler.transform(matrix(new Float64Array(0), 0, 4)).rows).toBe(0);
    expect(() => scaler.transform(matrix(new Float64Array(6), 2, 3))).toThrow(/\.transform: X must have 4 features per row, as in fit, got 3$/);
    const bad = Float64Array.from(f64.values);
    bad[4 * 3 + 2] = -Infinity;
    expect(() => make().fit(matrix(bad, 12, 4))).toThrow(/\.fit: X\[3\]\[2\] must be a finite number or NaN \(a missing value\), got -Infinity$/);
    expect(() => make().fit(matrix(new Float64Array(0), 0, 4))).toThrow(/\.fit: X must hold at least one row, got 0 rows$/);
  });
});

describe('StandardScaler on a matrix with missing values and weights', () => {
  it('matches the rows path for NaN cells and sample weights', () => {
    const rows = ROWS.map((r, i) => (i % 5 === 0 ? [Number.NaN, ...r.slice(1)] : r));
    const weights = rows.map((_, i) => 1 + (i % 3));
    const onRows = new StandardScaler().fit(rows, { sampleWeight: weights });
    const onMatrix = new StandardScaler().fit(fromRows(rows), { sampleWeight: weights });
    expect(JSON.stringify(onMatrix)).toBe(JSON.stringify(onRows));
    const out = toRows(onMatrix.transform(fromRows(rows)));
    expect(out).toEqual(onRows.transform(rows));
    expect(Number.isNaN(out[0]![0])).toBe(true);
    const fitted = new StandardScaler().fitTransform(f32, { sampleWeight: weights });
    expect(Array.from(fitted.values)).toEqual(new StandardScaler().fit(ROWS, { sampleWeight: weights }).transform(ROWS).flat().map(Math.fround));
  });
});

describe('PixelScaler.firstOutOfRange', () => {
  it('finds the first value outside [0, maxValue] row by row, or null', () => {
    expect(new PixelScaler().firstOutOfRange(f32)).toBeNull();
    expect(new PixelScaler({ maxValue: 200 }).firstOutOfRange(f32)).toEqual({ row: 0, column: 3, value: 255 });
    expect(new PixelScaler().firstOutOfRange([[0, 1], [2, Number.NaN]])).toEqual({ row: 1, column: 1, value: Number.NaN });
    expect(() => new PixelScaler({ maxValue: 200 }).fit(f32)).toThrow(
      "PixelScaler.fit: pixel values must lie in [0, 200], got 255 at X[0][3]; set maxValue to the images' depth, or scale the features with standard",
    );
  });
});

describe('trainTestSplit of a typed matrix', () => {
  const y = ROWS.map((_, i) => i % 3);

  it('selects the same rows as the array split, into matrices of the same element type and sample shape', () => {
    const opts = { testSize: 0.25, randomState: 7, stratify: y };
    const onRows = trainTestSplit(ROWS, y, opts);
    const onMatrix = trainTestSplit(f32, y, opts);
    expect(onMatrix.XTrain.values).toBeInstanceOf(Float32Array);
    expect([onMatrix.XTrain.rows, onMatrix.XTest.rows, onMatrix.XTest.sampleShape]).toEqual([9, 3, [2, 2, 1]]);
    expect(toRows(onMatrix.XTrain)).toEqual(onRows.XTrain);
    expect(toRows(onMatrix.XTest)).toEqual(onRows.XTest);
    expect([onMatrix.yTrain, onMatrix.yTest]).toEqual([onRows.yTrain, onRows.yTest]);
  });

  it('refuses targets of another length, counting the matrix rows', () => {
    expect(() => trainTestSplit(f64, [0, 1])).toThrow('trainTestSplit: X and y must hold the same number of samples, got 12 rows in X and 2 targets in y');
  });
});

describe('oneHotMatrix', () => {
  it('holds the values of oneHot in a float32 (or float64) matrix', () => {
    const y = [0, 2, 1, 2];
    const m: Matrix = oneHotMatrix(y, 4);
    expect(m.values).toBeInstanceOf(Float32Array);
    expect(toRows(m)).toEqual(oneHot(y, 4));
    expect(oneHotMatrix(y, undefined, 'float64').values).toEqual(Float64Array.from(oneHot(y).flat()));
  });

  it('refuses what oneHot refuses, and nested labels, with one line', () => {
    expect(() => oneHotMatrix([0, 3], 3)).toThrow('oneHotMatrix: y values must be integers in [0, 2], got 3 at flat index 1');
    expect(() => oneHotMatrix([[0], [1]] as unknown as number[])).toThrow(/^oneHotMatrix: y must be a vector of class indices \(one per row\), got an array of shape \[2, 1\]; use oneHot for nested labels$/);
    expect(() => oneHotMatrix([0], 2, 'int8' as 'float32')).toThrow(PreprocessError);
  });
});
