import { describe, expect, it } from 'vitest';
import { seriesName } from './data.js';
import { compileSpec, renderSvg } from './render-svg.js';
import { summarizeExperiment } from '@initlab/eval';
import { formatValue } from './renderers.js';
import { GRID_VERDICT_MARKS, activationStdSpec, gridHeatmapSpec, lossCurvesSpec, metricDistributionSpec, type VegaLiteSpec } from './specs.js';
import { loadFixture, makeRun, markGroups, svgTexts, symbolCount, type FixtureName } from './test-fixtures.js';

interface AnySpec {
  title: { text: string; subtitle: string };
  description: string;
  width: number;
  height: number;
  config: { font: string };
  data?: { values: Record<string, unknown>[] };
  layer?: { mark: { type: string }; data?: { values: Record<string, unknown>[] }; encoding: Record<string, { scale?: { type?: string } }> }[];
  encoding?: Record<string, { scale?: { type?: string; domain?: unknown } }>;
}

const spec = (s: VegaLiteSpec): AnySpec => s as unknown as AnySpec;

function orderedSeries(results: { label: string; gridLabel: string }[]): string[] {
  return [...new Set(results.map((r) => seriesName(r as Parameters<typeof seriesName>[0])))];
}

const FIXTURES: FixtureName[] = ['boston', 'wine', 'sweep'];

describe.each(FIXTURES)('charts of the %s fixture', (name) => {
  it('compile without a Vega-Lite warning and render one mark per initializer, named in the legend', async () => {
    const { meta, results } = await loadFixture(name);
    const metric = meta!.baseline.kind === 'train-mean' ? 'mse' : 'accuracy';
    const baseline = (meta!.baseline.metrics as Record<string, number>)[metric]!;
    const names = orderedSeries(results);
    const specs = [
      lossCurvesSpec(results),
      metricDistributionSpec(results, { metric, baseline, baselineLabel: `${meta!.baseline.kind} baseline` }),
      activationStdSpec(results),
    ];
    for (const s of specs) {
      expect(compileSpec(s).warnings).toEqual([]);
      // Self-contained: inline data only, an explicit size and font.
      expect(JSON.stringify(s)).not.toMatch(/"url"\s*:/);
      // A faceted chart (a grid's activation std) sizes its panels.
      const sized = (spec(s) as { spec?: AnySpec }).spec ?? spec(s);
      expect(sized.width).toBeGreaterThan(0);
      expect(sized.height).toBeGreaterThan(0);
      expect(spec(s).config.font).toMatch(/Helvetica/);
      expect(spec(s).description.length).toBeGreaterThan(80);
      for (const n of names) expect(spec(s).description).toContain(n);
    }
    const [loss, dist, act] = await Promise.all(specs.map(renderSvg));
    // Every series with a finite epoch draws one line; the legend names each initializer once.
    const withEpochs = names.filter((n) => results.some((r) => seriesName(r) === n && r.history.length > 0));
    expect(markGroups(loss!, 'line')).toBe(withEpochs.length);
    expect(svgTexts(loss!, 'legend-label')).toEqual(names);
    // The strip chart names the initializers on its y axis and draws one dot per finite run.
    expect(svgTexts(dist!, 'axis-label').filter((t) => names.includes(t))).toEqual(names);
    const finiteRuns = results.filter((r) => typeof (r.metrics as unknown as Record<string, unknown>)[metric] === 'number').length;
    expect(symbolCount(dist!, 'layer_2_marks')).toBe(finiteRuns);
    // Activation std: a line per initializer and phase (init solid, after training dashed).
    const phases = results.some((r) => r.diagnostics.final !== null) ? 2 : 1;
    expect(markGroups(act!, 'line')).toBe(names.length * phases);
    // For a grid, one panel per grid point and one colour per initializer: the legend names the initializers.
    const gridded = new Set(results.map((r) => r.gridLabel)).size > 1;
    expect(svgTexts(act!, 'legend-label')).toEqual(gridded ? [...new Set(results.map((r) => r.label))] : names);
    if (gridded) expect(svgTexts(act!, 'title-text')).toEqual(expect.arrayContaining([...new Set(results.map((r) => r.gridLabel))]));
    for (const svg of [loss!, dist!, act!]) {
      expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="[^"]+"/);
      expect(svg).toMatch(/<title>[^<]+<\/title><desc>[^<]+<\/desc>/);
    }
  });
});

describe('lossCurvesSpec', () => {
  it('uses a log y axis when the losses span more than two decades, linear otherwise', async () => {
    const sweep = (await loadFixture('sweep')).results;
    const wine = (await loadFixture('wine')).results;
    expect(spec(lossCurvesSpec(sweep)).layer![1]!.encoding['y']!.scale).toEqual({ type: 'log' });
    expect(spec(lossCurvesSpec(wine)).layer![1]!.encoding['y']!.scale).toEqual({ type: 'linear', zero: false });
    expect(spec(lossCurvesSpec(sweep, { yScale: 'linear' })).layer![1]!.encoding['y']!.scale?.type).toBe('linear');
    expect(spec(lossCurvesSpec(wine, { yScale: 'log' })).layer![1]!.encoding['y']!.scale?.type).toBe('log');
  });

  it('averages the runs still training at each epoch and ends a diverged curve at its last finite epoch', () => {
    const results = [
      makeRun({ label: 'he_normal', seed: 0, losses: [1, 0.5, 0.25] }),
      makeRun({ label: 'he_normal', seed: 1, losses: [3, 1.5, 0.75] }),
      makeRun({ label: 'big', seed: 0, losses: [10, 1000], status: 'diverged', divergedAtEpoch: 3 }),
      makeRun({ label: 'big', seed: 1, losses: [20], status: 'diverged', divergedAtEpoch: 2 }),
    ];
    const s = spec(lossCurvesSpec(results));
    const points = s.data!.values as { series: string; epoch: number; mean: number; lo: number; hi: number; runs: number }[];
    expect(points.filter((p) => p.series === 'he_normal').map((p) => [p.epoch, p.mean, p.lo, p.hi])).toEqual([
      [1, 2, 1, 3],
      [2, 1, 0.5, 1.5],
      [3, 0.5, 0.25, 0.75],
    ]);
    // Epoch 1 averages both runs, epoch 2 only the one still finite; nothing after.
    expect(points.filter((p) => p.series === 'big').map((p) => [p.epoch, p.mean, p.runs])).toEqual([
      [1, 15, 2],
      [2, 1000, 1],
    ]);
    const markers = s.layer!.find((l) => l.mark.type === 'point')!.data!.values;
    expect(markers).toEqual([
      { series: 'big', seed: 0, epoch: 2, loss: 1000, divergedAtEpoch: 3 },
      { series: 'big', seed: 1, epoch: 1, loss: 20, divergedAtEpoch: 2 },
    ]);
    expect(s.description).toContain('big: 15 at epoch 1 to 1000 at epoch 2 (2 runs); 2 of 2 diverged (seed 0 at epoch 3 and seed 1 at epoch 2)');
    expect(s.description).toContain('Lowest mean loss at epoch 3: he_normal (0.5).');
    // 0.25 … 1000 spans more than two decades.
    expect(s.layer![1]!.encoding['y']!.scale).toEqual({ type: 'log' });
  });

  it('draws a 95% CI band on request (the mean itself for a single run)', () => {
    const results = [
      makeRun({ label: 'a', seed: 0, losses: [1, 2] }),
      makeRun({ label: 'a', seed: 1, losses: [3, 2] }),
      makeRun({ label: 'b', seed: 0, losses: [5, 4] }),
    ];
    const points = spec(lossCurvesSpec(results, { band: 'ci' })).data!.values as { series: string; lo: number; hi: number; mean: number }[];
    // n = 2, losses 1 and 3: Student's t would give 2 ± 12.7, below 0; the bootstrap band of a loss stays
    // within the runs, here [1, 3].
    expect(points[0]!.lo).toBe(1);
    expect(points[0]!.hi).toBe(3);
    expect(points[1]!.lo).toBe(2);
    expect(points.find((p) => p.series === 'b')!).toMatchObject({ lo: 5, hi: 5, mean: 5 });
    expect(spec(lossCurvesSpec(results, { band: 'none' })).layer!.map((l) => l.mark.type)).toEqual(['line']);
  });

  it('refuses bad input and options with one-line messages', () => {
    const results = [makeRun({ label: 'a', seed: 0, losses: [1] })];
    expect(() => lossCurvesSpec([])).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: lossCurvesSpec: results must hold at least one run, got an empty array; run an experiment first]`,
    );
    expect(() => lossCurvesSpec({} as never)).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: lossCurvesSpec: results must be an array of run results (readResults(dir).results), got {}]`,
    );
    expect(() => lossCurvesSpec(results, { band: 'iqr' as never })).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: lossCurvesSpec: band must be one of minmax, ci, none, got "iqr"]`,
    );
    expect(() => lossCurvesSpec(results, { width: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: lossCurvesSpec: width must be a positive integer (pixels), got 0]`,
    );
  });
});

describe('metricDistributionSpec', () => {
  it('draws the baseline as a dashed rule and leaves diverged runs out', async () => {
    const { results, meta } = await loadFixture('sweep');
    const baseline = meta!.baseline.metrics as { mse: number };
    const s = spec(metricDistributionSpec(results, { metric: 'mse', baseline: baseline.mse, baselineLabel: 'train-mean baseline' }));
    const rule = s.layer!.at(-1)!;
    expect(rule.mark).toMatchObject({ type: 'rule', strokeDash: [6, 4] });
    expect(rule.data!.values).toEqual([{ baseline: baseline.mse }]);
    const dots = s.layer![2]!.data!.values;
    expect(dots).toHaveLength(results.filter((r) => r.status === 'ok').length);
    expect(s.title.subtitle).toContain('2 diverged runs not drawn');
    // 10 … 3e41: far more than two decades.
    expect(rule.encoding['x']!.scale?.type).toBe('log');
    expect(s.description).toContain('random_normal:stddev=2 @ learningRate=0.45: mean 3.144e41, every run 3.144e41 (1 run), above the baseline; 2 of 3 runs diverged and are not drawn.');
  });

  it('keeps an accuracy axis and its intervals within [0, 1], and an MSE interval above 0', async () => {
    const accuracies = { perfect: [1, 1, 1, 1, 1], nearly: [1, 1, 0.98, 1, 1], low: [0.03, 0, 0, 0.01, 0] };
    const runs = Object.entries(accuracies).flatMap(([label, values]) =>
      values.map((accuracy, seed) => makeRun({ label, seed, losses: [0.5, 0.4], metrics: { accuracy } })),
    );
    const s = metricDistributionSpec(runs, { metric: 'accuracy', baseline: 0.5 });
    const bars = spec(s).layer![0]!.data!.values as { lo: number; hi: number }[];
    for (const bar of bars) {
      expect(bar.lo).toBeGreaterThanOrEqual(0);
      expect(bar.hi).toBeLessThanOrEqual(1);
    }
    const ticks = svgTexts(await renderSvg(s), 'axis-label').map(Number).filter((v) => Number.isFinite(v));
    expect(ticks.length).toBeGreaterThan(2);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    const mse = [4.9e9, 6.1e10, 9.4e10, 2.2e10, 7e9].map((v, seed) => makeRun({ label: 'wild', seed, losses: [1], metrics: { mse: v } }));
    const band = spec(metricDistributionSpec(mse, { metric: 'mse', xScale: 'linear' })).layer![0]!.data!.values as { lo: number }[];
    expect(band[0]!.lo).toBeGreaterThan(0);
  });

  it('names the metrics it can draw when asked for another', async () => {
    const { results } = await loadFixture('wine');
    expect(() => metricDistributionSpec(results, { metric: 'mse' })).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: metricDistributionSpec: metric must be a key of the runs' metrics (accuracy, loss, logLoss, macroF1), got "mse"]`,
    );
    expect(() => metricDistributionSpec(results, { metric: 'accuracy', baseline: Number.NaN })).toThrow(/baseline must be a finite number, got NaN/);
  });
});

describe('activationStdSpec', () => {
  it('puts zeros at 0 on a symlog axis with a tick at every decade', async () => {
    const { results } = await loadFixture('boston');
    const s = spec(activationStdSpec(results));
    const y = s.encoding!['y'] as { scale: { type: string; constant: number }; axis: { values: number[] } };
    expect(y.scale.type).toBe('symlog');
    const values = s.data!.values as { series: string; phase: string; activationStd: number }[];
    expect(values.filter((v) => v.series === 'zeros' && v.phase === 'at init').map((v) => v.activationStd)).toEqual([0, 0, 0]);
    const positive = values.map((v) => v.activationStd).filter((v) => v > 0);
    expect(y.scale.constant).toBe(Math.min(...positive));
    expect(y.axis.values[0]).toBe(0);
    expect(y.axis.values.slice(1).every((v) => Number.isInteger(Math.log10(v)))).toBe(true);
    expect(s.encoding!['x']!.scale?.domain).toEqual(['1: relu ×10', '2: relu ×5', '3: linear ×1 (out)']);
  });

  it('draws only the phases asked for, and says when no run has diagnostics', async () => {
    const { results } = await loadFixture('wine');
    const initOnly = spec(activationStdSpec(results, { phases: ['init'] }));
    expect(new Set((initOnly.data!.values as { phase: string }[]).map((v) => v.phase))).toEqual(new Set(['at init']));
    expect(initOnly.encoding!['strokeDash']).toBeUndefined();
    expect(() => activationStdSpec([makeRun({ label: 'a', seed: 0, losses: [1] })])).toThrowErrorMatchingInlineSnapshot(
      `[ReportError: activationStdSpec: no run has per-layer diagnostics (recorded: none); run with diagnostics: init or epoch]`,
    );
  });
});

describe('gridHeatmapSpec', () => {
  async function sweepSummary() {
    const { meta, results } = await loadFixture('sweep');
    return summarizeExperiment({ config: meta!.config, results, baseline: meta!.baseline, data: meta!.data });
  }

  it('draws one cell per initializer and grid point, labelled with its mean, interval and verdict', async () => {
    const { aggregates } = await sweepSummary();
    const spec = gridHeatmapSpec(aggregates, 'mse');
    const svg = await renderSvg(spec);
    expect(markGroups(svg, 'rect')).toBeGreaterThan(0);
    // Every text of the cell layers (their groups carry a layer class after role-mark).
    const labels = [...svg.matchAll(/<g class="mark-text role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => [...m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));
    for (const a of aggregates) {
      const mean = formatValue(a.test.mean);
      expect(labels.some((t) => t.startsWith(mean)), `${a.name}: ${mean}`).toBe(true);
      if (a.test.ci !== null) expect(labels).toContain(`[${formatValue(a.test.ci[0], 3)}, ${formatValue(a.test.ci[1], 3)}]`);
      const mark = GRID_VERDICT_MARKS[a.vsBaseline!.verdict]!;
      expect(labels).toContain(`${mean} ${mark}`);
    }
    // The row and column labels are whole, in the experiment's order; MSE: lower is better, so the scale is reversed.
    expect(svgTexts(svg, 'axis-label')).toEqual(expect.arrayContaining(['learningRate=0.01', 'learningRate=0.45', 'random_normal:stddev=2']));
    const color = (spec as unknown as { layer: { encoding: { color?: { scale: { reverse: boolean; type: string } } } }[] }).layer[0]!.encoding.color!.scale;
    expect(color).toMatchObject({ reverse: true, type: 'log' });
    expect(String((spec as { description?: string }).description)).toMatch(/^Heatmap of the mean test MSE over seeds for 3 initializers \(rows\) at 2 grid points \(columns\), lower is better\. learningRate=0\.01: best glorot_uniform/);
  });

  it('is refused for an experiment without a grid, and for unknown options', async () => {
    const { meta, results } = await loadFixture('wine');
    const { aggregates } = summarizeExperiment({ config: meta!.config, results, baseline: meta!.baseline, data: meta!.data });
    expect(() => gridHeatmapSpec(aggregates, 'accuracy')).toThrow('gridHeatmapSpec: a heatmap needs an experiment with a grid (at least two grid points), got 1');
    const sweep = (await sweepSummary()).aggregates;
    expect(() => gridHeatmapSpec(sweep, 'mse', { higherIsbetter: true } as never)).toThrow(/unknown option "higherIsbetter"/);
  });
});

describe('lossCurvesSpec byGridPoint', () => {
  it('draws one panel per grid point with one line per initializer and one shared legend of the initializers', async () => {
    const { results } = await loadFixture('sweep');
    const spec = lossCurvesSpec(results, { byGridPoint: true }) as unknown as {
      facet: { field: string; sort: string[] };
      spec: { layer: { encoding: { color: { field: string; scale: { domain: string[] } } } }[] };
      data: { values: { kind: string; gridLabel: string; label: string }[] };
    };
    expect(spec.facet.field).toBe('gridLabel');
    expect(spec.facet.sort).toEqual(['learningRate=0.01', 'learningRate=0.45']);
    const color = spec.spec.layer[0]!.encoding.color;
    expect(color.field).toBe('label');
    expect(color.scale.domain).toEqual(['zeros', 'glorot_uniform', 'random_normal:stddev=2']);
    // The two diverged runs' crosses travel in the facet's data, in their own panel.
    expect(spec.data.values.filter((v) => v.kind === 'marker').map((v) => [v.label, v.gridLabel])).toEqual([
      ['random_normal:stddev=2', 'learningRate=0.45'],
      ['random_normal:stddev=2', 'learningRate=0.45'],
    ]);
    const svg = await renderSvg(spec as unknown as VegaLiteSpec);
    expect(svgTexts(svg, 'title-text')).toEqual(expect.arrayContaining(['learningRate=0.01', 'learningRate=0.45']));
    expect(svgTexts(svg, 'legend-label')).toEqual(['zeros', 'glorot_uniform', 'random_normal:stddev=2']);
    expect(markGroups(svg, 'line')).toBeGreaterThanOrEqual(2);
  });

  it('keeps one panel without a grid, and refuses a byGridPoint that is not a boolean', async () => {
    const { results } = await loadFixture('wine');
    expect(lossCurvesSpec(results, { byGridPoint: true })).toEqual(lossCurvesSpec(results));
    expect(() => lossCurvesSpec(results, { byGridPoint: 'yes' as never })).toThrow(/^lossCurvesSpec: byGridPoint must be true or false, got .yes.$/);
  });
});
