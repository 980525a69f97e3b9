import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fetchDataset, getDatasetInfo } from '@initlab/data';
import { SITE_DATASETS, SITE_DATA_FOLDER, siteDataFile } from '../docs/.vitepress/theme/playground/site-data.js';
import { dataDir, docsDir, write } from './lib/context.js';

/** The folder (under the site root) the playground passes to `useBackend('wasm', { wasmPaths })`. */
export const WASM_FOLDER = 'tfjs-wasm';

/**
 * Copies the tfjs WASM binaries (plain, SIMD, threaded SIMD) from the installed
 * `@tensorflow/tfjs-backend-wasm` into `docs/public/tfjs-wasm/`, so the built site serves them itself.
 */
export function copyWasm(): string[] {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const target = join(docsDir, 'public', WASM_FOLDER);
  mkdirSync(target, { recursive: true });
  const files = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`generate: no .wasm files in ${dist}; is @tensorflow/tfjs-backend-wasm installed?`);
  for (const f of files) copyFileSync(join(dist, f), join(target, f));
  return files;
}

/**
 * Writes a decompressed copy of each data set the playground trains on (`digits.csv`) into `docs/public/data/`,
 * from the verified file in the data folder (`INITLAB_DATA_DIR`; never downloaded). The registry's SHA-256 is of
 * the decompressed content, so the copy is checked against it again before it is written.
 */
export async function copySiteData(): Promise<string[]> {
  const written: string[] = [];
  for (const id of SITE_DATASETS) {
    const found = await fetchDataset(id, { dataDir: dataDir(), offline: true });
    const raw = readFileSync(found.path);
    const content = found.path.endsWith('.gz') ? gunzipSync(raw) : raw;
    const file = getDatasetInfo(id).files!.find((f) => f.role === 'data')!;
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (sha256 !== file.sha256) throw new Error(`generate: ${found.path} decompresses to SHA-256 ${sha256}, but ${id} expects ${file.sha256}`);
    const name = siteDataFile(id);
    write(join(docsDir, 'public', SITE_DATA_FOLDER, name), content);
    written.push(name);
  }
  return written;
}

/** The files the built site serves itself: the tfjs WASM binaries and the playground's data. */
export async function copyAssets(): Promise<string[]> {
  return [...copyWasm(), ...(await copySiteData())];
}
