import { loadDataset, type Dataset, type LoadDatasetOptions } from '@initlab/data';
import { diagnoseAtInit, type ActivationSpec, type MemberDiagnostics, type ModelSpec } from '@initlab/models';
import { StandardScaler } from '@initlab/preprocess';
import { parseInitializerEntry } from './initializer-text.js';

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
  const x = new StandardScaler().fitTransform(data.X.slice(0, rows));
  const classification = data.task !== 'regression';
  const y = classification ? data.y.slice(0, rows) : new StandardScaler().fitTransform(data.y.slice(0, rows).map((v) => [v])).map((r) => r[0]!);
  return { data, x, y, classes: classification ? (data.classes?.length ?? 2) : undefined };
}

/** Options of {@link diagnoseDeepNetwork}. */
export interface DiagnoseDeepNetworkOptions {
  /** Registry data set whose first rows form the batch. */
  dataset: string;
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
 * initialisation, for each initializer on the same deep network and the same standardised batch.
 *
 * @example
 * ```ts
 * const { members } = await diagnoseDeepNetwork({ dataset: 'spirals', batch: 256, depth: 20, width: 256,
 *   activation: 'tanh', initializers: ['glorot_normal', 'lsuv'], seed: 0 });
 * ```
 */
export async function diagnoseDeepNetwork(
  options: DiagnoseDeepNetworkOptions,
): Promise<{ data: Dataset; batch: number; members: MemberDiagnostics[] }> {
  const { depth, width, activation, seed } = options;
  const kernelInitializers = options.initializers.map((text) => (text === 'lsuv' ? ('lsuv' as const) : parseInitializerEntry(text)));
  const { data, x, y, classes } = await diagnosticBatch(options.dataset, { rows: options.batch, ...options.loadOptions });
  const spec = deepNetworkSpec({ inputDim: data.featureNames.length, depth, width, activation, ...(classes === undefined ? {} : { classes }) });
  const members = kernelInitializers.map((kernelInitializer, i) => ({
    id: options.initializers[i]!,
    seed,
    kernelInitializer,
    initializerScope: 'all' as const,
  }));
  return { data, batch: x.length, members: diagnoseAtInit(spec, members, { x, y }) };
}
