import * as tf from '@tensorflow/tfjs-core';
import { formatBytes } from './format-bytes.js';
import { ModelsError } from './errors.js';
import type { ResolvedLayer } from './spec.js';

/**
 * The most tensor memory the wasm backend holds: tfjs-backend-wasm's heap stops at 2 GiB, after which an
 * allocation fails deep inside a kernel as "memory access out of bounds" (measured on this stack: two
 * 12,000 × 12,000 float32 layers fit, two of 17,000 × 17,000 do not).
 */
export const WASM_HEAP_BYTES = 2 ** 31;

/**
 * A lower bound of the tensor memory a pass over `members` networks needs: every parameter once (float32),
 * plus, for a forward trace of `rows` rows, every layer's activations once. Training needs more (gradients,
 * optimizer moments), so a plan above the limit by this bound is certainly impossible, and none below is
 * refused.
 */
export function minimumTensorBytes(layers: readonly ResolvedLayer[], members: number, rows: number): number {
  let perMember = 0;
  for (const layer of layers) perMember += layer.inputs * layer.units + layer.units + rows * layer.units;
  return 4 * members * perMember;
}

/**
 * Refuse, before anything is allocated, a pass that cannot fit the backend's memory, with the size and the
 * limit. Only the wasm backend has a fixed limit; on the cpu backend memory is the host's.
 *
 * @throws {ModelsError} `TOO_LARGE`.
 */
export function checkMemory(fn: string, layers: readonly ResolvedLayer[], members: number, rows: number): void {
  if (tf.getBackend() !== 'wasm') return;
  const needed = minimumTensorBytes(layers, members, rows);
  if (needed <= WASM_HEAP_BYTES) return;
  const widest = Math.max(...layers.map((l) => l.units));
  throw new ModelsError(
    'TOO_LARGE',
    `${fn}: ${members === 1 ? 'the network needs' : `the ${members} networks need`} at least ${formatBytes(needed)} of tensor memory ` +
      `(${layers.length} layers up to ${widest} units wide${rows > 0 ? `, ${rows} rows` : ''}), more than the ${formatBytes(WASM_HEAP_BYTES)} the wasm backend can hold; ` +
      'use fewer or narrower layers, fewer initializers or rows, or the cpu backend',
  );
}
