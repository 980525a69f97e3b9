import { toRows } from '@initlab/matrix';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataError, fetchDataset, loadDataset, platformCacheDir, resolveCacheDir, type FetchDatasetOptions } from './index.js';

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const dataDir = process.env.INITLAB_DATA_DIR ?? path.resolve(repoRoot, '../shared/datasets');
const HOUSING_SHA = '2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124';

let housing = Buffer.alloc(0);
let server: Server;
let origin = '';
const requests: string[] = [];
let scratch = '';
let emptyDataDir = '';
let cacheDir = '';

/** A local server standing in for the upstream host; the path prefix picks its behaviour. */
function startServer(): Promise<void> {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    if (url.startsWith('/ok/')) {
      res.writeHead(200, { 'content-length': housing.length });
      res.end(housing);
    } else if (url.startsWith('/corrupt/')) {
      const bad = Buffer.from(housing);
      bad[100] = (bad[100] ?? 0) ^ 1;
      res.writeHead(200, { 'content-length': bad.length });
      res.end(bad);
    } else if (url.startsWith('/bigger/')) {
      const big = Buffer.concat([housing, Buffer.from('6.0,5.0,15.0,1.0\n')]);
      res.writeHead(200, { 'content-length': big.length });
      res.end(big);
    } else if (url.startsWith('/drop/')) {
      // Promise the whole file, send half, then cut the connection.
      res.writeHead(200, { 'content-length': housing.length });
      res.write(housing.subarray(0, housing.length >> 1), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
    } else if (url.startsWith('/slow/')) {
      res.writeHead(200, { 'content-length': housing.length });
      res.write(housing.subarray(0, 100)); // and never finish
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

beforeAll(async () => {
  housing = await readFile(path.join(dataDir, 'housing.csv'));
  expect(createHash('sha256').update(housing).digest('hex')).toBe(HOUSING_SHA);
  await startServer();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'initlab-fetch-'));
  emptyDataDir = path.join(scratch, 'data');
  cacheDir = path.join(scratch, 'cache');
  await mkdir(emptyDataDir);
  requests.length = 0;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(scratch, { recursive: true, force: true });
});

function opts(prefix: string, extra: FetchDatasetOptions = {}): FetchDatasetOptions {
  return { dataDir: emptyDataDir, cacheDir, offline: false, baseUrl: `${origin}/${prefix}/`, ...extra };
}

/** Error message with the temp folder and the server port replaced, for stable snapshots. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  const message = (err as DataError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .*:\d+:\d+/); // no stack frames
  return message.split(scratch).join('<tmp>').split(origin).join('<server>');
}

async function cacheListing(): Promise<string[]> {
  return readdir(path.join(cacheDir, 'datasets')).catch(() => []);
}

describe('download into the cache', () => {
  it('downloads, verifies and caches the file, then serves it from the cache', async () => {
    expect(await fetchDataset('boston-housing', opts('ok'))).toEqual({
      path: path.join(cacheDir, 'datasets', 'housing.csv'),
      from: 'download',
    });
    expect(requests).toEqual(['/ok/housing.csv']);
    expect(await cacheListing()).toEqual(['housing.csv']); // no temporary file left behind
    const cached = await readFile(path.join(cacheDir, 'datasets', 'housing.csv'));
    expect(createHash('sha256').update(cached).digest('hex')).toBe(HOUSING_SHA);

    const ds = await loadDataset('boston-housing', opts('ok'));
    expect(requests).toHaveLength(1); // the cache answered
    expect(ds.X.rows).toBe(489);
    expect(ds.source).toBe(path.join(cacheDir, 'datasets', 'housing.csv'));
    expect(await fetchDataset('boston-housing', opts('ok', { offline: true }))).toMatchObject({ from: 'cache' });
  });

  it('loadDataset parses the downloaded bytes directly', async () => {
    const ds = await loadDataset('boston-housing', opts('ok'));
    expect(toRows(ds.X)[0]).toEqual([6.575, 4.98, 15.3]);
    expect(requests).toEqual(['/ok/housing.csv']);
  });

  it('a file copied into the cache by hand is used offline', async () => {
    await mkdir(path.join(cacheDir, 'datasets'), { recursive: true });
    await copyFile(path.join(dataDir, 'winequality-red.csv'), path.join(cacheDir, 'datasets', 'winequality-red.csv'));
    const ds = await loadDataset('wine-quality-red', opts('ok', { offline: true }));
    expect(ds.X.rows).toBe(1599);
    expect(ds.source).toBe(path.join(cacheDir, 'datasets', 'winequality-red.csv'));
    expect(requests).toEqual([]);
  });

  it('INITLAB_CACHE_DIR picks the cache when no cacheDir is given', async () => {
    vi.stubEnv('INITLAB_CACHE_DIR', cacheDir);
    const { cacheDir: _omit, ...rest } = opts('ok');
    expect(await fetchDataset('boston-housing', rest)).toMatchObject({ path: path.join(cacheDir, 'datasets', 'housing.csv') });
    expect(await resolveCacheDir()).toBe(cacheDir);
  });

  it('a wrong checksum is an error and nothing is cached', async () => {
    expect(await failure(fetchDataset('boston-housing', opts('corrupt')))).toMatchInlineSnapshot(
      `"fetchDataset: the file downloaded from <server>/corrupt/housing.csv has SHA-256 714bc25c582a25b89680035f0341184e3e51da1890ab0f50338ac78afd5f7b2c (12435 bytes) but boston-housing expects 2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124 (12435 bytes); it was discarded, nothing was cached; to supply it by hand, download https://raw.githubusercontent.com/udacity/machine-learning/master/projects/boston_housing/housing.csv and put it in a folder passed as --data-dir / INITLAB_DATA_DIR"`,
    );
    expect(await cacheListing()).toEqual([]);
    const err = await fetchDataset('boston-housing', opts('bigger')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringMatching(/larger than the 12435 bytes/) as unknown });
    expect(await cacheListing()).toEqual([]);
  });

  it('a connection dropped halfway is an error and leaves no partial file', async () => {
    const message = await failure(fetchDataset('boston-housing', opts('drop')));
    expect(message).toMatch(
      /^fetchDataset: could not download boston-housing from <server>\/drop\/housing\.csv \(connection lost after \d+ of 12435 bytes: .+\); tried data folder <tmp>\/data\/housing\.csv \(no such file\), cache <tmp>\/cache\/datasets\/housing\.csv \(no such file\); to supply it by hand, download https:\/\/raw\.githubusercontent\.com\/udacity\/machine-learning\/master\/projects\/boston_housing\/housing\.csv and put it in a folder passed as --data-dir \/ INITLAB_DATA_DIR$/,
    );
    expect(await cacheListing()).toEqual([]);
  });

  it('a 404 names the address and what was tried', async () => {
    expect(await failure(loadDataset('boston-housing', opts('missing')))).toMatchInlineSnapshot(
      `"loadDataset: could not download boston-housing from <server>/missing/housing.csv (HTTP 404 Not Found); tried data folder <tmp>/data/housing.csv (no such file), cache <tmp>/cache/datasets/housing.csv (no such file); to supply it by hand, download https://raw.githubusercontent.com/udacity/machine-learning/master/projects/boston_housing/housing.csv and put it in a folder passed as --data-dir / INITLAB_DATA_DIR"`,
    );
    expect(await cacheListing()).toEqual([]);
  });

  it('a refused connection is wrapped with its cause, not a stack trace', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await fetchDataset('boston-housing', opts('ok', { baseUrl: `http://127.0.0.1:${port}/` })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect((err as DataError).message).toMatch(/\(fetch failed \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+\)\); tried /);
    expect((err as DataError).cause).toBeInstanceOf(Error);
  });

  it('an abort signal stops a download and leaves no partial file', async () => {
    const controller = new AbortController();
    const pending = fetchDataset('boston-housing', opts('slow', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    expect(await failure(pending)).toMatchInlineSnapshot(`"fetchDataset: loading boston-housing was aborted"`);
    expect(await cacheListing()).toEqual([]);
    const already = AbortSignal.abort();
    await expect(loadDataset('spirals', { signal: already })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('checksums of local files', () => {
  it('a corrupt cache file is removed and fetched again', async () => {
    await mkdir(path.join(cacheDir, 'datasets'), { recursive: true });
    const cached = path.join(cacheDir, 'datasets', 'housing.csv');
    await writeFile(cached, housing.subarray(0, 5000));
    expect(await fetchDataset('boston-housing', opts('ok'))).toMatchObject({ from: 'download' });
    expect(createHash('sha256').update(await readFile(cached)).digest('hex')).toBe(HOUSING_SHA);
    expect(requests).toEqual(['/ok/housing.csv']);
  });

  it('a corrupt cache file is never used offline: removed, and the error says so', async () => {
    await mkdir(path.join(cacheDir, 'datasets'), { recursive: true });
    await writeFile(path.join(cacheDir, 'datasets', 'housing.csv'), 'RM,LSTAT,PTRATIO,MEDV\n1,2,3,4\n');
    // Leftovers of an interrupted download never count either.
    await writeFile(path.join(cacheDir, 'datasets', '.housing.csv.1.x.part'), housing.subarray(0, 100));
    expect(await failure(loadDataset('boston-housing', opts('ok', { offline: true })))).toMatchInlineSnapshot(
      `"loadDataset: boston-housing is not available offline (offline: true); tried data folder <tmp>/data/housing.csv (no such file), cache <tmp>/cache/datasets/housing.csv (checksum mismatch, removed); to supply it by hand, download https://raw.githubusercontent.com/udacity/machine-learning/master/projects/boston_housing/housing.csv and put it in a folder passed as --data-dir / INITLAB_DATA_DIR"`,
    );
    expect(await cacheListing()).toEqual(['.housing.csv.1.x.part']);
  });

  it('INITLAB_OFFLINE=1 forbids downloads; an explicit offline: false overrides it', async () => {
    vi.stubEnv('INITLAB_OFFLINE', '1');
    const { offline: _omit, ...rest } = opts('ok');
    const err = await fetchDataset('boston-housing', rest).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/not available offline \(INITLAB_OFFLINE is set\)/) as unknown });
    expect(requests).toEqual([]);
    expect(await fetchDataset('boston-housing', opts('ok'))).toMatchObject({ from: 'download' });
  });

  it('a wrong file in the data folder is an error, never used', async () => {
    await writeFile(path.join(emptyDataDir, 'housing.csv'), 'RM,LSTAT,PTRATIO,MEDV\n1,2,3,4\n');
    expect(await failure(loadDataset('boston-housing', opts('ok')))).toMatchInlineSnapshot(
      `"loadDataset: <tmp>/data/housing.csv has SHA-256 cd4bedeba9d2028b4a6d54089e051c923aa465a07f1aa05a116511df30bbe1dd (30 bytes) but boston-housing expects 2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124 (12435 bytes); the file was not used; replace it with the exact file from https://raw.githubusercontent.com/udacity/machine-learning/master/projects/boston_housing/housing.csv"`,
    );
    expect(requests).toEqual([]);
  });

  it('an unusable cache folder is a one-line CACHE_FAILED error', async () => {
    const notAFolder = path.join(scratch, 'file');
    await writeFile(notAFolder, 'x');
    const message = await failure(fetchDataset('boston-housing', opts('ok', { cacheDir: notAFolder })));
    expect(message).toMatch(/^fetchDataset: cannot create the cache folder <tmp>\/file\/datasets \(E\w+: .*\); pass a writable --cache-dir \/ INITLAB_CACHE_DIR, or to supply it by hand, download https:/);
    expect(requests).toEqual([]);
  });

  it('synthetic sets have no file to fetch', async () => {
    await expect(fetchDataset('spirals', opts('ok'))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fetchDataset: spirals is generated in code from a seed; there is no file to fetch; it is generated wherever it is used]`,
    );
  });
});

describe('cache folder', () => {
  it('follows the platform conventions', () => {
    expect(platformCacheDir('linux', {}, '/home/ana')).toBe('/home/ana/.cache/initlab');
    expect(platformCacheDir('linux', { XDG_CACHE_HOME: '/xdg/' }, '/home/ana')).toBe('/xdg/initlab');
    expect(platformCacheDir('linux', { XDG_CACHE_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.cache/initlab');
    expect(platformCacheDir('darwin', { XDG_CACHE_HOME: '/xdg' }, '/Users/ana')).toBe('/Users/ana/Library/Caches/initlab');
    expect(platformCacheDir('win32', { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Local\\initlab\\Cache',
    );
    expect(platformCacheDir('win32', {}, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Local\\initlab\\Cache');
  });
});
