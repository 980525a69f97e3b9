/**
 * Every failure code `@initlab/results` can raise.
 *
 * - `READ_FAILED`: an output folder or its `results.jsonl` could not be read.
 * - `WRITE_FAILED`: an output folder, `results.jsonl` or `experiment.json` could not be created or written.
 * - `OUT_DIR_MISMATCH`: the output folder already holds another experiment's results.
 *
 * @example
 * ```ts
 * if (err instanceof ResultsError && err.code === 'OUT_DIR_MISMATCH') console.error(err.message);
 * ```
 */
export type ResultsErrorCode = 'READ_FAILED' | 'WRITE_FAILED' | 'OUT_DIR_MISMATCH';

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
export class ResultsError extends Error {
  /** Machine-readable failure kind. */
  readonly code: ResultsErrorCode;

  /**
   * @param code - the failure kind.
   * @param message - one line: what, the rule, the value received, what is allowed.
   * @param options - `{ cause }` when wrapping another error.
   */
  constructor(code: ResultsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResultsError';
    this.code = code;
  }
}

/** The first line of an error's message (for wrapping causes into a one-line message). */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').trim();
}

/** A file-system failure in words (the `code` Node sets), else the first line of its message. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a path component is a file, not a folder';
  if (code === 'EEXIST') return 'a file is in the way';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return firstLine(err);
}
