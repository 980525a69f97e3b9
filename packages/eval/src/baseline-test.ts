// "Better than the baseline" is a claim about seeds, not about the last digit of a mean: a one-sided
// one-sample t-test of the runs against the baseline's value on the same split.
import { EvalError } from './errors.js';
import { formatNumber, formatPValue } from './format.js';
import { meanOf } from './sum.js';
import { studentTCdf } from './tdist.js';
import { requireKnownOptions, show } from './validate.js';

/** Verdicts of {@link testAgainstBaseline}. */
export const BASELINE_TEST_VERDICTS = ['better', 'worse', 'not distinguishable', 'too few runs', 'not learning'] as const;
/** A row's verdict against the baseline. */
export type BaselineTestVerdict = (typeof BASELINE_TEST_VERDICTS)[number];

/** Significance level of the test against the baseline (one-sided), stated under every table. */
export const BASELINE_ALPHA = 0.05;
/** Fewer finished runs than this are too few to test. */
export const MIN_RUNS_FOR_BASELINE_TEST = 3;
/** Runs within this relative distance of the baseline (of max(1, |baseline|)) sit at it. */
export const AT_BASELINE_TOLERANCE = 1e-9;

/** Result of {@link testAgainstBaseline}. */
export interface BaselineTest {
  verdict: BaselineTestVerdict;
  /** One-sided p-value in the direction of the mean's difference; null without a test (too few runs, not learning). */
  p: number | null;
  /** Finite runs tested. */
  n: number;
  alpha: number;
}

/**
 * The keys of {@link testAgainstBaseline}'s options.
 *
 * @example
 * ```ts
 * BASELINE_TEST_OPTIONS; // ['higherIsBetter', 'alpha']
 * ```
 */
export const BASELINE_TEST_OPTIONS = ['higherIsBetter', 'alpha'] as const;

/**
 * Test runs against a baseline value: *not learning* when every finite run sits at the baseline (within
 * {@link AT_BASELINE_TOLERANCE}), *too few runs* below {@link MIN_RUNS_FOR_BASELINE_TEST} finite runs, else a
 * one-sided one-sample t-test (df = n − 1) in each direction: *better* or *worse* when its p is below `alpha`
 * (default {@link BASELINE_ALPHA}), *not distinguishable* otherwise. Runs of zero spread off the baseline have
 * p = 0. Non-finite values (diverged runs) are left out.
 *
 * @throws {EvalError} `NON_FINITE` for a non-finite baseline, `INVALID_OPTION` for alpha outside (0, 1).
 * @example
 * ```ts
 * // 4 of 5 runs below a baseline of 0.4917, mean 0.495: not better, whatever the mean's last digit.
 * testAgainstBaseline([0.49, 0.489, 0.488, 0.491, 0.517], 0.4917, { higherIsBetter: true }).verdict; // 'not distinguishable'
 * ```
 */
export function testAgainstBaseline(
  values: ReadonlyArray<number | null>,
  baseline: number,
  opts: { higherIsBetter: boolean; alpha?: number },
): BaselineTest {
  const fn = 'testAgainstBaseline';
  requireKnownOptions(fn, opts, BASELINE_TEST_OPTIONS);
  if (typeof baseline !== 'number' || !Number.isFinite(baseline)) {
    throw new EvalError('NON_FINITE', `${fn}: baseline must be a finite number, got ${show(baseline)}`);
  }
  const alpha = opts.alpha ?? BASELINE_ALPHA;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new EvalError('INVALID_OPTION', `${fn}: alpha must be a number in (0, 1), got ${show(alpha)}`);
  }
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = finite.length;
  const tolerance = AT_BASELINE_TOLERANCE * Math.max(1, Math.abs(baseline));
  if (n > 0 && finite.every((v) => Math.abs(v - baseline) <= tolerance)) return { verdict: 'not learning', p: null, n, alpha };
  if (n < MIN_RUNS_FOR_BASELINE_TEST) return { verdict: 'too few runs', p: null, n, alpha };
  const mean = meanOf(finite);
  let squares = 0;
  for (const v of finite) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const up = mean > baseline;
  let pUp: number;
  if (sd === 0) pUp = up ? 0 : 1;
  else pUp = 1 - studentTCdf((mean - baseline) / (sd / Math.sqrt(n)), n - 1);
  // p of "better": of the mean being above the baseline when higher is better, below it otherwise.
  const pBetter = opts.higherIsBetter ? pUp : 1 - pUp;
  const pWorse = 1 - pBetter;
  const verdict: BaselineTestVerdict = pBetter < alpha ? 'better' : pWorse < alpha ? 'worse' : 'not distinguishable';
  return { verdict, p: up === opts.higherIsBetter ? pBetter : pWorse, n, alpha };
}

/**
 * One line for a verdict that is not *better*, naming the baseline, e.g. `not distinguishable from the
 * majority-class baseline 0.4917 (one-sided t-test over 5 runs, p = 0.38)`; null for *better*.
 *
 * @example
 * ```ts
 * baselineTestNote({ verdict: 'not learning', p: null, n: 5, alpha: 0.05 }, 'majority-class', 0.5594);
 * // 'every run sits at the majority-class baseline 0.5594: the model does not learn'
 * ```
 */
export function baselineTestNote(test: BaselineTest, kind: string | null, baseline: number): string | null {
  const reference = `the ${kind === null ? '' : `${kind} `}baseline ${formatNumber(baseline)}`;
  // formatPValue's '<0.001' reads as 'p < 0.001' in a sentence.
  const shown = test.p === null ? '' : formatPValue(test.p);
  const pText = shown === '' ? '' : shown.startsWith('<') ? `p < ${shown.slice(1)}` : `p = ${shown}`;
  switch (test.verdict) {
    case 'better':
      return null;
    case 'not learning':
      return `every run sits at ${reference}: the model does not learn`;
    case 'too few runs':
      return `${test.n} finished ${test.n === 1 ? 'run' : 'runs'}: at least ${MIN_RUNS_FOR_BASELINE_TEST} are needed to test against ${reference}`;
    case 'worse':
      return `worse than ${reference} (one-sided t-test over ${test.n} runs, ${pText}): the model does not beat it`;
    case 'not distinguishable':
      return `not distinguishable from ${reference} (one-sided t-test over ${test.n} runs, ${pText} ≥ α = ${test.alpha})`;
  }
}
