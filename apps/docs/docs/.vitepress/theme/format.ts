/** Number formatting for the measured values the guide pages quote (the same rules as the generated tables). */
import { formatValue } from '@initlab/report';

/** 3 significant digits by report's one number rule (as the generated tables); `null` (overflow, diverged) prints as a dash. */
export function f(x: number | null | undefined, digits = 3): string {
  return formatValue(x, digits);
}

/** A share as a percentage. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/** A summary over seeds as "mean ± 95% CI half-width". */
export function ci(s: { mean: number | null; ci: number | null } | undefined, digits = 3): string {
  if (!s || s.mean === null) return '—';
  // Identical values in every seed (e.g. zeros' majority-class accuracy) have a zero-width interval.
  return s.ci === null || s.ci === 0 ? f(s.mean, digits) : `${f(s.mean, digits)} ± ${f(s.ci, 2)}`;
}

/** How many times larger `a` is than `b`, e.g. "8.7×". */
export function times(a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? '—' : `${f(a / b, 2)}×`;
}
