import { errorClass, kindTable, show as showValue, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const INITIALIZER_ERROR_CODES = {
  usage: [
    'UNKNOWN_INITIALIZER', 'NOT_AN_ALIAS', 'UNKNOWN_PARAMETER', 'MISSING_PARAMETER', 'INVALID_PARAMETER',
    'INVALID_SPEC', 'INVALID_SHAPE', 'UNSUPPORTED_SHAPE', 'INVALID_FANS', 'ZERO_FAN', 'INVALID_OPTION',
    'UNKNOWN_NONLINEARITY', 'UNKNOWN_PRESET',
  ],
  fromCause: ['SAMPLING_FAILED'],
} as const;

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `UNKNOWN_INITIALIZER`: no entry or alias has that name (the message suggests the closest).
 * - `NOT_AN_ALIAS`: a framework name whose semantics differ from every entry (e.g. tfjs-layers' `glorotNormal`).
 * - `UNKNOWN_PARAMETER`, `MISSING_PARAMETER`, `INVALID_PARAMETER`: an entry's parameters.
 * - `INVALID_SPEC`: a spec that is neither a name, a `name:param=value,...` string nor a `{ name, ...params }` object.
 * - `INVALID_SHAPE`: a shape that is not a list of positive integers, or too large to allocate.
 * - `UNSUPPORTED_SHAPE`: a valid shape the entry (or the layout's fan rule) cannot handle, e.g. `identity` on a 3-D tensor.
 * - `INVALID_FANS`, `ZERO_FAN`: a bad `fans` override, or a fan of 0 where the formula divides by it.
 * - `INVALID_OPTION`: a bad `seed`, `layout` or `dtype`.
 * - `UNKNOWN_NONLINEARITY`: `calculateGain` (or a kaiming entry) got a nonlinearity PyTorch does not know.
 * - `UNKNOWN_PRESET`: no layer preset has that name.
 * - `SAMPLING_FAILED`: the random generator rejected the request (the cause is attached).
 */
export type InitializerErrorCode = CodeOf<typeof INITIALIZER_ERROR_CODES>;

/**
 * The kind (and so the CLI's exit code) of each code: all are wrong input, and `SAMPLING_FAILED` takes the
 * kind of the generator's error it wraps.
 */
export const INITIALIZER_ERROR_KINDS = kindTable(INITIALIZER_ERROR_CODES);

/** Optional structured context carried by an {@link InitializerError}. */
export interface InitializerErrorDetails {
  /** The initializer (canonical name or the name as given) or function the error is about. */
  initializer?: string;
  /** The parameter or option at fault. */
  parameter?: string;
  /** The offending value, as received. */
  value?: unknown;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * The one error type `@initlab/initializers` throws for invalid use.
 *
 * The message is one line: the initializer (or function) and parameter, the rule, the value
 * received and what is allowed, e.g. `random_normal: stddev must be > 0, got -1`.
 *
 * @example
 * ```ts
 * try {
 *   getInitializer({ name: 'random_normal', stddev: -1 });
 * } catch (error) {
 *   if (error instanceof InitializerError) console.log(error.code); // 'INVALID_PARAMETER'
 * }
 * ```
 */
export class InitializerError extends errorClass<InitializerErrorCode>('InitializerError', INITIALIZER_ERROR_KINDS) {
  /** The initializer or function the error is about, when known. */
  readonly initializer: string | undefined;
  /** The parameter or option at fault, when there is one. */
  readonly parameter: string | undefined;
  /** The offending value, when there is one. */
  readonly value: unknown;

  constructor(code: InitializerErrorCode, message: string, details: InitializerErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.initializer = details.initializer;
    this.parameter = details.parameter;
    this.value = details.value;
  }
}

/** A received value as messages echo it, with room for a whole `{ name, ...params }` spec. */
export const show = (value: unknown): string => showValue(value, { maxLength: 120 });
