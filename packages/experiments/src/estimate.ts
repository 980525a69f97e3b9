// How big a plan is and how long it will take, before it starts: the runs, the epochs, and a time measured by
// training one ensemble for one epoch (the same code path as the real run), so long work is never a surprise.
import { resolveNetwork } from '@initlab/models';
import { inspectFolder } from '@initlab/results';
import type { ExperimentConfig } from './config.js';
import { buildModelSpec } from './model-spec.js';
import { validateExperiment } from './parse.js';
import { groupEnsembles, planRuns, shardRuns, type PlannedEnsemble } from './plan.js';
import { prepareData, prepareDataOptionsOf, type PreparedData } from './prepare.js';
import { planChange } from './plan-change.js';
import { asExperimentError, checkOptions, selectBackend, trainOne, type RunExperimentOptions } from './run.js';

/**
 * The size of an experiment's plan (in this shard) and the estimated training time.
 *
 * @example
 * ```ts
 * const e = await estimateExperiment(config, { out: 'runs/a' });
 * console.log(e.pending, e.epochs, e.seconds);
 * ```
 */
export interface PlanEstimate {
  /** Runs in the whole plan. */
  planned: number;
  /** Runs in this shard (all of them without a shard). */
  selected: number;
  /** Of those, already finished in `out`'s results.jsonl. */
  done: number;
  /** Runs left to train. */
  pending: number;
  /** Ensembles (grid points) left to train: runs of one grid point train together. */
  ensembles: number;
  epochs: number;
  /** Training epochs left in all: pending runs × epochs. */
  runEpochs: number;
  /** The measurement: `epochs` epochs of one ensemble of `runs` runs took `seconds` (null when nothing is left). */
  probe: { runs: number; epochs: number; seconds: number } | null;
  /** Estimated seconds to train what is left (the probe scaled by epochs, runs and network size); null when nothing is left. */
  seconds: number | null;
  /** The data the estimate prepared: pass it as `runExperiment`'s `prepared` so the run does not load it again. */
  prepared: PreparedData;
}

/** Epochs the probe trains (fewer when the plan has fewer). */
const PROBE_EPOCHS = 3;

/**
 * Multiply–adds per example of an ensemble's network, over every dense layer (residual branches and
 * projections included): what the time of one epoch scales with.
 */
function networkCost(config: ExperimentConfig, ensemble: PlannedEnsemble, prepared: PreparedData): number {
  const spec = buildModelSpec(config, ensemble.hidden, { inputDim: prepared.xTrain.cols, task: prepared.summary.task, nClasses: prepared.nClasses });
  return resolveNetwork(spec).dense.reduce((cost, layer) => cost + layer.inputs * layer.units + layer.units, 0);
}

/**
 * Measure and estimate a plan without running it: the plan's size in this shard, what `opts.out` already
 * holds (by run id, as resuming matches it), and the training time, from a few epochs of the first pending
 * ensemble trained as the real run would (same backend, data and workers; nothing is written), scaled by
 * epochs, runs and network size. The estimate covers training; evaluation and reports add a little.
 *
 * @throws {ExperimentError} as {@link runExperiment} for a bad config, data or backend.
 * @example
 * ```ts
 * import { estimateExperiment, seedExperiments } from '@initlab/experiments';
 * const e = await estimateExperiment(seedExperiments['seed-wine']);
 * console.log(`${e.pending} runs × ${e.epochs} epochs, about ${Math.round(e.seconds ?? 0)} s`);
 * ```
 */
export async function estimateExperiment(config: ExperimentConfig, opts: RunExperimentOptions = {}): Promise<PlanEstimate> {
  checkOptions(opts, 'estimateExperiment');
  const valid = validateExperiment(config, opts.sourceName ?? 'config');
  const plan = planRuns(valid);
  const selected = opts.shard === undefined ? plan : shardRuns(plan, opts.shard.index, opts.shard.count);
  // Read as the run will open it: a folder the run would refuse (another experiment or plan) is refused now,
  // before any training, and with replace nothing in it counts as done.
  const done =
    opts.out === undefined
      ? new Set<string>()
      : (
          await inspectFolder(opts.out, valid, {
            replace: opts.replace ?? false,
            resume: opts.resume ?? true,
            optionStyle: opts.outOptionStyle ?? 'key',
            planChange: (stored) => planChange(stored, valid),
          }).catch(asExperimentError)
        ).runIds;
  const pendingRuns = selected.filter((r) => !done.has(r.runId));
  const ensembles = groupEnsembles(pendingRuns);
  const epochs = valid.training.epochs;
  const base = {
    planned: plan.length,
    selected: selected.length,
    done: selected.length - pendingRuns.length,
    pending: pendingRuns.length,
    ensembles: ensembles.length,
    epochs,
    runEpochs: pendingRuns.length * epochs,
  };
  const backend = await selectBackend(opts.backendName, opts.workers ?? 1);
  // Data first, as the run does: a bad data set fails here, and the run reuses it.
  const prepared = await prepareData(valid, prepareDataOptionsOf(opts));
  const first = ensembles[0];
  if (first === undefined) return { ...base, probe: null, seconds: null, prepared };
  // A few epochs, timed one by one: the first carries the setup (kernels, weights, data upload), the others
  // the steady cost per epoch, and the two scale differently.
  const probeEpochs = Math.min(PROBE_EPOCHS, epochs);
  const probeConfig: ExperimentConfig = { ...valid, training: { ...valid.training, epochs: probeEpochs }, diagnostics: 'none' };
  const ends: number[] = [];
  const probeOpts: RunExperimentOptions = { ...opts, out: undefined, onProgress: (e) => e.type === 'epoch' && ends.push(performance.now()) };
  const started = performance.now();
  await trainOne(first, first.runs, { config: probeConfig, prepared, backend, opts: probeOpts, index: 0, count: 1 });
  const total = (performance.now() - started) / 1000;
  const perEpoch = ends.length >= 2 ? (ends[ends.length - 1]! - ends[0]!) / 1000 / (ends.length - 1) : total / probeEpochs;
  const setup = Math.max(0, total - perEpoch * probeEpochs);

  const unit = perEpoch / (first.runs.length * networkCost(valid, first, prepared));
  const estimate = ensembles.reduce((sum, e) => sum + setup + unit * e.runs.length * networkCost(valid, e, prepared) * epochs, 0);
  return { ...base, probe: { runs: first.runs.length, epochs: probeEpochs, seconds: total }, seconds: estimate, prepared };
}
