// The image and scikit-learn sets, read from the real files in INITLAB_DATA_DIR, and the one-line errors for
// files this test damages on purpose (copies in a temporary folder). Expected facts come from an independent
// reader: __fixtures__/generate_dataset_facts.py (Python gzip + numpy for IDX, scikit-learn 1.2.1's loaders).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { row, toRows } from '@initlab/matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import facts from './__fixtures__/dataset-facts.json' with { type: 'json' };
import { DataError, fetchDataset, getDatasetInfo, loadDataset, parseIdx, parseSklearnSet, type Dataset } from './index.js';

const DATA_DIR = process.env['INITLAB_DATA_DIR'] ?? path.resolve('../shared/datasets');
/** The DataError a promise rejects with (a test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<DataError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}
const noNetwork = (): Promise<Response> => Promise.reject(new Error('no network in tests'));
const base = { dataDir: DATA_DIR, offline: true, fetch: noNetwork } as const;

function counts(y: readonly number[], from: number, to: number, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (let i = from; i < to; i++) out[y[i]!]! += 1;
  return out;
}

function pixelSum(ds: Dataset, from: number, to: number): number {
  let s = 0;
  for (let i = from * ds.X.cols; i < to * ds.X.cols; i++) s += ds.X.values[i]!;
  return s;
}

function maxOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return max;
}

describe('mnist and fashion-mnist, full size from the gzip files', () => {
  for (const id of ['mnist', 'fashion-mnist'] as const) {
    it(`${id}: 70,000 × 784 float32 raw pixels, the official 60,000 / 10,000 split, labels and pixels as numpy reads them`, async () => {
      const want = facts[id];
      const ds = await loadDataset(id, base);
      expect(ds.X.values).toBeInstanceOf(Float32Array);
      expect([ds.X.rows, ds.X.cols, ds.X.sampleShape]).toEqual([70_000, 784, [28, 28, 1]]);
      expect(ds.predefinedSplit).toEqual({ trainRows: 60_000 });
      expect(ds.task).toBe('multiclass');
      expect(ds.y).toHaveLength(70_000);
      expect(ds.y.slice(0, 10)).toEqual(want.firstTrainLabels);
      expect(ds.y.slice(60_000, 60_010)).toEqual(want.firstTestLabels);
      expect(counts(ds.y, 0, 60_000, 10)).toEqual(want.trainLabelCounts);
      expect(counts(ds.y, 60_000, 70_000, 10)).toEqual(want.testLabelCounts);
      expect(pixelSum(ds, 0, 1)).toBe(want.trainImage0Sum);
      expect(pixelSum(ds, 69_999, 70_000)).toBe(want.testImageLastSum);
      expect(pixelSum(ds, 0, 60_000)).toBe(want.trainPixelSum);
      expect(pixelSum(ds, 60_000, 70_000)).toBe(want.testPixelSum);
      expect(Array.from(row(ds.X, 0).subarray(14 * 28, 15 * 28))).toEqual(want.trainImage0Row14);
      expect(ds.featureNames).toHaveLength(784);
      expect(ds.featureNames[29]).toBe('pixel_1_1');
      expect(ds.source).toContain(`${id}/train-images-idx3-ubyte.gz`);
      // pixels scaling divides by the registry's pixelMax: the data reach it and never pass it.
      expect(maxOf(ds.X.values)).toBe(ds.info?.pixelMax);
    });
  }

  it('fashion-mnist names its classes as its README does', async () => {
    expect(getDatasetInfo('fashion-mnist').targetVariants[0]?.classes).toEqual([
      'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
    ]);
  });

  it('registry entries carry the decompressed checksums, licence and citation', () => {
    const mnist = getDatasetInfo('mnist');
    expect(mnist.files?.map((f) => [f.role, f.path, f.gzip, f.bytes])).toEqual([
      ['train-images', 'mnist/train-images-idx3-ubyte', true, 47_040_016],
      ['train-labels', 'mnist/train-labels-idx1-ubyte', true, 60_008],
      ['test-images', 'mnist/t10k-images-idx3-ubyte', true, 7_840_016],
      ['test-labels', 'mnist/t10k-labels-idx1-ubyte', true, 10_008],
    ]);
    expect(mnist.files?.[0]?.sha256).toBe('ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db');
    expect(mnist.licence).toContain('CC BY-SA 3.0');
    expect(mnist.citation).toContain('LeCun');
    expect(getDatasetInfo('fashion-mnist').licence).toContain('MIT');
    expect(getDatasetInfo('fashion-mnist').citation).toContain('arXiv:1708.07747');
    for (const id of ['digits', 'iris', 'breast-cancer']) expect(getDatasetInfo(id).licence).toBe('CC BY 4.0');
  });
});

describe('digits, iris and breast-cancer equal scikit-learn 1.2.1 load_*', () => {
  const cases = [
    ['digits', 'digits', Float32Array, [8, 8, 1]],
    ['iris', 'iris', Float64Array, undefined],
    ['breast-cancer', 'breast-cancer', Float64Array, undefined],
  ] as const;
  for (const [id, key, Values, shape] of cases) {
    it(`${id}: shape, rows, labels, names`, async () => {
      const want = facts[key];
      const ds = await loadDataset(id, base);
      expect(ds.X.values).toBeInstanceOf(Values);
      expect([ds.X.rows, ds.X.cols]).toEqual(want.shape);
      expect(ds.X.sampleShape).toEqual(shape);
      const rows = toRows(ds.X);
      // Exact: the CSV text parses to the same doubles as NumPy's (and digits' small integers are exact in float32).
      expect(rows[0]).toEqual(want.firstRow);
      expect(rows.at(-1)).toEqual(want.lastRow);
      expect(ds.y.slice(0, 10)).toEqual(want.firstLabels);
      expect(counts(ds.y, 0, ds.y.length, want.labelCounts.length)).toEqual(want.labelCounts);
      expect(ds.classes).toEqual(id === 'digits' ? want.targetNames.map(String) : want.targetNames);
      if (id !== 'digits') expect(ds.featureNames).toEqual(want.featureNames);
      want.columnSums.forEach((s, j) => expect(rows.reduce((a, r) => a + r[j]!, 0)).toBeCloseTo(s, 8));
      expect(ds.predefinedSplit).toBeUndefined();
      expect(ds.info?.pixelMax).toBe(id === 'digits' ? 16 : undefined);
      if (id === 'digits') expect(maxOf(ds.X.values)).toBe(16);
    });
  }
});

// Damaged copies: each case writes one bad file into a fresh data folder (the other files are the real ones).
describe('damaged files give one-line errors naming the file, and are never used or cached', () => {
  let tmp: string;
  let trainImages: Buffer;
  let trainLabelsGz: Buffer;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'initlab-images-'));
    trainImages = gunzipSync(await fs.readFile(path.join(DATA_DIR, 'mnist/train-images-idx3-ubyte.gz')));
    trainLabelsGz = await fs.readFile(path.join(DATA_DIR, 'mnist/train-labels-idx1-ubyte.gz'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** A data folder whose mnist/ holds the real files, with `files` (name → bytes) written over them. */
  async function folder(name: string, files: Record<string, Uint8Array>): Promise<string> {
    const dir = path.join(tmp, name);
    await fs.mkdir(path.join(dir, 'mnist'), { recursive: true });
    for (const f of ['train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])
      await fs.copyFile(path.join(DATA_DIR, 'mnist', f), path.join(dir, 'mnist', f));
    for (const [f, bytes] of Object.entries(files)) await fs.writeFile(path.join(dir, 'mnist', f), bytes);
    return dir;
  }

  async function failure(dataDir: string, extra: object = {}): Promise<DataError> {
    const err = await loadDataset('mnist', { ...base, dataDir, cacheDir: path.join(tmp, 'cache'), ...extra }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).not.toContain('\n');
    return err as DataError;
  }

  it('an uncompressed copy in the data folder is accepted (same decompressed checksum)', async () => {
    const dir = path.join(tmp, 'plain');
    await fs.mkdir(path.join(dir, 'mnist'), { recursive: true });
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])
      await fs.writeFile(path.join(dir, 'mnist', f), gunzipSync(await fs.readFile(path.join(DATA_DIR, 'mnist', `${f}.gz`))));
    const ds = await loadDataset('mnist', { ...base, dataDir: dir });
    expect(ds.X.rows).toBe(70_000);
    expect(ds.source).toContain(path.join(dir, 'mnist/train-images-idx3-ubyte'));
    // And another gzip encoding of the same bytes (level 1 instead of -9): different .gz bytes, same content.
    const regz = await folder('regz', { 'train-labels-idx1-ubyte.gz': gzipSync(gunzipSync(trainLabelsGz), { level: 1 }) });
    await fs.writeFile(path.join(regz, 'mnist/train-images-idx3-ubyte'), trainImages);
    expect((await loadDataset('mnist', { ...base, dataDir: regz })).y.slice(0, 3)).toEqual([5, 0, 4]);
  });

  it('a truncated gzip file', async () => {
    const gz = await fs.readFile(path.join(DATA_DIR, 'mnist/train-images-idx3-ubyte.gz'));
    const dir = await folder('truncated-gz', { 'train-images-idx3-ubyte.gz': gz.subarray(0, gz.length - 1000) });
    const err = await failure(dir);
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.kind).toBe('runtime');
    expect(err.message).toMatch(/^loadDataset: \/.*mnist\/train-images-idx3-ubyte\.gz is not a valid gzip file \(Z_BUF_ERROR: unexpected end of file\); the file was not used; replace it with the file from https:\/\/storage\.googleapis\.com\/cvdf-datasets\/mnist\/train-images-idx3-ubyte\.gz$/);
    expect(err.file).toBe(path.join(dir, 'mnist/train-images-idx3-ubyte.gz'));
  });

  it('a file that is not gzip at all', async () => {
    const err = await failure(await folder('not-gz', { 'train-images-idx3-ubyte.gz': trainImages.subarray(0, 5000) }));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/train-images-idx3-ubyte\.gz is not a valid gzip file \(Z_DATA_ERROR: incorrect header check\)/);
  });

  it('a truncated IDX payload (uncompressed file)', async () => {
    const dir = await folder('truncated-idx', {});
    await fs.writeFile(path.join(dir, 'mnist/train-images-idx3-ubyte'), trainImages.subarray(0, trainImages.length - 784));
    const err = await failure(dir);
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(
      /^loadDataset: \/\S+\/train-images-idx3-ubyte: not a valid IDX images file: the header says 60000 images of 28 × 28, which is 47040016 bytes, but the file holds 47039232 \(truncated\); the file was not used; replace it/,
    );
  });

  it('a labels file where the images belong (wrong magic number)', async () => {
    const err = await failure(await folder('magic', { 'train-images-idx3-ubyte.gz': trainLabelsGz }));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/train-images-idx3-ubyte\.gz: not a valid IDX images file: magic number 2049 \(that is an IDX labels file\); images files start with 2051/);
  });

  it('wrong image dimensions (14 × 56 holds as many bytes as 28 × 28)', async () => {
    const bad = Buffer.from(trainImages);
    bad.writeInt32BE(14, 8);
    bad.writeInt32BE(56, 12);
    const err = await failure(await folder('dims', { 'train-images-idx3-ubyte.gz': gzipSync(bad, { level: 1 }) }));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/train-images-idx3-ubyte\.gz: images are 14 × 56 but mnist has 28 × 28 images; the file was not used/);
  });

  it('image count ≠ label count (the test labels in place of the training labels)', async () => {
    const dir = await folder('counts', { 'train-labels-idx1-ubyte.gz': await fs.readFile(path.join(DATA_DIR, 'mnist/t10k-labels-idx1-ubyte.gz')) });
    await fs.writeFile(path.join(dir, 'mnist/train-images-idx3-ubyte'), trainImages);
    const err = await failure(dir);
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/train-images-idx3-ubyte holds 60000 images but \/\S+\/train-labels-idx1-ubyte\.gz holds 10000 labels; an image file and its label file must hold the same number of items/);
  });

  it('one changed pixel: a checksum mismatch of the decompressed bytes', async () => {
    const bad = Buffer.from(trainImages);
    bad[16 + 400] = bad[16 + 400]! ^ 0xff;
    const err = await failure(await folder('pixel', { 'train-images-idx3-ubyte.gz': gzipSync(bad, { level: 1 }) }));
    expect(err.code).toBe('CHECKSUM_MISMATCH');
    expect(err.message).toMatch(
      /train-images-idx3-ubyte\.gz has decompressed SHA-256 [0-9a-f]{64} \(47040016 bytes\) but mnist expects ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db \(47040016 bytes\); the file was not used/,
    );
  });

  it('a bad download is never cached; a bad cache file is removed', async () => {
    const cacheDir = path.join(tmp, 'dl-cache');
    const truncated = trainLabelsGz.subarray(0, 100);
    const fetch = (): Promise<Response> => Promise.resolve(new Response(truncated));
    const err = await loadDataset('mnist', { dataDir: path.join(tmp, 'empty'), cacheDir, offline: false, fetch }).then(
      () => undefined,
      (e: unknown) => e as DataError,
    );
    expect(err?.code).toBe('CORRUPT_FILE');
    expect(err?.message).toMatch(/the file downloaded from https:\/\/storage\.googleapis\.com\/cvdf-datasets\/mnist\/train-images-idx3-ubyte\.gz is not a valid gzip file .*it was discarded, nothing was cached$/);
    await expect(fs.readdir(path.join(cacheDir, 'datasets/mnist')).catch(() => [])).resolves.toEqual([]);

    await fs.mkdir(path.join(cacheDir, 'datasets/mnist'), { recursive: true });
    const cachedFile = path.join(cacheDir, 'datasets/mnist/train-images-idx3-ubyte.gz');
    await fs.writeFile(cachedFile, truncated);
    const offline = await rejection(loadDataset('mnist', { dataDir: path.join(tmp, 'empty'), cacheDir, offline: true }));
    expect(offline.code).toBe('OFFLINE');
    expect(offline.message).toContain(`cache ${cachedFile} (corrupt, removed)`);
    await expect(fs.access(cachedFile)).rejects.toThrow();
  });

  it('a good download is cached as the .gz it was, and found in the cache next time', async () => {
    const cacheDir = path.join(tmp, 'good-cache');
    const fetch = async (url: string | URL | Request): Promise<Response> => {
      const name = String(url).split('/').pop()!;
      return new Response(await fs.readFile(path.join(DATA_DIR, 'mnist', name)));
    };
    const got = await fetchDataset('mnist', { dataDir: path.join(tmp, 'empty'), cacheDir, offline: false, fetch });
    expect(got.files?.map((f) => f.from)).toEqual(['download', 'download', 'download', 'download']);
    expect(got.path).toBe(path.join(cacheDir, 'datasets/mnist/train-images-idx3-ubyte.gz'));
    const again = await fetchDataset('mnist', { dataDir: path.join(tmp, 'empty'), cacheDir, offline: true });
    expect(again.files?.map((f) => f.from)).toEqual(['cache', 'cache', 'cache', 'cache']);
  });

  it('scikit-learn files: a truncated iris.csv, a bad digits.csv.gz', async () => {
    const dir = path.join(tmp, 'sk');
    await fs.mkdir(dir, { recursive: true });
    const iris = (await fs.readFile(path.join(DATA_DIR, 'iris.csv'), 'utf8')).split('\n');
    await fs.writeFile(path.join(dir, 'iris.csv'), iris.slice(0, 100).join('\n'));
    const a = await rejection(loadDataset('iris', { ...base, dataDir: dir }));
    expect(a.code).toBe('CORRUPT_FILE');
    expect(a.message).toMatch(/^loadDataset: \/\S+\/iris\.csv line 100: the file holds 99 data rows, expected 150 \(truncated or padded\); the file was not used; replace it with the file from https:\/\/raw\.githubusercontent\.com\/scikit-learn\/scikit-learn\/1\.2\.1\/sklearn\/datasets\/data\/iris\.csv$/);
    await fs.writeFile(path.join(dir, 'digits.csv.gz'), 'not gzip');
    const b = await rejection(loadDataset('digits', { ...base, dataDir: dir }));
    expect(b.code).toBe('CORRUPT_FILE');
    expect(b.message).toMatch(/digits\.csv\.gz is not a valid gzip file/);
    await fs.writeFile(path.join(dir, 'iris.csv'), iris.join('\n').replace('5.1,3.5', '5.1,3.6'));
    const c = await rejection(loadDataset('iris', { ...base, dataDir: dir }));
    expect(c.code).toBe('CHECKSUM_MISMATCH');
  });
});

describe('parseIdx on small buffers', () => {
  const idx = (words: number[], payload: number[]): Uint8Array => {
    const b = Buffer.alloc(words.length * 4 + payload.length);
    words.forEach((w, i) => b.writeInt32BE(w, i * 4));
    b.set(payload, words.length * 4);
    return b;
  };
  it('reads images and labels, the payload as a view', () => {
    const bytes = idx([2051, 2, 1, 2], [1, 2, 3, 4]);
    const img = parseIdx(bytes, 'a', 'images');
    expect([img.count, img.dims, Array.from(img.data)]).toEqual([2, [1, 2], [1, 2, 3, 4]]);
    expect(img.data.buffer).toBe(bytes.buffer);
    expect(Array.from(parseIdx(idx([2049, 3], [7, 8, 9]), 'b', 'labels').data)).toEqual([7, 8, 9]);
  });
  it('refuses a short header, a wrong magic, bad counts, and a padded payload', () => {
    expect(() => parseIdx(new Uint8Array(5), 'x', 'labels')).toThrow('x: not a valid IDX labels file: it holds 5 bytes, fewer than the 8-byte header (truncated)');
    expect(() => parseIdx(idx([1234, 1], [0]), 'x', 'labels')).toThrow('x: not a valid IDX labels file: magic number 1234; labels files start with 2049');
    expect(() => parseIdx(idx([2051, 1, 0, 2], []), 'x', 'images')).toThrow('the header says 1 items of 0 × 2; counts and dimensions must be positive');
    expect(() => parseIdx(idx([2049, 2], [1, 2, 3]), 'x', 'labels')).toThrow('the header says 2 labels, which is 10 bytes, but the file holds 11 (trailing bytes after the payload)');
  });
});

describe('parseSklearnSet: a scikit-learn set from content in memory (no file system, as in a browser)', () => {
  it('reads digits and iris exactly as loadDataset does, from bytes or text', async () => {
    const digitsText = gunzipSync(await fs.readFile(path.join(DATA_DIR, 'digits.csv.gz'))).toString('utf8');
    const loaded = await loadDataset('digits', base);
    const parsed = parseSklearnSet('digits', digitsText, '/data/digits.csv');
    expect(parsed.X.values).toBeInstanceOf(Float32Array);
    expect(parsed.X.sampleShape).toEqual([8, 8, 1]);
    expect({ ...parsed, source: loaded.source }).toEqual(loaded);
    expect(parsed.source).toBe('/data/digits.csv');
    const irisBytes = await fs.readFile(path.join(DATA_DIR, 'iris.csv'));
    expect({ ...parseSklearnSet('iris', irisBytes, 'iris.csv'), source: 'x' }).toEqual({ ...(await loadDataset('iris', base)), source: 'x' });
  });

  it('refuses a set of another format and content that is not the file', async () => {
    expect(() => parseSklearnSet('mnist', '', 'x')).toThrow(/^parseSklearnSet: mnist is not a scikit-learn CSV set; those are digits, iris, breast-cancer$/);
    expect(() => parseSklearnSet('nope', '', 'x')).toThrow(DataError);
    const digitsText = gunzipSync(await fs.readFile(path.join(DATA_DIR, 'digits.csv.gz'))).toString('utf8');
    const truncated = digitsText.split('\n').slice(0, 1000).join('\n');
    let err: unknown;
    try {
      parseSklearnSet('digits', truncated, 'site/digits.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('CORRUPT_FILE');
    expect((err as DataError).message).toMatch(/^site\/digits\.csv line 1000: the file holds 1000 data rows, expected 1797/);
  });
});
