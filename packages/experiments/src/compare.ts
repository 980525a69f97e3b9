import { DEFAULT_DATASET_ID, type CsvOptions } from '@initlab/data';
import type { HIDDEN_ACTIVATION_NAMES, OptimizerName, ResidualStackOptions } from '@initlab/models';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import type { FEATURE_SCALINGS } from '@initlab/results';
import { ExperimentError } from './errors.js';
import type { ExperimentConfigInput } from './schema.js';

/** What `initlab compare` varies; everything else is the seed notebooks' setup. */
export interface CompareOptions {
  /** A registry data set (default `DEFAULT_DATASET_ID`, embedded and offline) and its target variant. */
  dataset?: string;
  /** A CSV file instead of a registry data set, with `target` naming the column to predict. */
  csv?: string;
  /** The CSV's target column, or the registry data set's target variant. */
  target?: string;
  /** With `csv`: how to read it (features, drop, task, missing, naValues, delimiter, encode), as in an experiment file. */
  csvOptions?: Omit<CsvOptions, 'target' | 'id'>;
  /** Initializer entries as written: `he_normal`, `random_normal:stddev=0.01`, `lsuv`, `lsuv:maxIterations=20`, `fixup`. */
  initializers: readonly string[];
  /** Seeds per initializer (0 … seeds−1). */
  seeds: number;
  /** Hidden layer widths (a dense stack); leave out (or empty) with `residual`. */
  hidden?: readonly number[];
  /** A residual MLP instead (`model.residual`, expanded by `residualStack` with `activation`). */
  residual?: Omit<ResidualStackOptions, 'activation'>;
  /** Activation of every hidden layer. */
  activation: (typeof HIDDEN_ACTIVATION_NAMES)[number];
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  /** Default: the optimizer's Keras default. */
  learningRate?: number;
  testSize: number;
  randomState: number;
  /** Standardise a regression target for training (metrics stay in original units). */
  scaleTarget: boolean;
  /** Keep this many training rows after the split (`data.limit.train`, a stratified subsample for classes). */
  trainRows?: number;
  /** Keep this many test rows after the split (`data.limit.test`). */
  testRows?: number;
  /** How to scale the features (`preprocess.features`); default `pixels` for an image set, `standard` otherwise. */
  featureScaling?: (typeof FEATURE_SCALINGS)[number];
  /** Layers that get the compared initializer: hidden (the output keeps glorot_uniform) or all. */
  scope: 'hidden' | 'all';
}

const COMPARE_OPTIONS = optionKeys<CompareOptions>({
  dataset: true,
  csv: true,
  target: true,
  csvOptions: true,
  initializers: true,
  seeds: true,
  hidden: true,
  residual: true,
  activation: true,
  epochs: true,
  batchSize: true,
  optimizer: true,
  learningRate: true,
  testSize: true,
  randomState: true,
  scaleTarget: true,
  featureScaling: true,
  trainRows: true,
  testRows: true,
  scope: true,
});

/**
 * The experiment `initlab compare` runs: the options on standardised features, with initialisation
 * diagnostics. Validate it with `validateExperiment`; `lsuv` entries become `{ name: 'lsuv', ...params }`
 * exactly as in an experiment file.
 *
 * @example
 * ```ts
 * const config = validateExperiment(compareExperiment({ initializers: ['zeros', 'he_normal', 'lsuv'], seeds: 5, hidden: [32, 32],
 *   activation: 'relu', epochs: 100, batchSize: 32, optimizer: 'adam', testSize: 0.2, randomState: 42, scaleTarget: false, scope: 'hidden' }), 'command line');
 * ```
 */
export function compareExperiment(options: CompareOptions): ExperimentConfigInput {
  assertKnownOptions('compareExperiment', options, COMPARE_OPTIONS, (m) => new ExperimentError('INVALID_OPTION', m));
  const { csv, dataset, target, learningRate } = options;
  const limit =
    options.trainRows === undefined && options.testRows === undefined
      ? {}
      : { limit: { ...(options.trainRows === undefined ? {} : { train: options.trainRows }), ...(options.testRows === undefined ? {} : { test: options.testRows }) } };
  const data = csv
    ? { csv, ...(target ? { target } : {}), ...options.csvOptions, ...limit }
    : { dataset: dataset ?? DEFAULT_DATASET_ID, ...(target ? { target } : {}), ...limit };
  return {
    name: 'compare',
    description: 'initlab compare from the command line',
    data,
    split: { testSize: options.testSize, randomState: options.randomState },
    preprocess: { ...(options.featureScaling === undefined ? {} : { features: options.featureScaling }), target: options.scaleTarget ? 'standard' : 'none' },
    model: {
      ...(options.residual === undefined ? { hidden: [...(options.hidden ?? [])] } : { residual: { ...options.residual } }),
      ...(options.residual !== undefined && (options.hidden?.length ?? 0) > 0 ? { hidden: [...options.hidden!] } : {}),
      activation: options.activation,
      initializerScope: options.scope,
    },
    training: {
      epochs: options.epochs,
      batchSize: options.batchSize,
      optimizer: { name: options.optimizer, ...(learningRate === undefined ? {} : { learningRate }) },
    },
    initializers: [...options.initializers],
    seeds: options.seeds,
    diagnostics: 'init',
  };
}

// The flag of `initlab compare` that sets each config path, longest path first: a problem in an experiment
// built from flags is reported as the flag a user typed. Kept beside compareExperiment, which makes the paths.
const COMPARE_FLAGS: ReadonlyArray<readonly [path: string, flag: string]> = [
  ['training.optimizer.learningRate', '--lr'],
  ['training.optimizer', '--optimizer'],
  ['training.epochs', '--epochs'],
  ['training.batchSize', '--batch-size'],
  ['split.testSize', '--test-size'],
  ['split.randomState', '--random-state'],
  ['model.hidden', '--hidden'],
  ['model.residual.width', '--width'],
  ['model.residual.layersPerBlock', '--block-layers'],
  ['model.residual.norm', '--norm'],
  ['model.residual.gate', '--no-gate'],
  ['model.residual', '--blocks'],
  ['model.activation', '--activation'],
  ['model.initializerScope', '--scope'],
  ['preprocess.target', '--scale-target'],
  ['preprocess.features', '--scale-features'],
  ['data.limit.train', '--train-rows'],
  ['data.limit.test', '--test-rows'],
  ['data.dataset', '--dataset'],
  ['data.csv', '--csv'],
  ['data.target', '--target'],
  ['data.features', '--features'],
  ['data.drop', '--drop'],
  ['data.task', '--task'],
  ['data.missing', '--missing'],
  ['data.naValues', '--na-values'],
  ['data.delimiter', '--delimiter'],
  ['data.encode', '--encode'],
  ['initializers', '--initializers'],
  ['seeds', '--seeds'],
];

/**
 * The `initlab compare` flag that sets a config path of {@link compareExperiment}'s output (`training.epochs` →
 * `--epochs`, `initializers[2].params` → `--initializers`), or undefined for a path no flag sets. Pass it as
 * `validateExperiment`'s `flagOf`.
 *
 * @example
 * ```ts
 * compareFlagOf('data.dataset'); // '--dataset'
 * ```
 */
export function compareFlagOf(path: string): string | undefined {
  return COMPARE_FLAGS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))?.[1];
}
