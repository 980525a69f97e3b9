// Writing CSV: the rows of a data set as a CSV file, written so that a reader never sees half a file.
// Quoting is csv-stringify's (the writing half of csv-parse, which reads our CSV); a field is quoted when it
// holds the delimiter, a quote, CR or LF, as RFC 4180 requires.
import { stringify } from 'csv-stringify/sync';
import { row } from '@initlab/matrix';
import { nodeModules } from './node.js';
import type { Dataset } from './types.js';

/**
 * Rows of a data set as CSV text: the original row index first (`row`), then the features and the target
 * as coded in the file (class labels as text). Lines end in LF, with one after the last row.
 *
 * @example
 * ```ts
 * datasetRowsCsv(await loadDataset('spirals'), [0, 5]).split('\n')[0]; // 'row,x0,x1,label'
 * ```
 */
export function datasetRowsCsv(data: Dataset, rows: readonly number[]): string {
  const header = ['row', ...data.featureNames, data.targetName];
  const records = rows.map((r) => [r, ...row(data.X, r), data.classes ? data.classes[data.y[r]!]! : data.y[r]!].map(String));
  // A lone CR or LF inside a field is quoted too, not only the record delimiter itself.
  return stringify([header, ...records], { quoted_match: /[\r\n]/ });
}

/**
 * Writes `text` to a temporary file beside `file` and renames it into place, so `file` is either the old
 * content or the whole new one, never a partial write. The temporary file is removed if the rename fails.
 * Errors are the file system's own (`EACCES`, `ENOENT`, `EISDIR`, …).
 *
 * @example
 * ```ts
 * await writeFileAtomically('split/train.csv', datasetRowsCsv(data, train));
 * ```
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const { fs } = await nodeModules();
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, text);
  try {
    await fs.rename(temporary, file);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
}
