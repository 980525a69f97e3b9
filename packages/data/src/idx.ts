import { DataError } from './errors.js';

/** IDX magic numbers (big-endian int32): unsigned bytes, then the number of dimensions. */
export const IDX_MAGIC = { images: 2051, labels: 2049 } as const;

/**
 * One IDX file's header and payload (a view into the given bytes, not a copy).
 *
 * @example
 * ```ts
 * const { count, dims, data } = parseIdx(bytes, 'train-images-idx3-ubyte', 'images'); // 60000, [28, 28]
 * ```
 */
export interface IdxFile {
  /** What the magic number says the file holds. */
  kind: 'images' | 'labels';
  /** Number of items (images or labels). */
  count: number;
  /** Dimensions of one item: `[rows, cols]` for images, `[]` for labels. */
  dims: number[];
  /** `count × product(dims)` unsigned bytes, row-major; a view into the input. */
  data: Uint8Array;
}

/**
 * Read an IDX file (LeCun's format of MNIST and Fashion-MNIST): a big-endian int32 magic number (2051 for
 * images of unsigned bytes, 2049 for labels), the item count, for images the rows and columns, then exactly
 * `count × rows × cols` (or `count`) unsigned bytes. Refuses, with a one-line `CORRUPT_FILE` {@link DataError}
 * naming `file` and the problem, a file shorter than its header, another magic number than `kind`'s, zero
 * dimensions, and a payload shorter or longer than the header says (a truncated or padded file). Pure: no file
 * or network access, so it also runs in browsers.
 *
 * @example
 * ```ts
 * import { gunzipSync } from 'node:zlib';
 * const labels = parseIdx(gunzipSync(gz), 'train-labels-idx1-ubyte.gz', 'labels');
 * labels.count; // 60000
 * ```
 */
export function parseIdx(bytes: Uint8Array, file: string, kind: 'images' | 'labels'): IdxFile {
  const corrupt = (problem: string): DataError => new DataError('CORRUPT_FILE', `${file}: not a valid IDX ${kind} file: ${problem}`, { file });
  const headerBytes = kind === 'images' ? 16 : 8;
  if (bytes.byteLength < headerBytes)
    throw corrupt(`it holds ${bytes.byteLength} bytes, fewer than the ${headerBytes}-byte header (truncated)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getInt32(0, false);
  if (magic !== IDX_MAGIC[kind]) {
    const other = kind === 'images' ? 'labels' : 'images';
    const hint = magic === IDX_MAGIC[other] ? ` (that is an IDX ${other} file)` : '';
    throw corrupt(`magic number ${magic}${hint}; ${kind} files start with ${IDX_MAGIC[kind]}`);
  }
  const count = view.getInt32(4, false);
  const dims = kind === 'images' ? [view.getInt32(8, false), view.getInt32(12, false)] : [];
  if (count < 0 || dims.some((d) => d <= 0))
    throw corrupt(`the header says ${count} items of ${dims.join(' × ') || 'one byte'}; counts and dimensions must be positive`);
  const itemBytes = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * itemBytes;
  if (bytes.byteLength !== expected) {
    const what = bytes.byteLength < expected ? 'truncated' : 'trailing bytes after the payload';
    throw corrupt(
      `the header says ${count} ${kind}${dims.length > 0 ? ` of ${dims.join(' × ')}` : ''}, which is ${expected} bytes, but the file holds ${bytes.byteLength} (${what})`,
    );
  }
  return { kind, count, dims, data: bytes.subarray(headerBytes) };
}
