// Maps (seed, key path) to 64-bit hash states and xoshiro128** states. BigInt keeps the
// 64-bit arithmetic obvious; it runs once per stream, never per sample.
import { RandomError } from './errors.js';
import { show } from './validate.js';

/**
 * One step of a sub-stream path: a safe integer (a layer index, an epoch) or a string (a layer name).
 * `1` and `'1'` select different streams.
 *
 * @example
 * ```ts
 * const path: StreamKey[] = ['dense_2', 'kernel', 0];
 * const rng = new Rng(42, ...path);
 * ```
 */
export type StreamKey = number | string;

const M64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const TAG_SEED = 0x5eedn;
const TAG_INT = 0x1n;
const TAG_STRING = 0x2n;
const TAG_DERIVED_SEED = 0xd5eedn;

/** SplitMix64's output function (Stafford's "Mix13"): a bijection on 64 bits with full avalanche. */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

function absorb(state: bigint, word: bigint): bigint {
  return mix64(((state + GOLDEN_GAMMA) & M64) ^ (word & M64));
}

/** The path hash of a bare seed. */
export function seedHash(seed: number): bigint {
  return absorb(mix64(TAG_SEED), BigInt.asUintN(64, BigInt(seed)));
}

/** Extends a path hash by one key, so `hash(seed, a, b) = extend(extend(hash(seed), a), b)`. */
export function extendHash(where: string, state: bigint, key: StreamKey): bigint {
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key)) {
      throw new RandomError('INVALID_KEY', `${where}: key must be a safe integer or a string, got ${show(key)}`);
    }
    return absorb(absorb(state, TAG_INT), BigInt.asUintN(64, BigInt(key)));
  }
  if (typeof key !== 'string') {
    throw new RandomError('INVALID_KEY', `${where}: key must be a safe integer or a string, got ${show(key)}`);
  }
  // Length first, so no string is a prefix-collision of another; then UTF-16 units, four per word.
  let h = absorb(absorb(state, TAG_STRING), BigInt(key.length));
  let word = 0n;
  for (let i = 0; i < key.length; i++) {
    word = (word << 16n) | BigInt(key.charCodeAt(i));
    if (i % 4 === 3) {
      h = absorb(h, word);
      word = 0n;
    }
  }
  if (key.length % 4 !== 0) h = absorb(h, word);
  return h;
}

export function pathHash(where: string, seed: number, keys: readonly StreamKey[]): bigint {
  let h = seedHash(seed);
  for (const key of keys) h = extendHash(where, h, key);
  return h;
}

/**
 * The state of the four xoshiro128** lanes for a path hash: SplitMix64 outputs 1–8 seeded with it
 * (the seeding the xoshiro authors recommend), two per lane, each split into two 32-bit words
 * (low half first). Lane 0 thus has the state a single xoshiro128** stream would get.
 */
export function lanesState(hash: bigint): number[] {
  const words: number[] = [];
  for (let i = 1n; i <= 8n; i++) {
    const z = mix64((hash + i * GOLDEN_GAMMA) & M64);
    words.push(Number(z & 0xffffffffn) | 0, Number(z >> 32n) | 0);
  }
  // The all-zero state is xoshiro's one fixed point; SplitMix64 reaches it with probability 2**-128.
  for (let l = 0; l < 16; l += 4) if ((words[l]! | words[l + 1]! | words[l + 2]! | words[l + 3]!) === 0) words[l] = 1;
  return words;
}

/** The uint32 `deriveSeed` returns for a path hash (a separate domain from the xoshiro state). */
export function derivedSeed(hash: bigint): number {
  return Number(mix64(absorb(hash, TAG_DERIVED_SEED)) & 0xffffffffn);
}
