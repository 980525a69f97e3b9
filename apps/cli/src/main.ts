import { CommanderError } from 'commander';
import { userMessage } from '@initlab/errors';
import { setDebug } from '@initlab/wasm';
import { exitCodeOf } from './errors.js';
import { defaultIo, type Io } from './io.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and returns its exit code: 0 success, 1 a run or I/O failure, 2 a usage error (a missing command too), 130 interrupted
 * (the table in apps/cli/README.md).
 * Errors print one line (`initlab: …`); the stack only with `--debug`.
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  // Also for the library packages: a WebAssembly fallback then says why, and invalid kernel bytes throw.
  if (debug) setDebug(true);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its own one-line message (unknown option, missing argument, ...).
      // Asked-for help and --version exit 0 (their exitCode); help shown because a command is missing
      // (`initlab`, `initlab datasets`) went to stderr with exitCode 1 and is a usage error like any other.
      return err.exitCode === 0 ? 0 : 2;
    }
    // A user reads flags and file keys: the library's API lead (`loadCsv: …`) is left out (--debug shows it).
    // A message of several problems (an experiment file's) has one line each; each line stands alone.
    for (const line of userMessage(err).split('\n')) io.stderr(`initlab: ${line}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return exitCodeOf(err);
  }
}
