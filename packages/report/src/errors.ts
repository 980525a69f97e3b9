import { InitlabError, show as showValue, type ErrorKind } from '@initlab/errors';

/**
 * Every failure code `@initlab/report` can raise.
 *
 * - `INVALID_INPUT`: the results (or another input object) are not what the function needs, e.g. an empty list.
 * - `INVALID_OPTION`: a bad option (unknown band, non-positive width, a metric no run has).
 * - `NO_RESULTS`: the folder given to `writeReport` does not exist, has no `results.jsonl`, or no finished runs.
 * - `READ_FAILED` / `WRITE_FAILED`: the results could not be read, or a report file could not be written.
 * - `RENDER_FAILED`: Vega-Lite or Vega refused a chart (the cause is attached).
 *
 * @example
 * ```ts
 * if (err instanceof ReportError && err.code === 'NO_RESULTS') console.error('run an experiment first');
 * ```
 */
export type ReportErrorCode = 'INVALID_INPUT' | 'INVALID_OPTION' | 'NO_RESULTS' | 'READ_FAILED' | 'WRITE_FAILED' | 'RENDER_FAILED';

/** The kind (and so the CLI's exit code) of each code. */
export const REPORT_ERROR_KINDS = {
  INVALID_INPUT: 'usage',
  INVALID_OPTION: 'usage',
  NO_RESULTS: 'usage',
  READ_FAILED: 'usage',
  WRITE_FAILED: 'runtime',
  RENDER_FAILED: 'runtime',
} as const satisfies Record<ReportErrorCode, ErrorKind | undefined>;

/**
 * The one error class of `@initlab/report`: a one-line message that names the function and argument, states
 * the rule, echoes the value received and says what is allowed; `code` is machine-readable. Wrapped failures
 * keep the original error as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await writeReport('runs/missing');
 * } catch (err) {
 *   if (err instanceof ReportError) console.error(err.code, err.message);
 * }
 * ```
 */
export class ReportError extends InitlabError<ReportErrorCode> {
  /**
   * @param code - the failure kind.
   * @param message - one line: what, the rule, the value received, what is allowed.
   * @param options - `{ cause }` when wrapping another error.
   */
  constructor(code: ReportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: REPORT_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'ReportError';
  }
}

/** A value as messages echo it: data arrays by their length, so a message stays one short line (internal). */
export const show = (value: unknown): string => showValue(value, { compound: 'length' });

export { firstLine } from '@initlab/errors';
