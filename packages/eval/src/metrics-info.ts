import { EvalError } from './errors.js';
import { show } from './validate.js';

/** Display name and direction of a metric. */
export interface MetricInfo {
  /** Key as used in result objects, e.g. `'logLoss'`. */
  key: string;
  /** Name for people, e.g. `'log loss'`. */
  label: string;
  /** True when larger values are better (accuracy, R², F1); false for errors and losses. */
  higherIsBetter: boolean;
  /**
   * The values the metric can take, `[min, max]` (±Infinity for an open end): `[0, 1]` for shares such as
   * accuracy, `[0, Infinity]` for errors and losses. Confidence intervals of a metric with a range stay inside it.
   */
  range: readonly [number, number];
}

/**
 * The metrics initlab reports, by key, with their display label and direction. Comparison and verdict
 * functions look a metric up here when no explicit `higherIsBetter` is given.
 *
 * @example
 * ```ts
 * METRICS.mse;      // { key: 'mse', label: 'MSE', higherIsBetter: false, range: [0, Infinity] }
 * METRICS.accuracy; // { key: 'accuracy', label: 'accuracy', higherIsBetter: true, range: [0, 1] }
 * ```
 */
export const METRICS = {
  mse: { key: 'mse', label: 'MSE', higherIsBetter: false, range: [0, Infinity] },
  rmse: { key: 'rmse', label: 'RMSE', higherIsBetter: false, range: [0, Infinity] },
  mae: { key: 'mae', label: 'MAE', higherIsBetter: false, range: [0, Infinity] },
  r2: { key: 'r2', label: 'R²', higherIsBetter: true, range: [-Infinity, 1] },
  loss: { key: 'loss', label: 'loss', higherIsBetter: false, range: [0, Infinity] },
  accuracy: { key: 'accuracy', label: 'accuracy', higherIsBetter: true, range: [0, 1] },
  logLoss: { key: 'logLoss', label: 'log loss', higherIsBetter: false, range: [0, Infinity] },
  macroPrecision: { key: 'macroPrecision', label: 'macro precision', higherIsBetter: true, range: [0, 1] },
  macroRecall: { key: 'macroRecall', label: 'macro recall', higherIsBetter: true, range: [0, 1] },
  macroF1: { key: 'macroF1', label: 'macro F1', higherIsBetter: true, range: [0, 1] },
  weightedF1: { key: 'weightedF1', label: 'weighted F1', higherIsBetter: true, range: [0, 1] },
} as const satisfies Record<string, MetricInfo>;

/** A key of {@link METRICS}. */
export type KnownMetric = keyof typeof METRICS;

/**
 * Look a metric up by key. Unknown names return `undefined` (callers then need an explicit direction).
 *
 * @example
 * ```ts
 * metricInfo('r2')?.higherIsBetter; // true
 * metricInfo('val loss');           // undefined
 * ```
 */
export function metricInfo(metric: string): MetricInfo | undefined {
  return Object.hasOwn(METRICS, metric) ? METRICS[metric as KnownMetric] : undefined;
}

/** The display label of a metric: the registry label for a known key, else the string itself. */
export function metricLabel(metric: string): string {
  return metricInfo(metric)?.label ?? metric;
}

/** Explicit direction if given, else the registry's; unknown metric without direction is an error. */
export function resolveDirection(fn: string, metric: string, higherIsBetter: boolean | undefined): boolean {
  if (typeof metric !== 'string' || metric.trim() === '') {
    throw new EvalError('INVALID_OPTION', `${fn}: metric must be a non-empty string, got ${show(metric)}`);
  }
  const direction = higherIsBetter ?? metricInfo(metric)?.higherIsBetter;
  if (typeof direction !== 'boolean') {
    throw new EvalError(
      'INVALID_OPTION',
      `${fn}: higherIsBetter must be given for metric ${JSON.stringify(metric)}, got ${show(higherIsBetter)}; known metrics: ${Object.keys(METRICS).join(', ')}`,
    );
  }
  return direction;
}
