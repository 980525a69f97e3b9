import { InitlabError, type ErrorKind } from '@initlab/errors';

/** Machine-readable reasons a backend call can fail. */
export type BackendErrorCode = 'UNKNOWN_BACKEND' | 'INVALID_OPTIONS' | 'BACKEND_INIT_FAILED';

/** The kind (and so the CLI's exit code) of each code. */
export const BACKEND_ERROR_KINDS = {
  UNKNOWN_BACKEND: 'usage',
  INVALID_OPTIONS: 'usage',
  BACKEND_INIT_FAILED: 'runtime',
} as const satisfies Record<BackendErrorCode, ErrorKind | undefined>;

/**
 * The one error class `@initlab/backends` throws. `code` says why; the message is one line that
 * names the function and argument, states the rule, echoes the value received and lists what is allowed.
 *
 * @example
 * try { await useBackend('webgl' as 'cpu'); } catch (e) { if (e instanceof BackendError) console.log(e.code); }
 */
export class BackendError extends InitlabError<BackendErrorCode> {
  constructor(code: BackendErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: BACKEND_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'BackendError';
  }
}
