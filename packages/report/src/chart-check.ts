// Two checks for a chart that would show axes and a legend but no data: a colour (or shape, dash) scale whose
// explicit domain misses some of the data's values, which Vega then draws with no colour at all, and, whatever
// the cause, a rendered data mark with neither a visible stroke nor a visible fill. renderSvg runs both; they
// are exported so that a site built from these charts can check its own SVG files.
import type { VegaLiteSpec } from './specs.js';

/** Channels whose scale maps a data value to how a mark is drawn: a value outside the domain gets nothing. */
const MAPPED_CHANNELS = ['color', 'fill', 'stroke', 'shape', 'strokeDash', 'opacity'] as const;

interface SpecNode {
  data?: { values?: unknown };
  encoding?: Record<string, unknown>;
  layer?: SpecNode[];
  /** A facet's inner spec (small multiples), which reads the facet's data. */
  spec?: SpecNode;
}

function inlineValues(node: SpecNode, inherited: readonly Record<string, unknown>[]): readonly Record<string, unknown>[] {
  const values = node.data?.values;
  return Array.isArray(values) ? (values.filter((v) => v !== null && typeof v === 'object') as Record<string, unknown>[]) : inherited;
}

const shown = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));

/**
 * Where a spec's explicit scale domain misses values of its own data: for every (layer's) `color`, `fill`,
 * `stroke`, `shape`, `strokeDash` or `opacity` encoding with a `field` and a `scale.domain` list, each value of
 * that field in the (layer's) inline data that is not in the domain. Such a value gets no colour, and its mark
 * draws nothing. Returns one line per channel with gaps; `[]` when every value is covered.
 *
 * @example
 * ```ts
 * colorDomainGaps(lossCurvesSpec(results)); // [] — the chart builds its domain from the data's series
 * ```
 */
export function colorDomainGaps(spec: VegaLiteSpec): string[] {
  const problems: string[] = [];
  const visit = (node: SpecNode, where: string, inherited: readonly Record<string, unknown>[]): void => {
    const rows = inlineValues(node, inherited);
    for (const channel of MAPPED_CHANNELS) {
      const enc = node.encoding?.[channel] as { field?: unknown; scale?: { domain?: unknown } } | undefined;
      const domain = enc?.scale?.domain;
      if (typeof enc?.field !== 'string' || !Array.isArray(domain)) continue;
      const field = enc.field;
      const missing = [...new Set(rows.map((r) => r[field]).filter((v) => v !== undefined && v !== null && !domain.includes(v)))];
      if (missing.length > 0) {
        problems.push(
          `${where}${channel} scale domain (${domain.map(shown).join(', ')}) lacks ${missing.map(shown).join(', ')} of the data's ${field}`,
        );
      }
    }
    (node.layer ?? []).forEach((layer, i) => visit(layer, `${where}layer ${i + 1}: `, rows));
    if (node.spec !== undefined) visit(node.spec, `${where}facet panel: `, rows);
  };
  visit(spec as unknown as SpecNode, '', []);
  return problems;
}

/** An SVG attribute's value, or null. */
function attribute(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m === null ? null : m[1]!;
}

function paints(value: string | null): boolean {
  return value !== null && value !== '' && value !== 'none' && value !== 'transparent' && !/^rgba\([^)]*,\s*0\)$/.test(value);
}

function nonZero(value: string | null): boolean {
  return value === null || Number(value) !== 0;
}

/**
 * The data marks of a Vega-rendered SVG (`<g class="mark-… role-mark">` groups, not axes, legends or titles)
 * whose items draw nothing: no stroke and no fill that is set, not `none` and not fully transparent. Returns
 * one line per mark with such items (a mark's groups, one per series, counted together), naming it and how
 * many of its items are invisible; `[]` when every item is drawn. An empty group (a layer with no data) is not a problem.
 *
 * @example
 * ```ts
 * invisibleMarks(await renderSvg(spec)); // [] for every chart renderSvg returns
 * ```
 */
export function invisibleMarks(svg: string): string[] {
  // Per mark (a line chart has one group per series): items, and items that draw nothing.
  const counts = new Map<string, { items: number; invisible: number }>();
  // A data mark's items are leaf elements (path, line, rect, text, …), so its group ends at the first </g>.
  const groups = /<g class="mark-(\w+) role-mark((?: [^"]*)?)"[^>]*>([\s\S]*?)<\/g>/g;
  for (const m of svg.matchAll(groups)) {
    const [, type, classes, whole] = m as unknown as [string, string, string, string];
    if (type === 'group') continue;
    // A group with no items (a facet panel without this layer's data) is written without a closing tag of its
    // own, so the match runs into the next group: what follows a nested <g is not this mark's.
    const nested = whole.indexOf('<g');
    const body = nested === -1 ? whole : whole.slice(0, nested);
    const key = `${type} mark${classes.trim() === '' ? '' : ` ${classes.trim()}`}`;
    const count = counts.get(key) ?? { items: 0, invisible: 0 };
    counts.set(key, count);
    for (const item of body.matchAll(/<(path|line|rect|circle|ellipse|polygon|polyline|text|image)\b([^>]*)>/g)) {
      const attrs = item[2]!;
      count.items += 1;
      if (item[1] === 'image') continue;
      const opacity = nonZero(attribute(attrs, 'opacity'));
      const stroke = paints(attribute(attrs, 'stroke')) && nonZero(attribute(attrs, 'stroke-width')) && nonZero(attribute(attrs, 'stroke-opacity'));
      const fill = paints(attribute(attrs, 'fill')) && nonZero(attribute(attrs, 'fill-opacity'));
      if (!opacity || (!stroke && !fill)) count.invisible += 1;
    }
  }
  return [...counts].filter(([, c]) => c.invisible > 0).map(([key, c]) => `${key}: ${c.invisible} of ${c.items} items have no visible stroke or fill`);
}
