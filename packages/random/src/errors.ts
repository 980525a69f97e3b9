import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const RANDOM_ERROR_CODES = {
  usage: ['INVALID_SEED', 'INVALID_KEY', 'INVALID_ARGUMENT', 'INVALID_OPTIONS'],
} as const;

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `INVALID_SEED`: a seed is not an integer in the allowed range.
 * - `INVALID_KEY`: a stream key is neither a safe integer nor a string.
 * - `INVALID_ARGUMENT`: a count, bound, mean, standard deviation or probability is out of range.
 * - `INVALID_OPTIONS`: an options object has a key the function does not read (or is not an object).
 *
 * @example
 * ```ts
 * const retryable = (code: RandomErrorCode): boolean => code !== 'INVALID_SEED';
 * ```
 */
export type RandomErrorCode = CodeOf<typeof RANDOM_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code: every one is a wrong argument. */
export const RANDOM_ERROR_KINDS = kindTable(RANDOM_ERROR_CODES);

/**
 * The one error type `@initlab/random` throws for invalid input.
 *
 * The message is one line: the function and argument, the rule, the value received.
 *
 * @example
 * ```ts
 * try {
 *   new RandomState(-1);
 * } catch (error) {
 *   if (error instanceof RandomError) console.log(error.code); // 'INVALID_SEED'
 * }
 * ```
 */
export class RandomError extends errorClass<RandomErrorCode>('RandomError', RANDOM_ERROR_KINDS) {}
