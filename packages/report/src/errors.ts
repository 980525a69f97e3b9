import { errorClass, kindTable, show as showValue, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const REPORT_ERROR_CODES = {
  usage: ['INVALID_INPUT', 'INVALID_OPTION', 'NO_RESULTS', 'READ_FAILED'],
  runtime: ['WRITE_FAILED', 'RENDER_FAILED'],
} as const;

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
export type ReportErrorCode = CodeOf<typeof REPORT_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code. */
export const REPORT_ERROR_KINDS = kindTable(REPORT_ERROR_CODES);

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
export class ReportError extends errorClass<ReportErrorCode>('ReportError', REPORT_ERROR_KINDS) {}

/** A value as messages echo it: data arrays by their length, so a message stays one short line (internal). */
export const show = (value: unknown): string => showValue(value, { compound: 'length' });

export { firstLine } from '@initlab/errors';
