import type { EpochRecord, LayerDiagnostics } from '@initlab/models';
import type { ExperimentConfig } from './config.js';
import { describeFsError } from '@initlab/errors';
import { ExperimentError } from './errors.js';
import type { GridPoint, InitializerSpecObject } from './plan.js';
import type { DataSummary, ExperimentBaseline } from './prepare.js';

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
 * `format` of {@link ExperimentMeta}.
 *
 * @example
 * ```ts
 * if (meta.format !== META_FORMAT) throw new Error('not an initlab experiment header');
 * ```
 */
export const META_FORMAT = 'initlab-experiment/1';

/**
 * Test metrics of one run, in the target's own units (`loss` is the network's loss on the test split, in
 * the units it trained on). `null` means not available: the run diverged, or its predictions were not finite.
 *
 * @example
 * ```ts
 * const m: RunMetrics = { accuracy: 0.74375, loss: 0.503, logLoss: 0.503, macroF1: 0.74 };
 * ```
 */
export interface RunMetrics {
  /** The model's loss on the test split (Keras `evaluate`). */
  loss: number | null;
  /** Regression: mean squared error. */
  mse?: number | null;
  /** Regression: root mean squared error. */
  rmse?: number | null;
  /** Regression: mean absolute error. */
  mae?: number | null;
  /** Regression: coefficient of determination. */
  r2?: number | null;
  /** Classification: share of correct predictions. */
  accuracy?: number | null;
  /** Classification: log loss of the predicted probabilities (scikit-learn `log_loss`). */
  logLoss?: number | null;
  /** Classification: macro-averaged F1. */
  macroF1?: number | null;
}

/**
 * One finished run: what `results.jsonl` holds per line and `ExperimentResult.results` per entry. Plain
 * JSON with `null` for every missing or non-finite number.
 *
 * @example
 * ```ts
 * for (const r of result.results) console.log(r.label, r.seed, r.status, r.metrics.accuracy);
 * ```
 */
export interface RunResult {
  runId: string;
  /** The experiment's name. */
  experiment: string;
  gridIndex: number;
  gridPoint: GridPoint;
  gridLabel: string;
  /** The initializer with every default filled in. */
  initializer: InitializerSpecObject;
  label: string;
  seed: number;
  /** `ok`, or `diverged` (a NaN/Inf loss ended training, or the test predictions were not finite). */
  status: 'ok' | 'diverged';
  /** 1-based epoch whose loss was not finite; null when the run did not diverge in training. */
  divergedAtEpoch: number | null;
  epochsCompleted: number;
  metrics: RunMetrics;
  /** Per-epoch training (and validation) loss and metrics. */
  history: EpochRecord[];
  /**
   * Per-layer diagnostics at initialisation and after training (on the first rows of the training split),
   * and after every epoch with `diagnostics: epoch`; null with `diagnostics: none` (and `final` for a diverged run).
   */
  diagnostics: { init: LayerDiagnostics[] | null; final: LayerDiagnostics[] | null; epochs?: LayerDiagnostics[][] };
  /** Wall time of the ensemble this run trained in (runs of one ensemble share it). */
  elapsedMs: number;
  /** Number of runs in that ensemble. */
  ensembleSize: number;
  /** tfjs backend that trained it. */
  backend: string;
}

/**
 * The header of an output folder (`experiment.json`): the config, what the data looked like and the
 * baseline, so `report` can summarise `results.jsonl` without loading data or training.
 *
 * @example
 * ```ts
 * const { meta } = await readResults('out/');
 * console.log(meta?.config.name, meta?.baseline.metrics);
 * ```
 */
export interface ExperimentMeta {
  format: typeof META_FORMAT;
  config: ExperimentConfig;
  data: DataSummary;
  baseline: ExperimentBaseline;
  /** Runs in the full plan (all shards). */
  plannedRuns: number;
  /** The shard this folder was written by, if any. */
  shard: { index: number; count: number } | null;
  backend: string;
  /** ISO time of the last write. */
  updatedAt: string;
}

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

function isRunResult(value: unknown): value is RunResult {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['runId'] === 'string' &&
    typeof v['label'] === 'string' &&
    typeof v['seed'] === 'number' &&
    typeof v['gridIndex'] === 'number' &&
    (v['status'] === 'ok' || v['status'] === 'diverged') &&
    typeof v['metrics'] === 'object' &&
    v['metrics'] !== null
  );
}

/**
 * Parse `results.jsonl` text: one run per line. Only whole lines count: a last line without its newline is a
 * write cut short by a kill and is ignored (`partialTail`); blank lines are skipped; a line that is not a
 * run, or repeats an earlier runId, is skipped with a warning.
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
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(`${sourceName} line ${i + 1} is not valid JSON; skipped`);
      return;
    }
    if (!isRunResult(value)) {
      warnings.push(`${sourceName} line ${i + 1} is not a run result (needs runId, label, seed, gridIndex, status, metrics); skipped`);
      return;
    }
    if (seen.has(value.runId)) {
      warnings.push(`${sourceName} line ${i + 1} repeats run ${value.runId}; the first line is kept`);
      return;
    }
    seen.add(value.runId);
    results.push(value);
  });
  return { results, warnings, partialTail, completeLength: end };
}

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([import('node:fs'), import('node:path')]);
  return { fs, path };
}

/**
 * An output folder: `experiment.json` (header) and `results.jsonl` (one line per finished run). Each run is
 * appended as ONE complete line in ONE `appendFileSync` call, so a kill leaves only whole lines (or a cut
 * last line, which reading ignores and opening with `resume` trims away before appending).
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
  ) {}

  /**
   * Open (creating it if needed) an output folder for `config`. With `resume`, finished runs are read and a
   * cut last line is trimmed; without, `results.jsonl` is emptied.
   *
   * @throws {ExperimentError} `INVALID_OPTION` (the path is a file), `WRITE_FAILED` (folder or files not
   *   writable), `OUT_DIR_MISMATCH` (the folder holds another experiment), `READ_FAILED`.
   */
  static async open(dir: string, config: ExperimentConfig, resume: boolean): Promise<ResultStore> {
    const { fs, path } = await nodeModules();
    const absolute = path.resolve(dir);
    const where = `runExperiment: out ${dir}`;
    // A file given as the folder is the user's mistake (a usage error), unlike a folder that cannot be made.
    let isFile = false;
    try {
      isFile = fs.statSync(absolute).isFile();
    } catch {
      // Missing (created below) or unreachable (mkdir below says why).
    }
    if (isFile) {
      throw new ExperimentError('INVALID_OPTION', `${where} is a file, not a folder; choose a new folder or one holding this experiment's results`);
    }
    try {
      fs.mkdirSync(absolute, { recursive: true });
    } catch (err) {
      throw new ExperimentError('WRITE_FAILED', `${where}: cannot create the output folder: ${describeFsError(err)}`, { cause: err });
    }
    const resultsPath = path.join(absolute, RESULTS_FILE);
    const metaPath = path.join(absolute, META_FILE);
    if (fs.existsSync(metaPath)) {
      let previous: ExperimentMeta | null = null;
      try {
        previous = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as ExperimentMeta;
      } catch {
        previous = null; // an unreadable header is rewritten below
      }
      const name = previous?.config?.name;
      if (typeof name === 'string' && name !== config.name) {
        throw new ExperimentError(
          'OUT_DIR_MISMATCH',
          `${where} holds results of experiment "${name}", not "${config.name}"; choose another output folder or remove it`,
        );
      }
    }
    const existing = new Map<string, RunResult>();
    const warnings: string[] = [];
    try {
      if (!resume || !fs.existsSync(resultsPath)) {
        fs.writeFileSync(resultsPath, '');
      } else {
        const text = fs.readFileSync(resultsPath, 'utf8');
        const parsed = parseResultsJsonl(text, resultsPath);
        if (parsed.partialTail) {
          // A kill cut the last write short: drop the fragment so the next line starts on its own line.
          fs.truncateSync(resultsPath, Buffer.byteLength(text.slice(0, parsed.completeLength), 'utf8'));
          warnings.push(`${resultsPath}: ignored an incomplete last line (a run interrupted while being written)`);
        }
        warnings.push(...parsed.warnings);
        for (const r of parsed.results) existing.set(r.runId, r);
      }
      fs.accessSync(resultsPath, fs.constants.W_OK);
    } catch (err) {
      if (err instanceof ExperimentError) throw err;
      throw new ExperimentError('WRITE_FAILED', `${where}: ${describeFsError(err, resultsPath, 'write')}`, { cause: err });
    }
    return new ResultStore(fs, absolute, resultsPath, metaPath, existing, warnings);
  }

  /** Append one finished run as one complete line (a single write). */
  append(result: RunResult): void {
    try {
      this.fs.appendFileSync(this.resultsPath, `${JSON.stringify(result)}\n`);
    } catch (err) {
      throw new ExperimentError('WRITE_FAILED', `runExperiment: ${describeFsError(err, this.resultsPath, 'append to')}`, { cause: err });
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
      throw new ExperimentError('WRITE_FAILED', `runExperiment: ${describeFsError(err, this.metaPath, 'write')}`, { cause: err });
    }
  }
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
  /** The header, or null when the folder has no (readable) `experiment.json`, e.g. concatenated shard files. */
  meta: ExperimentMeta | null;
  /** Finished runs in file order. */
  results: RunResult[];
  /** Skipped lines, a cut last line, a missing header. */
  warnings: string[];
}

/**
 * Read an output folder written by `runExperiment` (for the CLI's `report`): the header and every whole
 * line of `results.jsonl`. Feed the two to `summarizeExperiment` to rebuild aggregates, the comparison and
 * the warnings without training. Node only.
 *
 * @throws {ExperimentError} `READ_FAILED` when the folder or its `results.jsonl` cannot be read.
 * @example
 * ```ts
 * import { readResults, summarizeExperiment } from '@initlab/experiments';
 * const { meta, results } = await readResults('out/');
 * if (meta) console.log(summarizeExperiment({ config: meta.config, results, baseline: meta.baseline, data: meta.data }).warnings);
 * ```
 */
export async function readResults(dir: string): Promise<ReadResultsOutput> {
  const { fs, path } = await nodeModules();
  const absolute = path.resolve(dir);
  const resultsPath = path.join(absolute, RESULTS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(resultsPath, 'utf8');
  } catch (err) {
    throw new ExperimentError(
      'READ_FAILED',
      `readResults: ${describeFsError(err, resultsPath, 'read')}; pass a folder written by runExperiment (out) or initlab sweep --out`,
      { cause: err },
    );
  }
  const parsed = parseResultsJsonl(text, resultsPath);
  const warnings = [...parsed.warnings];
  if (parsed.partialTail) warnings.push(`${resultsPath}: ignored an incomplete last line (a run interrupted while being written)`);
  let meta: ExperimentMeta | null = null;
  const metaPath = path.join(absolute, META_FILE);
  try {
    const value = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as ExperimentMeta;
    if (value?.format === META_FORMAT) meta = value;
    else warnings.push(`${metaPath} is not an initlab experiment header (format ${JSON.stringify(value?.format)}); ignored`);
  } catch (err) {
    warnings.push(`${metaPath}: ${describeFsError(err)}; results are read without the experiment header`);
  }
  return { dir: absolute, meta, results: parsed.results, warnings };
}
