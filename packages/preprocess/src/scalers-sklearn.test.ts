// The scalers against scikit-learn 1.2.1 beyond one fit: partial_fit batches, NaN, sample_weight, float32 and
// the with_mean / with_std switches. Reference values: generate_sklearn_fixtures.py, section 10.
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from './minmax-scaler.js';
import { StandardScaler } from './standard-scaler.js';
import { matrixFamily, nan, sklearn, weightsFamily, type ScalerState } from './__fixtures__/load.js';

const total = (batches: readonly number[]) => batches.reduce((a, b) => a + b, 0);
const stat = (v: (number | null)[] | null) => (v === null ? null : nan(v));
const plain = (rows: ArrayLike<number>[]) => rows.map((r) => Array.from(r));

// Weighted sums go through np.matmul (BLAS) in scikit-learn, whose summation order depends on the BLAS build:
// those statistics are compared to 1e-12 (relative), everything else bit for bit.
function expectState(scaler: StandardScaler, want: ScalerState, exact: boolean) {
  const got = { mean: scaler.mean, var: scaler.var, scale: scaler.scale, nSamplesSeen: scaler.nSamplesSeen };
  const ref = { mean: stat(want.mean), var: stat(want.var), scale: stat(want.scale), nSamplesSeen: want.nSamplesSeen };
  if (exact) {
    expect(got).toEqual(ref);
    return;
  }
  expect(got.nSamplesSeen).toEqual(ref.nSamplesSeen);
  for (const key of ['mean', 'var', 'scale'] as const) {
    const g = got[key];
    const r = ref[key];
    if (r === null || g === null) {
      expect(g).toEqual(r);
      continue;
    }
    g.forEach((v, k) => expect(Math.abs(v - (r[k] as number))).toBeLessThanOrEqual(1e-12 * Math.abs(r[k] as number)));
  }
}

describe('StandardScaler.partialFit, NaN, sampleWeight and float32 against scikit-learn', () => {
  it.each(sklearn.standardScalerPartial.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const X = matrixFamily(c, total(c.batches));
    const w = c.weighted ? weightsFamily(c.seed, X.length) : undefined;
    const scaler = new StandardScaler({ withMean: c.withMean, withStd: c.withStd });
    let start = 0;
    c.batches.forEach((b, i) => {
      const opts = w === undefined ? undefined : { sampleWeight: w.slice(start, start + b) };
      scaler.partialFit(X.slice(start, start + b), opts);
      expectState(scaler, c.states[i] as ScalerState, !c.weighted);
      start += b;
    });
    if (c.fitAll !== undefined) expectState(new StandardScaler({ withMean: c.withMean, withStd: c.withStd }).fit(X), c.fitAll, true);

    const picked = c.rows.map((r) => X[r] as ArrayLike<number>);
    const T = scaler.transform(picked as number[][]);
    // float32 data stays float32, as NumPy keeps X.dtype.
    expect(T.every((row) => row instanceof Float32Array)).toBe(c.transformDtype === 'float32');
    const back = scaler.inverseTransform(T);
    if (c.weighted) {
      plain(T).forEach((row, i) =>
        row.forEach((v, k) => {
          const want = nan(c.transformed[i] as (number | null)[])[k] as number;
          if (Number.isNaN(want)) expect(v).toBeNaN();
          else expect(v).toBeCloseTo(want, 9);
        }),
      );
    } else {
      expect(plain(T)).toEqual(c.transformed.map(nan));
      expect(plain(back)).toEqual(c.inverse.map(nan));
    }
  });

  it('the fixtures cover batches, NaN, weights, float32 and every withMean/withStd pair', () => {
    const cases = sklearn.standardScalerPartial;
    expect(cases.some((c) => c.batches.length > 1 && c.d === 1 && total(c.batches) > 8192)).toBe(true);
    expect(cases.some((c) => c.nanShare > 0 && c.states.some((s) => Array.isArray(s.nSamplesSeen)))).toBe(true);
    expect(cases.some((c) => c.weighted && c.float32)).toBe(true);
    expect(new Set(cases.map((c) => `${c.withMean}/${c.withStd}`))).toEqual(new Set(['true/true', 'false/true', 'true/false', 'false/false']));
  });
});

describe('MinMaxScaler.partialFit, NaN and float32 against scikit-learn', () => {
  it.each(sklearn.minMaxScalerPartial.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const X = matrixFamily(c, total(c.batches));
    const scaler = new MinMaxScaler({ featureRange: c.featureRange, clip: c.clip });
    let start = 0;
    for (const b of c.batches) {
      scaler.partialFit(X.slice(start, start + b));
      start += b;
    }
    expect([scaler.dataMin, scaler.dataMax, scaler.dataRange, scaler.scale, scaler.min]).toEqual(
      [c.dataMin, c.dataMax, c.dataRange, c.scale, c.min].map(nan),
    );
    expect(scaler.nSamplesSeen).toBe(c.nSamplesSeen);
    expect(scaler.dtype).toBe(c.float32 ? 'float32' : 'float64');
    const picked = c.rows.map((r) => X[r] as ArrayLike<number>) as number[][];
    const T = scaler.transform(picked);
    expect(T.every((row) => row instanceof Float32Array)).toBe(c.transformDtype === 'float32');
    expect(plain(T)).toEqual(c.transformed.map(nan));
    expect(plain(scaler.inverseTransform(T))).toEqual(c.inverse.map(nan));
    const shifted = picked.map((row) => (c.float32 ? Float32Array.from(row, (v) => v * 1.5) : Array.from(row, (v) => v * 1.5)));
    expect(plain(scaler.transform(shifted as number[][]))).toEqual(c.shifted.map(nan));
  });
});
