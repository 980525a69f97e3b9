import { formatComparisonTable } from '@initlab/report';
import {
  diagnoseDeepNetwork,
  runExperiment,
  seedExperiments,
  validateExperiment,
  type ExperimentResult,
  type RunResult,
} from '@initlab/experiments';
import { lossCurvesSpec } from '@initlab/report';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, docsDir, readJson, step, write, writeFigure, writeJson, writeSnippet } from './lib/context.js';
import type { SignalLayer, Stat } from './lib/evidence-format.js';
import { details, esc, figure, num, numOr, table, vueSafe } from './lib/md.js';
import { colorOf, distinctUnitsSpec, layerLinesSpec, seedStripSpec } from './lib/specs.js';

/**
 * The measurements behind the guide. Every number a guide page states comes from here: experiments run
 * through `@initlab/experiments` and `@initlab/models` with fixed seeds when the docs are built.
 */

/** Seeds per initializer for the multi-seed distributions (kept small so the build stays within minutes). */
export const SEEDS = 5;

const dataOptions = (): { dataDir: string; offline: boolean } => ({ dataDir: dataDir(), offline: true });

async function run(config: unknown, name: string): Promise<ExperimentResult> {
  const validated = validateExperiment(config, name);
  return runExperiment(validated, { dataOptions: dataOptions() });
}

function labelsOf(result: ExperimentResult): string[] {
  return [...new Set(result.results.map((r) => r.label))];
}

type MetricKey = 'accuracy' | 'mse';

function metricRows(results: readonly RunResult[], metric: MetricKey): { initializer: string; seed: number; value: number }[] {
  return results.flatMap((r) => {
    const v = r.metrics[metric];
    return typeof v === 'number' && Number.isFinite(v) ? [{ initializer: r.label, seed: r.seed, value: v }] : [];
  });
}

/**
 * A loss-curve figure drawn by `@initlab/report` — the same chart `initlab report` puts in report.html — with
 * the text alternative the report package writes for it.
 */
async function lossFigure(name: string, results: readonly RunResult[], title: string): Promise<{ src: string; alt: string }> {
  // The site's colours, so an initializer looks the same in every chart on a page; the chart keeps its own
  // series names (`he_normal @ activation=tanh` in a grid) as the scale's domain.
  const spec = lossCurvesSpec(results, { title, band: 'minmax', seriesColor: ({ label }) => colorOf(label) });
  const src = await writeFigure(name, spec);
  return { src, alt: String((spec as { description?: unknown }).description ?? title) };
}

function statsOf(result: ExperimentResult, metric: MetricKey, gridLabel?: string): Record<string, Stat> {
  const out: Record<string, Stat> = {};
  for (const a of result.aggregates) {
    if (gridLabel !== undefined && a.gridLabel !== gridLabel) continue;
    const s = a.metrics[metric] ?? a.test;
    // per-seed values too, so a claim about every seed can be checked seed by seed
    const values = result.results
      .filter((r) => r.label === a.label && (gridLabel === undefined || r.gridLabel === gridLabel))
      .map((r) => r.metrics[metric] ?? null);
    // A bootstrap interval (accuracy, MSE) is asymmetric: both ends are kept, and `ci` (a half-width) only for Student's t.
    out[a.label] = { mean: s.mean, ci: s.ciHalfWidth, interval: s.ciMethod === 'bootstrap' ? s.ci : null, min: s.min, max: s.max, n: s.n, diverged: a.diverged, values };
  }
  return out;
}

function comparisonMarkdown(result: ExperimentResult): string {
  return result.comparison
    ? vueSafe(formatComparisonTable(result.comparison, { format: 'markdown', nameHeader: 'initializer' }))
    : '';
}

function meanText(s: Stat | undefined): string {
  if (!s || s.mean === null) return s && s.diverged > 0 ? 'all diverged' : 'no runs';
  return s.ci === null || s.ci === 0 ? num(s.mean) : `${num(s.mean)} ± ${num(s.ci, 2)}`;
}

// ---------------------------------------------------------------------------------------------- symmetry

const SYMMETRY_EPOCHS = 100;

async function symmetry(): Promise<unknown> {
  const initializers = ['zeros', 'constant:value=0.1', 'random_normal:stddev=0.05', 'random_normal:stddev=0.5', 'he_normal'];
  const result = await run(
    {
      name: 'docs-symmetry',
      description: 'Zeros and constants leave every unit of a layer identical; random starts do not.',
      data: { dataset: 'spirals' },
      model: { hidden: [16, 16], activation: 'tanh', initializerScope: 'all' },
      training: { epochs: SYMMETRY_EPOCHS, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
      initializers,
      seeds: SEEDS,
    },
    'docs-symmetry',
  );
  const labels = labelsOf(result);
  const units: Record<string, { layer1: number[]; layer2: number[] }> = {};
  for (const r of result.results) {
    const d = r.diagnostics.final ?? [];
    const u = (units[r.label] ??= { layer1: [], layer2: [] });
    u.layer1.push(d[0]?.distinctUnits ?? NaN);
    u.layer2.push(d[1]?.distinctUnits ?? NaN);
  }
  const rows = labels.flatMap((label) => [
    { initializer: label, layer: 'layer 1 (16 units)', units: Math.min(...units[label]!.layer1) },
    { initializer: label, layer: 'layer 2 (16 units)', units: Math.min(...units[label]!.layer2) },
  ]);
  const acc = statsOf(result, 'accuracy');
  const baseline = result.baseline.metrics as { accuracy: number };
  const describe = labels
    .map((l) => `${l}: ${Math.min(...units[l]!.layer1)} and ${Math.min(...units[l]!.layer2)} distinct units, test accuracy ${meanText(acc[l])}`)
    .join('; ');
  const unitsSrc = await writeFigure(
    'symmetry-units',
    distinctUnitsSpec({
      rows,
      labels,
      maxUnits: 16,
      title: `Distinct units after ${SYMMETRY_EPOCHS} epochs (fewest over ${SEEDS} seeds)`,
      description: 'Distinct hidden units after training, per initializer',
    }),
  );
  const accSrc = await writeFigure(
    'symmetry-accuracy',
    seedStripSpec({
      rows: metricRows(result.results, 'accuracy'),
      labels,
      xTitle: 'test accuracy',
      title: 'Test accuracy on spirals, one point per seed',
      description: 'Test accuracy per seed and initializer on the spirals data',
      baseline: { value: baseline.accuracy, label: `majority class ${num(baseline.accuracy)}` },
    }),
  );
  writeSnippet(
    'symmetry',
    [
      figure(
        unitsSrc,
        `Bar chart of distinct units per hidden layer after training a 2-16-16-1 tanh network on spirals for ${SYMMETRY_EPOCHS} epochs. ${describe}.`,
        'Units whose incoming weights and bias agree to 1e-6 count as one. Every layer, output included, starts from the initializer named.',
      ),
      '',
      figure(
        accSrc,
        `Test accuracy per seed. ${labels.map((l) => `${l}: ${meanText(acc[l])}`).join('; ')}; the majority-class baseline is ${num(baseline.accuracy)}.`,
        `Points are seeds, the black tick is the mean, the dashed line the majority-class baseline (${num(baseline.accuracy)}).`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['initializer', 'distinct units, layer 1', 'distinct units, layer 2', 'test accuracy (mean ± 95% CI)'],
          labels.map((l) => [
            esc(l),
            `${Math.min(...units[l]!.layer1)}–${Math.max(...units[l]!.layer1)}`,
            `${Math.min(...units[l]!.layer2)}–${Math.max(...units[l]!.layer2)}`,
            meanText(acc[l]),
          ]),
          ['l', 'r', 'r', 'r'],
        ) +
          `\n\nSpirals (600 points, 480 to train), 2 → 16 tanh → 16 tanh → 1 sigmoid, Adam (lr 0.01), batch 32, ${SYMMETRY_EPOCHS} epochs, seeds 0–${SEEDS - 1}.`,
      ),
    ].join('\n'),
  );
  return {
    baseline: baseline.accuracy,
    // spirals is binary: the test shares of its two classes, the accuracies of a constant prediction
    shares: [baseline.accuracy, 1 - baseline.accuracy],
    initializers: Object.fromEntries(
      labels.map((l) => [l, { distinct: [Math.min(...units[l]!.layer1), Math.min(...units[l]!.layer2)], distinctMax: [Math.max(...units[l]!.layer1), Math.max(...units[l]!.layer2)], accuracy: acc[l] }]),
    ),
  };
}

// ---------------------------------------------------------------------------------------- signal propagation

export const SIGNAL = { depth: 20, width: 128, batch: 256, seed: 1 } as const;
const SIGNAL_INITIALIZERS = [
  'random_normal:stddev=0.01',
  'random_normal:stddev=1',
  'glorot_normal',
  'lecun_normal',
  'he_normal',
  'orthogonal',
  'lsuv',
];

/**
 * The `initlab diagnose` command that measures exactly what the signal pages show (the docs call the same
 * library function with the same options); the docs tests run it and compare its numbers with the page's.
 */
export function signalCommand(activation: 'tanh' | 'relu'): string {
  return (
    `initlab diagnose --input normal:${SIGNAL.width} --depth ${SIGNAL.depth} --width ${SIGNAL.width} --batch ${SIGNAL.batch} ` +
    `--seed ${SIGNAL.seed} --activation ${activation} \\\n  --initializers ${SIGNAL_INITIALIZERS.join(',')}`
  );
}

async function signal(): Promise<unknown> {
  const out: Record<string, Record<string, SignalLayer[]>> = {};
  for (const activation of ['tanh', 'relu'] as const) {
    // What `initlab diagnose --input normal:128` runs: standard-normal inputs and targets drawn from the seed,
    // every layer (output included) from the initializer named.
    const { members: diagnostics } = await diagnoseDeepNetwork({
      normalInputs: SIGNAL.width,
      batch: SIGNAL.batch,
      depth: SIGNAL.depth,
      width: SIGNAL.width,
      activation,
      initializers: SIGNAL_INITIALIZERS,
      seed: SIGNAL.seed,
    });
    out[activation] = Object.fromEntries(
      diagnostics.map((m) => [
        m.id,
        m.layers.slice(0, SIGNAL.depth).map((l) => ({
          layer: l.layer + 1,
          activationStd: l.activationStd,
          gradientNorm: l.gradientNorm,
          saturatedShare: l.saturatedShare,
          deadShare: l.deadShare,
        })),
      ]),
    );
    const rowsOf = (key: 'activationStd' | 'gradientNorm') =>
      SIGNAL_INITIALIZERS.flatMap((init) => out[activation]![init]!.map((l) => ({ initializer: init, layer: l.layer, value: l[key] })));
    const summary = (key: 'activationStd' | 'gradientNorm') =>
      SIGNAL_INITIALIZERS.map((init) => {
        const ls = out[activation]![init]!;
        const first = ls[0]![key];
        const last = ls[ls.length - 1]![key];
        const lost = ls.findIndex((l) => l[key] === null);
        if (first === null) return `${init}: no finite value at any layer (float32 overflow)`;
        return `${init} from ${num(first, 2)} at layer 1 to ${last === null ? `an overflow (no finite value from layer ${lost + 1})` : `${num(last, 2)} at layer ${SIGNAL.depth}`}`;
      }).join('; ');
    // One log-scale line chart per measured quantity, a line per initializer.
    const layerFigure = (key: 'activationStd' | 'gradientNorm', name: string, title: string, description: string, yTitle: string) =>
      writeFigure(
        `signal-${activation}-${name}`,
        layerLinesSpec({
          rows: rowsOf(key),
          labels: SIGNAL_INITIALIZERS,
          title: `${title} per layer, ${SIGNAL.depth} × ${SIGNAL.width} ${activation} net at initialisation`,
          yTitle,
          description: `${description} per layer of a ${SIGNAL.depth}-layer ${activation} network`,
        }),
      );
    const stdSrc = await layerFigure('activationStd', 'std', 'Activation std', 'Activation standard deviation', 'activation std (log scale)');
    const gradSrc = await layerFigure('gradientNorm', 'grad', 'Gradient norm', 'Gradient norm', '‖∂L/∂W‖ (log scale)');
    // The same numbers without the two fixed-scale extremes, whose range (1e-19 to 1e15) flattens the rest.
    const scaled = SIGNAL_INITIALIZERS.filter((i) => !i.startsWith('random_normal'));
    const zoomRows = rowsOf('activationStd').filter((r) => scaled.includes(r.initializer));
    const zoomSrc = await writeFigure(
      `signal-${activation}-std-zoom`,
      layerLinesSpec({
        rows: zoomRows,
        labels: scaled,
        title: `The same ${activation} net, variance-scaled initializers only`,
        yTitle: 'activation std (log scale)',
        description: `Activation standard deviation per layer, variance-scaled initializers, ${activation}`,
      }),
    );
    const zoomSummary = scaled
      .map((init) => {
        const ls = out[activation]![init]!;
        return `${init} ${numOr(ls[0]!.activationStd, 'an overflow', 2)} at layer 1, ${numOr(ls[ls.length - 1]!.activationStd, 'an overflow', 2)} at layer ${SIGNAL.depth}`;
      })
      .join('; ');
    const pick = [1, 2, 5, 10, 15, 20];
    const numbers = (key: 'activationStd' | 'gradientNorm') =>
      table(
        ['initializer', ...pick.map((p) => `layer ${p}`)],
        SIGNAL_INITIALIZERS.map((init) => [esc(init), ...pick.map((p) => numOr(out[activation]![init]![p - 1]?.[key], 'overflow', 3))]),
        ['l', ...pick.map(() => 'r' as const)],
      );
    writeSnippet(
      `signal-${activation}-std`,
      [
        figure(stdSrc, `Line chart, log scale: activation standard deviation per layer of a ${SIGNAL.depth}-layer, ${SIGNAL.width}-unit ${activation} network at initialisation. ${summary('activationStd')}.`, `Standard deviation of each layer's ${activation} outputs over ${SIGNAL.batch} rows of ${SIGNAL.width} standard-normal inputs (dashed lines coincide with another initializer). Missing points overflowed float32.`),
        '',
        figure(zoomSrc, `Line chart, log scale, zoomed to the variance-scaled initializers: ${zoomSummary}.`, 'The same measurement without the two fixed-scale initializers, so the differences between the variance-scaled ones are visible.'),
        '',
        details('The numbers', numbers('activationStd')),
      ].join('\n'),
    );
    writeSnippet(
      `signal-${activation}-grad`,
      [
        figure(gradSrc, `Line chart, log scale: norm of the loss gradient with respect to each layer's weights in the same ${activation} network. ${summary('gradientNorm')}.`, `Frobenius norm of ∂L/∂W per layer for a mean-squared-error loss on random targets; layer 1 is next to the input. Missing points overflowed float32.`),
        '',
        details('The numbers', numbers('gradientNorm')),
      ].join('\n'),
    );
  }
  writeSnippet(
    'signal-reproduce',
    (['tanh', 'relu'] as const)
      .map((activation) => `<div class="reproduce" data-reproduces="signal/layers/${activation}">\n\n\`\`\`sh\n${signalCommand(activation)}\n\`\`\`\n\n</div>`)
      .join('\n\n'),
  );
  return { ...SIGNAL, initializers: SIGNAL_INITIALIZERS, layers: out };
}

// -------------------------------------------------------------------------------------------- the notebooks

async function notebooks(): Promise<unknown> {
  const wine = await run({ ...seedExperiments['seed-wine'], seeds: SEEDS }, 'seed-wine');
  const boston = await run({ ...seedExperiments['seed-boston'], seeds: SEEDS }, 'seed-boston');
  const { reference: _reference, ...bostonConfig } = seedExperiments['seed-boston'];
  const bostonScaled = await run(
    { ...bostonConfig, name: 'seed-boston-scaled', preprocess: { features: 'standard', target: 'standard' }, seeds: SEEDS },
    'seed-boston-scaled',
  );

  const referenceRows = (result: ExperimentResult, metric: MetricKey) =>
    (result.reference?.rows ?? []).flatMap((r) => {
      const v = r.values[metric]?.reference;
      return typeof v === 'number' ? [{ initializer: r.label, value: v }] : [];
    });
  const out: Record<string, unknown> = {};
  const specs: [string, ExperimentResult, MetricKey, string, boolean][] = [
    ['wine', wine, 'accuracy', 'test accuracy', false],
    ['boston', boston, 'mse', 'test MSE, dollars² (log scale)', true],
    ['boston-scaled', bostonScaled, 'mse', 'test MSE, dollars² (log scale)', true],
  ];
  for (const [key, result, metric, xTitle, log] of specs) {
    const labels = labelsOf(result);
    const stats = statsOf(result, metric);
    const baselineValue = (result.baseline.metrics as Record<string, number>)[metric]!;
    const reference = referenceRows(result, metric);
    const baselineName = metric === 'accuracy' ? 'majority class' : 'training mean';
    const src = await writeFigure(
      `notebook-${key}-${metric}`,
      seedStripSpec({
        rows: metricRows(result.results, metric),
        labels,
        xTitle,
        log,
        title: `${result.config.name}: ${metric === 'mse' ? 'test MSE' : 'test accuracy'} over ${SEEDS} seeds`,
        description: `${metric} per seed and initializer for ${result.config.name}`,
        baseline: { value: baselineValue, label: `${baselineName} ${num(baselineValue, 3)}` },
        reference,
      }),
    );
    const refOf = (label: string) => reference.find((r) => r.initializer === label)?.value ?? null;
    const alt =
      `Strip chart of ${metric === 'mse' ? 'test MSE' : 'test accuracy'} per seed for ${result.config.name}. ` +
      labels.map((l) => `${l}: mean ${meanText(stats[l])}${stats[l]?.diverged ? `, ${stats[l]!.diverged} diverged` : ''}${refOf(l) !== null ? `, notebook ${num(refOf(l))}` : ''}`).join('; ') +
      `. The ${baselineName} baseline is ${num(baselineValue)}.`;
    const loss = await lossFigure(`notebook-${key}-loss`, result.results, `${result.config.name}: training loss per epoch`);
    const finalLoss = Object.fromEntries(result.aggregates.map((a) => [a.label, a.finalTrainLoss.mean]));
    writeSnippet(
      `notebook-${key}`,
      [
        figure(src, alt, `Points are seeds (${SEEDS} per initializer), the black tick is their mean, the dashed line the ${baselineName} baseline${reference.length ? ', hollow diamonds the single numbers the notebook printed' : ''}.`),
        '',
        figure(loss.src, loss.alt, `Mean training loss per epoch over the ${SEEDS} seeds; the shaded band spans the lowest to the highest seed. Drawn by @initlab/report, as in <code>initlab report</code>.`),
        '',
        details(
          'The numbers',
          [
            table(
              ['initializer', `mean ± 95% CI`, 'min', 'max', 'diverged', ...(reference.length ? ['notebook'] : [])],
              labels.map((l) => {
                const s = stats[l];
                return [esc(l), meanText(s), numOr(s?.min, 'diverged'), numOr(s?.max, 'diverged'), String(s?.diverged ?? 0), ...(reference.length ? [numOr(refOf(l), 'not run')] : [])];
              }),
              ['l', 'r', 'r', 'r', 'r', ...(reference.length ? ['r' as const] : [])],
            ),
            '',
            `Baseline (${baselineName}, same split): ${num(baselineValue)}.`,
            '',
            comparisonMarkdown(result),
            '',
            result.warnings.length ? `Warnings initlab printed:\n\n${result.warnings.map((w) => `- ${esc(w)}`).join('\n')}` : '',
          ].join('\n'),
        ),
      ].join('\n'),
    );
    out[key] = {
      metric,
      baseline: baselineValue,
      reference: Object.fromEntries(reference.map((r) => [r.initializer, r.value])),
      stats,
      finalTrainLoss: finalLoss,
      warnings: result.warnings,
      train: result.data.nTrain,
    };
  }
  return out;
}

// ------------------------------------------------------------------------------------- depth × activation

const DEPTH_INITIALIZERS = [
  'zeros',
  'random_normal:stddev=0.01',
  'random_normal:stddev=1',
  'glorot_uniform',
  'lecun_normal',
  'he_normal',
  'orthogonal',
  'lsuv',
];
export const DEPTH = { layers: 8, width: 32, epochs: 40, seeds: 8 } as const;

async function depth(): Promise<unknown> {
  const result = await run(
    {
      name: 'docs-depth',
      description: 'Which initializer trains a deep, narrow network on spirals, per activation.',
      data: { dataset: 'spirals' },
      model: { hidden: Array.from({ length: DEPTH.layers }, () => DEPTH.width), activation: 'tanh' },
      training: { epochs: DEPTH.epochs, batchSize: 32, optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 } },
      initializers: DEPTH_INITIALIZERS,
      seeds: DEPTH.seeds,
      grid: { activation: ['tanh', 'relu'] },
    },
    'docs-depth',
  );
  const out: Record<string, unknown> = {};
  const baseline = (result.baseline.metrics as { accuracy: number }).accuracy;
  for (const gridLabel of [...new Set(result.results.map((r) => r.gridLabel))]) {
    const activation = gridLabel.includes('relu') ? 'relu' : 'tanh';
    const runs = result.results.filter((r) => r.gridLabel === gridLabel);
    const labels = [...new Set(runs.map((r) => r.label))];
    const stats = statsOf(result, 'accuracy', gridLabel);
    const finalLoss = Object.fromEntries(result.aggregates.filter((a) => a.gridLabel === gridLabel).map((a) => [a.label, a.finalTrainLoss.mean]));
    const src = await writeFigure(
      `depth-${activation}-accuracy`,
      seedStripSpec({
        rows: metricRows(runs, 'accuracy'),
        labels,
        xTitle: 'test accuracy',
        title: `${DEPTH.layers} × ${DEPTH.width} ${activation} net on spirals: test accuracy`,
        description: `Test accuracy per seed and initializer, ${activation}`,
        baseline: { value: baseline, label: `majority ${num(baseline, 3)}` },
      }),
    );
    const loss = await lossFigure(`depth-${activation}-loss`, runs, `${DEPTH.layers} × ${DEPTH.width} ${activation} net on spirals: training loss`);
    writeSnippet(
      `depth-${activation}`,
      [
        figure(
          src,
          `Strip chart of test accuracy per seed for an ${DEPTH.layers}-layer, ${DEPTH.width}-unit ${activation} network on spirals. ` +
            labels.map((l) => `${l}: ${meanText(stats[l])}${stats[l]?.diverged ? ` (${stats[l]!.diverged} diverged)` : ''}`).join('; ') +
            `. Majority-class baseline ${num(baseline)}.`,
          `Points are seeds (${DEPTH.seeds} per initializer), the black tick the mean, the dashed line the majority-class baseline. Diverged runs have no point.`,
        ),
        '',
        figure(
          loss.src,
          loss.alt,
          `Mean training loss per epoch over ${DEPTH.seeds} seeds; the band spans the lowest to the highest seed, a cross marks a run that diverged. Drawn by @initlab/report.`,
        ),
        '',
        details(
          'The numbers',
          table(
            ['initializer', 'test accuracy (mean ± 95% CI)', 'final training loss', 'diverged'],
            labels.map((l) => [esc(l), meanText(stats[l]), numOr(finalLoss[l], 'diverged'), String(stats[l]?.diverged ?? 0)]),
            ['l', 'r', 'r', 'r'],
          ) +
            `\n\nSpirals, 2 → ${DEPTH.layers} × ${DEPTH.width} ${activation} → 1 sigmoid, SGD (lr 0.05, momentum 0.9), batch 32, ${DEPTH.epochs} epochs, seeds 0–${DEPTH.seeds - 1}; the initializer sets the hidden layers, the output layer keeps glorot_uniform.`,
        ),
      ].join('\n'),
    );
    out[activation] = { stats, finalTrainLoss: finalLoss };
  }
  return { ...DEPTH, baseline, shares: [baseline, 1 - baseline], initializers: DEPTH_INITIALIZERS, activations: out };
}

/** Runs every measurement (or reuses `.generated/evidence.json` with `reuse`) and writes numbers, figures and snippets. */
export async function generateEvidence(opts: { reuse: boolean }): Promise<void> {
  if (opts.reuse && readJson('evidence') !== null && existsSync(join(docsDir, 'public', 'data', 'evidence.json'))) {
    console.log('generate: evidence reused from an earlier run (--reuse)');
    return;
  }
  const evidence = {
    seeds: SEEDS,
    symmetry: await step('evidence: symmetry', symmetry),
    signal: await step('evidence: signal propagation', signal),
    notebooks: await step('evidence: seed notebooks', notebooks),
    depth: await step('evidence: depth × activation', depth),
  };
  writeJson('evidence', evidence);
  // Also published with the site (dist/data/evidence.json): every number the guide quotes, for readers and for
  // the tests that check the guide's conclusions against the built site.
  write(join(docsDir, 'public', 'data', 'evidence.json'), `${JSON.stringify(evidence, null, 2)}\n`);
}
