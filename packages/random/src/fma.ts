// A correctly rounded fused multiply-add for JavaScript, which has none built in. NumPy's legacy normal
// calls the C library's `log`, and glibc's `log` (on x86-64 CPUs with FMA, and on AArch64) is built
// from fused multiply-adds: reproducing it bit for bit needs `a * b + c` with a single rounding.
//
// Fast path: Dekker's exact product and Knuth's exact sum turn `a * b + c` into `u + ul + tl` exactly,
// with `|ul| <= ulp(u) / 2`; when `tl` is also below half an ulp of `u`, rounding `u + (ul + tl)` is
// correct except when `u + fl(ul + tl)` is exactly halfway between two doubles and `ul + tl` was
// rounded, which is detected and settled by the sign of that rounding error. Anything else (huge or
// tiny operands, heavy cancellation, non-finite values) takes an exact BigInt path.

const SPLITTER = 134217729; // 2**27 + 1, Veltkamp's split constant for 53-bit doubles
const TWO_POW_M54 = 2 ** -54;
// Dekker's product is exact while no partial product overflows or underflows.
const PRODUCT_MAX = 2 ** 995;
const PRODUCT_MIN = 2 ** -960;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The adjacent double of `x` (finite, non-zero) in the direction of `sign` (> 0 up, < 0 down). */
function nextToward(x: number, sign: number): number {
  f64[0] = x;
  // For a positive x the bit pattern grows with the value; for a negative one it shrinks.
  u64[0] = u64[0]! + ((x > 0) === sign > 0 ? 1n : -1n);
  return f64[0];
}

/**
 * `a * b + c` rounded once to the nearest double (ties to even), as C's `fma`.
 *
 * @example
 * ```ts
 * fma(0.1, 10, -1); // 5.551115123125783e-17, the rounding error of 0.1 * 10 (which is exactly 1 in doubles)
 * ```
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const absP = Math.abs(p);
  if (!(absP < PRODUCT_MAX && Math.abs(a) < PRODUCT_MAX && Math.abs(b) < PRODUCT_MAX && Math.abs(c) < PRODUCT_MAX)) {
    return exactFma(a, b, c);
  }
  if (absP < PRODUCT_MIN) {
    if (p === 0 && a !== 0 && b !== 0) return exactFma(a, b, c); // the product underflowed to zero
    if (p !== 0) return exactFma(a, b, c);
    return p + c; // a or b is zero: a * b is an exact (signed) zero
  }
  // Dekker: p + e = a * b exactly.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  // Knuth: s + sl = p + c exactly.
  const s = p + c;
  let bv = s - p;
  const sl = p - (s - bv) + (c - bv);
  // th + tl = sl + e exactly.
  const th = sl + e;
  bv = th - sl;
  const tl = sl - (th - bv) + (e - bv);
  // u + ul = s + th exactly; the result is round(u + ul + tl).
  const u = s + th;
  bv = u - s;
  const ul = s - (u - bv) + (th - bv);
  if (u === 0 || !(Math.abs(tl) < Math.abs(u) * TWO_POW_M54)) return exactFma(a, b, c);
  const v = ul + tl;
  bv = v - ul;
  const e2 = ul - (v - bv) + (tl - bv); // v + e2 = ul + tl exactly
  const r = u + v;
  if (e2 === 0) return r;
  bv = r - u;
  const e3 = u - (r - bv) + (v - bv); // r + e3 = u + v exactly
  if (e3 === 0) return r;
  const neighbour = nextToward(r, e3);
  if (neighbour - r !== 2 * e3) return r; // u + v was not halfway: r is the correctly rounded value
  // u + v is exactly halfway between r and its neighbour; the true value is off it by e2.
  return (e2 > 0) === e3 > 0 ? neighbour : r;
}

interface Dyadic {
  m: bigint; // signed integer significand
  e: number; // value = m * 2**e
}

function toDyadic(x: number): Dyadic {
  f64[0] = x;
  const bits = u64[0]!;
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 0x10000000000000n;
    e = biased - 1075;
  }
  return { m: negative ? -m : m, e };
}

function scaleByPowerOfTwo(x: number, n: number): number {
  while (n > 1000) {
    x *= 2 ** 1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= 2 ** -1000;
    n += 1000;
  }
  return x * 2 ** n;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** `m * 2**e` rounded to the nearest double, ties to even, with subnormal and overflow handling. */
function roundDyadic(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const negative = m < 0n;
  let n = negative ? -m : m;
  const length = bitLength(n);
  // The result's last bit is 2**(top - 52), or 2**-1074 where the result is subnormal.
  const lowest = Math.max(length - 1 + e - 52, -1074);
  const shift = lowest - e;
  if (shift > 0) {
    const big = BigInt(shift);
    let q = n >> big;
    const rem = n - (q << big);
    const half = 1n << (big - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    n = q;
    e += shift;
  }
  const value = scaleByPowerOfTwo(Number(n), e);
  return negative ? -value : value;
}

/** The exact path: `a * b + c` in BigInt arithmetic, rounded once. */
function exactFma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c; // IEEE 754: inf * 0 is NaN, inf + -inf is NaN
  if (!Number.isFinite(c)) return c; // finite a * b, however large, does not change an infinite or NaN c
  const pa = toDyadic(a);
  const pb = toDyadic(b);
  const pc = toDyadic(c);
  const pm = pa.m * pb.m;
  const pe = pa.e + pb.e;
  if (pm === 0n) return a * b + c; // signed-zero rules as IEEE 754's fma
  if (pc.m === 0n) return roundDyadic(pm, pe);
  const e = Math.min(pe, pc.e);
  const sum = (pm << BigInt(pe - e)) + (pc.m << BigInt(pc.e - e));
  if (sum === 0n) return 0; // exact cancellation gives +0 in round-to-nearest
  return roundDyadic(sum, e);
}

/** The BigInt path on its own, for tests that compare the two. @internal */
export const fmaExact = exactFma;
