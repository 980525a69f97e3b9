// What a report says, independent of how it is written: the Markdown and HTML renderers both format this.
import { compareGroups, mainMetric, metricInfo, summarizeExperiment, type ComparisonTable, type ExperimentSummary } from '@initlab/eval';
import { activationText, type ExperimentMeta, type RunResult, type StoredExperimentConfig as ExperimentConfig } from '@initlab/results';
import { blockRatioTable, type BlockRatioTable } from './block-diagnostics.js';
import { finalTrainLoss, finite, groupBySeries, layerSummaries, metricKeys, type LayerSummary } from './data.js';
import { metricLabel, percent, plural } from './format.js';
import { confusionCaption, confusionTable, perClassCaption, perClassReport, perClassTable } from './per-class.js';
import {
  comparisonCaption,
  comparisonTextTable,
  formatValue,
  notesBesideWarnings,
  type ComparisonLayoutOptions,
  type TextTable,
} from './renderers.js';

/** The report's content: the renderers add only markup. */
export interface ReportModel {
  title: string;
  experiment: string;
  description: string | null;
  /** Term and value pairs: data set, split, preprocessing, model, training, runs. */
  setup: [string, string][];
  comparison: { caption: string; table: TextTable; notes: string[] } | null;
  baseline: string | null;
  warnings: string[];
  reference: { source: string; note: string | null; table: TextTable } | null;
  /**
   * Per-layer diagnostics: every row in `table`; `groups` holds the same rows by grid point (one group, with
   * `point` null, for an experiment without a grid), so a long grid's table can be read one point at a time.
   */
  diagnostics: { table: TextTable; note: string; groups: { point: string | null; table: TextTable }[] } | null;
  /** Residual networks: each block's branch/skip ratio per series (see `blockRatioTable`); null without block diagnostics. */
  blocks: BlockRatioTable | null;
  /**
   * Multi-class data: the best initializer's per-class recall table and its summed test confusion matrix; null
   * otherwise, and for results written before runs recorded their confusion matrix.
   */
  perClass: { caption: string; table: TextTable; confusionCaption: string; confusion: TextTable } | null;
  /** The metric the comparison ranks by, and the baseline's value of it. */
  metric: string;
  baselineValue: number | null;
  baselineLabel: string;
}

const DEFAULT_LEARNING_RATE: Record<string, number> = { sgd: 0.01, adam: 0.001, rmsprop: 0.001 };

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

function mean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function shortList(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (${items.length - max} more)`;
}

type StoredLayer = ExperimentConfig['model']['hidden'][number];

/** One layer for people: `Dense(64, relu)`, `BatchNorm`, `Residual(BatchNorm → Activation(relu) → Dense(64, linear))`. */
function layerText(layer: StoredLayer | Record<string, unknown>): string {
  const l = layer as Record<string, unknown>;
  if (l.type === undefined || l.type === 'dense') return `Dense(${String(l.units)}, ${activationText((l.activation ?? 'linear') as Parameters<typeof activationText>[0])})`;
  if (l.type === 'batchnorm') return 'BatchNorm';
  if (l.type === 'layernorm') return 'LayerNorm';
  if (l.type === 'activation') return `Activation(${activationText(l.activation as Parameters<typeof activationText>[0])})`;
  if (l.type === 'dropout') return `Dropout(${String(l.rate)})`;
  if (l.type === 'residual' && Array.isArray(l.layers)) return `Residual(${(l.layers as Record<string, unknown>[]).map(layerText).join(' → ')})`;
  return String(l.type);
}

/** Runs of equal residual blocks as `32 × Residual(…)`, so a deep residual stack stays one readable line. */
function collapse(items: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    if (items[i]!.startsWith('Residual(')) while (j < items.length && items[j] === items[i]) j++;
    out.push(j - i > 1 ? `${j - i} × ${items[i]!}` : items[i]!);
    i = j;
  }
  return out;
}

/** The network as the report's setup states it: layers, loss, and which layers the compared initializer sets. */
export function modelText(config: ExperimentConfig, data: ExperimentMeta['data']): string {
  const task = data.task;
  const units = config.model.output.units ?? (task === 'multiclass' ? (data.classes?.length ?? 2) : 1);
  const output = config.model.output.activation ?? (units > 1 ? 'softmax' : task === 'binary' ? 'sigmoid' : 'linear');
  const layers = collapse([...config.model.hidden.map(layerText), `Dense(${units}, ${activationText(output)})`]);
  const loss = config.model.loss ?? (task === 'regression' ? 'mse' : units === 1 ? 'binary_crossentropy' : 'sparse_categorical_crossentropy');
  const scope = config.model.initializerScope === 'all' ? 'every layer' : 'the hidden layers';
  const other = (v: ExperimentConfig['model']['outputKernelInitializer']): string => (typeof v === 'string' ? v : JSON.stringify(v));
  const outputInit = config.model.initializerScope === 'all' ? '' : `; output kernel ${other(config.model.outputKernelInitializer)}`;
  return `${layers.join(' → ')}, loss ${loss}; the compared initializer sets ${scope}${outputInit}; biases ${other(config.model.biasInitializer)}`;
}

/** The training as the report's setup states it: optimizer, learning rate, epochs, batch size, shuffling. */
export function trainingText(config: ExperimentConfig): string {
  const t = config.training;
  const lr = t.optimizer.learningRate;
  const rate =
    config.grid?.learningRate !== undefined
      ? 'learning rate per grid point'
      : lr === undefined
        ? `learning rate ${DEFAULT_LEARNING_RATE[t.optimizer.name] ?? 'default'} (Keras default)`
        : `learning rate ${lr}`;
  const parts = [`${t.optimizer.name}, ${rate}`, plural(t.epochs, 'epoch'), `batch size ${t.batchSize}`];
  parts.push(t.shuffle ? 'rows reshuffled every epoch' : 'no shuffling');
  if (t.validation) parts.push('loss on the test split recorded after every epoch');
  return parts.join(', ');
}

function gridText(config: ExperimentConfig): string | null {
  const grid = config.grid;
  if (grid === undefined) return null;
  const parts: string[] = [];
  if (grid.activation !== undefined) parts.push(`activation ${grid.activation.map(activationText).join(', ')}`);
  if (grid.depth !== undefined) parts.push(`depth ${grid.depth.join(', ')}`);
  if (grid.width !== undefined) parts.push(`width ${grid.width.join(', ')}`);
  if (grid.learningRate !== undefined) parts.push(`learning rate ${grid.learningRate.join(', ')}`);
  return parts.length === 0 ? null : parts.join('; ');
}

function setupFacts(meta: ExperimentMeta | null, results: readonly RunResult[], merged: ReportMerge | null = null): [string, string][] {
  const diverged = results.filter((r) => r.status === 'diverged').length;
  const backends = unique(results.map((r) => r.backend).filter((b): b is string => typeof b === 'string'));
  if (meta === null) {
    return [
      ['setup', 'unknown: the folder has no experiment.json (e.g. concatenated shard files), so data, model and baseline are not known'],
      ['runs', `${plural(results.length, 'finished run')}${diverged > 0 ? `, ${diverged} diverged` : ''}${backends.length > 0 ? `; backend ${backends.join(', ')}` : ''}`],
    ];
  }
  const { config, data } = meta;
  const facts: [string, string][] = [];
  const classes = data.classes === null ? '' : `; classes ${data.classes.join(', ')}`;
  facts.push([
    'data',
    `${data.id}: ${data.task}, ${data.rows} rows, ${plural(data.featureNames.length, 'feature')} (${shortList(data.featureNames)}), target ${data.targetName}${classes}`,
  ]);
  facts.push(['source', data.source]);
  const dropped = data.droppedRows > 0 ? `; ${data.droppedRows} rows dropped` : '';
  facts.push([
    'split',
    `test size ${config.split.testSize}, random state ${config.split.randomState}${config.split.stratify ? ', stratified' : ''}: ${data.nTrain} training rows, ${data.nTest} test rows${dropped}`,
  ]);
  const sub = data.subsample ?? null;
  if (sub !== null) {
    const part = (p: { kept: number; of: number }, what: string): string => (p.kept < p.of ? `${p.kept} of ${p.of} ${what} rows` : `all ${p.of} ${what} rows`);
    facts.push([
      'subsample',
      `${part(sub.train, 'training')}, ${part(sub.test, 'test')} (data.limit; ${sub.stratified ? 'stratified by class, ' : ''}drawn with the split's random state ${config.split.randomState})`,
    ]);
  }
  const features = { standard: 'standardised', minmax: 'scaled to [0, 1]', pixels: `pixels divided by ${data.pixelMax ?? 255}`, global: 'standardised with one mean and std over all values', none: 'not scaled' }[config.preprocess.features];
  const target =
    data.task !== 'regression'
      ? 'class labels'
      : config.preprocess.target === 'standard'
        ? 'standardised for training (metrics in the original units)'
        : 'not scaled';
  const spread = data.targetStats === null ? '' : ` (training mean ${formatValue(data.targetStats.mean)}, std ${formatValue(data.targetStats.std)})`;
  facts.push(['preprocessing', `features ${features}, fitted on the training rows; target ${target}${spread}`]);
  facts.push(['model', modelText(config, data)]);
  facts.push(['training', trainingText(config)]);
  const grid = gridText(config);
  if (grid !== null) facts.push(['grid', grid]);
  facts.push(['initializers', config.initializers.map((i) => i.label).join(', ')]);
  facts.push(['seeds', config.seeds.join(', ')]);
  // Shards as the user typed them (--shard 0/2: 0-based), never renumbered.
  const shardText = (s: { index: number; count: number }): string => `${s.index}/${s.count}`;
  let shard = meta.shard === null ? '' : `; shard ${shardText(meta.shard)}`;
  if (merged !== null) {
    const named = merged.shards.length > 0 ? ` (shards ${merged.shards.map(shardText).join(', ')})` : '';
    const missing = merged.missing > 0 ? `; ${merged.missing} planned runs are in none of them` : '';
    shard = `; merged from ${merged.folders} folders${named}${missing}`;
  }
  facts.push([
    'runs',
    `${results.length} finished of ${meta.plannedRuns} planned${diverged > 0 ? `, ${diverged} diverged` : ''}; backend ${backends.join(', ') || meta.backend}${shard}; results written ${meta.updatedAt}`,
  ]);
  return facts;
}

/** The metric a comparison ranks by when there is no header: accuracy if the runs have it, else mse, else the first key. */
function fallbackMetric(results: readonly RunResult[]): string {
  const keys = metricKeys(results);
  if (keys.includes('accuracy')) return 'accuracy';
  if (keys.includes('mse')) return 'mse';
  return keys.find((k) => metricInfo(k) !== undefined) ?? keys[0] ?? 'loss';
}

function fallbackComparison(results: readonly RunResult[], metric: string): ComparisonTable {
  const groups = [...groupBySeries(results)].map(([name, runs]) => ({
    name,
    values: runs.map((r) => finite((r.metrics as unknown as Record<string, unknown>)[metric])),
  }));
  return compareGroups(groups, { metric, ...(metricInfo(metric) === undefined ? { higherIsBetter: false } : {}) });
}

function comparisonSection(table: ComparisonTable, results: readonly RunResult[], warnings: readonly string[]): NonNullable<ReportModel['comparison']> {
  const groups = groupBySeries(results);
  const options: ComparisonLayoutOptions = {
    nameHeader: 'initializer',
    layout: 'experiment',
    extraColumns: [{ header: 'final train loss', cell: (r) => formatValue(mean((groups.get(r.name) ?? []).map(finalTrainLoss))) }],
  };
  return { caption: comparisonCaption(table, options), table: comparisonTextTable(table, options), notes: notesBesideWarnings(table.notes, warnings) };
}

function baselineText(meta: ExperimentMeta): string {
  const b = meta.baseline;
  const metrics = Object.entries(b.metrics)
    .map(([k, v]) => `${metricLabel(k)} ${formatValue(v)}`)
    .join(', ');
  if (b.kind === 'train-mean') {
    return `train-mean: predicts the training mean ${formatValue(b.prediction)} for every test row; on the test split ${metrics}`;
  }
  const name = meta.data.classes?.[b.prediction];
  return `majority-class: predicts class ${name === undefined ? b.prediction : `${b.prediction} (${name})`} for every test row; on the test split ${metrics}`;
}

function referenceSection(summary: ExperimentSummary): ReportModel['reference'] {
  const ref = summary.reference;
  if (ref === null || ref.rows.length === 0) return null;
  const rows: string[][] = [];
  for (const row of ref.rows) {
    for (const [metric, v] of Object.entries(row.values)) {
      const ci = v.ci === null ? '—' : `${formatValue(v.ci[0])} to ${formatValue(v.ci[1])}`;
      rows.push([row.name, metricLabel(metric), formatValue(v.reference), formatValue(v.initlab), ci, String(v.n)]);
    }
  }
  return {
    source: ref.source,
    note: ref.note,
    table: { headers: ['initializer', 'metric', 'published', 'initlab mean', 'initlab 95% CI', 'runs'], align: ['left', 'left', 'right', 'right', 'right', 'right'], rows },
  };
}

function distinctText(r: LayerSummary): string {
  if (r.distinctUnits === null) return '—';
  const value = r.distinctUnitsMin !== null && r.distinctUnitsMax !== null && r.distinctUnitsMin !== r.distinctUnitsMax ? `${r.distinctUnitsMin}–${r.distinctUnitsMax}` : formatValue(r.distinctUnits, 3);
  return `${value} of ${r.units}`;
}

function diagnosticsSection(results: readonly RunResult[]): ReportModel['diagnostics'] {
  const all = layerSummaries(results);
  const init = all.filter((r) => r.phase === 'init');
  if (init.length === 0) return null;
  const hasFinal = all.some((r) => r.phase === 'final');
  const headers = ['initializer', 'layer', 'distinct units', 'dead share', 'saturated share', 'activation std at init'];
  const align: TextTable['align'] = ['left', 'left', 'right', 'right', 'right', 'right'];
  if (hasFinal) {
    headers.push('activation std after training');
    align.push('right');
  }
  const rowOf = (r: LayerSummary): string[] => {
    const cells = [r.series, `${r.layer + 1}: ${r.activation} ×${r.units}${r.isOutput ? ' (output)' : ''}`, distinctText(r), percent(r.deadShare), percent(r.saturatedShare), formatValue(r.activationStd, 3)];
    if (hasFinal) {
      const final = all.find((f) => f.phase === 'final' && f.series === r.series && f.layer === r.layer);
      cells.push(formatValue(final?.activationStd, 3));
    }
    return cells;
  };
  const rows = init.map(rowOf);
  const points = [...new Set(init.map((r) => r.gridLabel))];
  const groups =
    points.length < 2
      ? [{ point: null, table: { headers, align, rows } }]
      : points.map((point) => ({ point, table: { headers, align, rows: init.filter((r) => r.gridLabel === point).map(rowOf) } }));
  const note =
    'At initialisation, on the first 256 training rows, mean over seeds. Distinct units: units whose incoming weights and bias differ ' +
    '(1 of N means every unit computes the same thing, so the layer acts as one unit). Dead share: ReLU units never positive on the batch. ' +
    'Saturated share: tanh or sigmoid outputs within 1% of their limits. Activation std: spread of the layer outputs; values shrinking layer by layer mean a vanishing signal, growing ones an exploding signal.';
  return { table: { headers, align, rows }, note, groups };
}

function perClassSection(summary: ExperimentSummary | null, meta: ExperimentMeta | null): ReportModel['perClass'] {
  const view = perClassReport(summary, meta?.data ?? null);
  if (view === null) return null;
  return { caption: perClassCaption(view), table: perClassTable(view), confusionCaption: confusionCaption(view), confusion: confusionTable(view) };
}

/** Input of the report renderers (see `renderReport`). */
export interface ModelInput {
  meta: ExperimentMeta | null;
  results: readonly RunResult[];
  summary?: ExperimentSummary | null;
  warnings?: readonly string[];
  title?: string;
  merged?: ReportMerge | null;
}

/** Folders merged into one report (shards of one plan): which shards, and how many planned runs none holds. */
export interface ReportMerge {
  folders: number;
  shards: readonly { index: number; count: number }[];
  missing: number;
}

/** Build the report's content from the header, the runs and (if given) the summary. */
export function buildReportModel(input: ModelInput): ReportModel {
  const { meta, results } = input;
  const summary =
    input.summary ?? (meta === null ? null : summarizeExperiment({ config: meta.config, results, baseline: meta.baseline, data: meta.data }));
  const experiment = meta?.config.name ?? results[0]?.experiment ?? 'experiment';
  const warnings = unique([
    ...(input.warnings ?? []),
    ...(meta === null ? ['no experiment.json beside results.jsonl: the comparison has no baseline and the setup is unknown'] : []),
    ...(summary?.warnings ?? []),
  ]);
  const metric = summary?.comparison?.metric ?? (meta === null ? fallbackMetric(results) : mainMetric(meta.baseline));
  const table = summary?.comparison ?? fallbackComparison(results, metric);
  const baselineValue = meta === null ? null : finite((meta.baseline.metrics as Record<string, unknown>)[metric]);
  return {
    title: input.title ?? `initlab report: ${experiment}`,
    experiment,
    description: meta?.config.description ?? null,
    setup: setupFacts(meta, results, input.merged ?? null),
    comparison: comparisonSection(table, results, warnings),
    baseline: meta === null ? null : baselineText(meta),
    warnings,
    reference: summary === null ? null : referenceSection(summary),
    diagnostics: diagnosticsSection(results),
    blocks: blockRatioTable(results),
    perClass: perClassSection(summary, meta),
    metric,
    baselineValue,
    baselineLabel: meta === null ? 'baseline' : `${meta.baseline.kind} baseline`,
  };
}
