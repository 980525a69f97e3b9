// Drawing images in a terminal with Unicode half blocks: one character cell shows two pixel rows, the upper
// half block's foreground the top pixel and its background the bottom one. Without colour (NO_COLOR, CI, a
// pipe) each pixel is on or off at half the image's maximum, so the picture still reads in a log.
import { row, type Matrix } from '@initlab/matrix';
import { UsageError } from './errors.js';

/** ANSI 256-colour grey ramp: 232 (near black) … 255 (near white), 24 steps. */
const grey = (v: number, max: number): number => 232 + Math.round((max > 0 ? Math.min(1, Math.max(0, v / max)) : 0) * 23);

/**
 * One image (a row of `m`, laid out by its sample shape, first channel) as lines of half-block characters,
 * `width` characters wide and `ceil(height / 2)` lines high.
 */
export function imageLines(m: Matrix, index: number, color: boolean): string[] {
  const [height = 1, width = m.cols] = m.sampleShape ?? [1, m.cols];
  const channels = m.cols / (height * width);
  const pixels = row(m, index);
  let max = 0;
  for (const v of pixels) if (v > max) max = v;
  const at = (r: number, c: number): number => (r < height ? pixels[(r * width + c) * channels]! : 0);
  const lines: string[] = [];
  for (let r = 0; r < height; r += 2) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const top = at(r, c);
      const bottom = at(r + 1, c);
      if (color) {
        line += `\u001b[38;5;${grey(top, max)}m\u001b[48;5;${grey(bottom, max)}m▀`;
      } else {
        const t = max > 0 && top >= max / 2;
        const b = max > 0 && bottom >= max / 2;
        line += t && b ? '█' : t ? '▀' : b ? '▄' : ' ';
      }
    }
    lines.push(color ? `${line}\u001b[0m` : line);
  }
  return lines;
}

/**
 * `--index` as a list of row indices: `N`, `A..B` (both ends included, as in a shell's `{0..8}`), or a comma
 * list of those (`0..3,10`). Every index must lie in `[0, rows)`; at most `limit` images.
 */
export function parseIndexList(text: string, rows: number, limit = 64): number[] {
  const rule = `--index must be N, A..B (both included) or a comma list of those, each in [0, ${rows - 1}]`;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (m === null) throw new UsageError(`${rule}, got '${text}'`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new UsageError(`${rule}; '${part.trim()}' ends before it starts, got '${text}'`);
    if (b >= rows) throw new UsageError(`${rule}; ${b} is past the last row, got '${text}'`);
    for (let i = a; i <= b; i++) out.push(i);
    if (out.length > limit) throw new UsageError(`--index selects more than ${limit} images; choose fewer, got '${text}'`);
  }
  return out;
}

/**
 * Images side by side, as many per band as fit in `columns` characters (two spaces apart), each with a
 * caption `#index label` under it, cut to the image's width.
 */
export function previewGrid(m: Matrix, indices: readonly number[], caption: (i: number) => string, color: boolean, columns = 100): string {
  const width = m.sampleShape?.[1] ?? m.cols;
  const cell = Math.max(width, 8);
  const perBand = Math.max(1, Math.floor((columns + 2) / (cell + 2)));
  const bands: string[] = [];
  for (let start = 0; start < indices.length; start += perBand) {
    const group = indices.slice(start, start + perBand);
    const pictures = group.map((i) => imageLines(m, i, color));
    const lines: string[] = [];
    for (let l = 0; l < pictures[0]!.length; l++) {
      lines.push(pictures.map((p) => p[l]! + ' '.repeat(cell - width)).join('  ').trimEnd());
    }
    lines.push(group.map((i) => [...caption(i)].slice(0, cell).join('').padEnd(cell)).join('  ').trimEnd());
    bands.push(lines.join('\n'));
  }
  return `${bands.join('\n\n')}\n`;
}
