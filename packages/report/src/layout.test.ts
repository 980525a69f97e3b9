/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML report in a browser (Debian's Chromium through playwright-core), at a laptop's 1280 px and a phone's
// 375 px, for a 2-run, an 80-run and a 540-run experiment: nothing scrolls the page sideways, every chart label
// is whole or, where cut, still unique, no two labels of a chart overlap, and chart descriptions stay out of sight
// yet in the accessibility tree. A screenshot of each case goes to test-output/screenshots/ for a person to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from './report.js';
import { loadFixture, syntheticGrid } from './test-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-output', 'screenshots');
const WIDTHS = [1280, 375] as const;
// The labels of the grids real sweeps have: long initializer specs, several axes.
const INITIALIZERS = ['zeros', 'random_normal:stddev=0.01', 'glorot_uniform', 'he_normal', 'variance_scaling:scale=2,mode=fan_in,distribution=untruncated_normal'];

let browser: Browser;
const pages = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const wine = await loadFixture('wine');
  const cases = {
    'two-runs': { meta: wine.meta, results: wine.results.filter((r) => r.seed === 0).slice(0, 2) },
    '80-runs': await syntheticGrid({ initializers: INITIALIZERS, grid: { activation: ['relu', 'tanh'], depth: [2, 4] }, seeds: 4 }),
    '540-runs': await syntheticGrid({ initializers: INITIALIZERS, grid: { activation: ['relu', 'tanh', 'selu'], depth: [2, 4, 8], width: [16, 32, 64, 128] }, seeds: 3 }),
  };
  const dir = join(tmpdir(), `initlab-layout-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  for (const [name, input] of Object.entries(cases)) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, (await renderReport(input)).html);
    pages.set(name, file);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

interface LabelBox {
  chart: string;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  rotated: boolean;
}

/** Every text of every chart with its box on the page; rotated labels are flagged (their boxes are not their shapes). */
async function chartLabels(page: Page): Promise<LabelBox[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure svg')].flatMap((svg, i) =>
      [...svg.querySelectorAll('text')].flatMap((t) => {
        const r = t.getBoundingClientRect();
        if (r.width === 0 || (t.textContent ?? '').trim() === '') return [];
        const rotated = /rotate\((?!0[,)])/.test(t.getAttribute('transform') ?? '');
        return [{ chart: svg.closest('figure')?.id || String(i), text: (t.textContent ?? '').trim(), x: r.x, y: r.y, width: r.width, height: r.height, rotated }];
      }),
    ),
  );
}

/** Pairs of labels in one chart whose boxes overlap by more than a pixel each way. */
function collisions(labels: readonly LabelBox[]): string[] {
  const out: string[] = [];
  const flat = labels.filter((l) => !l.rotated);
  for (let i = 0; i < flat.length; i++) {
    for (let j = i + 1; j < flat.length; j++) {
      const a = flat[i]!;
      const b = flat[j]!;
      if (a.chart !== b.chart) continue;
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) out.push(`${a.chart}: "${a.text}" over "${b.text}"`);
    }
  }
  return out;
}

describe('the HTML report in Chromium', () => {
  for (const name of ['two-runs', '80-runs', '540-runs']) {
    for (const width of WIDTHS) {
      it(`${name} at ${width} px: no sideways scroll, no cut label that reads like another, no overlapping labels`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.goto(`file://${pages.get(name)!}`);
          await page.screenshot({ path: join(screenshotDir, `report-${name}-${width}.png`), fullPage: false });
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
          expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(clientWidth);
          const labels = await chartLabels(page);
          expect(labels.length).toBeGreaterThan(20);
          expect(collisions(labels)).toEqual([]);
          // A label cut with an ellipsis must not read the same as another cut label of its chart.
          const cut = labels.filter((l) => l.text.endsWith('…'));
          const repeated = cut.filter((l, i) => cut.findIndex((m) => m.chart === l.chart && m.text === l.text) !== i);
          expect(repeated.map((l) => `${l.chart}: ${l.text}`)).toEqual([]);
          // Descriptions for screen readers: in the accessibility tree, out of sight.
          const descriptions = await page.evaluate(() =>
            [...document.querySelectorAll('figure [id$="-description"], figure .visually-hidden')].map((e) => {
              const r = e.getBoundingClientRect();
              return { text: (e.textContent ?? '').length, area: r.width * r.height };
            }),
          );
          expect(descriptions.length).toBeGreaterThan(0);
          for (const d of descriptions) {
            expect(d.text).toBeGreaterThan(20);
            expect(d.area).toBeLessThanOrEqual(1);
          }
        } finally {
          await page.close();
        }
      }, 120_000);
    }
  }
});
