// Test-only float64 reference of dense networks, written from the formulas in plain JavaScript
// (no tfjs): forward, per-sample losses with Keras semantics, analytic backward, and Keras 3 optimizer
// updates. The tests compare the tfjs implementation against it and against finite differences of it.
import type { LossName, ResolvedActivation, ResolvedLayer } from '../spec.js';
// Constants and erf are not what this reference checks, so it shares them with the implementation.
import { SELU_ALPHA, SELU_SCALE } from '../activations.js';
import { erf } from '../host-loss.js';

export interface RefLayer {
  inputs: number;
  units: number;
  kernel: Float64Array; // [inputs, units] row-major
  bias: Float64Array;
}

// Keras clips float32 tensors: the bounds are float32(1e-7) and float32(1 − 1e-7) = 1 − 2⁻²³.
const EPS = Math.fround(1e-7);
const EPS_HI = 1 - 2 ** -23;

export function act(z: number, a: ResolvedActivation): number {
  switch (a.name) {
    case 'linear':
      return z;
    case 'relu':
      return Math.max(z, 0);
    case 'leaky_relu':
      return z > 0 ? z : a.alpha * z;
    case 'elu':
      return z > 0 ? z : a.alpha * (Math.exp(z) - 1);
    case 'selu':
      return z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * (Math.exp(z) - 1);
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'softsign':
      return z / (1 + Math.abs(z));
    case 'gelu':
      return 0.5 * z * (1 + erf(z / Math.SQRT2));
    case 'softmax':
      throw new Error('softmax is row-wise');
  }
}

export function actDerivative(z: number, a: ResolvedActivation): number {
  switch (a.name) {
    case 'linear':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky_relu':
      return z > 0 ? 1 : a.alpha;
    case 'elu':
      return z > 0 ? 1 : a.alpha * Math.exp(z);
    case 'selu':
      return z > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(z);
    case 'tanh':
      return 1 - Math.tanh(z) ** 2;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case 'softsign':
      return 1 / (1 + Math.abs(z)) ** 2;
    case 'gelu':
      return 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
    case 'softmax':
      throw new Error('softmax is row-wise');
  }
}

function activateRow(z: Float64Array, a: ResolvedActivation): Float64Array {
  if (a.name !== 'softmax') return z.map((v) => act(v, a));
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((p, c) => p + c, 0);
  return e.map((v) => v / s);
}

export interface RefTrace {
  zs: Float64Array[][]; // [layer][row]
  as: Float64Array[][];
}

export function refForward(layers: readonly ResolvedLayer[], weights: readonly RefLayer[], x: readonly (readonly number[])[]): RefTrace {
  const zs: Float64Array[][] = [];
  const as: Float64Array[][] = [];
  let input: Float64Array[] = x.map((r) => Float64Array.from(r));
  layers.forEach((layer, l) => {
    const w = weights[l]!;
    const zl: Float64Array[] = [];
    const al: Float64Array[] = [];
    for (const row of input) {
      const z = new Float64Array(w.units);
      for (let j = 0; j < w.units; j++) {
        let s = w.bias[j]!;
        for (let i = 0; i < w.inputs; i++) s += row[i]! * w.kernel[i * w.units + j]!;
        z[j] = s;
      }
      zl.push(z);
      al.push(activateRow(z, layer.activation));
    }
    zs.push(zl);
    as.push(al);
    input = al;
  });
  return { zs, as };
}

/** Per-sample loss with Keras semantics; softmax/sigmoid outputs with cross-entropies use the logits. */
export function refSampleLoss(loss: LossName, out: ResolvedActivation, z: Float64Array, a: Float64Array, y: Float64Array): number {
  const c = z.length;
  switch (loss) {
    case 'mse':
      return a.reduce((s, v, j) => s + (v - y[j]!) ** 2, 0) / c;
    case 'mae':
      return a.reduce((s, v, j) => s + Math.abs(v - y[j]!), 0) / c;
    case 'binary_crossentropy': {
      let s = 0;
      for (let j = 0; j < c; j++) {
        if (out.name === 'sigmoid') {
          s += Math.max(z[j]!, 0) - z[j]! * y[j]! + Math.log1p(Math.exp(-Math.abs(z[j]!)));
        } else {
          const p = Math.min(Math.max(a[j]!, EPS), EPS_HI);
          s += -(y[j]! * Math.log(p) + (1 - y[j]!) * Math.log(1 - p));
        }
      }
      return s / c;
    }
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy': {
      if (out.name === 'softmax') {
        const max = Math.max(...z);
        const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
        return -y.reduce((s, t, j) => s + t * (z[j]! - lse), 0);
      }
      if (loss === 'categorical_crossentropy') {
        const total = a.reduce((s, v) => s + v, 0);
        return -y.reduce((s, t, j) => s + t * Math.log(Math.min(Math.max(a[j]! / total, EPS), EPS_HI)), 0);
      }
      const p = a.map((v) => Math.min(Math.max(v, EPS), EPS_HI));
      const total = p.reduce((s, v) => s + v, 0);
      return -y.reduce((s, t, j) => s + t * Math.log(p[j]!), 0) + Math.log(total);
    }
  }
}

export function refBatchLoss(
  layers: readonly ResolvedLayer[],
  loss: LossName,
  weights: readonly RefLayer[],
  x: readonly (readonly number[])[],
  y: readonly Float64Array[],
): { mean: number; sum: number; trace: RefTrace } {
  const trace = refForward(layers, weights, x);
  const last = layers.length - 1;
  let sum = 0;
  x.forEach((_, r) => {
    sum += refSampleLoss(loss, layers[last]!.activation, trace.zs[last]![r]!, trace.as[last]![r]!, y[r]!);
  });
  return { mean: sum / x.length, sum, trace };
}

/** Analytic gradients of the batch-mean loss (only the logits-path / mse / mae losses the trainer tests need). */
export function refGradients(
  layers: readonly ResolvedLayer[],
  loss: LossName,
  weights: readonly RefLayer[],
  x: readonly (readonly number[])[],
  y: readonly Float64Array[],
): { kernels: Float64Array[]; biases: Float64Array[]; loss: number } {
  const { mean, trace } = refBatchLoss(layers, loss, weights, x, y);
  const b = x.length;
  const last = layers.length - 1;
  const out = layers[last]!.activation;
  let dZ: Float64Array[] = trace.zs[last]!.map((z, r) => {
    const a = trace.as[last]![r]!;
    const t = y[r]!;
    const c = z.length;
    if ((loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy') && out.name === 'softmax') {
      return a.map((v, j) => (v - t[j]!) / b);
    }
    if (loss === 'binary_crossentropy' && out.name === 'sigmoid') return a.map((v, j) => (v - t[j]!) / b / c);
    if (loss === 'mse') return z.map((zv, j) => ((2 * (a[j]! - t[j]!)) / c / b) * actDerivative(zv, out));
    if (loss === 'mae') return z.map((zv, j) => (Math.sign(a[j]! - t[j]!) / c / b) * actDerivative(zv, out));
    throw new Error(`refGradients: ${loss} with ${out.name} not supported by the reference`);
  });
  const kernels: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let l = last; l >= 0; l--) {
    const w = weights[l]!;
    const input = l === 0 ? x.map((r) => Float64Array.from(r)) : trace.as[l - 1]!;
    const gk = new Float64Array(w.inputs * w.units);
    const gb = new Float64Array(w.units);
    for (let r = 0; r < b; r++) {
      for (let j = 0; j < w.units; j++) {
        gb[j] = gb[j]! + dZ[r]![j]!;
        for (let i = 0; i < w.inputs; i++) gk[i * w.units + j] = gk[i * w.units + j]! + input[r]![i]! * dZ[r]![j]!;
      }
    }
    kernels[l] = gk;
    biases[l] = gb;
    if (l > 0) {
      const below = layers[l - 1]!.activation;
      dZ = dZ.map((d, r) => {
        const dA = new Float64Array(w.inputs);
        for (let i = 0; i < w.inputs; i++) {
          let s = 0;
          for (let j = 0; j < w.units; j++) s += d[j]! * w.kernel[i * w.units + j]!;
          dA[i] = s;
        }
        if (below.name === 'softmax') {
          const a = trace.as[l - 1]![r]!;
          const dot = a.reduce((s, v, i) => s + v * dA[i]!, 0);
          return a.map((v, i) => v * (dA[i]! - dot));
        }
        return dA.map((v, i) => v * actDerivative(trace.zs[l - 1]![r]![i]!, below));
      });
    }
  }
  return { kernels, biases, loss: mean };
}

export type RefOptimizer = (
  | { name: 'sgd'; learningRate: number; momentum: number; nesterov: boolean }
  | { name: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number; amsgrad?: boolean }
  | { name: 'rmsprop'; learningRate: number; rho: number; momentum: number; epsilon: number; centered: boolean }
) & { weightDecay?: number; clipValue?: number; clipNorm?: number; globalClipNorm?: number };

/** Keras 3 update rules in float64, one parameter array at a time. */
export class RefOptimizerState {
  private readonly slots = new Map<Float64Array, Float64Array[]>();
  iterations = 0;

  constructor(private readonly opt: RefOptimizer) {}

  private slot(p: Float64Array, count: number): Float64Array[] {
    let s = this.slots.get(p);
    if (s === undefined) {
      s = Array.from({ length: count }, () => new Float64Array(p.length));
      this.slots.set(p, s);
    }
    return s;
  }

  /**
   * Keras 3 gradient clipping of one model's gradients, in place (call before `update`): each element to
   * [−clipValue, clipValue], each gradient by clipNorm / max(‖g‖, clipNorm), or all of them by
   * globalClipNorm / max(‖(g₁, g₂, …)‖, globalClipNorm).
   */
  clip(grads: readonly Float64Array[]): void {
    const o = this.opt;
    const norm = (gs: readonly Float64Array[]): number => Math.sqrt(gs.reduce((s, g) => g.reduce((t, v) => t + v * v, s), 0));
    const scale = (g: Float64Array, c: number, n: number): void => {
      for (let i = 0; i < g.length; i++) g[i] = (g[i]! * c) / Math.max(n, c);
    };
    if (o.clipValue !== undefined) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = Math.min(o.clipValue, Math.max(-o.clipValue, g[i]!));
    if (o.clipNorm !== undefined) for (const g of grads) scale(g, o.clipNorm, norm([g]));
    if (o.globalClipNorm !== undefined) {
      const n = norm(grads);
      for (const g of grads) scale(g, o.globalClipNorm, n);
    }
  }

  /** Updates `p` in place from gradient `g`; call `step()` once after all parameters. */
  update(p: Float64Array, g: Float64Array): void {
    const o = this.opt;
    const t = this.iterations + 1;
    // Keras 3 base_optimizer.py _apply_weight_decay: before the step, with the gradient of the old weights
    if (o.weightDecay !== undefined) for (let i = 0; i < p.length; i++) p[i] = p[i]! - p[i]! * o.weightDecay * o.learningRate;
    if (o.name === 'sgd') {
      const [m] = this.slot(p, 1);
      for (let i = 0; i < p.length; i++) {
        if (o.momentum > 0) {
          m![i] = o.momentum * m![i]! - o.learningRate * g[i]!;
          p[i] = p[i]! + (o.nesterov ? o.momentum * m![i]! - o.learningRate * g[i]! : m![i]!);
        } else {
          p[i] = p[i]! - o.learningRate * g[i]!;
        }
      }
    } else if (o.name === 'adam') {
      const [m, v, vHat] = this.slot(p, 3);
      const alpha = (o.learningRate * Math.sqrt(1 - o.beta2 ** t)) / (1 - o.beta1 ** t);
      for (let i = 0; i < p.length; i++) {
        m![i] = m![i]! + (g[i]! - m![i]!) * (1 - o.beta1);
        v![i] = v![i]! + (g[i]! ** 2 - v![i]!) * (1 - o.beta2);
        // amsgrad (Keras 3 adam.py): the running maximum of v in the denominator
        if (o.amsgrad === true) vHat![i] = Math.max(vHat![i]!, v![i]!);
        p[i] = p[i]! - (alpha * m![i]!) / (Math.sqrt(o.amsgrad === true ? vHat![i]! : v![i]!) + o.epsilon);
      }
    } else {
      const [vel, mom, avg] = this.slot(p, 3);
      for (let i = 0; i < p.length; i++) {
        vel![i] = o.rho * vel![i]! + (1 - o.rho) * g[i]! ** 2;
        let denominator = vel![i]! + o.epsilon;
        if (o.centered) {
          avg![i] = o.rho * avg![i]! + (1 - o.rho) * g[i]!;
          denominator = vel![i]! - avg![i]! ** 2 + o.epsilon;
        }
        const increment = (o.learningRate * g[i]!) / Math.sqrt(denominator);
        if (o.momentum > 0) {
          mom![i] = o.momentum * mom![i]! + increment;
          p[i] = p[i]! - mom![i]!;
        } else {
          p[i] = p[i]! - increment;
        }
      }
    }
  }

  step(): void {
    this.iterations++;
  }
}
