import { assertKnownOptions, optionKeys } from '@initlab/errors';
import { DataError, describeCause, invalidOption } from './errors.js';
import { envFlag, envVar, nodeModules, processEnv } from './node.js';
import { registryEntry } from './registry.js';
import type { DatasetFile, DatasetInfo } from './types.js';

/**
 * Where `fetchDataset` / `loadDataset` look for a real data set's file, and how they may download it.
 *
 * @example
 * ```ts
 * await fetchDataset('boston-housing', { dataDir: './data', cacheDir: '/tmp/initlab', offline: true });
 * ```
 */
export interface FetchDatasetOptions {
  /** Folder holding the upstream file under its upstream name. Default: `INITLAB_DATA_DIR`. */
  dataDir?: string;
  /** Cache root; files go in `<cacheDir>/datasets/`. Default: `INITLAB_CACHE_DIR`, else the platform cache folder (see {@link resolveCacheDir}). */
  cacheDir?: string;
  /** Never download. Default: true when `INITLAB_OFFLINE` is `1`/`true`/`yes`. */
  offline?: boolean;
  /** Cancels reading or downloading. */
  signal?: AbortSignal;
  /** `fetch` used to download. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Download `<baseUrl><fileName>` instead of the registry address (mirrors, tests). */
  baseUrl?: string | URL;
}

/** The keys of {@link FetchDatasetOptions} (for `loadDataset`'s, which extend them). */
export const FETCH_KEYS = { dataDir: true, cacheDir: true, offline: true, signal: true, fetch: true, baseUrl: true } as const satisfies {
  readonly [K in keyof Required<FetchDatasetOptions>]: true;
};
const FETCH_DATASET_OPTIONS = optionKeys<FetchDatasetOptions>(FETCH_KEYS);

/**
 * Where `fetchDataset` found the verified file.
 *
 * @example
 * ```ts
 * const { path, from } = await fetchDataset('boston-housing'); // from: 'data-dir' | 'cache' | 'download'
 * ```
 */
export interface FetchDatasetResult {
  /** Absolute path of the verified file. */
  path: string;
  /** `'data-dir'`: the data folder; `'cache'`: the cache; `'download'`: just downloaded into the cache. */
  from: 'data-dir' | 'cache' | 'download';
  /** For a set of several files (MNIST's four): each file's path and origin; `path`/`from` are the first's. */
  files?: { path: string; from: 'data-dir' | 'cache' | 'download' }[];
}

/** A verified file and the bytes that were verified (so the caller parses exactly those). */
export interface VerifiedFile extends FetchDatasetResult {
  data: Uint8Array;
}

/**
 * The platform cache folder of initlab, without the `INITLAB_CACHE_DIR` override:
 * Windows `%LOCALAPPDATA%\initlab\Cache`, macOS `~/Library/Caches/initlab`, elsewhere
 * `$XDG_CACHE_HOME/initlab` (when absolute) or `~/.cache/initlab`.
 *
 * @example
 * ```ts
 * platformCacheDir('linux', { XDG_CACHE_HOME: '/xdg' }, '/home/ana'); // '/xdg/initlab'
 * ```
 */
export function platformCacheDir(platform: string, env: Record<string, string | undefined>, home: string): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA !== undefined && env.LOCALAPPDATA !== '' ? env.LOCALAPPDATA : `${home}\\AppData\\Local`;
    return `${base.replace(/[\\/]+$/, '')}\\initlab\\Cache`;
  }
  if (platform === 'darwin') return `${home.replace(/\/+$/, '')}/Library/Caches/initlab`;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg !== undefined && xdg.startsWith('/')) return `${xdg.replace(/\/+$/, '')}/initlab`;
  return `${home.replace(/\/+$/, '')}/.cache/initlab`;
}

/**
 * The cache root in use: `opts.cacheDir`, else `INITLAB_CACHE_DIR`, else {@link platformCacheDir}.
 * Data set files are stored in its `datasets/` subfolder.
 *
 * @example
 * ```ts
 * console.log(await resolveCacheDir()); // e.g. /home/ana/.cache/initlab
 * ```
 */
export async function resolveCacheDir(opts: { cacheDir?: string } = {}): Promise<string> {
  const { path, os } = await nodeModules();
  const explicit = opts.cacheDir ?? envVar('INITLAB_CACHE_DIR');
  if (explicit !== undefined) return path.resolve(explicit);
  return platformCacheDir(process.platform, processEnv(), os.homedir());
}

/**
 * Make sure a real data set's verified file is on disk and say where it is. Looks in the data
 * folder (`dataDir` / `INITLAB_DATA_DIR`) under the upstream file name, then in the cache, then
 * downloads it over HTTPS into the cache (unless offline). Every file is checked against the
 * registry's SHA-256: a wrong data-folder file is an error, a wrong cache file is deleted and
 * fetched again, and a download is written to a temporary file in the cache folder and renamed
 * into place only once its checksum matches.
 *
 * @example
 * ```ts
 * const { path, from } = await fetchDataset('wine-quality-red');
 * console.log(path, from); // ~/.cache/initlab/datasets/winequality-red.csv download
 * ```
 */
export async function fetchDataset(id: string, opts: FetchDatasetOptions = {}): Promise<FetchDatasetResult> {
  assertKnownOptions('fetchDataset', opts, FETCH_DATASET_OPTIONS, invalidOption);
  const info = registryEntry('fetchDataset', id);
  if (info.files !== undefined) {
    const files: { path: string; from: FetchDatasetResult['from'] }[] = [];
    for (const part of info.files) {
      const got = await obtainVerifiedPart('fetchDataset', info, part, opts);
      files.push({ path: got.path, from: got.from });
    }
    return { ...files[0]!, files };
  }
  const { path, from } = await obtainVerifiedFile('fetchDataset', info, opts);
  return { path, from };
}

/** Read through a call so TypeScript does not keep an earlier narrowing across awaits. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function aborted(fn: string, info: DatasetInfo, signal: AbortSignal | undefined, cause?: unknown): DataError {
  return new DataError('ABORTED', `${fn}: loading ${info.id} was aborted`, { cause: cause ?? signal?.reason });
}

/** The data set's file, verified; `fn` names the public caller in errors. */
export async function obtainVerifiedFile(fn: string, info: DatasetInfo, opts: FetchDatasetOptions): Promise<VerifiedFile> {
  const { fileName, sha256, url, bytes } = info;
  if (info.synthetic || fileName === undefined || sha256 === undefined || url === undefined || bytes === undefined)
    throw new DataError('SYNTHETIC', `${fn}: ${info.id} is generated in code from a seed; there is no file to fetch; it is generated wherever it is used`);
  if (isAborted(opts.signal)) throw aborted(fn, info, opts.signal);
  const { fs, path, crypto } = await nodeModules();
  const digest = (data: Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');
  const byHand = `to supply it by hand, download ${url} and put it in a folder passed as --data-dir / INITLAB_DATA_DIR`;
  const tried: string[] = [];

  const readIfExists = async (file: string): Promise<Uint8Array | undefined> => {
    try {
      return await fs.readFile(file, opts.signal === undefined ? {} : { signal: opts.signal });
    } catch (err) {
      if (isAborted(opts.signal)) throw aborted(fn, info, opts.signal, err);
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new DataError('READ_FAILED', `${fn}: cannot read ${file} (${describeCause(err)})`, { cause: err, file });
    }
  };

  const dataDir = opts.dataDir ?? envVar('INITLAB_DATA_DIR');
  if (dataDir !== undefined) {
    const file = path.resolve(dataDir, fileName);
    const data = await readIfExists(file);
    if (data === undefined) {
      tried.push(`data folder ${file} (no such file)`);
    } else {
      const found = digest(data);
      if (found === sha256) return { path: file, from: 'data-dir', data };
      throw new DataError(
        'CHECKSUM_MISMATCH',
        `${fn}: ${file} has SHA-256 ${found} (${data.byteLength} bytes) but ${info.id} expects ${sha256} (${bytes} bytes); the file was not used; replace it with the exact file from ${url}`,
        { file },
      );
    }
  }

  const cacheFolder = path.join(await resolveCacheDir(opts), 'datasets');
  const cached = path.join(cacheFolder, fileName);
  const cachedData = await readIfExists(cached);
  if (cachedData === undefined) {
    tried.push(`cache ${cached} (no such file)`);
  } else if (digest(cachedData) === sha256) {
    return { path: cached, from: 'cache', data: cachedData };
  } else {
    // A corrupt cache entry is never used: remove it and fetch a fresh copy.
    await fs.rm(cached, { force: true });
    tried.push(`cache ${cached} (checksum mismatch, removed)`);
  }

  const offline = opts.offline ?? envFlag('INITLAB_OFFLINE');
  if (offline) {
    const why = opts.offline === true ? 'offline: true' : 'INITLAB_OFFLINE is set';
    throw new DataError(
      'OFFLINE',
      `${fn}: ${info.id} is not available offline (${why}); tried ${tried.join(', ')}; ${byHand}`,
    );
  }

  const source = opts.baseUrl === undefined ? url : new URL(fileName, opts.baseUrl).href;
  const failed = (reason: string, cause?: unknown): DataError =>
    new DataError(
      'DOWNLOAD_FAILED',
      `${fn}: could not download ${info.id} from ${source} (${reason}); tried ${tried.join(', ')}; ${byHand}`,
      { cause, file: source },
    );

  try {
    await fs.mkdir(cacheFolder, { recursive: true });
  } catch (err) {
    throw new DataError(
      'CACHE_FAILED',
      `${fn}: cannot create the cache folder ${cacheFolder} (${describeCause(err)}); pass a writable --cache-dir / INITLAB_CACHE_DIR, or ${byHand}`,
      { cause: err, file: cacheFolder },
    );
  }

  const doFetch = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(source, opts.signal === undefined ? {} : { signal: opts.signal });
  } catch (err) {
    if (isAborted(opts.signal)) throw aborted(fn, info, opts.signal, err);
    throw failed(describeCause(err), err);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw failed(`HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
  }
  if (response.body === null) throw failed('the response has no body');

  // Stream into a temporary file next to the final one; only a verified file is renamed into place.
  const temporary = path.join(cacheFolder, `.${fileName}.${process.pid}.${crypto.randomUUID()}.part`);
  const chunks: Uint8Array[] = [];
  let received = 0;
  let committed = false;
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(temporary, 'wx');
  } catch (err) {
    await response.body.cancel().catch(() => undefined);
    throw new DataError(
      'CACHE_FAILED',
      `${fn}: cannot write to the cache folder ${cacheFolder} (${describeCause(err)}); pass a writable --cache-dir / INITLAB_CACHE_DIR, or ${byHand}`,
      { cause: err, file: temporary },
    );
  }
  try {
    const hash = crypto.createHash('sha256');
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > bytes) {
          await reader.cancel().catch(() => undefined);
          throw new DataError(
            'CHECKSUM_MISMATCH',
            `${fn}: the file downloaded from ${source} is larger than the ${bytes} bytes ${info.id} expects (SHA-256 ${sha256}); it was discarded, nothing was cached; ${byHand}`,
            { file: source },
          );
        }
        hash.update(value);
        chunks.push(value);
        await handle.write(value);
      }
    } catch (err) {
      if (err instanceof DataError) throw err;
      if (isAborted(opts.signal)) throw aborted(fn, info, opts.signal, err);
      throw failed(`connection lost after ${received} of ${bytes} bytes: ${describeCause(err)}`, err);
    }
    await handle.close();
    const found = hash.digest('hex');
    if (found !== sha256)
      throw new DataError(
        'CHECKSUM_MISMATCH',
        `${fn}: the file downloaded from ${source} has SHA-256 ${found} (${received} bytes) but ${info.id} expects ${sha256} (${bytes} bytes); it was discarded, nothing was cached; ${byHand}`,
        { file: source },
      );
    try {
      await fs.rename(temporary, cached);
    } catch (err) {
      throw new DataError(
        'CACHE_FAILED',
        `${fn}: cannot move the downloaded file into the cache as ${cached} (${describeCause(err)}); pass a writable --cache-dir / INITLAB_CACHE_DIR, or ${byHand}`,
        { cause: err, file: cached },
      );
    }
    committed = true;
  } finally {
    if (!committed) {
      await handle.close().catch(() => undefined);
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }
  return { path: cached, from: 'download', data: concat(chunks, received) };
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

// Verified files of the multi-file and compressed registry sets (MNIST, Fashion-MNIST, the scikit-learn CSVs):
// data folder (`.gz` or uncompressed) → cache → download, with the SHA-256 of the decompressed content checked
// every time, so that two different gzip encodings of the same file are both accepted and nothing unverified is
// ever used or cached.

/** A file's verified, decompressed content and where it came from. */
export interface VerifiedPart {
  file: DatasetFile;
  /** The file read (or downloaded into the cache). */
  path: string;
  from: 'data-dir' | 'cache' | 'download';
  /** The decompressed, verified content. */
  content: Uint8Array;
}

/** Extra checks of the decompressed content before its checksum (e.g. the IDX structure); throws a DataError. */
export type ContentCheck = (content: Uint8Array, path: string) => void;

/**
 * Decompress (for `.gz`), check the structure, then the checksum. A structural problem is reported first
 * because it says what is wrong (truncated, wrong magic) where a checksum only says "different".
 */
async function verify(fn: string, info: DatasetInfo, part: DatasetFile, raw: Uint8Array, path: string, check: ContentCheck | undefined): Promise<Uint8Array> {
  const { zlib, crypto } = await nodeModules();
  let content = raw;
  if (path.endsWith('.gz')) {
    try {
      content = zlib.gunzipSync(raw);
    } catch (err) {
      throw new DataError('CORRUPT_FILE', `${fn}: ${path} is not a valid gzip file (${describeCause(err)}); the file was not used; replace it with the file from ${part.url}`, {
        cause: err,
        file: path,
      });
    }
  }
  if (check !== undefined) {
    try {
      check(content, path);
    } catch (err) {
      if (err instanceof DataError) throw new DataError(err.code, `${fn}: ${err.message}; the file was not used; replace it with the file from ${part.url}`, { cause: err, file: path });
      throw err;
    }
  }
  const found = crypto.createHash('sha256').update(content).digest('hex');
  if (found !== part.sha256)
    throw new DataError(
      'CHECKSUM_MISMATCH',
      `${fn}: ${path} has${path.endsWith('.gz') ? ' decompressed' : ''} SHA-256 ${found} (${content.byteLength} bytes) but ${info.id} expects ${part.sha256} (${part.bytes} bytes); the file was not used; replace it with the exact file from ${part.url}`,
      { file: path },
    );
  return content;
}

/** The names a file may have in a folder: for a gzip file the `.gz` first, then the uncompressed one. */
const candidates = (part: DatasetFile): string[] => (part.gzip ? [`${part.path}.gz`, part.path] : [part.path]);

/**
 * One file of a registry set, verified; `fn` names the public caller in errors. A wrong file in the data
 * folder is an error (never used); a wrong cache file is deleted and fetched again; a download is verified
 * before it is renamed into the cache, so a bad download is never cached.
 */
export async function obtainVerifiedPart(fn: string, info: DatasetInfo, part: DatasetFile, opts: FetchDatasetOptions, check?: ContentCheck): Promise<VerifiedPart> {
  const { fs, path, crypto } = await nodeModules();
  const byHand = `to supply it by hand, download ${part.url} and put it in a folder passed as --data-dir / INITLAB_DATA_DIR as ${candidates(part)[0]}`;
  const tried: string[] = [];
  const readIfExists = async (file: string): Promise<Uint8Array | undefined> => {
    try {
      return await fs.readFile(file, opts.signal === undefined ? {} : { signal: opts.signal });
    } catch (err) {
      if (opts.signal?.aborted === true) throw new DataError('ABORTED', `${fn}: loading ${info.id} was aborted`, { cause: err });
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new DataError('READ_FAILED', `${fn}: cannot read ${file} (${describeCause(err)})`, { cause: err, file });
    }
  };

  const dataDir = opts.dataDir ?? envVar('INITLAB_DATA_DIR');
  if (dataDir !== undefined) {
    for (const name of candidates(part)) {
      const file = path.resolve(dataDir, name);
      const raw = await readIfExists(file);
      if (raw === undefined) {
        tried.push(`data folder ${file} (no such file)`);
        continue;
      }
      return { file: part, path: file, from: 'data-dir', content: await verify(fn, info, part, raw, file, check) };
    }
  }

  const cacheFolder = path.join(await resolveCacheDir(opts), 'datasets');
  const cached = path.join(cacheFolder, candidates(part)[0]!);
  const cachedRaw = await readIfExists(cached);
  if (cachedRaw === undefined) {
    tried.push(`cache ${cached} (no such file)`);
  } else {
    try {
      return { file: part, path: cached, from: 'cache', content: await verify(fn, info, part, cachedRaw, cached, check) };
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      // A bad cache entry is never used: remove it and fetch a fresh copy.
      await fs.rm(cached, { force: true });
      tried.push(`cache ${cached} (${err.code === 'CHECKSUM_MISMATCH' ? 'checksum mismatch' : 'corrupt'}, removed)`);
    }
  }

  const offline = opts.offline ?? envFlag('INITLAB_OFFLINE');
  if (offline) {
    const why = opts.offline === true ? 'offline: true' : 'INITLAB_OFFLINE is set';
    throw new DataError('OFFLINE', `${fn}: ${info.id} is not available offline (${why}); tried ${tried.join(', ')}; ${byHand}`);
  }
  const source = opts.baseUrl === undefined ? part.url : new URL(candidates(part)[0]!.split('/').pop()!, opts.baseUrl).href;
  const failed = (reason: string, cause?: unknown): DataError =>
    new DataError('DOWNLOAD_FAILED', `${fn}: could not download ${info.id} from ${source} (${reason}); tried ${tried.join(', ')}; ${byHand}`, { cause, file: source });
  let raw: Uint8Array;
  try {
    const response = await (opts.fetch ?? globalThis.fetch)(source, opts.signal === undefined ? {} : { signal: opts.signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw failed(`HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
    }
    raw = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    if (err instanceof DataError) throw err;
    if (opts.signal?.aborted === true) throw new DataError('ABORTED', `${fn}: loading ${info.id} was aborted`, { cause: err });
    throw failed(describeCause(err), err);
  }
  // Verified under the cache name (so `.gz` is decompressed) before anything is written.
  let content: Uint8Array;
  try {
    content = await verify(fn, info, part, raw, cached, check);
  } catch (err) {
    if (err instanceof DataError)
      throw new DataError(err.code, `${err.message.replace(cached, `the file downloaded from ${source}`)}; it was discarded, nothing was cached`, { cause: err, file: source });
    throw err;
  }
  const temporary = `${cached}.${process.pid}.${crypto.randomUUID()}.part`;
  try {
    await fs.mkdir(path.dirname(cached), { recursive: true });
    await fs.writeFile(temporary, raw);
    await fs.rename(temporary, cached);
  } catch (err) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw new DataError(
      'CACHE_FAILED',
      `${fn}: cannot write ${cached} into the cache (${describeCause(err)}); pass a writable --cache-dir / INITLAB_CACHE_DIR, or ${byHand}`,
      { cause: err, file: cached },
    );
  }
  return { file: part, path: cached, from: 'download', content };
}
