/**
 * The shapes inside `evidence.json`: written by `scripts/evidence.ts`, read back by the claims tests,
 * so both sides agree on one definition.
 */

/** Per initializer: mean, 95% interval (half-width or both ends), min, max, diverged count of a metric (from the package's aggregates). */
export interface Stat {
  mean: number | null;
  /** Half-width of a Student-t interval; null for a bootstrap interval (see `interval`). */
  ci: number | null;
  /** Both ends of a bootstrap interval (accuracy and MSE: inside the metric's range); null for Student's t. */
  interval: [number, number] | null;
  min: number | null;
  max: number | null;
  n: number;
  diverged: number;
  /** Per seed, in seed order (null: diverged). */
  values: (number | null)[];
}

/** One hidden layer's signal at initialisation (layer numbers start at 1). */
export interface SignalLayer {
  layer: number;
  activationStd: number | null;
  gradientNorm: number | null;
  saturatedShare: number | null;
  deadShare: number | null;
}
