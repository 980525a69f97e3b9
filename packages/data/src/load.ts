import { parseCsvAs } from './csv.js';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { DataError, invalidOption } from './errors.js';
import { FETCH_KEYS } from './fetch.js';
import { obtainVerifiedFile, type FetchDatasetOptions } from './fetch.js';
import { loadIdxSet, loadSklearnSet } from './image-sets.js';
import { encodeNumericLabels } from './labels.js';
import { registryEntry } from './registry.js';
import { makeBlobs, makeFriedman1, makeMoons, makeSpirals, type SyntheticOptions } from './synthetic.js';
import type { Dataset, DatasetInfo, TargetVariant } from './types.js';

/**
 * Options of {@link loadDataset}.
 *
 * @example
 * ```ts
 * await loadDataset('wine-quality-red', { target: 'quality-class', dropDuplicates: true });
 * await loadDataset('moons', { seed: 1, nSamples: 2000 });
 * ```
 */
export interface LoadDatasetOptions extends FetchDatasetOptions {
  /** Target variant name (see `DatasetInfo.targetVariants`). Default: the entry's `target`. */
  target?: string;
  /** Real sets: drop rows that exactly repeat an earlier row (first kept; count in `droppedRows`). Default false. */
  dropDuplicates?: boolean;
  /** Synthetic sets: seed of the generator. Default 42. Refused for real files (their rows are the file's). */
  seed?: number;
  /** Synthetic sets: number of rows. Default: the entry's `rows`. Refused for real files (subsample after the split instead). */
  nSamples?: number;
}

/**
 * A real set is read as its files hold it: an option that only shapes generated rows, or one this file's reader
 * does not implement, is refused instead of being ignored (a user who asked for 500 rows must not get 70,000).
 */
function refuseOptionsItIgnores(fn: string, info: DatasetInfo, opts: LoadDatasetOptions): void {
  for (const key of ['seed', 'nSamples'] as const) {
    if (opts[key] !== undefined)
      throw invalidOption(
        `${fn}: ${key} applies to the synthetic data sets only; ${info.id} is read from its published files (got ${key} ${JSON.stringify(opts[key])}); remove ${key}${key === 'nSamples' ? ', or keep fewer rows with data.limit (--train-rows, --test-rows)' : ''}`,
      );
  }
  if (opts.dropDuplicates === true && info.format !== undefined)
    throw invalidOption(`${fn}: dropDuplicates is not supported for ${info.id} (read from ${info.format === 'idx' ? 'IDX image files' : "scikit-learn's CSV"}); remove dropDuplicates`);
}

const LOAD_DATASET_OPTIONS = optionKeys<LoadDatasetOptions>({ ...FETCH_KEYS, target: true, dropDuplicates: true, seed: true, nSamples: true });

const GENERATORS: Record<string, (opts: SyntheticOptions) => Dataset> = {
  moons: makeMoons,
  spirals: makeSpirals,
  blobs: makeBlobs,
  friedman1: makeFriedman1,
};

/** Turn the raw numeric target column into the chosen variant. */
function applyVariant(dataset: Dataset, variant: TargetVariant): Dataset {
  if (variant.name === 'quality-binary') {
    // The wine notebook: good when quality >= 6; LabelEncoder sorts ['bad', 'good'] so bad = 0.
    return { ...dataset, task: 'binary', y: dataset.y.map((q) => (q >= 6 ? 1 : 0)), classes: ['bad', 'good'], targetName: variant.name };
  }
  if (variant.task === 'multiclass') {
    const { classes, codes } = encodeNumericLabels(dataset.y);
    return { ...dataset, task: 'multiclass', y: codes, classes, targetName: variant.name };
  }
  return { ...dataset, targetName: variant.name };
}

/**
 * Load a registry data set (see {@link listDatasets}) into memory.
 *
 * Real sets are located and verified by {@link fetchDataset} (data folder → cache → HTTPS
 * download, SHA-256 checked every time) and parsed with the registry's parser options; the
 * returned rows are exactly the verified bytes. Image sets (`mnist`, `fashion-mnist`, `digits`) come as a
 * `Float32Array` matrix of raw pixel values with a `sampleShape`; MNIST-style sets carry their official
 * split as `predefinedSplit` (training rows first). A truncated or corrupt file (bad gzip, bad IDX header or
 * length, image and label counts that differ) is a one-line `CORRUPT_FILE` error naming the file, and is
 * never used or cached. Synthetic sets are generated from `seed`
 * (default 42) and `nSamples`, so the same options give the same rows everywhere.
 *
 * @example
 * ```ts
 * import { loadDataset } from '@initlab/data';
 * const wine = await loadDataset('wine-quality-red'); // binary: bad = 0, good = 1
 * const quality = await loadDataset('wine-quality-red', { target: 'quality' }); // regression
 * const spirals = await loadDataset('spirals', { seed: 7, nSamples: 1000 });
 * const mnist = await loadDataset('mnist'); // X: 70000 × 784 Float32Array, predefinedSplit { trainRows: 60000 }
 * ```
 */
export async function loadDataset(id: string, opts: LoadDatasetOptions = {}): Promise<Dataset> {
  const fn = 'loadDataset';
  assertKnownOptions(fn, opts, LOAD_DATASET_OPTIONS, invalidOption);
  const info = registryEntry(fn, id);
  const variantName = opts.target ?? info.target;
  const variant = info.targetVariants.find((v) => v.name === variantName);
  if (variant === undefined)
    throw new DataError(
      'UNKNOWN_TARGET',
      `${fn}: ${id} has no target ${JSON.stringify(variantName)}; targets: ${info.targetVariants.map((v) => JSON.stringify(v.name)).join(', ')}`,
    );
  if (opts.signal?.aborted === true)
    throw new DataError('ABORTED', `${fn}: loading ${id} was aborted`, { cause: opts.signal.reason });

  const generate = GENERATORS[info.id];
  if (info.synthetic && generate !== undefined) {
    const synthetic: SyntheticOptions = {};
    if (opts.seed !== undefined) synthetic.seed = opts.seed;
    if (opts.nSamples !== undefined) synthetic.nSamples = opts.nSamples;
    return { ...generate(synthetic), info: structuredClone(info) };
  }

  refuseOptionsItIgnores(fn, info, opts);
  if (info.format === 'idx') return await loadIdxSet(fn, info, opts);
  if (info.format === 'sklearn-csv') return await loadSklearnSet(fn, info, opts);

  const file = await obtainVerifiedFile(fn, info, opts);
  const parser = info.parser;
  if (parser === undefined) throw new DataError('SYNTHETIC', `${fn}: ${id} has no parser options`);
  const parsed = parseCsvAs(fn, new TextDecoder().decode(file.data), {
    sourceName: file.path,
    id: info.id,
    target: parser.targetColumn,
    features: parser.features,
    delimiter: parser.delimiter,
    task: 'regression', // the raw column is numeric in both files; variants derive classes from it
    ...(opts.dropDuplicates === undefined ? {} : { dropDuplicates: opts.dropDuplicates }),
  });
  return { ...applyVariant(parsed, variant), info: structuredClone(info) };
}

