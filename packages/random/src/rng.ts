import { RandomError } from './errors.js';
import { uniformFloat32, uniformFloat64 } from './uniform-fill.js';
import { zigguratFloat32, zigguratFloat64 } from './ziggurat-fill.js';
import { Lanes } from './lanes.js';
import { derivedSeed, extendHash, lanesState, pathHash, type StreamKey } from './stream-key.js';
import { planTruncation, robertFill } from './truncated.js';
import {
  assertCount,
  assertFinite,
  assertFiniteInterval,
  assertFloatArray,
  assertPositiveStd,
  assertSafeIntegerSeed,
  assertTruncationInterval,
  show,
} from './validate.js';
import { standardNormal } from './ziggurat.js';

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/** The float32 value next to `f` (itself a float32) in direction `up`. */
function nextFloat32(f: number, up: boolean): number {
  if (f === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32[0] = f;
  f32Bits[0]! += (f > 0) === up ? 1 : -1;
  return f32[0]!;
}

/** Whether some float32 lies in [low, high]; a float32 truncated sampler needs one. */
function float32Inside(low: number, high: number): boolean {
  let first = Math.fround(low);
  if (first < low) first = nextFloat32(first, true);
  return first <= high;
}

/** Whether some float32 lies in [low, high). */
function float32InsideHalfOpen(low: number, high: number): boolean {
  let first = Math.fround(low);
  if (first < low) first = nextFloat32(first, true);
  return first < high;
}

/**
 * A fast seeded generator for bulk sampling: four interleaved xoshiro128** lanes ("Scrambled
 * Linear Pseudorandom Number Generators" – Blackman & Vigna (2021)), draw q from lane q mod 4, so
 * bulk fills step the lanes together in WebAssembly SIMD; with independent sub-streams.
 *
 * A stream is named by a seed and a key path. The path is hashed with SplitMix64's mixer and each
 * lane's 128-bit state is two SplitMix64 outputs seeded with that hash, so:
 * - `new Rng(seed, ...path)` and `new Rng(seed).derive(...path)` are the same stream;
 * - a stream never depends on how many numbers its parent or siblings have drawn, so layer 3's
 *   weights do not change when layer 2's shape does (`rng.derive('layer', 3)`);
 * - numeric and string keys never collide (`1` and `'1'` are different streams).
 *
 * Determinism: the output depends only on (seed, path, call sequence), never on platform.
 * Float32 samplers use one 32-bit draw per value (the common case), float64 samplers two,
 * so a float32 and a float64 fill from the same stream are different samples.
 *
 * @example
 * ```ts
 * const root = new Rng(42);
 * const kernel = root.derive('dense_1', 'kernel').fillNormal(new Float32Array(784 * 128), 0, 0.05);
 * const coin = root.derive('dropout').uniform() < 0.5;
 * ```
 */
export class Rng {
  // Declared in the order `fromHash` assigns them, so derived and constructed streams share a shape.
  private readonly hash: bigint;
  private readonly gen: Lanes;

  /**
   * @param seed any safe integer (negative allowed).
   * @param key optional sub-stream path: safe integers and strings.
   */
  constructor(seed: number, ...key: StreamKey[]) {
    assertSafeIntegerSeed('Rng', seed);
    this.hash = pathHash('Rng', seed, key);
    this.gen = new Lanes(lanesState(this.hash));
  }

  private static fromHash(hash: bigint): Rng {
    const rng: Rng = Object.create(Rng.prototype);
    (rng as unknown as { hash: bigint }).hash = hash;
    (rng as unknown as { gen: Lanes }).gen = new Lanes(lanesState(hash));
    return rng;
  }

  /**
   * An independent child stream: `new Rng(s, ...a).derive(...b)` equals `new Rng(s, ...a, ...b)`,
   * regardless of how much either has been used.
   *
   * @example
   * ```ts
   * const rng = new Rng(7);
   * rng.derive('layer', 2).nextUint32() === new Rng(7, 'layer', 2).nextUint32(); // true
   * ```
   */
  derive(...key: StreamKey[]): Rng {
    let hash = this.hash;
    for (const k of key) hash = extendHash('Rng.derive', hash, k);
    return Rng.fromHash(hash);
  }

  /** The next 32-bit output, unsigned. */
  nextUint32(): number {
    return this.gen.nextInt32() >>> 0;
  }

  /** A double in [0, 1) with 53 random bits: ((a >>> 5)·2²⁶ + (b >>> 6))/2⁵³ from two draws. */
  nextFloat64(): number {
    return this.gen.nextFloat64();
  }

  /**
   * One draw from U[low, high): low + (high − low)·u with u = `nextFloat64()` (redrawn in the
   * rare case rounding reaches `high`). Same numbers as `fillUniform` on a Float64Array.
   */
  uniform(low = 0, high = 1): number {
    assertFiniteInterval('Rng.uniform', low, high);
    const span = high - low;
    for (;;) {
      const v = low + this.gen.nextFloat64() * span;
      if (v < high) return v;
    }
  }

  /**
   * One draw from N(mean, std²) by the ziggurat with a 52-bit abscissa (two 32-bit draws, more for
   * the ~1.5% of draws that need the wedge or tail test).
   */
  normal(mean = 0, std = 1): number {
    assertFinite('Rng.normal', 'mean', mean);
    assertPositiveStd('Rng.normal', 'std', std);
    return mean + std * standardNormal(this.gen);
  }

  /**
   * Fills `out` with U[low, high) (default [0, 1)) and returns it.
   *
   * Float32Array: one draw per value, u = (top 24 bits)·2⁻²⁴, value = low + (high − low)·u rounded
   * to float32, redrawn if the rounding leaves [low, high). Float64Array: u with 53 bits.
   *
   * @example
   * ```ts
   * const w = new Rng(0).fillUniform(new Float32Array(1024), -0.05, 0.05);
   * ```
   */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    assertFloatArray('Rng.fillUniform', out);
    assertFiniteInterval('Rng.fillUniform', low, high);
    if (out instanceof Float32Array) {
      if (!float32InsideHalfOpen(low, high)) {
        throw new RandomError(
          'INVALID_ARGUMENT',
          `Rng.fillUniform: [low, high) must contain a float32 value for a Float32Array, got low=${show(low)}, high=${show(high)}`,
        );
      }
      uniformFloat32(this.gen, out, low, high);
    } else {
      uniformFloat64(this.gen, out as Float64Array, low, high);
    }
    return out;
  }

  /**
   * Fills `out` with N(mean, std²) (default standard normal) and returns it.
   *
   * Ziggurat method ("The Ziggurat Method for Generating Random Variables" – Marsaglia & Tsang
   * (2000)) with 256 layers; the layer index and the abscissa use disjoint bits. Float32Array:
   * one 32-bit draw per value in ~98.5% of cases (23-bit abscissa); Float64Array: two (52-bit).
   * The rare draws that need the wedge or tail test are completed after each block of 4096 values.
   *
   * @example
   * ```ts
   * const w = new Rng(0).fillNormal(new Float32Array(1024), 0, 0.05);
   * ```
   */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    assertFloatArray('Rng.fillNormal', out);
    assertFinite('Rng.fillNormal', 'mean', mean);
    assertPositiveStd('Rng.fillNormal', 'std', std);
    const parameters = { mean, std, low: -Infinity, high: Infinity, fold: 0 } as const;
    if (out instanceof Float32Array) zigguratFloat32(this.gen, out, parameters);
    else zigguratFloat64(this.gen, out as Float64Array, parameters);
    return out;
  }

  /**
   * Fills `out` with N(mean, std²) conditioned on [low, high] (ABSOLUTE bounds; ±Infinity for a
   * one-sided cut) and returns it. Exact: values are redrawn, never clipped, and never outside
   * [low, high] after rounding to the array's type.
   *
   * With a = (low − mean)/std and b = (high − mean)/std: when ziggurat rejection accepts at least
   * 30% (P(a ≤ Z ≤ b) for an interval around the mean — Keras's ±2 std keeps 95.4% — or
   * P(a ≤ |Z| ≤ b) with the sign folded for one on a side of it), ziggurat normals outside are
   * redrawn; otherwise Robert's uniform or translated-exponential proposal ("Simulation of
   * truncated normal variables" – Robert (1995)), whichever accepts more often, so narrow and
   * far-tail intervals stay exact and fast.
   *
   * @example
   * ```ts
   * // Keras truncated_normal(stddev=0.05): redraw beyond 2 stddev
   * const w = new Rng(0).fillTruncatedNormal(new Float32Array(1024), 0, 0.05, -0.1, 0.1);
   * ```
   */
  fillTruncatedNormal<T extends Float32Array | Float64Array>(out: T, mean: number, std: number, low: number, high: number): T {
    const where = 'Rng.fillTruncatedNormal';
    assertFloatArray(where, out);
    assertFinite(where, 'mean', mean);
    assertPositiveStd(where, 'std', std);
    assertTruncationInterval(where, low, high);
    const isFloat32 = out instanceof Float32Array;
    if (isFloat32 && !float32Inside(low, high)) {
      throw new RandomError(
        'INVALID_ARGUMENT',
        `${where}: [low, high] must contain a float32 value for a Float32Array, got low=${show(low)}, high=${show(high)}`,
      );
    }
    const plan = planTruncation((low - mean) / std, (high - mean) / std);
    if (plan.kind !== 'ziggurat') robertFill(this.gen, out, mean, std, low, high, plan);
    else if (isFloat32) zigguratFloat32(this.gen, out, { mean, std, low, high, fold: plan.fold });
    else zigguratFloat64(this.gen, out as Float64Array, { mean, std, low, high, fold: plan.fold });
    return out;
  }

  /**
   * A uniformly random permutation of 0 … n − 1 by Fisher–Yates on this stream
   * (j uniform in [0, i] by rejection, for i from n − 1 down to 1).
   */
  permutation(n: number): Uint32Array {
    assertCount('Rng.permutation', 'n', n, 0xffffffff);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.gen.nextBelow(i + 1);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }
}

/**
 * A uint32 seed for the sub-stream (seed, ...key), for APIs that take a plain number seed.
 * Deterministic and independent across keys like `Rng.derive`, but it is a seed, not a stream:
 * `new Rng(deriveSeed(s, k))` is not the same stream as `new Rng(s, k)`.
 *
 * @example
 * ```ts
 * const splitSeed = deriveSeed(42, 'split'); // e.g. for new RandomState(splitSeed)
 * ```
 */
export function deriveSeed(seed: number, ...key: StreamKey[]): number {
  assertSafeIntegerSeed('deriveSeed', seed);
  return derivedSeed(pathHash('deriveSeed', seed, key));
}

/**
 * A fresh uint32 seed from `crypto.getRandomValues`, for unseeded use; log it to reproduce a run.
 *
 * @example
 * ```ts
 * const seed = randomSeed();
 * console.log(`seed ${seed}`);
 * const rng = new Rng(seed);
 * ```
 */
export function randomSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}
