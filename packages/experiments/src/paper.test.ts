import { useBackend } from '@initlab/backends';
import { minimumTensorBytes, resolveNetwork, WASM_HEAP_BYTES, type ActivationSpec } from '@initlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepNetworkSpec } from './deep-network.js';
import { evaluateCheck, verdictOf, type CheckResult } from './paper-checks.js';
import { estimateOf, exactly } from './paper-estimate.js';
import { loadPaper, paperIds } from './paper-files.js';
import { measurementsFor, paperDefinition, parsePaper, runPaper } from './paper-run.js';
import type { PaperCheck } from './paper-schema.js';
import { TEST_DATA_DIR } from './test-data.js';

const MINIMAL = `
id: demo-2000
title: a demo
paper: { title: T, authors: A B, year: 2000, url: https://example.org }
claim: c
setup: { paper: p, ours: o }
budgetMinutes: 1
published:
  - { id: qstar, quantity: q*, value: 0.5, where: "Figure 1, p. 2", ours: maps/s1/qStar }
measurements:
  - { id: maps, kind: mean-field, activation: tanh, sigmaB2: 0.05, sigmaW2: [1, 4], labels: [s1, s4] }
checks:
  - { claim: c* falls in the chaotic phase, level: qualitative, less: [maps/s4/cStar, maps/s1/cStar] }
`;

const check = (c: Partial<PaperCheck>): PaperCheck => ({ claim: 'x', level: 'qualitative', separated: true, ...c }) as PaperCheck;
const result = (passed: boolean, level: CheckResult['level']): CheckResult => ({ claim: level, level, passed, detail: '', operands: [] });

describe('paper files: schema', () => {
  it('parses a minimal file and fills the defaults', () => {
    const p = parsePaper(MINIMAL, 'demo.yaml');
    expect(p.notPrinted).toEqual([]);
    expect(p.checks[0]!.separated).toBe(true);
    expect(p.measurements[0]!.kind).toBe('mean-field');
  });

  it('names the path, the rule and the closest key of a mistake', () => {
    expect(() => parsePaper(MINIMAL.replace('budgetMinutes: 1', 'budgetMinute: 1'), 'demo.yaml')).toThrow(/demo\.yaml: the experiment has unknown key "budgetMinute" \(did you mean "budgetMinutes"\?\)/);
    expect(() => parsePaper(MINIMAL.replace('kind: mean-field', 'kind: meanfield'), 'demo.yaml')).toThrow(/demo\.yaml: measurements\[0\]\.kind .*train, signal, jacobian, mean-field/);
    expect(() => parsePaper(MINIMAL.replace('less: [maps/s4/cStar, maps/s1/cStar]', 'less: [a, b], between: [a, 0, 1]'), 'demo.yaml')).toThrow(/checks\[0\] must give exactly one of less, atMost, near, between, increasing, decreasing, got less and between/);
  });

  it('validates a train measurement\'s experiment with the experiment schema, under its path', () => {
    const train = MINIMAL.replace(
      'measurements:\n',
      'measurements:\n  - { id: fit, kind: train, experiment: { name: x, data: { dataset: moons }, model: { hidden: [4] }, training: { epochs: -1 }, initializers: [he_normal] } }\n',
    );
    expect(() => parsePaper(train, 'demo.yaml')).toThrow(/demo\.yaml: measurements\.fit\.experiment: training\.epochs must be a positive integer, got -1/);
  });

  it('a quantitative check must compare a published number, and name one that exists', () => {
    const quantitative = MINIMAL.replace('level: qualitative, less: [maps/s4/cStar, maps/s1/cStar]', 'level: quantitative, less: [maps/s4/cStar, maps/s1/cStar]');
    expect(() => parsePaper(quantitative, 'demo.yaml')).toThrow(/demo\.yaml: checks\[0\] is quantitative but compares no published number \(paper\.<id>\)/);
    const against = MINIMAL.replace('level: qualitative, less: [maps/s4/cStar, maps/s1/cStar]', 'level: quantitative, near: { value: maps/s1/qStar, to: paper.qstr, tolerance: 0.1 }');
    expect(() => parsePaper(against, 'demo.yaml')).toThrow(/checks\[0\] names no published number 'qstr'; published: qstar/);
  });

  it('loads a shipped paper by id, any paper file by path, and names the closest id for a typo', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'paper-')), 'mine.yaml');
    writeFileSync(file, MINIMAL);
    expect((await loadPaper(file)).id).toBe('demo-2000');
    await expect(loadPaper('pool-2016')).rejects.toThrow(/unknown paper 'pool-2016' \(did you mean "poole-2016"\?\); the papers are .*poole-2016/);
    await expect(loadPaper(join(tmpdir(), 'no-such-paper.yaml'))).rejects.toThrow(/cannot read the paper file .*no-such-paper\.yaml: no such file/);
  });

  it('refuses --full overrides of a measurement that does not exist', () => {
    expect(() => parsePaper(`${MINIMAL}full: { mapz: { sigmaB2: 1 } }\n`, 'demo.yaml')).toThrow(/full\.mapz names no measurement; measurements: maps/);
  });

  it('applies --full overrides one level deep', () => {
    const p = parsePaper(`${MINIMAL}full: { maps: { sigmaW2: [2] } }\n`, 'demo.yaml');
    const [m] = measurementsFor(p, 'full');
    expect(m).toMatchObject({ kind: 'mean-field', sigmaW2: [2], sigmaB2: 0.05 });
  });
});

describe('paper checks and the verdict', () => {
  const q = { 'm/a': estimateOf([1, 1.1, 0.9]), 'm/b': estimateOf([2, 2.1, 1.9]), 'm/c': estimateOf([1.05, 2.5, 0.2]) };

  it('less: the order and, with separated, non-overlapping intervals', () => {
    expect(evaluateCheck(check({ less: ['m/a', 'm/b'] }), 0, q, [], 'f').passed).toBe(true);
    expect(evaluateCheck(check({ less: ['m/b', 'm/a'] }), 0, q, [], 'f').detail).toMatch(/no, not in that order/);
    const overlapping = evaluateCheck(check({ less: ['m/a', 'm/c'] }), 0, q, [], 'f');
    expect(overlapping.passed).toBe(false);
    expect(overlapping.detail).toMatch(/intervals overlap/);
    expect(evaluateCheck(check({ less: ['m/a', 'm/c'], separated: false }), 0, q, [], 'f').passed).toBe(true);
  });

  it('near: relative or absolute tolerance against a published number', () => {
    const published = [{ id: 'p', quantity: 'x', value: 1.02, where: 'Table 1' }];
    expect(evaluateCheck(check({ near: { value: 'm/a', to: 'paper.p', tolerance: 0.05, absolute: false } }), 0, q, published, 'f').passed).toBe(true);
    expect(evaluateCheck(check({ near: { value: 'm/b', to: 'paper.p', tolerance: 0.5, absolute: true } }), 0, q, published, 'f').detail).toMatch(/no, off by 0\.98/);
  });

  it('atMost: fails only when the first interval lies wholly above the second', () => {
    expect(evaluateCheck(check({ atMost: ['m/c', 'm/a'] }), 0, q, [], 'f')).toMatchObject({ passed: true, detail: expect.stringMatching(/higher but within the intervals/) });
    expect(evaluateCheck(check({ atMost: ['m/a', 'm/b'] }), 0, q, [], 'f').passed).toBe(true);
    expect(evaluateCheck(check({ atMost: ['m/b', 'm/a'] }), 0, q, [], 'f').detail).toMatch(/no, its 95% interval lies wholly above/);
  });

  it('between and increasing', () => {
    expect(evaluateCheck(check({ between: ['m/a', 0.5, 1.5] }), 0, q, [], 'f').passed).toBe(true);
    expect(evaluateCheck(check({ between: ['m/b', 0.5, 1.5] }), 0, q, [], 'f').passed).toBe(false);
    expect(evaluateCheck(check({ increasing: ['m/a', 'm/b'] }), 0, q, [], 'f').passed).toBe(true);
    expect(evaluateCheck(check({ decreasing: ['m/a', 'm/b'] }), 0, q, [], 'f').passed).toBe(false);
  });

  it('a reference to nothing is a file error naming the check and what exists', () => {
    expect(() => evaluateCheck(check({ less: ['m/x', 'm/b'] }), 3, q, [], 'f.yaml')).toThrow(/f\.yaml: checks\[3\]\.less\[0\] names no quantity 'm\/x'; 'm' reports e\.g\. m\/a, m\/b, m\/c/);
    expect(() => evaluateCheck(check({ less: ['paper.nope', 'm/b'] }), 0, q, [], 'f')).toThrow(/names no published number 'nope'; published: none/);
  });

  it('ifFails: the file\'s reading of a failure rides on the failed check only, and never changes the verdict', () => {
    const why = 'few seeds at CPU scale';
    const failed = evaluateCheck(check({ less: ['m/b', 'm/a'], ifFails: why }), 0, q, [], 'f');
    expect(failed).toMatchObject({ passed: false, ifFails: why });
    expect(evaluateCheck(check({ less: ['m/a', 'm/b'], ifFails: why }), 0, q, [], 'f')).not.toHaveProperty('ifFails');
    expect(verdictOf([failed]).verdict).toBe('differs');
    expect(verdictOf([failed]).reasons).toEqual([`x (${failed.detail})`]);
    expect(() => parsePaper(MINIMAL.replace('level: qualitative,', 'level: qualitative, ifFails: 3,'), 'demo.yaml')).toThrow(/checks\[0\]\.ifFails must be/);
  });

  it('a missing value (diverged) fails a check instead of passing it', () => {
    expect(evaluateCheck(check({ less: ['m/n', 'm/b'] }), 0, { ...q, 'm/n': estimateOf([null, null]) }, [], 'f').passed).toBe(false);
    expect(exactly(NaN).mean).toBeNull();
  });

  it('the verdict rule', () => {
    expect(verdictOf([result(true, 'quantitative'), result(true, 'qualitative')]).verdict).toBe('reproduces');
    expect(verdictOf([result(false, 'quantitative'), result(true, 'qualitative')]).verdict).toBe('reproduces qualitatively');
    expect(verdictOf([result(true, 'qualitative')])).toMatchObject({ verdict: 'reproduces qualitatively', reasons: [expect.stringMatching(/none compares a number/)] });
    expect(verdictOf([result(true, 'quantitative'), result(false, 'qualitative')]).verdict).toBe('differs');
  });
});

describe('the shipped paper files, each run in its reduced form', async () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  const ids = await paperIds();

  it('ship with ids matching their file names, and budgets of at most 10 minutes', async () => {
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const p = await loadPaper(id);
      expect(p.id).toBe(id);
      expect(p.budgetMinutes).toBeLessThanOrEqual(10);
    }
  });

  it('every signal measurement, default and --full, fits the wasm backend’s heap one network at a time (as it runs)', async () => {
    // klambauer-2017 --full (100 layers of 1,000 units) once needed 2.8 GiB as one ensemble of its 5 seeds
    const IMAGE_FEATURES: Record<string, number> = { mnist: 784, 'fashion-mnist': 784 };
    for (const id of ids) {
      const paper = await loadPaper(id);
      for (const mode of ['default', 'full'] as const) {
        for (const m of measurementsFor(paper, mode)) {
          if (m.kind !== 'signal') continue;
          const inputDim = m.inputs.normal ?? IMAGE_FEATURES[m.inputs.dataset!]!;
          for (const entry of m.initializers) {
            const activation = (entry.activation ?? m.activation) as ActivationSpec;
            const spec = deepNetworkSpec({ inputDim, depth: m.depth, width: m.width, activation, ...(m.classes === undefined ? {} : { classes: m.classes }) });
            const bytes = minimumTensorBytes(resolveNetwork(spec).dense, 1, m.inputs.rows);
            expect(bytes, `${id} ${mode} ${m.id}/${entry.label}`).toBeLessThanOrEqual(WASM_HEAP_BYTES);
          }
        }
      }
    }
  });

  for (const id of ids) {
    it(`${id} runs to a verdict, every check and published number resolving, no tensor left`, async () => {
      const before = tf.memory().numTensors;
      const paper = await loadPaper(id);
      const r = await runPaper(paper, { mode: 'reduced', loadOptions: { dataDir: TEST_DATA_DIR, offline: true }, train: { dataOptions: { dataDir: TEST_DATA_DIR, offline: true }, threads: 1 } });
      expect(['reproduces', 'reproduces qualitatively', 'differs']).toContain(r.verdict);
      // the run records what it measured (the reduced sizes) and decided by (the checks, without their ifFails)
      expect(r.definition).toEqual(paperDefinition(paper, 'reduced'));
      expect(r.definition.measurements.map((m) => m.id)).toEqual(Object.keys(r.measureMs));
      expect(r.definition.checks.some((c) => 'ifFails' in c)).toBe(false);
      expect(r.checks.length).toBeGreaterThan(0);
      for (const p of r.published) if (p.ours !== undefined) expect(p.initlab).not.toBeNull();
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  }
});
