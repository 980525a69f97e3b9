// Loading the multi-file and compressed registry sets: MNIST-style IDX image/label pairs and the CSVs
// scikit-learn ships in sklearn/datasets/data. Values go straight from the file bytes into one typed array.
import { matrix, type Matrix } from '@initlab/matrix';
import { DataError } from './errors.js';
import { obtainVerifiedPart, type FetchDatasetOptions, type VerifiedPart } from './fetch.js';
import { parseIdx, type IdxFile } from './idx.js';
import { listDatasets, registryEntry } from './registry.js';
import type { Dataset, DatasetFile, DatasetInfo } from './types.js';

function part(fn: string, info: DatasetInfo, role: DatasetFile['role']): DatasetFile {
  const found = info.files?.find((f) => f.role === role);
  if (found === undefined) throw new DataError('SYNTHETIC', `${fn}: ${info.id} has no ${role} file in its registry entry`);
  return found;
}

/** Images and labels of one half (train or test), each checked as IDX and against each other. */
async function idxPair(fn: string, info: DatasetInfo, half: 'train' | 'test', opts: FetchDatasetOptions): Promise<{ images: IdxFile; labels: IdxFile; paths: [string, string] }> {
  const [h, w] = info.sampleShape ?? [];
  let images: IdxFile | undefined;
  let labels: IdxFile | undefined;
  const imagePart = await obtainVerifiedPart(fn, info, part(fn, info, `${half}-images`), opts, (content, path) => {
    images = parseIdx(content, path, 'images');
    if (images.dims[0] !== h || images.dims[1] !== w)
      throw new DataError('CORRUPT_FILE', `${path}: images are ${images.dims.join(' × ')} but ${info.id} has ${h} × ${w} images`, { file: path });
  });
  images ??= parseIdx(imagePart.content, imagePart.path, 'images');
  const imageCount = images.count;
  // The labels are checked against the images before their checksum, so that a label file of the other half
  // (or another set) is reported as what it is, not only as "a different file".
  const labelPart = await obtainVerifiedPart(fn, info, part(fn, info, `${half}-labels`), opts, (content, path) => {
    labels = parseIdx(content, path, 'labels');
    if (labels.count !== imageCount)
      throw new DataError(
        'CORRUPT_FILE',
        `${imagePart.path} holds ${imageCount} images but ${path} holds ${labels.count} labels; an image file and its label file must hold the same number of items`,
        { file: path },
      );
  });
  // The checks above parsed the very content that was verified and returned; the fallback only satisfies the types.
  labels ??= parseIdx(labelPart.content, labelPart.path, 'labels');
  const classes = info.targetVariants[0]?.classes?.length ?? 0;
  for (let i = 0; i < labels.count; i++) {
    const label = labels.data[i]!;
    if (label >= classes)
      throw new DataError('CORRUPT_FILE', `${fn}: ${labelPart.path}: label ${i} is ${label}, but ${info.id} has classes 0–${classes - 1}`, { file: labelPart.path });
  }
  return { images, labels, paths: [imagePart.path, labelPart.path] };
}

/**
 * An IDX image set (MNIST, Fashion-MNIST): the training images then the test images as one `Float32Array`
 * matrix of raw pixel values 0–255 (scaling is preprocessing's), `predefinedSplit.trainRows` = the training count.
 */
export async function loadIdxSet(fn: string, info: DatasetInfo, opts: FetchDatasetOptions): Promise<Dataset> {
  const train = await idxPair(fn, info, 'train', opts);
  const test = await idxPair(fn, info, 'test', opts);
  const cols = train.images.data.length / train.images.count;
  const rows = train.images.count + test.images.count;
  // Float32Array#set converts the bytes in one native pass: no per-pixel JavaScript and no number[][].
  const values = new Float32Array(rows * cols);
  values.set(train.images.data, 0);
  values.set(test.images.data, train.images.data.length);
  const y = new Array<number>(rows);
  for (let i = 0; i < train.labels.count; i++) y[i] = train.labels.data[i]!;
  for (let i = 0; i < test.labels.count; i++) y[train.labels.count + i] = test.labels.data[i]!;
  const variant = info.targetVariants[0]!;
  return {
    id: info.id,
    task: variant.task,
    X: matrix(values, rows, cols, info.sampleShape),
    y,
    featureNames: [...info.features],
    targetName: variant.name,
    ...(variant.classes === undefined ? {} : { classes: [...variant.classes] }),
    source: [...train.paths, ...test.paths].join(', '),
    predefinedSplit: { trainRows: train.images.count },
    info: structuredClone(info),
  };
}

/**
 * Parse a CSV of scikit-learn's `sklearn/datasets/data`: `iris.csv` and `breast_cancer.csv` start with
 * `n_samples,n_features,class names…`; `digits.csv` has no header. Every row is `features…,class index`.
 * A wrong count, a ragged row, a non-number or a class index outside the classes is a `CORRUPT_FILE` naming
 * the file and line.
 */
export function parseSklearnCsv(text: string, file: string, opts: { header: boolean; rows: number; cols: number; classes: number; float32: boolean }): { X: Matrix; y: number[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const corrupt = (line: number, problem: string): DataError => new DataError('CORRUPT_FILE', `${file} line ${line}: ${problem}`, { file, line });
  let first = 0;
  if (opts.header) {
    const head = (lines[0] ?? '').split(',');
    if (Number(head[0]) !== opts.rows || Number(head[1]) !== opts.cols)
      throw corrupt(1, `the header says ${head[0] ?? '?'} rows of ${head[1] ?? '?'} features, expected ${opts.rows} of ${opts.cols}`);
    first = 1;
  }
  if (lines.length - first !== opts.rows) throw corrupt(lines.length, `the file holds ${lines.length - first} data rows, expected ${opts.rows} (truncated or padded)`);
  const values = opts.float32 ? new Float32Array(opts.rows * opts.cols) : new Float64Array(opts.rows * opts.cols);
  const y = new Array<number>(opts.rows);
  for (let i = 0; i < opts.rows; i++) {
    const line = first + i + 1;
    const fields = (lines[first + i] ?? '').replace(/\r$/, '').split(',');
    if (fields.length !== opts.cols + 1) throw corrupt(line, `${fields.length} fields, expected ${opts.cols} features and a class index`);
    for (let j = 0; j < opts.cols; j++) {
      const v = Number(fields[j]);
      if (fields[j]!.trim() === '' || !Number.isFinite(v)) throw corrupt(line, `field ${j + 1} is ${JSON.stringify(fields[j])}, not a number`);
      values[i * opts.cols + j] = v;
    }
    const label = Number(fields[opts.cols]);
    if (!Number.isInteger(label) || label < 0 || label >= opts.classes)
      throw corrupt(line, `class index ${JSON.stringify(fields[opts.cols])} is not one of 0–${opts.classes - 1}`);
    y[i] = label;
  }
  return { X: matrix(values, opts.rows, opts.cols), y };
}

/** The dataset of a scikit-learn CSV entry from its parsed rows. */
function sklearnDataset(info: DatasetInfo, parsed: { X: Matrix; y: number[] }, source: string): Dataset {
  const variant = info.targetVariants[0]!;
  const X = info.sampleShape === undefined ? parsed.X : matrix(parsed.X.values, parsed.X.rows, parsed.X.cols, info.sampleShape);
  return {
    id: info.id,
    task: variant.task,
    X,
    y: parsed.y,
    featureNames: [...info.features],
    targetName: variant.name,
    ...(variant.classes === undefined ? {} : { classes: [...variant.classes] }),
    source,
    info: structuredClone(info),
  };
}

/** Parses the decompressed content of a scikit-learn CSV entry's file with the entry's counts and layout. */
function parseSklearnContent(info: DatasetInfo, content: Uint8Array | string, path: string): { X: Matrix; y: number[] } {
  const image = info.sampleShape !== undefined;
  return parseSklearnCsv(typeof content === 'string' ? content : new TextDecoder().decode(content), path, {
    header: !image,
    rows: info.rows,
    cols: info.features.length,
    classes: info.targetVariants[0]!.classes?.length ?? 0,
    float32: image,
  });
}

/** A scikit-learn CSV set (digits, iris, breast-cancer). Digits is an image set: `Float32Array`, `[8, 8, 1]`. */
export async function loadSklearnSet(fn: string, info: DatasetInfo, opts: FetchDatasetOptions): Promise<Dataset> {
  let parsed: { X: Matrix; y: number[] } | undefined;
  const got: VerifiedPart = await obtainVerifiedPart(fn, info, part(fn, info, 'data'), opts, (content, path) => {
    parsed = parseSklearnContent(info, content, path);
  });
  parsed ??= parseSklearnContent(info, got.content, got.path);
  return sklearnDataset(info, parsed, got.path);
}

/**
 * A scikit-learn registry set (`digits`, `iris`, `breast-cancer`) from its file's decompressed content, read exactly
 * as {@link loadDataset} reads it but with no file or network access, so it also runs in browsers (the docs
 * playground fetches `digits.csv` from its own site). The content is checked for its structure (row and field
 * counts, numbers, class indices: `CORRUPT_FILE` naming `source` and the line), not its SHA-256, which needs
 * `node:crypto`; verify it yourself when the bytes come from somewhere untrusted.
 *
 * @param id A registry id whose format is `sklearn-csv`.
 * @param content The decompressed file content (bytes or text).
 * @param source Where the content came from, for errors and `Dataset.source`.
 * @example
 * ```ts
 * import { parseSklearnSet } from '@initlab/data';
 * const text = await (await fetch('/data/digits.csv')).text();
 * const digits = parseSklearnSet('digits', text, '/data/digits.csv'); // X: 1797 × 64 Float32Array, sampleShape [8, 8, 1]
 * ```
 */
export function parseSklearnSet(id: string, content: Uint8Array | string, source: string): Dataset {
  const fn = 'parseSklearnSet';
  const info = registryEntry(fn, id);
  if (info.format !== 'sklearn-csv') {
    const ids = listDatasets().filter((d) => d.format === 'sklearn-csv').map((d) => d.id);
    throw new DataError('UNKNOWN_DATASET', `${fn}: ${id} is not a scikit-learn CSV set; those are ${ids.join(', ')}`);
  }
  return sklearnDataset(info, parseSklearnContent(info, content, source), source);
}
