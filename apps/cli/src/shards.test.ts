// Sweeps spread over machines: shard folders report together (--out), merge into one folder a later sweep
// resumes, and the merged runs are bit for bit the runs of the same sweep on one machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-shards-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const env = { INITLAB_OFFLINE: '1' };
const grid = path.join(tmp, 'grid.yaml');
const dir = (name: string): string => path.join(tmp, name);
const lines = (folder: string): { runId: string; metrics: unknown; history: unknown }[] =>
  fs.readFileSync(path.join(folder, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { runId: string; metrics: unknown; history: unknown });

beforeAll(async () => {
  fs.writeFileSync(grid, 'name: shards\ndata: { dataset: moons }\nmodel: { hidden: [8] }\ntraining: { epochs: 3 }\ninitializers: [zeros, he_normal]\nseeds: 2\ngrid: { width: [4, 8] }\n');
  for (const [args, out] of [[['--shard', '0/2'], 's0'], [['--shard', '1/2'], 's1'], [[], 'whole']] as const) {
    const r = await runCli(['sweep', grid, ...args, '--out', dir(out), '--quiet'], { env });
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

describe('shards', () => {
  it('report several shard folders as one, with --out, naming the shards as they were typed', async () => {
    const r = await runCli(['report', dir('s0'), dir('s1'), '--out', dir('report')], { env });
    expect(r.code, r.stderr).toBe(0);
    const md = fs.readFileSync(path.join(dir('report'), 'report.md'), 'utf8');
    expect(md).toMatch(/\*\*runs\*\*: 8 finished of 8 planned; backend \w+; merged from 2 folders \(shards 0\/2, 1\/2\)/);
    const one = await runCli(['report', dir('s0')], { env });
    expect(one.code).toBe(0);
    expect(fs.readFileSync(path.join(dir('s0'), 'report.md'), 'utf8')).toMatch(/4 finished of 8 planned; backend \w+; shard 0\/2;/);
    const noOut = await runCli(['report', dir('s0'), dir('s1')], { env });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe('initlab: report: 2 folders are merged into one report; say where it goes with --out DIR\n');
  });

  it('merge into one folder, idempotently, that a later sweep resumes; its runs are the unsharded runs bit for bit', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['merge', dir('s0'), dir('s1'), '--out', dir('all')], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`merged 8 of 8 runs from 2 folders into ${dir('all')}\n`);
      expect(r.stderr).toBe('');
    }
    const merged = lines(dir('all'));
    const whole = lines(dir('whole'));
    expect(merged.map((l) => l.runId)).toEqual(whole.map((l) => l.runId));
    expect(merged.map((l) => [l.metrics, l.history])).toEqual(whole.map((l) => [l.metrics, l.history]));
    expect(JSON.parse(fs.readFileSync(path.join(dir('all'), 'experiment.json'), 'utf8')).shard).toBeNull();
    const resumed = await runCli(['sweep', grid, '--out', dir('all'), '--json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).runs).toMatchObject({ selected: 8, resumed: 8 });
  });

  it('refuse folders of another experiment or plan, and a run with two different outcomes', async () => {
    const other = dir('other');
    expect((await runCli(['compare', '--dataset', 'moons', '--initializers', 'zeros', '--seeds', '1', '--epochs', '1', '--out', other, '--quiet'], { env })).code).toBe(0);
    const r = await runCli(['report', dir('s0'), other, '--out', dir('x')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^initlab: report: .*other holds experiment "compare" but .*s0 holds "shards"; merge only folders of one experiment\n$/);
    const tampered = dir('tampered');
    fs.cpSync(dir('s1'), tampered, { recursive: true });
    const text = fs.readFileSync(path.join(tampered, 'results.jsonl'), 'utf8').split('\n');
    const first = JSON.parse(text[0]!) as { metrics: Record<string, number> };
    first.metrics['accuracy'] = 0.123;
    text[0] = JSON.stringify(first);
    fs.writeFileSync(path.join(tampered, 'results.jsonl'), text.join('\n'));
    const m = await runCli(['merge', dir('s1'), tampered, '--out', dir('y')], { env });
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/^initlab: merge: run \w+ \(.+, seed \d\) has different results in .*s1 and .*tampered; keep one of the two folders\n$/);
  });
});
