/**
 * A grid of an image data set's samples as one grayscale PNG: one row per class, the first `perClass` images of that
 * class among the rows `[0, rowLimit)` in file order, each pixel drawn as a `scale × scale` block (nearest neighbour,
 * so nothing is smoothed) with a `gap`-pixel grey line between tiles. Encoding is fast-png's.
 */
import { encode } from 'fast-png';
import type { Matrix } from '@initlab/matrix';

/** Grey level of the lines between tiles: mid grey, distinct from the black background of every image set. */
export const GAP_GREY = 128;

export interface SampleGridOptions {
  /** Images per class (columns of the grid). */
  perClass: number;
  /** Number of classes (rows of the grid); labels are `0..classes-1`. */
  classes: number;
  /** Only rows `[0, rowLimit)` are candidates (the training part of a set with a published split). */
  rowLimit: number;
  /** Integer upscaling factor (nearest neighbour). */
  scale: number;
  /** Pixels between tiles (after scaling). */
  gap: number;
}

export interface SampleGrid {
  png: Uint8Array;
  width: number;
  height: number;
  /** Height and width of one tile in PNG pixels (`sampleShape` × `scale`). */
  tile: { height: number; width: number };
  /** `indices[k]` = the data set rows shown in grid row `k` (class `k`), left to right. */
  indices: number[][];
  /** The largest pixel value in the whole set: grey = round(255 · value / maxValue). */
  maxValue: number;
}

/** The grey level (0–255) of a pixel value, for a set whose largest value is `maxValue` (255: the value itself). */
export function grey(value: number, maxValue: number): number {
  return Math.round((255 * value) / maxValue);
}

/** The first `perClass` rows of each class among rows `[0, rowLimit)`, in file order; throws when a class has fewer. */
export function firstRowsPerClass(y: readonly number[], classes: number, perClass: number, rowLimit: number): number[][] {
  const picked = Array.from({ length: classes }, () => [] as number[]);
  let missing = classes;
  for (let i = 0; i < rowLimit && missing > 0; i++) {
    const rows = picked[y[i]!];
    if (rows === undefined) throw new Error(`sample grid: row ${i} has label ${y[i]}, outside 0–${classes - 1}`);
    if (rows.length < perClass) {
      rows.push(i);
      if (rows.length === perClass) missing -= 1;
    }
  }
  const short = picked.findIndex((r) => r.length < perClass);
  if (short !== -1) throw new Error(`sample grid: class ${short} has ${picked[short]!.length} rows among the first ${rowLimit}, fewer than ${perClass}`);
  return picked;
}

/** Draws the grid of `X` (a matrix with a `[height, width, 1]` sample shape) and encodes it as an 8-bit grayscale PNG. */
export function sampleGrid(X: Matrix, y: readonly number[], opts: SampleGridOptions): SampleGrid {
  const [h, w, channels] = X.sampleShape ?? [];
  if (h === undefined || w === undefined || channels !== 1 || h * w !== X.cols) {
    throw new Error(`sample grid: needs single-channel images with a sample shape [h, w, 1], got ${JSON.stringify(X.sampleShape)} for ${X.cols} columns`);
  }
  if (!Number.isInteger(opts.scale) || opts.scale < 1) throw new Error(`sample grid: scale must be a positive integer, got ${opts.scale}`);
  let maxValue = 0;
  for (const v of X.values) if (v > maxValue) maxValue = v;
  if (maxValue <= 0) throw new Error('sample grid: every pixel is 0');
  const indices = firstRowsPerClass(y, opts.classes, opts.perClass, Math.min(opts.rowLimit, X.rows));
  const tile = { height: h * opts.scale, width: w * opts.scale };
  const width = opts.perClass * tile.width + (opts.perClass - 1) * opts.gap;
  const height = opts.classes * tile.height + (opts.classes - 1) * opts.gap;
  const data = new Uint8Array(width * height).fill(GAP_GREY);
  indices.forEach((rows, k) => {
    rows.forEach((i, c) => {
      const top = k * (tile.height + opts.gap);
      const left = c * (tile.width + opts.gap);
      const base = i * X.cols;
      for (let py = 0; py < tile.height; py++) {
        const src = base + Math.floor(py / opts.scale) * w;
        const out = (top + py) * width + left;
        for (let px = 0; px < tile.width; px++) data[out + px] = grey(X.values[src + Math.floor(px / opts.scale)]!, maxValue);
      }
    });
  });
  const png = encode({ width, height, data, depth: 8, channels: 1 });
  return { png, width, height, tile, indices, maxValue };
}
