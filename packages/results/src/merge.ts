// Several output folders of one experiment (the shards of a sweep spread over machines, or the same folder
// copied twice) read as one: the same experiment and plan, every run once.
import { ResultsError } from './errors.js';
import { canonicalJson } from './run-id.js';
import type { ExperimentMeta, RunResult } from './schema.js';
import { describeFsError } from '@initlab/errors';
import { META_FILE, nodeModules, readResults, RESULTS_FILE, type ReadResultsOptions, type ReadResultsOutput } from './store.js';

/**
 * Folders read as one by {@link readResultFolders}.
 *
 * @example
 * ```ts
 * const merged: MergedResults = await readResultFolders(['runs/s0', 'runs/s1']);
 * merged.shards; // [{ index: 0, count: 2 }, { index: 1, count: 2 }]
 * ```
 */
export interface MergedResults {
  /** The folders, absolute, in the order given. */
  dirs: string[];
  /** The first header found (with `shard: null` when several folders are merged: the whole plan), or null without one. */
  meta: ExperimentMeta | null;
  /** Every run once, in plan order when the plan is known (else in folder, then file, order). */
  results: RunResult[];
  /** The shards the folders' headers name, in the order given (0-based, as `--shard i/n` was typed). */
  shards: { index: number; count: number }[];
  /** Runs the plan lists that no folder holds (0 when the plan is not known). */
  missing: number;
  /** Lines of the folders outside their plan, left out (see readResults). */
  otherPlan: number;
  /** Every folder's warnings, then one line per run found in more than one folder. */
  warnings: string[];
}

// How long a run took and how many models trained beside it say nothing about its outcome: a rerun of the
// same run (same runId) on another machine differs there and nowhere else.
const CIRCUMSTANCES = new Set(['elapsedMs', 'ensembleSize']);

/** Whether two lines of the same runId report the same outcome (every field but the circumstances). */
function sameOutcome(a: RunResult, b: RunResult): boolean {
  const outcome = (r: RunResult): string => canonicalJson(Object.fromEntries(Object.entries(r).filter(([k]) => !CIRCUMSTANCES.has(k))));
  return outcome(a) === outcome(b);
}

/** What makes two headers the same experiment and plan: the name, and the plan's run ids (in plan order). */
function planOf(read: ReadResultsOutput): { name: string | null; runIds: readonly string[] | null } {
  return { name: read.meta?.config.name ?? null, runIds: read.meta?.runIds ?? null };
}

/**
 * Read several output folders of ONE experiment plan as one: each with {@link readResults}, then checked to name
 * the same experiment and the same plan (refused otherwise, naming both folders), and their runs merged so that
 * each run appears once. A run found in two folders with the same outcome (every field but `elapsedMs` and
 * `ensembleSize`) is kept once, the first found, and said in a warning (merging is idempotent: a folder merged
 * twice changes nothing); with a different outcome it is refused, since the two cannot both be that run. Node only.
 *
 * @throws {ResultsError} `INVALID_OPTION` (no folder), `READ_FAILED` (as readResults), `OUT_DIR_MISMATCH`
 *   (folders of different experiments), `PLAN_MISMATCH` (different plans, or a run with two different results).
 * @example
 * ```ts
 * import { readResultFolders } from '@initlab/results';
 * const { results, shards, missing } = await readResultFolders(['runs/shard-0', 'runs/shard-1']);
 * console.log(results.length, shards, missing);
 * ```
 */
export async function readResultFolders(dirs: readonly string[], opts: ReadResultsOptions = {}): Promise<MergedResults> {
  return readFolders('readResultFolders', dirs, opts, null);
}

/** {@link readResultFolders}; runs repeated from `previous` (a merge's own earlier output) are expected, not warned. */
async function readFolders(fn: string, dirs: readonly string[], opts: ReadResultsOptions, previous: string | null): Promise<MergedResults> {
  if (!Array.isArray(dirs) || dirs.length === 0) {
    throw new ResultsError('INVALID_OPTION', `${fn}: dirs must list at least one results folder, got ${JSON.stringify(dirs)}`);
  }
  const reads: ReadResultsOutput[] = [];
  for (const dir of dirs) reads.push(await readResults(dir, opts));
  const first = reads[0]!;
  const firstPlan = planOf(first);
  for (const read of reads.slice(1)) {
    const plan = planOf(read);
    if (plan.name !== null && firstPlan.name !== null && plan.name !== firstPlan.name) {
      throw new ResultsError(
        'OUT_DIR_MISMATCH',
        `${fn}: ${read.dir} holds experiment "${plan.name}" but ${first.dir} holds "${firstPlan.name}"; merge only folders of one experiment`,
      );
    }
    if (plan.runIds !== null && firstPlan.runIds !== null && canonicalJson(plan.runIds) !== canonicalJson(firstPlan.runIds)) {
      throw new ResultsError(
        'PLAN_MISMATCH',
        `${fn}: ${read.dir} and ${first.dir} hold different plans of experiment "${plan.name ?? firstPlan.name}" (other epochs, model, data, grid, seeds or initializers); merge only the shards of one plan`,
      );
    }
  }
  const warnings = reads.flatMap((r) => r.warnings);
  const byId = new Map<string, { result: RunResult; dir: string }>();
  const repeated: string[] = [];
  for (const read of reads) {
    for (const result of read.results) {
      const seen = byId.get(result.runId);
      if (seen === undefined) {
        byId.set(result.runId, { result, dir: read.dir });
      } else if (sameOutcome(seen.result, result)) {
        if (read.dir !== previous) repeated.push(result.runId);
      } else {
        throw new ResultsError(
          'PLAN_MISMATCH',
          `${fn}: run ${result.runId} (${result.label}, seed ${result.seed}) has different results in ${seen.dir} and ${read.dir}; keep one of the two folders`,
        );
      }
    }
  }
  if (repeated.length > 0) {
    warnings.push(`${repeated.length === 1 ? '1 run appears' : `${repeated.length} runs appear`} in more than one folder with the same results; counted once`);
  }
  const planIds = reads.map((r) => r.meta?.runIds ?? null).find((ids) => ids !== null) ?? null;
  let results: RunResult[];
  let missing = 0;
  if (planIds === null) {
    results = [...byId.values()].map((v) => v.result);
  } else {
    results = [];
    for (const id of planIds) {
      const found = byId.get(id);
      if (found === undefined) missing++;
      else results.push(found.result);
    }
  }
  const header = reads.find((r) => r.meta !== null)?.meta ?? null;
  const shards = reads.flatMap((r) => (r.meta?.shard == null ? [] : [{ index: r.meta.shard.index, count: r.meta.shard.count }]));
  return {
    dirs: reads.map((r) => r.dir),
    // One folder keeps its shard; several are merged, and the result is the whole plan's.
    meta: header === null ? null : reads.length === 1 ? header : { ...header, shard: null },
    results,
    shards,
    missing,
    otherPlan: reads.reduce((n, r) => n + r.otherPlan, 0),
    warnings,
  };
}

/**
 * Merge several output folders of one plan into `out`, as one folder a later run resumes (each run once, in
 * plan order; the header of the whole plan, `shard: null`). A `results.jsonl` already in `out` is merged too, so
 * merging again, or merging a folder into itself, changes nothing but the header's time. Both files are written
 * to temporary files and renamed into place. Node only.
 *
 * @throws {ResultsError} as {@link readResultFolders}; `WRITE_FAILED` when `out` cannot be written;
 *   `INVALID_OPTION` when no folder has an `experiment.json` (a run could not resume the result).
 * @example
 * ```ts
 * import { mergeResultFolders } from '@initlab/results';
 * const merged = await mergeResultFolders(['runs/shard-0', 'runs/shard-1'], 'runs/all');
 * console.log(merged.results.length, merged.missing);
 * ```
 */
export async function mergeResultFolders(dirs: readonly string[], out: string, opts: ReadResultsOptions = {}): Promise<MergedResults> {
  const fn = 'mergeResultFolders';
  // The store's one loader of the Node modules (a browser bundle never reaches this line).
  const { fs, path } = await nodeModules();
  if (typeof out !== 'string' || out === '') throw new ResultsError('INVALID_OPTION', `${fn}: out must be a folder path, got ${JSON.stringify(out)}`);
  const target = path.resolve(out);
  const inputs = [...dirs];
  const resolved = new Set(dirs.map((d) => path.resolve(d)));
  const previous = !resolved.has(target) && fs.existsSync(path.join(target, RESULTS_FILE));
  if (previous) inputs.push(out);
  const merged = await readFolders(fn, inputs, opts, previous ? target : null);
  if (merged.meta === null) {
    throw new ResultsError('INVALID_OPTION', `${fn}: none of the folders has an ${META_FILE}; merge folders written by initlab (sweep, run or compare with --out)`);
  }
  const meta: ExperimentMeta = { ...merged.meta, shard: null, updatedAt: new Date().toISOString() };
  const files: [string, string][] = [
    [path.join(target, RESULTS_FILE), merged.results.map((r) => `${JSON.stringify(r)}\n`).join('')],
    [path.join(target, META_FILE), `${JSON.stringify(meta, null, 2)}\n`],
  ];
  const suffix = `.${process.pid}.merge.tmp`;
  try {
    fs.mkdirSync(target, { recursive: true });
    for (const [file, text] of files) fs.writeFileSync(`${file}${suffix}`, text);
    for (const [file] of files) fs.renameSync(`${file}${suffix}`, file);
  } catch (err) {
    for (const [file] of files) fs.rmSync(`${file}${suffix}`, { force: true });
    throw new ResultsError('WRITE_FAILED', `${fn}: ${describeFsError(err, target, 'write')}; choose a writable folder`, { cause: err });
  }
  return { ...merged, meta };
}
