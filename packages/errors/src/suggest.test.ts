import { describe, expect, it } from 'vitest';
import { closest, didYouMean, rankByCloseness } from './suggest.js';

const INITIALIZERS = ['he_normal', 'he_uniform', 'lecun_normal', 'random_normal', 'xavier_normal', 'xavier_uniform', 'zeros'];

describe('closest', () => {
  it('finds a typo, ignoring case', () => {
    expect(closest('he_normall', INITIALIZERS)).toEqual(['he_normal']);
    expect(closest('HE_NORMAL', INITIALIZERS)).toEqual(['he_normal']);
  });

  it('counts a candidate containing the input as one edit, but not the other way round', () => {
    expect(closest('xavier', INITIALIZERS)).toEqual(['xavier_normal', 'xavier_uniform']);
    expect(closest('wine', ['moons', 'wine-quality-red'])).toEqual(['wine-quality-red']);
    expect(closest('he_normall', ['normal'])).toEqual([]);
    expect(closest('he', ['he_normal'])).toEqual([]);
  });

  it('keeps only candidates within max(2, len/3) edits and one edit of the best, at most limit', () => {
    expect(closest('nonsense', INITIALIZERS)).toEqual([]);
    expect(closest('zeroes', ['zeros', 'ones', 'zeroth'])).toEqual(['zeros', 'zeroth']);
    expect(closest('zeroes', ['zeros', 'zeroth'], 1)).toEqual(['zeros']);
    expect(closest('abcdefghijkl', ['abcdefghixyz', 'abcdefghijxy'])).toEqual(['abcdefghijxy', 'abcdefghixyz']);
    expect(closest('abcdefghijkl', ['abcdefghijkl', 'abcdefghijxy'])).toEqual(['abcdefghijkl']);
  });
});

describe('rankByCloseness', () => {
  it('orders every candidate, closest first, ties alphabetically', () => {
    expect(rankByCloseness('spiral', ['moons', 'spirals', 'blobs'])).toEqual(['spirals', 'blobs', 'moons']);
    expect(rankByCloseness('', ['b', 'a'])).toEqual(['a', 'b']);
  });
});

describe('didYouMean', () => {
  it('names the closest candidate, or says nothing', () => {
    expect(didYouMean('epoch', ['epochs', 'batchSize'])).toBe(' (did you mean "epochs"?)');
    expect(didYouMean('zzz', ['epochs', 'batchSize'])).toBe('');
  });
});
