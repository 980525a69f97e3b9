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

/**
 * A summary over seeds with its 95% interval: "mean [low, high]" for a bootstrap interval (accuracy, MSE:
 * asymmetric, inside the metric's range), "mean ± half-width" for Student's t.
 */
export function ci(s: Interval | undefined, digits = 3): string {
  if (!s || s.mean === null) return '—';
  const [low, high] = [lowOf(s), highOf(s)];
  // Identical values in every seed (e.g. zeros' majority-class accuracy) have a zero-width interval.
  if (low === high) return f(s.mean, digits);
  return s.interval ? `${f(s.mean, digits)} [${f(low, digits)}, ${f(high, digits)}]` : `${f(s.mean, digits)} ± ${f(s.ci, 2)}`;
}

/** How many times larger `a` is than `b`, e.g. "8.7×". */
export function times(a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? '—' : `${f(a / b, 2)}×`;
}

/**
 * A measurement over seeds: its mean and its 95% confidence interval, as both ends (`interval`, a bootstrap
 * interval) or as the half-width of a symmetric one (`ci`); `null` for none.
 */
export interface Interval {
  mean: number | null;
  ci: number | null;
  interval?: readonly [number, number] | null;
}

/** The interval's lower end (the mean when there is none). */
export function lowOf(s: Interval): number {
  return s.interval ? s.interval[0] : s.mean! - (s.ci ?? 0);
}

/** The interval's upper end (the mean when there is none). */
export function highOf(s: Interval): number {
  return s.interval ? s.interval[1] : s.mean! + (s.ci ?? 0);
}

/**
 * The one rule the guide uses for "clearly higher": `a`'s 95% interval lies wholly above `b`'s. Overlapping
 * intervals are "no difference shown". Missing means (every run diverged) are never clearly anything.
 */
export function clearlyAbove(a: Interval | undefined, b: Interval | undefined): boolean {
  if (!a || !b || a.mean === null || b.mean === null) return false;
  return lowOf(a) > highOf(b);
}

/**
 * The named initializers in order of their means, highest first, as a phrase computed from the numbers:
 * neighbours whose intervals overlap are grouped ("no difference shown"), a group clearly below the one before
 * it (by {@link clearlyAbove}) says so, and initializers with no result (every run diverged) come last.
 * E.g. "highest mean first: lsuv 0.898 ± 0.042 and he_normal 0.865 ± 0.049 (each interval overlapping the
 * next); clearly below, glorot_uniform 0.659 ± 0.059".
 */
export function ranking(stats: Record<string, Interval>, names: readonly string[], digits = 3): string {
  const measured = names.filter((n) => stats[n]?.mean !== null && stats[n]?.mean !== undefined);
  const ordered = [...measured].sort((a, b) => stats[b]!.mean! - stats[a]!.mean!);
  const groups: string[][] = [];
  ordered.forEach((name, i) => {
    if (i === 0 || clearlyAbove(stats[ordered[i - 1]!], stats[name])) groups.push([name]);
    else groups[groups.length - 1]!.push(name);
  });
  const list = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
  const groupText = groups.map((g) => `${list(g.map((n) => `${n} ${ci(stats[n], digits)}`))}${g.length > 1 ? ` (${g.length === 2 ? 'intervals overlapping' : 'each interval overlapping the next'})` : ''}`);
  const missing = names.filter((n) => !measured.includes(n));
  return (
    `highest mean first: ${groupText.join('; clearly below, ')}` +
    (missing.length ? `; ${list(missing)} ${missing.length === 1 ? 'has' : 'have'} no result (every run diverged)` : '')
  );
}

/** One layer's measured values, as evidence.json holds them (null: no finite value, an overflow). */
type LayerValues = Record<string, number | null | undefined> & { layer: number };

/** The last layer with a finite value of `key`, and that value (`null` when no layer has one). */
export function lastFinite(layers: readonly LayerValues[], key: string): { layer: number; value: number } | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const v = layers[i]![key];
    if (typeof v === 'number' && Number.isFinite(v)) return { layer: layers[i]!.layer, value: v };
  }
  return null;
}

/** Largest over smallest positive value of `key` across the layers: how far it drifts (`null` without two values). */
export function spread(layers: readonly LayerValues[], key: string): number | null {
  const v = layers.map((l) => l[key]).filter((x): x is number => typeof x === 'number' && x > 0);
  return v.length < 2 ? null : Math.max(...v) / Math.min(...v);
}
