// Paper measurements of the mean-field theory (@initlab/theory), with random networks simulated beside it:
// - mean-field: q*, c*, χ₁, ξ_c per σ_w², the q-map and c-map curves, the critical σ_w², and simulated q^l, c^l;
// - selu-fixed-point: Klambauer et al.'s (μ, ν) fixed point and its stability.
import { Rng } from '@initlab/random';
import { correlationMap, criticalSigmaW2, lengthMap, meanField, propagatePair, resolveActivation, SELU_ALPHA, SELU_SCALE, seluFixedPoint, type ActivationInput } from '@initlab/theory';
import { MeasureSink, type MeasureOutput } from './paper-estimate.js';
import type { PaperMeasure } from './paper-schema.js';

type Measure<K extends PaperMeasure['kind']> = Extract<PaperMeasure, { kind: K }>;

/** Points of the q-map and c-map curves a page draws. */
const CURVE_POINTS = 41;

/**
 * For each σ_w² (label s): `s/qStar`, `s/cStar`, `s/chi1`, `s/chiC`, `s/xiC`, `s/xiQ`; curves `s/qMap` over
 * q ∈ [0, qMax] and `s/cMap` over c ∈ [0, 1]. With `critical`, `critical/sigmaW2`. With `simulate`, for layer
 * l of a width-N network (one pair of inputs per seed): `s/qSim/<l>`, `s/cSim/<l>` (estimates over seeds) beside
 * `s/qTheory/<l>`, `s/cTheory/<l>`, and `/last` of each.
 */
export function measureMeanField(m: Measure<'mean-field'>): MeasureOutput {
  const sink = new MeasureSink(m.id);
  const activation = m.activation as ActivationInput;
  if (m.labels !== undefined && m.labels.length !== m.sigmaW2.length) {
    sink.notes.push(`labels has ${m.labels.length} entries for ${m.sigmaW2.length} σ_w² values; the values are used as labels`);
  }
  const labels = m.labels !== undefined && m.labels.length === m.sigmaW2.length ? m.labels : m.sigmaW2.map(String);
  const qMax = 15;
  sink.curve(['qGrid'], Array.from({ length: CURVE_POINTS }, (_, i) => (qMax * i) / (CURVE_POINTS - 1)));
  sink.curve(['cGrid'], Array.from({ length: CURVE_POINTS }, (_, i) => i / (CURVE_POINTS - 1)));
  m.sigmaW2.forEach((sigmaW2, k) => {
    const label = labels[k]!;
    const params = { sigmaW2, sigmaB2: m.sigmaB2 };
    const r = meanField(activation, params);
    for (const key of ['qStar', 'cStar', 'chi1', 'chiC', 'xiC', 'xiQ'] as const) sink.exact([label, key], r[key]);
    sink.curve([label, 'qMap'], Array.from({ length: CURVE_POINTS }, (_, i) => lengthMap(activation, (qMax * i) / (CURVE_POINTS - 1), params)));
    sink.curve([label, 'cMap'], Array.from({ length: CURVE_POINTS }, (_, i) => correlationMap(activation, i / (CURVE_POINTS - 1), params, r.qStar)));
    if (m.simulate !== undefined) simulate(sink, m, label, params);
  });
  if (m.critical) sink.exact(['critical', 'sigmaW2'], criticalSigmaW2(activation, { sigmaB2: m.sigmaB2 }));
  return sink.output();
}

/**
 * Two inputs of per-unit second moment q0 and correlation c0 through `depth` random layers of `width` units
 * (W ~ N(0, σ_w²/width), b ~ N(0, σ_b²)), per seed; q^l is the mean square of the first input's
 * pre-activations, c^l the two pre-activations' correlation q_ab / √(q_a q_b).
 */
function simulate(sink: MeasureSink, m: Measure<'mean-field'>, label: string, params: { sigmaW2: number; sigmaB2: number }): void {
  const { width: n, depth, seeds, q0, c0 } = m.simulate!;
  const act = resolveActivation(m.activation as ActivationInput);
  const qs: number[][] = Array.from({ length: depth }, () => []);
  const cs: number[][] = Array.from({ length: depth }, () => []);
  for (let seed = 0; seed < seeds; seed++) {
    const rng = new Rng(seed, 'paper-mean-field', label);
    // x_b = c0 x_a + √(1 − c0²) ξ, both scaled to second moment q0.
    const za = Float64Array.from({ length: n }, () => rng.normal());
    const zb = Float64Array.from({ length: n }, (_, i) => c0 * za[i]! + Math.sqrt(1 - c0 * c0) * rng.normal());
    let xa = za.map((v) => v * Math.sqrt(q0));
    let xb = zb.map((v) => v * Math.sqrt(q0));
    const std = Math.sqrt(params.sigmaW2 / n);
    const bstd = Math.sqrt(params.sigmaB2);
    for (let l = 0; l < depth; l++) {
      const ha = new Float64Array(n);
      const hb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const b = rng.normal() * bstd;
        let sa = b;
        let sb = b;
        for (let j = 0; j < n; j++) {
          const w = rng.normal() * std;
          sa += w * xa[j]!;
          sb += w * xb[j]!;
        }
        ha[i] = sa;
        hb[i] = sb;
      }
      let aa = 0;
      let bb = 0;
      let ab = 0;
      for (let i = 0; i < n; i++) {
        aa += ha[i]! * ha[i]!;
        bb += hb[i]! * hb[i]!;
        ab += ha[i]! * hb[i]!;
      }
      qs[l]!.push(aa / n);
      cs[l]!.push(ab / Math.sqrt(aa * bb));
      xa = ha.map(act.phi);
      xb = hb.map(act.phi);
    }
  }
  const theory = propagatePair(m.activation as ActivationInput, { q0, c0, layers: Array.from({ length: depth }, () => params) });
  for (let l = 0; l < depth; l++) {
    sink.values([label, 'qSim', l + 1], qs[l]!);
    sink.values([label, 'cSim', l + 1], cs[l]!);
    sink.exact([label, 'qTheory', l + 1], theory.q[l]!);
    sink.exact([label, 'cTheory', l + 1], theory.c[l]!);
  }
  sink.values([label, 'qSim', 'last'], qs[depth - 1]!);
  sink.values([label, 'cSim', 'last'], cs[depth - 1]!);
  sink.exact([label, 'qTheory', 'last'], theory.q[depth - 1]!);
  sink.exact([label, 'cTheory', 'last'], theory.c[depth - 1]!);
  sink.curve([label, 'qSim'], qs.map((v) => v.reduce((a, x) => a + x, 0) / v.length));
  sink.curve([label, 'qTheory'], theory.q);
  sink.curve([label, 'cSim'], cs.map((v) => v.reduce((a, x) => a + x, 0) / v.length));
  sink.curve([label, 'cTheory'], theory.c);
}

/**
 * Klambauer et al.'s fixed point of the SELU (μ, ν) map for normalised weights (ω = 0, τ = 1): `alpha` and
 * `lambda` (the constants initlab's selu uses), `mu`, `nu`,
 * `spectralRadius` and `spectralNorm` of the map's Jacobian there (both below 1: it attracts, and the map is a
 * contraction near it), and the Jacobian's entries `jacobian/<row><col>`.
 */
export function measureSeluFixedPoint(m: Measure<'selu-fixed-point'>): MeasureOutput {
  const sink = new MeasureSink(m.id);
  const fp = seluFixedPoint();
  // The constants initlab's selu uses, beside the paper's α₀₁ and λ₀₁.
  sink.exact(['alpha'], SELU_ALPHA);
  sink.exact(['lambda'], SELU_SCALE);
  sink.exact(['mu'], fp.mu);
  sink.exact(['nu'], fp.nu);
  sink.exact(['spectralRadius'], fp.spectralRadius);
  sink.exact(['spectralNorm'], fp.spectralNorm);
  fp.jacobian.forEach((row, i) => row.forEach((v, j) => sink.exact(['jacobian', `${i}${j}`], v)));
  return sink.output();
}
