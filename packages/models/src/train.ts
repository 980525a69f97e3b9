import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@initlab/random';
import { TRAINING_DATA_KEYS, toDenseMatrix, toDenseTargets, type DenseMatrix, type TrainingData } from './data.js';
import { computeDiagnostics, type LayerDiagnostics } from './diagnostics.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { accumulate, type Scorer } from './host-loss.js';
import { lossMode, metricNames, type MetricName } from './losses.js';
import { resolveMembers, type EnsembleMember, type ResolvedMember } from './members.js';
import { forward, gradients, tileForMembers } from './network.js';
import {
  applyUpdate,
  createOptimizerState,
  foldsLearningRate,
  resolveOptimizer,
  type OptimizerSpec,
  type OptimizerState,
  type ResolvedOptimizer,
} from './optimizers.js';
import { resolveThreads, withProductThreads } from './product-threads.js';
import { resolveLayers, type ModelSpec, type ResolvedLayer } from './spec.js';
import { flatParams, selectSlots, stackWeights, unflatParams, unstackWeights, type LayerWeights, type StackedParams } from './weights.js';

/** When diagnostics are computed: never, at initialisation, or at initialisation and after every epoch. */
export type DiagnosticsLevel = 'none' | 'init' | 'epoch';

/** Options of {@link trainEnsemble}. */
export interface TrainOptions {
  /** Number of epochs (integer ≥ 0). */
  epochs: number;
  /** Batch size, default 32 (Keras); the last batch of an epoch holds the remaining rows. */
  batchSize?: number;
  /** Optimizer and its hyper-parameters (Keras defaults). */
  optimizer: OptimizerSpec;
  /** Reshuffle the training rows every epoch (each member with its own seeded stream). Default `true`. */
  shuffle?: boolean;
  /** Default `'init'`. */
  diagnostics?: DiagnosticsLevel;
  /** Rows of the diagnostics batch: the first rows of `xTrain`. Default 256. */
  diagnosticsSamples?: number;
  /** Emit a `batch` event after every batch (`'batch'`) or only `epoch` events (`'epoch'`, default). */
  progress?: 'epoch' | 'batch';
  /** Include every member's batch loss in `batch` events (computed on the host from the batch's outputs). Default `false`. */
  batchLoss?: boolean;
  /** Progress listener. */
  onProgress?: (event: ProgressEvent) => void;
  /** Stops training between two batches; the promise then resolves with status `'aborted'`. */
  signal?: AbortSignal;
  /**
   * Threads that compute each large dense product (split by output columns; Node with the
   * WebAssembly kernels, elsewhere one), at most the number of CPU cores. The results are the same
   * bits on any number. Default 1: on the machine it was measured on, 2 threads did not yet speed a
   * whole training step up (see `resolveThreads`). In `trainEnsembleParallel`, per worker.
   */
  threads?: number;
}

/**
 * The keys of {@link TrainOptions}; `trainEnsemble` and `trainModel` refuse any other (`INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * TRAIN_OPTIONS.includes('batchSize'); // true
 * ```
 */
export const TRAIN_OPTIONS = ['epochs', 'batchSize', 'optimizer', 'shuffle', 'diagnostics', 'diagnosticsSamples', 'progress', 'batchLoss', 'onProgress', 'signal', 'threads'] as const;

const trainOptionsMatch: SameKeys<TrainOptions, typeof TRAIN_OPTIONS> = true;
void trainOptionsMatch;

/** Final state of a member's run. */
export type MemberStatus = 'ok' | 'diverged' | 'aborted';

/** Metrics of an epoch: `accuracy` for classification losses, `mse` and `mae` for regression losses. */
export interface Metrics {
  accuracy?: number;
  mse?: number;
  mae?: number;
}

/** One epoch of one member's history. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean per-sample training loss over the epoch's batches, each computed before its update (as Keras reports it). */
  loss: number;
  /** Training metrics accumulated over the epoch's batches like Keras. */
  metrics: Metrics;
  /** Loss on the whole validation set after the epoch; `null` without validation data. */
  valLoss: number | null;
  /** Validation metrics after the epoch; `null` without validation data. */
  valMetrics: Metrics | null;
}

/** Everything a member's run produced. */
export interface MemberResult {
  id: string;
  /** Position in the `members` array. */
  index: number;
  seed: number;
  status: MemberStatus;
  /** The 1-based epoch whose training loss, validation loss or weights stopped being finite. */
  divergedAtEpoch: number | null;
  /** Epochs with finite results (`history.length`). */
  epochsCompleted: number;
  history: EpochRecord[];
  /** `init` before training (`null` with diagnostics `'none'`); `epochs[e − 1]` after epoch `e` (diagnostics `'epoch'`). */
  diagnostics: { init: LayerDiagnostics[] | null; epochs: LayerDiagnostics[][] };
  initialWeights: LayerWeights[];
  /** Final weights; for a diverged member, the weights after its last finite epoch; for an aborted one, where it stopped. */
  weights: LayerWeights[];
}

/** The result of {@link trainEnsemble}. */
export interface TrainResult {
  members: MemberResult[];
  /** Backend the run used (`'cpu'`, `'wasm'`). */
  backend: string;
  elapsedMs: number;
  /** Optimizer steps taken per member that trained to the end. */
  steps: number;
}

/** Progress events: after each batch (with `progress: 'batch'`) and after each epoch. */
export type ProgressEvent =
  | {
      type: 'batch';
      epoch: number;
      epochs: number;
      /** 1-based batch within the epoch. */
      batch: number;
      batches: number;
      /** Batch loss of every member still training (in `members` order of those), with `batchLoss: true`; else `null`. */
      loss: (number | null)[] | null;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      members: { id: string; status: 'running' | 'diverged'; record: EpochRecord | null }[];
    };

interface ResolvedTrainOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  diagnostics: DiagnosticsLevel;
  diagnosticsSamples: number;
  progress: 'epoch' | 'batch';
  batchLoss: boolean;
  onProgress: ((event: ProgressEvent) => void) | undefined;
  signal: AbortSignal | undefined;
  /** As given; `undefined` chooses (see `resolveThreads`). */
  threads: number | undefined;
}

function badOption(message: string): ModelsError {
  return new ModelsError('INVALID_OPTIONS', message);
}

/** Validates training options (no key outside `allowed`) and fills in defaults. */
export function resolveTrainOptions(opts: TrainOptions, fn: string, allowed: readonly string[] = TRAIN_OPTIONS): ResolvedTrainOptions {
  if (typeof opts !== 'object' || opts === null) throw badOption(`${fn}: opts must be an object, got ${show(opts)}`);
  refuseUnknownKeys(fn, opts, allowed);
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0) throw badOption(`${fn}: epochs must be an integer >= 0, got ${show(opts.epochs)}`);
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw badOption(`${fn}: batchSize must be a positive integer, got ${show(opts.batchSize)}`);
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw badOption(`${fn}: shuffle must be a boolean, got ${show(opts.shuffle)}`);
  const diagnostics = opts.diagnostics ?? 'init';
  if (!['none', 'init', 'epoch'].includes(diagnostics)) {
    throw badOption(`${fn}: diagnostics must be one of 'none', 'init', 'epoch', got ${show(opts.diagnostics)}`);
  }
  const diagnosticsSamples = opts.diagnosticsSamples ?? 256;
  if (!Number.isInteger(diagnosticsSamples) || diagnosticsSamples <= 0) {
    throw badOption(`${fn}: diagnosticsSamples must be a positive integer, got ${show(opts.diagnosticsSamples)}`);
  }
  const progress = opts.progress ?? 'epoch';
  if (progress !== 'epoch' && progress !== 'batch') throw badOption(`${fn}: progress must be 'epoch' or 'batch', got ${show(opts.progress)}`);
  const batchLoss = opts.batchLoss ?? false;
  if (typeof batchLoss !== 'boolean') throw badOption(`${fn}: batchLoss must be a boolean, got ${show(opts.batchLoss)}`);
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') {
    throw badOption(`${fn}: onProgress must be a function, got ${show(opts.onProgress)}`);
  }
  // The upper bound, the number of cores, is checked where the threads start (resolveThreads).
  if (opts.threads !== undefined && (!Number.isInteger(opts.threads) || opts.threads <= 0)) {
    throw badOption(`${fn}: threads must be a positive integer at most the number of CPU cores, got ${show(opts.threads)}`);
  }
  return {
    epochs: opts.epochs,
    batchSize,
    shuffle,
    diagnostics,
    diagnosticsSamples,
    progress,
    batchLoss,
    onProgress: opts.onProgress,
    signal: opts.signal,
    threads: opts.threads,
  };
}

/** Host copies of the training and validation data. */
export interface PreparedData {
  x: DenseMatrix;
  y: DenseMatrix;
  xVal: DenseMatrix | null;
  yVal: DenseMatrix | null;
}

/** Validates and copies training data for the spec's input width, output units and loss. */
export function prepareData(spec: ModelSpec, layers: readonly ResolvedLayer[], data: TrainingData, fn: string): PreparedData {
  if (typeof data !== 'object' || data === null) throw new ModelsError('INVALID_DATA', `${fn}: data must be an object, got ${show(data)}`);
  refuseUnknownKeys(`${fn}: data`, data, TRAINING_DATA_KEYS, 'INVALID_DATA');
  const units = layers[layers.length - 1]!.units;
  const x = toDenseMatrix(data.xTrain, spec.inputDim, `${fn}: data.xTrain`);
  const y = toDenseTargets(data.yTrain, x.rows, units, spec.loss, `${fn}: data.yTrain`);
  if ((data.xVal === undefined) !== (data.yVal === undefined)) {
    throw new ModelsError('INVALID_DATA', `${fn}: data.xVal and data.yVal must be given together, got only ${data.xVal === undefined ? 'yVal' : 'xVal'}`);
  }
  let xVal: DenseMatrix | null = null;
  let yVal: DenseMatrix | null = null;
  if (data.xVal !== undefined && data.yVal !== undefined) {
    xVal = toDenseMatrix(data.xVal, spec.inputDim, `${fn}: data.xVal`);
    yVal = toDenseTargets(data.yVal, xVal.rows, units, spec.loss, `${fn}: data.yVal`);
  }
  return { x, y, xVal, yVal };
}

/** Throws `NO_BACKEND` when no tfjs backend is registered (the app must call `useBackend` first). */
export function ensureBackend(fn: string): void {
  if (tf.engine().backendNames().length === 0) {
    throw new ModelsError(
      'NO_BACKEND',
      `${fn}: no tfjs backend is registered, got none; call useBackend('cpu' | 'wasm') from @initlab/backends first`,
    );
  }
}

/** Lets timers, abort handlers and UI run: setImmediate in Node, a MessageChannel hop in browsers (no 4 ms timer clamp). */
const yieldNow: () => Promise<void> = (() => {
  if (typeof setImmediate === 'function') return () => new Promise<void>((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    // Setting onmessage (rather than addEventListener) also starts the port in browsers.
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
})();

function metricsFrom(names: readonly MetricName[], read: (i: number) => number): Metrics {
  const metrics: Metrics = {};
  names.forEach((name, i) => {
    metrics[name] = read(i);
  });
  return metrics;
}

function allFinite(m: Metrics): boolean {
  return Object.values(m).every((v) => Number.isFinite(v));
}

function weightsOfSlot(params: StackedParams, slot: number): LayerWeights[] {
  const picked = selectSlots(flatParams(params), [slot]);
  const weights = unstackWeights(unflatParams(picked))[0]!;
  tf.dispose(picked);
  return weights;
}

/**
 * The epoch-end device work: one flag per member slot (1 when every weight is finite) and, with
 * validation data, the output pre-activations `[K, rows, units]` of every member on it.
 */
function epochDeviceChecks(
  layers: readonly ResolvedLayer[],
  params: StackedParams,
  validation: { x: tf.Tensor2D; y: Float32Array; rows: number } | null,
): { finite: Float32Array; zVal: Float32Array | null } {
  const k = params.kernels[0]!.shape[0];
  const [finiteTensor, zValTensor] = tf.tidy(() => {
    let finite: tf.Tensor = tf.ones([k], 'bool');
    for (const p of flatParams(params)) finite = tf.logicalAnd(finite, tf.all(tf.isFinite(p), [1, 2]));
    const flags = tf.cast(finite, 'float32');
    if (validation === null) return [flags];
    const trace = forward(layers, params, tileForMembers(validation.x, k));
    return [flags, trace.zs[layers.length - 1]!];
  });
  const finite = finiteTensor!.dataSync() as Float32Array;
  const zVal = zValTensor === undefined ? null : (zValTensor.dataSync() as Float32Array);
  tf.dispose([finiteTensor!, zValTensor].filter((t): t is tf.Tensor => t !== undefined));
  return { finite, zVal };
}

/**
 * Copies member m's rows `order[offset … offset + size)` into `[K, size, ·]` batch buffers. Host-side assembly (plain loops, kept in a small function so
 * V8 optimises it) beats device-side gathers and slices: the WASM slice kernel copies its whole input.
 */
function assembleBatch(
  xs: Float32Array,
  ys: Float32Array,
  orders: readonly Uint32Array[],
  offset: number,
  size: number,
  inputs: number,
  units: number,
  xBuffer: Float32Array,
  yBuffer: Float32Array,
): void {
  for (let m = 0; m < orders.length; m++) {
    const order = orders[m]!;
    for (let b = 0; b < size; b++) {
      const row = order[offset + b]!;
      const at = m * size + b;
      const xSrc = row * inputs;
      const xDst = at * inputs;
      for (let c = 0; c < inputs; c++) xBuffer[xDst + c] = xs[xSrc + c]!;
      const ySrc = row * units;
      const yDst = at * units;
      for (let c = 0; c < units; c++) yBuffer[yDst + c] = ys[ySrc + c]!;
    }
  }
}

/** The training loop shared by {@link trainEnsemble} and the worker threads of `trainEnsembleParallel`. */
export async function runTraining(
  spec: ModelSpec,
  layers: readonly ResolvedLayer[],
  members: readonly ResolvedMember[],
  data: PreparedData,
  optimizer: ResolvedOptimizer,
  options: ResolvedTrainOptions,
): Promise<TrainResult> {
  const started = performance.now();
  const mode = lossMode(spec.loss, layers[layers.length - 1]!.activation);
  const names = metricNames(spec.loss);
  const last = layers.length - 1;
  const units = layers[last]!.units;
  const scorer: Scorer = { mode, loss: spec.loss, activation: layers[last]!.activation, metrics: names, units };
  const width = 1 + names.length;
  // the softmax cross-entropy kernel can score rows as it goes (loss and accuracy: width 2)
  const statsScoring = mode === 'softmax_ce' && names.length === 1 && names[0] === 'accuracy';
  const inputs = spec.inputDim;
  const n = data.x.rows;
  const batchSize = options.batchSize;
  const batches = Math.ceil(n / batchSize);
  const folded = foldsLearningRate(optimizer);
  const gradScale = folded ? -optimizer.learningRate : 1;

  const results: MemberResult[] = members.map((m) => ({
    id: m.id,
    index: m.index,
    seed: m.seed,
    status: 'ok',
    divergedAtEpoch: null,
    epochsCompleted: 0,
    history: [],
    diagnostics: { init: null, epochs: [] },
    initialWeights: m.initialWeights,
    weights: [],
  }));
  const rngs = members.map((m) => new Rng(m.seed, 'shuffle'));
  let slots = members.map((_, i) => i);

  let params = stackWeights(layers, members.map((m) => m.initialWeights));
  let state: OptimizerState = createOptimizerState(optimizer, flatParams(params));
  let snapshot: StackedParams = params;
  const diagRows = Math.min(options.diagnosticsSamples, n);
  const diagX = options.diagnostics === 'none' ? null : tf.tensor2d(data.x.values.subarray(0, diagRows * inputs), [diagRows, inputs]);
  const diagY = options.diagnostics === 'none' ? null : tf.tensor2d(data.y.values.subarray(0, diagRows * units), [diagRows, units]);
  const validation =
    data.xVal !== null && data.yVal !== null
      ? { x: tf.tensor2d(data.xVal.values, [data.xVal.rows, inputs]), y: data.yVal.values, rows: data.xVal.rows }
      : null;
  let aborted = options.signal?.aborted === true;
  let stepsDone = 0;

  const disposeStacked = (p: StackedParams, keep: StackedParams | null): void => {
    const kept = keep === null ? new Set<tf.Tensor>() : new Set<tf.Tensor>(flatParams(keep));
    for (const t of flatParams(p)) if (!kept.has(t)) t.dispose();
  };

  try {
    if (diagX !== null && diagY !== null) {
      const init = computeDiagnostics(layers, mode, params, diagX, diagY, null).diagnostics;
      init.forEach((d, slot) => {
        results[slots[slot]!]!.diagnostics.init = d;
      });
    }
    let lastYield = performance.now();
    const identity = Uint32Array.from({ length: n }, (_, i) => i);
    let xBuffer = new Float32Array(slots.length * batchSize * inputs);
    let yBuffer = new Float32Array(slots.length * batchSize * units);

    for (let epoch = 1; epoch <= options.epochs && !aborted && slots.length > 0; epoch++) {
      const k = slots.length;
      const orders = slots.map((member) => (options.shuffle ? rngs[member]!.permutation(n) : identity));
      const sums = new Float64Array(k * width);
      for (let step = 0; step < batches; step++) {
        if (options.signal?.aborted === true) {
          aborted = true;
          break;
        }
        const offset = step * batchSize;
        const size = Math.min(batchSize, n - offset);
        assembleBatch(data.x.values, data.y.values, orders, offset, size, inputs, units, xBuffer, yBuffer);
        const out = tf.tidy(() => {
          const x = tf.tensor3d(xBuffer.subarray(0, k * size * inputs), [k, size, inputs]);
          const y = tf.tensor3d(yBuffer.subarray(0, k * size * units), [k, size, units]);
          const { trace, grads, rowStats } = gradients(layers, mode, params, x, y, gradScale / size, { outputActivation: false, rowStats: statsScoring });
          const update = applyUpdate(optimizer, flatParams(params), flatParams(grads), state);
          return { params: update.params, slots: update.slots, zOut: trace.zs[last]!, rowStats: rowStats === null ? [] : [rowStats] };
        }) as { params: tf.Tensor[]; slots: tf.Tensor[][]; zOut: tf.Tensor; rowStats: tf.Tensor[] };
        disposeStacked(params, snapshot);
        for (const list of state.slots) tf.dispose(list);
        params = unflatParams(out.params as tf.Tensor3D[]);
        state = { slots: out.slots, iterations: state.iterations + 1 };
        // The batch's outputs come back to the host (a copy on cpu/wasm) and are scored in float64:
        // the epoch's loss and metrics are these per-batch values accumulated, as in Keras. The
        // softmax cross-entropy kernel scores its rows itself: then only those scores come back.
        const statsValues = out.rowStats.length === 0 ? null : (out.rowStats[0]!.dataSync() as Float32Array);
        const zValues = statsValues === null ? out.zOut.dataSync() : null;
        tf.dispose([out.zOut, ...out.rowStats]);
        const score = (target: Float64Array): void => {
          if (statsValues !== null) sumRowStats(statsValues, k, size, target);
          else accumulate(scorer, zValues!, yBuffer, k, size, target);
        };
        stepsDone++;
        if (options.onProgress !== undefined && options.progress === 'batch') {
          let loss: (number | null)[] | null = null;
          if (options.batchLoss) {
            const batchSums = new Float64Array(k * width);
            score(batchSums);
            for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! + batchSums[i]!;
            loss = Array.from({ length: k }, (_, m) => {
              const v = batchSums[m * width]! / size;
              return Number.isFinite(v) ? v : null;
            });
          } else {
            score(sums);
          }
          options.onProgress({ type: 'batch', epoch, epochs: options.epochs, batch: step + 1, batches, loss });
        } else {
          score(sums);
        }
        if (performance.now() - lastYield > 25) {
          await yieldNow();
          lastYield = performance.now();
        }
      }
      if (aborted) break;

      const checks = epochDeviceChecks(layers, params, validation);
      const valSums = validation === null ? null : new Float64Array(k * width);
      if (validation !== null && valSums !== null && checks.zVal !== null) {
        accumulate(scorer, checks.zVal, validation.y, k, validation.rows, valSums, true);
      }
      const epochDiagnostics =
        options.diagnostics === 'epoch' && diagX !== null ? computeDiagnostics(layers, mode, params, diagX, diagY, snapshot).diagnostics : null;

      const diverged: number[] = [];
      const eventMembers = new Map<number, EpochRecord | null>();
      for (let slot = 0; slot < k; slot++) {
        const result = results[slots[slot]!]!;
        const loss = sums[slot * width]! / n;
        const metrics = metricsFrom(names, (i) => sums[slot * width + 1 + i]! / n);
        let valLoss: number | null = null;
        let valMetrics: Metrics | null = null;
        if (validation !== null && valSums !== null) {
          valLoss = valSums[slot * width]! / validation.rows;
          valMetrics = metricsFrom(names, (i) => valSums[slot * width + 1 + i]! / validation.rows);
        }
        const weightsFinite = checks.finite[slot] === 1;
        const finite =
          Number.isFinite(loss) &&
          allFinite(metrics) &&
          weightsFinite &&
          (valLoss === null || Number.isFinite(valLoss)) &&
          (valMetrics === null || allFinite(valMetrics));
        if (!finite) {
          diverged.push(slot);
          result.status = 'diverged';
          result.divergedAtEpoch = epoch;
          result.weights = weightsOfSlot(snapshot, slot);
          eventMembers.set(result.index, null);
          continue;
        }
        const record: EpochRecord = { epoch, loss, metrics, valLoss, valMetrics };
        result.history.push(record);
        result.epochsCompleted = epoch;
        if (epochDiagnostics !== null) result.diagnostics.epochs.push(epochDiagnostics[slot]!);
        eventMembers.set(result.index, record);
      }

      disposeStacked(snapshot, params);
      snapshot = params;
      if (diverged.length > 0) {
        const keep = slots.map((_, slot) => slot).filter((slot) => !diverged.includes(slot));
        if (keep.length === 0) {
          disposeStacked(params, null);
          for (const list of state.slots) tf.dispose(list);
          params = { kernels: [], biases: [] };
          state = { slots: [], iterations: state.iterations };
          snapshot = params;
          slots = [];
        } else {
          const kept = unflatParams(selectSlots(flatParams(params), keep));
          const keptSlots = state.slots.map((list) => selectSlots(list, keep));
          disposeStacked(params, null);
          for (const list of state.slots) tf.dispose(list);
          params = kept;
          snapshot = kept;
          state = { slots: keptSlots, iterations: state.iterations };
          slots = keep.map((slot) => slots[slot]!);
          xBuffer = new Float32Array(slots.length * batchSize * inputs);
          yBuffer = new Float32Array(slots.length * batchSize * units);
        }
      }
      if (options.onProgress !== undefined) {
        options.onProgress({
          type: 'epoch',
          epoch,
          epochs: options.epochs,
          members: results.map((r) => ({
            id: r.id,
            status: r.status === 'diverged' ? 'diverged' : 'running',
            record: eventMembers.get(r.index) ?? null,
          })),
        });
      }
      await yieldNow();
      lastYield = performance.now();
      if (options.signal?.aborted === true && epoch < options.epochs) aborted = true;
    }

    if (slots.length > 0) {
      const finalWeights = unstackWeights(params);
      slots.forEach((member, slot) => {
        const result = results[member]!;
        result.weights = finalWeights[slot]!;
        if (aborted) result.status = 'aborted';
      });
    }
  } finally {
    if (snapshot !== params) disposeStacked(snapshot, params);
    disposeStacked(params, null);
    for (const list of state.slots) tf.dispose(list);
    tf.dispose([diagX, diagY, validation?.x].filter((t): t is tf.Tensor2D => t !== null && t !== undefined));
  }
  const completed = results.filter((r) => r.status === 'ok');
  return {
    members: results,
    backend: tf.getBackend(),
    elapsedMs: performance.now() - started,
    steps: completed.length > 0 ? stepsDone : 0,
  };
}

/**
 * Trains K models together: stacked weights `[K, in, out]`, one batched `matMul` per layer and
 * step for all members, each member on its own shuffled batches. Each member's result equals
 * training it alone (same backend, float32 rounding). Divergence (a NaN/±Inf loss, metric or weight)
 * ends only that member's run. The backend must be selected first (`useBackend` from `@initlab/backends`).
 *
 * @example
 * await useBackend('wasm');
 * const { members } = await trainEnsemble(
 *   wineSpec,
 *   [{ seed: 1, kernelInitializer: 'zeros' }, { seed: 1, kernelInitializer: 'he_normal' }],
 *   { xTrain, yTrain, xVal: xTest, yVal: yTest },
 *   { epochs: 50, batchSize: 16, optimizer: 'sgd' },
 * );
 * console.log(members.map((m) => m.history.at(-1)?.valMetrics?.accuracy));
 */
export async function trainEnsemble(
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: TrainingData,
  opts: TrainOptions,
): Promise<TrainResult> {
  const fn = 'trainEnsemble';
  const layers = resolveLayers(spec);
  const options = resolveTrainOptions(opts, fn);
  const optimizer = resolveOptimizer(opts.optimizer);
  const prepared = prepareData(spec, layers, data, fn);
  ensureBackend(fn);
  const threads = await resolveThreads(options.threads, fn);
  const resolved = resolveMembers(layers, members, prepared.x, fn);
  return withProductThreads(threads, () => runTraining(spec, layers, resolved, prepared, optimizer, options));
}

/**
 * Trains one model: {@link trainEnsemble} with a single member.
 *
 * @example
 * const run = await trainModel(spec, { seed: 42 }, { xTrain, yTrain }, { epochs: 20, optimizer: 'adam' });
 * console.log(run.status, run.history.at(-1)?.loss);
 */
export async function trainModel(
  spec: ModelSpec,
  member: EnsembleMember,
  data: TrainingData,
  opts: TrainOptions,
): Promise<MemberResult> {
  const result = await trainEnsemble(spec, [member], data, opts);
  return result.members[0]!;
}

/**
 * Adds each member's loss and accuracy sums from the softmax cross-entropy kernel's row scores
 * (`[members, rows, 3]`: loss hi, loss lo, hit) into `sums` (`[members, 2]`).
 */
function sumRowStats(stats: Float32Array, members: number, rows: number, sums: Float64Array): void {
  for (let m = 0; m < members; m++) {
    let loss = 0;
    let hits = 0;
    for (let r = 0, i = 3 * m * rows; r < rows; r++, i += 3) {
      loss += stats[i]! + stats[i + 1]!;
      hits += stats[i + 2]!;
    }
    sums[2 * m] = sums[2 * m]! + loss;
    sums[2 * m + 1] = sums[2 * m + 1]! + hits;
  }
}
