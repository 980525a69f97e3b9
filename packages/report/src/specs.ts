// Vega-Lite specs of the three report charts: plain JSON with inline data, explicit size and a readable
// font, usable as-is with vega-embed in a browser (the docs site) or rendered to SVG by renderSvg.
import type { RunResult } from '@initlab/results';
import type { TopLevelSpec } from 'vega-lite';
import {
  checkResults,
  layerSummaries,
  lossCurveData,
  metricData,
  metricKeys,
  seriesName,
  seriesOrder,
  type DiagnosticsPhase,
  type LossBand,
  type LossSplit,
} from './data.js';
import { metricInfo, type Aggregate } from '@initlab/eval';
import { describeActivationStd, describeGridHeatmap, describeLossCurves, describeMetricDistribution } from './describe.js';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { ReportError, show } from './errors.js';
import { metricLabel } from './format.js';
import { formatValue } from './renderers.js';
import { chooseScale, type ScaleChoice, type ScaleMode } from './scale.js';
import { estimateTextWidth } from './text-metrics.js';

/**
 * A Vega-Lite (v6) specification: plain JSON, data inline in `data.values`, with `width`, `height`, `title`,
 * `description` (the chart's text alternative in words) and a `config`.
 *
 * @example
 * ```ts
 * const spec: VegaLiteSpec = lossCurvesSpec(results);
 * await vegaEmbed('#chart', spec); // in a browser
 * ```
 */
export type VegaLiteSpec = TopLevelSpec;

/**
 * The `$schema` every spec names, for editors and vega-embed.
 *
 * @example
 * ```ts
 * lossCurvesSpec(results).$schema === VEGA_LITE_SCHEMA; // true
 * ```
 */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Options every chart takes.
 *
 * @example
 * ```ts
 * const opts: ChartOptions = { width: 360, height: 220, title: 'Loss, wine notebook' };
 * ```
 */
export interface ChartOptions {
  /** Width of the plot area in pixels, a positive integer (default 480). */
  width?: number;
  /** Height of the plot area in pixels, a positive integer (default per chart). */
  height?: number;
  /** Chart title (default per chart). */
  title?: string;
  /**
   * The colour of each series (a CSS colour), e.g. to give an initializer the same colour across several
   * charts. The chart builds its colour scale from the data's own series names, so every series gets one.
   * Default: Vega's category palette, in series order.
   */
  seriesColor?: (series: SeriesInfo) => string;
}

/**
 * A series as {@link ChartOptions.seriesColor} sees it.
 *
 * @example
 * ```ts
 * const info: SeriesInfo = { name: 'zeros @ activation=tanh', label: 'zeros', gridLabel: 'activation=tanh' };
 * ```
 */
export interface SeriesInfo {
  /** The series name the chart shows: the label, plus ` @ <grid point>` with a grid. */
  name: string;
  /** The initializer label of its runs. */
  label: string;
  /** Its grid point's label (`''` without a grid). */
  gridLabel: string;
}

/**
 * Options of {@link lossCurvesSpec}.
 *
 * @example
 * ```ts
 * const opts: LossCurvesOptions = { band: 'ci', split: 'validation', yScale: 'log' };
 * ```
 */
export interface LossCurvesOptions extends ChartOptions {
  /** Band around each mean curve: `minmax` over seeds (default), the 95% `ci`, or `none`. */
  band?: LossBand;
  /** `train` (default): the training loss of each epoch; `validation`: the loss on the test split after each epoch. */
  split?: LossSplit;
  /** `auto` (default): logarithmic when the values span more than two decades; or `linear` / `log`. */
  yScale?: ScaleMode;
  /**
   * Small multiples for a grid: one panel per grid point (`width` × `height` each, two or three to a row), one line
   * per initializer in it, one shared legend of the initializers and one shared y axis. Default false; without
   * two or more grid points there is one panel as usual.
   */
  byGridPoint?: boolean;
}

/**
 * Options of {@link metricDistributionSpec}.
 *
 * @example
 * ```ts
 * const opts: MetricDistributionOptions = { metric: 'accuracy', baseline: 0.559375, baselineLabel: 'majority-class baseline' };
 * ```
 */
export interface MetricDistributionOptions extends ChartOptions {
  /** Key of `RunResult.metrics` to draw, e.g. `mse` or `accuracy`. */
  metric: string;
  /** The baseline's value of that metric, drawn as a dashed rule. */
  baseline?: number;
  /** What the baseline is called in the subtitle and text alternative (default `'baseline'`). */
  baselineLabel?: string;
  /** `auto` (default): logarithmic when the values span more than two decades; or `linear` / `log`. */
  xScale?: ScaleMode;
}

/**
 * Options of {@link activationStdSpec}.
 *
 * @example
 * ```ts
 * const opts: ActivationStdOptions = { phases: ['init'], yScale: 'linear' };
 * ```
 */
export interface ActivationStdOptions extends ChartOptions {
  /** Which records to draw: default both `init` and `final` when the results have them. */
  phases?: DiagnosticsPhase[];
  /** `auto` (default): logarithmic when the values span more than two decades; or `linear` / `log`. */
  yScale?: ScaleMode;
}

/**
 * The charts' font stack: fonts with Helvetica's metrics, which the canvas-less text measurement assumes.
 *
 * @example
 * ```ts
 * const css = `.chart-like { font-family: ${CHART_FONT}; }`;
 * ```
 */
export const CHART_FONT = 'Helvetica, Arial, Liberation Sans, Arimo, sans-serif';

const DEFAULT_WIDTH = 480;

/** The shared look: larger text than Vega's default so the SVG stays legible when scaled to a phone. */
function chartConfig(): NonNullable<TopLevelSpec['config']> {
  return {
    font: CHART_FONT,
    background: 'white',
    padding: 8,
    // The HTML report labels each chart as a whole (role="img" with an aria-label); per-mark ARIA only adds noise.
    aria: false,
    axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', labelColor: '#333', titleColor: '#222', gridColor: '#e6e6e6' },
    legend: { orient: 'bottom', columns: 2, labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', labelLimit: 260, symbolStrokeWidth: 2, symbolOpacity: 1 },
    title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 10 },
    view: { stroke: '#ddd' },
  };
}

function checkSize(fn: string, opts: ChartOptions, defaultHeight: number): { width: number; height: number; title: string | undefined } {
  for (const key of ['width', 'height'] as const) {
    const v = opts[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
      throw new ReportError('INVALID_OPTION', `${fn}: ${key} must be a positive integer (pixels), got ${show(v)}`);
    }
  }
  if (opts.title !== undefined && typeof opts.title !== 'string') {
    throw new ReportError('INVALID_OPTION', `${fn}: title must be a string, got ${show(opts.title)}`);
  }
  if (opts.seriesColor !== undefined && typeof opts.seriesColor !== 'function') {
    throw new ReportError('INVALID_OPTION', `${fn}: seriesColor must be a function from a series to a CSS colour, got ${show(opts.seriesColor)}`);
  }
  return { width: opts.width ?? DEFAULT_WIDTH, height: opts.height ?? defaultHeight, title: opts.title };
}

function checkChoice<T extends string>(fn: string, key: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ReportError('INVALID_OPTION', `${fn}: ${key} must be one of ${allowed.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/**
 * Axis labels for a log-like scale: plain numbers from 0.001 to 9999, powers of ten beyond (1e+10), and for
 * symlog explicit ticks at 0 and every decade (Vega's own symlog ticks bunch up at the top).
 */
function valueAxis(scale: ScaleChoice, values: readonly number[]): Record<string, unknown> {
  if (!scale.logLike) return {};
  const axis: Record<string, unknown> = {
    labelExpr: "abs(datum.value) >= 1e4 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.0e') : format(datum.value, '~g')",
  };
  if (scale.scale.type === 'symlog') {
    const max = Math.max(...values.filter((v) => Number.isFinite(v)));
    const from = Math.floor(Math.log10(scale.scale.constant));
    const to = Math.ceil(Math.log10(max));
    const step = Math.max(1, Math.ceil((to - from + 1) / 8));
    const ticks = [0];
    for (let e = from; e <= to; e += step) ticks.push(Number(`1e${e}`));
    axis['values'] = ticks;
  }
  return axis;
}

/** Each series of `results` as {@link SeriesInfo}: its name (`label @ grid point`), label and grid point. */
function seriesInfoOf(results: readonly RunResult[]): Map<string, SeriesInfo> {
  return new Map(results.map((r) => [seriesName(r), { name: seriesName(r), label: r.label, gridLabel: typeof r.gridLabel === 'string' ? r.gridLabel : '' }]));
}

/**
 * The colour encoding every chart shares: one colour per series, in the same order in all three charts. The
 * scale's domain is the data's own series names (so no series can fall outside it and draw nothing); its range
 * comes from `seriesColor` when given. The legend sits below the plot in two columns, or one when a label would
 * not fit half the width. `by: 'label'` colours by initializer instead (a grid's small multiples, where the
 * panel names the point): `domain` is then labels, each coloured as its first series.
 */
function colorEncoding(
  fn: string,
  results: readonly RunResult[],
  domain: readonly string[],
  legend: boolean,
  width: number,
  seriesColor: ChartOptions['seriesColor'],
  by: 'series' | 'label' = 'series',
): Record<string, unknown> {
  const longest = Math.max(...domain.map((s) => estimateTextWidth(s, 12)));
  const columns = longest + 40 > width / 2 ? 1 : 2;
  const scale: Record<string, unknown> = { domain: [...domain] };
  if (seriesColor !== undefined) {
    const info = new Map<string, SeriesInfo>();
    for (const [name, i] of seriesInfoOf(results)) if (!info.has(by === 'series' ? name : i.label)) info.set(by === 'series' ? name : i.label, i);
    scale['range'] = domain.map((name) => {
      const color = seriesColor(info.get(name)!);
      if (typeof color !== 'string' || color.trim() === '') {
        throw new ReportError('INVALID_OPTION', `${fn}: seriesColor must return a CSS colour, got ${show(color)} for ${name}`);
      }
      return color;
    });
  }
  return {
    field: by,
    type: 'nominal',
    title: 'initializer',
    scale,
    legend: legend ? { title: 'initializer', columns, labelLimit: Math.max(260, width - 30) } : null,
  };
}

export function build(spec: Record<string, unknown>): VegaLiteSpec {
  // The layer objects are assembled as plain data; the compile test checks them against Vega-Lite itself.
  return { $schema: VEGA_LITE_SCHEMA, ...spec, config: chartConfig() } as unknown as VegaLiteSpec;
}

const CHART_KEYS = { width: true, height: true, title: true, seriesColor: true } as const;
const LOSS_CURVES_OPTIONS = optionKeys<LossCurvesOptions>({ ...CHART_KEYS, band: true, split: true, yScale: true, byGridPoint: true });
const METRIC_DISTRIBUTION_OPTIONS = optionKeys<MetricDistributionOptions>({ ...CHART_KEYS, metric: true, baseline: true, baselineLabel: true, xScale: true });
const ACTIVATION_STD_OPTIONS = optionKeys<ActivationStdOptions>({ ...CHART_KEYS, phases: true, yScale: true });
const invalidOption = (message: string): ReportError => new ReportError('INVALID_OPTION', message);

/**
 * Loss per epoch, one line per initializer (grid points kept apart): the mean over seeds with a band (min–max
 * by default, or the 95% bootstrap confidence interval of the mean, which stays ≥ 0), on a logarithmic y axis when the values span more than
 * two decades (symlog when a value is exactly 0). A diverged run contributes up to its last finite epoch and is
 * marked there with a cross, so a curve whose runs all diverged ends where they did. The legend lists every
 * initializer, with the same colours as the other two charts. `description` holds the text alternative.
 *
 * @throws {ReportError} `INVALID_INPUT` (not a non-empty array of runs), `INVALID_OPTION` (bad band, split, scale or size).
 * @example
 * ```ts
 * import { readResults } from '@initlab/results';
 * import { lossCurvesSpec, renderSvg } from '@initlab/report';
 * const { results } = await readResults('runs/seed-wine');
 * const svg = await renderSvg(lossCurvesSpec(results, { band: 'ci' }));
 * ```
 */
export function lossCurvesSpec(results: readonly RunResult[], opts: LossCurvesOptions = {}): VegaLiteSpec {
  const fn = 'lossCurvesSpec';
  assertKnownOptions(fn, opts, LOSS_CURVES_OPTIONS, invalidOption);
  checkResults(fn, results);
  const { width, height, title } = checkSize(fn, opts, 280);
  const band = checkChoice(fn, 'band', opts.band, ['minmax', 'ci', 'none'] as const, 'minmax');
  const split = checkChoice(fn, 'split', opts.split, ['train', 'validation'] as const, 'train');
  const mode = checkChoice(fn, 'yScale', opts.yScale, ['auto', 'linear', 'log'] as const, 'auto');
  const data = lossCurveData(results, split, band);
  const markers = data.divergences.filter((d): d is typeof d & { loss: number } => d.loss !== null);
  const scaleValues = [...data.points.flatMap((p) => (band === 'none' ? [p.mean] : [p.mean, p.lo, p.hi])), ...markers.map((m) => m.loss)];
  const scale = chooseScale(scaleValues, mode, false);
  const what = split === 'train' ? 'training loss' : 'validation loss';
  const bandWords = { minmax: 'band: min–max over seeds', ci: 'band: 95% CI', none: '' }[band];
  const subtitle = ['mean over seeds', bandWords, markers.length > 0 ? '× where a run diverged' : '', scale.logLike ? `${scale.words} scale` : '']
    .filter((s) => s !== '')
    .join('; ');
  const x = {
    field: 'epoch',
    type: 'quantitative',
    title: 'epoch',
    scale: { domain: [1, Math.max(2, data.maxEpoch)], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = { type: 'quantitative', title: what, scale: scale.scale, axis: valueAxis(scale, scaleValues) };
  if (opts.byGridPoint !== undefined && typeof opts.byGridPoint !== 'boolean') {
    throw new ReportError('INVALID_OPTION', `${fn}: byGridPoint must be true or false, got ${show(opts.byGridPoint)}`);
  }
  const gridOf = seriesInfoOf(results);
  const gridPoints = [...new Set([...gridOf.values()].map((g) => g.gridLabel))];
  const faceted = opts.byGridPoint === true && gridPoints.length >= 2;
  // Faceted, the colour is the initializer alone (the panel says the grid point), so one legend serves every panel.
  const labels = [...new Set(data.series.map((sr) => gridOf.get(sr)!.label))];
  const color = faceted ? colorEncoding(fn, results, labels, true, width, opts.seriesColor, 'label') : colorEncoding(fn, results, data.series, true, width, opts.seriesColor);
  const layer: Record<string, unknown>[] = [];
  // Faceted, the layers share the facet's data and pick their rows by `kind`; unfaceted, they need no filter.
  const only = (kind: string): Record<string, unknown> => (faceted ? { transform: [{ filter: `datum.kind === '${kind}'` }] } : {});
  if (band !== 'none') {
    layer.push({
      ...only('point'),
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  }
  layer.push({
    ...only('point'),
    mark: { type: 'line', strokeWidth: 2, point: data.maxEpoch <= 30 },
    encoding: {
      x,
      y: { ...y, field: 'mean' },
      color,
      tooltip: [
        { field: 'series', type: 'nominal', title: 'initializer' },
        { field: 'epoch', type: 'quantitative' },
        { field: 'mean', type: 'quantitative', title: `mean ${what}`, format: '.4~g' },
        { field: 'runs', type: 'quantitative' },
      ],
    },
  });
  const markerRows = markers.map((m) => ({ series: m.series, seed: m.seed, epoch: m.epoch, loss: m.loss, divergedAtEpoch: m.divergedAtEpoch }));
  if (markers.length > 0) {
    layer.push({
      // A facet's layers share its data, so there the markers ride along in it, told apart by `kind`.
      ...(faceted ? only('marker') : { data: { values: markerRows } }),
      mark: { type: 'point', shape: 'cross', size: 90, filled: true, opacity: 0.9 },
      encoding: { x, y: { ...y, field: 'loss' }, color },
    });
  }
  const heading = { text: title ?? `${what[0]!.toUpperCase()}${what.slice(1)} per epoch${faceted ? ', by grid point' : ''}`, subtitle };
  if (!faceted) {
    return build({ title: heading, description: describeLossCurves(data, scale), width, height, data: { values: data.points }, layer });
  }
  const withGrid = (row: { series: string }, kind: string): Record<string, unknown> => {
    const { label, gridLabel } = gridOf.get(row.series)!;
    return { ...row, label, gridLabel, kind };
  };
  return build({
    title: heading,
    description: describeLossCurves(data, scale),
    data: { values: [...data.points.map((p) => withGrid(p, 'point')), ...markerRows.map((m) => withGrid(m, 'marker'))] },
    facet: { field: 'gridLabel', type: 'nominal', title: null, sort: gridPoints, header: { labelLimit: 0, labelFontSize: 12 } },
    // Two panels to a row up to four points (a square), else three.
    columns: gridPoints.length <= 4 ? 2 : 3,
    spec: { width: opts.width ?? 240, height: opts.height ?? 170, layer },
    resolve: { scale: { y: 'shared' } },
  });
}

/**
 * A test metric per run, one row per initializer: each seed a dot, the mean as a tick with its 95% confidence
 * interval as a bar, and the baseline as a dashed vertical rule. Diverged runs have no value and are not drawn
 * (the subtitle and text alternative count them). The x axis is logarithmic when the values (and the baseline)
 * span more than two decades.
 *
 * @throws {ReportError} `INVALID_INPUT`, `INVALID_OPTION` (no such metric in any run, a non-finite baseline, bad scale or size).
 * @example
 * ```ts
 * const spec = metricDistributionSpec(results, { metric: 'accuracy', baseline: 0.559375, baselineLabel: 'majority-class baseline' });
 * ```
 */
export function metricDistributionSpec(results: readonly RunResult[], opts: MetricDistributionOptions): VegaLiteSpec {
  const fn = 'metricDistributionSpec';
  checkResults(fn, results);
  if (opts === null || typeof opts !== 'object') {
    throw new ReportError('INVALID_OPTION', `${fn}: opts must be an object with a metric, e.g. { metric: 'accuracy' }, got ${show(opts)}`);
  }
  assertKnownOptions(fn, opts, METRIC_DISTRIBUTION_OPTIONS, invalidOption);
  const keys = metricKeys(results);
  if (typeof opts.metric !== 'string' || !keys.includes(opts.metric)) {
    throw new ReportError('INVALID_OPTION', `${fn}: metric must be a key of the runs' metrics (${keys.join(', ')}), got ${show(opts.metric)}`);
  }
  if (opts.baseline !== undefined && (typeof opts.baseline !== 'number' || !Number.isFinite(opts.baseline))) {
    throw new ReportError('INVALID_OPTION', `${fn}: baseline must be a finite number, got ${show(opts.baseline)}`);
  }
  const data = metricData(results, opts.metric);
  const rowHeight = 34;
  const { width, height, title } = checkSize(fn, opts, Math.max(120, rowHeight * data.series.length));
  const mode = checkChoice(fn, 'xScale', opts.xScale, ['auto', 'linear', 'log'] as const, 'auto');
  const values = data.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const cis = data.stats.flatMap((s) => s.ci ?? []);
  const baseline = opts.baseline === undefined ? null : { value: opts.baseline, label: opts.baselineLabel ?? 'baseline' };
  const scaleValues = [...values, ...cis, ...(baseline === null ? [] : [baseline.value])];
  const scale = chooseScale(scaleValues, mode, false);
  const label = metricLabel(opts.metric);
  const diverged = data.stats.reduce((sum, s) => sum + s.diverged, 0);
  const subtitle = [
    'dots: runs; tick and bar: mean and 95% CI',
    baseline === null ? '' : `dashed: ${baseline.label} ${formatValue(baseline.value)}`,
    diverged > 0 ? `${diverged} diverged ${diverged === 1 ? 'run' : 'runs'} not drawn` : '',
    scale.logLike ? `${scale.words} scale` : '',
  ]
    .filter((s) => s !== '')
    .join('; ');
  const xBase = { type: 'quantitative', title: `test ${label}`, scale: scale.scale, axis: valueAxis(scale, scaleValues) };
  // Row labels are drawn whole: cut, two grid points of one initializer would read alike.
  const y = { field: 'series', type: 'nominal', title: null, scale: { domain: [...data.series] }, axis: { labelLimit: 0 } };
  // For a grid, one colour per initializer (the row label names the point): 20 rows in 10 colours would repeat them.
  const info = seriesInfoOf(results);
  const labels = [...new Set(data.series.map((sr) => info.get(sr)!.label))];
  const byLabel = labels.length < data.series.length;
  const color = byLabel ? colorEncoding(fn, results, labels, false, width, opts.seriesColor, 'label') : colorEncoding(fn, results, data.series, false, width, opts.seriesColor);
  const tag = <T extends { series: string }>(row: T): T & { label?: string } => (byLabel ? { ...row, label: info.get(row.series)!.label } : row);
  const stats = data.stats.filter((s) => s.mean !== null).map((s) => tag({ series: s.series, mean: s.mean, lo: s.ci?.[0] ?? s.mean, hi: s.ci?.[1] ?? s.mean, n: s.n }));
  const layer: Record<string, unknown>[] = [
    {
      data: { values: stats },
      mark: { type: 'rule', strokeWidth: 3, opacity: 0.45 },
      encoding: { y, x: { ...xBase, field: 'lo' }, x2: { field: 'hi' }, color },
    },
    {
      data: { values: stats },
      mark: { type: 'tick', thickness: 3, size: 22 },
      encoding: { y, x: { ...xBase, field: 'mean' }, color },
    },
    {
      data: { values: data.points.filter((p) => p.value !== null).map((p) => tag({ series: p.series, seed: p.seed, value: p.value })) },
      mark: { type: 'point', filled: true, size: 55, opacity: 0.75 },
      encoding: {
        y,
        x: { ...xBase, field: 'value' },
        color,
        tooltip: [
          { field: 'series', type: 'nominal', title: 'initializer' },
          { field: 'seed', type: 'quantitative' },
          { field: 'value', type: 'quantitative', title: `test ${label}`, format: '.4~g' },
        ],
      },
    },
  ];
  if (baseline !== null) {
    layer.push({
      data: { values: [{ baseline: baseline.value }] },
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5, color: '#333' },
      encoding: { x: { ...xBase, field: 'baseline' } },
    });
  }
  return build({
    title: { text: title ?? `Test ${label} per run`, subtitle },
    description: describeMetricDistribution(data, scale, baseline),
    width,
    height,
    layer,
  });
}

/**
 * Per-layer standard deviation of the activations on a batch of training rows, one line per initializer across
 * the layers (the last is the output layer): at initialisation (solid) and, when recorded, after training
 * (dashed); the mean over seeds. This is where vanishing (std shrinking layer by layer, or 0 for zeros) and
 * exploding (std growing) signals show. Logarithmic (symlog with zeros) when the values span more than two decades.
 *
 * @throws {ReportError} `INVALID_INPUT` (no runs, or no run with diagnostics), `INVALID_OPTION`.
 * @example
 * ```ts
 * const svg = await renderSvg(activationStdSpec(results, { phases: ['init'] }));
 * ```
 */
export function activationStdSpec(results: readonly RunResult[], opts: ActivationStdOptions = {}): VegaLiteSpec {
  const fn = 'activationStdSpec';
  assertKnownOptions(fn, opts, ACTIVATION_STD_OPTIONS, invalidOption);
  checkResults(fn, results);
  const { width, height, title } = checkSize(fn, opts, 280);
  const mode = checkChoice(fn, 'yScale', opts.yScale, ['auto', 'linear', 'log'] as const, 'auto');
  if (opts.phases !== undefined) {
    const ok = Array.isArray(opts.phases) && opts.phases.length > 0 && opts.phases.every((p) => p === 'init' || p === 'final');
    if (!ok) throw new ReportError('INVALID_OPTION', `${fn}: phases must be a non-empty list of 'init' and 'final', got ${show(opts.phases)}`);
  }
  const all = layerSummaries(results);
  const present = (['init', 'final'] as const).filter((p) => all.some((r) => r.phase === p));
  const phases = opts.phases === undefined ? present : present.filter((p) => opts.phases!.includes(p));
  if (phases.length === 0) {
    throw new ReportError(
      'INVALID_INPUT',
      `${fn}: no run has per-layer diagnostics${opts.phases === undefined ? '' : ` for ${opts.phases.join(', ')}`} (recorded: ${present.join(', ') || 'none'}); run with diagnostics: init or epoch`,
    );
  }
  const series = seriesOrder(results);
  const rows = all.filter((r) => phases.includes(r.phase));
  const scaleValues = rows.flatMap((r) => (r.activationStd === null ? [] : [r.activationStd]));
  const scale = chooseScale(scaleValues, mode, true);
  // Same architecture everywhere: the axis can name each layer's activation and width.
  const shape = (r: (typeof rows)[number]): string => `${r.layer}:${r.activation}:${r.units}`;
  const shapes = new Map<number, Set<string>>();
  for (const r of rows) shapes.set(r.layer, (shapes.get(r.layer) ?? new Set()).add(shape(r)));
  const uniform = [...shapes.values()].every((s) => s.size === 1) && new Set(series.map((s) => rows.filter((r) => r.series === s && r.phase === phases[0]).length)).size === 1;
  // A grid (depths, activations) as one panel per grid point: each panel's layers in order on its own axis,
  // one line per initializer, instead of every series on one axis whose layers interleave across depths.
  const gridPoints = [...new Set(rows.map((r) => r.gridLabel))];
  const faceted = gridPoints.length >= 2;
  const fullLabel = (r: (typeof rows)[number]): string => `${r.layer + 1}: ${r.activation} ×${r.units}${r.isOutput ? ' (out)' : ''}`;
  // One panel is one architecture, so a faceted axis always names the layers in full.
  const layerLabel = (r: (typeof rows)[number]): string => (faceted || uniform ? fullLabel(r) : `${r.layer + 1}${r.isOutput ? ' (out)' : ''}`);
  const labelOf = seriesInfoOf(results);
  const values = rows
    .filter((r) => r.activationStd !== null)
    .map((r) => ({
      series: r.series,
      phase: r.phase === 'init' ? 'at init' : 'after training',
      layer: r.layer,
      layerLabel: layerLabel(r),
      activation: r.activation,
      units: r.units,
      activationStd: r.activationStd,
      ...(faceted ? { label: labelOf.get(r.series)!.label, gridLabel: r.gridLabel } : {}),
    }));
  const labels = [...new Map([...rows].sort((a, b) => a.layer - b.layer).map((r) => [layerLabel(r), r.layer])).keys()];
  const initLabels = faceted ? [...new Set(results.map((r) => r.label))] : [];
  const encoding: Record<string, unknown> = {
    x: faceted
      ? { field: 'layerLabel', type: 'ordinal', title: 'layer', sort: { field: 'layer' }, axis: { labelAngle: -30, labelLimit: 0 } }
      : { field: 'layerLabel', type: 'ordinal', title: 'layer', sort: labels, scale: { domain: labels }, axis: { labelAngle: 0, labelLimit: 160 } },
    y: { field: 'activationStd', type: 'quantitative', title: 'activation std', scale: scale.scale, axis: valueAxis(scale, scaleValues) },
    color: faceted ? colorEncoding(fn, results, initLabels, true, width, opts.seriesColor, 'label') : colorEncoding(fn, results, series, true, width, opts.seriesColor),
    tooltip: [
      { field: 'series', type: 'nominal', title: 'initializer' },
      { field: 'phase', type: 'nominal' },
      { field: 'layerLabel', type: 'ordinal', title: 'layer' },
      { field: 'activationStd', type: 'quantitative', title: 'activation std', format: '.4~g' },
    ],
  };
  if (phases.length === 2) {
    encoding['strokeDash'] = {
      field: 'phase',
      type: 'nominal',
      title: null,
      scale: { domain: ['at init', 'after training'], range: [[1, 0], [6, 4]] },
      // The subtitle says which is which; a second legend at the bottom would sit beside the colour legend.
      legend: null,
    };
  }
  const subtitle = ['mean over seeds', phases.length === 2 ? 'solid: at initialisation; dashed: after training' : phases[0] === 'init' ? 'at initialisation' : 'after training', scale.logLike ? `${scale.words} scale` : '']
    .filter((s) => s !== '')
    .join('; ');
  const heading = { text: title ?? `Activation std per layer${faceted ? ', by grid point' : ''}`, subtitle };
  const mark = { type: 'line', strokeWidth: 2, point: true };
  if (faceted) {
    return build({
      title: heading,
      description: describeActivationStd(rows, series, phases, scale),
      data: { values },
      facet: { field: 'gridLabel', type: 'nominal', title: null, sort: gridPoints, header: { labelLimit: 0, labelFontSize: 12 } },
      columns: gridPoints.length <= 4 ? 2 : 3,
      spec: { width: opts.width ?? 240, height: opts.height ?? 180, mark, encoding },
      resolve: { scale: { x: 'independent', y: 'shared' } },
    });
  }
  return build({ title: heading, description: describeActivationStd(rows, series, phases, scale), width, height, data: { values }, mark, encoding });
}

/**
 * Options of {@link gridHeatmapSpec}.
 *
 * @example
 * ```ts
 * const opts: GridHeatmapOptions = { metric: 'accuracy', higherIsBetter: true };
 * ```
 */
export interface GridHeatmapOptions extends Omit<ChartOptions, 'seriesColor'> {
  /** Whether a larger value of the metric is better (the colour runs from worst to best); default from `@initlab/eval`'s metric registry, else true. */
  higherIsBetter?: boolean;
}

const GRID_HEATMAP_OPTIONS = optionKeys<GridHeatmapOptions>({ width: true, height: true, title: true, higherIsBetter: true });

/** The mark each baseline verdict gets in a heatmap cell (and the legend line that explains them). */
export const GRID_VERDICT_MARKS: Readonly<Record<string, string>> = { better: '▲', worse: '▼', 'not distinguishable': '≈', 'too few runs': '·', 'not learning': '✕' };

/** One cell of {@link gridHeatmapSpec}: an initializer at a grid point, as `summarizeExperiment` aggregates it. */
export interface GridCell {
  initializer: string;
  point: string;
  mean: number | null;
  ci: [number, number] | null;
  runs: number;
  /** Runs whose metric is finite (the mean is over these). */
  finite: number;
  diverged: number;
  verdict: string | null;
}

/** The cells of a grid: one per aggregate, in the experiment's order (initializers, then grid points). */
export function gridCells(aggregates: readonly Aggregate[]): GridCell[] {
  return aggregates.map((a) => ({
    initializer: a.label,
    point: a.gridLabel,
    mean: a.test.mean,
    ci: a.test.ci,
    runs: a.runs,
    finite: a.test.n,
    diverged: a.diverged,
    verdict: a.vsBaseline?.verdict ?? null,
  }));
}

/**
 * The view a grid is read in: the main test metric's mean over seeds for every initializer (rows) at every grid
 * point (columns), coloured from worst to best, each cell labelled with its mean, its 95% interval and its
 * verdict against the baseline (▲ better, ▼ worse, ≈ not distinguishable, ✕ not learning, · too few runs).
 * A grid whose points would not fit 1200 px across is drawn the other way round (grid points as rows).
 * Row and column labels are drawn whole (never cut), columns in the grid's order. An experiment without a grid
 * (one point) has no heatmap: refused with `INVALID_INPUT`.
 *
 * @throws {ReportError} `INVALID_INPUT` (fewer than two grid points, or no aggregates), `INVALID_OPTION`.
 * @example
 * ```ts
 * const summary = summarizeExperiment({ config, results, baseline, data });
 * const svg = await renderSvg(gridHeatmapSpec(summary.aggregates, 'accuracy'));
 * ```
 */
export function gridHeatmapSpec(aggregates: readonly Aggregate[], metric: string, opts: GridHeatmapOptions = {}): VegaLiteSpec {
  const fn = 'gridHeatmapSpec';
  assertKnownOptions(fn, opts, GRID_HEATMAP_OPTIONS, invalidOption);
  if (!Array.isArray(aggregates) || aggregates.length === 0) {
    throw new ReportError('INVALID_INPUT', `${fn}: aggregates must be a non-empty array (summarizeExperiment's aggregates), got ${show(aggregates)}`);
  }
  const cells = gridCells(aggregates);
  const points = [...new Set(cells.map((c) => c.point))];
  const initializers = [...new Set(cells.map((c) => c.initializer))];
  if (points.length < 2) {
    throw new ReportError('INVALID_INPUT', `${fn}: a heatmap needs an experiment with a grid (at least two grid points), got ${points.length}`);
  }
  const higher = opts.higherIsBetter ?? metricInfo(metric)?.higherIsBetter ?? true;
  if (typeof higher !== 'boolean') throw new ReportError('INVALID_OPTION', `${fn}: higherIsBetter must be true or false, got ${show(higher)}`);
  // Grid points across while they fit a page; a larger grid (36 points of a 3-axis sweep) turns the heatmap a
  // quarter, grid points down and initializers across, since a page grows downwards and not sideways.
  const pointWidth = Math.ceil(Math.max(96, ...points.map((p) => estimateTextWidth(p, 12) + 12)));
  const transpose = points.length > initializers.length && pointWidth * points.length > 1200;
  const columns = transpose ? initializers : points;
  const rows = transpose ? points : initializers;
  // Angled column labels need no room of their own across.
  const angled = columns.length > 4;
  const cellWidth = transpose ? (angled ? 96 : Math.ceil(Math.max(96, ...initializers.map((i) => estimateTextWidth(i, 12) + 12)))) : pointWidth;
  const { width, height, title } = checkSize(fn, { ...opts, width: opts.width ?? Math.min(1600, cellWidth * columns.length) }, 0);
  const label = metricLabel(metric);
  const values = cells.map((c) => ({
    initializer: c.initializer,
    point: c.point,
    mean: c.mean,
    meanText: c.mean === null ? 'no finite run' : `${formatValue(c.mean)} ${c.verdict === null ? '' : (GRID_VERDICT_MARKS[c.verdict] ?? '')}`.trim(),
    // Without an interval, say why: the mean is of fewer than two finite runs.
    ciText: c.ci === null ? `${c.finite} of ${c.runs} ${c.runs === 1 ? 'run' : 'runs'} finite` : `[${formatValue(c.ci[0], 3)}, ${formatValue(c.ci[1], 3)}]`,
    verdict: c.verdict ?? '—',
    runs: c.runs,
    diverged: c.diverged,
  }));
  const finite = values.flatMap((v) => (v.mean === null ? [] : [v.mean]));
  // A colour scale spanning many decades (an MSE that blew up beside one that learned) is logarithmic.
  const scale = chooseScale(finite, 'auto', false);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  // The best cells are the darkest; text stays readable on every colour: white on the darker half, dark on the rest.
  const mid = scale.logLike && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
  const text = (field: string, dy: number, size: number): Record<string, unknown> => ({
    mark: { type: 'text', fontSize: size, dy, baseline: 'middle' },
    encoding: {
      text: { field, type: 'nominal' },
      color: { condition: { test: `datum.mean !== null && datum.mean ${higher ? '>' : '<'} ${mid}`, value: 'white' }, value: '#111' },
    },
  });
  const rowHeight = 44;
  const verdictMarks = Object.entries(GRID_VERDICT_MARKS).map(([v, m]) => `${m} ${v}`);
  return build({
    title: {
      text: title ?? `Test ${label} by initializer and grid point`,
      // Short lines: a subtitle wider than the plot would be cut off when the SVG is scaled down to a phone.
      subtitle: [
        `mean over seeds, 95% interval below${scale.logLike ? `; ${scale.words} colours` : ''}`,
        `vs the baseline: ${verdictMarks.slice(0, 3).join(', ')},`,
        verdictMarks.slice(3).join(', '),
      ],
    },
    description: describeGridHeatmap(cells, label, higher),
    width,
    height: height > 0 ? height : rowHeight * rows.length,
    data: { values },
    encoding: {
      x: { field: transpose ? 'initializer' : 'point', type: 'ordinal', title: transpose ? null : 'grid point', sort: columns, scale: { domain: columns }, axis: { labelAngle: angled ? -30 : 0, labelLimit: 0, orient: 'top' } },
      y: { field: transpose ? 'point' : 'initializer', type: 'ordinal', title: transpose ? 'grid point' : null, sort: rows, scale: { domain: rows }, axis: { labelLimit: 0 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'mean',
            type: 'quantitative',
            title: `test ${label}`,
            scale: { ...scale.scale, scheme: 'blues', reverse: !higher },
            legend: { orient: 'right', direction: 'vertical', format: '.3~g' },
          },
          tooltip: [
            { field: 'initializer', type: 'nominal' },
            { field: 'point', type: 'nominal', title: 'grid point' },
            { field: 'mean', type: 'quantitative', title: `mean test ${label}`, format: '.4~g' },
            { field: 'ciText', type: 'nominal', title: '95% interval' },
            { field: 'verdict', type: 'nominal', title: 'vs baseline' },
            { field: 'runs', type: 'quantitative' },
            { field: 'diverged', type: 'quantitative' },
          ],
        },
      },
      text('meanText', -7, 12),
      text('ciText', 8, 10),
    ],
  });
}
