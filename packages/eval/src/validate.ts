// Argument checks shared by every public function. Each throws an EvalError whose one-line message names
// the calling function and argument, states the rule and echoes what was received.
import { show as showValue, unknownOptionsMessage } from '@initlab/errors';
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

/**
 * Refuses an options object with a key `fn` does not read (scikit-learn's parameter validation does the same):
 * a misspelt or unsupported option would otherwise be dropped silently and give a different number.
 */
export function requireKnownOptions(fn: string, options: unknown, allowed: readonly string[], what = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EvalError('INVALID_OPTION', `${fn}: ${what} must be an object with keys ${allowed.join(', ')}, got ${show(options)}`);
  }
  const problem = unknownOptionsMessage(fn, options, allowed);
  if (problem !== undefined) throw new EvalError('INVALID_OPTION', problem);
}

// The one key-list check, from @initlab/errors.
export type { SameKeys } from '@initlab/errors';

/**
 * Validates scikit-learn's `sample_weight`: one finite weight >= 0 per sample, not all zero (their sum divides
 * every weighted mean). Returns `undefined` when no weights were given.
 */
export function readSampleWeight(fn: string, weight: unknown, n: number): ArrayLike<number> | undefined {
  if (weight === undefined) return undefined;
  if (typeof weight !== 'object' || weight === null || typeof (weight as { length?: unknown }).length !== 'number') {
    throw new EvalError('INVALID_OPTION', `${fn}: sampleWeight must be an array of one weight per sample, got ${show(weight)}`);
  }
  const w = weight as ArrayLike<unknown>;
  if (w.length !== n) {
    throw new EvalError('LENGTH_MISMATCH', `${fn}: sampleWeight must hold one weight per sample (${n}), got ${w.length}`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EvalError('NON_FINITE', `${fn}: sampleWeight[${i}] must be a finite number >= 0, got ${show(v)}`);
    }
    if (v < 0) throw new EvalError('INVALID_OPTION', `${fn}: sampleWeight[${i}] must be a finite number >= 0, got ${v}`);
    total += v;
  }
  if (total === 0) {
    throw new EvalError('INVALID_OPTION', `${fn}: sampleWeight must have a weight > 0 (every weighted mean divides by their sum), got all zeros`);
  }
  return w as ArrayLike<number>;
}
