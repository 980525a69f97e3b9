// End to end through the built binary: an output folder belongs to one experiment plan. The user's sequences
// from the issue (compare twice with other epochs, then report; sweep after editing the file), on the embedded
// spirals data with few epochs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-plan-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function initlab(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: tmp, env: { INITLAB_OFFLINE: '1' } });
}

function ok(r: CliRun): CliRun {
  expect(r.stderr, 'no error output').not.toMatch(/initlab: (?!warning)/);
  expect(r.code).toBe(0);
  return r;
}

const compare = (epochs: number, out: string, more: string[] = []): string[] => [
  'compare', '--seeds', '2', '--epochs', String(epochs), '--out', out, '--initializers', 'zeros,he_normal', '--backend', 'cpu', ...more,
];

const lines = (file: string): { runId: string; seed: number; label: string; history: unknown[] }[] =>
  fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { runId: string; seed: number; label: string; history: unknown[] });

const refusal = (out: string, name: string, change: string): string =>
  `initlab: --out ${out} holds runs of another plan of experiment "${name}": ${change}; use a new --out DIR, or --replace to start it afresh (keeps the old results as results.jsonl.bak-<time>)\n`;

/** The comparison rows as cells: from the terminal's aligned table, or report.md's Markdown table. */
function terminalRows(stdout: string): string[][] {
  const start = stdout.split('\n').findIndex((l) => /^#\s+initializer/.test(l));
  const rows: string[][] = [];
  for (const line of stdout.split('\n').slice(start + 1)) {
    if (!/^\d+\s/.test(line)) break;
    rows.push(line.trim().split(/\s{2,}/));
  }
  return rows;
}
function markdownRows(markdown: string): string[][] {
  const table = markdown.slice(markdown.indexOf('| # | initializer'));
  return table
    .split('\n')
    .slice(2)
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.slice(2, -2).split(' | ').map((c) => c.replace(/\\_/g, '_').trim()));
}

describe('an output folder belongs to one plan', () => {
  it('compare: the same plan resumes, other epochs are refused in one line, report says what the folder holds', async () => {
    const out = 'runs/mix';
    ok(await initlab(compare(2, out)));
    const file = path.join(tmp, out, 'results.jsonl');
    const before = fs.readFileSync(file, 'utf8');
    expect(ok(await initlab(compare(2, out))).stdout).toMatch(/0 runs trained, 4 resumed/);

    const refused = await initlab(compare(3, out));
    expect(refused.stderr).toBe(refusal(out, 'compare', 'training.epochs 2 → 3'));
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    // More than one change: the first three, then how many more.
    const many = await initlab(compare(3, out, ['--hidden', '16', '--lr', '0.01']));
    expect(many.stderr).toBe(
      refusal(out, 'compare', 'model.hidden[0].units 32 → 16, model.hidden[1] {"units":32,"activation":"relu"} → unset, training.epochs 2 → 3 and 1 more'),
    );

    const report = ok(await initlab(['report', out]));
    expect(report.stderr).toBe('');
    const markdown = fs.readFileSync(path.join(tmp, out, 'report.md'), 'utf8');
    expect(markdown).toMatch(/4 finished of 4 planned/);
    expect(markdown).toMatch(/2 epochs/);
  });

  it('compare --replace keeps the old files as .bak-<UTC time> and writes clean results', async () => {
    const out = 'runs/replace';
    ok(await initlab(compare(2, out)));
    const dir = path.join(tmp, out);
    const oldResults = fs.readFileSync(path.join(dir, 'results.jsonl'), 'utf8');
    const oldHeader = fs.readFileSync(path.join(dir, 'experiment.json'), 'utf8');
    const r = ok(await initlab(compare(3, out, ['--replace'])));
    expect(r.stdout).toMatch(/4 runs trained, 0 resumed/);
    const backups = fs.readdirSync(dir).filter((f) => f.includes('.bak-')).sort();
    expect(backups).toEqual([expect.stringMatching(/^experiment\.json\.bak-\d{8}T\d{6}Z$/), expect.stringMatching(/^results\.jsonl\.bak-\d{8}T\d{6}Z$/)]);
    expect(r.stdout).toContain(`kept the previous results as ${path.join(dir, backups[1]!)}, ${path.join(dir, backups[0]!)}\n`);
    expect(fs.readFileSync(path.join(dir, backups[1]!), 'utf8')).toBe(oldResults);
    expect(fs.readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe(oldHeader);
    const runs = lines(path.join(dir, 'results.jsonl'));
    expect(runs).toHaveLength(4);
    expect(runs.every((run) => run.history.length === 3)).toBe(true);
    const markdown = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/4 finished of 4 planned/);
    expect(markdown).toMatch(/3 epochs/);
    expect(markdown).not.toMatch(/another plan/);

    const alone = await initlab(['compare', '--epochs', '1', '--seeds', '1', '--initializers', 'zeros', '--replace']);
    expect(alone.stderr).toBe('initlab: --replace needs --out DIR, the folder it starts afresh\n');
    expect(alone.code).toBe(2);
  });

  it('compare with more seeds or initializers extends the plan and trains only the new runs', async () => {
    const out = 'runs/extend';
    ok(await initlab(compare(2, out)));
    const file = path.join(tmp, out, 'results.jsonl');
    const first = lines(file);
    const more = ok(await initlab(['compare', '--seeds', '3', '--epochs', '2', '--out', out, '--initializers', 'zeros,he_normal,glorot_uniform', '--backend', 'cpu', '--json']));
    expect((JSON.parse(more.stdout) as { runs: unknown }).runs).toMatchObject({ planned: 9, trained: 5, resumed: 4 });
    const after = lines(file);
    expect(after.slice(0, 4)).toEqual(first);
    expect(after.slice(4).map((r) => `${r.label}/${r.seed}`).sort()).toEqual(['glorot_uniform/0', 'glorot_uniform/1', 'glorot_uniform/2', 'he_normal/2', 'zeros/2']);
    expect(fs.readFileSync(path.join(tmp, out, 'report.md'), 'utf8')).toMatch(/9 finished of 9 planned/);
  });

  it('report of a folder mixed before this change summarises only its plan, and the terminal agrees', async () => {
    ok(await initlab(compare(2, 'runs/five')));
    ok(await initlab(compare(3, 'runs/fifty')));
    // What the issue's sequence left behind: both runs' lines, and the first plan's header without runIds.
    const mixed = path.join(tmp, 'runs/old-mix');
    fs.mkdirSync(mixed);
    const read = (dir: string, f: string): string => fs.readFileSync(path.join(tmp, dir, f), 'utf8');
    fs.writeFileSync(path.join(mixed, 'results.jsonl'), read('runs/five', 'results.jsonl') + read('runs/fifty', 'results.jsonl'));
    const { runIds: _ids, ...header } = JSON.parse(read('runs/five', 'experiment.json')) as Record<string, unknown>;
    fs.writeFileSync(path.join(mixed, 'experiment.json'), JSON.stringify(header));

    const report = ok(await initlab(['report', 'runs/old-mix']));
    expect(report.stderr).toBe('initlab: warning: 4 runs in results.jsonl belong to another plan; ignored\n');
    const markdown = fs.readFileSync(path.join(mixed, 'report.md'), 'utf8');
    expect(markdown).toMatch(/4 finished of 4 planned/);
    expect(markdownRows(markdown)).toEqual(markdownRows(read('runs/five', 'report.md')));
    expect(markdown).toContain('4 runs in results.jsonl belong to another plan; ignored');

    // Resuming that folder with its own plan: the terminal and the report.md it writes show the same numbers.
    const resumed = ok(await initlab(compare(2, 'runs/old-mix')));
    expect(resumed.stdout).toMatch(/0 runs trained, 4 resumed/);
    expect(resumed.stdout).toContain('warning: 4 runs in results.jsonl belong to another plan; ignored');
    const rows = terminalRows(resumed.stdout);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(markdownRows(fs.readFileSync(path.join(mixed, 'report.md'), 'utf8')));
  });

  it('sweep after editing the experiment file: another plan is refused, more seeds extend, and screen and report.md agree', async () => {
    const file = path.join(tmp, 'grid.yaml');
    const yaml = (epochs: number, seeds: number, initializers = 'zeros, he_normal'): string =>
      `name: tiny-grid\ndata: { dataset: spirals }\nmodel: { hidden: [8] }\ntraining: { epochs: ${epochs} }\ninitializers: [${initializers}]\nseeds: ${seeds}\ngrid: { activation: [relu, tanh] }\n`;
    const sweep = ['sweep', 'grid.yaml', '--out', 'runs/grid', '--backend', 'cpu'];
    fs.writeFileSync(file, yaml(2, 2));
    ok(await initlab(sweep));

    fs.writeFileSync(file, yaml(3, 2));
    const refused = await initlab(sweep);
    expect(refused.stderr).toBe(refusal('runs/grid', 'tiny-grid', 'training.epochs 2 → 3'));
    expect(refused.code).toBe(2);

    fs.writeFileSync(file, yaml(2, 3));
    const extended = ok(await initlab(sweep));
    expect(extended.stdout).toMatch(/4 runs trained, 8 resumed/);

    // Dropping an initializer narrows the plan: its runs stay in the file, ignored on screen and in report.md alike.
    fs.writeFileSync(file, yaml(2, 3, 'he_normal'));
    const narrowed = ok(await initlab(sweep));
    expect(narrowed.stdout).toMatch(/0 runs trained, 6 resumed/);
    expect(narrowed.stdout).toContain('warning: 6 runs in results.jsonl belong to another plan; ignored');
    const markdown = fs.readFileSync(path.join(tmp, 'runs/grid/report.md'), 'utf8');
    expect(markdown).toContain('6 runs in results.jsonl belong to another plan; ignored');
    expect(markdown).toMatch(/6 finished of 6 planned/);
    const rows = terminalRows(narrowed.stdout);
    expect(rows.map((r) => r[1]).sort()).toEqual(['he_normal @ activation=relu', 'he_normal @ activation=tanh']);
    expect(rows).toEqual(markdownRows(markdown));
  });

  it('--replace is offered by every command that writes an output folder', async () => {
    for (const command of ['compare', 'reproduce', 'run', 'sweep']) {
      const help = await initlab([command, '--help']);
      expect(help.stdout, command).toMatch(/--replace\s+with --out: start that folder afresh/);
    }
  });
});
