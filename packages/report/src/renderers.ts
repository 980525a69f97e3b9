// The one place initlab turns tables into text, Markdown and HTML: the CLI, the docs and the report files all
// call these, so a comparison reads the same wherever it is printed.
import { EvalError, formatNumber, formatPercent, formatPValue, type ComparisonRow, type ComparisonTable } from '@initlab/eval';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { show } from './errors.js';

// The p-value rule lives in eval, whose verdict messages print p-values too.
export { formatPValue };

/** A table as rows of display strings. */
export interface TextTable {
  headers: string[];
  /** Per column: numbers right, text left. */
  align: ('left' | 'right')[];
  rows: string[][];
}

/** Escape text for HTML element content and attribute values (double- or single-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Escape text for GitHub-flavoured Markdown (also inside table cells): backslash, backtick, `*`, `_`, `|`, and
 * a `<` that could open an HTML tag; a line break becomes a space so a cell stays on its row. Brackets stay
 * (literal without a following `(`), so "<0.001" stays readable.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_|]|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A number for a table cell or prose: {@link formatNumber}, or an em dash when missing or not finite. */
export function formatValue(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : formatNumber(value, digits);
}

/** Aligned columns for a terminal: two spaces apart, numbers right-aligned, no trailing blanks. */
export function plainTextTable(table: TextTable): string {
  const widths = table.headers.map((h, j) => Math.max(h.length, ...table.rows.map((row) => row[j]!.length)));
  const pad = (value: string, j: number): string => (table.align[j] === 'right' ? value.padStart(widths[j]!) : value.padEnd(widths[j]!));
  const line = (values: readonly string[]): string => values.map(pad).join('  ').trimEnd();
  return [line(table.headers), ...table.rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table; every cell is escaped with {@link escapeMarkdown}. */
export function markdownTable(table: TextTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(table.headers), `| ${table.align.map((a) => (a === 'right' ? '---:' : ':---')).join(' | ')} |`, ...table.rows.map(line)].join('\n');
}

/** An HTML table in a box that scrolls sideways on narrow screens; every cell is escaped with {@link escapeHtml}. */
export function htmlTable(table: TextTable, caption?: { id: string; text: string }): string {
  // The column that names the row (the first, or the one after a rank column '#') sticks to the left edge.
  const nameColumn = table.headers[0] === '#' && table.headers.length > 1 ? 1 : 0;
  const cls = (j: number): string => {
    const names = [table.align[j] === 'right' ? 'num' : '', j === nameColumn ? 'row-name' : ''].filter((c) => c !== '');
    return names.length === 0 ? '' : ` class="${names.join(' ')}"`;
  };
  const head = `<tr>${table.headers.map((h, j) => `<th scope="col"${cls(j)}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map((c, j) => `<td${cls(j)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  // The caption stays outside the scrolling box so it wraps to the screen instead of scrolling with a wide table.
  const cap = caption === undefined ? '' : `<p class="caption" id="${caption.id}">${escapeHtml(caption.text)}</p>`;
  const described = caption === undefined ? '' : ` aria-describedby="${caption.id}"`;
  return `${cap}<div class="table-wrap"><table${described}><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A column added to a comparison table after `diverged`, e.g. the final training loss (right-aligned). */
export interface ExtraColumn {
  header: string;
  cell: (row: ComparisonRow) => string;
}

/** Options of {@link comparisonTextTable}, {@link comparisonCaption} and {@link formatComparisonTable}. */
export interface ComparisonLayoutOptions {
  /** Header of the name column (default `'group'`; the CLI and the report use `'initializer'`). */
  nameHeader?: string;
  /** Significant digits of means (default 4); CI half-widths get 2. */
  digits?: number;
  /**
   * `'compact'` (the default): `n` counts finite runs, the verdict is one word. `'experiment'` (the CLI's and
   * report's): the metric names the mean column, `runs` counts every run, a worse verdict gives its ratio to the
   * baseline, and the caption says how diverged runs are treated.
   */
  layout?: 'compact' | 'experiment';
  /** Columns inserted after `diverged`. */
  extraColumns?: readonly ExtraColumn[];
}

/** Options of {@link formatComparisonTable}. */
export interface FormatTableOptions extends ComparisonLayoutOptions {
  /** `'text'` (aligned columns for a terminal, the default) or `'markdown'` (a GitHub-flavoured table). */
  format?: 'text' | 'markdown';
}

interface Column {
  header: string;
  align: 'left' | 'right';
  cell: (row: ComparisonRow) => string;
}

const LAYOUT_KEYS = { nameHeader: true, digits: true, layout: true, extraColumns: true } as const;
const LAYOUT_OPTIONS = optionKeys<ComparisonLayoutOptions>(LAYOUT_KEYS);
const FORMAT_TABLE_OPTIONS = optionKeys<FormatTableOptions>({ ...LAYOUT_KEYS, format: true });
// The option errors of the statistics package the table comes from, as before these renderers moved here.
const invalidOption = (message: string): EvalError => new EvalError('INVALID_OPTION', message);

/**
 * The rows of a {@link ComparisonTable} as display strings: rank, name, the mean with its interval (`mean ± half-width`
 * for Student's t, `mean [low, high]` for a bootstrap interval), runs, diverged
 * runs, any extra columns, the verdict against the baseline (when there is one) and the p-value against the
 * best row. The text, Markdown and HTML renderers all draw this.
 *
 * @throws {EvalError} `INVALID_OPTION` for bad digits.
 */
export function comparisonTextTable(table: ComparisonTable, opts: ComparisonLayoutOptions = {}): TextTable {
  assertKnownOptions('comparisonTextTable', opts, LAYOUT_OPTIONS, invalidOption);
  const digits = opts.digits ?? 4;
  formatNumber(0, digits); // validates digits with formatNumber's own message
  const experiment = opts.layout === 'experiment';
  const percent = formatPercent(table.confidence);
  const columns: Column[] = [
    { header: '#', align: 'right', cell: (r) => String(r.rank) },
    { header: opts.nameHeader ?? 'group', align: 'left', cell: (r) => r.name },
    { header: experiment ? `${table.title} (${intervalHeader(table, percent)})` : intervalHeader(table, percent), align: 'right', cell: (r) => meanCell(r, digits) },
    experiment
      ? { header: 'runs', align: 'right', cell: (r) => String(r.n + r.diverged) }
      : { header: 'n', align: 'right', cell: (r) => String(r.n) },
    { header: 'diverged', align: 'right', cell: (r) => String(r.diverged) },
    ...(opts.extraColumns ?? []).map((c): Column => ({ ...c, align: 'right' })),
  ];
  if (table.baseline !== null) {
    columns.push({ header: 'vs baseline', align: 'left', cell: (r) => verdictCell(r, experiment) });
  }
  columns.push({
    header: 'p vs best',
    align: 'right',
    cell: (r) => (r.isBest ? 'best' : r.pValue === null ? '—' : formatPValue(r.pValue)),
  });
  return {
    headers: columns.map((c) => c.header),
    align: columns.map((c) => c.align),
    rows: table.rows.map((row) => columns.map((c) => c.cell(row))),
  };
}

/** The table's notes without those that repeat the start of a warning printed beside it (shown once, there). */
export function notesBesideWarnings(notes: readonly string[], warnings: readonly string[]): string[] {
  return notes.filter((note) => !warnings.some((w) => w.startsWith(note)));
}

/** How "vs baseline" is decided, stated wherever a table shows it. */
function baselineLevel(table: ComparisonTable): string {
  return table.baselineAlpha === null ? '' : `; vs baseline: one-sided t-test across seeds at α = ${table.baselineAlpha} (better or worse only when significant)`;
}

/** The sentence above a comparison table: interval, test and baseline (`'experiment'` layout: a full sentence). */
export function comparisonCaption(table: ComparisonTable, opts: ComparisonLayoutOptions = {}): string {
  assertKnownOptions('comparisonCaption', opts, LAYOUT_OPTIONS, invalidOption);
  const percent = formatPercent(table.confidence);
  const digits = opts.digits ?? 4;
  const direction = table.higherIsBetter ? 'higher is better' : 'lower is better';
  const bootstrap = table.interval === 'bootstrap';
  if (opts.layout === 'experiment') {
    const test = table.test === 'paired' ? 'the paired t-test (same seeds)' : "Welch's t-test";
    const base =
      table.baseline === null ? '' : `; baseline${table.baseline.kind === null ? '' : ` (${table.baseline.kind})`} ${formatNumber(table.baseline.value, digits)}`;
    const interval = bootstrap ? `mean and ${percent} bootstrap confidence interval` : `mean ± ${percent} confidence interval`;
    return `${table.title}, ${direction}: ${interval} over seeds (diverged runs counted, not averaged); p vs best from ${test}${base}${baselineLevel(table)}`;
  }
  const test = table.test === 'paired' ? 'paired t-test' : "Welch's t-test";
  const base =
    table.baseline === null
      ? ''
      : `; baseline: ${table.baseline.kind === null ? '' : `${table.baseline.kind} `}${formatNumber(table.baseline.value, digits)}`;
  return `${bootstrap ? `mean [${percent} bootstrap CI]` : `mean ± ${percent} CI`} over runs; p vs best from ${test}${base}${baselineLevel(table)}`;
}

/** The mean column's header: `mean ± 95% CI` for Student's symmetric interval, `mean [95% CI]` for a bootstrap one. */
function intervalHeader(table: ComparisonTable, percent: string): string {
  return table.interval === 'bootstrap' ? `mean [${percent} CI]` : `mean ± ${percent} CI`;
}

/**
 * Render a {@link ComparisonTable}: a title line (metric, direction, interval, test, baseline), one row per
 * group (see {@link comparisonTextTable}) and the table's notes. Numbers use `formatNumber`, so 2.02e11 and
 * 0.5594 both print compactly; p-values use {@link formatPValue}. `'text'` pads columns for a terminal;
 * `'markdown'` escapes names and notes for GitHub-flavoured Markdown. The report's HTML draws the same rows
 * with {@link htmlTable}.
 *
 * @throws {EvalError} `INVALID_OPTION` for an unknown format or bad digits (the option errors of the
 *   statistics package the table comes from, as before this renderer moved here).
 * @example
 * ```ts
 * const table = compareGroups(
 *   [{ name: 'glorot_uniform', values: [0.71, 0.73, 0.72] }, { name: 'zeros', values: [0.56, 0.56, 0.56] }],
 *   { metric: 'accuracy', baseline: 0.559375, baselineKind: 'majority-class' },
 * );
 * console.log(formatComparisonTable(table, { nameHeader: 'initializer' }));
 * ```
 */
export function formatComparisonTable(table: ComparisonTable, opts: FormatTableOptions = {}): string {
  assertKnownOptions('formatComparisonTable', opts, FORMAT_TABLE_OPTIONS, invalidOption);
  const { format: _format, ...layout } = opts;
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'markdown') {
    throw new EvalError('INVALID_OPTION', `formatComparisonTable: format must be 'text' or 'markdown', got ${show(format)}`);
  }
  const rows = comparisonTextTable(table, layout);
  const caption = comparisonCaption(table, layout);
  const direction = table.higherIsBetter ? 'higher is better' : 'lower is better';
  const experiment = opts.layout === 'experiment';
  if (format === 'markdown') {
    const heading = experiment ? escapeMarkdown(caption) : `**${escapeMarkdown(table.title)}** (${direction}): ${escapeMarkdown(caption)}`;
    const parts = [heading, '', markdownTable(rows)];
    if (table.notes.length > 0) parts.push('', ...table.notes.map((note) => `- ${escapeMarkdown(note)}`));
    return parts.join('\n');
  }
  const parts = [experiment ? caption : `${table.title} (${direction}): ${caption}`, '', plainTextTable(rows)];
  if (table.notes.length > 0) parts.push('', 'notes:', ...table.notes.map((note) => `- ${note}`));
  return parts.join('\n');
}

function meanCell(row: ComparisonRow, digits: number): string {
  if (row.mean === null) return '—';
  const ci = row.summary.ci;
  if (ci === null) return formatNumber(row.mean, digits);
  // A bootstrap interval is not symmetric about the mean: both ends are printed.
  if (row.ciHalfWidth === null) return `${formatNumber(row.mean, digits)} [${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]`;
  return `${formatNumber(row.mean, digits)} ± ${formatNumber(row.ciHalfWidth, 2)}`;
}

function verdictCell(row: ComparisonRow, withRatio: boolean): string {
  const test = row.vsBaseline;
  if (test === null || (row.mean === null && test.verdict === 'too few runs')) return '—';
  const ratio = row.baseline?.ratio ?? null;
  return withRatio && test.verdict === 'worse' && ratio !== null ? `worse (${formatValue(ratio, 3)}× the baseline)` : test.verdict;
}
