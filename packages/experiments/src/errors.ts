import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const EXPERIMENT_ERROR_CODES = {
  usage: [
    'INVALID_CONFIG', 'PARSE_FAILED', 'READ_FAILED', 'OUT_DIR_MISMATCH', 'PLAN_MISMATCH', 'INVALID_OPTION',
    'DATA_MISMATCH', 'TARGET_SCALING_MISMATCH', 'FEATURE_SCALING_MISMATCH',
  ],
  runtime: ['WRITE_FAILED', 'TRAINING_FAILED'],
  fromCause: ['DATA_FAILED'],
} as const;

/**
 * Every failure code `@initlab/experiments` can raise.
 *
 * - `INVALID_CONFIG`: the experiment does not satisfy the schema (the message names the path inside the file).
 * - `PARSE_FAILED`: the text is not valid YAML or JSON (the message names the line and column).
 * - `READ_FAILED` / `WRITE_FAILED`: the experiment file, the output folder or `results.jsonl` could not be read or written.
 * - `OUT_DIR_MISMATCH`: the output folder already holds another experiment's results.
 * - `PLAN_MISMATCH`: the output folder holds runs of another plan of this experiment (other epochs, model,
 *   data, split, grid, …); the message says what changed.
 * - `INVALID_OPTION`: a bad argument to a function (`shardRuns`, `runExperiment` options).
 * - `DATA_MISMATCH`: the data do not fit the config (e.g. stratification asked for a regression task).
 * - `TARGET_SCALING_MISMATCH`: `preprocess.target: standard` asked for a classification task (its own code so
 *   that a front end which set it from a flag, such as the CLI's `--scale-target`, can name that flag).
 * - `FEATURE_SCALING_MISMATCH`: `preprocess.features: pixels` asked for data that are not 8-bit pixels (its own
 *   code for the same reason: the CLI names `--scale-features`).
 * - `DATA_FAILED` / `TRAINING_FAILED`: loading the data or training an ensemble failed (the cause is attached).
 *
 * @example
 * ```ts
 * if (err instanceof ExperimentError && err.code === 'INVALID_CONFIG') console.error(err.message);
 * ```
 */
export type ExperimentErrorCode = CodeOf<typeof EXPERIMENT_ERROR_CODES>;

/**
 * The kind (and so the CLI's exit code) of each code. `DATA_FAILED` has none of its own: it takes its cause's,
 * so a missing CSV stays a usage error and a failed download a runtime one.
 */
export const EXPERIMENT_ERROR_KINDS = kindTable(EXPERIMENT_ERROR_CODES);

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
export class ExperimentError extends errorClass<ExperimentErrorCode>('ExperimentError', EXPERIMENT_ERROR_KINDS) {}

export { firstLine, show } from '@initlab/errors';
