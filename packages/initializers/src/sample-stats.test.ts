import { describe, expect, it } from 'vitest';
import { getInitializer, histogramBins, sampleStats, splitInitializerList } from './index.js';

describe('sampleStats', () => {
  it('gives the population mean, std, range and share of zeros', () => {
    expect(sampleStats(Float64Array.of(0, 0, 2, 4, -2))).toEqual({ count: 5, mean: 0.8, std: Math.sqrt(4.16), min: -2, max: 4, zeroShare: 0.4 });
  });

  it("measures a he_normal sample near its target std √(2/fan_in)", () => {
    const s = sampleStats(getInitializer('he_normal').sample([300, 200], { seed: 3, dtype: 'float64' }));
    expect(Math.abs(s.std / Math.sqrt(2 / 300) - 1)).toBeLessThan(0.015);
  });
});

describe('histogramBins', () => {
  it('splits [min, max] into equal bins, the maximum in the last', () => {
    expect(histogramBins(Float64Array.of(0, 1, 1, 2), 2)).toEqual([
      { x0: 0, x1: 1, count: 1 },
      { x0: 1, x1: 2, count: 3 },
    ]);
  });

  it('gives one empty-width bin when every value is equal, and refuses a bad bin count', () => {
    expect(histogramBins(Float32Array.of(3, 3, 3), 10)).toEqual([{ x0: 3, x1: 3, count: 3 }]);
    expect(() => histogramBins(Float32Array.of(1), 0)).toThrow('histogramBins: bins must be a positive integer, got 0');
  });
});

describe('splitInitializerList', () => {
  it("keeps a spec's own parameters together and passes names outside the catalogue through", () => {
    expect(splitInitializerList(' zeros, variance_scaling:scale=2,mode=fan_in ,he_normal,lsuv')).toEqual([
      'zeros',
      'variance_scaling:scale=2,mode=fan_in',
      'he_normal',
      'lsuv',
    ]);
  });

  it('refuses an empty entry, naming the list as the caller calls it', () => {
    expect(() => splitInitializerList('he_normal,,zeros', { name: '--initializers' })).toThrowErrorMatchingInlineSnapshot(
      `[InitializerError: --initializers has an empty entry in 'he_normal,,zeros'; separate names with single commas]`,
    );
    expect(() => splitInitializerList('zeros,')).toThrow("the initializer list has an empty entry in 'zeros,'");
  });
});
