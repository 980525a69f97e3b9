import { useBackend } from '@initlab/backends';
import { describe, expect, it } from 'vitest';
import { BENCH_ROWS, BENCH_STEPS_PER_EPOCH, benchData, benchMembers, measureTraining, median } from '@initlab/models/bench';

describe('@initlab/models/bench', () => {
  it('defines the same data and members every time', () => {
    const a = benchData();
    expect(a.x).toHaveLength(BENCH_ROWS);
    expect(a.x[0]).toHaveLength(11);
    expect(new Set(a.y)).toEqual(new Set([0, 1, 2]));
    expect(benchData()).toEqual(a);
    expect(benchMembers(3)).toEqual([{ seed: 1 }, { seed: 2 }, { seed: 3 }]);
    expect(BENCH_STEPS_PER_EPOCH).toBe(80);
  });

  it('times one warm-up and then each repetition, counting model-steps', async () => {
    await useBackend('cpu');
    const result = await measureTraining({ models: 2, epochs: 1, reps: 2 });
    expect(result.times).toHaveLength(2);
    expect(result.modelSteps).toBe(2 * BENCH_STEPS_PER_EPOCH);
    expect(result.modelStepsPerSecond).toBeCloseTo((result.modelSteps / median(result.times)) * 1000, 6);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow('median: values must hold at least one number, got an empty list');
  });
});
