import { classificationMetrics, regressionMetrics } from '@initlab/eval';
import {
  diagnoseAtInit,
  evaluate,
  predict,
  resolveNetwork,
  trainEnsemble,
  trainEnsembleParallel,
  type EnsembleMember,
  type LayerDiagnostics,
  type MemberResult,
  type ModelSpec,
  type ProgressEvent,
  type TrainOptions,
  type TrainingData,
} from '@initlab/models';
import { matrix, type Matrix } from '@initlab/matrix';
import { oneHotMatrix } from '@initlab/preprocess';
import * as tf from '@tensorflow/tfjs-core';
import { toJsonValue } from './canonical.js';
import type { ExperimentConfig } from './config.js';
import { memberKernelInitializer } from './initializer-text.js';
import { isDenseLayer } from './model-layers.js';
import { unknownOptionsMessage } from '@initlab/errors';
import { ExperimentError, firstLine, show } from './errors.js';
import { buildModelSpec, toOptimizerSpec } from './model-spec.js';
import { validateExperiment } from './parse.js';
import { groupEnsembles, planRuns, shardRuns, type PlannedEnsemble, type PlannedRun } from './plan.js';
import { planChange } from './plan-change.js';
import type { ExperimentMeta } from './results.js';
import { prepareData, prepareDataOptionsOf, preparedFor, type DataSummary, type ExperimentBaseline, type PrepareDataOptions, type PreparedData } from './prepare.js';
import { META_FORMAT, otherPlanWarning, ResultsError, ResultStore, selectPlanRuns, type OutOptionStyle, type RunMetrics, type RunResult } from '@initlab/results';
import { summarizeExperiment, type ExperimentSummary } from '@initlab/eval';

/** The store's failures as this package's error, same code and message, so `runExperiment` throws one class. */
export function asExperimentError(err: unknown): never {
  if (err instanceof ResultsError) throw new ExperimentError(err.code, err.message, { cause: err });
  throw err;
}

/** `fn()`, with a store failure rethrown as {@link asExperimentError} does. */
function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return asExperimentError(err);
  }
}

/** Rows of the training split used for diagnostics (the first ones, as `@initlab/models` does). */
const DIAGNOSTICS_ROWS = 256;

/** The first `rows` rows of `x`, as a view (no copy). */
function firstRows(x: Matrix<Float32Array>, rows: number): Matrix<Float32Array> {
  return matrix(x.values.subarray(0, rows * x.cols), rows, x.cols);
}

/**
 * Progress of {@link runExperiment}, for progress bars.
 *
 * - `start`: after the data are ready: runs planned (in this shard), already finished, and to train.
 * - `ensemble`: an ensemble (one grid point) starts training.
 * - `epoch`: an ensemble finished an epoch (forwarded from `@initlab/models`).
 * - `run`: a run finished and was written.
 *
 * @example
 * ```ts
 * await runExperiment(config, { onProgress: (e) => { if (e.type === 'run') console.error(`${e.completed}/${e.total}`); } });
 * ```
 */
export type ExperimentProgressEvent =
  | { type: 'start'; experiment: string; total: number; resumed: number; pending: number; ensembles: number; epochs: number }
  | { type: 'ensemble'; ensemble: number; ensembles: number; gridLabel: string; runs: number }
  | { type: 'epoch'; ensemble: number; ensembles: number; gridLabel: string; epoch: number; epochs: number; running: number; diverged: number }
  | { type: 'run'; result: RunResult; completed: number; total: number };

/**
 * Options of {@link runExperiment}.
 *
 * @example
 * ```ts
 * const opts: RunExperimentOptions = { out: 'runs/wine', workers: 2, backendName: 'wasm', shard: { index: 0, count: 4 } };
 * ```
 */
export interface RunExperimentOptions extends PrepareDataOptions {
  /** Progress listener. */
  onProgress?: (event: ExperimentProgressEvent) => void;
  /** Stops cleanly between batches; finished runs are kept (and written), the result has `complete: false`. */
  signal?: AbortSignal;
  /** Output folder: `experiment.json` and `results.jsonl` (one line per finished run). */
  out?: string;
  /**
   * With `out`: skip runs already in `results.jsonl` (default true). False starts the file afresh. A folder
   * holds one plan: resuming one whose `experiment.json` has another (other epochs, model, data, split, grid, …;
   * see `planChange`) is refused with `PLAN_MISMATCH`; one that differs only in `seeds` or `initializers` is
   * extended.
   */
  resume?: boolean;
  /**
   * With `out`: start the folder afresh for this plan whatever it holds; its `results.jsonl` and
   * `experiment.json` are kept as `results.jsonl.bak-<time>` and `experiment.json.bak-<time>` (UTC time,
   * e.g. `20250314T091500Z`). Default false.
   */
  replace?: boolean;
  /**
   * How messages about the output folder name `out` and `replace`: `'key'` (default) as these options, `'flag'`
   * as `--out DIR` and `--replace`, for a command line that maps its flags to them.
   */
  outOptionStyle?: OutOptionStyle;
  /** Worker threads per ensemble (Node): more than 1 trains with `trainEnsembleParallel`. Default 1. */
  workers?: number;
  /**
   * Threads that compute each large layer product of one model (see `TrainOptions.threads` of
   * `@initlab/models`; the same results on any number). Default: chosen by the model's size.
   */
  threads?: number;
  /** `execArgv` of the worker threads (default: the parent's). */
  workerExecArgv?: string[];
  /** Modules each worker imports first, e.g. one registering a TypeScript loader when running from sources. */
  workerPreload?: string[];
  /** Only this slice of the plan (see {@link shardRuns}; 0-based index). */
  shard?: { index: number; count: number };
  /**
   * Backend to train on: made active with `tf.setBackend` if it is not (it must be registered, e.g. by
   * `useBackend` from `@initlab/backends`), and the one worker threads select. Default: the active backend.
   */
  backendName?: string;
  /** Name used in validation messages when `config` is not yet validated. Default `'config'`. */
  sourceName?: string;
  /**
   * Data already prepared for this config (by {@link prepareData}, or the `prepared` of an estimate), so it is
   * not loaded and split again. Used only when it was prepared from this config's data, split and
   * preprocessing with these data options (see {@link preparedFor}); otherwise the data is prepared afresh.
   */
  prepared?: PreparedData;
}

// Every key of RunExperimentOptions, checked both ways by the type: a key the options gain is refused until
// it is listed here.
const RUN_OPTION_KEYS = Object.keys({
  baseDir: true,
  dataOptions: true,
  csvOptionStyle: true,
  signal: true,
  onProgress: true,
  out: true,
  resume: true,
  replace: true,
  outOptionStyle: true,
  workers: true,
  threads: true,
  workerExecArgv: true,
  workerPreload: true,
  shard: true,
  backendName: true,
  sourceName: true,
  prepared: true,
} satisfies Record<keyof RunExperimentOptions, true>);

/**
 * Everything an experiment produced: the config, every run, aggregates over seeds, the comparison with the
 * baseline, warnings and the published reference numbers beside initlab's.
 *
 * @example
 * ```ts
 * const result = await runExperiment(seedExperiments['seed-wine']);
 * console.log(result.baseline.metrics, result.warnings);
 * ```
 */
export interface ExperimentResult extends ExperimentSummary {
  config: ExperimentConfig;
  /** Finished runs of this shard in plan order (resumed ones included). */
  results: RunResult[];
  baseline: ExperimentBaseline;
  data: DataSummary;
  backend: string;
  /** Runs in the full plan, in this shard, trained now, read back from `results.jsonl`, and left unfinished (aborted). */
  runs: { planned: number; selected: number; trained: number; resumed: number; unfinished: number };
  /** False when aborted before every selected run finished. */
  complete: boolean;
  elapsedMs: number;
  /** The output folder (absolute), if any. */
  out: string | null;
  /** Where `replace` kept the folder's previous `results.jsonl` and `experiment.json` (absolute; empty if none). */
  backups: string[];
  /**
   * One-line notes on how the data was read that a user may want to change (see `PreparedData.notes`), and on
   * what a run records instead of per-layer diagnostics (per-block ones, for a network with typed layers).
   */
  notes: string[];
}

export function checkOptions(opts: RunExperimentOptions, fn = 'runExperiment'): void {
  const unknown = unknownOptionsMessage(fn, opts, RUN_OPTION_KEYS);
  if (unknown !== undefined) throw new ExperimentError('INVALID_OPTION', unknown);
  if (opts.workers !== undefined && (!Number.isSafeInteger(opts.workers) || opts.workers < 1)) {
    throw new ExperimentError('INVALID_OPTION', `${fn}: workers must be a positive integer, got ${show(opts.workers)}`);
  }
  if (opts.threads !== undefined && (!Number.isSafeInteger(opts.threads) || opts.threads < 1)) {
    throw new ExperimentError('INVALID_OPTION', `${fn}: threads must be a positive integer, got ${show(opts.threads)}`);
  }
  if (opts.shard !== undefined) {
    const { index, count } = opts.shard;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new ExperimentError('INVALID_OPTION', `${fn}: shard.count must be a positive integer, got ${show(count)}`);
    }
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new ExperimentError('INVALID_OPTION', `${fn}: shard.index must be an integer in [0, ${count - 1}] (0-based), got ${show(index)}`);
    }
  }
  if (opts.out !== undefined && (typeof opts.out !== 'string' || opts.out === '')) {
    throw new ExperimentError('INVALID_OPTION', `${fn}: out must be a folder path, got ${show(opts.out)}`);
  }
  if (opts.replace !== undefined && typeof opts.replace !== 'boolean') {
    throw new ExperimentError('INVALID_OPTION', `${fn}: replace must be true or false, got ${show(opts.replace)}`);
  }
  if (opts.replace === true && opts.out === undefined) {
    throw new ExperimentError('INVALID_OPTION', `${fn}: replace needs out, the folder whose results it replaces`);
  }
}

function activeBackend(): string | undefined {
  try {
    return tf.getBackend();
  } catch {
    return undefined; // nothing registered yet
  }
}

export async function selectBackend(name: string | undefined, workers: number): Promise<string> {
  const backend = await ensureBackend(name);
  if (workers > 1 && backend !== 'cpu' && backend !== 'wasm') {
    throw new ExperimentError('INVALID_OPTION', `runExperiment: workers > 1 need backend cpu or wasm (one per worker thread), got ${JSON.stringify(backend)}`);
  }
  return backend;
}

async function ensureBackend(name: string | undefined): Promise<string> {
  const active = activeBackend();
  if (name === undefined || name === active) {
    if (typeof active !== 'string') {
      throw new ExperimentError('INVALID_OPTION', 'runExperiment: no tfjs backend is active; call useBackend(\'cpu\') from @initlab/backends first');
    }
    return active;
  }
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new ExperimentError(
      'INVALID_OPTION',
      `runExperiment: backendName ${JSON.stringify(name)} is not registered; call useBackend(${JSON.stringify(name)}) from @initlab/backends first (active: ${JSON.stringify(active ?? null)})`,
    );
  }
  return name;
}

function memberOf(run: PlannedRun, config: ExperimentConfig): EnsembleMember {
  const init = run.initializer;
  return {
    id: run.runId,
    seed: run.seed,
    kernelInitializer: memberKernelInitializer(init),
    initializerScope: config.model.initializerScope,
  };
}

// One-hot targets as a float32 matrix, which training reads in place (no array per row for 60,000 images).
function fitTargets(spec: ModelSpec, y: number[]): number[] | Matrix {
  return spec.loss === 'categorical_crossentropy' ? oneHotMatrix(y, spec.output.units) : y;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Test metrics of a trained member in original units (with the test confusion matrix for classification), or
 * null when its predictions are not finite.
 */
function testMetrics(
  spec: ModelSpec,
  member: MemberResult,
  prepared: PreparedData,
  yTestFit: number[] | Matrix,
): { metrics: RunMetrics; confusionMatrix?: number[][] } | null {
  // The member, not just its dense weights: a batch-norm network predicts with its moving statistics.
  const { loss } = evaluate(spec, member, prepared.xTest, yTestFit);
  const outputs = predict(spec, member, prepared.xTest);
  if (outputs.some((row) => row.some((v) => !Number.isFinite(v)))) return null;
  try {
    if (prepared.summary.task === 'regression') {
      const raw = outputs.map((row) => row[0]!);
      const predictions = prepared.targetScaler === null ? raw : prepared.targetScaler.inverseTransform(raw);
      if (predictions.some((v) => !Number.isFinite(v))) return null;
      const m = regressionMetrics(prepared.yTest, predictions);
      return { metrics: { mse: finiteOrNull(m.mse), rmse: finiteOrNull(m.rmse), mae: finiteOrNull(m.mae), r2: finiteOrNull(m.r2), loss: finiteOrNull(loss) } };
    }
    const rows = spec.output.units === 1 ? outputs.map(([p]) => [1 - p!, p!]) : outputs;
    const m = classificationMetrics(prepared.yTest, rows);
    return {
      metrics: { accuracy: finiteOrNull(m.accuracy), loss: finiteOrNull(loss), logLoss: finiteOrNull(m.logLoss), macroF1: finiteOrNull(m.macroF1) },
      // One row and column per output unit (a class code): what the per-class report sums over seeds.
      confusionMatrix: m.confusionMatrix,
    };
  } catch {
    return null; // e.g. probabilities that do not sum to 1 after an overflow
  }
}

function nullMetrics(baseline: ExperimentBaseline): RunMetrics {
  return baseline.kind === 'majority-class'
    ? { accuracy: null, loss: null, logLoss: null, macroF1: null }
    : { mse: null, rmse: null, mae: null, r2: null, loss: null };
}

export interface EnsembleContext {
  config: ExperimentConfig;
  prepared: PreparedData;
  backend: string;
  opts: RunExperimentOptions;
  index: number;
  count: number;
}

export async function trainOne(
  ensemble: PlannedEnsemble,
  todo: PlannedRun[],
  ctx: EnsembleContext,
): Promise<{ results: RunResult[]; unfinished: number }> {
  const { config, prepared, opts } = ctx;
  const spec = buildModelSpec(config, ensemble.hidden, {
    inputDim: prepared.xTrain.cols,
    task: prepared.summary.task,
    nClasses: prepared.nClasses,
  });
  // The per-layer diagnostics follow a chain of dense layers: a network with typed layers has none (null
  // lists) and its per-block ones instead, which models computes at the same diagnostics level.
  const plain = resolveNetwork(spec).plain;
  const diagnostics = config.diagnostics;
  const yTrainFit = fitTargets(spec, prepared.yTrainFit);
  const yTestFit = fitTargets(spec, prepared.yTestFit);
  const data: TrainingData = {
    xTrain: prepared.xTrain,
    yTrain: yTrainFit,
    ...(config.training.validation ? { xVal: prepared.xTest, yVal: yTestFit } : {}),
  };
  const members = todo.map((run) => memberOf(run, config));
  const label = ensemble.gridLabel === '' ? config.name : `${config.name} [${ensemble.gridLabel}]`;
  const trainOptions: TrainOptions = {
    epochs: config.training.epochs,
    batchSize: config.training.batchSize,
    optimizer: toOptimizerSpec(ensemble.optimizer),
    shuffle: config.training.shuffle,
    diagnostics,
    diagnosticsSamples: DIAGNOSTICS_ROWS,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    onProgress: (event: ProgressEvent) => {
      if (event.type !== 'epoch' || opts.onProgress === undefined) return;
      opts.onProgress({
        type: 'epoch',
        ensemble: ctx.index,
        ensembles: ctx.count,
        gridLabel: ensemble.gridLabel,
        epoch: event.epoch,
        epochs: event.epochs,
        running: event.members.filter((m) => m.status === 'running').length,
        diverged: event.members.filter((m) => m.status === 'diverged').length,
      });
    },
  };
  opts.onProgress?.({ type: 'ensemble', ensemble: ctx.index, ensembles: ctx.count, gridLabel: ensemble.gridLabel, runs: todo.length });
  let trained: Awaited<ReturnType<typeof trainEnsemble>>;
  try {
    const workers = Math.min(opts.workers ?? 1, members.length);
    trained =
      workers > 1
        ? await trainEnsembleParallel(spec, members, data, {
            ...trainOptions,
            backend: { name: ctx.backend as 'cpu' | 'wasm' },
            workers,
            ...(opts.workerExecArgv === undefined ? {} : { workerExecArgv: opts.workerExecArgv }),
            ...(opts.workerPreload === undefined ? {} : { workerPreload: opts.workerPreload }),
          })
        : await trainEnsemble(spec, members, data, trainOptions);
  } catch (err) {
    throw new ExperimentError('TRAINING_FAILED', `runExperiment: training ${label} failed: ${firstLine(err)}`, { cause: err });
  }

  const finished = trained.members.filter((m) => m.status !== 'aborted');
  // Diagnostics of the trained weights on the same batch as at init (per-epoch runs already have them).
  const finals = new Map<string, LayerDiagnostics[]>();
  if (plain && diagnostics === 'init') {
    const ok = finished.filter((m) => m.status === 'ok');
    if (ok.length > 0) {
      const rows = Math.min(DIAGNOSTICS_ROWS, prepared.xTrain.rows);
      const y = fitTargets(spec, prepared.yTrainFit.slice(0, rows));
      const diagnosed = diagnoseAtInit(
        spec,
        ok.map((m) => ({ id: m.id, seed: m.seed, initialWeights: m.weights })),
        { x: firstRows(prepared.xTrain, rows), y },
      );
      for (const d of diagnosed) finals.set(d.id, d.layers);
    }
  }

  const byId = new Map(todo.map((r) => [r.runId, r]));
  const results = finished.map((member): RunResult => {
    const run = byId.get(member.id)!;
    let status: RunResult['status'] = member.status === 'ok' ? 'ok' : 'diverged';
    const tested = status === 'ok' ? testMetrics(spec, member, prepared, yTestFit) : null;
    if (tested === null) status = 'diverged';
    const metrics = tested?.metrics ?? nullMetrics(prepared.baseline);
    const classification = prepared.baseline.kind === 'majority-class';
    const epochs = member.diagnostics.epochs;
    const blocks = member.diagnostics.network;
    const network =
      blocks === undefined || diagnostics === 'none' ? null : { init: blocks.init, ...(diagnostics === 'epoch' ? { epochs: blocks.epochs } : {}) };
    const final =
      !plain || status !== 'ok' || diagnostics === 'none'
        ? null
        : diagnostics === 'epoch'
          ? (epochs[epochs.length - 1] ?? null)
          : (finals.get(member.id) ?? null);
    return toJsonValue({
      runId: run.runId,
      experiment: config.name,
      gridIndex: run.gridIndex,
      gridPoint: run.gridPoint,
      gridLabel: run.gridLabel,
      initializer: run.initializer,
      label: run.label,
      seed: run.seed,
      status,
      divergedAtEpoch: member.divergedAtEpoch,
      epochsCompleted: member.epochsCompleted,
      metrics,
      // Outside the runId: the id is planned from what determines the run, before it trains.
      ...(classification ? { confusionMatrix: tested?.confusionMatrix ?? null } : {}),
      history: member.history,
      diagnostics: {
        init: member.diagnostics.init,
        final,
        ...(plain && diagnostics === 'epoch' ? { epochs } : {}),
        ...(network === null ? {} : { network }),
      },
      elapsedMs: Math.round(trained.elapsedMs),
      ensembleSize: members.length,
      backend: trained.backend,
    });
  });
  return { results, unfinished: trained.members.length - finished.length };
}

/**
 * Run an experiment: validate the config, expand the grid ({@link planRuns}), take the shard, load the data
 * once, split and scale it (fitted on the training rows only), compute the baseline on the same split, then
 * train one ensemble per grid point (all initializers × seeds of the point in one `trainEnsemble` call, or
 * over worker threads with `workers > 1`), evaluate every model on the test split (metrics in the target's
 * units) and summarise ({@link summarizeExperiment}).
 *
 * With `out`, each finished run is appended to `out/results.jsonl` as one complete line in one write (a kill
 * at any moment leaves only whole lines), `out/experiment.json` holds the config, data summary and baseline,
 * and a rerun skips runs whose runId is already in the file (their stored results are returned as well). A
 * folder belongs to one plan: a rerun with other data, split, preprocessing, model, training or grid is
 * refused (`PLAN_MISMATCH`, naming what changed) unless `replace` starts it afresh; added seeds or initializers
 * extend the plan. The header lists the plan's `runIds`, and the result and a report summarise only those.
 * The result holds no NaN: every missing or non-finite number is null.
 *
 * @throws {ExperimentError} `INVALID_CONFIG`, `INVALID_OPTION`, `DATA_FAILED`, `DATA_MISMATCH`,
 *   `TARGET_SCALING_MISMATCH`, `WRITE_FAILED`, `OUT_DIR_MISMATCH`, `PLAN_MISMATCH`, `TRAINING_FAILED`.
 * @example
 * ```ts
 * import { useBackend } from '@initlab/backends';
 * import { runExperiment, seedExperiments } from '@initlab/experiments';
 * await useBackend('cpu');
 * const result = await runExperiment(seedExperiments['seed-wine'], { out: 'runs/seed-wine' });
 * for (const a of result.aggregates) console.log(a.name, a.test.mean);
 * console.log(result.reference?.rows);
 * ```
 */
export async function runExperiment(config: ExperimentConfig, opts: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const started = performance.now();
  checkOptions(opts);
  const valid = validateExperiment(config, opts.sourceName ?? 'config');
  const backend = await selectBackend(opts.backendName, opts.workers ?? 1);
  const plan = planRuns(valid);
  const selected = opts.shard === undefined ? plan : shardRuns(plan, opts.shard.index, opts.shard.count);
  // Data first: a bad data set or CSV fails before anything is written to the output folder.
  const prepared = opts.prepared !== undefined && preparedFor(opts.prepared, valid, prepareDataOptionsOf(opts)) ? opts.prepared : await prepareData(valid, prepareDataOptionsOf(opts));
  const store =
    opts.out === undefined
      ? null
      : await ResultStore.open(opts.out, valid, opts.resume ?? true, {
          replace: opts.replace ?? false,
          optionStyle: opts.outOptionStyle ?? 'key',
          planChange: (stored) => planChange(stored, valid),
        }).catch(asExperimentError);
  const planIds = plan.map((r) => r.runId);
  const done = new Map<string, RunResult>();
  // Lines outside the plan (runs of seeds or initializers dropped since, or of an older mixed folder) stay in
  // the file, so adding those seeds back reuses them, but are summarised nowhere; the report says the same.
  let otherPlan = 0;
  if (store !== null) {
    const wanted = new Set(selected.map((r) => r.runId));
    for (const [runId, result] of store.existing) if (wanted.has(runId)) done.set(runId, result);
    otherPlan = selectPlanRuns([...store.existing.values()], planIds).otherPlan;
  }
  const resumed = done.size;
  const meta: ExperimentMeta = {
    format: META_FORMAT,
    config: valid,
    data: prepared.summary,
    baseline: prepared.baseline,
    plannedRuns: plan.length,
    runIds: planIds,
    shard: opts.shard ?? null,
    backend,
    updatedAt: new Date().toISOString(),
  };
  if (store !== null) storeCall(() => store.writeMeta(meta));

  const ensembles = groupEnsembles(selected)
    .map((e) => ({ ensemble: e, todo: e.runs.filter((r) => !done.has(r.runId)) }))
    .filter((e) => e.todo.length > 0);
  const pending = ensembles.reduce((n, e) => n + e.todo.length, 0);
  opts.onProgress?.({
    type: 'start',
    experiment: valid.name,
    total: selected.length,
    resumed,
    pending,
    ensembles: ensembles.length,
    epochs: valid.training.epochs,
  });

  let trainedCount = 0;
  let unfinished = 0;
  for (const [index, { ensemble, todo }] of ensembles.entries()) {
    if (opts.signal?.aborted === true) {
      unfinished += todo.length;
      continue;
    }
    const outcome = await trainOne(ensemble, todo, { config: valid, prepared, backend, opts, index, count: ensembles.length });
    unfinished += outcome.unfinished;
    for (const result of outcome.results) {
      if (store !== null) storeCall(() => store.append(result));
      done.set(result.runId, result);
      trainedCount++;
      opts.onProgress?.({ type: 'run', result, completed: done.size, total: selected.length });
    }
  }

  const results = selected.map((r) => done.get(r.runId)).filter((r): r is RunResult => r !== undefined);
  const summary = summarizeExperiment({ config: valid, results, baseline: prepared.baseline, data: prepared.summary });
  const warnings = [...(store?.warnings ?? []), ...(otherPlan > 0 ? [otherPlanWarning(otherPlan)] : []), ...summary.warnings];
  if (unfinished > 0) {
    warnings.push(
      `aborted: ${unfinished} of ${selected.length} runs did not finish${store === null ? '' : `; run again with the same out (${opts.out}) to train only those`}`,
    );
  }
  return {
    config: valid,
    results,
    ...summary,
    warnings,
    baseline: prepared.baseline,
    data: prepared.summary,
    backend,
    runs: { planned: plan.length, selected: selected.length, trained: trainedCount, resumed, unfinished },
    complete: unfinished === 0,
    elapsedMs: Math.round(performance.now() - started),
    out: store?.dir ?? null,
    backups: store?.backups ?? [],
    notes: [
      ...prepared.notes,
      ...(valid.diagnostics !== 'none' && !valid.model.hidden.every(isDenseLayer)
        ? [
            `diagnostics: per block and normalization layer for this network (${valid.diagnostics === 'epoch' ? 'at initialisation and after every epoch' : 'at initialisation'}), not per layer: its hidden layers include residual or normalization layers`,
          ]
        : []),
    ],
  };
}
