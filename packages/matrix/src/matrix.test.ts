import { describe, expect, it } from 'vitest';
import { MatrixError, asMatrix, fromRows, isMatrix, matrix, row, selectRows, toRows } from './index.js';

const oneLine = (fn: () => unknown, code: string, pattern: RegExp): void => {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MatrixError);
  const err = caught as MatrixError;
  expect(err.code).toBe(code);
  expect(err.kind).toBe('usage');
  expect(err.message).not.toContain('\n');
  expect(err.message).toMatch(pattern);
};

describe('matrix', () => {
  it('wraps the values without copying and keeps the shape', () => {
    const values = new Float32Array(6).map((_, i) => i);
    const m = matrix(values, 2, 3);
    expect(m.values).toBe(values);
    expect([m.rows, m.cols, m.sampleShape]).toEqual([2, 3, undefined]);
    expect('sampleShape' in m).toBe(false);
  });

  it('keeps a frozen copy of the sample shape', () => {
    const shape = [2, 2, 1];
    const m = matrix(new Float64Array(8), 2, 4, shape);
    shape[0] = 99;
    expect(m.sampleShape).toEqual([2, 2, 1]);
    expect(Object.isFrozen(m.sampleShape)).toBe(true);
  });

  it('accepts 0 rows and subarrays of a larger buffer', () => {
    expect(matrix(new Float64Array(0), 0, 5).cols).toBe(5);
    const big = new Float64Array(10);
    const m = matrix(big.subarray(2, 8), 3, 2);
    m.values[0] = 7;
    expect(big[2]).toBe(7);
  });

  it('refuses wrong lengths, counts, value types and sample shapes in one line', () => {
    oneLine(() => matrix(new Float64Array(5), 2, 3), 'INVALID_SHAPE', /^matrix: values holds 5 numbers but rows × cols is 2 × 3 = 6/);
    oneLine(() => matrix(new Float64Array(0), -1, 0), 'INVALID_SHAPE', /^matrix: rows must be a non-negative integer; received -1$/);
    oneLine(() => matrix(new Float64Array(0), 0, 1.5), 'INVALID_SHAPE', /^matrix: cols must be a non-negative integer; received 1.5$/);
    oneLine(() => matrix([1, 2] as unknown as Float64Array, 1, 2), 'INVALID_VALUES', /^matrix: values must be a Float32Array or a Float64Array; received an array of length 2$/);
    oneLine(() => matrix(new Int32Array(2) as unknown as Float64Array, 1, 2), 'INVALID_VALUES', /Int32Array/);
    oneLine(() => matrix(new Float32Array(4), 1, 4, [28, 28, 1]), 'INVALID_SHAPE', /^matrix: sampleShape \[28,28,1\] holds 784 values per sample but cols is 4/);
    oneLine(() => matrix(new Float32Array(4), 1, 4, [0, 4]), 'INVALID_SHAPE', /positive integers; received \[0,4\]/);
    oneLine(() => matrix(new Float32Array(4), 1, 4, []), 'INVALID_SHAPE', /non-empty/);
  });
});

describe('fromRows / toRows', () => {
  it('round-trips numbers exactly in float64 (the default)', () => {
    const rows = [
      [0.1, 1e-300, -0],
      [Number.MAX_VALUE, 2 ** -1074, 3],
    ];
    const m = fromRows(rows);
    expect(m.values).toBeInstanceOf(Float64Array);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(toRows(m)).toEqual(rows);
    expect(Object.is(toRows(m)[0]![2], -0)).toBe(true);
  });

  it('rounds to float32 when asked', () => {
    const m = fromRows([[0.1, 0.2]], 'float32');
    expect(m.values).toBeInstanceOf(Float32Array);
    expect(toRows(m)).toEqual([[Math.fround(0.1), Math.fround(0.2)]]);
  });

  it('takes typed rows and a sample shape', () => {
    const m = fromRows([new Float32Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8])], 'float32', [2, 2, 1]);
    expect(Array.from(m.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.sampleShape).toEqual([2, 2, 1]);
  });

  it('gives 0 rows for an empty array (cols from the sample shape)', () => {
    expect(fromRows([])).toMatchObject({ rows: 0, cols: 0 });
    expect(fromRows([], 'float32', [3, 3, 1])).toMatchObject({ rows: 0, cols: 9 });
    expect(toRows(fromRows([]))).toEqual([]);
  });

  it('toRows copies: editing the rows leaves the matrix alone', () => {
    const m = fromRows([[1, 2]]);
    toRows(m)[0]![0] = 9;
    expect(m.values[0]).toBe(1);
  });

  it('refuses ragged rows, non-numbers and unknown dtypes', () => {
    oneLine(() => fromRows([[1, 2], [3]]), 'INVALID_SHAPE', /^fromRows: row 1 has 1 values but row 0 has 2; every row must have the same length$/);
    oneLine(() => fromRows([[1, '2' as unknown as number]]), 'INVALID_VALUES', /^fromRows: row 0, column 1 must be a number; received "2"$/);
    oneLine(() => fromRows([[1]], 'int8' as 'float32'), 'INVALID_DTYPE', /^fromRows: dtype must be one of "float32", "float64"; received "int8"$/);
    oneLine(() => fromRows([5 as unknown as number[]]), 'NOT_A_MATRIX', /^fromRows: row 0 must be/);
    oneLine(() => fromRows([[1, 2]], 'float64', [3]), 'INVALID_SHAPE', /^matrix: sampleShape \[3\] holds 3 values per sample but cols is 2/);
  });
});

describe('row', () => {
  it('is a view: no copy, writes go through', () => {
    const m = fromRows([[1, 2], [3, 4], [5, 6]], 'float32');
    const r = row(m, 1);
    expect(Array.from(r)).toEqual([3, 4]);
    expect(r).toBeInstanceOf(Float32Array);
    expect(r.buffer).toBe(m.values.buffer);
    expect(r.byteOffset).toBe(2 * Float32Array.BYTES_PER_ELEMENT);
    r[0] = 30;
    expect(m.values[2]).toBe(30);
  });

  it('refuses an index outside [0, rows)', () => {
    const m = fromRows([[1], [2]]);
    oneLine(() => row(m, 2), 'INVALID_INDEX', /^row: the row index must be an integer in \[0, 2\); received 2$/);
    oneLine(() => row(m, -1), 'INVALID_INDEX', /received -1$/);
    oneLine(() => row(m, 0.5), 'INVALID_INDEX', /received 0.5$/);
  });
});

describe('selectRows', () => {
  it('gathers rows in the given order into a new matrix of the same type and sample shape', () => {
    const m = fromRows([[1, 2], [3, 4], [5, 6]], 'float32', [2, 1]);
    const s = selectRows(m, [2, 0, 2]);
    expect(s.values).toBeInstanceOf(Float32Array);
    expect(toRows(s)).toEqual([[5, 6], [1, 2], [5, 6]]);
    expect(s.sampleShape).toEqual([2, 1]);
    expect(s.values.buffer).not.toBe(m.values.buffer);
    s.values[0] = 50;
    expect(m.values[4]).toBe(5);
  });

  it('takes typed index arrays and an empty selection', () => {
    const m = fromRows([[1], [2], [3]]);
    expect(toRows(selectRows(m, new Int32Array([1])))).toEqual([[2]]);
    expect(selectRows(m, [])).toMatchObject({ rows: 0, cols: 1 });
  });

  it('refuses a bad index naming its position', () => {
    oneLine(() => selectRows(fromRows([[1], [2]]), [0, 5]), 'INVALID_INDEX', /^selectRows: indices\[1\] must be an integer in \[0, 2\); received 5$/);
  });
});

describe('isMatrix / asMatrix', () => {
  it('tells matrices from look-alikes', () => {
    expect(isMatrix(fromRows([[1, 2]]))).toBe(true);
    expect(isMatrix(matrix(new Float32Array(4), 1, 4, [2, 2]))).toBe(true);
    expect(isMatrix([[1, 2]])).toBe(false);
    expect(isMatrix(null)).toBe(false);
    expect(isMatrix({ values: new Float64Array(3), rows: 1, cols: 2 })).toBe(false);
    expect(isMatrix({ values: [1, 2], rows: 1, cols: 2 })).toBe(false);
    expect(isMatrix({ values: new Float64Array(4), rows: 1, cols: 4, sampleShape: [3] })).toBe(false);
  });

  it('passes a matrix through and copies rows into float64', () => {
    const m = fromRows([[1]], 'float32');
    expect(asMatrix(m)).toBe(m);
    const a = asMatrix([[0.1, 2], [3, 4]]);
    expect(a.values).toBeInstanceOf(Float64Array);
    expect(toRows(a)).toEqual([[0.1, 2], [3, 4]]);
  });

  it('names the caller in its errors', () => {
    oneLine(() => asMatrix('x' as unknown as number[][], 'fit'), 'NOT_A_MATRIX', /^fit: expected a matrix .* received "x"$/);
    oneLine(() => asMatrix([[1], [1, 2]], 'fit'), 'INVALID_SHAPE', /^fit: row 1 has 2 values/);
  });
});
