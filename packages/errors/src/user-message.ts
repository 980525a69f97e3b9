// Library messages begin with the API that raised them (`loadCsv: …`, `StandardScaler.fromJSON: …`), which is
// what a library user needs. A command-line user reads flags and file keys, not function names: the CLI shows
// the message without that lead. One rule, here, so every package's messages follow it.

// A camelCase function (`loadCsv`), a PascalCase class with an inner capital (`StandardScaler`), a class with a
// `.member` (`Rng.fillTruncatedNormal`; so `grid.yaml:` stays), optionally called (`listDatasets()`). A lower-case single word
// (`orthogonal:`, `report:`) is an initializer or command name the user typed, and stays.
const API_NAME = String.raw`(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*)(?:\(\))?`;
const LEADING_API = new RegExp(`^(?:${API_NAME}: )+`);

/**
 * `text` without the API names it starts with (`runExperiment: loadCsv: x.csv …` → `x.csv …`), for showing a
 * library's message or warning to a command-line user.
 *
 * @example
 * ```ts
 * withoutApiPrefix('getInitializer: unknown initializer "foo"'); // 'unknown initializer "foo"'
 * withoutApiPrefix('orthogonal: shape must be at least 2-D');   // unchanged: a name the user typed
 * ```
 */
export function withoutApiPrefix(text: string): string {
  return text.replace(LEADING_API, '');
}

/**
 * The message of a thrown value as a command-line user should read it: {@link withoutApiPrefix} of its
 * message (or of `String(value)` for a non-error).
 *
 * @example
 * ```ts
 * userMessage(new Error('fetchDataset: spirals is generated in code')); // 'spirals is generated in code'
 * ```
 */
export function userMessage(err: unknown): string {
  return withoutApiPrefix(err instanceof Error ? err.message : String(err));
}
