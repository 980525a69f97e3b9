/**
 * `@initlab/cli/program`: the `initlab` command tree as a commander program, for tools that read it (the
 * docs site generates its CLI reference from it) or embed it. Running it as the binary does is `main`'s job.
 *
 * @example
 * ```ts
 * import { buildProgram } from '@initlab/cli/program';
 * const program = buildProgram({ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
 * program.commands.map((c) => c.name()); // ['compare', 'reproduce', 'run', 'sweep', 'diagnose', …]
 * ```
 *
 * @packageDocumentation
 */
import { Command } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerCompare } from './commands/compare.js';
import { registerDatasets } from './commands/datasets.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerInitializers } from './commands/initializers.js';
import { registerMerge, registerReport } from './commands/report.js';
import { registerTheory } from './commands/theory.js';
import { registerRuns } from './commands/runs.js';
import { defaultIo, type Io } from './io.js';
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
  registerMerge(program, io);
  registerTheory(program, io);
  registerBench(program, io);
  return program;
}
