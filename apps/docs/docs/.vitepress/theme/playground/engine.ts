/**
 * The playground's computations, run in the browser with the initlab packages on tfjs-core (CPU or WASM).
 * Loaded lazily by Playground.vue, so no other page downloads TensorFlow.js.
 */
import { useBackend, type BackendInfo, type BackendName } from '@initlab/backends';
import { loadDataset } from '@initlab/data';
import { toRows } from '@initlab/matrix';
import { deepNetworkSpec } from '@initlab/experiments';
import { listInitializers } from '@initlab/initializers';
import {
  HIDDEN_ACTIVATION_NAMES,
  evaluate,
  forwardTrace,
  trainEnsemble,
  type ActivationName,
  type EnsembleMember,
  type LayerTrace,
  type MemberResult,
  type ModelSpec,
} from '@initlab/models';
import { StandardScaler, trainTestSplit } from '@initlab/preprocess';
import { Rng } from '@initlab/random';

/** Activations offered (softmax is an output activation only): tanh first, the guide's example; linear last. */
export const ACTIVATIONS: readonly ActivationName[] = ['tanh', ...HIDDEN_ACTIVATION_NAMES.filter((name) => name !== 'tanh' && name !== 'linear'), 'linear'];
export const WIDTHS = [32, 64, 128, 256] as const;
export const MAX_DEPTH = 20;
/** Rows of standard-normal input the activations are measured on. */
export const BATCH = 256;
const BINS = 30;

/** One choice in the initializer menu. */
export interface InitializerOption {
  value: string;
  label: string;
  group: string;
}

/**
 * The initializers the playground offers: the guide's presets (too small, too large, LSUV) and every
 * catalogue entry that takes a dense kernel with its defaults.
 */
export function initializerOptions(): InitializerOption[] {
  const presets: InitializerOption[] = [
    { value: 'random_normal:stddev=0.01', label: 'random_normal, stddev 0.01 (too small)', group: 'From the guide' },
    { value: 'random_normal:stddev=1', label: 'random_normal, stddev 1 (too large)', group: 'From the guide' },
    { value: 'lsuv', label: 'LSUV (orthogonal, then rescaled on data)', group: 'From the guide' },
  ];
  const catalogue = listInitializers()
    .filter((i) => i.shapes.minRank <= 2 && (i.shapes.maxRank === null || i.shapes.maxRank >= 2))
    .filter((i) => i.parameters.every((p) => p.default !== null))
    .map((i) => ({ value: i.name, label: i.name, group: 'Catalogue (default parameters)' }));
  return [...presets, ...catalogue];
}

/** The backend in use, switching if needed. The WASM binaries are served by the site itself. */
export async function selectBackend(name: BackendName, wasmFolder: string): Promise<BackendInfo> {
  return useBackend(name, { wasmPaths: wasmFolder });
}

/**
 * One hidden layer's activations at initialisation. The statistics are `@initlab/models`' diagnostics of
 * the same forward pass (what `initlab diagnose` prints); only the histogram and the overflow count are
 * the playground's own, drawn from the activations.
 */
export interface LayerStats {
  /** 1-based, as the CLI prints it. */
  layer: number;
  mean: number | null;
  std: number | null;
  /** relu only: share of units never positive on the batch; `null` for other activations. */
  deadShare: number | null;
  /** tanh (|a| > 0.99) and sigmoid (a < 0.01 or a > 0.99) only: share of saturated activations. */
  saturatedShare: number | null;
  /** Values that overflowed float32 (NaN or ±Infinity). */
  nonFinite: number;
  bins: { x0: number; x1: number; share: number }[];
}

/** What the activation panel shows. */
export interface ActivationReport {
  layers: LayerStats[];
  ms: number;
  backend: string;
}

export interface NetworkChoice {
  initializer: string;
  activation: ActivationName;
  depth: number;
  width: number;
  seed: number;
}

function deepSpec(c: NetworkChoice): ModelSpec {
  return deepNetworkSpec({ inputDim: c.width, depth: c.depth, width: c.width, activation: c.activation });
}

/** The {@link BATCH} standard-normal rows of width `c.width` the activations are measured on (seeded by `c.seed`). */
export function inputBatch(c: NetworkChoice): number[][] {
  const rng = new Rng(c.seed, 'playground-input');
  return Array.from({ length: BATCH }, () => Array.from({ length: c.width }, () => rng.normal()));
}

function histogram(layer: LayerTrace, activation: ActivationName): { nonFinite: number; bins: LayerStats['bins'] } {
  const values = layer.activations;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const nonFinite = values.length - n;
  if (n === 0) return { nonFinite, bins: [] };
  // tanh and sigmoid have fixed ranges, which shows saturation and collapse directly; others use their own spread.
  let lo = activation === 'tanh' ? -1 : activation === 'sigmoid' ? 0 : min;
  let hi = activation === 'tanh' || activation === 'sigmoid' ? 1 : max;
  if (hi - lo < 1e-30) {
    const pad = Math.max(Math.abs(lo) * 0.1, 1e-6);
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(BINS - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[i]! += 1;
  }
  return { nonFinite, bins: counts.map((count, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, share: count / n })) };
}

/**
 * Initialises a `depth × width` network with `@initlab/models` (which samples from `@initlab/initializers`)
 * and traces a batch of standard-normal rows through it with `forwardTrace`, keeping every hidden layer.
 */
export function measureActivations(c: NetworkChoice, backend: string): ActivationReport {
  const t0 = performance.now();
  const member: EnsembleMember = { seed: c.seed, kernelInitializer: c.initializer };
  const [trace] = forwardTrace(deepSpec(c), [member], { x: inputBatch(c) });
  const layers = trace!.layers.slice(0, c.depth).map((l): LayerStats => ({
    layer: l.layer + 1,
    mean: l.activationMean,
    std: l.activationStd,
    deadShare: l.deadShare,
    saturatedShare: l.saturatedShare,
    ...histogram(l, c.activation),
  }));
  return { layers, ms: performance.now() - t0, backend };
}

/** The training panel's setup: the spirals data set, split and standardised once. */
export interface SpiralsData {
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
  yTest: number[];
}

let spirals: SpiralsData | null = null;

/** Spirals (600 rows, generated from a seed: nothing is downloaded), 80/20 split, standardised on the training rows. */
export async function spiralsData(): Promise<SpiralsData> {
  if (spirals) return spirals;
  const ds = await loadDataset('spirals');
  // The preprocessing takes plain rows for now; spirals is 600 × 2, so the copy is nothing.
  const split = trainTestSplit(toRows(ds.X), ds.y, { testSize: 0.2, randomState: 42 });
  const scaler = new StandardScaler().fit(split.XTrain);
  spirals = { xTrain: scaler.transform(split.XTrain), yTrain: split.yTrain, xTest: scaler.transform(split.XTest), yTest: split.yTest };
  return spirals;
}

export const TRAIN = { maxDepth: 8, maxWidth: 32, epochs: 40, batchSize: 32, learningRate: 0.05, momentum: 0.9 } as const;

/** The initializers trained side by side: the chosen one and four reference points. */
export function trainingInitializers(chosen: string): string[] {
  return [...new Set([chosen, 'zeros', 'random_normal:stddev=0.01', 'glorot_uniform', 'he_normal'])];
}

export interface TrainingOutcome {
  id: string;
  status: MemberResult['status'];
  divergedAtEpoch: number | null;
  finalLoss: number | null;
  testAccuracy: number | null;
}

/**
 * Trains one model per initializer on spirals in a single `trainEnsemble` call (batched on the backend),
 * reporting each epoch's training losses as they come.
 */
export async function trainSpirals(
  c: NetworkChoice,
  onEpoch: (epoch: number, losses: { id: string; loss: number }[]) => void,
  signal: AbortSignal,
): Promise<{ outcomes: TrainingOutcome[]; spec: ModelSpec; ms: number }> {
  const data = await spiralsData();
  const spec: ModelSpec = {
    inputDim: 2,
    hidden: Array.from({ length: Math.min(c.depth, TRAIN.maxDepth) }, () => ({ units: Math.min(c.width, TRAIN.maxWidth), activation: c.activation })),
    output: { units: 1, activation: 'sigmoid' },
    loss: 'binary_crossentropy',
  };
  const members = trainingInitializers(c.initializer).map((init) => ({ id: init, seed: c.seed, kernelInitializer: init }));
  const t0 = performance.now();
  const result = await trainEnsemble(spec, members, { xTrain: data.xTrain, yTrain: data.yTrain }, {
    epochs: TRAIN.epochs,
    batchSize: TRAIN.batchSize,
    optimizer: { name: 'sgd', learningRate: TRAIN.learningRate, momentum: TRAIN.momentum },
    diagnostics: 'none',
    signal,
    onProgress: (e) => {
      if (e.type !== 'epoch') return;
      const losses = e.members.flatMap((m) => (m.record && Number.isFinite(m.record.loss) ? [{ id: m.id, loss: m.record.loss }] : []));
      onEpoch(e.epoch, losses);
    },
  });
  const outcomes = result.members.map((m) => {
    const scored = m.status === 'diverged' ? null : evaluate(spec, m.weights, data.xTest, data.yTest);
    return {
      id: m.id,
      status: m.status,
      divergedAtEpoch: m.divergedAtEpoch,
      finalLoss: m.history.at(-1)?.loss ?? null,
      testAccuracy: scored?.metrics.accuracy ?? null,
    };
  });
  return { outcomes, spec, ms: performance.now() - t0 };
}
