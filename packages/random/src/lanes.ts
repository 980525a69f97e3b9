/**
 * Four interleaved xoshiro128** 1.1 generators ("Scrambled Linear Pseudorandom Number Generators"
 * – Blackman & Vigna (2021)): draw q of the stream is output ⌊q/4⌋ of lane q mod 4. One lane's
 * step is a chain of dependent operations; four independent lanes fill a 128-bit SIMD register,
 * so bulk draws cost about a quarter as much (see `sampling-kernels.ts`), and the sequence is the
 * same whether it is drawn one value at a time, in bulk, in WebAssembly or in JavaScript.
 */
export interface DrawSource {
  nextInt32(): number;
  nextFloat64(): number;
  nextFloat64NonZero(): number;
  nextBelow(range: number): number;
}

/** Writes groups of four draws (one per lane) and advances the lanes: the bulk path. */
export type BulkDraws = (lanes: Lanes, out: Int32Array, offset: number, groups: number) => void;

/** Draws made at once for one-at-a-time use: four steps of the lanes. */
const BUFFERED = 16;

export class Lanes implements DrawSource {
  /**
   * State word w of lane l at index 4w + l: each of the four xoshiro words is one SIMD vector.
   * An Int32Array so the loops read untagged 32-bit integers.
   */
  readonly s = new Int32Array(16);
  /**
   * The next draws when drawing one at a time: BUFFERED of them made at once by the bulk path (a
   * few steps of the lanes in registers cost less per draw than one step through memory), and how
   * many have been used (BUFFERED: none left). Bulk draws start with what is left, so the sequence
   * is the same however it is drawn.
   */
  private readonly group = new Int32Array(BUFFERED);
  private used = BUFFERED;

  /** @param words the four xoshiro128** state words of each lane, lane after lane. */
  constructor(words: readonly number[]) {
    for (let l = 0; l < 4; l++) for (let w = 0; w < 4; w++) this.s[4 * w + l] = words[4 * l + w]!;
  }

  /** The next draw as a signed 32-bit integer (the bit pattern is what matters). */
  nextInt32(): number {
    if (this.used === BUFFERED) {
      stepLanes(this.s, this.group, 0, BUFFERED / 4);
      this.used = 0;
    }
    return this.group[this.used++]!;
  }

  /** [0, 1) with 53 random bits, built like NumPy: ((a >>> 5)·2**26 + (b >>> 6)) / 2**53. */
  nextFloat64(): number {
    const a = this.nextInt32() >>> 5;
    const b = this.nextInt32() >>> 6;
    return (a * 67108864 + b) * 1.1102230246251565e-16;
  }

  /** (0, 1], for logarithms. */
  nextFloat64NonZero(): number {
    return 1 - this.nextFloat64();
  }

  /** Uniform integer in [0, range) for 1 <= range <= 2**32, by rejection (no modulo bias). */
  nextBelow(range: number): number {
    const limit = 4294967296 - (4294967296 % range);
    let r: number;
    do r = this.nextInt32() >>> 0;
    while (r >= limit);
    return r % range;
  }

  /** Writes what is left of the buffered draws, at most `n`, to out[0..); returns how many. */
  takeLeftover(out: Int32Array, n: number): number {
    let j = 0;
    while (this.used < BUFFERED && j < n) out[j++] = this.group[this.used++]!;
    return j;
  }

  /**
   * Writes the next `n` draws to out[0..n): what is left of the buffered draws, whole groups by
   * `bulk`, and the last few from a fresh buffer (the rest of it stays for the next draw).
   */
  take(out: Int32Array, n: number, bulk: BulkDraws): void {
    let j = this.takeLeftover(out, n);
    const groups = (n - j) >> 2;
    if (groups > 0) {
      bulk(this, out, j, groups);
      j += 4 * groups;
    }
    while (j < n) out[j++] = this.nextInt32();
  }
}

/**
 * The portable bulk path: `groups` steps of all four lanes into out[offset..], lane order within
 * a group. The lanes are interleaved in one loop so the CPU overlaps their dependency chains.
 */
export function stepLanes(st: Int32Array, out: Int32Array, offset: number, groups: number): void {
  let a0 = st[0]!, b0 = st[1]!, c0 = st[2]!, d0 = st[3]!; // prettier-ignore
  let a1 = st[4]!, b1 = st[5]!, c1 = st[6]!, d1 = st[7]!; // prettier-ignore
  let a2 = st[8]!, b2 = st[9]!, c2 = st[10]!, d2 = st[11]!; // prettier-ignore
  let a3 = st[12]!, b3 = st[13]!, c3 = st[14]!, d3 = st[15]!; // prettier-ignore
  // Letters are lanes, digits are words: b1 is word s1 of lane b.
  for (let g = 0, j = offset; g < groups; g++, j += 4) {
    let x = Math.imul(a1, 5);
    out[j] = Math.imul((x << 7) | (x >>> 25), 9);
    x = Math.imul(b1, 5);
    out[j + 1] = Math.imul((x << 7) | (x >>> 25), 9);
    x = Math.imul(c1, 5);
    out[j + 2] = Math.imul((x << 7) | (x >>> 25), 9);
    x = Math.imul(d1, 5);
    out[j + 3] = Math.imul((x << 7) | (x >>> 25), 9);
    let t = a1 << 9;
    a2 ^= a0;
    a3 ^= a1;
    a1 ^= a2;
    a0 ^= a3;
    a2 ^= t;
    a3 = (a3 << 11) | (a3 >>> 21);
    t = b1 << 9;
    b2 ^= b0;
    b3 ^= b1;
    b1 ^= b2;
    b0 ^= b3;
    b2 ^= t;
    b3 = (b3 << 11) | (b3 >>> 21);
    t = c1 << 9;
    c2 ^= c0;
    c3 ^= c1;
    c1 ^= c2;
    c0 ^= c3;
    c2 ^= t;
    c3 = (c3 << 11) | (c3 >>> 21);
    t = d1 << 9;
    d2 ^= d0;
    d3 ^= d1;
    d1 ^= d2;
    d0 ^= d3;
    d2 ^= t;
    d3 = (d3 << 11) | (d3 >>> 21);
  }
  st[0] = a0, st[1] = b0, st[2] = c0, st[3] = d0; // prettier-ignore
  st[4] = a1, st[5] = b1, st[6] = c1, st[7] = d1; // prettier-ignore
  st[8] = a2, st[9] = b2, st[10] = c2, st[11] = d2; // prettier-ignore
  st[12] = a3, st[13] = b3, st[14] = c3, st[15] = d3; // prettier-ignore
}
