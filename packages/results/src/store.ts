// results.jsonl and experiment.json on disk: kill-safe appends, atomic header writes, and reading back
// with every line validated.
import { assertKnownOptions, describeFsError, optionKeys } from '@initlab/errors';
import { ResultsError } from './errors.js';
import { ExperimentMetaSchema, firstIssue, META_FORMAT, RunResultSchema, type ExperimentMeta, type RunResult } from './schema.js';

/**
 * File name of the run results inside an output folder: one JSON object per line.
 *
 * @example
 * ```ts
 * const path = join(outDir, RESULTS_FILE); // 'out/results.jsonl'
 * ```
 */
export const RESULTS_FILE = 'results.jsonl';
/**
 * File name of the experiment header inside an output folder.
 *
 * @example
 * ```ts
 * const path = join(outDir, META_FILE); // 'out/experiment.json'
 * ```
 */
export const META_FILE = 'experiment.json';

/**
 * Results read back from JSON Lines text.
 *
 * @example
 * ```ts
 * const { results, partialTail } = parseResultsJsonl(text, 'results.jsonl');
 * ```
 */
export interface ParsedResults {
  /** Runs in file order; a repeated runId keeps its first line. */
  results: RunResult[];
  /** One line per skipped line (invalid JSON, not a run, repeated runId). */
  warnings: string[];
  /** The text ended in a line without its newline (a write cut short by a kill): it was ignored. */
  partialTail: boolean;
  /** Length (in UTF-16 units of the text) of the whole lines, i.e. where a partial tail starts. */
  completeLength: number;
}

// The fields a line cannot be used without: a line that fails on one of these is not a run at all.
const IDENTITY_FIELDS = ['runId', 'label', 'seed', 'gridIndex', 'status', 'metrics'] as const;
const IDENTITY = new Set<PropertyKey>(IDENTITY_FIELDS);

/**
 * Parse `results.jsonl` text: one run per line, each validated against {@link RunResultSchema}. Only whole
 * lines count: a last line without its newline is a write cut short by a kill and is ignored (`partialTail`);
 * blank lines are skipped; a line that is not a valid run, or repeats an earlier runId, is skipped with a
 * one-line warning naming the source and the line number.
 *
 * @example
 * ```ts
 * parseResultsJsonl('{"runId":"a",...}\n{"runId":"b","la', 'results.jsonl').partialTail; // true
 * ```
 */
export function parseResultsJsonl(text: string, sourceName: string): ParsedResults {
  const end = text.lastIndexOf('\n') + 1;
  const partialTail = end < text.length;
  const results: RunResult[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const lines = text.slice(0, end).split('\n');
  lines.pop(); // the empty string after the last newline
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${sourceName} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(`${where} is not valid JSON; skipped`);
      return;
    }
    const parsed = RunResultSchema.safeParse(value);
    if (!parsed.success) {
      const top = parsed.error.issues[0]?.path[0];
      warnings.push(
        top === undefined || IDENTITY.has(top)
          ? `${where} is not a run result (needs ${IDENTITY_FIELDS.join(', ')}); skipped`
          : `${where} is not a valid run result: ${firstIssue(parsed.error)}; skipped`,
      );
      return;
    }
    // Keep the line as read: zod's output lists keys in the schema's order, and the written order (of
    // `metrics`, say) is what reports and CSV columns follow. The schema has no defaults or transforms.
    const run = value as RunResult;
    if (seen.has(run.runId)) {
      warnings.push(`${where} repeats run ${run.runId}; the first line is kept`);
      return;
    }
    seen.add(run.runId);
    results.push(run);
  });
  return { results, warnings, partialTail, completeLength: end };
}

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

/** Node's fs and path, loaded on first use (this package is imported by browser code that never reads files). */
export async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([import('node:fs'), import('node:path')]);
  return { fs, path };
}

const INCOMPLETE_LAST_LINE = 'ignored an incomplete last line (a run interrupted while being written)';

/**
 * How messages name an output folder's options: `'key'` as `runExperiment`'s options (`out`, `replace: true`),
 * `'flag'` as a command line that maps them to `--out DIR` and `--replace`.
 *
 * @example
 * ```ts
 * await ResultStore.open(flags.out, config, true, { optionStyle: 'flag' });
 * ```
 */
export type OutOptionStyle = 'key' | 'flag';

/**
 * Options of {@link ResultStore.open}.
 *
 * @example
 * ```ts
 * const opts: OpenStoreOptions = { replace: true, optionStyle: 'flag' };
 * ```
 */
export interface OpenStoreOptions {
  /**
   * Start the folder afresh whatever it holds (another experiment or plan too): an existing `results.jsonl` and
   * `experiment.json` are renamed to `results.jsonl.bak-<time>` and `experiment.json.bak-<time>` (UTC, e.g.
   * `20250314T091500Z`), never deleted.
   */
  replace?: boolean;
  /** How messages name the options (default `'key'`). */
  optionStyle?: OutOptionStyle;
  /**
   * When resuming a folder that holds runs: what makes the plan in its `experiment.json` (the stored `config`,
   * as read) differ from this one, e.g. `training.epochs 5 → 50`, or null when it is the same plan. A
   * difference refuses to open with `PLAN_MISMATCH`, so runs of two plans are never mixed.
   */
  planChange?: (storedConfig: unknown) => string | null;
}

const OPEN_STORE_KEYS = { replace: true, optionStyle: true, planChange: true } as const;
const OPEN_STORE_OPTIONS = optionKeys<OpenStoreOptions>(OPEN_STORE_KEYS);
const INSPECT_FOLDER_OPTIONS = optionKeys<InspectFolderOptions>({ ...OPEN_STORE_KEYS, resume: true });
const invalidOption = (message: string): ResultsError => new ResultsError('INVALID_OPTION', message);

/** What a backup's name adds to the file's: `results.jsonl.bak-20250314T091500Z`. */
const BACKUP_INFIX = '.bak-';

/** The options' names in messages: where the folder came from, and the two ways on when it holds other results. */
function optionWords(style: OutOptionStyle, dir: string): { where: string; waysOn: string } {
  const kept = `keeps the old results as ${RESULTS_FILE}${BACKUP_INFIX}<time>`;
  return style === 'flag'
    ? { where: `--out ${dir}`, waysOn: `use a new --out DIR, or --replace to start it afresh (${kept})` }
    : { where: `runExperiment: out ${dir}`, waysOn: `choose another out folder, or pass replace: true to start it afresh (${kept})` };
}


/** `20250314T091500Z`: a UTC time that is safe in a file name on every platform (no colons). */
function backupStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Rename the files that exist to `<file>.bak-<time>`, all with the same suffix (`-2`, `-3`, … appended when a
 * backup of that second is already there); returns the new paths.
 */
function backUp(fs: Fs, files: readonly string[], now: Date): string[] {
  const present = files.filter((f) => fs.existsSync(f));
  if (present.length === 0) return [];
  const stamp = backupStamp(now);
  let suffix = `${BACKUP_INFIX}${stamp}`;
  for (let n = 2; present.some((f) => fs.existsSync(`${f}${suffix}`)); n++) suffix = `${BACKUP_INFIX}${stamp}-${n}`;
  return present.map((f) => {
    fs.renameSync(f, `${f}${suffix}`);
    return `${f}${suffix}`;
  });
}

/**
 * Options of {@link inspectFolder}: those of {@link ResultStore.open}, and whether the run would resume.
 *
 * @example
 * ```ts
 * const opts: InspectFolderOptions = { resume: true, planChange: () => null };
 * ```
 */
export interface InspectFolderOptions extends OpenStoreOptions {
  /** Read the finished runs (default true); without, the folder would be emptied and no plan is compared. */
  resume?: boolean;
}

/**
 * What an output folder holds for a run that would open it: the finished runs' ids (none with `replace` or
 * without `resume`), read without writing anything. It refuses exactly as {@link ResultStore.open} does, so an
 * estimate or a dry run says what the run would say, before any work.
 *
 * @throws {ResultsError} `INVALID_OPTION`, `OUT_DIR_MISMATCH`, `PLAN_MISMATCH` as {@link ResultStore.open};
 *   `WRITE_FAILED` when `results.jsonl` exists but cannot be read.
 * @example
 * ```ts
 * const { runIds } = await inspectFolder('runs/a', config, { planChange: (stored) => null });
 * ```
 */
export async function inspectFolder(dir: string, config: { name: string }, opts: InspectFolderOptions = {}): Promise<{ runIds: Set<string> }> {
  assertKnownOptions('inspectFolder', opts, INSPECT_FOLDER_OPTIONS, invalidOption);
  const { parsed } = await examineFolder(dir, config, opts);
  return { runIds: new Set(parsed?.results.map((r) => r.runId) ?? []) };
}

/** {@link inspectFolder}, with what was read (for `open`, which trims a cut last line of that text). */
async function examineFolder(dir: string, config: { name: string }, opts: InspectFolderOptions): Promise<{ parsed: ParsedResults | null; text: string | null }> {
  const { fs, path } = await nodeModules();
  const absolute = path.resolve(dir);
  const { where, waysOn } = optionWords(opts.optionStyle ?? 'key', dir);
  // A file given as the folder is the user's mistake (a usage error), unlike a folder that cannot be made.
  let isFile = false;
  try {
    isFile = fs.statSync(absolute).isFile();
  } catch {
    // Missing (the run creates it) or unreachable (creating it says why).
  }
  if (isFile) {
    throw new ResultsError('INVALID_OPTION', `${where} is a file, not a folder; choose a new folder or one holding this experiment's results`);
  }
  const none = { parsed: null, text: null };
  if (opts.replace === true) return none;
  const resultsPath = path.join(absolute, RESULTS_FILE);
  const metaPath = path.join(absolute, META_FILE);
  let storedConfig: unknown = null;
  if (fs.existsSync(metaPath)) {
    storedConfig = storedConfigOf(fs.readFileSync.bind(fs), metaPath);
    const name = storedConfig !== null && typeof storedConfig === 'object' ? (storedConfig as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && name !== config.name) {
      throw new ResultsError('OUT_DIR_MISMATCH', `${where} holds results of experiment "${name}", not "${config.name}"; ${waysOn}`);
    }
  }
  if (opts.resume === false || !fs.existsSync(resultsPath)) return none;
  let text: string;
  try {
    text = fs.readFileSync(resultsPath, 'utf8');
  } catch (err) {
    throw new ResultsError('WRITE_FAILED', `${where}: ${describeFsError(err, resultsPath, 'read')}`, { cause: err });
  }
  const parsed = parseResultsJsonl(text, resultsPath);
  // A header without runs (a first attempt stopped early) mixes nothing, so it is simply rewritten.
  if (parsed.results.length > 0 && storedConfig !== null && opts.planChange !== undefined) {
    const change = opts.planChange(storedConfig);
    if (change !== null) {
      throw new ResultsError('PLAN_MISMATCH', `${where} holds runs of another plan of experiment "${config.name}": ${change}; ${waysOn}`);
    }
  }
  return { parsed, text };
}

/**
 * An output folder: `experiment.json` (header) and `results.jsonl` (one line per finished run). Each run is
 * appended as ONE complete line in ONE `appendFileSync` call, so a kill leaves only whole lines (or a cut
 * last line, which reading ignores and opening with `resume` trims away before appending).
 *
 * @example
 * ```ts
 * const store = await ResultStore.open('out/', config, true);
 * if (!store.existing.has(run.runId)) store.append(result);
 * ```
 */
export class ResultStore {
  private constructor(
    private readonly fs: Fs,
    /** Absolute folder path. */
    readonly dir: string,
    /** Path of `results.jsonl`. */
    readonly resultsPath: string,
    /** Path of `experiment.json`. */
    readonly metaPath: string,
    /** Runs already in the file (empty unless resuming), by runId. */
    readonly existing: Map<string, RunResult>,
    /** Lines skipped while reading. */
    readonly warnings: string[],
    /** Where `replace` moved the previous `results.jsonl` and `experiment.json` (empty when it moved nothing). */
    readonly backups: string[],
  ) {}

  /**
   * Open (creating it if needed) an output folder for the experiment `config.name`. With `resume`, finished
   * runs are read and a cut last line is trimmed; without, `results.jsonl` is emptied. With `opts.replace`, the
   * folder's files are first moved aside (see {@link OpenStoreOptions.replace}) and the folder starts afresh.
   *
   * @throws {ResultsError} `INVALID_OPTION` (the path is a file), `WRITE_FAILED` (folder or files not
   *   writable), `OUT_DIR_MISMATCH` (the folder holds another experiment), `PLAN_MISMATCH` (resuming, the folder
   *   holds runs of another plan, as `opts.planChange` tells).
   */
  static async open(dir: string, config: { name: string }, resume: boolean, opts: OpenStoreOptions = {}): Promise<ResultStore> {
    assertKnownOptions('ResultStore.open', opts, OPEN_STORE_OPTIONS, invalidOption);
    const { fs, path } = await nodeModules();
    const absolute = path.resolve(dir);
    const { where } = optionWords(opts.optionStyle ?? 'key', dir);
    // Every refusal first, while the folder is exactly as it was.
    const inspected = await examineFolder(dir, config, { ...opts, resume });
    try {
      fs.mkdirSync(absolute, { recursive: true });
    } catch (err) {
      throw new ResultsError('WRITE_FAILED', `${where}: cannot create the output folder: ${describeFsError(err)}`, { cause: err });
    }
    const resultsPath = path.join(absolute, RESULTS_FILE);
    const metaPath = path.join(absolute, META_FILE);
    let backups: string[] = [];
    if (opts.replace === true) {
      try {
        backups = backUp(fs, [resultsPath, metaPath], new Date());
      } catch (err) {
        throw new ResultsError('WRITE_FAILED', `${where}: cannot move the old results aside: ${describeFsError(err)}`, { cause: err });
      }
    }
    const existing = new Map<string, RunResult>();
    const warnings: string[] = [];
    try {
      if (!resume || opts.replace === true || !fs.existsSync(resultsPath)) {
        fs.writeFileSync(resultsPath, '');
      } else {
        const parsed = inspected.parsed!;
        if (parsed.partialTail) {
          // A kill cut the last write short: drop the fragment so the next line starts on its own line.
          fs.truncateSync(resultsPath, Buffer.byteLength(inspected.text!.slice(0, parsed.completeLength), 'utf8'));
          warnings.push(`${resultsPath}: ${INCOMPLETE_LAST_LINE}`);
        }
        warnings.push(...parsed.warnings);
        for (const r of parsed.results) existing.set(r.runId, r);
      }
      fs.accessSync(resultsPath, fs.constants.W_OK);
    } catch (err) {
      if (err instanceof ResultsError) throw err;
      throw new ResultsError('WRITE_FAILED', `${where}: ${describeFsError(err, resultsPath, 'write')}`, { cause: err });
    }
    return new ResultStore(fs, absolute, resultsPath, metaPath, existing, warnings, backups);
  }

/** Append one finished run as one complete line (a single write). */
  append(result: RunResult): void {
    try {
      this.fs.appendFileSync(this.resultsPath, `${JSON.stringify(result)}\n`);
    } catch (err) {
      throw new ResultsError('WRITE_FAILED', `runExperiment: ${describeFsError(err, this.resultsPath, 'append to')}`, { cause: err });
    }
  }

  /** Write `experiment.json` atomically (temporary file, then rename). */
  writeMeta(meta: ExperimentMeta): void {
    const temporary = `${this.metaPath}.${process.pid}.tmp`;
    try {
      this.fs.writeFileSync(temporary, `${JSON.stringify(meta, null, 2)}\n`);
      this.fs.renameSync(temporary, this.metaPath);
    } catch (err) {
      try {
        this.fs.rmSync(temporary, { force: true });
      } catch {
        // best effort: the write error below is what matters
      }
      throw new ResultsError('WRITE_FAILED', `runExperiment: ${describeFsError(err, this.metaPath, 'write')}`, { cause: err });
    }
  }
}

/** The `config` an existing header records; null when it cannot be read (the header is rewritten then). */
function storedConfigOf(readFile: (path: string, encoding: 'utf8') => string, metaPath: string): unknown {
  try {
    const value: unknown = JSON.parse(readFile(metaPath, 'utf8'));
    const config = value !== null && typeof value === 'object' ? (value as { config?: unknown }).config : undefined;
    return config !== null && typeof config === 'object' ? config : null;
  } catch {
    return null;
  }
}

/**
 * The warning for lines of `results.jsonl` outside the plan a header names: the same words wherever runs are
 * summarised (a report, the end of a run), so the two agree.
 *
 * @example
 * ```ts
 * otherPlanWarning(4); // '4 runs in results.jsonl belong to another plan; ignored'
 * ```
 */
export function otherPlanWarning(count: number): string {
  return count === 1
    ? `1 run in ${RESULTS_FILE} belongs to another plan; ignored`
    : `${count} runs in ${RESULTS_FILE} belong to another plan; ignored`;
}

/**
 * The runs whose runId is in a plan (in their order), and how many are not.
 *
 * @example
 * ```ts
 * const { results, otherPlan } = selectPlanRuns(read.results, meta.runIds ?? []);
 * ```
 */
export function selectPlanRuns(results: readonly RunResult[], runIds: readonly string[]): { results: RunResult[]; otherPlan: number } {
  const plan = new Set(runIds);
  const inPlan = results.filter((r) => plan.has(r.runId));
  return { results: inPlan, otherPlan: results.length - inPlan.length };
}

/**
 * What {@link readResults} found in an output folder.
 *
 * @example
 * ```ts
 * const { meta, results, warnings } = await readResults('out/');
 * ```
 */
export interface ReadResultsOutput {
  /** Absolute folder path. */
  dir: string;
  /** The header, or null when the folder has no (valid) `experiment.json`, e.g. concatenated shard files. */
  meta: ExperimentMeta | null;
  /** Finished runs of the header's plan in file order (every run when the plan is not known). */
  results: RunResult[];
  /** Runs in `results.jsonl` outside the header's plan, left out of `results` (one warning says how many). */
  otherPlan: number;
  /** Skipped lines, a cut last line, a missing or invalid header, runs of another plan. */
  warnings: string[];
}

/**
 * Options of {@link readResults}.
 *
 * @example
 * ```ts
 * import { planRunIdsOf } from '@initlab/experiments';
 * const opts: ReadResultsOptions = { planRunIds: planRunIdsOf };
 * ```
 */
export interface ReadResultsOptions {
  /**
   * For a header without `runIds` (written before headers listed them): the run ids of the plan its config
   * describes, or null when that cannot be told (`@initlab/experiments`' `planRunIdsOf` computes them). Without
   * it such a folder is read whole.
   */
  planRunIds?: (config: ExperimentMeta['config']) => readonly string[] | null;
}

const READ_RESULTS_OPTIONS = optionKeys<ReadResultsOptions>({ planRunIds: true });

/**
 * Read an output folder written by `runExperiment` (for reports): the header and every whole, valid line of
 * `results.jsonl` that belongs to the header's plan (its `runIds`, or `opts.planRunIds` for an older header);
 * lines of another plan are left out with one warning ({@link otherPlanWarning}). Without a header (e.g.
 * concatenated shard files) every line is read. Feed the two to `summarizeExperiment` to rebuild aggregates,
 * the comparison and the warnings without training. Node only.
 *
 * @throws {ResultsError} `READ_FAILED` when the folder or its `results.jsonl` cannot be read.
 * @example
 * ```ts
 * import { readResults } from '@initlab/results';
 * const { meta, results, warnings } = await readResults('out/');
 * console.log(meta?.config.name, results.length, warnings);
 * ```
 */
export async function readResults(dir: string, opts: ReadResultsOptions = {}): Promise<ReadResultsOutput> {
  assertKnownOptions('readResults', opts, READ_RESULTS_OPTIONS, invalidOption);
  const { fs, path } = await nodeModules();
  const absolute = path.resolve(dir);
  const resultsPath = path.join(absolute, RESULTS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(resultsPath, 'utf8');
  } catch (err) {
    throw new ResultsError(
      'READ_FAILED',
      `readResults: ${describeFsError(err, resultsPath, 'read')}; pass a folder written by runExperiment (out) or initlab sweep --out`,
      { cause: err },
    );
  }
  const parsed = parseResultsJsonl(text, resultsPath);
  const warnings = [...parsed.warnings];
  if (parsed.partialTail) warnings.push(`${resultsPath}: ${INCOMPLETE_LAST_LINE}`);
  let meta: ExperimentMeta | null = null;
  const metaPath = path.join(absolute, META_FILE);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  } catch (err) {
    warnings.push(`${metaPath}: ${describeFsError(err)}; results are read without the experiment header`);
    return { dir: absolute, meta, results: parsed.results, otherPlan: 0, warnings };
  }
  const format = value !== null && typeof value === 'object' ? (value as { format?: unknown }).format : undefined;
  if (format !== META_FORMAT) {
    warnings.push(`${metaPath} is not an initlab experiment header (format ${JSON.stringify(format)}); ignored`);
  } else {
    const header = ExperimentMetaSchema.safeParse(value);
    if (header.success) meta = value as ExperimentMeta; // as read, like the lines above
    else warnings.push(`${metaPath} is not a valid initlab experiment header: ${firstIssue(header.error)}; results are read without it`);
  }
  const plan = meta === null ? null : (meta.runIds ?? opts.planRunIds?.(meta.config) ?? null);
  if (plan === null) return { dir: absolute, meta, results: parsed.results, otherPlan: 0, warnings };
  const { results, otherPlan } = selectPlanRuns(parsed.results, plan);
  if (otherPlan > 0) warnings.push(otherPlanWarning(otherPlan));
  return { dir: absolute, meta, results, otherPlan, warnings };
}
