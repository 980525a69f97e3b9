// Argument checks shared by the generators; each throws a one-line RandomError.
import { show as showValue } from '@initlab/errors';
import { RandomError } from './errors.js';

export const UINT32_MAX = 0xffffffff;

/** Renders a received value for an error message; arguments whose type is wrong show by their type's name. */
export const show = (value: unknown): string => showValue(value, { compound: 'type' });

export function assertUint32Seed(where: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > UINT32_MAX) {
    throw new RandomError(
      'INVALID_SEED',
      `${where}: seed must be an integer in [0, 4294967295], got ${show(seed)}`,
    );
  }
}

/**
 * A NumPy `RandomState` / `MT19937` seed: an integer in [0, 2**32 - 1] (`init_genrand`), or a non-empty
 * array of such integers (NumPy's `init_by_array`, which also carries seeds wider than 32 bits as several words).
 *
 * @example
 * ```ts
 * const seeds: MT19937Seed[] = [42, [1, 2, 3], [0x89abcdef, 0x01234567]]; // the last: a 64-bit seed as two words
 * ```
 */
export type MT19937Seed = number | readonly number[] | Uint32Array;

export function assertMT19937Seed(where: string, seed: unknown): asserts seed is MT19937Seed {
  if (typeof seed === 'number') {
    if (Number.isInteger(seed) && seed >= 0 && seed <= UINT32_MAX) return;
  } else if (Array.isArray(seed) || seed instanceof Uint32Array) {
    if (seed.length === 0) {
      throw new RandomError('INVALID_SEED', `${where}: seed array must be non-empty (NumPy: "Seed must be non-empty"), got []`);
    }
    for (let i = 0; i < seed.length; i++) {
      const word: unknown = seed[i];
      if (typeof word !== 'number' || !Number.isInteger(word) || word < 0 || word > UINT32_MAX) {
        throw new RandomError('INVALID_SEED', `${where}: seed[${i}] must be an integer in [0, 4294967295], got ${show(word)}`);
      }
    }
    return;
  }
  throw new RandomError(
    'INVALID_SEED',
    `${where}: seed must be an integer in [0, 4294967295] or a non-empty array of such integers, got ${show(seed)}`,
  );
}

export function assertSafeIntegerSeed(where: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RandomError(
      'INVALID_SEED',
      `${where}: seed must be a safe integer (|seed| <= 2**53 - 1), got ${show(seed)}`,
    );
  }
}

export function assertCount(where: string, name: string, value: unknown, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RandomError(
      'INVALID_ARGUMENT',
      `${where}: ${name} must be an integer in [0, ${max}], got ${show(value)}`,
    );
  }
}

export function assertFinite(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: ${name} must be a finite number, got ${show(value)}`);
  }
}

export function assertPositiveStd(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
}

/** `low < high`, both finite, and `high - low` finite (so `low + (high - low) * u` cannot overflow). */
export function assertFiniteInterval(where: string, low: unknown, high: unknown): asserts low is number {
  assertFinite(where, 'low', low);
  assertFinite(where, 'high', high);
  if (!((low as number) < (high as number))) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: low must be < high, got low=${show(low)}, high=${show(high)}`);
  }
  if (!Number.isFinite((high as number) - (low as number))) {
    throw new RandomError(
      'INVALID_ARGUMENT',
      `${where}: high - low must be finite, got low=${show(low)}, high=${show(high)}`,
    );
  }
}

/** `low < high`; either may be infinite (one-sided or no truncation), neither NaN. */
export function assertTruncationInterval(where: string, low: unknown, high: unknown): void {
  for (const [name, value] of [['low', low], ['high', high]] as const) {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new RandomError('INVALID_ARGUMENT', `${where}: ${name} must be a number (±Infinity allowed), got ${show(value)}`);
    }
  }
  if (!((low as number) < (high as number))) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: low must be < high, got low=${show(low)}, high=${show(high)}`);
  }
}

export function assertFloatArray(where: string, out: unknown): asserts out is Float32Array | Float64Array {
  if (!(out instanceof Float32Array) && !(out instanceof Float64Array)) {
    throw new RandomError('INVALID_ARGUMENT', `${where}: out must be a Float32Array or Float64Array, got ${show(out)}`);
  }
}
