import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const RESULTS_ERROR_CODES = {
  usage: ['READ_FAILED', 'OUT_DIR_MISMATCH', 'PLAN_MISMATCH', 'INVALID_OPTION'],
  runtime: ['WRITE_FAILED'],
} as const;

/**
 * Every failure code `@initlab/results` can raise.
 *
 * - `READ_FAILED`: an output folder or its `results.jsonl` could not be read.
 * - `WRITE_FAILED`: an output folder, `results.jsonl` or `experiment.json` could not be created or written.
 * - `OUT_DIR_MISMATCH`: the output folder already holds another experiment's results.
 * - `PLAN_MISMATCH`: the output folder holds runs of another plan of the same experiment (e.g. other epochs):
 *   resuming would mix runs that mean different things.
 * - `INVALID_OPTION`: the output folder given is a file.
 *
 * @example
 * ```ts
 * if (err instanceof ResultsError && err.code === 'OUT_DIR_MISMATCH') console.error(err.message);
 * ```
 */
export type ResultsErrorCode = CodeOf<typeof RESULTS_ERROR_CODES>;

/**
 * The kind (and so the CLI's exit code) of each code: a folder that cannot be read or holds another
 * experiment or plan, or a file given as the folder, is the caller's to fix; a write that fails is a runtime failure.
 */
export const RESULTS_ERROR_KINDS = kindTable(RESULTS_ERROR_CODES);

/**
 * The one error class of `@initlab/results`: a one-line message that names the function, the file and the
 * rule, and says what to do; `code` is machine-readable. Wrapped failures keep the original error as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await readResults('runs/missing');
 * } catch (err) {
 *   if (err instanceof ResultsError) console.error(err.code, err.message);
 * }
 * ```
 */
export class ResultsError extends errorClass<ResultsErrorCode>('ResultsError', RESULTS_ERROR_KINDS) {}
