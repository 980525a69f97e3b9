// NumPy legacy RandomState parity: values NumPy's own tests assert (ported from
// numpy/random/tests/test_randomstate.py, named per test), then the fixture numpy-1.24.2.json written by
// __fixtures__/generate_numpy_fixtures.py with Debian bookworm's NumPy (python3-numpy 1:1.24.2-1+deb12u1).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHOICE_OPTIONS, MT19937, RandomError, RandomState, type MT19937Seed } from './index.js';

interface Fixture {
  numpy: string;
  debianPackage: Record<string, string>;
  seeds: (number | number[])[];
  seeding: { seed: number; words: number[] }[];
  standardNormal: { seed: number; size: number; values: number[] }[];
  standardNormalLong: { seed: number; size: number; head: number[]; last: number; sha256: string }[];
  gaussSequence: { call: string; args: number[]; result: number[] | string; hasGauss: number; gauss: number }[];
  normal: { seed: number; loc: number; scale: number; size: number; values: number[] }[];
  uniform: { seed: number; low: number; high: number; size: number; values: number[] }[];
  choice: { seed: number; a: number; size: number | null; replace: boolean; p: number[] | null; float32?: boolean; result: number | number[] }[];
  shuffle: ({ seed: number; n: number; result: number[] } | { seed: number; n: number; head: number[]; sha256: string })[];
  shuffleLong: { seed: number; n: number; head: number[]; sha256: string };
  tomaxint: { seed: number; values: string[] }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(resolve(here, '__fixtures__/numpy-1.24.2.json'), 'utf8')) as Fixture;
const seedOf = (ref: number): MT19937Seed => fixture.seeds[ref]!;
const label = (ref: number): string => {
  const s = fixture.seeds[ref]!;
  return Array.isArray(s) ? (s.length > 6 ? `[${s.slice(0, 3).join(', ')}, … (${s.length} words)]` : `[${s.join(', ')}]`) : String(s);
};
const sha256 = (view: ArrayBufferView): string =>
  createHash('sha256').update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)).digest('hex');

describe('upstream: numpy/random/tests/test_randomstate.py', () => {
  const seed = 1234567890; // TestRandomDist.setup_method

  it('TestSeed.test_scalar and test_array: integer and array seeds', () => {
    // randint(1000) is boundedInt(999).
    expect(new RandomState(0).boundedInt(999)).toBe(684);
    expect(new RandomState(4294967295).boundedInt(999)).toBe(419);
    expect(new RandomState([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).boundedInt(999)).toBe(468);
    expect(new RandomState(Uint32Array.from({ length: 10 }, (_, i) => i)).boundedInt(999)).toBe(468);
    expect(new RandomState([0]).boundedInt(999)).toBe(973);
    expect(new RandomState([4294967295]).boundedInt(999)).toBe(265);
  });

  it('TestSeed.test_invalid_scalar / test_invalid_array / test_invalid_array_shape', () => {
    for (const bad of [-0.5, -1, [-0.5], [-1], [4294967296], [1, 2, 4294967296], [1, -2, 4294967296], [], [[1, 2, 3]]]) {
      expect(() => new RandomState(bad as MT19937Seed)).toThrow(RandomError);
    }
  });

  it('TestRandomDist.test_rand / test_random_sample', () => {
    const rs = new RandomState(seed);
    expect(Array.from({ length: 6 }, () => rs.randomSample())).toEqual([
      0.61879477158567997, 0.59162362775974664, 0.88868358904449662, 0.89165480011560816, 0.4575674820298663,
      0.7781880808593471,
    ]);
  });

  it('TestRandomDist.test_randn / test_standard_normal / test_randn_singleton', () => {
    const desired = [
      1.34016345771863121, 1.73759122771936081, 1.498988344300628, -0.2286433324536169, 2.031033998682787,
      2.17032494605655257,
    ];
    // Upstream compares to 15 decimals; these are the same doubles, so compare exactly.
    expect(Array.from(new RandomState(seed).randn(3, 2))).toEqual(desired);
    expect(Array.from(new RandomState(seed).standardNormal(6))).toEqual(desired);
    expect(new RandomState(seed).randn()).toBe(desired[0]);
    expect(new RandomState(seed).standardNormal()).toBe(desired[0]);
  });

  it('TestRandomDist.test_normal', () => {
    expect(Array.from(new RandomState(seed).normal(0.123456789, 2.0, 6))).toEqual([
      2.80378370443726244, 3.59863924443872163, 3.121433477601256, -0.33382987590723379, 4.18552478636557357,
      4.46410668111310471,
    ]);
  });

  it('TestRandomDist.test_normal_0: scale 0 gives loc; scale -0 is refused', () => {
    expect(new RandomState(seed).normal(0, 0)).toBe(0);
    expect(() => new RandomState(seed).normal(0, -0)).toThrow(RandomError);
  });

  it('TestRandomDist.test_uniform', () => {
    const actual = Array.from(new RandomState(seed).uniform(1.23, 10.54, 6));
    const desired = [
      6.99097932346268003, 6.73801597444323974, 9.50364421400426274, 9.53130618907631089, 5.48995325769805476,
      8.47493103280052118,
    ];
    // assert_array_almost_equal(decimal=15): upstream's desired values are written to 18 digits.
    actual.forEach((v, i) => expect(Math.abs(v - desired[i]!)).toBeLessThan(1.5e-15));
  });

  it('TestRandomDist.test_uniform_range_bounds: an infinite range is refused, a huge finite one is fine', () => {
    const rs = new RandomState(seed);
    expect(() => rs.uniform(-Infinity, 0)).toThrow(RandomError);
    expect(() => rs.uniform(0, Infinity)).toThrow(RandomError);
    expect(() => rs.uniform(-Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(RandomError);
    expect(Number.isFinite(rs.uniform(-Number.MAX_VALUE * (1 - 2 ** -52), Number.MAX_VALUE / 1e17))).toBe(true);
  });

  it('TestBroadcast.test_uniform / test_normal (seed 123456789)', () => {
    const u = Array.from(new RandomState(123456789).uniform(0, 1, 3));
    [0.53283302478975902, 0.53413660089041659, 0.50955303552646702].forEach((d, i) => expect(Math.abs(u[i]! - d)).toBeLessThan(1.5e-14));
    const n = Array.from(new RandomState(123456789).normal(0, 1, 3));
    [2.2129019979039612, 2.1283977976520019, 1.8417114045748335].forEach((d, i) => expect(Math.abs(n[i]! - d)).toBeLessThan(1.5e-14));
  });

  it('TestRandomDist.test_tomaxint (64-bit C long)', () => {
    expect(Array.from(new RandomState(seed).tomaxint(6))).toEqual([
      5707374374421908479n, 5456764827585442327n, 8196659375100692377n, 8224063923314595285n, 4220315081820346526n,
      7177518203184491332n,
    ]);
    expect(new RandomState(seed).tomaxint()).toBe(5707374374421908479n);
  });

  it('TestRandomDist.test_choice_uniform_replace / nonuniform_replace / uniform_noreplace / nonuniform_noreplace', () => {
    expect(new RandomState(seed).choice(4, { size: 4 })).toEqual([2, 3, 2, 3]);
    expect(new RandomState(seed).choice(4, { size: 4, p: [0.4, 0.4, 0.1, 0.1] })).toEqual([1, 1, 2, 2]);
    expect(new RandomState(seed).choice(4, { size: 3, replace: false })).toEqual([0, 1, 3]);
    expect(new RandomState(seed).choice(4, { size: 3, replace: false, p: [0.1, 0.3, 0.5, 0.1] })).toEqual([2, 3, 1]);
  });

  it('TestRandomDist.test_choice_noninteger', () => {
    expect(new RandomState(seed).choice(['a', 'b', 'c', 'd'], { size: 4 })).toEqual(['c', 'd', 'c', 'd']);
  });

  it('TestRandomDist.test_choice_exceptions', () => {
    const rs = new RandomState(seed);
    // JavaScript has no 3. distinct from 3, so a non-integer stands for upstream's float; upstream's 2-D
    // `a` ([[1, 2], [3, 4]]) is a list of two entries here (a README-listed difference).
    const bad: [number | unknown[], object][] = [
      [-1, { size: 3 }],
      [3.0001, { size: 3 }],
      [[], { size: 3 }],
      [[1, 2, 3, 4], { size: 3, p: [[0.25, 0.25], [0.25, 0.25]] }],
      [[1, 2], { size: 3, p: [0.4, 0.4, 0.2] }],
      [[1, 2], { size: 3, p: [1.1, -0.1] }],
      [[1, 2], { size: 3, p: [0.4, 0.4] }],
      [[1, 2, 3], { size: 4, replace: false }],
      [[1, 2, 3], { size: -2, replace: false }], // gh-13087
      [[1, 2, 3], { size: 2, replace: false, p: [1, 0, 0] }],
    ];
    for (const [a, options] of bad) expect(() => rs.choice(a as number, options as { size: number })).toThrow(RandomError);
  });

  it('TestRandomDist.test_choice_return_shape: scalars without size, empty arrays for size 0', () => {
    const rs = new RandomState(seed);
    expect(typeof rs.choice(2, { replace: true })).toBe('number');
    expect(typeof rs.choice(2, { replace: false })).toBe('number');
    expect(typeof rs.choice(2, { replace: true, p: [0.1, 0.9] })).toBe('number');
    expect(typeof rs.choice(2, { replace: false, p: [0.1, 0.9] })).toBe('number');
    expect(rs.choice([null], { replace: true })).toBeNull();
    const inner = [1, 2];
    expect(rs.choice([inner])).toBe(inner);
    expect(rs.choice(0, { size: 0 })).toEqual([]);
    expect(rs.choice([], { size: 0 })).toEqual([]);
    expect(() => rs.choice([], { size: 10 })).toThrow(RandomError);
  });

  it('TestRandomDist.test_choice_nan_probabilities', () => {
    expect(() => new RandomState(seed).choice([42, 1, 2], { p: [NaN, NaN, NaN] })).toThrow(RandomError);
  });

  it('TestRandomDist.test_shuffle / test_permutation', () => {
    const list = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];
    new RandomState(seed).shuffle(list);
    expect(list).toEqual([0, 1, 9, 6, 2, 4, 5, 8, 7, 3]);
    const pairs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0].map((i) => [i, i]); // lambda x: [(i, i) for i in x]
    new RandomState(seed).shuffle(pairs);
    expect(pairs.map(([i]) => i)).toEqual([0, 1, 9, 6, 2, 4, 5, 8, 7, 3]);
    const f32 = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    new RandomState(seed).shuffle(f32);
    expect(Array.from(f32)).toEqual([0, 1, 9, 6, 2, 4, 5, 8, 7, 3]);
    expect(new RandomState(seed).permutation(10)).toEqual([9, 0, 8, 5, 1, 3, 4, 7, 6, 2]);
  });

  it('TestSetState.test_gaussian_reset_in_media_res: the cached normal is part of the state', () => {
    // Upstream saves the state after one standard_normal() (so with has_gauss set) and replays from it;
    // here: two generators fed the same calls give the same numbers whether or not a value is cached.
    const a = new RandomState(seed);
    const b = new RandomState(seed);
    a.standardNormal();
    b.standardNormal();
    expect(Array.from(a.standardNormal(3))).toEqual(Array.from(b.standardNormal(3)));
    // The cached second value is what a fresh generator returns second.
    const fresh = new RandomState(seed).standardNormal(2);
    const split = new RandomState(seed);
    expect([split.standardNormal(), split.normal(0, 1)]).toEqual(Array.from(fresh));
  });
});

describe('upstream: numpy/random/tests/test_randomstate_regression.py (TestRegression)', () => {
  it('test_shuffle_mixed_dimension', () => {
    for (const t of [[1, 2, 3, null], [[1, 1], [2, 2], [3, 3], null], [1, [2, 2], [3, 3], null], [[1, 1], 2, 3, null]]) {
      const shuffled = [...t];
      new RandomState(12345).shuffle(shuffled);
      expect(shuffled).toEqual([t[0], t[3], t[1], t[2]]);
    }
  });

  it('test_call_within_randomstate: choice with p = ones(10) / 10', () => {
    const p = new Float64Array(10).fill(1 / 10);
    expect(new RandomState(4321).choice(10, { size: 10, p })).toEqual([0, 8, 7, 2, 1, 9, 4, 7, 0, 3]);
  });

  it('test_choice_sum_of_probs_tolerance: float32 and float64 p summing to 1, and 0.9 of it refused', () => {
    const a = [1, 2, 3];
    for (const make of [(v: number[]) => Float32Array.from(v), (v: number[]) => Float64Array.from(v)]) {
      const probs = make([4 / 10, 4 / 10, 2 / 10]);
      expect(a).toContain(new RandomState(1234).choice(a, { p: probs }));
      expect(() => new RandomState(1234).choice(a, { p: make(Array.from(probs, (v) => v * 0.9)) })).toThrow(RandomError);
    }
  });

  it('test_randint_117: randint(2**32, size=10) is boundedInt(2**32 - 1)', () => {
    const rs = new RandomState(0);
    expect(Array.from({ length: 10 }, () => rs.boundedInt(2 ** 32 - 1))).toEqual([
      2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379, 2340255427, 3638918503, 1819583497,
      2678185683,
    ]);
  });

  it('test_permutation_subclass: permutation(3) and permutation(5) for seed 1', () => {
    expect(new RandomState(1).permutation(3)).toEqual([0, 2, 1]);
    expect(new RandomState(1).permutation(5)).toEqual([2, 1, 4, 0, 3]);
  });
});

describe('fixture: NumPy 1.24.2 (Debian python3-numpy 1:1.24.2-1+deb12u1)', () => {
  it('was made by the NumPy the README names', () => {
    expect(fixture.numpy).toBe('1.24.2');
    expect(fixture.debianPackage['python3-numpy']).toBe('1:1.24.2-1+deb12u1');
  });

  it('seeding: init_genrand for integers, init_by_array for arrays (short, 2-word 64-bit, longer than 624)', () => {
    for (const { seed, words } of fixture.seeding) {
      const mt = new MT19937(seedOf(seed));
      expect(Array.from({ length: words.length }, () => mt.nextUint32()), label(seed)).toEqual(words);
      const rs = new RandomState(seedOf(seed));
      expect(rs.randint32(), label(seed)).toBe(words[0]);
    }
  });

  it('standardNormal: every value, bit for bit', () => {
    for (const { seed, size, values } of fixture.standardNormal) {
      expect(Array.from(new RandomState(seedOf(seed)).standardNormal(size)), `${label(seed)} × ${size}`).toEqual(values);
    }
  });

  it('standardNormal: 200001 values per seed, by SHA-256 of their bytes', () => {
    for (const { seed, size, head, last, sha256: digest } of fixture.standardNormalLong) {
      const values = new RandomState(seedOf(seed)).standardNormal(size);
      expect(Array.from(values.subarray(0, head.length)), label(seed)).toEqual(head);
      expect(values[size - 1], label(seed)).toBe(last);
      expect(sha256(values), label(seed)).toBe(digest);
    }
  });

  it('the cached second normal carries across randn, standardNormal and normal, and nothing else touches it', () => {
    const rs = new RandomState(2024);
    for (const { call, args, result } of fixture.gaussSequence) {
      let got: number[] | string;
      if (call === 'randn') got = args.length === 0 ? [rs.randn()] : Array.from(rs.randn(...args));
      else if (call === 'standardNormal') got = args.length === 0 ? [rs.standardNormal()] : Array.from(rs.standardNormal(args[0]!));
      else if (call === 'normal') got = args.length === 3 ? Array.from(rs.normal(args[0], args[1], args[2]!)) : [rs.normal(args[0], args[1])];
      else if (call === 'uniform') got = [rs.uniform()];
      else if (call === 'randomSample') got = [rs.randomSample()];
      else got = String(rs.tomaxint());
      expect(got, `${call}(${args.join(', ')})`).toEqual(result);
    }
    // NumPy's state after each call: where it holds a cached normal (has_gauss), the next normal drawn, however
    // many uniforms or tomaxints come between, is that value.
    const steps = fixture.gaussSequence;
    let checked = 0;
    steps.forEach((step, i) => {
      if (step.hasGauss !== 1) return;
      const next = steps.slice(i + 1).find((s) => ['randn', 'standardNormal', 'normal'].includes(s.call));
      if (next === undefined) return;
      const first = (next.result as number[])[0];
      expect(first).toBe(next.call === 'normal' ? next.args[0]! + next.args[1]! * step.gauss : step.gauss);
      checked++;
    });
    expect(checked).toBe(5);
  });

  it('normal(loc, scale, size)', () => {
    for (const { seed, loc, scale, size, values } of fixture.normal) {
      expect(Array.from(new RandomState(seedOf(seed)).normal(loc, scale, size)), `${label(seed)} ${loc} ${scale}`).toEqual(values);
    }
  });

  it('uniform(low, high, size), including low > high and a range near the largest double', () => {
    for (const { seed, low, high, size, values } of fixture.uniform) {
      expect(Array.from(new RandomState(seedOf(seed)).uniform(low, high, size)), `${label(seed)} ${low} ${high}`).toEqual(values);
    }
  });

  it('choice: every branch, with and without replacement and p', () => {
    expect(fixture.choice.length).toBeGreaterThan(300);
    for (const { seed, a, size, replace, p, float32, result } of fixture.choice) {
      const probabilities = p === null ? undefined : float32 ? Float32Array.from(p) : p;
      const options = { replace, ...(size === null ? {} : { size }), ...(probabilities ? { p: probabilities } : {}) };
      const got = new RandomState(seedOf(seed)).choice(a, options as { size: number });
      expect(got, `${label(seed)} a=${a} size=${size} replace=${replace} p=${p ? p.length : 'none'}`).toEqual(result);
    }
  });

  it('shuffle: legacy Fisher-Yates over many seeds and lengths', () => {
    for (const entry of fixture.shuffle) {
      const x = Array.from({ length: entry.n }, (_, i) => i);
      new RandomState(seedOf(entry.seed)).shuffle(x);
      if ('result' in entry) expect(x, `${label(entry.seed)} n=${entry.n}`).toEqual(entry.result);
      else {
        expect(x.slice(0, entry.head.length)).toEqual(entry.head);
        expect(sha256(BigInt64Array.from(x, BigInt))).toBe(entry.sha256);
      }
    }
    const { seed, n, head, sha256: digest } = fixture.shuffleLong;
    const big = Float64Array.from({ length: n }, (_, i) => i);
    new RandomState(seed).shuffle(big);
    expect(Array.from(big.subarray(0, head.length))).toEqual(head);
    expect(sha256(BigInt64Array.from(big, (v) => BigInt(v)))).toBe(digest);
  });

  it('tomaxint', () => {
    for (const { seed, values } of fixture.tomaxint) {
      expect(Array.from(new RandomState(seedOf(seed)).tomaxint(values.length), String), label(seed)).toEqual(values);
    }
  });
});

describe('RandomState: arguments and options', () => {
  it('refuses unknown choice options, naming the allowed ones', () => {
    const rs = new RandomState(0);
    expect(() => rs.choice(3, { size: 2, replace: false, probabilities: [1, 0, 0] } as never)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.choice: unknown option "probabilities"; allowed: p, replace, size]`,
    );
    expect(() => rs.choice(3, { sise: 2 } as never)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.choice: unknown option "sise" (did you mean "size"?); allowed: p, replace, size]`,
    );
    try {
      rs.choice(3, { repalce: true } as never);
    } catch (error) {
      expect((error as RandomError).code).toBe('INVALID_OPTIONS');
    }
    expect(CHOICE_OPTIONS).toEqual(['size', 'replace', 'p']);
  });

  it('one-line messages for seeds and arguments', () => {
    expect(() => new RandomState(-1)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got -1]`,
    );
    expect(() => new RandomState([1, 2, 4294967296])).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState: seed[2] must be an integer in [0, 4294967295], got 4294967296]`,
    );
    expect(() => new RandomState([])).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState: seed array must be non-empty (NumPy: "Seed must be non-empty"), got []]`,
    );
    const rs = new RandomState(0);
    expect(() => rs.normal(0, -1)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.normal: scale must be a number >= 0 (not -0, as NumPy), got -1]`,
    );
    expect(() => rs.uniform(0, Infinity)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.uniform: high - low must be finite (NumPy: "Range exceeds valid bounds"), got low=0, high=Infinity]`,
    );
    expect(() => rs.standardNormal(-1)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.standardNormal: size must be an integer in [0, 4294967295], got -1]`,
    );
    expect(() => rs.randn(2, 1.5)).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.randn: d1 must be an integer in [0, 4294967295], got 1.5]`,
    );
    expect(() => rs.choice(3, { size: 4, replace: false })).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.choice: size must be <= the population (3) when replace is false, got 4]`,
    );
    expect(() => rs.choice(2, { p: [0.5, 0.6] })).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.choice: p must sum to 1 (within 1.4901161193847656e-8), got a sum of 1.1]`,
    );
    expect(() => rs.choice(2, { p: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[RandomError: RandomState.choice: p must have one entry per entry of a (2), got 1]`,
    );
  });

  it("choice's sum check uses float32's tolerance for a Float32Array p, as NumPy does for a float32 array", () => {
    const p = [0.2, 0.3, 0.5001];
    expect(() => new RandomState(1).choice(3, { size: 2, p })).toThrow(/p must sum to 1/);
    expect(new RandomState(1).choice(3, { size: 2, p: Float32Array.from(p) })).toHaveLength(2);
  });

  it('size 0 draws nothing with replacement; without replacement NumPy still draws the permutation', () => {
    const a = new RandomState(5);
    expect(a.choice(10, { size: 0 })).toEqual([]);
    expect(a.randint32()).toBe(new RandomState(5).randint32());
    const b = new RandomState(5);
    expect(b.choice(10, { size: 0, replace: false })).toEqual([]);
    const c = new RandomState(5);
    c.permutation(10);
    expect(b.randint32()).toBe(c.randint32());
  });

  it('statistics: standardNormal has mean 0 and variance 1 (200000 draws, within 5 standard errors)', () => {
    const z = new RandomState(77).standardNormal(200_000);
    let sum = 0;
    let sq = 0;
    for (const v of z) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / z.length;
    const variance = sq / z.length - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(z.length));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / z.length));
  });
});
