/**
 * The data set pages: the sample-grid drawing on small made-up images (no build needed), then the BUILT pages
 * (`apps/docs/dist/datasets/`) against the registry and the data sets themselves, loaded here from
 * INITLAB_DATA_DIR. Build the site first: `pnpm turbo run build --filter=@initlab/docs...`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDatasets, loadDataset, type Dataset } from '@initlab/data';
import { matrix } from '@initlab/matrix';
import { decode as decodePng } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_GAP, SAMPLES_PER_CLASS, sampleGridFile, sampleScale } from '../scripts/datasets.js';
import { GAP_GREY, firstRowsPerClass, grey, sampleGrid } from '../scripts/lib/sample-grid.js';
import { decode } from './site-check.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(appDir, 'dist');
const dataDir = process.env.INITLAB_DATA_DIR ?? resolve(appDir, '..', '..', '..', 'shared', 'datasets');

describe('sampleGrid', () => {
  // 5 images of 2 × 3 pixels, labels 1, 0, 1, 0, 1: values that say which image and pixel they are.
  const X = matrix(Float32Array.from({ length: 5 * 6 }, (_, k) => k), 5, 6, [2, 3, 1]);
  const y = [1, 0, 1, 0, 1];

  it('takes the first rows of each class in file order, within the row limit, and refuses a class that is short', () => {
    expect(firstRowsPerClass(y, 2, 2, 5)).toEqual([[1, 3], [0, 2]]);
    expect(() => firstRowsPerClass(y, 2, 2, 3)).toThrow(/class 0 has 1 rows among the first 3, fewer than 2/);
    expect(() => firstRowsPerClass([0, 2], 2, 1, 2)).toThrow(/label 2, outside 0–1/);
  });

  it('draws one row per class, each pixel a scale × scale block, grey lines between tiles', () => {
    const grid = sampleGrid(X, y, { perClass: 2, classes: 2, rowLimit: 5, scale: 3, gap: 1 });
    const png = decodePng(grid.png);
    expect([png.width, png.height, png.channels, png.depth]).toEqual([2 * 9 + 1, 2 * 6 + 1, 1, 8]);
    expect([grid.width, grid.height]).toEqual([png.width, png.height]);
    expect(grid.maxValue).toBe(29);
    const at = (r: number, c: number): number => png.data[r * png.width + c]!;
    // grid row 1 (class 1), column 1: image 2; its pixel (1, 2) is value 2·6 + 1·3 + 2 = 17, drawn at rows 7+3..7+5
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) expect(at(7 + 3 + dy, 10 + 6 + dx)).toBe(grey(17, 29));
    // grid row 0, column 0: image 1, pixel (0, 0) = 6
    expect(at(0, 0)).toBe(grey(6, 29));
    expect(at(6, 0)).toBe(GAP_GREY);
    expect(at(0, 9)).toBe(GAP_GREY);
    expect(grey(255, 255)).toBe(255);
    expect(grey(8, 16)).toBe(128);
  });

  it('refuses data that are not single-channel images', () => {
    expect(() => sampleGrid(matrix(new Float32Array(6), 1, 6), [0], { perClass: 1, classes: 1, rowLimit: 1, scale: 1, gap: 0 })).toThrow(/sample shape/);
    expect(() => sampleGrid(X, y, { perClass: 1, classes: 2, rowLimit: 5, scale: 1.5, gap: 0 })).toThrow(/positive integer/);
  });
});

/** The text of a built page's table cell next to `label` in a two-column facts table. */
function fact(html: string, label: string): string {
  const m = new RegExp(`<tr><td>${label}</td><td>([\\s\\S]*?)</td></tr>`).exec(html);
  return m ? decode(m[1]!.replace(/<[^>]+>/g, '')) : '';
}

/** Rows of the built page's table whose header starts with `code | class`: [code, class, ...numbers]. */
function classTable(html: string): string[][] {
  const t = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).find((x) => /<th[^>]*>code<\/th>\s*<th[^>]*>class<\/th>/.test(x));
  if (t === undefined) return [];
  return [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!.replace(/<[^>]+>/g, '')).trim()))
    .filter((r) => r.length > 0);
}

const count = (text: string): number => Number(text.replace(/,/g, ''));

describe('the built data set pages', () => {
  const infos = listDatasets();
  const loaded = new Map<string, Dataset>();

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'datasets', 'index.html'))) {
      throw new Error(`the docs site is not built: ${join(distDir, 'datasets', 'index.html')} is missing. Build it first with \`pnpm turbo run build --filter=@initlab/docs...\``);
    }
  });

  async function load(id: string): Promise<Dataset> {
    const got = loaded.get(id) ?? (await loadDataset(id, { dataDir, offline: true }));
    loaded.set(id, got);
    return got;
  }

  it('the index links to a page for every registry data set, with its row count', async () => {
    expect(infos.length).toBeGreaterThanOrEqual(10);
    const html = readFileSync(join(distDir, 'datasets', 'index.html'), 'utf8');
    for (const info of infos) {
      expect(html, info.id).toContain(`href="/datasets/${info.id}.html"`);
      expect(existsSync(join(distDir, 'datasets', `${info.id}.html`)), info.id).toBe(true);
    }
  });

  for (const info of listDatasets()) {
    it(`${info.id}: states the loaded row, feature and class counts, and the class counts add up`, async () => {
      const ds = await load(info.id);
      const html = readFileSync(join(distDir, 'datasets', `${info.id}.html`), 'utf8');
      expect(html).toMatch(/<h1[^>]*>/);
      // the head's description attribute is whole (VitePress does not escape a double quote in it)
      expect(html).toMatch(/<meta name="description" content="[^"]+">/);
      const [rows, features] = fact(html, 'rows × features').split(' × ').map(count);
      expect([rows, features]).toEqual([ds.X.rows, ds.X.cols]);
      if (ds.classes === undefined) {
        expect(fact(html, 'classes')).toBe('');
        expect(classTable(html)).toEqual([]);
        return;
      }
      expect(fact(html, 'classes')).toMatch(new RegExp(`^${ds.classes.length}: 0 `));
      const table = classTable(html);
      expect(table.map((r) => r[1])).toEqual(ds.classes);
      const train = ds.predefinedSplit?.trainRows ?? ds.X.rows;
      ds.classes.forEach((_, k) => {
        const inTrain = ds.y.slice(0, train).filter((v) => v === k).length;
        const inTest = ds.y.slice(train).filter((v) => v === k).length;
        const cells = table[k]!.slice(2, ds.predefinedSplit ? 4 : 3).map(count);
        expect(cells, `${info.id} class ${k}`).toEqual(ds.predefinedSplit ? [inTrain, inTest] : [inTrain]);
      });
    });
  }

  for (const info of listDatasets().filter((d) => d.sampleShape !== undefined)) {
    it(`${info.id}: the sample grid is classes × ${SAMPLES_PER_CLASS} tiles and each class's first tile is that class's first training image`, async () => {
      const ds = await load(info.id);
      const html = readFileSync(join(distDir, 'datasets', `${info.id}.html`), 'utf8');
      const src = `/figures/${sampleGridFile(info.id)}`;
      const img = new RegExp(`<img src="${src.replace(/\./g, '\\.')}"[^>]*alt="([^"]+)"`).exec(html);
      expect(img, 'an <img> of the grid with alt text').not.toBeNull();
      const alt = decode(img![1]!);
      expect(alt).toContain(info.title);
      expect(alt).toContain(ds.classes!.join(', '));
      expect(html).toContain(`the first ${SAMPLES_PER_CLASS} ${ds.predefinedSplit ? 'training ' : ''}images of each class in file order`);

      const png = decodePng(readFileSync(join(distDir, src)));
      const [h, w] = ds.X.sampleShape!;
      const scale = sampleScale(w!);
      const classes = ds.classes!.length;
      const tileW = w! * scale;
      const tileH = h! * scale;
      expect([png.width, png.height, png.channels, png.depth]).toEqual([
        SAMPLES_PER_CLASS * tileW + (SAMPLES_PER_CLASS - 1) * SAMPLE_GAP,
        classes * tileH + (classes - 1) * SAMPLE_GAP,
        1,
        8,
      ]);
      let maxValue = 0;
      for (const v of ds.X.values) if (v > maxValue) maxValue = v;
      const trainRows = ds.predefinedSplit?.trainRows ?? ds.X.rows;
      for (let k = 0; k < classes; k++) {
        const first = ds.y.findIndex((v) => v === k);
        expect(first).toBeLessThan(trainRows);
        const top = k * (tileH + SAMPLE_GAP);
        const mismatches: string[] = [];
        for (let py = 0; py < tileH; py++) {
          for (let px = 0; px < tileW; px++) {
            const want = grey(ds.X.values[first * ds.X.cols + Math.floor(py / scale) * w! + Math.floor(px / scale)]!, maxValue);
            const got = png.data[(top + py) * png.width + px]!;
            if (got !== want) mismatches.push(`(${py}, ${px}): ${got} ≠ ${want}`);
          }
        }
        expect(mismatches.slice(0, 5), `${info.id} class ${k}, row ${first}`).toEqual([]);
      }
      // for a set of 8-bit pixels the grey levels are the pixel values themselves
      if (info.format === 'idx') expect(maxValue).toBe(255);
    });
  }
});
