// The paper files shipped with this package (experiments/papers/<id>.yaml): their ids, and reading one by id
// or path. Node only (they are read from disk).
import { ExperimentError } from './errors.js';
import { readTextFile } from './parse.js';
import { parsePaper } from './paper-run.js';
import type { PaperFile } from './paper-schema.js';
import { didYouMean } from '@initlab/errors';

/** The folder of the shipped paper files, as a `file:` URL (src/ in the sources, dist/ in the build; the files sit beside both). */
export function paperFolder(): URL {
  return new URL('../experiments/papers/', import.meta.url);
}

/**
 * The ids of the shipped paper files, in the order their files sort (by year within the literature is the
 * files' own business: each id ends in its year).
 *
 * @example
 * ```ts
 * await paperIds(); // ['bachlechner-2020-rezero', 'glorot-2010', …]
 * ```
 */
export async function paperIds(): Promise<string[]> {
  const fs = await import('node:fs/promises');
  const names = await fs.readdir(paperFolder());
  return names.filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -'.yaml'.length)).sort();
}

/**
 * A shipped paper file by id, or any paper file by path (a name ending in .yaml, .yml or .json).
 *
 * @throws {ExperimentError} `INVALID_CONFIG` for an unknown id (with the closest one), `READ_FAILED`,
 *   `PARSE_FAILED`.
 */
export async function loadPaper(idOrPath: string): Promise<PaperFile> {
  const isPath = /\.(ya?ml|json)$/i.test(idOrPath);
  let url: URL | string = idOrPath;
  if (!isPath) {
    const ids = await paperIds();
    if (!ids.includes(idOrPath)) {
      throw new ExperimentError('INVALID_CONFIG', `unknown paper '${idOrPath}'${didYouMean(idOrPath, ids)}; the papers are ${ids.join(', ')} (or give a paper file's path)`);
    }
    url = new URL(`${idOrPath}.yaml`, paperFolder());
  }
  const text = await readTextFile(url, (reason) => `cannot read the paper file ${idOrPath}: ${reason}`);
  const name = isPath ? idOrPath : `${idOrPath}.yaml`;
  const paper = parsePaper(text, name);
  if (!isPath && paper.id !== idOrPath) throw new ExperimentError('INVALID_CONFIG', `${name}: id is '${paper.id}', but the file is named for '${idOrPath}'; they must match`);
  return paper;
}
