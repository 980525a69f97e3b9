import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { didYouMean } from '@initlab/errors';
import { loadExperimentFile, paperFolder, paperIds, seedExperimentFile, seedExperiments, validateExperiment, type SeedExperimentName } from '@initlab/experiments';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { addRunFlags, executeExperiment, type RunFlags } from './experiment.js';
import { listPapers, reproducePaper } from './papers.js';

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
    .argument('[name]', `a paper (see --list), a paper file's path, or a seed notebook's experiment: ${SEED_NAMES.join(' or ')}`)
    .description("rerun a classic paper's result, or a seed notebook's experiment, and print the published numbers beside initlab's with a verdict")
    .option('--list', 'list the papers, one line each')
    .option('--full', "papers: run closer to the paper's scale where feasible (slower; the file says what changes)")
    .option('--seeds <n>', 'seed notebooks: seeds per initializer, the distribution behind the notebook’s single number')
    .option('--scale-target', 'seed notebooks: standardise the regression target (what the Boston notebook meant to show)');
  addRunFlags(reproduce)
    .addHelpText(
      'after',
      `
Examples:
  initlab reproduce --list
  initlab reproduce glorot-2010
  initlab reproduce schoenholz-2017 --full --out runs/papers
  initlab reproduce seed-wine --seeds 10 --out runs/wine
  initlab reproduce seed-boston --scale-target --seeds 5

A paper's run prints the paper's own numbers (with table or figure and page) beside initlab's over several
seeds, the checks its claim is tested by, and a verdict: reproduces, reproduces qualitatively (the ordering
or the phenomenon, at CPU scale) or differs. With --out DIR it writes DIR/<paper>.json.

The files ship with initlab; copy one, edit it and run it with 'initlab run FILE' (notebooks) or
'initlab reproduce FILE' (papers):
${SEED_NAMES.map((n) => `  ${fileURLToPath(seedExperimentFile(n))}`).join('\n')}
  ${fileURLToPath(paperFolder())}`,
    )
    .action(async (name: string | undefined, flags: SeedsFlags & { list?: boolean; full?: boolean }) => {
      if (flags.list) {
        if (name !== undefined) throw new UsageError(`--list takes no name, got '${name}'; run 'initlab reproduce ${name}' to run it`);
        await listPapers(io);
        return;
      }
      if (name === undefined) throw new UsageError(`name a paper or notebook to reproduce, e.g. 'initlab reproduce glorot-2010'; 'initlab reproduce --list' lists them`);
      if ((SEED_NAMES as string[]).includes(name)) {
        if (flags.full) throw new UsageError(`--full applies to papers; ${name} runs exactly as the notebook did (use --seeds N for more seeds)`);
        const config = withOverrides(seedExperiments[name as SeedExperimentName], flags, name);
        await executeExperiment(config, flags, io, { baseDir: process.cwd() });
        return;
      }
      for (const flag of ['seeds', 'scaleTarget', 'replace', 'dryRun', 'workers', 'shard', 'scaleFeatures'] as const) {
        if (flags[flag] !== undefined && flags[flag] !== false) {
          throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to the seed notebooks, not to papers; a paper file sets its own seeds and scale (--full for the paper's)`);
        }
      }
      const ids = await paperIds();
      const isPath = /\.(ya?ml|json)$/i.test(name);
      if (!isPath && !ids.includes(name)) {
        throw new UsageError(`unknown paper or notebook '${name}'${didYouMean(name, [...ids, ...SEED_NAMES])}; choose one of ${[...ids, ...SEED_NAMES].join(', ')} ('initlab reproduce --list' says what each is)`);
      }
      await reproducePaper(name, flags, io);
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
