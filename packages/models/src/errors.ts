import { errorClass, kindTable, unknownOptionsMessage, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const MODELS_ERROR_CODES = {
  usage: ['INVALID_SPEC', 'INVALID_OPTIONS', 'INVALID_DATA', 'INVALID_WEIGHTS', 'TOO_LARGE'],
  runtime: ['NO_BACKEND', 'WORKER_FAILED'],
} as const;

/** Machine-readable reasons a `@initlab/models` call can fail. */
export type ModelsErrorCode = CodeOf<typeof MODELS_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code. */
export const MODELS_ERROR_KINDS = kindTable(MODELS_ERROR_CODES);

/**
 * The one error class `@initlab/models` throws. Messages are one line: the function and argument,
 * the rule, the value received, and what is allowed.
 *
 * @example
 * try { validateModelSpec({ inputDim: 0, hidden: [], output: { units: 1 }, loss: 'mse' }); }
 * catch (e) { if (e instanceof ModelsError) console.log(e.code); } // 'INVALID_SPEC'
 */
export class ModelsError extends errorClass<ModelsErrorCode>('ModelsError', MODELS_ERROR_KINDS) {}

export { show } from '@initlab/errors';

/**
 * Throws `code` (default `INVALID_OPTIONS`) when the object `value` has a key outside `allowed`: a misspelt or
 * unsupported key would otherwise be ignored and the run would differ from what was asked. Non-objects pass
 * through; the caller's own shape check reports them.
 */
export function refuseUnknownKeys(where: string, value: unknown, allowed: readonly string[], code: ModelsErrorCode = 'INVALID_OPTIONS'): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const problem = unknownOptionsMessage(where, value, allowed);
  if (problem !== undefined) throw new ModelsError(code, problem);
}

// The one key-list check, from @initlab/errors.
export type { SameKeys } from '@initlab/errors';
