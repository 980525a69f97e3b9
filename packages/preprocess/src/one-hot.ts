import { MATRIX_DTYPES, matrix, type Matrix, type MatrixDtype } from '@initlab/matrix';
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

/** The checked class indices of `y` in flat order, its shape, and the number of classes; `where` names the caller. */
function classIndices(where: string, y: LabelArray, nClasses: number | undefined): { values: number[]; shape: number[]; k: number } {
  if (nClasses !== undefined && (typeof nClasses !== 'number' || !Number.isSafeInteger(nClasses) || nClasses < 1)) {
    throw new PreprocessError('INVALID_CLASS_INDEX', `${where}: nClasses must be a positive integer (or omitted for max(y) + 1), got ${show(nClasses)}`);
  }
  if (!isLabels(y)) {
    throw new PreprocessError('INVALID_CLASS_INDEX', `${where}: y must be a class index or an array of them, got ${show(y)}`);
  }
  const shape = shapeOf(y);
  if (shape === null) {
    throw new PreprocessError('INVALID_MATRIX', `${where}: y must be a rectangular array (every row of the same shape), got a ragged array of length ${(y as ArrayLike<unknown>).length}`);
  }
  const values: unknown[] = [];
  flatten(y, values);
  values.forEach((cls, i) => {
    if (typeof cls !== 'number' || !Number.isSafeInteger(cls) || cls < 0 || (nClasses !== undefined && cls >= nClasses)) {
      const range = nClasses === undefined ? 'non-negative integers' : `integers in [0, ${nClasses - 1}]`;
      throw new PreprocessError('INVALID_CLASS_INDEX', `${where}: y values must be ${range}, got ${show(cls)} at flat index ${i}`);
    }
  });
  let k = nClasses;
  if (k === undefined) {
    if (values.length === 0) {
      throw new PreprocessError('INVALID_CLASS_INDEX', `${where}: nClasses must be given when y is empty (there is no max(y) to infer it from), got neither`);
    }
    k = (values as number[]).reduce((a, b) => Math.max(a, b), 0) + 1;
  }
  return { values: values as number[], shape, k };
}

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
  const { values, shape, k } = classIndices('oneHot', y, nClasses);
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

/**
 * One-hot encodes a vector of class indices as a typed `rows × nClasses` matrix (`@initlab/matrix`), the form
 * training reads in place: the same values as {@link oneHot} of a 1-D `y`, without an array per row.
 *
 * @param y Class indices, integers in `[0, nClasses)`, one per row.
 * @param nClasses Number of classes (columns), a positive integer; default `max(y) + 1`.
 * @param dtype Element type of the matrix (default `'float32'`, what training reads).
 * @throws {PreprocessError} `INVALID_CLASS_INDEX` for a bad `nClasses` or index, or a `y` that is not a vector.
 * @example
 * ```ts
 * import { oneHotMatrix } from '@initlab/preprocess';
 * oneHotMatrix([0, 2, 1], 3).values; // Float32Array [1, 0, 0, 0, 0, 1, 0, 1, 0]
 * ```
 */
export function oneHotMatrix(y: ArrayLike<number>, nClasses?: number, dtype: MatrixDtype = 'float32'): Matrix {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new PreprocessError('INVALID_OPTION', `oneHotMatrix: dtype must be one of ${MATRIX_DTYPES.map((d) => JSON.stringify(d)).join(', ')}, got ${show(dtype)}`);
  }
  const { values, shape, k } = classIndices('oneHotMatrix', y, nClasses);
  if (shape.length !== 1) {
    throw new PreprocessError('INVALID_CLASS_INDEX', `oneHotMatrix: y must be a vector of class indices (one per row), got an array of shape [${shape.join(', ')}]; use oneHot for nested labels`);
  }
  const out = dtype === 'float32' ? new Float32Array(values.length * k) : new Float64Array(values.length * k);
  values.forEach((cls, r) => {
    out[r * k + cls] = 1;
  });
  return matrix(out, values.length, k);
}
