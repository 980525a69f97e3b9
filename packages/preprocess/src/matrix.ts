import { isMatrix, matrix, type Matrix, type MatrixValues } from '@initlab/matrix';
import { PreprocessError } from './errors.js';
import { show } from './format.js';

/**
 * A matrix as the scalers accept it: rows of numbers (plain arrays or typed arrays). A matrix whose rows
 * are all `Float32Array` is float32 data (as a NumPy `float32` array): the scalers' outputs for it are
 * `Float32Array` rows, rounded to float32 after every operation as NumPy's in-place operations do.
 * NaN marks a missing value.
 */
export type MatrixLike = ReadonlyArray<ArrayLike<number>>;

/** A float32 matrix: every row a `Float32Array`. */
export type Float32Matrix = readonly Float32Array[];

/** True when `X` is float32 data: at least one row, and every row a `Float32Array`. */
export function isFloat32(X: MatrixLike): X is Float32Matrix {
  return X.length > 0 && X.every((row) => row instanceof Float32Array);
}

/**
 * Checks that `X` is a rectangular matrix of numbers (NaN allowed as a missing value, as scikit-learn's
 * `force_all_finite="allow-nan"`; ±Infinity refused) and returns its width. `allowEmpty` lets
 * `transform` accept zero rows (there is nothing to check the width against then).
 */
export function checkMatrix(where: string, X: MatrixLike, allowEmpty: boolean): number {
  if (!Array.isArray(X)) {
    throw new PreprocessError('INVALID_MATRIX', `${where}: X must be an array of rows, got ${show(X)}`);
  }
  if (X.length === 0) {
    if (allowEmpty) return 0;
    throw new PreprocessError('INVALID_MATRIX', `${where}: X must hold at least one row, got 0 rows`);
  }
  const first = X[0];
  const width = first?.length ?? 0;
  if (width === 0) {
    throw new PreprocessError('INVALID_MATRIX', `${where}: X rows must hold at least one feature, got row 0 with 0 values`);
  }
  for (let r = 0; r < X.length; r++) {
    const row = X[r];
    if (row === null || row === undefined || typeof row.length !== 'number') {
      throw new PreprocessError('INVALID_MATRIX', `${where}: X[${r}] must be an array of numbers, got ${show(row)}`);
    }
    if (row.length !== width) {
      throw new PreprocessError(
        'INVALID_MATRIX',
        `${where}: X must be rectangular, got ${row.length} values in row ${r} but ${width} in row 0`,
      );
    }
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
        throw new PreprocessError(
          'INVALID_MATRIX',
          `${where}: X[${r}][${c}] must be a finite number or NaN (a missing value), got ${show(v)}`,
        );
      }
    }
  }
  return width;
}

/**
 * What the scalers take: `@initlab/matrix`'s typed {@link Matrix} (the data path of large sets, read in place)
 * or rows of numbers ({@link MatrixLike}, for small data). A Matrix is computed on in float64, as scikit-learn
 * computes on float64 and on integer data (initlab's float32 image matrices hold integer pixel values), and
 * each result is stored in the matrix's own element type, so float32 values are rounded once.
 */
export type ScalerInput = Matrix | MatrixLike;

/** A scaler's input, checked and read as rows. */
export interface CheckedInput {
  /** The rows: `X` itself, or views into a Matrix's values (no copy), made when first read. */
  readonly rows: MatrixLike;
  /** Number of columns (0 for zero rows of plain arrays). */
  width: number;
  /** Whether arithmetic rounds to float32 after every step, as NumPy does on a float32 array: rows that are all `Float32Array`. */
  float32: boolean;
  /** The Matrix given, when `X` was one: outputs are matrices of its element type and sample shape. */
  matrix: Matrix | null;
}

/**
 * Checks a scaler's input as {@link checkMatrix} does (a Matrix: at least one row unless `allowEmpty`, at least
 * one column, no ±Infinity) and reads it as rows.
 */
export function checkInput(where: string, X: ScalerInput, allowEmpty: boolean): CheckedInput {
  if (!isMatrix(X)) {
    const rows = X as MatrixLike;
    return { rows, width: checkMatrix(where, rows, allowEmpty), float32: isFloat32(rows), matrix: null };
  }
  const { values, rows, cols } = X;
  if (rows === 0 && !allowEmpty) throw new PreprocessError('INVALID_MATRIX', `${where}: X must hold at least one row, got 0 rows`);
  if (cols === 0 && rows > 0) throw new PreprocessError('INVALID_MATRIX', `${where}: X rows must hold at least one feature, got ${rows} rows of 0 values`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === Infinity || v === -Infinity) {
      const r = Math.floor(i / cols);
      throw new PreprocessError('INVALID_MATRIX', `${where}: X[${r}][${i - r * cols}] must be a finite number or NaN (a missing value), got ${show(v)}`);
    }
  }
  // The row views are made only when read (fit reads rows; transform maps the values array directly).
  let views: MatrixValues[] | null = null;
  return {
    get rows(): MatrixLike {
      if (views === null) {
        views = new Array<MatrixValues>(rows);
        for (let r = 0; r < rows; r++) views[r] = values.subarray(r * cols, (r + 1) * cols);
      }
      return views;
    },
    width: cols,
    float32: false,
    matrix: X,
  };
}

/** Checks that `X` matches the fitted width and reads it (zero rows allowed). */
export function checkWidth(where: string, X: ScalerInput, nFeatures: number): CheckedInput {
  const input = checkInput(where, X, true);
  const count = input.matrix === null ? input.rows.length : input.matrix.rows;
  if (count > 0 && input.width !== nFeatures) {
    throw new PreprocessError(
      'WIDTH_MISMATCH',
      `${where}: X must have ${nFeatures} features per row, as in fit, got ${input.width}`,
    );
  }
  return input;
}

/** What a scaler does to one value: `f(value, column, round)`, with `round` after every arithmetic step. */
export type CellMap = (value: number, column: number, round: (v: number) => number) => number;

/**
 * A new matrix of `f` over every cell of a checked input: a Matrix of the input's element type and sample
 * shape (computed in float64, stored once), else rows as {@link mapCells} makes them.
 */
export function mapInput(input: CheckedInput, width: number, f: CellMap): Matrix | number[][] | Float32Array[] {
  const m = input.matrix;
  if (m === null) return mapCells(input.rows, width, f, input.float32);
  const out = new (m.values.constructor as new (length: number) => MatrixValues)(m.values.length);
  const src = m.values;
  for (let r = 0, i = 0; r < m.rows; r++) for (let c = 0; c < width; c++, i++) out[i] = f(src[i]!, c, exact);
  return matrix(out, m.rows, m.cols, m.sampleShape);
}

/** Identity, the float64 counterpart of `Math.fround`. */
const exact = (v: number): number => v;

/**
 * A new matrix of `f(value, column, round)` over the first `width` cells of every row (a scaler's
 * per-column map). For float32 data `round` is `Math.fround` and the rows are `Float32Array`: `f`
 * rounds after each in-place step, as NumPy's `X -= mean; X /= scale` on a float32 array does.
 */
export function mapCells(X: MatrixLike, width: number, f: CellMap, float32: boolean): number[][] | Float32Array[] {
  if (float32) {
    return X.map((row) => {
      const out = new Float32Array(width);
      for (let c = 0; c < width; c++) out[c] = f(row[c] as number, c, Math.fround);
      return out;
    });
  }
  return X.map((row) => {
    const out = new Array<number>(width);
    for (let c = 0; c < width; c++) out[c] = f(row[c] as number, c, exact);
    return out;
  });
}

/** Checks that a saved number list is an array of `length` finite numbers (for `fromJSON`). */
export function checkNumberList(where: string, name: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    const expected = length === undefined ? 'an array' : `an array of ${length} numbers`;
    throw new PreprocessError('INVALID_JSON', `${where}: ${name} must be ${expected}, got ${show(value)}`);
  }
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PreprocessError('INVALID_JSON', `${where}: ${name}[${i}] must be a finite number, got ${show(v)}`);
    }
  });
  return [...(value as number[])];
}

/** Reads a plain object from unknown JSON input, or throws `INVALID_JSON` naming the expected kind. */
export function checkSaved(where: string, json: unknown, kind: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PreprocessError('INVALID_JSON', `${where}: expected a saved ${kind} object, got ${show(json)}`);
  }
  const record = json as Record<string, unknown>;
  if (record.type !== kind) {
    throw new PreprocessError('INVALID_JSON', `${where}: expected type ${show(kind)}, got ${show(record.type)}`);
  }
  return record;
}

/** The first `width` columns of `X`, each as a Float64Array (reductions run column by column). */
export function columnsOf(X: MatrixLike, width: number): Float64Array[] {
  const columns = Array.from({ length: width }, () => new Float64Array(X.length));
  X.forEach((row, r) => {
    for (let c = 0; c < width; c++) (columns[c] as Float64Array)[r] = row[c] as number;
  });
  return columns;
}

/**
 * A saved list of `length` statistics that may hold NaN (a column that was all NaN in fit): numbers, with
 * `null` read as NaN since `JSON.stringify` writes NaN as null. ±Infinity is refused.
 */
export function checkStatList(where: string, name: string, value: unknown, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new PreprocessError('INVALID_JSON', `${where}: ${name} must be an array of ${length} numbers, got ${show(value)}`);
  }
  return value.map((v: unknown, i) => {
    if (v === null) return Number.NaN;
    if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
      throw new PreprocessError('INVALID_JSON', `${where}: ${name}[${i}] must be a finite number or null (NaN), got ${show(v)}`);
    }
    return v;
  });
}
