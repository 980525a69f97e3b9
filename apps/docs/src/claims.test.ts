/**
 * The guide's prose states qualitative conclusions next to the generated numbers ("zeros leave one distinct unit",
 * "He keeps a deep ReLU stack level", "every ReLU run with stddev 1 diverged"). The numbers are regenerated on every
 * build; these tests check that the conclusions still follow from them, so the text cannot silently drift from the
 * evidence. They read `dist/data/evidence.json`, which the docs build publishes with the site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignalLayer, Stat } from '../scripts/lib/evidence-format.js';
import { highOf, lowOf } from '../docs/.vitepress/theme/format.js';

interface Evidence {
  seeds: number;
  symmetry: { baseline: number; shares: [number, number]; initializers: Record<string, { distinct: number[]; distinctMax: number[]; accuracy: Stat }> };
  signal: { depth: number; layers: Record<'tanh' | 'relu', Record<string, SignalLayer[]>> };
  notebooks: Record<'wine' | 'boston' | 'boston-scaled', { baseline: number; reference: Record<string, number>; stats: Record<string, Stat> }>;
  depth: { seeds: number; baseline: number; shares: [number, number]; activations: Record<'tanh' | 'relu', { stats: Record<string, Stat> }> };
}

const evidencePath = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist', 'data', 'evidence.json');
let ev: Evidence;

beforeAll(() => {
  if (!existsSync(evidencePath)) {
    throw new Error(
      `the docs site is not built: ${evidencePath} is missing. Build it first with \`pnpm turbo run build --filter=@initlab/docs\` (or \`pnpm --filter @initlab/docs build\`), which runs the experiments`,
    );
  }
  ev = JSON.parse(readFileSync(evidencePath, 'utf8')) as Evidence;
});

const last = (layers: readonly SignalLayer[]): SignalLayer => layers[layers.length - 1]!;
const mean = (s: Stat | undefined): number => s?.mean ?? Number.NaN;

/** Every seed's accuracy is the test share of one of the (two) classes: a constant prediction. */
function expectConstantPrediction(stat: Stat, shares: readonly number[]): void {
  expect(stat.values.length).toBe(stat.n);
  for (const v of stat.values) expect(shares.some((share) => Math.abs(share - (v ?? Number.NaN)) < 1e-9), `accuracy ${v} is not one of ${shares.join(', ')}`).toBe(true);
}

describe('the guide’s claims still follow from the generated evidence', () => {
  it('failure modes: zeros and constants leave one distinct unit; random starts keep every unit distinct', () => {
    const sym = ev.symmetry.initializers;
    for (const name of ['zeros', 'constant:value=0.1']) expect(sym[name]!.distinctMax).toEqual([1, 1]);
    for (const name of ['random_normal:stddev=0.05', 'random_normal:stddev=0.5', 'he_normal']) expect(sym[name]!.distinct).toEqual([16, 16]);
    // zeros learn only a constant: every seed predicts one class for all test points
    expectConstantPrediction(sym.zeros!.accuracy, ev.symmetry.shares);
    // "distinct but too small" is no better than the constant; sensible random starts are far better
    expect(mean(sym['random_normal:stddev=0.05']!.accuracy)).toBeLessThan(mean(sym['constant:value=0.1']!.accuracy) + 0.05);
    expect(mean(sym.he_normal!.accuracy)).toBeGreaterThan(mean(sym['constant:value=0.1']!.accuracy) + 0.2);
  });

  it('signal propagation: tiny weights vanish, large ones saturate (tanh) or explode (ReLU), He keeps ReLU level and Glorot does not', () => {
    const { tanh, relu } = ev.signal.layers;
    expect(last(tanh['random_normal:stddev=0.01']!).activationStd!).toBeLessThan(1e-6);
    expect(last(relu['random_normal:stddev=0.01']!).activationStd!).toBeLessThan(1e-6);
    expect(tanh['random_normal:stddev=1']![0]!.saturatedShare!).toBeGreaterThan(0.5);
    expect(tanh['random_normal:stddev=1']![0]!.gradientNorm!).toBeGreaterThan(1e3 * last(tanh['random_normal:stddev=1']!).gradientNorm!);
    const big = last(relu['random_normal:stddev=1']!).activationStd;
    expect(big === null || big > 1e6).toBe(true);
    const he = relu.he_normal!.map((l) => l.activationStd!);
    expect(Math.min(...he)).toBeGreaterThan(0.3);
    expect(Math.max(...he)).toBeLessThan(3);
    expect(last(relu.glorot_normal!).activationStd!).toBeLessThan(0.05);
    expect(last(relu.orthogonal!).activationStd!).toBeLessThan(0.05);
    // tanh: Glorot/LeCun decay slowly, He and LSUV hold a plateau
    expect(last(tanh.glorot_normal!).activationStd!).toBeLessThan(0.5 * tanh.glorot_normal![0]!.activationStd!);
    expect(last(tanh.he_normal!).activationStd!).toBeGreaterThan(0.45);
    const lsuv = tanh.lsuv!.map((l) => l.activationStd!);
    expect(Math.max(...lsuv) - Math.min(...lsuv)).toBeLessThan(0.05);
  });

  it('depth × activation: zeros and tiny weights learn nothing, ReLU with stddev 1 diverges, and the best tanh starts are LSUV and He', () => {
    const { tanh, relu } = ev.depth.activations;
    for (const act of [tanh, relu]) {
      expectConstantPrediction(act.stats.zeros!, ev.depth.shares);
      expectConstantPrediction(act.stats['random_normal:stddev=0.01']!, ev.depth.shares);
    }
    expect(relu.stats['random_normal:stddev=1']!.diverged).toBe(ev.depth.seeds);
    // tanh: the two starts that keep the signal's scale lead, clearly ahead of Glorot (intervals apart)
    const ranked = Object.entries(tanh.stats).sort((a, b) => (b[1].mean ?? 0) - (a[1].mean ?? 0)).map(([name]) => name);
    expect(ranked.slice(0, 2).sort()).toEqual(['he_normal', 'lsuv']);
    const glorot = tanh.stats.glorot_uniform!;
    for (const name of ['he_normal', 'lsuv']) expect(lowOf(tanh.stats[name]!)).toBeGreaterThan(highOf(glorot));
    expect(mean(relu.stats.he_normal)).toBeGreaterThan(0.9);
  });

  it('the notebooks: zeros hit the majority share exactly, random starts are indistinguishable, Boston loses to its baseline until the target is scaled', () => {
    const { wine, boston } = ev.notebooks;
    const scaled = ev.notebooks['boston-scaled'];
    expect(wine.stats.zeros!.min).toBe(wine.baseline);
    expect(wine.stats.zeros!.max).toBe(wine.baseline);
    expect(wine.reference.zeros).toBe(wine.baseline);
    // every pair of the three random initializers has overlapping 95% intervals
    const random = ['random_normal', 'glorot_normal', 'he_normal'].map((k) => wine.stats[k]!);
    for (const a of random) for (const b of random) expect(lowOf(a) <= highOf(b) && lowOf(b) <= highOf(a)).toBe(true);
    for (const s of Object.values(boston.stats)) expect(s.mean!).toBeGreaterThan(5 * boston.baseline);
    expect(Math.abs(scaled.stats.zeros!.mean! / scaled.baseline - 1)).toBeLessThan(0.01);
    const bestScaled = Object.entries(scaled.stats).sort((a, b) => a[1].mean! - b[1].mean!)[0]![0];
    expect(bestScaled).toBe('random_normal:stddev=0.01');
    expect(scaled.stats['random_normal:stddev=5']!.mean!).toBeGreaterThan(10 * scaled.baseline);
  });
});
