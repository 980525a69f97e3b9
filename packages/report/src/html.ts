// report.html: one self-contained file (inline CSS and inline SVG; no script, no external resource) that
// reads on a phone: tables scroll sideways inside their own box, charts scale down to the screen.
import type { ReportChart } from './charts.js';
import type { ReportModel } from './model.js';
import { escapeHtml, htmlTable } from './renderers.js';

const CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #555; --line: #ddd; --head: #f5f5f5; --warn-bg: #fff6dd; --warn-line: #d99a00; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; -webkit-text-size-adjust: 100%; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem; }
/* Wide enough for a grid's tables at 1280 px; prose keeps a readable measure. */
main > p, main > section > p, ul, dl.setup { max-width: 62rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
p, li, dd { overflow-wrap: anywhere; }
dl.setup { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.setup dt { font-weight: 600; }
dl.setup dd { margin: 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .9rem; }
p.caption { color: var(--muted); font-size: .9rem; margin: .5rem 0 0; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* The row's name stays in view while a wide table scrolls sideways in its box. */
.row-name { position: sticky; left: 0; background: #fff; z-index: 1; }
th.row-name { background: var(--head); }
ul.notes { color: var(--muted); font-size: .9rem; padding-left: 1.2rem; }
ul.warnings { list-style: none; padding: 0; }
ul.warnings li { background: var(--warn-bg); border-left: 4px solid var(--warn-line); padding: .45rem .7rem; margin: .45rem 0; }
figure { margin: 1.5rem 0 2rem; }
.chart { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.chart svg { display: block; max-width: 100%; min-width: 28rem; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .5rem; }
/* The chart in words, for screen readers (the chart's aria-describedby); the table below has the same numbers for the eye. */
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
details { margin-top: .5rem; }
summary { cursor: pointer; }
footer { color: var(--muted); font-size: .8rem; margin: 3rem 0 1rem; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  h1 { font-size: 1.35rem; }
  dl.setup { grid-template-columns: 1fr; gap: 0; }
  dl.setup dd { margin-bottom: .6rem; }
}
`.trim();

/**
 * The SVG as inline HTML: the XML namespace declarations dropped (HTML parsing puts `<svg>` in the SVG namespace
 * by itself), and the accessible name shortened to the title, with the visible caption as its description.
 */
function inlineSvg(chart: ReportChart, captionId: string): string {
  const open = chart.svg.indexOf('>');
  let head = chart.svg.slice(0, open);
  head = head.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '').replace(/\s+aria-label="[^"]*"/, '');
  return `${head} aria-label="${escapeHtml(chart.title)}" aria-describedby="${captionId}"${chart.svg.slice(open)}`;
}

/** Charts drawn before the comparison table: a grid's heatmaps. */
const LEADING_CHARTS = ['numeric-heatmap', 'grid-heatmap'];

/** One chart: the inline SVG, its title and (visually hidden) description, and its numbers folded away. */
function figure(chart: ReportChart): string {
  const captionId = `${chart.id}-caption`;
  return [
    `<figure id="${chart.id}">`,
    `<div class="chart">${inlineSvg(chart, captionId)}</div>`,
    `<figcaption><strong>${escapeHtml(chart.title)}.</strong> <span id="${captionId}" class="visually-hidden">${escapeHtml(chart.description)}</span></figcaption>`,
    `<details><summary>The numbers behind this chart</summary>${htmlTable(chart.table)}</details>`,
    '</figure>',
  ].join('\n');
}

/** The whole report as one self-contained HTML document. */
export function renderHtml(model: ReportModel, charts: readonly ReportChart[]): string {
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="@initlab/report">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(model.title)}</h1>`,
  ];
  if (model.description !== null) out.push(`<p>${escapeHtml(model.description)}</p>`);
  out.push(
    '<section id="setup">',
    '<h2>Setup</h2>',
    `<dl class="setup">\n${model.setup.map(([t, v]) => `<dt>${escapeHtml(t)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}\n</dl>`,
    '</section>',
  );
  // A grid's report leads with its heatmaps: the view in which "which initializer suits which depth" is read.
  const leading = charts.filter((c) => LEADING_CHARTS.includes(c.id));
  const rest = charts.filter((c) => !LEADING_CHARTS.includes(c.id));
  if (leading.length > 0) out.push('<section id="by-grid-point">', '<h2>By grid point</h2>', ...leading.map(figure), '</section>');
  if (model.comparison !== null) {
    out.push('<section id="comparison">', '<h2>Comparison</h2>', htmlTable(model.comparison.table, { id: 'comparison-caption', text: model.comparison.caption }));
    if (model.baseline !== null) out.push(`<p><strong>Baseline</strong> (${escapeHtml(model.baseline)})</p>`);
    if (model.comparison.notes.length > 0) out.push(`<ul class="notes">\n${model.comparison.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`);
    out.push('</section>');
  }
  if (model.perClass !== null) {
    const p = model.perClass;
    out.push(
      '<section id="per-class">',
      '<h2>Per class</h2>',
      htmlTable(p.table, { id: 'per-class-caption', text: p.caption }),
      htmlTable(p.confusion, { id: 'confusion-caption', text: p.confusionCaption }),
      '</section>',
    );
  }
  if (model.warnings.length > 0) {
    out.push('<section id="warnings">', '<h2>Warnings</h2>', `<ul class="warnings">\n${model.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('\n')}\n</ul>`, '</section>');
  }
  if (model.reference !== null) {
    const note = model.reference.note === null ? '' : ` ${model.reference.note}`;
    out.push('<section id="reference">', '<h2>Published numbers</h2>', `<p>Source: ${escapeHtml(model.reference.source)}.${escapeHtml(note)}</p>`, htmlTable(model.reference.table), '</section>');
  }
  if (rest.length > 0) out.push('<section id="charts">', '<h2>Charts</h2>', ...rest.map(figure), '</section>');
  // Below the charts: for a grid the per-layer table is long, so each grid point's rows fold away under its own summary.
  if (model.diagnostics !== null) {
    const { note, groups } = model.diagnostics;
    out.push('<section id="diagnostics">', '<h2>Diagnostics at initialisation</h2>', `<p>${escapeHtml(note)}</p>`);
    if (groups.length === 1) out.push(htmlTable(groups[0]!.table));
    else for (const g of groups) out.push(`<details><summary>${escapeHtml(g.point ?? '')} (${g.table.rows.length} layers)</summary>${htmlTable(g.table)}</details>`);
    out.push('</section>');
  }
  if (model.blocks !== null) {
    out.push('<section id="blocks">', '<h2>Residual blocks</h2>', htmlTable(model.blocks.table, { id: 'blocks-caption', text: model.blocks.caption }), '</section>');
  }
  out.push('<footer>Written by @initlab/report from results.jsonl; the per-run numbers are in report.csv.</footer>', '</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}
