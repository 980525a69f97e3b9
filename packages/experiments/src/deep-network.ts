import { loadDataset, type Dataset, type LoadDatasetOptions } from '@initlab/data';
import { diagnoseAtInit, type ActivationSpec, type EnsembleMember, type MemberDiagnostics, type ModelSpec } from '@initlab/models';
import { StandardScaler } from '@initlab/preprocess';
import { selectRows, toRows } from '@initlab/matrix';
import { Rng } from '@initlab/random';
import { ExperimentError } from './errors.js';
import { memberKernelInitializer, parseInitializerEntry } from './initializer-text.js';

/** A deep, constant-width stack of dense layers, the network signal-propagation studies use. */
export interface DeepNetworkOptions {
  /** Input features. */
  inputDim: number;
  /** Hidden layers. */
  depth: number;
  /** Units of every hidden layer. */
  width: number;
  /** Activation of every hidden layer. */
  activation: ActivationSpec;
  /** A softmax output over this many classes (sparse categorical cross-entropy); default one linear unit with mse. */
  classes?: number;
}

/**
 * The `ModelSpec` of a deep network: `depth` hidden layers of `width` units, then a softmax output over
 * `classes` or one linear regression unit.
 *
 * @example
 * ```ts
 * deepNetworkSpec({ inputDim: 256, depth: 20, width: 256, activation: 'tanh' }); // 20 tanh layers, 1 linear unit, mse
 * ```
 */
export function deepNetworkSpec({ inputDim, depth, width, activation, classes }: DeepNetworkOptions): ModelSpec {
  return {
    inputDim,
    hidden: Array.from({ length: depth }, () => ({ units: width, activation })),
    output: classes === undefined ? { units: 1, activation: 'linear' } : { units: classes, activation: 'softmax' },
    loss: classes === undefined ? 'mse' : 'sparse_categorical_crossentropy',
  };
}

/** A batch of a data set's rows for diagnostics at initialisation. */
export interface DiagnosticBatch {
  /** The data set the rows come from. */
  data: Dataset;
  /** The first rows, each feature standardised over the batch. */
  x: number[][];
  /** Their targets: class codes, or a regression target standardised over the batch. */
  y: number[];
  /** Classes of a classification data set (2 for binary); `undefined` for regression. */
  classes: number | undefined;
}

/**
 * The first `rows` rows of a data set as a diagnostics batch: features standardised over the batch (so every
 * initializer sees unit-variance inputs), a regression target standardised too.
 *
 * @example
 * ```ts
 * const { x, y, classes } = await diagnosticBatch('wine-quality-red', { rows: 256 });
 * ```
 */
export async function diagnosticBatch(dataset: string, { rows, ...loadOptions }: { rows: number } & LoadDatasetOptions): Promise<DiagnosticBatch> {
  const data = await loadDataset(dataset, loadOptions);
  // The first rows only, as plain rows for the scaler (which takes number[][] for now): never the whole matrix.
  const first = Array.from({ length: Math.max(0, Math.min(rows, data.X.rows)) }, (_, i) => i);
  const x = new StandardScaler().fitTransform(toRows(selectRows(data.X, first)));
  const classification = data.task !== 'regression';
  const y = classification ? data.y.slice(0, rows) : new StandardScaler().fitTransform(data.y.slice(0, rows).map((v) => [v])).map((r) => r[0]!);
  return { data, x, y, classes: classification ? (data.classes?.length ?? 2) : undefined };
}

/**
 * A batch of independent standard-normal inputs, `features` per row, with a standard-normal regression target
 * per row: the setting of the signal-propagation argument (unit-variance, uncorrelated inputs). Drawn from
 * `seed` (rows first, then targets), so a seed gives the same batch everywhere.
 *
 * @example
 * ```ts
 * const { x, y } = normalBatch({ rows: 256, features: 128, seed: 1 }); // 256 × 128 inputs, 256 targets
 * ```
 */
export function normalBatch({ rows, features, seed }: { rows: number; features: number; seed: number }): { x: number[][]; y: number[] } {
  const rng = new Rng(seed, 'diagnose-normal-input');
  const x = Array.from({ length: rows }, () => Array.from({ length: features }, () => rng.normal()));
  const y = Array.from({ length: rows }, () => rng.normal());
  return { x, y };
}

/** Options of {@link diagnoseDeepNetwork}. */
export interface DiagnoseDeepNetworkOptions {
  /** Registry data set whose first rows form the batch (standardised over the batch). Leave it out for `normalInputs`. */
  dataset?: string;
  /**
   * Instead of a data set: a batch of this many independent standard-normal features per row, with a
   * standard-normal regression target (one linear output unit, mse), drawn from `seed` ({@link normalBatch}).
   */
  normalInputs?: number;
  /** Rows in the batch. */
  batch: number;
  depth: number;
  width: number;
  activation: ActivationSpec;
  /** Initializer entries as written (`he_normal`, `random_normal:stddev=0.01`, `lsuv`); each sets every layer. */
  initializers: readonly string[];
  /** Seed of the initial weights, the same for every initializer. */
  seed: number;
  /** Where real data files come from (as `loadDataset`). */
  loadOptions?: LoadDatasetOptions;
}

/**
 * What `initlab diagnose` measures: per-layer activation std, gradient norm and dead or saturated share at
 * initialisation, for each initializer on the same deep network and the same batch: a data set's first rows,
 * standardised, or (`normalInputs`) standard-normal rows. Every layer, the output included, starts from the
 * initializer. `data` is the data set, `null` for normal inputs.
 *
 * @throws {ExperimentError} `INVALID_OPTION` when neither or both of `dataset` and `normalInputs` are given, or
 *   `normalInputs` is not a positive integer.
 * @example
 * ```ts
 * const { members } = await diagnoseDeepNetwork({ dataset: 'spirals', batch: 256, depth: 20, width: 256,
 *   activation: 'tanh', initializers: ['glorot_normal', 'lsuv'], seed: 0 });
 * await diagnoseDeepNetwork({ normalInputs: 128, batch: 256, depth: 20, width: 128, activation: 'relu',
 *   initializers: ['he_normal'], seed: 1 });
 * ```
 */
export async function diagnoseDeepNetwork(
  options: DiagnoseDeepNetworkOptions,
): Promise<{ data: Dataset | null; batch: number; members: MemberDiagnostics[] }> {
  const { depth, width, activation, seed, normalInputs } = options;
  if ((options.dataset === undefined) === (normalInputs === undefined)) {
    throw new ExperimentError(
      'INVALID_OPTION',
      `diagnoseDeepNetwork: give either dataset or normalInputs, got ${options.dataset === undefined ? 'neither' : 'both'}`,
    );
  }
  if (normalInputs !== undefined && (!Number.isInteger(normalInputs) || normalInputs < 1)) {
    throw new ExperimentError('INVALID_OPTION', `diagnoseDeepNetwork: normalInputs must be a positive integer (features per row), got ${String(normalInputs)}`);
  }
  const kernelInitializers = options.initializers.map((text): EnsembleMember['kernelInitializer'] => {
    if (text === 'lsuv') return 'lsuv';
    // an architecture initialization goes by its name (models refuses it on this plain stack, in one line)
    return memberKernelInitializer(parseInitializerEntry(text));
  });
  const { data, x, y, classes } =
    normalInputs === undefined
      ? await diagnosticBatch(options.dataset!, { rows: options.batch, ...options.loadOptions })
      : { data: null, ...normalBatch({ rows: options.batch, features: normalInputs, seed }), classes: undefined };
  const inputDim = data === null ? normalInputs! : data.featureNames.length;
  const spec = deepNetworkSpec({ inputDim, depth, width, activation, ...(classes === undefined ? {} : { classes }) });
  const members = kernelInitializers.map((kernelInitializer, i) => ({
    id: options.initializers[i]!,
    seed,
    kernelInitializer,
    initializerScope: 'all' as const,
  }));
  return { data, batch: x.length, members: diagnoseAtInit(spec, members, { x, y }) };
}
