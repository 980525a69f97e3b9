import { InitlabError, type ErrorKind } from '@initlab/errors';

/**
 * Every failure code `@initlab/experiments` can raise.
 *
 * - `INVALID_CONFIG`: the experiment does not satisfy the schema (the message names the path inside the file).
 * - `PARSE_FAILED`: the text is not valid YAML or JSON (the message names the line and column).
 * - `READ_FAILED` / `WRITE_FAILED`: the experiment file, the output folder or `results.jsonl` could not be read or written.
 * - `OUT_DIR_MISMATCH`: the output folder already holds another experiment's results.
 * - `INVALID_OPTION`: a bad argument to a function (`shardRuns`, `runExperiment` options).
 * - `DATA_MISMATCH`: the data do not fit the config (e.g. target scaling asked for a classification task).
 * - `DATA_FAILED` / `TRAINING_FAILED`: loading the data or training an ensemble failed (the cause is attached).
 *
 * @example
 * ```ts
 * if (err instanceof ExperimentError && err.code === 'INVALID_CONFIG') console.error(err.message);
 * ```
 */
export type ExperimentErrorCode =
  | 'INVALID_CONFIG'
  | 'PARSE_FAILED'
  | 'READ_FAILED'
  | 'WRITE_FAILED'
  | 'OUT_DIR_MISMATCH'
  | 'INVALID_OPTION'
  | 'DATA_MISMATCH'
  | 'DATA_FAILED'
  | 'TRAINING_FAILED';

/**
 * The kind (and so the CLI's exit code) of each code. `DATA_FAILED` has none of its own: it takes its cause's,
 * so a missing CSV stays a usage error and a failed download a runtime one.
 */
export const EXPERIMENT_ERROR_KINDS = {
  INVALID_CONFIG: 'usage',
  PARSE_FAILED: 'usage',
  READ_FAILED: 'usage',
  WRITE_FAILED: 'runtime',
  OUT_DIR_MISMATCH: 'usage',
  INVALID_OPTION: 'usage',
  DATA_MISMATCH: 'usage',
  DATA_FAILED: undefined,
  TRAINING_FAILED: 'runtime',
} as const satisfies Record<ExperimentErrorCode, ErrorKind | undefined>;

/**
 * The one error class of `@initlab/experiments`: a one-line message that names the file or function and
 * the argument, states the rule and echoes the value received; `code` is machine-readable. Wrapped failures
 * keep the original error as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   parseExperiment('name: x\ntraining: { epochs: -3 }', 'x.yaml');
 * } catch (err) {
 *   if (err instanceof ExperimentError) console.error(err.code, err.message);
 * }
 * ```
 */
export class ExperimentError extends InitlabError<ExperimentErrorCode> {
  /**
   * @param code - the failure kind.
   * @param message - one line: what, the rule, the value received, what is allowed.
   * @param options - `{ cause }` when wrapping another error.
   */
  constructor(code: ExperimentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: EXPERIMENT_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'ExperimentError';
  }
}

export { firstLine, show } from '@initlab/errors';
