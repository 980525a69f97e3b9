// report.md: GitHub-flavoured Markdown. Charts are SVG in report.html; here each is given in words.
import type { ReportChart } from './charts.js';
import type { ReportModel } from './model.js';
import { escapeMarkdown, markdownTable } from './renderers.js';

/** The whole report as Markdown. */
export function renderMarkdown(model: ReportModel, charts: readonly ReportChart[]): string {
  const out: string[] = [`# ${escapeMarkdown(model.title)}`, ''];
  if (model.description !== null) out.push(escapeMarkdown(model.description), '');
  out.push('## Setup', '', ...model.setup.map(([term, value]) => `- **${escapeMarkdown(term)}**: ${escapeMarkdown(value)}`), '');
  if (model.comparison !== null) {
    out.push('## Comparison', '', escapeMarkdown(model.comparison.caption), '', markdownTable(model.comparison.table), '');
    if (model.comparison.notes.length > 0) out.push(...model.comparison.notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  }
  if (model.baseline !== null) out.push(`**Baseline** (${escapeMarkdown(model.baseline)})`, '');
  if (model.perClass !== null) {
    const p = model.perClass;
    out.push('## Per class', '', escapeMarkdown(p.caption), '', markdownTable(p.table), '', escapeMarkdown(p.confusionCaption), '', markdownTable(p.confusion), '');
  }
  if (model.warnings.length > 0) out.push('## Warnings', '', ...model.warnings.map((w) => `- ${escapeMarkdown(w)}`), '');
  if (model.reference !== null) {
    out.push('## Published numbers', '', `Source: ${escapeMarkdown(model.reference.source)}.${model.reference.note === null ? '' : ` ${escapeMarkdown(model.reference.note)}`}`, '');
    out.push(markdownTable(model.reference.table), '');
  }
  if (charts.length > 0) {
    out.push('## Charts', '', 'The charts are drawn in report.html; each is described here in words. The numbers per run are in report.csv.', '');
    for (const chart of charts) out.push(`### ${escapeMarkdown(chart.title)}`, '', escapeMarkdown(chart.description), '');
  }
  // Below the charts, as in report.html: for a grid this table is long.
  if (model.diagnostics !== null) {
    out.push('## Diagnostics at initialisation', '', escapeMarkdown(model.diagnostics.note), '', markdownTable(model.diagnostics.table), '');
  }
  if (model.blocks !== null) out.push('## Residual blocks', '', escapeMarkdown(model.blocks.caption), '', markdownTable(model.blocks.table), '');
  return `${out.join('\n').trimEnd()}\n`;
}
