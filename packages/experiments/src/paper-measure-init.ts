// Paper measurements at initialisation, on networks whose weights come from initlab's own catalogue:
// - signal: per-layer activation and gradient statistics on a batch (what `initlab diagnose` measures);
// - jacobian: singular values of the input–output Jacobian or of each layer's Jacobian;
// - length: Hanin & Rolnick's normalised squared length of a ReLU network's activations over many networks.
import { diagnoseAtInit, forwardTrace, initialWeights, type ActivationSpec, type EnsembleMember, type ModelSpec } from '@initlab/models';
import { Rng } from '@initlab/random';
import { lengthFixedPoint, networkJacobian, predictedJacobianMoments, resolveActivation, singularValues } from '@initlab/theory';
import { deepNetworkSpec, diagnosticBatch, normalBatch } from './deep-network.js';
import { ExperimentError } from './errors.js';
import { memberKernelInitializer, parseInitializerEntry } from './initializer-text.js';
import { MeasureSink, meanOf, type MeasureOutput } from './paper-estimate.js';
import type { LabelledInit, PaperMeasure } from './paper-schema.js';
import type { LoadDatasetOptions } from '@initlab/data';

type Measure<K extends PaperMeasure['kind']> = Extract<PaperMeasure, { kind: K }>;

/** The member of a labelled initializer: its kernel (and bias) initializer on every layer. */
function memberOf(entry: LabelledInit, seed: number): EnsembleMember {
  return {
    id: `${entry.label}/${seed}`,
    seed,
    kernelInitializer: memberKernelInitializer(parseInitializerEntry(entry.init)),
    ...(entry.bias === undefined ? {} : { biasInitializer: parseInitializerEntry(entry.bias) as EnsembleMember['biasInitializer'] }),
    initializerScope: 'all',
  };
}

const SIGNAL_FIELDS = ['preActivationStd', 'activationMean', 'activationStd', 'saturatedShare', 'deadShare', 'gradientNorm'] as const;

/**
 * Per-layer statistics at initialisation, for every initializer and seed on the same batch. Quantities, for
 * label L, field F and hidden layer l (1-based): `L/F/l`, `L/F/first`, `L/F/last`; `L/activationVar/l` and
 * `/last` (std², what a variance claim is about); `L/activationStd/ratio` (last / first hidden layer) and
 * `L/gradientNorm/ratio` (first / last hidden layer: below 1 when gradients shrink towards the input). With
 * `backprop`, the back-propagated gradients ∂L/∂h of the batch-mean loss: `L/backpropStd/<l>`, `/first`,
 * `/last` and `/ratio` (first / last).
 */
export async function measureSignal(m: Measure<'signal'>, loadOptions: LoadDatasetOptions): Promise<MeasureOutput> {
  const sink = new MeasureSink(m.id);
  const { x, y, classes, inputDim } = await batchOf(m, loadOptions);
  const seeds = Array.from({ length: m.seeds }, (_, i) => i);
  for (const entry of m.initializers) {
    const activation = (entry.activation ?? m.activation) as ActivationSpec;
    const spec = deepNetworkSpec({ inputDim, depth: m.depth, width: m.width, activation, ...(classes === undefined ? {} : { classes }) });
    const members = seeds.map((seed) => memberOf(entry, seed));
    // One network at a time: a member's statistics are the same alone as in an ensemble (the models package's
    // guarantee), and memory then grows with one network, so --full's 100 layers of 1,000 units fit the wasm heap.
    const diagnosed = members.flatMap((member) => diagnoseAtInit(spec, [member], { x, y }));
    for (const field of SIGNAL_FIELDS) {
      for (let l = 0; l < m.depth; l++) sink.values([entry.label, field, l + 1], diagnosed.map((d) => d.layers[l]![field]));
      sink.values([entry.label, field, 'first'], diagnosed.map((d) => d.layers[0]![field]));
      sink.values([entry.label, field, 'last'], diagnosed.map((d) => d.layers[m.depth - 1]![field]));
      sink.curve([entry.label, field], Array.from({ length: m.depth }, (_, l) => meanOf(diagnosed.map((d) => d.layers[l]![field] ?? NaN)) ?? NaN));
    }
    const variance = (l: number) => diagnosed.map((d) => (d.layers[l]!.activationStd === null ? null : d.layers[l]!.activationStd! ** 2));
    for (let l = 0; l < m.depth; l++) sink.values([entry.label, 'activationVar', l + 1], variance(l));
    sink.values([entry.label, 'activationVar', 'last'], variance(m.depth - 1));
    sink.values([entry.label, 'activationStd', 'ratio'], diagnosed.map((d) => ratio(d.layers[m.depth - 1]!.activationStd, d.layers[0]!.activationStd)));
    sink.values([entry.label, 'gradientNorm', 'ratio'], diagnosed.map((d) => ratio(d.layers[0]!.gradientNorm, d.layers[m.depth - 1]!.gradientNorm)));
    if (m.backprop !== undefined) backpropStatistics(sink, m, entry, spec, members, x, y, classes);
    if (m.histograms !== undefined) {
      const [trace] = forwardTrace(spec, [members[0]!], { x });
      for (let l = 0; l < m.depth; l++) sink.curve([entry.label, 'histogram', l + 1], histogram(trace!.layers[l]!.activations, m.histograms));
    }
  }
  return sink.output();
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** Shares of the values in each of `bins` equal bins over [min, max] (values outside are left out). */
export function histogram(values: ArrayLike<number>, { bins, min, max }: { bins: number; min: number; max: number }): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= min && v <= max)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  }
  return counts.map((c) => c / Math.max(1, values.length));
}

async function batchOf(m: Measure<'signal'>, loadOptions: LoadDatasetOptions) {
  const { dataset, normal, rows } = m.inputs;
  if ((dataset === undefined) === (normal === undefined)) {
    throw new ExperimentError('INVALID_CONFIG', `measurement '${m.id}': inputs must give either dataset or normal, got ${dataset === undefined ? 'neither' : 'both'}`);
  }
  if (normal !== undefined) {
    const { x, y } = normalBatch({ rows, features: normal, seed: 0 });
    return { x, y, classes: m.classes, inputDim: normal };
  }
  const batch = await diagnosticBatch(dataset!, { rows, ...loadOptions });
  if (m.classes !== undefined && batch.classes !== m.classes) {
    throw new ExperimentError('INVALID_CONFIG', `measurement '${m.id}': classes is ${m.classes}, but ${dataset} has ${String(batch.classes ?? 'no')} classes`);
  }
  return { x: batch.x, y: batch.y, classes: batch.classes, inputDim: batch.data.featureNames.length };
}

/** The first `depth` kernels of a square network from the catalogue, as row-major [out, in] Float64Arrays, and the biases. */
function squareNetwork(entry: LabelledInit, activation: ActivationSpec, width: number, depth: number, seed: number) {
  const spec: ModelSpec = deepNetworkSpec({ inputDim: width, depth, width, activation });
  const layers = initialWeights(spec, memberOf(entry, seed)).slice(0, depth);
  const weights = layers.map(({ kernel }) => {
    // The catalogue's kernel is [in, out] (x W); the theory's matrices are [out, in] (W x).
    const w = new Float64Array(width * width);
    for (let i = 0; i < width; i++) for (let o = 0; o < width; o++) w[o * width + i] = kernel[i * width + o]!;
    return w;
  });
  return { weights, biases: layers.map(({ bias }) => Float64Array.from(bias)) };
}

/** The catalogue's per-weight variance × fan-in of an entry, estimated from the kernel it draws (no formula needed). */
function drawnSigmaW2(weights: readonly Float64Array[], width: number): number {
  let s = 0;
  for (const w of weights) for (let i = 0; i < w.length; i++) s += w[i]! * w[i]!;
  return (s / (weights.length * width * width)) * width;
}

/**
 * Singular values at initialisation, for every initializer, depth and seed. `network`: of the input–output
 * Jacobian at one Gaussian input; `layers`: of each layer's Jacobian diag(φ′(h)) W, pooled over layers.
 * Quantities per label L and depth D: `L/D/meanSV`, `L/D/maxSV`, `L/D/minSV`, `L/D/meanSquaredSV` (m₁) and
 * `L/D/varSquaredSV` (the variance of the squared singular values, the spread Pennington et al. follow) and
 * `L/D/logVarSquaredSV` (its natural logarithm, averaged over seeds: the spread varies by factors); with
 * the entry's `theory`, the wide-network prediction `L/D/predictedMeanSquaredSV` and `L/D/predictedVarSquaredSV`
 * (for `layers`, of one layer).
 */
export function measureJacobian(m: Measure<'jacobian'>): MeasureOutput {
  const sink = new MeasureSink(m.id);
  for (const entry of m.initializers) {
    const activation = (entry.activation ?? m.activation) as ActivationSpec;
    const act = resolveActivation(activation as Parameters<typeof resolveActivation>[0]);
    for (const depth of m.depths) {
      const stats: Record<'meanSV' | 'maxSV' | 'minSV' | 'meanSquaredSV' | 'varSquaredSV', number[]> = { meanSV: [], maxSV: [], minSV: [], meanSquaredSV: [], varSquaredSV: [] };
      const pooled: number[] = [];
      for (let seed = 0; seed < m.seeds; seed++) {
        const { weights, biases } = squareNetwork(entry, activation, m.width, depth, seed);
        const q0 = m.input !== 'fixed-point' ? m.input : entry.theory !== undefined ? lengthFixedPoint(activation as Parameters<typeof lengthFixedPoint>[0], { sigmaW2: entry.theory.sigmaW2, sigmaB2: entry.theory.sigmaB2 }) : fixedPointQ(activation, weights, biases, m.width);
        const rng = new Rng(seed, 'paper-jacobian-input');
        const input = Float64Array.from({ length: m.width }, () => rng.normal() * Math.sqrt(q0));
        const sv = m.of === 'network' ? singularValues(networkJacobian(activation as Parameters<typeof networkJacobian>[0], { weights, biases, input, width: m.width }), m.width, m.width) : layerSingularValues(act, weights, biases, input, m.width);
        const squares = sv.map((s) => s * s);
        const m1 = meanOf(squares)!;
        stats.meanSV.push(meanOf(sv)!);
        stats.maxSV.push(Math.max(...sv));
        stats.minSV.push(Math.min(...sv));
        stats.meanSquaredSV.push(m1);
        stats.varSquaredSV.push(meanOf(squares.map((s) => (s - m1) ** 2))!);
        pooled.push(...sv);
      }
      for (const [name, values] of Object.entries(stats)) sink.values([entry.label, depth, name], values);
      // The spread is heavy-tailed from seed to seed; its logarithm is what averages well over a few seeds.
      sink.values([entry.label, depth, 'logVarSquaredSV'], stats.varSquaredSV.map((v) => (v > 0 ? Math.log(v) : null)));
      if (entry.theory !== undefined) {
        const p = predictedJacobianMoments(activation as Parameters<typeof predictedJacobianMoments>[0], { ...entry.theory, depth: m.of === 'network' ? depth : 1 });
        sink.exact([entry.label, depth, 'predictedMeanSquaredSV'], p.m1);
        sink.exact([entry.label, depth, 'predictedVarSquaredSV'], p.variance);
      }
      if (m.histogram !== undefined) sink.curve([entry.label, depth, 'histogram'], histogram(pooled, { bins: m.histogram.bins, min: 0, max: m.histogram.max }));
    }
  }
  return sink.output();
}

/** q* of the network's own σ_w² (drawn) and σ_b² (the biases' mean square), so the input starts at the fixed point (an entry's `theory` gives them instead). */
function fixedPointQ(activation: ActivationSpec, weights: readonly Float64Array[], biases: readonly Float64Array[], width: number): number {
  const sigmaB2 = meanOf(biases.flatMap((b) => Array.from(b, (v) => v * v))) ?? 0;
  return lengthFixedPoint(activation as Parameters<typeof lengthFixedPoint>[0], { sigmaW2: drawnSigmaW2(weights, width), sigmaB2 });
}

function layerSingularValues(act: ReturnType<typeof resolveActivation>, weights: readonly Float64Array[], biases: readonly Float64Array[], input: Float64Array, n: number): number[] {
  const out: number[] = [];
  let x = input;
  weights.forEach((w, l) => {
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = biases[l]![i]!;
      for (let j = 0; j < n; j++) s += w[i * n + j]! * x[j]!;
      h[i] = s;
    }
    const jac = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const d = act.dphi(h[i]!);
      for (let j = 0; j < n; j++) jac[i * n + j] = d * w[i * n + j]!;
    }
    out.push(...singularValues(jac, n, n));
    x = h.map(act.phi);
  });
  return out;
}

/**
 * Hanin & Rolnick's M_j = (|x_j|²/n_j) / (|x_0|²/n_0): the normalised squared length of a bias-free ReLU
 * network's activations at layer j, over `samples` independent networks and standard-normal inputs per
 * architecture and σ_w² (weights N(0, σ_w²/fan-in)). Quantities for architecture A and σ_w² s (label `w<s>`):
 * `A/w<s>/meanM/<j>` and `/last` (an estimate over the samples), `A/w<s>/varM/last` and `A/w<s>/varLogM/last`
 * (sample variances), `A/w<s>/predictedMeanM/last` ((σ_w²/2)^depth) and `A/beta` (Σ 1/n_j).
 */
export function measureLength(m: Measure<'length'>): MeasureOutput {
  const sink = new MeasureSink(m.id);
  for (const arch of m.architectures) {
    sink.exact([arch.label, 'beta'], arch.widths.reduce((s, n) => s + 1 / n, 0));
    for (const sigmaW2 of m.sigmaW2) {
      const tag = `w${sigmaW2}`;
      const depth = arch.widths.length;
      const lengths: number[][] = Array.from({ length: depth }, () => []);
      const rng = new Rng(m.seed, 'paper-length', arch.label, tag);
      for (let s = 0; s < m.samples; s++) {
        let x = Float64Array.from({ length: m.inputDim }, () => rng.normal());
        const base = x.reduce((a, v) => a + v * v, 0) / m.inputDim;
        arch.widths.forEach((n, j) => {
          const fanIn = x.length;
          const std = Math.sqrt(sigmaW2 / fanIn);
          const next = new Float64Array(n);
          for (let o = 0; o < n; o++) {
            let z = 0;
            for (let i = 0; i < fanIn; i++) z += rng.normal() * std * x[i]!;
            next[o] = z > 0 ? z : 0;
          }
          x = next;
          lengths[j]!.push(x.reduce((a, v) => a + v * v, 0) / n / base);
        });
      }
      lengths.forEach((values, j) => sink.values([arch.label, tag, 'meanM', j + 1], values));
      const last = lengths[depth - 1]!;
      sink.values([arch.label, tag, 'meanM', 'last'], last);
      sink.exact([arch.label, tag, 'predictedMeanM', 'last'], (sigmaW2 / 2) ** depth);
      sink.exact([arch.label, tag, 'varM', 'last'], sampleVariance(last));
      sink.exact([arch.label, tag, 'varLogM', 'last'], sampleVariance(last.filter((v) => v > 0).map(Math.log)));
      sink.curve([arch.label, tag, 'meanM'], lengths.map((v) => meanOf(v) ?? NaN));
      if (last.some((v) => v === 0)) sink.notes.push(`${arch.label}, σ_w² = ${sigmaW2}: ${last.filter((v) => v === 0).length} of ${m.samples} networks output all zeros (left out of varLogM)`);
    }
  }
  return sink.output();
}

function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
}

/**
 * The back-propagated gradients ∂L/∂h of every hidden layer's pre-activations, in float64 from the same starting
 * weights: forward through the stack, the loss gradient at the output (softmax cross-entropy with integer
 * classes, or mse), then δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ φ′(h_l). Loss is the mean over the batch's rows, as Keras's.
 */
function backpropStatistics(
  sink: MeasureSink,
  m: Measure<'signal'>,
  entry: LabelledInit,
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  x: number[][],
  y: number[],
  classes: number | undefined,
): void {
  const act = resolveActivation((entry.activation ?? m.activation) as Parameters<typeof resolveActivation>[0]);
  const rows = x.length;
  const stds: number[][] = Array.from({ length: m.depth }, () => []);
  members.forEach((member, k) => {
    const layers = initialWeights(spec, member);
    const hs: Float64Array[] = [];
    let a = Float64Array.from(x.flat());
    layers.forEach(({ kernel, bias, shape: [n, u] }, l) => {
      const h = new Float64Array(rows * u);
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < u; o++) h[r * u + o] = bias[o]!;
        for (let i = 0; i < n; i++) {
          const ai = a[r * n + i]!;
          if (ai === 0) continue;
          for (let o = 0; o < u; o++) h[r * u + o]! += ai * kernel[i * u + o]!;
        }
      }
      hs.push(h);
      if (l < layers.length - 1) a = h.map(act.phi);
    });
    const out = hs.at(-1)!;
    const units = layers.at(-1)!.shape[1];
    let delta = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++) {
      if (classes === undefined) {
        delta[r] = (2 * (out[r]! - y[r]!)) / rows;
        continue;
      }
      let max = -Infinity;
      for (let o = 0; o < units; o++) max = Math.max(max, out[r * units + o]!);
      let sum = 0;
      for (let o = 0; o < units; o++) sum += Math.exp(out[r * units + o]! - max);
      for (let o = 0; o < units; o++) delta[r * units + o] = (Math.exp(out[r * units + o]! - max) / sum - (o === y[r] ? 1 : 0)) / rows;
    }
    for (let l = layers.length - 2; l >= 0; l--) {
      const { kernel, shape: [n, u] } = layers[l + 1]!;
      const h = hs[l]!;
      const next = new Float64Array(rows * n);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let o = 0; o < u; o++) s += delta[r * u + o]! * kernel[i * u + o]!;
          next[r * n + i] = s * act.dphi(h[r * n + i]!);
        }
      }
      delta = next;
      stds[l]!.push(populationStd(delta));
      if (k === 0) sink.curve([entry.label, 'backpropHistogram', l + 1], histogram(delta, { bins: m.backprop!.bins, min: -m.backprop!.max, max: m.backprop!.max }));
    }
  });
  stds.forEach((values, l) => sink.values([entry.label, 'backpropStd', l + 1], values));
  sink.values([entry.label, 'backpropStd', 'first'], stds[0]!);
  sink.values([entry.label, 'backpropStd', 'last'], stds[m.depth - 1]!);
  sink.values([entry.label, 'backpropStd', 'ratio'], stds[0]!.map((v, i) => v / stds[m.depth - 1]![i]!));
  sink.curve([entry.label, 'backpropStd'], stds.map((v) => meanOf(v) ?? NaN));
}

function populationStd(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  let q = 0;
  for (const v of values) q += (v - mean) ** 2;
  return Math.sqrt(q / values.length);
}
