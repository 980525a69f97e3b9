import { InitlabError, type ErrorKind } from '@initlab/errors';

/**
 * What went wrong, as a stable machine-readable string. Messages may be reworded between
 * versions; codes are not.
 */
export type PreprocessErrorCode =
  /** `nSamples` is not a non-negative integer. */
  | 'INVALID_N_SAMPLES'
  /** `testSize` is outside scikit-learn's allowed range or not a finite number. */
  | 'INVALID_TEST_SIZE'
  /** `trainSize` is outside scikit-learn's allowed range or not a finite number. */
  | 'INVALID_TRAIN_SIZE'
  /** `trainSize` and `testSize` together ask for more than the data holds. */
  | 'SIZES_EXCEED_SAMPLES'
  /** The sizes leave the training set empty. */
  | 'EMPTY_TRAIN'
  /** `randomState` is not an integer in 0…2³²−1. */
  | 'INVALID_RANDOM_STATE'
  /** `stratify` has the wrong length, holds a non-finite label, or is combined with `shuffle: false`. */
  | 'INVALID_STRATIFY'
  /** A class in `stratify` is too small, or a side has fewer rows than there are classes. */
  | 'STRATIFY_TOO_FEW'
  /** `X` and `y` hold different numbers of rows. */
  | 'LENGTH_MISMATCH'
  /** A matrix is empty, ragged, or holds a value that is not a finite number. */
  | 'INVALID_MATRIX'
  /** An estimator was used before `fit`. */
  | 'NOT_FITTED'
  /** A matrix has a different number of columns from the one the estimator was fitted on. */
  | 'WIDTH_MISMATCH'
  /** An option is invalid (for example `shuffle` not a boolean, or a feature range whose minimum is not below its maximum). */
  | 'INVALID_OPTION'
  /** A label (or label code) was not seen during `fit`, or is not a string. */
  | 'UNKNOWN_LABEL'
  /** `oneHot` was given a class index outside `[0, nClasses)` or an invalid `nClasses`. */
  | 'INVALID_CLASS_INDEX'
  /** `fromJSON` was given something that is not a saved estimator of that kind. */
  | 'INVALID_JSON';

/** The kind (and so the CLI's exit code) of each code: every one is refused input. */
export const PREPROCESS_ERROR_KINDS = {
  INVALID_N_SAMPLES: 'usage',
  INVALID_TEST_SIZE: 'usage',
  INVALID_TRAIN_SIZE: 'usage',
  SIZES_EXCEED_SAMPLES: 'usage',
  EMPTY_TRAIN: 'usage',
  INVALID_RANDOM_STATE: 'usage',
  INVALID_STRATIFY: 'usage',
  STRATIFY_TOO_FEW: 'usage',
  LENGTH_MISMATCH: 'usage',
  INVALID_MATRIX: 'usage',
  NOT_FITTED: 'usage',
  WIDTH_MISMATCH: 'usage',
  INVALID_OPTION: 'usage',
  UNKNOWN_LABEL: 'usage',
  INVALID_CLASS_INDEX: 'usage',
  INVALID_JSON: 'usage',
} as const satisfies Record<PreprocessErrorCode, ErrorKind | undefined>;

/**
 * The one error type thrown by `@initlab/preprocess`. Its message is one line that names the
 * function and argument, states the rule, and echoes the value received; `code` says what kind
 * of problem it is, for programs.
 *
 * @example
 * ```ts
 * import { trainTestSplitIndices, PreprocessError } from '@initlab/preprocess';
 * try {
 *   trainTestSplitIndices(10, { testSize: 10 });
 * } catch (err) {
 *   if (err instanceof PreprocessError && err.code === 'INVALID_TEST_SIZE') console.error(err.message);
 * }
 * ```
 */
export class PreprocessError extends InitlabError<PreprocessErrorCode> {
  constructor(code: PreprocessErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: PREPROCESS_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'PreprocessError';
  }
}
