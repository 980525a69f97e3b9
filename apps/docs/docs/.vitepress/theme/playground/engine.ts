/**
 * The playground's computations, run in the browser with the initlab packages on tfjs-core (CPU or WASM).
 * Loaded lazily by Playground.vue, so no other page downloads TensorFlow.js.
 */
import { useBackend, type BackendInfo, type BackendName } from '@initlab/backends';
import { loadDataset, parseSklearnSet, type Dataset } from '@initlab/data';
import { classificationBaseline } from '@initlab/eval';
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
import { PixelScaler, StandardScaler, trainTestSplit } from '@initlab/preprocess';
import { Rng } from '@initlab/random';
import { criticalSigmaW2, meanField, TheoryError, THEORY_ACTIVATION_NAMES, type MeanFieldResult, type TheoryActivationName } from '@initlab/theory';
import { siteDataFile } from './site-data.js';

/** Whether the theory covers an activation (every hidden activation the playground offers). */
export const isTheoryActivation = (a: string): a is TheoryActivationName => (THEORY_ACTIVATION_NAMES as readonly string[]).includes(a);

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
    { value: MEAN_FIELD, label: 'N(0, σ_w²/fan-in) weights, N(0, σ_b²) biases (set below)', group: 'From the theory' },
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
  /** The bias initializer of the chosen network (default zeros); the mean-field choice draws b ~ N(0, σ_b²). */
  biasInitializer?: string;
}

/** The initializer menu's mean-field entry: weights N(0, σ_w²/fan_in) and biases N(0, σ_b²), set by two sliders. */
export const MEAN_FIELD = 'mean-field';

/**
 * The catalogue specs of the mean-field choice: `variance_scaling` with scale σ_w², fan-in and an untruncated
 * normal gives Var(W) = σ_w²/fan_in exactly (the normalisation of the mean-field papers); biases N(0, σ_b²).
 */
export function meanFieldInitializers(sigmaW2: number, sigmaB2: number): { kernel: string; bias: string } {
  return {
    kernel: `variance_scaling:scale=${sigmaW2},mode=fan_in,distribution=untruncated_normal`,
    bias: sigmaB2 === 0 ? 'zeros' : `random_normal:stddev=${Math.sqrt(sigmaB2)}`,
  };
}

/** Where a (σ_w², σ_b²) sits on the phase diagram of an activation, and the critical line around it. */
export interface PhasePoint {
  sigmaW2: number;
  sigmaB2: number;
  result: MeanFieldResult;
  /** σ_w² of the edge of chaos at this σ_b², or null when the activation has none there. */
  critical: number | null;
  /** The critical line σ_w²(σ_b²) over the slider's σ_b² range (points where it exists). */
  line: { sigmaB2: number; sigmaW2: number }[];
}

/** σ_b² values the critical line is drawn at: the slider's range. */
export const PHASE_SIGMA_B2 = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3] as const;

function criticalOrNull(activation: TheoryActivationName, sigmaB2: number): number | null {
  try {
    return criticalSigmaW2(activation, { sigmaB2 });
  } catch (err) {
    if (err instanceof TheoryError) return null;
    throw err;
  }
}

/** `@initlab/theory`'s mean-field quantities for the chosen point and the critical line it is drawn against. */
export function phasePoint(activation: TheoryActivationName, sigmaW2: number, sigmaB2: number): PhasePoint {
  const result = meanField(activation, { sigmaW2, sigmaB2 });
  const line = PHASE_SIGMA_B2.flatMap((b) => {
    const w = criticalOrNull(activation, b);
    return w === null ? [] : [{ sigmaB2: b, sigmaW2: w }];
  });
  return { sigmaW2, sigmaB2, result, critical: criticalOrNull(activation, sigmaB2), line };
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
  // tanh, softsign and sigmoid have fixed ranges, which shows saturation and collapse directly; others use their own spread.
  const symmetric = activation === 'tanh' || activation === 'softsign';
  let lo = symmetric ? -1 : activation === 'sigmoid' ? 0 : min;
  let hi = symmetric || activation === 'sigmoid' ? 1 : max;
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
  const member: EnsembleMember = { seed: c.seed, kernelInitializer: c.initializer, ...(c.biasInitializer === undefined ? {} : { biasInitializer: c.biasInitializer }) };
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

/** The data sets the training panel offers: spirals (generated in the page) and digits (fetched from the site). */
export const TRAIN_DATASETS = ['spirals', 'digits'] as const;
export type TrainDatasetId = (typeof TRAIN_DATASETS)[number];

/** Share of each training set's rows held out for the test accuracy. */
export const TEST_SIZE = 0.2;
/** Seed of the split (scikit-learn's `random_state`). */
export const SPLIT_SEED = 42;

/** Epochs per data set: digits has three times the rows of spirals and is learnt in far fewer passes. */
export const TRAIN_EPOCHS: Record<TrainDatasetId, number> = { spirals: 40, digits: 10 };

/** One data set, split once and scaled on its training rows, ready to train on, with the majority-class baseline. */
export interface TrainingSet {
  id: TrainDatasetId;
  /** The registry title. */
  title: string;
  xTrain: readonly (readonly number[] | Float32Array)[];
  yTrain: number[];
  xTest: readonly (readonly number[] | Float32Array)[];
  yTest: number[];
  inputDim: number;
  classes: string[];
  /** Image sets: the height × width of one image. */
  imageShape: number[] | null;
  /** How the features were scaled, for the page. */
  scaling: string;
  epochs: number;
  /** `classificationBaseline` of `@initlab/eval`: always predict the training rows' most frequent class. */
  baseline: { accuracy: number; predicted: string };
}

const sets = new Map<TrainDatasetId, Promise<TrainingSet>>();

function withBaseline(set: Omit<TrainingSet, 'baseline'>): TrainingSet {
  const b = classificationBaseline(set.yTrain, set.yTest, set.classes.length);
  return { ...set, baseline: { accuracy: b.metrics.accuracy, predicted: set.classes[b.prediction]! } };
}

/**
 * A loaded set split 80/20 (stratified when asked) and scaled by `scaler` fitted on the training rows. The rows
 * are plain arrays: both sets are small (600 × 2, 1,797 × 64), so the copy is nothing.
 */
function preparedSet(
  id: TrainDatasetId,
  ds: Dataset,
  scaler: StandardScaler | PixelScaler,
  how: { stratify: boolean; imageShape: number[] | null; scaling: string },
): TrainingSet {
  const split = trainTestSplit(toRows(ds.X), ds.y, { testSize: TEST_SIZE, randomState: SPLIT_SEED, ...(how.stratify ? { stratify: ds.y } : {}) });
  scaler.fit(split.XTrain);
  return withBaseline({
    id,
    title: ds.info!.title,
    xTrain: scaler.transform(split.XTrain),
    yTrain: split.yTrain,
    xTest: scaler.transform(split.XTest),
    yTest: split.yTest,
    inputDim: ds.X.cols,
    classes: ds.classes!,
    imageShape: how.imageShape,
    scaling: how.scaling,
    epochs: TRAIN_EPOCHS[id],
  });
}

/** Spirals (600 rows, generated from a seed: nothing is downloaded), 80/20 split, standardised on the training rows. */
async function spiralsSet(): Promise<TrainingSet> {
  const ds = await loadDataset('spirals');
  return preparedSet('spirals', ds, new StandardScaler(), { stratify: false, imageShape: null, scaling: 'standardised on the training rows' });
}

/**
 * scikit-learn's digits, fetched from this site (`url`: the copy the build wrote to `public/data/`) and read with
 * `@initlab/data`'s own parser, split 80/20 stratified by class, pixels scaled to [0, 1] by the set's depth with `PixelScaler`.
 */
async function digitsSet(url: string, signal?: AbortSignal): Promise<TrainingSet> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok) throw new Error(`could not load the digits data from ${url}: HTTP ${response.status}`);
  const ds = parseSklearnSet('digits', await response.text(), url);
  // The registry's pixel depth (16 for digits), what an experiment's `preprocess.features: pixels` divides by.
  const pixelMax = ds.info!.pixelMax!;
  return preparedSet('digits', ds, new PixelScaler({ maxValue: pixelMax }), {
    stratify: true,
    imageShape: ds.X.sampleShape!.slice(0, 2),
    scaling: `pixel values 0–${pixelMax} divided by ${pixelMax}`,
  });
}

/**
 * The training set `id`, prepared once per page: spirals is generated here; digits is fetched from the site's
 * `dataFolder` (e.g. `withBase('/data/')`). A failed load is not kept, so the next call tries again.
 */
export function trainingSet(id: TrainDatasetId, dataFolder: string): Promise<TrainingSet> {
  let got = sets.get(id);
  if (got === undefined) {
    got = id === 'spirals' ? spiralsSet() : digitsSet(`${dataFolder.replace(/\/?$/, '/')}${siteDataFile(id)}`);
    got.catch(() => sets.delete(id));
    sets.set(id, got);
  }
  return got;
}

export const TRAIN = { maxDepth: 8, maxWidth: 32, batchSize: 32, learningRate: 0.05, momentum: 0.9 } as const;

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

/** The network trained on `set`: the chosen activation, depth and width (capped), a sigmoid or softmax output. */
export function trainingSpec(c: NetworkChoice, set: TrainingSet): ModelSpec {
  const hidden = Array.from({ length: Math.min(c.depth, TRAIN.maxDepth) }, () => ({ units: Math.min(c.width, TRAIN.maxWidth), activation: c.activation }));
  return set.classes.length === 2
    ? { inputDim: set.inputDim, hidden, output: { units: 1, activation: 'sigmoid' }, loss: 'binary_crossentropy' }
    : { inputDim: set.inputDim, hidden, output: { units: set.classes.length, activation: 'softmax' }, loss: 'sparse_categorical_crossentropy' };
}

/**
 * Trains one model per initializer on `set` in a single `trainEnsemble` call (batched on the backend),
 * reporting each epoch's training losses as they come, and scores each on the held-out rows.
 */
export async function trainOn(
  set: TrainingSet,
  c: NetworkChoice,
  onEpoch: (epoch: number, losses: { id: string; loss: number }[]) => void,
  signal: AbortSignal,
): Promise<{ outcomes: TrainingOutcome[]; spec: ModelSpec; ms: number }> {
  const spec = trainingSpec(c, set);
  // The chosen initializer's member keeps the chosen biases (the mean-field choice's σ_b²); the others use zeros.
  const members = trainingInitializers(c.initializer).map((init) => ({
    id: init,
    seed: c.seed,
    kernelInitializer: init,
    ...(init === c.initializer && c.biasInitializer !== undefined ? { biasInitializer: c.biasInitializer } : {}),
  }));
  const t0 = performance.now();
  const result = await trainEnsemble(spec, members, { xTrain: set.xTrain, yTrain: set.yTrain }, {
    epochs: set.epochs,
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
    const scored = m.status === 'diverged' ? null : evaluate(spec, m.weights, set.xTest, set.yTest);
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
