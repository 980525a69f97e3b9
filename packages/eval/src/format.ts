import { EvalError } from './errors.js';
import { show } from './validate.js';

/**
 * Format a number to `digits` significant digits for tables and messages, so that a house-price MSE and an
 * accuracy read equally well: plain notation for exponents −3 … digits − 1, otherwise compact scientific
 * notation without `+` or trailing zeros. Trailing zeros are dropped (`0.5` not `0.5000`).
 *
 * The one number rule of initlab: it lives here, below `@initlab/report`, because eval's own notes and verdicts
 * print numbers; the report, the CLI and the docs render tables with it through `@initlab/report`.
 *
 * @param digits - significant digits, an integer in 1 … 17 (default 4).
 * @throws {EvalError} `INVALID_OPTION` for a bad `digits`.
 * @example
 * ```ts
 * formatNumber(2.0234e11); // "2.023e11"
 * formatNumber(0.559375);  // "0.5594"
 * formatNumber(1234.5);    // "1235"
 * formatNumber(0.000123);  // "1.23e-4"
 * ```
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new EvalError('INVALID_OPTION', `formatNumber: digits must be an integer in 1 … 17, got ${show(digits)}`);
  }
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value === 0) return '0';
  // toExponential rounds first, so 9999.7 at 4 digits becomes 1.000e+4 and is printed as 1e4, not 10000.
  const [mantissa = '', exponentText = '0'] = value.toExponential(digits - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent >= digits || exponent < -3) return `${trimZeros(mantissa)}e${exponent}`;
  return String(Number(value.toPrecision(digits)));
}

/**
 * Format a p-value: `"<0.001"` below 0.001, otherwise two significant digits (`"0.079"`, `"0.0028"`, `"1"`).
 *
 * @example
 * ```ts
 * formatPValue(0.07939);  // "0.079"
 * formatPValue(0.000012); // "<0.001"
 * ```
 */
export function formatPValue(p: number): string {
  if (p < 0.001) return '<0.001';
  return formatNumber(p, 2);
}

/** A share as a percentage without float noise: "95%" for 0.95, "99.9%" for 0.999 (confidence levels). */
export function formatPercent(share: number): string {
  return `${Number((share * 100).toPrecision(10))}%`;
}

function trimZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}
