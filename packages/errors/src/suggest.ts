import { distance } from 'fastest-levenshtein';

/**
 * How far `candidate` is from `input`: the case-insensitive edit distance, except that a candidate containing
 * the input (3+ characters, e.g. `xavier` in `xavier_normal`, `wine` in `wine-quality-red`) counts as at most
 * 1 edit, since a short form of a long name is far in edits but plainly meant. Only that way round: a typo
 * such as `he_normall` contains `normal` but does not mean it.
 */
function closeness(input: string, candidate: string): number {
  const needle = input.toLowerCase();
  const lower = candidate.toLowerCase();
  const edits = distance(needle, lower);
  return needle.length >= 3 && lower.includes(needle) ? Math.min(1, edits) : edits;
}

/** Every candidate with its closeness, closest first; ties in alphabetical (code-point) order. */
function scored(input: string, candidates: readonly string[]): { candidate: string; score: number }[] {
  return candidates
    .map((candidate) => ({ candidate, score: closeness(input, candidate) }))
    .sort((x, y) => x.score - y.score || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0));
}

/**
 * Every candidate, closest to `input` first (the closeness of {@link closest}, without its cut-off); ties in
 * alphabetical order.
 *
 * @example
 * ```ts
 * rankByCloseness('wine', ['moons', 'wine-quality-red']); // ['wine-quality-red', 'moons']
 * ```
 */
export function rankByCloseness(input: string, candidates: readonly string[]): string[] {
  return scored(input, candidates).map(({ candidate }) => candidate);
}

/**
 * The candidates close to `input`, best first, at most `limit`. Closeness is the case-insensitive edit
 * distance, with a candidate containing the input (3+ characters) 1 edit away. Kept: within
 * `max(2, ⌊len/3⌋)` edits and at most one edit worse than the best, so a typo finds its target and nonsense
 * finds nothing.
 *
 * @example
 * ```ts
 * closest('he_normall', ['he_normal', 'he_uniform', 'lecun_normal']); // ['he_normal']
 * ```
 */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const threshold = Math.max(2, Math.floor(input.length / 3));
  const near = scored(input, candidates).filter(({ score }) => score <= threshold);
  const best = near[0]?.score ?? 0;
  return near
    .filter(({ score }) => score <= best + 1)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/**
 * `' (did you mean "epochs"?)'` for the closest candidate (see {@link closest}), or `''` when none is close.
 *
 * @example
 * ```ts
 * `unknown key "epoch"${didYouMean('epoch', ['epochs', 'batchSize'])}`; // 'unknown key "epoch" (did you mean "epochs"?)'
 * ```
 */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const [near] = closest(input, candidates, 1);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}
