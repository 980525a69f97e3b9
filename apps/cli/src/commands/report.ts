import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withoutApiPrefix } from '@initlab/errors';
import { planRunIdsOf, RESULTS_FILE } from '@initlab/experiments';
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

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .argument('<dir>', 'results folder written by compare, sweep or run with --out (holds results.jsonl)')
    .description('render results.jsonl as report.md, report.csv and a self-contained report.html with charts')
    .option('--json', 'print {"files": [...], "warnings": [...]} as JSON')
    .addHelpText(
      'after',
      '\nThe three files are written into DIR: a Markdown summary, one CSV row per run, and one HTML page\n' +
        '(no scripts, no network) with the comparison, warnings, diagnostics and three charts.\n\n' +
        'Examples:\n  initlab compare --out runs/demo && initlab report runs/demo\n  initlab report runs/seed-wine --json',
    )
    .action(async (dir: string, opts: { json?: boolean }) => {
      checkFolder(dir);
      let written: Awaited<ReturnType<typeof writeReport>>;
      try {
        // A header from before headers listed their plan's runs: the plan is rebuilt from its config.
        written = await writeReport(dir, { planRunIds: planRunIdsOf });
      } catch (err) {
        if (err instanceof ReportError && err.code === 'NO_RESULTS') throw new UsageError(`report: '${dir}' has no finished runs yet; ${HOW_TO_PRODUCE(dir)}`, { cause: err });
        if (err instanceof ReportError) throw new RunError(`report: ${err.message}`, { cause: err });
        throw err;
      }
      if (opts.json) {
        io.stdout(`${JSON.stringify({ files: written.files, warnings: written.warnings }, null, 2)}\n`);
        return;
      }
      for (const warning of written.warnings) io.stderr(`initlab: warning: ${withoutApiPrefix(warning)}\n`);
      io.stdout(`${written.files.join('\n')}\n`);
    });
}
