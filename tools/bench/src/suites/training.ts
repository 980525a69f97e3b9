// Training speed on the wine notebook's model (11 → 10 ReLU → 3 softmax, SGD lr 0.01, batch 16,
// 1,279 rows): initlab's explicit-backprop trainer for one model and a 40-model ensemble, on the cpu
// and wasm backends, single-threaded and with one worker thread per core, side by side with
// tfjs-layers' model.fit on the same data. The unit is model-steps per second: optimizer steps times
// the number of models trained.
import { cpus } from 'node:os';
import { useBackend, type BackendName } from '@initlab/backends';
import { trainEnsembleParallel } from '@initlab/models';
// The suite's definition (model, data, seeds, options, the timing loop) is the one `initlab bench` runs.
import {
  BENCH_BATCH_SIZE as BATCH,
  BENCH_CLASSES as CLASSES,
  BENCH_DESCRIPTION,
  BENCH_FEATURES as FEATURES,
  BENCH_LEARNING_RATE,
  BENCH_ROWS as ROWS,
  BENCH_SPEC as SPEC,
  BENCH_STEPS_PER_EPOCH as STEPS_PER_EPOCH,
  benchData as syntheticWine,
  benchMembers as members,
  benchTrainOptions as trainOptions,
  measureTraining,
  timeRuns,
} from '@initlab/models/bench';
import { formatNumber, timings, type Measurement, type Suite, type SuiteOptions, type Table } from '../harness.js';
import { loadTfjs } from '../tfjs.js';

interface TrainingMeasurement extends Measurement {
  backend: string;
  models: number;
  threads: number;
  /** Model-steps per second at the median run. */
  modelStepsPerSecond: number;
}

function summarise(
  name: string,
  implementation: string,
  library: string,
  backend: string,
  models: number,
  threads: number,
  modelSteps: number,
  times: number[],
): TrainingMeasurement {
  const { valuesPerSecond, ...timed } = timings(times, modelSteps);
  return { case: name, implementation, library, backend, models, threads, ...timed, modelStepsPerSecond: valuesPerSecond };
}

async function initlabSingleThread(
  backend: BackendName,
  models: number,
  epochs: number,
  options: SuiteOptions,
): Promise<TrainingMeasurement> {
  await useBackend(backend);
  const name = models === 1 ? 'one model' : `${models}-model ensemble`;
  options.log(`training: initlab trainEnsemble, ${name}, ${backend}`);
  const { times, modelSteps } = await measureTraining({ models, epochs, reps: options.reps });
  return summarise(name, 'initlab trainEnsemble', 'initlab', backend, models, 1, modelSteps, times);
}

/**
 * The ensemble over one worker thread per core. Measured in steady state (the second half of the
 * epochs, once each worker's JIT and WebAssembly tier-up are done) and end to end.
 */
async function initlabParallel(
  backend: BackendName,
  models: number,
  epochs: number,
  workers: number,
  data: { x: number[][]; y: number[] },
  options: SuiteOptions,
): Promise<TrainingMeasurement[]> {
  options.log(`training: initlab trainEnsembleParallel, ${models} models, ${backend}, ${workers} workers`);
  const steady: number[] = [];
  const total: number[] = [];
  await timeRuns(options.reps, async () => {
    const epochEnds: number[] = [];
    const t0 = performance.now();
    await trainEnsembleParallel(SPEC, members(models), { xTrain: data.x, yTrain: data.y }, {
      ...trainOptions(epochs),
      backend: { name: backend },
      workers,
      onProgress: (event) => {
        if (event.type === 'epoch') epochEnds.push(performance.now());
      },
    });
    const elapsed = performance.now() - t0;
    // Steady state: the second half of the epochs, after each worker's JIT and WebAssembly tier-up.
    const half = Math.floor(epochEnds.length / 2);
    const first = epochEnds[half - 1]!;
    const last = epochEnds[epochEnds.length - 1]!;
    // per epoch, so that steady and end-to-end figures are on the same footing below
    steady.push((last - first) / (epochEnds.length - half));
    total.push(elapsed / epochs);
    return elapsed;
  });
  // drop the warm-up run's figures
  steady.shift();
  total.shift();
  const stepsPerEpoch = models * STEPS_PER_EPOCH;
  return [
    summarise(`${models}-model ensemble`, `initlab trainEnsembleParallel (steady state)`, 'initlab', backend, models, workers, stepsPerEpoch, steady),
    summarise(`${models}-model ensemble`, `initlab trainEnsembleParallel (incl. worker start)`, 'initlab', backend, models, workers, stepsPerEpoch, total),
  ];
}

async function layersFit(backend: BackendName, epochs: number, data: { x: number[][]; y: number[] }, options: SuiteOptions): Promise<TrainingMeasurement> {
  const { tf, tfl } = await loadTfjs();
  await useBackend(backend);
  options.log(`training: tfjs-layers model.fit, one model, ${backend}`);
  const xs = tf.tensor2d(data.x);
  const ys = tf.tensor1d(data.y, 'float32');
  try {
    const times = await timeRuns(options.reps, async () => {
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 10, activation: 'relu', inputShape: [FEATURES] }));
      model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
      model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: tf.train.sgd(BENCH_LEARNING_RATE) });
      const t0 = performance.now();
      await model.fit(xs, ys, { epochs, batchSize: BATCH, shuffle: true, verbose: 0 });
      const elapsed = performance.now() - t0;
      model.dispose();
      return elapsed;
    });
    return summarise('one model', 'tfjs-layers model.fit', 'tfjs-layers', backend, 1, 1, epochs * STEPS_PER_EPOCH, times);
  } finally {
    tf.dispose([xs, ys]);
  }
}

function tableOf(measurements: TrainingMeasurement[]): Table {
  const rows = measurements.map((m) => {
    const reference = measurements.find((r) => r.library === 'tfjs-layers' && r.backend === m.backend);
    const ratio = reference === undefined || reference === m ? '—' : `${formatNumber(m.modelStepsPerSecond / reference.modelStepsPerSecond, 3)}×`;
    return [
      m.case,
      m.implementation,
      m.backend,
      String(m.threads),
      String(m.runs),
      formatNumber(m.medianMs),
      String(Math.round(m.modelStepsPerSecond)),
      ratio,
    ];
  });
  return {
    title: `Training speed, ${BENCH_DESCRIPTION}`,
    columns: ['case', 'implementation', 'backend', 'threads', 'runs', 'median ms', 'model-steps/s', 'vs tfjs-layers fit (same backend)'],
    numericFrom: 3,
    rows,
  };
}

/** The training suite. */
export const trainingSuite: Suite = {
  name: 'training',
  description: 'initlab trainEnsemble (1 and 40 models, cpu/wasm, 1 thread and a worker per core) vs tfjs-layers model.fit',
  async run(options: SuiteOptions) {
    const data = syntheticWine();
    const singleEpochs = options.quick ? 2 : 10;
    const ensembleEpochs = options.quick ? 1 : 3;
    const parallelEpochs = options.quick ? 4 : 16;
    const workers = Math.max(1, cpus().length);
    const measurements: TrainingMeasurement[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      measurements.push(await layersFit(backend, singleEpochs, data, options));
      measurements.push(await initlabSingleThread(backend, 1, singleEpochs, options));
      measurements.push(await initlabSingleThread(backend, 40, ensembleEpochs, options));
      measurements.push(...(await initlabParallel(backend, 40, parallelEpochs, workers, data, options)));
    }
    return {
      suite: 'training',
      measurements,
      skipped: [],
      tables: [tableOf(measurements)],
      notes: [
        'model-steps/s = optimizer steps × models trained, per second of wall time (median run); higher is better.',
        `Synthetic data of the wine split's shape (${ROWS}×${FEATURES}, 3 classes); initlab computes its per-epoch loss and accuracy, tfjs-layers only its loss.`,
        `Targets: ≥ 3,000 model-steps/s for one model, ≥ 90,000 for the 40-model ensemble (${workers} worker threads here, one tfjs backend each).`,
        'Parallel "steady state" times the second half of the epochs; "incl. worker start" divides the whole call by its epochs.',
      ],
    };
  },
};
