// How a package declares its errors: its codes grouped by kind (the one list, from which the code union, the
// kind table and the class are all derived), so no package writes the code list, the table or the
// constructor out again.
import { InitlabError, type ErrorKind } from './error.js';

/**
 * A package's error codes grouped by kind. `fromCause` lists the wrapping codes (such as `DATA_FAILED`) that
 * take the kind of the error they wrap.
 *
 * @example
 * ```ts
 * const CODES = { usage: ['INVALID_SPEC'], runtime: ['WORKER_FAILED'] } as const satisfies CodesByKind;
 * ```
 */
export interface CodesByKind {
  readonly usage?: readonly string[];
  readonly runtime?: readonly string[];
  readonly interrupted?: readonly string[];
  readonly fromCause?: readonly string[];
}

/**
 * The union of the codes listed in a {@link CodesByKind}.
 *
 * @example
 * ```ts
 * type ModelsErrorCode = CodeOf<typeof MODELS_ERROR_CODES>; // 'INVALID_SPEC' | 'WORKER_FAILED' | ...
 * ```
 */
export type CodeOf<T extends CodesByKind> = { [K in keyof T]-?: NonNullable<T[K]> extends readonly (infer C extends string)[] ? C : never }[keyof T];

const GROUP_KINDS = { usage: 'usage', runtime: 'runtime', interrupted: 'interrupted', fromCause: undefined } as const;

/**
 * The kind of each code (`undefined` for `fromCause` codes), as one lookup table.
 *
 * @throws {InitlabError} `INVALID_DEFINITION` when a code is listed twice (it would have two kinds).
 * @example
 * ```ts
 * kindTable({ usage: ['INVALID_SPEC'], fromCause: ['DATA_FAILED'] }); // { INVALID_SPEC: 'usage', DATA_FAILED: undefined }
 * ```
 */
export function kindTable<const T extends CodesByKind>(groups: T): Readonly<Record<CodeOf<T>, ErrorKind | undefined>> {
  const table: Record<string, ErrorKind | undefined> = {};
  for (const group of Object.keys(GROUP_KINDS) as (keyof typeof GROUP_KINDS)[]) {
    for (const code of groups[group] ?? []) {
      if (Object.hasOwn(table, code)) {
        throw new InitlabError('INVALID_DEFINITION', `kindTable: code ${code} is listed twice; give each code one kind`, { kind: 'usage' });
      }
      table[code] = GROUP_KINDS[group];
    }
  }
  return Object.freeze(table) as Record<CodeOf<T>, ErrorKind | undefined>;
}

/**
 * Options of a package error's constructor: the error it wraps, if any.
 *
 * @example
 * ```ts
 * throw new ModelsError('WORKER_FAILED', 'trainEnsembleParallel: a worker exited', { cause: err });
 * ```
 */
export interface ErrorCauseOptions {
  cause?: unknown;
  /** The facts the message was worded from (see `InitlabErrorOptions.detail`). */
  detail?: Readonly<Record<string, unknown>>;
}

/**
 * What {@link errorClass} returns: a class of {@link InitlabError}s with the package's codes.
 *
 * @example
 * ```ts
 * const Base: PackageErrorClass<'INVALID_SPEC'> = errorClass('ModelsError', MODELS_ERROR_KINDS);
 * ```
 */
export interface PackageErrorClass<Code extends string> {
  new (code: Code, message: string, options?: ErrorCauseOptions): InitlabError<Code>;
}

/**
 * The base class of one package's error: `new (code, message, { cause }?)`, its kind looked up in `kinds`
 * and its `name` set, so that `instanceof` holds both for the package's class and for {@link InitlabError}.
 *
 * @example
 * ```ts
 * export class ModelsError extends errorClass<ModelsErrorCode>('ModelsError', MODELS_ERROR_KINDS) {}
 * new ModelsError('WORKER_FAILED', 'a worker exited').kind; // 'runtime'
 * ```
 */
export function errorClass<Code extends string>(name: string, kinds: Readonly<Record<Code, ErrorKind | undefined>>): PackageErrorClass<Code> {
  return class PackageError extends InitlabError<Code> {
    constructor(code: Code, message: string, options?: ErrorCauseOptions) {
      super(code, message, { kind: kinds[code], cause: options?.cause, ...(options?.detail === undefined ? {} : { detail: options.detail }) });
      this.name = name;
    }
  };
}
