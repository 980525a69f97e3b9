import { Rng } from '@initlab/random';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { fromRows, type Matrix } from '@initlab/matrix';
import { DataError, invalidOption } from './errors.js';
import type { Dataset } from './types.js';

/**
 * Seed the synthetic sets use when none is given, so `loadDataset('spirals')` is the same everywhere.
 *
 * @example
 * ```ts
 * makeSpirals().source; // 'synthetic:spirals?seed=42&nSamples=600'
 * ```
 */
export const DEFAULT_SYNTHETIC_SEED = 42;

const MAX_SAMPLES = 10_000_000;

/**
 * Options every synthetic generator takes.
 *
 * @example
 * ```ts
 * makeFriedman1({ nSamples: 200, seed: 5 });
 * ```
 */
export interface SyntheticOptions {
  /** Number of rows. */
  nSamples?: number;
  /** Seed of the `@initlab/random` stream (any safe integer). Default {@link DEFAULT_SYNTHETIC_SEED}. */
  seed?: number;
}

/**
 * Options of {@link makeMoons}.
 *
 * @example
 * ```ts
 * makeMoons({ noise: 0.2 });
 * ```
 */
export interface MoonsOptions extends SyntheticOptions {
  /** Standard deviation of the Gaussian noise added to both coordinates. Default 0.1. */
  noise?: number;
}

/**
 * Options of {@link makeSpirals}.
 *
 * @example
 * ```ts
 * makeSpirals({ turns: 2, noise: 0.1 });
 * ```
 */
export interface SpiralsOptions extends SyntheticOptions {
  /** Standard deviation of the Gaussian noise added to both coordinates. Default 0.05. */
  noise?: number;
  /** Number of turns each arm makes. Default 1.5. */
  turns?: number;
}

/**
 * Options of {@link makeBlobs}.
 *
 * @example
 * ```ts
 * makeBlobs({ centers: 5, nFeatures: 8, clusterStd: 2 });
 * ```
 */
export interface BlobsOptions extends SyntheticOptions {
  /** Number of clusters (classes). Default 3. */
  centers?: number;
  /** Number of features. Default 2. */
  nFeatures?: number;
  /** Standard deviation of each cluster. Default 1. */
  clusterStd?: number;
  /** Box the centres are drawn from, uniformly per coordinate. Default [-10, 10]. */
  centerBox?: [number, number];
}

/**
 * Options of {@link makeFriedman1}.
 *
 * @example
 * ```ts
 * makeFriedman1({ nFeatures: 20, noise: 0.5 });
 * ```
 */
export interface Friedman1Options extends SyntheticOptions {
  /** Number of features (at least 5; only the first 5 enter the formula). Default 10. */
  nFeatures?: number;
  /** Standard deviation of the Gaussian noise added to the target. Default 1. */
  noise?: number;
}

/**
 * Default sizes and parameters of the registry's synthetic sets.
 *
 * @example
 * ```ts
 * SYNTHETIC_DEFAULTS.spirals.nSamples; // 600
 * ```
 */
export const SYNTHETIC_DEFAULTS = {
  moons: { nSamples: 500, noise: 0.1 },
  spirals: { nSamples: 600, noise: 0.05, turns: 1.5 },
  blobs: { nSamples: 600, centers: 3, nFeatures: 2, clusterStd: 1, centerBoxLow: -10, centerBoxHigh: 10 },
  friedman1: { nSamples: 1000, nFeatures: 10, noise: 1 },
} as const;

function checkInt(fn: string, name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DataError('INVALID_OPTION', `${fn}: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  return value;
}

function checkNonNegative(fn: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new DataError('INVALID_OPTION', `${fn}: ${name} must be a finite number >= 0, got ${String(value)}`);
  return value;
}

function streamFor(fn: string, id: string, seed: number): Rng {
  if (!Number.isSafeInteger(seed))
    throw new DataError('INVALID_OPTION', `${fn}: seed must be a safe integer, got ${String(seed)}`);
  // One named sub-stream per generator: the same seed gives unrelated numbers in different sets.
  return new Rng(seed, 'initlab/data', id);
}

/** NumPy's `linspace(start, stop, n)` (endpoint included; n = 1 gives [start]). */
function linspace(start: number, stop: number, n: number): number[] {
  if (n === 1) return [start];
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * step));
}

/** Reorder rows and targets by one permutation drawn from the stream. */
function shuffleRows(rng: Rng, X: number[][], y: number[]): { X: Matrix<Float64Array>; y: number[] } {
  const order = rng.permutation(X.length);
  // float64: the generated numbers stay exactly as drawn.
  return { X: fromRows(Array.from(order, (i) => X[i] as number[]), 'float64'), y: Array.from(order, (i) => y[i] as number) };
}

function source(id: string, seed: number, nSamples: number): string {
  return `synthetic:${id}?seed=${seed}&nSamples=${nSamples}`;
}

/** A shuffled two-class set in the plane (moons, spirals): features x0 and x1, classes '0' and '1'. */
function twoClassPlane(id: 'moons' | 'spirals', rng: Rng, X: number[][], y: number[], seed: number, nSamples: number): Dataset {
  return {
    id,
    task: 'binary',
    ...shuffleRows(rng, X, y),
    featureNames: ['x0', 'x1'],
    targetName: 'label',
    classes: ['0', '1'],
    source: source(id, seed, nSamples),
  };
}

const MOONS_OPTIONS = optionKeys<MoonsOptions>({ noise: true, nSamples: true, seed: true });

/**
 * Two interleaving half circles (scikit-learn's `make_moons` construction), a two-class set
 * no straight line separates.
 *
 * Class 0 (`⌊n/2⌋` rows): `(cos t, sin t)`; class 1 (the rest): `(1 − cos t, 1 − sin t − 0.5)`,
 * with `t = linspace(0, π)` per class; then `N(0, noise²)` noise on each coordinate and a
 * seeded shuffle. Numbers come from `@initlab/random`, so they do not equal scikit-learn's.
 *
 * @example
 * ```ts
 * const ds = makeMoons({ nSamples: 200, noise: 0.2, seed: 1 });
 * // ds.X.rows === 200, ds.classes = ['0', '1'], 100 rows per class
 * ```
 */
export function makeMoons(opts: MoonsOptions = {}): Dataset {
  const fn = 'makeMoons';
  assertKnownOptions(fn, opts, MOONS_OPTIONS, invalidOption);
  const n = checkInt(fn, 'nSamples', opts.nSamples ?? SYNTHETIC_DEFAULTS.moons.nSamples, 2, MAX_SAMPLES);
  const noise = checkNonNegative(fn, 'noise', opts.noise ?? SYNTHETIC_DEFAULTS.moons.noise);
  const seed = opts.seed ?? DEFAULT_SYNTHETIC_SEED;
  const rng = streamFor(fn, 'moons', seed);
  const nOut = Math.floor(n / 2);
  const X: number[][] = [];
  const y: number[] = [];
  for (const t of linspace(0, Math.PI, nOut)) {
    X.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (const t of linspace(0, Math.PI, n - nOut)) {
    X.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }
  for (const row of X) for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) + noise * rng.normal();
  return twoClassPlane('moons', rng, X, y, seed, n);
}

const SPIRALS_OPTIONS = optionKeys<SpiralsOptions>({ noise: true, turns: true, nSamples: true, seed: true });

/**
 * Two interleaved Archimedean spirals, the classic hard two-class set.
 *
 * Arm `c ∈ {0, 1}` (arm 0 gets `⌊n/2⌋` rows) has points `i = 0..m−1` at `t = (i + 0.5)/m`,
 * radius `r = t`, angle `θ = 2π·turns·t + cπ`, i.e. `(r cos θ, r sin θ)`, plus `N(0, noise²)`
 * on each coordinate, then a seeded shuffle. The arms are `1/(2·turns)` apart radially.
 *
 * @example
 * ```ts
 * const ds = makeSpirals({ nSamples: 400, seed: 7 });
 * // ds.X.rows === 400, 200 rows per class, every |x| < about 1.2
 * ```
 */
export function makeSpirals(opts: SpiralsOptions = {}): Dataset {
  const fn = 'makeSpirals';
  assertKnownOptions(fn, opts, SPIRALS_OPTIONS, invalidOption);
  const n = checkInt(fn, 'nSamples', opts.nSamples ?? SYNTHETIC_DEFAULTS.spirals.nSamples, 2, MAX_SAMPLES);
  const noise = checkNonNegative(fn, 'noise', opts.noise ?? SYNTHETIC_DEFAULTS.spirals.noise);
  const turns = opts.turns ?? SYNTHETIC_DEFAULTS.spirals.turns;
  if (!Number.isFinite(turns) || turns <= 0)
    throw new DataError('INVALID_OPTION', `${fn}: turns must be a finite number > 0, got ${String(turns)}`);
  const seed = opts.seed ?? DEFAULT_SYNTHETIC_SEED;
  const rng = streamFor(fn, 'spirals', seed);
  const X: number[][] = [];
  const y: number[] = [];
  const perArm = [Math.floor(n / 2), n - Math.floor(n / 2)] as const;
  perArm.forEach((m, arm) => {
    for (let i = 0; i < m; i++) {
      const t = (i + 0.5) / m;
      const theta = 2 * Math.PI * turns * t + arm * Math.PI;
      X.push([t * Math.cos(theta) + noise * rng.normal(), t * Math.sin(theta) + noise * rng.normal()]);
      y.push(arm);
    }
  });
  return twoClassPlane('spirals', rng, X, y, seed, n);
}

const BLOBS_OPTIONS = optionKeys<BlobsOptions>({ centers: true, nFeatures: true, clusterStd: true, centerBox: true, nSamples: true, seed: true });

/**
 * Isotropic Gaussian clusters (scikit-learn's `make_blobs` construction).
 *
 * Centres are drawn uniformly from `centerBox` in every coordinate; cluster `k` gets
 * `⌊n/centers⌋` rows, plus one for the first `n mod centers` clusters; each row is its centre
 * plus `N(0, clusterStd²)` per coordinate; then a seeded shuffle. Two centres give a `binary`
 * task, more a `multiclass` one.
 *
 * @example
 * ```ts
 * const ds = makeBlobs({ nSamples: 300, centers: 4, seed: 3 });
 * // ds.task === 'multiclass', ds.classes = ['0', '1', '2', '3'], 75 rows each
 * ```
 */
export function makeBlobs(opts: BlobsOptions = {}): Dataset {
  const fn = 'makeBlobs';
  assertKnownOptions(fn, opts, BLOBS_OPTIONS, invalidOption);
  const d = SYNTHETIC_DEFAULTS.blobs;
  const centers = checkInt(fn, 'centers', opts.centers ?? d.centers, 2, 1000);
  const n = checkInt(fn, 'nSamples', opts.nSamples ?? d.nSamples, centers, MAX_SAMPLES);
  const nFeatures = checkInt(fn, 'nFeatures', opts.nFeatures ?? d.nFeatures, 1, 10_000);
  const std = checkNonNegative(fn, 'clusterStd', opts.clusterStd ?? d.clusterStd);
  const [low, high] = opts.centerBox ?? [d.centerBoxLow, d.centerBoxHigh];
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high))
    throw new DataError('INVALID_OPTION', `${fn}: centerBox must be [low, high] with finite low < high, got [${String(low)}, ${String(high)}]`);
  const seed = opts.seed ?? DEFAULT_SYNTHETIC_SEED;
  const rng = streamFor(fn, 'blobs', seed);
  const middles = Array.from({ length: centers }, () => Array.from({ length: nFeatures }, () => rng.uniform(low, high)));
  const X: number[][] = [];
  const y: number[] = [];
  middles.forEach((centre, k) => {
    const count = Math.floor(n / centers) + (k < n % centers ? 1 : 0);
    for (let i = 0; i < count; i++) {
      X.push(centre.map((c) => c + std * rng.normal()));
      y.push(k);
    }
  });
  return {
    id: 'blobs',
    task: centers === 2 ? 'binary' : 'multiclass',
    ...shuffleRows(rng, X, y),
    featureNames: Array.from({ length: nFeatures }, (_, j) => `x${j}`),
    targetName: 'label',
    classes: Array.from({ length: centers }, (_, k) => String(k)),
    source: source('blobs', seed, n),
  };
}

const FRIEDMAN1_OPTIONS = optionKeys<Friedman1Options>({ nFeatures: true, noise: true, nSamples: true, seed: true });

/**
 * Friedman #1 regression problem (scikit-learn's `make_friedman1` formula).
 *
 * Features `x0..x{p−1}` are uniform on [0, 1); the target is
 * `y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise · N(0, 1)`; features beyond
 * `x4` are pure distractors.
 * Paper: "Multivariate Adaptive Regression Splines" – J. H. Friedman (1991).
 *
 * @example
 * ```ts
 * const ds = makeFriedman1({ nSamples: 100, noise: 0 });
 * // ds.task === 'regression', ds.X.cols === 10
 * ```
 */
export function makeFriedman1(opts: Friedman1Options = {}): Dataset {
  const fn = 'makeFriedman1';
  assertKnownOptions(fn, opts, FRIEDMAN1_OPTIONS, invalidOption);
  const d = SYNTHETIC_DEFAULTS.friedman1;
  const n = checkInt(fn, 'nSamples', opts.nSamples ?? d.nSamples, 1, MAX_SAMPLES);
  const nFeatures = checkInt(fn, 'nFeatures', opts.nFeatures ?? d.nFeatures, 5, 10_000);
  const noise = checkNonNegative(fn, 'noise', opts.noise ?? d.noise);
  const seed = opts.seed ?? DEFAULT_SYNTHETIC_SEED;
  const rng = streamFor(fn, 'friedman1', seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: nFeatures }, () => rng.nextFloat64());
    X.push(row);
    y.push(friedman1Target(row) + noise * rng.normal());
  }
  return {
    id: 'friedman1',
    task: 'regression',
    X: fromRows(X, 'float64'),
    y,
    featureNames: Array.from({ length: nFeatures }, (_, j) => `x${j}`),
    targetName: 'y',
    source: source('friedman1', seed, n),
  };
}

/**
 * The noise-free Friedman #1 target `10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4` of one row.
 *
 * @example
 * ```ts
 * friedman1Target([0, 0, 0.5, 0, 0]); // 0
 * friedman1Target([1, 0.5, 0.5, 1, 1]); // 10 + 0 + 10 + 5 = 25
 * ```
 */
export function friedman1Target(row: readonly number[]): number {
  const [x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0] = row;
  return 10 * Math.sin(Math.PI * x0 * x1) + 20 * (x2 - 0.5) ** 2 + 10 * x3 + 5 * x4;
}
