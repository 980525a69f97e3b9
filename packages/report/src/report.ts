// renderReport (pure: strings in memory, usable in a browser) and writeReport (Node: a results folder in,
// report.md / report.csv / report.html out, each written to a temporary file and renamed into place).
import { summarizeExperiment, type ExperimentSummary } from '@initlab/eval';
import { readResultFolders, type ExperimentMeta, type ReadResultsOptions, type RunResult } from '@initlab/results';
import { reportCharts } from './charts.js';
import { heatmapSection } from './numeric-heatmap.js';
import { historyToCsv, runsToCsv } from './csv.js';
import { checkResults } from './data.js';
import { assertKnownOptions, describeFsError, optionKeys } from '@initlab/errors';
import { ReportError, firstLine, show } from './errors.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildReportModel, type ReportMerge } from './model.js';

/**
 * What a report is made from: the folder's header and runs (as `readResults` returns them), optionally the
 * summary a caller already has (`runExperiment`'s result is one), extra warnings and a title.
 *
 * @example
 * ```ts
 * const { meta, results, warnings } = await readResults('runs/seed-wine');
 * const input: ReportInput = { meta, results, warnings };
 * ```
 */
export interface ReportInput {
  /** `experiment.json`: config, data summary, baseline. Null when the folder has none (the report says what is missing). */
  meta: ExperimentMeta | null;
  /** Finished runs. */
  results: readonly RunResult[];
  /** Aggregates, comparison, reference and warnings; computed with `summarizeExperiment` from `meta` when left out. */
  summary?: ExperimentSummary | null;
  /** Warnings to list before the summary's (e.g. lines `readResults` skipped). */
  warnings?: readonly string[];
  /** Heading of the report (default `initlab report: <experiment name>`). */
  title?: string;
  /** When the runs come from several folders (shards): said in the setup. */
  merged?: ReportMerge | null;
}

/**
 * The report documents as strings.
 *
 * @example
 * ```ts
 * const { markdown, csv, html } = await renderReport({ meta, results });
 * ```
 */
export interface RenderedReport {
  markdown: string;
  csv: string;
  html: string;
  /** Every run's per-epoch history in long form ({@link historyToCsv}). */
  historyCsv: string;
}

/**
 * Render an experiment's results as Markdown, CSV and one self-contained HTML page.
 *
 * Every document has the title and description; the setup (data set and source, split, preprocessing, model,
 * training, grid, initializers, seeds, runs); the comparison table (per initializer: the main test metric's mean
 * ± 95% CI over seeds, runs, diverged runs, final training loss, the verdict against the baseline with the ratio
 * when it is not beaten, and the p-value against the best row) with the baseline; the warnings (e.g. an
 * unscaled regression target); the published reference numbers beside initlab's; the diagnostics at
 * initialisation (distinct units, dead and saturated share and activation std per layer); and the three charts
 * ({@link lossCurvesSpec}, {@link metricDistributionSpec}, {@link activationStdSpec}). The HTML draws them as
 * inline SVG, each with `role="img"`, a title, a `<desc>`, a caption in words and its numbers in a table; it has
 * no script and references no external resource. The Markdown describes each chart in words. The CSV is
 * {@link runsToCsv}. Nothing depends on the clock, so the same input gives the same bytes.
 *
 * @throws {ReportError} `INVALID_INPUT` (no runs), `RENDER_FAILED`.
 * @example
 * ```ts
 * import { readResults } from '@initlab/results';
 * import { renderReport } from '@initlab/report';
 * const { meta, results, warnings } = await readResults('runs/seed-boston');
 * const { markdown } = await renderReport({ meta, results, warnings });
 * console.log(markdown);
 * ```
 */
export async function renderReport(input: ReportInput): Promise<RenderedReport> {
  if (input === null || typeof input !== 'object') {
    throw new ReportError('INVALID_INPUT', `renderReport: input must be { meta, results } as readResults returns it, got ${show(input)}`);
  }
  checkResults('renderReport', input.results);
  // One summary for the tables and the charts.
  const meta = input.meta;
  const summary = input.summary ?? (meta === null ? null : summarizeExperiment({ config: meta.config, results: input.results, baseline: meta.baseline, data: meta.data }));
  const model = buildReportModel({ ...input, summary });
  const baseline = model.baselineValue === null ? null : { value: model.baselineValue, label: model.baselineLabel };
  const charts = await reportCharts(input.results, model.metric, baseline, summary?.aggregates ?? [], meta === null ? null : heatmapSection(meta.config));
  return {
    markdown: renderMarkdown(model, charts),
    csv: runsToCsv(input.results),
    html: renderHtml(model, charts),
    historyCsv: historyToCsv(input.results),
  };
}

/**
 * Options of {@link writeReport}.
 *
 * @example
 * ```ts
 * const opts: WriteReportOptions = { outDir: 'site/reports/wine', title: 'Wine, 10 seeds' };
 * ```
 */
export interface WriteReportOptions {
  /** Folder to write the three files to (created if missing). Default: the results folder itself. */
  outDir?: string;
  /** Heading of the report. */
  title?: string;
  /**
   * For a header written before headers listed their plan's `runIds`: the plan's run ids from its config
   * (`planRunIdsOf` of `@initlab/experiments`), so such a folder is still summarised by its plan's runs only.
   */
  planRunIds?: ReadResultsOptions['planRunIds'];
}

/**
 * What {@link writeReport} wrote.
 *
 * @example
 * ```ts
 * const { files } = await writeReport('runs/wine'); // [.../report.md, .../report.csv, .../report.html]
 * ```
 */
export interface WriteReportResult {
  /** Absolute paths of `report.md`, `report.csv` and `report.html`, in that order. */
  files: string[];
  /** What `readResults` noticed (skipped lines, a cut last line, a missing header, runs of another plan); also listed in the report. */
  warnings: string[];
}

/**
 * The three file names, in the order {@link WriteReportResult.files} lists them.
 *
 * @example
 * ```ts
 * REPORT_FILES; // ['report.md', 'report.csv', 'report.html', 'report-history.csv']
 * ```
 */
export const REPORT_FILES = ['report.md', 'report.csv', 'report.html', 'report-history.csv'] as const;

const PRODUCE_HINT = 'write results first with initlab compare --out DIR (or sweep/run --out, or runExperiment with out)';

const WRITE_REPORT_OPTIONS = optionKeys<WriteReportOptions>({ outDir: true, title: true, planRunIds: true });

/**
 * Read a results folder (`readResults`: `experiment.json` and the lines of `results.jsonl` that belong to its
 * plan; lines of another plan are left out with one warning) and write `report.md`, `report.csv` and
 * `report.html` (see {@link renderReport}) into it, or into `outDir`. Each file is written to a
 * temporary file in the same folder and renamed into place, and only after all three rendered, so an existing
 * report is replaced whole or not at all and no half-written file is left behind. Node only.
 *
 * @throws {ReportError} `NO_RESULTS` (the folder does not exist, or has no `results.jsonl`, or no finished run),
 *   `READ_FAILED`, `WRITE_FAILED` (the output folder cannot be created or written; one line naming it),
 *   `RENDER_FAILED`.
 * @example
 * ```ts
 * import { writeReport } from '@initlab/report';
 * const { files } = await writeReport('runs/seed-wine');
 * console.log(files.join('\n'));
 * ```
 */
export async function writeReport(dir: string | readonly string[], opts: WriteReportOptions = {}): Promise<WriteReportResult> {
  const fn = 'writeReport';
  assertKnownOptions(fn, opts, WRITE_REPORT_OPTIONS, (m) => new ReportError('INVALID_OPTION', m));
  const dirs = typeof dir === 'string' ? [dir] : dir;
  if (!Array.isArray(dirs) || dirs.length === 0 || dirs.some((d) => typeof d !== 'string' || d === '')) {
    throw new ReportError('INVALID_OPTION', `${fn}: dir must be a folder path or a non-empty list of them, got ${show(dir)}`);
  }
  if (dirs.length > 1 && opts.outDir === undefined) {
    throw new ReportError('INVALID_OPTION', `${fn}: ${dirs.length} folders are merged into one report; say where it goes with outDir`);
  }
  if (opts.outDir !== undefined && (typeof opts.outDir !== 'string' || opts.outDir === '')) {
    throw new ReportError('INVALID_OPTION', `${fn}: outDir must be a folder path, got ${show(opts.outDir)}`);
  }
  const [fs, path] = await Promise.all([import('node:fs'), import('node:path')]);
  for (const one of dirs) {
    const folder = path.resolve(one);
    let stat: import('node:fs').Stats | undefined;
    try {
      stat = fs.statSync(folder);
    } catch {
      stat = undefined;
    }
    if (stat === undefined) throw new ReportError('NO_RESULTS', `${fn}: the folder ${folder} does not exist; ${PRODUCE_HINT}`);
    if (!stat.isDirectory()) throw new ReportError('NO_RESULTS', `${fn}: ${folder} is a file, not a results folder; ${PRODUCE_HINT}`);
    if (!fs.existsSync(path.join(folder, 'results.jsonl'))) {
      throw new ReportError('NO_RESULTS', `${fn}: ${folder} has no results.jsonl; ${PRODUCE_HINT}`);
    }
  }
  const folder = path.resolve(dirs[0]!);
  let read: Awaited<ReturnType<typeof readResultFolders>>;
  try {
    read = await readResultFolders(dirs, opts.planRunIds === undefined ? {} : { planRunIds: opts.planRunIds });
  } catch (err) {
    throw new ReportError('READ_FAILED', `${fn}: ${firstLine(err)}`, { cause: err });
  }
  if (read.results.length === 0) {
    const where = dirs.length === 1 ? path.join(folder, 'results.jsonl') : `the ${dirs.length} folders`;
    const other = read.otherPlan > 0 ? ` of the plan in experiment.json yet (its ${read.otherPlan} belong to another plan)` : ' yet';
    throw new ReportError('NO_RESULTS', `${fn}: ${where} ${dirs.length === 1 ? 'has' : 'have'} no finished runs${other}; ${PRODUCE_HINT}`);
  }
  const merged: ReportMerge | null = dirs.length === 1 ? null : { folders: dirs.length, shards: read.shards, missing: read.missing };
  const rendered = await renderReport({ meta: read.meta, results: read.results, warnings: read.warnings, merged, ...(opts.title === undefined ? {} : { title: opts.title }) });

  const out = path.resolve(opts.outDir ?? folder);
  try {
    fs.mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new ReportError('WRITE_FAILED', `${fn}: ${describeFsError(err, out, 'create the output folder')}; choose a writable folder`, { cause: err });
  }
  const contents = [rendered.markdown, rendered.csv, rendered.html, rendered.historyCsv];
  const targets = REPORT_FILES.map((name) => path.join(out, name));
  const suffix = `.${process.pid}.${Date.now().toString(36)}.tmp`;
  const temporaries: string[] = [];
  let current = targets[0]!;
  try {
    targets.forEach((target, i) => {
      current = target;
      const temporary = `${target}${suffix}`;
      fs.writeFileSync(temporary, contents[i]!);
      temporaries.push(temporary);
    });
    // Renaming over a regular file in the same folder does not fail once the writes succeeded; something else
    // in the way (a folder) is found before the first rename, so the old report stays whole.
    for (const target of targets) {
      current = target;
      const existing = fs.lstatSync(target, { throwIfNoEntry: false });
      if (existing !== undefined && !existing.isFile()) throw Object.assign(new Error(`${target} is not a file`), { code: 'EISDIR' });
    }
    targets.forEach((target, i) => {
      current = target;
      fs.renameSync(temporaries[i]!, target);
    });
  } catch (err) {
    for (const temporary of temporaries) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // best effort: the write error below is what matters
      }
    }
    throw new ReportError('WRITE_FAILED', `${fn}: ${describeFsError(err, current, 'write')}; choose a writable folder`, { cause: err });
  }
  return { files: targets, warnings: read.warnings };
}
