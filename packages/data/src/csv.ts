import { parse } from 'csv-parse/sync';
import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { fromRows } from '@initlab/matrix';
import { DataError, describeCause, invalidOption, oneLine } from './errors.js';
import { encodeLabels, encodeNumericLabels } from './labels.js';
import { nodeModules } from './node.js';
import type { Dataset, Task } from './types.js';

/** How an empty cell is handled: stop with an error, or drop the row. */
export const CSV_MISSING_POLICIES = ['error', 'drop-rows'] as const;
/**
 * How the target is read: `auto` guesses (see {@link CsvOptions.task}), `classification` reads classes
 * (binary or multiclass by their count), the others force one task.
 */
export const CSV_TASKS = ['auto', 'regression', 'classification', 'binary', 'multiclass'] as const;
/** What a text feature column becomes: refused (`none`), or one 0/1 feature per distinct value (`onehot`). */
export const CSV_ENCODINGS = ['none', 'onehot'] as const;

/**
 * How error messages and notes name a CSV option: as an experiment-file key (`missing: 'drop-rows'`) or as
 * the command-line flag of the same name (`--missing drop-rows`; the flag is the key in kebab case).
 */
export type CsvOptionStyle = 'key' | 'flag';

/** A flag value as pasted into a shell: quoted unless plain word characters (a column "fixed acidity" is not). */
function shellWord(value: string): string {
  return /^[\w.,:=+@%/-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The options that take a list: a comma-separated flag, a list in an experiment file. */
const LIST_OPTIONS: ReadonlySet<string> = new Set(['features', 'drop', 'naValues']);

/**
 * The command-line flag of a CSV option: its key in kebab case, the one rule the CLI's flags follow.
 *
 * @example
 * ```ts
 * csvOptionFlag('naValues'); // '--na-values'
 * ```
 */
export function csvOptionFlag(key: keyof CsvOptions): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * An option and its value as the user writes it in the given style.
 *
 * @example
 * ```ts
 * csvOptionText('flag', 'missing', 'drop-rows'); // "--missing drop-rows"
 * csvOptionText('key', 'missing', 'drop-rows'); // "missing: 'drop-rows'"
 * csvOptionText('key', 'drop', 'id'); // "drop: ['id']"
 * ```
 */
export function csvOptionText(style: CsvOptionStyle, key: keyof CsvOptions, value: string): string {
  if (style === 'flag') return `${csvOptionFlag(key)} ${shellWord(value)}`;
  return LIST_OPTIONS.has(key) ? `${key}: ['${value}']` : `${key}: '${value}'`;
}

/**
 * Options shared by `loadCsv` and `parseCsv`.
 *
 * @example
 * ```ts
 * const opts: CsvOptions = { target: 'quality', drop: ['density'], missing: 'drop-rows' };
 * ```
 */
export interface CsvOptions {
  /** Name of the target column (header text, after trimming). */
  target: string;
  /** Feature columns by name, in the order wanted. Default: every column except the target and `drop`. */
  features?: string[];
  /** Columns to leave out (must exist). */
  drop?: string[];
  /** Field separator. Default: detected from the header line among `,` `;` and tab (most frequent outside quotes; ties prefer that order). */
  delimiter?: string;
  /** What to do with an empty cell: `'error'` (default) or `'drop-rows'` (drop the row; count in `droppedRows`). */
  missing?: (typeof CSV_MISSING_POLICIES)[number];
  /** Cell texts (after trimming) that count as empty. Default `['']`; e.g. `['', 'NA', '?']`. */
  naValues?: string[];
  /**
   * How to read the target. `'auto'` (default): a target whose every cell is a number is
   * `regression`, except that a numeric target holding exactly the values 0 and 1 is `binary`;
   * any other target is classes. `'regression'` requires numbers; `'classification'` reads classes
   * (binary for 2, else multiclass); `'binary'` requires exactly 2 classes; `'multiclass'` at least 2.
   * An `auto` target of 2 to 10 distinct whole numbers adds a line to `Dataset.notes` saying how it was read.
   */
  task?: (typeof CSV_TASKS)[number];
  /**
   * Text feature columns (no cell a number): `'none'` (default) refuses them; `'onehot'` replaces each by one
   * 0/1 feature per distinct value, sorted, named `column=value`.
   */
  encode?: (typeof CSV_ENCODINGS)[number];
  /** Drop rows that repeat an earlier row exactly (same numbers in every feature and the same target text); first kept. */
  dropDuplicates?: boolean;
  /** `Dataset.id` to report. Default: the file name without its extension. */
  id?: string;
}

/**
 * Options of `parseCsv`: the CSV options plus the name errors and `Dataset.source` use.
 *
 * @example
 * ```ts
 * parseCsv(text, { target: 'y', sourceName: 'upload.csv' });
 * ```
 */
export interface ParseCsvOptions extends CsvOptions {
  /** Name of the text's origin (a file name or URL), used in error messages and `Dataset.source`. */
  sourceName: string;
  /** How messages name options: experiment-file keys (default) or command-line flags. */
  optionStyle?: CsvOptionStyle;
}

/**
 * Options of `loadCsv`: the CSV options plus cancellation and an injectable `fetch` for URLs.
 *
 * @example
 * ```ts
 * await loadCsv('https://example.org/data.csv', { target: 'y', signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface LoadCsvOptions extends CsvOptions {
  /** How messages name options: experiment-file keys (default) or command-line flags. */
  optionStyle?: CsvOptionStyle;
  /** Cancels reading or downloading. */
  signal?: AbortSignal;
  /** `fetch` used for `http(s)` sources. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const LINE_BREAK = /\r\n|\r|\n/g;
const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;

/** A strict decimal number (what pandas reads as a float, minus NaN/inf spellings), else NaN. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}

/**
 * Detect the delimiter from the header line: the candidate among `,` `;` tab that occurs most
 * often outside double quotes (ties prefer that order; none found means `,`, a one-column file).
 *
 * @example
 * ```ts
 * detectDelimiter('"a";"b";"c"\n1;2;3'); // ';'
 * ```
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: ',' | ';' | '\t' = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const c = counts.get(d) ?? 0;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}

function baseName(source: string): string {
  const last = source.split(/[\\/]/).pop() ?? source;
  const clean = last.split(/[?#]/)[0] ?? last;
  const dot = clean.lastIndexOf('.');
  return dot > 0 ? clean.slice(0, dot) : clean;
}

interface Row {
  /** Fields after csv-parse's trimming. */
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
}

// The option keys of parseCsv and loadCsv, checked against their types: a key neither reads is refused.
const CSV_KEYS = {
  target: true,
  features: true,
  drop: true,
  delimiter: true,
  missing: true,
  naValues: true,
  task: true,
  encode: true,
  dropDuplicates: true,
  id: true,
  optionStyle: true,
} as const;
const PARSE_CSV_OPTIONS = optionKeys<ParseCsvOptions>({ ...CSV_KEYS, sourceName: true });
const LOAD_CSV_OPTIONS = optionKeys<LoadCsvOptions>({ ...CSV_KEYS, signal: true, fetch: true });

function validateOptions(fn: string, opts: ParseCsvOptions): void {
  const bad = (what: string): never => {
    throw new DataError('INVALID_OPTION', `${fn}: ${what}`);
  };
  if (typeof opts.target !== 'string' || opts.target.trim() === '')
    bad(`target must be a non-empty column name, got ${JSON.stringify(opts.target)}`);
  for (const key of ['features', 'drop', 'naValues'] as const) {
    const list = opts[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string')))
      bad(`${key} must be an array of strings, got ${JSON.stringify(list)}`);
  }
  if (opts.delimiter !== undefined && (opts.delimiter.length !== 1 || /["\r\n]/.test(opts.delimiter)))
    bad(`delimiter must be one character other than a quote or line break, got ${JSON.stringify(opts.delimiter)}`);
  const oneOf = (key: 'missing' | 'task' | 'encode', allowed: readonly string[]): void => {
    const value = opts[key];
    if (value !== undefined && !allowed.includes(value))
      bad(`${key} must be ${allowed.slice(0, -1).map((v) => `'${v}'`).join(', ')} or '${allowed.at(-1)}', got ${JSON.stringify(value)}`);
  };
  oneOf('missing', CSV_MISSING_POLICIES);
  oneOf('task', CSV_TASKS);
  oneOf('encode', CSV_ENCODINGS);
}

function readRows(fn: string, text: string, file: string, delimiter: string): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true, // ragged rows are reported by us, with the column
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const lines = (err as { lines?: unknown }).lines;
    const column = (err as { column?: unknown }).column;
    const at = typeof lines === 'number' ? ` line ${lines}` : '';
    const col = typeof column === 'number' ? `, column ${column + 1}` : '';
    throw new DataError('CSV_MALFORMED', `${fn}: ${file}${at}${col}: malformed CSV (${describeCause(err)})`, {
      cause: err,
      file,
      ...(typeof lines === 'number' ? { line: lines } : {}),
      ...(typeof column === 'number' ? { column: column + 1 } : {}),
    });
  }
  // csv-parse reports the line a record ends on; a quoted field may span lines.
  return records.map(({ record, info }) => ({ fields: record, line: info.lines - countBreaks(record.join('')) }));
}

/** Line of field `j` of a row (a quoted field earlier in the row may hold line breaks). */
function lineOf(row: Row, j: number): number {
  return row.line + countBreaks(row.fields.slice(0, j).join(''));
}

function resolveColumns(
  fn: string,
  file: string,
  header: string[],
  opts: ParseCsvOptions,
): { targetIndex: number; featureIndices: number[] } {
  const seen = new Map<string, number>();
  header.forEach((name, j) => {
    const first = seen.get(name);
    if (first !== undefined)
      throw new DataError(
        'CSV_DUPLICATE_COLUMN',
        `${fn}: ${file} line 1, column ${j + 1}: column name ${JSON.stringify(name)} repeats column ${first + 1}; column names must be unique`,
        { file, line: 1, column: j + 1 },
      );
    seen.set(name, j);
  });
  const targetIndex = seen.get(opts.target);
  if (targetIndex === undefined) {
    const near = header.find((h) => h.toLowerCase() === opts.target.toLowerCase());
    const hint = near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
    throw new DataError(
      'CSV_MISSING_TARGET',
      `${fn}: ${file} line 1: target column ${JSON.stringify(opts.target)} not found${hint}; columns: ${quoteList(header)}`,
      { file, line: 1 },
    );
  }
  const style = opts.optionStyle ?? 'key';
  const optionName = (key: 'features' | 'drop'): string => (style === 'flag' ? csvOptionFlag(key) : key);
  const lookup = (name: string, option: 'features' | 'drop'): number => {
    const j = seen.get(name);
    if (j === undefined)
      throw new DataError(
        'CSV_UNKNOWN_COLUMN',
        `${fn}: ${file} line 1: ${optionName(option)} names column ${JSON.stringify(name)}, which is not in the header; columns: ${quoteList(header)}`,
        { file, line: 1 },
      );
    return j;
  };
  const dropped = new Set((opts.drop ?? []).map((name) => lookup(name, 'drop')));
  let featureIndices: number[];
  if (opts.features === undefined) {
    featureIndices = header.map((_, j) => j).filter((j) => j !== targetIndex && !dropped.has(j));
  } else {
    featureIndices = opts.features.map((name) => lookup(name, 'features'));
    const twice = opts.features.find((name, i) => opts.features?.indexOf(name) !== i);
    if (twice !== undefined)
      throw new DataError('INVALID_OPTION', `${fn}: ${optionName('features')} lists ${JSON.stringify(twice)} twice; each feature once`);
    if (featureIndices.includes(targetIndex))
      throw new DataError(
        'INVALID_OPTION',
        `${fn}: ${optionName('features')} includes the target column ${JSON.stringify(opts.target)}; a column is either a feature or the target`,
      );
    featureIndices = featureIndices.filter((j) => !dropped.has(j));
  }
  if (featureIndices.length === 0)
    throw new DataError(
      'CSV_NO_FEATURES',
      `${fn}: ${file}: no feature columns left after choosing target ${JSON.stringify(opts.target)}` +
        `${opts.features === undefined ? '' : ` and features ${quoteList(opts.features)}`} and dropping ${quoteList(opts.drop ?? [])}; columns: ${quoteList(header)}`,
      { file },
    );
  return { targetIndex, featureIndices };
}

/** Most distinct whole numbers an `auto` target may hold and still get a note that it might be classes. */
const FEW_CLASSES = 10;

/** The note on an `auto` target of few distinct whole numbers: how it was read and how to choose. */
function integerTargetNote(style: CsvOptionStyle, targetName: string, distinct: readonly number[], read: Task): string {
  const values = [...distinct].sort((a, b) => a - b).join(', ');
  const asClasses = read !== 'regression';
  const how = asClasses ? `as ${distinct.length} classes (${read})` : 'as a number (regression)';
  const other = asClasses ? 'regression' : 'classification';
  return `target ${JSON.stringify(targetName)} holds ${distinct.length} distinct whole numbers (${values}) and was read ${how}; pass ${csvOptionText(style, 'task', other)} to read it ${asClasses ? 'as a number' : 'as classes'}`;
}

function encodeTarget(
  fn: string,
  file: string,
  task: (typeof CSV_TASKS)[number],
  targetName: string,
  targetColumn: number,
  raw: string[],
  rows: Row[],
  style: CsvOptionStyle,
): { task: Task; y: number[]; classes?: string[]; note?: string } {
  const numbers = raw.map(parseNumber);
  const firstText = numbers.findIndex((v) => Number.isNaN(v));
  const allNumeric = firstText === -1;
  if (task === 'regression' || (task === 'auto' && allNumeric)) {
    if (!allNumeric) {
      const row = rows[firstText] as Row;
      const line = lineOf(row, targetColumn);
      throw new DataError(
        'CSV_NOT_NUMERIC',
        `${fn}: ${file} line ${line}, column ${targetColumn + 1} (${JSON.stringify(targetName)}): a regression target must be a number, got ${JSON.stringify(raw[firstText])}`,
        { file, line, column: targetColumn + 1 },
      );
    }
    const distinct = new Set(numbers);
    const fewWholeNumbers = distinct.size >= 2 && distinct.size <= FEW_CLASSES && [...distinct].every(Number.isInteger);
    if (task === 'auto' && distinct.size === 2 && distinct.has(0) && distinct.has(1))
      return { task: 'binary', y: numbers, classes: ['0', '1'], note: integerTargetNote(style, targetName, [...distinct], 'binary') };
    if (task === 'auto' && fewWholeNumbers)
      return { task: 'regression', y: numbers, note: integerTargetNote(style, targetName, [...distinct], 'regression') };
    return { task: 'regression', y: numbers };
  }
  const { classes, codes } = allNumeric ? encodeNumericLabels(numbers) : encodeLabels(raw);
  const first = rows[0]?.line ?? 2;
  const last = rows[rows.length - 1]?.line ?? first;
  if (classes.length < 2)
    throw new DataError(
      'CSV_ONE_CLASS',
      `${fn}: ${file} column ${targetColumn + 1} (${JSON.stringify(targetName)}): the target has one class only, ${JSON.stringify(classes[0])}, in all ${rows.length} rows (lines ${first}-${last}); a classification target needs at least 2 classes`,
      { file, column: targetColumn + 1 },
    );
  if (task === 'binary' && classes.length !== 2)
    throw new DataError(
      'CSV_CLASS_COUNT',
      `${fn}: ${file} column ${targetColumn + 1} (${JSON.stringify(targetName)}): task 'binary' needs exactly 2 classes, got ${classes.length} (${quoteList(classes.slice(0, 10))}${classes.length > 10 ? ', ...' : ''}); use ${style === 'flag' ? csvOptionText(style, 'task', 'multiclass') : "task 'multiclass'"}`,
      { file, column: targetColumn + 1 },
    );
  return { task: classes.length === 2 ? 'binary' : 'multiclass', y: codes, classes };
}

/**
 * Replace each text column by one 0/1 column per distinct value (sorted as class labels are, named
 * `column=value`), in the text column's place; number columns pass through.
 */
function oneHotEncode(
  cells: readonly (number | string)[][],
  names: readonly string[],
  isText: readonly boolean[],
): { X: number[][]; featureNames: string[] } {
  const levels = names.map((_, k) =>
    isText[k] === true ? encodeLabels(cells.map((row) => String(row[k]))).classes : null,
  );
  const featureNames = names.flatMap((name, k) => levels[k]?.map((level) => `${name}=${level}`) ?? [name]);
  const X = cells.map((row) =>
    row.flatMap((cell, k) => levels[k]?.map((level) => (cell === level ? 1 : 0)) ?? [cell as number]),
  );
  return { X, featureNames };
}

/** The shared CSV reader; `fn` is the public function named in error messages. */
export function parseCsvAs(fn: string, text: string, opts: ParseCsvOptions): Dataset {
  validateOptions(fn, opts);
  const file = opts.sourceName;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = opts.delimiter ?? detectDelimiter(body);
  const rows = readRows(fn, body, file, delimiter);
  const headerRow = rows[0];
  if (headerRow === undefined)
    throw new DataError('CSV_EMPTY', `${fn}: ${file} is empty; expected a header line and at least one data row`, { file });
  if (rows.length === 1)
    throw new DataError(
      'CSV_NO_ROWS',
      `${fn}: ${file} has a header (line ${headerRow.line}) but no data rows; expected at least one row after it`,
      { file, line: headerRow.line },
    );
  const header = headerRow.fields;
  const { targetIndex, featureIndices } = resolveColumns(fn, file, header, opts);
  const naValues = new Set(opts.naValues ?? ['']);
  const dropRows = opts.missing === 'drop-rows';
  const style = opts.optionStyle ?? 'key';
  const dataRows = rows.slice(1);
  // A text column holds at least two filled cells and no number (decimal commas are misread numbers, not
  // text): it is one-hot encoded or refused whole. A column of numbers with a stray word keeps the per-cell
  // "must be a number" error.
  const isTextColumn = (j: number): boolean => {
    let filled = 0;
    for (const row of dataRows) {
      const cell = row.fields[j] ?? '';
      if (naValues.has(cell)) continue;
      if (!Number.isNaN(parseNumber(cell)) || DECIMAL_COMMA.test(cell)) return false;
      filled += 1;
    }
    return filled >= 2;
  };
  const textColumns = new Set(featureIndices.filter(isTextColumn));
  const onehot = opts.encode === 'onehot';

  const cells: (number | string)[][] = [];
  const rawTarget: string[] = [];
  const kept: Row[] = [];
  const seenRows = opts.dropDuplicates === true ? new Set<string>() : undefined;
  let dropped = 0;
  // An empty feature or target cell stops the read unless the caller chose to drop such rows.
  const emptyCell = (row: Row, j: number, name: string | undefined, what: 'cell' | 'target cell', cell: string): DataError => {
    const line = lineOf(row, j);
    return new DataError(
      'CSV_EMPTY_CELL',
      `${fn}: ${file} line ${line}, column ${j + 1} (${JSON.stringify(name)}): empty ${what} ${JSON.stringify(cell)}; fill it, or pass ${csvOptionText(style, 'missing', 'drop-rows')} to drop rows with empty cells`,
      { file, line, column: j + 1 },
    );
  };
  for (const row of dataRows) {
    if (row.fields.length !== header.length) {
      const column = Math.min(row.fields.length, header.length) + 1;
      const detail =
        row.fields.length < header.length
          ? `missing ${quoteList(header.slice(row.fields.length))}`
          : `${row.fields.length - header.length} extra field(s)`;
      throw new DataError(
        'CSV_RAGGED',
        `${fn}: ${file} line ${row.line}, column ${column}: row has ${row.fields.length} fields but the header (line 1) has ${header.length}; ${detail}`,
        { file, line: row.line, column },
      );
    }
    let hasEmpty = false;
    const features: (number | string)[] = [];
    for (const j of featureIndices) {
      const cell = row.fields[j] ?? '';
      if (naValues.has(cell)) {
        if (!dropRows) throw emptyCell(row, j, header[j], 'cell', cell);
        hasEmpty = true;
        features.push(Number.NaN);
        continue;
      }
      if (textColumns.has(j)) {
        if (!onehot) {
          const line = lineOf(row, j);
          throw new DataError(
            'CSV_TEXT_COLUMN',
            `${fn}: ${file} line ${line}, column ${j + 1} (${JSON.stringify(header[j])}): feature column ${JSON.stringify(header[j])} holds text, not numbers (first ${JSON.stringify(cell)}); pass ${csvOptionText(style, 'encode', 'onehot')} to one-hot encode text columns, or ${csvOptionText(style, 'drop', header[j] ?? '')} to leave it out`,
            { file, line, column: j + 1 },
          );
        }
        features.push(cell);
        continue;
      }
      const value = parseNumber(cell);
      if (Number.isNaN(value)) {
        const line = lineOf(row, j);
        const hint = DECIMAL_COMMA.test(cell) ? ' (decimal commas are not supported; use a point)' : '';
        throw new DataError(
          'CSV_NOT_NUMERIC',
          `${fn}: ${file} line ${line}, column ${j + 1} (${JSON.stringify(header[j])}): a feature cell must be a number, got ${JSON.stringify(cell)}${hint}`,
          { file, line, column: j + 1 },
        );
      }
      features.push(value);
    }
    const target = row.fields[targetIndex] ?? '';
    if (naValues.has(target)) {
      if (!dropRows) throw emptyCell(row, targetIndex, opts.target, 'target cell', target);
      hasEmpty = true;
    }
    if (hasEmpty) {
      dropped += 1;
      continue;
    }
    if (seenRows !== undefined) {
      const key = JSON.stringify([features, target]);
      if (seenRows.has(key)) {
        dropped += 1;
        continue;
      }
      seenRows.add(key);
    }
    cells.push(features);
    rawTarget.push(target);
    kept.push(row);
  }
  if (cells.length === 0)
    throw new DataError(
      'CSV_ALL_ROWS_DROPPED',
      `${fn}: ${file}: all ${rows.length - 1} data rows had empty cells and were dropped (${csvOptionText(style, 'missing', 'drop-rows')}); nothing left to learn from`,
      { file },
    );
  const { X, featureNames } = oneHotEncode(cells, featureIndices.map((j) => header[j] ?? ''), featureIndices.map((j) => textColumns.has(j)));
  const encoded = encodeTarget(fn, file, opts.task ?? 'auto', opts.target, targetIndex, rawTarget, kept, style);
  const dataset: Dataset = {
    id: opts.id ?? baseName(file),
    task: encoded.task,
    // float64: every parsed number stays exactly what the text said.
    X: fromRows(X, 'float64'),
    y: encoded.y,
    featureNames,
    targetName: opts.target,
    source: file,
  };
  if (encoded.classes !== undefined) dataset.classes = encoded.classes;
  if (dropRows || opts.dropDuplicates === true) dataset.droppedRows = dropped;
  if (encoded.note !== undefined) dataset.notes = [encoded.note];
  return dataset;
}

/**
 * Parse CSV text into a {@link Dataset} (no file or network access, so it also runs in browsers).
 *
 * Parsing uses csv-parse (RFC 4180 quoting, a UTF-8 BOM is skipped, blank lines are skipped,
 * fields are trimmed). The delimiter is detected from the header line among `,` `;` and tab
 * unless given. Every error is a {@link DataError} whose message names the source, the line
 * (1-based, the header is line 1) and the column. See {@link CsvOptions.task} for how the
 * target's task is chosen; class codes follow scikit-learn's `LabelEncoder` (sorted labels).
 *
 * @example
 * ```ts
 * const ds = parseCsv('x,label\n1,no\n2,yes\n3,no\n', { target: 'label', sourceName: 'inline.csv' });
 * // ds.task === 'binary', ds.classes = ['no', 'yes'], ds.y = [0, 1, 0], toRows(ds.X) = [[1], [2], [3]]
 * ```
 */
export function parseCsv(text: string, opts: ParseCsvOptions): Dataset {
  assertKnownOptions('parseCsv', opts, PARSE_CSV_OPTIONS, invalidOption);
  return parseCsvAs('parseCsv', text, opts);
}

/**
 * Read a CSV file (a path, a `file:` URL, or an `http(s)` URL fetched with `fetch`) into a
 * {@link Dataset}. Same rules and errors as {@link parseCsv}; `Dataset.source` is the absolute
 * path or the URL.
 *
 * @example
 * ```ts
 * import { loadCsv } from '@initlab/data';
 * const ds = await loadCsv('./housing.csv', { target: 'MEDV' });
 * console.log(ds.task, ds.featureNames); // 'regression' ['RM', 'LSTAT', 'PTRATIO']
 * ```
 */
export async function loadCsv(source: string | URL, opts: LoadCsvOptions): Promise<Dataset> {
  assertKnownOptions('loadCsv', opts, LOAD_CSV_OPTIONS, invalidOption);
  const { text, name } = await readSource('loadCsv', source, opts);
  return parseCsvAs('loadCsv', text, { ...opts, sourceName: name });
}

async function readSource(
  fn: string,
  source: string | URL,
  opts: { signal?: AbortSignal; fetch?: typeof fetch },
): Promise<{ text: string; name: string }> {
  const href = source instanceof URL ? source.href : source;
  if (typeof href !== 'string' || href === '')
    throw new DataError('INVALID_OPTION', `${fn}: source must be a file path or a URL, got ${JSON.stringify(source)}`);
  if (/^https?:\/\//i.test(href)) return { text: await fetchText(fn, href, opts), name: href };
  const { fs, path, url } = await nodeModules();
  let filePath: string;
  if (/^file:/i.test(href)) {
    filePath = url.fileURLToPath(href);
  } else if (source instanceof URL) {
    throw new DataError('INVALID_OPTION', `${fn}: source URL must be file:, http: or https:, got ${JSON.stringify(href)}`);
  } else {
    filePath = path.resolve(href);
  }
  try {
    return { text: await fs.readFile(filePath, { encoding: 'utf8', signal: opts.signal }), name: filePath };
  } catch (err) {
    if (opts.signal?.aborted === true)
      throw new DataError('ABORTED', `${fn}: reading ${filePath} was aborted`, { cause: err, file: filePath });
    throw new DataError('READ_FAILED', `${fn}: cannot read ${filePath} (${describeCause(err)})`, { cause: err, file: filePath });
  }
}

async function fetchText(fn: string, href: string, opts: { signal?: AbortSignal; fetch?: typeof fetch }): Promise<string> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(href, opts.signal === undefined ? {} : { signal: opts.signal });
    if (!response.ok)
      throw new DataError('DOWNLOAD_FAILED', oneLine(`${fn}: ${href} answered HTTP ${response.status} ${response.statusText}`), {
        file: href,
      });
    return await response.text();
  } catch (err) {
    if (err instanceof DataError) throw err;
    if (opts.signal?.aborted === true)
      throw new DataError('ABORTED', `${fn}: download of ${href} was aborted`, { cause: err, file: href });
    throw new DataError('DOWNLOAD_FAILED', `${fn}: could not download ${href} (${describeCause(err)})`, { cause: err, file: href });
  }
}
