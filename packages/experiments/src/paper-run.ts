// Reading and running paper files: parse and validate one, apply --full or the reduced form the tests run,
// run its measurements in order, evaluate its checks, and say the verdict.
import type { LoadDatasetOptions } from '@initlab/data';
import type { ExperimentConfig } from './config.js';
import { ExperimentError } from './errors.js';
import { issueLines, readDocument } from './parse.js';
import { evaluateCheck, verdictOf, type CheckResult, type Verdict } from './paper-checks.js';
import type { Estimate, MeasureOutput } from './paper-estimate.js';
import { measureJacobian, measureLength, measureSignal } from './paper-measure-init.js';
import { measureMeanField, measureSeluFixedPoint } from './paper-measure-theory.js';
import { measureTrain, trainExperiment } from './paper-measure-train.js';
import { PaperFileSchema, type PaperCheck, type PaperFile, type PaperMeasure, type PublishedNumber } from './paper-schema.js';
import type { RunExperimentOptions } from './run.js';

/**
 * How much of a paper file runs: `default` (its CPU-scale setup, within its budget), `full` (its `full`
 * overrides, closer to the paper's scale) or `reduced` (a few seeds, one epoch, narrow networks: what the tests
 * run so every file keeps working; its numbers mean nothing).
 */
export type PaperMode = 'default' | 'full' | 'reduced';
export const PAPER_MODES = ['default', 'full', 'reduced'] as const satisfies readonly PaperMode[];

/**
 * Validate a parsed paper file; every problem is one line naming the file and the path, and every train
 * measurement's experiment is validated by the experiment schema.
 *
 * @throws {ExperimentError} `INVALID_CONFIG`.
 */
export function validatePaper(value: unknown, sourceName: string): PaperFile {
  const result = PaperFileSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ExperimentError('INVALID_CONFIG', issueLines(sourceName, result.error.issues).join('\n'), { cause: result.error });
  const paper = result.data;
  const ids = paper.measurements.map((m) => m.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new ExperimentError('INVALID_CONFIG', `${sourceName}: measurements repeat the id '${repeated}'; each must be unique`);
  for (const key of Object.keys(paper.full ?? {})) {
    if (!ids.includes(key)) throw new ExperimentError('INVALID_CONFIG', `${sourceName}: full.${key} names no measurement; measurements: ${ids.join(', ')}`);
  }
  const publishedIds = paper.published.map((p) => p.id);
  const repeatedPublished = publishedIds.find((id, i) => publishedIds.indexOf(id) !== i);
  if (repeatedPublished !== undefined) throw new ExperimentError('INVALID_CONFIG', `${sourceName}: published repeats the id '${repeatedPublished}'; each must be unique`);
  // A quantitative check is one against the paper's own number: without one it is an ordering or a phenomenon.
  paper.checks.forEach((check, i) => {
    const refs = [check.less, check.atMost, check.near && [check.near.value, check.near.to], check.between, check.increasing, check.decreasing].flat().filter((r) => r !== undefined);
    for (const ref of refs) {
      if (typeof ref === 'string' && ref.startsWith('paper.') && !publishedIds.includes(ref.slice('paper.'.length))) {
        throw new ExperimentError('INVALID_CONFIG', `${sourceName}: checks[${i}] names no published number '${ref.slice('paper.'.length)}'; published: ${publishedIds.join(', ') || 'none'}`);
      }
    }
    if (check.level === 'quantitative' && !refs.some((r) => typeof r === 'string' && r.startsWith('paper.'))) {
      throw new ExperimentError('INVALID_CONFIG', `${sourceName}: checks[${i}] is quantitative but compares no published number (paper.<id>); make it qualitative, or compare with the paper's number`);
    }
  });
  // Both the default and the --full experiments must be valid before anything runs.
  for (const mode of ['default', 'full'] as const) for (const m of measurementsFor(paper, mode)) if (m.kind === 'train') trainExperiment(m, sourceName);
  return paper;
}

/** Parse a paper file's text (YAML or JSON) and validate it. */
export function parsePaper(text: string, sourceName: string): PaperFile {
  return validatePaper(readDocument(text, sourceName), sourceName);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `base` with `override`'s keys: objects merged one level deep, everything else replaced. */
function merge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = isObject(value) && isObject(base[key]) ? { ...base[key], ...value } : value;
  return out;
}

/** The measurements as a mode runs them. */
export function measurementsFor(paper: PaperFile, mode: PaperMode): PaperMeasure[] {
  return paper.measurements.map((m) => {
    if (mode === 'full') {
      const override = paper.full?.[m.id];
      if (override === undefined) return m;
      const merged = PaperFileSchema.shape.measurements.element.safeParse(merge(m as unknown as Record<string, unknown>, override));
      if (!merged.success) throw new ExperimentError('INVALID_CONFIG', `${paper.id}: full.${m.id}: ${issueLines('', merged.error.issues).join('; ').replace(/^: /, '')}`);
      return merged.data;
    }
    return mode === 'reduced' ? reduced(m) : m;
  });
}

/**
 * What a run of a paper file in a mode measures and decides by: the measurements as the mode runs them and
 * the checks without their `ifFails` (an explanation, read from the file when shown). A run records it, so a
 * committed run can be told from one of a file since edited (a width, a seed count, a check's operands).
 */
export interface PaperDefinition {
  measurements: PaperMeasure[];
  checks: Omit<PaperCheck, 'ifFails'>[];
}

/** The {@link PaperDefinition} of a paper file in a mode. */
export function paperDefinition(paper: PaperFile, mode: PaperMode): PaperDefinition {
  return { measurements: measurementsFor(paper, mode), checks: paper.checks.map(({ ifFails: _ifFails, ...check }) => check) };
}

/** The reduced form of a measurement: two seeds, one epoch, narrow networks and few rows. */
function reduced(m: PaperMeasure): PaperMeasure {
  switch (m.kind) {
    case 'train': {
      const e = m.experiment as Record<string, unknown> & { training?: Record<string, unknown>; data?: Record<string, unknown>; seeds?: unknown };
      const seeds = typeof e.seeds === 'number' ? Math.min(2, e.seeds) : Array.isArray(e.seeds) ? e.seeds.slice(0, 2) : e.seeds;
      return {
        ...m,
        experiment: { ...e, seeds, training: { ...e.training, epochs: 1 }, data: { ...e.data, limit: { train: 128, test: 64 } } },
      };
    }
    case 'signal':
      return { ...m, seeds: Math.min(m.seeds, 2), width: Math.min(m.width, 16), inputs: { ...m.inputs, rows: Math.min(m.inputs.rows, 32) } };
    case 'jacobian':
      return { ...m, seeds: Math.min(m.seeds, 2), width: Math.min(m.width, 8) };
    case 'mean-field':
      return m.simulate === undefined ? m : { ...m, simulate: { ...m.simulate, width: Math.min(m.simulate.width, 32), seeds: Math.min(m.simulate.seeds, 2) } };
    case 'length':
      return { ...m, samples: Math.min(m.samples, 16) };
    case 'selu-fixed-point':
      return m;
  }
}

/** Options of {@link runPaper}. */
export interface RunPaperOptions {
  mode?: PaperMode;
  /** Where real data files come from (as `loadDataset`). */
  loadOptions?: LoadDatasetOptions;
  /** Passed to every train measurement's runExperiment (backend, threads, progress). */
  train?: Omit<RunExperimentOptions, 'out'>;
  /** Called before each measurement. */
  onMeasure?: (event: { index: number; count: number; id: string; kind: PaperMeasure['kind']; title?: string }) => void;
}

/** A published number beside initlab's quantity. */
export interface PublishedRow extends PublishedNumber {
  initlab: Estimate | null;
}

/** What a paper file's run produced. */
export interface PaperResult {
  id: string;
  title: string;
  paper: PaperFile['paper'];
  claim: string;
  setup: PaperFile['setup'];
  mode: PaperMode;
  budgetMinutes: number;
  published: PublishedRow[];
  notPrinted: string[];
  checks: CheckResult[];
  verdict: Verdict;
  reasons: string[];
  quantities: Record<string, Estimate>;
  series: Record<string, number[]>;
  notes: string[];
  elapsedMs: number;
  /** Milliseconds per measurement, by id. */
  measureMs: Record<string, number>;
  /** What was measured and decided by, as this mode ran it. */
  definition: PaperDefinition;
}

async function runMeasure(m: PaperMeasure, paper: PaperFile, opts: RunPaperOptions): Promise<MeasureOutput> {
  switch (m.kind) {
    case 'train': {
      const config: ExperimentConfig = trainExperiment(m, paper.id);
      return measureTrain(m, config, opts.train ?? {});
    }
    case 'signal':
      return measureSignal(m, opts.loadOptions ?? {});
    case 'jacobian':
      return measureJacobian(m);
    case 'mean-field':
      return measureMeanField(m);
    case 'selu-fixed-point':
      return measureSeluFixedPoint(m);
    case 'length':
      return measureLength(m);
  }
}

/**
 * Run a paper file: its measurements in order, then its checks, and the verdict. Train measurements need a
 * tfjs backend (set by the caller, as for runExperiment), signal ones too; the others are plain JavaScript.
 *
 * @throws {ExperimentError} `INVALID_CONFIG` when a check names a quantity no measurement reported.
 * @example
 * ```ts
 * const result = await runPaper(await loadPaper('poole-2016'));
 * console.log(result.verdict, result.reasons);
 * ```
 */
export async function runPaper(paper: PaperFile, opts: RunPaperOptions = {}): Promise<PaperResult> {
  const started = performance.now();
  const mode = opts.mode ?? 'default';
  const definition = paperDefinition(paper, mode);
  const { measurements } = definition;
  const quantities: Record<string, Estimate> = {};
  const series: Record<string, number[]> = {};
  const notes: string[] = [];
  const measureMs: Record<string, number> = {};
  for (const [index, m] of measurements.entries()) {
    opts.onMeasure?.({ index, count: measurements.length, id: m.id, kind: m.kind, ...(m.title === undefined ? {} : { title: m.title }) });
    const t0 = performance.now();
    const out = await runMeasure(m, paper, opts);
    measureMs[m.id] = Math.round(performance.now() - t0);
    Object.assign(quantities, out.quantities);
    Object.assign(series, out.series);
    notes.push(...out.notes.map((n) => `${m.id}: ${n}`));
  }
  const checks = paper.checks.map((check, i) => evaluateCheck(check, i, quantities, paper.published, paper.id));
  const published = paper.published.map((p) => {
    if (p.ours === undefined) return { ...p, initlab: null };
    const estimate = quantities[p.ours];
    if (estimate === undefined) throw new ExperimentError('INVALID_CONFIG', `${paper.id}: published ${p.id}.ours names no quantity '${p.ours}'`);
    return { ...p, initlab: estimate };
  });
  const { verdict, reasons } = verdictOf(checks);
  const elapsedMs = Math.round(performance.now() - started);
  if (mode === 'default' && elapsedMs > paper.budgetMinutes * 60_000) notes.push(`took ${(elapsedMs / 60_000).toFixed(1)} min, over the file's budget of ${paper.budgetMinutes} min`);
  return { id: paper.id, title: paper.title, paper: paper.paper, claim: paper.claim, setup: paper.setup, mode, budgetMinutes: paper.budgetMinutes, published, notPrinted: paper.notPrinted, checks, verdict, reasons, quantities, series, notes, elapsedMs, measureMs, definition };
}
