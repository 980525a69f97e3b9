// Every public function and class of the package that takes an options object refuses a key it does not know,
// with @initlab/errors' unknownOptionsMessage (did-you-mean and the allowed keys) and the INVALID_OPTION code.
import { describe, expect, it } from 'vitest';
import {
  MinMaxScaler,
  MINMAX_SCALER_OPTIONS,
  SPLIT_OPTIONS,
  SPLIT_SIZE_OPTIONS,
  splitSizes,
  StandardScaler,
  STANDARD_SCALER_FIT_OPTIONS,
  STANDARD_SCALER_OPTIONS,
  TargetScaler,
  trainTestSplit,
  trainTestSplitIndices,
} from './index.js';

const bad = <T>(opts: object) => opts as T;

describe('unknown option keys are refused', () => {
  it.each([
    ['trainTestSplitIndices', () => trainTestSplitIndices(10, bad({ test_size: 0.2 }))],
    ['trainTestSplit', () => trainTestSplit([1, 2, 3, 4], [0, 1, 0, 1], bad({ randomstate: 1 }))],
    ['splitSizes', () => splitSizes(10, bad({ testSize: 0.2, shuffle: false }))],
    ['StandardScaler', () => new StandardScaler(bad({ with_mean: false }))],
    ['StandardScaler.fit', () => new StandardScaler().fit([[1], [2]], bad({ sampleWeights: [1, 1] }))],
    ['StandardScaler.partialFit', () => new StandardScaler().partialFit([[1], [2]], bad({ weight: 1 }))],
    ['StandardScaler.fitTransform', () => new StandardScaler().fitTransform([[1], [2]], bad({ copy: true }))],
    ['MinMaxScaler', () => new MinMaxScaler(bad({ featureRange: [0, 1], clipped: true }))],
    ['TargetScaler.fit', () => new TargetScaler().fit([1, 2], bad({ sample_weight: [1, 1] }))],
    ['TargetScaler.partialFit', () => new TargetScaler().partialFit([1, 2], bad({ sampleWeigth: [1, 1] }))],
  ] as const)('%s', (_name, call) => {
    expect(call).toThrow(expect.objectContaining({ name: 'PreprocessError', code: 'INVALID_OPTION' }));
  });

  it('names the function, the key, a likely meant key and every allowed key', () => {
    expect(() => trainTestSplitIndices(10, bad({ testsize: 0.2 }))).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: unknown option "testsize" (did you mean "testSize"?); allowed: randomState, shuffle, stratify, testSize, trainSize]`,
    );
    expect(() => new StandardScaler().fit([[1]], bad({ sampleWeights: 1 }))).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.fit: unknown option "sampleWeights" (did you mean "sampleWeight"?); allowed: sampleWeight]`,
    );
    expect(() => new MinMaxScaler(bad({ range: [0, 1], clipp: true }))).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: MinMaxScaler: unknown options "range" (did you mean "featureRange"?), "clipp" (did you mean "clip"?); allowed: clip, featureRange]`,
    );
    expect(() => splitSizes(10, bad([0.2]))).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: splitSizes: options must be an object with the keys testSize, trainSize, got an array of length 1]`,
    );
  });

  it('accepts every listed key, and an undefined value counts as written', () => {
    expect(trainTestSplitIndices(10, { testSize: 0.2, trainSize: undefined, randomState: 1, shuffle: true, stratify: undefined }).test).toHaveLength(2);
    expect(new StandardScaler({ withMean: true, withStd: true }).fit([[1], [3]], { sampleWeight: undefined }).mean).toEqual([2]);
    expect(new MinMaxScaler({ featureRange: [0, 2], clip: true }).fit([[0], [1]]).scale).toEqual([2]);
    expect(() => new StandardScaler(bad({ withMean: true, copy: undefined }))).toThrow(/unknown option "copy"/);
    expect([SPLIT_OPTIONS, SPLIT_SIZE_OPTIONS, STANDARD_SCALER_OPTIONS, STANDARD_SCALER_FIT_OPTIONS, MINMAX_SCALER_OPTIONS]).toEqual([
      ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify'],
      ['testSize', 'trainSize'],
      ['withMean', 'withStd'],
      ['sampleWeight'],
      ['featureRange', 'clip'],
    ]);
  });
});
