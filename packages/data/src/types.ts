import type { Matrix } from '@initlab/matrix';

/**
 * The learning task a data set's target defines.
 *
 * @example
 * ```ts
 * const task: Task = (await loadDataset('blobs')).task; // 'multiclass'
 * ```
 */
export type Task = 'regression' | 'binary' | 'multiclass';

/**
 * A data set in memory: a dense feature matrix and a numeric target.
 *
 * `X` is a row-major {@link Matrix}: `Float64Array` for CSV, tabular and synthetic data (every number exactly
 * as parsed or generated), `Float32Array` for image data (with `sampleShape`, e.g. `[28, 28, 1]`). Use
 * `row(ds.X, i)` from `@initlab/matrix` for a row without copying, `toRows(ds.X)` for `number[][]`.
 *
 * - `regression`: `y` holds the raw target values.
 * - `binary` / `multiclass`: `y` holds class codes `0..classes.length-1`, and `classes[code]`
 *   is the original label (codes follow scikit-learn's `LabelEncoder`: sorted labels).
 *
 * @example
 * ```ts
 * const ds = await loadDataset('spirals');
 * console.log(ds.X.rows, ds.X.cols, ds.featureNames, ds.classes); // 600 2 ['x0', 'x1'] ['0', '1']
 * ```
 */
export interface Dataset {
  /** Registry id, or for a user CSV the `id` option (default: the file name without extension). */
  id: string;
  /** What the target means for learning. */
  task: Task;
  /** Rows × features, in file order (or generation order for synthetic sets); see {@link Dataset}. */
  X: Matrix;
  /** One target value per row: a class code for classification, the raw value for regression. */
  y: number[];
  /** Column names of `X`, in order. */
  featureNames: string[];
  /** Name of the target (the column name, or the registry's target variant name). */
  targetName: string;
  /** Class labels for classification tasks, indexed by class code. Absent for regression. */
  classes?: string[];
  /** Where the rows came from: a file path, a URL, a source name or `synthetic:<id>?seed=..&nSamples=..`. */
  source: string;
  /** How many rows were removed (rows with empty cells under `missing: 'drop-rows'`, plus exact duplicates under `dropDuplicates`). */
  droppedRows?: number;
  /** One-line notes on how the file was read that a user may want to change (e.g. a whole-number target read as a number). */
  notes?: string[];
  /** The registry entry this data set was loaded from, for registry loads. */
  info?: DatasetInfo;
  /**
   * The data set's own train/test split, for sets published with one (MNIST, Fashion-MNIST: 60,000 / 10,000).
   * The first `trainRows` rows of `X` and `y` are the official training set, the rest the official test
   * set. Absent when the data set has no predefined split (split it yourself).
   */
  predefinedSplit?: PredefinedSplit;
}

/**
 * How a data set's rows divide into its published training and test sets: rows `[0, trainRows)` train,
 * rows `[trainRows, X.rows)` test. One matrix holds both, so the whole set is one typed array and a
 * split is two index ranges.
 *
 * @example
 * ```ts
 * const mnist = await loadDataset('mnist');
 * mnist.predefinedSplit; // { trainRows: 60000 }; mnist.X.rows === 70000
 * ```
 */
export interface PredefinedSplit {
  /** Number of leading rows that form the official training set. */
  trainRows: number;
}

/**
 * One way to read a registry data set's target.
 *
 * @example
 * ```ts
 * getDatasetInfo('wine-quality-red').targetVariants[0]; // { name: 'quality-binary', task: 'binary', classes: ['bad', 'good'], … }
 * ```
 */
export interface TargetVariant {
  /** Name passed as `loadDataset(id, { target })`. */
  name: string;
  /** The task this variant defines. */
  task: Task;
  /** What the variant computes from the file. */
  description: string;
  /** Class labels (in code order) when known in advance. */
  classes?: string[];
}

/**
 * How the registry reads a real file (the options `parseCsv` receives).
 *
 * @example
 * ```ts
 * getDatasetInfo('wine-quality-red').parser?.delimiter; // ';'
 * ```
 */
export interface ParserOptions {
  /** Field separator. */
  delimiter: ',' | ';' | '\t';
  /** Column holding the raw target. */
  targetColumn: string;
  /** Feature columns, in order. */
  features: string[];
  /** Whether the header fields are quoted in the upstream file. */
  quotedHeader: boolean;
  /** Line ending of the upstream file. */
  lineEnding: 'LF' | 'CRLF';
}

/**
 * One file of a registry data set that ships as several files or compressed (MNIST's four IDX files, the
 * scikit-learn CSVs).
 *
 * A `gzip` file is published gzip-compressed. Because the same content can be compressed to different bytes,
 * `sha256` and `bytes` are those of the **decompressed** content, and the data folder may hold either
 * `<path>.gz` or the uncompressed `<path>`; a download is cached as the `.gz` it was.
 *
 * @example
 * ```ts
 * getDatasetInfo('mnist').files?.[0]; // { role: 'train-images', path: 'mnist/train-images-idx3-ubyte', gzip: true, … }
 * ```
 */
export interface DatasetFile {
  /** What the file holds in the set: `train-images`, `train-labels`, `test-images`, `test-labels` or `data`. */
  role: 'train-images' | 'train-labels' | 'test-images' | 'test-labels' | 'data';
  /** Path under the data folder and the cache's `datasets/` folder, without `.gz` (e.g. `mnist/t10k-labels-idx1-ubyte`). */
  path: string;
  /** Public HTTPS address (of the `.gz` for a gzip file). */
  url: string;
  /** Published gzip-compressed; `sha256` and `bytes` are then of the decompressed content. */
  gzip: boolean;
  /** Lower-case hex SHA-256 of the (decompressed) content. */
  sha256: string;
  /** Size of the (decompressed) content in bytes. */
  bytes: number;
}

/**
 * Everything known about a registry data set: what it is, where it comes from, how it is
 * checked and read. Real files have `url`, `fileName`, `sha256`, `bytes` and `parser`;
 * synthetic sets (`synthetic: true`) have `generator` instead.
 *
 * @example
 * ```ts
 * const info = getDatasetInfo('wine-quality-red');
 * console.log(info.rows, info.sha256, info.targetVariants.map((v) => v.name));
 * ```
 */
export interface DatasetInfo {
  /** Registry id (`loadDataset(id)`). */
  id: string;
  /** Human-readable title. */
  title: string;
  /** One-paragraph description. */
  description: string;
  /** Task of the default target variant. */
  task: Task;
  /** Number of data rows (for synthetic sets: the default `nSamples`). */
  rows: number;
  /** Feature names, in column order. */
  features: string[];
  /** Name of the default target variant. */
  target: string;
  /** Every way to read the target; the first is the default. */
  targetVariants: TargetVariant[];
  /** Licence of the data. */
  licence: string;
  /** How to cite the data. */
  citation: string;
  /** Provenance and caveats (duplicates, derivation, ethics). */
  notes: string[];
  /** True for sets generated in code from a seed. */
  synthetic: boolean;
  /** Public HTTPS address of the upstream file (real sets only). */
  url?: string;
  /** Upstream file name; also the name looked up in the data folder and the cache (real sets only). */
  fileName?: string;
  /** Lower-case hex SHA-256 of the exact upstream bytes (real sets only). */
  sha256?: string;
  /** Size of the upstream file in bytes (real sets only). */
  bytes?: number;
  /** How the file is parsed (real sets only). */
  parser?: ParserOptions;
  /** The files of a set that ships as several or compressed files (`mnist`, `digits`, `iris`, …); used instead of `fileName`. */
  files?: DatasetFile[];
  /** How `files` are read: IDX images and labels, or a scikit-learn `sklearn/datasets/data` CSV. */
  format?: 'idx' | 'sklearn-csv';
  /** Layout of one row as a sample for image sets (e.g. `[28, 28, 1]`). */
  sampleShape?: number[];
  /** The largest value a pixel can take, for image sets: 255 for 8-bit images, 16 for digits (what `pixels` scaling divides by). */
  pixelMax?: number;
  /** The published train/test split (rows `[0, trainRows)` train, the rest test), for sets that have one. */
  predefinedSplit?: PredefinedSplit;
  /** Generator description and default parameters (synthetic sets only). */
  generator?: { formula: string; defaultSeed: number; defaultNSamples: number; parameters: Record<string, number> };
}
