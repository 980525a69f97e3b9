import { listDatasets, loadCsv, loadDataset, type CsvOptionStyle, type Dataset, type LoadDatasetOptions } from '@initlab/data';
import { matrix, selectRows, type Matrix } from '@initlab/matrix';
import { classificationBaseline, regressionBaseline } from '@initlab/eval';
import { GlobalStandardScaler, MinMaxScaler, PixelScaler, StandardScaler, TargetScaler, trainTestSplitIndices } from '@initlab/preprocess';
import { canonicalJson, type DataSummary, type ExperimentBaseline } from '@initlab/results';
import type { CsvDataConfig, ExperimentConfig } from './config.js';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { ExperimentError, firstLine, show } from './errors.js';

// The stored shapes of the data summary and the baseline are the results format's.
export type { DataSummary, ExperimentBaseline } from '@initlab/results';

/**
 * The split and scaled data every run of an experiment trains and is tested on.
 *
 * @example
 * ```ts
 * const prepared = await prepareData(config);
 * prepared.xTrain.rows; // training rows, scaled
 * ```
 */
export interface PreparedData {
  summary: DataSummary;
  /** Row indices (into the loaded data set) of the two parts, in scikit-learn's order. */
  trainIndices: number[];
  testIndices: number[];
  /**
   * Scaled features as float32 matrices (with the data set's sample shape, e.g. `[28, 28, 1]`), which the
   * models read in place. The scalers compute in float64 as scikit-learn does; the values are then rounded
   * to float32 once, exactly as training would round them.
   */
  xTrain: Matrix<Float32Array>;
  xTest: Matrix<Float32Array>;
  /** Targets in original units (class codes for classification). */
  yTrain: number[];
  yTest: number[];
  /** Targets the network trains on (standardised when `preprocess.target` is `standard`). */
  yTrainFit: number[];
  yTestFit: number[];
  /** Number of classes (classification), else 0. */
  nClasses: number;
  /** The fitted target scaler, when the target is standardised. */
  targetScaler: TargetScaler | null;
  baseline: ExperimentBaseline;
  /** One-line notes from loading the data on how it was read (e.g. a whole-number target read as a number). */
  notes: string[];
}

/**
 * Options of {@link prepareData} (and the data part of `runExperiment`'s options).
 *
 * @example
 * ```ts
 * await prepareData(config, { baseDir: '/experiments', dataOptions: { offline: true } });
 * ```
 */
export interface PrepareDataOptions {
  /** Folder that relative `data.csv` paths are resolved against. Default: the current directory. */
  baseDir?: string;
  /** Passed to `loadDataset` (data folder, cache, offline, fetch). */
  dataOptions?: Pick<LoadDatasetOptions, 'dataDir' | 'cacheDir' | 'offline' | 'fetch' | 'baseUrl'>;
  /**
   * How CSV messages and notes name options: as experiment-file keys (default) or, for a config built from
   * command-line flags, as those flags.
   */
  csvOptionStyle?: CsvOptionStyle;
  signal?: AbortSignal;
}

const PREPARE_DATA_OPTIONS = optionKeys<PrepareDataOptions>({ baseDir: true, dataOptions: true, csvOptionStyle: true, signal: true });

/** The data part of a larger options object (such as `runExperiment`'s), as {@link prepareData} takes it. */
export function prepareDataOptionsOf(opts: PrepareDataOptions): PrepareDataOptions {
  return Object.fromEntries(PREPARE_DATA_OPTIONS.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
}

/** What `pixels` divides by: a registry image set's pixel depth (16 for digits), else 255 (8-bit, Keras's `x / 255`). */
export function pixelMaxOf(dataset: Pick<Dataset, 'info'>): number {
  return dataset.info?.pixelMax ?? 255;
}

/** The scaler `preprocess.features` names (all but `none`). */
function featureScaler(kind: Exclude<ExperimentConfig['preprocess']['features'], 'none'>, pixelMax: number): StandardScaler | MinMaxScaler | PixelScaler | GlobalStandardScaler {
  switch (kind) {
    case 'standard':
      return new StandardScaler();
    case 'minmax':
      return new MinMaxScaler();
    case 'pixels':
      return new PixelScaler({ maxValue: pixelMax });
    case 'global':
      return new GlobalStandardScaler();
  }
}

/**
 * `limit` of the data set rows `rows` (positions into it), or all of them when there are no more: a deterministic
 * subsample drawn as scikit-learn's `train_test_split(rows, train_size=limit, stratify=y[rows] for classes,
 * random_state)` draws its training part, so every class keeps its share and the same config keeps the same rows.
 */
function subsample(
  where: string,
  part: 'train' | 'test',
  rows: number[],
  y: readonly number[],
  limit: number | undefined,
  randomState: number,
  stratify: boolean,
): number[] {
  if (limit === undefined || limit >= rows.length) return rows;
  try {
    const picked = trainTestSplitIndices(rows.length, {
      trainSize: limit,
      randomState,
      ...(stratify ? { stratify: rows.map((i) => y[i]!) } : {}),
    }).train;
    return picked.map((p) => rows[p]!);
  } catch (err) {
    throw new ExperimentError('DATA_MISMATCH', `${where}: data.limit.${part} ${limit} cannot subsample the ${rows.length} ${part} rows: ${firstLine(err)}`, { cause: err });
  }
}

async function resolveCsvPath(csv: string, baseDir: string | undefined): Promise<string> {
  if (/^(https?|file):/i.test(csv)) return csv;
  const path = await import('node:path');
  return path.resolve(baseDir ?? process.cwd(), csv);
}

async function load(config: ExperimentConfig, opts: PrepareDataOptions): Promise<Dataset> {
  const data = config.data;
  try {
    if ('csv' in data) {
      const csv = data as CsvDataConfig;
      const { csv: file, limit: _limit, ...rest } = csv;
      return await loadCsv(await resolveCsvPath(file, opts.baseDir), {
        ...rest,
        ...(opts.csvOptionStyle ? { optionStyle: opts.csvOptionStyle } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    }
    const { dataset, limit: _limit, ...rest } = data;
    return await loadDataset(dataset, { ...opts.dataOptions, ...rest, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (err) {
    throw new ExperimentError('DATA_FAILED', `${config.name}: ${firstLine(err)}`, { cause: err });
  }
}

/**
 * The data set's own train/test rows (`split.predefined: true`): rows `[0, trainRows)` train, the rest test,
 * each in file order. A data set without a predefined split is a `DATA_MISMATCH`.
 */
function predefinedIndices(where: string, dataset: Dataset): { train: number[]; test: number[] } {
  const split = dataset.predefinedSplit;
  if (split === undefined)
    throw new ExperimentError(
      'DATA_MISMATCH',
      `${where}: split.predefined is true but ${dataset.id} has no predefined train/test split (registry data sets with one: ${listDatasets().filter((info) => info.predefinedSplit !== undefined).map((info) => info.id).join(', ')}); remove split.predefined to split at random`,
    );
  const n = dataset.X.rows;
  return {
    train: Array.from({ length: split.trainRows }, (_, i) => i),
    test: Array.from({ length: n - split.trainRows }, (_, i) => split.trainRows + i),
  };
}

/** `m` with float32 values (itself when they already are), rounded once as training would round them. */
function asFloat32(m: Matrix): Matrix<Float32Array> {
  return m.values instanceof Float32Array ? (m as Matrix<Float32Array>) : matrix(Float32Array.from(m.values), m.rows, m.cols, m.sampleShape);
}

/**
 * `pixels` scaling is for pixel values: refuse a training value outside [0, pixelMax] with the facts in `detail`
 * (the data set, the value, its data set row and feature), so that a command line can word it for its flags.
 */
function checkPixels(config: ExperimentConfig, dataset: Dataset, train: Matrix, trainRows: readonly number[], scaler: PixelScaler): void {
  const bad = scaler.firstOutOfRange(train);
  if (bad === null) return;
  const max = scaler.maxValue;
  const detail = { dataset: dataset.id, pixelMax: max, value: bad.value, row: trainRows[bad.row]!, feature: dataset.featureNames[bad.column] ?? `column ${bad.column}` };
  throw new ExperimentError(
    'FEATURE_SCALING_MISMATCH',
    `${config.name}: preprocess.features "pixels" divides by ${max} and needs pixel values in [0, ${max}], but ${detail.dataset} has ${show(detail.value)} in row ${detail.row}, feature ${detail.feature}; use preprocess.features: standard (or global)`,
    { detail },
  );
}

/**
 * The selected rows' features as the float32 matrices training reads: gathered from the loaded matrix and
 * scaled as typed matrices, with a scaler fitted on the training rows only. The scalers compute every value
 * in float64, as scikit-learn does on float64 and integer data, and the result is rounded to float32 once.
 */
function scaledFeatures(config: ExperimentConfig, dataset: Dataset, indices: { train: number[]; test: number[] }): { xTrain: Matrix<Float32Array>; xTest: Matrix<Float32Array> } {
  const train = selectRows(dataset.X, indices.train);
  const test = selectRows(dataset.X, indices.test);
  if (config.preprocess.features === 'none') return { xTrain: asFloat32(train), xTest: asFloat32(test) };
  const scaler = featureScaler(config.preprocess.features, pixelMaxOf(dataset));
  if (scaler instanceof PixelScaler) checkPixels(config, dataset, train, indices.train, scaler);
  scaler.fit(train);
  return { xTrain: asFloat32(scaler.transform(train)), xTest: asFloat32(scaler.transform(test)) };
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}

// What each prepared data set was prepared from, so that a caller handing prepared data on (an estimate, then
// the run) is checked to hand on the data this config means, never another's.
const PREPARED_FOR = new WeakMap<PreparedData, string>();

/** The parts of a config and of the options that decide the prepared data. */
function dataKey(config: ExperimentConfig, opts: PrepareDataOptions): string {
  const { fetch: _fetch, ...dataOptions } = opts.dataOptions ?? {};
  return canonicalJson({ name: config.name, data: config.data, split: config.split, preprocess: config.preprocess, baseDir: opts.baseDir ?? null, dataOptions, csvOptionStyle: opts.csvOptionStyle ?? null });
}

/**
 * Whether `prepared` came from {@link prepareData} with this config's data, split and preprocessing and these
 * data options, so that it can be used instead of preparing the same data again.
 *
 * @example
 * ```ts
 * const prepared = await prepareData(config);
 * preparedFor(prepared, config); // true
 * ```
 */
export function preparedFor(prepared: PreparedData, config: ExperimentConfig, opts: PrepareDataOptions = {}): boolean {
  return PREPARED_FOR.get(prepared) === dataKey(config, opts);
}

/**
 * Load the experiment's data once, split it as scikit-learn would (`train_test_split` with the config's
 * `testSize`, `randomState` and optional stratification) or, with `split.predefined: true`, as the data set was
 * published (MNIST's 60,000 training and 10,000 test images, in file order), fit the feature scaler (and the target scaler) on
 * the training rows only, and compute the baseline on the same split.
 *
 * @throws {ExperimentError} `DATA_FAILED` (loading, with the data package's message), `TARGET_SCALING_MISMATCH`
 *   (target scaling for a classification task), `DATA_MISMATCH` (stratification that does not fit the task; a
 *   bad test size; `split.predefined` on a data set without a predefined split).
 * @example
 * ```ts
 * import { prepareData, seedExperiments } from '@initlab/experiments';
 * const prepared = await prepareData(seedExperiments['seed-boston']);
 * prepared.baseline.metrics.mse; // ≈ 2.335e10
 * ```
 */
export async function prepareData(config: ExperimentConfig, opts: PrepareDataOptions = {}): Promise<PreparedData> {
  assertKnownOptions('prepareData', opts, PREPARE_DATA_OPTIONS, (m) => new ExperimentError('INVALID_OPTION', m));
  const prepared = await prepareUnkeyed(config, opts);
  PREPARED_FOR.set(prepared, dataKey(config, opts));
  return prepared;
}

async function prepareUnkeyed(config: ExperimentConfig, opts: PrepareDataOptions): Promise<PreparedData> {
  const dataset = await load(config, opts);
  const task = dataset.task;
  const classification = task !== 'regression';
  const where = config.name;
  if (config.preprocess.target === 'standard' && classification) {
    throw new ExperimentError(
      'TARGET_SCALING_MISMATCH',
      `${where}: preprocess.target "standard" applies to regression targets, but ${dataset.id} (${dataset.targetName}) is a ${task} task; use preprocess.target: none`,
    );
  }
  if (config.split.stratify && !classification) {
    throw new ExperimentError(
      'DATA_MISMATCH',
      `${where}: split.stratify needs class labels, but ${dataset.id} (${dataset.targetName}) is a regression task; use split.stratify: false`,
    );
  }
  const nRows = dataset.X.rows;
  let indices: { train: number[]; test: number[] };
  if (config.split.predefined === true) {
    indices = predefinedIndices(where, dataset);
  } else {
    try {
      indices = trainTestSplitIndices(nRows, {
        testSize: config.split.testSize,
        randomState: config.split.randomState,
        ...(config.split.stratify ? { stratify: dataset.y } : {}),
      });
    } catch (err) {
      throw new ExperimentError('DATA_MISMATCH', `${where}: split does not fit ${dataset.id} (${nRows} rows): ${firstLine(err)}`, { cause: err });
    }
  }
  if (task === 'regression' && indices.test.length < 2) {
    // R² (and any spread of the test error) needs two test rows; one row would only fail deep inside the metrics.
    throw new ExperimentError(
      'DATA_MISMATCH',
      `${where}: the test split of ${dataset.id} holds ${indices.test.length} of ${nRows} rows; a regression needs at least 2 test rows for R²: use more rows or a larger test size (split.testSize, --test-size)`,
    );
  }
  const split = indices;
  indices = {
    train: subsample(where, 'train', split.train, dataset.y, config.data.limit?.train, config.split.randomState, classification),
    test: subsample(where, 'test', split.test, dataset.y, config.data.limit?.test, config.split.randomState, classification),
  };
  const yTrain = indices.train.map((i) => dataset.y[i]!);
  const yTest = indices.test.map((i) => dataset.y[i]!);
  const { xTrain, xTest } = scaledFeatures(config, dataset, indices);

  const targetScaler = config.preprocess.target === 'standard' ? new TargetScaler().fit(yTrain) : null;
  const yTrainFit = targetScaler === null ? yTrain : targetScaler.transform(yTrain);
  const yTestFit = targetScaler === null ? yTest : targetScaler.transform(yTest);
  const nClasses = classification ? (dataset.classes?.length ?? Math.max(...dataset.y) + 1) : 0;

  let baseline: ExperimentBaseline;
  let targetStats: DataSummary['targetStats'] = null;
  let trainClassCounts: number[] | null = null;
  if (classification) {
    const b = classificationBaseline(yTrain, yTest, nClasses);
    baseline = {
      kind: 'majority-class',
      prediction: b.prediction,
      classFrequencies: b.classFrequencies,
      metrics: { accuracy: b.metrics.accuracy, loss: b.metrics.logLoss, logLoss: b.metrics.logLoss, macroF1: b.metrics.macroF1 },
    };
    trainClassCounts = b.classFrequencies.map((f) => Math.round(f * yTrain.length));
  } else {
    const b = regressionBaseline(yTrain, yTest);
    const scale = targetScaler?.scale ?? 1;
    baseline = { kind: 'train-mean', prediction: b.prediction, metrics: { ...b.metrics, loss: b.metrics.mse / (scale * scale) } };
    targetStats = meanStd(yTrain);
  }

  return {
    summary: {
      id: dataset.id,
      source: dataset.source,
      task,
      rows: nRows,
      featureNames: [...dataset.featureNames],
      targetName: dataset.targetName,
      classes: dataset.classes === undefined ? null : [...dataset.classes],
      nTrain: indices.train.length,
      nTest: indices.test.length,
      droppedRows: dataset.droppedRows ?? 0,
      subsample:
        config.data.limit === undefined
          ? null
          : {
              train: { kept: indices.train.length, of: split.train.length },
              test: { kept: indices.test.length, of: split.test.length },
              stratified: classification,
            },
      pixelMax: config.preprocess.features === 'pixels' ? pixelMaxOf(dataset) : null,
      targetStats,
      trainClassCounts,
    },
    trainIndices: indices.train,
    testIndices: indices.test,
    xTrain,
    xTest,
    yTrain,
    yTest,
    yTrainFit,
    yTestFit,
    nClasses,
    targetScaler,
    baseline,
    notes: [...(dataset.notes ?? [])],
  };
}
