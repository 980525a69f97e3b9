// Loss and metric values, computed on the host in float64 from the output layer's float32
// pre-activations. Reading a [K, batch, C] block back is a cheap copy on the cpu and wasm backends,
// whereas per-row reductions over a tiny last axis (softmax, logsumexp, argmax) are the slowest
// kernels there; and float64 sums make accuracies exact ratios of counts.
import { KERAS_CLIP_MAX, KERAS_EPSILON, type LossMode, type MetricName } from './loss-modes.js';
import { activateValue } from './activation-wasm.js';
import type { LossName, ResolvedActivation } from './spec.js';

/** erf to about 1e-15: Maclaurin series below 3, Lentz continued fraction of erfc above. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f);
}

// Softmax's two passes, shared by activateRow and the cross-entropy fast path so both give the same bits.

/** The largest entry of `z[from … from+units)`. */
function rowMax(z: ArrayLike<number>, from: number, units: number): number {
  let max = -Infinity;
  for (let j = 0; j < units; j++) max = Math.max(max, z[from + j]!);
  return max;
}

/** `exp(z − max)` of one row into `out`; returns their sum. */
function shiftedExponentials(z: ArrayLike<number>, from: number, units: number, max: number, out: Float64Array): number {
  let total = 0;
  for (let j = 0; j < units; j++) {
    out[j] = Math.exp(z[from + j]! - max);
    total += out[j]!;
  }
  return total;
}

/** Output activation of one row `z[from … from+units)` into `out` (float64). */
export function activateRow(z: ArrayLike<number>, from: number, units: number, act: ResolvedActivation, out: Float64Array): void {
  if (act.name === 'softmax') {
    const total = shiftedExponentials(z, from, units, rowMax(z, from, units), out);
    for (let j = 0; j < units; j++) out[j] = out[j]! / total;
    return;
  }
  // The other activations exactly as the forward kernel computes them from the same float32 z, so
  // the scored loss is the loss of what predict() returns.
  const name = act.name;
  for (let j = 0; j < units; j++) {
    const v = z[from + j]!;
    out[j] = name === 'linear' ? v : name === 'relu' ? (v > 0 ? v : 0) : activateValue(name, v, act.alpha);
  }
}

// Keras clips a float32 tensor: the probability, both bounds (1 − ε is 1 − 2⁻²³) and `1 − p` are float32
// there, and at the bounds that rounding is the whole loss (−ln(1 − ε) is 1.19e-7 in float32, 1.0e-7 in
// float64), so they are rounded to float32 here too. The logs and sums stay float64.
const clip = (p: number): number => Math.min(Math.max(Math.fround(p), KERAS_EPSILON), KERAS_CLIP_MAX);

/** Per-sample loss of one row (see `LossMode` for the Keras semantics of each mode). */
export function rowLoss(mode: LossMode, z: ArrayLike<number>, from: number, a: Float64Array, y: ArrayLike<number>, yFrom: number, units: number): number {
  switch (mode) {
    case 'softmax_ce': {
      let max = -Infinity;
      for (let j = 0; j < units; j++) max = Math.max(max, z[from + j]!);
      let total = 0;
      for (let j = 0; j < units; j++) total += Math.exp(z[from + j]! - max);
      const lse = max + Math.log(total);
      let loss = 0;
      for (let j = 0; j < units; j++) {
        const t = y[yFrom + j]!;
        if (t !== 0) loss += t * (lse - z[from + j]!);
      }
      return loss;
    }
    case 'sigmoid_bce': {
      let loss = 0;
      for (let j = 0; j < units; j++) {
        const v = z[from + j]!;
        loss += Math.max(v, 0) - v * y[yFrom + j]! + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return loss / units;
    }
    case 'prob_cce': {
      let total = 0;
      for (let j = 0; j < units; j++) total += a[j]!;
      let loss = 0;
      for (let j = 0; j < units; j++) {
        const t = y[yFrom + j]!;
        if (t !== 0) loss -= t * Math.log(clip(a[j]! / total));
      }
      return loss;
    }
    case 'prob_scce': {
      let total = 0;
      let loss = 0;
      for (let j = 0; j < units; j++) {
        const p = clip(a[j]!);
        total += p;
        const t = y[yFrom + j]!;
        if (t !== 0) loss -= t * Math.log(p);
      }
      return loss + Math.log(total);
    }
    case 'prob_bce': {
      let loss = 0;
      for (let j = 0; j < units; j++) {
        const p = clip(a[j]!);
        const t = y[yFrom + j]!;
        loss -= t * Math.log(p) + (1 - t) * Math.log(Math.fround(1 - p));
      }
      return loss / units;
    }
    case 'mse':
      return meanSquaredError(a, y, yFrom, units);
    case 'mae':
      return meanAbsoluteError(a, y, yFrom, units);
  }
}

/** Mean of (a − y)² over one row's outputs: the mse loss and the mse metric alike. */
function meanSquaredError(a: Float64Array, y: ArrayLike<number>, yFrom: number, units: number): number {
  let sum = 0;
  for (let j = 0; j < units; j++) sum += (a[j]! - y[yFrom + j]!) ** 2;
  return sum / units;
}

/** Mean of |a − y| over one row's outputs: the mae loss and the mae metric alike. */
function meanAbsoluteError(a: Float64Array, y: ArrayLike<number>, yFrom: number, units: number): number {
  let sum = 0;
  for (let j = 0; j < units; j++) sum += Math.abs(a[j]! - y[yFrom + j]!);
  return sum / units;
}

function argmax(values: ArrayLike<number>, from: number, units: number): number {
  let best = 0;
  for (let j = 1; j < units; j++) if (values[from + j]! > values[from + best]!) best = j;
  return best;
}

/** Per-sample metric of one row: Keras's accuracies (first index on ties) or mse/mae over outputs. */
export function rowMetric(name: MetricName, loss: LossName, a: Float64Array, y: ArrayLike<number>, yFrom: number, units: number): number {
  switch (name) {
    case 'accuracy': {
      if (loss === 'binary_crossentropy') {
        let hits = 0;
        for (let j = 0; j < units; j++) if ((a[j]! > 0.5 ? 1 : 0) === y[yFrom + j]) hits++;
        return hits / units;
      }
      return argmax(a, 0, units) === argmax(y, yFrom, units) ? 1 : 0;
    }
    case 'mse':
      return meanSquaredError(a, y, yFrom, units);
    case 'mae':
      return meanAbsoluteError(a, y, yFrom, units);
  }
}

/** `activateRow` (softmax) into `a` and `rowLoss('softmax_ce')`, sharing the exponentials. */
export function softmaxRowWithLoss(z: ArrayLike<number>, from: number, units: number, y: ArrayLike<number>, yFrom: number, a: Float64Array): number {
  const max = rowMax(z, from, units);
  const total = shiftedExponentials(z, from, units, max, a);
  const lse = max + Math.log(total);
  let loss = 0;
  for (let j = 0; j < units; j++) {
    a[j] = a[j]! / total;
    const t = y[yFrom + j]!;
    if (t !== 0) loss += t * (lse - z[from + j]!);
  }
  return loss;
}

/** Everything needed to score output rows. */
export interface Scorer {
  mode: LossMode;
  loss: LossName;
  activation: ResolvedActivation;
  metrics: readonly MetricName[];
  units: number;
}

/**
 * Adds each member's loss and metric sums over a `[members, rows, units]` block of pre-activations
 * `z` into `sums` (`[members, 1 + metrics]`: loss, then metrics). Targets `y` have the same layout,
 * or are one `[rows, units]` block every member shares (`sharedTargets`).
 */
export function accumulate(
  scorer: Scorer,
  z: ArrayLike<number>,
  y: ArrayLike<number>,
  members: number,
  rows: number,
  sums: Float64Array,
  sharedTargets = false,
): void {
  const { units, metrics } = scorer;
  const width = 1 + metrics.length;
  const a = new Float64Array(units);
  // softmax with its cross-entropy: one set of exponentials serves both (the same operations, in
  // the same order, as activateRow and rowLoss, so the same bits)
  const softmaxCe = scorer.mode === 'softmax_ce' && scorer.activation.name === 'softmax';
  for (let m = 0; m < members; m++) {
    let lossSum = 0;
    const metricSums = new Float64Array(metrics.length);
    for (let r = 0; r < rows; r++) {
      const from = (m * rows + r) * units;
      const yFrom = sharedTargets ? r * units : from;
      if (softmaxCe) lossSum += softmaxRowWithLoss(z, from, units, y, yFrom, a);
      else {
        activateRow(z, from, units, scorer.activation, a);
        lossSum += rowLoss(scorer.mode, z, from, a, y, yFrom, units);
      }
      for (let i = 0; i < metrics.length; i++) metricSums[i] = metricSums[i]! + rowMetric(metrics[i]!, scorer.loss, a, y, yFrom, units);
    }
    sums[m * width] = sums[m * width]! + lossSum;
    for (let i = 0; i < metrics.length; i++) sums[m * width + 1 + i] = sums[m * width + 1 + i]! + metricSums[i]!;
  }
}
