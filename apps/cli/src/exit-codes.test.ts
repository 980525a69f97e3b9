// One case per row of the exit-code table in apps/cli/README.md, through the built binary. Downloads go to a
// local server on 127.0.0.1, never the internet.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runCli, type CliRun } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets');
const env = { INITLAB_DATA_DIR: dataDir, INITLAB_OFFLINE: '1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-exit-'));

let server: Server;
let origin = '';
beforeAll(async () => {
  // Stands in for a data host that is up but broken.
  server = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('broken');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function initlab(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: tmp, env: { ...env, ...extraEnv } });
}

/** One line on stderr naming what is wrong, and the exit code of its kind. */
function expectOneLineError(r: CliRun, code: number, pattern: RegExp): void {
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(code);
}

const FAST = ['--epochs', '1', '--seeds', '1', '--initializers', 'zeros'];

describe('exit codes (apps/cli/README.md)', () => {
  it('2: a missing CSV', async () => {
    expectOneLineError(await initlab(['compare', '--csv', 'nothere.csv', '--target', 'y']), 2, /nothere\.csv.*no such file/);
  });

  it('2: a missing experiment file', async () => {
    expectOneLineError(await initlab(['sweep', path.join(tmp, 'nothere.yaml'), '--out', path.join(tmp, 'never')]), 2, /nothere\.yaml/);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  it('1: a download failure, wrapped as a data failure or not', async () => {
    const url = `${origin}/data.csv`;
    expectOneLineError(await initlab(['compare', '--csv', url, '--target', 'y', ...FAST]), 1, /HTTP 500/);
    // Nothing listens on port 9 of 127.0.0.1 (discard), so the connection is refused.
    expectOneLineError(await initlab(['compare', '--csv', 'http://127.0.0.1:9/data.csv', '--target', 'y', ...FAST]), 1, /could not download/);
  });

  it('2: --out is a file', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    expectOneLineError(await initlab(['compare', ...FAST, '--out', file]), 2, /a-file is a file, not a folder/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('2: --out holds another experiment', async () => {
    const out = path.join(tmp, 'other');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'experiment.json'), JSON.stringify({ config: { name: 'not-compare' } }));
    expectOneLineError(await initlab(['compare', ...FAST, '--out', out]), 2, /holds results of experiment "not-compare"/);
  });

  it('1: a training failure', async () => {
    // Worker threads run --require preloads too (not --import ones); this one throws there, and only there.
    const preload = path.join(tmp, 'fail-in-workers.cjs');
    fs.writeFileSync(preload, "const { isMainThread } = require('node:worker_threads');\nif (!isMainThread) throw new Error('injected worker failure');\n");
    const file = path.join(tmp, 'two-seeds.yaml');
    fs.writeFileSync(file, 'name: two\ndata: { dataset: moons }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\nseeds: 2\n');
    const r = await initlab(['sweep', file, '--out', path.join(tmp, 'failed'), '--workers', '2'], {
      NODE_OPTIONS: `--require=${preload}`,
    });
    expectOneLineError(r, 1, /training .* failed: .*injected worker failure/);
  });

  it('130: SIGINT during a sweep, after saving the runs that finished', async () => {
    const out = path.join(tmp, 'sweep');
    const file = path.join(tmp, 'sweep.yaml');
    const widths = Array.from({ length: 12 }, (_, i) => 8 + i);
    fs.writeFileSync(
      file,
      `name: interrupt\ndata: { dataset: moons }\nmodel: { hidden: [8] }\ntraining: { epochs: 40 }\ninitializers: [he_normal]\nseeds: 2\ngrid: { width: [${widths.join(', ')}] }\n`,
    );
    const child = spawn(process.execPath, [bin, 'sweep', file, '--out', out, '--quiet'], {
      cwd: tmp,
      env: { ...process.env, ...env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const results = path.join(out, 'results.jsonl');
    const lines = (): string[] => (fs.existsSync(results) ? fs.readFileSync(results, 'utf8').split('\n').filter(Boolean) : []);
    // Interrupt as soon as the first ensemble is saved.
    for (let waited = 0; lines().length === 0; waited += 50) {
      if (waited > 90_000) throw new Error(`no run finished in 90 s; stderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const code = await closed;
    expect(code, stderr).toBe(130);
    const saved = lines();
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThan(widths.length * 2);
    for (const line of saved) expect(JSON.parse(line)).toHaveProperty('runId');
    expect(stdout).toMatch(/stopped early: finished runs are kept/);
    expect(stderr).toMatch(/^initlab: interrupted: \d+ of 24 runs did not finish/);
    expect(fs.existsSync(path.join(out, 'report.md'))).toBe(true);
  }, 120_000);
});
