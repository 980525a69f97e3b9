import { getInitializer } from '@initlab/initializers';
import { isArchitectureInit, resolveOptimizer } from '@initlab/models';
import { activationText, runIdOf, RUN_FORMAT, type GridPoint as StoredGridPoint, type InitializerSpecObject } from '@initlab/results';
import type { ActivationConfig, ExperimentConfig, InitializerEntry, ModelLayerConfig, OptimizerConfig } from './config.js';
import { isDenseLayer } from './model-layers.js';
import { ExperimentError, show } from './errors.js';
import { toOptimizerSpec } from './model-spec.js';

/**
 * One point of a sweep grid: the value of each axis the config's `grid` lists (absent axes are absent).
 *
 * @example
 * ```ts
 * const point: GridPoint = { activation: 'tanh', depth: 8 };
 * ```
 */
export interface GridPoint extends StoredGridPoint {
  /** A grid's activations are the config's (the stored format allows any name). */
  activation?: ActivationConfig;
}

/**
 * One run of an experiment: a grid point, an initializer and a seed.
 *
 * @example
 * ```ts
 * const [first] = planRuns(config);
 * console.log(first.runId, first.label, first.seed); // 'c0ffee12ab34' 'zeros' 0
 * ```
 */
export interface PlannedRun {
  /** 12 hex digits: a hash of the canonical JSON of everything that determines the run (see {@link planRuns}). */
  runId: string;
  /** Position in the full plan (0-based). */
  index: number;
  /** The experiment's name. */
  experiment: string;
  /** Which grid point (0-based; 0 when there is no grid). */
  gridIndex: number;
  /** The grid point's axis values (`{}` when there is no grid). */
  gridPoint: GridPoint;
  /** The grid point for people, e.g. `activation=tanh depth=8` (`''` when there is no grid). */
  gridLabel: string;
  /** The initializer with every default filled in. */
  initializer: InitializerSpecObject;
  /** The initializer's label in the config. */
  label: string;
  /** Seed of the initial weights and of the shuffle. */
  seed: number;
  /** Hidden layers at this grid point. */
  hidden: ModelLayerConfig[];
  /** Optimizer at this grid point. */
  optimizer: OptimizerConfig;
}

/**
 * The runs of one grid point: they train together in one ensemble.
 *
 * @example
 * ```ts
 * for (const e of groupEnsembles(planRuns(config))) console.log(e.gridLabel, e.runs.length);
 * ```
 */
export interface PlannedEnsemble {
  gridIndex: number;
  gridPoint: GridPoint;
  gridLabel: string;
  hidden: ModelLayerConfig[];
  optimizer: OptimizerConfig;
  runs: PlannedRun[];
}

/** `'relu'` and `{ name: 'relu' }` are the same activation. */
function canonicalActivation(activation: ActivationConfig): ActivationConfig {
  if (typeof activation === 'string') return activation;
  return activation.alpha === undefined ? activation.name : { name: activation.name, alpha: activation.alpha };
}

/**
 * An initializer spec with every default filled in: the catalogue's config, or `lsuv`'s parameters as given.
 *
 * @example
 * ```ts
 * canonicalInitializer('random_normal:stddev=0.01'); // { name: 'random_normal', mean: 0, stddev: 0.01 }
 * canonicalInitializer('GlorotUniform');             // { name: 'glorot_uniform' }
 * ```
 */
export function canonicalInitializer(spec: string | { name: string; [param: string]: unknown }): InitializerSpecObject {
  const object = typeof spec === 'string' ? { name: spec } : spec;
  if (object.name === 'lsuv') return { ...object };
  // An architecture initialization has no parameters: its name is all of it.
  if (isArchitectureInit(object.name)) return { name: object.name };
  return getInitializer(object).getConfig();
}

function initializerOf(entry: InitializerEntry): InitializerSpecObject {
  const { label: _label, ...spec } = entry;
  return canonicalInitializer(spec as { name: string; [param: string]: unknown });
}

/**
 * Every combination of the grid's axes (activation, depth, width, learningRate), the last axis varying
 * fastest; `[{}]` without a grid.
 *
 * @example
 * ```ts
 * gridPoints({ ...config, grid: { depth: [2, 4], width: [8] } }); // [{ depth: 2, width: 8 }, { depth: 4, width: 8 }]
 * ```
 */
export function gridPoints(config: ExperimentConfig): GridPoint[] {
  const grid = config.grid ?? {};
  let points: GridPoint[] = [{}];
  for (const axis of ['activation', 'depth', 'width', 'learningRate'] as const) {
    const values = grid[axis];
    if (values === undefined) continue;
    points = points.flatMap((p) => (values as readonly unknown[]).map((v) => ({ ...p, [axis]: v })));
  }
  return points;
}

/**
 * A grid point for people.
 *
 * @example
 * ```ts
 * gridLabelOf({ activation: 'tanh', depth: 8 }); // 'activation=tanh depth=8'
 * ```
 */
export function gridLabelOf(point: GridPoint): string {
  const parts: string[] = [];
  if (point.activation !== undefined) parts.push(`activation=${activationText(point.activation)}`);
  if (point.depth !== undefined) parts.push(`depth=${point.depth}`);
  if (point.width !== undefined) parts.push(`width=${point.width}`);
  if (point.learningRate !== undefined) parts.push(`learningRate=${point.learningRate}`);
  return parts.join(' ');
}

/**
 * Hidden layers at a grid point: `depth` layers (default the model's count); layer k keeps the model's layer
 * k (or its last layer beyond the model's depth), with `width` and `activation` replaced when the grid sets them.
 *
 * @example
 * ```ts
 * // model.hidden [16 relu, 8 relu]
 * hiddenAt(config, { depth: 3 });               // [16 relu, 8 relu, 8 relu]
 * hiddenAt(config, { activation: 'tanh', width: 4 }); // [4 tanh, 4 tanh]
 * ```
 */
export function hiddenAt(config: ExperimentConfig, point: GridPoint): ModelLayerConfig[] {
  // Typed layers are kept as written (the schema refuses the depth, width and activation axes for them).
  if (point.depth === undefined && point.width === undefined && point.activation === undefined) {
    return config.model.hidden.map((h) => (isDenseLayer(h) ? { units: h.units, activation: h.activation } : h));
  }
  const base = config.model.hidden.filter(isDenseLayer);
  const depth = point.depth ?? base.length;
  return Array.from({ length: depth }, (_, k) => {
    const model = base[Math.min(k, base.length - 1)];
    return {
      units: point.width ?? model?.units ?? 0,
      activation: point.activation ?? model?.activation ?? config.model.activation,
    };
  });
}

function optimizerAt(config: ExperimentConfig, point: GridPoint): OptimizerConfig {
  const optimizer = config.training.optimizer;
  return point.learningRate === undefined ? { ...optimizer } : { ...optimizer, learningRate: point.learningRate };
}

/**
 * Expand an experiment into its runs: every grid point × initializer × seed, in that nesting order (grid
 * points in the order of the grid's combinations, initializers and seeds in config order).
 *
 * `runId` is `@initlab/results`' `runIdOf` (12 hex digits of a hash of the canonical JSON, keys sorted) of what determines
 * the run's outcome: the data, split and preprocessing sections, the model at the grid point (hidden layers,
 * output, loss, scope, output kernel and bias initializers with their defaults filled in), the training at the
 * grid point (epochs, batch size, optimizer with Keras's defaults filled in, shuffle, validation), the initializer with its defaults filled
 * in, the seed and a format version. The name, description, seed list, reference, diagnostics level and
 * backend hint are not part of it, so renaming an experiment or adding seeds keeps finished runs reusable,
 * and `random_normal` and `random_normal:stddev=0.05` are the same run.
 *
 * @example
 * ```ts
 * import { planRuns, seedExperiments } from '@initlab/experiments';
 * const runs = planRuns(seedExperiments['seed-wine']);
 * runs.length;   // 4 initializers × 1 seed = 4
 * runs[0].label; // 'zeros'
 * ```
 */
export function planRuns(config: ExperimentConfig): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const initializers = config.initializers.map((entry) => ({ label: entry.label, spec: initializerOf(entry) }));
  for (const { gridPoint, gridIndex, gridLabel, hidden, optimizer, content } of pointContents(config)) {
    for (const { label, spec } of initializers) {
      for (const seed of config.seeds) {
        const runId = runIdOf({ ...content, initializer: spec, seed });
        runs.push({
          runId,
          index: runs.length,
          experiment: config.name,
          gridIndex,
          gridPoint,
          gridLabel,
          initializer: spec,
          label,
          seed,
          hidden,
          optimizer,
        });
      }
    }
  }
  return runs;
}

/** Each grid point with what determines its runs' outcome besides the initializer and the seed (see {@link planRuns}). */
function pointContents(config: ExperimentConfig) {
  const model = config.model;
  const fixed = {
    format: RUN_FORMAT,
    data: config.data,
    split: config.split,
    preprocess: config.preprocess,
    output: {
      units: model.output.units,
      activation: model.output.activation === undefined ? undefined : canonicalActivation(model.output.activation),
    },
    loss: model.loss,
    initializerScope: model.initializerScope,
    outputKernelInitializer: canonicalInitializer(model.outputKernelInitializer),
    biasInitializer: canonicalInitializer(model.biasInitializer),
    training: { epochs: config.training.epochs, batchSize: config.training.batchSize, shuffle: config.training.shuffle, validation: config.training.validation },
  };
  return gridPoints(config).map((gridPoint, gridIndex) => {
    const hidden = hiddenAt(config, gridPoint);
    const optimizer = optimizerAt(config, gridPoint);
    const content = {
      ...fixed,
      // A typed layer enters as written; a dense one as it always did, so plain stacks keep their run ids.
      hidden: hidden.map((h) => (isDenseLayer(h) ? { units: h.units, activation: canonicalActivation(h.activation) } : h)),
      optimizer: resolveOptimizer(toOptimizerSpec(optimizer)),
    };
    return { gridPoint, gridIndex, gridLabel: gridLabelOf(gridPoint), hidden, optimizer, content };
  });
}

/**
 * 12 hex digits identifying what an experiment's runs mean apart from their initializers and seeds: the runId
 * content of every grid point (data, split, preprocessing, model, training, grid; see {@link planRuns}). Two
 * configs have the same key exactly when their plans differ at most in `seeds` and `initializers`, the axes a
 * plan can grow along while its finished runs keep their meaning.
 *
 * @example
 * ```ts
 * planKey({ ...config, seeds: [0, 1, 2] }) === planKey(config);                                   // true
 * planKey({ ...config, training: { ...config.training, epochs: 50 } }) === planKey(config);      // false
 * ```
 */
export function planKey(config: ExperimentConfig): string {
  return runIdOf(pointContents(config).map((p) => p.content));
}

/**
 * Group runs into ensembles, one per grid point present, in order of first appearance; runs keep their order.
 *
 * @example
 * ```ts
 * groupEnsembles(planRuns(config)).map((e) => e.runs.length); // e.g. [20, 20, 20]
 * ```
 */
export function groupEnsembles(runs: readonly PlannedRun[]): PlannedEnsemble[] {
  const byGrid = new Map<number, PlannedEnsemble>();
  for (const run of runs) {
    let ensemble = byGrid.get(run.gridIndex);
    if (ensemble === undefined) {
      ensemble = { gridIndex: run.gridIndex, gridPoint: run.gridPoint, gridLabel: run.gridLabel, hidden: run.hidden, optimizer: run.optimizer, runs: [] };
      byGrid.set(run.gridIndex, ensemble);
    }
    ensemble.runs.push(run);
  }
  return [...byGrid.values()];
}

/**
 * One deterministic slice of a plan, for spreading a sweep over machines (a Slurm array, a Kubernetes
 * indexed Job): shard `index` of `count` (0-based) gets the contiguous block of runs
 * `[⌊index·N/count⌋, ⌊(index+1)·N/count⌋)` of the plan order. Every run lands in exactly one shard, shard
 * sizes differ by at most one, and a block keeps a grid point's runs together so each shard still trains
 * few, large ensembles. With more shards than runs some shards are empty.
 *
 * @throws {ExperimentError} `INVALID_OPTION` when `count` is not a positive integer or `index` is not an
 *   integer in `[0, count)`.
 * @example
 * ```ts
 * const runs = planRuns(config);                 // say 10 runs
 * shardRuns(runs, 0, 3).map((r) => r.index);     // [0, 1, 2]
 * shardRuns(runs, 2, 3).map((r) => r.index);     // [6, 7, 8, 9]
 * ```
 */
export function shardRuns<T>(runs: readonly T[], index: number, count: number): T[] {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ExperimentError('INVALID_OPTION', `shardRuns: count must be a positive integer, got ${show(count)}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new ExperimentError(
      'INVALID_OPTION',
      `shardRuns: index must be an integer in [0, ${count - 1}] (0-based, for count ${count}), got ${show(index)}`,
    );
  }
  const n = runs.length;
  return runs.slice(Math.floor((index * n) / count), Math.floor(((index + 1) * n) / count));
}
