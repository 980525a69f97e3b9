import { describe, expect, it } from 'vitest';
import { canonicalJson, hash64, RUN_FORMAT, runIdOf } from './run-id.js';

describe('runIdOf', () => {
  it('gives the frozen id of a fixed run: a change here silently breaks resuming every results.jsonl', () => {
    // What @initlab/experiments' planRuns hashes for the first run of seed-wine (zeros, seed 0).
    const content = {
      format: RUN_FORMAT,
      data: { dataset: 'wine-quality-red', target: 'quality-binary' },
      split: { testSize: 0.2, randomState: 42, stratify: false },
      preprocess: { features: 'standard', target: 'none' },
      output: { units: 3, activation: 'softmax' },
      loss: 'sparse_categorical_crossentropy',
      initializerScope: 'hidden',
      outputKernelInitializer: { name: 'glorot_uniform' },
      biasInitializer: { name: 'zeros' },
      training: { epochs: 50, batchSize: 16, shuffle: true, validation: true },
      hidden: [{ units: 10, activation: 'relu' }],
      optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false },
      initializer: { name: 'zeros' },
      seed: 0,
    };
    expect(RUN_FORMAT).toBe('initlab-run/1');
    expect(runIdOf(content)).toBe('af817903652e');
  });

  it('does not depend on key order or undefined members', () => {
    expect(runIdOf({ a: 1, b: [1, 2], c: undefined })).toBe(runIdOf({ b: [1, 2], a: 1 }));
    expect(runIdOf({ a: 1 })).not.toBe(runIdOf({ a: 2 }));
  });
});

describe('canonicalJson and hash64', () => {
  it('sorts keys at every level and writes non-finite numbers and undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, undefined, Number.NaN], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,null,null]},"b":1}');
  });

  it('is 16 hex digits and frozen', () => {
    expect(hash64('')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('initlab')).toBe(hash64('initlab'));
    expect(hash64('initlab')).not.toBe(hash64('initlaB'));
  });
});
