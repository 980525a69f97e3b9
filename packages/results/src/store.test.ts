import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentMeta, RunResult, StoredExperimentConfig } from './schema.js';
import { run, tempDirs } from './test-run.js';
import { otherPlanWarning, parseResultsJsonl, readResults, ResultStore, selectPlanRuns } from './store.js';

const lines = (...runs: RunResult[]): string => runs.map((r) => `${JSON.stringify(r)}\n`).join('');

// What @initlab/experiments' parseExperiment makes of
// 'name: demo\ndata: { dataset: spirals }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n'.
const CONFIG: StoredExperimentConfig & { diagnostics: string } = {
  name: 'demo',
  data: { dataset: 'spirals' },
  split: { testSize: 0.2, randomState: 42, stratify: false },
  preprocess: { features: 'standard', target: 'none' },
  model: {
    hidden: [{ units: 4, activation: 'relu' }],
    activation: 'relu',
    output: {},
    initializerScope: 'hidden',
    outputKernelInitializer: 'glorot_uniform',
    biasInitializer: 'zeros',
  },
  training: { epochs: 1, batchSize: 32, optimizer: { name: 'adam' }, shuffle: true, validation: false },
  initializers: [{ name: 'zeros', label: 'zeros' }],
  seeds: [0],
  diagnostics: 'init',
};

/** The header runExperiment would write for `config` (runIds only when given). */
function header(config: StoredExperimentConfig, runIds?: string[]): ExperimentMeta {
  return {
    format: 'initlab-experiment/1',
    config,
    data: {
      id: 'spirals',
      source: 'synthetic:spirals',
      task: 'binary',
      rows: 600,
      featureNames: ['x0', 'x1'],
      targetName: 'label',
      classes: ['0', '1'],
      nTrain: 480,
      nTest: 120,
      droppedRows: 0,
      targetStats: null,
      trainClassCounts: [240, 240],
    },
    baseline: { kind: 'majority-class', prediction: 0, classFrequencies: [0.5, 0.5], metrics: { accuracy: 0.5, loss: 0.69, logLoss: 0.69, macroF1: 0.33 } },
    plannedRuns: runIds?.length ?? 1,
    ...(runIds === undefined ? {} : { runIds }),
    shard: null,
    backend: 'cpu',
    updatedAt: new Date(0).toISOString(),
  };
}

describe('parseResultsJsonl', () => {
  it('reads one run per whole line', () => {
    const parsed = parseResultsJsonl(lines(run('a'), run('b'), run('c')), 'r.jsonl');
    expect(parsed.results.map((r) => r.runId)).toEqual(['a', 'b', 'c']);
    expect(parsed).toMatchObject({ partialTail: false, warnings: [] });
  });

  it('ignores a last line cut short by a kill, at every possible cut', () => {
    const whole = lines(run('a'), run('b'));
    const third = JSON.stringify(run('c'));
    for (let cut = 1; cut <= third.length; cut++) {
      const parsed = parseResultsJsonl(whole + third.slice(0, cut), 'r.jsonl');
      expect(parsed.results.map((r) => r.runId)).toEqual(['a', 'b']);
      expect(parsed.partialTail).toBe(true);
      expect(parsed.completeLength).toBe(whole.length);
    }
  });

  it('skips blank lines, and warns about lines that are not runs or repeat a runId', () => {
    const text = `${lines(run('a'))}\n{"oops": 1}\nnot json\n${lines(run('a', 1), run('b'))}`;
    const parsed = parseResultsJsonl(text, 'r.jsonl');
    expect(parsed.results.map((r) => [r.runId, r.seed])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect(parsed.warnings).toMatchInlineSnapshot(`
      [
        "r.jsonl line 3 is not a run result (needs runId, label, seed, gridIndex, status, metrics); skipped",
        "r.jsonl line 4 is not valid JSON; skipped",
        "r.jsonl line 5 repeats run a; the first line is kept",
      ]
    `);
  });
});

describe('ResultStore and readResults', () => {
  const tempDir = tempDirs();

  it('appends whole lines; on resume trims a cut tail so the next line starts clean', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.append(run('b'));
    // a kill in the middle of the third write
    writeFileSync(store.resultsPath, `${readFileSync(store.resultsPath, 'utf8')}${JSON.stringify(run('c')).slice(0, 40)}`);

    const reopened = await ResultStore.open(dir, CONFIG, true);
    expect([...reopened.existing.keys()]).toEqual(['a', 'b']);
    expect(reopened.warnings).toHaveLength(1);
    reopened.append(run('c'));
    const text = readFileSync(store.resultsPath, 'utf8');
    expect(text).toBe(lines(run('a'), run('b'), run('c')));

    const read = await readResults(dir);
    expect(read.results.map((r) => r.runId)).toEqual(['a', 'b', 'c']);
    expect(read.meta).toBeNull(); // no header written in this test
    expect(read.warnings.join('\n')).toContain('experiment.json');
  });

  it('starts afresh without resume, and refuses a folder of another experiment', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.writeMeta(header(CONFIG));
    expect((await readResults(dir)).meta?.config).toEqual(CONFIG);
    const fresh = await ResultStore.open(dir, CONFIG, false);
    expect(fresh.existing.size).toBe(0);
    expect(readFileSync(fresh.resultsPath, 'utf8')).toBe('');
    await expect(ResultStore.open(dir, { ...CONFIG, name: 'other' }, true)).rejects.toThrow(
      /^runExperiment: out .* holds results of experiment "demo", not "other"; choose another out folder, or pass replace: true to start it afresh \(keeps the old results as results\.jsonl\.bak-<time>\)$/,
    );
  });

  it('reports an output folder that cannot be created or read', async () => {
    const dir = tempDir('initlab-store-');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    await expect(ResultStore.open(join(file, 'out'), CONFIG, true)).rejects.toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED', message: expect.stringMatching(/cannot create the output folder/) }),
    );
    await expect(readResults(join(dir, 'missing'))).rejects.toThrow(expect.objectContaining({ code: 'READ_FAILED' }));
  });

  it('with replace, keeps the old results.jsonl and experiment.json as .bak-<UTC time> and starts afresh, of any experiment', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.writeMeta(header(CONFIG, ['a']));
    const oldResults = readFileSync(store.resultsPath, 'utf8');
    const oldMeta = readFileSync(store.metaPath, 'utf8');

    const replaced = await ResultStore.open(dir, { ...CONFIG, name: 'other' }, true, { replace: true });
    expect(replaced.existing.size).toBe(0);
    expect(readFileSync(replaced.resultsPath, 'utf8')).toBe('');
    expect(existsSync(replaced.metaPath)).toBe(false); // the runner writes the new header next
    expect(replaced.backups).toHaveLength(2);
    const [results, meta] = replaced.backups as [string, string];
    expect(results).toMatch(/[/\\]results\.jsonl\.bak-\d{8}T\d{6}Z$/);
    expect(meta).toBe(`${store.metaPath}${results.slice(store.resultsPath.length)}`);
    expect(readFileSync(results, 'utf8')).toBe(oldResults);
    expect(readFileSync(meta, 'utf8')).toBe(oldMeta);

    // A second replace within the same second keeps both backups apart.
    replaced.append(run('b'));
    const again = await ResultStore.open(dir, CONFIG, true, { replace: true });
    expect(again.backups).toHaveLength(1); // no header was written since
    expect(new Set(readdirSync(dir).filter((f) => f.startsWith('results.jsonl.bak-'))).size).toBe(2);
    expect(readFileSync(again.backups[0]!, 'utf8')).toBe(lines(run('b')));
    // Replacing an empty folder moves nothing.
    expect((await ResultStore.open(tempDir('initlab-store-'), CONFIG, true, { replace: true })).backups).toEqual([]);
  });

  it('refuses to resume runs of another plan, naming the change, and leaves the folder as it was', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    store.append(run('a'));
    store.writeMeta(header(CONFIG, ['a']));
    // A cut tail too: a refusal must not even trim it.
    writeFileSync(store.resultsPath, `${lines(run('a'))}{"runId":"b"`);
    const before = readFileSync(store.resultsPath, 'utf8');
    const seen: unknown[] = [];
    const planChange = (stored: unknown): string | null => {
      seen.push(stored);
      return 'training.epochs 1 → 50';
    };
    const refused = await ResultStore.open(dir, CONFIG, true, { planChange, optionStyle: 'flag' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: 'ResultsError',
      code: 'PLAN_MISMATCH',
      kind: 'usage',
      message: `--out ${dir} holds runs of another plan of experiment "demo": training.epochs 1 → 50; use a new --out DIR, or --replace to start it afresh (keeps the old results as results.jsonl.bak-<time>)`,
    });
    expect(seen).toEqual([CONFIG]);
    expect(readFileSync(store.resultsPath, 'utf8')).toBe(before);
    await expect(ResultStore.open(dir, CONFIG, true, { planChange })).rejects.toThrow(/^runExperiment: out .* choose another out folder, or pass replace: true/);

    // The same plan resumes; starting afresh (resume false) or replace does not ask.
    expect([...(await ResultStore.open(dir, CONFIG, true, { planChange: () => null })).existing.keys()]).toEqual(['a']);
    seen.length = 0;
    await ResultStore.open(dir, CONFIG, false, { planChange });
    expect(seen).toEqual([]);
    // A header whose folder holds no runs yet mixes nothing: it is simply rewritten.
    expect((await ResultStore.open(dir, CONFIG, true, { planChange })).existing.size).toBe(0);
    expect(seen).toEqual([]);
  });

  it('reads only the runs of the plan the header names, with one warning for the rest', async () => {
    const dir = tempDir('initlab-store-');
    const store = await ResultStore.open(dir, CONFIG, true);
    for (const id of ['a', 'x', 'b', 'y', 'z']) store.append(run(id));
    store.writeMeta(header(CONFIG, ['a', 'b', 'c']));
    const read = await readResults(dir);
    expect(read.results.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(read.otherPlan).toBe(3);
    expect(read.warnings).toEqual(['3 runs in results.jsonl belong to another plan; ignored']);

    // A header from before headers listed runIds: the caller tells the plan from the config, or it reads whole.
    store.writeMeta(header(CONFIG));
    const configs: unknown[] = [];
    const old = await readResults(dir, { planRunIds: (config) => (configs.push(config), ['x']) });
    expect(configs).toEqual([CONFIG]);
    expect(old.results.map((r) => r.runId)).toEqual(['x']);
    expect(old.warnings).toEqual(['4 runs in results.jsonl belong to another plan; ignored']);
    expect((await readResults(dir, { planRunIds: () => null })).results).toHaveLength(5);
    expect((await readResults(dir)).results).toHaveLength(5);
  });
});

describe('selectPlanRuns and otherPlanWarning', () => {
  it('keep the order of the runs and count the others', () => {
    expect(selectPlanRuns([run('b'), run('q'), run('a')], ['a', 'b'])).toEqual({ results: [run('b'), run('a')], otherPlan: 1 });
    expect(otherPlanWarning(1)).toBe('1 run in results.jsonl belongs to another plan; ignored');
    expect(otherPlanWarning(2)).toBe('2 runs in results.jsonl belong to another plan; ignored');
  });
});
