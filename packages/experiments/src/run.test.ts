import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { useBackend } from '@initlab/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperiment, validateExperiment } from './parse.js';
import { planRuns } from './plan.js';
import { parseResultsJsonl, readResults, type RunResult } from '@initlab/results';
import { runExperiment, type ExperimentProgressEvent } from './run.js';
import { summarizeExperiment } from '@initlab/eval';

// Plumbing tests: a small synthetic set and few epochs; the notebooks' numbers are in seed-*.test.ts.
const SMALL = parseExperiment(
  `
name: small
data: { dataset: moons, nSamples: 200 }
model: { hidden: [8] }
training: { epochs: 3, batchSize: 32, optimizer: { name: sgd, learningRate: 0.1 } }
initializers: [zeros, he_normal, glorot_uniform]
seeds: 2
`,
  'small.yaml',
);

/** What must be identical when a run is trained again: everything but timing and ensemble size. */
function outcome(r: RunResult): unknown {
  const { elapsedMs: _e, ensembleSize: _k, ...rest } = r;
  return rest;
}

function hasNaN(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNaN);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasNaN);
  return false;
}

// Child processes and worker threads run the TypeScript sources through tsx, found in the workspace's pnpm
// store (it is not a dependency of this package; @initlab/models brings it).
const root = fileURLToPath(new URL('..', import.meta.url));
const tsxRequire = createRequire(join(root, '../../node_modules/.pnpm/node_modules/'));
const tsxLoader = pathToFileURL(tsxRequire.resolve('tsx')).href;
const tsxEsmApi = pathToFileURL(join(tsxRequire.resolve('tsx/package.json'), '../dist/esm/api/index.mjs')).href;

let dir = '';
beforeAll(async () => {
  await useBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'initlab-run-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runExperiment', () => {
  it('trains every run, writes one line each, and resumes after a kill by training only the rest', async () => {
    const out = join(dir, 'resume');
    const before = tf.memory().numTensors;
    const first = await runExperiment(SMALL, { out });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.results).toHaveLength(6);
    expect(first.runs).toEqual({ planned: 6, selected: 6, trained: 6, resumed: 0, unfinished: 0 });
    expect(first.results.map((r) => r.runId)).toEqual(planRuns(SMALL).map((r) => r.runId));
    const file = join(out, 'results.jsonl');
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseResultsJsonl(text, file).results).toEqual(first.results);
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')).config).toEqual(SMALL);

    // A kill while the third line was being written: two whole lines and a fragment remain.
    const kept = text.split('\n').slice(0, 2).join('\n');
    writeFileSync(file, `${kept}\n${text.split('\n')[2]!.slice(0, 25)}`);
    const events: ExperimentProgressEvent[] = [];
    const second = await runExperiment(SMALL, { out, onProgress: (e) => events.push(e) });
    expect(second.runs).toEqual({ planned: 6, selected: 6, trained: 4, resumed: 2, unfinished: 0 });
    expect(events.find((e) => e.type === 'start')).toMatchObject({ total: 6, resumed: 2, pending: 4 });
    expect(events.filter((e) => e.type === 'run')).toHaveLength(4);
    // Same seeds give the same runs: retrained runs equal the first pass's.
    expect(second.results.map(outcome)).toEqual(first.results.map(outcome));
    const reread = parseResultsJsonl(readFileSync(file, 'utf8'), file);
    expect(reread.partialTail).toBe(false);
    expect(reread.results.map((r) => r.runId).sort()).toEqual(first.results.map((r) => r.runId).sort());
    expect(second.warnings.some((w) => w.includes('incomplete last line'))).toBe(true);

    // Nothing left to do: a third pass trains nothing and reports the same results.
    const third = await runExperiment(SMALL, { out });
    expect(third.runs.trained).toBe(0);
    expect(third.results.map(outcome)).toEqual(first.results.map(outcome));

    // readResults + summarizeExperiment rebuild what runExperiment returned.
    const read = await readResults(out);
    expect(read.meta?.baseline).toEqual(first.baseline);
    const summary = summarizeExperiment({ config: read.meta!.config, results: read.results, baseline: read.meta!.baseline, data: read.meta!.data });
    expect(summary.comparison?.rows.map((r) => [r.name, r.mean])).toEqual(first.comparison?.rows.map((r) => [r.name, r.mean]));
  });

  it('survives a real SIGKILL mid-experiment: only whole lines remain and a rerun completes the plan', async () => {
    const out = join(dir, 'killed');
    const config = validateExperiment({ ...SMALL, name: 'killed', grid: { width: [4, 8, 16, 32, 64, 128] } }, 'killed');
    const script = join(dir, 'child.mts');
    writeFileSync(
      script,
      `import { useBackend } from '${join(root, 'node_modules/@initlab/backends/src/index.ts')}';
import { runExperiment } from '${join(root, 'src/index.ts')}';
await useBackend('cpu');
await runExperiment(${JSON.stringify(config)}, { out: ${JSON.stringify(out)} });
`,
    );
    const child = spawn(process.execPath, ['--import', tsxLoader, '--conditions=source', script], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const file = join(out, 'results.jsonl');
    // Kill as soon as the first ensemble's lines are out, while later ensembles train.
    const killedEarly = await new Promise<boolean>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(file) && readFileSync(file, 'utf8').length > 0) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 5);
      child.on('exit', (code) => {
        clearInterval(timer);
        if (code !== null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
        resolve(false);
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));
    const text = readFileSync(file, 'utf8');
    const parsed = parseResultsJsonl(text, file);
    expect(parsed.warnings).toEqual([]);
    const done = parsed.results.length + (parsed.partialTail ? 1 : 0);
    expect(killedEarly).toBe(true);
    expect(done).toBeLessThan(36);
    const events: ExperimentProgressEvent[] = [];
    const rerun = await runExperiment(config, { out, onProgress: (e) => events.push(e) });
    expect(rerun.results).toHaveLength(36);
    expect(rerun.runs.resumed).toBe(parsed.results.length);
    expect(rerun.runs.trained).toBe(36 - parsed.results.length);
    expect(parseResultsJsonl(readFileSync(file, 'utf8'), file).results).toHaveLength(36);
  });

  it('returns no NaN anywhere: a diverged run has status diverged, its epoch and null metrics', async () => {
    const config = parseExperiment(
      `
name: diverge
data: { dataset: friedman1, nSamples: 200 }
preprocess: { target: standard }
model: { hidden: [32, 32, 32] }
training: { epochs: 4, optimizer: { name: sgd, learningRate: 0.05 } }
initializers: ["random_normal:stddev=5", glorot_uniform]
diagnostics: epoch
`,
      'diverge.yaml',
    );
    const before = tf.memory().numTensors;
    const result = await runExperiment(config);
    expect(tf.memory().numTensors).toBe(before);
    const diverged = result.results.find((r) => r.label === 'random_normal:stddev=5')!;
    expect(diverged.status).toBe('diverged');
    expect(diverged.divergedAtEpoch).toBeGreaterThanOrEqual(1);
    expect(diverged.metrics).toEqual({ mse: null, rmse: null, mae: null, r2: null, loss: null });
    expect(hasNaN(result)).toBe(false);
    expect(result.aggregates.find((a) => a.label === 'random_normal:stddev=5')?.diverged).toBe(1);
    expect(result.warnings.some((w) => /"random_normal:stddev=5": 1 of 1 runs diverged \(seed 0: epoch \d+\)/.test(w))).toBe(true);
    const ok = result.results.find((r) => r.label === 'glorot_uniform')!;
    expect(ok.status).toBe('ok');
    expect(ok.metrics.mse).toBeGreaterThan(0);
    expect(ok.diagnostics.epochs).toHaveLength(4);
    expect(ok.diagnostics.final).toEqual(ok.diagnostics.epochs?.[3]);
  });

  describe('a residual network: per-block diagnostics instead of per-layer ones', () => {
    const config = (diagnostics: string) =>
      parseExperiment(
        `
name: res-diag
data: { dataset: moons, nSamples: 120 }
model: { residual: { blocks: 3, width: 8, norm: batch } }
training: { epochs: 2, batchSize: 16 }
initializers: [he_normal, skipinit]
diagnostics: ${diagnostics}
`,
        'res-diag.yaml',
      );
    const numbers = (b: Record<string, unknown>) => [b.skipStd, b.branchStd, b.branchToSkip, b.outputStd];
    const checkBlocks = (network: { blocks: { block: number; skipStd: number | null; branchStd: number | null; branchToSkip: number | null }[] }) => {
      expect(network.blocks.map((b) => b.block)).toEqual([0, 1, 2]);
      for (const b of network.blocks) {
        for (const v of numbers(b)) expect(Number.isFinite(v)).toBe(true);
        // the ratio models defines: of the standard deviations
        expect(b.branchToSkip).toBeCloseTo(b.branchStd! / b.skipStd!, 12);
      }
    };

    it('diagnostics: init stores each block at initialisation in results.jsonl, and the note says so', async () => {
      const out = join(dir, 'res-init');
      const result = await runExperiment(config('init'), { out });
      expect(result.notes).toEqual([
        'diagnostics: per block and normalization layer for this network (at initialisation), not per layer: its hidden layers include residual or normalization layers',
      ]);
      expect(hasNaN(result.results)).toBe(false);
      const { results: stored } = await readResults(out);
      expect(stored).toEqual(result.results);
      for (const r of stored) {
        expect(r.diagnostics.init).toBeNull();
        expect(r.diagnostics.final).toBeNull();
        expect('epochs' in r.diagnostics).toBe(false);
        expect(Object.keys(r.diagnostics.network!)).toEqual(['init']);
        const init = r.diagnostics.network!.init!;
        checkBlocks(init);
        // every block's two batch norms and the head's: 7 layers, γ ones and moving statistics at their start
        expect(init.norms).toHaveLength(7);
        for (const n of init.norms) expect(n).toMatchObject({ kind: 'batchnorm', gammaMean: 1, gammaStd: 0, meanAbsMovingMean: 0, meanMovingVariance: 1 });
      }
      const [he, skip] = stored;
      expect(he!.diagnostics.network!.init!.blocks.every((b) => b.branchToSkip! > 0.1)).toBe(true);
      // SkipInit's gates start at 0: every block starts as its skip path
      expect(skip!.diagnostics.network!.init!.blocks.map((b) => [b.gate, b.branchToSkip])).toEqual([
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
    });

    it('diagnostics: epoch also stores them after every epoch; the run ids stay those of the plan', async () => {
      const out = join(dir, 'res-epoch');
      const result = await runExperiment(config('epoch'), { out });
      expect(result.notes).toEqual([
        'diagnostics: per block and normalization layer for this network (at initialisation and after every epoch), not per layer: its hidden layers include residual or normalization layers',
      ]);
      expect(result.results.map((r) => r.runId)).toEqual(planRuns(config('init')).map((r) => r.runId));
      const { results: stored } = await readResults(out);
      expect(stored).toEqual(result.results);
      for (const r of stored) {
        expect(r.status).toBe('ok');
        expect('epochs' in r.diagnostics).toBe(false);
        const network = r.diagnostics.network!;
        expect(network.epochs).toHaveLength(2);
        for (const d of [network.init!, ...network.epochs!]) checkBlocks(d);
        // trained: the moving statistics have left their start
        expect(network.epochs![1]!.norms[0]!.meanMovingVariance).not.toBe(1);
      }
      // the first epoch's record is of the trained weights, not a copy of the initial one
      expect(stored[0]!.diagnostics.network!.epochs![0]!.blocks).not.toEqual(stored[0]!.diagnostics.network!.init!.blocks);
    });

    it('diagnostics: none stores none and says nothing', async () => {
      const result = await runExperiment(config('none'));
      expect(result.notes).toEqual([]);
      for (const r of result.results) expect(r.diagnostics).toEqual({ init: null, final: null });
    });
  });

  it('trains on worker threads with the same results as in process', async () => {
    const preload = join(dir, 'register-tsx.mjs');
    writeFileSync(preload, `import { register } from '${tsxEsmApi}';\nregister();\n`);
    const inProcess = await runExperiment(SMALL);
    const threaded = await runExperiment(SMALL, {
      workers: 2,
      backendName: 'cpu',
      workerExecArgv: ['--conditions=source'],
      workerPreload: [pathToFileURL(preload).href],
    });
    expect(threaded.results.map((r) => r.runId)).toEqual(inProcess.results.map((r) => r.runId));
    threaded.results.forEach((r, i) => {
      const single = inProcess.results[i]!;
      expect(r.ensembleSize).toBe(6);
      expect(r.metrics.accuracy).toBe(single.metrics.accuracy);
      expect(Math.abs(r.metrics.loss! - single.metrics.loss!)).toBeLessThan(1e-6);
    });
  });

  // Issue 13: the per-class report of multi-class data needs each run's test confusion matrix.
  it('records the test confusion matrix of every classification run, outside the runId', async () => {
    const config = parseExperiment(
      'name: blobs3\ndata: { dataset: blobs, nSamples: 150 }\nmodel: { hidden: [8] }\ntraining: { epochs: 3, batchSize: 16 }\ninitializers: [zeros, he_normal]\nseeds: 2\n',
      'blobs3.yaml',
    );
    const result = await runExperiment(config);
    expect(result.data.task).toBe('multiclass');
    expect(result.results.map((r) => r.runId)).toEqual(planRuns(config).map((r) => r.runId));
    for (const r of result.results) {
      const cm = r.confusionMatrix!;
      expect(cm).toHaveLength(3);
      const total = cm.flat().reduce((s, v) => s + v, 0);
      expect(total).toBe(result.data.nTest);
      expect(cm.reduce((s, row, i) => s + row[i]!, 0) / total).toBe(r.metrics.accuracy);
    }
    // A regression run has none.
    const regression = await runExperiment(
      parseExperiment('name: reg\ndata: { dataset: friedman1, nSamples: 80 }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n', 'reg.yaml'),
    );
    expect(regression.results.every((r) => !('confusionMatrix' in r))).toBe(true);
  });

  it('reads a CSV relative to baseDir and takes one shard of the plan', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 3 === 0 ? 'yes' : 'no'}`);
    writeFileSync(join(dir, 'tiny.csv'), `a,b,label\n${rows.join('\n')}\n`);
    const config = parseExperiment(
      'name: tiny\ndata: { csv: tiny.csv, target: label }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros, he_uniform]\nseeds: 3\n',
      'tiny.yaml',
    );
    const result = await runExperiment(config, { baseDir: dir, shard: { index: 1, count: 2 } });
    expect(result.results.map((r) => `${r.label}/${r.seed}`)).toEqual(['he_uniform/0', 'he_uniform/1', 'he_uniform/2']);
    expect(result.data).toMatchObject({ task: 'binary', classes: ['no', 'yes'], nTrain: 48, nTest: 12 });
    expect(result.baseline).toMatchObject({ kind: 'majority-class', prediction: 0 });
    expect(result.results[0]!.metrics).toHaveProperty('accuracy');
  });

  it('reads a CSV with a text column, whole-number classes and missing cells as its data keys say, with the notes of the read', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${['red', 'blue'][i % 2]},${i % 9 === 4 ? 'NA' : (i % 5) / 5},${i % 3}`);
    writeFileSync(join(dir, 'mixed.csv'), `id,colour,a,label\n${rows.join('\n')}\n`);
    const yaml = (data: string): string => `name: mixed\ndata: { csv: mixed.csv, target: label, drop: [id], ${data} }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n`;
    const classes = await runExperiment(parseExperiment(yaml("encode: onehot, missing: drop-rows, naValues: ['', NA], task: classification"), 'm.yaml'), { baseDir: dir });
    expect(classes.data).toMatchObject({ task: 'multiclass', featureNames: ['colour=blue', 'colour=red', 'a'], rows: 36, droppedRows: 4 });
    expect(classes.notes).toEqual([]);
    const auto = await runExperiment(parseExperiment(yaml("encode: onehot, missing: drop-rows, naValues: ['', NA]"), 'm.yaml'), { baseDir: dir });
    expect(auto.data.task).toBe('regression');
    expect(auto.notes).toEqual([expect.stringContaining("pass task: 'classification' to read it as classes")]);
    await expect(runExperiment(parseExperiment(yaml('missing: drop-rows'), 'm.yaml'), { baseDir: dir })).rejects.toThrowError(
      /feature column "colour" holds text.*pass encode: 'onehot'/,
    );
    await expect(runExperiment(parseExperiment(yaml("encode: onehot, naValues: ['', NA]"), 'm.yaml'), { baseDir: dir, csvOptionStyle: 'flag' })).rejects.toThrowError(
      /empty cell "NA"; fill it, or pass --missing drop-rows/,
    );
    expect(() => parseExperiment('name: r\ndata: { dataset: moons, encode: onehot }\nmodel: { hidden: [4] }\ntraining: { epochs: 1 }\ninitializers: [zeros]\n', 'r.yaml')).toThrowError(
      /data\.encode applies to csv files only/,
    );
  });

  it('rejects bad options and data that do not fit the config, in one line', async () => {
    await expect(runExperiment(SMALL, { workers: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: runExperiment: workers must be a positive integer, got 0]`);
    await expect(runExperiment(SMALL, { threads: 1.5 })).rejects.toThrow('runExperiment: threads must be a positive integer, got 1.5');
    // passed on to the trainer, which knows the cores
    await expect(runExperiment(SMALL, { threads: availableParallelism() + 1 })).rejects.toThrow(
      `threads must be a positive integer at most the number of CPU cores (${availableParallelism()}), got ${availableParallelism() + 1}`,
    );
    await expect(runExperiment(SMALL, { shard: { index: 2, count: 2 } })).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: runExperiment: shard.index must be an integer in [0, 1] (0-based), got 2]`);
    await expect(runExperiment(SMALL, { backendName: 'webgpu' })).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: runExperiment: backendName "webgpu" is not registered; call useBackend("webgpu") from @initlab/backends first (active: "cpu")]`);
    const scaled = validateExperiment({ ...SMALL, preprocess: { features: 'standard', target: 'standard' } }, 'x');
    await expect(runExperiment(scaled)).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: small: preprocess.target "standard" applies to regression targets, but moons (label) is a binary task; use preprocess.target: none]`);
    const narrow = validateExperiment({ ...SMALL, model: { ...SMALL.model, output: { units: 2 } }, data: { dataset: 'blobs' } }, 'x');
    await expect(runExperiment(narrow)).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: small: model.output.units must be at least the 3 classes of the target, got 2]`);
    const tooBig = validateExperiment({ ...SMALL, split: { ...SMALL.split, testSize: 500 } }, 'x');
    const out = join(dir, 'never-written');
    await expect(runExperiment(tooBig, { out })).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: small: split does not fit moons (200 rows): testSize must be either a positive integer smaller than nSamples (200) or a fraction in (0, 1), got 500]`);
    expect(existsSync(out)).toBe(false);
    await expect(runExperiment({ ...SMALL, seeds: [] } as never)).rejects.toThrowErrorMatchingInlineSnapshot(`[ExperimentError: config: seeds must list at least one seed, got []]`);
  });

  it('stops cleanly on abort: finished runs are kept, the rest reported unfinished', async () => {
    const controller = new AbortController();
    const config = validateExperiment({ ...SMALL, name: 'aborted', grid: { width: [4, 8] } }, 'x');
    const result = await runExperiment(config, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'run') controller.abort();
      },
    });
    expect(result.complete).toBe(false);
    expect(result.results).toHaveLength(6);
    expect(result.runs.unfinished).toBe(6);
    expect(result.warnings.at(-1)).toMatch(/^aborted: 6 of 12 runs did not finish/);
  });
});

describe('runExperiment: an output folder holds one plan', () => {
  const PLAN = validateExperiment({ ...SMALL, name: 'plan', training: { ...SMALL.training, epochs: 2 }, initializers: ['zeros', 'he_normal'] }, 'plan');
  const withPlan = (patch: Record<string, unknown>) => validateExperiment({ ...PLAN, ...patch }, 'plan');
  const lineCount = (out: string): number => readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).length;

  it('resumes the same plan, extends it with seeds or initializers, and summarises only the plan it runs', async () => {
    const out = join(dir, 'plan-extend');
    const first = await runExperiment(PLAN, { out });
    expect(first.runs.trained).toBe(4);
    const header = JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'));
    expect(header.runIds).toEqual(planRuns(PLAN).map((r) => r.runId));
    expect((await runExperiment(PLAN, { out })).runs).toMatchObject({ trained: 0, resumed: 4 });

    const events: ExperimentProgressEvent[] = [];
    const more = await runExperiment(withPlan({ seeds: [0, 1, 2] }), { out, onProgress: (e) => events.push(e) });
    expect(more.runs).toMatchObject({ planned: 6, trained: 2, resumed: 4 });
    expect(events.filter((e) => e.type === 'run').map((e) => (e as { result: RunResult }).result.seed)).toEqual([2, 2]);
    expect(lineCount(out)).toBe(6);

    // Dropping an initializer narrows the plan: its runs stay in the file but are summarised nowhere, with one
    // warning that the report repeats.
    const narrow = await runExperiment(withPlan({ seeds: [0, 1, 2], initializers: ['he_normal'] }), { out });
    expect(narrow.runs).toMatchObject({ planned: 3, trained: 0, resumed: 3 });
    expect(narrow.aggregates.map((a) => [a.label, a.test.n])).toEqual([['he_normal', 3]]);
    expect(narrow.warnings).toContain('3 runs in results.jsonl belong to another plan; ignored');
    const read = await readResults(out);
    expect(read.results.map((r) => r.runId)).toEqual(narrow.results.map((r) => r.runId));
    expect(read.warnings).toEqual(['3 runs in results.jsonl belong to another plan; ignored']);
    expect(lineCount(out)).toBe(6);
  });

  it('refuses another plan with one line saying what changed, and replace starts afresh keeping the old files', async () => {
    const out = join(dir, 'plan-change');
    await runExperiment(PLAN, { out });
    const before = readFileSync(join(out, 'results.jsonl'), 'utf8');
    const beforeHeader = readFileSync(join(out, 'experiment.json'), 'utf8');
    const longer = withPlan({ training: { ...PLAN.training, epochs: 3 } });
    const refused = await runExperiment(longer, { out }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: 'ExperimentError',
      code: 'PLAN_MISMATCH',
      kind: 'usage',
      message: `runExperiment: out ${out} holds runs of another plan of experiment "plan": training.epochs 2 → 3; choose another out folder, or pass replace: true to start it afresh (keeps the old results as results.jsonl.bak-<time>)`,
    });
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'experiment.json'), 'utf8')).toBe(beforeHeader);
    await expect(runExperiment(withPlan({ model: { ...PLAN.model, hidden: [{ units: 4, activation: 'tanh' }] } }), { out })).rejects.toThrow(
      /: model\.hidden\[0\]\.units 8 → 4, model\.hidden\[0\]\.activation "relu" → "tanh"; choose another out folder/,
    );

    const replaced = await runExperiment(longer, { out, replace: true });
    expect(replaced.runs).toMatchObject({ trained: 4, resumed: 0 });
    expect(replaced.backups.map((f) => f.slice(out.length + 1))).toEqual([
      expect.stringMatching(/^results\.jsonl\.bak-\d{8}T\d{6}Z$/),
      expect.stringMatching(/^experiment\.json\.bak-\d{8}T\d{6}Z$/),
    ]);
    expect(readFileSync(replaced.backups[0]!, 'utf8')).toBe(before);
    expect(readFileSync(replaced.backups[1]!, 'utf8')).toBe(beforeHeader);
    const read = await readResults(out);
    expect(read.results.map((r) => r.runId)).toEqual(planRuns(longer).map((r) => r.runId));
    expect(read.results.every((r) => r.history.length === 3)).toBe(true);
    expect(read.warnings).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['experiment.json', ...replaced.backups.map((f) => f.slice(out.length + 1)), 'results.jsonl'].sort());
    await expect(runExperiment(PLAN, { replace: true })).rejects.toThrow('runExperiment: replace needs out, the folder whose results it replaces');
  });
});
