// Test-only helpers: read the reference data sets and the scikit-learn fixture straight from
// disk, so these tests depend on no other initlab package.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomState } from '@initlab/random';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (`/work/main` here, the CI clone there): src/__fixtures__ → package → packages → root. */
const repoRoot = resolve(here, '../../../..');

/** Where `housing.csv` and `winequality-red.csv` live: `INITLAB_DATA_DIR`, else `<repo>/../shared/datasets`. */
export const dataDir: string = process.env.INITLAB_DATA_DIR ?? resolve(repoRoot, '../shared/datasets');

/** A numeric CSV: header names and rows of numbers. */
export interface NumericTable {
  header: string[];
  rows: number[][];
}

/** Parses a simple numeric CSV (no quoted commas; quotes around header names are stripped). */
export function readNumericCsv(file: string, delimiter: string): NumericTable {
  const text = readFileSync(resolve(dataDir, file), 'utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const [headerLine, ...body] = lines;
  const header = (headerLine ?? '').split(delimiter).map((h) => h.replace(/^"|"$/g, ''));
  const rows = body.map((line, i) => {
    const cells = line.split(delimiter).map(Number);
    if (cells.length !== header.length || cells.some((v) => !Number.isFinite(v))) {
      throw new Error(`${file}: line ${i + 2} is not ${header.length} numbers`);
    }
    return cells;
  });
  return { header, rows };
}

type Size = number | null;

/** Shape of `sklearn-1.2.1.json` (written by generate_sklearn_fixtures.py). */
export interface SklearnFixture {
  sklearn: string;
  shuffle: { n: number; testSize: Size; trainSize: Size; randomState: number; train: number[]; test: number[] }[];
  large: {
    n: number;
    testSize: number;
    randomState: number;
    nTrain: number;
    nTest: number;
    trainHead: number[];
    testHead: number[];
    trainSum: number;
    testSum: number;
  }[];
  noShuffle: { n: number; testSize: Size; trainSize: Size; train: number[]; test: number[] }[];
  /** `[n, testSize, trainSize, nTrain, nTest]`, lengths null where scikit-learn raised ValueError. */
  sizeGrid: [number, Size, Size, number | null, number | null][];
  approximateMode: { classCounts: number[]; nDraws: number; seed: number; result: number[] }[];
  stratified: { labels: number[]; testSize: Size; trainSize: Size; randomState: number; train: number[]; test: number[] }[];
  wineStratified: {
    nTrain: number;
    nTest: number;
    testGood: number;
    trainHead: number[];
    testHead: number[];
    trainSum: number;
    testSum: number;
  };
  bostonStandardScaler: { mean: number[]; var: number[]; scale: number[]; testRow0: number[] };
  bostonMinMaxScaler: { scale: number[]; min: number[]; testRow0: number[] };
  standardScalerCases: { X: number[][]; mean: number[]; var: number[]; scale: number[]; transformed: number[][] }[];
  /** One-column StandardScaler fits: data remade by {@link columnFamily}; `first`/`last` are transformed rows. */
  oneColumnStandardScaler: (OneColumnStats & { kind: ColumnKind; seed: number; n: number })[];
  /** The Boston training target (MEDV, 0.2 / 42 split) through a one-column StandardScaler. */
  bostonTargetScaler: OneColumnStats;
  standardScalerPartial: StandardScalerCase[];
  minMaxScalerPartial: MinMaxScalerCase[];
  /** `StandardScaler().fit_transform(np.full((10, 1), 1e100))[0, 0]`. */
  bigConstantTransformed: number;
  /** partial_fit([[1, NaN]]) then partial_fit([[3, 10], [5, 20]]). */
  nanFirstBatch: ScalerState;
}

/** What the generator's `matrix_family` needs to remake a matrix. */
export interface MatrixCase {
  name: string;
  kind: ColumnKind;
  seed: number;
  batches: number[];
  d: number;
  nanShare: number;
  float32: boolean;
  rows: number[];
  transformDtype: string;
}

/** scikit-learn's fitted StandardScaler attributes; `null` entries are NaN, `null` lists are None. */
export interface ScalerState {
  mean: (number | null)[] | null;
  var: (number | null)[] | null;
  scale: (number | null)[] | null;
  nSamplesSeen: number | number[];
}

/** A StandardScaler fed batch by batch with `partial_fit`. */
export interface StandardScalerCase extends MatrixCase {
  weighted: boolean;
  withMean: boolean;
  withStd: boolean;
  /** The state after each batch. */
  states: ScalerState[];
  /** One `fit` of all rows (unweighted cases). */
  fitAll?: ScalerState;
  transformed: (number | null)[][];
  inverse: (number | null)[][];
}

/** A MinMaxScaler fed batch by batch with `partial_fit`. */
export interface MinMaxScalerCase extends MatrixCase {
  featureRange: [number, number];
  clip: boolean;
  dataMin: (number | null)[];
  dataMax: (number | null)[];
  dataRange: (number | null)[];
  scale: (number | null)[];
  min: (number | null)[];
  nSamplesSeen: number;
  transformed: (number | null)[][];
  /** The transform of `X · 1.5` (rows outside the fitted range). */
  shifted: (number | null)[][];
  inverse: (number | null)[][];
}

/** JSON null back to NaN. */
export function nan(values: readonly (number | null)[]): number[] {
  return values.map((v) => (v === null ? Number.NaN : v));
}

/**
 * The generator's `matrix_family`: `RandomState(seed).random_sample((n, d))` row-major, mapped as
 * {@link columnFamily} maps; NaN where `RandomState(seed + 1)` draws below `nanShare`; float32 rows
 * (Math.fround, as `astype(np.float32)`) when `float32`.
 */
export function matrixFamily(c: Pick<MatrixCase, 'kind' | 'seed' | 'd' | 'nanShare' | 'float32'>, n: number): number[][] | Float32Array[] {
  const values = new RandomState(c.seed);
  const mask = new RandomState(c.seed + 1);
  const rows = Array.from({ length: n }, () =>
    Array.from({ length: c.d }, () => {
      const u = values.randomSample();
      return c.kind === 'offset' ? u * 1000.0 + 100000.0 : (u - 0.5) * (u - 0.5) * 1000000.0;
    }),
  );
  if (c.nanShare > 0) {
    for (const row of rows) for (let k = 0; k < c.d; k++) if (mask.randomSample() < c.nanShare) row[k] = Number.NaN;
  }
  return c.float32 ? rows.map((r) => Float32Array.from(r)) : rows;
}

/** The generator's `weights_family`: `RandomState(seed + 2).random_sample(n) * 3`. */
export function weightsFamily(seed: number, n: number): number[] {
  const rng = new RandomState(seed + 2);
  return Array.from({ length: n }, () => rng.randomSample() * 3.0);
}

/** `mean_`, `var_`, `scale_` of a one-column fit and the first and last transformed values. */
export interface OneColumnStats {
  mean: number;
  var: number;
  scale: number;
  first: number;
  last: number;
}

/** The generator's one-column data families. */
export type ColumnKind = 'offset' | 'square';

/**
 * The generator's `column_family(kind, seed, n)`: `RandomState(seed).random_sample(n)` mapped with the same
 * float64 operations (only `*`, `+`, `-`, which round identically in Python and JavaScript).
 */
export function columnFamily(kind: ColumnKind, seed: number, n: number): number[] {
  const rng = new RandomState(seed);
  return Array.from({ length: n }, () => {
    const u = rng.randomSample();
    return kind === 'offset' ? u * 1000.0 + 100000.0 : (u - 0.5) * (u - 0.5) * 1000000.0;
  });
}

/** The scikit-learn 1.2.1 reference outputs. */
export const sklearn: SklearnFixture = JSON.parse(
  readFileSync(resolve(here, 'sklearn-1.2.1.json'), 'utf8'),
) as SklearnFixture;

/** `undefined` for JSON null: the fixture's way of saying "parameter not given". */
export function opt(size: Size): number | undefined {
  return size ?? undefined;
}

/** Position-weighted checksum, the same as the generator's. */
export function checksum(indices: readonly number[]): number {
  let sum = 0;
  indices.forEach((v, k) => {
    sum = (sum + (k + 1) * v) % 2147483647;
  });
  return sum;
}
