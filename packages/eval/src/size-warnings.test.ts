import { describe, expect, it } from 'vitest';
import { FEW_TEST_ROWS, sizeWarnings } from './size-warnings.js';

describe('sizeWarnings', () => {
  it('warns on a tiny test split and on a batch larger than the training set, with the numbers', () => {
    const w = sizeWarnings({ rows: 3, nTrain: 2, nTest: 1 }, 32);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^the test split holds only 1 of 3 rows: each test metric rests on one case/);
    expect(w[1]).toBe('the batch size 32 is larger than the 2 training rows: every epoch is one full-batch step; use a batch size of 2 or less to train in mini-batches');
  });

  it('says nothing for data of a working size, at the edges too', () => {
    expect(sizeWarnings({ rows: 50, nTrain: 40, nTest: FEW_TEST_ROWS }, 40)).toEqual([]);
    expect(sizeWarnings({ rows: 49, nTrain: 40, nTest: FEW_TEST_ROWS - 1 }, 41)).toHaveLength(2);
  });
});
