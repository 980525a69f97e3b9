import { show } from '@initlab/errors';
import { MatrixError } from './errors.js';

/** The value arrays a {@link Matrix} may hold. */
export type MatrixValues = Float32Array | Float64Array;

/**
 * The element types {@link fromRows} can build, as a list (the one source of truth of the names).
 *
 * @example
 * ```ts
 * MATRIX_DTYPES.includes('float32'); // true
 * ```
 */
export const MATRIX_DTYPES = ['float32', 'float64'] as const;

/**
 * An element type name: `'float32'` (`Float32Array`) or `'float64'` (`Float64Array`).
 *
 * @example
 * ```ts
 * const dtype: MatrixDtype = 'float64';
 * ```
 */
export type MatrixDtype = (typeof MATRIX_DTYPES)[number];

/**
 * A dense row-major matrix: row `i`, column `j` is `values[i * cols + j]`.
 *
 * `values` holds exactly `rows × cols` numbers (a `subarray` of a larger buffer is fine). `sampleShape`
 * says how one row is laid out as a sample, e.g. `[28, 28, 1]` for an MNIST image (height, width,
 * channels); its product is `cols`. Tabular data has no sample shape.
 *
 * The type is a plain object so that it crosses `postMessage` and `structuredClone` unchanged; build one
 * with {@link matrix}, which checks the invariants.
 *
 * @example
 * ```ts
 * const m: Matrix<Float64Array> = matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
 * m.values[1 * m.cols + 2]; // 6
 * ```
 */
export interface Matrix<T extends MatrixValues = MatrixValues> {
  /** `rows × cols` values, row after row. */
  readonly values: T;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features per sample). */
  readonly cols: number;
  /** Layout of one row as a sample (e.g. `[28, 28, 1]`); its product is `cols`. */
  readonly sampleShape?: readonly number[];
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isValues = (v: unknown): v is MatrixValues => v instanceof Float32Array || v instanceof Float64Array;

function checkSampleShape(fn: string, sampleShape: readonly number[], cols: number): readonly number[] {
  if (!Array.isArray(sampleShape) || sampleShape.length === 0 || !sampleShape.every((d) => isCount(d) && d > 0))
    throw new MatrixError('INVALID_SHAPE', `${fn}: sampleShape must be a non-empty array of positive integers; received ${show(sampleShape)}`);
  const product = sampleShape.reduce((a, b) => a * b, 1);
  if (product !== cols)
    throw new MatrixError(
      'INVALID_SHAPE',
      `${fn}: sampleShape ${show(sampleShape)} holds ${product} values per sample but cols is ${cols}; the product of sampleShape must equal cols`,
    );
  // A frozen copy: the caller's array may change later, the matrix's shape must not.
  return Object.freeze([...sampleShape]);
}

/**
 * Wrap `values` as a `rows × cols` row-major matrix, without copying them.
 *
 * Checks that `values` is a `Float32Array` or `Float64Array` holding exactly `rows × cols` numbers and,
 * when given, that `sampleShape` is positive integers whose product is `cols`. Each failure is a
 * one-line {@link MatrixError} (`INVALID_VALUES`, `INVALID_SHAPE`).
 *
 * @example
 * ```ts
 * const images = matrix(new Float32Array(2 * 784), 2, 784, [28, 28, 1]);
 * images.sampleShape; // [28, 28, 1]
 * ```
 */
export function matrix<T extends MatrixValues>(values: T, rows: number, cols: number, sampleShape?: readonly number[]): Matrix<T> {
  const fn = 'matrix';
  if (!isValues(values))
    throw new MatrixError('INVALID_VALUES', `${fn}: values must be a Float32Array or a Float64Array; received ${show(values, { compound: 'length' })}`);
  if (!isCount(rows)) throw new MatrixError('INVALID_SHAPE', `${fn}: rows must be a non-negative integer; received ${show(rows)}`);
  if (!isCount(cols)) throw new MatrixError('INVALID_SHAPE', `${fn}: cols must be a non-negative integer; received ${show(cols)}`);
  if (values.length !== rows * cols)
    throw new MatrixError(
      'INVALID_SHAPE',
      `${fn}: values holds ${values.length} numbers but rows × cols is ${rows} × ${cols} = ${rows * cols}; pass exactly rows × cols values`,
    );
  if (sampleShape === undefined) return { values, rows, cols };
  return { values, rows, cols, sampleShape: checkSampleShape(fn, sampleShape, cols) };
}

/** The typed-array constructor of a dtype name; `fn` names the public caller in the error. */
function arrayType(fn: string, dtype: unknown): Float32ArrayConstructor | Float64ArrayConstructor {
  if (dtype === 'float32') return Float32Array;
  if (dtype === 'float64') return Float64Array;
  throw new MatrixError('INVALID_DTYPE', `${fn}: dtype must be one of ${MATRIX_DTYPES.map((d) => JSON.stringify(d)).join(', ')}; received ${show(dtype)}`);
}

/**
 * Copy an array of rows into a new matrix of the given element type (default `'float64'`, which keeps
 * every JavaScript number exactly). Every row must have the same length. An empty array gives 0 rows of
 * `product(sampleShape)` columns, or `0 × 0` without a sample shape.
 *
 * @example
 * ```ts
 * const m = fromRows([[1, 2], [3, 4]]);            // Float64Array [1, 2, 3, 4], 2 × 2
 * const f = fromRows([[0.1, 0.2]], 'float32');      // Float32Array, 1 × 2
 * ```
 */
export function fromRows(
  data: readonly (readonly number[] | MatrixValues)[],
  dtype: 'float64',
  sampleShape?: readonly number[],
): Matrix<Float64Array>;
export function fromRows(
  data: readonly (readonly number[] | MatrixValues)[],
  dtype: 'float32',
  sampleShape?: readonly number[],
): Matrix<Float32Array>;
export function fromRows(data: readonly (readonly number[] | MatrixValues)[], dtype?: MatrixDtype, sampleShape?: readonly number[]): Matrix;
export function fromRows(
  data: readonly (readonly number[] | MatrixValues)[],
  dtype: MatrixDtype = 'float64',
  sampleShape?: readonly number[],
): Matrix {
  const fn = 'fromRows';
  const Values = arrayType(fn, dtype);
  if (!Array.isArray(data)) throw new MatrixError('NOT_A_MATRIX', `${fn}: rows must be an array of rows; received ${show(data, { compound: 'length' })}`);
  const rows = data.length;
  const first = data[0];
  const cols = first === undefined ? (sampleShape === undefined ? 0 : sampleShape.reduce((a, b) => a * b, 1)) : first.length;
  const values = new Values(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = data[i];
    if (!(Array.isArray(r) || isValues(r)))
      throw new MatrixError('NOT_A_MATRIX', `${fn}: row ${i} must be an array of numbers or a Float32Array/Float64Array; received ${show(r, { compound: 'length' })}`);
    if (r.length !== cols)
      throw new MatrixError('INVALID_SHAPE', `${fn}: row ${i} has ${r.length} values but row 0 has ${cols}; every row must have the same length`);
    if (Array.isArray(r)) {
      for (let j = 0; j < cols; j++) {
        const v: unknown = r[j];
        if (typeof v !== 'number')
          throw new MatrixError('INVALID_VALUES', `${fn}: row ${i}, column ${j} must be a number; received ${show(v)}`);
        values[i * cols + j] = v;
      }
    } else {
      values.set(r, i * cols);
    }
  }
  return matrix(values, rows, cols, sampleShape);
}

/**
 * Copy a matrix into an array of plain number rows, for small data and call sites that still take
 * `number[][]`. (For large data prefer {@link row}, which copies nothing.)
 *
 * @example
 * ```ts
 * toRows(matrix(new Float64Array([1, 2, 3, 4]), 2, 2)); // [[1, 2], [3, 4]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const { values, rows, cols } = m;
  const out: number[][] = new Array<number[]>(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from(values.subarray(i * cols, (i + 1) * cols));
  return out;
}

function checkIndex(fn: string, what: string, i: unknown, rows: number): number {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= rows)
    throw new MatrixError('INVALID_INDEX', `${fn}: ${what} must be an integer in [0, ${rows}); received ${show(i)}`);
  return i;
}

/**
 * Row `i` of `m` as a view into its values (`subarray`, no copy): writing to the view writes to the
 * matrix.
 *
 * @example
 * ```ts
 * const m = matrix(new Float64Array([1, 2, 3, 4]), 2, 2);
 * row(m, 1); // Float64Array [3, 4], sharing m.values' buffer
 * ```
 */
export function row<T extends MatrixValues>(m: Matrix<T>, i: number): T {
  checkIndex('row', 'the row index', i, m.rows);
  return m.values.subarray(i * m.cols, (i + 1) * m.cols) as T;
}

/**
 * Gather the rows `indices` (in that order, repeats allowed) into a new matrix of the same element type
 * and sample shape. Copies `indices.length × cols` values and nothing else.
 *
 * @example
 * ```ts
 * const m = fromRows([[1, 2], [3, 4], [5, 6]]);
 * toRows(selectRows(m, [2, 0])); // [[5, 6], [1, 2]]
 * ```
 */
export function selectRows<T extends MatrixValues>(m: Matrix<T>, indices: ArrayLike<number>): Matrix<T> {
  const fn = 'selectRows';
  const { values, rows, cols } = m;
  const Values = values.constructor as new (length: number) => T;
  const out = new Values(indices.length * cols);
  for (let k = 0; k < indices.length; k++) {
    const i = checkIndex(fn, `indices[${k}]`, indices[k], rows);
    out.set(values.subarray(i * cols, (i + 1) * cols), k * cols);
  }
  return m.sampleShape === undefined
    ? { values: out, rows: indices.length, cols }
    : { values: out, rows: indices.length, cols, sampleShape: m.sampleShape };
}

/**
 * True when `x` is a well-formed {@link Matrix}: typed values holding exactly `rows × cols` numbers and,
 * if present, a sample shape whose product is `cols`.
 *
 * @example
 * ```ts
 * isMatrix(fromRows([[1]])); // true
 * isMatrix([[1]]);           // false
 * ```
 */
export function isMatrix(x: unknown): x is Matrix {
  if (typeof x !== 'object' || x === null) return false;
  const { values, rows, cols, sampleShape } = x as Partial<Matrix>;
  if (!isValues(values) || !isCount(rows) || !isCount(cols) || values.length !== rows * cols) return false;
  if (sampleShape === undefined) return true;
  return Array.isArray(sampleShape) && sampleShape.every((d) => isCount(d) && d > 0) && sampleShape.reduce((a, b) => a * b, 1) === cols;
}

/**
 * Accept a matrix or plain rows at a public edge: a {@link Matrix} is returned as it is (checked, not
 * copied); a `number[][]` is copied into a `float64` matrix (exact for every JavaScript number).
 * Anything else is a `NOT_A_MATRIX` {@link MatrixError}.
 *
 * @example
 * ```ts
 * asMatrix([[1, 2], [3, 4]]).values; // Float64Array [1, 2, 3, 4]
 * const m = fromRows([[1]], 'float32');
 * asMatrix(m) === m; // true
 * ```
 */
export function asMatrix(x: Matrix | readonly (readonly number[])[], where = 'asMatrix'): Matrix {
  if (isMatrix(x)) return x;
  if (Array.isArray(x)) {
    try {
      return fromRows(x as readonly (readonly number[])[], 'float64');
    } catch (err) {
      if (err instanceof MatrixError) throw new MatrixError(err.code, err.message.replace(/^fromRows:/, `${where}:`), { cause: err });
      throw err;
    }
  }
  throw new MatrixError(
    'NOT_A_MATRIX',
    `${where}: expected a matrix ({ values: Float32Array | Float64Array, rows, cols }) or an array of number rows; received ${show(x, { compound: 'length' })}`,
  );
}
