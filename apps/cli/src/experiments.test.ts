// End to end: the experiment commands through the built binary, on the embedded data set and the real
// files in INITLAB_DATA_DIR (never the network).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function initlab(args: string[], cwd = tmp): Promise<CliRun> {
  return runCli(args, { cwd, env: { INITLAB_DATA_DIR: dataDir, INITLAB_OFFLINE: '1' } });
}

function json<T>(r: CliRun): T {
  expect(r.stderr, 'no error output').not.toMatch(/initlab: /);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface Doc {
  results: { initializer: { name: string }; seed: number; status: string; metrics: Record<string, number | null>; history: unknown[]; diagnostics: unknown }[];
  aggregates: { label: string; test: { mean: number | null } }[];
  baseline: { metrics: Record<string, number> };
  warnings: string[];
  reference: { rows: { label: string; values: Record<string, { reference: number | null; initlab: number | null }> }[] } | null;
  runs: { planned: number; trained: number; resumed: number };
}

describe('initlab compare', () => {
  it('runs on the embedded data set with no data flags and prints one JSON document', async () => {
    const doc = json<Doc>(await initlab(['compare', '--epochs', '5', '--seeds', '2', '--json']));
    expect(doc.results).toHaveLength(8); // 4 default initializers × 2 seeds
    expect(new Set(doc.results.map((r) => r.initializer.name))).toEqual(new Set(['zeros', 'random_normal', 'glorot_uniform', 'he_normal']));
    for (const r of doc.results) {
      expect(r.status).toBe('ok');
      expect(typeof r.metrics.accuracy).toBe('number');
      expect(typeof r.metrics.loss).toBe('number');
      expect(r.history).toHaveLength(5);
    }
    expect(doc.baseline.metrics.accuracy).toBeGreaterThan(0);
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  it('prints a comparison table, the baseline and the diagnostics for people', async () => {
    const r = await initlab(['compare', '--epochs', '3', '--seeds', '2', '--initializers', 'zeros,he_normal']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/he_normal/);
    expect(r.stdout).toMatch(/baseline \(majority-class/);
    expect(r.stdout).toMatch(/distinct units/);
    // zeros leaves one distinct unit per hidden layer at initialisation.
    expect(r.stdout).toMatch(/zeros.*1\/32 › 1\/32/);
  });

  it('writes results and reports with --out, and a rerun resumes', async () => {
    const out = path.join(tmp, 'cmp');
    const args = ['compare', '--epochs', '2', '--seeds', '2', '--initializers', 'zeros,glorot_uniform', '--out', out, '--json'];
    expect(json<Doc>(await initlab(args)).runs.trained).toBe(4);
    for (const f of ['results.jsonl', 'experiment.json', 'report.md', 'report.csv', 'report.html', 'report-history.csv']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    const again = json<Doc>(await initlab(args));
    expect(again.runs).toMatchObject({ trained: 0, resumed: 4 });
    expect(fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('accepts lsuv among the initializers, with parameters, as an experiment file does', async () => {
    const doc = json<Doc>(await initlab(['compare', '--epochs', '1', '--seeds', '1', '--initializers', 'he_normal,lsuv,lsuv:maxIterations=0', '--json']));
    expect(doc.results.map((r) => r.initializer)).toEqual([{ name: 'he_normal' }, { name: 'lsuv' }, { name: 'lsuv', maxIterations: 0 }]);
    expect(doc.aggregates.map((a) => a.label)).toEqual(expect.arrayContaining(['he_normal', 'lsuv', 'lsuv:maxIterations=0']));
    for (const r of doc.results) expect(r.status).toBe('ok');
  });

  it('compares on a user CSV', async () => {
    const csv = path.join(tmp, 'mine.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 2 ? 'yes' : 'no'}`);
    fs.writeFileSync(csv, `a,b,label\n${rows.join('\n')}\n`);
    const doc = json<Doc>(await initlab(['compare', '--csv', csv, '--target', 'label', '--epochs', '2', '--seeds', '1', '--json']));
    expect(doc.results).toHaveLength(4);
  });
});

describe('initlab reproduce <paper>', () => {
  it('--list names every shipped paper, one line each', async () => {
    const r = await initlab(['reproduce', '--list']);
    expect(r.code).toBe(0);
    const papersDir = path.resolve(here, '../../../packages/experiments/experiments/papers');
    const ids = fs.readdirSync(papersDir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`│ ${id} +│`));
  });

  it('runs a paper to its verdict: the paper\'s setup beside ours, the checks, the verdict and the wall time', async () => {
    const r = await initlab(['reproduce', 'poole-2016', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^poole-2016: /);
    expect(r.stdout).toMatch(/the paper's setup: /);
    expect(r.stdout).toMatch(/initlab's setup: /);
    expect(r.stdout).toMatch(/\n {2}(pass|FAIL) \(qualitative\) /);
    expect(r.stdout).toMatch(/\nverdict: (reproduces|reproduces qualitatively|differs)\n/);
    expect(r.stdout).toMatch(/wall time: .* \(budget 10 min\)/);
    expect(r.stderr).toMatch(/measuring 1\/1: maps \(mean-field\)/);
  });

  it('--json prints one document, and --out writes it to DIR/<paper>.json', async () => {
    const out = path.join(tmp, 'papers');
    const doc = json<{ id: string; verdict: string; checks: { passed: boolean }[]; quantities: Record<string, { mean: number | null }> }>(
      await initlab(['reproduce', 'poole-2016', '--backend', 'cpu', '--json', '--out', out]),
    );
    expect(doc.id).toBe('poole-2016');
    expect(doc.checks.length).toBeGreaterThan(0);
    expect(doc.quantities['maps/sw4/qStar']!.mean).toBeGreaterThan(1);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'poole-2016.json'), 'utf8'))).toMatchObject({ id: 'poole-2016', verdict: doc.verdict });
  });

  it('a failed check prints the paper file\'s reading of why it may fail, marked as not a measurement, and the verdict stays differs', async () => {
    const shipped = fs.readFileSync(path.resolve(here, '../../../packages/experiments/experiments/papers/poole-2016.yaml'), 'utf8');
    const file = path.join(tmp, 'poole-wrong.yaml');
    const wrong = shipped.replace(
      '    less: [maps/sw4/cStar, maps/sw1/cStar]',
      '    less: [maps/sw1/cStar, maps/sw4/cStar]\n    ifFails: written the wrong way round on purpose',
    );
    expect(wrong).not.toBe(shipped);
    fs.writeFileSync(file, wrong);
    const r = await initlab(['reproduce', file, '--backend', 'cpu']);
    expect(r.stdout).toMatch(/\n {2}FAIL \(qualitative\) Correlations converge[^\n]*\n[^\n]*\n {7}why it may fail at this scale \(the paper file's reading, not a measurement\): written the wrong way round on purpose\n/);
    expect(r.stdout.match(/why it may fail at this scale/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/\nverdict: differs\n/);
  });

  const refused: [string, string[], RegExp][] = [
    ['an unknown paper, with the closest one', ['reproduce', 'pool-2016'], /unknown paper or notebook 'pool-2016' \(did you mean "poole-2016"\?\)/],
    ['a notebook flag on a paper', ['reproduce', 'poole-2016', '--seeds', '3'], /--seeds applies to the seed notebooks, not to papers/],
    ['--full on a notebook', ['reproduce', 'seed-wine', '--full'], /--full applies to papers; seed-wine runs exactly as the notebook did/],
    ['--list with a name', ['reproduce', '--list', 'poole-2016'], /--list takes no name, got 'poole-2016'/],
    ['no name', ['reproduce'], /name a paper or notebook to reproduce/],
  ];
  for (const [what, args, pattern] of refused) {
    it(`refuses ${what} in one line, exit 2`, async () => {
      const r = await initlab(args);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    });
  }
});

describe('initlab reproduce', () => {
  it('seed-wine: zeros gives exactly the majority-class accuracy, beside the published numbers', async () => {
    const doc = json<Doc>(await initlab(['reproduce', 'seed-wine', '--json']));
    const zeros = doc.results.find((r) => r.initializer.name === 'zeros')!;
    expect(zeros.metrics.accuracy).toBe(0.559375);
    expect(doc.baseline.metrics.accuracy).toBe(0.559375);
    const ref = doc.reference!.rows.find((r) => r.label === 'zeros')!;
    expect(ref.values.accuracy!.reference).toBe(0.559375);
    for (const r of doc.results.filter((x) => x.initializer.name !== 'zeros')) expect(r.metrics.accuracy!).toBeGreaterThan(0.6);
  });

  it('seed-boston: warns that the unscaled target never beats the train-mean baseline', async () => {
    const doc = json<Doc>(await initlab(['reproduce', 'seed-boston', '--json']));
    expect(doc.baseline.metrics.mse).toBeCloseTo(2.335e10, -8);
    const text = doc.warnings.join('\n');
    expect(text).toMatch(/2\.33\d*e\+?10|2\.335e10|23,?3\d\d,?\d{3},?\d{3}/);
    expect(text).toMatch(/scal/i);
    for (const r of doc.results) expect(r.metrics.mse!).toBeGreaterThan(1.5e11);
  });
});

describe('initlab sweep', () => {
  const grid = path.join(tmp, 'grid.yaml');
  fs.writeFileSync(
    grid,
    [
      'name: tiny-grid',
      'data: { dataset: moons }',
      'model: { hidden: [8] }',
      'training: { epochs: 2, batchSize: 32, optimizer: { name: adam, learningRate: 0.01 } }',
      'initializers: [zeros, he_normal]',
      'seeds: 2',
      'grid: { activation: [relu, tanh] }',
    ].join('\n'),
  );

  it('runs a grid, resumes, and shards deterministically', async () => {
    const out = path.join(tmp, 'sweep');
    expect(json<Doc>(await initlab(['sweep', grid, '--out', out, '--json'])).runs).toMatchObject({ planned: 8, trained: 8 });
    expect(json<Doc>(await initlab(['sweep', grid, '--out', out, '--json'])).runs).toMatchObject({ trained: 0, resumed: 8 });
    const lines: string[] = [];
    for (const shard of ['0/2', '1/2']) {
      const dir = path.join(tmp, `shard-${shard.replace('/', '-')}`);
      json<Doc>(await initlab(['sweep', grid, '--out', dir, '--shard', shard, '--json']));
      lines.push(...fs.readFileSync(path.join(dir, 'results.jsonl'), 'utf8').trim().split('\n'));
    }
    const ids = (text: string[]) => text.map((l) => (JSON.parse(l) as { runId: string }).runId).sort();
    expect(ids(lines)).toEqual(ids(fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n')));
  });
});

describe('initlab diagnose, datasets, bench', () => {
  it('diagnoses a deep tanh net: tiny weights shrink the activations layer by layer', async () => {
    const doc = json<{ members: { id: string; layers: { activationStd: number | null }[] }[] }>(
      await initlab(['diagnose', '--depth', '6', '--width', '32', '--initializers', 'random_normal:stddev=0.01,glorot_normal', '--json']),
    );
    const tiny = doc.members[0]!.layers.map((l) => l.activationStd!);
    expect(tiny[5]!).toBeLessThan(tiny[0]! * 1e-3);
    const glorot = doc.members[1]!.layers.map((l) => l.activationStd!);
    expect(glorot[5]!).toBeGreaterThan(0.05);
  });

  it('diagnoses lsuv with parameters: unit variance layer after layer', async () => {
    const doc = json<{ members: { id: string; layers: { activationStd: number | null }[] }[] }>(
      await initlab(['diagnose', '--depth', '4', '--width', '16', '--batch', '64', '--initializers', 'lsuv:tolerance=0.05', '--backend', 'cpu', '--json']),
    );
    expect(doc.members.map((m) => m.id)).toEqual(['lsuv:tolerance=0.05']);
    for (const l of doc.members[0]!.layers.slice(0, 4)) expect(l.activationStd!).toBeGreaterThan(0.3);
  });

  it('diagnoses on standard-normal inputs with --input normal:N, the same batch for the same seed', async () => {
    type Diag = { dataset: string | null; input: string; batch: number; members: { id: string; layers: { activationStd: number | null; gradientNorm: number | null }[] }[] };
    const args = ['diagnose', '--input', 'normal:16', '--depth', '4', '--width', '16', '--batch', '32', '--seed', '1', '--activation', 'relu', '--initializers', 'he_normal,glorot_normal', '--json'];
    const doc = json<Diag>(await initlab(args));
    expect(doc.input).toBe('normal:16');
    expect(doc.dataset).toBeNull();
    expect(doc.batch).toBe(32);
    expect(doc.members.map((m) => m.layers.length)).toEqual([5, 5]); // 4 hidden layers and the linear output
    const [he, glorot] = doc.members.map((m) => m.layers.map((l) => l.activationStd!));
    expect(he![3]!).toBeGreaterThan(2 * glorot![3]!);
    expect(json<Diag>(await initlab(args)).members).toEqual(doc.members);
    const spirals = json<Diag>(await initlab(['diagnose', '--depth', '4', '--width', '16', '--batch', '32', '--seed', '1', '--activation', 'relu', '--initializers', 'he_normal', '--json']));
    expect(spirals.input).toBe('spirals');
    expect(spirals.members[0]!.layers[0]!.activationStd).not.toBe(he![0]);
    const text = await initlab(args.slice(0, -1));
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('4 × 16 relu layers on 32 rows of 16 standard-normal features, seed 1');
  });

  it('refuses a bad --input, and --input with --dataset, in one line with exit 2', async () => {
    const bad = await initlab(['diagnose', '--input', 'normal:0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("initlab: --input must be normal:N with N >= 1 standard-normal features per row, such as normal:128, got 'normal:0'; leave it out to use the --dataset rows");
    const both = await initlab(['diagnose', '--input', 'normal:8', '--dataset', 'moons']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('initlab: --input normal:8 and --dataset moons both say where the batch comes from; give one of them');
  });

  it('lists data sets and writes a split with the original row index', async () => {
    const list = await initlab(['datasets', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatchSnapshot();
    const out = path.join(tmp, 'split');
    const r = await initlab(['datasets', 'split', 'boston-housing', '--out', out]);
    expect(r.code).toBe(0);
    const train = fs.readFileSync(path.join(out, 'train.csv'), 'utf8').trim().split('\n');
    expect(train).toHaveLength(392);
    expect(train[0]).toBe('row,RM,LSTAT,PTRATIO,MEDV');
    expect(train.slice(1, 6).map((l) => l.split(',')[0])).toEqual(['325', '140', '433', '416', '487']);
    expect(fs.readFileSync(path.join(out, 'test.csv'), 'utf8').trim().split('\n')).toHaveLength(99);
  });

  it('measures model-steps per second', async () => {
    const doc = json<{ backends: Record<string, { k1: number; k40: number }> }>(
      await initlab(['bench', '--backends', 'cpu', '--epochs', '1', '--repeats', '1', '--json']),
    );
    expect(doc.backends.cpu!.k1).toBeGreaterThan(0);
    expect(doc.backends.cpu!.k40).toBeGreaterThan(doc.backends.cpu!.k1);
  });
});

describe('bad input: one line, exit code, nothing half-written', () => {
  const empty = path.join(tmp, 'empty.csv');
  const ragged = path.join(tmp, 'ragged.csv');
  const text = path.join(tmp, 'text.csv');
  const badYaml = path.join(tmp, 'bad.yaml');
  const badSchema = path.join(tmp, 'schema.yaml');
  fs.writeFileSync(empty, '');
  fs.writeFileSync(ragged, 'a,b,y\n1,2,0\n3,1\n');
  fs.writeFileSync(text, 'a,b,y\n1,2,0\n3,x,1\n');
  fs.writeFileSync(badYaml, 'name: [unclosed\n');
  fs.writeFileSync(badSchema, 'name: s\ndata: { dataset: moons }\nmodel: { hidden: [4] }\ntraining: { epochs: -3 }\ninitializers: [zeros]\n');
  const valid = path.join(tmp, 'valid.yaml');
  fs.writeFileSync(valid, 'name: v\ndata: { dataset: moons }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n');
  const notADir = path.join(tmp, 'file-not-dir');
  fs.writeFileSync(notADir, 'x');
  const cases: [string, string[], number, RegExp][] = [
    ['unknown initializer', ['compare', '--initializers', 'he_normel'], 2, /did you mean he_normal/],
    ['unknown data set', ['compare', '--dataset', 'bostn'], 2, /boston-housing/],
    ['empty initializer entry', ['compare', '--initializers', 'zeros,,he_normal'], 2, /--initializers has an empty entry in 'zeros,,he_normal'/],
    ['unknown lsuv parameter', ['compare', '--initializers', 'lsuv:maxIteration=3'], 2, /lsuv has no parameter "maxIteration" \(did you mean "maxIterations"\?\)/],
    ['unknown backend', ['compare', '--backend', 'gpu'], 2, /--backend must be one of cpu, wasm/],
    ['zero epochs', ['compare', '--epochs', '0'], 2, /--epochs must be an integer >= 1/],
    ['negative batch size', ['compare', '--batch-size', '-4'], 2, /--batch-size/],
    ['zero seeds', ['compare', '--seeds', '0'], 2, /--seeds/],
    ['test size outside (0, 1)', ['compare', '--test-size', '1.5'], 2, /--test-size must be a number > 0 and < 1/],
    ['malformed --hidden', ['compare', '--hidden', '10,x'], 2, /--hidden/],
    ['missing CSV', ['compare', '--csv', 'nope.csv', '--target', 'y'], 2, /nope\.csv/],
    ['empty CSV', ['compare', '--csv', empty, '--target', 'y'], 2, /empty/i],
    ['ragged CSV', ['compare', '--csv', ragged, '--target', 'y'], 2, /line 3/],
    ['non-numeric cell', ['compare', '--csv', text, '--target', 'y'], 2, /line 3.*column.*b|column.*b.*line 3/],
    ['missing target column', ['compare', '--csv', text, '--target', 'z'], 2, /"a", "b", "y"/],
    ['invalid YAML', ['sweep', badYaml, '--out', path.join(tmp, 'never1')], 2, /bad\.yaml.*line/],
    ['schema failure with its path', ['sweep', badSchema, '--out', path.join(tmp, 'never2')], 2, /training\.epochs/],
    ['unwritable output folder', ['compare', '--epochs', '1', '--seeds', '1', '--out', path.join(notADir, 'sub')], 1, /file-not-dir/],
    ['unknown notebook or paper', ['reproduce', 'seed-iris'], 2, /unknown paper or notebook 'seed-iris'.*seed-boston, seed-wine/],
    ['bad shard', ['sweep', valid, '--out', path.join(tmp, 'never3'), '--shard', '2/2'], 2, /--shard/],
  ];
  for (const [what, args, code, pattern] of cases) {
    it(what, async () => {
      const r = await initlab(args);
      expect(r.stderr).toMatch(pattern);
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }
  it('wrote nothing for refused runs', async () => {
    for (const d of ['never1', 'never2', 'never3']) expect(fs.existsSync(path.join(tmp, d))).toBe(false);
  });
});

describe('initlab report', () => {
  it('renders a results folder as Markdown, CSV and self-contained HTML', async () => {
    const out = path.join(tmp, 'rep');
    json<Doc>(await initlab(['compare', '--epochs', '2', '--seeds', '2', '--initializers', 'zeros,he_normal', '--out', out, '--json']));
    for (const f of ['report.md', 'report.csv', 'report.html', 'report-history.csv']) fs.rmSync(path.join(out, f));
    const r = json<{ files: string[] }>(await initlab(['report', out, '--json']));
    expect(r.files.map((f) => path.basename(f)).sort()).toEqual(['report-history.csv', 'report.csv', 'report.html', 'report.md']);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('refuses a folder without results, naming how to make them', async () => {
    const r = await initlab(['report', path.join(tmp, 'nothing-here')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/initlab compare --out/);
  });
});

describe('help and data set files', () => {
  it('every command has --help with examples', async () => {
    const commands = [
      ['compare'], ['reproduce'], ['run'], ['sweep'], ['diagnose'], ['report'], ['bench'],
      ['initializers', 'list'], ['initializers', 'show'], ['initializers', 'sample'],
      ['datasets', 'list'], ['datasets', 'info'], ['datasets', 'fetch'], ['datasets', 'preview'], ['datasets', 'split'],
    ];
    for (const cmd of commands) {
      const r = await initlab([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout, cmd.join(' ')).toContain('Examples:');
    }
  });

  it('fetch finds a real file in the data folder and verifies it', async () => {
    const r = await initlab(['datasets', 'fetch', 'wine-quality-red']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/winequality-red\.csv \(from data-dir\)/);
  });
});
