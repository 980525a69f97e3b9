import { CSV_ENCODINGS, CSV_MISSING_POLICIES, CSV_TASKS, getDatasetInfo, listDatasets, type CsvOptions } from '@initlab/data';
import { formatInitializerSpec, getInitializer, parseInitializerSpec } from '@initlab/initializers';
import {
  ACTIVATION_NAMES as ACTIVATIONS,
  ARCHITECTURE_INITS,
  CLIP_PARAMETERS as CLIP_PARAMS,
  LAYER_TYPES,
  LOSS_NAMES as LOSSES,
  NORM_CONVENTIONS,
  OPTIMIZER_NAMES as OPTIMIZERS,
  OPTIMIZER_PARAMETERS as OPTIMIZER_PARAMS,
  RESIDUAL_NORMS,
  isArchitectureInit,
  type DenseLayerSpec,
  type HiddenLayerSpec,
  type LayerType,
} from '@initlab/models';
import { z } from 'zod';
import { firstLine, show } from './errors.js';
import { didYouMean, type SameKeys } from '@initlab/errors';
import { FEATURE_SCALINGS } from '@initlab/results';
import { architectureHint, lsuvParameterProblem, parseInitializerEntry } from './initializer-text.js';
import { HeatmapSchema, resolveHeatmap, type HeatmapConfig } from './heatmap.js';
import { checkModelLayers, expandResidual, type ModelLayerConfig, type TypedLayerConfig } from './model-layers.js';
import { ActivationSchema, boolean, issue, nonNegativeInt, oneOf, positiveInt, positiveNumber, quoted, strict, text, type ActivationConfig } from './schema-rules.js';

const InitializerSpecSchema = z.union(
  [
    text('must be an initializer name'),
    z
      .looseObject({ name: text('must be an initializer name') })
      .describe('An initializer as { name, ...params }.'),
  ],
  { error: 'must be an initializer name, "name:param=value" or { name, ...params }' },
);

const DataSchema = strict(
  {
    dataset: text('must be a registry data set id').describe('Registry data set id (see `initlab datasets list`).').optional(),
    csv: text('must be a CSV path or URL').describe('Path or http(s) URL of a CSV file (relative paths: see runExperiment baseDir).').optional(),
    target: text('must be a column name or target variant').describe('CSV: target column (required). Registry: target variant.').optional(),
    features: z.array(text('must be a column name'), { error: 'must be a list of column names' }).min(1, { error: 'must name at least one column' }).optional(),
    drop: z.array(text('must be a column name'), { error: 'must be a list of column names' }).optional(),
    delimiter: z.string({ error: 'must be a one-character string' }).length(1, { error: 'must be a one-character string' }).optional(),
    missing: oneOf(CSV_MISSING_POLICIES).optional(),
    naValues: z.array(z.string({ error: 'must be a string' }), { error: 'must be a list of strings' }).optional(),
    task: oneOf(CSV_TASKS).optional(),
    encode: oneOf(CSV_ENCODINGS).optional(),
    dropDuplicates: boolean().optional(),
    seed: nonNegativeInt().optional(),
    nSamples: positiveInt().optional(),
    limit: strict(
      {
        train: positiveInt('must be a positive number of rows').optional().describe('Keep this many training rows (a subsample).'),
        test: positiveInt('must be a positive number of rows').optional().describe('Keep this many test rows (a subsample).'),
      },
      '{ train, test }',
    )
      .optional()
      .describe(
        'A deterministic subsample for a CPU: after the split, keep train (and test) rows, drawn as scikit-learn train_test_split(train_size=N, stratify=classes, random_state=split.randomState) does.',
      ),
  },
  '{ dataset, ... } or { csv, target, ... }',
);

const SplitSchema = strict(
  {
    testSize: positiveNumber('must be a fraction in (0, 1) or a whole number of rows')
      .default(0.2)
      .describe('Fraction in (0, 1) or whole number of test rows. Default 0.2.'),
    randomState: nonNegativeInt('must be a whole number in [0, 4294967295]')
      .max(4294967295, { error: 'must be a whole number in [0, 4294967295]' })
      .default(42)
      .describe('Seed of the shuffle, as scikit-learn random_state. Default 42.'),
    stratify: boolean().default(false).describe('Stratify the split by class (classification only). Default false.'),
    predefined: boolean()
      .optional()
      .describe(
        "Use the data set's own published train/test split (mnist, fashion-mnist: 60,000 / 10,000) instead of a random one; testSize, randomState and stratify are then not used. Default false.",
      ),
  },
  '{ testSize, randomState, stratify, predefined }',
);

const PreprocessSchema = strict(
  {
    features: oneOf(FEATURE_SCALINGS)
      .optional()
      .describe(
        'Feature scaling fitted on the training rows: standard (per column), minmax, pixels (divided by the largest pixel value, 255 for 8-bit images as Keras\'s x / 255, 16 for digits), global (one mean and std over all values) or none. Default pixels for the image data sets (mnist, fashion-mnist, digits), standard otherwise.',
      ),
    target: oneOf(['none', 'standard'])
      .default('none')
      .describe('Regression target scaling; predictions are transformed back so metrics stay in original units. Default none.'),
  },
  '{ features, target }',
);

type TypedLayerType = Exclude<LayerType, 'dense'>;
const TYPED_LAYER_TYPES = LAYER_TYPES.filter((t): t is TypedLayerType => t !== 'dense') as [TypedLayerType, ...TypedLayerType[]];

// Only the type is checked here: the rest of a typed layer is @initlab/models' to validate (validateModelSpec,
// in checkModelLayers), so its rules are written once and its errors come back at the layer's path. An object
// without a type is no typed layer at all (a type mismatch at the entry), so a dense layer's own problem, such
// as `{ units: 2.5 }`, is the one reported.
const TypedLayerSchema = z
  .looseObject({ type: oneOf(TYPED_LAYER_TYPES).optional() })
  .superRefine((layer, ctx) => {
    if (layer.type === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'object', input: layer, message: 'must name its type', continue: false });
  })
  .describe(
    `A layer of @initlab/models besides dense: { type: ${TYPED_LAYER_TYPES.join(' | ')}, ... } as validateModelSpec takes it (batchnorm/layernorm { convention, momentum, epsilon }, activation { activation }, dropout { rate }, residual { layers, skip, order, activation, gate }). Inside it the models package's rules apply as written: a dense layer in a residual branch defaults to linear.`,
  );

const HiddenLayerSchema = z.union(
  [
    positiveInt('must be a positive number of units'),
    strict({ units: positiveInt('must be a positive number of units'), activation: ActivationSchema.optional() }, '{ units, activation }'),
    TypedLayerSchema,
  ],
  { error: `must be a number of units, { units, activation } or a typed layer { type: ${TYPED_LAYER_TYPES.join(' | ')}, ... }` },
);

const ResidualSchema = strict(
  {
    blocks: positiveInt('must be a positive number of residual blocks').describe('Residual blocks.'),
    width: positiveInt('must be a positive number of units').describe("Units of the residual stream (the stem's and every branch layer's)."),
    layersPerBlock: positiveInt('must be a positive number of dense layers').optional().describe('Dense layers per branch. Default 2.'),
    norm: oneOf(RESIDUAL_NORMS).optional().describe('Normalization in every branch: batch, layer or none. Default none.'),
    gate: boolean().optional().describe('A trainable scalar gate on every branch (what rezero and skipinit start at 0; 1 otherwise). Default true.'),
    order: oneOf(['pre', 'post']).optional().describe('pre (He et al. 2016 identity mappings: [norm] → activation → dense) or post (dense → [norm] → activation, the last after the sum). Default pre.'),
    convention: oneOf(NORM_CONVENTIONS).optional().describe("Normalization defaults: keras (momentum 0.99, epsilon 1e-3) or pytorch (0.1, 1e-5). Default keras; with norm batch or layer only."),
  },
  '{ blocks, width, layersPerBlock, norm, gate, order, convention }',
);

const HIDDEN_RULE = 'must be a list of layers, e.g. [10, 5] or [{ units: 10, activation: relu }]';

const ModelSchema = strict(
  {
    hidden: z
      .array(HiddenLayerSchema, { error: HIDDEN_RULE })
      .optional()
      .describe(
        'Hidden layers: [10, 5], [{ units, activation }], or typed layers of @initlab/models ({ type: batchnorm | layernorm | activation | dropout | residual, ... }). Required unless model.residual is given.',
      ),
    residual: ResidualSchema.optional().describe(
      "A residual MLP, expanded into model.hidden by @initlab/models' residualStack: a linear dense stem to width units, then blocks gated residual blocks of layersPerBlock dense layers (activation: model.activation). Give it instead of model.hidden, not with a non-empty one.",
    ),
    activation: ActivationSchema.default('relu').describe('Activation of hidden layers that name none. Default relu.'),
    output: strict(
      { units: positiveInt('must be a positive number of units').optional(), activation: ActivationSchema.optional() },
      '{ units, activation }',
    )
      .default({})
      .describe('Output layer; missing fields follow the task.'),
    loss: oneOf(LOSSES).optional().describe('Loss; default from the task.'),
    initializerScope: oneOf(['hidden', 'all'])
      .default('hidden')
      .describe('Layers the compared initializer sets: hidden (default, as both seed notebooks) or all.'),
    outputKernelInitializer: InitializerSpecSchema.default('glorot_uniform').describe(
      'Kernel initializer of layers outside the scope. Default glorot_uniform (Keras Dense default).',
    ),
    biasInitializer: InitializerSpecSchema.default('zeros').describe('Bias initializer of every layer. Default zeros.'),
  },
  '{ hidden, residual, activation, output, loss, initializerScope, outputKernelInitializer, biasInitializer }',
);

const OptimizerObjectSchema = strict(
  {
    name: oneOf(OPTIMIZERS),
    learningRate: positiveNumber().optional(),
    momentum: z.number({ error: 'must be a number in [0, 1]' }).min(0, { error: 'must be a number in [0, 1]' }).max(1, { error: 'must be a number in [0, 1]' }).optional(),
    nesterov: boolean().optional(),
    beta1: z.number({ error: 'must be a number in [0, 1)' }).min(0, { error: 'must be a number in [0, 1)' }).lt(1, { error: 'must be a number in [0, 1)' }).optional(),
    beta2: z.number({ error: 'must be a number in [0, 1)' }).min(0, { error: 'must be a number in [0, 1)' }).lt(1, { error: 'must be a number in [0, 1)' }).optional(),
    epsilon: positiveNumber().optional(),
    rho: z.number({ error: 'must be a number in [0, 1)' }).min(0, { error: 'must be a number in [0, 1)' }).lt(1, { error: 'must be a number in [0, 1)' }).optional(),
    centered: boolean().optional(),
    amsgrad: boolean().optional(),
    weightDecay: z.number({ error: 'must be a number >= 0' }).min(0, { error: 'must be a number >= 0' }).finite({ error: 'must be a number >= 0' }).optional(),
    clipNorm: positiveNumber().optional(),
    globalClipNorm: positiveNumber().optional(),
    clipValue: positiveNumber().optional(),
  },
  'an optimizer name or { name, learningRate, ... }',
);

// The optimizer keys must be exactly @initlab/models' OPTIMIZER_PARAMETERS of some optimizer plus the clip
// options: a parameter added to the models package without a rule here (or the reverse) fails to compile.
type OptimizerParameterName = (typeof OPTIMIZER_PARAMS)[keyof typeof OPTIMIZER_PARAMS][number];
type OptimizerObjectKeys = Exclude<keyof z.input<typeof OptimizerObjectSchema>, 'name' | (typeof CLIP_PARAMS)[number]>;
const optimizerKeysMatchModels: [Exclude<OptimizerObjectKeys, OptimizerParameterName>, Exclude<OptimizerParameterName, OptimizerObjectKeys>] extends [never, never]
  ? true
  : false = true;
void optimizerKeysMatchModels;

const OptimizerSchema = z.union([oneOf(OPTIMIZERS), OptimizerObjectSchema], {
  error: `must be an optimizer name (${OPTIMIZERS.join(', ')}) or { name, learningRate, ... }`,
});

const TrainingSchema = strict(
  {
    epochs: positiveInt().describe('Passes over the training rows.'),
    batchSize: positiveInt().default(32).describe('Rows per step. Default 32 (Keras).'),
    optimizer: OptimizerSchema.default('adam').describe('sgd | adam | rmsprop, or { name, learningRate, ... } (Keras defaults). Default adam.'),
    shuffle: boolean().default(true).describe('Reshuffle every epoch (seeded per run). Default true.'),
    validation: boolean()
      .default(false)
      .describe('Evaluate on the test split after every epoch into the history (never changes training). Default false.'),
  },
  '{ epochs, batchSize, optimizer, shuffle, validation }',
);

const InitializerEntrySchema = z.union(
  [
    text('must be an initializer name'),
    z
      .looseObject({
        name: text('must be an initializer name'),
        label: text('must be a non-empty label').optional(),
      })
      .describe('{ name, label?, ...params }'),
  ],
  { error: 'must be an initializer name, "name:param=value" or { name, label, ...params }' },
);

const SeedsSchema = z.union(
  [
    positiveInt('must be a positive number of seeds'),
    z
      .array(nonNegativeInt('must be a whole-number seed >= 0'), { error: 'must be a list of seeds' })
      .min(1, { error: 'must list at least one seed' }),
  ],
  { error: 'must be a number of seeds N (seeds 0 … N-1) or a list of seeds' },
);

const GridSchema = strict(
  {
    activation: z.array(ActivationSchema, { error: 'must be a list of activations' }).min(1, { error: 'must list at least one activation' }).optional(),
    depth: z.array(positiveInt('must be a positive number of hidden layers'), { error: 'must be a list of depths' }).min(1, { error: 'must list at least one depth' }).optional(),
    width: z.array(positiveInt('must be a positive number of units'), { error: 'must be a list of widths' }).min(1, { error: 'must list at least one width' }).optional(),
    learningRate: z.array(positiveNumber(), { error: 'must be a list of learning rates' }).min(1, { error: 'must list at least one learning rate' }).optional(),
  },
  '{ activation, depth, width, learningRate }',
);

const ValuesSchema = z.record(z.string(), z.number({ error: 'must be a number' }).finite({ error: 'must be a finite number' }), {
  error: 'must be a mapping from initializer label to number',
});

const ReferenceSchema = strict(
  {
    source: text('must be a non-empty string naming the source'),
    note: z.string({ error: 'must be a string' }).optional(),
    metric: text('must be a metric name, e.g. mse or accuracy'),
    values: ValuesSchema,
    otherMetrics: z.record(z.string(), ValuesSchema, { error: 'must be a mapping from metric name to { label: value }' }).optional(),
  },
  '{ source, metric, values, otherMetrics }',
);

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE = 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"';

const RawExperimentSchema = strict(
  {
    $schema: z.string({ error: 'must be a string (the JSON Schema address)' }).optional().describe('JSON Schema address for editors; ignored.'),
    name: z.string({ error: NAME_RULE }).regex(NAME_PATTERN, { error: NAME_RULE }).max(100, { error: 'must be at most 100 characters' }).describe('Short identifier written into every result.'),
    description: z.string({ error: 'must be a string' }).optional(),
    data: DataSchema.describe('{ dataset, target?, dropDuplicates? } or { csv, target, features?, drop?, delimiter?, missing?, naValues?, task?, encode? }'),
    split: SplitSchema.default({ testSize: 0.2, randomState: 42, stratify: false }),
    preprocess: PreprocessSchema.default({ target: 'none' }),
    model: ModelSchema,
    training: TrainingSchema,
    initializers: z
      .array(InitializerEntrySchema, { error: 'must be a list of initializers' })
      .min(1, { error: 'must list at least one initializer' })
      .describe(
        `Initializers to compare: names, "name:param=value" strings, or { name, label?, ...params }; lsuv, and the architecture initializations of residual networks (${ARCHITECTURE_INITS.join(', ')}).`,
      ),
    seeds: SeedsSchema.default(1).describe('N (seeds 0 … N-1) or an explicit list. Default 1.'),
    grid: GridSchema.optional().describe('Sweep axes: every combination is one ensemble.'),
    diagnostics: oneOf(['none', 'init', 'epoch']).default('init').describe('Diagnostics (per layer; per residual block and normalization layer for a network with typed layers): none, init (default) or every epoch.'),
    reference: ReferenceSchema.optional().describe('Published numbers printed beside initlab\'s, by initializer label.'),
    heatmap: HeatmapSchema.optional().describe('The report\'s numeric heatmap: two axes (σ_w² × depth, …) and an optional curve.'),
    backend: oneOf(['cpu', 'wasm']).optional().describe('Backend hint; the application chooses.'),
  },
  'a mapping with keys name, data, model, training, initializers, ...',
);

type RawExperiment = z.output<typeof RawExperimentSchema>;

// The config types are the schema's outputs (after `normalize` below expands the shorthands), so the
// schema and the types cannot drift apart.

export type { ActivationConfig } from './schema-rules.js';

type DataFields = z.output<typeof DataSchema>;
type CsvField = Exclude<keyof CsvOptions, 'id'>;
/** The keys only a CSV file takes (`dropDuplicates` and `target` are shared with registry data sets). */
const CSV_ONLY_FIELDS = ['features', 'drop', 'delimiter', 'missing', 'naValues', 'task', 'encode'] as const;
type CsvOnlyField = (typeof CSV_ONLY_FIELDS)[number];

/** A registry data set of `@initlab/data` (`loadDataset(dataset, { target, dropDuplicates, seed, nSamples })`). */
export type DatasetDataConfig = Omit<DataFields, 'dataset' | 'csv' | CsvOnlyField> & { dataset: string };

/** `data.limit`: how many training and test rows to keep after the split (a stratified subsample for classes). */
export type DataLimit = NonNullable<DataFields['limit']>;

/**
 * A CSV file of your own: a path or `http(s)` URL and `@initlab/data`'s `CsvOptions` (a relative path is
 * resolved against `runExperiment`'s `baseDir` option).
 */
export type CsvDataConfig = Pick<CsvOptions, CsvField> & { csv: string; limit?: DataLimit };

// The schema's CSV keys must be exactly data's `CsvOptions` (without the reported `id`): adding an option to
// loadCsv without adding it here (or the reverse) fails to compile.
const csvFieldsMatchCsvOptions: SameKeys<Omit<DataFields, 'dataset' | 'seed' | 'nSamples' | 'csv' | 'limit'>, (keyof Pick<CsvOptions, CsvField>)[]> = true;
void csvFieldsMatchCsvOptions;

/** Where the rows come from: a registry data set or a CSV file. */
export type DataConfig = DatasetDataConfig | CsvDataConfig;

/** The train/test split: scikit-learn's `train_test_split(test_size, random_state, stratify=y if stratify)`. */
export type SplitConfig = RawExperiment['split'];

/** Scaling, always fitted on the training rows only (`features` resolved: the data set's default when not given). */
export type PreprocessConfig = Omit<RawExperiment['preprocess'], 'features'> & { features: (typeof FEATURE_SCALINGS)[number] };

/**
 * The feature scaling an experiment uses when `preprocess.features` is not given: `pixels` for a registry image
 * set (one with a sample shape: mnist, fashion-mnist, digits), `standard` for everything else.
 *
 * @example
 * ```ts
 * defaultFeatureScaling({ dataset: 'mnist' }); // 'pixels'
 * defaultFeatureScaling({ dataset: 'wine-quality-red' }); // 'standard'
 * ```
 */
export function defaultFeatureScaling(data: { dataset: string } | { csv: string }): 'pixels' | 'standard' {
  if (!('dataset' in data)) return 'standard';
  return listDatasets().some((info) => info.id === data.dataset && info.sampleShape !== undefined) ? 'pixels' : 'standard';
}

export type { HiddenLayerConfig, ModelLayerConfig, TypedLayerConfig } from './model-layers.js';

/** The output layer; what is left out is chosen from the task. */
export type OutputLayerConfig = RawExperiment['model']['output'];


/** The network: dense layers, or any of `@initlab/models`' layers (`model.residual` expanded into them). */
export type ModelConfig = Omit<RawExperiment['model'], 'hidden' | 'residual'> & { hidden: ModelLayerConfig[] };

/** An optimizer with Keras semantics; parameters left out take Keras's defaults (`OPTIMIZER_DEFAULTS` of `@initlab/models`). */
export type OptimizerConfig = z.output<typeof OptimizerObjectSchema>;

/** How every model is trained (a bare optimizer name is expanded to `{ name }`). */
export type TrainingConfig = Omit<RawExperiment['training'], 'optimizer'> & { optimizer: OptimizerConfig };

/** One initializer to compare, as `{ name, ...params }` with its display label. */
export interface InitializerEntry {
  /** Catalogue name or alias of `@initlab/initializers`, `lsuv`, or an architecture initialization (`ARCHITECTURE_INITS` of `@initlab/models`). */
  name: string;
  /** Display label and key of `reference.values`; default the spec as written (`random_normal:stddev=0.01`). */
  label: string;
  /** Parameters of the initializer. */
  [param: string]: unknown;
}

/** Axes of a sweep; each given axis multiplies the number of ensembles. */
export type GridConfig = NonNullable<RawExperiment['grid']>;

/** Published numbers to print beside initlab's, keyed by initializer label. */
export type ReferenceConfig = NonNullable<RawExperiment['reference']>;

/** What diagnostics to record (per layer, or per block for typed layers): none, at initialisation (default), or also after every epoch. */
export type DiagnosticsConfig = RawExperiment['diagnostics'];

/**
 * A validated experiment: every default filled in and every shorthand expanded (`hidden: [10, 5]` to layer
 * objects, `seeds: N` to `[0 … N−1]`, initializer strings to `{ name, ...params, label }`). This is what
 * `parseExperiment` returns and what `runExperiment` reads; it is plain JSON and is itself a valid input.
 */
export type ExperimentConfig = Omit<RawExperiment, '$schema' | 'data' | 'preprocess' | 'model' | 'training' | 'initializers' | 'seeds' | 'heatmap'> & {
  heatmap?: HeatmapConfig;
  data: DataConfig;
  preprocess: PreprocessConfig;
  model: ModelConfig;
  training: TrainingConfig;
  initializers: InitializerEntry[];
  seeds: number[];
};
type Ctx = z.core.$RefinementCtx<RawExperiment>;

/** The spec object and display label of one `initializers[i]` entry, or an issue. */
function normalizeInitializer(ctx: Ctx, entry: RawExperiment['initializers'][number], i: number): InitializerEntry | null {
  let spec: { name: string; [param: string]: unknown };
  let given: string | undefined;
  if (typeof entry === 'string') {
    try {
      spec = entry.includes(':') ? (parseInitializerEntry(entry) as { name: string; [param: string]: unknown }) : { name: entry.trim() };
    } catch (err) {
      issue(ctx, ['initializers', i], `is not a valid initializer spec: ${firstLine(err)}`, entry, true);
      return null;
    }
    given = entry.trim();
  } else {
    const { label, ...rest } = entry;
    spec = rest as { name: string; [param: string]: unknown };
    given = label;
  }
  const { name, ...params } = spec;
  if (isArchitectureInit(name)) {
    if (Object.keys(params).length > 0) {
      issue(ctx, ['initializers', i], `'${name}' takes no parameters (it is set by the network's architecture), got ${Object.keys(params).join(', ')}`, entry, true);
      return null;
    }
    return { name, label: given ?? name };
  }
  if (name === 'lsuv') {
    const problem = lsuvParameterProblem(params);
    if (problem !== null) {
      issue(ctx, ['initializers', i], problem, entry, true);
      return null;
    }
    return { ...spec, label: given ?? specText(spec) };
  }
  try {
    getInitializer(spec);
  } catch (err) {
    issue(ctx, ['initializers', i], `is not a valid initializer: ${architectureHint(name) ?? firstLine(err)}`, entry, true);
    return null;
  }
  return { ...spec, label: given ?? formatInitializerSpec(spec) };
}

/** `name:param=value,...` text of a spec object as written (labels of `lsuv` entries). */
function specText(spec: { name: string; [param: string]: unknown }): string {
  const { name, ...params } = spec;
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? name : `${name}:${parts.join(',')}`;
}

function checkInitializerSpec(ctx: Ctx, spec: string | { name: string; [param: string]: unknown }, path: (string | number)[]): void {
  try {
    getInitializer(typeof spec === 'string' && spec.includes(':') ? parseInitializerSpec(spec) : spec);
  } catch (err) {
    issue(ctx, path, `is not a valid initializer: ${firstLine(err)}`, spec, true);
  }
}

function checkData(ctx: Ctx, data: RawExperiment['data']): void {
  const hasDataset = data.dataset !== undefined;
  const hasCsv = data.csv !== undefined;
  if (hasDataset === hasCsv) {
    issue(ctx, ['data'], hasDataset ? 'must name either dataset or csv, not both' : 'must name a registry data set (dataset: ID) or a file (csv: PATH, target: COLUMN)', data);
    return;
  }
  if (hasCsv) {
    if (data.target === undefined) issue(ctx, ['data', 'target'], 'is required with csv: the name of the target column', undefined, true);
    for (const key of ['seed', 'nSamples'] as const) {
      if (data[key] !== undefined) issue(ctx, ['data', key], 'applies to synthetic registry data sets only, not to csv', data[key]);
    }
    return;
  }
  for (const key of CSV_ONLY_FIELDS) {
    if (data[key] !== undefined) issue(ctx, ['data', key], 'applies to csv files only; a registry data set has fixed columns', data[key]);
  }
  const id = data.dataset!;
  let info: ReturnType<typeof getDatasetInfo>;
  try {
    info = getDatasetInfo(id);
  } catch {
    const ids = listDatasets().map((d) => d.id);
    issue(ctx, ['data', 'dataset'], `must be a registry data set${didYouMean(id, ids)}; known: ${ids.join(', ')}`, id);
    return;
  }
  if (data.target !== undefined) {
    const names = info.targetVariants.map((v) => v.name);
    if (!names.includes(data.target)) {
      issue(ctx, ['data', 'target'], `must be a target of ${id}${didYouMean(data.target, names)}: ${names.join(', ')}`, data.target);
    }
  }
  if (!info.synthetic) {
    for (const key of ['seed', 'nSamples'] as const) {
      if (data[key] !== undefined) issue(ctx, ['data', key], `applies to synthetic data sets only; ${id} is a real file`, data[key]);
    }
  }
}

function checkOptimizer(ctx: Ctx, optimizer: RawExperiment['training']['optimizer']): void {
  if (typeof optimizer === 'string') return;
  const allowed: readonly string[] = [...OPTIMIZER_PARAMS[optimizer.name], ...CLIP_PARAMS];
  for (const key of Object.keys(optimizer)) {
    if (key !== 'name' && !allowed.includes(key)) {
      issue(ctx, ['training', 'optimizer', key], `is not a parameter of ${optimizer.name}; ${optimizer.name} takes ${allowed.join(', ')}`, optimizer[key as keyof typeof optimizer]);
    }
  }
  const clips = CLIP_PARAMS.filter((k) => optimizer[k] !== undefined);
  if (clips.length > 1) issue(ctx, ['training', 'optimizer'], `may set at most one of ${CLIP_PARAMS.join(', ')}, got ${clips.join(' and ')}`, optimizer, true);
}

function checkActivation(ctx: Ctx, activation: ActivationConfig, path: (string | number)[]): void {
  if (typeof activation === 'object' && activation.alpha !== undefined && activation.name !== 'leaky_relu' && activation.name !== 'elu') {
    issue(ctx, [...path, 'alpha'], `applies to leaky_relu and elu only, not ${activation.name}`, activation.alpha);
  }
}

function checkUnique<T>(ctx: Ctx, values: readonly T[], path: (string | number)[], what: string): void {
  const seen = new Map<string, number>();
  values.forEach((value, i) => {
    const key = JSON.stringify(value);
    const first = seen.get(key);
    if (first !== undefined) issue(ctx, [...path, i], `repeats ${what} ${show(value)} of ${pathText([...path, first])}; each must be unique`, value, true);
    else seen.set(key, i);
  });
}

/** `training.epochs`, `initializers[2].stddev`, `reference.values["a b"]`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function toOptimizerConfig(optimizer: RawExperiment['training']['optimizer']): OptimizerConfig {
  if (typeof optimizer === 'string') return { name: optimizer };
  const out: OptimizerConfig = { name: optimizer.name };
  for (const [key, value] of Object.entries(optimizer)) if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  return out;
}

function normalize(raw: RawExperiment, ctx: Ctx): ExperimentConfig {
  checkData(ctx, raw.data);
  checkOptimizer(ctx, raw.training.optimizer);
  checkActivation(ctx, raw.model.activation, ['model', 'activation']);
  if (raw.model.output.activation !== undefined) checkActivation(ctx, raw.model.output.activation, ['model', 'output', 'activation']);
  checkInitializerSpec(ctx, raw.model.outputKernelInitializer, ['model', 'outputKernelInitializer']);
  checkInitializerSpec(ctx, raw.model.biasInitializer, ['model', 'biasInitializer']);

  const { residual } = raw.model;
  if (raw.model.hidden === undefined && residual === undefined) issue(ctx, ['model', 'hidden'], `is missing; it ${HIDDEN_RULE} (or give model.residual)`, undefined, true);
  if (residual !== undefined && (raw.model.hidden?.length ?? 0) > 0) {
    issue(ctx, ['model', 'residual'], `expands into model.hidden, which already has ${raw.model.hidden!.length} layers: give one of them`, residual, true);
  }
  const hidden: ModelLayerConfig[] =
    residual !== undefined
      ? expandResidual(ctx, residual, raw.model.activation)
      : (raw.model.hidden ?? []).map((layer, i): ModelLayerConfig => {
          if (typeof layer === 'number') return { units: layer, activation: raw.model.activation };
          if ((layer as { type?: unknown }).type !== undefined) return layer as unknown as TypedLayerConfig;
          const dense = layer as { units: number; activation?: ActivationConfig };
          if (dense.activation !== undefined) checkActivation(ctx, dense.activation, ['model', 'hidden', i, 'activation']);
          return { units: dense.units, activation: dense.activation ?? raw.model.activation };
        });

  const initializers: InitializerEntry[] = [];
  raw.initializers.forEach((entry, i) => {
    const normalized = normalizeInitializer(ctx, entry, i);
    if (normalized !== null) initializers.push(normalized);
  });
  const plain = checkModelLayers(ctx, hidden, initializers);
  checkUnique(ctx, initializers.map((e) => e.label), ['initializers'], 'the label');

  const seeds = typeof raw.seeds === 'number' ? Array.from({ length: raw.seeds }, (_, i) => i) : raw.seeds;
  if (typeof raw.seeds !== 'number') checkUnique(ctx, seeds, ['seeds'], 'seed');

  if (raw.grid !== undefined) {
    const grid = raw.grid;
    for (const axis of ['activation', 'depth', 'width', 'learningRate'] as const) {
      const values = grid[axis];
      if (values !== undefined) checkUnique<unknown>(ctx, values, ['grid', axis], `the ${axis}`);
    }
    grid.activation?.forEach((a, i) => checkActivation(ctx, a, ['grid', 'activation', i]));
    if (!plain) {
      for (const axis of ['depth', 'width', 'activation'] as const) {
        if (grid[axis] !== undefined) {
          issue(ctx, ['grid', axis], 'varies a stack of dense layers, and model.hidden has typed layers (residual, normalization, ...): set them in the layers, or sweep learningRate only', grid[axis], true);
        }
      }
    }
    if (grid.depth !== undefined && grid.width === undefined && hidden.length === 0) {
      issue(ctx, ['grid', 'width'], 'is required with grid.depth when model.hidden is empty (no layer width to repeat)', undefined, true);
    }
    if (grid.depth === undefined && hidden.length === 0) {
      for (const axis of ['width', 'activation'] as const) {
        if (grid[axis] !== undefined) {
          issue(ctx, ['grid', axis], 'has no hidden layer to apply to: model.hidden is empty; add layers or a grid.depth', grid[axis], true);
        }
      }
    }
  }

  if (raw.split.testSize >= 1 && !Number.isInteger(raw.split.testSize)) {
    issue(ctx, ['split', 'testSize'], 'must be a fraction in (0, 1) or a whole number of rows', raw.split.testSize);
  }

  if (raw.reference !== undefined) {
    const labels = initializers.map((e) => e.label);
    const checkLabels = (values: Record<string, number>, path: (string | number)[]): void => {
      for (const label of Object.keys(values)) {
        if (!labels.includes(label)) {
          issue(ctx, [...path, label], `names no initializer label${didYouMean(label, labels)}; labels: ${labels.join(', ')}`, values[label]);
        }
      }
    };
    checkLabels(raw.reference.values, ['reference', 'values']);
    for (const [metric, values] of Object.entries(raw.reference.otherMetrics ?? {})) checkLabels(values, ['reference', 'otherMetrics', metric]);
  }

  const heatmap =
    raw.heatmap === undefined
      ? null
      : resolveHeatmap(ctx, raw.heatmap, {
          initializers,
          grid: raw.grid,
          hiddenActivations: hidden.flatMap((h) => ('type' in h ? [] : [h.activation])),
          activation: raw.model.activation,
          biasInitializer: raw.model.biasInitializer,
        });

  const data: DataConfig = Object.fromEntries(Object.entries(raw.data).filter(([, v]) => v !== undefined)) as unknown as DataConfig;
  const config: ExperimentConfig = {
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    data,
    split: raw.split,
    preprocess: { features: raw.preprocess.features ?? defaultFeatureScaling(raw.data as DataConfig), target: raw.preprocess.target },
    model: {
      hidden,
      activation: raw.model.activation,
      output: raw.model.output,
      ...(raw.model.loss === undefined ? {} : { loss: raw.model.loss }),
      initializerScope: raw.model.initializerScope,
      outputKernelInitializer: raw.model.outputKernelInitializer,
      biasInitializer: raw.model.biasInitializer,
    },
    training: { ...raw.training, optimizer: toOptimizerConfig(raw.training.optimizer) },
    initializers,
    seeds,
    ...(raw.grid === undefined ? {} : { grid: raw.grid }),
    diagnostics: raw.diagnostics,
    ...(raw.reference === undefined ? {} : { reference: raw.reference }),
    ...(heatmap === null ? {} : { heatmap }),
    ...(raw.backend === undefined ? {} : { backend: raw.backend }),
  };
  return config;
}

/**
 * The zod schema of an experiment file. `parse` validates and returns the normalized
 * {@link ExperimentConfig} (defaults filled in, `hidden: [10, 5]` expanded to layer objects, `seeds: N`
 * expanded to `[0 … N−1]`, initializer strings such as `random_normal:stddev=0.01` expanded to
 * `{ name, ...params, label }`). Beyond the shapes it checks what a file can get wrong: unknown keys (with
 * the closest allowed key), that initializers and data sets exist in their catalogues, that labels and seeds
 * are unique, that `reference` names existing labels, and that optimizer parameters belong to the optimizer.
 * Prefer {@link parseExperiment} for text, whose errors are one line naming the path.
 *
 * @example
 * ```ts
 * const config = ExperimentConfigSchema.parse({
 *   name: 'demo', data: { dataset: 'spirals' }, model: { hidden: [16] },
 *   training: { epochs: 10 }, initializers: ['zeros', 'he_normal'],
 * });
 * config.seeds; // [0]
 * ```
 */
export const ExperimentConfigSchema = RawExperimentSchema.transform(normalize);

/**
 * The catalogue problems (unknown data set or target, invalid initializer) of the sections that pass the schema
 * on their own, for an experiment whose other sections fail it: zod runs {@link ExperimentConfigSchema}'s
 * checks only on a document without schema problems, and a user should read every problem at once.
 */
export function catalogueIssues(value: Readonly<Record<string, unknown>>): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  // The checks only add issues; a collector stands in for zod's refinement context.
  const ctx = { addIssue: (i: unknown) => issues.push(i as z.core.$ZodIssue), value } as unknown as Ctx;
  const data = DataSchema.safeParse(value.data);
  if (data.success) checkData(ctx, data.data);
  if (Array.isArray(value.initializers)) {
    value.initializers.forEach((entry: unknown, i) => {
      const parsed = InitializerEntrySchema.safeParse(entry);
      if (parsed.success) normalizeInitializer(ctx, parsed.data, i);
    });
  }
  return issues;
}

/**
 * What an experiment file may contain before defaults and shorthands are applied (the schema's input).
 *
 * @example
 * ```ts
 * const input: ExperimentConfigInput = { name: 'x', data: { dataset: 'moons' }, model: { hidden: [8] }, training: { epochs: 5 }, initializers: ['he_normal'], seeds: 3 };
 * ```
 */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
