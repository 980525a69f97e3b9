import { InitializerError, show } from './errors.js';

/** Summary statistics of a weight sample (population standard deviation, as NumPy's `std`). */
export interface SampleStats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Share of values exactly 0 (what `sparse` and `dirac` produce most of). */
  zeroShare: number;
}

/**
 * Mean, standard deviation, range and share of zeros of a sample, in two passes (the mean first, then the
 * squared deviations, so the variance does not lose digits to cancellation).
 *
 * @example
 * ```ts
 * sampleStats(getInitializer('he_normal').sample([300, 200], { seed: 3 })).std; // ≈ √(2/300)
 * ```
 */
export function sampleStats(values: ArrayLike<number> & Iterable<number>): SampleStats {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros += 1;
  }
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { count: values.length, mean, std: Math.sqrt(ss / values.length), min, max, zeroShare: zeros / values.length };
}

/** One histogram bar: the values in `[x0, x1)` (the last bar also holds `x1`). */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/**
 * Equal-width bins from the sample's minimum to its maximum. A sample whose values are all equal gives one
 * bin with `x0 === x1` holding every value (how to draw it is the caller's choice). Pass `range` when the
 * sample's {@link sampleStats} are already measured, so its values are not read twice more for min and max.
 *
 * @example
 * ```ts
 * histogramBins(Float64Array.of(0, 1, 1, 2), 2); // [{ x0: 0, x1: 1, count: 1 }, { x0: 1, x1: 2, count: 3 }]
 * ```
 */
export function histogramBins(
  values: ArrayLike<number> & Iterable<number>,
  bins: number,
  range: { min: number; max: number } = sampleStats(values),
): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new InitializerError('INVALID_OPTION', `histogramBins: bins must be a positive integer, got ${show(bins)}`, {
      initializer: 'histogramBins',
      parameter: 'bins',
      value: bins,
    });
  }
  const { min, max } = range;
  if (min === max) return [{ x0: min, x1: max, count: values.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
  return counts.map((count, i) => ({ x0: min + i * width, x1: min + (i + 1) * width, count }));
}
