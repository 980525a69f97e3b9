import { describe, expect, it } from 'vitest';
import { unknownOptionKeys, unknownOptionsMessage } from './options.js';

describe('unknownOptionKeys', () => {
  it('lists the keys that are not allowed, undefined values included', () => {
    expect(unknownOptionKeys({ eps: 1, normalize: undefined }, ['eps'])).toEqual(['normalize']);
    expect(unknownOptionKeys(undefined, ['eps'])).toEqual([]);
    expect(unknownOptionKeys(null, [])).toEqual([]);
  });
});

describe('unknownOptionsMessage', () => {
  it('is undefined when every key is allowed', () => {
    expect(unknownOptionsMessage('logLoss', { eps: 1e-15 }, ['eps', 'normalize'])).toBeUndefined();
    expect(unknownOptionsMessage('logLoss', undefined, ['eps'])).toBeUndefined();
  });

  it('names the key, suggests the closest and lists what is allowed, sorted', () => {
    expect(unknownOptionsMessage('logLoss', { normalise: false }, ['normalize', 'eps', 'labels'])).toBe(
      'logLoss: unknown option "normalise" (did you mean "normalize"?); allowed: eps, labels, normalize',
    );
    expect(unknownOptionsMessage('StandardScaler', { copy: true, zzz: 1 }, ['withMean', 'withStd'])).toBe(
      'StandardScaler: unknown options "copy", "zzz"; allowed: withMean, withStd',
    );
    expect(unknownOptionsMessage('zeros', { seed: 1 }, [])).toBe('zeros: unknown option "seed"; it takes no options');
  });
});
