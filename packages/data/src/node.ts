// Node built-ins are imported lazily so that importing `@initlab/data` in a browser (for
// `parseCsv`, the registry and the synthetic sets) never touches `node:*` modules.
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Os from 'node:os';
import type * as Crypto from 'node:crypto';
import type * as Url from 'node:url';
import type * as Zlib from 'node:zlib';

/** The Node built-ins the file and network paths use. */
export interface NodeModules {
  fs: typeof FsPromises;
  path: typeof Path;
  os: typeof Os;
  crypto: typeof Crypto;
  url: typeof Url;
  zlib: typeof Zlib;
}

let cached: Promise<NodeModules> | undefined;

/** Load (once) the Node built-ins; only called by functions that read files or the network. */
export function nodeModules(): Promise<NodeModules> {
  cached ??= Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('node:os'),
    import('node:crypto'),
    import('node:url'),
    import('node:zlib'),
  ]).then(([fs, path, os, crypto, url, zlib]) => ({ fs, path, os, crypto, url, zlib }));
  return cached;
}

/** The process environment, or an empty one where there is no `process` (browsers). */
export function processEnv(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}

/** A non-empty environment variable, or undefined (an empty value counts as unset). */
export function envVar(name: string): string | undefined {
  const value = processEnv()[name];
  return value === undefined || value === '' ? undefined : value;
}

/** True when an environment flag is set to `1`, `true` or `yes` (any case). */
export function envFlag(name: string): boolean {
  const value = envVar(name)?.toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}
