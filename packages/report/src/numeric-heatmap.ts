// A grid drawn on two numeric axes (σ_w² × depth, depth × width, …): each cell sits at its values, so distance on
// the page means distance in the axis, and a curve can be drawn over it — given in the experiment file, or the
// mean-field theory's (6 ξ_c over trainable depth, as Schoenholz et al. 2017 draw it in their Figure 6).
import { metricInfo, type Aggregate } from '@initlab/eval';
import { heatmapAxisParameter, heatmapAxisValue, type StoredExperimentConfig } from '@initlab/results';
import { meanField, TheoryError } from '@initlab/theory';
import { describeNumericHeatmap } from './describe.js';
import { ReportError } from './errors.js';
import { metricLabel } from './format.js';
import { formatValue, type TextTable } from './renderers.js';
import { GRID_VERDICT_MARKS, build, type VegaLiteSpec } from './specs.js';

/** An experiment's `heatmap` section, as stored in `experiment.json`. */
export type HeatmapSection = NonNullable<StoredExperimentConfig['heatmap']>;

// Axes whose values are counts of layers or units: drawn linearly, whatever their span.
const COUNT_AXES = ['depth', 'width'];
const CURVE_COLOR = '#e15759';

/**
 * The axes a report draws its numeric heatmap on: the experiment's `heatmap` section, or, without one, a grid
 * that sweeps exactly two numeric axes (depth on y when it is one of them); null when neither.
 *
 * @example
 * ```ts
 * heatmapSection({ ...config, grid: { depth: [2, 4], width: [16, 64] } }); // { x: 'width', y: 'depth' }
 * ```
 */
export function heatmapSection(config: StoredExperimentConfig): HeatmapSection | null {
  if (config.heatmap !== undefined) return config.heatmap;
  const varying = Object.entries(config.grid ?? {}).filter(([, values]) => Array.isArray(values) && values.length > 1);
  if (varying.length !== 2 || !varying.every(([, values]) => (values as unknown[]).every((v) => typeof v === 'number'))) return null;
  const [first, second] = varying.map(([axis]) => axis) as [string, string];
  return second === 'depth' || first !== 'depth' ? { x: first, y: second } : { x: second, y: first };
}

/** One cell: an aggregate placed at its two axis values, in its panel (the initializer, when neither axis is one of its parameters). */
export interface NumericHeatmapCell {
  panel: string;
  x: number;
  y: number;
  mean: number | null;
  ci: [number, number] | null;
  runs: number;
  finite: number;
  verdict: string | null;
}

function axisValue(a: Aggregate, axis: string): number {
  const value = heatmapAxisValue(a, axis);
  if (value === null) {
    throw new ReportError('INVALID_INPUT', `numericHeatmapSpec: ${a.name} has no number for the heatmap axis ${axis}; the axes are a numeric grid axis or initializer.<parameter> set by every initializer`);
  }
  return value;
}

/** The cells of the heatmap, one per aggregate. */
export function numericHeatmapCells(aggregates: readonly Aggregate[], section: HeatmapSection): NumericHeatmapCell[] {
  const byInitializer = heatmapAxisParameter(section.x) !== null || heatmapAxisParameter(section.y) !== null;
  return aggregates.map((a) => ({
    panel: byInitializer ? '' : a.label,
    x: axisValue(a, section.x),
    y: axisValue(a, section.y),
    mean: a.test.mean,
    ci: a.test.ci,
    runs: a.runs,
    finite: a.test.n,
    verdict: a.vsBaseline?.verdict ?? null,
  }));
}

/** The curve over the heatmap, and a sentence for every x where it has no value. */
export interface HeatmapCurve {
  label: string;
  /** Where the curve comes from, for the subtitle: the file, or the theory and its parameters. */
  source: string;
  points: { x: number; y: number }[];
  gaps: string[];
}

/**
 * The section's curve: its points as given, or `times × ξ_c` of `@initlab/theory`'s `meanField` at every x value
 * (σ_w²) of the heatmap; an x where ξ_c is unbounded (the critical point) or the theory has no fixed point is a gap.
 */
export function heatmapCurve(section: HeatmapSection, xs: readonly number[]): HeatmapCurve | null {
  const overlay = section.overlay;
  if (overlay === undefined) return null;
  if ('points' in overlay) return { label: overlay.label, source: 'from the experiment file', points: overlay.points.map(([x, y]) => ({ x: x!, y: y! })), gaps: [] };
  const { times, activation, sigmaB2 } = overlay.theory;
  const points: { x: number; y: number }[] = [];
  const gaps: string[] = [];
  for (const x of xs) {
    try {
      const r = meanField(activation as Parameters<typeof meanField>[0], { sigmaW2: x, sigmaB2 });
      // At the critical point χ_c rounds to 1 and ξ_c = −1/ln χ_c to an arbitrary huge number: unbounded, not a depth.
      if (r.phase !== 'critical' && Number.isFinite(r.xiC)) points.push({ x, y: times * r.xiC });
      else gaps.push(`at ${formatValue(x)} ξ_c is unbounded (the critical point)`);
    } catch (err) {
      if (!(err instanceof TheoryError)) throw err;
      gaps.push(`at ${formatValue(x)} ${err.code === 'NO_FIXED_POINT' ? 'q has no finite fixed point' : err.message}`);
    }
  }
  const name = typeof activation === 'string' ? activation : activation.name;
  return { label: overlay.label, source: `mean-field theory, ${name}, σ_b² = ${formatValue(sigmaB2)}`, points, gaps };
}

/** Band edges around sorted values: halfway to each neighbour (in the scale's own space), mirrored at the ends. */
function bands(values: readonly number[], log: boolean): Map<number, [number, number]> {
  const t = (v: number): number => (log ? Math.log(v) : v);
  const inv = (v: number): number => (log ? Math.exp(v) : v);
  const out = new Map<number, [number, number]>();
  values.forEach((v, i) => {
    const lo = i === 0 ? t(v) - (t(values[1]!) - t(v)) / 2 : (t(values[i - 1]!) + t(v)) / 2;
    const hi = i === values.length - 1 ? t(v) + (t(v) - t(values[i - 1]!)) / 2 : (t(v) + t(values[i + 1]!)) / 2;
    out.set(v, [inv(lo), inv(hi)]);
  });
  return out;
}

const sortedValues = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** Counts are linear; a positive axis spanning a factor of 20 or more (learning rates, standard deviations) is logarithmic. */
function isLog(axis: string, values: readonly number[]): boolean {
  return !COUNT_AXES.includes(axis) && values[0]! > 0 && values.at(-1)! / values[0]! >= 20;
}

const axisTitle = (section: HeatmapSection, which: 'x' | 'y'): string => (which === 'x' ? section.xTitle : section.yTitle) ?? section[which];

/**
 * The heatmap of a grid on two numeric axes: the main test metric's mean over seeds at every (x, y), each cell
 * a band reaching halfway to its neighbours, coloured from worst to best and labelled with its mean and verdict
 * against the baseline; one panel per initializer when neither axis is an initializer parameter; and the
 * section's curve drawn over it in red (clipped to the plot).
 *
 * @throws {ReportError} `INVALID_INPUT` when an aggregate has no number on an axis, or an axis has one value.
 * @example
 * ```ts
 * const section = heatmapSection(meta.config);
 * if (section !== null) await renderSvg(numericHeatmapSpec(summary.aggregates, 'accuracy', section));
 * ```
 */
export function numericHeatmapSpec(aggregates: readonly Aggregate[], metric: string, section: HeatmapSection, curve: HeatmapCurve | null = null): VegaLiteSpec {
  const cells = numericHeatmapCells(aggregates, section);
  const xs = sortedValues(cells.map((c) => c.x));
  const ys = sortedValues(cells.map((c) => c.y));
  if (xs.length < 2 || ys.length < 2) {
    throw new ReportError('INVALID_INPUT', `numericHeatmapSpec: each axis needs at least two values, got ${xs.length} for ${section.x} and ${ys.length} for ${section.y}`);
  }
  const xLog = isLog(section.x, xs);
  const yLog = isLog(section.y, ys);
  const xBands = bands(xs, xLog);
  const yBands = bands(ys, yLog);
  const higher = metricInfo(metric)?.higherIsBetter ?? true;
  const label = metricLabel(metric);
  const panels = [...new Set(cells.map((c) => c.panel))];
  const faceted = panels.length > 1;
  const showText = xs.length * ys.length <= 100;
  const values: Record<string, unknown>[] = cells.map((c) => ({
    kind: 'cell',
    panel: c.panel,
    x: c.x,
    y: c.y,
    x0: xBands.get(c.x)![0],
    x1: xBands.get(c.x)![1],
    y0: yBands.get(c.y)![0],
    y1: yBands.get(c.y)![1],
    mean: c.mean,
    meanText: c.mean === null ? '—' : `${formatValue(c.mean, 3)}${c.verdict === null ? '' : ` ${GRID_VERDICT_MARKS[c.verdict] ?? ''}`}`.trim(),
    ciText: c.ci === null ? `${c.finite} of ${c.runs} finite` : `[${formatValue(c.ci[0], 3)}, ${formatValue(c.ci[1], 3)}]`,
    verdict: c.verdict ?? '—',
    runs: c.runs,
  }));
  // The curve is repeated in every panel: a faceted chart's layers share one data set.
  for (const panel of panels) for (const p of curve?.points ?? []) values.push({ kind: 'curve', panel, x: p.x, y: p.y });
  const finite = cells.flatMap((c) => (c.mean === null ? [] : [c.mean]));
  const mid = (Math.min(...finite) + Math.max(...finite)) / 2;
  const xDomain = [xBands.get(xs[0]!)![0], xBands.get(xs.at(-1)!)![1]];
  const yDomain = [yBands.get(ys[0]!)![0], yBands.get(ys.at(-1)!)![1]];
  const xScale = { type: xLog ? 'log' : 'linear', domain: xDomain, nice: false, zero: false };
  const yScale = { type: yLog ? 'log' : 'linear', domain: yDomain, nice: false, zero: false };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const layer: Record<string, unknown>[] = [
    {
      transform: only('cell'),
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: axisTitle(section, 'x'), scale: xScale, axis: { values: xs, format: '.6~g' } },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', title: axisTitle(section, 'y'), scale: yScale, axis: { values: ys, format: '.6~g' } },
        y2: { field: 'y1' },
        color: { field: 'mean', type: 'quantitative', title: `test ${label}`, scale: { scheme: 'blues', reverse: !higher }, legend: { orient: 'right', format: '.3~g' } },
        tooltip: [
          { field: 'x', type: 'quantitative', title: axisTitle(section, 'x') },
          { field: 'y', type: 'quantitative', title: axisTitle(section, 'y') },
          { field: 'mean', type: 'quantitative', title: `mean test ${label}`, format: '.4~g' },
          { field: 'ciText', type: 'nominal', title: '95% interval' },
          { field: 'verdict', type: 'nominal', title: 'vs baseline' },
          { field: 'runs', type: 'quantitative' },
        ],
      },
    },
  ];
  if (showText) {
    layer.push({
      transform: only('cell'),
      mark: { type: 'text', fontSize: 10, baseline: 'middle' },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale },
        y: { field: 'y', type: 'quantitative', scale: yScale },
        text: { field: 'meanText', type: 'nominal' },
        color: { condition: { test: `datum.mean !== null && datum.mean ${higher ? '>' : '<'} ${mid}`, value: 'white' }, value: '#111' },
      },
    });
  }
  if (curve !== null && curve.points.length > 0) {
    layer.push({
      transform: only('curve'),
      mark: { type: 'line', color: CURVE_COLOR, strokeWidth: 2.5, clip: true, point: { color: CURVE_COLOR, size: 30 } },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale },
        y: { field: 'y', type: 'quantitative', scale: yScale },
        tooltip: [
          { field: 'x', type: 'quantitative', title: axisTitle(section, 'x') },
          { field: 'y', type: 'quantitative', title: curve.label, format: '.3~g' },
        ],
      },
    });
  }
  const subtitle = [`mean over seeds; vs the baseline: ${Object.entries(GRID_VERDICT_MARKS).slice(0, 3).map(([v, m]) => `${m} ${v}`).join(', ')}`];
  if (curve !== null) subtitle.push(`red line: ${curve.label} (${curve.source})`);
  const title = { text: `Test ${label} over ${axisTitle(section, 'x')} × ${axisTitle(section, 'y')}`, subtitle };
  const description = describeNumericHeatmap(cells, { x: axisTitle(section, 'x'), y: axisTitle(section, 'y') }, label, higher, curve);
  const panelWidth = Math.min(640, Math.max(300, xs.length * 44));
  const panelHeight = Math.min(480, Math.max(200, ys.length * 40));
  if (faceted) {
    return build({
      title,
      description,
      data: { values },
      facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelLimit: 0, labelFontSize: 12 } },
      columns: 2,
      spec: { width: Math.min(300, panelWidth), height: Math.min(260, panelHeight), layer },
      resolve: { scale: { color: 'shared' } },
    });
  }
  return build({ title, description, width: panelWidth, height: panelHeight, data: { values }, layer });
}

/** The heatmap's numbers: one row per panel and y value, one column per x value, and the curve's values last. */
export function numericHeatmapTable(aggregates: readonly Aggregate[], metric: string, section: HeatmapSection, curve: HeatmapCurve | null): TextTable {
  const cells = numericHeatmapCells(aggregates, section);
  const xs = sortedValues(cells.map((c) => c.x));
  const ys = sortedValues(cells.map((c) => c.y));
  const panels = [...new Set(cells.map((c) => c.panel))];
  const rows = panels.flatMap((panel) =>
    ys.map((y) => [
      panel === '' ? formatValue(y) : `${panel}, ${formatValue(y)}`,
      ...xs.map((x) => {
        const c = cells.find((cell) => cell.panel === panel && cell.x === x && cell.y === y);
        if (c === undefined || c.mean === null) return '—';
        const ci = c.ci === null ? '' : ` [${formatValue(c.ci[0], 3)}, ${formatValue(c.ci[1], 3)}]`;
        return `${formatValue(c.mean)}${ci}${c.verdict === null ? '' : ` ${GRID_VERDICT_MARKS[c.verdict] ?? ''}`}`;
      }),
    ]),
  );
  if (curve !== null) rows.push([curve.label, ...xs.map((x) => formatValue(curve.points.find((p) => p.x === x)?.y ?? null))]);
  const corner = `${panels.length > 1 ? 'initializer, ' : ''}${axisTitle(section, 'y')} \\ ${axisTitle(section, 'x')} (test ${metricLabel(metric)})`;
  return { headers: [corner, ...xs.map((x) => formatValue(x))], align: ['left', ...xs.map(() => 'right' as const)], rows };
}

/** The numeric heatmap's spec and table, with the section's curve computed once at the heatmap's x values. */
export function numericHeatmapChart(aggregates: readonly Aggregate[], metric: string, section: HeatmapSection): { spec: VegaLiteSpec; table: TextTable } {
  const curve = heatmapCurve(section, sortedValues(numericHeatmapCells(aggregates, section).map((c) => c.x)));
  return { spec: numericHeatmapSpec(aggregates, metric, section, curve), table: numericHeatmapTable(aggregates, metric, section, curve) };
}
