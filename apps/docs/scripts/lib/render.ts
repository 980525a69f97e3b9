import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '@initlab/report';

/** Shared look of every build-time chart: white card, system fonts, readable at phone width once scaled. */
export const CHART_CONFIG = {
  background: '#ffffff',
  padding: 8,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 13, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 15, anchor: 'start', offset: 10 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#d0d0d0' },
} as const;

/**
 * Renders a Vega-Lite spec to a standalone SVG string with vega's headless renderer (no browser,
 * no canvas: text widths are estimated). Data must be inline (`data.values`): nothing is fetched.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const compiled = compile(withConfig).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // vega puts the description on its DOM container, not in the SVG text; a standalone file carries its own.
    const description = typeof spec.description === 'string' ? spec.description : '';
    if (!description) return svg;
    const text = escapeHtml(description);
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${text}" `).replace(/^(<svg[^>]*>)/, `$1<title>${text}</title>`);
  } finally {
    view.finalize();
  }
}
