// Argument checks shared by every public function. Each throws an EvalError whose one-line message names
// the calling function and argument, states the rule and echoes what was received.
import { show as showValue } from '@initlab/errors';
import { EvalError } from './errors.js';

/** Render a received value for an error message without dumping whole arrays. */
export const show = (value: unknown): string => showValue(value, { compound: 'length' });

export function requireNonEmpty(fn: string, name: string, values: ArrayLike<unknown>, unit = 'value'): void {
  if (values.length === 0) {
    throw new EvalError('EMPTY_INPUT', `${fn}: ${name} must hold at least one ${unit}, got an empty array`);
  }
}

export function requireSameLength(
  fn: string,
  nameA: string,
  a: ArrayLike<unknown>,
  nameB: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length) {
    throw new EvalError(
      'LENGTH_MISMATCH',
      `${fn}: ${nameA} and ${nameB} must have the same length, got ${a.length} and ${b.length}`,
    );
  }
}

export function requireFiniteValues(fn: string, name: string, values: ArrayLike<number>, hint = ''): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EvalError('NON_FINITE', `${fn}: ${name}[${i}] must be a finite number, got ${show(v)}${hint}`);
    }
  }
}

/** Two non-empty, equal-length arrays of finite numbers: the precondition of every regression metric. */
export function requirePairedFinite(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  requireFiniteValues(fn, 'yTrue', yTrue);
  requireFiniteValues(fn, 'yPred', yPred);
}

/** Class labels are class indices: integers 0 … nClasses − 1 (no upper bound when nClasses is undefined). */
export function requireClassLabels(
  fn: string,
  name: string,
  labels: ArrayLike<number>,
  nClasses?: number,
  hint = '',
): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new EvalError(
        'INVALID_LABEL',
        `${fn}: ${name}[${i}] must be a class index (an integer >= 0), got ${show(v)}${hint}`,
      );
    }
    if (nClasses !== undefined && v >= nClasses) {
      throw new EvalError(
        'INVALID_LABEL',
        `${fn}: ${name}[${i}] must be a class index below nClasses ${nClasses}, got ${v}`,
      );
    }
  }
}

export function requireClassCount(fn: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new EvalError('INVALID_OPTION', `${fn}: ${name} must be an integer >= ${min}, got ${show(value)}`);
  }
}

/** Largest label + 1 over one or more label arrays (labels already validated). */
export function inferClassCount(...labelArrays: ArrayLike<number>[]): number {
  let max = -1;
  for (const labels of labelArrays) {
    for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i] as number);
  }
  return max + 1;
}

export const DEFAULT_CONFIDENCE = 0.95;

export function resolveConfidence(fn: string, confidence: number | undefined): number {
  const c = confidence ?? DEFAULT_CONFIDENCE;
  if (typeof c !== 'number' || !(c > 0 && c < 1)) {
    throw new EvalError(
      'INVALID_OPTION',
      `${fn}: confidence must be a number strictly between 0 and 1 (e.g. 0.95), got ${show(c)}`,
    );
  }
  return c;
}
