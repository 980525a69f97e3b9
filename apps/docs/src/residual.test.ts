/**
 * The residual-networks page (docs/guide/residual-networks.md) against the library it quotes. Reads what
 * `scripts/residual.ts` generated (`docs/.generated/residual.json`, `docs/public/figures/residual-*`): run
 * `tsx --conditions=source scripts/generate.ts --only residual` (or the docs build) first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@initlab/backends';
import { ARCHITECTURE_INIT_DOCS, diagnoseNetworkAtInit, forwardTrace, NORM_DEFAULTS } from '@initlab/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFigureDrawsData, isNumber } from './figure-expect.js';
import type { Stat } from '../scripts/lib/evidence-format.js';
import {
  plainSpec,
  predictedBranchToSkip,
  predictedVariance,
  RESIDUAL,
  resnetSpec,
  statOf,
  trainConfig,
  TRAINING_CONFIGS,
  trainingData,
  VARIANCE_CONFIGS,
  varianceInputs,
  varianceMembers,
  type VarianceKey,
  type VarianceRun,
} from '../scripts/residual.js';
import { checkClaim } from './claim-check.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const jsonPath = join(appDir, 'docs', '.generated', 'residual.json');
const pagePath = join(appDir, 'docs', 'guide', 'residual-networks.md');
const figuresDir = join(appDir, 'docs', 'public', 'figures');
const FIGURES = ['residual-variance', 'residual-accuracy'];

interface Trained extends Stat {
  norm: boolean;
  init: string;
  trainAccuracy: Stat;
  members: { seed: number; status: string; divergedAtEpoch: number | null; finalLoss: number | null }[];
}
interface Residual {
  budgetSeconds: number;
  timing: { totalSeconds: number; cpuSeconds: number; cores: number; loadAverage: number; steps: Record<string, number> };
  papers: Record<string, { paper: string; summary: string; formula: string }>;
  variance: { width: number; depths: number[]; rows: number; draws: number; byDepth: Record<string, Record<VarianceKey, VarianceRun>> };
  training: {
    seeds: number[];
    seedCount: number;
    baseline: number;
    steps: number;
    movingStart: { momentum: number; steps: number; share: number };
    order: string[];
    configs: Record<string, Trained>;
  };
}

let rs: Residual;
beforeAll(async () => {
  if (!existsSync(jsonPath)) {
    throw new Error(`${jsonPath} is missing: generate the page first with \`cd apps/docs && npx tsx --conditions=source scripts/generate.ts --only residual\` (the docs build runs it too)`);
  }
  rs = JSON.parse(readFileSync(jsonPath, 'utf8')) as Residual;
  // the backend the page was generated on (generate.ts)
  await useBackend('wasm');
});

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const runs = (): [number, VarianceKey, VarianceRun][] => rs.variance.depths.flatMap((L) => VARIANCE_CONFIGS.map((c): [number, VarianceKey, VarianceRun] => [L, c.key, rs.variance.byDepth[String(L)]![c.key]]));

describe('the residual stream at initialization', () => {
  it('every network at every depth has the stem and every block, for every draw, with the sizes the page states', () => {
    expect(rs.variance.depths).toEqual([...RESIDUAL.variance.depths]);
    for (const [L, key, r] of runs()) {
      expect(r.draws, `${key} ${L}`).toHaveLength(RESIDUAL.variance.draws);
      for (const d of r.draws) {
        expect(d).toHaveLength(L + 1);
        for (const x of d) expect(isNumber(x) && x > 0, `${key} ${L}: ${x}`).toBe(true);
      }
      expect(r.series).toHaveLength(L + 1);
      expect(r.last).toEqual(r.series[L]);
    }
  });

  it('ReZero and Fixup start every block as the identity: each block’s variance is exactly the stem’s, every branch-to-skip ratio 0', () => {
    for (const L of rs.variance.depths) {
      for (const key of ['rezero', 'fixup'] as const) {
        const r = rs.variance.byDepth[String(L)]![key];
        for (const d of r.draws) for (const x of d) expect(x).toBe(d[0]);
        expect(r.branchToSkip).toEqual({ measured: 0, predicted: 0 });
        expect(r.growthPerBlock.measured).toBe(0);
        expect(r.addedPerBlock.measured).toBe(0);
      }
      // the same seeds give every residual network the same stem
      const stems = (['he', 'he_batchnorm', 'fixup', 'rezero'] as const).map((k) => rs.variance.byDepth[String(L)]![k].draws.map((d) => d[0]));
      for (const s of stems) expect(s).toEqual(stems[0]);
    }
  });

  it('the predictions are the variance argument from each network’s own stem; the slopes are the draws’', () => {
    for (const [L, key, r] of runs()) {
      const stem = 2 ** mean(r.draws.map((d) => Math.log2(d[0]!)));
      expect(r.stem).toBeCloseTo(stem, 10);
      r.series.forEach((s) => expect(s.predicted).toBe(predictedVariance(key, r.stem, s.block)));
      expect(r.growthPerBlock.measured).toBeCloseTo(mean(r.draws.map((d) => Math.log2(d[L]! / d[0]!) / L)), 12);
      expect(r.addedPerBlock.measured).toBeCloseTo(mean(r.draws.map((d) => (d[L]! - d[0]!) / L)), 9);
      const ratio = predictedBranchToSkip(key, r.stem, L);
      if (ratio === null) expect(r.branchToSkip).toBeNull();
      else expect(r.branchToSkip!.predicted).toBe(ratio);
    }
    // the argument's shapes: doubling, v₀ + l, flat
    const r = rs.variance.byDepth['8']!;
    expect(predictedVariance('he', 1, 8)).toBe(256);
    expect(predictedVariance('he_batchnorm', 1, 8)).toBe(9);
    expect(r.he.growthPerBlock.predicted).toBeCloseTo(1, 12);
    expect(r.fixup.growthPerBlock.predicted).toBe(0);
  });

  it('the measurements follow the argument: He doubles per block (finite width: a little under), batch norm adds about 1 per block, its branch shrinks as 1/√(v₀ + l)', () => {
    for (const L of rs.variance.depths) {
      const r = rs.variance.byDepth[String(L)]!;
      expect(r.he.growthPerBlock.measured).toBeGreaterThan(0.85);
      expect(r.he.growthPerBlock.measured).toBeLessThan(1.02);
      expect(Math.abs(r.he_batchnorm.addedPerBlock.measured - 1)).toBeLessThan(0.15);
      expect(Math.abs(r.he_batchnorm.branchToSkip!.measured / r.he_batchnorm.branchToSkip!.predicted - 1)).toBeLessThan(0.15);
      expect(Math.abs(r.he.branchToSkip!.measured - 1)).toBeLessThan(0.25);
      expect(Math.abs(r.plain.growthPerBlock.measured)).toBeLessThan(0.2);
    }
  });

  it(`the numbers of ${RESIDUAL.variance.depths[0]} blocks are what the library computes now`, () => {
    const { width, rows } = RESIDUAL.variance;
    const L = RESIDUAL.variance.depths[0]!;
    const x = { rows, cols: width, values: varianceInputs() };
    const page = rs.variance.byDepth[String(L)]!;
    for (const key of ['he', 'he_batchnorm'] as const) {
      const spec = resnetSpec({ inputDim: width, width, blocks: L, norm: key === 'he_batchnorm', output: { units: 1 }, loss: 'mse' });
      const d = diagnoseNetworkAtInit(spec, varianceMembers('he_normal'), { x });
      d.forEach((m, i) => {
        expect(m.blocks[0]!.skipStd! ** 2).toBe(page[key].draws[i]![0]);
        m.blocks.forEach((b, l) => expect(b.outputStd! ** 2, `${key} draw ${i} block ${l + 1}`).toBe(page[key].draws[i]![l + 1]));
      });
    }
    const traces = forwardTrace(plainSpec(width, L), varianceMembers('he_normal'), { x });
    traces.forEach((t, i) => {
      const a = t.layers[2 * L]!.activations;
      expect((2 * a.reduce((s, v) => s + v * v, 0)) / a.length).toBe(page.plain.draws[i]![L]);
    });
  });
});

describe('accuracy after a short training', () => {
  it('every configuration has its seeds; the summaries are summarize’s over the per-seed values', () => {
    const t = rs.training;
    expect(t.order).toEqual(TRAINING_CONFIGS.map((c) => c.key));
    expect(t.seeds).toEqual([...RESIDUAL.training.seeds]);
    for (const name of t.order) {
      const c = t.configs[name]!;
      expect(c.values).toHaveLength(t.seedCount);
      expect(c.members.map((m) => m.seed)).toEqual(t.seeds);
      const { norm, init, trainAccuracy, members, ...stat } = c;
      void norm, void init, void members;
      expect(stat).toEqual(statOf(c.values));
      expect(trainAccuracy).toEqual(statOf(trainAccuracy.values));
      c.values.forEach((v, i) => expect(v === null).toBe(c.members[i]!.status !== 'ok'));
      for (const v of c.values) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
    }
    expect(t.movingStart.momentum).toBe(NORM_DEFAULTS.keras.momentum);
    expect(t.movingStart.share).toBe(t.movingStart.momentum ** t.steps);
  });

  it('a member retrained alone reaches the accuracy the page shows (ReZero, first seed)', async () => {
    const prepared = await trainingData();
    const rezero = TRAINING_CONFIGS.find((c) => c.key === 'rezero')!;
    const [alone] = await trainConfig(rezero, prepared, [rs.training.seeds[0]!]);
    expect(alone!.accuracy).toBe(rs.training.configs.rezero!.values[0]);
    expect((prepared.baseline.metrics as { accuracy: number }).accuracy).toBe(rs.training.baseline);
  });
});

describe('the page', () => {
  const page = (): string => readFileSync(pagePath, 'utf8');

  it('every declared claim holds on the generated numbers (as the site tests read them: residual.json under /residual)', () => {
    const claims = [...page().matchAll(/\sdata-claim="([^"]+)"/g)].map((m) => m[1]!);
    expect(claims.length).toBeGreaterThanOrEqual(8);
    expect(page()).not.toContain(':data-claim');
    const root = { residual: rs };
    const problems = claims.flatMap((c) => checkClaim(c, root).map((p) => `[${c}]: ${p}`));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('quotes the library’s papers and formulas, the generated snippets and the build time', () => {
    for (const d of ARCHITECTURE_INIT_DOCS) expect(rs.papers[d.name]).toEqual({ paper: d.paper, summary: d.summary, formula: d.formula });
    const text = page();
    expect(text).toContain("import rs from '../.generated/residual.json'");
    for (const name of FIGURES) expect(text).toContain(`<!--@include: ../.generated/${name}.md-->`);
    for (const d of ARCHITECTURE_INIT_DOCS) expect(text).toContain(`{{ rs.papers.${d.name}.paper }}`);
    expect(text).toContain('{{ rs.budgetSeconds }}');
    expect(text).toContain('{{ f(rs.timing.totalSeconds) }}');
  });

  it('the build-time budget is measured and kept', () => {
    expect(rs.budgetSeconds).toBe(60);
    expect(isNumber(rs.timing.totalSeconds) && rs.timing.totalSeconds > 0).toBe(true);
    expect(rs.timing.cpuSeconds).toBeLessThanOrEqual(rs.budgetSeconds);
    if (rs.timing.loadAverage <= rs.timing.cores) expect(rs.timing.totalSeconds).toBeLessThanOrEqual(rs.budgetSeconds);
    for (const v of Object.values(rs.timing.steps)) expect(isNumber(v)).toBe(true);
  });
});

describe('the figures draw their data', () => {
  for (const name of FIGURES) {
    it(`${name}: an SVG with visible data marks, a spec whose every layer has rows of numbers, colour domains covering the data`, () => {
      expectFigureDrawsData(figuresDir, name);
    });
  }

  it('residual-variance draws every network’s measured and predicted variance at every block of the deepest run', () => {
    const spec = JSON.parse(readFileSync(join(figuresDir, 'residual-variance.vl.json'), 'utf8')) as { layer: { data: { values: { network: string; block: number; variance: number }[] } }[] };
    const [predicted, measured] = spec.layer.map((l) => l.data.values);
    const deepest = String(Math.max(...rs.variance.depths));
    for (const c of VARIANCE_CONFIGS) {
      const r = rs.variance.byDepth[deepest]![c.key];
      expect(measured!.filter((p) => p.network === c.label).map((p) => p.variance)).toEqual(r.series.map((s) => s.variance));
      expect(predicted!.filter((p) => p.network === c.label).map((p) => p.variance)).toEqual(r.series.map((s) => s.predicted));
    }
  });

  it('residual-accuracy draws one point per finite seed of every configuration', () => {
    const spec = JSON.parse(readFileSync(join(figuresDir, 'residual-accuracy.vl.json'), 'utf8')) as { layer: { data: { values: { initializer: string; value: number }[] } }[] };
    const points = spec.layer[0]!.data.values;
    for (const name of rs.training.order) {
      expect(points.filter((p) => p.initializer === name).map((p) => p.value)).toEqual(rs.training.configs[name]!.values.filter((v) => v !== null));
    }
  });
});
