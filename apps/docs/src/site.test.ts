/**
 * Checks of the BUILT site (`apps/docs/dist`) for four kinds of defect a reader meets:
 *
 * 1. a chart that draws axes and a legend but no data (every figure: each data mark has a visible stroke or
 *    fill; each colour, shape or dash scale's domain covers the values of its data);
 * 2. a generated number that renders as a placeholder ("—", "NaN", "undefined", "null") in any page;
 * 3. an ordering the prose claims but the numbers contradict: every `data-claim` on every page must hold on the
 *    published evidence.json, and measured text may state an ordering only inside such a claim or a generated
 *    value;
 * 4. a "reproduce with the CLI" command that does not reproduce the page: each one runs through the built CLI
 *    (with `--json` added) and its numbers are compared with the page's (relative tolerance 1e-6).
 *
 * Build the site first: `pnpm turbo run build --filter=@initlab/docs...`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colorDomainGaps, invisibleMarks, type VegaLiteSpec } from '@initlab/report';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClaim } from './claim-check.js';
import { pageFacts, placeholderProblems, reproductionProblems, shellWords, type PageFacts } from './site-check.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(appDir, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const cliBin = join(dirname(createRequire(import.meta.url).resolve('@initlab/cli/package.json')), 'dist', 'bin.js');

function htmlPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html') && name !== '404.html') out.push(relative(distDir, full).split(sep).join('/'));
    }
  };
  walk(distDir);
  return out.sort();
}

/** The hand-written pages (guide, home, playground): where claims and reproduce commands live. */
const handWritten = (path: string): boolean => path.startsWith('guide/') || path === 'index.html' || path === 'playground.html';

let browser: Browser | undefined;
let page: Page;
let evidence: unknown;
const facts = new Map<string, PageFacts>();

beforeAll(async () => {
  if (!existsSync(join(distDir, 'data', 'evidence.json'))) {
    throw new Error(`the docs site is not built: ${join(distDir, 'data', 'evidence.json')} is missing. Build it first with \`pnpm turbo run build --filter=@initlab/docs...\``);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  // A page whose numbers are published in a file of their own claims about them under that file's name:
  // `residual/…` is dist/data/residual.json (the residual-networks page).
  evidence = { ...JSON.parse(readFileSync(join(distDir, 'data', 'evidence.json'), 'utf8')), residual: JSON.parse(readFileSync(join(distDir, 'data', 'residual.json'), 'utf8')) };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  for (const path of htmlPages().filter(handWritten)) facts.set(path, await pageFacts(page, readFileSync(join(distDir, path), 'utf8')));
});

afterAll(async () => {
  await browser?.close();
});

describe('charts of the built site', () => {
  it('every figure draws its data: a visible stroke or fill on each data mark, a colour domain covering each series', () => {
    const figures = readdirSync(join(distDir, 'figures')).filter((f) => f.endsWith('.svg'));
    expect(figures.length).toBeGreaterThanOrEqual(40);
    const problems: string[] = [];
    for (const name of figures) {
      const svg = readFileSync(join(distDir, 'figures', name), 'utf8');
      for (const p of invisibleMarks(svg)) problems.push(`${name}: ${p}`);
      for (const t of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) if (/\b(NaN|undefined|null)\b/.test(t[1]!)) problems.push(`${name}: a label reads '${t[1]}'`);
      if (!/<g class="mark-\w+ role-mark/.test(svg)) problems.push(`${name}: no data mark at all`);
      const specPath = join(distDir, 'figures', name.replace(/\.svg$/, '.vl.json'));
      if (!existsSync(specPath)) {
        problems.push(`${name}: no spec at ${specPath} (written with the figure by writeFigure)`);
        continue;
      }
      const spec = JSON.parse(readFileSync(specPath, 'utf8')) as VegaLiteSpec;
      for (const p of colorDomainGaps(spec)) problems.push(`${name}: ${p}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe('numbers on the built pages', () => {
  it('no generated number renders as "—", "NaN", "undefined" or "null" on any page', () => {
    const pages = htmlPages();
    expect(pages.length).toBeGreaterThan(30);
    const problems = pages.flatMap((p) => placeholderProblems(readFileSync(join(distDir, p), 'utf8')).map((m) => `${p}: ${m}`));
    expect(problems, problems.join('\n')).toEqual([]);
    // the interpolated values are marked, so the check above saw them
    const guide = readFileSync(join(distDir, 'guide', 'signal-propagation.html'), 'utf8');
    expect([...guide.matchAll(/<span class="gen">/g)].length).toBeGreaterThan(30);
  });
});

describe('ordering claims on the built pages', () => {
  it('every declared claim holds on the published evidence', () => {
    const all = [...facts].flatMap(([path, f]) => f.claims.map((c) => ({ path, ...c })));
    expect(all.length).toBeGreaterThan(25);
    const problems = all.flatMap(({ path, claim, text }) => {
      if (text === '') return [`${path}: data-claim="${claim}" marks no text`];
      return checkClaim(claim, evidence).map((p) => `${path}: "${text.slice(0, 80)}…" [${claim}]: ${p}`);
    });
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('measured text states an ordering only inside a declared claim or a generated value', () => {
    const problems = [...facts].flatMap(([path, f]) => f.undeclared.map((s) => `${path}: "${s}"`));
    expect(problems, `ordering words outside a data-claim (declare the claim, or generate the words from the numbers):\n${problems.join('\n')}`).toEqual([]);
  });
});

/** Runs `initlab ARGS --json` through the built CLI. */
function runJson(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliBin, ...args, '--json'], {
      env: { ...process.env, NO_COLOR: '1', CI: 'true', INITLAB_OFFLINE: '1', INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? resolve(appDir, '..', '..', '..', 'shared', 'datasets') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('"reproduce with the CLI" commands', () => {
  it('every initlab command on a guide page is declared as reproducing its numbers', () => {
    const stray = [...facts].filter(([path]) => path.startsWith('guide/')).flatMap(([path, f]) => f.strayCommands.map((c) => `${path}: ${c}`));
    expect(stray, `wrap each in <div class="reproduce" data-reproduces="…">:\n${stray.join('\n')}`).toEqual([]);
  });

  it('each one, run through the built CLI, prints the numbers of its page', async () => {
    expect(existsSync(cliBin), `${cliBin} is missing: build the CLI (turbo run build --filter=@initlab/docs... builds it)`).toBe(true);
    const commands = [...facts].flatMap(([path, f]) => f.reproduce.flatMap((r) => r.command.trim().split(/\n(?=initlab\s)/).map((command) => ({ path, reproduces: r.reproduces, command }))));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const problems: string[] = [];
    for (const { path, reproduces, command } of commands) {
      const words = shellWords(command);
      if (words[0] !== 'initlab') {
        problems.push(`${path}: "${command}" does not start with initlab`);
        continue;
      }
      const run = await runJson(words.slice(1));
      if (run.code !== 0) {
        problems.push(`${path}: "${command}" exited ${String(run.code)}: ${run.stderr.trim()}`);
        continue;
      }
      for (const p of reproductionProblems(reproduces, JSON.parse(run.stdout), evidence as Parameters<typeof reproductionProblems>[2])) problems.push(`${path}: "${command}": ${p}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 300_000);
});
