// The natural logarithm exactly as glibc (2.28 and later) computes it on a CPU with fused multiply-add,
// which is what NumPy's legacy normal sampler gets from `log` on x86-64 Linux: V8's `Math.log` and a
// correctly rounded log both differ from it in the last bit for about 1 input in 1300, and each such
// difference changes a normal deviate. The algorithm ("log(x) = k ln2 + log c + log1p(z/c - 1)" with a
// 128-entry table and a degree-6 polynomial, a degree-12 polynomial near 1) and its constants are
// glibc's / Arm's (see glibc-log-data.ts for their licences); the order of operations, and which of them are fused, follow glibc 2.36's
// `__log_fma` as Debian bookworm's libm.so.6 executes it.
import { fma } from './fma.js';
import { LOG_CONSTANTS_BITS, LOG_TABLE_BITS } from './glibc-log-data.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const u64 = new BigUint64Array(f64.buffer);
// Typed arrays use the platform's byte order; find which 32-bit word holds the sign and exponent.
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;

function fromBits(hex: string): number {
  u64[0] = BigInt(`0x${hex}`);
  return f64[0]!;
}

const C = LOG_CONSTANTS_BITS.map(fromBits);
const LN2HI = C[0]!;
const LN2LO = C[1]!;
const [A0, A1, A2, A3, A4] = C.slice(2, 7) as [number, number, number, number, number];
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = C.slice(7, 18) as [
  number, number, number, number, number, number, number, number, number, number, number,
];
const TABLE = Float64Array.from(LOG_TABLE_BITS, fromBits);

// Inputs in [1 - 2**-4, 1 + 0x1.09p-4) take the near-1 polynomial, where log c + r would cancel.
const NEAR_ONE_LOW = 1 - 2 ** -4;
const NEAR_ONE_HIGH = 1 + 0x109 / 2 ** 12;
const OFF_HI = 0x3fe60000; // high word of 0x3fe6000000000000: z is normalised into [0x1.6p-1, 0x1.6p0)

/**
 * `log(x)` bit for bit as glibc's double-precision `log` with fused multiply-add (x86-64 with FMA,
 * AArch64): the value NumPy's C code receives from `log` there.
 *
 * @example
 * ```ts
 * glibcLog(0.18766155786872446); // -1.6731151626054828 (Math.log gives -1.6731151626054825)
 * ```
 */
export function glibcLog(x: number): number {
  if (x >= NEAR_ONE_LOW && x < NEAR_ONE_HIGH) return nearOne(x);
  if (!(x >= 2 ** -1022 && x < Infinity)) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    // Subnormal: normalise and take the exponent back out.
    return main(x * 2 ** 52, -52);
  }
  return main(x, 0);
}

function main(x: number, extraK: number): number {
  f64[0] = x;
  const hi = u32[HI]!;
  const tmpHi = (hi - OFF_HI) | 0; // the high word of ix - OFF (the low word of OFF is 0)
  const i = (tmpHi >>> 13) & 0x7f;
  const k = (tmpHi >> 20) + extraK;
  u32[HI] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  const z = f64[0]!;
  const invc = TABLE[2 * i]!;
  const logc = TABLE[2 * i + 1]!;
  const kd = k;
  const r = fma(z, invc, -1);
  const w = kd * LN2HI + logc; // fused in glibc, but kd * LN2HI is exact, so one rounding either way
  const t1 = fma(r, A2, A1);
  const hiSum = r + w;
  const r2 = r * r;
  const lo = fma(kd, LN2LO, w - hiSum + r);
  const r3 = r * r2;
  const t2 = fma(r, A4, A3);
  const s = fma(r2, A0, lo);
  const poly = fma(t2, r2, t1);
  return fma(r3, poly, s) + hiSum;
}

function nearOne(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  let a1 = fma(r, B2, B1);
  let a2 = fma(r, B5, B4);
  const r2 = r * r;
  let a3 = fma(r, B8, B7);
  a1 = fma(r2, B3, a1);
  a2 = fma(r2, B6, a2);
  const r3 = r * r2;
  a3 = fma(r2, B9, a3);
  a3 = fma(r3, B10, a3);
  const q = fma(fma(a3, r3, a2), r3, a1);
  // Split r into 26 high bits and the rest; the products below are then exact, fused or not.
  const w = r * 134217728;
  const rhi = r + w - w;
  const rlo = r - rhi;
  const rhi2 = rhi * rhi;
  const hi = rhi2 * B0 + r;
  let lo = rhi2 * B0 + (r - hi);
  lo = fma(B0 * rlo, r + rhi, lo);
  return hi + fma(q, r3, lo);
}
