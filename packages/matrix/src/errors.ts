import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const MATRIX_ERROR_CODES = {
  usage: ['INVALID_SHAPE', 'INVALID_VALUES', 'INVALID_INDEX', 'INVALID_DTYPE', 'NOT_A_MATRIX'],
} as const;

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `INVALID_SHAPE`: `rows`/`cols` are not non-negative integers, the values do not hold `rows × cols`
 *   numbers, rows are ragged, or a sample shape's product is not `cols`.
 * - `INVALID_VALUES`: values are not a `Float32Array` / `Float64Array` (or a row holds a non-number).
 * - `INVALID_INDEX`: a row index is not an integer in `[0, rows)`.
 * - `INVALID_DTYPE`: a dtype other than `'float32'` / `'float64'`.
 * - `NOT_A_MATRIX`: `asMatrix` received neither a matrix nor a `number[][]`.
 *
 * @example
 * ```ts
 * if (err instanceof MatrixError && err.code === 'INVALID_SHAPE') console.error(err.message);
 * ```
 */
export type MatrixErrorCode = CodeOf<typeof MATRIX_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code: every one is a wrong argument. */
export const MATRIX_ERROR_KINDS = kindTable(MATRIX_ERROR_CODES);

/**
 * The one error type `@initlab/matrix` throws. The message is one line: the function and argument,
 * the rule, the value received.
 *
 * @example
 * ```ts
 * import { MatrixError, matrix } from '@initlab/matrix';
 * try {
 *   matrix(new Float64Array(5), 2, 3);
 * } catch (err) {
 *   if (err instanceof MatrixError) console.error(err.code, err.message); // INVALID_SHAPE matrix: values …
 * }
 * ```
 */
export class MatrixError extends errorClass<MatrixErrorCode>('MatrixError', MATRIX_ERROR_KINDS) {}
