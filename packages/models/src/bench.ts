/**
 * `@initlab/models/bench`: the training benchmark's definition, the one source that `initlab bench` and the
 * repository's benchmark suite both run, so their figures are the same measurement. The wine notebook's
 * model (11 → 10 ReLU → 3 softmax, SGD lr 0.01, batch 16) on same-shape synthetic rows (no data set needed);
 * the unit is model-steps per second: optimizer steps times the number of models trained.
 *
 * @packageDocumentation
 */
import { Rng } from '@initlab/random';
import type { Matrix } from './data.js';
import { refuseUnknownKeys } from './errors.js';
import type { EnsembleMember } from './members.js';
import type { ModelSpec } from './spec.js';
import { trainEnsemble, type TrainOptions } from './train.js';

/** Rows of the wine notebook's training split. */
export const BENCH_ROWS = 1279;
/** Features of the wine data. */
export const BENCH_FEATURES = 11;
/** Classes the notebook's softmax output has. */
export const BENCH_CLASSES = 3;
/** The notebook's batch size. */
export const BENCH_BATCH_SIZE = 16;
/** The notebook's SGD learning rate. */
export const BENCH_LEARNING_RATE = 0.01;
/** Optimizer steps per epoch (the last batch is partial). */
export const BENCH_STEPS_PER_EPOCH = Math.ceil(BENCH_ROWS / BENCH_BATCH_SIZE);

/** The wine notebook's model. */
export const BENCH_SPEC: ModelSpec = {
  inputDim: BENCH_FEATURES,
  hidden: [{ units: 10, activation: 'relu' }],
  output: { units: BENCH_CLASSES, activation: 'softmax' },
  loss: 'sparse_categorical_crossentropy',
};

/** One line naming what is measured, for tables and `--help`. */
export const BENCH_DESCRIPTION = `wine model 11→10 ReLU→3 softmax, SGD lr ${BENCH_LEARNING_RATE}, batch ${BENCH_BATCH_SIZE}, ${BENCH_ROWS} rows`;

/**
 * Same-shape stand-in for the standardised wine training split: N(0, 1) features, labels 0…2, always the
 * same rows (seeded).
 *
 * @example
 * ```ts
 * const { x, y } = benchData(); // 1279 × 11, labels 0, 1, 2
 * ```
 */
export function benchData(): { x: Matrix & number[][]; y: number[] } {
  const rng = new Rng(2024, 'bench-training');
  const x = Array.from({ length: BENCH_ROWS }, () => Array.from({ length: BENCH_FEATURES }, () => rng.normal()));
  const y = x.map((row) => (row[0]! + 0.5 * row[1]! > 0.3 ? 1 : row[2]! > 1 ? 2 : 0));
  return { x, y };
}

/** The members of a `count`-model ensemble: seeds 1 … count, the spec's (Keras default) initializers. */
export function benchMembers(count: number): EnsembleMember[] {
  return Array.from({ length: count }, (_, i) => ({ seed: i + 1 }));
}

/** Training options of the benchmark for `epochs` epochs: SGD, the notebook's batch size, no diagnostics. */
export function benchTrainOptions(epochs: number): TrainOptions {
  return { epochs, batchSize: BENCH_BATCH_SIZE, optimizer: { name: 'sgd', learningRate: BENCH_LEARNING_RATE }, diagnostics: 'none' };
}

/**
 * One warm-up run (kernels compiled, buffers allocated), then `reps` timed runs of `run`, which returns its
 * own wall time in milliseconds.
 */
export async function timeRuns(reps: number, run: () => Promise<number>): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push(await run());
  return times;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  // A RangeError, as Math's own functions raise for an argument outside their domain.
  if (values.length === 0) throw new RangeError('median: values must hold at least one number, got an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What {@link measureTraining} timed. */
export interface TrainingTimes {
  /** Wall time of each timed run, milliseconds (the warm-up excluded). */
  times: number[];
  /** Model-steps one run performs: models × epochs × steps per epoch. */
  modelSteps: number;
  /** Model-steps per second at the median run. */
  modelStepsPerSecond: number;
}

/**
 * The keys {@link measureTraining} reads; any other is refused (`INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * MEASURE_TRAINING_OPTIONS; // ['models', 'epochs', 'reps']
 * ```
 */
export const MEASURE_TRAINING_OPTIONS = ['models', 'epochs', 'reps'] as const;

/**
 * Times `trainEnsemble` of a `models`-model ensemble for `epochs` epochs on the benchmark data with the
 * active tfjs backend (select it first with `useBackend` of `@initlab/backends`): one warm-up run, then
 * `reps` timed ones.
 *
 * @example
 * ```ts
 * await useBackend('wasm');
 * const { modelStepsPerSecond } = await measureTraining({ models: 40, epochs: 3, reps: 3 });
 * ```
 */
export async function measureTraining(opts: { models: number; epochs: number; reps: number }): Promise<TrainingTimes> {
  refuseUnknownKeys('measureTraining', opts, MEASURE_TRAINING_OPTIONS);
  const { models, epochs, reps } = opts;
  const { x, y } = benchData();
  const members = benchMembers(models);
  const times = await timeRuns(reps, async () => {
    const t0 = performance.now();
    const result = await trainEnsemble(BENCH_SPEC, members, { xTrain: x, yTrain: y }, benchTrainOptions(epochs));
    const elapsed = performance.now() - t0;
    const failed = result.members.find((m) => m.status !== 'ok');
    // The figures would time a run that stopped early: refuse them rather than report a false speed.
    if (failed) throw new Error(`measureTraining: member ${failed.id} ended ${failed.status}, so the run is not a full measurement`);
    return elapsed;
  });
  const modelSteps = models * epochs * BENCH_STEPS_PER_EPOCH;
  return { times, modelSteps, modelStepsPerSecond: (modelSteps / median(times)) * 1000 };
}

/** Turns the resident training step off (or on): the benchmark measures both paths side by side. */
export { useResidentStep } from './resident-step.js';
