/**
 * The numbers and figures of the guide page "Residual networks and normalization"
 * (docs/guide/residual-networks.md): the residual stream's variance block by block at initialization, measured
 * with `@initlab/models` (`diagnoseNetworkAtInit` for the residual networks, `forwardTrace` for the plain stack)
 * beside the variance argument's predictions, and test accuracy on digits after a short training of deep residual
 * networks with and without batch normalization (`trainEnsemble`, one ensemble of seeds per configuration,
 * `summarize` from `@initlab/eval` for the intervals). Fixed seeds; written to `.generated/residual.json` (and
 * `public/data/residual.json`) and `public/figures/residual-*`.
 *
 * The page's build-time budget is {@link RESIDUAL.budgetSeconds} on the 2-core CI machine; the measured time goes
 * into the JSON.
 */
import { METRICS, summarize } from '@initlab/eval';
import { prepareData, validateExperiment } from '@initlab/experiments';
import {
  ARCHITECTURE_INIT_DOCS,
  diagnoseNetworkAtInit,
  evaluate,
  forwardTrace,
  NORM_DEFAULTS,
  trainEnsemble,
  type ArchitectureInitName,
  type EnsembleMember,
  type HiddenLayerSpec,
  type ModelSpec,
} from '@initlab/models';
import { Rng } from '@initlab/random';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { sectionClock } from './lib/clock.js';
import { dataDir, docsDir, write, writeFigure, writeJson, writeSnippet } from './lib/context.js';
import type { Stat } from './lib/evidence-format.js';
import { details, figure, num, table } from './lib/md.js';
import { CHART_WIDTH, seedStripSpec } from './lib/specs.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Every size the page states. */
export const RESIDUAL = {
  budgetSeconds: 60,
  variance: {
    width: 128,
    depths: [8, 32, 128],
    rows: 256,
    draws: 4,
    /** Inputs N(0, 1/2): a He stem then gives the residual stream a variance of about 1. */
    inputVariance: 0.5,
    seed: 11,
  },
  training: {
    dataset: 'digits',
    train: 500,
    test: 300,
    blocks: 32,
    width: 32,
    epochs: 5,
    batchSize: 32,
    learningRate: 0.01,
    momentum: 0.9,
    seeds: [0, 1, 2],
  },
} as const;

/** The networks of the variance measurement, in the figure's order. */
export const VARIANCE_CONFIGS = [
  { key: 'plain', label: 'plain stack, he_normal', color: '#7f7f7f' },
  { key: 'he', label: 'residual, he_normal', color: '#f28e2b' },
  { key: 'he_batchnorm', label: 'residual + batchnorm, he_normal', color: '#4e79a7' },
  { key: 'fixup', label: 'residual, fixup', color: '#59a14f' },
  { key: 'rezero', label: 'residual, rezero', color: '#b07aa1' },
] as const;
export type VarianceKey = (typeof VARIANCE_CONFIGS)[number]['key'];

/** The trained configurations: a name (the JSON key and the chart's label), the branch's normalization, the members' initializer. */
export const TRAINING_CONFIGS = [
  { key: 'he_normal', norm: false, init: 'he_normal' },
  { key: 'fixup', norm: false, init: 'fixup' },
  { key: 'rezero', norm: false, init: 'rezero' },
  { key: 'he_normal + bn', norm: true, init: 'he_normal' },
  { key: 'zero_last_norm_gamma + bn', norm: true, init: 'zero_last_norm_gamma' },
] as const;

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

/**
 * A stem dense layer to `width` units, then `blocks` gated pre-activation residual blocks, each branch
 * [relu → dense → relu → dense] or, with `norm`, [batchnorm → relu → dense → batchnorm → relu → dense]
 * (He et al. 2016's identity-mapping order; the gate is ReZero's and SkipInit's α, 1 unless they set it).
 */
export function resnetSpec(opts: { inputDim: number; width: number; blocks: number; norm: boolean; output: ModelSpec['output']; loss: ModelSpec['loss'] }): ModelSpec {
  const relu: HiddenLayerSpec = { type: 'activation', activation: 'relu' };
  const dense: HiddenLayerSpec = { units: opts.width };
  const branch: HiddenLayerSpec[] = opts.norm ? [{ type: 'batchnorm' }, relu, dense, { type: 'batchnorm' }, relu, dense] : [relu, dense, relu, dense];
  return {
    inputDim: opts.inputDim,
    hidden: [{ units: opts.width }, ...Array.from({ length: opts.blocks }, (): HiddenLayerSpec => ({ type: 'residual', gate: true, layers: branch }))],
    output: opts.output,
    loss: opts.loss,
  };
}

/**
 * The plain stack of the same depth: the stem and two dense ReLU layers per block, no skips. Every layer applies
 * its ReLU, so layer j computes relu(W_j relu(…)): the same relu → dense pairs as a residual branch.
 */
export function plainSpec(width: number, blocks: number): ModelSpec {
  return { inputDim: width, hidden: Array.from({ length: 2 * blocks + 1 }, () => ({ units: width, activation: 'relu' as const })), output: { units: 1 }, loss: 'mse' };
}

/** The batch the variance is measured on: `rows` × `width` values N(0, inputVariance), float32. */
export function varianceInputs(): Float32Array {
  const { rows, width, inputVariance, seed } = RESIDUAL.variance;
  const rng = new Rng(seed, 'residual-inputs');
  return Float32Array.from({ length: rows * width }, () => rng.normal(0, Math.sqrt(inputVariance)));
}

/** The members of one variance measurement: the same seeds for every network and depth, so the stems agree. */
export function varianceMembers(kernelInitializer: 'he_normal' | ArchitectureInitName): EnsembleMember[] {
  const { draws, seed } = RESIDUAL.variance;
  return Array.from({ length: draws }, (_, d) => ({ id: `draw ${d}`, seed: seed * 100 + d, kernelInitializer }));
}

/** The variance argument: the residual stream's variance after block l from the stem's v₀ (mean field, independent branches). */
export function predictedVariance(key: VarianceKey, v0: number, block: number): number {
  switch (key) {
    case 'he':
      // each He ReLU branch returns its input's variance, and the sum adds it: doubling
      return v0 * 2 ** block;
    case 'he_batchnorm':
      // the branch sees a normalized input, so it adds a variance of 1 (γ = 1) whatever the stream's
      return v0 + block;
    default:
      // plain: He keeps the second moment layer to layer; fixup and rezero: every branch is 0
      return v0;
  }
}

/** The branch-to-skip ratio the argument predicts at block l (1-based); null for the plain stack. */
export function predictedBranchToSkip(key: VarianceKey, v0: number, block: number): number | null {
  switch (key) {
    case 'plain':
      return null;
    case 'he':
      return 1;
    case 'he_batchnorm':
      return 1 / Math.sqrt(v0 + block - 1);
    default:
      return 0;
  }
}

const geoMean = (values: readonly number[]): number => 2 ** (values.reduce((s, v) => s + Math.log2(v), 0) / values.length);
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** Per draw, the residual stream's variance at the stem (index 0) and after every block, and each block's branch-to-skip ratio. */
function measureStreams(key: VarianceKey, blocks: number, x: { rows: number; cols: number; values: Float32Array }): { variances: number[][]; ratios: (number | null)[][] } {
  const { width } = RESIDUAL.variance;
  if (key === 'plain') {
    const traces = forwardTrace(plainSpec(width, blocks), varianceMembers('he_normal'), { x });
    // Layer j's pre-activation h_j is symmetric about 0, so its mean square is twice that of relu(h_j), which the trace holds.
    const meanSquare = (a: Float32Array): number => (2 * a.reduce((s, v) => s + v * v, 0)) / a.length;
    return { variances: traces.map((t) => Array.from({ length: blocks + 1 }, (_, l) => meanSquare(t.layers[2 * l]!.activations))), ratios: traces.map(() => []) };
  }
  const init = key === 'fixup' ? 'fixup' : key === 'rezero' ? 'rezero' : 'he_normal';
  const spec = resnetSpec({ inputDim: width, width, blocks, norm: key === 'he_batchnorm', output: { units: 1 }, loss: 'mse' });
  const diagnostics = diagnoseNetworkAtInit(spec, varianceMembers(init), { x });
  const square = (s: number | null): number => (s === null ? Number.NaN : s * s);
  return {
    variances: diagnostics.map((d) => [square(d.blocks[0]!.skipStd), ...d.blocks.map((b) => square(b.outputStd))]),
    ratios: diagnostics.map((d) => d.blocks.map((b) => b.branchToSkip)),
  };
}

export interface VarianceRun {
  label: string;
  blocks: number;
  /** The stem's output variance v₀ (geometric mean over the draws). */
  stem: number;
  /** Block 0 is the stem; the variance is the geometric mean over the draws, with their smallest and largest. */
  series: { block: number; variance: number; min: number; max: number; predicted: number }[];
  last: { variance: number; min: number; max: number; predicted: number };
  /** log₂(Var(x_L) / v₀) / L, averaged over the draws: 1 is doubling per block, 0 flat. */
  growthPerBlock: { measured: number; predicted: number };
  /** (Var(x_L) − v₀) / L, averaged over the draws: the variance each block adds. */
  addedPerBlock: { measured: number; predicted: number };
  /** The last block's branch std over skip std (geometric mean over the draws); null for the plain stack. */
  branchToSkip: { measured: number; predicted: number } | null;
  /** Per draw, the stem's and every block's variance (for the tests). */
  draws: number[][];
}

function varianceRun(key: VarianceKey, label: string, blocks: number, x: { rows: number; cols: number; values: Float32Array }): VarianceRun {
  const { variances, ratios } = measureStreams(key, blocks, x);
  for (const d of variances) for (const v of d) if (!(Number.isFinite(v) && v > 0)) throw new Error(`residual: ${label}, ${blocks} blocks: a variance of ${v} (overflow or an all-zero stream)`);
  const stem = geoMean(variances.map((d) => d[0]!));
  const series = Array.from({ length: blocks + 1 }, (_, l) => {
    const at = variances.map((d) => d[l]!);
    return { block: l, variance: geoMean(at), min: Math.min(...at), max: Math.max(...at), predicted: predictedVariance(key, stem, l) };
  });
  const predictedLast = predictedVariance(key, stem, blocks);
  const lastRatios = ratios.map((r) => r[blocks - 1]);
  const ratioPredicted = predictedBranchToSkip(key, stem, blocks);
  return {
    label,
    blocks,
    stem,
    series,
    last: series[blocks]!,
    growthPerBlock: { measured: mean(variances.map((d) => Math.log2(d[blocks]! / d[0]!) / blocks)), predicted: Math.log2(predictedLast / stem) / blocks },
    addedPerBlock: { measured: mean(variances.map((d) => (d[blocks]! - d[0]!) / blocks)), predicted: (predictedLast - stem) / blocks },
    branchToSkip:
      ratioPredicted === null
        ? null
        : {
            // Fixup's and ReZero's ratio is exactly 0 in every draw; a geometric mean of zeros is 0.
            measured: lastRatios.some((r) => r === 0) ? mean(lastRatios.map((r) => r ?? Number.NaN)) : geoMean(lastRatios.map((r) => r ?? Number.NaN)),
            predicted: ratioPredicted,
          },
    draws: variances,
  };
}

function variance() {
  const { width, rows, depths } = RESIDUAL.variance;
  const x = { rows, cols: width, values: varianceInputs() };
  const byDepth: Record<string, Record<VarianceKey, VarianceRun>> = {};
  for (const blocks of depths) {
    byDepth[String(blocks)] = Object.fromEntries(VARIANCE_CONFIGS.map((c) => [c.key, varianceRun(c.key, c.label, blocks, x)])) as Record<VarianceKey, VarianceRun>;
  }
  return { ...RESIDUAL.variance, configs: VARIANCE_CONFIGS, byDepth };
}

// -------------------------------------------------------------------------------------------- training

export interface TrainedConfig extends Stat {
  norm: boolean;
  init: string;
  /** The last epoch's training accuracy (training mode: batch norm on each batch's statistics), over the seeds. */
  trainAccuracy: Stat;
  /** Per seed: status, the epoch it diverged at, its last training loss. */
  members: { seed: number; status: string; divergedAtEpoch: number | null; finalLoss: number | null }[];
}

/** The digits split the chaos page trains on (stratified subsample, pixels / 16), through the experiments' own preparation. */
export async function trainingData() {
  const t = RESIDUAL.training;
  const config = validateExperiment(
    {
      name: 'docs-residual',
      data: { dataset: t.dataset, limit: { train: t.train, test: t.test } },
      model: { hidden: [] },
      training: { epochs: t.epochs, batchSize: t.batchSize, optimizer: { name: 'sgd', learningRate: t.learningRate, momentum: t.momentum } },
      initializers: ['he_normal'],
      seeds: 1,
    },
    'docs-residual',
  );
  return prepareData(config, { dataOptions: { dataDir: dataDir(), offline: true } });
}

/** The trained network of a configuration on data of `inputDim` features and `classes` classes. */
export function trainingSpec(norm: boolean, inputDim: number, classes: number): ModelSpec {
  const t = RESIDUAL.training;
  return resnetSpec({ inputDim, width: t.width, blocks: t.blocks, norm, output: { units: classes, activation: 'softmax' }, loss: 'sparse_categorical_crossentropy' });
}

/** One configuration trained as one ensemble of the seeds; each member's test accuracy (null: it diverged). */
export async function trainConfig(config: (typeof TRAINING_CONFIGS)[number], prepared: Awaited<ReturnType<typeof trainingData>>, seeds: readonly number[] = RESIDUAL.training.seeds) {
  const t = RESIDUAL.training;
  const spec = trainingSpec(config.norm, prepared.xTrain.cols, prepared.nClasses);
  const result = await trainEnsemble(
    spec,
    seeds.map((seed) => ({ id: `seed ${seed}`, seed, kernelInitializer: config.init })),
    { xTrain: prepared.xTrain, yTrain: prepared.yTrainFit },
    { epochs: t.epochs, batchSize: t.batchSize, optimizer: { name: 'sgd', learningRate: t.learningRate, momentum: t.momentum }, diagnostics: 'none' },
  );
  return result.members.map((m) => {
    const accuracy = m.status === 'ok' ? (evaluate(spec, m, prepared.xTest, prepared.yTestFit).metrics.accuracy ?? null) : null;
    const last = m.history.at(-1);
    const finalLoss = last !== undefined && Number.isFinite(last.loss) ? last.loss : null;
    // The last epoch's training accuracy, accumulated over its batches in training mode (batch statistics).
    const trainAccuracy = m.status === 'ok' ? (last?.metrics.accuracy ?? null) : null;
    return { seed: m.seed, status: m.status, divergedAtEpoch: m.divergedAtEpoch, finalLoss, trainAccuracy, accuracy };
  });
}

/** The page's summary of one configuration: `summarize`'s mean and bootstrap interval over the seeds, as evidence.json keeps them. */
export function statOf(accuracies: readonly (number | null)[]): Stat {
  const s = summarize(accuracies, { range: METRICS.accuracy.range });
  return { mean: s.mean, ci: s.ciHalfWidth, interval: s.ciMethod === 'bootstrap' ? s.ci : null, min: s.min, max: s.max, n: s.n, diverged: s.diverged, values: [...accuracies] };
}

async function training() {
  const prepared = await trainingData();
  const configs: Record<string, TrainedConfig> = {};
  for (const c of TRAINING_CONFIGS) {
    const members = await trainConfig(c, prepared);
    configs[c.key] = {
      ...statOf(members.map((m) => m.accuracy)),
      norm: c.norm,
      init: c.init,
      trainAccuracy: statOf(members.map((m) => m.trainAccuracy)),
      members: members.map(({ seed, status, divergedAtEpoch, finalLoss }) => ({ seed, status, divergedAtEpoch, finalLoss })),
    };
  }
  const baseline = (prepared.baseline.metrics as { accuracy: number }).accuracy;
  const steps = RESIDUAL.training.epochs * Math.ceil(prepared.xTrain.rows / RESIDUAL.training.batchSize);
  // Evaluation normalizes with the moving statistics, which start at mean 0 and variance 1 and keep `momentum`
  // of their value each step (Keras's rule, the batchnorm layers' default): after `steps` steps this share of the start is left.
  const momentum = NORM_DEFAULTS.keras.momentum;
  const movingStart = { momentum, steps, share: momentum ** steps };
  return { ...RESIDUAL.training, seedCount: RESIDUAL.training.seeds.length, rows: { train: prepared.xTrain.rows, test: prepared.xTest.rows }, baseline, steps, movingStart, order: TRAINING_CONFIGS.map((c) => c.key), configs };
}

// ---------------------------------------------------------------------------------------------- figures

function varianceSpec(runs: Record<VarianceKey, VarianceRun>, blocks: number): TopLevelSpec {
  const labels = VARIANCE_CONFIGS.map((c) => c.label);
  const color = { field: 'network', type: 'nominal', title: null, scale: { domain: labels, range: VARIANCE_CONFIGS.map((c) => c.color) }, legend: { orient: 'bottom', columns: 2, columnPadding: 24 } };
  const measured = VARIANCE_CONFIGS.flatMap((c) => runs[c.key].series.map((s) => ({ network: c.label, block: s.block, variance: s.variance })));
  const predicted = VARIANCE_CONFIGS.flatMap((c) => runs[c.key].series.map((s) => ({ network: c.label, block: s.block, variance: s.predicted })));
  const y = { field: 'variance', type: 'quantitative', title: 'variance of the residual stream', scale: { type: 'log' }, axis: { format: '.0e' } };
  return {
    $schema: SCHEMA,
    description: `Variance of the residual stream after every block at initialization, ${blocks} blocks, measured and predicted`,
    title: `Residual stream variance at init, ${blocks} blocks, width ${RESIDUAL.variance.width}`,
    width: CHART_WIDTH,
    height: 300,
    layer: [
      {
        data: { values: predicted },
        mark: { type: 'line', strokeWidth: 1.5, strokeDash: [5, 4], opacity: 0.9 },
        encoding: { x: { field: 'block', type: 'quantitative', title: 'block (0: the stem)' }, y, color, detail: { field: 'network' } },
      },
      {
        data: { values: measured },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: {
          x: { field: 'block', type: 'quantitative' },
          y,
          color,
          tooltip: [{ field: 'network' }, { field: 'block' }, { field: 'variance', title: 'measured variance', format: '.3e' }],
        },
      },
    ],
  } as TopLevelSpec;
}

function accuracySpec(train: Awaited<ReturnType<typeof training>>): TopLevelSpec {
  const rows = train.order.flatMap((name) => train.configs[name]!.values.flatMap((v, i) => (v === null ? [] : [{ initializer: name, seed: train.seeds[i]!, value: v }])));
  return seedStripSpec({
    rows,
    labels: train.order,
    xTitle: 'test accuracy',
    title: `Digits, ${train.blocks} residual blocks of width ${train.width}, ${train.epochs} epochs`,
    description: `Test accuracy on digits per seed after ${train.epochs} epochs of SGD, ${train.blocks}-block residual networks with and without batch normalization`,
    baseline: { value: train.baseline, label: 'majority class' },
  });
}

// --------------------------------------------------------------------------------------------- the page

/** Runs everything, writes `.generated/residual.json`, the figures and the number tables. */
export async function generateResidual(): Promise<void> {
  const clock = sectionClock();
  const { timed, steps: timing } = clock;
  const vari = await timed('variance', variance);
  const train = await timed('training', training);
  const deepest = String(Math.max(...RESIDUAL.variance.depths));
  const figures = await timed('figures', async () => ({
    variance: await writeFigure('residual-variance', varianceSpec(vari.byDepth[deepest]!, Number(deepest))),
    accuracy: await writeFigure('residual-accuracy', accuracySpec(train)),
  }));
  snippets(vari, train, figures);
  const finished = clock.finish();
  const { totalSeconds, cpuSeconds, loadAverage: load } = finished;
  const papers = Object.fromEntries(ARCHITECTURE_INIT_DOCS.map((d) => [d.name, { paper: d.paper, summary: d.summary, formula: d.formula }]));
  const data = {
    sizes: RESIDUAL,
    budgetSeconds: RESIDUAL.budgetSeconds,
    timing: finished,
    papers,
    variance: vari,
    training: train,
  };
  writeJson('residual', data);
  write(join(docsDir, 'public', 'data', 'residual.json'), `${JSON.stringify(data, null, 2)}\n`);
  console.log(`generate: residual page in ${totalSeconds.toFixed(1)} s, CPU ${cpuSeconds.toFixed(1)} s, load ${load.toFixed(1)} (budget ${RESIDUAL.budgetSeconds} s): ${Object.entries(timing).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  if (totalSeconds > RESIDUAL.budgetSeconds) console.warn(`generate: the residual page took ${totalSeconds.toFixed(1)} s, over its ${RESIDUAL.budgetSeconds} s budget`);
}

const range = (lo: number, hi: number): string => `[${num(lo, 3)}, ${num(hi, 3)}]`;
const divergedText = (epoch: number | null): string => (epoch === null ? 'diverged' : `diverged (epoch ${epoch})`);

function snippets(vari: ReturnType<typeof variance>, train: Awaited<ReturnType<typeof training>>, src: { variance: string; accuracy: string }): void {
  const deepest = Math.max(...vari.depths);
  const runs = vari.byDepth[String(deepest)]!;
  writeSnippet(
    'residual-variance',
    [
      figure(
        src.variance,
        `Line chart, log scale, of the residual stream's variance after each of ${deepest} blocks at initialization, width ${vari.width}, geometric mean over ${vari.draws} draws. ` +
          VARIANCE_CONFIGS.map((c) => `${c.label}: ${num(runs[c.key].stem, 3)} at the stem, ${num(runs[c.key].last.variance, 3)} after block ${deepest} (predicted ${num(runs[c.key].last.predicted, 3)})`).join('; ') +
          '.',
        `Solid: measured (geometric mean over ${vari.draws} draws of the weights; the residual networks with diagnoseNetworkAtInit, the plain stack with forwardTrace); dashed: the variance argument from the measured stem variance v₀, v₀·2^l for He, v₀ + l with batch norm, v₀ for the rest. Fixup's and ReZero's lines lie on each other: both start every block as the identity.`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['network', 'blocks L', 'stem v₀', 'Var(x_L) measured [min, max]', 'Var(x_L) predicted', 'branch / skip at block L, measured', 'predicted'],
          vari.depths.flatMap((L) =>
            VARIANCE_CONFIGS.map((c) => {
              const r = vari.byDepth[String(L)]![c.key];
              return [c.label, String(L), num(r.stem, 4), `${num(r.last.variance, 4)} ${range(r.last.min, r.last.max)}`, num(r.last.predicted, 4), r.branchToSkip ? num(r.branchToSkip.measured, 3) : 'no branch', r.branchToSkip ? num(r.branchToSkip.predicted, 3) : 'no branch'];
            }),
          ),
          ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
        ) +
          '\n\n' +
          table(
            ['network', 'blocks L', 'log₂ growth per block, measured', 'predicted', 'variance added per block, measured', 'predicted'],
            vari.depths.flatMap((L) =>
              VARIANCE_CONFIGS.map((c) => {
                const r = vari.byDepth[String(L)]![c.key];
                return [c.label, String(L), num(r.growthPerBlock.measured, 3), num(r.growthPerBlock.predicted, 3), num(r.addedPerBlock.measured, 3), num(r.addedPerBlock.predicted, 3)];
              }),
            ),
            ['l', 'r', 'r', 'r', 'r', 'r'],
          ) +
          `\n\nWidth ${vari.width}, a batch of ${vari.rows} inputs N(0, ${vari.inputVariance}), ${vari.draws} draws of the weights per network (the same seeds for every network and depth, so the stems agree). Var(x_L): the geometric mean over the draws of the variance of the stream after block L (all rows and units), with the smallest and largest draw. Growth per block: log₂(Var(x_L)/v₀)/L, and added variance per block: (Var(x_L) − v₀)/L, each averaged over the draws. The plain stack's stream is its pre-activations, whose mean square is twice that of the ReLU outputs forwardTrace records.`,
      ),
    ].join('\n'),
  );
  const acc = (name: string): string => {
    const s = train.configs[name]!;
    if (s.mean === null) return `every run diverged (${s.diverged} of ${s.diverged + s.n})`;
    return s.interval ? `${num(s.mean, 3)} ${range(s.interval[0], s.interval[1])}` : num(s.mean, 3);
  };
  writeSnippet(
    'residual-accuracy',
    [
      figure(
        src.accuracy,
        `Strip chart of test accuracy on digits per seed after ${train.epochs} epochs, ${train.blocks} residual blocks of width ${train.width}: ` +
          train.order.map((name) => `${name} ${acc(name)}`).join('; ') +
          `. Majority-class baseline ${num(train.baseline, 3)}.`,
        `One point per seed (${train.seedCount} seeds, trained together as one ensemble per configuration), the tick is their mean; the dashed line is the majority class. bn: a batch normalization before each ReLU of every branch. A configuration whose every run diverged keeps its row, with a note.`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['configuration', 'test accuracy, mean [95% interval]', 'per seed', 'training accuracy, last epoch', 'final training loss per seed'],
          train.order.map((name) => {
            const s = train.configs[name]!;
            return [
              name,
              acc(name),
              s.values.map((v, i) => (v === null ? divergedText(s.members[i]!.divergedAtEpoch) : num(v, 3))).join(', '),
              s.trainAccuracy.values.map((v) => (v === null ? 'diverged' : num(v, 3))).join(', '),
              s.members.map((m) => (m.finalLoss === null ? 'diverged' : num(m.finalLoss, 3))).join(', '),
            ];
          }),
          ['l', 'r', 'r', 'r', 'r'],
        ) +
          `\n\nDigits (${train.rows.train} training and ${train.rows.test} test rows, pixels / 16), 64 → a dense stem of ${train.width} units → ${train.blocks} gated pre-activation residual blocks → 10 softmax; SGD (lr ${train.learningRate}, momentum ${train.momentum}), batch ${train.batchSize}, ${train.epochs} epochs (${train.steps} steps), seeds ${train.seeds.join(', ')}. Interval: summarize's percentile bootstrap over the seeds, inside [0, 1]. Training accuracy: the last epoch's, accumulated over its batches in training mode (batch norm on each batch's statistics); test accuracy: evaluate, with the moving statistics. Majority-class baseline ${num(train.baseline, 3)}.`,
      ),
    ].join('\n'),
  );
}
