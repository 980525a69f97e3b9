import { describe, expect, it } from 'vitest';
import { assertKnownOptions, optionKeys, unknownOptionKeys, unknownOptionsMessage } from './options.js';

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

describe('optionKeys', () => {
  it('lists the keys of the record, frozen', () => {
    interface ScaleOptions {
      withMean?: boolean;
      withStd?: boolean;
    }
    const keys = optionKeys<ScaleOptions>({ withMean: true, withStd: true });
    expect(keys).toEqual(['withMean', 'withStd']);
    expect(Object.isFrozen(keys)).toBe(true);
    // @ts-expect-error a key of the type is missing
    optionKeys<ScaleOptions>({ withMean: true });
    // @ts-expect-error a key the type does not have
    optionKeys<ScaleOptions>({ withMean: true, withStd: true, copy: true });
  });
});

describe('assertKnownOptions', () => {
  it("throws the caller's error with the message, and nothing when every key is known", () => {
    const error = (m: string) => new RangeError(m);
    expect(() => assertKnownOptions('makeMoons', { noise: 0.1 }, ['noise', 'seed'], error)).not.toThrow();
    expect(() => assertKnownOptions('makeMoons', { nois: 0.1 }, ['noise', 'seed'], error)).toThrow(
      new RangeError('makeMoons: unknown option "nois" (did you mean "noise"?); allowed: noise, seed'),
    );
  });
});
