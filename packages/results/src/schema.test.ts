import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activationText, ExperimentMetaSchema, firstIssue, RunResultSchema } from './schema.js';
import { parseResultsJsonl, readResults } from './store.js';
import { run, tempDirs } from './test-run.js';

const RUN = run('a');

describe('RunResultSchema', () => {
  it('keeps a valid line as it was read, unknown keys included', () => {
    const line = { ...RUN, extra: { note: 1 } };
    expect(RunResultSchema.parse(line)).toEqual(line);
  });

  it('reads a line back with its keys in the order written (reports follow it)', () => {
    const line = { ...RUN, metrics: { mse: 1, rmse: 1, mae: 1, r2: 0, loss: 1 } };
    const [read] = parseResultsJsonl(`${JSON.stringify(line)}\n`, 'r.jsonl').results;
    expect(Object.keys(read!.metrics)).toEqual(['mse', 'rmse', 'mae', 'r2', 'loss']);
    expect(Object.keys(read!)).toEqual(Object.keys(line));
  });

  it('names the file, the line and the first bad field of a line that is not a valid run', () => {
    const bad = { ...RUN, runId: 'b', history: [{ ...RUN.history[0], loss: 'x' }] };
    const text = `${JSON.stringify(RUN)}\n${JSON.stringify(bad)}\n${JSON.stringify({ ...RUN, runId: 'c', backend: undefined })}\n`;
    const parsed = parseResultsJsonl(text, 'r.jsonl');
    expect(parsed.results.map((r) => r.runId)).toEqual(['a']);
    expect(parsed.warnings).toEqual([
      'r.jsonl line 2 is not a valid run result: history[0].loss must be a number or null; skipped',
      'r.jsonl line 3 is not a valid run result: backend must be a backend name; skipped',
    ]);
    const status = RunResultSchema.safeParse({ ...RUN, status: 'done' });
    expect(status.success || firstIssue(status.error)).toBe('status must be "ok" or "diverged"');
  });
});

describe('RunResultSchema confusionMatrix (issue 13)', () => {
  it('reads a line without it (files written before it) and with a square matrix or null', () => {
    expect('confusionMatrix' in RUN).toBe(false);
    expect(RunResultSchema.safeParse(RUN).success).toBe(true);
    const cm = [
      [3, 1, 0],
      [0, 4, 1],
      [1, 0, 5],
    ];
    expect(RunResultSchema.parse({ ...RUN, confusionMatrix: cm }).confusionMatrix).toEqual(cm);
    expect(RunResultSchema.parse({ ...RUN, confusionMatrix: null }).confusionMatrix).toBeNull();
  });

  it('refuses a matrix that is not square or holds something other than counts, naming the field', () => {
    const notSquare = RunResultSchema.safeParse({ ...RUN, confusionMatrix: [[1, 2]] });
    expect(notSquare.success || firstIssue(notSquare.error)).toBe('confusionMatrix must be a square confusion matrix (one row and one column per class)');
    const text = RunResultSchema.safeParse({ ...RUN, confusionMatrix: [['1']] });
    expect(text.success || firstIssue(text.error)).toBe('confusionMatrix[0][0] must be a count');
  });
});

describe('experiment.json', () => {
  const tempDir = tempDirs();

  it('reads the results without a header that does not fit the schema, and says why', async () => {
    const dir = tempDir('initlab-results-');
    writeFileSync(join(dir, 'results.jsonl'), `${JSON.stringify(RUN)}\n`);
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify({ format: 'initlab-experiment/1', config: { name: 'demo' } }));
    const read = await readResults(dir);
    expect(read.meta).toBeNull();
    expect(read.results).toHaveLength(1);
    expect(read.warnings).toEqual([`${join(dir, 'experiment.json')} is not a valid initlab experiment header: config.data must be an object; results are read without it`]);
    expect(ExperimentMetaSchema.safeParse({ format: 'other/1' }).success).toBe(false);
  });
});

describe('activationText', () => {
  it('writes an activation for labels', () => {
    expect(activationText('tanh')).toBe('tanh');
    expect(activationText({ name: 'leaky_relu', alpha: 0.1 })).toBe('leaky_relu(alpha=0.1)');
    expect(activationText({ name: 'elu' })).toBe('elu');
  });
});
