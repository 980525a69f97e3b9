// The `train` paper measurement: an ordinary experiment (validated by the experiment schema, trained by
// runExperiment as `initlab run` would), summarised into quantities per grid point and initializer label.
import { heatmapAxisValue, type RunResult } from '@initlab/results';
import type { ExperimentConfig } from './config.js';
import { validateExperiment } from './parse.js';
import { gridLabelOf, type GridPoint } from './plan.js';
import { MeasureSink, meanOf, type MeasureOutput } from './paper-estimate.js';
import type { HeatmapConfig } from './heatmap.js';
import type { PaperMeasure } from './paper-schema.js';
import { runExperiment, type RunExperimentOptions } from './run.js';

type TrainMeasure = Extract<PaperMeasure, { kind: 'train' }>;

/** The experiment of a train measurement, validated; messages name the paper file and the measurement. */
export function trainExperiment(m: TrainMeasure, source: string): ExperimentConfig {
  return validateExperiment(m.experiment, `${source}: measurements.${m.id}.experiment`);
}

/**
 * Trains the measurement's experiment and reports, per grid point G (its label with spaces as ",", left out
 * without a grid) and initializer label L: `G/L/accuracy`, `G/L/error` (100 × (1 − accuracy), percent; a
 * diverged run counts as a uniform guess over the classes),
 * `G/L/testLoss`, `G/L/mse` (regression), `G/L/trainLoss` (mean training loss of the last epoch),
 * `G/L/firstTrainLoss` (of the first), `G/L/diverged` (share of seeds); with `learningTime`, `G/L/epochsTo`
 * (first epoch at or below the loss; a run that never gets there counts as epochs + 1, a lower bound) and
 * `G/L/reached` (the share that gets there); with `fastestOverLearningRate`, per grid point without its
 * learning rate, `G/L/fastestEpochsTo` (per seed, the fastest over the grid's learning rates, as Saxe et al.
 * chose the learning rate per depth) and `G/L/fastestLearningRate`. Series:
 * `G/L/trainLoss` (mean per epoch); with the experiment's `heatmap` section, `heatmap/x` (the x axis's
 * values), `heatmap/<y axis>=<value>/<metric>` (the mean test metric over the seeds along x, accuracy for
 * classification with a diverged run as a uniform guess, else mse); the section's curve is not a measurement
 * (it is given, or pure theory) and is drawn from the section itself. With `diagnostics: epoch` in the experiment, the hidden layers' statistics
 * after every epoch e: `G/L/epoch<e>/<field>/<layer>` and `/top` (the last hidden layer), for fields
 * activationMean, activationStd and saturatedShare (epoch0 is at initialisation), and `G/L/final/…` for the
 * last epoch (whatever the number of epochs).
 */
export async function measureTrain(m: TrainMeasure, config: ExperimentConfig, opts: RunExperimentOptions): Promise<MeasureOutput> {
  const sink = new MeasureSink(m.id);
  const result = await runExperiment(config, opts);
  const classes = classCount(config, result.results);
  const groups = new Map<string, RunResult[]>();
  for (const r of result.results) {
    const key = [...(config.grid === undefined ? [] : [r.gridLabel.replaceAll(' ', ',')]), r.label].join('/');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, runs] of groups) {
    const parts = key.split('/');
    if (classes !== null) {
      // A diverged run did not learn: it counts as a uniform guess, so "trains worse" cannot pass on missing values.
      const acc = runs.map((r) => (r.status === 'diverged' ? 1 / classes : (r.metrics.accuracy ?? null)));
      sink.values([...parts, 'accuracy'], acc);
      sink.values([...parts, 'error'], acc.map((a) => (a === null ? null : 100 * (1 - a))));
      const diverged = runs.filter((r) => r.status === 'diverged').length;
      if (diverged > 0) sink.notes.push(`${parts.join('/')}: ${diverged} of ${runs.length} runs diverged; they count as a uniform guess over the ${classes} classes in accuracy and error`);
    }
    if (runs.some((r) => r.metrics.mse !== undefined)) sink.values([...parts, 'mse'], runs.map((r) => r.metrics.mse ?? null));
    sink.values([...parts, 'testLoss'], runs.map((r) => r.metrics.loss));
    sink.values([...parts, 'trainLoss'], runs.map((r) => (r.status === 'ok' ? (r.history.at(-1)?.loss ?? null) : null)));
    sink.values([...parts, 'firstTrainLoss'], runs.map((r) => r.history[0]?.loss ?? null));
    sink.exact([...parts, 'diverged'], runs.filter((r) => r.status === 'diverged').length / runs.length);
    if (m.learningTime !== undefined) {
      const epochs = runs.map((r) => learningTime(r, m.learningTime!.trainLoss, config.training.epochs));
      sink.values([...parts, 'epochsTo'], epochs);
      sink.exact([...parts, 'reached'], epochs.filter((e) => e <= config.training.epochs).length / runs.length);
    }
    epochDiagnostics(sink, parts, runs);
    const length = Math.max(...runs.map((r) => r.history.length));
    sink.curve([...parts, 'trainLoss'], Array.from({ length }, (_, e) => meanOf(runs.map((r) => r.history[e]?.loss ?? NaN)) ?? NaN));
  }
  if (m.learningTime?.fastestOverLearningRate) fastestOverLearningRate(sink, m.learningTime.trainLoss, config, result.results);
  if (config.heatmap !== undefined) heatmapSeries(sink, config.heatmap, result.results, classes);
  sink.notes.push(...result.warnings, ...result.notes);
  return sink.output();
}

const EPOCH_FIELDS = ['activationMean', 'activationStd', 'saturatedShare'] as const;

/** Per-epoch statistics of the hidden layers (the output layer, last in the lists, is left out). */
function epochDiagnostics(sink: MeasureSink, parts: string[], runs: readonly RunResult[]): void {
  const lists = runs.map((r) => [r.diagnostics.init, ...(r.diagnostics.epochs ?? [])]);
  if (!lists.some((l) => l.length > 1 && l[0] !== null)) return;
  const epochs = Math.max(...lists.map((l) => l.length));
  for (let e = 0; e < epochs; e++) {
    const atEpoch = lists.map((l) => l[e] ?? null);
    const hidden = Math.max(0, ...atEpoch.map((d) => (d === null ? 0 : d.length - 1)));
    const names = e === epochs - 1 ? [`epoch${e}`, 'final'] : [`epoch${e}`];
    for (const field of EPOCH_FIELDS) {
      for (let layer = 0; layer < hidden; layer++) {
        const values = atEpoch.map((d) => d?.[layer]?.[field] ?? null);
        for (const name of names) {
          sink.values([...parts, name, field, layer + 1], values);
          if (layer === hidden - 1) sink.values([...parts, name, field, 'top'], values);
        }
      }
    }
  }
  for (const field of EPOCH_FIELDS) {
    const hidden = Math.max(0, ...lists.map((l) => (l[0] === null || l[0] === undefined ? 0 : l[0].length - 1)));
    if (hidden > 0) sink.curve([...parts, field, 'top'], Array.from({ length: epochs }, (_, e) => meanOf(lists.map((l) => l[e]?.[hidden - 1]?.[field] ?? NaN)) ?? NaN));
  }
}

/** Classes of a classification experiment (from its output layer or a confusion matrix), null for regression. */
function classCount(config: ExperimentConfig, results: readonly RunResult[]): number | null {
  if (!(config.model.loss ?? '').includes('crossentropy') && results.every((r) => r.metrics.accuracy === undefined)) return null;
  const matrix = results.find((r) => r.confusionMatrix != null)?.confusionMatrix;
  if (matrix != null) return matrix.length;
  return config.model.output.units ?? null;
}

/** The first epoch whose mean training loss is at most `threshold`; epochs + 1 for a run that never gets there (or diverged). */
function learningTime(r: RunResult, threshold: number, epochs: number): number {
  return (r.status === 'ok' ? r.history.find((h) => h.loss !== null && h.loss <= threshold)?.epoch : undefined) ?? epochs + 1;
}

/** Per grid point without its learning rate and label, each seed's fastest learning time over the learning rates. */
function fastestOverLearningRate(sink: MeasureSink, threshold: number, config: ExperimentConfig, results: readonly RunResult[]): void {
  const best = new Map<string, Map<number, { epochs: number; learningRate: number }>>();
  for (const r of results) {
    const { learningRate, ...rest } = r.gridPoint;
    if (learningRate === undefined) continue;
    const key = [...(Object.keys(rest).length === 0 ? [] : [gridLabelOf(rest as GridPoint).replaceAll(' ', ',')]), r.label].join('/');
    const bySeed = best.get(key) ?? new Map<number, { epochs: number; learningRate: number }>();
    const epochs = learningTime(r, threshold, config.training.epochs);
    const seen = bySeed.get(r.seed);
    if (seen === undefined || epochs < seen.epochs) bySeed.set(r.seed, { epochs, learningRate });
    best.set(key, bySeed);
  }
  for (const [key, bySeed] of best) {
    const parts = key.split('/');
    sink.values([...parts, 'fastestEpochsTo'], [...bySeed.values()].map((b) => b.epochs));
    sink.values([...parts, 'fastestLearningRate'], [...bySeed.values()].map((b) => b.learningRate));
  }
}

/** The heatmap of the experiment's `heatmap` section as series a page draws: one per y value along the x values. */
function heatmapSeries(sink: MeasureSink, heatmap: HeatmapConfig, results: readonly RunResult[], classes: number | null): void {
  const metric = classes === null ? 'mse' : 'accuracy';
  const value = (r: RunResult): number | null => (classes !== null && r.status === 'diverged' ? 1 / classes : ((r.metrics as Record<string, number | null | undefined>)[metric] ?? null));
  // each run's cell once, then the cells' values by (x, y)
  const cells = results.flatMap((r) => {
    const x = heatmapAxisValue(r, heatmap.x);
    const y = heatmapAxisValue(r, heatmap.y);
    return x === null || y === null ? [] : [{ x, y, value: value(r) ?? NaN }];
  });
  const sorted = (vs: number[]): number[] => [...new Set(vs)].sort((a, b) => a - b);
  const xs = sorted(cells.map((c) => c.x));
  sink.curve(['heatmap', 'x'], xs);
  for (const y of sorted(cells.map((c) => c.y))) {
    const row = xs.map((x) => meanOf(cells.filter((c) => c.x === x && c.y === y).map((c) => c.value)) ?? NaN);
    sink.curve(['heatmap', `${heatmap.y}=${y}`, metric], row);
  }
}
