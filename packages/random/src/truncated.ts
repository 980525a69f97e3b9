// Exact samplers for a standard normal restricted to [a, b], and the rule that picks one.
import { normalCdf, normalSf } from './normal-dist.js';
import type { DrawSource } from './lanes.js';

/** Below this acceptance rate, plain rejection from the ziggurat wastes too many draws. */
export const ZIGGURAT_MIN_ACCEPTANCE = 0.3;

/**
 * How to sample Z | a ≤ Z ≤ b:
 * - `ziggurat`: draw normals, keep those inside. When [a, b] lies on one side of 0 the sign is
 *   folded (`fold` = ±1: draw |Z| and give it that sign), which doubles the acceptance; for an
 *   interval around 0, `fold` = 0. Used when the acceptance is ≥ 0.3;
 * - `uniform`: Robert (1995)'s uniform proposal on [a, b], accept with ρ(z) = exp((m² − z²)/2),
 *   m the point of [a, b] closest to 0 (narrow intervals);
 * - `exponential`: Robert (1995)'s translated-exponential proposal on [a, ∞) with the optimal rate
 *   α = (a + √(a² + 4))/2, accept with exp(−(z − α)²/2) and z ≤ b (far one-sided tails).
 * For the last two the interval is mirrored to the positive side when it lies below 0 (`sign = −1`).
 */
export type TruncationPlan =
  | { readonly kind: 'ziggurat'; readonly fold: 0 | 1 | -1 }
  | { readonly kind: 'uniform'; readonly a: number; readonly b: number; readonly m2: number; readonly sign: 1 | -1 }
  | { readonly kind: 'exponential'; readonly a: number; readonly b: number; readonly alpha: number; readonly sign: 1 | -1 };

/** P(a ≤ Z ≤ b) without cancellation in either tail. */
export function normalMass(a: number, b: number): number {
  if (a >= 0) return normalSf(a) - normalSf(b);
  if (b <= 0) return normalCdf(b) - normalCdf(a);
  return 1 - normalCdf(a) - normalSf(b);
}

/**
 * Chooses the sampler for the standardized interval [a, b] (a < b, either may be infinite).
 * Robert's rule picks the exponential proposal when b exceeds
 * a + 2√e/(a + √(a²+4)) · exp((a² − a√(a²+4))/4), where its acceptance beats the uniform one.
 *
 * Reference: "Simulation of truncated normal variables" – Robert (1995).
 */
export function planTruncation(a: number, b: number): TruncationPlan {
  const fold = a >= 0 ? 1 : b <= 0 ? -1 : 0;
  const acceptance = (fold === 0 ? 1 : 2) * normalMass(a, b);
  if (acceptance >= ZIGGURAT_MIN_ACCEPTANCE) return { kind: 'ziggurat', fold };
  let sign: 1 | -1 = 1;
  if (b <= 0) {
    [a, b] = [-b, -a];
    sign = -1;
  }
  if (a < 0) return { kind: 'uniform', a, b, m2: 0, sign }; // around 0, and narrow since its mass is small
  const root = Math.sqrt(a * a + 4);
  const threshold = a + ((2 * Math.sqrt(Math.E)) / (a + root)) * Math.exp((a * a - a * root) / 4);
  if (b > threshold) return { kind: 'exponential', a, b, alpha: (a + root) / 2, sign };
  return { kind: 'uniform', a, b, m2: a * a, sign };
}

/** One draw of Z | a ≤ Z ≤ b for a `uniform` or `exponential` plan. */
export function sampleRobert(gen: DrawSource, plan: Exclude<TruncationPlan, { kind: 'ziggurat' }>): number {
  if (plan.kind === 'uniform') {
    const { a, b, m2 } = plan;
    const width = b - a;
    for (;;) {
      const z = a + width * gen.nextFloat64();
      if (gen.nextFloat64() < Math.exp(0.5 * (m2 - z * z)) && z <= b) return plan.sign * z;
    }
  }
  const { a, b, alpha } = plan;
  for (;;) {
    const z = a - Math.log(gen.nextFloat64NonZero()) / alpha;
    if (z > b) continue;
    const d = z - alpha;
    if (gen.nextFloat64() < Math.exp(-0.5 * d * d)) return plan.sign * z;
  }
}

/** mean + std·Z | low ≤ · ≤ high by Robert (1995)'s samplers; a value rounding puts outside is redrawn. */
export function robertFill(
  gen: DrawSource,
  out: Float32Array | Float64Array,
  mean: number,
  std: number,
  low: number,
  high: number,
  plan: Exclude<TruncationPlan, { kind: 'ziggurat' }>,
): void {
  const n = out.length;
  for (let i = 0; i < n; ) {
    out[i] = mean + std * sampleRobert(gen, plan);
    const v = out[i]!;
    if (v >= low && v <= high) i++;
  }
}
