import type { DataSummary } from '@initlab/results';

/** Below this many test rows a test metric is a handful of cases: warn (the reports say why). */
export const FEW_TEST_ROWS = 10;

/**
 * Warnings about data too small for what the experiment asks of it: a test split of fewer than
 * {@link FEW_TEST_ROWS} rows (each row moves accuracy by 1/n; an MSE is a few squared errors), and a batch
 * larger than the training set (every epoch is then one full-batch step, not the mini-batch training set up).
 *
 * @example
 * ```ts
 * sizeWarnings({ nTrain: 2, nTest: 1, rows: 3 }, 32);
 * // ['the test split holds only 1 of 3 rows: …', 'the batch size 32 is larger than the 2 training rows: …']
 * ```
 */
export function sizeWarnings(data: Pick<DataSummary, 'nTrain' | 'nTest' | 'rows'>, batchSize: number): string[] {
  const warnings: string[] = [];
  if (data.nTest < FEW_TEST_ROWS) {
    warnings.push(
      `the test split holds only ${data.nTest} of ${data.rows} rows: each test metric rests on ${data.nTest === 1 ? 'one case' : `${data.nTest} cases`}, so differences between initializers are mostly chance; use more rows or a larger test size`,
    );
  }
  if (batchSize > data.nTrain) {
    warnings.push(
      `the batch size ${batchSize} is larger than the ${data.nTrain} training rows: every epoch is one full-batch step; use a batch size of ${data.nTrain} or less to train in mini-batches`,
    );
  }
  return warnings;
}
