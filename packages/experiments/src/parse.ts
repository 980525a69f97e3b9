import YAML from 'yaml';
import type { z } from 'zod';
import type { ExperimentConfig } from './config.js';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { ExperimentError, show } from './errors.js';
import { locateJsonError } from './json-locate.js';
import { catalogueIssues, ExperimentConfigSchema, pathText } from './schema.js';

type Issue = z.core.$ZodIssue;

interface FlatIssue {
  path: PropertyKey[];
  issue: Issue;
}

/**
 * Reduce zod issues to the ones a person should read: inside a failed union, the branch that matched the
 * value's type (its issues lie deeper than the union), else the union's own message.
 */
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const matched = issue.errors.filter(
        (branch) => !branch.every((b) => b.path.length === 0 && (b.code === 'invalid_type' || b.code === 'invalid_value')),
      );
      if (matched.length === 1) {
        out.push(...flatten(matched[0]!, path));
        continue;
      }
    }
    out.push({ path, issue });
  }
  return out;
}

/**
 * How {@link validateExperiment} names a place: `flagOf` gives the command-line flag that set a config path
 * (`training.epochs` → `--epochs`), so an experiment built from flags is reported in flags.
 */
export interface ValidateExperimentOptions {
  flagOf?: (path: string) => string | undefined;
}

/** One line: `<source>: <path> <rule>, got <value>` (or `<flag> <rule>, got <value>`). */
function formatIssue(sourceName: string, { path, issue }: FlatIssue, flagOf: ValidateExperimentOptions['flagOf']): string {
  const where = path.length === 0 ? 'the experiment' : pathText(path);
  const flag = path.length === 0 ? undefined : flagOf?.(where);
  const lead = flag ?? `${sourceName}: ${where}`;
  const complete = issue.code === 'custom' && (issue.params as { complete?: boolean } | undefined)?.complete === true;
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys' || complete) return `${lead} ${issue.message}`;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return `${lead} is missing; it ${issue.message}`;
  }
  return `${lead} ${issue.message}, got ${show(input)}`;
}

const VALIDATE_OPTIONS = optionKeys<ValidateExperimentOptions>({ flagOf: true });

/**
 * Validate a parsed value (a JS object) as an experiment. Every problem is reported, one line each, naming
 * `sourceName` and the path inside it (or the flag, with `options.flagOf`); the lines are the error's message
 * and its `problems`.
 *
 * @throws {ExperimentError} `INVALID_CONFIG`.
 * @example
 * ```ts
 * const config = validateExperiment({ name: 'x', data: { dataset: 'moons' }, model: { hidden: [8] },
 *   training: { epochs: 5 }, initializers: ['he_normal'] }, 'inline');
 * ```
 */
export function validateExperiment(value: unknown, sourceName: string, options: ValidateExperimentOptions = {}): ExperimentConfig {
  assertKnownOptions('validateExperiment', options, VALIDATE_OPTIONS, (m) => new ExperimentError('INVALID_OPTION', m));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'nothing' : Array.isArray(value) ? 'a list' : `${typeof value} ${show(value)}`;
    throw new ExperimentError(
      'INVALID_CONFIG',
      `${sourceName}: an experiment must be a mapping with keys name, data, model, training, initializers, got ${kind}`,
    );
  }
  const result = ExperimentConfigSchema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const schemaIssues = [...result.error.issues];
  // The catalogue checks run only on a document the schema accepts: add those of the sections it accepted.
  if (!schemaIssues.some((i) => i.code === 'custom')) schemaIssues.push(...catalogueIssues(value as Record<string, unknown>));
  const lines = issueLines(sourceName, schemaIssues, options.flagOf);
  if (lines.length === 0) lines.push(`${sourceName}: invalid experiment`);
  throw new ExperimentError('INVALID_CONFIG', lines.join('\n'), { cause: result.error });
}

/**
 * Every problem of a failed parse, one line each (a user fixes a file in one pass, not one problem per run),
 * unknown keys first: an unknown key usually explains the missing one next to it ("epoch" for "epochs").
 * Paper files (paper-run.ts) report theirs with it too.
 */
export function issueLines(sourceName: string, issues: readonly Issue[], flagOf?: ValidateExperimentOptions['flagOf']): string[] {
  const sorted = flatten(issues).sort((a, b) => Number(b.issue.code === 'unrecognized_keys') - Number(a.issue.code === 'unrecognized_keys'));
  return [...new Set(sorted.map((issue) => formatIssue(sourceName, issue, flagOf)))];
}

function looksLikeJson(text: string, sourceName: string): boolean {
  const lower = sourceName.toLowerCase();
  if (lower.endsWith('.json')) return true;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return false;
  return /^\s*[{[]/.test(text);
}

/**
 * Parse an experiment from JSON or YAML text and validate it. The format follows the extension of
 * `sourceName` (`.json`, `.yaml`, `.yml`), else the content (`{`/`[` first means JSON). Every error is one
 * line: a syntax error names the line and column, a schema error the path inside the file, e.g.
 * `seed-wine.yaml: training.epochs must be a positive integer, got -3`.
 *
 * @param text - the file's content.
 * @param sourceName - the file name for messages (and format detection).
 * @throws {ExperimentError} `PARSE_FAILED` (syntax), `INVALID_CONFIG` (schema).
 * @example
 * ```ts
 * import { parseExperiment } from '@initlab/experiments';
 * const config = parseExperiment(`
 * name: wine-quick
 * data: { dataset: wine-quality-red }
 * model: { hidden: [10], output: { units: 3, activation: softmax }, loss: sparse_categorical_crossentropy }
 * training: { epochs: 5, batchSize: 16, optimizer: { name: sgd, learningRate: 0.01 } }
 * initializers: [zeros, "random_normal:stddev=0.05", he_normal]
 * seeds: 3
 * `, 'wine-quick.yaml');
 * ```
 */
export function parseExperiment(text: string, sourceName: string): ExperimentConfig {
  if (text.trim() === '') {
    throw new ExperimentError('PARSE_FAILED', `${sourceName}: the file is empty; an experiment needs at least name, data, model, training and initializers`);
  }
  return validateExperiment(readDocument(text, sourceName), sourceName);
}

/**
 * The value of a JSON or YAML document (by `sourceName`'s extension, else its first character), with a
 * syntax error as one line naming the line and column.
 *
 * @throws {ExperimentError} `PARSE_FAILED`.
 */
export function readDocument(text: string, sourceName: string): unknown {
  let value: unknown;
  if (looksLikeJson(text, sourceName)) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      const at = locateJsonError(text);
      const where = at === null ? '' : ` line ${at.line}, column ${at.column}`;
      const reason = at?.reason ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
      throw new ExperimentError('PARSE_FAILED', `${sourceName}${where}: invalid JSON: ${reason}`, { cause: err });
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0];
      const where = pos === undefined ? '' : ` line ${pos.line}, column ${pos.col}`;
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new ExperimentError('PARSE_FAILED', `${sourceName}${where}: invalid YAML: ${reason}`, { cause: error });
    }
    value = doc.toJS({ maxAliasCount: 100 });
  }
  return value;
}

/**
 * Read and parse an experiment file (JSON or YAML) with {@link parseExperiment}; messages name the path as
 * given. Node only.
 *
 * @throws {ExperimentError} `READ_FAILED`, `PARSE_FAILED`, `INVALID_CONFIG`.
 * @example
 * ```ts
 * import { loadExperimentFile } from '@initlab/experiments';
 * const config = await loadExperimentFile('experiments/seed-wine.yaml');
 * ```
 */
export async function loadExperimentFile(path: string): Promise<ExperimentConfig> {
  return parseExperiment(await readTextFile(path, (reason) => `loadExperimentFile: cannot read ${path}: ${reason}`), path);
}

/**
 * A text file's content without a byte-order mark; a failure is `READ_FAILED` with `message(reason)`, the
 * reason in words ("no such file", "it is a folder, not a file"). Node only. Paper files are read with it too.
 */
export async function readTextFile(path: string | URL, message: (reason: string) => string): Promise<string> {
  const fs = await import('node:fs/promises');
  try {
    return (await fs.readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : (err as Error).message;
    throw new ExperimentError('READ_FAILED', message(reason), { cause: err });
  }
}
