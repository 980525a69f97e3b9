import { PreprocessError } from './errors.js';
import { show } from './format.js';

/** Class indices as `oneHot` takes them: one index, a vector, or nested arrays of any depth (rectangular). */
export type LabelArray = number | ArrayLike<number> | readonly LabelArray[];

/** What `oneHot` returns for n-D input: nested arrays whose innermost rows are one-hot vectors. */
export type OneHotArray = number[] | OneHotArray[];

// The shape of a rectangular nested array of numbers, as np.array(y).shape; null for a ragged one.
function shapeOf(y: LabelArray): number[] | null {
  if (typeof y === 'number') return [];
  const n = y.length;
  if (n === 0) return [0];
  const first = (y as ArrayLike<LabelArray>)[0] as LabelArray;
  const inner = shapeOf(first);
  if (inner === null) return null;
  for (let i = 1; i < n; i++) {
    const s = shapeOf((y as ArrayLike<LabelArray>)[i] as LabelArray);
    if (s === null || s.length !== inner.length || s.some((v, k) => v !== inner[k])) return null;
  }
  return [n, ...inner];
}

function flatten(y: LabelArray, out: unknown[]): void {
  if (typeof y === 'number') {
    out.push(y);
    return;
  }
  for (let i = 0; i < y.length; i++) flatten((y as ArrayLike<LabelArray>)[i] as LabelArray, out);
}

const isLabels = (y: unknown): y is LabelArray =>
  typeof y === 'number' || (typeof y === 'object' && y !== null && typeof (y as { length?: unknown }).length === 'number');

/**
 * One-hot encodes class indices, as Keras' `keras.utils.to_categorical(y, num_classes)`: every index
 * becomes a vector of `nClasses` zeros with a 1 at that index, on a new last axis. `y` may be one
 * index, a vector or a nested (n-D, rectangular) array; a last axis of length 1 is dropped first, so a
 * column `(n, 1)` gives `(n, nClasses)` as in Keras. Without `nClasses` it is `max(y) + 1`.
 *
 * @param y Class indices, integers in `[0, nClasses)`.
 * @param nClasses Number of classes (columns), a positive integer; default `max(y) + 1`.
 * @returns The one-hot array: shape `y`'s shape (without a trailing 1) followed by `nClasses`.
 * @throws {PreprocessError} `INVALID_CLASS_INDEX` for a bad `nClasses` or index, `INVALID_MATRIX` for a ragged `y`.
 * @example
 * ```ts
 * import { oneHot } from '@initlab/preprocess';
 * oneHot([0, 2, 1], 3);     // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * oneHot([0, 2]);           // [[1, 0, 0], [0, 0, 1]]   (3 classes: max + 1)
 * oneHot([[1], [0]]);       // [[0, 1], [1, 0]]         (a column: the trailing 1 is dropped)
 * oneHot([[0, 1], [1, 1]]); // [[[1, 0], [0, 1]], [[0, 1], [0, 1]]]
 * ```
 */
export function oneHot(y: number, nClasses?: number): number[];
export function oneHot(y: ArrayLike<number>, nClasses?: number): number[][];
export function oneHot(y: LabelArray, nClasses?: number): OneHotArray;
export function oneHot(y: LabelArray, nClasses?: number): OneHotArray {
  if (nClasses !== undefined && (typeof nClasses !== 'number' || !Number.isSafeInteger(nClasses) || nClasses < 1)) {
    throw new PreprocessError('INVALID_CLASS_INDEX', `oneHot: nClasses must be a positive integer (or omitted for max(y) + 1), got ${show(nClasses)}`);
  }
  if (!isLabels(y)) {
    throw new PreprocessError('INVALID_CLASS_INDEX', `oneHot: y must be a class index or an array of them, got ${show(y)}`);
  }
  const shape = shapeOf(y);
  if (shape === null) {
    throw new PreprocessError('INVALID_MATRIX', `oneHot: y must be a rectangular array (every row of the same shape), got a ragged array of length ${(y as ArrayLike<unknown>).length}`);
  }
  const values: unknown[] = [];
  flatten(y, values);
  values.forEach((cls, i) => {
    if (typeof cls !== 'number' || !Number.isSafeInteger(cls) || cls < 0 || (nClasses !== undefined && cls >= nClasses)) {
      const range = nClasses === undefined ? 'non-negative integers' : `integers in [0, ${nClasses - 1}]`;
      throw new PreprocessError('INVALID_CLASS_INDEX', `oneHot: y values must be ${range}, got ${show(cls)} at flat index ${i}`);
    }
  });
  let k = nClasses;
  if (k === undefined) {
    if (values.length === 0) {
      throw new PreprocessError('INVALID_CLASS_INDEX', 'oneHot: nClasses must be given when y is empty (there is no max(y) to infer it from), got neither');
    }
    k = (values as number[]).reduce((a, b) => Math.max(a, b), 0) + 1;
  }
  // Keras drops a trailing axis of length 1 (but keeps a 1-D vector of one label as it is).
  const outer = shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : shape;
  const width = k;
  let next = 0;
  const build = (depth: number): OneHotArray => {
    if (depth === outer.length) {
      const row = new Array<number>(width).fill(0);
      row[values[next++] as number] = 1;
      return row;
    }
    return Array.from({ length: outer[depth] as number }, () => build(depth + 1)) as OneHotArray;
  };
  return build(0);
}

/**
 * Keras' name for {@link oneHot}: `toCategorical(y, numClasses?)` = `keras.utils.to_categorical(y, num_classes)`.
 * @example
 * ```ts
 * toCategorical([[0], [2]]); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export const toCategorical = oneHot;
