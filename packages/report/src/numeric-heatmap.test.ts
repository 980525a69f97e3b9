import { summarizeExperiment } from '@initlab/eval';
import type { StoredExperimentConfig } from '@initlab/results';
import { meanField } from '@initlab/theory';
import { describe, expect, it } from 'vitest';
import { heatmapCurve, heatmapSection, numericHeatmapCells, numericHeatmapChart, numericHeatmapSpec, type HeatmapSection } from './numeric-heatmap.js';
import { renderSvg } from './render-svg.js';
import { formatValue } from './renderers.js';
import { renderReport } from './report.js';
import { loadFixture, markGroups, svgTexts } from './test-fixtures.js';

async function edge() {
  const { meta, results } = await loadFixture('edge');
  const summary = summarizeExperiment({ config: meta!.config, results, baseline: meta!.baseline, data: meta!.data });
  return { meta: meta!, results, aggregates: summary.aggregates, section: heatmapSection(meta!.config)! };
}

/** The `<text>` items of every text mark of the plot (not axes, legends or titles). */
const cellTexts = (svg: string): string[] =>
  [...svg.matchAll(/<g class="mark-text role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => [...m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));

describe('heatmapSection', () => {
  it("is the experiment's heatmap section, as validated and stored", async () => {
    const { section } = await edge();
    expect(section).toEqual({
      x: 'initializer.scale',
      y: 'depth',
      xTitle: 'σ_w²',
      yTitle: 'hidden layers',
      overlay: { label: '6 ξ_c', theory: { quantity: 'xiC', times: 6, activation: 'tanh', sigmaB2: expect.closeTo(0.05, 12) } },
    });
  });

  it('without a section, is drawn for a grid sweeping exactly two numeric axes, depth upwards', async () => {
    const { meta } = await edge();
    const { heatmap: _h, ...config } = meta.config;
    const withGrid = (grid: StoredExperimentConfig['grid']): StoredExperimentConfig => ({ ...config, grid }) as StoredExperimentConfig;
    expect(heatmapSection(withGrid({ depth: [2, 4], width: [16, 64] }))).toEqual({ x: 'width', y: 'depth' });
    expect(heatmapSection(withGrid({ width: [16, 64], learningRate: [0.01, 0.1] }))).toEqual({ x: 'width', y: 'learningRate' });
    // One numeric axis, or a categorical one among them: the initializer × grid point heatmap is the view.
    expect(heatmapSection(withGrid({ depth: [2, 4], width: [32] }))).toBeNull();
    expect(heatmapSection(withGrid({ depth: [2, 4], activation: ['relu', 'tanh'] }))).toBeNull();
    expect(heatmapSection(withGrid({ depth: [2, 4], width: [16, 64], learningRate: [0.01, 0.1] }))).toBeNull();
  });
});

describe('numericHeatmapSpec', () => {
  it('places every initializer × depth cell at its σ_w² and depth, labelled with its mean', async () => {
    const { aggregates, section } = await edge();
    const cells = numericHeatmapCells(aggregates, section);
    expect(cells).toHaveLength(12);
    expect([...new Set(cells.map((c) => c.x))]).toEqual([1, 1.5, 2, 3]);
    expect([...new Set(cells.map((c) => c.y))]).toEqual([2, 8, 16]);
    const { spec } = numericHeatmapChart(aggregates, 'accuracy', section);
    const svg = await renderSvg(spec);
    // One rect per cell, the curve as a line, and each cell's mean as its label.
    const rects = /<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
    expect([...rects.matchAll(/<path/g)]).toHaveLength(12);
    expect(markGroups(svg, 'line')).toBe(1);
    const labels = cellTexts(svg);
    for (const a of aggregates) expect(labels.some((t) => t.startsWith(formatValue(a.test.mean, 3))), a.name).toBe(true);
    expect(svgTexts(svg, 'axis-title')).toEqual(expect.arrayContaining(['σ_w²', 'hidden layers']));
    expect(svgTexts(svg, 'axis-label')).toEqual(expect.arrayContaining(['1', '1.5', '2', '3', '8', '16']));
    expect(svgTexts(svg, 'axis-label').filter((t) => t.includes('e'))).toEqual([]);
  });

  it("draws 6 ξ_c from @initlab/theory's meanField at every σ_w², with the theory's parameters in words", async () => {
    const { aggregates, section } = await edge();
    const curve = heatmapCurve(section, [1, 1.5, 2, 3])!;
    const sigmaB2 = (section.overlay as { theory: { sigmaB2: number } }).theory.sigmaB2;
    expect(curve.points).toEqual([1, 1.5, 2, 3].map((x) => ({ x, y: 6 * meanField('tanh', { sigmaW2: x, sigmaB2 }).xiC })));
    expect(curve.source).toBe('mean-field theory, tanh, σ_b² = 0.05');
    const { spec, table } = numericHeatmapChart(aggregates, 'accuracy', section);
    const description = String((spec as { description?: string }).description);
    expect(description).toMatch(/^Heatmap of the mean test accuracy over seeds at 4 values of σ_w² \(across\) and 3 of hidden layers \(up\), higher is better\./);
    expect(description).toContain(`Red line, 6 ξ_c (mean-field theory, tanh, σ_b² = 0.05): (1, ${formatValue(curve.points[0]!.y, 3)})`);
    expect(table.rows.at(-1)).toEqual(['6 ξ_c', ...curve.points.map((p) => formatValue(p.y))]);
    expect(table.headers).toEqual(['hidden layers \\ σ_w² (test accuracy)', '1', '1.5', '2', '3']);
  });

  it('marks where the theory has no finite depth scale as a gap in words, and takes a curve given as points', () => {
    const theory: HeatmapSection = { x: 'initializer.scale', y: 'depth', overlay: { label: 'ξ_c', theory: { quantity: 'xiC', times: 1, activation: 'relu', sigmaB2: 0 } } };
    // relu with σ_b² = 0 is critical at σ_w² = 2 (ξ_c unbounded), and beyond it q grows without bound.
    const critical = heatmapCurve(theory, [1, 2, 3])!;
    expect(critical.points.map((p) => p.x)).toEqual([1]);
    expect(critical.gaps).toEqual(['at 2 ξ_c is unbounded (the critical point)', 'at 3 q has no finite fixed point']);
    const given = heatmapCurve({ x: 'depth', y: 'width', overlay: { label: 'guess', points: [[2, 16], [4, 64]] } }, [])!;
    expect(given).toEqual({ label: 'guess', source: 'from the experiment file', points: [{ x: 2, y: 16 }, { x: 4, y: 64 }], gaps: [] });
  });

  it('refuses an axis an aggregate has no number for', async () => {
    const { aggregates, section } = await edge();
    expect(() => numericHeatmapSpec(aggregates, 'accuracy', { ...section, x: 'initializer.stddev' })).toThrow(
      /numericHeatmapSpec: variance_scaling:scale=1,mode=fan_in,distribution=untruncated_normal @ depth=2 width=32 has no number for the heatmap axis initializer\.stddev/,
    );
  });
});

describe('renderReport with a numeric heatmap', () => {
  it('leads with it, before the initializer × grid point heatmap, in the HTML and the Markdown', async () => {
    const { meta, results } = await loadFixture('edge');
    const report = await renderReport({ meta, results });
    const first = report.html.indexOf('id="numeric-heatmap"');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(report.html.indexOf('id="grid-heatmap"'));
    expect(report.markdown).toContain('Red line, 6 ξ\\_c (mean-field theory, tanh, σ\\_b² = 0.05)');
  });
});
