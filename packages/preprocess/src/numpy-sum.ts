// NumPy's summation order, so that statistics scikit-learn computes with `np.sum(X, axis=0)` come out
// bit for bit the same here. Which order NumPy uses depends on the shape (read from
// numpy/core/src/umath/loops_utils.h.src and checked against NumPy 1.24 by the fixtures):
//
// - A C-ordered (n, d) matrix with d >= 2: the reduction's inner loop runs along the rows' contiguous
//   axis, so each column is accumulated row after row: `((0 + x0) + x1) + …`.
// - A single column (n, 1): the inner loop runs down the column, and NumPy's add loop sums it with
//   `pairwise_sum` (8 accumulators up to 128 values, recursive halving above). NumPy 1.24 (the version
//   the fixtures pin, with scikit-learn 1.2.1) hands the reduction to that loop one ufunc buffer of
//   `NPY_BUFSIZE` values at a time and adds the buffer sums in order, whether or not it casts (float32
//   summed with `dtype=np.float64`, as scikit-learn's `_safe_accumulator_op` does). NumPy 2 no longer
//   splits an uncast contiguous column, so there a column longer than 8,192 rows can differ in the last bit.

/** NumPy's `PW_BLOCKSIZE`: blocks up to this length are summed with 8 accumulators, longer ones are halved. */
const PW_BLOCKSIZE = 128;

/** NumPy's default ufunc buffer size (`np.getbufsize()`), the length of one cast-and-reduce step. */
export const NPY_BUFSIZE = 8192;

/**
 * NumPy's `DOUBLE_pairwise_sum` over `a[start … start + n)`: rounding error O(log n) instead of O(n).
 *
 * @example
 * ```ts
 * pairwiseSum(Float64Array.of(1, 2, 3), 0, 3); // 6
 * ```
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[start] as number;
    let r1 = a[start + 1] as number;
    let r2 = a[start + 2] as number;
    let r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number;
    let r5 = a[start + 5] as number;
    let r6 = a[start + 6] as number;
    let r7 = a[start + 7] as number;
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += a[p] as number;
      r1 += a[p + 1] as number;
      r2 += a[p + 2] as number;
      r3 += a[p + 3] as number;
      r4 += a[p + 4] as number;
      r5 += a[p + 5] as number;
      r6 += a[p + 6] as number;
      r7 += a[p + 7] as number;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  // Halve, keeping the first half a multiple of the unroll factor 8.
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * `np.sum(X, axis=0)` (NumPy 1.24) of the C-ordered matrix whose columns are `columns` (each of the same
 * length), in NumPy's order for that shape.
 *
 * @example
 * ```ts
 * sumAxis0([Float64Array.of(0.1, 0.2, 0.3)]); // [0.6000000000000001], as np.sum(x[:, None], axis=0)
 * ```
 */
export function sumAxis0(columns: readonly ArrayLike<number>[]): number[] {
  if (columns.length === 1) {
    const column = columns[0] as ArrayLike<number>;
    const n = column.length;
    let acc = 0;
    for (let s = 0; s < n; s += NPY_BUFSIZE) acc += pairwiseSum(column, s, Math.min(NPY_BUFSIZE, n - s));
    return [acc];
  }
  return columns.map((column) => {
    let acc = 0;
    for (let r = 0; r < column.length; r++) acc += column[r] as number;
    return acc;
  });
}
