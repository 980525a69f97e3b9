// Issue 12: `logLoss(…, { normalize: false })` was silently ignored. Every public function of this package
// that takes an options (or input) object now refuses a key it does not read, with the one message of
// @initlab/errors (did-you-mean, the allowed keys) and the code INVALID_OPTION.
import { describe, expect, it } from 'vitest';
import { accuracy, classificationMetrics, confusionMatrix, logLoss, perClassScores, precisionRecallF1 } from './classification.js';
import { compareToBaseline, beatsBaseline } from './baseline.js';
import { EvalError } from './errors.js';
import { summarizeExperiment } from './experiment.js';
import { mae, mse, r2, regressionMetrics, rmse } from './regression.js';
import { pairedTTest, welchTTest } from './ttest.js';
import { summarize } from './summarize.js';
import { compareGroups } from './compare.js';
import { testAgainstBaseline } from './baseline-test.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EvalError) return error.code;
    throw error;
  }
  return undefined;
}

describe('unknown option keys are refused', () => {
  it('logLoss: a misspelt normalize names the right key (the issue 12 case)', () => {
    expect(() => logLoss([0, 1], [0.2, 0.9], { normalise: false } as never)).toThrowErrorMatchingInlineSnapshot(
      `[EvalError: logLoss: unknown option "normalise" (did you mean "normalize"?); allowed: eps, labels, normalize, sampleWeight, sumTolerance]`,
    );
    expect(() => logLoss([0, 1], [0.2, 0.9], { sample_weight: [1, 1] } as never)).toThrow(/logLoss: unknown option "sample_weight" \(did you mean "sampleWeight"\?\)/);
  });

  const y = [0, 1, 1, 0];
  const p = [0, 1, 0, 0];
  const rows = [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.9, 0.1]];
  const t = [1, 2.5, 3, 4];
  const u = [1.5, 2, 3.5, 4];
  const calls: [string, (bad: object) => unknown][] = [
    ['accuracy', (bad) => accuracy(y, p, bad as never)],
    ['precisionRecallF1', (bad) => precisionRecallF1(y, p, bad as never)],
    ['logLoss', (bad) => logLoss(y, rows, bad as never)],
    ['confusionMatrix', (bad) => confusionMatrix(y, p, bad as never)],
    ['perClassScores', (bad) => perClassScores([[1, 0], [0, 1]], bad as never)],
    ['classificationMetrics', (bad) => classificationMetrics(y, rows, bad as never)],
    ['mse', (bad) => mse(t, u, bad as never)],
    ['rmse', (bad) => rmse(t, u, bad as never)],
    ['mae', (bad) => mae(t, u, bad as never)],
    ['r2', (bad) => r2(t, u, bad as never)],
    ['regressionMetrics', (bad) => regressionMetrics(t, u, bad as never)],
    ['welchTTest', (bad) => welchTTest(t, u, bad as never)],
    ['pairedTTest', (bad) => pairedTTest(t, u, bad as never)],
    ['compareToBaseline', (bad) => compareToBaseline({ metric: 'mse', value: 1, baseline: 2, ...bad } as never)],
    ['beatsBaseline', (bad) => beatsBaseline({ metric: 'mse', value: 1, baseline: 2, ...bad } as never)],
    ['summarizeExperiment', (bad) => summarizeExperiment({ ...bad } as never)],
  ];

  it.each(calls)('%s throws INVALID_OPTION naming the function and the key', (name, call) => {
    expect(codeOf(() => call({ bogusOption: 1 }))).toBe('INVALID_OPTION');
    // compareToBaseline is what beatsBaseline calls, so its message leads with compareToBaseline
    const lead = name === 'beatsBaseline' ? 'compareToBaseline' : name;
    expect(() => call({ bogusOption: 1 })).toThrow(new RegExp(`^${lead}: unknown option "bogusOption"; allowed: `));
  });

  it('the right keys still work, and no options at all is fine', () => {
    expect(accuracy(y, p, {})).toBe(0.75);
    expect(accuracy(y, p)).toBe(0.75);
    expect(mse(t, u, { sampleWeight: [1, 1, 1, 1] })).toBe(mse(t, u));
    expect(welchTTest(t, u, { confidence: 0.9 }).confidence).toBe(0.9);
    expect(compareToBaseline({ metric: 'mse', value: 1, baseline: 2, relativeTolerance: 0 }).verdict).toBe('better');
    expect(precisionRecallF1(y, p, 2).perClass).toHaveLength(2);
  });

  it('refuses an options value that is not an object', () => {
    expect(() => mse(t, u, 3 as never)).toThrowErrorMatchingInlineSnapshot(`[EvalError: mse: options must be an object with keys sampleWeight, got 3]`);
    expect(() => compareToBaseline(undefined as never)).toThrow(/^compareToBaseline: input must be an object with keys metric, value, baseline/);
  });
});

describe('unknown options of the statistics over seeds', () => {
  it('are refused by summarize, compareGroups and testAgainstBaseline', () => {
    expect(() => summarize([1, 2, 3], { confidense: 0.9 } as never)).toThrow('summarize: unknown option "confidense" (did you mean "confidence"?); allowed: confidence, range');
    expect(() => compareGroups([{ name: 'a', values: [1, 2] }], { metric: 'mse', pairred: true } as never)).toThrow(
      'compareGroups: unknown option "pairred" (did you mean "paired"?); allowed: baseline, baselineKind, confidence, higherIsBetter, metric, paired, range, split',
    );
    expect(() => testAgainstBaseline([1, 2, 3], 0, { higherIsBetter: true, alfa: 0.1 } as never)).toThrow(
      'testAgainstBaseline: unknown option "alfa" (did you mean "alpha"?); allowed: alpha, higherIsBetter',
    );
  });
});
