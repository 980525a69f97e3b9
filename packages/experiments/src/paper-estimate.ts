// What a paper measurement reports: named quantities, each an estimate over seeds (or samples) with its 95%
// interval, and the series a page draws. Quantity names are `<measurement>/<…>/<quantity>`.
import { summarize } from '@initlab/eval';

/** One quantity over seeds: its mean, the 95% interval of the mean (Student's t; null below 2 values), and the values. */
export interface Estimate {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  /** Finite values the mean is over. */
  n: number;
  /** Values that were not finite (a diverged run), left out of the mean. */
  missing: number;
  values: number[];
}

/**
 * The estimate of one quantity from its values over seeds: non-finite values are counted in `missing` and left out.
 *
 * @example
 * ```ts
 * estimateOf([0.9, 0.92, 0.91]).mean; // 0.91
 * ```
 */
export function estimateOf(values: readonly (number | null)[]): Estimate {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return { mean: null, lo: null, hi: null, n: 0, missing: 0, values: [] };
  const s = summarize(values as (number | null)[]);
  return { mean: s.mean, lo: s.ci?.[0] ?? null, hi: s.ci?.[1] ?? null, n: s.n, missing: s.diverged, values: finite };
}

/** An exact number (a theory value, a published number): an estimate of one value without an interval. */
export function exactly(value: number): Estimate {
  return { mean: Number.isFinite(value) ? value : null, lo: null, hi: null, n: Number.isFinite(value) ? 1 : 0, missing: Number.isFinite(value) ? 0 : 1, values: Number.isFinite(value) ? [value] : [] };
}

/** What one measurement produced. */
export interface MeasureOutput {
  quantities: Record<string, Estimate>;
  /** Curves and histograms for figures, by name (`<measurement>/<…>`). */
  series: Record<string, number[]>;
  notes: string[];
}

/** Collects a measurement's quantities under its id. */
export class MeasureSink {
  readonly quantities: Record<string, Estimate> = {};
  readonly series: Record<string, number[]> = {};
  readonly notes: string[] = [];
  constructor(private readonly id: string) {}

  /** `parts` joined by "/" under the measurement id. */
  key(...parts: (string | number)[]): string {
    return [this.id, ...parts].join('/');
  }

  put(parts: (string | number)[], value: Estimate): void {
    this.quantities[this.key(...parts)] = value;
  }

  values(parts: (string | number)[], values: readonly (number | null)[]): void {
    this.put(parts, estimateOf(values));
  }

  exact(parts: (string | number)[], value: number): void {
    this.put(parts, exactly(value));
  }

  curve(parts: (string | number)[], values: readonly number[]): void {
    this.series[this.key(...parts)] = [...values];
  }

  output(): MeasureOutput {
    return { quantities: this.quantities, series: this.series, notes: this.notes };
  }
}

/** Mean of the finite values, null without any. */
export function meanOf(values: readonly number[]): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? null : s / n;
}
