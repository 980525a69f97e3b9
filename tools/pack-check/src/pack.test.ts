import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packAndInstall, packAndRunExample, readmeExample, workspaceClosure } from './pack-check.js';

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
});

describe('published tarballs', () => {
  // Packages whose closure needs nothing but the npm registry's public packages.
  for (const name of ['@initlab/errors', '@initlab/random', '@initlab/initializers', '@initlab/preprocess', '@initlab/results', '@initlab/eval', '@initlab/theory']) {
    it(`${name} installs with plain npm into an empty folder and its README example runs`, async () => {
      const result = await packAndRunExample(name);
      folders.push(result.folder);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
      for (const tarball of result.tarballs) {
        const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
        const stray = entries.filter((e) => !/^package\/(dist\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(e));
        expect(stray, `${path.basename(tarball)} ships only dist/ and metadata`).toEqual([]);
        // publishConfig drops the `source` condition: a user never resolves to unbuilt TypeScript.
        const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
        expect(manifest).not.toContain('"source"');
        expect(manifest).not.toContain('workspace:');
        // @initlab/wasm is private and bundled in: no published dependency on it, no dist file importing it.
        const { dependencies = {}, peerDependencies = {} } = JSON.parse(manifest) as Record<string, Record<string, string>>;
        expect(Object.keys({ ...dependencies, ...peerDependencies })).not.toContain('@initlab/wasm');
        const dist = execFileSync('tar', ['-xzOf', tarball, '--wildcards', 'package/dist/*.js', 'package/dist/*.d.ts'], { encoding: 'utf8' });
        expect(dist).not.toContain('@initlab/wasm');
      }
    }, 180_000);
  }
});

describe('@initlab/report from its tarball', () => {
  it('installs alone without any @tensorflow package and imports', async () => {
    const { folder } = await packAndInstall('@initlab/report');
    folders.push(folder);
    const installed = (scope: string): string[] => {
      const dir = path.join(folder, 'node_modules', scope);
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    };
    // Rendering a results folder needs the format, the statistics and the mean-field theory (a heatmap's
    // 6 ξ_c curve, which brings @initlab/random), not the training stack.
    expect(installed('@tensorflow')).toEqual([]);
    expect(installed('@initlab').sort()).toEqual(['errors', 'eval', 'random', 'report', 'results', 'theory']);
    fs.writeFileSync(path.join(folder, 'import.mjs'), "const m = await import('@initlab/report'); console.log(typeof m.renderReport, typeof m.writeReport);\n");
    expect(execFileSync(process.execPath, ['import.mjs'], { cwd: folder, encoding: 'utf8' }).trim()).toBe('function function');
  }, 300_000);
});

describe('helpers', () => {
  it('takes the first js block of a README', () => {
    expect(readmeExample('# x\n```sh\nnpm i\n```\n```js\nconsole.log(1)\n```\n```js\nno\n```')).toBe('console.log(1)\n');
    expect(() => readmeExample('no code')).toThrowErrorMatchingInlineSnapshot(`[Error: pack-check: README has no \`\`\`js example block]`);
  });

  it('includes workspace dependencies transitively', () => {
    expect(workspaceClosure('@initlab/initializers').map((p) => p.name)).toEqual(['@initlab/initializers', '@initlab/errors', '@initlab/random']);
  });
});
