#!/usr/bin/env node
// `pnpm pack:all [DIR]`: every package a user installs, packed as it would be published (publishConfig applied,
// `workspace:` ranges rewritten to versions), into DIR (default `packed/`), so that plain npm can install them
// before anything is on the registry:  npm install DIR/*.tgz && npx initlab --help
// `--no-build` skips the build (the tests run it after one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Workspace packages a user installs: every package under packages/ and apps/ that is not private. */
export function publishablePackages() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of fs.readdirSync(join(root, group)).sort()) {
      const file = join(root, group, entry, 'package.json');
      if (!fs.existsSync(file)) continue;
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!pkg.private) out.push({ name: pkg.name, dir: join(root, group, entry) });
    }
  }
  return out;
}

function main() {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--no-build');
  if (unknown.length > 0 || positional.length > 1) {
    process.stderr.write(`pack:all: usage: pnpm pack:all [DIR] [--no-build], got ${args.join(' ')}\n`);
    process.exit(2);
  }
  const dest = resolve(positional[0] ?? join(root, 'packed'));

  function run(command, commandArgs, cwd) {
    const r = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
      process.stderr.write(`pack:all: ${command} ${commandArgs.join(' ')} failed in ${relative(root, cwd) || '.'}${r.error ? ` (${r.error.message})` : ''}\n`);
      process.exit(1);
    }
    return r.stdout;
  }

  const packages = publishablePackages();
  if (build) {
    const filters = packages.map((p) => `--filter=${p.name}`);
    run(process.execPath, [join(root, 'node_modules', 'turbo', 'bin', 'turbo'), 'run', 'build', ...filters, '--output-logs=errors-only'], root);
  }
  fs.mkdirSync(dest, { recursive: true });
  const pnpm = join(root, 'node_modules', '.bin', 'pnpm');
  const tarballs = [];
  for (const pkg of packages) {
    if (!fs.existsSync(join(pkg.dir, 'dist'))) {
      process.stderr.write(`pack:all: ${pkg.name} is not built; run without --no-build\n`);
      process.exit(1);
    }
    const printed = run(pnpm, ['pack', '--pack-destination', dest], pkg.dir).trim().split('\n').pop().trim();
    tarballs.push(join(dest, printed.split('/').pop()));
  }
  process.stdout.write(
    `${tarballs.map((t) => relative(process.cwd(), t)).join('\n')}\n\n` +
      `install them with plain npm in any project folder:\n  npm install ${relative(process.cwd(), dest) || '.'}/*.tgz\n  npx initlab --help\n`,
  );
}

// Imported (by the tests, for the package list), it only defines; run, it packs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
