// The checks of a paper file and the verdict they give. A check compares quantities (estimates over seeds),
// published numbers (`paper.<id>`) and constants; the verdict follows one rule, written once here:
// - every check passes and at least one is quantitative (compares a number with the paper's): reproduces;
// - every qualitative check passes (and no quantitative one, or one of those fails): reproduces qualitatively;
// - a qualitative check fails: differs, with the failing checks as the reason.
import { ExperimentError } from './errors.js';
import { exactly, type Estimate } from './paper-estimate.js';
import type { PaperCheck, PaperRef, PublishedNumber } from './paper-schema.js';

/** The three verdicts, best first. */
export const VERDICTS = ['reproduces', 'reproduces qualitatively', 'differs'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One operand of a check as it was read. */
export interface CheckOperand {
  ref: string;
  estimate: Estimate;
}

/** A check's outcome: whether it passed, and a sentence with the numbers that decided it. */
export interface CheckResult {
  claim: string;
  level: PaperCheck['level'];
  passed: boolean;
  detail: string;
  operands: CheckOperand[];
  /** The paper file's reading of why the check can fail at CPU scale (its `ifFails`), when it fails and gives one. */
  ifFails?: string;
}

/** The quantity (or published number, or constant) a reference names. */
export function resolveRef(ref: PaperRef, quantities: Readonly<Record<string, Estimate>>, published: readonly PublishedNumber[], where: string): CheckOperand {
  if (typeof ref === 'number') return { ref: String(ref), estimate: exactly(ref) };
  if (ref.startsWith('paper.')) {
    const id = ref.slice('paper.'.length);
    const p = published.find((x) => x.id === id);
    if (p === undefined) {
      throw new ExperimentError('INVALID_CONFIG', `${where} names no published number '${id}'; published: ${published.map((x) => x.id).join(', ') || 'none'}`);
    }
    return { ref, estimate: exactly(p.value) };
  }
  const estimate = quantities[ref];
  if (estimate === undefined) {
    const measure = ref.split('/')[0]!;
    const near = Object.keys(quantities).filter((k) => k.startsWith(`${measure}/`));
    const hint = near.length === 0 ? `no measurement '${measure}' reports quantities` : `'${measure}' reports e.g. ${near.slice(0, 6).join(', ')}`;
    throw new ExperimentError('INVALID_CONFIG', `${where} names no quantity '${ref}'; ${hint}`);
  }
  return { ref, estimate };
}

/** `0.912 [0.905, 0.919]`, or `0.912` without an interval, or `n/a`. */
export function formatEstimate(e: Estimate): string {
  if (e.mean === null) return 'n/a';
  const interval = e.lo === null || e.hi === null ? '' : ` [${fmt(e.lo)}, ${fmt(e.hi)}]`;
  return `${fmt(e.mean)}${interval}`;
}

/** Four significant digits, plain or in e-notation for very large or small magnitudes. */
export function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** a < b; with `separated`, a's interval must also lie below b's (a value without one is its own bound). */
function lessThan(a: Estimate, b: Estimate, separated: boolean): { passed: boolean; why: string } {
  if (a.mean === null || b.mean === null) return { passed: false, why: 'a value is missing (diverged or not finite)' };
  if (!(a.mean < b.mean)) return { passed: false, why: 'not in that order' };
  // A value without an interval (a constant, a theory value, a single seed) is its own bound.
  if (separated && !((a.hi ?? a.mean) < (b.lo ?? b.mean))) return { passed: false, why: 'in that order, but the 95% intervals overlap' };
  return { passed: true, why: '' };
}

/** Evaluates one check; a reference to nothing is a file error, thrown. A failed check carries the file's `ifFails`. */
export function evaluateCheck(check: PaperCheck, index: number, quantities: Readonly<Record<string, Estimate>>, published: readonly PublishedNumber[], source: string): CheckResult {
  const result = compare(check, index, quantities, published, source);
  return !result.passed && check.ifFails !== undefined ? { ...result, ifFails: check.ifFails } : result;
}

/** The check's comparison itself. */
function compare(check: PaperCheck, index: number, quantities: Readonly<Record<string, Estimate>>, published: readonly PublishedNumber[], source: string): CheckResult {
  const where = `${source}: checks[${index}]`;
  const r = (ref: PaperRef, path: string) => resolveRef(ref, quantities, published, `${where}.${path}`);
  const base = { claim: check.claim, level: check.level };
  if (check.less !== undefined) {
    const [a, b] = [r(check.less[0], 'less[0]'), r(check.less[1], 'less[1]')];
    const { passed, why } = lessThan(a.estimate, b.estimate, check.separated);
    return { ...base, passed, operands: [a, b], detail: `${a.ref} = ${formatEstimate(a.estimate)} < ${b.ref} = ${formatEstimate(b.estimate)}${passed ? '' : `: no, ${why}`}` };
  }
  if (check.atMost !== undefined) {
    const [a, b] = [r(check.atMost[0], 'atMost[0]'), r(check.atMost[1], 'atMost[1]')];
    const x = a.estimate;
    const y = b.estimate;
    const missing = x.mean === null || y.mean === null;
    // Worse beyond doubt only when a's whole interval lies above b's (a value without one is its own bound).
    const above = !missing && (x.lo ?? x.mean!) > (y.hi ?? y.mean!);
    const passed = !missing && !above;
    const why = missing ? 'a value is missing (diverged or not finite)' : 'its 95% interval lies wholly above';
    return { ...base, passed, operands: [a, b], detail: `${a.ref} = ${formatEstimate(x)} not above ${b.ref} = ${formatEstimate(y)}${passed ? (x.mean! <= y.mean! ? '' : ': yes, higher but within the intervals') : `: no, ${why}`}` };
  }
  if (check.increasing !== undefined || check.decreasing !== undefined) {
    const refs = (check.increasing ?? check.decreasing)!;
    const key = check.increasing !== undefined ? 'increasing' : 'decreasing';
    const ops = refs.map((ref, i) => r(ref, `${key}[${i}]`));
    let failure = '';
    for (let i = 0; i + 1 < ops.length && failure === ''; i++) {
      const [lo, hi] = key === 'increasing' ? [ops[i]!, ops[i + 1]!] : [ops[i + 1]!, ops[i]!];
      const { passed, why } = lessThan(lo.estimate, hi.estimate, check.separated);
      if (!passed) failure = `${ops[i]!.ref} → ${ops[i + 1]!.ref}: ${why}`;
    }
    return { ...base, passed: failure === '', operands: ops, detail: `${key}: ${ops.map((o) => formatEstimate(o.estimate)).join(', ')}${failure === '' ? '' : `; no, ${failure}`}` };
  }
  if (check.near !== undefined) {
    const { tolerance, absolute } = check.near;
    const [a, b] = [r(check.near.value, 'near.value'), r(check.near.to, 'near.to')];
    const x = a.estimate.mean;
    const y = b.estimate.mean;
    const gap = x === null || y === null ? null : Math.abs(x - y);
    const allowed = y === null ? null : absolute ? tolerance : tolerance * Math.abs(y);
    const passed = gap !== null && allowed !== null && gap <= allowed;
    const rule = absolute ? `within ${fmt(tolerance)}` : `within ${fmt(100 * tolerance)}%`;
    const off = gap === null || y === null ? 'a value is missing' : absolute ? `off by ${fmt(gap)}` : `off by ${fmt(y === 0 ? Infinity : (100 * gap) / Math.abs(y))}%`;
    return { ...base, passed, operands: [a, b], detail: `${a.ref} = ${formatEstimate(a.estimate)} ${rule} of ${b.ref} = ${formatEstimate(b.estimate)}: ${passed ? 'yes' : 'no'}, ${off}` };
  }
  const [v, lo, hi] = [r(check.between![0], 'between[0]'), r(check.between![1], 'between[1]'), r(check.between![2], 'between[2]')];
  const x = v.estimate.mean;
  const passed = x !== null && lo.estimate.mean !== null && hi.estimate.mean !== null && x >= lo.estimate.mean && x <= hi.estimate.mean;
  return { ...base, passed, operands: [v, lo, hi], detail: `${v.ref} = ${formatEstimate(v.estimate)} in [${formatEstimate(lo.estimate)}, ${formatEstimate(hi.estimate)}]: ${passed ? 'yes' : 'no'}` };
}

/** The verdict of a set of checks, and why (the failing checks' claims). */
export function verdictOf(checks: readonly CheckResult[]): { verdict: Verdict; reasons: string[] } {
  const failed = checks.filter((c) => !c.passed);
  const qualitativeFailed = failed.filter((c) => c.level === 'qualitative');
  if (qualitativeFailed.length > 0) return { verdict: 'differs', reasons: qualitativeFailed.map((c) => `${c.claim} (${c.detail})`) };
  const quantitative = checks.filter((c) => c.level === 'quantitative');
  if (quantitative.length > 0 && failed.length === 0) return { verdict: 'reproduces', reasons: [] };
  if (failed.length > 0) return { verdict: 'reproduces qualitatively', reasons: failed.map((c) => `${c.claim} (${c.detail})`) };
  return { verdict: 'reproduces qualitatively', reasons: ['every check is of an ordering or a phenomenon; none compares a number with the paper\'s'] };
}
