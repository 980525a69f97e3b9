// The option names of every public function here that takes an options object, each list once: the
// TypeScript option types are checked against them, and calls are checked against them at run time.
import { unknownOptionsMessage, type SameKeys } from '@initlab/errors';
import { InitializerError, show } from './errors.js';
import type { ComputeFansOptions, SampleOptions } from './types.js';

/**
 * Every key {@link Initializer.sample}'s options read; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * SAMPLE_OPTION_NAMES.includes('seed'); // true
 * ```
 */
export const SAMPLE_OPTION_NAMES = ['seed', 'layout', 'dtype', 'fans', 'inputAxes', 'outputAxes'] as const;

/**
 * Every key of {@link computeFans}'s options object.
 *
 * @example
 * ```ts
 * computeFans([512, 8, 64], { layout: 'keras', inputAxes: [0], outputAxes: [1, 2] });
 * ```
 */
export const COMPUTE_FANS_OPTION_NAMES = ['layout', 'inputAxes', 'outputAxes'] as const;

/**
 * Every key a layer preset's `sample()` options read (checked against its type in presets.ts).
 *
 * @example
 * ```ts
 * getLayerPreset('torch_linear').sample([4, 8], { seed: 1, dtype: 'float64' });
 * ```
 */
export const PRESET_SAMPLE_OPTION_NAMES = ['seed', 'dtype'] as const;

/** Every key of {@link splitInitializerList}'s options. */
export const SPLIT_LIST_OPTION_NAMES = ['name'] as const;

/** The keys of a `fans` override, `{ fanIn, fanOut }` as {@link computeFans} returns it. */
export const FANS_KEYS = ['fanIn', 'fanOut'] as const;


// Compile-time: a key added to an option type and not to its list (or the other way round) fails tsc.
const sampleOptionsListed: SameKeys<SampleOptions, typeof SAMPLE_OPTION_NAMES> = true;
const computeFansOptionsListed: SameKeys<ComputeFansOptions, typeof COMPUTE_FANS_OPTION_NAMES> = true;
void sampleOptionsListed;
void computeFansOptionsListed;

/**
 * Refuses an options value that is not a plain object, or that has a key outside `allowed`, with the shared
 * one-line message (`he_normal: unknown option "sead" (did you mean "seed"?); allowed: dtype, fans, layout, seed`).
 * `undefined` is no options.
 *
 * @param parameter - what the options argument is called in the message (`opts`, `options`).
 * @example
 * ```ts
 * checkOptions('he_normal', opts, SAMPLE_OPTION_NAMES);
 * ```
 */
export function checkOptions(where: string, options: unknown, allowed: readonly string[], parameter = 'opts'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InitializerError('INVALID_OPTION', `${where}: ${parameter} must be an object, got ${show(options)}`, {
      initializer: where,
      parameter,
      value: options,
    });
  }
  const problem = unknownOptionsMessage(where, options, allowed);
  if (problem !== undefined) throw new InitializerError('INVALID_OPTION', problem, { initializer: where, parameter, value: options });
}
