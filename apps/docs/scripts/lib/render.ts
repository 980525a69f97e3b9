import { renderSvg as renderReportSvg, type VegaLiteSpec } from '@initlab/report';
import type { TopLevelSpec } from 'vega-lite';

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

/** A spec with the site's look; a spec's own config (the report charts bring theirs) wins. */
export function withSiteConfig(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string with `@initlab/report`'s renderer, the one `initlab report`
 * uses: headless (no browser, no canvas), with role="img", an aria-label, <title> and <desc>, and refusing a chart
 * whose data marks would draw nothing. Data must be inline (`data.values`): nothing is fetched.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return renderReportSvg(withSiteConfig(spec) as VegaLiteSpec);
}
