// What a user gets from `npm install @initlab/x`: the tarball `pnpm pack` makes (publishConfig applied,
// workspace: ranges rewritten), installed by plain npm into an empty folder, running the README's example.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// Asynchronous on purpose: a test worker blocked in execFileSync stops answering vitest's RPC.
const run = promisify(execFile);

export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface WorkspacePackage {
  name: string;
  dir: string;
  dependencies: Record<string, string>;
}

function readPackage(dir: string): WorkspacePackage {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  return { name: pkg.name, dir, dependencies: pkg.dependencies ?? {} };
}

/** Every publishable workspace package under `packages/`, by name. */
export function workspacePackages(): Map<string, WorkspacePackage> {
  const byName = new Map<string, WorkspacePackage>();
  const base = path.join(repoRoot, 'packages');
  for (const entry of fs.readdirSync(base)) {
    const dir = path.join(base, entry);
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const pkg = readPackage(dir);
      byName.set(pkg.name, pkg);
    }
  }
  return byName;
}

/** The package and every workspace package it depends on, transitively (npm cannot fetch unpublished ones). */
export function workspaceClosure(name: string): WorkspacePackage[] {
  const all = workspacePackages();
  const seen = new Map<string, WorkspacePackage>();
  const visit = (n: string): void => {
    const pkg = all.get(n);
    if (!pkg) throw new Error(`pack-check: '${n}' is not a workspace package; known: ${[...all.keys()].join(', ')}`);
    if (seen.has(n)) return;
    seen.set(n, pkg);
    for (const [dep, range] of Object.entries(pkg.dependencies)) if (range.startsWith('workspace:')) visit(dep);
  };
  visit(name);
  return [...seen.values()];
}

/** The first ```js block of a README: the example a user copies. */
export function readmeExample(readme: string): string {
  const match = /```(?:js|javascript|mjs)\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('pack-check: README has no ```js example block');
  return match[1];
}

export interface PackCheckResult {
  folder: string;
  tarballs: string[];
  stdout: string;
}

export interface PackInstallResult {
  folder: string;
  tarballs: string[];
}

/**
 * Packs `name` and its workspace dependencies and installs the tarballs into a new empty folder with
 * `npm install ./a.tgz ./b.tgz` (so npm takes every `@initlab` package from a tarball, never the registry).
 * Throws with npm's output when a step fails. The packages must be built (`dist/`) first.
 */
export async function packAndInstall(name: string): Promise<PackInstallResult> {
  const closure = workspaceClosure(name);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-pack-'));
  const pnpm = path.join(repoRoot, 'node_modules', '.bin', 'pnpm');
  const tarballs: string[] = [];
  for (const pkg of closure) {
    if (!fs.existsSync(path.join(pkg.dir, 'dist'))) {
      throw new Error(`pack-check: ${pkg.name} is not built; run 'pnpm build' first`);
    }
    const { stdout: out } = await run(pnpm, ['pack', '--pack-destination', folder], { cwd: pkg.dir, encoding: 'utf8' });
    const tgz = out.trim().split('\n').pop()!.trim();
    tarballs.push(path.isAbsolute(tgz) ? tgz : path.join(folder, path.basename(tgz)));
  }
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs.map((t) => `./${path.basename(t)}`)],
    { cwd: folder, encoding: 'utf8' },
  );
  return { folder, tarballs };
}

/**
 * {@link packAndInstall}, then writes the README example to `example.mjs` and runs it with `node`.
 * Throws with npm's or node's output when a step fails.
 */
export async function packAndRunExample(name: string): Promise<PackCheckResult> {
  const { folder, tarballs } = await packAndInstall(name);
  const main = workspaceClosure(name)[0]!;
  fs.writeFileSync(path.join(folder, 'example.mjs'), readmeExample(fs.readFileSync(path.join(main.dir, 'README.md'), 'utf8')));
  const { stdout } = await run(process.execPath, ['example.mjs'], { cwd: folder, encoding: 'utf8' });
  return { folder, tarballs, stdout };
}
