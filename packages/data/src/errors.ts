import { errorClass, kindTable, oneLine, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const DATA_ERROR_CODES = {
  usage: [
    'UNKNOWN_DATASET', 'UNKNOWN_TARGET', 'SYNTHETIC', 'INVALID_OPTION', 'OFFLINE', 'READ_FAILED', 'CSV_EMPTY',
    'CSV_NO_ROWS', 'CSV_MALFORMED', 'CSV_RAGGED', 'CSV_MISSING_TARGET', 'CSV_UNKNOWN_COLUMN',
    'CSV_DUPLICATE_COLUMN', 'CSV_NO_FEATURES', 'CSV_EMPTY_CELL', 'CSV_NOT_NUMERIC', 'CSV_ALL_ROWS_DROPPED',
    'CSV_ONE_CLASS', 'CSV_CLASS_COUNT', 'CSV_TEXT_COLUMN',
  ],
  runtime: ['CHECKSUM_MISMATCH', 'CORRUPT_FILE', 'DOWNLOAD_FAILED', 'CACHE_FAILED'],
  interrupted: ['ABORTED'],
} as const;

/**
 * Every failure code `@initlab/data` can raise.
 *
 * - Registry: `UNKNOWN_DATASET`, `UNKNOWN_TARGET`, `SYNTHETIC` (asked to fetch a generated set).
 * - Files and network: `CHECKSUM_MISMATCH`, `CORRUPT_FILE` (a bad gzip stream, a truncated or malformed IDX or
 *   scikit-learn file, image and label files that do not match), `DOWNLOAD_FAILED`, `OFFLINE`, `ABORTED`, `CACHE_FAILED`, `READ_FAILED`.
 * - CSV: every code starting with `CSV_`.
 * - Arguments: `INVALID_OPTION`.
 *
 * @example
 * ```ts
 * if (err instanceof DataError && err.code === 'CHECKSUM_MISMATCH') console.error(err.message);
 * ```
 */
export type DataErrorCode = CodeOf<typeof DATA_ERROR_CODES>;

/**
 * The kind (and so the CLI's exit code) of each code: a wrong id, option, file or CSV is the user's to fix;
 * a download, checksum or cache failure happened while doing it. `OFFLINE` is usage: `INITLAB_OFFLINE=1`
 * forbids the download the request needs.
 */
export const DATA_ERROR_KINDS = kindTable(DATA_ERROR_CODES);

/**
 * Where in a file an error was found (all optional; 1-based line and column, the header is line 1).
 *
 * @example
 * ```ts
 * const { file, line, column }: DataErrorLocation = err as DataError; // e.g. 'a.csv', 3, 2
 * ```
 */
export interface DataErrorLocation {
  /** The file path, URL or source name the error is about. */
  file?: string;
  /** 1-based physical line number; the header is line 1. */
  line?: number;
  /** 1-based column (field) number. */
  column?: number;
}

/**
 * The one error class of `@initlab/data`. The message is a single line that says what was
 * being done, the rule that was broken, the value received and what is allowed; `code` is
 * machine-readable and `file`/`line`/`column` locate CSV problems.
 *
 * @example
 * ```ts
 * import { DataError, loadDataset } from '@initlab/data';
 * try {
 *   await loadDataset('wine-quality-red', { offline: true });
 * } catch (err) {
 *   if (err instanceof DataError && err.code === 'OFFLINE') console.error(err.message);
 * }
 * ```
 */
export class DataError extends errorClass<DataErrorCode>('DataError', DATA_ERROR_KINDS) {
  /** File path, URL or source name the error is about, when there is one. */
  readonly file?: string;
  /** 1-based line (header = line 1), for CSV errors. */
  readonly line?: number;
  /** 1-based column, for CSV errors. */
  readonly column?: number;

  constructor(code: DataErrorCode, message: string, options: { cause?: unknown } & DataErrorLocation = {}) {
    // Messages are one line by contract; a cause's multi-line text must not leak through.
    super(code, oneLine(message), { cause: options.cause });
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
  }
}

export { describeCause, oneLine } from '@initlab/errors';

/** An unknown option key as this package's usage error (for `assertKnownOptions`). */
export const invalidOption = (message: string): DataError => new DataError('INVALID_OPTION', message);
