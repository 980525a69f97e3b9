import { RandomError } from './errors.js';
import { MT19937 } from './mt19937.js';
import { unknownOptionsMessage, type SameKeys } from '@initlab/errors';
import { glibcLog } from './libm-log.js';
import { assertCount, assertMT19937Seed, show, type MT19937Seed } from './validate.js';

const TWO_POW_32 = 4294967296;

/**
 * The option names `RandomState.choice` reads; any other key is refused (`INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * CHOICE_OPTIONS.includes('p'); // true
 * ```
 */
export const CHOICE_OPTIONS = ['size', 'replace', 'p'] as const;

/**
 * Options of {@link RandomState.choice}, as NumPy's `choice(a, size=None, replace=True, p=None)`.
 *
 * @example
 * ```ts
 * const options: ChoiceOptions = { size: 3, replace: false, p: [0.1, 0.3, 0.5, 0.1] };
 * ```
 */
export interface ChoiceOptions {
  /** How many to draw: a count (for a NumPy shape pass its product; values come in C order). Omitted, one value is returned, not an array. */
  size?: number;
  /** Draw with replacement (default `true`). */
  replace?: boolean;
  /** Probability of each entry of `a`: non-negative, summing to 1 within `sqrt(eps)` of its float type (as NumPy checks). Omitted, uniform. */
  p?: readonly number[] | Float64Array | Float32Array;
}

// The interface and the list name the same keys (a compile error otherwise).
const CHOICE_KEYS_MATCH: SameKeys<ChoiceOptions, typeof CHOICE_OPTIONS> = true;
void CHOICE_KEYS_MATCH;

const MAX_SIZE = 0xffffffff;
const SQRT_EPS_F64 = 2 ** -26; // np.sqrt(np.finfo(np.float64).eps)
const SQRT_EPS_F32 = Math.fround(Math.sqrt(2 ** -23)); // np.sqrt(np.finfo(np.float32).eps), a float32

/**
 * NumPy's legacy `np.random.RandomState`, bit for bit for the methods it has: raw 32-bit draws,
 * `random_sample`, the masked bounded integer (`random_interval`), `shuffle`, `permutation`,
 * `standard_normal` / `randn` / `normal` (the polar method with its cached second value), `uniform`,
 * `choice` and `tomaxint`, seeded from an integer or an array as NumPy seeds it.
 *
 * @example
 * ```ts
 * new RandomState(42).permutation(10); // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6], as NumPy
 * new RandomState(1234567890).randn(3, 2)[0]; // 1.3401634577186312, as np.random.RandomState(1234567890).randn(3, 2)[0, 0]
 * ```
 */
export class RandomState {
  private readonly mt: MT19937;
  // NumPy's has_gauss / gauss: the polar method makes two normals per accepted pair and keeps the second.
  private hasGauss = false;
  private gauss = 0;

  /**
   * @param seed an integer in [0, 2**32 - 1] (`init_genrand`, as `np.random.RandomState(seed)`), or a
   *   non-empty array of such integers (`init_by_array`, as `np.random.RandomState([1, 2, 3])`; a seed wider
   *   than 32 bits goes in as several words). A JavaScript array always means `init_by_array`, as a Python list
   *   does; NumPy squeezes a one-element *ndarray* to a scalar seed first.
   */
  constructor(seed: MT19937Seed) {
    assertMT19937Seed('RandomState', seed);
    this.mt = new MT19937(seed);
  }

  /** The next raw 32-bit MT19937 output (unsigned). */
  randint32(): number {
    return this.mt.nextUint32();
  }

  /**
   * A double in [0, 1) built as NumPy builds `random_sample`: two draws `a`, `b`,
   * `((a >>> 5) * 2**26 + (b >>> 6)) / 2**53`.
   */
  randomSample(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, max] (inclusive) by NumPy's legacy masked rejection: `mask` is the
   * smallest `2**k - 1 >= max`; draw `value = next & mask` until `value <= max`. For `max <= 2**32 - 1`
   * each try uses one 32-bit draw; above, a 64-bit draw made of two words (high word first), as NumPy.
   *
   * @param max integer in [0, 2**53 - 1].
   */
  boundedInt(max: number): number {
    assertCount('RandomState.boundedInt', 'max', max, Number.MAX_SAFE_INTEGER);
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      mask >>>= 0;
      let value: number;
      do value = (this.mt.nextUint32() & mask) >>> 0;
      while (value > max);
      return value;
    }
    // max >= 2**32: only the high word is masked; the low word passes through whole.
    let highMask = Math.floor(max / TWO_POW_32);
    highMask |= highMask >>> 1;
    highMask |= highMask >>> 2;
    highMask |= highMask >>> 4;
    highMask |= highMask >>> 8;
    highMask |= highMask >>> 16;
    let value: number;
    do {
      const high = this.mt.nextUint32() & highMask;
      const low = this.mt.nextUint32();
      value = high * TWO_POW_32 + low;
    } while (value > max);
    return value;
  }

  /**
   * Shuffles `array` in place exactly as NumPy's legacy `RandomState.shuffle` does for a 1-D
   * sequence: for `i` from `n - 1` down to 1, `j = boundedInt(i)`, swap `a[i]` and `a[j]`.
   */
  shuffle<T>(array: T[] | Float64Array | Float32Array | Int32Array | Uint32Array): void {
    if (!Array.isArray(array) && !ArrayBuffer.isView(array)) {
      throw new RandomError('INVALID_ARGUMENT', `RandomState.shuffle: array must be an array or typed array, got ${show(array)}`);
    }
    const a = array as unknown as { [i: number]: unknown; length: number };
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.boundedInt(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** `np.random.RandomState(seed).permutation(n)`: `shuffle` applied to `[0, 1, …, n - 1]`. */
  permutation(n: number): number[] {
    assertCount('RandomState.permutation', 'n', n, 0xffffffff);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * One standard normal deviate by NumPy's legacy polar method (`legacy_gauss`), bit for bit:
   * draw `x1 = 2u - 1`, `x2 = 2v - 1` (two `randomSample()`s each) until `0 < r2 = x1² + x2² < 1`, then
   * `f = sqrt(-2 log(r2) / r2)`; return `f·x2` and keep `f·x1` for the next call (NumPy's `has_gauss` /
   * `gauss`). `log` is glibc's (see the README: the last bit of `Math.log` differs too often).
   */
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * `np.random.RandomState.standard_normal(size)`: standard normal deviates by the legacy polar method
   * (two per accepted pair, the second cached across calls and across `randn` / `normal`).
   *
   * @param size how many; omitted, one number is returned.
   * @example
   * ```ts
   * new RandomState(1234567890).standardNormal(2); // Float64Array [1.3401634577186312, 1.7375912277193608]
   * ```
   */
  standardNormal(): number;
  standardNormal(size: number): Float64Array;
  standardNormal(size?: number): number | Float64Array {
    if (size === undefined) return this.nextGauss();
    assertCount('RandomState.standardNormal', 'size', size, MAX_SIZE);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.nextGauss();
    return out;
  }

  /**
   * `np.random.RandomState.randn(d0, d1, …)`: with no argument one standard normal, otherwise
   * `d0·d1·…` of them in C order (flat), the same numbers as `standardNormal`.
   *
   * @example
   * ```ts
   * new RandomState(1234567890).randn(3, 2); // 6 values: [[1.34…, 1.73…], [1.49…, -0.22…], [2.03…, 2.17…]] flattened
   * ```
   */
  randn(): number;
  randn(...shape: number[]): Float64Array;
  randn(...shape: number[]): number | Float64Array {
    if (shape.length === 0) return this.nextGauss();
    return this.standardNormal(shapeSize('RandomState.randn', shape));
  }

  /**
   * `np.random.RandomState.normal(loc, scale, size)`: `loc + scale · z` with `z` from `standardNormal`
   * (NumPy's `legacy_normal`). `scale` must be `>= 0` and not `-0`, as NumPy checks (its sign bit); `NaN`
   * and infinite arguments are passed through as NumPy does.
   *
   * @example
   * ```ts
   * new RandomState(1234567890).normal(0.123456789, 2, 2); // Float64Array [2.8037837044372624, 3.5986392444387216]
   * ```
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: number): Float64Array;
  normal(loc = 0, scale = 1, size?: number): number | Float64Array {
    const where = 'RandomState.normal';
    if (typeof loc !== 'number') {
      throw new RandomError('INVALID_ARGUMENT', `${where}: loc must be a number, got ${show(loc)}`);
    }
    if (typeof scale !== 'number' || scale < 0 || Object.is(scale, -0)) {
      throw new RandomError('INVALID_ARGUMENT', `${where}: scale must be a number >= 0 (not -0, as NumPy), got ${show(scale)}`);
    }
    if (size === undefined) return loc + scale * this.nextGauss();
    assertCount(where, 'size', size, MAX_SIZE);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = loc + scale * this.nextGauss();
    return out;
  }

  /**
   * `np.random.RandomState.uniform(low, high, size)`: `low + (high - low) · u` with `u` from
   * `randomSample()`, as NumPy's `random_uniform`. `low > high` is allowed (the range is then negative);
   * `high - low` must be finite (NumPy's `OverflowError` otherwise).
   *
   * @example
   * ```ts
   * new RandomState(1234567890).uniform(1.23, 10.54, 2); // Float64Array [6.99097932346268, 6.73801597444324]
   * ```
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: number): Float64Array;
  uniform(low = 0, high = 1, size?: number): number | Float64Array {
    const where = 'RandomState.uniform';
    for (const [name, value] of [['low', low], ['high', high]] as const) {
      if (typeof value !== 'number') throw new RandomError('INVALID_ARGUMENT', `${where}: ${name} must be a number, got ${show(value)}`);
    }
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new RandomError(
        'INVALID_ARGUMENT',
        `${where}: high - low must be finite (NumPy: "Range exceeds valid bounds"), got low=${show(low)}, high=${show(high)}`,
      );
    }
    if (size === undefined) return low + range * this.randomSample();
    assertCount(where, 'size', size, MAX_SIZE);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + range * this.randomSample();
    return out;
  }

  /**
   * `np.random.RandomState.tomaxint(size)` as on 64-bit Linux and macOS (C `long` of 64 bits): a uniform
   * integer in [0, 2**63 - 1], NumPy's `random_positive_int`, the 64-bit word `(next << 32 | next) >> 1`.
   * Returned as `bigint`s since most exceed 2**53.
   *
   * @example
   * ```ts
   * new RandomState(1234567890).tomaxint(); // 5707374374421908479n
   * ```
   */
  tomaxint(): bigint;
  tomaxint(size: number): BigInt64Array;
  tomaxint(size?: number): bigint | BigInt64Array {
    if (size === undefined) return this.positiveInt();
    assertCount('RandomState.tomaxint', 'size', size, MAX_SIZE);
    const out = new BigInt64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.positiveInt();
    return out;
  }

  private positiveInt(): bigint {
    const high = this.mt.nextUint32();
    const low = this.mt.nextUint32();
    return (BigInt(high) << 31n) | BigInt(low >>> 1);
  }

  /**
   * `np.random.RandomState.choice(a, size, replace, p)` with NumPy 1.24's legacy algorithms:
   *
   * - with replacement, no `p`: `boundedInt(n - 1)` per value (NumPy's `randint(0, n)`);
   * - with replacement and `p`: `cdf = cumsum(p) / cumsum(p)[-1]`, then for each `u = randomSample()` the
   *   index `searchsorted(cdf, u, side='right')`;
   * - without replacement, no `p`: `permutation(n).slice(0, size)` (the whole permutation is drawn);
   * - without replacement with `p`: NumPy's loop: draw `size - found` uniforms, zero the found entries of `p`,
   *   look them up in the renormalised cdf, keep the new indices in order of first appearance, repeat.
   *
   * `a` is the population size (an integer) or a 1-D array whose entries are returned (any values; an
   * array of arrays is a list of entries here, where NumPy reads a nested list as 2-D and refuses it).
   *
   * @example
   * ```ts
   * const rs = new RandomState(1234567890);
   * rs.choice(4, { size: 3, replace: false, p: [0.1, 0.3, 0.5, 0.1] }); // [2, 3, 1], as NumPy
   * ```
   */
  choice(a: number, options?: ChoiceOptions & { size?: undefined }): number;
  choice(a: number, options: ChoiceOptions & { size: number }): number[];
  choice<T>(a: ArrayLike<T>, options?: ChoiceOptions & { size?: undefined }): T;
  choice<T>(a: ArrayLike<T>, options: ChoiceOptions & { size: number }): T[];
  choice(a: number, options?: ChoiceOptions): number | number[];
  choice<T>(a: ArrayLike<T>, options?: ChoiceOptions): T | T[];
  choice<T>(a: number | ArrayLike<T>, options: ChoiceOptions = {}): number | number[] | T | T[] {
    const where = 'RandomState.choice';
    if (options === null || typeof options !== 'object') {
      throw new RandomError('INVALID_OPTIONS', `${where}: options must be an object, got ${show(options)}`);
    }
    const problem = unknownOptionsMessage(where, options, CHOICE_OPTIONS);
    if (problem !== undefined) throw new RandomError('INVALID_OPTIONS', problem);
    const { size, replace = true, p } = options;
    if (size !== undefined) assertCount(where, 'size', size, MAX_SIZE);
    if (typeof replace !== 'boolean') {
      throw new RandomError('INVALID_ARGUMENT', `${where}: replace must be true or false, got ${show(replace)}`);
    }
    const count = size ?? 1;
    let population: number;
    if (typeof a === 'number') {
      if (!Number.isInteger(a) || a < 0 || a > Number.MAX_SAFE_INTEGER) {
        throw new RandomError('INVALID_ARGUMENT', `${where}: a must be a population size (an integer >= 0) or a 1-D array, got ${show(a)}`);
      }
      population = a;
    } else if (a !== null && typeof a === 'object' && typeof (a as ArrayLike<T>).length === 'number') {
      population = a.length;
    } else {
      throw new RandomError('INVALID_ARGUMENT', `${where}: a must be a population size (an integer >= 0) or a 1-D array, got ${show(a)}`);
    }
    if (population === 0 && count !== 0) {
      throw new RandomError('INVALID_ARGUMENT', `${where}: a must be non-empty (a population > 0) unless size is 0, got ${typeof a === 'number' ? '0' : 'an empty array'} with size ${size === undefined ? 'omitted' : size}`);
    }
    const probabilities = p === undefined ? undefined : checkProbabilities(where, p, population);

    let indices: number[];
    if (replace) {
      indices = new Array<number>(count);
      if (probabilities === undefined) {
        for (let i = 0; i < count; i++) indices[i] = this.boundedInt(population - 1);
      } else {
        const cdf = normalisedCdf(probabilities);
        for (let i = 0; i < count; i++) indices[i] = searchRight(cdf, this.randomSample());
      }
    } else {
      if (count > population) {
        throw new RandomError('INVALID_ARGUMENT', `${where}: size must be <= the population (${population}) when replace is false, got ${count}`);
      }
      if (probabilities === undefined) {
        indices = this.permutation(population).slice(0, count);
      } else {
        let nonZero = 0;
        for (const value of probabilities) if (value > 0) nonZero++;
        if (nonZero < count) {
          throw new RandomError('INVALID_ARGUMENT', `${where}: p must have at least size (${count}) non-zero entries when replace is false, got ${nonZero}`);
        }
        indices = this.choiceWithoutReplacement(probabilities, count);
      }
    }
    const picked = typeof a === 'number' ? indices : indices.map((i) => (a as ArrayLike<T>)[i]!);
    return size === undefined ? picked[0]! : picked;
  }

  // NumPy 1.24's loop for replace=False with p.
  private choiceWithoutReplacement(probabilities: Float64Array, count: number): number[] {
    const weights = Float64Array.from(probabilities);
    const found: number[] = [];
    while (found.length < count) {
      const draws = new Float64Array(count - found.length);
      for (let i = 0; i < draws.length; i++) draws[i] = this.randomSample();
      for (const index of found) weights[index] = 0;
      const cdf = normalisedCdf(weights);
      const seen = new Set<number>();
      for (const u of draws) {
        const index = searchRight(cdf, u);
        if (!seen.has(index)) {
          seen.add(index);
          found.push(index);
        }
      }
    }
    return found;
  }
}

/** The product of a NumPy shape, each dimension a count. */
function shapeSize(where: string, shape: readonly number[]): number {
  let size = 1;
  shape.forEach((d, i) => {
    assertCount(where, `d${i}`, d, MAX_SIZE);
    size *= d;
  });
  if (size > MAX_SIZE) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: the shape's product must be <= ${MAX_SIZE}, got ${size} for (${shape.join(', ')})`);
  }
  return size;
}

/** NumPy's `kahan_sum` over `p` (used only for the sums-to-1 check). */
function kahanSum(p: Float64Array): number {
  let sum = p[0]!;
  let c = 0;
  for (let i = 1; i < p.length; i++) {
    const y = p[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** Checks `p` as NumPy's `choice` does and returns it as float64. */
function checkProbabilities(where: string, p: unknown, population: number): Float64Array {
  if (!Array.isArray(p) && !(p instanceof Float64Array) && !(p instanceof Float32Array)) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: p must be an array of numbers, a Float64Array or a Float32Array, got ${show(p)}`);
  }
  if (p.length !== population) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: p must have one entry per entry of a (${population}), got ${p.length}`);
  }
  const values = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const value: unknown = p[i];
    if (typeof value !== 'number') {
      throw new RandomError('INVALID_ARGUMENT', `${where}: p[${i}] must be a number, got ${show(value)}`);
    }
    values[i] = value;
  }
  // NumPy's tolerance is sqrt(eps) of float64, or of float32 for a float32 array.
  const atol = p instanceof Float32Array ? Math.max(SQRT_EPS_F64, SQRT_EPS_F32) : SQRT_EPS_F64;
  const sum = values.length === 0 ? 0 : kahanSum(values);
  if (Number.isNaN(sum)) throw new RandomError('INVALID_ARGUMENT', `${where}: p must not contain NaN, got a NaN entry`);
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) throw new RandomError('INVALID_ARGUMENT', `${where}: p must be non-negative, got p[${i}] = ${values[i]}`);
  }
  if (!(Math.abs(sum - 1) <= atol)) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: p must sum to 1 (within ${atol}), got a sum of ${sum}`);
  }
  return values;
}

/** `cdf = cumsum(p); cdf /= cdf[-1]`, as NumPy computes it (a running sum, then one division each). */
function normalisedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let running = 0;
  for (let i = 0; i < p.length; i++) {
    running = i === 0 ? p[0]! : running + p[i]!;
    cdf[i] = running;
  }
  const total = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / total;
  return cdf;
}

/** `searchsorted(cdf, u, side='right')`: the number of entries `<= u` (cdf is non-decreasing). */
function searchRight(cdf: Float64Array, u: number): number {
  let low = 0;
  let high = cdf.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cdf[mid]! <= u) low = mid + 1;
    else high = mid;
  }
  return low;
}
