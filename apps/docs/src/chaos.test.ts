/**
 * The edge-of-chaos page (docs/guide/edge-of-chaos.md) against the theory it quotes and the measurements it
 * shows. Reads what `scripts/chaos.ts` generated (`docs/.generated/chaos.json`, `docs/public/figures/chaos-*`):
 * run `tsx --conditions=source scripts/generate.ts --only chaos` (or the docs build) first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { criticalSigmaW2, lengthFixedPoint, lengthMap, meanField, predictedJacobianMoments, propagatePair, PHASES } from '@initlab/theory';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFigureDrawsData, isNumber } from './figure-expect.js';
import { f } from '../docs/.vitepress/theme/format.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const jsonPath = join(appDir, 'docs', '.generated', 'chaos.json');
const figuresDir = join(appDir, 'docs', 'public', 'figures');
const FIGURES = ['chaos-phase', 'chaos-map', 'chaos-correlation', 'chaos-depth', 'chaos-spectra'];

interface Layer { layer: number; c: number; cSe: number; q: number; qSe: number; cPredicted: number; qPredicted: number }
interface JacRun { ensemble: 'gaussian' | 'orthogonal'; depth: number; m1: number; m1Se: number; m2: number; m2Se: number; variance: number; predicted: { m1: number; m2: number; variance: number }; min: number; max: number; singularValues: number[] }
interface Chaos {
  budgetSeconds: number;
  sizes: { sigmaB2: number };
  timing: { totalSeconds: number; cpuSeconds: number; cores: number; loadAverage: number; steps: Record<string, number> };
  example: { sigmaW2: number; sigmaB2: number; criticalSigmaW2: number; lengthFixedPoint: number; lengthIterates: number[]; lengthSlope: number; qStar: number; cStar: number; chi1: number; chiC: number; xiC: number; phase: string };
  theory: {
    cells: { sigmaW2: number; sigmaB2: number; qStar: number; cStar: number; chi1: number; chiC: number; xiC: number | null; phase: string }[];
    critical: { sigmaB2: number; sigmaW2: number }[];
    maps: { sigmaW2: number; sigmaB2: number; phase: string; cStar: number; points: { c: number; next: number }[] }[];
  };
  correlation: { width: number; depth: number; draws: number; q0: number; c0: number; sigmaB2: number; runs: { sigmaW2: number; phase: string; cStar: number; xiC: number | null; layers: Layer[] }[] };
  training: { depths: number[]; sigmaW2: number[]; baseline: number; cells: { depth: number; sigmaW2: number; accuracy: number | null; diverged: number }[]; sixXiC: { sigmaW2: number; depth: number; xiC: number }[] };
  jacobian: { width: number; depths: number[]; draws: number; sigmaB2: number; sigmaW2: number; qStar: number; nonlinearSpread: number; runs: JacRun[] };
}

let ch: Chaos;
beforeAll(() => {
  if (!existsSync(jsonPath)) {
    throw new Error(`${jsonPath} is missing: generate the page first with \`cd apps/docs && npx tsx --conditions=source scripts/generate.ts --only chaos\` (the docs build runs it too)`);
  }
  ch = JSON.parse(readFileSync(jsonPath, 'utf8')) as Chaos;
});


describe('the worked example and the phase diagram agree with @initlab/theory', () => {
  it('tanh, σ_b² = 0.05: the critical σ_w² and the σ_w² = 2.5 point have the known-good values', () => {
    const ex = ch.example;
    expect(ex.criticalSigmaW2.toFixed(6)).toBe('1.760955');
    expect(ex.qStar.toFixed(6)).toBe('1.063958');
    expect(ex.cStar.toFixed(6)).toBe('0.446804');
    expect(ex.chi1.toFixed(6)).toBe('1.133516');
    expect(ex.xiC.toFixed(3)).toBe('11.796');
    expect(ex.phase).toBe('chaotic');
    // and they are what the package computes now, not a stale copy
    const r = meanField('tanh', { sigmaW2: ex.sigmaW2, sigmaB2: ex.sigmaB2 });
    for (const key of ['qStar', 'cStar', 'chi1', 'chiC', 'xiC'] as const) expect(ex[key]).toBe(r[key]);
    expect(ex.criticalSigmaW2).toBe(criticalSigmaW2('tanh', { sigmaB2: ex.sigmaB2 }));
    // the length map iterated from q = 1, and its fixed point as lengthFixedPoint finds it
    const params = { sigmaW2: ex.sigmaW2, sigmaB2: ex.sigmaB2 };
    expect(ex.lengthIterates[0]).toBe(1);
    for (let l = 1; l < ex.lengthIterates.length; l++) expect(ex.lengthIterates[l]).toBe(lengthMap('tanh', ex.lengthIterates[l - 1]!, params));
    expect(ex.lengthFixedPoint).toBe(lengthFixedPoint('tanh', params));
    expect(Math.abs(ex.lengthIterates.at(-1)! - ex.qStar)).toBeLessThan(Math.abs(1 - ex.qStar) * ex.lengthSlope ** 5);
  });

  it('every cell is numbers, its phase is the side of the critical line it is on, and sample cells match meanField', () => {
    expect(ch.theory.cells.length).toBeGreaterThanOrEqual(40);
    for (const c of ch.theory.cells) {
      for (const key of ['sigmaW2', 'sigmaB2', 'qStar', 'cStar', 'chi1', 'chiC', 'xiC'] as const) expect(isNumber(c[key]), `${key} of ${c.sigmaW2}, ${c.sigmaB2}`).toBe(true);
      expect(PHASES).toContain(c.phase);
      expect(c.phase === 'ordered').toBe(c.chi1 < 1);
      expect(c.xiC).toBeCloseTo(-1 / Math.log(c.chiC), 9);
      if (c.phase === 'ordered') expect(c.cStar).toBe(1);
      else expect(c.cStar).toBeLessThan(1);
    }
    for (const line of ch.theory.critical) {
      expect(isNumber(line.sigmaW2)).toBe(true);
      for (const c of ch.theory.cells.filter((x) => Math.abs(x.sigmaB2 - line.sigmaB2) < 1e-12)) expect(c.phase === 'ordered').toBe(c.sigmaW2 < line.sigmaW2);
    }
    // the line rises with σ_b², and is criticalSigmaW2 (checked at the ends)
    for (let i = 1; i < ch.theory.critical.length; i++) expect(ch.theory.critical[i]!.sigmaW2).toBeGreaterThan(ch.theory.critical[i - 1]!.sigmaW2);
    for (const line of [ch.theory.critical[0]!, ch.theory.critical.at(-1)!]) expect(line.sigmaW2).toBe(criticalSigmaW2('tanh', { sigmaB2: line.sigmaB2 }));
    const ordered = ch.theory.cells.find((c) => c.phase === 'ordered')!;
    const chaotic = ch.theory.cells.find((c) => c.phase === 'chaotic')!;
    for (const cell of [ordered, chaotic]) {
      const r = meanField('tanh', { sigmaW2: cell.sigmaW2, sigmaB2: cell.sigmaB2 });
      expect(cell.xiC).toBe(r.xiC);
      expect(cell.cStar).toBe(r.cStar);
    }
  });

  it('the correlation maps: c = 1 is fixed, each map crosses the identity at its c*', () => {
    expect(ch.theory.maps.map((m) => m.phase)).toEqual(['ordered', 'critical', 'chaotic']);
    for (const m of ch.theory.maps) {
      for (const p of m.points) expect(isNumber(p.next)).toBe(true);
      expect(m.points.at(-1)!.c).toBe(1);
      expect(m.points.at(-1)!.next).toBeCloseTo(1, 9);
    }
    const chaotic = ch.theory.maps[2]!;
    // above c* the map lies under the identity, below c* over it
    for (const p of chaotic.points) if (Math.abs(p.c - chaotic.cStar) > 0.01 && p.c < 1) expect(p.next > p.c).toBe(p.c < chaotic.cStar);
  });
});

describe('measured correlations in wide tanh networks follow propagatePair', () => {
  it('every layer of every σ_w² within 4 standard errors of the draws + 2/N; the SE is small enough to mean something', () => {
    const { width, depth, draws, runs } = ch.correlation;
    expect(width).toBeGreaterThanOrEqual(500);
    expect(draws).toBeGreaterThanOrEqual(4);
    expect(runs.map((r) => r.phase)).toEqual(['ordered', 'critical', 'chaotic']);
    for (const r of runs) {
      expect(r.layers).toHaveLength(depth);
      for (const l of r.layers) {
        for (const v of [l.c, l.cSe, l.q, l.qSe, l.cPredicted, l.qPredicted]) expect(isNumber(v)).toBe(true);
        expect(l.cSe, `SE of c, σ_w² ${r.sigmaW2} layer ${l.layer}`).toBeLessThan(0.05);
        expect(Math.abs(l.c - l.cPredicted), `c at σ_w² ${r.sigmaW2} layer ${l.layer}`).toBeLessThan(4 * l.cSe + 2 / width);
        expect(Math.abs(l.q - l.qPredicted), `q at σ_w² ${r.sigmaW2} layer ${l.layer}`).toBeLessThan(4 * l.qSe + (2 / width) * l.qPredicted);
      }
    }
  });

  it('the predictions are propagatePair from the inputs’ own q⁰ and c⁰; the phases separate as the page says', () => {
    const { q0, c0, depth, sigmaB2, runs } = ch.correlation;
    for (const r of runs) {
      const p = propagatePair('tanh', { q0, c0, layers: Array.from({ length: depth }, () => ({ sigmaW2: r.sigmaW2, sigmaB2 })) });
      r.layers.forEach((l, i) => {
        expect(l.cPredicted).toBe(p.c[i]);
        expect(l.qPredicted).toBe(p.q[i]);
      });
    }
    const [ordered, critical, chaotic] = runs.map((r) => r.layers.at(-1)!);
    expect(ordered!.c).toBeGreaterThan(0.95);
    expect(critical!.c).toBeGreaterThan(c0);
    expect(chaotic!.c).toBeLessThan(c0 - 0.1);
    expect(runs[1]!.sigmaW2).toBe(criticalSigmaW2('tanh', { sigmaB2 }));
  });
});

describe('trainable depth', () => {
  it('every cell has a test accuracy in [0, 1]; the 6 ξ_c curve is the phase diagram’s row', () => {
    const t = ch.training;
    expect(t.cells).toHaveLength(t.depths.length * t.sigmaW2.length);
    for (const c of t.cells) expect(isNumber(c.accuracy) && c.accuracy >= 0 && c.accuracy <= 1, `depth ${c.depth}, σ_w² ${c.sigmaW2}`).toBe(true);
    for (const p of t.sixXiC) {
      const cell = ch.theory.cells.find((c) => c.sigmaB2 === ch.sizes.sigmaB2 && c.sigmaW2 === p.sigmaW2)!;
      expect(p.depth).toBe(6 * cell.xiC!);
    }
  });

  it('what the page says of it: shallow nets all learn; σ_w² far in the ordered phase does not from the second depth on; deep, the best σ_w² is near the critical line', () => {
    const t = ch.training;
    const acc = (d: number, w: number) => t.cells.find((c) => c.depth === d && c.sigmaW2 === w)!.accuracy!;
    for (const w of t.sigmaW2) expect(acc(t.depths[0]!, w)).toBeGreaterThan(0.5);
    for (const d of t.depths.slice(1)) expect(acc(d, t.sigmaW2[0]!)).toBeLessThan(t.baseline + 0.05);
    const d = t.depths[3]!;
    const best = t.sigmaW2.reduce((a, w) => (acc(d, w) > acc(d, a) ? w : a));
    expect(Math.abs(best - ch.example.criticalSigmaW2)).toBeLessThan(0.8);
  });
});

describe('Jacobian spectra: measured moments against predictedJacobianMoments', () => {
  it('m₁ and m₂ within 4 SE + the O(L/N) finite-width margin; orthogonal stays near 1, Gaussian spreads', () => {
    const jac = ch.jacobian;
    expect(jac.runs).toHaveLength(2 * jac.depths.length);
    for (const r of jac.runs) {
      const p = predictedJacobianMoments('tanh', { sigmaW2: jac.sigmaW2, sigmaB2: jac.sigmaB2, depth: r.depth, weights: r.ensemble });
      expect(r.predicted).toEqual({ m1: p.m1, m2: p.m2, variance: p.variance });
      expect(r.predicted.m1).toBeCloseTo(1, 8); // on the critical line
      expect(r.singularValues).toHaveLength(jac.draws * jac.width);
      for (const v of [r.m1, r.m2, r.m1Se, r.m2Se, r.variance, r.min, r.max]) expect(isNumber(v)).toBe(true);
      const margin = r.depth / jac.width;
      expect(Math.abs(r.m1 - p.m1), `${r.ensemble} L=${r.depth} m1`).toBeLessThan(4 * r.m1Se + margin * p.m1);
      expect(Math.abs(r.m2 - p.m2), `${r.ensemble} L=${r.depth} m2`).toBeLessThan(4 * r.m2Se + margin * p.m2);
    }
    for (const depth of jac.depths) {
      const g = jac.runs.find((r) => r.ensemble === 'gaussian' && r.depth === depth)!;
      const o = jac.runs.find((r) => r.ensemble === 'orthogonal' && r.depth === depth)!;
      expect(o.variance).toBeLessThan(g.variance / 4);
      expect(o.max).toBeLessThan(2);
      expect(g.max).toBeGreaterThan(o.max);
    }
    expect(criticalSigmaW2('tanh', { sigmaB2: jac.sigmaB2 })).toBe(jac.sigmaW2);
  });
});

describe('the figures draw their data', () => {
  for (const name of FIGURES) {
    it(`${name}: an SVG with visible data marks, a spec whose every layer has rows of numbers, colour domains covering the data`, () => {
      expectFigureDrawsData(figuresDir, name);
    });
  }
});

describe('the build-time budget', () => {
  it('is measured, within budget, and stated on the page', () => {
    expect(ch.budgetSeconds).toBe(60);
    expect(isNumber(ch.timing.totalSeconds) && ch.timing.totalSeconds > 0).toBe(true);
    // The work itself (CPU time of both threads) fits the budget; the wall-clock time does whenever the machine
    // was not shared with other jobs (load average at most its core count when generation started).
    expect(isNumber(ch.timing.cpuSeconds)).toBe(true);
    expect(ch.timing.cpuSeconds).toBeLessThanOrEqual(ch.budgetSeconds);
    if (ch.timing.loadAverage <= ch.timing.cores) expect(ch.timing.totalSeconds).toBeLessThanOrEqual(ch.budgetSeconds);
    for (const v of Object.values(ch.timing.steps)) expect(isNumber(v)).toBe(true);
    const page = readFileSync(join(appDir, 'docs', 'guide', 'edge-of-chaos.md'), 'utf8');
    expect(page).toContain("import ch from '../.generated/chaos.json'");
    expect(page).toContain('{{ ch.budgetSeconds }}');
    expect(page).toContain('{{ f(ch.timing.totalSeconds) }}');
    for (const name of FIGURES) expect(page).toContain(`<!--@include: ../.generated/${name}.md-->`);
    // the built page, when there is one, shows the number of the build it was published with
    const html = join(appDir, 'dist', 'guide', 'edge-of-chaos.html');
    const published = join(appDir, 'dist', 'data', 'chaos.json');
    if (existsSync(html) && existsSync(published)) {
      const built = JSON.parse(readFileSync(published, 'utf8')) as Chaos;
      expect(readFileSync(html, 'utf8')).toContain(`<span class="gen">${f(built.timing.totalSeconds)}</span>`);
    }
  });
});
