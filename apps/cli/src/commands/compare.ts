import type { Command } from 'commander';
import { DEFAULT_DATASET_ID } from '@initlab/data';
import { splitInitializerList } from '@initlab/initializers';
import { compareExperiment, compareFlagOf, FEATURE_SCALINGS, parseInitializerEntry, validateExperiment, type ExperimentConfigInput } from '@initlab/experiments';
import { ARCHITECTURE_INITS, HIDDEN_ACTIVATION_NAMES, OPTIMIZER_NAMES } from '@initlab/models';
import type { Io } from '../io.js';
import { addCsvFlags, csvOptions, type CsvFlags } from '../data-flags.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseIntList, parseNumber } from '../parse.js';
import { addResidualFlags, residualChoice, type ResidualFlags } from '../residual-flags.js';
import { addRunFlags, executeExperiment, type RunFlags } from './experiment.js';

/** What `initlab compare` with no flags compares: the four cases the seed notebooks argue about. */
export const DEFAULT_INITIALIZERS = ['zeros', 'random_normal:stddev=0.01', 'glorot_uniform', 'he_normal'] as const;

interface CompareFlags extends RunFlags, CsvFlags, ResidualFlags {
  dataset?: string;
  csv?: string;
  target?: string;
  initializers: string;
  seeds: string;
  hidden: string;
  activation: string;
  epochs: string;
  batchSize: string;
  optimizer: string;
  lr?: string;
  testSize: string;
  randomState: string;
  scaleTarget?: boolean;
  scaleFeatures?: string;
  trainRows?: string;
  testRows?: string;
  scope: string;
}

/** The stream width of `--blocks` without `--width`. */
export const DEFAULT_RESIDUAL_WIDTH = 64;

/**
 * `--blocks N` and its flags as experiments' `residual` option, or undefined without `--blocks`; a residual
 * flag without `--blocks`, or `--hidden` with it, is a usage error naming both flags.
 */
function residualOf(flags: CompareFlags, hiddenGiven: boolean) {
  const choice = residualChoice(flags, {
    residualOnly: flags.width === undefined ? [] : ['--width'],
    ...(hiddenGiven ? { conflict: { flag: '--hidden', what: 'a stack of dense layers', hint: 'the residual stream is --width units wide' } } : {}),
  });
  if (choice === undefined) return undefined;
  return { ...choice, width: flags.width === undefined ? DEFAULT_RESIDUAL_WIDTH : parseInteger('--width', flags.width) };
}

/**
 * The experiment `initlab compare` runs, built from its flags (each checked with the flag's name);
 * `hiddenGiven` says whether `--hidden` was typed (it has a default).
 */
export function compareConfig(flags: CompareFlags, { hiddenGiven = false } = {}): ExperimentConfigInput {
  if (flags.csv && flags.dataset) throw new UsageError('use either --dataset ID or --csv FILE --target COL, not both');
  if (flags.csv && !flags.target) throw new UsageError('--csv needs --target COL naming the column to predict');
  const csv = csvOptions(flags);
  const initializers = splitInitializerList(flags.initializers, { name: '--initializers' });
  for (const spec of initializers) parseInitializerEntry(spec); // unknown names fail here, with suggestions
  const residual = residualOf(flags, hiddenGiven);
  return compareExperiment({
    ...(flags.csv ? { csv: flags.csv } : { ...(flags.dataset ? { dataset: flags.dataset } : {}) }),
    ...(flags.target ? { target: flags.target } : {}),
    ...(flags.csv ? { csvOptions: csv } : {}),
    initializers,
    seeds: parseInteger('--seeds', flags.seeds),
    ...(residual === undefined ? { hidden: parseIntList('--hidden', flags.hidden) } : { residual }),
    activation: parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES),
    epochs: parseInteger('--epochs', flags.epochs),
    batchSize: parseInteger('--batch-size', flags.batchSize),
    optimizer: parseChoice('--optimizer', flags.optimizer, OPTIMIZER_NAMES),
    ...(flags.lr === undefined ? {} : { learningRate: parseNumber('--lr', flags.lr, { min: 0, minInclusive: false }) }),
    testSize: parseNumber('--test-size', flags.testSize, { min: 0, max: 1, minInclusive: false, maxInclusive: false }),
    randomState: parseInteger('--random-state', flags.randomState, { allowZero: true }),
    scaleTarget: Boolean(flags.scaleTarget),
    ...(flags.scaleFeatures === undefined ? {} : { featureScaling: parseChoice('--scale-features', flags.scaleFeatures, FEATURE_SCALINGS) }),
    ...(flags.trainRows === undefined ? {} : { trainRows: parseInteger('--train-rows', flags.trainRows) }),
    ...(flags.testRows === undefined ? {} : { testRows: parseInteger('--test-rows', flags.testRows) }),
    scope: parseChoice('--scope', flags.scope, ['hidden', 'all'] as const),
  });
}

export function registerCompare(program: Command, io: Io): void {
  const cmd = program
    .command('compare')
    .description('train several initializers on one data set over many seeds and compare them against the baseline')
    .option('--dataset <id>', `registered data set (see 'initlab datasets list'); default ${DEFAULT_DATASET_ID}, embedded and offline`)
    .option('--csv <file>', 'your own CSV file instead of a registered data set')
    .option('--target <col>', "column to predict (with --csv), or a data set's target variant")
    .option(
      '--initializers <list>',
      `comma-separated names or name:param=value specs (lsuv too; with --blocks also ${ARCHITECTURE_INITS.join(', ')})`,
      DEFAULT_INITIALIZERS.join(','),
    )
    .option('--seeds <n>', 'seeds per initializer', '5')
    .option('--hidden <units>', 'hidden layer widths, comma-separated (a dense stack; not with --blocks)', '32,32');
  addResidualFlags(cmd, '--width', '--hidden')
    .option('--width <units>', `units of the residual stream, with --blocks (default ${DEFAULT_RESIDUAL_WIDTH})`)
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'relu')
    .option('--scope <layers>', "layers that get the initializer: hidden (output keeps Keras's glorot_uniform) or all", 'hidden')
    .option('--epochs <n>', 'training epochs', '100')
    .option('--batch-size <n>', 'mini-batch size', '32')
    .option('--optimizer <name>', 'sgd, adam or rmsprop (Keras defaults)', 'adam')
    .option('--lr <rate>', "learning rate (default: the optimizer's Keras default)")
    .option('--test-size <fraction>', 'test share of the rows, in (0, 1)', '0.2')
    .option('--random-state <n>', 'seed of the train/test split (scikit-learn compatible)', '42')
    .option('--scale-target', 'standardise a regression target for training (metrics stay in original units)')
    .option('--train-rows <n>', 'keep n training rows after the split: a deterministic subsample, stratified by class (data.limit.train)')
    .option('--test-rows <n>', 'keep n test rows after the split (data.limit.test)')
    .option(
      '--scale-features <how>',
      `feature scaling fitted on the training rows: ${FEATURE_SCALINGS.join(', ')} (pixels: divided by the largest pixel value, 255 for 8-bit images, 16 for digits; global: one mean and std over all values). Default: pixels for an image data set, standard otherwise`,
    );
  addRunFlags(addCsvFlags(cmd))
    .addHelpText(
      'after',
      `
Examples:
  initlab compare
  initlab compare --dataset wine-quality-red --initializers zeros,glorot_normal,he_normal --seeds 10
  initlab compare --csv measurements.csv --target species --hidden 64,64 --activation tanh
  initlab compare --csv iris.csv --target target --task classification --drop id --na-values NA,?
  initlab compare --dataset boston-housing --scale-target --initializers 'random_normal:stddev=0.01,constant:value=0.1'
  initlab compare --dataset fashion-mnist --train-rows 10000 --blocks 32 --norm none --initializers he_normal,fixup,rezero --seeds 3
  initlab compare --dataset fashion-mnist --train-rows 10000 --blocks 32 --norm batch --initializers he_normal,zero_last_norm_gamma --seeds 3`,
    )
    .action(async (flags: CompareFlags) => {
      const config = validateExperiment(compareConfig(flags, { hiddenGiven: cmd.getOptionValueSource('hidden') === 'cli' }), 'command line', { flagOf: compareFlagOf });
      await executeExperiment(config, flags, io, { baseDir: process.cwd(), csvOptionStyle: 'flag' });
    });
}
