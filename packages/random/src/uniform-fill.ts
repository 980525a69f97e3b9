// Bulk uniform fills: per block, one draw per float32 value (two per float64) taken in bulk from
// the lanes, a hot pass that decides in integers, and an exact check of the few listed slots.
import type { Lanes } from './lanes.js';
import { BLOCK, nextBlock, samplingKernels } from './sampling-kernels.js';

const TWO_POW_MINUS_24 = 5.960464477539063e-8;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const TWO_POW_24 = 16777216;

/**
 * U[low, high) into float32: one draw per value, u = (top 24 bits)·2⁻²⁴, value
 * low + (high − low)·u rounded to float32.
 *
 * The hot pass decides in integers: draws k in [first, first + count) give values that cannot
 * round out of [low, high) (a margin of a few float32 ulps); the few others are listed and
 * checked exactly after the block, redrawn only if their rounded value is outside.
 */
export function uniformFloat32(gen: Lanes, out: Float32Array, low: number, high: number): void {
  const kernels = samplingKernels();
  const scale = (high - low) * TWO_POW_MINUS_24;
  const margin = Math.max(Math.abs(low), Math.abs(high)) * 2 ** -21 + 2 ** -140;
  const first = Math.min(TWO_POW_24, Math.ceil(margin / scale));
  const count = Math.max(0, Math.min(TWO_POW_24, Math.floor((high - low - margin) / scale)) - first);
  const n = out.length;
  kernels.useBlock(0);
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    const listed = kernels.uniformBlock(gen, len, low, scale, first, count);
    const values = kernels.out;
    for (let j = 0; j < listed; j++) {
      const i = kernels.pendingSlot[j]!;
      while (!(values[i]! >= low && values[i]! < high)) values[i] = low + (gen.nextInt32() >>> 8) * scale;
    }
    nextBlock(kernels, out, start, len);
  }
}

/**
 * U[low, high) into float64: two draws per value (u with 53 bits, exactly as `nextFloat64`), a
 * value that rounding sends to `high` redrawn after the block — so the output equals repeated
 * `Rng.uniform` but for that (vanishingly rare) redraw.
 */
export function uniformFloat64(gen: Lanes, out: Float64Array, low: number, high: number): void {
  const kernels = samplingKernels();
  const span = high - low;
  const n = out.length;
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    kernels.take(gen, 2 * len);
    const redo = uniformPassFloat64(kernels.draws, out, start, len, low, span, high, kernels.pendingSlot);
    for (let j = 0; j < redo; j++) {
      const i = kernels.pendingSlot[j]!;
      do out[i] = low + gen.nextFloat64() * span;
      while (!(out[i]! < high));
    }
  }
}

function uniformPassFloat64(
  draws: Int32Array,
  out: Float64Array,
  start: number,
  len: number,
  low: number,
  span: number,
  high: number,
  redo: Int32Array,
): number {
  let listed = 0;
  for (let j = 0; j < len; j++) {
    const a = draws[2 * j]!;
    const b = draws[2 * j + 1]!;
    const v = low + ((a >>> 5) * 67108864 + (b >>> 6)) * TWO_POW_MINUS_53 * span;
    out[start + j] = v;
    if (!(v < high)) redo[listed++] = start + j;
  }
  return listed;
}
