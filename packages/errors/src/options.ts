// Every public function that takes an options object refuses a key it does not know (as scikit-learn's
// parameter validation does): a misspelt or unsupported option would otherwise be dropped silently and the
// caller would get a different number than they asked for.
import { didYouMean } from './suggest.js';

/**
 * The keys of `options` that are not in `allowed` (own enumerable keys; `undefined` values count, since a
 * caller who wrote the key meant something by it).
 *
 * @example
 * ```ts
 * unknownOptionKeys({ normalize: false, eps: 1 }, ['eps']); // ['normalize']
 * ```
 */
export function unknownOptionKeys(options: object | null | undefined, allowed: readonly string[]): string[] {
  if (options === null || options === undefined) return [];
  return Object.keys(options).filter((key) => !allowed.includes(key));
}

/**
 * The one-line message for unknown option keys, or `undefined` when every key is allowed:
 * `"logLoss: unknown option \"normalise\" (did you mean \"normalize\"?); allowed: eps, labels, normalize"`.
 * The caller throws it with its own package's error class and usage code.
 *
 * @param where - the function (or option group) the options were given to, as the message's lead.
 * @param options - the options object the caller passed (`undefined` and `null` are fine).
 * @param allowed - every key the function reads.
 * @example
 * ```ts
 * const problem = unknownOptionsMessage('logLoss', options, LOG_LOSS_OPTIONS);
 * if (problem !== undefined) throw new EvalError('INVALID_OPTIONS', problem);
 * ```
 */
export function unknownOptionsMessage(where: string, options: object | null | undefined, allowed: readonly string[]): string | undefined {
  const unknown = unknownOptionKeys(options, allowed);
  if (unknown.length === 0) return undefined;
  const allowedText = allowed.length === 0 ? 'it takes no options' : `allowed: ${[...allowed].sort().join(', ')}`;
  const [first] = unknown;
  if (unknown.length === 1) return `${where}: unknown option ${JSON.stringify(first)}${didYouMean(first!, allowed)}; ${allowedText}`;
  const named = unknown.map((key) => `${JSON.stringify(key)}${didYouMean(key, allowed)}`).join(', ');
  return `${where}: unknown options ${named}; ${allowedText}`;
}

/**
 * The keys of an options type, written once as `{ key: true, … }`: the type checker refuses a missing key and
 * an extra one, so the list that {@link unknownOptionsMessage} checks against cannot drift from the type.
 *
 * @example
 * ```ts
 * interface ScaleOptions { withMean?: boolean; withStd?: boolean }
 * const SCALE_OPTIONS = optionKeys<ScaleOptions>({ withMean: true, withStd: true }); // ['withMean', 'withStd']
 * ```
 */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: true }): readonly (keyof T & string)[] {
  return Object.freeze(Object.keys(keys)) as readonly (keyof T & string)[];
}

/**
 * Throw `error(message)` when `options` has a key outside `allowed` (see {@link unknownOptionsMessage}); the
 * caller supplies its own package's error, so the code and the class stay the package's.
 *
 * @example
 * ```ts
 * assertKnownOptions('makeMoons', opts, MOONS_OPTIONS, (m) => new DataError('INVALID_OPTION', m));
 * ```
 */
export function assertKnownOptions(where: string, options: object | null | undefined, allowed: readonly string[], error: (message: string) => Error): void {
  const message = unknownOptionsMessage(where, options, allowed);
  if (message !== undefined) throw error(message);
}

/**
 * `true` when an options type has exactly the keys of an exported `as const` name list, so the list the
 * unknown-key check reads and the type users write cannot drift apart: assign it to a `true` constant and a
 * mismatch fails to compile. (For a list that need not be exported, {@link optionKeys} says the same in one call.)
 *
 * @example
 * ```ts
 * export const TTEST_OPTIONS = ['confidence'] as const;
 * const listMatches: SameKeys<TTestOptions, typeof TTEST_OPTIONS> = true;
 * ```
 */
export type SameKeys<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>, Exclude<K[number], keyof T>] extends [never, never]
  ? true
  : false;
