import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomError, Rng, deriveSeed, randomSeed } from './index.js';

const take = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());
const bytes = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('Rng streams', () => {
  it('follows the documented construction (SplitMix64 path hash → four xoshiro128** lanes)', () => {
    // Computed by an independent Python implementation of the README's description.
    expect(take(new Rng(42), 6)).toEqual([3023522291, 1748190644, 3890940894, 3696560887, 263906821, 2086609704]);
    expect(take(new Rng(42, 'layer', 3), 6)).toEqual([2180399073, 1628486458, 1349366020, 3315382956, 3618699273, 2773180965]);
    expect(take(new Rng(-7, 'dense_1/kernel'), 6)).toEqual([666355846, 1699903140, 1021231665, 3072464489, 2237613257, 2632370962]);
    expect(deriveSeed(42, 'split')).toBe(57409842);
  });

  it('same seed and path give the same bytes; derive equals the constructor path', () => {
    const a = new Rng(9, 'w', 1).fillNormal(new Float32Array(1000));
    const b = new Rng(9).derive('w').derive(1).fillNormal(new Float32Array(1000));
    const c = new Rng(9, 'w').derive(1).fillNormal(new Float32Array(1000));
    expect(bytes(b)).toEqual(bytes(a));
    expect(bytes(c)).toEqual(bytes(a));
  });

  it('different seeds, keys, key types and key splits give different streams', () => {
    const first = (rng: Rng): number[] => take(rng, 8);
    const streams = [
      first(new Rng(1)),
      first(new Rng(2)),
      first(new Rng(1, 0)),
      first(new Rng(1, 1)),
      first(new Rng(1, '1')),
      first(new Rng(1, 'ab')),
      first(new Rng(1, 'a', 'b')),
      first(new Rng(1, 'a')),
      first(new Rng(-1)),
    ];
    const distinct = new Set(streams.map((s) => s.join(',')));
    expect(distinct.size).toBe(streams.length);
  });

  it('a derived stream does not depend on how much its parent or siblings drew', () => {
    const reference = take(new Rng(5).derive('layer', 3), 16);
    const parent = new Rng(5);
    parent.fillUniform(new Float64Array(1234));
    const sibling = parent.derive('layer', 2);
    sibling.fillNormal(new Float32Array(5000));
    expect(take(parent.derive('layer', 3), 16)).toEqual(reference);
  });

  it('sibling streams are uncorrelated (|r| within 5 standard errors of 0)', () => {
    const n = 200_000;
    const x = new Rng(3).derive(0).fillNormal(new Float64Array(n));
    const y = new Rng(3).derive(1).fillNormal(new Float64Array(n));
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += x[i]! * y[i]!;
    expect(Math.abs(sxy / n)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('nextFloat64 is in [0, 1) and fillUniform(Float64Array) repeats uniform()', () => {
    const rng = new Rng(8);
    for (let i = 0; i < 100_000; i++) {
      const u = rng.nextFloat64();
      if (!(u >= 0 && u < 1)) throw new Error(`out of range: ${u}`);
    }
    const scalar = new Rng(4);
    const expected = Array.from({ length: 100 }, () => scalar.uniform(-3, 2));
    expect(Array.from(new Rng(4).fillUniform(new Float64Array(100), -3, 2))).toEqual(expected);
  });

  it('permutation is uniform: each value lands in slot 0 equally often (chi-square within 5 sd)', () => {
    const rng = new Rng(12);
    const n = 7;
    const trials = 70_000;
    const counts = new Array<number>(n).fill(0);
    for (let t = 0; t < trials; t++) counts[rng.permutation(n)[0]!]!++;
    const expected = trials / n;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(Math.abs(chi2 - (n - 1))).toBeLessThan(5 * Math.sqrt(2 * (n - 1)));
  });

  it('property: permutation(n) is a permutation of 0..n-1 for any seed and key', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.oneof(fc.integer(), fc.string()), fc.nat({ max: 500 }), (seed, key, n) => {
        const p = new Rng(seed, key).permutation(n);
        const seen = new Uint8Array(n);
        for (const v of p) seen[v] = 1;
        return p.length === n && seen.every((s) => s === 1);
      }),
    );
  });

  it('randomSeed returns fresh uint32 values', () => {
    const seeds = Array.from({ length: 8 }, randomSeed);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('deriveSeed is a uint32 that depends on seed and key', () => {
    const seeds = [deriveSeed(1), deriveSeed(1, 'a'), deriveSeed(1, 'b'), deriveSeed(2, 'a'), deriveSeed(1, 0)];
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
  });
});

describe('Rng errors', () => {
  it('rejects bad seeds and keys', () => {
    expect(() => new Rng(1.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng: seed must be a safe integer (|seed| <= 2**53 - 1), got 1.5]`);
    expect(() => new Rng(2 ** 53)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng: seed must be a safe integer (|seed| <= 2**53 - 1), got 9007199254740992]`);
    expect(() => new Rng(Number.NaN)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng: seed must be a safe integer (|seed| <= 2**53 - 1), got NaN]`);
    expect(() => new Rng(1, 0.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng: key must be a safe integer or a string, got 0.5]`);
    expect(() => new Rng(1).derive({} as unknown as string)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.derive: key must be a safe integer or a string, got Object]`);
    expect(() => deriveSeed(-0.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: deriveSeed: seed must be a safe integer (|seed| <= 2**53 - 1), got -0.5]`);
  });

  it('rejects bad sampler arguments', () => {
    const rng = new Rng(0);
    const out = new Float32Array(4);
    expect(() => rng.uniform(1, 1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.uniform: low must be < high, got low=1, high=1]`);
    expect(() => rng.fillUniform(out, 2, 1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillUniform: low must be < high, got low=2, high=1]`);
    expect(() => rng.fillUniform(out, -Infinity, 0)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillUniform: low must be a finite number, got -Infinity]`);
    expect(() => rng.fillUniform(out, -Number.MAX_VALUE, Number.MAX_VALUE)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillUniform: high - low must be finite, got low=-1.7976931348623157e+308, high=1.7976931348623157e+308]`);
    expect(() => rng.normal(0, 0)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.normal: std must be a finite number > 0, got 0]`);
    expect(() => rng.fillNormal(out, 0, -1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillNormal: std must be a finite number > 0, got -1]`);
    expect(() => rng.fillNormal(out, Number.NaN, 1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillNormal: mean must be a finite number, got NaN]`);
    expect(() => rng.fillTruncatedNormal(out, 0, 1, 1, 1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillTruncatedNormal: low must be < high, got low=1, high=1]`);
    expect(() => rng.fillTruncatedNormal(out, 0, 1, 2, -2)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillTruncatedNormal: low must be < high, got low=2, high=-2]`);
    expect(() => rng.fillTruncatedNormal(out, 0, 0, -2, 2)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillTruncatedNormal: std must be a finite number > 0, got 0]`);
    expect(() => rng.fillTruncatedNormal(out, 0, 1, Number.NaN, 2)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillTruncatedNormal: low must be a number (±Infinity allowed), got NaN]`);
    expect(() => rng.fillTruncatedNormal(out, 1, 1, 1 + 1e-10, 1 + 2e-10)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillTruncatedNormal: [low, high] must contain a float32 value for a Float32Array, got low=1.0000000001, high=1.0000000002]`);
    expect(() => rng.fillNormal([0, 0] as unknown as Float32Array)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.fillNormal: out must be a Float32Array or Float64Array, got Array]`);
    expect(() => rng.permutation(-1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: Rng.permutation: n must be an integer in [0, 4294967295], got -1]`);
  });

  it('throws RandomError with a code', () => {
    try {
      new Rng(0.5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RandomError);
      expect((error as RandomError).code).toBe('INVALID_SEED');
    }
  });
});
