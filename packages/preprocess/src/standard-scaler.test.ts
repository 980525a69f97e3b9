import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreprocessError } from './errors.js';
import { StandardScaler } from './standard-scaler.js';
import { TargetScaler } from './target-scaler.js';
import { trainTestSplit } from './split.js';
import { columnFamily, nan, readNumericCsv, sklearn } from './__fixtures__/load.js';

const close = (got: number[] | null, want: number[] | null) =>
  (got ?? []).forEach((v, k) => expect(Math.abs(v - (want?.[k] as number))).toBeLessThanOrEqual(1e-12 * Math.abs(want?.[k] as number)));

describe('StandardScaler', () => {
  it('uses the population standard deviation (ddof 0)', () => {
    const scaler = new StandardScaler().fit([[1], [2], [3], [4]]);
    expect(scaler.mean).toEqual([2.5]);
    expect(scaler.var).toEqual([1.25]);
    expect(scaler.scale).toEqual([Math.sqrt(1.25)]);
    expect(scaler.nSamplesSeen).toBe(4);
    expect(scaler.nFeatures).toBe(1);
  });

  it.each(sklearn.standardScalerCases.map((c) => [`${c.X.length} rows`, c] as const))(
    'matches scikit-learn on constant, near-constant and offset columns (%s)',
    (_name, c) => {
      const scaler = new StandardScaler().fit(c.X);
      expect(scaler.mean).toEqual(c.mean);
      expect(scaler.var).toEqual(c.var);
      expect(scaler.scale).toEqual(c.scale);
      expect(scaler.transform(c.X)).toEqual(c.transformed);
    },
  );

  it('gives a zero-variance column scale 1 and maps it to 0', () => {
    const scaler = new StandardScaler().fit([[5, 1], [5, 2], [5, 3]]);
    expect(scaler.scale?.[0]).toBe(1);
    expect(scaler.transform([[5, 2]])).toEqual([[0, 0]]);
  });

  it('inverseTransform undoes transform (property)', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((d) => fc.array(fc.array(finite, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 30 })),
        (X) => {
          const scaler = new StandardScaler().fit(X);
          const back = scaler.inverseTransform(scaler.transform(X));
          back.forEach((row, r) =>
            row.forEach((v, c) => {
              const want = X[r]?.[c] as number;
              expect(Math.abs(v - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want), ...X.map((x) => Math.abs(x[c] as number))));
            }),
          );
        },
      ),
    );
  });

  it('standardised training columns have mean 0 and variance 1', () => {
    const X = Array.from({ length: 200 }, (_, i) => [Math.sin(i) * 50 + 3, i * i, (i % 7) - 2]);
    const Z = new StandardScaler().fitTransform(X);
    for (let c = 0; c < 3; c++) {
      const col = Z.map((r) => r[c] as number);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length;
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(Math.abs(v - 1)).toBeLessThan(1e-12);
    }
  });

  it('withMean: false and withStd: false', () => {
    const X = [[1, 10], [3, 30]];
    const noMean = new StandardScaler({ withMean: false }).fit(X);
    expect(noMean.transform([[2, 20]])).toEqual([[2, 2]]);
    expect(noMean.inverseTransform([[2, 2]])).toEqual([[2, 20]]);
    // As scikit-learn: without withStd there is no var_ and no scale_ (None), but the mean is still learned.
    const noStd = new StandardScaler({ withStd: false }).fit(X);
    expect(noStd.scale).toBeNull();
    expect(noStd.var).toBeNull();
    expect(noStd.mean).toEqual([2, 20]);
    expect(noStd.transform([[2, 20]])).toEqual([[0, 0]]);
    const neither = new StandardScaler({ withMean: false, withStd: false }).fit(X);
    expect([neither.mean, neither.var, neither.scale, neither.nSamplesSeen]).toEqual([null, null, null, 2]);
    expect(neither.transform([[2, 20]])).toEqual([[2, 20]]);
  });

  it('accepts typed-array rows and zero rows in transform, and never mutates its input', () => {
    const X = [Float64Array.of(1, 2), Float64Array.of(3, 6)];
    const scaler = new StandardScaler().fit(X);
    // Float32 rows are float32 data: the output rows are Float32Array, as NumPy keeps X.dtype.
    expect(scaler.transform([Float32Array.of(3, 6)])).toEqual([Float32Array.of(1, 1)]);
    expect(scaler.transform([Float32Array.of(3, 6), [3, 6]])).toEqual([[1, 1], [1, 1]]);
    expect(scaler.transform([])).toEqual([]);
    expect(Array.from(X[0] ?? [])).toEqual([1, 2]);
    const mean = scaler.mean;
    if (mean !== null) mean[0] = 99;
    expect(scaler.mean?.[0]).toBe(2);
  });

  it('round-trips through JSON', () => {
    const scaler = new StandardScaler({ withMean: false }).fit([[1, 2], [3, 5], [4, 4]]);
    const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(copy.withMean).toBe(false);
    expect(copy.transform([[2, 3]])).toEqual(scaler.transform([[2, 3]]));
    expect(copy.toJSON()).toEqual(scaler.toJSON());
    expect(StandardScaler.fromJSON(new StandardScaler().toJSON()).isFitted).toBe(false);
  });

  it('refuses transform before fit', () => {
    const scaler = new StandardScaler();
    expect(() => scaler.transform([[1]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.transform: the scaler is not fitted yet; call fit(X), partialFit(X) or fitTransform(X) first]`,
    );
    expect(() => scaler.inverseTransform([[1]])).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(() => scaler.mean).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.mean: the scaler is not fitted yet; call fit(X), partialFit(X) or fitTransform(X) first]`,
    );
  });

  it('refuses a width that differs from the fitted one', () => {
    const scaler = new StandardScaler().fit([[1, 2, 3], [4, 5, 6]]);
    expect(() => scaler.transform([[1, 2]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.transform: X must have 3 features per row, as in fit, got 2]`,
    );
    expect(() => scaler.inverseTransform([[1, 2, 3, 4]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.inverseTransform: X must have 3 features per row, as in fit, got 4]`,
    );
  });

  it('refuses empty, ragged or non-finite input', () => {
    const scaler = new StandardScaler();
    expect(() => scaler.fit([])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: X must hold at least one row, got 0 rows]`,
    );
    expect(() => scaler.fit([[1, 2], [3]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: X must be rectangular, got 1 values in row 1 but 2 in row 0]`,
    );
    expect(() => scaler.fit([[1, 2], [3, Number.POSITIVE_INFINITY]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: X[1][1] must be a finite number or NaN (a missing value), got Infinity]`,
    );
    expect(() => scaler.fit([[]])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: X rows must hold at least one feature, got row 0 with 0 values]`,
    );
    expect(scaler.isFitted).toBe(false);
  });

  it('refuses bad options and malformed JSON', () => {
    expect(() => new StandardScaler({ withMean: 'yes' as unknown as boolean })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler: withMean must be true or false, got "yes"]`,
    );
    expect(() => StandardScaler.fromJSON({ type: 'MinMaxScaler' })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fromJSON: expected type "StandardScaler", got "MinMaxScaler"]`,
    );
    const saved = new StandardScaler().fit([[1, 2], [3, 4]]).toJSON();
    const broken = { ...saved, fitted: { ...saved.fitted, scale: [1] } };
    expect(() => StandardScaler.fromJSON(broken)).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fromJSON: fitted.scale must be an array of 2 numbers, got an array of length 1]`,
    );
    expect(() => StandardScaler.fromJSON(null)).toThrow(PreprocessError);
  });
});

describe('StandardScaler on one column: NumPy sums an (n, 1) column pairwise', () => {
  // scikit-learn's _incremental_mean_and_var sums with np.sum(X, axis=0); for a single column NumPy uses
  // pairwise_sum (numpy/core/src/umath/loops_utils.h.src), so a row-by-row sum differs in the last bits.
  const cases = sklearn.oneColumnStandardScaler;

  it.each(cases.map((c) => [c.kind, c.n, c] as const))('mean, var, scale and transform equal scikit-learn bit for bit (%s, n = %i)', (_k, _n, c) => {
    const x = columnFamily(c.kind, c.seed, c.n);
    const scaler = new StandardScaler().fit(x.map((v) => [v]));
    expect([scaler.mean?.[0], scaler.var?.[0], scaler.scale?.[0]]).toEqual([c.mean, c.var, c.scale]);
    const z = scaler.transform([[x[0] as number], [x[x.length - 1] as number]]);
    expect([z[0]?.[0], z[1]?.[0]]).toEqual([c.first, c.last]);
  });

  it('the fixtures tell pairwise from row-by-row summation (the test above can fail)', () => {
    // A row-by-row mean and variance, as initlab computed them before: it must disagree with NumPy somewhere.
    let differ = 0;
    for (const c of cases) {
      const x = columnFamily(c.kind, c.seed, c.n);
      let s = 0;
      for (const v of x) s += v;
      const m = s / x.length;
      let sq = 0;
      let corr = 0;
      for (const v of x) {
        corr += v - m;
        sq += (v - m) * (v - m);
      }
      if (m !== c.mean || (sq - (corr * corr) / x.length) / x.length !== c.var) differ++;
    }
    expect(differ).toBeGreaterThan(100);
  });

  it('the Boston training target (MEDV) is standardised exactly as scikit-learn does', () => {
    const y = readNumericCsv('housing.csv', ',').rows.map((r) => r[3] as number);
    const { yTrain } = trainTestSplit(y, y, { testSize: 0.2, randomState: 42 });
    const ref = sklearn.bostonTargetScaler;
    const target = new TargetScaler().fit(yTrain);
    expect([target.mean, target.var, target.scale]).toEqual([ref.mean, ref.var, ref.scale]);
    const z = target.transform(yTrain);
    expect([z[0], z[z.length - 1]]).toEqual([ref.first, ref.last]);
  });
});

describe('StandardScaler documentation examples', () => {
  it('partialFit with a missing value gives the statistics of one fit of all rows', () => {
    const online = new StandardScaler().partialFit([[1, NaN], [2, 4]]).partialFit([[3, 10], [5, 20]]);
    expect(online.mean).toEqual([2.75, 34 / 3]);
    expect(online.nSamplesSeen).toEqual([4, 3]);
    const once = new StandardScaler().fit([[1, NaN], [2, 4], [3, 10], [5, 20]]);
    expect(once.nSamplesSeen).toEqual([4, 3]);
    [once.mean, once.var].forEach((stat, i) => close(stat, [online.mean, online.var][i] ?? null));
    expect(online.transform([[NaN, 34 / 3]])).toEqual([[NaN, 0]]);
  });

  it('a column all NaN in the first batch keeps a NaN mean but restarts its variance, as scikit-learn', () => {
    const online = new StandardScaler().partialFit([[1, NaN]]).partialFit([[3, 10], [5, 20]]);
    const ref = sklearn.nanFirstBatch;
    expect([online.mean, online.var, online.scale, online.nSamplesSeen]).toEqual([
      nan(ref.mean ?? []),
      nan(ref.var ?? []),
      nan(ref.scale ?? []),
      ref.nSamplesSeen,
    ]);
    expect(online.mean?.[1]).toBeNaN();
  });

  it('saves NaN statistics (an all-NaN column) as null and reads them back', () => {
    const scaler = new StandardScaler().fit([[1, NaN], [2, NaN]]);
    expect(scaler.mean?.[1]).toBeNaN();
    const json = JSON.parse(JSON.stringify(scaler)) as { fitted: { mean: unknown[] } };
    expect(json.fitted.mean).toEqual([1.5, null]);
    const copy = StandardScaler.fromJSON(json);
    expect(copy.toJSON()).toEqual(scaler.toJSON());
    expect(copy.transform([[2, 3]])).toEqual(scaler.transform([[2, 3]]));
  });
});
