// Training speed at real sizes: dense networks of depth 8 (64 inputs, widths 64…1024, 4 softmax
// classes, SGD lr 0.01), batch 32, 128 and 256, ReLU and tanh, one model and 16 members, trained by
// initlab's trainEnsemble on the wasm backend, side by side in the same run with tfjs-layers'
// model.fit (wasm backend) and, when /usr/bin/python3 can import torch, PyTorch
// (../shared/reference/torch_mlp.py), all on one thread. GFLOP/s counts the same work for all three.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@initlab/backends';
import { getInitializer } from '@initlab/initializers';
import { matrix } from '@initlab/matrix';
import { type ModelSpec, trainEnsemble, WASM_HEAP_BYTES } from '@initlab/models';
import { benchMembers, timeRuns } from '@initlab/models/bench';
import { formatNumber, median, timings, type Measurement, type Skipped, type Suite, type SuiteOptions, type Table } from '../harness.js';
import { loadTfjs } from '../tfjs.js';

const INPUTS = 64;
const CLASSES = 4;
const DEPTH = 8;
const LEARNING_RATE = 0.01;
const WIDTHS = [64, 128, 256, 512, 1024];
const BATCHES = [32, 128, 256];
const ACTIVATIONS = ['relu', 'tanh'] as const;
const MEMBERS = [1, 16];
/** initlab's product threads for one model (trainEnsemble's `threads`); the other libraries run on one thread. */
const THREADS = [1, 2];
/** Widths from which tfjs-layers and PyTorch run only with --full (each of their cells takes minutes). */
const HEAVY_WIDTH = 512;
/** Wall time one timed round of a cell aims at: steps per round are chosen from a first estimate. */
const ROUND_MS = 400;

type Activation = (typeof ACTIVATIONS)[number];

interface Cell {
  width: number;
  batch: number;
  activation: Activation;
  members: number;
  threads: number;
}

interface ScalingMeasurement extends Measurement {
  width: number;
  batch: number;
  activation: Activation;
  members: number;
  threads: number;
  /** Optimizer steps (one batch, every member) in one timed round. */
  steps: number;
  modelStepsPerSecond: number;
  /** GFLOP/s at the median round, and at the slowest and fastest. */
  gflops: number;
  gflopsMin: number;
  gflopsMax: number;
}

/** Layer sizes [inputs, width × depth, classes]. */
function dims(width: number): number[] {
  return [INPUTS, ...Array.from({ length: DEPTH }, () => width), CLASSES];
}

/**
 * Floating-point operations of one model's optimizer step: 2 per multiply-add of the forward products
 * (z = a·W), the weight gradients (∂W = aᵀ·dZ) and the input gradients (dA = dZ·Wᵀ, which the first
 * layer does not need): 2·batch·(2·Σ_l I_l·O_l + Σ_{l≥2} I_l·O_l). Biases, activations, the loss and
 * the update are not counted. The same count for every library, so GFLOP/s compares their speed on the
 * same work (torch_mlp.py's own figure counts the first layer's input gradient too).
 */
export function flopsPerModelStep(width: number, batch: number): number {
  const d = dims(width);
  let products = 0;
  let inputGradients = 0;
  for (let l = 0; l + 1 < d.length; l++) {
    products += d[l]! * d[l + 1]!;
    if (l > 0) inputGradients += d[l]! * d[l + 1]!;
  }
  return 2 * batch * (2 * products + inputGradients);
}

function spec(width: number, activation: Activation): ModelSpec {
  return {
    inputDim: INPUTS,
    hidden: Array.from({ length: DEPTH }, () => ({ units: width, activation })),
    output: { units: CLASSES, activation: 'softmax' },
    loss: 'sparse_categorical_crossentropy',
  };
}

/** Parameters of one network. */
function parameters(width: number): number {
  const d = dims(width);
  let n = 0;
  for (let l = 0; l + 1 < d.length; l++) n += d[l]! * d[l + 1]! + d[l + 1]!;
  return n;
}

/** Steps per timed round: enough for about ROUND_MS at `gflopsGuess`, at least 2, at most 64. */
function stepsFor(cell: Cell, gflopsGuess: number): number {
  const perStep = (flopsPerModelStep(cell.width, cell.batch) * cell.members) / (gflopsGuess * 1e6);
  return Math.max(2, Math.min(64, Math.round(ROUND_MS / perStep)));
}

/** Uniform features in [−1, 1) and labels 0…3, `rows` of them (seeded: the same data for every library). */
function data(rows: number): { x: Float32Array; y: number[] } {
  const x = getInitializer({ name: 'random_uniform', minval: -1, maxval: 1 }).sample([rows, INPUTS], { seed: 7 }) as Float32Array;
  const y = Array.from({ length: rows }, (_, i) => (x[i * INPUTS]! > 0 ? 1 : 0) + (x[i * INPUTS + 1]! > 0 ? 2 : 0));
  return { x, y };
}

function summarise(cell: Cell, implementation: string, library: string, steps: number, times: number[]): ScalingMeasurement {
  const work = flopsPerModelStep(cell.width, cell.batch) * cell.members * steps;
  const { valuesPerSecond, ...timed } = timings(times, steps * cell.members);
  const { medianMs } = timed;
  return {
    case: caseName(cell),
    implementation,
    library,
    ...cell,
    steps,
    ...timed,
    modelStepsPerSecond: valuesPerSecond,
    gflops: work / medianMs / 1e6,
    gflopsMin: work / Math.max(...times) / 1e6,
    gflopsMax: work / Math.min(...times) / 1e6,
  };
}

const caseName = (c: Cell): string => `${DEPTH} × ${c.width} ${c.activation}, batch ${c.batch}, ${c.members === 1 ? 'one model' : `${c.members} members`}`;

/** The times of epochs 2…n from each epoch's end (the first epoch, with the call's setup and warm-up, dropped). */
function epochTimes(ends: readonly number[]): number[] {
  return ends.slice(1).map((end, i) => end - ends[i]!);
}

/**
 * initlab: trainEnsemble on the wasm backend, no diagnostics, `reps + 1` epochs of `steps` batches in
 * one call; a round is an epoch after the first (which carries the call's setup and the kernels' tier-up).
 */
async function initlabRun(cell: Cell, options: SuiteOptions): Promise<ScalingMeasurement> {
  await useBackend('wasm');
  const train = async (steps: number, epochs: number): Promise<number[]> => {
    const rows = steps * cell.batch;
    const { x, y } = data(rows);
    const ends: number[] = [];
    const result = await trainEnsemble(spec(cell.width, cell.activation), benchMembers(cell.members), { xTrain: matrix(x, rows, INPUTS), yTrain: y }, {
      epochs,
      batchSize: cell.batch,
      optimizer: { name: 'sgd', learningRate: LEARNING_RATE },
      diagnostics: 'none',
      threads: cell.threads,
      onProgress: (event) => {
        if (event.type === 'epoch') ends.push(performance.now());
      },
    });
    const failed = result.members.find((m) => m.status !== 'ok');
    if (failed) throw new Error(`scaling: member ${failed.id} ended ${failed.status}, so the round is not a full measurement`);
    return epochTimes(ends);
  };
  // a short first call compiles the kernels and estimates the speed
  const probe = median(await train(2, 3));
  const steps = stepsFor(cell, Math.max(1, (flopsPerModelStep(cell.width, cell.batch) * cell.members * 2) / probe / 1e6));
  options.log(`scaling: initlab trainEnsemble, ${caseName(cell)}, ${steps} steps a round`);
  return summarise(cell, 'initlab trainEnsemble (wasm)', 'initlab', steps, await train(steps, options.reps + 1));
}

/** tfjs-layers: model.fit of one model, wasm backend, `reps + 1` epochs of `steps` batches in one call, timed as initlab's. */
async function layersRun(cell: Cell, options: SuiteOptions): Promise<ScalingMeasurement> {
  const { tf, tfl } = await loadTfjs();
  await useBackend('wasm');
  const fit = async (steps: number, epochs: number): Promise<number[]> => {
    const rows = steps * cell.batch;
    const { x, y } = data(rows);
    const xs = tf.tensor2d(x, [rows, INPUTS]);
    const ys = tf.tensor1d(y, 'float32');
    const model = tfl.sequential();
    for (let l = 0; l < DEPTH; l++) model.add(tfl.layers.dense({ units: cell.width, activation: cell.activation, ...(l === 0 ? { inputShape: [INPUTS] } : {}) }));
    model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax' }));
    model.compile({ loss: 'sparseCategoricalCrossentropy', optimizer: tf.train.sgd(LEARNING_RATE) });
    const ends: number[] = [];
    try {
      await model.fit(xs, ys, {
        epochs,
        batchSize: cell.batch,
        shuffle: true,
        verbose: 0,
        callbacks: {
          onEpochEnd: async () => {
            ends.push(performance.now());
          },
        },
      });
      return epochTimes(ends);
    } finally {
      model.dispose();
      tf.dispose([xs, ys]);
    }
  };
  const probe = median(await fit(2, 3));
  const steps = stepsFor(cell, Math.max(0.05, (flopsPerModelStep(cell.width, cell.batch) * 2) / probe / 1e6));
  options.log(`scaling: tfjs-layers model.fit, ${caseName(cell)}, ${steps} steps a round`);
  return summarise(cell, 'tfjs-layers model.fit (wasm)', 'tfjs-layers', steps, await fit(steps, options.reps + 1));
}

/** The PyTorch reference script beside the repository, if present. */
const TORCH_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/reference/torch_mlp.py');
const PYTHON = '/usr/bin/python3';

/** Why PyTorch cannot run here, or null when it can. */
function torchUnavailable(): string | null {
  if (!existsSync(TORCH_SCRIPT)) return `${TORCH_SCRIPT} is missing`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} cannot import torch (install Debian's python3-torch)`;
  return null;
}

/**
 * PyTorch: torch_mlp.py at the same sizes, one thread. The script times 3 rounds of its own after a
 * warm-up epoch and reports the fastest, so its spread is not known here.
 */
function torchRun(cell: Cell, options: SuiteOptions): ScalingMeasurement {
  const steps = stepsFor(cell, 80);
  options.log(`scaling: PyTorch torch_mlp.py, ${caseName(cell)}, ${steps} steps a round`);
  const args = ['--width', cell.width, '--depth', DEPTH, '--batch', cell.batch, '--rows', steps * cell.batch, '--epochs', 1, '--members', cell.members];
  const out = execFileSync(PYTHON, [TORCH_SCRIPT, ...args.map(String), '--inputs', String(INPUTS), '--outputs', String(CLASSES), '--activation', cell.activation, '--threads', String(cell.threads)], {
    encoding: 'utf8',
    // torch.set_num_threads does not reach the BLAS Debian's torch calls (OpenBLAS, which would take
    // every core): its own variables hold it to the cell's threads
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(cell.threads), OMP_NUM_THREADS: String(cell.threads), MKL_NUM_THREADS: String(cell.threads) },
  });
  const report = JSON.parse(out.trim().split('\n').pop()!) as { impl: string; modelStepsPerSecond: number };
  const bestMs = ((steps * cell.members) / report.modelStepsPerSecond) * 1000;
  return summarise(cell, `${report.impl} (best of 3)`, 'PyTorch', steps, [bestMs]);
}

/** The cells a run measures: --quick the key ones (width 256, batch 128, one model), else the whole grid. */
export function scalingCells(quick: boolean): Cell[] {
  const cells: Cell[] = [];
  for (const threads of THREADS) {
    for (const members of quick ? [1] : MEMBERS) {
      for (const width of quick ? [256] : WIDTHS) {
        for (const batch of quick ? [128] : BATCHES) {
          for (const activation of ACTIVATIONS) cells.push({ width, batch, activation, members, threads });
        }
      }
    }
  }
  return cells;
}

function tableOf(measurements: ScalingMeasurement[]): Table {
  const rows = measurements.map((m) => {
    const same = (r: ScalingMeasurement): boolean => r.width === m.width && r.batch === m.batch && r.activation === m.activation && r.members === m.members;
    // initlab on 1 and on 2 threads against a library on one; initlab's 2-thread row against its own 1-thread row
    const initlab = measurements.filter((r) => r.library === 'initlab' && same(r) && r !== m && (m.library !== 'initlab' || r.threads < m.threads));
    const ratio =
      initlab.length === 0
        ? '—'
        : m.library === 'initlab'
          ? `${formatNumber(m.gflops / initlab[0]!.gflops, 3)}× 1 thread`
          : initlab.map((r) => `${formatNumber(r.gflops / m.gflops, 3)}× (${r.threads} ${r.threads === 1 ? 'thread' : 'threads'})`).join(', ');
    return [
      m.case,
      m.implementation,
      String(m.threads),
      String(m.runs),
      String(m.steps),
      formatNumber(m.gflops),
      m.runs > 1 ? `${formatNumber(m.gflopsMin)}–${formatNumber(m.gflopsMax)}` : '—',
      formatNumber(m.modelStepsPerSecond),
      ratio,
    ];
  });
  return {
    title: `Training speed at depth ${DEPTH}, ${INPUTS} inputs, ${CLASSES} softmax classes, SGD lr ${LEARNING_RATE}`,
    columns: ['case', 'implementation', 'threads', 'runs', 'steps a round', 'GFLOP/s (median)', 'GFLOP/s (slowest–fastest)', 'model-steps/s', 'initlab is'],
    numericFrom: 2,
    rows,
  };
}

/** The scaling suite. */
export const scalingSuite: Suite = {
  name: 'scaling',
  description: `depth-${DEPTH} dense networks, widths ${WIDTHS.join('/')}, batch ${BATCHES.join('/')}, ReLU and tanh, 1 and 16 members: initlab trainEnsemble vs tfjs-layers fit and PyTorch (--quick: width 256, batch 128, one model)`,
  async run(options: SuiteOptions) {
    const measurements: ScalingMeasurement[] = [];
    const skipped: Skipped[] = [];
    const torchMissing = torchUnavailable();
    for (const cell of scalingCells(options.quick)) {
      const name = caseName(cell);
      // weights, gradients and a step's temporaries, about five float32 copies of the parameters
      const bytes = 5 * 4 * parameters(cell.width) * cell.members;
      if (bytes > WASM_HEAP_BYTES) {
        skipped.push({ case: name, implementation: 'every implementation', library: 'all', reason: `about ${Math.round(bytes / 2 ** 20)} MiB of tensors, more than the wasm backend's ${WASM_HEAP_BYTES / 2 ** 30} GiB` });
        continue;
      }
      measurements.push(await initlabRun(cell, options));
      const heavy = cell.width >= HEAVY_WIDTH && !options.full;
      // tfjs-layers trains one model per fit: its model-steps/s for 16 members is its one-model figure
      if (cell.members === 1 && cell.threads === 1) {
        if (heavy) skipped.push({ case: name, implementation: 'tfjs-layers model.fit', library: 'tfjs-layers', reason: `width ≥ ${HEAVY_WIDTH}: only with --full` });
        else measurements.push(await layersRun(cell, options));
      }
      if (torchMissing !== null || cell.threads !== 1) continue;
      if (heavy) skipped.push({ case: name, implementation: 'PyTorch torch_mlp.py', library: 'PyTorch', reason: `width ≥ ${HEAVY_WIDTH}: only with --full` });
      else measurements.push(torchRun(cell, options));
    }
    const notes = [
      `GFLOP/s = 2·batch·(2·Σ I·O + Σ_{l≥2} I·O) per model step: the forward products, the weight gradients and the input gradients of every layer but the first (biases, activations, loss and update not counted), the same count for every library; model-steps/s = optimizer steps × models per second.`,
      `initlab and tfjs-layers: median of ${options.reps} rounds, each an epoch of "steps a round" batches (its per-epoch loss included) after a first epoch that carries the call's setup and warm-up (the range is the slowest and fastest round). "initlab is" = initlab's GFLOP/s over that row's.`,
      'tfjs-layers trains one model per fit, so it is measured for one model only; for 16 members compare model-steps/s with its one-model row.',
      torchMissing === null
        ? `PyTorch: ${TORCH_SCRIPT}, one thread, batched over members with baddbmm; its figure is the fastest of the script's own 3 rounds (a warm-up epoch first), so it has no spread here.`
        : `PyTorch not measured: ${torchMissing}.`,
      `Threads: initlab ${THREADS.join(' and ')} (trainEnsemble's threads option: each large product split by columns, the same bits); tfjs-layers and PyTorch one. "initlab is" on a 2-thread initlab row is its speed over the 1-thread row.`,
      ...skipped.map((s) => `Skipped ${s.implementation} for ${s.case}: ${s.reason}.`),
    ];
    return { suite: 'scaling', measurements, skipped, tables: [tableOf(measurements)], notes };
  },
};
