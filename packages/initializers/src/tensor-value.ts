// Array-valued parameters (Keras Constant's value): checking a nested list of numbers and broadcasting it to a
// sample's shape by NumPy's rules.
import { InitializerError, show } from './errors.js';
import type { NestedNumbers } from './types.js';

/**
 * The shape of a rectangular nested list of finite numbers (`[[1, 2], [3, 4]]` → `[2, 2]`), or a description of
 * what is wrong with it. Typed arrays count as lists.
 */
function nestedShape(value: unknown): { shape: number[] } | { problem: string } {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    return typeof value === 'number' && Number.isFinite(value) ? { shape: [] } : { problem: `an element is ${show(value)}` };
  }
  const items = Array.from(value as ArrayLike<unknown>);
  if (items.length === 0) return { problem: 'it has an empty list (a weight tensor has no zero-length axis)' };
  let inner: number[] | undefined;
  for (const item of items) {
    const sub = nestedShape(item);
    if ('problem' in sub) return sub;
    if (inner === undefined) inner = sub.shape;
    else if (inner.length !== sub.shape.length || inner.some((d, i) => d !== sub.shape[i])) {
      return { problem: `it is ragged (rows of shape ${show(inner)} and ${show(sub.shape)})` };
    }
  }
  return { shape: [items.length, ...(inner as number[])] };
}

/** A deep copy as plain frozen arrays (typed arrays become plain arrays, so a config stays JSON). */
function freezeCopy(value: unknown): NestedNumbers | number {
  if (typeof value === 'number') return value;
  return Object.freeze(Array.from(value as ArrayLike<unknown>, freezeCopy)) as NestedNumbers;
}

/**
 * Checks a `tensor` parameter: a finite number, or a rectangular nested list (or typed array) of finite numbers.
 * Returns the number or a frozen plain-array copy, or what is wrong (the caller reports it with its own message).
 */
export function checkTensorValue(value: unknown): { value: number | NestedNumbers } | { problem: string } {
  if (typeof value === 'number') return Number.isFinite(value) ? { value } : { problem: `got ${show(value)}` };
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return { problem: `got ${show(value)}` };
  const shape = nestedShape(value);
  if ('problem' in shape) return { problem: `got ${show(value)}: ${shape.problem}` };
  return { value: freezeCopy(value) };
}

/** The shape of a checked tensor value (`[]` for a number). */
export function tensorShape(value: number | NestedNumbers): number[] {
  const shape: number[] = [];
  let level: number | NestedNumbers = value;
  while (typeof level !== 'number') {
    shape.push(level.length);
    level = level[0] as number | NestedNumbers;
  }
  return shape;
}

/**
 * Fills `out` (row-major, `shape`) with `value` broadcast to `shape` as `numpy.broadcast_to` does: the value's
 * shape is aligned with the last axes of `shape`, and each of its dimensions must equal the target's or be 1.
 *
 * @throws {InitializerError} `UNSUPPORTED_SHAPE` when the value's shape does not broadcast to `shape`.
 */
export function fillBroadcast(where: string, out: Float32Array | Float64Array, shape: readonly number[], value: number | NestedNumbers): void {
  if (typeof value === 'number') {
    out.fill(value);
    return;
  }
  const vShape = tensorShape(value);
  const rank = shape.length;
  const offset = rank - vShape.length;
  const mismatch = offset < 0 ? -1 : vShape.findIndex((d, i) => d !== 1 && d !== shape[offset + i]);
  if (offset < 0 || mismatch !== -1) {
    const why =
      offset < 0
        ? `the value has rank ${vShape.length} > ${rank}`
        : `axis ${mismatch - vShape.length} is ${vShape[mismatch]} vs ${shape[offset + mismatch]}`;
    throw new InitializerError(
      'UNSUPPORTED_SHAPE',
      `${where}: value of shape ${show(vShape)} does not broadcast to shape ${show(shape)} (${why}); allowed: a number, or an array whose dimensions, aligned at the end, equal the shape's or are 1 (numpy broadcasting)`,
      { initializer: where, parameter: 'value', value: vShape },
    );
  }
  const flat = (value as unknown[]).flat(Infinity) as number[];
  // Stride of each target axis in the flat value: 0 where the value has no such axis or a dimension of 1.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = vShape.length - 1; i >= 0; i--) {
    if (vShape[i] !== 1) strides[offset + i] = stride;
    stride *= vShape[i] as number;
  }
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = flat[source] as number;
    // Odometer step over the target index, keeping the source offset in step.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]! += 1;
      source += strides[axis] as number;
      if (index[axis]! < (shape[axis] as number)) break;
      source -= (strides[axis] as number) * (shape[axis] as number);
      index[axis] = 0;
    }
  }
}
