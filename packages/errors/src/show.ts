import { userMessage } from './user-message.js';
/** Options of {@link show}. */
export interface ShowOptions {
  /**
   * How arrays and objects appear: `json` (the default) as JSON; `length` arrays as "an array of length N"
   * (for data arrays whose content would drown the message) and objects as JSON; `type` both by their
   * constructor's name (`Array`, `Object`), for arguments whose type is the whole point.
   */
  compound?: 'json' | 'length' | 'type';
  /** Longer renderings are cut to this many characters, ending in `...` (default 80). */
  maxLength?: number;
}

// JSON has no NaN or Infinity; spelling them out keeps `{"std":NaN}` from reading as `{"std":null}`.
function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : v;
}

function typeName(value: object): string {
  return (value as { constructor?: { name?: unknown } }).constructor?.name as string | undefined ?? 'object';
}

/**
 * A received value as a one-line error message echoes it: strings quoted, numbers as JavaScript prints them
 * (`NaN`, `Infinity`, `-0` stay visible), bigints with `n`, typed arrays by type, arrays and objects as
 * `options.compound` says; whitespace collapsed and cut to `options.maxLength`.
 *
 * @example
 * ```ts
 * show('he'); // '"he"'
 * show(-0); // '-0'
 * show([1, 2, 3], { compound: 'length' }); // 'an array of length 3'
 * ```
 */
export function show(value: unknown, options: ShowOptions = {}): string {
  const { compound = 'json', maxLength = 80 } = options;
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number') text = Object.is(value, -0) ? '-0' : String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function') text = 'a function';
  else if (typeof value !== 'object' || value === null) text = String(value);
  else if (ArrayBuffer.isView(value)) text = typeName(value);
  else if (Array.isArray(value) && compound === 'length') text = `an array of length ${value.length}`;
  else if (compound === 'type') text = typeName(value);
  else {
    try {
      text = JSON.stringify(value, jsonReplacer) ?? typeName(value);
    } catch {
      // Circular or otherwise unserialisable.
      text = typeName(value);
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}

/** Collapse any run of whitespace (including line breaks) into one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The first line of an error's message (or of `String(value)`), without its API lead ({@link withoutApiPrefix}),
 * for wrapping a cause into a one-line message: the wrapping message names its own API.
 */
export function firstLine(err: unknown): string {
  return (userMessage(err).split('\n')[0] ?? '').trim();
}

/**
 * A short, one-line description of any thrown value, for wrapping causes: the error's code when its message
 * does not already start with it, and the cause's code and message in parentheses, since undici's
 * "fetch failed" hides the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`.
 */
export function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const inner = err.cause;
    const innerText =
      inner instanceof Error
        ? `${(inner as { code?: unknown }).code ?? inner.name}: ${inner.message}`
        : inner === undefined
          ? ''
          : String(inner);
    const code = (err as { code?: unknown }).code;
    const head = typeof code === 'string' && !err.message.startsWith(code) ? `${code}: ${err.message}` : err.message;
    return oneLine(innerText === '' ? head : `${head} (${innerText})`);
  }
  return oneLine(String(err));
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a path component is a file, not a folder',
  EEXIST: 'a file is in the way',
  EISDIR: 'a folder is in the way',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/**
 * A file-system failure in plain words: `cannot VERB PATH: REASON` (`no such file or folder`, `permission
 * denied`, ...; the first line of the message for codes without a plain reading), or only the reason when
 * `path` is omitted.
 *
 * @example
 * ```ts
 * describeFsError(err, 'runs/a/results.jsonl', 'write'); // 'cannot write runs/a/results.jsonl: permission denied'
 * ```
 */
export function describeFsError(err: unknown, path?: string, verb = 'access'): string {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  const reason = (typeof code === 'string' ? FS_REASONS[code] : undefined) ?? firstLine(err);
  return path === undefined ? reason : `cannot ${verb} ${path}: ${reason}`;
}
