// The install and release instructions the root README gives, run as written: `pnpm pack:all` tarballs installed
// by plain npm into an empty folder (the CLI and a library's README example run), `changeset version` on a copy
// of the workspace, and the publish dry run. The packages must be built first (the test command builds them).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { publishablePackages } from '../../../scripts/pack-all.mjs';
import { readmeExample, repoRoot } from './pack-check.js';

// Asynchronous on purpose: a test worker blocked in execFileSync stops answering vitest's RPC.
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-release-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const bin = (name: string): string => path.join(repoRoot, 'node_modules', '.bin', name);

// The one list of what a user installs is the packing script's.
const publishable = (): string[] => (publishablePackages() as { name: string }[]).map((p) => p.name).sort();

describe('install from a clone before the first release', () => {
  it('pnpm pack:all packs every package; plain npm installs them; npx initlab runs; a README example runs', async () => {
    const packed = path.join(tmp, 'packed');
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'scripts', 'pack-all.mjs'), packed, '--no-build'], { cwd: tmp, encoding: 'utf8' });
    expect(stdout).toContain('npm install packed/*.tgz');
    const tarballs = fs.readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(publishable().length);

    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'a-user-project', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs.map((t) => path.join(packed, t))], { cwd: project, encoding: 'utf8' });

    const help = await run('npx', ['initlab', '--help'], { cwd: project, encoding: 'utf8' });
    expect(help.stdout).toMatch(/^Usage: initlab/);
    const diagnose = await run('npx', ['initlab', 'diagnose', '--depth', '3', '--width', '8'], { cwd: project, encoding: 'utf8', env: { ...process.env, INITLAB_OFFLINE: '1' } });
    expect(diagnose.stdout).toMatch(/^3 × 8 tanh layers/);

    const readme = fs.readFileSync(path.join(repoRoot, 'packages', 'initializers', 'README.md'), 'utf8');
    fs.writeFileSync(path.join(project, 'example.mjs'), readmeExample(readme));
    const example = await run(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(example.stdout.trim().length).toBeGreaterThan(0);
  }, 600_000);
});

describe('the release: changeset version, then changeset publish', () => {
  it('changeset version turns the pending changesets into versions and changelogs (on a copy of the workspace)', async () => {
    const copy = path.join(tmp, 'workspace');
    for (const file of ['package.json', 'pnpm-workspace.yaml']) fs.cpSync(path.join(repoRoot, file), path.join(copy, file));
    fs.cpSync(path.join(repoRoot, '.changeset'), path.join(copy, '.changeset'), { recursive: true });
    for (const group of ['packages', 'apps', 'tools']) {
      for (const entry of fs.readdirSync(path.join(repoRoot, group))) {
        const file = path.join(repoRoot, group, entry, 'package.json');
        if (fs.existsSync(file)) fs.cpSync(file, path.join(copy, group, entry, 'package.json'));
      }
    }
    await run(bin('changeset'), ['version'], { cwd: copy, encoding: 'utf8' });
    const pending = fs.readdirSync(path.join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pending).toEqual([]);
    for (const dir of ['packages/random', 'apps/cli']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(copy, dir, 'package.json'), 'utf8')) as { version: string };
      expect(pkg.version, dir).not.toBe('0.0.0');
      expect(fs.existsSync(path.join(copy, dir, 'CHANGELOG.md')), dir).toBe(true);
    }
  }, 120_000);

  it('the publish dry run packs every public package and nothing private', async () => {
    const { stdout, stderr } = await run(bin('pnpm'), ['publish', '-r', '--dry-run', '--no-git-checks'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const published = [...`${stdout}\n${stderr}`.matchAll(/^\+ (@initlab\/[\w-]+)@/gm)].map((m) => m[1]!).sort();
    expect(published).toEqual(publishable());
    expect(published).not.toContain('@initlab/wasm');
  }, 300_000);
});

describe('install instructions', () => {
  it('every file that tells a user to npm install an @initlab package says it waits for the first release', () => {
    const files: string[] = [path.join(repoRoot, 'README.md'), path.join(repoRoot, 'apps', 'docs', 'scripts', 'cli.ts')];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.md')) files.push(full);
      }
    };
    for (const group of ['packages', 'apps']) walk(path.join(repoRoot, group));
    const offenders = files.filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return /npm (?:install|i)(?: --global| -g)? @initlab\//.test(text) && !/first release/.test(text);
    });
    expect(offenders.map((f) => path.relative(repoRoot, f))).toEqual([]);
  });
});
