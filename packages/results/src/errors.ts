import { InitlabError, type ErrorKind } from '@initlab/errors';

/**
 * Every failure code `@initlab/results` can raise.
 *
 * - `READ_FAILED`: an output folder or its `results.jsonl` could not be read.
 * - `WRITE_FAILED`: an output folder, `results.jsonl` or `experiment.json` could not be created or written.
 * - `OUT_DIR_MISMATCH`: the output folder already holds another experiment's results.
 * - `INVALID_OPTION`: the output folder given is a file.
 *
 * @example
 * ```ts
 * if (err instanceof ResultsError && err.code === 'OUT_DIR_MISMATCH') console.error(err.message);
 * ```
 */
export type ResultsErrorCode = 'READ_FAILED' | 'WRITE_FAILED' | 'OUT_DIR_MISMATCH' | 'INVALID_OPTION';

/**
 * The kind (and so the CLI's exit code) of each code: a folder that cannot be read or holds another
 * experiment, or a file given as the folder, is the caller's to fix; a write that fails is a runtime failure.
 */
export const RESULTS_ERROR_KINDS = {
  READ_FAILED: 'usage',
  WRITE_FAILED: 'runtime',
  OUT_DIR_MISMATCH: 'usage',
  INVALID_OPTION: 'usage',
} as const satisfies Record<ResultsErrorCode, ErrorKind>;

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
export class ResultsError extends InitlabError<ResultsErrorCode> {
  /**
   * @param code - the failure kind.
   * @param message - one line: what, the rule, the value received, what is allowed.
   * @param options - `{ cause }` when wrapping another error.
   */
  constructor(code: ResultsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: RESULTS_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'ResultsError';
  }
}
