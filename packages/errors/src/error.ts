/**
 * What kind of failure an error is, which is all a command line needs to choose its exit code.
 *
 * - `usage`: the input is wrong (a bad flag, a missing file or folder, an invalid experiment): exit 2.
 * - `runtime`: the input was fine but doing it failed (network, disk write, training, a worker): exit 1.
 * - `interrupted`: the user stopped it (SIGINT, an aborted signal): exit 130.
 */
export type ErrorKind = 'usage' | 'runtime' | 'interrupted';

/** Options of {@link InitlabError}: its kind, and `cause` when it wraps another error. */
export interface InitlabErrorOptions {
  /**
   * The failure's kind. `undefined` leaves it to the cause: a wrapper such as `DATA_FAILED` is a usage error
   * when it wraps a missing file and a runtime error when it wraps a download failure.
   */
  kind: ErrorKind | undefined;
  /** The error this one wraps. */
  cause?: unknown;
  /**
   * The facts the message was worded from (the value refused, where it was), for a caller that words the
   * refusal for its own users (a command line naming its flags instead of file keys) without parsing text.
   */
  detail?: Readonly<Record<string, unknown>>;
}

/**
 * The base class of every initlab package's error: a one-line message, a machine-readable `code` and a
 * `kind` that decides the exit code (see {@link kindOf}). Published as its own package so that `instanceof`
 * holds across packages.
 *
 * @example
 * ```ts
 * throw new InitlabError('READ_FAILED', 'load: cannot read a.csv: no such file or folder', { kind: 'usage' });
 * ```
 */
export class InitlabError<Code extends string = string> extends Error {
  /** Machine-readable failure code, stable across releases. */
  readonly code: Code;
  /** The failure's own kind, or `undefined` when it takes its cause's (see {@link kindOf}). */
  readonly kind: ErrorKind | undefined;
  /** The facts the message was worded from, when the thrower gave them (see {@link InitlabErrorOptions.detail}). */
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(code: Code, message: string, options: InitlabErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InitlabError';
    this.code = code;
    this.kind = options.kind;
    this.detail = options.detail === undefined ? undefined : Object.freeze({ ...options.detail });
  }
}

/** What an aborted `AbortSignal` throws by default (a DOMException named `AbortError`). */
function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * The kind of a failure: the first `kind` set along the `cause` chain, so a wrapper that leaves its kind
 * `undefined` takes its cause's. An `AbortError` (what an aborted `AbortSignal` throws) counts as
 * `interrupted`. `undefined` when nothing on the chain says (a plain `Error`).
 *
 * @example
 * ```ts
 * const missing = new InitlabError('READ_FAILED', 'no such file', { kind: 'usage' });
 * kindOf(new InitlabError('DATA_FAILED', 'x: no such file', { kind: undefined, cause: missing })); // 'usage'
 * ```
 */
export function kindOf(err: unknown): ErrorKind | undefined {
  const seen = new Set<unknown>();
  for (let current = err; current !== undefined && current !== null && !seen.has(current); ) {
    seen.add(current);
    if (current instanceof InitlabError && current.kind !== undefined) return current.kind;
    if (isAbort(current)) return 'interrupted';
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** The process exit code of each kind. */
export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = { usage: 2, runtime: 1, interrupted: 130 };

/**
 * The exit code for a failure: 2 usage, 1 runtime, 130 interrupted (see {@link kindOf}); 1 for an error no
 * kind describes; 0 for no error (`undefined`).
 *
 * @example
 * ```ts
 * process.exitCode = exitCodeOf(err);
 * ```
 */
export function exitCodeOf(err: unknown): 0 | 1 | 2 | 130 {
  if (err === undefined) return 0;
  const kind = kindOf(err);
  return kind === undefined ? 1 : (EXIT_CODES[kind] as 1 | 2 | 130);
}
