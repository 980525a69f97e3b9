import { isMatrix, type Matrix as TypedMatrix } from '@initlab/matrix';
import { ModelsError, show, type SameKeys } from './errors.js';
import type { LossName } from './spec.js';

/**
 * A feature matrix: rows (`number[][]` or typed-array rows), or a dense row-major `Matrix` of
 * `@initlab/matrix` (what `@initlab/data` loads), which training reads without a copy when its values are
 * float32 — 60,000 MNIST images are 188 MB as float32 and several times that as rows.
 */
export type Matrix = Rows | TypedMatrix;

/** A feature matrix as rows. */
type Rows = readonly (readonly number[] | Float32Array | Float64Array)[];

/**
 * Targets: class labels for `sparse_categorical_crossentropy`; one-hot rows for
 * `categorical_crossentropy`; for `mse`, `mae`, `binary_crossentropy` a flat array when the output
 * has one unit, else rows of `units` values.
 */
export type Targets = readonly number[] | Float32Array | Float64Array | Int32Array | Matrix;

/** Training data, with optional validation data evaluated after every epoch. */
export interface TrainingData {
  xTrain: Matrix;
  yTrain: Targets;
  xVal?: Matrix;
  yVal?: Targets;
}

/**
 * The keys of {@link TrainingData}; training refuses any other (`INVALID_DATA`), so validation data under a
 * misspelt key is not silently left out.
 *
 * @example
 * ```ts
 * TRAINING_DATA_KEYS; // ['xTrain', 'yTrain', 'xVal', 'yVal']
 * ```
 */
export const TRAINING_DATA_KEYS = ['xTrain', 'yTrain', 'xVal', 'yVal'] as const;

const trainingDataKeysMatch: SameKeys<TrainingData, typeof TRAINING_DATA_KEYS> = true;
void trainingDataKeysMatch;

/** Row-major float32 copy of a matrix. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  values: Float32Array;
}

function invalid(message: string): ModelsError {
  return new ModelsError('INVALID_DATA', message);
}

/**
 * A typed matrix as the row-major float32 matrix the kernels read: its own values when they are float32 (no
 * copy; training only reads them), else a float32 copy. Checks the width and that every value is finite.
 */
function fromTypedMatrix(x: TypedMatrix, cols: number, where: string): DenseMatrix {
  if (x.rows === 0) throw invalid(`${where} must hold at least one row, got a matrix of 0 rows`);
  if (x.cols !== cols) {
    throw invalid(`${where} must have ${cols} columns (the model's inputs), got a ${x.rows} × ${x.cols} matrix`);
  }
  const values = x.values;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      const r = Math.floor(i / cols);
      throw invalid(`${where}[${r}][${i - r * cols}] must be a finite number, got ${show(values[i])}`);
    }
  }
  return { rows: x.rows, cols, values: values instanceof Float32Array ? values : Float32Array.from(values) };
}

/**
 * `x` as a row-major Float32Array, checking that every row has `cols` finite numbers: rows are copied, a
 * float32 `Matrix` is used as it is.
 */
export function toDenseMatrix(x: Matrix, cols: number, where: string): DenseMatrix {
  if (isMatrix(x)) return fromTypedMatrix(x, cols, where);
  if (!Array.isArray(x) || x.length === 0) {
    throw invalid(`${where} must be a non-empty array of rows, got ${Array.isArray(x) ? 'an empty array' : show(x)}`);
  }
  const rows = x.length;
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x[r];
    if (row === undefined || typeof row !== 'object' || row.length !== cols) {
      throw invalid(`${where}[${r}] must be a row of ${cols} numbers, got ${row === undefined ? 'undefined' : typeof row === 'object' ? `${row.length} values` : show(row)}`);
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw invalid(`${where}[${r}][${c}] must be a finite number, got ${show(v)}`);
      }
      values[r * cols + c] = v;
    }
  }
  return { rows, cols, values };
}

function isRowArray(y: Targets): y is Rows {
  return Array.isArray(y) && y.length > 0 && typeof y[0] === 'object' && y[0] !== null;
}

/**
 * Dense float32 targets `[rows, units]` for a loss: sparse class labels become one-hot rows
 * (labels must be integers in `[0, units)`, a column of one label per row is accepted as Keras does).
 */
export function toDenseTargets(y: Targets, rows: number, units: number, loss: LossName, where: string): DenseMatrix {
  if (isMatrix(y)) {
    if (y.rows !== rows) throw invalid(`${where} must have one target per row (${rows}), got a matrix of ${y.rows} rows`);
    // A one-column matrix of labels is the labels themselves.
    if (loss === 'sparse_categorical_crossentropy' && y.cols === 1) return toDenseTargets(y.values, rows, units, loss, where);
    return fromTypedMatrix(y, units, where);
  }
  const length = (y as { length?: unknown })?.length;
  if (typeof length !== 'number' || length !== rows) {
    throw invalid(`${where} must have one target per row (${rows}), got ${typeof length === 'number' ? length : show(y)}`);
  }
  const values = new Float32Array(rows * units);
  if (loss === 'sparse_categorical_crossentropy') {
    for (let r = 0; r < rows; r++) {
      let label: unknown = (y as ArrayLike<unknown>)[r];
      if (typeof label === 'object' && label !== null && (label as ArrayLike<number>).length === 1) label = (label as ArrayLike<number>)[0];
      if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= units) {
        throw invalid(
          `${where}[${r}] must be an integer class label in [0, ${units - 1}] for sparse_categorical_crossentropy with ${units} output units, got ${show(label)}`,
        );
      }
      values[r * units + label] = 1;
    }
    return { rows, cols: units, values };
  }
  if (isRowArray(y)) return toDenseMatrix(y, units, where);
  if (units !== 1) {
    throw invalid(
      `${where} must be rows of ${units} values for ${loss} with ${units} output units, got a flat array${loss === 'categorical_crossentropy' ? ' (use sparse_categorical_crossentropy for class labels)' : ''}`,
    );
  }
  for (let r = 0; r < rows; r++) {
    const v = (y as ArrayLike<unknown>)[r];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${where}[${r}] must be a finite number, got ${show(v)}`);
    values[r] = v;
  }
  return { rows, cols: 1, values };
}
