// Bulk ziggurat fills for normal and (wide-interval) truncated-normal values.
//
// `prepare` turns (mean, std, bounds) into 512-entry tables indexed by the 9 low bits of a draw
// (layer | sign << 8): the value step SCALED[k] (v = mean + m·SCALED[k]) and an acceptance window
// on the abscissa m. The window is the ziggurat's rectangle test intersected with the truncation
// interval shrunk by a few ulps, so one comparison accepts ~98.5% of plain normals (~94% for
// Keras's ±2σ) and anything it accepts is certainly inside [low, high] after rounding.
//
// Per block, the hot pass uses one draw per slot (two for float64), taken in bulk from the lanes.
// A candidate certainly outside [low, high] is listed for a redraw pass; the rest of the misses
// (wedges, the tail, values within a few ulps of a bound) are queued and settled exactly after
// the pass, drawing one value at a time. Passes over the redo list repeat until it is empty.
// The float32 pass runs in WebAssembly SIMD where available (`sampling-kernels.ts`).
import type { Lanes } from './lanes.js';
import { BLOCK, nextBlock, samplingKernels, type SamplingKernels } from './sampling-kernels.js';
import { K23, K52, W23, W52, zigguratSlow } from './ziggurat.js';

const pendingDraw2 = new Int32Array(BLOCK);

/** The float64 acceptance window LOWER[k] ≤ m < UPPER[k] (float32 uses FIRST/COUNT in integers). */
const LOWER = new Float64Array(512);
const UPPER = new Float64Array(512);

/** The scalar parameters of the fill in progress. */
interface FillParameters {
  readonly mean: number;
  readonly std: number;
  readonly low: number;
  readonly high: number;
  /** 0: signed normal; ±1: |Z| with this sign (a truncation interval on one side of the mean). */
  readonly fold: 0 | 1 | -1;
}

/**
 * Fills the tables for N(mean, std²) restricted to [low, high] (±Infinity for none), for the
 * 23-bit (float32) or 52-bit (float64) abscissa.
 */
function prepare(kernels: SamplingKernels, bits: 23 | 52, { mean, std, low, high, fold }: FillParameters): void {
  const { entries, entryLimits, beyond, beyondM } = kernels;
  const W = bits === 23 ? W23 : W52;
  const K = bits === 23 ? K23 : K52;
  // 8 ulps of the output type at the largest magnitude involved, so a fast-path acceptance
  // survives the rounding of mean + m·SCALED[k] and of the final store.
  let magnitude = Math.abs(mean);
  if (Number.isFinite(low)) magnitude = Math.max(magnitude, Math.abs(low));
  if (Number.isFinite(high)) magnitude = Math.max(magnitude, Math.abs(high));
  const margin = magnitude * (bits === 23 ? 2 ** -20 : 2 ** -49) + 2 ** -1000;
  const lo = (low + margin - mean) / std;
  const hi = (high - margin - mean) / std;
  const loWide = (low - margin - mean) / std;
  const hiWide = (high + margin - mean) / std;
  for (let k = 0; k < 512; k++) {
    const w = fold === 0 ? W[k]! : fold * Math.abs(W[k]!);
    entries[2 * k] = std * w;
    // z = m·w must satisfy lo ≤ z ≤ hi; dividing by a negative w swaps the sides.
    const lower = Math.max(0, w > 0 ? lo / w : hi / w);
    const upper = Math.min(K[k]!, w > 0 ? hi / w : lo / w);
    LOWER[k] = lower;
    UPPER[k] = upper;
    // m is an integer, so m ≥ lower ⇔ m ≥ ⌈lower⌉ and m < upper ⇔ m < ⌈upper⌉ (23-bit m only).
    entryLimits[4 * k + 2] = bits === 23 ? Math.ceil(lower) : 0;
    entryLimits[4 * k + 3] = bits === 23 ? Math.max(0, Math.ceil(upper) - Math.ceil(lower)) : 0;
    // m > beyond[k]: certainly outside [low, high] (even widened by the margin). Infinite for the
    // base layer, whose tail draws a fresh abscissa, and for an untruncated fill.
    beyond[k] = (k & 255) === 0 ? Infinity : w > 0 ? hiWide / w : loWide / w;
    // For an integer m < 2²³: m > b ⇔ m > ⌊b⌋, never when b ≥ 2²³, always when b < 0 (23-bit m only).
    const b = beyond[k]!;
    beyondM[k] = bits !== 23 ? 0 : b >= 2 ** 23 ? 2 ** 23 : b < 0 ? -1 : Math.floor(b);
  }
}

/**
 * Fills float32 `out` with N(mean, std²), restricted to [low, high] unless both are infinite:
 * bits 0–7 of one 32-bit draw pick the layer, bit 8 the sign, bits 9–31 the abscissa.
 * `fold` must be ±1 when [low, high] lies on one side of the mean.
 */
export function zigguratFloat32(gen: Lanes, out: Float32Array, parameters: FillParameters): void {
  const kernels = samplingKernels();
  prepare(kernels, 23, parameters);
  const n = out.length;
  kernels.useBlock(0);
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    let [queued, redone] = kernels.zigguratBlock(gen, len, parameters.mean);
    for (let list: 0 | 1 = 0; ; list = list === 0 ? 1 : 0) {
      redone = settleFloat32(gen, kernels, parameters, queued, kernels.redo[list], redone);
      if (redone === 0) break;
      kernels.take(gen, redone);
      [queued, redone] = kernels.zigguratPass(redone, parameters.mean, list);
    }
    nextBlock(kernels, out, start, len);
  }
}

/**
 * Fills float64 `out` like `zigguratFloat32`, with two 32-bit draws per value: bits 0–7 of the
 * first pick the layer, bit 8 the sign, and 23 + 29 bits form a 52-bit abscissa.
 */
export function zigguratFloat64(gen: Lanes, out: Float64Array, parameters: FillParameters): void {
  const kernels = samplingKernels();
  prepare(kernels, 52, parameters);
  const n = out.length;
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    kernels.take(gen, 2 * len);
    let [queued, redone] = passFloat64(kernels, out, start, len, parameters.mean, null, kernels.redo[0]);
    for (let list: 0 | 1 = 0; ; list = list === 0 ? 1 : 0) {
      redone = settleFloat64(gen, kernels, out, parameters, queued, kernels.redo[list], redone);
      if (redone === 0) break;
      kernels.take(gen, 2 * redone);
      const other = kernels.redo[list === 0 ? 1 : 0];
      [queued, redone] = passFloat64(kernels, out, 0, redone, parameters.mean, kernels.redo[list], other);
    }
  }
}

/**
 * The float64 hot pass over n slots (start + j, or slots[j]), draws 2j and 2j + 1 each; misses
 * certainly outside go to `redo`, the others to the queue. Returns [queued, redone].
 */
function passFloat64(
  kernels: SamplingKernels,
  out: Float64Array,
  start: number,
  n: number,
  mean: number,
  slots: Int32Array | null,
  redo: Int32Array,
): [number, number] {
  const { draws, entries, beyond, pendingSlot, pendingDraw } = kernels;
  let queued = 0;
  let redone = 0;
  for (let j = 0; j < n; j++) {
    const slot = slots === null ? start + j : slots[j]!;
    const r = draws[2 * j]!;
    const r2 = draws[2 * j + 1]!;
    const k = r & 511;
    const m = (r >>> 9) * 536870912 + (r2 >>> 3);
    out[slot] = mean + m * entries[2 * k]!;
    if (!(m < UPPER[k]! && m >= LOWER[k]!)) {
      if (m > beyond[k]!) redo[redone++] = slot;
      else {
        pendingSlot[queued] = slot;
        pendingDraw[queued] = r;
        pendingDraw2[queued++] = r2;
      }
    }
  }
  return [queued, redone];
}

/** Settles the float32 queue exactly; appends to `redo` (after `redone`) the slots outside [low, high]. */
function settleFloat32(
  gen: Lanes,
  kernels: SamplingKernels,
  { mean, std, low, high, fold }: FillParameters,
  queued: number,
  redo: Int32Array,
  redone: number,
): number {
  const { out, pendingSlot, pendingDraw } = kernels;
  for (let p = 0; p < queued; p++) {
    const i = pendingSlot[p]!;
    const r = pendingDraw[p]!;
    const k = r & 511;
    const m = r >>> 9;
    let z = m * W23[k]!;
    if (!(m < K23[k]!)) z = zigguratSlow(gen, k, z);
    if (fold !== 0) z = fold * Math.abs(z);
    out[i] = mean + std * z;
    const v = out[i]!;
    if (!(v >= low && v <= high)) redo[redone++] = i;
  }
  return redone;
}

/** Settles the float64 queue exactly; appends to `redo` (after `redone`) the slots outside [low, high]. */
function settleFloat64(
  gen: Lanes,
  kernels: SamplingKernels,
  out: Float64Array,
  { mean, std, low, high, fold }: FillParameters,
  queued: number,
  redo: Int32Array,
  redone: number,
): number {
  const { pendingSlot, pendingDraw } = kernels;
  for (let p = 0; p < queued; p++) {
    const i = pendingSlot[p]!;
    const r = pendingDraw[p]!;
    const k = r & 511;
    const m = (r >>> 9) * 536870912 + (pendingDraw2[p]! >>> 3);
    let z = m * W52[k]!;
    if (!(m < K52[k]!)) z = zigguratSlow(gen, k, z);
    if (fold !== 0) z = fold * Math.abs(z);
    const v = mean + std * z;
    out[i] = v;
    if (!(v >= low && v <= high)) redo[redone++] = i;
  }
  return redone;
}
