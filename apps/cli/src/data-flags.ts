import type { Command } from 'commander';
import { CSV_ENCODINGS, CSV_MISSING_POLICIES, CSV_TASKS, csvOptionFlag, type CsvOptions } from '@initlab/data';
import { UsageError } from './errors.js';
import { parseChoice } from './parse.js';

/** Where real data files come from: the same three flags on every command that loads data. */
export interface DataFlags {
  dataDir?: string;
  cacheDir?: string;
  offline?: boolean;
}

export function addDataFlags(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'folder holding the real data files (else INITLAB_DATA_DIR, then the cache)')
    .option('--cache-dir <dir>', 'download cache (else INITLAB_CACHE_DIR, else the platform cache folder)')
    .option('--offline', 'never download (same as INITLAB_OFFLINE=1)');
}

/** The flags as `@initlab/data` load options; unset flags leave the environment's defaults in force. */
export function dataOptions(flags: DataFlags): { dataDir?: string; cacheDir?: string; offline?: boolean } {
  return {
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.offline ? { offline: true } : {}),
  };
}

/**
 * How to read a `--csv` file: each flag is a `CsvOptions` key of `@initlab/data` in kebab case (the same
 * keys an experiment file's `data:` takes), so messages from the data package can name the flag.
 */
export interface CsvFlags {
  features?: string;
  drop?: string;
  task?: string;
  missing?: string;
  naValues?: string;
  delimiter?: string;
  encode?: string;
}

const CSV_FLAG_KEYS = ['features', 'drop', 'task', 'missing', 'naValues', 'delimiter', 'encode'] as const satisfies readonly (keyof CsvFlags & keyof CsvOptions)[];

export function addCsvFlags(cmd: Command): Command {
  const flag = csvOptionFlag;
  return cmd
    .option(`${flag('features')} <columns>`, 'with --csv: feature columns, comma-separated, in that order (default: every column but the target and --drop)')
    .option(`${flag('drop')} <columns>`, 'with --csv: columns to leave out, comma-separated, e.g. an id column')
    .option(`${flag('task')} <task>`, `with --csv: how to read the target: ${CSV_TASKS.join(', ')} (default auto: numbers are regression, except 0/1)`)
    .option(`${flag('missing')} <policy>`, `with --csv: what an empty cell does: ${CSV_MISSING_POLICIES.join(' or ')} (default error)`)
    .option(`${flag('naValues')} <texts>`, 'with --csv: cell texts that also count as empty, comma-separated, e.g. NA,?')
    .option(`${flag('delimiter')} <char>`, 'with --csv: field separator, one character or "tab" (default: detected among , ; and tab)')
    .option(`${flag('encode')} <how>`, `with --csv: text feature columns: ${CSV_ENCODINGS.join(' or ')} (default none: refused)`);
}

function columnList(key: 'features' | 'drop', text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new UsageError(`${csvOptionFlag(key)} must be comma-separated column names such as a,b, got '${text}'`);
  return names;
}

/**
 * The CSV flags as `CsvOptions`, each checked with the flag's name; they apply to `--csv` only (a registered
 * data set has fixed columns).
 */
export function csvOptions(flags: CsvFlags & { csv?: string }): Omit<CsvOptions, 'target' | 'id'> {
  const given = CSV_FLAG_KEYS.filter((key) => flags[key] !== undefined);
  if (given.length > 0 && !flags.csv)
    throw new UsageError(`${given.map(csvOptionFlag).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to --csv FILE only; a registered data set has fixed columns`);
  const opts: Omit<CsvOptions, 'target' | 'id'> = {};
  if (flags.features !== undefined) opts.features = columnList('features', flags.features);
  if (flags.drop !== undefined) opts.drop = columnList('drop', flags.drop);
  if (flags.task !== undefined) opts.task = parseChoice(csvOptionFlag('task'), flags.task, CSV_TASKS);
  if (flags.missing !== undefined) opts.missing = parseChoice(csvOptionFlag('missing'), flags.missing, CSV_MISSING_POLICIES);
  // The empty cell stays missing: the flag adds spellings, as pandas' na_values does.
  if (flags.naValues !== undefined) opts.naValues = ['', ...flags.naValues.split(',').map((v) => v.trim())];
  if (flags.delimiter !== undefined) {
    const delimiter = flags.delimiter === 'tab' ? '\t' : flags.delimiter;
    if (delimiter.length !== 1 || /["\r\n]/.test(delimiter))
      throw new UsageError(`${csvOptionFlag('delimiter')} must be one character other than a quote (or the word tab), got '${flags.delimiter}'`);
    opts.delimiter = delimiter;
  }
  if (flags.encode !== undefined) opts.encode = parseChoice(csvOptionFlag('encode'), flags.encode, CSV_ENCODINGS);
  return opts;
}
