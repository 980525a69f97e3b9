import { describe, expect, it } from 'vitest';
import { userMessage, withoutApiPrefix } from './user-message.js';

describe('withoutApiPrefix', () => {
  it('drops the API names a library message starts with, however many wrap it', () => {
    expect(withoutApiPrefix('loadCsv: x.csv has no column "y"')).toBe('x.csv has no column "y"');
    expect(withoutApiPrefix('runExperiment: loadDataset: boston-housing is missing')).toBe('boston-housing is missing');
    expect(withoutApiPrefix('StandardScaler.fromJSON: mean must be an array')).toBe('mean must be an array');
    expect(withoutApiPrefix('Rng.fillTruncatedNormal: bad bounds')).toBe('bad bounds');
    expect(withoutApiPrefix('StandardScaler: fit first')).toBe('fit first');
    expect(withoutApiPrefix('listDatasets(): none')).toBe('none');
  });

  it('keeps a lower-case word the user typed (an initializer, a command) and text without a lead', () => {
    expect(withoutApiPrefix('orthogonal: shape must be at least 2-D')).toBe('orthogonal: shape must be at least 2-D');
    expect(withoutApiPrefix('random_normal: unknown parameter "stdev"')).toBe('random_normal: unknown parameter "stdev"');
    expect(withoutApiPrefix('report: /tmp has no results.jsonl')).toBe('report: /tmp has no results.jsonl');
    expect(withoutApiPrefix('grid.yaml: training.epochs must be a positive integer')).toBe('grid.yaml: training.epochs must be a positive integer');
    expect(withoutApiPrefix('--lr must be a number > 0')).toBe('--lr must be a number > 0');
    // Only a lead is dropped: a name inside the text is the message's own business.
    expect(withoutApiPrefix('x: then loadCsv: y')).toBe('x: then loadCsv: y');
  });
});

describe('userMessage', () => {
  it('reads errors and other thrown values', () => {
    expect(userMessage(new TypeError('getInitializer: unknown initializer "foo"'))).toBe('unknown initializer "foo"');
    expect(userMessage('parseInitializerSpec: empty')).toBe('empty');
    expect(userMessage(42)).toBe('42');
  });
});
