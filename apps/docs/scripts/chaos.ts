/**
 * The numbers and figures of the guide page "The edge of chaos and dynamical isometry"
 * (docs/guide/edge-of-chaos.md): mean-field predictions from `@initlab/theory`, measured beside them with
 * `@initlab/models` (forward traces of wide tanh networks, initial weights for input–output Jacobians) and
 * `@initlab/experiments` (a depth × σ_w² grid trained as ensembles). Fixed seeds; written to
 * `.generated/chaos.json` (and `public/data/chaos.json`) and `public/figures/chaos-*`.
 *
 * The page's build-time budget is {@link CHAOS.budgetSeconds} on the 2-core CI machine: the theory grid runs in
 * a worker thread (chaos-theory.ts) while the measurements run here, and the measured time goes into the JSON.
 */
import { runExperiment, validateExperiment, type ExperimentResult } from '@initlab/experiments';
import { forwardTrace, initialWeights, type ModelSpec } from '@initlab/models';
import { Rng } from '@initlab/random';
import { criticalSigmaW2, lengthFixedPoint, lengthMap, meanField, networkJacobian, predictedJacobianMoments, propagatePair, singularValues } from '@initlab/theory';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { PHASE_GRID, type ChaosTheory } from './chaos-theory.js';
import { CHART_WIDTH } from './lib/specs.js';
import { sectionClock } from './lib/clock.js';
import { dataDir, docsDir, write, writeFigure, writeJson, writeSnippet } from './lib/context.js';
import { details, figure, num, table } from './lib/md.js';
import { inWorker } from './lib/worker.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Every size the page states. */
export const CHAOS = {
  budgetSeconds: 60,
  sigmaB2: 0.05,
  /** The worked example (the theory package's README values). */
  example: { sigmaW2: 2.5 },
  correlation: { width: 500, depth: 20, draws: 8, c0: 0.8, sigmaW2: [1.2, 2.5], seed: 16 },
  training: {
    dataset: 'digits',
    train: 500,
    test: 300,
    width: 48,
    depths: [2, 8, 16, 24, 32, 40],
    sigmaW2: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4],
    epochs: 3,
    batchSize: 32,
    learningRate: 0.01,
    momentum: 0.9,
    seed: 0,
  },
  jacobian: { width: 100, depths: [2, 8, 32], draws: 4, sigmaB2: 1e-4, seed: 7 },
} as const;

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));
const meanSe = (values: readonly number[]): { mean: number; se: number } => {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const v = values.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean: m, se: Math.sqrt(v / values.length) };
};
const phaseColor: Record<string, string> = { ordered: '#4e79a7', critical: '#222222', chaotic: '#e15759' };
const gaussianInit = (sigmaW2: number) => ({ name: 'variance_scaling', scale: sigmaW2, mode: 'fan_in', distribution: 'untruncated_normal' });
const biasInit = (sigmaB2: number) => ({ name: 'random_normal', stddev: Math.sqrt(sigmaB2) });

// ------------------------------------------------------------------------------------------ the example

function example() {
  const { sigmaB2 } = CHAOS;
  const params = { sigmaW2: CHAOS.example.sigmaW2, sigmaB2 };
  const r = meanField('tanh', params);
  // The length map iterated from q⁰ = 1: how fast q reaches q* (at the length map's slope per layer).
  const lengthIterates = [1];
  for (let l = 0; l < 6; l++) lengthIterates.push(lengthMap('tanh', lengthIterates.at(-1)!, params));
  return { ...params, criticalSigmaW2: criticalSigmaW2('tanh', { sigmaB2 }), lengthFixedPoint: lengthFixedPoint('tanh', params), lengthIterates, ...r };
}

// ------------------------------------------------------------------------------- correlation, measured

/** Two inputs of `width` features with per-unit second moment exactly 1 and correlation exactly c0 (Gram–Schmidt). */
function inputPair(rng: Rng, width: number, c0: number): Float32Array {
  const a = rng.fillNormal(new Float64Array(width));
  const u = rng.fillNormal(new Float64Array(width));
  const dot = (x: Float64Array, y: Float64Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  const sa = Math.sqrt(dot(a, a) / width);
  for (let i = 0; i < width; i++) a[i]! /= sa;
  const proj = dot(u, a) / dot(a, a);
  for (let i = 0; i < width; i++) u[i]! -= proj * a[i]!;
  const su = Math.sqrt(dot(u, u) / width);
  const x = new Float32Array(2 * width);
  for (let i = 0; i < width; i++) {
    x[i] = a[i]!;
    x[width + i] = c0 * a[i]! + Math.sqrt(1 - c0 * c0) * (u[i]! / su);
  }
  return x;
}

async function correlations(criticalW2: number) {
  const { width, depth, draws, c0, seed } = CHAOS.correlation;
  const { sigmaB2 } = CHAOS;
  const x = inputPair(new Rng(seed, 'chaos-inputs'), width, c0);
  // What the two inputs really are (float32): the prediction starts from these.
  let qa = 0;
  let qb = 0;
  let qab = 0;
  for (let i = 0; i < width; i++) {
    qa += x[i]! ** 2;
    qb += x[width + i]! ** 2;
    qab += x[i]! * x[width + i]!;
  }
  const q0 = (qa + qb) / (2 * width);
  const c0Measured = qab / Math.sqrt(qa * qb);
  const out = [];
  for (const [k, sigmaW2] of [CHAOS.correlation.sigmaW2[0], criticalW2, CHAOS.correlation.sigmaW2[1]].entries()) {
    const spec: ModelSpec = {
      inputDim: width,
      hidden: Array.from({ length: depth }, () => ({ units: width, activation: 'tanh' as const })),
      output: { units: 1 },
      loss: 'mse',
      kernelInitializer: gaussianInit(sigmaW2),
      biasInitializer: biasInit(sigmaB2),
    };
    // Independent draws for every σ_w² (the same seed would give the same weights, scaled).
    const members = Array.from({ length: draws }, (_, d) => ({ id: `draw ${d}`, seed: seed * 100 + k * draws + d }));
    const traces = forwardTrace(spec, members, { x: { rows: 2, cols: width, values: x } });
    // tanh is invertible: each unit's pre-activation is atanh of its traced activation (float32, |a| < 1 here).
    const perDraw = traces.map((t) =>
      t.layers.slice(0, depth).map((layer, l) => {
        let saa = 0;
        let sbb = 0;
        let sab = 0;
        for (let i = 0; i < width; i++) {
          const a = layer.activations[i]!;
          const b = layer.activations[width + i]!;
          if (!(Math.abs(a) < 1 && Math.abs(b) < 1)) throw new Error(`chaos: layer ${l + 1} saturated to ±1 in float32; atanh cannot recover its pre-activation`);
          const ha = Math.atanh(a);
          const hb = Math.atanh(b);
          saa += ha * ha;
          sbb += hb * hb;
          sab += ha * hb;
        }
        return { q: (saa + sbb) / (2 * width), c: sab / Math.sqrt(saa * sbb) };
      }),
    );
    const predicted = propagatePair('tanh', { q0, c0: c0Measured, layers: Array.from({ length: depth }, () => ({ sigmaW2, sigmaB2 })) });
    const mf = meanField('tanh', { sigmaW2, sigmaB2 });
    out.push({
      sigmaW2,
      phase: mf.phase,
      cStar: mf.cStar,
      xiC: Number.isFinite(mf.xiC) ? mf.xiC : null,
      layers: Array.from({ length: depth }, (_, l) => {
        const c = meanSe(perDraw.map((d) => d[l]!.c));
        const q = meanSe(perDraw.map((d) => d[l]!.q));
        return { layer: l + 1, c: c.mean, cSe: c.se, q: q.mean, qSe: q.se, cPredicted: predicted.c[l]!, qPredicted: predicted.q[l]! };
      }),
    });
  }
  return { width, depth, draws, q0, c0: c0Measured, sigmaB2, runs: out };
}

// -------------------------------------------------------------------------------- trainable depth

async function trainableDepth(): Promise<{ result: ExperimentResult; cells: { depth: number; sigmaW2: number; accuracy: number | null; diverged: number }[]; baseline: number }> {
  const t = CHAOS.training;
  const config = {
    name: 'docs-edge-of-chaos',
    description: 'Test accuracy after a short training, per depth and weight variance σ_w² (tanh, σ_b² = 0.05).',
    data: { dataset: t.dataset, limit: { train: t.train, test: t.test } },
    model: { hidden: [], activation: 'tanh', biasInitializer: biasInit(CHAOS.sigmaB2) },
    training: { epochs: t.epochs, batchSize: t.batchSize, optimizer: { name: 'sgd', learningRate: t.learningRate, momentum: t.momentum } },
    initializers: t.sigmaW2.map(gaussianInit),
    seeds: 1,
    grid: { depth: [...t.depths], width: [t.width] },
  };
  const result = await runExperiment(validateExperiment(config, config.name), { dataOptions: { dataDir: dataDir(), offline: true } });
  const cells = result.results.map((r) => {
    const init = r.initializer as { scale?: number };
    const depth = (r.gridPoint as { depth?: number }).depth;
    if (typeof init.scale !== 'number' || typeof depth !== 'number') throw new Error(`chaos: run ${r.label} has no scale or depth`);
    const acc = r.metrics.accuracy;
    return { depth, sigmaW2: init.scale, accuracy: typeof acc === 'number' && Number.isFinite(acc) ? acc : null, diverged: r.status === 'ok' ? 0 : 1 };
  });
  return { result, cells, baseline: (result.baseline.metrics as { accuracy: number }).accuracy };
}

// ------------------------------------------------------------------------------------------ Jacobians

/** Row-major [out, in] float64 from a Keras-layout [in, out] float32 kernel. */
function outIn(kernel: Float32Array, inputs: number, units: number): Float64Array {
  const w = new Float64Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < units; o++) w[o * inputs + i] = kernel[i * units + o]!;
  return w;
}

function jacobians() {
  const { width: n, depths, draws, sigmaB2, seed } = CHAOS.jacobian;
  const sigmaW2 = criticalSigmaW2('tanh', { sigmaB2 });
  const out = [];
  for (const ensemble of ['gaussian', 'orthogonal'] as const) {
    for (const depth of depths) {
      const predicted = predictedJacobianMoments('tanh', { sigmaW2, sigmaB2, depth, weights: ensemble });
      const spec: ModelSpec = {
        inputDim: n,
        hidden: Array.from({ length: depth }, () => ({ units: n, activation: 'tanh' as const })),
        output: { units: 1 },
        loss: 'mse',
        kernelInitializer: ensemble === 'gaussian' ? gaussianInit(sigmaW2) : { name: 'orthogonal', gain: Math.sqrt(sigmaW2) },
        biasInitializer: biasInit(sigmaB2),
      };
      const rng = new Rng(seed, 'chaos-jacobian-input', ensemble, depth);
      // Inputs whose first pre-activations are at q*: per-unit second moment (q* − σ_b²)/σ_w².
      const scale = Math.sqrt((predicted.qStar - sigmaB2) / sigmaW2);
      const singular: number[] = [];
      const m1s: number[] = [];
      const m2s: number[] = [];
      for (let d = 0; d < draws; d++) {
        const layers = initialWeights(spec, { seed: seed * 1000 + depth * 10 + d }).slice(0, depth);
        const j = networkJacobian('tanh', {
          weights: layers.map((l) => outIn(l.kernel, l.shape[0], l.shape[1])),
          biases: layers.map((l) => Float64Array.from(l.bias)),
          input: rng.fillNormal(new Float64Array(n), 0, scale),
          width: n,
        });
        const s = singularValues(j, n, n);
        singular.push(...s);
        // Moments of JJᵀ's spectrum: the mean of σ² and of σ⁴ over the singular values.
        m1s.push(s.reduce((a, v) => a + v * v, 0) / n);
        m2s.push(s.reduce((a, v) => a + v ** 4, 0) / n);
      }
      const m1 = meanSe(m1s);
      const m2 = meanSe(m2s);
      out.push({
        ensemble,
        depth,
        m1: m1.mean,
        m1Se: m1.se,
        m2: m2.mean,
        m2Se: m2.se,
        variance: m2.mean - m1.mean ** 2,
        predicted: { m1: predicted.m1, m2: predicted.m2, variance: predicted.variance },
        min: Math.min(...singular),
        max: Math.max(...singular),
        singularValues: singular.map((v) => round(v, 5)),
      });
    }
  }
  const perLayer = predictedJacobianMoments('tanh', { sigmaW2, sigmaB2, depth: 1, weights: 'orthogonal' });
  const at005 = predictedJacobianMoments('tanh', { sigmaW2: criticalSigmaW2('tanh', { sigmaB2: CHAOS.sigmaB2 }), sigmaB2: CHAOS.sigmaB2, depth: 1, weights: 'orthogonal' });
  return {
    width: n,
    depths,
    draws,
    sigmaB2,
    sigmaW2,
    qStar: perLayer.qStar,
    nonlinearSpread: perLayer.mu2 / perLayer.mu1 ** 2 - 1,
    at: { sigmaB2: CHAOS.sigmaB2, qStar: at005.qStar, nonlinearSpread: at005.mu2 / at005.mu1 ** 2 - 1 },
    runs: out,
  };
}

// ---------------------------------------------------------------------------------------------- figures

function phaseSpec(theory: ChaosTheory): TopLevelSpec {
  const w = 0.125;
  const b = 0.025;
  const cells = theory.cells.map((c) => ({ ...c, x0: c.sigmaW2 - w, x1: c.sigmaW2 + w, y0: c.sigmaB2 - b, y1: c.sigmaB2 + b, xi: c.xiC }));
  const label = (phase: string) => {
    const ps = theory.cells.filter((c) => c.phase === phase);
    return { phase, sigmaW2: ps.reduce((s, c) => s + c.sigmaW2, 0) / ps.length, sigmaB2: ps.reduce((s, c) => s + c.sigmaB2, 0) / ps.length };
  };
  return {
    $schema: SCHEMA,
    description: 'Depth scale ξ_c of tanh networks over σ_w² and σ_b², with the critical line χ₁ = 1',
    title: 'tanh: correlation depth scale ξ_c over (σ_w², σ_b²)',
    width: CHART_WIDTH,
    height: 260,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'σ_w²', scale: { domain: [0.375, 4.125], nice: false } },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 'σ_b²', scale: { domain: [0.025, 0.225], nice: false } },
          y2: { field: 'y1' },
          color: { field: 'xi', type: 'quantitative', title: 'ξ_c (layers)', scale: { type: 'log', scheme: 'viridis', domainMax: 300, clamp: true } },
          tooltip: [
            { field: 'sigmaW2', title: 'σ_w²' },
            { field: 'sigmaB2', title: 'σ_b²' },
            { field: 'phase' },
            { field: 'chi1', title: 'χ₁', format: '.4f' },
            { field: 'cStar', title: 'c*', format: '.4f' },
            { field: 'xiC', title: 'ξ_c', format: '.4g' },
          ],
        },
      },
      {
        data: { values: theory.critical },
        mark: { type: 'line', color: '#ffffff', strokeWidth: 3, point: { color: '#ffffff', size: 20 } },
        encoding: {
          x: { field: 'sigmaW2', type: 'quantitative' },
          y: { field: 'sigmaB2', type: 'quantitative' },
          order: { field: 'sigmaB2' },
          tooltip: [{ field: 'sigmaB2', title: 'σ_b²' }, { field: 'sigmaW2', title: 'critical σ_w²', format: '.6f' }],
        },
      },
      {
        data: { values: ['ordered', 'chaotic'].map(label) },
        mark: { type: 'text', fontSize: 15, fontWeight: 'bold', color: '#ffffff' },
        encoding: { x: { field: 'sigmaW2', type: 'quantitative' }, y: { field: 'sigmaB2', type: 'quantitative' }, text: { field: 'phase' } },
      },
    ],
  } as TopLevelSpec;
}

function mapSpec(theory: ChaosTheory): TopLevelSpec {
  const rows = theory.maps.flatMap((m) => m.points.map((p) => ({ series: `σ_w² = ${num(m.sigmaW2, 4)} (${m.phase})`, c: p.c, next: p.next })));
  const series = theory.maps.map((m) => `σ_w² = ${num(m.sigmaW2, 4)} (${m.phase})`);
  const identity = [0, 1].map((c) => ({ c, next: c }));
  return {
    $schema: SCHEMA,
    description: 'The correlation map of tanh at three σ_w², with the identity line',
    title: `tanh correlation map c ↦ f(c), σ_b² = ${CHAOS.sigmaB2}`,
    width: CHART_WIDTH - 140,
    height: 260,
    layer: [
      { data: { values: identity }, mark: { type: 'line', color: '#999999', strokeDash: [4, 4] }, encoding: { x: { field: 'c', type: 'quantitative' }, y: { field: 'next', type: 'quantitative' } } },
      {
        data: { values: rows },
        mark: { type: 'line', point: { size: 25 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'c', type: 'quantitative', title: 'c (this layer)', scale: { domain: [0, 1] } },
          y: { field: 'next', type: 'quantitative', title: 'c (next layer)', scale: { domain: [0, 1] } },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: theory.maps.map((m) => phaseColor[m.phase]!) }, legend: { orient: 'bottom', columns: 1 } },
          tooltip: [{ field: 'series' }, { field: 'c' }, { field: 'next', format: '.4f' }],
        },
      },
    ],
  } as TopLevelSpec;
}

function correlationSpec(corr: Awaited<ReturnType<typeof correlations>>): TopLevelSpec {
  const name = (r: (typeof corr.runs)[number]) => `σ_w² = ${num(r.sigmaW2, 4)} (${r.phase})`;
  const series = corr.runs.map(name);
  const measured = corr.runs.flatMap((r) => r.layers.map((l) => ({ series: name(r), layer: l.layer, c: l.c, low: l.c - 2 * l.cSe, high: l.c + 2 * l.cSe })));
  const predicted = corr.runs.flatMap((r) => r.layers.map((l) => ({ series: name(r), layer: l.layer, c: l.cPredicted })));
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: corr.runs.map((r) => phaseColor[r.phase]!) }, legend: { orient: 'bottom', columns: 1 } };
  return {
    $schema: SCHEMA,
    description: 'Correlation of two inputs’ pre-activations per layer in wide tanh networks, measured and predicted',
    title: `Two inputs' correlation per layer, ${corr.width}-unit tanh net`,
    width: CHART_WIDTH,
    height: 280,
    layer: [
      {
        data: { values: predicted },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x: { field: 'layer', type: 'quantitative', title: 'layer' }, y: { field: 'c', type: 'quantitative', title: 'correlation c', scale: { zero: false } }, color },
      },
      {
        data: { values: measured },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: { field: 'layer', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
      },
      {
        data: { values: measured },
        mark: { type: 'point', filled: true, size: 30 },
        encoding: {
          x: { field: 'layer', type: 'quantitative' },
          y: { field: 'c', type: 'quantitative' },
          color,
          tooltip: [{ field: 'series' }, { field: 'layer' }, { field: 'c', title: 'measured c', format: '.4f' }],
        },
      },
    ],
  } as TopLevelSpec;
}

function depthSpec(cells: { depth: number; sigmaW2: number; accuracy: number | null }[], curve: { sigmaW2: number; depth: number }[], depths: readonly number[], maxDepth: number): TopLevelSpec {
  // Each depth's band reaches halfway to its neighbours.
  const edges = depths.map((d, i) => ({ d, lo: i === 0 ? d - (depths[1]! - d) / 2 : (depths[i - 1]! + d) / 2, hi: i === depths.length - 1 ? d + (d - depths[i - 1]!) / 2 : (d + depths[i + 1]!) / 2 }));
  const rows = cells
    .filter((c) => c.accuracy !== null)
    .map((c) => {
      const e = edges.find((x) => x.d === c.depth)!;
      return { ...c, x0: c.sigmaW2 - 0.25, x1: c.sigmaW2 + 0.25, y0: e.lo, y1: e.hi };
    });
  return {
    $schema: SCHEMA,
    description: 'Test accuracy after a short training per depth and σ_w², with 6 ξ_c',
    title: 'Test accuracy on digits after a short training',
    width: CHART_WIDTH,
    height: 280,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'σ_w²', scale: { domain: [0.25, 4.25], nice: false } },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 'hidden layers', scale: { domain: [0, maxDepth], nice: false } },
          y2: { field: 'y1' },
          color: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', scale: { scheme: 'greys', domainMin: 0, domainMax: 1 } },
          tooltip: [{ field: 'sigmaW2', title: 'σ_w²' }, { field: 'depth', title: 'hidden layers' }, { field: 'accuracy', format: '.3f' }],
        },
      },
      {
        data: { values: curve },
        mark: { type: 'line', color: '#e15759', strokeWidth: 2.5, clip: true, point: { color: '#e15759', size: 25 } },
        encoding: {
          x: { field: 'sigmaW2', type: 'quantitative' },
          y: { field: 'depth', type: 'quantitative' },
          tooltip: [{ field: 'sigmaW2', title: 'σ_w²' }, { field: 'depth', title: '6 ξ_c', format: '.1f' }],
        },
      },
    ],
  } as TopLevelSpec;
}

function spectraSpec(jac: ReturnType<typeof jacobians>): TopLevelSpec {
  const rows = jac.runs.flatMap((r) => r.singularValues.map((s) => ({ weights: r.ensemble, depth: `L = ${r.depth}`, singular: s })));
  return {
    $schema: SCHEMA,
    description: 'Singular values of the input–output Jacobian for Gaussian and orthogonal weights at several depths',
    title: `Jacobian singular values, ${jac.width}-unit tanh, χ₁ = 1`,
    width: CHART_WIDTH - 80,
    height: jac.depths.length * 70,
    data: { values: rows },
    mark: { type: 'tick', thickness: 1.2, opacity: 0.55 },
    encoding: {
      x: { field: 'singular', type: 'quantitative', title: 'singular value' },
      y: { field: 'depth', type: 'nominal', title: null, sort: jac.depths.map((d) => `L = ${d}`) },
      yOffset: { field: 'weights', type: 'nominal' },
      color: { field: 'weights', type: 'nominal', title: 'weights', scale: { domain: ['gaussian', 'orthogonal'], range: ['#f28e2b', '#9467bd'] }, legend: { orient: 'bottom' } },
    },
  } as TopLevelSpec;
}

// --------------------------------------------------------------------------------------------- the page

/** Runs everything, writes `.generated/chaos.json`, the figures and the number tables. */
export async function generateChaos(): Promise<void> {
  const clock = sectionClock();
  const { timed, steps: timing } = clock;
  // The theory grid on the second core, the measurements here.
  const theoryDone = inWorker<ChaosTheory>(new URL(`./chaos-theory.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url), { task: 'chaos-theory', sigmaB2: CHAOS.sigmaB2 });
  const ex = await timed('example', example);
  const corr = await timed('correlations', () => correlations(ex.criticalSigmaW2));
  const jac = await timed('jacobians', jacobians);
  const train = await timed('training', trainableDepth);
  const theory = await timed('theory (waited for the worker)', () => theoryDone);
  timing['theory (in the worker)'] = round(theory.seconds, 3);

  const row = theory.cells.filter((c) => c.sigmaB2 === CHAOS.sigmaB2);
  const maxDepth = Math.max(...CHAOS.training.depths) * 1.1;
  const curve = row.flatMap((c) => (c.xiC === null ? [] : [{ sigmaW2: c.sigmaW2, depth: 6 * c.xiC, xiC: c.xiC }]));

  const figures = await timed('figures', async () => ({
    phase: await writeFigure('chaos-phase', phaseSpec(theory)),
    map: await writeFigure('chaos-map', mapSpec(theory)),
    correlation: await writeFigure('chaos-correlation', correlationSpec(corr)),
    depth: await writeFigure('chaos-depth', depthSpec(train.cells, curve, CHAOS.training.depths, maxDepth)),
    spectra: await writeFigure('chaos-spectra', spectraSpec(jac)),
  }));

  snippets(theory, corr, train, jac, curve, figures);
  const finished = clock.finish();
  const { totalSeconds, cpuSeconds, loadAverage: load } = finished;
  const data = {
    sizes: CHAOS,
    budgetSeconds: CHAOS.budgetSeconds,
    timing: finished,
    example: ex,
    theory: { cells: theory.cells, critical: theory.critical, maps: theory.maps, grid: { sigmaW2: row.map((c) => c.sigmaW2), sigmaB2: [...new Set(theory.cells.map((c) => c.sigmaB2))] } },
    correlation: corr,
    training: { ...CHAOS.training, baseline: train.baseline, cells: train.cells, sixXiC: curve, warnings: train.result.warnings },
    jacobian: jac,
  };
  writeJson('chaos', data);
  write(join(docsDir, 'public', 'data', 'chaos.json'), `${JSON.stringify(data, null, 2)}\n`);
  console.log(`generate: chaos page in ${totalSeconds.toFixed(1)} s, CPU ${cpuSeconds.toFixed(1)} s, load ${load.toFixed(1)} (budget ${CHAOS.budgetSeconds} s): ${Object.entries(timing).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  if (totalSeconds > CHAOS.budgetSeconds) console.warn(`generate: the chaos page took ${totalSeconds.toFixed(1)} s, over its ${CHAOS.budgetSeconds} s budget`);
}

function snippets(
  theory: ChaosTheory,
  corr: Awaited<ReturnType<typeof correlations>>,
  train: Awaited<ReturnType<typeof trainableDepth>>,
  jac: ReturnType<typeof jacobians>,
  curve: { sigmaW2: number; depth: number; xiC: number }[],
  src: { phase: string; map: string; correlation: string; depth: string; spectra: string },
): void {
  const row = theory.cells.filter((c) => c.sigmaB2 === CHAOS.sigmaB2);
  writeSnippet(
    'chaos-phase',
    [
      figure(
        src.phase,
        `Heat map of the correlation depth scale ξ_c of tanh networks over σ_w² from ${num(PHASE_GRID.sigmaW2[0]!)} to ${num(PHASE_GRID.sigmaW2.at(-1)!)} and σ_b² from ${num(theory.cells[0]!.sigmaB2)} to ${num(theory.cells.at(-1)!.sigmaB2)}, with the critical line χ₁ = 1 running from σ_w² = ${num(theory.critical[0]!.sigmaW2, 4)} at σ_b² = ${num(theory.critical[0]!.sigmaB2)} to σ_w² = ${num(theory.critical.at(-1)!.sigmaW2, 4)} at σ_b² = ${num(theory.critical.at(-1)!.sigmaB2)}. At σ_b² = ${CHAOS.sigmaB2}: ${row.map((c) => `σ_w² ${num(c.sigmaW2)} ${c.phase} ξ_c ${num(c.xiC, 3)}`).join('; ')}.`,
        `Each cell is one meanField('tanh', { sigmaW2, sigmaB2 }); the white line is criticalSigmaW2 at ${theory.critical.length} values of σ_b². Left of it χ₁ &lt; 1 (ordered: correlations go to 1), right of it χ₁ &gt; 1 (chaotic: they go to c* &lt; 1). Colour: ξ_c in layers, log scale, clamped at 300.`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['σ_b²', 'critical σ_w²'],
          theory.critical.map((c) => [num(c.sigmaB2), c.sigmaW2.toFixed(6)]),
          ['r', 'r'],
        ) +
          '\n\n' +
          table(
            ['σ_w²', 'phase', 'q*', 'c*', 'χ₁', 'ξ_c'],
            row.map((c) => [num(c.sigmaW2), c.phase, num(c.qStar, 4), num(c.cStar, 4), num(c.chi1, 4), num(c.xiC, 4)]),
            ['r', 'l', 'r', 'r', 'r', 'r'],
          ) +
          `\n\nThe second table is the row σ_b² = ${CHAOS.sigmaB2} of the diagram.`,
      ),
    ].join('\n'),
  );
  writeSnippet(
    'chaos-map',
    figure(
      src.map,
      `Line chart of the tanh correlation map at σ_b² = ${CHAOS.sigmaB2}: ${theory.maps.map((m) => `σ_w² = ${num(m.sigmaW2, 4)} (${m.phase}) maps c = 0 to ${num(m.points[0]!.next, 3)} and c = 0.5 to ${num(m.points[5]!.next, 3)}, fixed point c* = ${num(m.cStar, 4)}`).join('; ')}.`,
      'correlationMap at 11 values of c per σ_w²; the dashed line is the identity, so a curve crosses it at a fixed point. Its slope at c = 1 is χ₁.',
    ),
  );
  const names = corr.runs.map((r) => `σ_w² = ${num(r.sigmaW2, 4)} (${r.phase})`);
  const pick = [...new Set([1, 2, 5, 10, 15, corr.depth])].filter((p) => p <= corr.depth);
  writeSnippet(
    'chaos-correlation',
    [
      figure(
        src.correlation,
        `Line chart of the correlation between two inputs' pre-activations per layer of a ${corr.width}-unit, ${corr.depth}-layer tanh network, starting from c = ${num(corr.c0, 3)}. ` +
          corr.runs.map((r, i) => `${names[i]}: measured ${num(r.layers.at(-1)!.c, 4)} at layer ${corr.depth}, predicted ${num(r.layers.at(-1)!.cPredicted, 4)}`).join('; ') +
          '.',
        `Points: the mean over ${corr.draws} draws of the weights and biases, bars ±2 standard errors; lines: propagatePair from the inputs' own q⁰ = ${num(corr.q0, 4)} and c⁰ = ${num(corr.c0, 4)}.`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['σ_w²', ...pick.map((p) => `layer ${p} measured`), `layer ${corr.depth} predicted`],
          corr.runs.map((r, i) => [names[i]!, ...pick.map((p) => `${num(r.layers[p - 1]!.c, 4)} ± ${num(2 * r.layers[p - 1]!.cSe, 2)}`), num(r.layers.at(-1)!.cPredicted, 4)]),
          ['l', ...pick.map(() => 'r' as const), 'r'],
        ) + `\n\nMeasured: mean ± 2 standard errors over ${corr.draws} draws.`,
      ),
    ].join('\n'),
  );
  const t = CHAOS.training;
  const acc = (d: number, w: number) => train.cells.find((c) => c.depth === d && c.sigmaW2 === w)?.accuracy ?? null;
  writeSnippet(
    'chaos-depth',
    [
      figure(
        src.depth,
        `Heat map of test accuracy on digits after ${t.epochs} epochs, per σ_w² (${t.sigmaW2.join(', ')}) and number of hidden layers (${t.depths.join(', ')}), with the curve 6 ξ_c. ` +
          t.depths.map((d) => `${d} layers: ${t.sigmaW2.map((w) => `${w} → ${num(acc(d, w), 3)}`).join(', ')}`).join('; ') +
          `. Majority-class baseline ${num(train.baseline, 3)}.`,
        `Grey level: test accuracy (black 1, white 0) of one network per cell, all cells of a depth trained together as one ensemble. Red: 6 ξ_c at σ_b² = ${CHAOS.sigmaB2} from the phase diagram's row, clipped at the top of the chart.`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['hidden layers', ...t.sigmaW2.map((w) => `σ_w² ${w}`)],
          t.depths.map((d) => [String(d), ...t.sigmaW2.map((w) => (acc(d, w) === null ? 'diverged' : num(acc(d, w), 3)))]),
          ['r', ...t.sigmaW2.map(() => 'r' as const)],
        ) +
          '\n\n' +
          table(['σ_w²', 'ξ_c', '6 ξ_c'], curve.map((c) => [num(c.sigmaW2), num(c.xiC, 4), num(6 * c.xiC, 4)]), ['r', 'r', 'r']) +
          `\n\nDigits (${t.train} training and ${t.test} test rows, pixels / 16), 64 → hidden layers of ${t.width} tanh units → 10 softmax; hidden kernels N(0, σ_w²/fan_in), biases N(0, ${CHAOS.sigmaB2}), the output layer glorot_uniform; SGD (lr ${t.learningRate}, momentum ${t.momentum}), batch ${t.batchSize}, ${t.epochs} epochs, seed ${t.seed}. Majority-class baseline ${num(train.baseline, 3)}.`,
      ),
    ].join('\n'),
  );
  writeSnippet(
    'chaos-spectra',
    [
      figure(
        src.spectra,
        `Strip chart of the singular values of the input–output Jacobian of ${jac.width}-unit tanh networks at σ_w² = ${num(jac.sigmaW2, 5)}, σ_b² = ${jac.sigmaB2}. ` +
          jac.runs.map((r) => `${r.ensemble}, ${r.depth} layers: from ${num(r.min, 3)} to ${num(r.max, 3)}`).join('; ') +
          '.',
        `Every singular value of ${jac.draws} draws per depth and ensemble (${jac.draws * jac.width} ticks per row), computed exactly (singularValues).`,
      ),
      '',
      details(
        'The numbers',
        table(
          ['weights', 'layers', 'm₁ measured', 'm₁ predicted', 'm₂ measured', 'm₂ predicted', 'variance measured', 'variance predicted'],
          jac.runs.map((r) => [r.ensemble, String(r.depth), `${num(r.m1, 4)} ± ${num(2 * r.m1Se, 2)}`, num(r.predicted.m1, 4), `${num(r.m2, 4)} ± ${num(2 * r.m2Se, 2)}`, num(r.predicted.m2, 4), num(r.variance, 4), num(r.predicted.variance, 4)]),
          ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        ) + `\n\nm₁, m₂: mean of σ² and σ⁴ over the singular values σ (the first two moments of JJᵀ's spectrum), mean ± 2 standard errors over ${jac.draws} draws; predicted: predictedJacobianMoments.`,
      ),
    ].join('\n'),
  );
}
