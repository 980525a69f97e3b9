// Public entry of @initlab/matrix: one dense row-major matrix type and the few operations every
// package needs on it (build, view a row, gather rows, convert to and from plain rows).
export { MatrixError, type MatrixErrorCode } from './errors.js';
export {
  MATRIX_DTYPES,
  asMatrix,
  fromRows,
  isMatrix,
  matrix,
  row,
  selectRows,
  toRows,
  type Matrix,
  type MatrixDtype,
  type MatrixValues,
} from './matrix.js';
