import { parse, View } from 'vega';
import { describe, expect, it } from 'vitest';
import { colorDomainGaps, invisibleMarks } from './chart-check.js';
import { seriesName } from './data.js';
import { ReportError } from './errors.js';
import { compileSpec, renderSvg } from './render-svg.js';
import { activationStdSpec, lossCurvesSpec, metricDistributionSpec, type VegaLiteSpec } from './specs.js';
import { loadFixture, type FixtureName } from './test-fixtures.js';

interface Layered {
  layer: { encoding?: { color?: { scale?: { domain?: string[]; range?: string[] } } } }[];
}

/** Vega's SVG of a spec, without renderSvg's checks: what a caller drawing the spec itself would get. */
async function rawSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new View(parse(compileSpec(spec).vega), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The docs' old mistake: a colour scale over the initializer labels, while a grid's series read `label @ point`. */
function labelDomain(spec: VegaLiteSpec, labels: string[]): VegaLiteSpec {
  const copy = structuredClone(spec) as unknown as Layered;
  for (const layer of copy.layer) if (layer.encoding?.color) layer.encoding.color.scale = { domain: labels, range: labels.map(() => '#1f77b4') };
  return copy as unknown as VegaLiteSpec;
}

const PALETTE: Record<string, string> = { zeros: '#7f7f7f', glorot_uniform: '#1f77b4', 'random_normal:stddev=2': '#d62728' };

describe.each(['boston', 'wine', 'sweep'] as FixtureName[])('every chart of the %s fixture draws all of its data', (name) => {
  it('has a colour domain covering its series and a visible stroke or fill on every data mark, with or without seriesColor', async () => {
    const { meta, results } = await loadFixture(name);
    const metric = meta!.baseline.kind === 'train-mean' ? 'mse' : 'accuracy';
    for (const seriesColor of [undefined, ({ label }: { label: string }) => PALETTE[label] ?? '#555555']) {
      const specs = [lossCurvesSpec(results, { seriesColor }), metricDistributionSpec(results, { metric, seriesColor }), activationStdSpec(results, { seriesColor })];
      for (const spec of specs) {
        expect(colorDomainGaps(spec)).toEqual([]);
        const svg = await renderSvg(spec);
        expect(invisibleMarks(svg)).toEqual([]);
        expect(svg).toMatch(/<g class="mark-(line|symbol) role-mark/);
      }
    }
  });
});

describe('a chart whose colour scale misses its series', () => {
  it('is found in the spec, found in the rendered SVG, and refused by renderSvg', async () => {
    const { results } = await loadFixture('sweep');
    const labels = [...new Set(results.map((r) => r.label))];
    const broken = labelDomain(lossCurvesSpec(results, { band: 'minmax' }), labels);
    const gaps = colorDomainGaps(broken);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps[0]).toMatch(/^layer 1: color scale domain \('zeros', .*\) lacks 'zeros @ learningRate=0\.01'/);
    // What Vega draws from it: the bands and lines of every series have neither stroke nor fill.
    const marks = invisibleMarks(await rawSvg(broken));
    expect(marks.some((m) => /^area mark layer_0_marks: 6 of 6 items have no visible stroke or fill$/.test(m))).toBe(true);
    expect(marks.some((m) => /^line mark layer_1_\w*marks: 6 of 6 items/.test(m))).toBe(true);
    const err = await renderSvg(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).code).toBe('RENDER_FAILED');
    expect((err as ReportError).message).toMatch(/^renderSvg: some of the chart's data would get no colour and draw nothing: layer 1: color scale domain/);
    expect((err as ReportError).message).not.toContain('\n');
  });

  it('seriesColor colours each series of a grid from its initializer label, in the spec and in the SVG', async () => {
    const { results } = await loadFixture('sweep');
    const spec = lossCurvesSpec(results, { seriesColor: ({ label, gridLabel }) => (gridLabel.endsWith('0.45') ? '#000000' : PALETTE[label]!) });
    const scale = (spec as unknown as Layered).layer[1]!.encoding!.color!.scale!;
    expect(scale.domain).toEqual([...new Set(results.map(seriesName))]);
    expect(scale.domain!.length).toBe(6);
    expect(scale.range).toEqual(scale.domain!.map((s) => (s.endsWith('0.45') ? '#000000' : PALETTE[s.split(' @ ')[0]!])));
    const svg = await renderSvg(spec);
    for (const color of Object.values(PALETTE)) expect(svg).toContain(`stroke="${color}"`);
  });

  it('refuses a seriesColor that is not a function or returns no colour, naming the series', async () => {
    const { results } = await loadFixture('wine');
    expect(() => lossCurvesSpec(results, { seriesColor: 'red' as unknown as () => string })).toThrow(/^lossCurvesSpec: seriesColor must be a function/);
    expect(() => activationStdSpec(results, { seriesColor: () => '' })).toThrow(/^activationStdSpec: seriesColor must return a CSS colour, got "" for zeros$/);
  });
});

describe('invisibleMarks', () => {
  it('counts only data marks, and items with a stroke, a fill or neither', () => {
    const svg = [
      '<svg><g fill="none">',
      '<g class="mark-rule role-axis-tick"><line x2="5"></line></g>',
      '<g class="mark-line role-mark layer_0_marks"><path d="M0,0L1,1" stroke="#f00" stroke-width="2"></path></g>',
      '<g class="mark-area role-mark layer_1_marks"><path d="M0,0" fill="#00f" opacity="0.18"></path><path d="M1,1"></path></g>',
      '<g class="mark-symbol role-mark layer_2_marks"><path d="M0,0" fill="#00f" fill-opacity="0"></path><path stroke="none"></path></g>',
      '<g class="mark-text role-mark marks"></g>',
      '</g></svg>',
    ].join('');
    expect(invisibleMarks(svg)).toEqual([
      'area mark layer_1_marks: 1 of 2 items have no visible stroke or fill',
      'symbol mark layer_2_marks: 2 of 2 items have no visible stroke or fill',
    ]);
  });
});
