// What compare, reproduce, run and sweep share: select the backend, run the experiment with a progress
// bar, print the comparison (or one JSON document), and write the report when asked.
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { withoutApiPrefix } from '@initlab/errors';
import type { CsvOptionStyle } from '@initlab/data';
import { ExperimentError, runExperiment, type ExperimentConfig, type ExperimentResult, type RunExperimentOptions } from '@initlab/experiments';
import { formatComparisonTable, modelText, notesBesideWarnings, trainingText, writeReport } from '@initlab/report';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';
import { addDataFlags, dataOptions, type DataFlags } from '../data-flags.js';
import { InterruptedError, UsageError } from '../errors.js';

export interface RunFlags extends DataFlags {
  backend: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  shard?: string;
  /** `--scale-target` (compare, reproduce, run): set, a refused target scaling names the flag. */
  scaleTarget?: boolean;
}

/** Flags every experiment-running command takes. */
export function addRunFlags(cmd: Command, { out = true } = {}): Command {
  cmd
    .option('--backend <name>', 'tfjs backend: wasm (WASM-SIMD, fastest) or cpu', 'wasm')
    .option('--json', 'print one JSON document on stdout (results, aggregates, baseline, warnings)')
    .option('--quiet', 'no progress bar');
  addDataFlags(cmd);
  if (out) cmd.option('--out <dir>', 'write results.jsonl, experiment.json, report.md, report.csv and report.html here');
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

function progressBar(quiet: boolean | undefined): { onProgress: RunExperimentOptions['onProgress']; stop: () => void } {
  const show = !quiet && !process.env.CI && Boolean(process.stderr.isTTY);
  if (!show) return { onProgress: undefined, stop: () => {} };
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
  const diag = diagnosticsTable(result);
  if (diag) lines.push('', 'at initialisation (mean over seeds): activation std per layer · distinct units per layer · dead/saturated share', diag);
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
  return `${d.id} (${d.rows} rows: ${d.nTrain} train / ${d.nTest} test)`;
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
    baseline: result.baseline,
    reference: result.reference,
    warnings: result.warnings,
    notes: result.notes,
    out: result.out,
  };
}

/** Runs `config` as the flags say and prints the outcome. */
export async function executeExperiment(
  config: ExperimentConfig,
  flags: RunFlags,
  io: Io,
  opts: { baseDir?: string; csvOptionStyle?: CsvOptionStyle } = {},
): Promise<ExperimentResult> {
  const backend = parseChoice('--backend', flags.backend, BACKEND_NAMES);
  const workers = flags.workers === undefined ? undefined : parseInteger('--workers', flags.workers);
  const cores = os.availableParallelism();
  if (workers !== undefined && workers > cores) {
    // Workers beyond the cores take turns on them: 8 workers on 2 cores ran 2.7 times slower than 2.
    io.stderr(`warning: --workers ${workers} is more than the ${cores} CPU cores here; the extra workers slow the sweep down, use --workers ${cores} or fewer\n`);
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  await useBackend(backend);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const progress = progressBar(flags.quiet || flags.json);
  let result: ExperimentResult;
  try {
    result = await runExperiment(config, {
      out: flags.out === undefined ? undefined : path.resolve(flags.out),
      workers,
      shard,
      backendName: backend,
      signal: controller.signal,
      baseDir: opts.baseDir,
      ...(opts.csvOptionStyle ? { csvOptionStyle: opts.csvOptionStyle } : {}),
      dataOptions: dataOptions(flags),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } catch (err) {
    // The library names the file key (preprocess.target); on the command line the user gave a flag.
    if (flags.scaleTarget && err instanceof ExperimentError && err.code === 'TARGET_SCALING_MISMATCH') {
      const data = 'dataset' in config.data ? config.data.dataset : config.data.csv;
      throw new UsageError(`--scale-target applies to regression targets, but ${data} has a classification target; drop --scale-target`, { cause: err });
    }
    throw err;
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
    if (!result.complete) io.stdout('stopped early: finished runs are kept; run the same command again to resume\n');
  }
  // Saved and reported above; the exit code still says the command did not finish.
  if (controller.signal.aborted) {
    throw new InterruptedError(`interrupted: ${result.runs.unfinished} of ${result.runs.selected} runs did not finish${result.out ? `; the finished ones are in ${result.out}` : ''}`);
  }
  return result;
}
