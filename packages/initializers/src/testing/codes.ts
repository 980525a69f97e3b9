// Test helper: which InitializerError code a call throws, so a table of cases can list codes side by side.
import { InitializerError } from '../errors.js';

/** The code of the `InitializerError` that `fn` throws; `undefined` when it returns; a note for any other error. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InitializerError ? error.code : `not an InitializerError: ${String(error)}`;
  }
  return undefined;
}
