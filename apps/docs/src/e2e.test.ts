/**
 * End-to-end tests of the BUILT documentation site (`apps/docs/dist`), served by a small static server on
 * 127.0.0.1 and driven in Debian's Chromium through playwright-core. Build the site first:
 * `pnpm turbo run build --filter=@initlab/docs` (or `pnpm --filter @initlab/docs build`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDatasetInfo } from '@initlab/data';
import { listInitializers } from '@initlab/initializers';
import { formatValue, invisibleMarks } from '@initlab/report';
import { criticalSigmaW2, meanField } from '@initlab/theory';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(appDir, 'dist');
const repoRoot = resolve(appDir, '..', '..');
const screenshotDir = join(repoRoot, 'test-output', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dist/` as a static host would: `/x/` → `/x/index.html`, `/x` → `/x.html` when that exists, else 404.html. */
function startServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = normalize(join(distDir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(distDir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    else if (!existsSync(path) && existsSync(`${path}.html`)) path = `${path}.html`;
    if (!existsSync(path)) {
      res.writeHead(404, { 'content-type': MIME['.html']! }).end(readFileSync(join(distDir, '404.html')));
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => done({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** Every page of the built site, as a URL path. */
function sitePages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html') && name !== '404.html') out.push(`/${relative(distDir, full).split(sep).join('/')}`);
    }
  };
  walk(distDir);
  return out.sort();
}

/** Collects what a page must not do: console errors, uncaught exceptions, failed or off-site requests. */
function watch(page: Page, origin: string): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`off-site request: ${url}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { problems };
}

/** Loads every image eagerly and reports broken ones and ones without a text alternative. */
async function checkImages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>('.VPContent img')];
    await Promise.all(
      imgs.map((img) => {
        img.loading = 'eager';
        if (img.complete) return null;
        return new Promise((done) => {
          img.addEventListener('load', done);
          img.addEventListener('error', done);
        });
      }),
    );
    await Promise.all(imgs.map((img) => (img.complete ? null : new Promise((done) => setTimeout(done, 2000)))));
    const bad: string[] = [];
    for (const img of imgs) {
      if (!img.complete || img.naturalWidth === 0) bad.push(`broken image ${img.src}`);
      if (!img.hasAttribute('alt')) bad.push(`image without alt ${img.src}`);
      else if (img.alt.trim() === '' && !img.closest('.VPHero, .VPNavBarTitle')) bad.push(`image with empty alt ${img.src}`);
    }
    return bad;
  });
}

let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(
      `the docs site is not built: ${join(distDir, 'index.html')} is missing. Build it first with ` +
        '`pnpm turbo run build --filter=@initlab/docs` (or `pnpm --filter @initlab/docs build`), then run the tests again.',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  ({ server, origin } = await startServer());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

describe('the built docs site', () => {
  it('loads every page at phone width with no console error, no failed or off-site request, no broken or undescribed image, nothing wider than the screen', async () => {
    const pages = sitePages();
    expect(pages.length).toBeGreaterThan(30);
    // 375 px, as a phone: the widths are checked in the same visit as everything else.
    const context = await browser!.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const report: string[] = [];
    const visit = async (path: string): Promise<void> => {
      // A fresh tab per page: requests the previous page left in flight (VitePress prefetches linked pages) are not
      // this page's failures, and closing a tab after its listeners are gone cannot report them.
      const page = await context.newPage();
      const { problems } = watch(page, origin);
      await page.goto(origin + path, { waitUntil: 'load' });
      if ((await page.locator('h1').count()) === 0) problems.push('no h1 heading');
      problems.push(...(await checkImages(page)));
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      if (scroll > client + 1) problems.push(`${scroll}px wide in a ${client}px viewport`);
      if (problems.length) report.push(`${path}:\n  ${problems.join('\n  ')}`);
      page.removeAllListeners();
      await page.close();
    };
    // Three tabs at a time keep the run short on a small machine.
    const queue = [...pages];
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) await visit(path);
    }));
    const phone = await context.newPage();
    await phone.goto(`${origin}/`, { waitUntil: 'load' });
    await phone.screenshot({ path: join(screenshotDir, 'home-375.png') });
    await phone.goto(`${origin}/guide/signal-propagation.html`, { waitUntil: 'load' });
    await phone.screenshot({ path: join(screenshotDir, 'guide-375.png') });
    await context.close();
    expect(report, report.join('\n')).toEqual([]);
  }, 120_000);

  it('has a catalogue page for every initializer in listInitializers(), each with its formula and a described histogram', async () => {
    const names = listInitializers().map((i) => i.name);
    expect(names.length).toBeGreaterThan(10);
    const context = await browser!.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/catalogue/`, { waitUntil: 'load' });
    const linked = await page.$$eval('.vp-doc a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    for (const name of names) {
      expect(linked, `the catalogue index links to ${name}`).toContain(`/catalogue/${name}.html`);
      const html = readFileSync(join(distDir, 'catalogue', `${name}.html`), 'utf8');
      expect(html).toContain(`<h1`);
      expect(html).toMatch(new RegExp(`<h1[^>]*>${name}`));
      expect(html, `${name}: KaTeX formula`).toContain('class="katex');
      expect(html, `${name}: histogram with alt text`).toMatch(new RegExp(`<img src="/figures/catalogue-${name}\\.svg" alt="Histogram of [^"]+"`));
      expect(existsSync(join(distDir, 'figures', `catalogue-${name}.svg`))).toBe(true);
    }
    await context.close();
  });

  it('playground: shows per-layer histograms, updates them, trains several initializers and redraws the loss chart', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems } = watch(page, origin);
    await page.goto(`${origin}/playground.html`, { waitUntil: 'load' });
    const hist = page.getByTestId('histograms');
    await expect.poll(() => hist.locator('svg .mark-rect path').count(), { timeout: 30_000 }).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);

    // Changing the activation redraws the histograms.
    const before = await hist.innerHTML();
    await page.getByTestId('activation').selectOption('relu');
    await expect.poll(() => hist.innerHTML(), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toMatch(/relu/);

    // A shallower network trains faster on a busy machine; the page caps training depth at 8 anyway.
    await page.getByTestId('depth').evaluate((el: HTMLInputElement) => {
      el.value = '4';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toMatch(/^Ready: 4 × /);

    // Train: the loss chart gets one line per initializer and the results table appears.
    const loss = page.getByTestId('loss-chart');
    const lossBefore = await loss.innerHTML();
    expect(await loss.locator('svg .mark-line path').count()).toBe(0);
    await page.getByTestId('train').click();
    await page.getByTestId('train-results').waitFor({ state: 'visible', timeout: 45_000 });
    const lossAfter = await loss.innerHTML();
    expect(lossAfter).not.toBe(lossBefore);
    const lines = await loss.locator('svg .mark-line path').count();
    expect(lines).toBeGreaterThanOrEqual(4);
    // the charts drawn in the page draw their data too: every line and bar has a colour
    expect(lossAfter).toMatch(/<g class="mark-line role-mark/);
    expect(invisibleMarks(lossAfter)).toEqual([]);
    expect(invisibleMarks(await hist.innerHTML())).toEqual([]);
    const rows = await page.getByTestId('train-results').locator('tbody tr').count();
    expect(rows).toBe(lines);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Trained \d+ models/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir, 'playground.png'), fullPage: true });

    // The WASM backend loads its binaries from the site itself.
    await page.getByTestId('backend').selectOption('wasm');
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);
    expect(await page.getByTestId('std-summary').textContent()).toContain('on wasm');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('playground: trains on digits fetched from the site, and he_normal beats the majority-class baseline', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems } = watch(page, origin);
    const dataRequests: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/data/')) dataRequests.push(new URL(req.url()).pathname);
    });
    await page.goto(`${origin}/playground.html`, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);
    // he_normal with relu, 2 layers: the chosen initializer is trained beside the four reference ones.
    await page.getByTestId('initializer').selectOption('he_normal');
    await page.getByTestId('activation').selectOption('relu');
    await page.getByTestId('depth').evaluate((el: HTMLInputElement) => {
      el.value = '2';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toMatch(/^Ready: 2 × \d+ relu net, he_normal/);
    await page.getByTestId('dataset').selectOption('digits');
    const info = getDatasetInfo('digits');
    await expect.poll(() => page.getByTestId('dataset-summary').textContent(), { timeout: 20_000 }).toMatch(/training rows and \d+ held out, 10 classes, 8 × 8 images/);
    const summary = (await page.getByTestId('dataset-summary').textContent())!;
    const [, train, test] = /(\d+) training rows and (\d+) held out/.exec(summary)!;
    expect(Number(train) + Number(test)).toBe(info.rows);
    expect(dataRequests).toEqual([`/data/${info.files![0]!.path}`]);

    await page.getByTestId('train').click();
    await page.getByTestId('train-results').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Trained \d+ models on digits/);
    const percent = (text: string | null): number => {
      const m = /^(\d+(?:\.\d+)?)%$/.exec((text ?? '').trim());
      expect(m, `a percentage: '${text}'`).not.toBeNull();
      return Number(m![1]) / 100;
    };
    const accuracy = percent(await page.locator('[data-initializer="he_normal"] [data-testid="accuracy"]').textContent());
    const baseline = percent(await page.getByTestId('baseline-accuracy').textContent());
    for (const x of [accuracy, baseline]) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(accuracy).toBeGreaterThan(baseline);
    // zeros cannot break the symmetry: it stays near the baseline, so the table really shows each model's own score
    const zeros = percent(await page.locator('[data-initializer="zeros"] [data-testid="accuracy"]').textContent());
    expect(zeros).toBeLessThan(accuracy);
    const loss = page.getByTestId('loss-chart');
    expect(await loss.locator('svg .mark-line path').count()).toBeGreaterThanOrEqual(4);
    expect(invisibleMarks(await loss.innerHTML())).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'playground-digits.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 150_000);

  it('playground: the σ_w² / σ_b² control builds that network and places it on the phase diagram, as @initlab/theory computes', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems } = watch(page, origin);
    await page.goto(`${origin}/playground.html`, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);
    await page.getByTestId('initializer').selectOption('mean-field');
    const slide = async (id: string, value: string): Promise<void> =>
      page.getByTestId(id).evaluate((el: HTMLInputElement, v: string) => {
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
    await slide('sigma-w2', '2.5');
    await slide('sigma-b2', '0.05');
    const expected = meanField('tanh', { sigmaW2: 2.5, sigmaB2: 0.05 });
    await expect.poll(() => page.getByTestId('phase-summary').textContent(), { timeout: 20_000 }).toContain('σ_w² = 2.5, σ_b² = 0.05 is chaotic');
    const summary = (await page.getByTestId('phase-summary').textContent())!.replace(/\s+/g, ' ');
    // The page's numbers are the theory package's, at 3 significant digits.
    for (const [name, value] of [['χ₁', expected.chi1], ['q*', expected.qStar], ['ξ_c', expected.xiC]] as const) {
      expect(summary).toContain(`${name} = ${formatValue(value, 3)}`);
    }
    expect(summary).toContain(`the edge of chaos at this σ_b² is σ_w² = ${formatValue(criticalSigmaW2('tanh', { sigmaB2: 0.05 }), 3)}`);
    // The measured network is the one the sliders describe.
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toMatch(/variance_scaling:scale=2\.5,mode=fan_in,distribution=untruncated_normal/);
    const chart = page.getByTestId('phase-chart');
    await expect.poll(() => chart.locator('svg .mark-line path').count(), { timeout: 10_000 }).toBe(1);
    expect(await chart.locator('svg .mark-symbol path').count()).toBe(1);
    expect(invisibleMarks(await chart.innerHTML())).toEqual([]);
    await slide('sigma-w2', '1.2');
    await expect.poll(() => page.getByTestId('phase-summary').textContent(), { timeout: 20_000 }).toContain('is ordered');
    await page.screenshot({ path: join(screenshotDir, 'playground-phase.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('writes a screenshot of the home page', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { problems } = watch(page, origin);
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    expect(await page.locator('.VPHero .name').textContent()).toContain('initlab');
    await page.screenshot({ path: join(screenshotDir, 'home.png'), fullPage: true });
    expect(existsSync(join(screenshotDir, 'home.png'))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
