/** Vega-Lite specs of the playground, drawn in the page with vega-embed (SVG renderer, data inline). */
import { formatValue } from '@initlab/report';
import type { LayerStats, PhasePoint } from './engine.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Colours shared with the build-time figures. */
const COLORS: [RegExp, string][] = [
  [/^zeros/, '#7f7f7f'],
  [/^random_normal.*stddev=0\.01/, '#17becf'],
  [/^random_normal.*stddev=1/, '#d62728'],
  [/^glorot_uniform/, '#1f77b4'],
  [/^he_normal/, '#f28e2b'],
];

function colorOf(label: string, i: number): string {
  for (const [re, c] of COLORS) if (re.test(label)) return c;
  return ['#9467bd', '#8c564b', '#2ca02c', '#e377c2'][i % 4]!;
}

function config(dark: boolean): Record<string, unknown> {
  const text = dark ? '#dfdfd6' : '#3c3c43';
  const grid = dark ? '#3a3a40' : '#e6e6e6';
  return {
    background: null,
    font: FONT,
    axis: { labelColor: text, titleColor: text, gridColor: grid, domainColor: grid, tickColor: grid, labelFontSize: 11, titleFontSize: 12 },
    legend: { labelColor: text, titleColor: text, labelFontSize: 11, labelLimit: 240 },
    header: { labelColor: text, labelFontSize: 11 },
    title: { color: text, fontSize: 13, anchor: 'start' },
    view: { stroke: grid },
  };
}

/** Numbers in the panels and titles: report's one rule at 3 significant digits, as the CLI prints them. */
export function fmt(x: number | null): string {
  return formatValue(x, 3);
}

/** Small multiples: one histogram per layer, `columns` per row. */
export function histogramsSpec(layers: readonly LayerStats[], opts: { width: number; columns: number; dark: boolean; activation: string }): object {
  const cell = Math.max(70, Math.floor((opts.width - 16) / opts.columns) - 26);
  const values = layers.flatMap((l) =>
    l.bins.map((b) => ({
      panel: `layer ${l.layer} · std ${fmt(l.std)}${l.nonFinite ? ' · overflow' : ''}`,
      layer: l.layer,
      x0: b.x0,
      x1: b.x1,
      share: b.share,
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Histograms of the ${opts.activation} activations of each layer at initialisation`,
    data: { values },
    columns: opts.columns,
    facet: {
      field: 'panel',
      type: 'ordinal',
      sort: { field: 'layer', op: 'min' },
      header: { title: null, labelFontSize: 11, labelPadding: 2 },
    },
    spec: {
      width: cell,
      height: 56,
      mark: { type: 'bar', color: '#3c6e9f' },
      encoding: {
        x: { field: 'x0', type: 'quantitative', bin: 'binned', title: null, axis: { tickCount: 3, labelFontSize: 9, format: '.2~g' } },
        x2: { field: 'x1' },
        // Square-root scale: ReLU's spike of exact zeros would otherwise flatten every other bar.
        y: { field: 'share', type: 'quantitative', title: null, axis: null, scale: { type: 'sqrt' } },
        tooltip: [
          { field: 'panel', title: 'layer' },
          { field: 'x0', title: 'from', format: '.3~g' },
          { field: 'x1', title: 'to', format: '.3~g' },
          { field: 'share', title: 'share', format: '.1%' },
        ],
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spacing: { row: 6, column: 10 },
    config: config(opts.dark),
  };
}

/** Activation std per layer (log scale). */
export function stdSpec(layers: readonly LayerStats[], opts: { width: number; dark: boolean; label: string }): object {
  const values = layers.filter((l) => l.std !== null && l.std > 0).map((l) => ({ layer: l.layer, std: l.std, config: opts.label }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Standard deviation of the activations per layer',
    width: Math.max(240, opts.width - 4),
    autosize: { type: 'fit-x', contains: 'padding' },
    height: 180,
    data: { values },
    mark: { type: 'line', point: true, color: '#3c6e9f' },
    encoding: {
      x: { field: 'layer', type: 'quantitative', title: 'layer', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'std', type: 'quantitative', title: 'activation std (log)', scale: { type: 'log' }, axis: { format: '.0e' } },
      tooltip: [{ field: 'layer' }, { field: 'std', format: '.3e' }],
    },
    config: config(opts.dark),
  };
}

/** Training loss per epoch, one line per initializer; rows are streamed into the `loss` data set. */
export function lossSpec(labels: readonly string[], opts: { width: number; dark: boolean; epochs: number }): object {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Training loss per epoch, one line per initializer',
    width: Math.max(240, opts.width - 4),
    autosize: { type: 'fit-x', contains: 'padding' },
    height: 220,
    data: { name: 'loss' },
    mark: { type: 'line', point: { size: 14 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { domain: [1, opts.epochs] }, axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'loss', type: 'quantitative', title: 'training loss (cross-entropy)', scale: { zero: true } },
      color: {
        field: 'initializer',
        type: 'nominal',
        title: null,
        scale: { domain: [...labels], range: labels.map(colorOf) },
        legend: { orient: 'bottom', columns: opts.width < 480 ? 1 : 2 },
      },
      tooltip: [{ field: 'initializer' }, { field: 'epoch' }, { field: 'loss', format: '.4f' }],
    },
    config: config(opts.dark),
  };
}

/** The phase diagram around the chosen point: the critical line σ_w²(σ_b²) and the point, coloured by its phase. */
export function phaseSpec(p: PhasePoint, opts: { width: number; dark: boolean; activation: string }): object {
  const color = { ordered: '#1f77b4', critical: '#2ca02c', chaotic: '#d62728' }[p.result.phase];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Phase diagram of ${opts.activation}: the critical line and the chosen σ_w² = ${p.sigmaW2}, σ_b² = ${p.sigmaB2} (${p.result.phase})`,
    width: Math.min(420, opts.width - 60),
    height: 200,
    layer: [
      {
        data: { values: p.line },
        mark: { type: 'line', strokeWidth: 2, color: opts.dark ? '#dfdfd6' : '#3c3c43' },
        encoding: {
          x: { field: 'sigmaB2', type: 'quantitative', title: 'σ_b²', scale: { domain: [0, 0.3] } },
          y: { field: 'sigmaW2', type: 'quantitative', title: 'σ_w²', scale: { domain: [0, 4] } },
        },
      },
      {
        data: { values: [{ sigmaB2: p.sigmaB2, sigmaW2: p.sigmaW2, phase: p.result.phase }] },
        mark: { type: 'point', filled: true, size: 160, color },
        encoding: {
          x: { field: 'sigmaB2', type: 'quantitative' },
          y: { field: 'sigmaW2', type: 'quantitative' },
          tooltip: [{ field: 'phase' }, { field: 'sigmaW2', title: 'σ_w²' }, { field: 'sigmaB2', title: 'σ_b²' }],
        },
      },
    ],
    config: config(opts.dark),
  };
}
