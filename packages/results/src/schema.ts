// The two stored formats: one `results.jsonl` line per finished run, and the `experiment.json` header. Objects
// are loose (unknown keys are kept, nothing is defaulted), so a validated value is the value that was read.
import { z } from 'zod';
import { LayerDiagnosticsSchema } from './diagnostics.js';
import type { KnownFields } from './known-fields.js';
import { NetworkDiagnosticsSchema } from './network-diagnostics.js';

/**
 * `format` of {@link ExperimentMeta}.
 *
 * @example
 * ```ts
 * if (meta.format !== META_FORMAT) throw new Error('not an initlab experiment header');
 * ```
 */
export const META_FORMAT = 'initlab-experiment/1';

export type { KnownFields } from './known-fields.js';

const number = (rule = 'must be a number') => z.number({ error: rule });
const nullableNumber = () => number('must be a number or null').nullable();
const integer = (rule: string) => z.number({ error: rule }).int({ error: rule });
const text = (rule = 'must be a string') => z.string({ error: rule });
const boolean = () => z.boolean({ error: 'must be true or false' });
const loose = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });
const numberTable = () => z.record(z.string(), number(), { error: 'must map names to numbers' });

/** An activation as a config writes it: a name, or `{ name, alpha }`. */
export const ActivationConfigSchema = z.union([text('must be an activation name'), loose({ name: text('must be an activation name'), alpha: number().optional() })], {
  error: 'must be an activation name or { name, alpha }',
});

/**
 * An activation as a config writes it: a name, or `{ name, alpha }` (`@initlab/experiments` narrows the name).
 *
 * @example
 * ```ts
 * const a: ActivationConfig = { name: 'leaky_relu', alpha: 0.1 };
 * ```
 */
export type ActivationConfig = KnownFields<z.output<typeof ActivationConfigSchema>>;

/**
 * An activation for labels.
 *
 * @example
 * ```ts
 * activationText({ name: 'leaky_relu', alpha: 0.1 }); // 'leaky_relu(alpha=0.1)'
 * ```
 */
export function activationText(activation: ActivationConfig): string {
  if (typeof activation === 'string') return activation;
  return activation.alpha === undefined ? activation.name : `${activation.name}(alpha=${activation.alpha})`;
}

/** One point of a sweep grid: the value of each axis the config's `grid` lists (absent axes are absent). */
export const GridPointSchema = loose({
  activation: ActivationConfigSchema.optional(),
  depth: number().optional(),
  width: number().optional(),
  learningRate: number().optional(),
});

/**
 * One point of a sweep grid: the value of each axis the config's `grid` lists (absent axes are absent).
 *
 * @example
 * ```ts
 * const point: GridPoint = { activation: 'tanh', depth: 8 };
 * ```
 */
export type GridPoint = KnownFields<z.output<typeof GridPointSchema>>;

/** An initializer as `{ name, ...params }` with every default filled in. */
export const InitializerSpecObjectSchema = loose({ name: text('must be an initializer name') });

/**
 * An initializer as `{ name, ...params }` with every default filled in (`getInitializer(spec).getConfig()`).
 *
 * @example
 * ```ts
 * const init: InitializerSpecObject = { name: 'random_normal', mean: 0, stddev: 0.05 };
 * ```
 */
export interface InitializerSpecObject {
  name: string;
  [param: string]: unknown;
}

/** Test metrics of one run; `null` means not available (the run diverged, or its predictions were not finite). */
export const RunMetricsSchema = loose({
  loss: nullableNumber(),
  mse: nullableNumber().optional(),
  rmse: nullableNumber().optional(),
  mae: nullableNumber().optional(),
  r2: nullableNumber().optional(),
  accuracy: nullableNumber().optional(),
  logLoss: nullableNumber().optional(),
  macroF1: nullableNumber().optional(),
});

/**
 * Test metrics of one run, in the target's own units (`loss` is the network's loss on the test split, in
 * the units it trained on). `null` means not available: the run diverged, or its predictions were not finite.
 * Regression runs have `mse`, `rmse`, `mae`, `r2`; classification runs `accuracy`, `logLoss` (scikit-learn
 * `log_loss`) and `macroF1`.
 *
 * @example
 * ```ts
 * const m: RunMetrics = { accuracy: 0.74375, loss: 0.503, logLoss: 0.503, macroF1: 0.74 };
 * ```
 */
export type RunMetrics = KnownFields<z.output<typeof RunMetricsSchema>>;

/** One epoch of a run's training history, as stored (a non-finite number is stored as null). */
export const EpochRecordSchema = loose({
  /** 1-based. */
  epoch: number(),
  loss: nullableNumber(),
  metrics: z.record(z.string(), nullableNumber(), { error: 'must map metric names to numbers' }),
  valLoss: nullableNumber(),
  valMetrics: z.record(z.string(), nullableNumber(), { error: 'must map metric names to numbers or be null' }).nullable(),
});

/**
 * One epoch of a run's training history: the mean training loss and metrics over its batches, and the loss
 * and metrics on the validation data after it (null without validation).
 *
 * @example
 * ```ts
 * const last: StoredEpochRecord = run.history[run.history.length - 1]!;
 * ```
 */
export type StoredEpochRecord = KnownFields<z.output<typeof EpochRecordSchema>>;

const diagnosticsList = () => z.array(LayerDiagnosticsSchema, { error: 'must be a list of per-layer diagnostics or null' });

/** One finished run: one line of `results.jsonl`. */
export const RunResultSchema = loose({
  runId: text('must be a run id'),
  experiment: text(),
  gridIndex: integer('must be a grid point index'),
  gridPoint: GridPointSchema,
  gridLabel: text(),
  initializer: InitializerSpecObjectSchema,
  label: text('must be an initializer label'),
  seed: number('must be a seed'),
  status: z.enum(['ok', 'diverged'], { error: 'must be "ok" or "diverged"' }),
  divergedAtEpoch: integer('must be an epoch number or null').nullable(),
  epochsCompleted: integer('must be a number of epochs'),
  metrics: RunMetricsSchema,
  /**
   * Classification: the test confusion matrix (`[true class][predicted class]` counts, classes by code, one
   * row per output class); null for a diverged run. Absent for regression and in files written before it.
   * Not part of the runId, which depends only on what determines the run.
   */
  confusionMatrix: z
    .array(z.array(number('must be a count'), { error: 'must be a row of counts' }), { error: 'must be a confusion matrix (rows of counts) or null' })
    .refine((m) => m.length > 0 && m.every((row) => row.length === m.length), { error: 'must be a square confusion matrix (one row and one column per class)' })
    .nullable()
    .optional(),
  history: z.array(EpochRecordSchema, { error: 'must be a list of epoch records' }),
  diagnostics: loose({
    init: diagnosticsList().nullable(),
    final: diagnosticsList().nullable(),
    epochs: z.array(diagnosticsList()).optional(),
    /**
     * A network with residual or normalization layers (whose per-layer lists are null): the block and
     * normalization diagnostics at initialisation, and after every epoch with `diagnostics: epoch`. Absent
     * for a plain dense stack, with `diagnostics: none`, and in files written before it.
     */
    network: loose({
      init: NetworkDiagnosticsSchema.nullable(),
      epochs: z.array(NetworkDiagnosticsSchema, { error: 'must be a list of block diagnostics per epoch' }).optional(),
    }).optional(),
  }),
  elapsedMs: number(),
  ensembleSize: integer('must be a number of runs'),
  backend: text('must be a backend name'),
});

/**
 * One finished run: what `results.jsonl` holds per line. Plain JSON with `null` for every missing or
 * non-finite number.
 *
 * - `status`: `ok`, or `diverged` (a NaN/Inf loss ended training, or the test predictions were not finite).
 * - `divergedAtEpoch`: 1-based epoch whose loss was not finite; null when the run did not diverge in training.
 * - `confusionMatrix`: classification only, the test confusion matrix (rows true class, columns predicted,
 *   scikit-learn's convention); null when the run diverged; absent in older files.
 * - `history`: per-epoch training (and validation) loss and metrics.
 * - `diagnostics`: per-layer diagnostics at initialisation and after training (on the first rows of the
 *   training split), and after every epoch with `diagnostics: epoch`; null with `diagnostics: none` (and
 *   `final` for a diverged run). A network with residual or normalization layers has no per-layer lists
 *   (null) and its per-block diagnostics in `network` instead: `init`, and `epochs` with `diagnostics: epoch`.
 * - `elapsedMs`, `ensembleSize`: wall time and size of the ensemble the run trained in.
 * - `backend`: the tfjs backend that trained it.
 *
 * @example
 * ```ts
 * for (const r of results) console.log(r.label, r.seed, r.status, r.metrics.accuracy);
 * ```
 */
export type RunResult = Omit<KnownFields<z.output<typeof RunResultSchema>>, 'initializer'> & { initializer: InitializerSpecObject };

const nameOrSpec = () => z.union([text('must be an initializer name'), InitializerSpecObjectSchema], { error: 'must be an initializer name or { name, ...params }' });

/**
 * The parts of an experiment config that a report and the summaries read from `experiment.json`. The
 * header stores the whole normalised config; `@initlab/experiments` owns its full schema, and everything this
 * one does not name is kept as it is.
 */
/**
 * How an experiment can scale its features (`preprocess.features`): per-column standardisation, min–max, pixels
 * divided by the data set's pixel depth (255 for 8-bit images, Keras's convention), one global mean and std, or none.
 *
 * @example
 * ```ts
 * FEATURE_SCALINGS.includes('pixels'); // true
 * ```
 */
export const FEATURE_SCALINGS = ['standard', 'minmax', 'pixels', 'global', 'none'] as const;

/**
 * The grid axes a report's numeric heatmap can be drawn on (the numeric ones); the other kind of axis is
 * `initializer.<parameter>`, a number every initializer of the experiment sets (see {@link heatmapAxisParameter}).
 *
 * @example
 * ```ts
 * HEATMAP_GRID_AXES.includes('depth'); // true
 * ```
 */
export const HEATMAP_GRID_AXES = ['depth', 'width', 'learningRate'] as const;

/**
 * The theory quantities a heatmap's curve can draw: `xiC`, the depth scale ξ_c of correlations (Schoenholz et
 * al. 2017).
 *
 * @example
 * ```ts
 * HEATMAP_THEORY_QUANTITIES; // ['xiC']
 * ```
 */
export const HEATMAP_THEORY_QUANTITIES = ['xiC'] as const;

/**
 * The initializer parameter a heatmap axis `initializer.<parameter>` reads, or null for a grid axis.
 *
 * @example
 * ```ts
 * heatmapAxisParameter('initializer.scale'); // 'scale'
 * heatmapAxisParameter('depth');             // null
 * ```
 */
export function heatmapAxisParameter(axis: string): string | null {
  return /^initializer\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(axis)?.[1] ?? null;
}

/**
 * A run's (or an aggregate's) value on a heatmap axis: its grid point's, or its initializer's parameter for
 * `initializer.<parameter>`; null when that is not a finite number.
 *
 * @example
 * ```ts
 * heatmapAxisValue({ gridPoint: { depth: 8 }, initializer: { name: 'he_normal' } }, 'depth'); // 8
 * heatmapAxisValue({ gridPoint: {}, initializer: { name: 'variance_scaling', scale: 2 } }, 'initializer.scale'); // 2
 * ```
 */
export function heatmapAxisValue(at: { readonly gridPoint: object; readonly initializer: object }, axis: string): number | null {
  const param = heatmapAxisParameter(axis);
  const value = param === null ? (at.gridPoint as Record<string, unknown>)[axis] : (at.initializer as Record<string, unknown>)[param];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export const StoredExperimentConfigSchema = loose({
  name: text('must be the experiment name'),
  description: text().optional(),
  data: loose({}),
  split: loose({ testSize: number(), randomState: number(), stratify: boolean() }),
  preprocess: loose({ features: z.enum(FEATURE_SCALINGS, { error: `must be one of ${FEATURE_SCALINGS.map((f) => JSON.stringify(f)).join(', ')}` }), target: z.enum(['none', 'standard'], { error: 'must be "none" or "standard"' }) }),
  model: loose({
    // A dense layer, or a typed layer of @initlab/models (batchnorm, layernorm, activation, dropout, residual) as written.
    hidden: z.array(z.union([loose({ units: number(), activation: ActivationConfigSchema }), loose({ type: text('must be a layer type') })])),
    activation: ActivationConfigSchema,
    output: loose({ units: number().optional(), activation: ActivationConfigSchema.optional() }),
    loss: text('must be a loss name').optional(),
    initializerScope: z.enum(['hidden', 'all'], { error: 'must be "hidden" or "all"' }),
    outputKernelInitializer: nameOrSpec(),
    biasInitializer: nameOrSpec(),
  }),
  training: loose({
    epochs: number(),
    batchSize: number(),
    optimizer: loose({ name: text('must be an optimizer name'), learningRate: number().optional() }),
    shuffle: boolean(),
    validation: boolean(),
  }),
  initializers: z.array(loose({ name: text('must be an initializer name'), label: text('must be an initializer label') })),
  seeds: z.array(number('must be a seed')),
  grid: z
    .looseObject({
      activation: z.array(ActivationConfigSchema).optional(),
      depth: z.array(number()).optional(),
      width: z.array(number()).optional(),
      learningRate: z.array(number()).optional(),
    })
    .optional(),
  reference: z
    .looseObject({
      source: text(),
      note: text().optional(),
      metric: text('must be a metric name'),
      values: numberTable(),
      otherMetrics: z.record(z.string(), numberTable()).optional(),
    })
    .optional(),
  heatmap: z
    .looseObject({
      x: text('must be a heatmap axis'),
      y: text('must be a heatmap axis'),
      xTitle: text().optional(),
      yTitle: text().optional(),
      overlay: z
        .union([
          z.looseObject({ label: text(), points: z.array(z.tuple([number(), number()])) }),
          z.looseObject({ label: text(), theory: z.looseObject({ quantity: z.enum(HEATMAP_THEORY_QUANTITIES), times: number(), activation: ActivationConfigSchema, sigmaB2: number() }) }),
        ])
        .optional(),
    })
    .optional(),
});

/**
 * What `experiment.json` tells about the config (see {@link StoredExperimentConfigSchema}); the full
 * `ExperimentConfig` of `@initlab/experiments` is one.
 *
 * @example
 * ```ts
 * const labels = meta.config.initializers.map((i) => i.label);
 * ```
 */
export type StoredExperimentConfig = KnownFields<z.output<typeof StoredExperimentConfigSchema>>;

/** What the data looked like, stored in `experiment.json` so a report needs no reload. */
export const DataSummarySchema = loose({
  /** Registry id, or the CSV's id. */
  id: text(),
  /** File path, URL or synthetic source. */
  source: text(),
  task: z.enum(['regression', 'binary', 'multiclass'], { error: 'must be "regression", "binary" or "multiclass"' }),
  /** Rows after any dropping. */
  rows: number(),
  featureNames: z.array(text()),
  targetName: text(),
  /** Class labels by code (classification). */
  classes: z.array(text()).nullable(),
  nTrain: number(),
  nTest: number(),
  /** Rows dropped by `missing: drop-rows` or `dropDuplicates`. */
  droppedRows: number(),
  /**
   * `data.limit`'s subsample: the rows kept of each part of the split (stratified by class for classification);
   * null (or absent, in files written before it existed) when every row was kept.
   */
  subsample: loose({
    train: loose({ kept: number(), of: number() }),
    test: loose({ kept: number(), of: number() }),
    stratified: z.boolean(),
  })
    .nullable()
    .optional(),
  /**
   * What `preprocess.features: pixels` divided every value by (the data set's largest pixel value: 255 for
   * 8-bit images, 16 for digits); null for other scalings, absent in files written before it existed (255).
   */
  pixelMax: number().nullable().optional(),
  /** Regression: mean and population standard deviation of the training targets; null for classification. */
  targetStats: loose({ mean: number(), std: number() }).nullable(),
  /** Classification: training rows per class code; null for regression. */
  trainClassCounts: z.array(number()).nullable(),
});

/**
 * What the data looked like, stored with the results (`experiment.json`) so a report needs no reload: the
 * source, task, rows, feature and target names, classes, split sizes, dropped rows, the training target's
 * mean and std (regression) and the training rows per class (classification).
 *
 * @example
 * ```ts
 * console.log(meta.data.nTrain, meta.data.nTest, meta.data.targetStats?.std);
 * ```
 */
export type DataSummary = KnownFields<z.output<typeof DataSummarySchema>>;

/** The trivial predictor on the same split, with its metrics in the target's units. */
export const ExperimentBaselineSchema = z.discriminatedUnion(
  'kind',
  [
    loose({
      kind: z.literal('train-mean'),
      prediction: number(),
      metrics: loose({ mse: number(), rmse: number(), mae: number(), r2: number(), loss: number() }),
    }),
    loose({
      kind: z.literal('majority-class'),
      prediction: number(),
      classFrequencies: z.array(number()),
      metrics: loose({ accuracy: number(), loss: number(), logLoss: number(), macroF1: number() }),
    }),
  ],
  { error: 'must be a train-mean or majority-class baseline' },
);

/**
 * The trivial predictor on the same split, with metrics in the target's units; `loss` is what the network's
 * loss would be for it (regression: MSE in the training units, i.e. divided by the target variance when the
 * target is standardised; classification: the log loss of the training class frequencies).
 *
 * @example
 * ```ts
 * const b: ExperimentBaseline = { kind: 'train-mean', prediction: 454342.9, metrics: { mse: 2.335e10, rmse: 152806, mae: 110000, r2: -0.002, loss: 2.335e10 } };
 * ```
 */
export type ExperimentBaseline = KnownFields<z.output<typeof ExperimentBaselineSchema>>;

/** The header of an output folder: `experiment.json`. */
export const ExperimentMetaSchema = loose({
  format: z.literal(META_FORMAT, { error: `must be "${META_FORMAT}"` }),
  config: StoredExperimentConfigSchema,
  data: DataSummarySchema,
  baseline: ExperimentBaselineSchema,
  plannedRuns: integer('must be a number of runs'),
  runIds: z.array(text('must be a run id'), { error: 'must be a list of run ids' }).optional(),
  shard: loose({ index: integer('must be a shard index'), count: integer('must be a shard count') }).nullable(),
  backend: text('must be a backend name'),
  updatedAt: text('must be an ISO time'),
});

/**
 * The header of an output folder (`experiment.json`): the config, what the data looked like and the
 * baseline, so a report can summarise `results.jsonl` without loading data or training. `plannedRuns` counts
 * the runs of the full plan (all shards) and `runIds` lists their ids in plan order (absent in headers written
 * before initlab listed them), so a reader can tell the plan's runs from other lines in the file; `shard` is
 * the shard this folder was written by (or null),
 * `updatedAt` the ISO time of the last write. `Config` is the config type a writer stores (see
 * `@initlab/experiments`' `ExperimentMeta`).
 *
 * @example
 * ```ts
 * const { meta } = await readResults('out/');
 * console.log(meta?.config.name, meta?.baseline.metrics);
 * ```
 */
export type ExperimentMeta<Config extends StoredExperimentConfig = StoredExperimentConfig> = Omit<KnownFields<z.output<typeof ExperimentMetaSchema>>, 'config'> & {
  config: Config;
};

/** `a.b[2].c` for an issue path (`the line` for the root). */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

/**
 * The first problem zod found, as `path rule`: e.g. `history[0].loss must be a number or null`.
 *
 * @example
 * ```ts
 * const r = RunResultSchema.safeParse(value);
 * if (!r.success) console.log(firstIssue(r.error));
 * ```
 */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'is not valid';
  const where = pathText(issue.path);
  return where === '' ? issue.message : `${where} ${issue.message}`;
}
