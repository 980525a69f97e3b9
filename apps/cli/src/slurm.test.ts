// The Slurm recipe, for real: deploy/slurm/submit.sh on a one-node Slurm cluster started here submits a sweep
// as a job array of shards and the merge as a dependent job; the merged runs are the runs of the same sweep
// on one machine, bit for bit, and a resubmitted shard resumes instead of training again.
// Needs Debian's slurm-wlm and munge (.ci/run installs them); without them the test fails and says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runCli } from './testing/run-cli.js';
import { startSlurmCluster, waitForJobs, type SlurmCluster } from './testing/slurm-cluster.js';

const recipes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/slurm');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-slurm-sweep-'));
const grid = path.join(tmp, 'grid.yaml');
const out = path.join(tmp, 'runs');
const SHARDS = 3;
const env = { INITLAB_OFFLINE: '1', NO_COLOR: '1', CI: 'true' };
let cluster: SlurmCluster | undefined;
let jobEnv: Record<string, string> = {};
// A setup failure (no Slurm here, a daemon that did not come up) fails each test with its message, rather
// than leaving the tests counted as skipped behind one failed hook.
let setupError: unknown;
const ready = (): SlurmCluster => {
  if (setupError !== undefined) throw setupError;
  return cluster!;
};

type Line = { runId: string; metrics: unknown; history: unknown };
const lines = (folder: string): Line[] =>
  fs.readFileSync(path.join(folder, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const logsOf = (): string =>
  fs.existsSync(path.join(out, 'logs'))
    ? fs.readdirSync(path.join(out, 'logs')).map((f) => `--- ${f}\n${fs.readFileSync(path.join(out, 'logs', f), 'utf8')}`).join('\n')
    : '(no job logs)';

beforeAll(async () => {
  try {
    await setUp();
  } catch (err) {
    setupError = err;
  }
}, 120_000);

async function setUp(): Promise<void> {
  // 2 initializers × 2 seeds × 2 widths = 8 runs of 3 epochs on the synthetic moons set: seconds of training.
  fs.writeFileSync(grid, 'name: slurm\ndata: { dataset: moons }\nmodel: { hidden: [8] }\ntraining: { epochs: 3 }\ninitializers: [zeros, he_normal]\nseeds: 2\ngrid: { width: [4, 8] }\n');
  // The jobs call `initlab` as the recipe says; on PATH it is this clone's build.
  const binDir = path.join(tmp, 'bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'initlab'), `#!/bin/sh\nexec '${process.execPath}' '${bin}' "$@"\n`, { mode: 0o755 });
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run 'pnpm build' before the CLI tests`);
  // First, so that a machine without Slurm hears so at once (the error says what to install).
  cluster = await startSlurmCluster();
  jobEnv = { ...env, PATH: `${binDir}:${process.env.PATH ?? ''}` };
  const whole = await runCli(['sweep', grid, '--out', path.join(tmp, 'whole'), '--quiet'], { env });
  if (whole.code !== 0) throw new Error(`the unsharded sweep exited ${whole.code}: ${whole.stderr}`);
}

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('slurm job array', () => {
  it('runs the sweep as an array of shards and merges them after: the unsharded sweep, bit for bit', async () => {
    const c = ready();
    const submit = await c.run(path.join(recipes, 'submit.sh'), [grid, out, String(SHARDS), '--cpus-per-task=1'], { cwd: tmp, env: jobEnv });
    expect(submit.code, `${submit.stderr}\n${c.logs()}`).toBe(0);
    const ids = submit.stdout.trim().split(' ');
    expect(ids, submit.stdout).toHaveLength(2);
    const [arrayId, mergeId] = ids as [string, string];
    const jobs = await waitForJobs(c, [arrayId, mergeId], 90_000);
    const tasks = jobs.get(arrayId)!;
    const failed = [...jobs.values()].flat().filter((j) => j.state !== 'COMPLETED' || j.exitCode !== '0:0');
    expect(failed, `${logsOf()}\n${c.logs()}`).toEqual([]);
    expect(tasks.map((t) => t.arrayTaskId).sort()).toEqual(['0', '1', '2']);

    for (let i = 0; i < SHARDS; i++) {
      const meta = JSON.parse(fs.readFileSync(path.join(out, `shard-${i}`, 'experiment.json'), 'utf8')) as { shard: unknown };
      expect(meta.shard).toMatchObject({ index: i, count: SHARDS });
    }
    expect(fs.readFileSync(path.join(out, 'logs', 'merge.out'), 'utf8')).toContain(`merged 8 of 8 runs from ${SHARDS} folders into ${path.join(out, 'merged')}\n`);
    const merged = lines(path.join(out, 'merged'));
    const whole = lines(path.join(tmp, 'whole'));
    expect(merged.map((l) => l.runId)).toEqual(whole.map((l) => l.runId));
    expect(merged.map((l) => [l.metrics, l.history])).toEqual(whole.map((l) => [l.metrics, l.history]));
    expect(fs.existsSync(path.join(out, 'merged', 'report.md'))).toBe(true);
  }, 120_000);

  it('resubmits one shard alone: it resumes, trains nothing again, and the merge is unchanged', async () => {
    const c = ready();
    const before = fs.readFileSync(path.join(out, 'merged', 'results.jsonl'), 'utf8');
    const again = await c.run('sbatch', ['--parsable', '--array=1', `--output=${path.join(out, 'logs', 'again-%a.out')}`, path.join(recipes, 'sweep-array.sbatch'), grid, out, String(SHARDS)], { cwd: tmp, env: jobEnv });
    expect(again.code, again.stderr).toBe(0);
    const id = again.stdout.trim().split(';')[0]!;
    const merge = await c.run('sbatch', ['--parsable', `--dependency=afterok:${id}`, '--kill-on-invalid-dep=yes', `--output=${path.join(out, 'logs', 'merge-again.out')}`, path.join(recipes, 'merge.sbatch'), out], { cwd: tmp, env: jobEnv });
    expect(merge.code, merge.stderr).toBe(0);
    const jobs = await waitForJobs(c, [id, merge.stdout.trim().split(';')[0]!], 60_000);
    expect([...jobs.values()].flat().filter((j) => j.state !== 'COMPLETED'), `${logsOf()}\n${c.logs()}`).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'logs', 'again-1.out'), 'utf8')).toMatch(/ 0 runs trained, [1-9]\d* resumed /);
    expect(fs.readFileSync(path.join(out, 'merged', 'results.jsonl'), 'utf8')).toBe(before);
  }, 90_000);

  it('refuses an array task that is not a shard of N, before training anything', async () => {
    const c = ready();
    const r = await c.run('sbatch', ['--parsable', '--array=3', `--output=${path.join(out, 'logs', 'bad-%a.out')}`, path.join(recipes, 'sweep-array.sbatch'), grid, path.join(tmp, 'bad'), String(SHARDS)], { cwd: tmp, env: jobEnv });
    expect(r.code, r.stderr).toBe(0);
    const id = r.stdout.trim().split(';')[0]!;
    const [task] = (await waitForJobs(c, [id], 60_000)).get(id)!;
    expect(task).toMatchObject({ state: 'FAILED', exitCode: '2:0' });
    expect(fs.readFileSync(path.join(out, 'logs', 'bad-3.out'), 'utf8')).toBe('sweep-array.sbatch: array task 3 is not a shard of 3 (N=3 needs --array=0-2)\n');
    expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false);
  }, 90_000);
});
