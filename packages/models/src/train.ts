import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@initlab/random';
import { TRAINING_DATA_KEYS, toDenseMatrix, toDenseTargets, type DenseMatrix, type TrainingData } from './data.js';
import { computeNetworkDiagnostics, type NetworkDiagnostics } from './block-diagnostics.js';
import { computeDiagnostics, type LayerDiagnostics } from './diagnostics.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { accumulate, type Scorer } from './host-loss.js';
import { lossMode, metricNames, type MetricName } from './losses.js';
import { resolveMembers, type EnsembleMember, type ResolvedMember } from './members.js';
import { EnsembleState } from './ensemble-state.js';
import { assembleBatch, ResidentNetwork, residentApplies } from './resident-step.js';
import { graphForward, graphStep, type DropoutMasks } from './graph.js';
import type { ResolvedNetwork } from './network-spec.js';
import { forward, gradients, tileForMembers } from './network.js';
import { foldsLearningRate, resolveOptimizer, type OptimizerSpec, type ResolvedOptimizer } from './optimizers.js';
import { resolveThreads, withProductThreads } from './product-threads.js';
import { resolveNetwork, type ModelSpec, type ResolvedLayer } from './spec.js';
import { allTensors, flatParams, type ExtraWeights, type LayerWeights, type StackedParams } from './weights.js';

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
   * bits on any number. Default: chosen from the largest product (see `resolveThreads`): one thread
   * for a small network, both cores of a 2-core machine for an 8 × 256 network at batch 128. In
   * `trainEnsembleParallel`, per worker, default 1 (the workers already use the cores).
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
  /**
   * `init` before training (`null` with diagnostics `'none'`); `epochs[e − 1]` after epoch `e` (diagnostics
   * `'epoch'`). A network with residual or normalization layers has per-block diagnostics in `network`
   * instead (and `init` null): each block's skip and branch spread, and each normalization's statistics.
   */
  diagnostics: { init: LayerDiagnostics[] | null; epochs: LayerDiagnostics[][]; network?: { init: NetworkDiagnostics | null; epochs: NetworkDiagnostics[] } };
  initialWeights: LayerWeights[];
  /** Final weights; for a diverged member, the weights after its last finite epoch; for an aborted one, where it stopped. */
  weights: LayerWeights[];
  /** The network's γ, β, gates and batch-norm buffers at the same point as `weights` (empty for a plain stack of dense layers). */
  extras: ExtraWeights;
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

/**
 * Batch normalization needs at least 2 rows in every training batch (one row has variance 0, so its output
 * would be β alone; PyTorch refuses it too): refuses a batch size, or a last partial batch, of 1 row.
 */
export function checkBatchNormBatches(net: ResolvedNetwork, rows: number, batchSize: number, fn: string): void {
  if (!net.norms.some((norm) => norm.kind === 'batchnorm')) return;
  const lastBatch = rows % batchSize;
  if (Math.min(batchSize, rows) < 2 || lastBatch === 1) {
    throw new ModelsError(
      'INVALID_OPTIONS',
      `${fn}: batch normalization needs at least 2 rows in every training batch, and batchSize ${batchSize} over ${rows} rows leaves a batch of 1: choose a batchSize of 2 or more that does not leave 1 row over`,
    );
  }
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

/**
 * The epoch-end device work: one flag per member slot (1 when every weight and buffer is finite) and, with
 * validation data, the output pre-activations `[K, rows, units]` of every member on it (evaluation mode).
 */
function epochDeviceChecks(
  net: ResolvedNetwork,
  params: StackedParams,
  validation: { x: tf.Tensor2D; y: Float32Array; rows: number } | null,
): { finite: Float32Array; zVal: Float32Array | null } {
  const k = params.kernels[0]!.shape[0];
  const [finiteTensor, zValTensor] = tf.tidy(() => {
    let finite: tf.Tensor = tf.ones([k], 'bool');
    for (const p of allTensors(params)) finite = tf.logicalAnd(finite, tf.all(tf.isFinite(p), [1, 2]));
    const flags = tf.cast(finite, 'float32');
    if (validation === null) return [flags];
    const x = tileForMembers(validation.x, k);
    const z = net.plain ? forward(net.dense, params, x).zs[net.dense.length - 1]! : graphForward(net, params, x, { training: false }).zOut;
    return [flags, z];
  });
  const finite = finiteTensor!.dataSync() as Float32Array;
  const zVal = zValTensor === undefined ? null : (zValTensor.dataSync() as Float32Array);
  tf.dispose([finiteTensor!, zValTensor].filter((t): t is tf.Tensor => t !== undefined));
  return { finite, zVal };
}

/**
 * One step's dropout masks: for each dropout node (by its index), `[K, size, units]` of 0 and `1/(1 − rate)`
 * in float32, member m's from its own stream (`rngs[m]`), so a member draws the same masks alone and in any
 * ensemble.
 */
export function dropoutMaskValues(net: ResolvedNetwork, rngs: readonly Rng[], members: readonly number[], size: number): Float32Array[] {
  const masks: Float32Array[] = [];
  const visit = (nodes: ResolvedNetwork['nodes']): void => {
    for (const node of nodes) {
      if (node.kind === 'residual') visit(node.branch);
      if (node.kind !== 'dropout') continue;
      const per = size * node.units;
      const values = new Float32Array(members.length * per);
      const kept = Math.fround(1 / (1 - node.rate));
      members.forEach((member, slot) => {
        const rng = rngs[member]!;
        for (let i = slot * per, end = i + per; i < end; i++) values[i] = rng.uniform() >= node.rate ? kept : 0;
      });
      masks[node.index] = values;
    }
  };
  visit(net.nodes);
  return masks;
}

/** {@link dropoutMaskValues} as tensors. */
function dropoutMasks(net: ResolvedNetwork, rngs: readonly Rng[], members: readonly number[], size: number): DropoutMasks {
  const masks: tf.Tensor3D[] = [];
  dropoutMaskValues(net, rngs, members, size).forEach((values, index) => {
    masks[index] = tf.tensor3d(values, [members.length, size, values.length / members.length / size]);
  });
  return masks;
}

/** The mean per-sample loss and metrics of each member slot over an epoch, summed on the host in float64. */
class EpochScores {
  readonly sums: Float64Array;
  constructor(
    readonly slots: number,
    readonly width: number,
  ) {
    this.sums = new Float64Array(slots * width);
  }
  add(other: Float64Array): void {
    for (let i = 0; i < this.sums.length; i++) this.sums[i] = this.sums[i]! + other[i]!;
  }
  loss(slot: number, rows: number): number {
    return this.sums[slot * this.width]! / rows;
  }
  metrics(names: readonly MetricName[], slot: number, rows: number): Metrics {
    return metricsFrom(names, (i) => this.sums[slot * this.width + 1 + i]! / rows);
  }
}

/** An epoch's outcome for one member slot: its record, or null when a loss, metric or weight stopped being finite. */
function epochRecord(
  epoch: number,
  names: readonly MetricName[],
  slot: number,
  rows: number,
  train: EpochScores,
  validation: { scores: EpochScores; rows: number } | null,
  weightsFinite: boolean,
): EpochRecord | null {
  const loss = train.loss(slot, rows);
  const metrics = train.metrics(names, slot, rows);
  const valLoss = validation === null ? null : validation.scores.loss(slot, validation.rows);
  const valMetrics = validation === null ? null : validation.scores.metrics(names, slot, validation.rows);
  const finite =
    Number.isFinite(loss) && allFinite(metrics) && weightsFinite && (valLoss === null || Number.isFinite(valLoss)) && (valMetrics === null || allFinite(valMetrics));
  return finite ? { epoch, loss, metrics, valLoss, valMetrics } : null;
}

/** The training loop shared by {@link trainEnsemble} and the worker threads of `trainEnsembleParallel`. */
export async function runTraining(
  spec: ModelSpec,
  net: ResolvedNetwork,
  members: readonly ResolvedMember[],
  data: PreparedData,
  optimizer: ResolvedOptimizer,
  options: ResolvedTrainOptions,
): Promise<TrainResult> {
  const started = performance.now();
  const layers = net.dense;
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
    diagnostics: net.plain ? { init: null, epochs: [] } : { init: null, epochs: [], network: { init: null, epochs: [] } },
    initialWeights: m.initialWeights,
    weights: [],
    extras: m.initialExtras,
  }));
  const rngs = members.map((m) => new Rng(m.seed, 'shuffle'));
  const dropoutRngs = net.dropouts > 0 ? members.map((m) => new Rng(m.seed, 'dropout')) : null;
  const state = new EnsembleState(net, optimizer, members.map((m) => ({ weights: m.initialWeights, extras: m.initialExtras })));
  const diagRows = Math.min(options.diagnosticsSamples, n);
  const diagX = options.diagnostics === 'none' ? null : tf.tensor2d(data.x.values.subarray(0, diagRows * inputs), [diagRows, inputs]);
  const diagY = options.diagnostics === 'none' ? null : tf.tensor2d(data.y.values.subarray(0, diagRows * units), [diagRows, units]);
  const validation =
    data.xVal !== null && data.yVal !== null
      ? { x: tf.tensor2d(data.xVal.values, [data.xVal.rows, inputs]), y: data.yVal.values, rows: data.xVal.rows }
      : null;
  let aborted = options.signal?.aborted === true;
  let stepsDone = 0;
  let snapshotParams: StackedParams | null = null;
  // a softmax network trains with its state resident in the kernels' memory (same bits)
  let resident = residentApplies(net, mode) ? ResidentNetwork.create(net, optimizer, batchSize) : null;

  try {
    if (diagX !== null && diagY !== null && net.plain) {
      const init = computeDiagnostics(layers, mode, state.current, diagX, diagY, null).diagnostics;
      init.forEach((d, slot) => {
        results[state.members[slot]!]!.diagnostics.init = d;
      });
    } else if (diagX !== null) {
      computeNetworkDiagnostics(net, state.current, diagX).forEach((d, slot) => {
        results[state.members[slot]!]!.diagnostics.network!.init = d;
      });
    }
    let lastYield = performance.now();
    const identity = Uint32Array.from({ length: n }, (_, i) => i);
    // the tensor path's batch buffers, made when it first runs (the resident step gathers into its memory);
    // an ensemble only shrinks, so they stay large enough
    let xBuffer = new Float32Array(0);
    let yBuffer = new Float32Array(0);

    for (let epoch = 1; epoch <= options.epochs && !aborted && state.size > 0; epoch++) {
      const k = state.size;
      const slotMembers = state.members;
      const orders = slotMembers.map((member) => (options.shuffle ? rngs[member]!.permutation(n) : identity));
      const scores = new EpochScores(k, width);
      snapshotParams = state.current;
      if (resident !== null && !resident.load(flatParams(state.current), state.slots, state.current.buffers)) {
        resident.dispose();
        resident = null;
      }
      let residentSteps = 0;
      for (let step = 0; step < batches; step++) {
        if (options.signal?.aborted === true) {
          aborted = true;
          break;
        }
        const offset = step * batchSize;
        const size = Math.min(batchSize, n - offset);
        let statsValues: Float32Array | null;
        let zValues: Float32Array | null;
        let yValues: Float32Array;
        if (resident !== null) {
          const masks = dropoutRngs === null ? null : dropoutMaskValues(net, dropoutRngs, slotMembers, size);
          const out = resident.step(data.x.values, data.y.values, orders, offset, size, gradScale / size, state.iterations + residentSteps + 1, statsScoring, masks);
          residentSteps++;
          statsValues = out.stats;
          zValues = statsValues === null ? out.z : null;
          yValues = out.y;
        } else {
          if (xBuffer.length === 0) {
            xBuffer = new Float32Array(k * batchSize * inputs);
            yBuffer = new Float32Array(k * batchSize * units);
          }
          assembleBatch(data.x.values, data.y.values, orders, offset, size, inputs, units, xBuffer, yBuffer);
          const [zOut, ...rowStatsList] = state.step((params) => {
            const x = tf.tensor3d(xBuffer.subarray(0, k * size * inputs), [k, size, inputs]);
            const y = tf.tensor3d(yBuffer.subarray(0, k * size * units), [k, size, units]);
            if (net.plain) {
              const { trace, grads, rowStats } = gradients(layers, mode, params, x, y, gradScale / size, { outputActivation: false, rowStats: statsScoring });
              return { grads: flatParams(grads), buffers: null, keep: [trace.zs[last]!, ...(rowStats === null ? [] : [rowStats])] };
            }
            const masks = dropoutRngs === null ? null : dropoutMasks(net, dropoutRngs, slotMembers, size);
            const { trace, grads, rowStats } = graphStep(net, mode, params, x, y, gradScale / size, { masks, rowStats: statsScoring });
            return { grads: flatParams(grads), buffers: trace.buffers, keep: [trace.zOut, ...(rowStats === null ? [] : [rowStats])] };
          });
          // The batch's outputs come back to the host (a copy on cpu/wasm) and are scored in float64:
          // the epoch's loss and metrics are these per-batch values accumulated, as in Keras. The
          // softmax cross-entropy kernel scores its rows itself: then only those scores come back.
          statsValues = rowStatsList.length === 0 ? null : (rowStatsList[0]!.dataSync() as Float32Array);
          zValues = statsValues === null ? (zOut!.dataSync() as Float32Array) : null;
          yValues = yBuffer;
          tf.dispose([zOut!, ...rowStatsList]);
        }
        const score = (target: Float64Array): void => {
          if (statsValues !== null) sumRowStats(statsValues, k, size, target);
          else accumulate(scorer, zValues!, yValues, k, size, target);
        };
        stepsDone++;
        if (options.onProgress !== undefined && options.progress === 'batch') {
          let loss: (number | null)[] | null = null;
          if (options.batchLoss) {
            const batchSums = new Float64Array(k * width);
            score(batchSums);
            scores.add(batchSums);
            loss = Array.from({ length: k }, (_, m) => {
              const v = batchSums[m * width]! / size;
              return Number.isFinite(v) ? v : null;
            });
          } else {
            score(scores.sums);
          }
          options.onProgress({ type: 'batch', epoch, epochs: options.epochs, batch: step + 1, batches, loss });
        } else {
          score(scores.sums);
        }
        if (performance.now() - lastYield > 25) {
          await yieldNow();
          lastYield = performance.now();
        }
      }
      if (resident !== null && residentSteps > 0) state.adopt(resident.parameters(), resident.optimizerSlots(), residentSteps, resident.buffers());
      if (aborted) break;

      const checks = epochDeviceChecks(net, state.current, validation);
      let valScores: { scores: EpochScores; rows: number } | null = null;
      if (validation !== null && checks.zVal !== null) {
        valScores = { scores: new EpochScores(k, width), rows: validation.rows };
        accumulate(scorer, checks.zVal, validation.y, k, validation.rows, valScores.scores.sums, true);
      }
      const epochDiagnostics =
        options.diagnostics === 'epoch' && diagX !== null && net.plain ? computeDiagnostics(layers, mode, state.current, diagX, diagY, snapshotParams).diagnostics : null;
      const epochNetwork = options.diagnostics === 'epoch' && diagX !== null && !net.plain ? computeNetworkDiagnostics(net, state.current, diagX) : null;

      const diverged: number[] = [];
      const eventMembers = new Map<number, EpochRecord | null>();
      for (let slot = 0; slot < k; slot++) {
        const result = results[slotMembers[slot]!]!;
        const record = epochRecord(epoch, names, slot, n, scores, valScores, checks.finite[slot] === 1);
        if (record === null) {
          diverged.push(slot);
          result.status = 'diverged';
          result.divergedAtEpoch = epoch;
          const { weights, extras } = state.snapshotOf(slot);
          result.weights = weights;
          result.extras = extras;
          eventMembers.set(result.index, null);
          continue;
        }
        result.history.push(record);
        result.epochsCompleted = epoch;
        if (epochDiagnostics !== null) result.diagnostics.epochs.push(epochDiagnostics[slot]!);
        if (epochNetwork !== null) result.diagnostics.network!.epochs.push(epochNetwork[slot]!);
        eventMembers.set(result.index, record);
      }

      state.commitEpoch();
      state.prune(diverged);
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

    if (state.size > 0) {
      const final = state.weights();
      state.members.forEach((member, slot) => {
        const result = results[member]!;
        result.weights = final[slot]!.weights;
        result.extras = final[slot]!.extras;
        if (aborted) result.status = 'aborted';
      });
    }
  } finally {
    resident?.dispose();
    state.dispose();
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
  const net = resolveNetwork(spec);
  const options = resolveTrainOptions(opts, fn);
  const optimizer = resolveOptimizer(opts.optimizer);
  const prepared = prepareData(spec, net.dense, data, fn);
  checkBatchNormBatches(net, prepared.x.rows, options.batchSize, fn);
  ensureBackend(fn);
  const resolved = resolveMembers(net, members, prepared.x, fn);
  const rows = Math.min(options.batchSize, prepared.x.rows);
  const threads = await resolveThreads(options.threads, fn, resolved.length * rows * Math.max(...net.dense.map((l) => l.inputs * l.units)));
  return withProductThreads(threads, () => runTraining(spec, net, resolved, prepared, optimizer, options));
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
