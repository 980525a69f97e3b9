// Assertions ported from scikit-learn 1.2.1's sklearn/preprocessing/tests/test_data.py (and the NaN check of
// sklearn/preprocessing/tests/test_common.py), each test naming its upstream test. scikit-learn's data come from
// rng.randn; here they are RandomState.random_sample draws of the same shapes, since only the properties are ported.
import { RandomState } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from './minmax-scaler.js';
import { StandardScaler } from './standard-scaler.js';
import { sklearn } from './__fixtures__/load.js';

// X_2d of test_data.py: n_samples × n_features, each column with its own scale and offset.
function randomMatrix(seed: number, n: number, d: number): number[][] {
  const rng = new RandomState(seed);
  const scales = Array.from({ length: d }, () => rng.randomSample() * 10);
  const offsets = Array.from({ length: d }, () => rng.randomSample() * 20 - 10);
  return Array.from({ length: n }, () => Array.from({ length: d }, (_, k) => (rng.randomSample() - 0.5) * scales[k]! + offsets[k]!));
}

// np.mean / np.var (ddof 0) of each column, with NaN left out (np.nanmean / np.nanvar).
function columnStats(X: readonly ArrayLike<number>[], d: number): { mean: number[]; var: number[] } {
  const mean: number[] = [];
  const variance: number[] = [];
  for (let k = 0; k < d; k++) {
    const col = X.map((r) => r[k] as number).filter((v) => !Number.isNaN(v));
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    mean.push(m);
    variance.push(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
  }
  return { mean, var: variance };
}

// gen_batches(n, size): consecutive slices of `size` rows, the last one shorter.
function batches(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)]);
  return out;
}

// assert_array_almost_equal(got, want, digits): |got − want| < 1.5·10^−digits, NaN where NaN (one expect per
// call, so the many-step ports stay fast).
const close = (got: readonly number[] | null, want: readonly number[], digits = 6) => {
  expect(got).not.toBeNull();
  const g = got as number[];
  const bad = g.findIndex((v, k) => (Number.isNaN(want[k]) ? !Number.isNaN(v) : !(Math.abs(v - want[k]!) < 1.5 * 10 ** -digits)));
  expect(bad === -1 ? null : { index: bad, got: g[bad], want: want[bad] }).toBeNull();
};

const relClose = (got: readonly number[] | null, want: readonly number[], rtol: number) => {
  (got as number[]).forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(rtol * Math.abs(want[k]!)));
};

describe('StandardScaler: scikit-learn test_data.py', () => {
  // test_standard_scaler_sample_weight: a weight of k is k repeated rows (dense cases).
  it.each([
    { Xw: [[1, 2, 3], [4, 5, 6]], X: [[1, 2, 3], [1, 2, 3], [4, 5, 6]], w: [2.0, 1.0] },
    { Xw: [[1, 0, 1], [0, 0, 1]], X: [[1, 0, 1], [0, 0, 1], [0, 0, 1], [0, 0, 1]], w: [1, 3] },
    {
      Xw: [[1, NaN, 1], [NaN, NaN, 1]],
      X: [[1, NaN, 1], [NaN, NaN, 1], [NaN, NaN, 1], [NaN, NaN, 1]],
      w: [1, 3],
    },
  ])('test_standard_scaler_sample_weight %#', ({ Xw, X, w }) => {
    const weighted = new StandardScaler().fit(Xw, { sampleWeight: w });
    const repeated = new StandardScaler().fit(X);
    const XTest = [[1.5, 2.5, 3.5], [3.5, 4.5, 5.5]];
    close(weighted.mean, repeated.mean as number[], 7);
    close(weighted.var, repeated.var as number[], 7);
    weighted.transform(XTest).forEach((row, r) => close(row, repeated.transform(XTest)[r] as number[], 7));
  });

  it('test_raises_value_error_if_sample_weights_greater_than_1d', () => {
    const X = randomMatrix(0, 2, 3);
    const notOk = [[1], [2]] as unknown as number[];
    expect(() => new StandardScaler().fit(X, { sampleWeight: notOk })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => new StandardScaler().fit(X, { sampleWeight: [1, 2, 3] })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: sampleWeight must hold one weight per row of X (2), got 3]`,
    );
  });

  it('test_standard_scaler_1d: one row, one column, and a constant column', () => {
    const X2d = randomMatrix(1, 1000, 30);
    const oneRow = X2d.slice(0, 1);
    const row = new StandardScaler().fit(oneRow);
    close(row.mean, oneRow[0] as number[]);
    expect(row.scale).toEqual(new Array<number>(30).fill(1));
    expect(row.transform(oneRow)).toEqual([new Array<number>(30).fill(0)]);
    expect(row.nSamplesSeen).toBe(1);

    const oneCol = X2d.map((r) => [r[0] as number]);
    const col = new StandardScaler().fit(oneCol);
    const stats = columnStats(oneCol, 1);
    close(col.mean, stats.mean, 12);
    close(col.scale, stats.var.map(Math.sqrt), 12);
    const Z = col.transform(oneCol);
    close(columnStats(Z, 1).mean, [0], 12);
    close(columnStats(Z, 1).var, [1], 12);
    expect(col.nSamplesSeen).toBe(1000);
    col.inverseTransform(Z).forEach((r, i) => close(r, oneCol[i] as number[], 9));

    const ones = new StandardScaler().fit(new Array(5).fill([1]));
    expect([ones.mean, ones.scale, ones.nSamplesSeen]).toEqual([[1], [1], 5]);
    expect(ones.transform([[1]])).toEqual([[0]]);
  });

  it('test_standard_scaler_dtype: float32 data stays float32, the statistics are float64', () => {
    const X = randomMatrix(0, 10, 3);
    const X32 = X.map((r) => Float32Array.from(r));
    for (const sampleWeight of [undefined, new Array<number>(10).fill(1)]) {
      const scaler = new StandardScaler().fit(X32, { sampleWeight });
      const Z = scaler.transform(X32);
      expect(Z.every((r) => r instanceof Float32Array)).toBe(true);
      expect(new StandardScaler().fit(X, { sampleWeight }).transform(X).every((r) => Array.isArray(r))).toBe(true);
      // float64 statistics: at least one mean is not a float32 value.
      expect((scaler.mean as number[]).some((m) => Math.fround(m) !== m)).toBe(true);
    }
  });

  it.each([0, 1.0, 100.0].flatMap((constant) => [false, true].flatMap((float32) => [false, true].map((weighted) => ({ constant, float32, weighted })))))(
    'test_standard_scaler_constant_features %o',
    ({ constant, float32, weighted }) => {
      const rng = new RandomState(0);
      const sampleWeight = weighted ? Array.from({ length: 100 }, () => rng.randomSample() * 2) : undefined;
      const X = Array.from({ length: 100 }, () => (float32 ? Float32Array.of(constant) : [constant]));
      const scaler = new StandardScaler({ withMean: false });
      const Z = scaler.fit(X, { sampleWeight }).transform(X);
      expect(Math.abs((scaler.var as number[])[0] as number)).toBeLessThanOrEqual(1e-7);
      expect(scaler.scale).toEqual([1]);
      expect(Z.map((r) => r[0])).toEqual(X.map((r) => r[0]));
    },
  );

  it.each([10, 100, 10_000].flatMap((n) => [1e-10, 1, 1e10].flatMap((average) => [false, true].map((float32) => ({ n, average, float32 })))))(
    'test_standard_scaler_near_constant_features %o',
    ({ n, average, float32 }) => {
      const round = float32 ? Math.fround : (v: number) => v;
      const scales = Array.from({ length: 50 }, (_, i) => round(Number(`1e${i - 30}`)));
      const half = Math.floor(n / 2);
      const X = Array.from({ length: n }, (_, r) => {
        const row = scales.map((s) => round(r < half ? average + s : average - s));
        return float32 ? Float32Array.from(row) : row;
      });
      const scaler = new StandardScaler({ withMean: false }).fit(X);
      const variance = scaler.var as number[];
      const scale = scaler.scale as number[];
      const eps = Number.EPSILON;
      const bounds = scales.map((s) => n * eps * s * s + n * n * eps * eps * average * average);
      const within = scales.map((s, k) => s * s <= bounds[k]!);
      expect(within.some(Boolean)).toBe(true);
      within.forEach((w, k) => {
        if (!w) return;
        expect(variance[k]).toBeLessThanOrEqual(bounds[k]!);
        expect(scale[k]).toBe(1);
      });
      const representable = scales.map((_, k) => (X[0] as ArrayLike<number>)[k] !== (X[n - 1] as ArrayLike<number>)[k]);
      representable.forEach((rep, k) => {
        if (rep) return;
        expect(variance[k]).toBe(0);
        expect(scale[k]).toBe(1);
      });
      scales.forEach((s, k) => {
        if (s * s > bounds[k]! && representable[k]) expect(scale[k]).toBeCloseTo(Math.sqrt(variance[k]!), 12);
      });
    },
  );

  it('test_standard_scaler_numerical_stability (through StandardScaler; scale() is not ported)', () => {
    const log = Math.log(1e-5);
    for (const x of [new Array(8).fill(log), new Array(10).fill(log), new Array(10).fill(1e-100)]) {
      const Z = new StandardScaler().fitTransform(x.map((v: number) => [v]));
      close(Z.map((r) => r[0] as number), new Array<number>(x.length).fill(0));
    }
    // 1e100: scale() re-centres to 0, StandardScaler keeps the mean's rounding error (scale 1, constant column),
    // in scikit-learn as here.
    const big = new StandardScaler().fitTransform(new Array(10).fill([1e100]));
    expect(big[0]?.[0]).toBe(sklearn.bigConstantTransformed);
    expect(Math.abs(sklearn.bigConstantTransformed)).toBeGreaterThan(1e80);
  });

  it.each([1, 2, 50, 1000, 1042])('test_standard_scaler_partial_fit (chunk %i)', (chunk) => {
    const X = randomMatrix(2, 1000, 30);
    const n = X.length;
    // The mean at the end of the process, withStd off: var is None, as in fit.
    const batch = new StandardScaler({ withStd: false }).fit(X);
    const incr = new StandardScaler({ withStd: false });
    for (const [a, b] of batches(n, chunk)) incr.partialFit(X.slice(a, b));
    close(incr.mean, batch.mean as number[]);
    expect(incr.var).toBeNull();
    expect(incr.nSamplesSeen).toBe(batch.nSamplesSeen);

    // The std after one step.
    const first = X.slice(0, chunk);
    const one = new StandardScaler().partialFit(first);
    if (chunk === 1) {
      close(one.var, new Array<number>(30).fill(0));
      close(one.scale, new Array<number>(30).fill(1));
    } else {
      const stats = columnStats(first, 30);
      close(one.var, stats.var);
      close(one.scale, stats.var.map(Math.sqrt));
    }

    // The std until the end of the partial fits, with assert_correct_incr's counts.
    const full = new StandardScaler().fit(X);
    const steps = new StandardScaler();
    batches(n, chunk).forEach(([a, b], i) => {
      steps.partialFit(X.slice(a, b));
      expect(steps.nSamplesSeen).toBe(b !== n ? (i + 1) * chunk : i * chunk + (b - a));
    });
    close(steps.var, full.var as number[]);
    expect(steps.nSamplesSeen).toBe(full.nSamplesSeen);
  });

  it('test_standard_scaler_partial_fit_numerical_stability: rows one by one at offsets near 1e15', () => {
    const rng = new RandomState(0);
    const offsets = [0, 1].map(() => rng.randomSample() * 2e15 - 1e15);
    const scales = [0, 1].map(() => rng.randomSample() * (1e6 - 1e3) + 1e3);
    const X = Array.from({ length: 100 }, () => [0, 1].map((k) => (rng.randomSample() - 0.5) * scales[k]! + offsets[k]!));
    const batch = new StandardScaler().fit(X);
    const incr = new StandardScaler();
    for (const row of X) incr.partialFit([row]);
    relClose(incr.mean, batch.mean as number[], 1e-6);
    relClose(incr.var, batch.var as number[], 1e-6);
    relClose(incr.scale, batch.scale as number[], 1e-6);
  });

  it.each([false, true])('test_standard_scaler_trasform_with_partial_fit (weighted: %s)', (weighted) => {
    const X = randomMatrix(3, 100, 30);
    const rng = new RandomState(4);
    const w = X.map(() => rng.randomSample());
    const incr = new StandardScaler();
    X.forEach((row, i) => {
      const soFar = X.slice(0, i + 1);
      const copy = soFar.map((r) => [...r]);
      const opts = (rows: number) => (weighted ? { sampleWeight: w.slice(rows === 1 ? i : 0, i + 1) } : undefined);
      const scaledBatch = new StandardScaler().fitTransform(soFar, opts(i + 1));
      incr.partialFit([row], opts(1));
      const scaledIncr = incr.transform(soFar);
      scaledIncr.forEach((r, k) => close(r, scaledBatch[k] as number[]));
      expect(soFar).toEqual(copy); // no change to the input
      incr.inverseTransform(scaledIncr).forEach((r, k) => close(r, soFar[k] as number[]));
      (incr.var as number[]).forEach((v) => expect(v + Number.EPSILON).toBeGreaterThan(0));
      (incr.scale as number[]).forEach((v) => expect(v + Number.EPSILON).toBeGreaterThan(0));
      if (weighted) expect(incr.nSamplesSeen as number).toBeCloseTo(w.slice(0, i + 1).reduce((a, b) => a + b, 0), 12);
      else expect(incr.nSamplesSeen).toBe(i + 1);
    });
  });

  it.each([true, false].flatMap((withMean) => [true, false].map((withStd) => ({ withMean, withStd }))))(
    'test_scaler_n_samples_seen_with_nan %o',
    (opts) => {
      const X = [[0, 1, 3], [NaN, 6, 10], [5, 4, NaN], [8, 0, NaN]];
      expect(new StandardScaler(opts).fit(X).nSamplesSeen).toEqual([3, 4, 2]);
    },
  );

  it('test_scaler_return_identity: withMean and withStd off give None statistics and the identity', () => {
    const X = [[0, 1, 3], [5, 6, 0], [8, 0, 10]];
    const scaler = new StandardScaler({ withMean: false, withStd: false });
    expect(scaler.fitTransform(X)).toEqual(X);
    expect([scaler.mean, scaler.var, scaler.scale, scaler.nSamplesSeen]).toEqual([null, null, null, 3]);
    scaler.partialFit(X);
    expect([scaler.mean, scaler.var, scaler.scale, scaler.nSamplesSeen]).toEqual([null, null, null, 6]);
    scaler.fit(X);
    expect([scaler.mean, scaler.var, scaler.scale, scaler.nSamplesSeen]).toEqual([null, null, null, 3]);
    expect(scaler.inverseTransform(X)).toEqual(X);
  });

  it('test_scaler_without_centering (dense): a zero column gives no NaN, and the round trip holds', () => {
    const rng = new RandomState(42);
    const X = Array.from({ length: 4 }, () => Array.from({ length: 5 }, (_, k) => (k === 0 ? 0 : rng.randomSample() - 0.5)));
    for (const sampleWeight of [undefined, X.map(() => rng.randomSample())]) {
      const scaler = new StandardScaler({ withMean: false }).fit(X, { sampleWeight });
      const Z = scaler.transform(X);
      expect(Z.flat().some(Number.isNaN)).toBe(false);
      if (sampleWeight === undefined) close(columnStats(Z, 5).var.map(Math.sqrt), [0, 1, 1, 1, 1]);
      scaler.inverseTransform(Z).forEach((r, i) => close(r, X[i] as number[]));
    }
  });
});

describe('MinMaxScaler: scikit-learn test_data.py', () => {
  it.each([1, 2, 50, 1000, 1042])('test_minmax_scaler_partial_fit (chunk %i)', (chunk) => {
    const X = randomMatrix(5, 1000, 30);
    const n = X.length;
    const same = (a: MinMaxScaler, b: MinMaxScaler) => {
      expect([a.dataMin, a.dataMax, a.dataRange, a.scale, a.min, a.nSamplesSeen]).toEqual([
        b.dataMin,
        b.dataMax,
        b.dataRange,
        b.scale,
        b.min,
        b.nSamplesSeen,
      ]);
    };
    const incr = new MinMaxScaler();
    for (const [a, b] of batches(n, chunk)) incr.partialFit(X.slice(a, b));
    same(incr, new MinMaxScaler().fit(X));
    same(new MinMaxScaler().partialFit(X.slice(0, chunk)), new MinMaxScaler().fit(X.slice(0, chunk)));
    const steps = new MinMaxScaler();
    batches(n, chunk).forEach(([a, b], i) => {
      steps.partialFit(X.slice(a, b));
      expect(steps.nSamplesSeen).toBe(b !== n ? (i + 1) * chunk : i * chunk + (b - a));
    });
  });

  it('test_min_max_scaler_zero_variance_features', () => {
    const X = [[0.0, 1.0, +0.5], [0.0, 1.0, -0.1], [0.0, 1.0, +1.1]];
    const XNew = [[+0.0, 2.0, 0.5], [-1.0, 1.0, 0.0], [+0.0, 1.0, 1.5]];
    const scaler = new MinMaxScaler();
    const T = scaler.fitTransform(X);
    [[0.0, 0.0, 0.5], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]].forEach((r, i) => close(T[i] as number[], r));
    scaler.inverseTransform(T).forEach((r, i) => close(r, X[i] as number[]));
    const TNew = scaler.transform(XNew);
    [[+0.0, 1.0, 0.5], [-1.0, 0.0, 0.083], [+0.0, 0.0, 1.333]].forEach((r, i) => close(TNew[i] as number[], r, 2));
    const T12 = new MinMaxScaler({ featureRange: [1, 2] }).fitTransform(X);
    [[1.0, 1.0, 1.5], [1.0, 1.0, 1.0], [1.0, 1.0, 2.0]].forEach((r, i) => close(T12[i] as number[], r));
  });
});

// test_common.py, test_missing_value_handling: NaN passes through, fit ignores it, and fitting a column on its
// non-NaN rows gives the same transform.
describe.each([
  ['StandardScaler', () => new StandardScaler()],
  ['MinMaxScaler', () => new MinMaxScaler()],
] as const)('%s: scikit-learn test_common.py test_missing_value_handling', (_name, make) => {
  it('keeps NaN where it was and only there, through transform and inverseTransform', () => {
    const rng = new RandomState(42);
    const X = randomMatrix(6, 150, 4);
    for (let m = 0; m < 50; m++) {
      const r = rng.boundedInt(149);
      const c = rng.boundedInt(3);
      (X[r] as number[])[c] = NaN;
    }
    const XTrain = X.slice(0, 112);
    const XTest = X.slice(112).map((r) => [NaN, ...r.slice(1)]);
    const est = make();
    const Xt = est.fit(XTrain).transform(XTest);
    expect(Xt.map((r) => r.map(Number.isNaN))).toEqual(XTest.map((r) => r.map(Number.isNaN)));
    const back = est.inverseTransform(Xt);
    expect(back.map((r) => r.map(Number.isNaN))).toEqual(XTest.map((r) => r.map(Number.isNaN)));
    back.forEach((r, i) => r.forEach((v, k) => Number.isNaN(v) || expect(v).toBeCloseTo(XTest[i]![k]!, 9)));
    for (let k = 0; k < 4; k++) {
      const valid = XTrain.filter((r) => !Number.isNaN(r[k]!)).map((r) => [r[k]!]);
      const col = make().fit(valid);
      const Xcol = col.transform(XTest.map((r) => [r[k]!]));
      Xcol.forEach((r, i) => {
        const want = Xt[i]![k]!;
        if (Number.isNaN(want)) expect(r[0]).toBeNaN();
        else expect(r[0]).toBeCloseTo(want, 12);
      });
    }
  });
});
