// What compare, reproduce, run and sweep share: select the backend, run the experiment with a progress
// bar, print the comparison (or one JSON document), and write the report when asked.
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { show, withoutApiPrefix } from '@initlab/errors';
import type { CsvOptionStyle } from '@initlab/data';
import { estimateExperiment, ExperimentError, runExperiment, type ExperimentConfig, type ExperimentResult, type PlanEstimate, type RunExperimentOptions } from '@initlab/experiments';
import { blockRatioTable, formatComparisonTable, modelText, notesBesideWarnings, perClassLine, perClassReport, trainingText, writeReport } from '@initlab/report';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';
import { addDataFlags, dataOptions, type DataFlags } from '../data-flags.js';
import { InterruptedError, RunError, UsageError } from '../errors.js';

export interface RunFlags extends DataFlags {
  backend: string;
  out?: string;
  replace?: boolean;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  threads?: string;
  shard?: string;
  /** `--scale-target` (compare, reproduce, run): set, a refused target scaling names the flag. */
  scaleTarget?: boolean;
  scaleFeatures?: string;
  yes?: boolean;
  dryRun?: boolean;
}

/** A plan estimated to train longer than this needs `--yes`: long work is asked for, never stumbled into. */
export const LONG_PLAN_SECONDS = 15 * 60;

/** Flags every experiment-running command takes. */
export function addRunFlags(cmd: Command, { out = true } = {}): Command {
  cmd
    .option('--backend <name>', 'tfjs backend: wasm (WASM-SIMD, fastest) or cpu', 'wasm')
    .option('--json', 'print one JSON document on stdout (results, aggregates, baseline, warnings)')
    .option('--quiet', 'no plan line and no progress')
    .option('--threads <n>', 'threads per model for its large layer products, at most the CPU cores (the same results on any number; default: from the model size, 1 for small models)')
    .option('--dry-run', 'print the plan (runs, epochs, time estimated from a few measured epochs) and stop')
    .option('--yes', `run a plan estimated to take more than ${LONG_PLAN_SECONDS / 60} minutes`);
  addDataFlags(cmd);
  if (out) cmd.option('--out <dir>', 'write results.jsonl, experiment.json and the report (report.md, report.csv, report.html, report-history.csv) here');
  // A folder holds one plan: a rerun with the same plan resumes, one with more seeds or initializers extends it,
  // and any other change is refused unless this starts the folder afresh.
  cmd.option('--replace', "with --out: start that folder afresh, keeping its old results.jsonl and experiment.json as *.bak-<time>");
  return cmd;
}

/** `--shard i/n` with i in 0…n−1 (matches $JOB_COMPLETION_INDEX and a 0-based Slurm array). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new UsageError(`--shard must be i/n with 0 <= i < n (0-based, e.g. 0/4 … 3/4), got '${text}'`);
  }
  return { index, count };
}

/** Seconds as a person reads a duration: `12 s`, `4 min 10 s`, `2 h 5 min`. */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? Number(seconds.toPrecision(2)) : Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (seconds < 3600) {
    const whole = Math.floor(seconds / 60);
    const rest = Math.round(seconds - whole * 60);
    return rest === 0 || whole >= 10 ? `${minutes} min` : `${whole} min ${rest} s`;
  }
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}

/** The plan in one line: `plan: 20 runs × 100 epochs (20 to train, 0 done, 1 ensemble) · about 3 s of training (measured: …)`. */
export function planText(e: PlanEstimate, shard: { index: number; count: number } | undefined): string {
  const runs = `${e.selected} ${e.selected === 1 ? 'run' : 'runs'}${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count} of ${e.planned})`}`;
  const left = e.pending === 0 ? 'all done' : `${e.pending} to train, ${e.done} done`;
  const time =
    e.seconds === null || e.probe === null
      ? ''
      : ` · about ${durationText(e.seconds)} of training (measured: ${e.probe.epochs} ${e.probe.epochs === 1 ? 'epoch' : 'epochs'} of ${e.probe.runs} ${e.probe.runs === 1 ? 'run' : 'runs'} in ${durationText(e.probe.seconds)})`;
  return `plan: ${runs} × ${e.epochs} ${e.epochs === 1 ? 'epoch' : 'epochs'} (${left}, ${e.ensembles} ${e.ensembles === 1 ? 'ensemble' : 'ensembles'})${time}`;
}

/** Without a terminal, progress is one stderr line every this many seconds (INITLAB_PROGRESS_SECONDS sets it). */
const PROGRESS_LINE_SECONDS = 5;

function progressInterval(): number {
  const text = process.env.INITLAB_PROGRESS_SECONDS;
  const value = text === undefined || text.trim() === '' ? NaN : Number(text);
  return 1000 * (Number.isFinite(value) && value >= 0 ? value : PROGRESS_LINE_SECONDS);
}

function progressLines(quiet: boolean | undefined): { onProgress: RunExperimentOptions['onProgress']; stop: () => void } {
  if (quiet) return { onProgress: undefined, stop: () => {} };
  let total = 0;
  let completed = 0;
  const interval = progressInterval();
  let last = performance.now();
  const started = last;
  return {
    onProgress: (e) => {
      if (e.type === 'start') {
        total = e.total;
        completed = e.resumed;
      } else if (e.type === 'run') {
        completed = e.completed;
      } else if (e.type === 'epoch') {
        const now = performance.now();
        if (now - last < interval) return;
        last = now;
        const where = `${e.gridLabel || 'ensemble'} ${e.ensemble + 1}/${e.ensembles}, epoch ${e.epoch}/${e.epochs}`;
        process.stderr.write(`progress: ${completed} of ${total} runs finished · ${where} · ${durationText((now - started) / 1000)} elapsed\n`);
      }
    },
    stop: () => {},
  };
}

function progressBar(quiet: boolean | undefined): { onProgress: RunExperimentOptions['onProgress']; stop: () => void } {
  // Without a terminal (a pipe, a log file, CI) a bar would be noise: a line every few seconds says the same.
  if (process.env.CI || !process.stderr.isTTY) return progressLines(quiet);
  if (quiet) return { onProgress: undefined, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | {phase} | eta {eta_formatted}', hideCursor: true, stream: process.stderr, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let perEnsemble = 1;
  return {
    onProgress: (e) => {
      if (e.type === 'start') {
        perEnsemble = Math.max(1, e.epochs);
        bar.start(Math.max(1, e.ensembles * perEnsemble), 0, { phase: `${e.pending} runs to train, ${e.resumed} done` });
        started = true;
      } else if (e.type === 'epoch' && started) {
        bar.update(e.ensemble * perEnsemble + e.epoch, { phase: `${e.gridLabel || 'ensemble'} epoch ${e.epoch}/${e.epochs}` });
      }
    },
    stop: () => started && bar.stop(),
  };
}

function humanReport(result: ExperimentResult): string {
  const lines: string[] = [];
  const d = result.data;
  lines.push(`${result.config.name}: ${describeData(d)} · backend ${result.backend} · ${result.runs.trained} runs trained, ${result.runs.resumed} resumed in ${num(result.elapsedMs / 1000, 3)} s`);
  // What the numbers below mean depends on this setup; a grid varies it, and report.md states it per grid point.
  if (!result.config.grid) lines.push(`model: ${modelText(result.config, d)} · training: ${trainingText(result.config)}`);
  lines.push(...result.notes.map((n) => `note: ${n}`));
  lines.push('');
  if (result.comparison) lines.push(comparisonTable(result), '');
  const b = result.baseline;
  lines.push(`baseline (${b.kind} on the same split): ${Object.entries(b.metrics).map(([k, v]) => `${k} ${num(v as number)}`).join(', ')}`);
  // Multi-class data: which classes the best initializer gets right (report.md has the table and the matrix).
  const perClass = perClassReport(result, result.data);
  if (perClass) lines.push(perClassLine(perClass));
  const diag = diagnosticsTable(result);
  if (diag) lines.push('', 'at initialisation (mean over seeds): activation std per layer · distinct units per layer · dead/saturated share', diag);
  // A network with typed layers has per-block diagnostics instead: how much each block's branch adds to its skip path.
  const blocks = blockRatioTable(result.results);
  if (blocks) lines.push('', 'per residual block (mean over seeds, first block to last): branch std / skip std, near 0 an identity block', textTable(blocks.table.headers, blocks.table.rows));
  if (result.reference) {
    const seeds = result.config.seeds.length;
    lines.push('', `published numbers from ${result.reference.source}, beside initlab's mean over ${seeds} ${seeds === 1 ? 'seed' : 'seeds'}:`);
    const rows = result.reference.rows.flatMap((r) =>
      Object.entries(r.values).map(([metric, v]) => [r.label, metric, num(v.reference), num(v.initlab), v.ci ? `[${num(v.ci[0])}, ${num(v.ci[1])}]` : '—', v.n]),
    );
    lines.push(textTable(['initializer', 'metric', 'published', 'initlab', '95% CI', 'seeds'], rows));
    if (result.reference.note) lines.push(result.reference.note);
  }
  if (result.warnings.length) lines.push('', ...result.warnings.map((w) => `warning: ${withoutApiPrefix(w)}`));
  return `${lines.join('\n')}\n`;
}

/** Best first: the test metric over seeds, the final training loss, diverged runs and the verdict vs the baseline (report.md's table). */
function comparisonTable(result: ExperimentResult): string {
  const byName = new Map(result.aggregates.map((a) => [a.name, a]));
  const table = result.comparison!;
  return formatComparisonTable({ ...table, notes: notesBesideWarnings(table.notes, result.warnings) }, {
    nameHeader: 'initializer',
    layout: 'experiment',
    extraColumns: [{ header: 'final train loss', cell: (r) => num(byName.get(r.name)?.finalTrainLoss?.mean) }],
  });
}

function describeData(d: ExperimentResult['data']): string {
  const sub = d.subsample ?? null;
  if (sub === null) return `${d.id} (${d.rows} rows: ${d.nTrain} train / ${d.nTest} test)`;
  // A subsample says what it kept of what: the numbers a user compares with the full data set.
  const part = (p: { kept: number; of: number }): string => (p.kept < p.of ? `${p.kept} of ${p.of}` : `${p.of}`);
  return `${d.id} (${d.rows} rows: ${part(sub.train)} train / ${part(sub.test)} test${sub.stratified ? ', stratified subsample' : ', subsample'})`;
}

function diagnosticsTable(result: ExperimentResult): string | null {
  const rows = result.aggregates
    .filter((a) => a.diagnostics.init)
    .map((a) => {
      const layers = a.diagnostics.init!;
      const std = layers.map((l) => num(l.activationStd, 3)).join(' › ');
      const distinct = layers.map((l) => (l.distinctUnits === null ? '—' : `${num(l.distinctUnits, 3)}/${l.units}`)).join(' › ');
      const dead = layers.map((l) => num(l.deadShare ?? l.saturatedShare, 2)).join(' › ');
      return [a.name, std, distinct, dead];
    });
  return rows.length ? textTable(['initializer', 'activation std', 'distinct units', 'dead/saturated'], rows) : null;
}

/** The JSON document of `--json`: nothing else goes to stdout. */
function jsonDocument(result: ExperimentResult): unknown {
  return {
    experiment: result.config.name,
    backend: result.backend,
    data: result.data,
    runs: result.runs,
    complete: result.complete,
    results: result.results,
    aggregates: result.aggregates,
    comparison: result.comparison,
    // Multi-class data: the best initializer's per-class recall over seeds and summed confusion matrix; null otherwise.
    perClass: perClassReport(result, result.data),
    baseline: result.baseline,
    reference: result.reference,
    warnings: result.warnings,
    notes: result.notes,
    out: result.out,
    backups: result.backups,
  };
}

/** The library names the file key (preprocess.target); on the command line the user gave a flag. */
function inFlags(err: unknown, flags: RunFlags, config: ExperimentConfig): unknown {
  if (!(err instanceof ExperimentError)) return err;
  const data = 'dataset' in config.data ? config.data.dataset : config.data.csv;
  if (flags.scaleTarget && err.code === 'TARGET_SCALING_MISMATCH') {
    return new UsageError(`--scale-target applies to regression targets, but ${data} has a classification target; drop --scale-target`, { cause: err });
  }
  if (flags.scaleFeatures !== undefined && err.code === 'FEATURE_SCALING_MISMATCH' && err.detail !== undefined) {
    const { pixelMax, value, row, feature } = err.detail as { pixelMax: number; value: number; row: number; feature: string };
    return new UsageError(
      `--scale-features pixels divides by ${pixelMax} and needs pixel values in [0, ${pixelMax}], but ${data} has ${show(value)} in row ${row}, feature ${feature}; use --scale-features standard (or global)`,
      { cause: err },
    );
  }
  return err;
}

/** Runs `config` as the flags say and prints the plan, then the outcome; with `--dry-run` only the plan (and returns null). */
export async function executeExperiment(
  config: ExperimentConfig,
  flags: RunFlags,
  io: Io,
  opts: { baseDir?: string; csvOptionStyle?: CsvOptionStyle } = {},
): Promise<ExperimentResult | null> {
  const backend = parseChoice('--backend', flags.backend, BACKEND_NAMES);
  const workers = flags.workers === undefined ? undefined : parseInteger('--workers', flags.workers);
  const cores = os.availableParallelism();
  if (workers !== undefined && workers > cores) {
    // Workers beyond the cores take turns on them: 8 workers on 2 cores ran 2.7 times slower than 2.
    io.stderr(`warning: --workers ${workers} is more than the ${cores} CPU cores here; the extra workers slow the sweep down, use --workers ${cores} or fewer\n`);
  }
  const threads = flags.threads === undefined ? undefined : parseInteger('--threads', flags.threads);
  if (threads !== undefined && threads > cores) {
    throw new UsageError(`--threads must be at most the ${cores} CPU cores here, got ${threads}`);
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.replace && flags.out === undefined) throw new UsageError('--replace needs --out DIR, the folder it starts afresh');
  await useBackend(backend);
  const runOptions = {
    // As typed, so a message about the folder names it as the user did (the store resolves it).
    out: flags.out,
    replace: Boolean(flags.replace),
    outOptionStyle: 'flag',
    workers,
    ...(threads === undefined ? {} : { threads }),
    shard,
    backendName: backend,
    baseDir: opts.baseDir,
    ...(opts.csvOptionStyle ? { csvOptionStyle: opts.csvOptionStyle } : {}),
    dataOptions: dataOptions(flags),
  } satisfies RunExperimentOptions;
  const estimate = await estimateExperiment(config, runOptions).catch((err: unknown) => {
    throw inFlags(err, flags, config);
  });
  const plan = planText(estimate, shard);
  if (flags.dryRun) {
    io.stdout(`${plan}\n`);
    return null;
  }
  if (estimate.seconds !== null && estimate.seconds > LONG_PLAN_SECONDS && !flags.yes) {
    throw new UsageError(
      `this plan would train for about ${durationText(estimate.seconds)} (${estimate.pending} runs × ${estimate.epochs} epochs): add --yes to run it, or make it smaller (fewer seeds, epochs or grid points, or --shard i/n)`,
    );
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const progress = progressBar(flags.quiet || flags.json);
  let result: ExperimentResult;
  try {
    result = await runExperiment(config, {
      ...runOptions,
      prepared: estimate.prepared,
      signal: controller.signal,
      onProgress: (e) => {
        // Once the data and the output folder are ready: a problem with either is then the only line.
        if (e.type === 'start' && !flags.quiet && !flags.json) io.stderr(`${plan}\n`);
        progress.onProgress?.(e);
      },
    });
  } catch (err) {
    throw inFlags(err, flags, config);
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
  }
  let reportFiles: string[] = [];
  if (result.out) reportFiles = (await writeReport(result.out)).files;
  if (flags.json) {
    io.stdout(`${JSON.stringify(jsonDocument(result))}\n`);
  } else {
    io.stdout(humanReport(result));
    if (result.out) io.stdout(`\nwrote ${[path.join(result.out, 'results.jsonl'), ...reportFiles].join(', ')}\n`);
    if (result.backups.length > 0) io.stdout(`kept the previous results as ${result.backups.join(', ')}\n`);
    if (!result.complete) io.stdout('stopped early: finished runs are kept; run the same command again to resume\n');
  }
  // Nothing learned anything measurable: the table above is all "—", and the exit code says so.
  const diverged = result.results.filter((r) => r.status === 'diverged').length;
  if (result.results.length > 0 && diverged === result.results.length) {
    throw new RunError(`every run diverged (${diverged} of ${diverged}): no initializer has a test metric; lower the learning rate (--lr, training.optimizer.learningRate) or scale the data`);
  }
  // Saved and reported above; the exit code still says the command did not finish.
  if (controller.signal.aborted) {
    throw new InterruptedError(`interrupted: ${result.runs.unfinished} of ${result.runs.selected} runs did not finish${result.out ? `; the finished ones are in ${result.out}` : ''}`);
  }
  return result;
}
