import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadExperimentFile, seedExperimentFile, seedExperiments, validateExperiment, type SeedExperimentName } from '@initlab/experiments';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { addRunFlags, executeExperiment, type RunFlags } from './experiment.js';

const SEED_NAMES = Object.keys(seedExperiments) as SeedExperimentName[];

interface SeedsFlags extends RunFlags {
  seeds?: string;
  scaleTarget?: boolean;
}

/** Applies `--seeds N` and `--scale-target` on top of a validated experiment. */
function withOverrides(config: ReturnType<typeof validateExperiment>, flags: SeedsFlags, source: string) {
  const seeds = flags.seeds === undefined ? config.seeds : parseInteger('--seeds', flags.seeds);
  const preprocess = flags.scaleTarget ? { ...config.preprocess, target: 'standard' as const } : config.preprocess;
  const name = flags.scaleTarget ? `${config.name}-scaled-target` : config.name;
  return validateExperiment({ ...config, name, seeds, preprocess }, source);
}

export function registerRuns(program: Command, io: Io): void {
  const reproduce = program
    .command('reproduce')
    .argument('<notebook>', `a seed notebook's experiment: ${SEED_NAMES.join(' or ')}`)
    .description("run a seed notebook's experiment exactly as written and print its published numbers beside initlab's")
    .option('--seeds <n>', 'seeds per initializer: the distribution behind the notebook’s single number')
    .option('--scale-target', 'standardise the regression target (what the Boston notebook meant to show)');
  addRunFlags(reproduce)
    .addHelpText(
      'after',
      `
Examples:
  initlab reproduce seed-wine
  initlab reproduce seed-wine --seeds 10 --out runs/wine
  initlab reproduce seed-boston --scale-target --seeds 5

The experiment files ship with initlab; copy one, edit it and run it with 'initlab run FILE':
${SEED_NAMES.map((n) => `  ${fileURLToPath(seedExperimentFile(n))}`).join('\n')}`,
    )
    .action(async (notebook: string, flags: SeedsFlags) => {
      if (!(SEED_NAMES as string[]).includes(notebook)) {
        throw new UsageError(`unknown notebook '${notebook}'; choose ${SEED_NAMES.join(' or ')}`);
      }
      const config = withOverrides(seedExperiments[notebook as SeedExperimentName], flags, notebook);
      await executeExperiment(config, flags, io, { baseDir: process.cwd() });
    });

  const run = program
    .command('run')
    .argument('<file>', 'an experiment file (YAML or JSON)')
    .description('run an experiment file: data, split, model, training, initializers and seeds as written there')
    .option('--seeds <n>', 'override the number of seeds')
    .option('--scale-target', 'standardise the regression target');
  addRunFlags(run)
    .addHelpText('after', '\nExamples:\n  initlab run my-experiment.yaml\n  initlab run my-experiment.yaml --seeds 10 --out runs/mine')
    .action(async (file: string, flags: SeedsFlags) => {
      const config = withOverrides(await loadExperimentFile(file), flags, path.basename(file));
      await executeExperiment(config, flags, io, { baseDir: path.dirname(path.resolve(file)) });
    });

  const sweep = program
    .command('sweep')
    .argument('<file>', 'an experiment file with a grid (initializers × activations × depths × widths × learning rates × seeds)')
    .description('run a grid; results stream to DIR/results.jsonl as each run finishes, and a rerun resumes')
    .requiredOption('--out <dir>', 'output folder (results.jsonl, experiment.json, reports)')
    .option('--workers <n>', 'worker threads, one tfjs backend each', '1')
    .option('--shard <i/n>', 'run only slice i of n (0-based), e.g. $SLURM_ARRAY_TASK_ID/4; concatenate the results.jsonl files');
  addRunFlags(sweep, { out: false })
    .addHelpText(
      'after',
      `
Examples:
  initlab sweep grid.yaml --out runs/grid --workers 2
  initlab sweep grid.yaml --out runs/grid-$JOB_COMPLETION_INDEX --shard $JOB_COMPLETION_INDEX/8
  initlab report runs/grid`,
    )
    .action(async (file: string, flags: RunFlags) => {
      const config = await loadExperimentFile(file);
      await executeExperiment(config, flags, io, { baseDir: path.dirname(path.resolve(file)) });
    });
}
