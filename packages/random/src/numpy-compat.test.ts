// Reference values from NumPy 2.4 (legacy RandomState) and the MT19937 reference implementation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MT19937, RandomState } from './index.js';

describe('MT19937', () => {
  it('matches the reference output of init_genrand(5489)', () => {
    const mt = new MT19937(5489);
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it('matches the reference 10000th output of init_genrand(5489)', () => {
    // C++11 requires the 10000th output of std::mt19937 (default seed 5489) to be 4123659995.
    const mt = new MT19937(5489);
    let last = 0;
    for (let i = 0; i < 10000; i++) last = mt.nextUint32();
    expect(last).toBe(4123659995);
  });

  it('rejects seeds outside [0, 2**32 - 1]', () => {
    expect(() => new MT19937(-1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: MT19937: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got -1]`);
    expect(() => new MT19937(1.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: MT19937: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got 1.5]`);
    expect(() => new MT19937(2 ** 32)).toThrowErrorMatchingInlineSnapshot(`[RandomError: MT19937: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got 4294967296]`);
  });
});

describe('RandomState', () => {
  it('permutation(10) matches NumPy for seeds 42, 0 and 2**32 - 1', () => {
    expect(new RandomState(42).permutation(10)).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    expect(new RandomState(0).permutation(10)).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    expect(new RandomState(2 ** 32 - 1).permutation(12)).toEqual([11, 8, 5, 9, 1, 10, 6, 0, 4, 7, 2, 3]);
  });

  it('permutation(1000) matches NumPy', () => {
    expect(new RandomState(123).permutation(1000).slice(0, 10)).toEqual([131, 203, 50, 585, 138, 632, 328, 461, 924, 479]);
  });

  it('shuffle matches NumPy on a list and on typed arrays', () => {
    const expected = [1, 17, 2, 5, 11, 0, 18, 6, 13, 19, 10, 14, 8, 16, 9, 12, 7, 3, 4, 15];
    const list = Array.from({ length: 20 }, (_, i) => i);
    new RandomState(7).shuffle(list);
    expect(list).toEqual(expected);
    const typed = Float64Array.from({ length: 20 }, (_, i) => i);
    new RandomState(7).shuffle(typed);
    expect(Array.from(typed)).toEqual(expected);
  });

  it('randint32 is the raw MT19937 stream', () => {
    const rs = new RandomState(5489);
    expect([rs.randint32(), rs.randint32(), rs.randint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it('randomSample matches NumPy random_sample', () => {
    const rs = new RandomState(5489);
    expect([rs.randomSample(), rs.randomSample(), rs.randomSample()]).toEqual([
      0.8147236863931789, 0.9057919370756192, 0.12698681629350606,
    ]);
  });

  it('boundedInt matches NumPy randint(0, max + 1) for 32-bit and 64-bit ranges', () => {
    const small = new RandomState(1);
    expect(Array.from({ length: 5 }, () => small.boundedInt(1000))).toEqual([37, 235, 908, 72, 767]);
    const large = new RandomState(1);
    expect(Array.from({ length: 3 }, () => large.boundedInt(2 ** 40))).toEqual([163196666091, 1095766950793, 876169207429]);
    const largest = new RandomState(1);
    expect(Array.from({ length: 3 }, () => largest.boundedInt(2 ** 53 - 1))).toEqual([
      549919010554091, 2022607184204872, 2109959069025161,
    ]);
  });

  it('boundedInt(0) draws nothing and returns 0', () => {
    const a = new RandomState(3);
    expect(a.boundedInt(0)).toBe(0);
    expect(a.randint32()).toBe(new RandomState(3).randint32());
  });

  it('randomSample stays in [0, 1)', () => {
    const rs = new RandomState(99);
    for (let i = 0; i < 100_000; i++) {
      const u = rs.randomSample();
      if (!(u >= 0 && u < 1)) throw new Error(`out of range: ${u}`);
    }
  });

  it('boundedInt is uniform on [0, max] (chi-square within 5 sd of its mean)', () => {
    const rs = new RandomState(2024);
    const max = 36; // 37 cells, a non-power-of-two range so rejection is exercised
    const draws = 370_000;
    const counts = new Array<number>(max + 1).fill(0);
    for (let i = 0; i < draws; i++) counts[rs.boundedInt(max)]!++;
    const expected = draws / (max + 1);
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    const dof = max;
    expect(Math.abs(chi2 - dof)).toBeLessThan(5 * Math.sqrt(2 * dof));
  });

  it('property: boundedInt stays in [0, max] and permutation is a permutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed, max) => {
        const v = new RandomState(seed).boundedInt(max);
        return Number.isInteger(v) && v >= 0 && v <= max;
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const p = new RandomState(seed).permutation(n);
        return p.length === n && [...p].sort((x, y) => x - y).every((v, i) => v === i);
      }),
    );
  });

  it('rejects invalid seeds and arguments', () => {
    expect(() => new RandomState(-1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got -1]`);
    expect(() => new RandomState(0.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got 0.5]`);
    expect(() => new RandomState(2 ** 32)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got 4294967296]`);
    expect(() => new RandomState(0).boundedInt(-1)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState.boundedInt: max must be an integer in [0, 9007199254740991], got -1]`);
    expect(() => new RandomState(0).boundedInt(2 ** 53)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState.boundedInt: max must be an integer in [0, 9007199254740991], got 9007199254740992]`);
    expect(() => new RandomState(0).permutation(2.5)).toThrowErrorMatchingInlineSnapshot(`[RandomError: RandomState.permutation: n must be an integer in [0, 4294967295], got 2.5]`);
  });
});
