// Writing CSV: the one field quoter of the repository (report's runs CSV uses it too) and the rows of a data
// set as a CSV file, written so that a reader never sees half a file.
import { nodeModules } from './node.js';
import type { Dataset } from './types.js';

/**
 * Quote one CSV field as RFC 4180 requires: unchanged unless it contains `,`, `"`, CR or LF; then wrapped in
 * double quotes with every inner `"` doubled.
 *
 * @example
 * ```ts
 * csvField('he_normal');           // 'he_normal'
 * csvField('{"name":"zeros"}');    // '"{""name"":""zeros""}"'
 * ```
 */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
  const line = (values: readonly (string | number)[]): string => values.map((v) => csvField(String(v))).join(',');
  const header = line(['row', ...data.featureNames, data.targetName]);
  const lines = rows.map((r) => line([r, ...data.X[r]!, data.classes ? data.classes[data.y[r]!]! : data.y[r]!]));
  return `${[header, ...lines].join('\n')}\n`;
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
