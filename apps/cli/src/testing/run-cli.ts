// Spawns the built `initlab` binary for end-to-end tests. Asynchronous on purpose: a test worker blocked in
// spawnSync for a minute stops answering vitest's RPC ("Timeout calling onTaskUpdate").
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `initlab ARGS` as a user would (no colour, CI mode) and collects its output. `closeStdoutAfterLines`
 * closes the reading end of stdout once that many lines arrived, as `initlab … | head -1` does.
 */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; closeStdoutAfterLines?: number } = {},
): Promise<CliRun> {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run 'pnpm build' before the CLI tests`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const lines = opts.closeStdoutAfterLines;
      if (lines !== undefined && stdout.split('\n').length > lines) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
