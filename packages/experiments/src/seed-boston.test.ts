import { beforeAll, describe, expect, it } from 'vitest';
import { validateExperiment } from './parse.js';
import { runExperiment, type ExperimentResult } from './run.js';
import { seedExperiments } from './seeds.js';
import { countTensorsAround, TEST_DATA_DIR } from './test-data.js';

// The Boston notebook end to end on the real file: as written (target unscaled), and with the target
// standardised, which is what the notebook meant to show.
const dataOptions = { dataDir: TEST_DATA_DIR, offline: true };
let asWritten: ExperimentResult;
let scaled: ExperimentResult;
let tensorsBefore = 0;
let tensorsAfter = 0;
beforeAll(async () => {
  ({ tensorsBefore, tensorsAfter } = await countTensorsAround(async () => {
    const boston = seedExperiments['seed-boston'];
    asWritten = await runExperiment(boston, { dataOptions });
    scaled = await runExperiment(validateExperiment({ ...boston, preprocess: { features: 'standard', target: 'standard' } }, 'scaled'), {
      dataOptions,
    });
  }));
}, 120_000);

const mse = (result: ExperimentResult, label: string): number => result.results.find((r) => r.label === label)!.metrics.mse!;
function baselineMse(result: ExperimentResult): number {
  if (result.baseline.kind !== 'train-mean') throw new Error('expected a regression baseline');
  return result.baseline.metrics.mse;
}

describe('seed-boston through runExperiment', () => {
  it('splits 391 / 98 and predicting the training mean gives MSE ≈ 2.335e10', () => {
    expect(asWritten.data).toMatchObject({ rows: 489, nTrain: 391, nTest: 98, targetName: 'MEDV' });
    expect(asWritten.baseline.kind).toBe('train-mean');
    expect(baselineMse(asWritten) / 2.335e10).toBeCloseTo(1, 3);
  });

  it('as written: no model beats the baseline, and the warning names it and suggests target scaling', () => {
    for (const label of ['zeros', 'constant:value=0.1', 'random_normal:stddev=0.01', 'random_normal:stddev=5']) {
      // The notebook's models all land near 2.0e11 (about 9× the baseline).
      expect(mse(asWritten, label)).toBeGreaterThan(baselineMse(asWritten));
    }
    const warning = asWritten.warnings[0]!;
    expect(warning).toMatch(/^the target "MEDV" is not scaled \(training mean 4\.\d+e5, std 1\.\d+e5\)/);
    expect(warning).toContain('the train-mean baseline has test MSE 2.335e10 and 4 of 4 initializers do not beat it');
    expect(warning).toContain('set preprocess.target: standard');
    expect(asWritten.reference?.rows.map((r) => r.values['mse']?.reference)).toEqual([
      202395140096, 201631563776, 201870786560, 201914023936,
    ]);
  });

  it('with the target standardised the small random normal beats the baseline, in dollars²', () => {
    expect(baselineMse(scaled)).toBe(baselineMse(asWritten));
    const small = mse(scaled, 'random_normal:stddev=0.01');
    expect(small).toBeLessThan(baselineMse(scaled));
    // PyTorch on this split: about 3.9e9.
    expect(small).toBeLessThan(1e10);
    expect(scaled.warnings.some((w) => w.startsWith('the target'))).toBe(false);
    expect(scaled.aggregates.find((a) => a.label === 'random_normal:stddev=0.01')?.baseline?.verdict).toBe('better');
  });

  it('leaves no tensor behind', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });
});
