import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const BACKEND_ERROR_CODES = {
  usage: ['UNKNOWN_BACKEND', 'INVALID_OPTIONS'],
  runtime: ['BACKEND_INIT_FAILED'],
} as const;

/** Machine-readable reasons a backend call can fail. */
export type BackendErrorCode = CodeOf<typeof BACKEND_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code. */
export const BACKEND_ERROR_KINDS = kindTable(BACKEND_ERROR_CODES);

/**
 * The one error class `@initlab/backends` throws. `code` says why; the message is one line that
 * names the function and argument, states the rule, echoes the value received and lists what is allowed.
 *
 * @example
 * try { await useBackend('webgl' as 'cpu'); } catch (e) { if (e instanceof BackendError) console.log(e.code); }
 */
export class BackendError extends errorClass<BackendErrorCode>('BackendError', BACKEND_ERROR_KINDS) {}
