// Public entry of @initlab/data: a verified registry of real CSV files (data folder, cache,
// download), any user CSV, and seeded synthetic sets.
export { DataError, type DataErrorCode, type DataErrorLocation } from './errors.js';
export type { Dataset, DatasetFile, DatasetInfo, ParserOptions, PredefinedSplit, TargetVariant, Task } from './types.js';
export { IDX_MAGIC, parseIdx, type IdxFile } from './idx.js';
export { DEFAULT_DATASET_ID, getDatasetInfo, listDatasets } from './registry.js';
export { loadDataset, type LoadDatasetOptions } from './load.js';
export { parseSklearnSet } from './image-sets.js';
export {
  fetchDataset,
  platformCacheDir,
  resolveCacheDir,
  type FetchDatasetOptions,
  type FetchDatasetResult,
} from './fetch.js';
export {
  CSV_ENCODINGS,
  CSV_MISSING_POLICIES,
  CSV_TASKS,
  csvOptionFlag,
  csvOptionText,
  detectDelimiter,
  loadCsv,
  parseCsv,
  type CsvOptionStyle,
  type CsvOptions,
  type LoadCsvOptions,
  type ParseCsvOptions,
} from './csv.js';
export { datasetRowsCsv, writeFileAtomically } from './csv-write.js';
export {
  DEFAULT_SYNTHETIC_SEED,
  SYNTHETIC_DEFAULTS,
  friedman1Target,
  makeBlobs,
  makeFriedman1,
  makeMoons,
  makeSpirals,
  type BlobsOptions,
  type Friedman1Options,
  type MoonsOptions,
  type SpiralsOptions,
  type SyntheticOptions,
} from './synthetic.js';
