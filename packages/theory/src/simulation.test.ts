// The theory against a simulated wide network (issue 16, "Accuracy"): tanh, σ_b² = 0.05, width 1000, several
// σ_w², many independent draws of the weights and biases. Plain Float64Array arithmetic, seeded with
// @initlab/random's Rng, so the test is deterministic.
//
// Tolerance. In one draw the measured q̂^l = (1/N) Σᵢ (hᵢ^l)² averages N = 1000 units that are, given the
// previous layer, independent Gaussians: its relative sampling SD is √(2/N) ≈ 0.045, and the fluctuations of
// earlier layers pass on damped by the map's slope (< 1 here). Averaging D draws divides that by √D; the
// estimate of that standard error, from the spread across draws, is the test's yardstick: |mean − predicted| must
// be below 4 SE (a false failure about once in 16 000 per comparison) plus 2/N for the O(1/N) finite-width
// bias of the wide-limit prediction. The SE itself must be small so the comparison has teeth: with D = 32 it
// is about √(2/N)/√D ≈ 0.8% of q (checked below 1.5%), so a prediction off by 4% or more fails; c's SE is
// checked below 0.015 (its per-draw spread grows with depth in the chaotic phase, where the map amplifies
// differences between the two inputs before χ_c < 1 pulls c back to c*).
import { Rng } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { meanField } from './meanfield.js';
import { propagatePair } from './propagate.js';

const WIDTH = 1000;
const DEPTH = 8;
const DRAWS = 32;
const C0 = 0.6;
const SIGMA_B2 = 0.05;

/** Two inputs with per-unit second moment exactly 1 and correlation exactly C0 (Gram–Schmidt). */
function inputs(rng: Rng): [Float64Array, Float64Array] {
  const a = rng.fillNormal(new Float64Array(WIDTH));
  const u = rng.fillNormal(new Float64Array(WIDTH));
  const dot = (x: Float64Array, y: Float64Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  const sa = Math.sqrt(dot(a, a) / WIDTH);
  for (let i = 0; i < WIDTH; i++) a[i]! /= sa;
  const proj = dot(u, a) / dot(a, a);
  for (let i = 0; i < WIDTH; i++) u[i]! -= proj * a[i]!;
  const su = Math.sqrt(dot(u, u) / WIDTH);
  const b = new Float64Array(WIDTH);
  for (let i = 0; i < WIDTH; i++) b[i] = C0 * a[i]! + Math.sqrt(1 - C0 * C0) * (u[i]! / su);
  return [a, b];
}

/** Per layer: q̂ (mean of the two inputs' mean squares) and ĉ of the pre-activations, for one draw. */
function simulate(sigmaW2: number, seed: number): { q: number[]; c: number[] } {
  const rng = new Rng(seed, 'theory-simulation', String(sigmaW2));
  let [xa, xb] = inputs(rng);
  const w = new Float64Array(WIDTH * WIDTH);
  const bias = new Float64Array(WIDTH);
  const q: number[] = [];
  const c: number[] = [];
  for (let l = 0; l < DEPTH; l++) {
    rng.fillNormal(w, 0, Math.sqrt(sigmaW2 / WIDTH));
    rng.fillNormal(bias, 0, Math.sqrt(SIGMA_B2));
    const ha = new Float64Array(WIDTH);
    const hb = new Float64Array(WIDTH);
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let i = 0; i < WIDTH; i++) {
      let ta = bias[i]!;
      let tb = bias[i]!;
      const row = i * WIDTH;
      for (let j = 0; j < WIDTH; j++) {
        ta += w[row + j]! * xa[j]!;
        tb += w[row + j]! * xb[j]!;
      }
      ha[i] = ta;
      hb[i] = tb;
      saa += ta * ta;
      sbb += tb * tb;
      sab += ta * tb;
    }
    q.push((saa + sbb) / (2 * WIDTH));
    c.push(sab / Math.sqrt(saa * sbb));
    xa = ha.map(Math.tanh);
    xb = hb.map(Math.tanh);
  }
  return { q, c };
}

const meanAndSe = (values: number[]) => {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
  return { mean: m, se: Math.sqrt(variance / values.length) };
};

describe('simulated tanh networks of width 1000 match the mean-field prediction layer by layer', () => {
  for (const sigmaW2 of [1.5, 2.5, 4]) {
    it(`σ_w² = ${sigmaW2}, σ_b² = ${SIGMA_B2}: q^l and c^l over ${DEPTH} layers, ${DRAWS} draws, within 4 SE + 2/N`, () => {
      const runs = Array.from({ length: DRAWS }, (_, d) => simulate(sigmaW2, d));
      const layers = Array.from({ length: DEPTH }, () => ({ sigmaW2, sigmaB2: SIGMA_B2 }));
      const predicted = propagatePair('tanh', { q0: 1, c0: C0, layers });
      for (let l = 0; l < DEPTH; l++) {
        const q = meanAndSe(runs.map((r) => r.q[l]!));
        const c = meanAndSe(runs.map((r) => r.c[l]!));
        expect(q.se, `SE of q at layer ${l + 1}`).toBeLessThan(0.015 * predicted.q[l]!);
        expect(c.se, `SE of c at layer ${l + 1}`).toBeLessThan(0.015);
        expect(Math.abs(q.mean - predicted.q[l]!), `q at layer ${l + 1}`).toBeLessThan(4 * q.se + (2 / WIDTH) * predicted.q[l]!);
        expect(Math.abs(c.mean - predicted.c[l]!), `c at layer ${l + 1}`).toBeLessThan(4 * c.se + 2 / WIDTH);
      }
      // q approaches q* geometrically at the length map's slope (e^{−1/ξ_q} per layer), in theory and in the
      // simulation: after 7 more layers the gap left from layer 1 has shrunk by about slope⁷.
      const mf = meanField('tanh', { sigmaW2, sigmaB2: SIGMA_B2 });
      const gap = 2 * Math.abs(predicted.q[0]! - mf.qStar) * mf.lengthSlope ** 7 + 1e-12;
      expect(Math.abs(predicted.q.at(-1)! - mf.qStar)).toBeLessThan(gap);
      const last = meanAndSe(runs.map((r) => r.q.at(-1)!));
      expect(Math.abs(last.mean - mf.qStar)).toBeLessThan(4 * last.se + (2 / WIDTH) * mf.qStar + gap);
    }, 120_000);
  }
});
