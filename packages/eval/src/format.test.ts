import { describe, expect, it } from 'vitest';
import { formatNumber } from './format.js';

describe('formatNumber', () => {
  it('prints large and small values compactly at 4 significant digits', () => {
    const cases: [number, string][] = [
      [2.02e11, '2.02e11'],
      [2.0234e11, '2.023e11'],
      [-2.33e10, '-2.33e10'],
      [0.559375, '0.5594'],
      [0.5, '0.5'],
      [1234.5, '1235'],
      [12345, '1.235e4'],
      [9999.7, '1e4'],
      [0.00123, '0.00123'],
      [0.000123, '1.23e-4'],
      [1, '1'],
      [100, '100'],
      [0, '0'],
      [-0, '0'],
      [Number.NaN, 'NaN'],
      [Infinity, '∞'],
      [-Infinity, '-∞'],
    ];
    for (const [value, text] of cases) expect([value, formatNumber(value)]).toEqual([value, text]);
  });

  it('honours digits', () => {
    expect(formatNumber(8.669527896995708, 2)).toBe('8.7');
    expect(formatNumber(0.021386, 2)).toBe('0.021');
    expect(formatNumber(Math.PI, 17)).toBe('3.141592653589793'); // never more digits than round-trip needs
    expect(() => formatNumber(1, 0)).toThrowErrorMatchingInlineSnapshot(`[EvalError: formatNumber: digits must be an integer in 1 … 17, got 0]`);
  });
});
