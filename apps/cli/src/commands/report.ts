import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withoutApiPrefix } from '@initlab/errors';
import { mergeResultFolders, planRunIdsOf, RESULTS_FILE } from '@initlab/experiments';
import { ReportError, writeReport } from '@initlab/report';
import { RunError, UsageError } from '../errors.js';
import type { Io } from '../io.js';

const HOW_TO_PRODUCE = (dir: string): string => `write results there first with 'initlab compare --out ${dir}' (or sweep/run with --out)`;

/** A folder the user named that holds no results is theirs to fix (exit 2); anything else is a run failure. */
function checkFolder(dir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`report: no folder '${dir}'; ${HOW_TO_PRODUCE(dir)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`report: '${dir}' is a file, not a results folder; ${HOW_TO_PRODUCE(dir)}`);
  if (!fs.existsSync(path.join(dir, RESULTS_FILE))) {
    throw new UsageError(`report: '${dir}' has no ${RESULTS_FILE}; ${HOW_TO_PRODUCE(dir)}`);
  }
}

/** Report errors in the user's words: a missing folder is a usage error, anything else a run failure. */
function reportFailure(dirs: readonly string[], err: unknown): Error {
  if (err instanceof ReportError && err.code === 'NO_RESULTS') return new UsageError(`report: ${dirs.length === 1 ? `'${dirs[0]}'` : 'the folders'} ${dirs.length === 1 ? 'has' : 'have'} no finished runs yet; ${HOW_TO_PRODUCE(dirs[0]!)}`, { cause: err });
  if (err instanceof ReportError && err.code === 'READ_FAILED' && err.cause instanceof Error && /MISMATCH/.test(String((err.cause as { code?: unknown }).code))) {
    // Folders of different experiments or plans: the user's choice of folders to fix.
    return new UsageError(`report: ${withoutApiPrefix(err.cause.message)}`, { cause: err });
  }
  if (err instanceof ReportError) return new RunError(`report: ${err.message}`, { cause: err });
  return err as Error;
}

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .argument('<dir...>', 'results folder(s) written by compare, sweep or run with --out (each holds results.jsonl); several: shards of one plan, merged')
    .description('render results.jsonl as report.md, report.csv and a self-contained report.html with charts')
    .option('--out <dir>', 'write the report here (default: the results folder; required with several folders)')
    .option('--json', 'print {"files": [...], "warnings": [...]} as JSON')
    .addHelpText(
      'after',
      '\nThe files are written into DIR (or --out): a Markdown summary, one CSV row per run, one HTML page (no\n' +
        'scripts, no network) with the comparison, warnings, diagnostics and three charts, and report-history.csv\n' +
        '(one row per run and epoch, for plotting elsewhere). Several folders are\n' +
        'the shards of one sweep (--shard i/n): they are merged, each run once, and refused if they are not one plan.\n\n' +
        'Examples:\n  initlab compare --out runs/demo && initlab report runs/demo\n  initlab report runs/seed-wine --json\n' +
        '  initlab report runs/shard-0 runs/shard-1 --out runs/report',
    )
    .action(async (dirs: string[], opts: { json?: boolean; out?: string }) => {
      for (const dir of dirs) checkFolder(dir);
      if (dirs.length > 1 && opts.out === undefined) {
        throw new UsageError(`report: ${dirs.length} folders are merged into one report; say where it goes with --out DIR`);
      }
      let written: Awaited<ReturnType<typeof writeReport>>;
      try {
        // A header from before headers listed their plan's runs: the plan is rebuilt from its config.
        written = await writeReport(dirs, { planRunIds: planRunIdsOf, ...(opts.out === undefined ? {} : { outDir: opts.out }) });
      } catch (err) {
        throw reportFailure(dirs, err);
      }
      if (opts.json) {
        io.stdout(`${JSON.stringify({ files: written.files, warnings: written.warnings }, null, 2)}\n`);
        return;
      }
      for (const warning of written.warnings) io.stderr(`initlab: warning: ${withoutApiPrefix(warning)}\n`);
      io.stdout(`${written.files.join('\n')}\n`);
    });
}

export function registerMerge(program: Command, io: Io): void {
  program
    .command('merge')
    .argument('<dir...>', 'results folders of one plan (the shards of a sweep) to merge')
    .requiredOption('--out <dir>', 'the merged results folder (results.jsonl and experiment.json); a later sweep --out DIR resumes it')
    .description('merge the results folders of one plan (e.g. sweep shards) into one folder, each run once')
    .addHelpText(
      'after',
      '\nEvery run appears once (a run in two folders with the same results is counted once; with different results\n' +
        'the merge is refused), in plan order; folders of another experiment or plan are refused. Merging again\n' +
        'changes nothing, so it can run after each shard finishes.\n\n' +
        'Example:\n  initlab merge runs/shard-0 runs/shard-1 --out runs/all && initlab report runs/all',
    )
    .action(async (dirs: string[], opts: { out: string }) => {
      for (const dir of dirs) checkFolder(dir);
      let merged: Awaited<ReturnType<typeof mergeResultFolders>>;
      try {
        merged = await mergeResultFolders(dirs, opts.out, { planRunIds: planRunIdsOf });
      } catch (err) {
        const code = String((err as { code?: unknown }).code ?? '');
        if (/MISMATCH|INVALID_OPTION/.test(code)) throw new UsageError(`merge: ${withoutApiPrefix((err as Error).message)}`, { cause: err });
        throw new RunError(`merge: ${withoutApiPrefix((err as Error).message)}`, { cause: err });
      }
      for (const warning of merged.warnings) io.stderr(`initlab: warning: ${withoutApiPrefix(warning)}\n`);
      const planned = merged.meta?.plannedRuns ?? merged.results.length;
      const missing = merged.missing > 0 ? `; ${merged.missing} planned runs are in none of the folders (run the missing shards, then merge again)` : '';
      io.stdout(`merged ${merged.results.length} of ${planned} runs from ${dirs.length} folders into ${opts.out}${missing}\n`);
    });
}
