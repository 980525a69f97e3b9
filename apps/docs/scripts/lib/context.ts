import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg, withSiteConfig } from './render.js';

/** apps/docs */
export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The repository root. */
export const repoRoot = resolve(appDir, '..', '..');
/** VitePress source folder. */
export const docsDir = join(appDir, 'docs');
/** Generated snippets and numbers (a dot folder: VitePress makes no pages from it). */
export const generatedDir = join(docsDir, '.generated');
/** Generated SVG figures, served as static files. */
export const figuresDir = join(docsDir, 'public', 'figures');

/**
 * Where the real data sets are: `INITLAB_DATA_DIR`, else `<repo>/../shared/datasets`. Generation never
 * downloads (offline), so a missing file is an error that names this folder.
 */
export function dataDir(): string {
  return process.env.INITLAB_DATA_DIR ?? resolve(repoRoot, '..', 'shared', 'datasets');
}

/** Writes a file, creating its folder; returns the path. */
export function write(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Writes JSON numbers under `.generated/`. */
export function writeJson(name: string, value: unknown): void {
  write(join(generatedDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads JSON written by {@link writeJson} on an earlier run, or `null`. */
export function readJson<T>(name: string): T | null {
  const path = join(generatedDir, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

/**
 * Renders a spec and writes `public/figures/<name>.svg`, and beside it the spec with the site's config as
 * `<name>.vl.json` (published too: for readers, and for the tests that check what each chart draws from the built
 * site alone); returns the site URL of the figure.
 */
export async function writeFigure(name: string, spec: TopLevelSpec): Promise<string> {
  write(join(figuresDir, `${name}.svg`), await renderSvg(spec));
  write(join(figuresDir, `${name}.vl.json`), `${JSON.stringify(withSiteConfig(spec))}\n`);
  return `/figures/${name}.svg`;
}

/** Writes a Markdown snippet under `.generated/` for a guide page to include. */
export function writeSnippet(name: string, markdown: string): void {
  write(join(generatedDir, `${name}.md`), `${markdown.trim()}\n`);
}

/** Logs how long a step took. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`generate: ${name} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}
