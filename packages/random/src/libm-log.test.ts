// glibc's log and the fused multiply-add it needs, against glibc itself (values recorded in
// numpy-1.24.2.json by __fixtures__/generate_numpy_fixtures.py, which calls libm's log through ctypes).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fma, fmaExact } from './fma.js';
import { RandomState } from './index.js';
import { glibcLog } from './libm-log.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(resolve(here, '__fixtures__/numpy-1.24.2.json'), 'utf8')) as {
  libmLog: [number, number][];
  libmLogLong: { seed: number; size: number; scales: number[]; sha256: string };
};

describe('glibcLog', () => {
  it('equals glibc 2.36 log on the polar method inputs, near 1 and across the exponent range (subnormals too)', () => {
    expect(fixture.libmLog.length).toBeGreaterThan(800);
    for (const [x, y] of fixture.libmLog) expect(glibcLog(x), String(x)).toBe(y);
  });

  it('equals glibc on 400000 more inputs (by SHA-256 of the results)', () => {
    const { seed, size, scales, sha256 } = fixture.libmLogLong;
    const u = Array.from({ length: size }, ((rs) => () => rs.randomSample())(new RandomState(seed)));
    const out = new Float64Array(size * scales.length);
    scales.forEach((scale, s) => u.forEach((v, i) => (out[s * size + i] = glibcLog(v * scale))));
    expect(createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex')).toBe(sha256);
  });

  it('differs from Math.log where glibc does (the reason it exists)', () => {
    // glibc gives ...828 for log(0.18766155786872446); V8's Math.log gives ...825 (31 of the 870 fixture inputs differ).
    expect(glibcLog(0.18766155786872446)).toBe(-1.6731151626054828);
    expect(Math.log(0.18766155786872446)).toBe(-1.6731151626054825);
    const differing = fixture.libmLog.filter(([x, y]) => Math.log(x) !== y).length;
    expect(differing).toBeGreaterThan(10);
  });

  it('special values as C: log(0) = -Infinity, log(1) = 0, log(Infinity) = Infinity, NaN below 0', () => {
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(-0)).toBe(-Infinity);
    expect(Object.is(glibcLog(1), 0)).toBe(true);
    expect(glibcLog(Infinity)).toBe(Infinity);
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(NaN)).toBeNaN();
  });
});

describe('fma', () => {
  it('rounds once: known cases', () => {
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17); // 0.1 * 10 rounds to exactly 1
    expect(fma(1 + 2 ** -52, 1 + 2 ** -52, -1)).toBe(2 ** -51 + 2 ** -104);
    expect(fma(2, 3, 4)).toBe(10);
    expect(fma(0, 5, -0)).toBe(0);
    expect(fma(1e308, 10, -Infinity)).toBe(-Infinity);
    expect(fma(2 ** -1074, 0.5, 0)).toBe(0); // half the smallest subnormal ties to even (0)
    expect(fma(2 ** -1074, 0.75, 0)).toBe(2 ** -1074);
  });

  it('the fast path equals the exact BigInt path (random operands, cancellation, ties)', () => {
    const double = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 });
    fc.assert(
      fc.property(double, double, double, (a, b, c) => Object.is(fma(a, b, c), fmaExact(a, b, c))),
      { numRuns: 20000 },
    );
    // Near-cancellation: c close to -a*b, where the fast path must notice it cannot decide.
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: -60, max: 60 }), (a, b, k) => {
        const c = -(a * b) * (1 + k * 2 ** -52);
        return Object.is(fma(a, b, c), fmaExact(a, b, c));
      }),
      { numRuns: 20000 },
    );
    // Halfway cases: u + v exactly between two doubles with a tiny remainder either side.
    for (let i = 0; i < 2000; i++) {
      const a = 1 + i * 2 ** -30;
      const b = 1 + 2 ** -27;
      const c = 2 ** -53 + (i % 3 === 0 ? 2 ** -110 : i % 3 === 1 ? -(2 ** -110) : 0);
      expect(fma(a, b, c)).toBe(fmaExact(a, b, c));
    }
  });
});
