import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from './minmax-scaler.js';

describe('MinMaxScaler', () => {
  it('maps each column onto [0, 1] by default', () => {
    const scaler = new MinMaxScaler().fit([[0, -5], [10, 5], [5, 0]]);
    expect(scaler.dataMin).toEqual([0, -5]);
    expect(scaler.dataMax).toEqual([10, 5]);
    expect(scaler.dataRange).toEqual([10, 10]);
    expect(scaler.transform([[0, -5], [10, 5], [5, 0]])).toEqual([[0, 0], [1, 1], [0.5, 0.5]]);
    expect(scaler.nFeatures).toBe(2);
    expect(scaler.nSamplesSeen).toBe(3);
  });

  it('uses featureRange, maps a constant column to its low end, and clips only when asked', () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0, 7], [4, 7]]);
    expect(scaler.scale).toEqual([0.5, 2]);
    expect(scaler.min).toEqual([-1, -15]);
    expect(scaler.transform([[2, 7], [8, 7]])).toEqual([[0, -1], [3, -1]]);
    const clipped = new MinMaxScaler({ featureRange: [-1, 1], clip: true }).fit([[0], [4]]);
    expect(clipped.transform([[8], [-4]])).toEqual([[1], [-1]]);
  });

  it('inverseTransform undoes transform (property)', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 30 }), (rows) => {
        const X = rows.map(([a, b]) => [a, b]);
        // A column whose range is a few ulps of its magnitude is ill-conditioned under
        // scikit-learn's formula (min_ = low − data_min·scale reaches ~1e16 and rounds by units):
        // scikit-learn gives the same garbage there, so the property excludes it.
        for (const c of [0, 1]) {
          const col = X.map((x) => x[c] as number);
          const lo = Math.min(...col);
          const hi = Math.max(...col);
          fc.pre(hi - lo === 0 || hi - lo > 1e-6 * Math.max(1, Math.abs(lo), Math.abs(hi)));
        }
        const scaler = new MinMaxScaler({ featureRange: [-2, 3] }).fit(X);
        const Z = scaler.transform(X);
        Z.flat().forEach((v) => {
          expect(v).toBeGreaterThanOrEqual(-2 - 1e-9);
          expect(v).toBeLessThanOrEqual(3 + 1e-9);
        });
        scaler.inverseTransform(Z).forEach((row, r) =>
          row.forEach((v, c) => expect(Math.abs(v - (X[r]?.[c] as number))).toBeLessThanOrEqual(1e-8 * Math.max(1, ...X.map((x) => Math.abs(x[c] as number))))),
        );
      }),
    );
  });

  it('round-trips through JSON', () => {
    const scaler = new MinMaxScaler({ featureRange: [2, 4], clip: true }).fit([[1, 5], [3, 9]]);
    const copy = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(copy.toJSON()).toEqual(scaler.toJSON());
    expect(copy.transform([[2, 100]])).toEqual([[3, 4]]);
  });

  it('refuses a bad featureRange, transform before fit, and a width mismatch', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler: featureRange must be [low, high] with finite low < high, got [1, 0]]`,
    );
    expect(() => new MinMaxScaler().transform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler.transform: the scaler is not fitted yet; call fit(X), partialFit(X) or fitTransform(X) first]`,
    );
    expect(() => new MinMaxScaler().fit([[1, 2]]).transform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler.transform: X must have 2 features per row, as in fit, got 1]`,
    );
    expect(() => MinMaxScaler.fromJSON({ type: 'MinMaxScaler', featureRange: [3, 3], clip: false, fitted: null })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler.fromJSON: featureRange must have low < high, got [3, 3]]`,
    );
  });
});

describe('MinMaxScaler partialFit, NaN and float32 round-trip through JSON', () => {
  it('keeps the dtype, NaN statistics and the batch count', () => {
    const scaler = new MinMaxScaler().partialFit([Float32Array.of(1, NaN), Float32Array.of(3, NaN)]).partialFit([Float32Array.of(2, NaN)]);
    expect([scaler.dtype, scaler.nSamplesSeen, scaler.dataMin[0], scaler.dataMax[0]]).toEqual(['float32', 3, 1, 3]);
    expect(scaler.dataMin[1]).toBeNaN();
    const json = JSON.parse(JSON.stringify(scaler)) as unknown;
    const copy = MinMaxScaler.fromJSON(json);
    expect(copy.toJSON()).toEqual(scaler.toJSON());
    expect(copy.transform([Float32Array.of(2.5, 1)])).toEqual(scaler.transform([Float32Array.of(2.5, 1)]));
    // A float64 batch after float32 ones makes the statistics float64, as np.minimum promotes.
    expect(copy.partialFit([[0, 1]]).dtype).toBe('float64');
    expect(() => MinMaxScaler.fromJSON({ ...scaler.toJSON(), fitted: { ...scaler.toJSON().fitted, dtype: 'int8' } })).toThrow(
      /fitted.dtype must be "float32" or "float64"/,
    );
    expect(() => new MinMaxScaler().fit([[1, 2]]).partialFit([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler.partialFit: X must have 2 features per row, as in earlier batches, got 1]`,
    );
  });
});
