import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const EVAL_ERROR_CODES = {
  usage: [
    'EMPTY_INPUT', 'LENGTH_MISMATCH', 'NON_FINITE', 'INVALID_LABEL', 'INVALID_PROBABILITY', 'INVALID_OPTION',
    'TOO_FEW_VALUES',
  ],
} as const;

/**
 * Why an `@initlab/eval` function refused its input.
 *
 * - `EMPTY_INPUT`: an array that must hold values holds none.
 * - `LENGTH_MISMATCH`: two arrays that must pair up element by element differ in length.
 * - `NON_FINITE`: a value that must be a finite number is NaN, ±Infinity or not a number.
 * - `INVALID_LABEL`: a class label is not an integer in `0 … nClasses − 1`.
 * - `INVALID_PROBABILITY`: a probability is outside [0, 1] or a row does not sum to 1.
 * - `INVALID_OPTION`: an option (confidence, eps, class count, metric direction…) is out of range.
 * - `TOO_FEW_VALUES`: the statistic needs more values than it received (R² and t-tests need 2).
 */
export type EvalErrorCode = CodeOf<typeof EVAL_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code: every one is refused input. */
export const EVAL_ERROR_KINDS = kindTable(EVAL_ERROR_CODES);

/**
 * The one error class `@initlab/eval` throws. `code` says what kind of rule was broken; the message is
 * one line naming the function and argument, the rule, and the value received.
 *
 * @example
 * ```ts
 * import { mse, EvalError } from '@initlab/eval';
 * try {
 *   mse([1, 2], [1]);
 * } catch (error) {
 *   if (error instanceof EvalError && error.code === 'LENGTH_MISMATCH') console.error(error.message);
 *   // mse: yTrue and yPred must have the same length, got 2 and 1
 * }
 * ```
 */
export class EvalError extends errorClass<EvalErrorCode>('EvalError', EVAL_ERROR_KINDS) {}
