/**
 * The checker of the guide's declared claims. A page states an ordering of measured numbers inside an element
 * that carries the claim in a machine-checkable form, next to the numbers it refers to:
 *
 *   <span data-claim="depth/activations/tanh/stats: lsuv, he_normal clearly above glorot_uniform">…</span>
 *
 * `BASE: CLAUSE; CLAUSE …` (the base ends at the first colon followed by a space). BASE is a path into evidence.json (segments separated by `/`). A clause is
 * `TERMS RELATION TERMS`, each side one or more terms separated by commas, and holds when it holds for every pair:
 *
 * - relations: `above`, `below`, `at least`, `at most` (means); `clearly above`, `clearly below` (95% intervals
 *   apart, the guide's one rule, `clearlyAbove`), `not clearly above`, `not clearly below` ("no better than");
 *   `level with` (intervals overlap: no difference shown).
 * - a term is a path under BASE (or from the root with a leading `/`); `-1` is an array's last element and `*`
 *   every element, for `min(…)`, `max(…)` and `spread(…)` (max / min); a number; `k*term` scales a term; `rest`
 *   (right side only) is every entry of BASE not on the left that has a result, `all` (left side only) every
 *   entry of BASE that has one.
 * - an object with a `mean` (a summary over seeds) compares by its mean and `ci`; a number is its own interval.
 *   A missing value (null: overflow, every run diverged) makes the clause false.
 */
import { clearlyAbove, type Interval } from '../docs/.vitepress/theme/format.js';

// Longest first, so that `not clearly above` is not read as `clearly above`.
const RELATIONS = ['not clearly above', 'not clearly below', 'clearly above', 'clearly below', 'level with', 'at least', 'at most', 'above', 'below'] as const;
type Relation = (typeof RELATIONS)[number];

class ClaimError extends Error {}

function at(root: unknown, base: unknown, path: string): unknown {
  let node: unknown = path.startsWith('/') ? root : base;
  const segments = path.replace(/^\//, '').split('/').filter((s) => s !== '');
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg === '*') {
      if (!Array.isArray(node)) throw new ClaimError(`'*' in ${path} needs an array`);
      const tail = segments.slice(i + 1).join('/');
      return node.map((item) => (tail === '' ? item : at(root, item, tail)));
    }
    if (Array.isArray(node) && /^-?\d+$/.test(seg)) {
      const index = Number(seg) < 0 ? node.length + Number(seg) : Number(seg);
      node = node[index];
    } else if (node !== null && typeof node === 'object' && seg in node) {
      node = (node as Record<string, unknown>)[seg];
    } else {
      throw new ClaimError(`evidence.json has no ${path} (no '${seg}')`);
    }
  }
  return node;
}

function interval(value: unknown, what: string): Interval {
  if (typeof value === 'number' && Number.isFinite(value)) return { mean: value, ci: 0 };
  if (value !== null && typeof value === 'object' && 'mean' in value) {
    const s = value as Interval;
    if (s.mean === null) throw new ClaimError(`${what} has no value (every run diverged)`);
    return { mean: s.mean, ci: s.ci ?? 0, interval: s.interval ?? null };
  }
  if (value === null) throw new ClaimError(`${what} has no value (null: an overflow or a diverged run)`);
  throw new ClaimError(`${what} is not a number or a summary over seeds`);
}

function term(root: unknown, base: unknown, text: string): Interval {
  const m = /^(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\*)?(.+)$/i.exec(text.trim())!;
  const factor = m[1] === undefined ? 1 : Number(m[1]);
  const body = m[2]!.trim();
  let value: Interval;
  const fn = /^(min|max|spread)\((.+)\)$/.exec(body);
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(body)) value = { mean: Number(body), ci: 0 };
  else if (fn) {
    const list = at(root, base, fn[2]!.trim());
    if (!Array.isArray(list)) throw new ClaimError(`${body} needs a path with '*'`);
    if (list.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new ClaimError(`${body} has a missing value (an overflow)`);
    const nums = list as number[];
    const v = fn[1] === 'min' ? Math.min(...nums) : fn[1] === 'max' ? Math.max(...nums) : Math.max(...nums) / Math.min(...nums);
    value = { mean: v, ci: 0 };
  } else value = interval(at(root, base, body), body);
  // A factor is positive (the pattern has no sign), so it scales both ends in order.
  return { mean: value.mean! * factor, ci: (value.ci ?? 0) * factor, interval: value.interval ? [value.interval[0] * factor, value.interval[1] * factor] : null };
}

function holds(a: Interval, relation: Relation, b: Interval): boolean {
  switch (relation) {
    case 'above':
      return a.mean! > b.mean!;
    case 'below':
      return a.mean! < b.mean!;
    case 'at least':
      return a.mean! >= b.mean!;
    case 'at most':
      return a.mean! <= b.mean!;
    case 'clearly above':
      return clearlyAbove(a, b);
    case 'clearly below':
      return clearlyAbove(b, a);
    case 'not clearly above':
      return !clearlyAbove(a, b);
    case 'not clearly below':
      return !clearlyAbove(b, a);
    case 'level with':
      return !clearlyAbove(a, b) && !clearlyAbove(b, a);
  }
}

const show = (v: Interval): string => (v.interval ? `${v.mean} [${v.interval[0]}, ${v.interval[1]}]` : v.ci ? `${v.mean} ± ${v.ci}` : String(v.mean));

/** Checks one `data-claim` value against the evidence; returns what is false or malformed (`[]`: it holds). */
export function checkClaim(claim: string, evidence: unknown): string[] {
  // ': ' (with the space) ends the base: initializer names hold colons (random_normal:stddev=1).
  const colon = claim.indexOf(': ');
  if (colon < 0) return [`no 'BASE: ' in the claim`];
  const basePath = claim.slice(0, colon).trim();
  const problems: string[] = [];
  let base: unknown;
  try {
    base = at(evidence, evidence, `/${basePath}`);
  } catch (err) {
    return [(err as Error).message];
  }
  const clauses = claim
    .slice(colon + 2)
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (clauses.length === 0) return ['no clause after the base'];
  for (const clause of clauses) {
    const relation = RELATIONS.find((r) => new RegExp(`\\s${r}\\s`).test(clause));
    if (relation === undefined) {
      problems.push(`'${clause}': no relation (${RELATIONS.join(', ')})`);
      continue;
    }
    const [left, right] = clause.split(new RegExp(`\\s${relation}\\s`)).map((side) => side!.split(',').map((t) => t.trim()).filter((t) => t !== ''));
    try {
      if (!left?.length || !right?.length) throw new ClaimError('a side has no term');
      if (left.includes('rest')) throw new ClaimError("'rest' only goes on the right");
      if (right.includes('all')) throw new ClaimError("'all' only goes on the left");
      const entries = (word: string, except: readonly string[]): string[] => {
        if (base === null || typeof base !== 'object' || Array.isArray(base)) throw new ClaimError(`'${word}' needs a base of named entries`);
        return Object.entries(base as Record<string, unknown>)
          .filter(([k, v]) => !except.includes(k) && v !== null && !(typeof v === 'object' && 'mean' in v && (v as Interval).mean === null))
          .map(([k]) => k);
      };
      const lefts = left.flatMap((t) => (t === 'all' ? entries('all', []) : [t]));
      const rights = right.flatMap((t) => (t === 'rest' ? entries('rest', lefts) : [t]));
      for (const l of lefts) {
        for (const r of rights) {
          const a = term(evidence, base, l);
          const b = term(evidence, base, r);
          if (!holds(a, relation, b)) problems.push(`'${l} ${relation} ${r}' is false: ${show(a)} against ${show(b)}`);
        }
      }
    } catch (err) {
      if (!(err instanceof ClaimError)) throw err;
      problems.push(`'${clause}': ${err.message}`);
    }
  }
  return problems;
}
