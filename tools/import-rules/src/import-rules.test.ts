import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs dependency-cruiser with the workspace's rules in `cwd`; returns its exit code and report. */
function cruise(cwd: string, config: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'packages', 'apps', 'tools', '--config', config, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away workspace with the given files, the root config and a tsconfig.base.json. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'initlab-import-rules-'));
  fixtures.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const top of ['packages', 'apps', 'tools']) mkdirSync(join(dir, top), { recursive: true });
  copyFileSync(CONFIG, join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
  return dir;
}

/** Cruises a throw-away workspace of `files` and expects the rule `rule` to refuse it, naming `file`. */
function expectRefused(files: Record<string, string>, rule: string, file: string): void {
  const { status, output } = cruise(workspace(files), '.dependency-cruiser.cjs');
  expect(status).not.toBe(0);
  expect(output).toContain(rule);
  expect(output).toContain(file);
}

describe('the workspace import rules', () => {
  it('hold for every package, app and tool in this repository', () => {
    const { status, output } = cruise(ROOT, CONFIG);
    expect(output).not.toMatch(/error/);
    expect(status).toBe(0);
  });

  it('refuse a relative import into another package', () => {
    expectRefused(
      {
        'packages/a/src/index.ts': "import { b } from '../../b/src/index.js';\nexport const a = b + 1;\n",
        'packages/b/src/index.ts': 'export const b = 1;\n',
      },
      'no-cross-package-relative-import',
      'packages/a/src/index.ts',
    );
  });

  it('refuse an import cycle inside a package, also one made of types only', () => {
    expectRefused(
      {
        'apps/x/src/main.ts': "import { run } from './command.js';\nexport interface Io { out: string }\nexport const main = run;\n",
        'apps/x/src/command.ts': "import type { Io } from './main.js';\nexport const run = (io: Io): string => io.out;\n",
      },
      'no-import-cycle',
      'apps/x/src/command.ts',
    );
  });

  it('allow relative imports inside a package and imports of another package by name', () => {
    const dir = workspace({
      'packages/a/src/index.ts': "import { helper } from './helper.js';\nexport const a = helper();\n",
      'packages/a/src/helper.ts': 'export const helper = (): number => 1;\n',
    });
    const { status, output } = cruise(dir, '.dependency-cruiser.cjs');
    expect(output).not.toMatch(/error/);
    expect(status).toBe(0);
  });
});
