#!/usr/bin/env node
// `pnpm initlab …` from a clone: build the CLI and what it depends on (turbo caches it), then run it with
// the user's arguments. Turbo's telemetry notice and task summary are not the user's business: its output
// is shown only when the build fails, and a one-line note says what is happening when the build is slow.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', 'turbo', 'bin', 'turbo');

const slowNote = setTimeout(() => process.stderr.write('initlab: building the workspace packages (only slow the first time)…\n'), 1500);
const build = spawnSync(process.execPath, [turbo, 'run', 'build', '--filter=@initlab/cli...', '--output-logs=errors-only'], {
  cwd: root,
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
clearTimeout(slowNote);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`initlab: building the CLI failed${build.error ? ` (${build.error.message})` : ''}; see the output above\n`);
  process.exit(1);
}

const cli = spawn(process.execPath, [join(root, 'apps', 'cli', 'dist', 'bin.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the CLI through the shared process group; the launcher only mirrors how the CLI ended.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => cli.kill('SIGTERM'));
cli.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
