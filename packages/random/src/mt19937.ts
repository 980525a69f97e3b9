import { assertMT19937Seed, type MT19937Seed } from './validate.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * The 32-bit Mersenne Twister, seeded exactly as NumPy seeds it.
 *
 * - An integer seed is `init_genrand(seed)`: `mt[0] = seed; mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >>> 30)) + i
 *   (mod 2**32)`, what `np.random.RandomState(seed)` does.
 * - An array seed is the reference `init_by_array(key)` (start from `init_genrand(19650218)`, mix the key in
 *   over `max(624, key.length)` steps, then 623 more, and set `mt[0] = 0x80000000`), what
 *   `np.random.RandomState([1, 2, 3])` does. A seed wider than 32 bits is given as several 32-bit words this way.
 *
 * Output is the usual tempered word. Reference: "Mersenne Twister: A 623-dimensionally equidistributed uniform
 * pseudo-random number generator" – Matsumoto & Nishimura (1998).
 *
 * @example
 * ```ts
 * new MT19937(5489).nextUint32(); // 3499211612
 * new MT19937([0x123, 0x234, 0x345, 0x456]).nextUint32(); // 1067595299, mt19937ar.c's reference output
 * ```
 */
export class MT19937 {
  private readonly mt = new Int32Array(N);
  private index = N;

  /** @param seed integer in [0, 2**32 - 1], or a non-empty array of them, as `np.random.RandomState(seed)` accepts. */
  constructor(seed: MT19937Seed) {
    assertMT19937Seed('MT19937', seed);
    if (typeof seed === 'number') this.initGenrand(seed);
    else this.initByArray(seed);
  }

  /** The next tempered 32-bit output, as an unsigned integer in [0, 2**32 - 1]. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed | 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
  }

  private initByArray(key: readonly number[] | Uint32Array): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    // All arithmetic is mod 2**32: the sums stay below 2**35, exact in doubles, then `| 0` wraps them.
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = UPPER_MASK | 0; // MSB set: the state is never all zero
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[(k + 1) % N]! & LOWER_MASK);
      mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }
}
