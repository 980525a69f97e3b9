import { InitlabError, type ErrorKind } from '@initlab/errors';

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
export type EvalErrorCode =
  | 'EMPTY_INPUT'
  | 'LENGTH_MISMATCH'
  | 'NON_FINITE'
  | 'INVALID_LABEL'
  | 'INVALID_PROBABILITY'
  | 'INVALID_OPTION'
  | 'TOO_FEW_VALUES';

/** The kind (and so the CLI's exit code) of each code: every one is refused input. */
export const EVAL_ERROR_KINDS = {
  EMPTY_INPUT: 'usage',
  LENGTH_MISMATCH: 'usage',
  NON_FINITE: 'usage',
  INVALID_LABEL: 'usage',
  INVALID_PROBABILITY: 'usage',
  INVALID_OPTION: 'usage',
  TOO_FEW_VALUES: 'usage',
} as const satisfies Record<EvalErrorCode, ErrorKind | undefined>;

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
export class EvalError extends InitlabError<EvalErrorCode> {
  constructor(code: EvalErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, { kind: EVAL_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'EvalError';
  }
}
