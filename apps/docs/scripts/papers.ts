/**
 * The "Papers" section (docs/papers/): an index and one page per paper file shipped with `@initlab/experiments`
 * (`experiments/papers/<id>.yaml`), each one classic result of the initialization literature. A page states the
 * claim, the paper's setup beside initlab's, the paper's numbers beside initlab's, the checks, the verdict, what
 * the paper shows only as curves, initlab's figures drawn from the run's series by measurement kind, the wall
 * time, and the commands to rerun it.
 *
 * The numbers come from the committed run files `runs/papers/<id>.json` (what `initlab reproduce <id> --out
 * apps/docs/runs/papers` writes): nothing is trained or measured at build time, so the build stays fast and the
 * page shows exactly the run that was committed. A paper file without a run file, a run file without a paper
 * file, and a run whose paper-file fields no longer match the file each stop generation with one line naming the
 * command that mends it. Each run file is also published as `/data/papers/<id>.json`.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadPaper, paperDefinition, paperIds, validateExperiment, VERDICTS, type Estimate, type PaperFile, type PaperMeasure, type PaperResult, type Verdict } from '@initlab/experiments';
import { heatmapCurve } from '@initlab/report';
import type { TopLevelSpec } from 'vega-lite';
import { appDir, docsDir, write, writeFigure, writeJson } from './lib/context.js';
import { code, details, esc, figure, num, table } from './lib/md.js';
import { CHART_WIDTH, colorOf } from './lib/specs.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Where the committed run files are, from the repository root (the `--out` of the command that writes them). */
export const PAPER_RUNS = 'apps/docs/runs/papers';
/** The same folder on disk. */
export const paperRunsDir = join(appDir, 'runs', 'papers');

/** The command that reruns a paper (prints its report). */
export const rerunCommand = (id: string): string => `initlab reproduce ${id}`;
/** The command that wrote (and rewrites) the committed run file, from the repository root. */
export const recordCommand = (id: string): string => `initlab reproduce ${id} --out ${PAPER_RUNS}`;

/** What each verdict means: the rule of `verdictOf` in `@initlab/experiments`, in words. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  reproduces: 'every check passes, and at least one of them is quantitative: it sets initlab’s number beside one the paper prints, within a stated tolerance',
  'reproduces qualitatively': 'every qualitative check (an ordering or a phenomenon) passes, but no check is quantitative, or a quantitative one fails',
  differs: 'at least one qualitative check fails: initlab’s run does not show what the paper claims',
};

/** A run file as JSON holds it: non-finite numbers of a series were written as null. */
export type PaperRun = Omit<PaperResult, 'series'> & { series: Record<string, (number | null)[]> };

// ------------------------------------------------------------------------------------------ run files

/** The paper-file fields a run repeats, in a form that compares by value (keys sorted). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** Each field a run repeats from its paper file: what the file says now, and what the run says. */
function repeatedFields(paper: PaperFile, run: PaperRun): [string, unknown, unknown][] {
  const now = paperDefinition(paper, 'default');
  const recorded = run.definition;
  return [
    ['title', paper.title, run.title],
    ['paper', paper.paper, run.paper],
    ['claim', paper.claim, run.claim],
    ['setup', paper.setup, run.setup],
    ['budgetMinutes', paper.budgetMinutes, run.budgetMinutes],
    ['notPrinted', paper.notPrinted, run.notPrinted],
    ['published', paper.published, run.published.map(({ initlab: _initlab, ...p }) => p)],
    ['checks', paper.checks.map((c) => ({ claim: c.claim, level: c.level })), run.checks.map((c) => ({ claim: c.claim, level: c.level }))],
    ['measurements', paper.measurements.map((m) => m.id), Object.keys(run.measureMs ?? {})],
    // what was measured (sizes, seeds, grids) and decided by (each check's operands), not only its words
    ...now.measurements.map((m, i): [string, unknown, unknown] => [`measurement '${m.id}' (its sizes, seeds or grid)`, m, recorded.measurements[i]]),
    ...now.checks.map((c, i): [string, unknown, unknown] => [`checks[${i}] (what it compares)`, c, recorded.checks[i]]),
  ];
}

/** The shape problems of a parsed run file (a field missing or of the wrong type), as phrases. */
function shapeProblems(run: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const want = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!ok(run[key])) problems.push(`${key} must be ${what}`);
  };
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  want('id', (v) => typeof v === 'string', 'a string');
  want('verdict', (v) => (VERDICTS as readonly unknown[]).includes(v), `one of ${VERDICTS.join(', ')}`);
  want('mode', (v) => typeof v === 'string', 'a string');
  want('elapsedMs', (v) => typeof v === 'number' && Number.isFinite(v), 'a number');
  for (const key of ['published', 'checks', 'reasons', 'notes', 'notPrinted']) want(key, Array.isArray, 'a list');
  for (const key of ['quantities', 'series', 'measureMs', 'setup', 'paper']) want(key, isObject, 'an object');
  want('definition', (v) => isObject(v) && Array.isArray((v as Record<string, unknown>)['measurements']) && Array.isArray((v as Record<string, unknown>)['checks']), 'an object with the measurements and checks the run ran (written by initlab reproduce since the definition was recorded)');
  return problems;
}

/**
 * The committed run of a paper file, checked against the file. Throws one line naming the run file, what is
 * wrong and the command that writes a good one when: there is no run file, it is not JSON of a paper run, it
 * is not a default run (`--full` and the tests' reduced form are not what the page describes), or a field it
 * repeats from the paper file (title, claim, setup, budget, published numbers, checks, the measurements as
 * run) differs from the file's now.
 */
export function readRun(paper: PaperFile, dir: string = paperRunsDir): PaperRun {
  const file = join(dir, `${paper.id}.json`);
  const shown = `${PAPER_RUNS}/${paper.id}.json`;
  const mend = `run \`${recordCommand(paper.id)}\` from the repository root and commit ${shown}`;
  if (!existsSync(file)) throw new Error(`papers: paper file ${paper.id}.yaml has no committed run ${shown}; ${mend}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`papers: ${shown} is not JSON (${(err as Error).message}); ${mend}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`papers: ${shown} must hold one paper run (an object); ${mend}`);
  const problems = shapeProblems(parsed as Record<string, unknown>);
  if (problems.length > 0) throw new Error(`papers: ${shown} is not a paper run: ${problems.join('; ')}; ${mend}`);
  const run = parsed as PaperRun;
  if (run.id !== paper.id) throw new Error(`papers: ${shown} is the run of '${run.id}', not of ${paper.id}.yaml; ${mend}`);
  if (run.mode !== 'default') throw new Error(`papers: ${shown} is a '${run.mode}' run; the page shows the default run, so ${mend} (without --full)`);
  for (const [field, now, recorded] of repeatedFields(paper, run)) {
    if (canonical(now) !== canonical(recorded)) throw new Error(`papers: ${shown} is out of date: its ${field} differs from ${paper.id}.yaml's; ${mend}`);
  }
  return run;
}

/** Run files in `dir` whose paper file is gone: a page would be missing for them, so generation refuses them. */
export function orphanRuns(ids: readonly string[], dir: string = paperRunsDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((id) => !ids.includes(id));
}

// -------------------------------------------------------------------------------------------- numbers

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** An estimate as the pages print it: `mean [lo, hi]`, the mean alone without an interval, or words when there is no finite value. */
export function estimateText(e: Estimate | null | undefined, digits = 4): string {
  if (e === null || e === undefined) return 'not measured';
  // A missing value is a diverged run, an overflow, or a field the activation does not define (tanh has no dead units).
  if (!finite(e.mean)) return e.missing > 0 ? `no finite value (${e.missing} of ${e.missing + e.n} missing: diverged, overflowed or not defined)` : 'no finite value';
  return finite(e.lo) && finite(e.hi) && e.lo !== e.hi ? `${num(e.mean, digits)} [${num(e.lo, digits)}, ${num(e.hi, digits)}]` : num(e.mean, digits);
}

/** How many values an estimate is over, with the ones left out. */
export function seedsText(e: Estimate | null | undefined): string {
  if (e === null || e === undefined) return 'not measured';
  return e.missing > 0 ? `${e.n} (${e.missing} left out: not finite)` : String(e.n);
}

/** A wall time in words: `6.3 s`, `4 min 12 s`. */
export function durationText(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${num(s, 2)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

/** `Poole et al. 2016`, `Hanin & Rolnick 2018`, `Saxe 2014`. */
export function citeShort(paper: PaperFile['paper']): string {
  const names = paper.authors.split(',').map((a) => a.trim().split(/\s+/).at(-1)!);
  return `${names.length <= 2 ? names.join(' & ') : `${names[0]} et al.`} ${paper.year}`;
}

// -------------------------------------------------------------------------------------------- figures

/** One row a figure draws: which series (legend), the run's series or quantity it comes from, and where. */
interface Row {
  series: string;
  /** The run key: a series (`y` is its value at `i`) or a quantity (`y` is its mean). */
  source: string;
  i: number;
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** What the tests need to know of a figure: which run keys it draws and how. */
export interface FigureSource {
  key: string;
  of: 'series' | 'quantity';
  /** The series whose values are the x positions (the q and c grids of the maps). */
  x?: string;
}

/** A figure of a paper page, before it is written. */
export interface PaperFigure {
  name: string;
  spec: TopLevelSpec;
  alt: string;
  caption: string;
  /** The numbers it draws, as a Markdown table. */
  table: string;
  sources: FigureSource[];
  log: boolean;
}

/** A series a page does not draw, and why (said on the page in words). */
export interface Undrawn {
  key: string;
  why: 'zero' | 'not finite';
}

/** What a measurement contributes to its page. */
export interface MeasureFigures {
  figures: PaperFigure[];
  undrawn: Undrawn[];
  /** Sentences for what is not drawn. */
  words: string[];
}

const TABLEAU = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * A colour per series: the site's initializer colours when every name has a distinct one of its own (he_normal
 * is orange on every page), else a categorical palette in order (labels like sw1, sw4 name no initializer).
 */
export function seriesColors(names: readonly string[]): string[] {
  const site = names.map(colorOf);
  if (new Set(site).size === names.length && !site.includes('#555555')) return site;
  return names.map((_, i) => TABLEAU[i % TABLEAU.length]!);
}

/** A chart title in lines of at most 56 characters: a longer one would run past the chart's width and be cut. */
function wrapTitle(title: string): string | string[] {
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= 56) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length === 1 ? lines[0]! : lines;
}

/** Log scale when every value is positive and they span more than a factor of 100. */
function wantsLog(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) > 100;
}

interface LinesInput {
  name: string;
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  /** Series in legend order. */
  names: readonly string[];
  lines: Row[];
  /** Drawn as points with their intervals (simulation beside theory lines). */
  points?: Row[];
  identity?: readonly [number, number];
  integerX?: boolean;
  /** `auto`: {@link wantsLog} of the values. */
  scale?: 'auto' | 'linear';
  /** Lines through bin centres: no point markers. */
  smooth?: boolean;
  captionLead: string;
  /** Table header of the x column. */
  xHeader: string;
  sources: FigureSource[];
  /** What the alt text says of each series: its ends, or its peak (histograms). */
  summary?: 'ends' | 'peak';
}

/** A line chart (and optional points with intervals) of rows, with its alt text, caption and number table. */
function linesFigure(input: LinesInput): PaperFigure | null {
  const all = [...input.lines, ...(input.points ?? [])];
  const log = (input.scale ?? 'auto') === 'auto' && wantsLog(all.map((r) => r.y));
  const keep = (r: Row) => finite(r.x) && finite(r.y) && (!log || r.y > 0);
  const lines = input.lines.filter(keep);
  const points = (input.points ?? []).filter(keep);
  if (lines.length + points.length === 0) return null;
  const present = input.names.filter((n) => lines.some((r) => r.series === n) || points.some((r) => r.series === n));
  const absent = input.names.filter((n) => !present.includes(n));
  const colors = seriesColors(present);
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: [...present], range: colors }, legend: { orient: 'bottom', columns: present.length > 4 ? 2 : 1, labelLimit: 0 } };
  // Whole-number x (layers, epochs, depths): a tick at each value when there are few, else whole steps only.
  const xs = [...new Set([...lines, ...points].map((r) => r.x))].sort((a, b) => a - b);
  const xAxis = input.integerX ? { axis: xs.length <= 12 ? { values: xs, format: 'd' } : { tickMinStep: 1, format: 'd' } } : {};
  // Points sit on the domain's ends: pad it so their markers and bars are not cut in half.
  const x = { field: 'x', type: 'quantitative', title: input.xTitle, ...xAxis, scale: { nice: false, zero: false, ...(points.length > 0 ? { padding: 14 } : {}) } };
  const y = { field: 'y', type: 'quantitative', title: input.yTitle, scale: log ? { type: 'log' } : { zero: false }, ...(log ? { axis: { format: '.0e' } } : {}) };
  const tooltip = [{ field: 'series' }, { field: 'x', title: input.xTitle, format: '.4g' }, { field: 'y', title: input.yTitle, format: '.4g' }];
  const layer: unknown[] = [];
  if (input.identity) {
    const [a, b] = input.identity;
    layer.push({ data: { values: [{ x: a, y: a }, { x: b, y: b }] }, mark: { type: 'line', color: '#999999', strokeDash: [4, 4], strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
  }
  if (lines.length > 0) {
    layer.push({ data: { values: lines.map((r) => ({ ...r })) }, mark: { type: 'line', strokeWidth: 2, ...(input.smooth ? {} : { point: { size: 20 } }) }, encoding: { x, y, color, tooltip } });
  }
  if (points.length > 0) {
    const bars = points.filter((r) => finite(r.lo) && finite(r.hi) && (!log || (r.lo! > 0 && r.hi! > 0)));
    if (bars.length > 0) layer.push({ data: { values: bars.map((r) => ({ ...r })) }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } });
    layer.push({ data: { values: points.map((r) => ({ ...r })) }, mark: { type: 'point', filled: true, size: 45, shape: 'circle' }, encoding: { x, y, color, tooltip } });
  }
  const spec = { $schema: SCHEMA, description: input.description, title: { text: wrapTitle(input.title) }, width: CHART_WIDTH, height: 280, layer } as TopLevelSpec;
  const dropped = all.length - lines.length - points.length;
  const summary = present
    .map((n) => {
      const rows = [...lines, ...points].filter((r) => r.series === n);
      if (input.summary === 'peak') {
        const top = rows.reduce((a, b) => (b.y > a.y ? b : a));
        return `${n}: peak ${num(top.y, 3)} at ${num(top.x, 3)}`;
      }
      const [first, last] = [rows[0]!, rows.at(-1)!];
      return `${n}: ${num(first.y, 3)} at ${input.xHeader} ${num(first.x, 3)}, ${num(last.y, 3)} at ${num(last.x, 3)}`;
    })
    .join('; ');
  const notes = [
    log ? 'Log scale.' : '',
    dropped > 0 ? `${dropped} ${dropped === 1 ? 'value is' : 'values are'} left out of the chart (${log ? 'not positive or not finite' : 'not finite'}); the table has every value.` : '',
    absent.length > 0 ? `Not drawn, no finite value: ${absent.join(', ')}.` : '',
  ].filter((s) => s !== '');
  return {
    name: input.name,
    spec,
    alt: `${input.title}. ${summary}.`,
    caption: esc([input.captionLead, ...notes].join(' ')),
    table: numbersTable(input, all),
    sources: input.sources,
    log,
  };
}

/** The numbers behind a figure: the x column, then one column per series (a point's interval beside it). */
function numbersTable(input: LinesInput, rows: readonly Row[]): string {
  const xs = [...new Set(rows.map((r) => r.x).filter(finite))].sort((a, b) => a - b);
  const columns = input.names.flatMap((n) => {
    const line = input.lines.some((r) => r.series === n);
    const point = (input.points ?? []).some((r) => r.series === n);
    return [...(line ? [{ n, from: input.lines, head: input.points?.length ? `${n}, line` : n }] : []), ...(point ? [{ n, from: input.points!, head: `${n}, points [95% interval]` }] : [])];
  });
  const cell = (from: readonly Row[], n: string, x: number): string => {
    const r = from.find((row) => row.series === n && row.x === x);
    if (r === undefined) return 'not measured';
    if (!finite(r.y)) return 'no finite value';
    return finite(r.lo) && finite(r.hi) && r.lo !== r.hi ? `${num(r.y, 4)} [${num(r.lo, 4)}, ${num(r.hi, 4)}]` : num(r.y, 4);
  };
  return table(
    [input.xHeader, ...columns.map((c) => esc(c.head))],
    xs.map((x) => [num(x, 4), ...columns.map((c) => cell(c.from, c.n, x))]),
    ['r', ...columns.map(() => 'r' as const)],
  );
}

type Measure<K extends PaperMeasure['kind']> = Extract<PaperMeasure, { kind: K }>;

/** A run's series by key, refusing a key the paper file implies but the run lacks (a stale or partial run). */
function seriesOf(run: PaperRun, key: string): (number | null)[] {
  const s = run.series[key];
  if (s === undefined) throw new Error(`papers: ${PAPER_RUNS}/${run.id}.json has no series '${key}', which its paper file implies; run \`${recordCommand(run.id)}\` from the repository root and commit the file`);
  return s;
}

/** Rows of one series: y its values, x the 1-based index or a grid. */
function seriesRows(run: PaperRun, key: string, name: string, xOf: (i: number) => number, interval?: (i: number) => Estimate | undefined): Row[] {
  return seriesOf(run, key).map((v, i) => {
    const e = interval?.(i);
    return { series: name, source: key, i, x: xOf(i), y: v ?? Number.NaN, ...(finite(e?.lo) && finite(e?.hi) ? { lo: e.lo, hi: e.hi } : {}) };
  });
}

/** Labels of a measurement's series whose key is `<m>/<label>/<suffix>`, in the run's order. */
function labelsWith(run: PaperRun, m: string, suffix: string): string[] {
  return Object.keys(run.series)
    .filter((k) => k.startsWith(`${m}/`) && k.endsWith(`/${suffix}`))
    .map((k) => k.slice(m.length + 1, -(suffix.length + 1)))
    .filter((l) => !l.includes('/'));
}

/** Whether every value is 0 or not finite (and which), for series a page states in words instead of drawing. */
function emptiness(values: readonly (number | null)[]): Undrawn['why'] | null {
  const fin = values.filter(finite);
  if (fin.length === 0) return 'not finite';
  return fin.every((v) => v === 0) ? 'zero' : null;
}

/** How a page says that a field has nothing to draw. */
const emptyWords = (why: readonly (Undrawn['why'] | null)[]): string =>
  why.every((w) => w === 'zero') ? 'is 0' : why.every((w) => w === 'not finite') ? 'has no finite value' : 'is 0 or has no finite value';

const figName = (run: PaperRun, m: string, ...parts: (string | number)[]): string => ['paper', run.id, m, ...parts].join('-').replace(/[^A-Za-z0-9._-]+/g, '_');

function meanFieldFigures(run: PaperRun, m: Measure<'mean-field'>): MeasureFigures {
  const labels = labelsWith(run, m.id, 'qMap');
  const w2 = (i: number): number | undefined => (labels.length === m.sigmaW2.length ? m.sigmaW2[i] : undefined);
  const names = labels.map((l, i) => (w2(i) === undefined || String(w2(i)) === l ? `σ_w² = ${l}` : `${l} (σ_w² = ${num(w2(i)!, 4)})`));
  const figures: PaperFigure[] = [];
  const act = m.activation;
  for (const [what, grid, label, range] of [
    ['q', `${m.id}/qGrid`, 'squared length q', null],
    ['c', `${m.id}/cGrid`, 'correlation c', [0, 1]],
  ] as const) {
    const xs = seriesOf(run, grid);
    const fin = xs.filter(finite);
    const lines = labels.flatMap((l, k) => seriesRows(run, `${m.id}/${l}/${what}Map`, names[k]!, (i) => xs[i] ?? Number.NaN));
    const f = linesFigure({
      name: figName(run, m.id, `${what}-map`),
      title: `${what}-map of ${act}, σ_b² = ${num(m.sigmaB2, 4)}`,
      description: `The ${label} map of ${act} networks: ${what} at one layer against ${what} at the next, per σ_w², with the identity line`,
      xTitle: `${what} (this layer)`,
      yTitle: `${what} (next layer)`,
      names,
      lines,
      identity: range ?? [Math.min(...fin), Math.max(...fin)],
      scale: 'linear',
      smooth: true,
      captionLead: `The mean-field ${label} map from @initlab/theory at ${xs.length} points, one line per σ_w²; the dashed line is the identity, so a line crosses it at a fixed point${what === 'c' ? ' (c* = 1 is always one; its slope there is χ₁)' : ' (q*)'}.`,
      xHeader: what,
      sources: labels.map((l) => ({ key: `${m.id}/${l}/${what}Map`, of: 'series' as const, x: grid })),
    });
    if (f) figures.push(f);
  }
  if (m.simulate !== undefined) {
    const { width, seeds, q0, c0 } = m.simulate;
    for (const [what, label] of [
      ['q', 'squared length q'],
      ['c', 'correlation c'],
    ] as const) {
      const lines = labels.flatMap((l, k) => seriesRows(run, `${m.id}/${l}/${what}Theory`, names[k]!, (i) => i + 1));
      const points = labels.flatMap((l, k) => seriesRows(run, `${m.id}/${l}/${what}Sim`, names[k]!, (i) => i + 1, (i) => run.quantities[`${m.id}/${l}/${what}Sim/${i + 1}`]));
      const f = linesFigure({
        name: figName(run, m.id, `${what}-layers`),
        title: `${label} per layer, width ${width}: simulation and theory`,
        description: `The ${label} per layer of random ${act} networks of width ${width}, simulated over ${seeds} seeds, beside the mean-field theory`,
        xTitle: 'layer',
        yTitle: label,
        names,
        lines,
        points,
        integerX: true,
        captionLead: `Points: the mean over ${seeds} seeds of a simulated ${act} network of width ${width} (from q⁰ = ${num(q0, 4)}, c⁰ = ${num(c0, 4)}), bars their 95% interval; lines: the theory (propagatePair) from the same start.`,
        xHeader: 'layer',
        sources: labels.flatMap((l) => [
          { key: `${m.id}/${l}/${what}Theory`, of: 'series' as const },
          { key: `${m.id}/${l}/${what}Sim`, of: 'series' as const },
        ]),
      });
      if (f) figures.push(f);
    }
  }
  return { figures, undrawn: [], words: [] };
}

/** Axis titles of the per-layer fields (the run's field name for any other). */
const FIELD_TITLES: Record<string, string> = {
  preActivationStd: 'std of the pre-activations',
  activationMean: 'mean of the activations',
  activationStd: 'std of the activations',
  saturatedShare: 'share of saturated units',
  deadShare: 'share of dead units',
  gradientNorm: 'gradient norm of the weights',
  backpropStd: 'std of the gradient ∂L/∂h',
};

/** What a histogram series of a signal measurement counts, and over which range (null: only its bins are known). */
function histogramRange(m: Measure<'signal'>, name: string): { what: string; min: number; max: number } | null {
  const extra = m as Measure<'signal'> & { backprop?: { bins: number; max: number } };
  if (name === 'histogram' && m.histograms !== undefined) return { what: 'activation', min: m.histograms.min, max: m.histograms.max };
  if (name === 'backpropHistogram' && extra.backprop !== undefined) return { what: 'back-propagated gradient ∂L/∂h', min: -extra.backprop.max, max: extra.backprop.max };
  return null;
}

function signalFigures(run: PaperRun, m: Measure<'signal'>): MeasureFigures {
  const labels = m.initializers.map((e) => e.label);
  const mine = Object.keys(run.series).filter((k) => k.startsWith(`${m.id}/`));
  // `<m>/<label>/<field>`: one value per hidden layer; `<m>/<label>/<histogram>/<layer>`: bin shares.
  const fields = [...new Set(mine.filter((k) => k.split('/').length === 3).map((k) => k.split('/')[2]!))];
  const histograms = [...new Set(mine.filter((k) => k.split('/').length === 4).map((k) => k.split('/')[2]!))];
  const out: MeasureFigures = { figures: [], undrawn: [], words: [] };
  const inputs = m.inputs.dataset !== undefined ? `${m.inputs.rows} rows of ${m.inputs.dataset}` : `${m.inputs.rows} rows of ${m.inputs.normal} standard-normal features`;
  for (const field of fields) {
    const keys = labels.map((l) => `${m.id}/${l}/${field}`);
    const empty = keys.map((k) => emptiness(seriesOf(run, k)));
    const title = FIELD_TITLES[field] ?? field;
    if (empty.every((e) => e !== null)) {
      for (const k of keys) out.undrawn.push({ key: k, why: emptiness(seriesOf(run, k))! });
      out.words.push(`${code(field)} (${esc(title)}) ${emptyWords(empty)} at every layer for every initializer, so it is not drawn.`);
      continue;
    }
    const lines = labels.flatMap((l) => seriesRows(run, `${m.id}/${l}/${field}`, l, (i) => i + 1, (i) => run.quantities[`${m.id}/${l}/${field}/${i + 1}`]));
    const f = linesFigure({
      name: figName(run, m.id, field),
      title: `${title}, per hidden layer`,
      description: `The ${title} per hidden layer at initialization of ${m.depth}-layer ${m.activation} networks of width ${m.width}, per initializer`,
      xTitle: 'hidden layer',
      yTitle: title,
      names: labels,
      lines,
      integerX: true,
      captionLead: `At initialization: ${m.depth} hidden ${m.activation} layers of ${m.width} units on ${inputs}; the mean over ${m.seeds} ${m.seeds === 1 ? 'seed' : 'seeds'} per layer (the table gives its 95% interval). Field ${field}.`,
      xHeader: 'layer',
      sources: keys.map((key) => ({ key, of: 'series' as const })),
    });
    if (f) out.figures.push(f);
  }
  for (const name of histograms) {
    const range = histogramRange(m, name);
    for (const l of labels) {
      // In layer order (the back-propagated ones are recorded from the top down).
      const layers = mine.filter((k) => k.startsWith(`${m.id}/${l}/${name}/`)).sort((a, b) => Number(a.split('/').at(-1)) - Number(b.split('/').at(-1)) || a.localeCompare(b));
      if (layers.length === 0) continue;
      const bins = seriesOf(run, layers[0]!).length;
      const step = range === null ? 1 : (range.max - range.min) / bins;
      const at = (i: number): number => (range === null ? i + 1 : range.min + (i + 0.5) * step);
      const names = layers.map((k) => `layer ${k.split('/').at(-1)}`);
      const lines = layers.flatMap((k, j) => seriesRows(run, k, names[j]!, at));
      const what = range?.what ?? name;
      const f = linesFigure({
        name: figName(run, m.id, l, name),
        title: `${l}: histogram of the ${what} per hidden layer`,
        description: `Share of the ${what} values in each of ${bins} bins per hidden layer at initialization, ${l}`,
        xTitle: range === null ? 'bin' : what,
        yTitle: 'share of the values',
        names,
        lines,
        scale: 'linear',
        smooth: true,
        summary: 'peak',
        captionLead:
          range === null
            ? `${l}, the first seed: the share of a layer's values in each of ${bins} bins (series ${name}).`
            : `${l}, the first seed: the share of a layer's ${what} values (all rows and units) in each of ${bins} bins of width ${num(step, 3)} over [${num(range.min)}, ${num(range.max)}], drawn at the bin centres; values outside the range are left out of the shares.`,
        xHeader: range === null ? 'bin' : 'bin centre',
        sources: layers.map((key) => ({ key, of: 'series' as const })),
      });
      if (f) out.figures.push(f);
    }
  }
  return out;
}

/** Spectrum statistics by depth, drawn against depth: measured (points with intervals) and, where the run has one, predicted (line). */
const BY_DEPTH = [
  { stat: 'maxSV', predicted: null, title: 'largest singular value', heading: 'Largest singular value by depth' },
  { stat: 'varSquaredSV', predicted: 'predictedVarSquaredSV', title: 'variance of the squared singular values', heading: 'Spread of the squared singular values by depth' },
] as const;

function jacobianFigures(run: PaperRun, m: Measure<'jacobian'>): MeasureFigures {
  const labels = m.initializers.map((e) => e.label);
  const what = m.of === 'network' ? 'the input–output Jacobian' : 'each layer’s Jacobian (pooled over the layers)';
  const short = m.of === 'network' ? 'the Jacobian' : 'the layer Jacobians';
  const out: MeasureFigures = { figures: [], undrawn: [], words: [] };
  if (m.histogram !== undefined) {
    const { bins, max } = m.histogram;
    const step = max / bins;
    for (const depth of m.depths) {
      const lines = labels.flatMap((l) => seriesRows(run, `${m.id}/${l}/${depth}/histogram`, l, (i) => (i + 0.5) * step));
      const f = linesFigure({
        name: figName(run, m.id, `depth${depth}`, 'histogram'),
        title: `Singular values of ${short}, depth ${depth}`,
        description: `Histogram of the singular values of ${what} of ${depth}-layer ${m.activation} networks of width ${m.width}, per initializer`,
        xTitle: 'singular value',
        yTitle: 'share of the singular values',
        names: labels,
        lines,
        scale: 'linear',
        smooth: true,
        summary: 'peak',
        captionLead: `Every singular value of ${what} over ${m.seeds} ${m.seeds === 1 ? 'seed' : 'seeds'}, ${m.activation}, width ${m.width}, depth ${depth}: the share in each of ${bins} bins of width ${num(step, 3)} over [0, ${num(max)}], drawn at the bin centres (larger values are left out of the shares).`,
        xHeader: 'bin centre',
        sources: labels.map((l) => ({ key: `${m.id}/${l}/${depth}/histogram`, of: 'series' as const })),
      });
      if (f) out.figures.push(f);
    }
  }
  // Every statistic the run has per label and depth (meanSV, maxSV, …, and the predictions where the file asks for them).
  const stats = [...new Set(Object.keys(run.quantities).filter((k) => k.startsWith(`${m.id}/`) && k.split('/').length === 4).map((k) => k.split('/')[3]!))];
  const statsTable = table(
    ['initializer', 'depth', ...stats],
    labels.flatMap((l) => m.depths.map((d) => [esc(l), String(d), ...stats.map((s) => estimateText(run.quantities[`${m.id}/${l}/${d}/${s}`]))])),
    ['l', 'r', ...stats.map(() => 'r' as const)],
  );
  if (m.depths.length >= 2) {
    for (const by of BY_DEPTH) {
      const rows = (stat: string): Row[] =>
        labels.flatMap((l) =>
          m.depths.flatMap((depth, i): Row[] => {
            const key = `${m.id}/${l}/${depth}/${stat}`;
            const e = run.quantities[key];
            return e === undefined ? [] : [{ series: l, source: key, i, x: depth, y: e.mean ?? Number.NaN, ...(finite(e.lo) && finite(e.hi) ? { lo: e.lo, hi: e.hi } : {}) }];
          }),
        );
      const points = rows(by.stat);
      if (points.length === 0) continue;
      const lines = by.predicted === null ? [] : rows(by.predicted);
      const f = linesFigure({
        name: figName(run, m.id, by.stat),
        title: by.heading,
        description: `The ${by.title} of ${what} against depth, ${m.activation} networks of width ${m.width}, per initializer${lines.length > 0 ? ', with the wide-network prediction' : ''}`,
        xTitle: 'depth (layers)',
        yTitle: by.title,
        names: labels,
        lines,
        points,
        integerX: true,
        captionLead: `Points: the mean over ${m.seeds} ${m.seeds === 1 ? 'seed' : 'seeds'} of the ${by.title} of ${what}, bars its 95% interval${lines.length > 0 ? '; lines: the free-probability prediction for a wide network (predictedJacobianMoments)' : ''}.`,
        xHeader: 'depth',
        sources: [...points, ...lines].map((r) => ({ key: r.source, of: 'quantity' as const })),
      });
      if (f) out.figures.push({ ...f, table: statsTable });
    }
  }
  return out;
}

function lengthFigures(run: PaperRun, m: Measure<'length'>): MeasureFigures {
  const pairs = m.architectures.flatMap((a) => m.sigmaW2.map((s) => ({ arch: a.label, widths: a.widths, s, key: `${m.id}/${a.label}/w${s}/meanM` })));
  const names = pairs.map((p) => `${p.arch}, σ_w² = ${num(p.s, 4)}`);
  const lines = pairs.flatMap((p, k) => seriesRows(run, p.key, names[k]!, (i) => i + 1, (i) => run.quantities[`${m.id}/${p.arch}/w${p.s}/meanM/${i + 1}`]));
  const archs = m.architectures.map((a) => `${a.label} (widths ${a.widths.length <= 6 ? a.widths.join(', ') : `${a.widths.slice(0, 3).join(', ')}, …, ${a.widths.at(-1)}; ${a.widths.length} layers`})`).join('; ');
  const f = linesFigure({
    name: figName(run, m.id, 'mean-length'),
    title: 'Normalised squared length M_j per layer',
    description: `Hanin and Rolnick's M_j, the squared length of a bias-free ReLU network's activations at layer j over the input's, averaged over ${m.samples} networks, per architecture and σ_w²`,
    xTitle: 'layer j',
    yTitle: 'mean of M_j',
    names,
    lines,
    integerX: true,
    captionLead: `The mean of M_j = (|x_j|²/n_j)/(|x_0|²/n_0) over ${m.samples} independent networks and standard-normal inputs of ${m.inputDim} features, weights N(0, σ_w²/fan-in), no biases (the table gives the 95% interval). Architectures: ${archs}.`,
    xHeader: 'layer',
    sources: pairs.map((p) => ({ key: p.key, of: 'series' as const })),
  });
  return { figures: f ? [f] : [], undrawn: [], words: f ? [] : [`${code(m.id)}: no finite M_j to draw.`] };
}

function trainFigures(run: PaperRun, m: Measure<'train'>): MeasureFigures {
  const experiment = m.experiment as { grid?: unknown; data?: { dataset?: string } };
  const hasGrid = experiment.grid !== undefined && experiment.grid !== null;
  // `<m>/[<grid>/]<label>/trainLoss` per epoch; with per-epoch diagnostics `<m>/[<grid>/]<label>/<field>/top`
  // per epoch from 0 (at initialization), of the last hidden layer.
  const groups = new Map<string, { grid: string; metric: string; members: { key: string; label: string }[] }>();
  // `<m>/heatmap/…` is the experiment's heatmap section, drawn as a heatmap below.
  for (const key of Object.keys(run.series).filter((k) => k.startsWith(`${m.id}/`) && !k.startsWith(`${m.id}/heatmap/`))) {
    const parts = key.slice(m.id.length + 1).split('/');
    const grid = hasGrid ? parts[0]! : '';
    const rest = hasGrid ? parts.slice(1) : parts;
    const split = rest.at(-1) === 'trainLoss' ? 1 : rest.at(-1) === 'top' && rest.length >= 3 ? 2 : rest.length - 1;
    const label = rest.slice(0, rest.length - split).join('/');
    const metric = rest.slice(rest.length - split).join('/');
    const id = `${grid}|${metric}`;
    const g = groups.get(id) ?? { grid, metric, members: [] };
    g.members.push({ key, label });
    groups.set(id, g);
  }
  if (![...groups.values()].some((g) => g.metric === 'trainLoss')) {
    throw new Error(`papers: ${PAPER_RUNS}/${run.id}.json has no training-loss series of measurement '${m.id}'; run \`${recordCommand(run.id)}\` from the repository root and commit the file`);
  }
  const out: MeasureFigures = { figures: [], undrawn: [], words: [] };
  const where = experiment.data?.dataset ? ` on ${experiment.data.dataset}` : '';
  const heatmap = heatmapFigure(run, m);
  if (heatmap !== null) out.figures.push(heatmap);
  for (const { grid, metric, members } of groups.values()) {
    const names = members.map((x) => x.label);
    const loss = metric === 'trainLoss';
    const field = metric.replace(/\/top$/, '');
    const title = loss ? 'training loss' : `${FIELD_TITLES[field] ?? field}, last hidden layer`;
    const at = grid ? `, ${grid.replaceAll(',', ', ')}` : '';
    const empty = members.map((x) => emptiness(seriesOf(run, x.key)));
    if (!loss && empty.every((e) => e !== null)) {
      for (const x of members) out.undrawn.push({ key: x.key, why: emptiness(seriesOf(run, x.key))! });
      out.words.push(`${code(field)} of the last hidden layer${esc(at)} ${emptyWords(empty)} at every epoch for every initializer, so it is not drawn.`);
      continue;
    }
    const lines = members.flatMap((x) => seriesRows(run, x.key, x.label, (i) => (loss ? i + 1 : i)));
    const f = linesFigure({
      name: figName(run, m.id, ...(grid ? [grid] : []), loss ? 'train-loss' : `${field}-top`),
      title: `${title[0]!.toUpperCase()}${title.slice(1)}, per epoch${at}`,
      description: `Mean ${title} per epoch over the seeds, per initializer${where}${at}`,
      xTitle: 'epoch',
      // The axis has room for the field's name only; the title says which layer.
      yTitle: loss ? title : (FIELD_TITLES[field] ?? field),
      names,
      lines,
      integerX: true,
      captionLead: loss
        ? `The mean over the seeds of each epoch's training loss (runExperiment, as initlab run trains)${where}${at}; an epoch where no seed has a finite loss is left out.`
        : `The mean over the seeds of the last hidden layer's ${field} after each epoch (epoch 0: at initialization)${where}${at}.`,
      xHeader: 'epoch',
      sources: members.map((x) => ({ key: x.key, of: 'series' as const })),
    });
    if (f) out.figures.push(f);
    else {
      for (const x of members) out.undrawn.push({ key: x.key, why: 'not finite' });
      out.words.push(`Training loss${esc(at)}: no epoch of any initializer has a finite loss (every run diverged), so there is no curve to draw.`);
    }
  }
  return out;
}

// The theory curve over a heatmap is drawn at this many x values between the first column and the last (a
// chaotic-phase ξ_c costs @initlab/theory about 0.25 s, so the page does not ask for hundreds).
const OVERLAY_POINTS = 31;

/**
 * A train measurement's heatmap (its experiment's `heatmap` section): the mean test metric over the seeds at
 * each x (`<m>/heatmap/x`) of each y row (`<m>/heatmap/<y axis>=<value>/<metric>`), a square per cell, with the
 * section's curve (e.g. 6 ξ_c, computed here by the report's own heatmapCurve on a fine grid of x, so its shape
 * between the measured columns shows) drawn over it and clipped to the rows measured.
 */
function heatmapFigure(run: PaperRun, m: Measure<'train'>): PaperFigure | null {
  const xKey = `${m.id}/heatmap/x`;
  const xs = run.series[xKey];
  if (xs === undefined) return null;
  const section = validateExperiment(m.experiment, `${run.id}: measurements.${m.id}.experiment`).heatmap;
  if (section === undefined) return null;
  const rowKeys = Object.keys(run.series).filter((k) => k.startsWith(`${m.id}/heatmap/${section.y}=`));
  const metric = rowKeys[0]?.split('/').at(-1) ?? 'accuracy';
  const rows = rowKeys.map((key) => ({ key, at: Number(key.slice(`${m.id}/heatmap/${section.y}=`.length).split('/')[0]) })).sort((a, b) => a.at - b.at);
  const cells = rows.flatMap(({ key, at }) =>
    run.series[key]!.flatMap((v, i) => (finite(v) && finite(xs[i]) ? [{ series: metric, source: key, i, x: xs[i]!, y: v, row: at }] : [])),
  );
  if (cells.length === 0) return null;
  const xTitle = section.xTitle ?? section.x;
  const yTitle = section.yTitle ?? section.y;
  const x0 = Math.min(...cells.map((c) => c.x));
  const x1 = Math.max(...cells.map((c) => c.x));
  const fine = [...new Set([...Array.from({ length: OVERLAY_POINTS }, (_, i) => x0 + ((x1 - x0) * i) / (OVERLAY_POINTS - 1)), ...cells.map((c) => c.x)])].sort((a, b) => a - b);
  const curve = heatmapCurve(section, fine);
  const overlay = (curve?.points ?? []).map((p) => ({ series: curve!.label, x: p.x, y: p.y }));
  const ats = rows.map((r) => r.at);
  const domain = [Math.min(...ats) * 0.8, Math.max(...ats) * 1.1];
  const xDomain = [x0 * 0.9, x1 * 1.05];
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { domain: xDomain, nice: false, zero: false } };
  const layer: unknown[] = [
    {
      data: { values: cells },
      mark: { type: 'square', size: 900, opacity: 1 },
      encoding: {
        x,
        y: { field: 'row', type: 'quantitative', title: yTitle, scale: { domain, nice: false, zero: false } },
        color: { field: 'y', type: 'quantitative', title: `test ${metric}`, scale: { scheme: 'viridis' }, legend: { orient: 'right' } },
        tooltip: [{ field: 'x', title: xTitle, format: '.4g' }, { field: 'row', title: yTitle }, { field: 'y', title: `test ${metric}`, format: '.4g' }],
      },
    },
  ];
  if (overlay.length > 0) {
    layer.push({
      data: { values: overlay },
      mark: { type: 'line', color: '#e15759', strokeWidth: 2.5, strokeDash: [6, 3], clip: true },
      encoding: { x, y: { field: 'y', type: 'quantitative', scale: { domain, nice: false, zero: false } }, tooltip: [{ field: 'x', title: xTitle, format: '.4g' }, { field: 'y', title: curve!.label, format: '.4g' }] },
    });
  }
  const title = `Test ${metric} over ${xTitle} × ${yTitle}${overlay.length > 0 ? `, with ${curve!.label}` : ''}`;
  const best = cells.reduce((a, b) => (b.y > a.y ? b : a));
  const tableRows = rows.map(({ key, at }) => [num(at, 4), ...xs.map((_, i) => (finite(run.series[key]![i]) ? num(run.series[key]![i]!, 3) : 'no finite value'))]);
  if (curve !== null) tableRows.push([esc(curve.label), ...xs.map((v) => {
    const p = curve.points.find((q) => q.x === v);
    return p === undefined ? 'unbounded (critical point)' : num(p.y, 4);
  })]);
  return {
    name: figName(run, m.id, 'heatmap'),
    spec: { $schema: SCHEMA, description: title, title: { text: wrapTitle(title) }, width: CHART_WIDTH, height: 280, layer } as TopLevelSpec,
    alt: `${title}. Highest ${metric} ${num(best.y, 3)} at ${xTitle} ${num(best.x, 3)}, ${yTitle} ${num(best.row, 4)}.`,
    caption: esc(
      `The mean test ${metric} over the seeds at each grid point (a diverged run counts as a uniform guess)${curve !== null ? `; the dashed line is ${curve.label} (${curve.source}) at ${OVERLAY_POINTS} values of ${xTitle}, clipped to the ${yTitle} range measured${curve.gaps.length > 0 ? `; ${curve.gaps.join('; ')}` : ''}` : ''}.`,
    ),
    table: table([`${esc(yTitle)} \\ ${esc(xTitle)}`, ...xs.map((v) => num(v!, 4))], tableRows),
    sources: rows.map(({ key }) => ({ key, of: 'series' as const, x: xKey })),
    log: false,
  };
}

/** The figures of one measurement, by its kind. */
export function measureFigures(run: PaperRun, m: PaperMeasure): MeasureFigures {
  switch (m.kind) {
    case 'mean-field':
      return meanFieldFigures(run, m);
    case 'signal':
      return signalFigures(run, m);
    case 'jacobian':
      return jacobianFigures(run, m);
    case 'length':
      return lengthFigures(run, m);
    case 'train':
      return trainFigures(run, m);
    case 'selu-fixed-point':
      return { figures: [], undrawn: [], words: [] };
  }
}

// ---------------------------------------------------------------------------------------------- pages

const KIND_WORDS: Record<PaperMeasure['kind'], string> = {
  train: 'training',
  signal: 'signal at initialization',
  jacobian: 'Jacobian spectrum at initialization',
  'mean-field': 'mean-field theory',
  'selu-fixed-point': 'SELU fixed point',
  length: 'length of the activations',
};

/** Front-matter text: VitePress writes it into attributes unescaped, so straight double quotes become typographic ones. */
function headText(text: string): string {
  return text.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/"/g, '\u201d');
}

/** The verdict as a page states it, with a `data-verdict` the tests read. */
function verdictLine(run: PaperRun): string {
  const passed = run.checks.filter((c) => c.passed).length;
  return `<p class="verdict verdict-${run.verdict.replace(/\s+/g, '-')}" data-verdict="${run.verdict}">Verdict: <strong>${run.verdict}</strong> (${passed} of ${run.checks.length} checks pass).</p>`;
}

/** One measurement's quantities as a table. */
function quantitiesTable(run: PaperRun, m: string): string {
  const keys = Object.keys(run.quantities).filter((k) => k.startsWith(`${m}/`));
  return table(
    ['quantity', 'initlab [95% interval]', 'values'],
    keys.map((k) => [code(k), estimateText(run.quantities[k]), seedsText(run.quantities[k])]),
    ['l', 'r', 'r'],
  );
}

/** A paper page's Markdown, with its figures' site paths. */
export function paperPage(paper: PaperFile, run: PaperRun, sections: { m: PaperMeasure; figures: (PaperFigure & { src: string })[]; words: string[] }[]): string {
  const p = run.paper;
  const lines: string[] = [
    '---',
    `title: ${JSON.stringify(headText(`${citeShort(p)}: ${run.title}`))}`,
    `description: ${JSON.stringify(headText(`${run.title}: the claim of ${p.title} (${p.year}), rerun by initlab. Verdict: ${run.verdict}.`))}`,
    'outline: [2, 3]',
    '---',
    '',
    `# ${esc(run.title)}`,
    '',
    `${esc(p.authors)} (${p.year}). [${esc(p.title)}](${p.url})${p.venue ? `. ${esc(p.venue)}` : ''}.`,
    '',
    verdictLine(run),
    '',
    `Paper file: ${code(`packages/experiments/experiments/papers/${paper.id}.yaml`)}. The numbers on this page are the committed run ${code(`${PAPER_RUNS}/${paper.id}.json`)} ([download](/data/papers/${paper.id}.json)); [all papers](./index.md).`,
    '',
    '## The claim',
    '',
    esc(run.claim),
    '',
    '## Setup',
    '',
    table(['the paper', 'initlab'], [[esc(run.setup.paper), esc(run.setup.ours)]]),
    '',
    ...(run.setup.full ? [`With \`--full\` (${code(`${rerunCommand(paper.id)} --full`)}), closer to the paper's scale: ${esc(run.setup.full)}`, ''] : []),
    "## The paper's numbers and initlab's",
    '',
  ];
  if (run.published.length === 0) {
    lines.push(`The paper file quotes no number of the paper to set beside initlab's; the checks below test the claim on initlab's own numbers.`, '');
  } else {
    lines.push(
      table(
        ['quantity', 'where in the paper', 'paper', 'initlab [95% interval]', 'seeds'],
        run.published.map((r) => [
          `${esc(r.quantity)}${r.quote ? `<br><small>“${esc(r.quote)}”</small>` : ''}`,
          esc(r.where),
          `${num(r.value, 4)}${r.unit ? ` ${esc(r.unit)}` : ''}`,
          r.ours === undefined ? 'not measured by this file' : `${estimateText(r.initlab)}${r.unit ? ` ${esc(r.unit)}` : ''}`,
          r.ours === undefined ? 'not measured' : seedsText(r.initlab),
        ]),
        ['l', 'l', 'r', 'r', 'r'],
      ),
      '',
      'The interval is the 95% interval of the mean over the seeds (Student’s t); a number without one is exact (theory) or a single value.',
      '',
    );
  }
  lines.push('## Checks', '');
  // The paper file's reading of a failure is its text now (readRun has matched the checks' claims one to one).
  run.checks.forEach((c, i) => {
    const why = c.passed ? undefined : paper.checks[i]?.ifFails;
    lines.push(`- **${c.passed ? 'pass' : 'FAIL'}** (${c.level}) ${esc(c.claim)}<br>${code(c.detail)}${why === undefined ? '' : `<br>*Why it may fail at this scale* (the paper file's reading, not a measurement): ${esc(why)}`}`);
  });
  lines.push('', '## Verdict', '', verdictLine(run), '', `**${esc(run.verdict)}** means ${VERDICT_MEANING[run.verdict]}.`, '');
  if (run.reasons.length > 0) {
    lines.push(run.verdict === 'differs' ? 'It differs because:' : 'It is not “reproduces” because:', '', ...run.reasons.map((r) => `- ${esc(r)}`), '');
  }
  lines.push('## Shown in the paper only as curves', '');
  if (run.notPrinted.length === 0) lines.push('The paper file lists nothing the paper shows only as curves.', '');
  else lines.push('The paper shows these without a number to quote, so no check compares them:', '', ...run.notPrinted.map((n) => `- ${esc(n)}`), '');
  lines.push("## initlab's figures", '');
  for (const s of sections) {
    lines.push(`### ${esc(s.m.title ?? s.m.id)}`, '', `Measurement ${code(s.m.id)}, ${KIND_WORDS[s.m.kind]}${run.measureMs[s.m.id] === undefined ? '' : `, ${durationText(run.measureMs[s.m.id]!)}`}.`, '');
    for (const f of s.figures) lines.push(figure(f.src, f.alt, f.caption), '', details('The numbers', f.table), '');
    for (const w of s.words) lines.push(w, '');
    if (s.figures.length === 0 && s.words.length === 0) {
      lines.push('This measurement reports numbers only, no curves:', '', quantitiesTable(run, s.m.id), '');
    } else {
      lines.push(details(`Every quantity of ${esc(s.m.id)}`, quantitiesTable(run, s.m.id)), '');
    }
  }
  lines.push(
    '## Wall time',
    '',
    `The committed run took ${durationText(run.elapsedMs)}; the paper file's budget is ${num(run.budgetMinutes)} min on a 2-core laptop CPU${run.elapsedMs > run.budgetMinutes * 60_000 ? ', and the run went over it' : ''}. Per measurement: ${Object.entries(run.measureMs)
      .map(([id, ms]) => `${code(id)} ${durationText(ms)}`)
      .join(', ')}.`,
    '',
    ...(run.notes.length > 0 ? ['Notes of the run:', '', ...run.notes.map((n) => `- ${esc(n)}`), ''] : []),
    '## Rerun it',
    '',
    `<div class="rerun" data-paper="${paper.id}">`,
    '',
    '```sh',
    rerunCommand(paper.id),
    '```',
    '',
    '</div>',
    '',
    `It prints the claim, the numbers, the checks and the verdict (add \`--json\` for this page's data, \`--full\` for the paper's scale where the file has one). The committed run ${code(`${PAPER_RUNS}/${paper.id}.json`)} was written, from the repository root, by:`,
    '',
    `<div class="record" data-paper="${paper.id}">`,
    '',
    '```sh',
    recordCommand(paper.id),
    '```',
    '',
    '</div>',
    '',
  );
  return lines.join('\n');
}

/** The section's index: every paper with its verdict and wall time. */
export function indexPage(entries: readonly { paper: PaperFile; run: PaperRun }[]): string {
  const counts = VERDICTS.map((v) => ({ v, n: entries.filter((e) => e.run.verdict === v).length })).filter((c) => c.n > 0);
  return [
    '---',
    'title: Papers',
    'description: Classic results of the weight-initialization literature, each rerun by initlab at CPU scale, with the paper’s numbers beside initlab’s, the checks and a verdict.',
    '---',
    '',
    '# Papers',
    '',
    `Each page reruns one classic result of the initialization literature from a paper file shipped with \`@initlab/experiments\` (\`initlab reproduce --list\`): the claim, the paper's setup beside initlab's scaled-down one, the paper's printed numbers beside initlab's with their 95% intervals, the checks the claim is tested by, and a verdict. ${entries.length} ${entries.length === 1 ? 'paper' : 'papers'}: ${counts.map((c) => `${c.n} ${c.v}`).join(', ')}.`,
    '',
    table(
      ['paper file (its page)', 'paper', 'result', 'verdict', 'wall time'],
      entries.map(({ paper, run }) => [
        `[${paper.id}](./${paper.id}.md)`,
        `[${esc(citeShort(run.paper))}](${run.paper.url}): ${esc(run.paper.title)}`,
        esc(run.title),
        `<span data-verdict="${run.verdict}">${run.verdict}</span>`,
        `${durationText(run.elapsedMs)} (budget ${num(run.budgetMinutes)} min)`,
      ]),
      ['l', 'l', 'l', 'l', 'r'],
    ),
    '',
    `The verdicts follow one rule: **reproduces** when ${VERDICT_MEANING.reproduces}; **reproduces qualitatively** when ${VERDICT_MEANING['reproduces qualitatively']}; **differs** when ${VERDICT_MEANING.differs}.`,
    '',
    `The numbers are the committed runs in \`${PAPER_RUNS}/\`, each written by \`initlab reproduce <paper> --out ${PAPER_RUNS}\`; \`initlab reproduce <paper>\` reruns one on your machine.`,
    '',
  ].join('\n');
}

/** What `.generated/papers.json` records of a page, for the tests. */
export interface PaperPageFacts {
  id: string;
  page: string;
  verdict: Verdict;
  rerun: string;
  record: string;
  figures: { name: string; src: string; sources: FigureSource[]; log: boolean }[];
  undrawn: Undrawn[];
}

/** The papers in order of publication (year, then id). */
async function papersInOrder(): Promise<PaperFile[]> {
  const papers = await Promise.all((await paperIds()).map((id) => loadPaper(id)));
  return papers.sort((a, b) => a.paper.year - b.paper.year || a.id.localeCompare(b.id));
}

/** Writes `docs/papers/` (an index and a page per paper file), the figures, the sidebar and the published run files. */
export async function generatePapers(): Promise<string[]> {
  const papers = await papersInOrder();
  const orphans = orphanRuns(papers.map((p) => p.id));
  if (orphans.length > 0) {
    throw new Error(`papers: ${orphans.map((id) => `${PAPER_RUNS}/${id}.json`).join(', ')} ${orphans.length === 1 ? 'has' : 'have'} no paper file in @initlab/experiments; delete the run file or add packages/experiments/experiments/papers/${orphans[0]}.yaml`);
  }
  // Every run is read and checked before anything is written: one bad run file leaves the last good pages in place.
  const entries = papers.map((paper) => ({ paper, run: readRun(paper) }));
  const dir = join(docsDir, 'papers');
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(docsDir, 'public', 'data', 'papers'), { recursive: true, force: true });
  const facts: PaperPageFacts[] = [];
  for (const { paper, run } of entries) {
    const sections = [];
    const undrawn: Undrawn[] = [];
    for (const m of paper.measurements) {
      const mf = measureFigures(run, m);
      const figures = [];
      for (const f of mf.figures) figures.push({ ...f, src: await writeFigure(f.name, f.spec) });
      sections.push({ m, figures, words: mf.words });
      undrawn.push(...mf.undrawn);
    }
    write(join(dir, `${paper.id}.md`), paperPage(paper, run, sections));
    write(join(docsDir, 'public', 'data', 'papers', `${paper.id}.json`), readFileSync(join(paperRunsDir, `${paper.id}.json`)));
    facts.push({
      id: paper.id,
      page: `papers/${paper.id}.md`,
      verdict: run.verdict,
      rerun: rerunCommand(paper.id),
      record: recordCommand(paper.id),
      figures: sections.flatMap((s) => s.figures.map((f) => ({ name: f.name, src: f.src, sources: f.sources, log: f.log }))),
      undrawn,
    });
  }
  write(join(dir, 'index.md'), indexPage(entries));
  writeJson('papers', { runs: PAPER_RUNS, papers: facts });
  writeJson('papers-sidebar', [{ text: 'Papers', link: '/papers/', items: entries.map(({ paper, run }) => ({ text: citeShort(run.paper), link: `/papers/${paper.id}` })) }]);
  return entries.map((e) => e.paper.id);
}
