import { errorClass, kindTable, unknownOptionsMessage, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const THEORY_ERROR_CODES = {
  usage: ['INVALID_ARGUMENT', 'INVALID_OPTIONS'],
  // A map without a finite fixed point (q grows without bound) or a root finder that cannot bracket a root.
  runtime: ['NO_FIXED_POINT', 'NO_ROOT'],
} as const;

/** Machine-readable reasons a `@initlab/theory` call can fail. */
export type TheoryErrorCode = CodeOf<typeof THEORY_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code. */
export const THEORY_ERROR_KINDS = kindTable(THEORY_ERROR_CODES);

/**
 * The one error class `@initlab/theory` throws. Messages are one line: the function and argument, the rule,
 * the value received, and what is allowed.
 *
 * @example
 * ```ts
 * try { lengthFixedPoint('tanh', { sigmaW2: -1, sigmaB2: 0 }); }
 * catch (e) { if (e instanceof TheoryError) console.log(e.code); } // 'INVALID_ARGUMENT'
 * ```
 */
export class TheoryError extends errorClass<TheoryErrorCode>('TheoryError', THEORY_ERROR_KINDS) {}

export { show } from '@initlab/errors';

/** Throws `INVALID_OPTIONS` when the object `value` has a key outside `allowed` (a misspelt key would be ignored). */
export function refuseUnknownKeys(where: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const problem = unknownOptionsMessage(where, value, allowed);
  if (problem !== undefined) throw new TheoryError('INVALID_OPTIONS', problem);
}
