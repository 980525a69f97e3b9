// A run's id is what resuming matches finished lines by: the same content must give the same id in every
// version, or a rerun silently trains everything again.

/**
 * Version tag mixed into every runId: bumped when the meaning of a run changes, so old results are not reused.
 *
 * @example
 * ```ts
 * RUN_FORMAT; // 'initlab-run/1'
 * ```
 */
export const RUN_FORMAT = 'initlab-run/1';

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so equal values give equal
 * text whatever order their keys were written in.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, undefined] }); // '{"a":[2,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A 64-bit non-cryptographic hash of a string (two 32-bit multiply–xorshift lanes over its UTF-16 code
 * units, cyrb53-style finalisation), as 16 lower-case hex digits. Stable across platforms and versions.
 *
 * @example
 * ```ts
 * hash64('').length; // 16
 * ```
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The id of a run: the first 12 hex digits of {@link hash64} of the {@link canonicalJson} of everything that
 * determines its outcome (`@initlab/experiments`' `planRuns` says what that is, {@link RUN_FORMAT} included).
 *
 * @example
 * ```ts
 * runIdOf({ format: RUN_FORMAT, seed: 0, initializer: { name: 'zeros' } }); // 12 hex digits
 * ```
 */
export function runIdOf(content: unknown): string {
  return hash64(canonicalJson(content)).slice(0, 12);
}
