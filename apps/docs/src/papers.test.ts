/**
 * The Papers section (scripts/papers.ts). First, without a build: a made-up paper file with one measurement of
 * every kind, run in its reduced form, is drawn and paged as the generator does it, and the run-file rules
 * (missing, stale, not a default run, orphaned) fail with their one-line errors. Then the generated pages of
 * every shipped paper file (`docs/papers/`, `docs/.generated/papers.json`, `docs/public/figures/paper-*`)
 * against the committed runs: run `tsx --conditions=source scripts/generate.ts --only papers` (or the docs
 * build) first.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@initlab/backends';
import { loadPaper, paperDefinition, paperIds, parsePaper, runPaper, type PaperFile } from '@initlab/experiments';
import { meanField } from '@initlab/theory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFigureDrawsData, isNumber, layersOf } from './figure-expect.js';
import { placeholderProblems } from './site-check.js';
import { esc, num } from '../scripts/lib/md.js';
import { renderSvg, withSiteConfig } from '../scripts/lib/render.js';
import {
  durationText,
  estimateText,
  measureFigures,
  orphanRuns,
  PAPER_RUNS,
  paperPage,
  paperRunsDir,
  readRun,
  recordCommand,
  rerunCommand,
  type FigureSource,
  type PaperPageFacts,
  type PaperRun,
  type Undrawn,
} from '../scripts/papers.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(appDir, 'docs');
const figuresDir = join(docsDir, 'public', 'figures');
const dataDir = process.env.INITLAB_DATA_DIR ?? resolve(appDir, '..', '..', '..', 'shared', 'datasets');

/** Every kind of measurement, small; the train ones on the synthetic moons set (no file needed). */
const ALL_KINDS = `
id: kinds-2000
title: One measurement of every kind
paper: { title: A made-up paper, authors: "Ann Bee, Cee Dee, Eff Gee", year: 2000, venue: Nowhere 2000, url: https://example.org/kinds }
claim: Every kind of measurement draws.
setup: { paper: big networks, ours: small networks, full: bigger networks }
budgetMinutes: 1
published:
  - { id: qstar, quantity: q* at σ_w² = 1, value: 0.5, where: "Figure 1, p. 2", quote: "q* is about a half", ours: maps/s1/qStar }
  - { id: mu, quantity: SELU fixed point μ, value: 0, where: "Eq. 4", ours: selu/mu }
  - { id: err, quantity: test error, value: 12.5, unit: "%", where: "Table 1" }
notPrinted: [The loss curves of Figure 3.]
measurements:
  - { id: maps, kind: mean-field, activation: tanh, sigmaB2: 0.05, sigmaW2: [1, 4], labels: [s1, s4], critical: true, simulate: { width: 16, depth: 3, seeds: 2 } }
  - id: sig
    kind: signal
    inputs: { normal: 8, rows: 16 }
    depth: 3
    width: 8
    activation: tanh
    initializers: [{ label: glorot, init: glorot_normal }, { label: he, init: he_normal }]
    # one seed: at f86b054 the seeds of a signal measurement share one member id, which diagnoseAtInit refuses
    seeds: 1
    histograms: { bins: 10, min: -1, max: 1 }
  - id: jac
    kind: jacobian
    activation: tanh
    width: 8
    depths: [1, 3]
    initializers: [{ label: gauss, init: glorot_normal }, { label: orth, init: orthogonal }]
    seeds: 2
    histogram: { bins: 8, max: 3 }
  - { id: len, kind: length, inputDim: 8, architectures: [{ label: narrow, widths: [4, 4, 4] }], sigmaW2: [1, 2], samples: 8 }
  - { id: fit, kind: train, experiment: { name: fit, data: { dataset: moons }, model: { hidden: [4] }, training: { epochs: 2 }, initializers: [he_normal, glorot_uniform], seeds: 2 } }
  - { id: grid, kind: train, experiment: { name: grid, data: { dataset: moons }, model: { hidden: [] }, training: { epochs: 2 }, initializers: [he_normal], seeds: 1, grid: { depth: [1, 2], width: [4] } } }
  - { id: heat, kind: train, experiment: { name: heat, data: { dataset: moons }, model: { hidden: [4], activation: tanh, biasInitializer: { name: random_normal, stddev: 0.1 } }, training: { epochs: 1 }, initializers: [{ name: variance_scaling, scale: 1, distribution: untruncated_normal, label: s1 }, { name: variance_scaling, scale: 2, distribution: untruncated_normal, label: s2 }], seeds: 1, grid: { depth: [1, 2] }, heatmap: { x: initializer.scale, y: depth, overlay: { label: 6 ξ_c, theory: { quantity: xiC, times: 6 } } } } }
  - { id: selu, kind: selu-fixed-point }
checks:
  - { claim: c* is below 1 in the chaotic phase, level: qualitative, less: [maps/s4/cStar, maps/s1/cStar] }
  - { claim: q* is near the paper's, level: quantitative, near: { value: maps/s1/qStar, to: paper.qstar, tolerance: 0.01 } }
`;

/** A run as its file holds it (JSON: NaN and ±Infinity become null). */
const asFile = (r: unknown): PaperRun => JSON.parse(JSON.stringify(r)) as PaperRun;

/** Writes a figure as writeFigure does, into `dir`, so the site's figure check reads it. */
async function writeTo(dir: string, name: string, spec: Parameters<typeof renderSvg>[0]): Promise<void> {
  writeFileSync(join(dir, `${name}.svg`), await renderSvg(spec));
  writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(withSiteConfig(spec)));
}

type DataRow = Record<string, unknown> & { source?: string; i: number; x: number; y: number };

/** Every row a figure draws from the run is the run's value at that index, and it draws every drawable value of each source. */
function expectDrawsRun(spec: unknown, run: PaperRun, sources: readonly FigureSource[], log: boolean, name: string): void {
  const rows = layersOf(spec as Parameters<typeof layersOf>[0]).flatMap((d) => d.values as DataRow[]).filter((r) => typeof r.source === 'string');
  expect(sources.length, `${name} draws something of the run`).toBeGreaterThan(0);
  for (const s of sources) {
    const mine = rows.filter((r) => r.source === s.key);
    if (s.of === 'quantity') {
      expect(new Set(mine.map((r) => r.i)).size, `${name}: ${s.key} is drawn`).toBe(isNumber(run.quantities[s.key]!.mean) && (!log || run.quantities[s.key]!.mean! > 0) ? 1 : 0);
      for (const r of mine) expect(r.y, `${name}: ${s.key}`).toBe(run.quantities[s.key]!.mean);
      continue;
    }
    const values = run.series[s.key]!;
    expect(values, `${name}: ${s.key} is a series of the run`).toBeDefined();
    for (const r of mine) {
      expect(r.y, `${name}: ${s.key}[${r.i}]`).toBe(values[r.i]);
      if (s.x !== undefined) expect(r.x, `${name}: x of ${s.key}[${r.i}]`).toBe(run.series[s.x]![r.i]);
    }
    const drawable = values.filter((v) => isNumber(v) && (!log || v > 0)).length;
    expect(new Set(mine.map((r) => r.i)).size, `${name}: every drawable value of ${s.key}`).toBe(drawable);
  }
  expect(rows.length, `${name} has rows from the run`).toBeGreaterThan(0);
}

/** Every series of the run is drawn by a figure (as values or as their x grid) or stated in words as all zero or not finite. */
function expectEverySeriesAccounted(run: PaperRun, figures: readonly { sources: readonly FigureSource[] }[], undrawn: readonly Undrawn[], where: string): void {
  const drawn = new Set(figures.flatMap((f) => f.sources.flatMap((s) => [s.key, ...(s.x === undefined ? [] : [s.x])])));
  for (const u of undrawn) {
    const fin = run.series[u.key]!.filter(isNumber);
    expect(u.why === 'not finite' ? fin.length === 0 : fin.length > 0 && fin.every((v) => v === 0), `${where}: ${u.key} is '${u.why}'`).toBe(true);
  }
  const missing = Object.keys(run.series).filter((k) => !drawn.has(k) && !undrawn.some((u) => u.key === k));
  expect(missing, `${where}: series neither drawn nor stated`).toEqual([]);
}

/** The page's Markdown tables as HTML tables (code-only cells as <code>), so the site's placeholder rule reads them. */
function tablesAsHtml(md: string): string {
  const cells = (line: string): string[] => line.replace(/^\|\s?|\s?\|$/g, '').split(/\s(?<!\\)\|\s/);
  const cell = (c: string): string => (/^`[^`]*`$/.test(c.trim()) ? `<code>${c.trim().slice(1, -1)}</code>` : c);
  return md.replace(/(?:^\|.*\|$\n?)+/gm, (block) => {
    const [head, , ...body] = block.trim().split('\n');
    return `<table><tr>${cells(head!).map((c) => `<th>${c}</th>`).join('')}</tr>${body.map((r) => `<tr>${cells(r).map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')}</table>\n`;
  });
}

/** Rows of the page's table whose header starts with `first`: its cells. */
function tableRows(md: string, first: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  if (start === -1) return [];
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!.replace(/^\|\s?|\s?\|$/g, '').split(' | '));
  return rows;
}

const PUBLISHED_HEADER = 'quantity | where in the paper';

/** The checks a paper page must pass, whatever paper it is of. */
function expectPage(md: string, paper: PaperFile, run: PaperRun): void {
  // the verdict shown, at the top and in its section, is the run's
  const verdicts = [...md.matchAll(/data-verdict="([^"]+)">Verdict: <strong>([^<]+)<\/strong>/g)];
  expect(verdicts.length, `${paper.id}: the verdict is stated`).toBe(2);
  for (const v of verdicts) expect([v[1], v[2]]).toEqual([run.verdict, run.verdict]);
  for (const reason of run.reasons) expect(md).toContain(`- ${esc(reason)}`);
  expect(md).toContain(esc(run.claim));
  // the commands name the paper
  const block = (cls: string): string => new RegExp(`<div class="${cls}" data-paper="${paper.id}">\\s*\`\`\`sh\\n([^\\n]+)\\n\`\`\``).exec(md)?.[1] ?? '';
  expect(block('rerun')).toBe(rerunCommand(paper.id));
  expect(block('rerun')).toMatch(new RegExp(`^initlab reproduce ${paper.id}$`));
  expect(block('record')).toBe(`initlab reproduce ${paper.id} --out ${PAPER_RUNS}`);
  // every generated number is a number: no placeholder in a table of numbers, an alt text or a caption
  const problems = placeholderProblems(tablesAsHtml(md));
  expect(problems, problems.join('\n')).toEqual([]);
  // the paper's numbers beside initlab's: both are the run's
  const rows = tableRows(md, PUBLISHED_HEADER);
  expect(rows.length).toBe(run.published.length);
  run.published.forEach((p, i) => {
    const [, where, paperCell, ours, seeds] = rows[i]!;
    expect(where).toBe(esc(p.where));
    expect(paperCell).toBe(`${num(p.value, 4)}${p.unit ? ` ${p.unit}` : ''}`);
    if (p.initlab !== null && isNumber(p.initlab.mean)) {
      expect(Number(ours!.split(' ')[0]), `${paper.id}: ${p.id}`).toBeCloseTo(p.initlab.mean, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(p.initlab.mean) || 1))));
      expect(ours).toContain(estimateText(p.initlab));
      expect(Number(seeds!.split(' ')[0])).toBe(p.initlab.n);
    } else expect(ours).toMatch(/^(not measured|no finite value)/);
  });
  // the checks, each with its detail
  for (const c of run.checks) expect(md).toContain(`**${c.passed ? 'pass' : 'FAIL'}** (${c.level})`);
  for (const c of run.checks) expect(md).toContain(c.detail.replace(/\|/g, '\\|'));
  // a failed check shows the paper file's reading of why, marked as not a measurement; a passed one never does
  const checkLines = md.split('\n').filter((l) => /^- \*\*(pass|FAIL)\*\* \(/.test(l));
  expect(checkLines.length).toBe(run.checks.length);
  run.checks.forEach((c, i) => {
    const why = paper.checks[i]?.ifFails;
    const shown = checkLines[i]!.includes('*Why it may fail at this scale* (the paper file\'s reading, not a measurement): ');
    expect(shown, `${paper.id}: checks[${i}]`).toBe(!c.passed && why !== undefined);
    if (shown) expect(checkLines[i]!.endsWith(esc(why!))).toBe(true);
  });
  for (const n of run.notPrinted) expect(md).toContain(`- ${esc(n)}`);
}

describe('a paper file of every measurement kind, run in its reduced form', () => {
  let paper: PaperFile;
  let run: PaperRun;
  let dir: string;

  beforeAll(async () => {
    await useBackend('cpu');
    paper = parsePaper(ALL_KINDS, 'kinds-2000.yaml');
    const loadOptions = { dataDir, offline: true };
    run = asFile(await runPaper(paper, { mode: 'reduced', loadOptions, train: { dataOptions: loadOptions, threads: 1 } }));
    dir = mkdtempSync(join(tmpdir(), 'initlab-papers-'));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every kind with series draws them: each figure draws the run’s values, and every series is drawn or said in words', async () => {
    const all: { sources: FigureSource[] }[] = [];
    const undrawn: Undrawn[] = [];
    for (const m of paper.measurements) {
      const mf = measureFigures(run, m);
      if (m.kind === 'selu-fixed-point') expect(mf.figures).toEqual([]);
      else expect(mf.figures.length, `${m.id} (${m.kind}) has a figure`).toBeGreaterThan(0);
      for (const f of mf.figures) {
        await writeTo(dir, f.name, f.spec);
        expectFigureDrawsData(dir, f.name);
        expectDrawsRun(f.spec, run, f.sources, f.log, f.name);
        expect(f.alt).not.toMatch(/NaN|undefined|null|Infinity/);
      }
      all.push(...mf.figures);
      undrawn.push(...mf.undrawn);
    }
    // tanh kills no unit: its dead share is 0 everywhere, said in words instead of an empty chart
    expect(undrawn.map((u) => u.key)).toEqual(['sig/glorot/deadShare', 'sig/he/deadShare']);
    expectEverySeriesAccounted(run, all, undrawn, 'kinds-2000');
    // the grid's training curves are one figure per grid point
    expect(measureFigures(run, paper.measurements.find((m) => m.id === 'grid')!).figures.map((f) => f.name)).toEqual([
      'paper-kinds-2000-grid-depth_1_width_4-train-loss',
      'paper-kinds-2000-grid-depth_2_width_4-train-loss',
    ]);
  });

  it('a heatmap section is drawn as a heatmap: a cell per grid point with the run’s mean, and the theory’s 6 ξ_c over it', () => {
    const m = paper.measurements.find((x) => x.id === 'heat')!;
    const heat = measureFigures(run, m).figures.find((f) => f.name.endsWith('-heatmap'))!;
    expect(run.series['heat/heatmap/x']).toEqual([1, 2]);
    const [cellsData, curveData] = layersOf(heat.spec as Parameters<typeof layersOf>[0]) as { values: { x: number; y: number; row?: number }[] }[];
    const cells = cellsData!.values;
    expect(cells.map((c) => [c.row, c.x])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    for (const c of cells) expect(c.y).toBe(run.series[`heat/heatmap/depth=${c.row}/accuracy`]![[1, 2].indexOf(c.x)]);
    // σ_b² = 0.01 (the biases' stddev 0.1): ordered at σ_w² = 1, ξ_c finite and small; the curve spans the columns
    const curve = curveData!.values;
    expect(curve.length).toBeGreaterThan(10);
    expect(curve[0]!.x).toBe(1);
    expect(curve[0]!.y).toBeCloseTo(6 * meanField('tanh', { sigmaW2: 1, sigmaB2: 0.01 }).xiC, 9);
    expect(heat.table).toMatch(/\| 6 ξ_c \| \d/);
    expect(heat.caption).toMatch(/6 ξ_c \(mean-field theory, tanh, σ_b² = 0\.01\)/);
  });

  it('a series with values that are not finite: the figure leaves them out and says so; a field with none is said in words', async () => {
    const broken = asFile(run);
    // one epoch (the reduced form): he_normal's only loss gone, it is named as not drawn
    broken.series['fit/he_normal/trainLoss']![0] = null;
    broken.series['sig/he/activationStd']![1] = null;
    for (const l of ['glorot', 'he']) broken.series[`sig/${l}/gradientNorm`] = broken.series[`sig/${l}/gradientNorm`]!.map(() => null);
    const fit = measureFigures(broken, paper.measurements.find((m) => m.id === 'fit')!).figures[0]!;
    expect(fit.caption).toMatch(/1 value is left out of the chart \(not finite\); the table has every value\. Not drawn, no finite value: he_normal\./);
    expect(fit.table).toContain('no finite value');
    expectDrawsRun(fit.spec, broken, fit.sources, fit.log, 'fit');
    const sig = measureFigures(broken, paper.measurements.find((m) => m.id === 'sig')!);
    const std = sig.figures.find((f) => f.name.endsWith('-activationStd'))!;
    expect(std.caption).toMatch(/1 value is left out of the chart/);
    expect(std.table).toMatch(/\| 2 \| [^|]+ \| no finite value \|/);
    expectDrawsRun(std.spec, broken, std.sources, std.log, 'std');
    expect(sig.figures.some((f) => f.name.endsWith('gradientNorm'))).toBe(false);
    expect(sig.words.join(' ')).toMatch(/`gradientNorm` .* has no finite value at every layer for every initializer/);
    expect(sig.undrawn).toContainEqual({ key: 'sig/he/gradientNorm', why: 'not finite' });
  });

  it('the page states the claim, both setups, the numbers, the checks, the verdict with its reasons, the figures and the commands', () => {
    const sections = paper.measurements.map((m) => {
      const mf = measureFigures(run, m);
      return { m, figures: mf.figures.map((f) => ({ ...f, src: `/figures/${f.name}.svg` })), words: mf.words };
    });
    const md = paperPage(paper, run, sections);
    expectPage(md, paper, run);
    expect(md).toContain('| big networks | small networks |');
    expect(md).toContain('bigger networks');
    expect(md).toContain('“q* is about a half”');
    // a published number no measurement gives is said so, in words
    expect(tableRows(md, PUBLISHED_HEADER)[2]).toEqual(['test error', 'Table 1', '12.5 %', 'not measured by this file', 'not measured']);
    for (const s of sections) for (const f of s.figures) expect(md).toContain(`<img src="${f.src}"`);
    // the SELU measurement has no curves: its numbers are shown openly
    expect(md).toMatch(/This measurement reports numbers only, no curves:\n\n\| quantity \|[^\n]*\n[^\n]*\n(\|[^\n]*\n)*\| `selu\/mu` \|/);
    expect(md).toContain("the paper file's budget is 1 min");
  });

  it('a verdict other than reproduces is stated with its reasons, unsoftened', () => {
    const differs = { ...asFile(run), verdict: 'differs' as const, reasons: ['c* is below 1 in the chaotic phase (maps/s4/cStar = 0.2 < maps/s1/cStar = 0.1: no, not in that order)'] };
    const md = paperPage(paper, differs, []);
    expectPage(md, paper, differs);
    expect(md).toContain('It differs because:');
    expect(md).toContain('**differs** means at least one qualitative check fails');
  });

  it('a failed check shows the file’s reading of why it may fail at this scale; a passed one does not', () => {
    const why = 'at 4 seeds the intervals overlap';
    const withWhy: PaperFile = { ...paper, checks: paper.checks.map((c) => ({ ...c, ifFails: why })) };
    // the reduced run's own checks may fail either way: set them, all passed but the first
    const base = asFile(run);
    const oneFailed = { ...base, verdict: 'differs' as const, reasons: ['made up'], checks: base.checks.map((c, i) => ({ ...c, passed: i !== 0 })) };
    const md = paperPage(withWhy, oneFailed, []);
    expectPage(md, withWhy, oneFailed);
    expect(md.split("*Why it may fail at this scale* (the paper file's reading, not a measurement)").length - 1).toBe(1);
    const allPassed = { ...base, verdict: 'reproduces qualitatively' as const, reasons: [], checks: base.checks.map((c) => ({ ...c, passed: true })) };
    expect(paperPage(withWhy, allPassed, [])).not.toContain('*Why it may fail at this scale*');
  });

  describe('run files', () => {
    let runs: string;
    const file = (): string => join(runs, 'kinds-2000.json');
    const put = (r: unknown): void => writeFileSync(file(), JSON.stringify(r));
    const oneLine = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        const message = (err as Error).message;
        expect(message.includes('\n'), message).toBe(false);
        return message;
      }
      throw new Error('expected an error');
    };

    // the reduced run, as a default run of this file would record itself
    const asDefault = (): PaperRun => ({ ...run, mode: 'default', definition: paperDefinition(paper, 'default') });

    beforeAll(() => {
      runs = join(dir, 'runs');
      mkdirSync(runs, { recursive: true });
    });

    it('reads a default run that matches its paper file', () => {
      put(asDefault());
      expect(readRun(paper, runs).verdict).toBe(run.verdict);
    });

    it('a paper file without a run fails with the command that writes it', () => {
      rmSync(file(), { force: true });
      expect(oneLine(() => readRun(paper, runs))).toBe(
        `papers: paper file kinds-2000.yaml has no committed run ${PAPER_RUNS}/kinds-2000.json; run \`initlab reproduce kinds-2000 --out ${PAPER_RUNS}\` from the repository root and commit ${PAPER_RUNS}/kinds-2000.json`,
      );
      expect(recordCommand('kinds-2000')).toBe(`initlab reproduce kinds-2000 --out ${PAPER_RUNS}`);
    });

    it('a stale run (its claim, checks or measurements no longer the file’s), a --full or reduced run, another paper’s run, and a broken file fail', () => {
      put({ ...asDefault(), claim: 'an older claim' });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/kinds-2000\.json is out of date: its claim differs from kinds-2000\.yaml's; run `initlab reproduce kinds-2000 --out/);
      put({ ...asDefault(), checks: run.checks.slice(1) });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/its checks differs/);
      put({ ...asDefault(), measureMs: { maps: 1 } });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/its measurements differs/);
      put({ ...asDefault(), published: run.published.map((p) => ({ ...p, value: p.value + 1 })) });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/its published differs/);
      // what was measured, not only what it is called: a width, a seed count, a check's operands
      const d = asDefault().definition;
      const wider = d.measurements.map((m) => (m.id === 'sig' ? { ...m, width: 16 } : m));
      put({ ...asDefault(), definition: { ...d, measurements: wider } });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/kinds-2000\.json is out of date: its measurement 'sig' \(its sizes, seeds or grid\) differs from kinds-2000\.yaml's; run `initlab reproduce kinds-2000 --out/);
      put({ ...asDefault(), definition: { ...d, checks: d.checks.map((c, i) => (i === 0 ? { ...c, less: ['maps/s1/cStar', 'maps/s4/cStar'] } : c)) } });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/its checks\[0\] \(what it compares\) differs/);
      // the reduced form's sizes are not the default run's
      put({ ...asDefault(), definition: run.definition });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/its measurement '(maps|sig|jac|len|fit|grid|heat)' \(its sizes, seeds or grid\) differs/);
      // a check's ifFails is read from the file: editing it leaves the run current
      const explained = { ...paper, checks: paper.checks.map((c) => ({ ...c, ifFails: 'a reading' })) };
      put(asDefault());
      expect(readRun(explained, runs).verdict).toBe(run.verdict);
      const { definition: _definition, ...undefined_ } = asDefault();
      put(undefined_);
      expect(oneLine(() => readRun(paper, runs))).toMatch(/is not a paper run: definition must be an object with the measurements and checks the run ran/);
      put(run);
      expect(oneLine(() => readRun(paper, runs))).toMatch(/is a 'reduced' run; the page shows the default run/);
      put({ ...asDefault(), id: 'other-2001' });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/is the run of 'other-2001', not of kinds-2000\.yaml/);
      put({ ...asDefault(), verdict: 'sort of' });
      expect(oneLine(() => readRun(paper, runs))).toMatch(/is not a paper run: verdict must be one of reproduces, reproduces qualitatively, differs/);
      writeFileSync(file(), '{ not json');
      expect(oneLine(() => readRun(paper, runs))).toMatch(/kinds-2000\.json is not JSON/);
    });

    it('a run without a paper file is found', () => {
      put(asDefault());
      expect(orphanRuns(['kinds-2000'], runs)).toEqual([]);
      expect(orphanRuns(['poole-2016'], runs)).toEqual(['kinds-2000']);
    });

    it('a series the paper file implies but the run lacks fails with the command', () => {
      const partial = asFile(run);
      delete partial.series['len/narrow/w2/meanM'];
      expect(oneLine(() => measureFigures(partial, paper.measurements.find((m) => m.id === 'len')!))).toMatch(/has no series 'len\/narrow\/w2\/meanM', which its paper file implies; run `initlab reproduce kinds-2000 --out/);
    });
  });
});

describe('the generated pages of every shipped paper file', async () => {
  const ids = await paperIds();
  const factsPath = join(docsDir, '.generated', 'papers.json');
  let facts: { runs: string; papers: PaperPageFacts[] };

  beforeAll(() => {
    if (!existsSync(factsPath)) {
      throw new Error(`${factsPath} is missing: generate the pages first with \`cd apps/docs && npx tsx --conditions=source scripts/generate.ts --only papers\` (the docs build runs it too)`);
    }
    facts = JSON.parse(readFileSync(factsPath, 'utf8')) as typeof facts;
  });

  it('every paper file has a committed run and a page, and the index and the sidebar list each one with its verdict', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(orphanRuns(ids)).toEqual([]);
    expect(facts.runs).toBe(PAPER_RUNS);
    expect(facts.papers.map((p) => p.id).sort()).toEqual([...ids].sort());
    const index = readFileSync(join(docsDir, 'papers', 'index.md'), 'utf8');
    const sidebar = JSON.parse(readFileSync(join(docsDir, '.generated', 'papers-sidebar.json'), 'utf8')) as { items: { link: string }[] }[];
    for (const p of facts.papers) {
      expect(existsSync(join(docsDir, p.page)), `${p.page}: regenerate with --only papers`).toBe(true);
      expect(index).toMatch(new RegExp(`^\\| \\[${p.id}\\]\\(\\./${p.id}\\.md\\) \\|.*\\| <span data-verdict="${p.verdict}">${p.verdict}</span> \\| [0-9.]+ (s|min)`, 'm'));
      expect(sidebar[0]!.items.map((i) => i.link)).toContain(`/papers/${p.id}`);
    }
  });

  for (const id of ids) {
    describe(id, () => {
      let paper: PaperFile;
      let run: PaperRun;
      let page: PaperPageFacts;

      beforeAll(async () => {
        paper = await loadPaper(id);
        run = readRun(paper);
        const found = facts.papers.find((p) => p.id === id);
        if (found === undefined) throw new Error(`${id} has no generated page: regenerate with --only papers`);
        page = found;
      });

      it('the page shows the run: its verdict, reasons, numbers, checks and the commands that name the paper', () => {
        expect(page.verdict).toBe(run.verdict);
        expect(page.rerun).toBe(`initlab reproduce ${id}`);
        expectPage(readFileSync(join(docsDir, page.page), 'utf8'), paper, run);
        expect(readFileSync(join(docsDir, 'public', 'data', 'papers', `${id}.json`), 'utf8')).toBe(readFileSync(join(paperRunsDir, `${id}.json`), 'utf8'));
        const row = readFileSync(join(docsDir, 'papers', 'index.md'), 'utf8').split('\n').find((l) => l.startsWith(`| [${id}](./${id}.md) |`));
        expect(row).toContain(`| <span data-verdict="${run.verdict}">${run.verdict}</span> | ${durationText(run.elapsedMs)} (budget ${num(run.budgetMinutes)} min) |`);
      });

      it('each figure draws its data, the run’s values; every series of the run is drawn or said in words', () => {
        const md = readFileSync(join(docsDir, page.page), 'utf8');
        const kinds = new Set(paper.measurements.map((m) => m.kind));
        if ([...kinds].some((k) => k !== 'selu-fixed-point')) expect(page.figures.length).toBeGreaterThan(0);
        for (const f of page.figures) {
          expectFigureDrawsData(figuresDir, f.name);
          expectDrawsRun(JSON.parse(readFileSync(join(figuresDir, `${f.name}.vl.json`), 'utf8')), run, f.sources, f.log, f.name);
          expect(md).toContain(`<img src="${f.src}"`);
        }
        expectEverySeriesAccounted(run, page.figures, page.undrawn, id);
      });
    });
  }
});
