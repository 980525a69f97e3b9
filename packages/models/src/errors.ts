import { InitlabError, type ErrorKind } from '@initlab/errors';

/** Machine-readable reasons a `@initlab/models` call can fail. */
export type ModelsErrorCode =
  | 'INVALID_SPEC'
  | 'INVALID_OPTIONS'
  | 'INVALID_DATA'
  | 'INVALID_WEIGHTS'
  | 'NO_BACKEND'
  | 'WORKER_FAILED';

/** The kind (and so the CLI's exit code) of each code. */
export const MODELS_ERROR_KINDS = {
  INVALID_SPEC: 'usage',
  INVALID_OPTIONS: 'usage',
  INVALID_DATA: 'usage',
  INVALID_WEIGHTS: 'usage',
  NO_BACKEND: 'runtime',
  WORKER_FAILED: 'runtime',
} as const satisfies Record<ModelsErrorCode, ErrorKind | undefined>;

/**
 * The one error class `@initlab/models` throws. Messages are one line: the function and argument,
 * the rule, the value received, and what is allowed.
 *
 * @example
 * try { validateModelSpec({ inputDim: 0, hidden: [], output: { units: 1 }, loss: 'mse' }); }
 * catch (e) { if (e instanceof ModelsError) console.log(e.code); } // 'INVALID_SPEC'
 */
export class ModelsError extends InitlabError<ModelsErrorCode> {
  constructor(code: ModelsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: MODELS_ERROR_KINDS[code], cause: options?.cause });
    this.name = 'ModelsError';
  }
}

export { show } from '@initlab/errors';
