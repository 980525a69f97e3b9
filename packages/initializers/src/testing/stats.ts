// Test-only statistics: reference distributions with their exact moments, sample moments with
// bounds derived from the sampling distribution, and the Kolmogorov–Smirnov statistic.
// Not exported from the package entry.
import { normalCdf, normalPdf } from '@initlab/random';
import { expect } from 'vitest';
import { normalMass } from '../moments.js';

/** A continuous reference distribution: its CDF and the moments the bounds need. */
export interface Reference {
  readonly label: string;
  cdf(x: number): number;
  readonly mean: number;
  readonly variance: number;
  /** Fourth central moment E[(X − μ)⁴], for the standard error of the sample variance. */
  readonly mu4: number;
  /** Support (for hard-bound checks); ±Infinity when unbounded. */
  readonly low: number;
  readonly high: number;
}

/** Central moments of a density on [lo, hi] by composite Simpson's rule (error ~1e-12 here). */
function integrateMoments(pdf: (x: number) => number, lo: number, hi: number): { mean: number; variance: number; mu4: number } {
  const steps = 20000;
  const h = (hi - lo) / steps;
  const integral = (f: (x: number) => number): number => {
    let s = f(lo) + f(hi);
    for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
    return (s * h) / 3;
  };
  const mass = integral(pdf);
  const mean = integral((x) => x * pdf(x)) / mass;
  const variance = integral((x) => (x - mean) ** 2 * pdf(x)) / mass;
  const mu4 = integral((x) => (x - mean) ** 4 * pdf(x)) / mass;
  return { mean, variance, mu4 };
}

/** N(μ, σ²). */
export function normal(mean: number, std: number): Reference {
  return {
    label: `N(${mean}, ${std}²)`,
    cdf: (x) => normalCdf((x - mean) / std),
    mean,
    variance: std * std,
    mu4: 3 * std ** 4,
    low: -Infinity,
    high: Infinity,
  };
}

/** U[a, b). */
export function uniform(a: number, b: number): Reference {
  const w = b - a;
  return {
    label: `U[${a}, ${b})`,
    cdf: (x) => Math.min(1, Math.max(0, (x - a) / w)),
    mean: (a + b) / 2,
    variance: (w * w) / 12,
    mu4: w ** 4 / 80,
    low: a,
    high: b,
  };
}

/** N(μ, σ²) restricted to [lo, hi]; either side may be infinite. */
export function truncatedNormal(mean: number, std: number, lo: number, hi: number): Reference {
  const alpha = (lo - mean) / std;
  const beta = (hi - mean) / std;
  const z = normalMass(alpha, beta);
  // An infinite side is integrated to 12σ: the mass beyond is below 1e-32.
  const moments = integrateMoments((x) => normalPdf((x - mean) / std), Math.max(lo, mean - 12 * std), Math.min(hi, mean + 12 * std));
  return {
    label: `TN(${mean}, ${std}², [${lo}, ${hi}])`,
    cdf: (x) => (x <= lo ? 0 : x >= hi ? 1 : normalMass(alpha, (x - mean) / std) / z),
    ...moments,
    low: lo,
    high: hi,
  };
}

/** Mean and (population) variance in float64, two-pass. */
export function sampleMoments(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - mean) ** 2;
  return { mean, variance: ss / n };
}

/** Bounds are this many standard errors wide: a false alarm has probability below 1e-6 per check. */
export const Z = 5;

/**
 * Asserts that the sample mean and variance are within {@link Z} standard errors of the
 * reference: SE(mean) = σ/√n, SE(variance) = √((μ₄ − σ⁴)/n).
 */
export function expectMoments(values: ArrayLike<number>, ref: Reference): void {
  const n = values.length;
  const { mean, variance } = sampleMoments(values);
  const seMean = Math.sqrt(ref.variance / n);
  const seVar = Math.sqrt((ref.mu4 - ref.variance ** 2) / n);
  expect(Math.abs(mean - ref.mean), `mean of ${ref.label}: ${mean}`).toBeLessThanOrEqual(Z * seMean);
  expect(Math.abs(variance - ref.variance), `variance of ${ref.label}: ${variance} vs ${ref.variance}`).toBeLessThanOrEqual(Z * seVar);
}

/** sup |F_n(x) − F(x)| over the sample. */
export function ksStatistic(values: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Critical value of √n·D at level α from the Kolmogorov limit distribution's leading term
 * (P(√n D > t) ≈ 2e^{−2t²}): t = √(ln(2/α)/2).
 */
export function ksCritical(n: number, alpha = 1e-6): number {
  return Math.sqrt(Math.log(2 / alpha) / 2) / Math.sqrt(n);
}

/** Asserts that the sample passes a KS test against the reference CDF at α = 1e-6. */
export function expectKs(values: ArrayLike<number>, ref: Reference): void {
  const d = ksStatistic(values, (x) => ref.cdf(x));
  expect(d, `KS statistic against ${ref.label}`).toBeLessThanOrEqual(ksCritical(values.length));
}

/** Asserts every value is within [low, high] (as rounded to the array's precision). */
export function expectWithin(values: Float32Array | Float64Array, low: number, high: number): void {
  const round = values instanceof Float32Array ? Math.fround : (x: number) => x;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  expect(min).toBeGreaterThanOrEqual(round(low));
  expect(max).toBeLessThanOrEqual(round(high));
}
