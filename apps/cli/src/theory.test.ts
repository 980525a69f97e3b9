// `initlab theory` (fixed-point, phase, propagate, jacobian) and diagnose's theory verdict through the built
// binary: the numbers the theory package computes (checked there against SciPy and simulations), printed and
// as JSON, beside what the network measures, with one-line usage errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHASES, meanField, criticalSigmaW2, predictedJacobianMoments, propagate } from '@initlab/theory';
import { runCli } from './testing/run-cli.js';

describe('initlab theory fixed-point', () => {
  it('prints q*, c*, χ₁, ξ_c, the phase and the edge of chaos; --json carries the same numbers', async () => {
    const r = await runCli(['theory', 'fixed-point', '--activation', 'tanh', '--sigma-w2', '2.5', '--sigma-b2', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^tanh, σ_w² = 2\.5, σ_b² = 0\.05: chaotic/);
    expect(r.stdout).toMatch(/ξ_c\s+│\s+11\.8\d*\s+│/);
    expect(r.stdout).toContain('edge of chaos at σ_b² = 0.05: σ_w² = 1.761');
    const json = await runCli(['theory', 'fixed-point', '--activation', 'tanh', '--sigma-w2', '2.5', '--sigma-b2', '0.05', '--json']);
    const doc = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ activation: 'tanh', sigmaW2: 2.5, sigmaB2: 0.05, ...meanField('tanh', { sigmaW2: 2.5, sigmaB2: 0.05 }) });
    expect(doc['phase']).toBe('chaotic');
    expect(doc['criticalSigmaW2']).toBe(criticalSigmaW2('tanh', { sigmaB2: 0.05 }));
    // ReLU at He's σ_w² = 2 and no bias sits exactly on the edge of chaos.
    const relu = JSON.parse((await runCli(['theory', 'fixed-point', '--activation', 'relu', '--sigma-w2', '2', '--json'])).stdout) as { chi1: number; phase: string };
    expect(relu.chi1).toBeCloseTo(1, 12);
    expect(relu.phase).toBe('critical');
  });

  it('refuses bad flags with one line and exit 2', async () => {
    const bad = await runCli(['theory', 'fixed-point', '--activation', 'tan', '--sigma-w2', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^initlab: --activation must be one of .*tanh.*, got 'tan'\n$/);
    const missing = await runCli(['theory', 'fixed-point']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--sigma-w2/);
  });
});

/** One line on stderr, `initlab: …`, no stack: what every refusal looks like. */
function oneLine(stderr: string): string {
  expect(stderr).toMatch(/^initlab: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at /);
  return stderr.trim();
}

describe('initlab theory phase', () => {
  it('gives every cell the package’s mean-field numbers and the edge of chaos per σ_b² row', async () => {
    const r = await runCli(['theory', 'phase', '--activation', 'tanh', '--sigma-w2', '1.5:2.5:2', '--sigma-b2', '0.05:0.05:1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    type Cell = { sigmaW2: number; sigmaB2: number; qStar: number; cStar: number; chi1: number; xiC: number; phase: string };
    const doc = JSON.parse(r.stdout) as { activation: string; phases: string[]; sigmaW2: number[]; sigmaB2: number[]; cells: Cell[]; criticalLine: { sigmaB2: number; criticalSigmaW2: number }[] };
    expect(doc.phases).toEqual([...PHASES]);
    expect(doc.sigmaW2).toEqual([1.5, 2.5]);
    expect(doc.sigmaB2).toEqual([0.05]);
    const cell = doc.cells.find((c) => c.sigmaW2 === 2.5)!;
    // Known-good values (packages/theory README, checked there against SciPy).
    expect(cell.qStar).toBeCloseTo(1.063958, 6);
    expect(cell.cStar).toBeCloseTo(0.446804, 6);
    expect(cell.chi1).toBeCloseTo(1.133516, 6);
    expect(cell.xiC).toBeCloseTo(11.796, 3);
    expect(cell.phase).toBe('chaotic');
    const ordered = doc.cells.find((c) => c.sigmaW2 === 1.5)!;
    expect(ordered).toMatchObject({ ...meanField('tanh', { sigmaW2: 1.5, sigmaB2: 0.05 }), phase: 'ordered' });
    expect(doc.criticalLine).toEqual([{ sigmaB2: 0.05, criticalSigmaW2: criticalSigmaW2('tanh', { sigmaB2: 0.05 }) }]);
    expect(doc.criticalLine[0]!.criticalSigmaW2).toBeCloseTo(1.760955, 6);
  });

  it('draws a heatmap within 100 columns with the edge of chaos marked, and writes CSV by extension', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlab-phase-'));
    const out = path.join(dir, 'relu.csv');
    // relu: q* has a closed form, so the grid is instant; above σ_w² = 2 q diverges.
    const r = await runCli(['theory', 'phase', '--activation', 'relu', '--sigma-w2', '0.5:4:36', '--sigma-b2', '0:0.3:4', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(r.stdout).toMatch(/^relu: 36 σ_w² × 4 σ_b² cells, \d+ ordered, \d+ critical, 0 chaotic, \d+ without a fixed point/);
    const rows = lines.filter((l) => / │/.test(l));
    expect(rows).toHaveLength(4);
    // The edge of chaos of relu is σ_w² = 2 whatever σ_b²: the same column in every row, q* diverging right of it.
    const edge = rows.map((l) => l.indexOf('|'));
    expect(new Set(edge).size).toBe(1);
    for (const l of rows) expect(l.slice(edge[0]! + 2)).toMatch(/^!+$/);
    expect(r.stdout).toContain('edge of chaos, σ_b² → σ_w²: 0 → 2, 0.1 → 2, 0.2 → 2, 0.3 → 2');
    const csv = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('sigmaW2,sigmaB2,qStar,cStar,chi1,chiC,xiQ,xiC,phase,criticalSigmaW2');
    expect(csv).toHaveLength(1 + 36 * 4);
    const one = csv.find((l) => l.startsWith('1,0.1,'))!.split(',');
    const want = meanField('relu', { sigmaW2: 1, sigmaB2: 0.1 });
    expect(Number(one[2])).toBe(want.qStar);
    expect(one[8]).toBe('ordered');
    expect(csv.find((l) => l.startsWith('4,0.3,'))).toBe(`4,0.3,,,,,,,,${criticalSigmaW2('relu', { sigmaB2: 0.3 })}`);
  });

  it('refuses a bad grid or --out extension in one line with exit 2', async () => {
    const zero = await runCli(['theory', 'phase', '--sigma-w2', '0:4:10']);
    expect(zero.code).toBe(2);
    expect(oneLine(zero.stderr)).toMatch(/^initlab: --sigma-w2 must be a:b:n, n values from a to b \(a > 0, .*got '0:4:10'$/);
    const backwards = await runCli(['theory', 'phase', '--sigma-b2', '0.3:0:4']);
    expect(backwards.code).toBe(2);
    expect(oneLine(backwards.stderr)).toMatch(/--sigma-b2 must be a:b:n.*got '0.3:0:4'$/);
  });

  it('refuses an --out extension other than .json and .csv', async () => {
    const ext = await runCli(['theory', 'phase', '--activation', 'relu', '--out', 'phase.txt']);
    expect(ext.code).toBe(2);
    expect(oneLine(ext.stderr)).toBe("initlab: --out must name a .json or .csv file (the extension picks the format), got 'phase.txt'");
  });
});

describe('initlab theory propagate', () => {
  it('predicts q per layer from the catalogue variance and measures it on the diagnose network, within sampling error', async () => {
    const width = 256;
    const args = ['theory', 'propagate', '--activation', 'tanh', '--initializer', 'glorot_normal', '--input', `normal:${width}`, '--width', String(width), '--depth', '6', '--seeds', '3', '--json'];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    type Layer = { predicted: number; measured: number; measuredStandardError: number; relativeDifference: number; sigmaW2: number; output: boolean };
    const doc = JSON.parse(r.stdout) as { seeds: number[]; layers: Layer[]; runs: { seed: number; q0: number; predicted: number[] }[] };
    expect(doc.seeds).toEqual([0, 1, 2]);
    expect(doc.layers).toHaveLength(7);
    // Glorot: variance 2 / (fan_in + fan_out), so σ_w² = 1 for the square layers and 2·256/257 for the one-unit output.
    const sigmaW2 = [1, 1, 1, 1, 1, 1, (2 * width) / (width + 1)];
    doc.layers.forEach((l, i) => expect(l.sigmaW2).toBeCloseTo(sigmaW2[i]!, 12));
    for (const run of doc.runs) {
      expect(run.predicted).toEqual(propagate('tanh', { q0: run.q0, layers: sigmaW2.map((w) => ({ sigmaW2: w, sigmaB2: 0 })) }));
      expect(run.q0).toBeCloseTo(1, 1);
    }
    for (const l of doc.layers.filter((x) => !x.output)) {
      expect(Math.abs(l.measured - l.predicted)).toBeLessThan(4 * l.measuredStandardError + 0.03 * l.predicted);
      expect(Math.abs(l.relativeDifference)).toBeLessThan(0.05);
    }
  });

  it('prints the prediction beside the measurement as a table', async () => {
    const r = await runCli(['theory', 'propagate', '--activation', 'relu', '--initializer', 'he_normal', '--depth', '3', '--width', '64']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('3 × 64 relu layers, he_normal (σ_w² = 2, σ_b² = 0), on 256 standardised rows of spirals');
    expect(r.stdout).toMatch(/│ layer │ q predicted │ q measured │ difference │/);
    expect(r.stdout).toMatch(/│ out\s+│ 2\s+│/);
  });

  it('refuses lsuv and bad flags in one line with exit 2', async () => {
    const lsuv = await runCli(['theory', 'propagate', '--initializer', 'lsuv']);
    expect(lsuv.code).toBe(2);
    expect(oneLine(lsuv.stderr)).toMatch(/^initlab: --initializer lsuv: lsuv rescales each layer from the data/);
    const depth = await runCli(['theory', 'propagate', '--initializer', 'he_normal', '--depth', '0']);
    expect(depth.code).toBe(2);
    expect(oneLine(depth.stderr)).toBe("initlab: --depth must be an integer >= 1, got '0'");
    const typo = await runCli(['theory', 'propagate', '--initializer', 'he_nromal']);
    expect(typo.code).toBe(2);
    expect(oneLine(typo.stderr)).toMatch(/he_nromal/);
  });
});

describe('initlab theory jacobian', () => {
  it('an orthogonal linear network is an exact isometry: every singular value 1, as predicted', async () => {
    const r = await runCli(['theory', 'jacobian', '--activation', 'linear', '--initializer', 'orthogonal', '--depth', '4', '--width', '64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    type Moments = { m1: number; m2: number; relativeVariance: number };
    const doc = JSON.parse(r.stdout) as { weights: string; measured: Moments & { largest: number; smallest: number }; predicted: Moments; perSeed: { singularValues: number[] }[] };
    expect(doc.weights).toBe('orthogonal');
    const values = doc.perSeed[0]!.singularValues;
    expect(values).toHaveLength(64);
    for (const s of values) expect(s).toBeCloseTo(1, 5);
    expect(doc.measured.relativeVariance).toBeCloseTo(0, 8);
    expect(doc.predicted).toMatchObject(predictedJacobianMoments('linear', { sigmaW2: 1, sigmaB2: 0, depth: 4, weights: 'orthogonal' }));
    expect(doc.predicted.m1).toBeCloseTo(1, 12);
  });

  it('a Gaussian linear network spreads its spectrum as free probability says (m₂/m₁² − 1 = depth)', async () => {
    const r = await runCli(['theory', 'jacobian', '--activation', 'linear', '--initializer', 'glorot_normal', '--depth', '3', '--width', '128', '--seeds', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('3 × 128 linear layers, glorot_normal (gaussian weights, σ_w² = 1, σ_b² = 0), 2 seeds');
    const m1 = /m₁ = mean σ² │ (\S+)\s+│ (\S+)/.exec(r.stdout)!;
    expect(Number(m1[2])).toBe(1);
    expect(Math.abs(Number(m1[1]) - 1)).toBeLessThan(0.15);
    const spread = /m₂\/m₁² − 1\s+│ (\S+)\s+│ (\S+)/.exec(r.stdout)!;
    expect(Number(spread[2])).toBeCloseTo(3, 10);
    expect(Math.abs(Number(spread[1]) - 3)).toBeLessThan(0.6);
    expect(r.stdout).toMatch(/singular values\n(.*│█*\s\d+\n){12}/);
  });

  it('refuses a width the exact method cannot do and initializers the prediction does not cover', async () => {
    const wide = await runCli(['theory', 'jacobian', '--initializer', 'orthogonal', '--width', '1024']);
    expect(wide.code).toBe(2);
    expect(oneLine(wide.stderr)).toMatch(/^initlab: --width must be at most 512 for theory jacobian: .*O\(width³\).*, got '1024'$/);
    const identity = await runCli(['theory', 'jacobian', '--initializer', 'identity']);
    expect(identity.code).toBe(2);
    expect(oneLine(identity.stderr)).toMatch(/^initlab: --initializer identity: the spectrum prediction covers i\.i\.d\. weights .* and Haar-orthogonal ones/);
  });
});

describe('initlab diagnose with the theory', () => {
  it('gives each initializer a verdict, and predicted q beside the measured in --json', async () => {
    const args = ['diagnose', '--input', 'normal:32', '--depth', '4', '--width', '32', '--batch', '64', '--activation', 'tanh', '--initializers', 'glorot_normal,he_normal,lsuv'];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    // Glorot on tanh without bias sits on the edge of chaos (χ₁ = σ_w² φ′(0)² = 1); He is chaotic.
    expect(text.stdout).toMatch(/\ntheory \(σ_w² = 1, σ_b² = 0\): critical, χ₁ = 1, ξ_c = \S+ layers\n/);
    expect(text.stdout).toMatch(/\ntheory \(σ_w² = 2, σ_b² = 0\): chaotic, χ₁ = \S+, ξ_c = \S+ layers\n/);
    expect(text.stdout).toMatch(/\ntheory: no verdict, lsuv rescales each layer from the data/);
    const doc = JSON.parse((await runCli([...args, '--json'])).stdout) as { members: { id: string; theory: Record<string, unknown> & { predictedQ: number[] | null; measuredQ: number[]; q0: number } }[] };
    const he = doc.members[1]!.theory;
    expect(he).toMatchObject({ sigmaW2: 2, sigmaB2: 0, ...meanField('tanh', { sigmaW2: 2, sigmaB2: 0 }) });
    expect(he.predictedQ).toEqual(propagate('tanh', { q0: he.q0, layers: [1, 2, 3, 4].map(() => ({ sigmaW2: 2, sigmaB2: 0 })).concat([{ sigmaW2: (2 * 32) / 32, sigmaB2: 0 }]) }));
    expect(he.measuredQ).toHaveLength(5);
    expect(doc.members[2]!.theory.predictedQ).toBeNull();
  });
});
