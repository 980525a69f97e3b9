import { unknownOptionsMessage } from '@initlab/errors';
import { PreprocessError } from './errors.js';
import { show } from './format.js';

/**
 * Refuses an options object that is not an object, or that holds a key `allowed` does not list (a misspelt
 * option would otherwise be dropped silently and the caller get a different result than asked for).
 * `undefined` (no options) is fine.
 */
export function checkOptions(where: string, opts: unknown, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new PreprocessError(
      'INVALID_OPTION',
      `${where}: options must be an object with the keys ${allowed.join(', ')}, got ${show(opts)}`,
    );
  }
  const problem = unknownOptionsMessage(where, opts, allowed);
  if (problem !== undefined) throw new PreprocessError('INVALID_OPTION', problem);
}

// The one key-list check, from @initlab/errors.
export type { SameKeys } from '@initlab/errors';
