// The `train` paper measurement: an ordinary experiment (validated by the experiment schema, trained by
// runExperiment as `initlab run` would), summarised into quantities per grid point and initializer label.
import type { RunResult } from '@initlab/results';
import type { ExperimentConfig } from './config.js';
import { validateExperiment } from './parse.js';
import { MeasureSink, meanOf, type MeasureOutput } from './paper-estimate.js';
import type { PaperMeasure } from './paper-schema.js';
import { runExperiment, type RunExperimentOptions } from './run.js';

type TrainMeasure = Extract<PaperMeasure, { kind: 'train' }>;

/** The experiment of a train measurement, validated; messages name the paper file and the measurement. */
export function trainExperiment(m: TrainMeasure, source: string): ExperimentConfig {
  return validateExperiment(m.experiment, `${source}: measurements.${m.id}.experiment`);
}

/**
 * Trains the measurement's experiment and reports, per grid point G (its label with spaces as ",", left out
 * without a grid) and initializer label L: `G/L/accuracy`, `G/L/error` (100 × (1 − accuracy), percent),
 * `G/L/testLoss`, `G/L/mse` (regression), `G/L/trainLoss` (mean training loss of the last epoch),
 * `G/L/firstTrainLoss` (of the first), `G/L/diverged` (share of seeds); with `learningTime`, `G/L/epochsTo`
 * (first epoch at or below the loss, over the seeds that reach it) and `G/L/reached` (their share). Series:
 * `G/L/trainLoss` (mean per epoch).
 */
export async function measureTrain(m: TrainMeasure, config: ExperimentConfig, opts: RunExperimentOptions): Promise<MeasureOutput> {
  const sink = new MeasureSink(m.id);
  const result = await runExperiment(config, opts);
  const groups = new Map<string, RunResult[]>();
  for (const r of result.results) {
    const key = [...(config.grid === undefined ? [] : [r.gridLabel.replaceAll(' ', ',')]), r.label].join('/');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, runs] of groups) {
    const parts = key.split('/');
    const acc = runs.map((r) => r.metrics.accuracy ?? null);
    if (acc.some((a) => a !== null)) {
      sink.values([...parts, 'accuracy'], acc);
      sink.values([...parts, 'error'], acc.map((a) => (a === null ? null : 100 * (1 - a))));
    }
    if (runs.some((r) => r.metrics.mse !== undefined)) sink.values([...parts, 'mse'], runs.map((r) => r.metrics.mse ?? null));
    sink.values([...parts, 'testLoss'], runs.map((r) => r.metrics.loss));
    sink.values([...parts, 'trainLoss'], runs.map((r) => (r.status === 'ok' ? (r.history.at(-1)?.loss ?? null) : null)));
    sink.values([...parts, 'firstTrainLoss'], runs.map((r) => r.history[0]?.loss ?? null));
    sink.exact([...parts, 'diverged'], runs.filter((r) => r.status === 'diverged').length / runs.length);
    if (m.learningTime !== undefined) {
      const threshold = m.learningTime.trainLoss;
      const epochs = runs.map((r) => r.history.find((h) => h.loss !== null && h.loss <= threshold)?.epoch ?? null);
      sink.values([...parts, 'epochsTo'], epochs);
      sink.exact([...parts, 'reached'], epochs.filter((e) => e !== null).length / runs.length);
    }
    const length = Math.max(...runs.map((r) => r.history.length));
    sink.curve([...parts, 'trainLoss'], Array.from({ length }, (_, e) => meanOf(runs.map((r) => r.history[e]?.loss ?? NaN)) ?? NaN));
  }
  sink.notes.push(...result.warnings, ...result.notes);
  return sink.output();
}
