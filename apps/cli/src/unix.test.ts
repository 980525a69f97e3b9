// The command line as a Unix tool: pipes that close early, usage errors, and warnings, through the built binary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataEnv = { INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets'), INITLAB_OFFLINE: '1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-unix-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a command line that behaves like a Unix tool', () => {
  it('ends quietly with exit 0 when the reader closes stdout (initlab diagnose | head -1)', async () => {
    const r = await runCli(['diagnose', '--depth', '3', '--width', '8'], { closeStdoutAfterLines: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 × 8 tanh layers/);
  });

  it('treats a missing command as a usage error: help on stderr, exit 2; asked-for help exits 0', async () => {
    for (const args of [[], ['datasets']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: initlab/);
    }
    for (const args of [['--help'], ['help'], ['help', 'datasets'], ['datasets', '--help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: initlab/);
    }
  });

  it('warns on stderr when --workers exceeds the cores, with both numbers', async () => {
    const cores = os.availableParallelism();
    const file = path.join(tmp, 'one-run.yaml');
    fs.writeFileSync(file, 'name: one\ndata: { dataset: moons }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\nseeds: 1\n');
    const r = await runCli(['sweep', file, '--out', path.join(tmp, 'workers'), '--workers', String(cores + 1), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: --workers ${cores + 1} is more than the ${cores} CPU cores here`);
    const within = await runCli(['sweep', file, '--out', path.join(tmp, 'workers'), '--workers', String(cores), '--quiet']);
    expect(within.code, within.stderr).toBe(0);
    expect(within.stderr).not.toContain('warning');
  });

  it('--threads gives the same results on 1 and 2 threads, and refuses more than the cores or a non-integer, exit 2', async () => {
    const cores = os.availableParallelism();
    // 2 × 256 ReLU at batch 128: products large enough to be split
    const args = ['compare', '--dataset', 'moons', '--hidden', '256,256', '--activation', 'relu', '--batch-size', '128', '--epochs', '2', '--seeds', '1', '--initializers', 'he_normal', '--json'];
    const one = await runCli([...args, '--threads', '1'], { env: dataEnv });
    const two = await runCli([...args, '--threads', String(Math.min(2, cores))], { env: dataEnv });
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const metrics = (r: { stdout: string }) => (JSON.parse(r.stdout) as { results: { metrics: unknown }[] }).results.map((x) => x.metrics);
    expect(metrics(two)).toEqual(metrics(one));
    const tooMany = await runCli([...args, '--threads', String(cores + 1)], { env: dataEnv });
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toBe(`initlab: --threads must be at most the ${cores} CPU cores here, got ${cores + 1}\n`);
    const half = await runCli([...args, '--threads', '1.5'], { env: dataEnv });
    expect(half.code).toBe(2);
    expect(half.stderr).toBe("initlab: --threads must be an integer >= 1, got '1.5'\n");
  });

  it('says to drop --scale-target on a classification task, in one line, exit 2', async () => {
    const r = await runCli(['compare', '--dataset', 'moons', '--scale-target', '--epochs', '1', '--seeds', '1', '--initializers', 'zeros']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('initlab: --scale-target applies to regression targets, but moons has a classification target; drop --scale-target\n');
  });

  it('compare states the architecture, optimizer, learning rate, epochs and batch size, one line before the table', async () => {
    const r = await runCli([
      'compare', '--epochs', '2', '--seeds', '1', '--initializers', 'zeros', '--hidden', '8,4', '--activation', 'tanh',
      '--optimizer', 'sgd', '--lr', '0.05', '--batch-size', '16',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const setup = lines.findIndex((l) => l.startsWith('model: '));
    expect(lines[setup]).toMatch(/^model: Dense\(8, tanh\) → Dense\(4, tanh\) → Dense\(1, sigmoid\), .* · training: sgd, learning rate 0\.05, 2 epochs, batch size 16,/);
    expect(setup).toBeGreaterThan(0);
    expect(setup).toBeLessThan(lines.findIndex((l) => l.startsWith('test accuracy')));
  });

  it('datasets list fits 100 columns; the licence is in datasets info', async () => {
    const list = await runCli(['datasets', 'list']);
    expect(list.code).toBe(0);
    for (const line of list.stdout.trimEnd().split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(list.stdout).not.toContain('CC BY 4.0');
    expect(list.stdout).toMatch(/wine-quality-red .* real \(downloaded\)/);
    const info = await runCli(['datasets', 'info', 'wine-quality-red']);
    expect(info.stdout).toContain('licence: CC BY 4.0');
    const mnist = await runCli(['datasets', 'info', 'mnist']);
    expect(mnist.code).toBe(0);
    expect(mnist.stdout).toContain('licence: CC BY-SA 3.0');
    expect(mnist.stdout).toMatch(/^citation: Y\. LeCun, L\. Bottou, Y\. Bengio and P\. Haffner, "Gradient-based learning/m);
    expect(mnist.stdout).toContain('sample shape: 28 × 28 × 1');
    expect(mnist.stdout).toContain('split: the published 60000 training / 10000 test rows (split.predefined: true)');
    expect(mnist.stdout).toContain(
      'file: mnist/train-images-idx3-ubyte(.gz) from https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz; 47040016 bytes decompressed, SHA-256 of the decompressed bytes ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    );
    const fashion = await runCli(['datasets', 'info', 'fashion-mnist']);
    expect(fashion.stdout).toContain('licence: MIT (Zalando SE)');
    expect(fashion.stdout).toContain('classes: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot');
  });

  it('reproduce names its source by title and says how many seeds it ran', async () => {
    const r = await runCli(['reproduce', 'seed-wine', '--seeds', '2', '--backend', 'cpu'], { env: dataEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("published numbers from the red wine quality notebook (Keras on TensorFlow), beside initlab's mean over 2 seeds:");
    expect(r.stdout).not.toMatch(/seeds\/\d{3}_/);
  });
});

describe('long work is never silent', () => {
  const small = ['compare', '--dataset', 'moons', '--initializers', 'zeros,he_normal', '--seeds', '2', '--epochs', '4'];

  it('states the plan on stderr before training: runs, epochs and a measured estimate', async () => {
    const r = await runCli(small, { env: dataEnv });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^plan: 4 runs × 4 epochs \(4 to train, 0 done, 1 ensemble\) · about [\d.]+ (s|min) of training \(measured: 3 epochs of 4 runs in [\d.]+ s\)\n/);
  });

  it('--dry-run prints the plan and trains and writes nothing', async () => {
    const out = path.join(tmp, 'dry');
    const r = await runCli([...small, '--dry-run', '--out', out], { env: dataEnv });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan: 4 runs × 4 epochs \(4 to train, 0 done, 1 ensemble\) · about /);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a plan estimated above 15 minutes without --yes, saying how long and the way on', async () => {
    const r = await runCli(['compare', '--dataset', 'moons', '--epochs', '1000000'], { env: dataEnv });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^initlab: this plan would train for about \d+ h( \d+ min)? \(20 runs × 1000000 epochs\): add --yes to run it, or make it smaller/);
    const dry = await runCli(['compare', '--dataset', 'moons', '--epochs', '1000000', '--dry-run'], { env: dataEnv });
    expect(dry.code).toBe(0);
  });

  it('without a terminal, reports progress on stderr as lines, unless --quiet', async () => {
    const env = { ...dataEnv, INITLAB_PROGRESS_SECONDS: '0' };
    const r = await runCli(small, { env });
    expect(r.stderr).toMatch(/^progress: \d+ of 4 runs finished · ensemble 1\/1, epoch \d\/4 · [\d.]+ s elapsed$/m);
    const quiet = await runCli([...small, '--quiet'], { env });
    expect(quiet.stderr).toBe('');
  });
});
