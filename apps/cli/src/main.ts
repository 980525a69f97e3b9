import { Command, CommanderError } from 'commander';
import { exitCodeOf } from './errors.js';
import { defaultIo, type Io } from './io.js';
import { registerBench } from './commands/bench.js';
import { registerCompare } from './commands/compare.js';
import { registerDatasets } from './commands/datasets.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerInitializers } from './commands/initializers.js';
import { registerReport } from './commands/report.js';
import { registerRuns } from './commands/runs.js';
import { version } from './version.js';

export type { Io } from './io.js';

/** Builds the `initlab` command tree; commands write through `io` so tests can capture output. */
export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('initlab')
    .description('Study neural-network weight initialization by experiment: which initializer suits which network, and why.')
    .version(version, '-V, --version', 'print the initlab version')
    .option('--debug', 'print stack traces for errors')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerCompare(program, io);
  registerRuns(program, io);
  registerDiagnose(program, io);
  registerInitializers(program, io);
  registerDatasets(program, io);
  registerReport(program, io);
  registerBench(program, io);
  return program;
}

/**
 * Runs the CLI and returns its exit code: 0 success, 1 a run or I/O failure, 2 a usage error.
 * Errors print one line (`initlab: …`); the stack only with `--debug`.
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its own one-line message (unknown option, missing argument, ...).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`initlab: ${message}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return exitCodeOf(err);
  }
}
