import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from './errors.js';
import { renderReport, writeReport } from './report.js';
import { copyFixture, loadFixture, makeRun } from './test-fixtures.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempCopy(name: 'boston' | 'wine' | 'sweep'): string {
  const dir = copyFixture(name);
  temporary.push(dir);
  return dir;
}
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'initlab-report-'));
  temporary.push(dir);
  return dir;
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end).trim();
}

/** Attributes and CSS that would make a browser fetch something. */
// Anything that loads from outside the page; `url(#id)` (the heatmap legend's gradient, defined in the same SVG) stays inside it.
const RESOURCE_REFERENCE = /\b(?:src|srcset|href|xlink:href|action|poster|data|background)\s*=\s*["']?\s*(?:https?:)?\/\/|url\s*\(\s*(?!["']?#)|@import|<(?:script|link|iframe|img|object|embed)\b/i;

describe('renderReport', () => {
  it('has the comparison table with the baseline, ranked best first', async () => {
    const { meta, results, warnings } = await loadFixture('wine');
    const { markdown } = await renderReport({ meta, results, warnings });
    expect(section(markdown, 'Comparison')).toMatchInlineSnapshot(`
      "## Comparison

      test accuracy, higher is better: mean and 95% bootstrap confidence interval over seeds (diverged runs counted, not averaged); p vs best from the paired t-test (same seeds); baseline (majority-class) 0.5594; vs baseline: one-sided t-test across seeds at α = 0.05 (better or worse only when significant)

      | # | initializer | test accuracy (mean [95% CI]) | runs | diverged | final train loss | vs baseline | p vs best |
      | ---: | :--- | ---: | ---: | ---: | ---: | :--- | ---: |
      | 1 | random\\_normal | 0.7385 [0.7344, 0.7438] | 3 | 0 | 0.5589 | better | best |
      | 2 | glorot\\_normal | 0.7333 [0.7281, 0.7375] | 3 | 0 | 0.5726 | better | 0.44 |
      | 3 | he\\_normal | 0.7167 [0.7031, 0.725] | 3 | 0 | 0.5788 | better | 0.15 |
      | 4 | zeros | 0.5594 [0.5594, 0.5594] | 3 | 0 | 0.7741 | not learning | <0.001 |

      - interval: 95% percentile bootstrap of the mean over seeds (10000 resamples, percentiles widened for few seeds), so it stays within the range of the accuracy

      **Baseline** (majority-class: predicts class 1 (good) for every test row; on the test split accuracy 0.5594, loss 0.688, log loss 0.688, macro F1 0.3587)"
    `);
    expect(markdown).toContain('- **data**: wine-quality-red: binary, 1599 rows, 11 features');
    expect(markdown).toContain('- **training**: sgd, learning rate 0.01, 10 epochs, batch size 16');
    expect(markdown).toContain('- **runs**: 12 finished of 12 planned; backend cpu');
  });

  it('lists the unscaled-target warning, the published numbers and the diagnostics (Boston)', async () => {
    const { meta, results, warnings } = await loadFixture('boston');
    const { markdown, html } = await renderReport({ meta, results, warnings });
    const warning = 'the target "MEDV" is not scaled (training mean 4.618e5, std 1.683e5)';
    expect(section(markdown, 'Warnings')).toContain(warning);
    expect(section(markdown, 'Warnings')).toContain('set preprocess.target: standard (initlab --scale-target)');
    expect(html).toContain(warning.replace(/"/g, '&quot;'));
    // Every initializer loses to the baseline by the same factor the notebook's single runs did.
    expect(section(markdown, 'Comparison').match(/worse \(8\.67× the baseline\)/g)).toHaveLength(4);
    expect(section(markdown, 'Published numbers')).toContain('| zeros | MSE | 2.024e11 | 2.024e11 | 2.024e11 to 2.024e11 | 3 |');
    const diagnostics = section(markdown, 'Diagnostics at initialisation');
    // zeros: every hidden unit is the same unit and never positive.
    expect(diagnostics).toContain('| zeros | 1: relu ×10 | 1 of 10 | 100% | — | 0 | 0 |');
    expect(diagnostics).toContain('| random\\_normal:stddev=0.01 | 1: relu ×10 | 10 of 10 | 0% | — | 0.00892 | 0.351 |');
  });

  it('writes a self-contained, accessible HTML page with its charts: for a grid, the heatmap first', async () => {
    const { meta, results, warnings } = await loadFixture('sweep');
    const { html } = await renderReport({ meta, results, warnings });
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(RESOURCE_REFERENCE);
    // Not even a namespace URI: the inline SVGs are HTML-parsed.
    expect(html).not.toMatch(/https?:\/\//);
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(4);
    for (const open of svgs) {
      expect(open).toMatch(/role="img"/);
      expect(open).toMatch(/aria-label="[^"]+"/);
      const described = /aria-describedby="([^"]+)"/.exec(open)![1]!;
      // The description it points at is a caption in words.
      // Out of sight but read out: the chart's aria-describedby points at its words in a visually hidden span.
      expect(html).toMatch(new RegExp(`<figcaption><strong>[^<]+</strong> <span id="${described}" class="visually-hidden">(Line|Strip) chart of|<span id="${described}" class="visually-hidden">Heatmap of`));
    }
    expect([...html.matchAll(/<desc>[^<]{80,}<\/desc>/g)]).toHaveLength(4);
    expect([...html.matchAll(/<details><summary>The numbers behind this chart<\/summary><p|<details><summary>The numbers behind this chart<\/summary><div class="table-wrap"><table>/g)]).toHaveLength(4);
    // The heatmap leads the charts, and its gradient is defined in the same SVG that uses it.
    expect(html.indexOf('id="grid-heatmap"')).toBeGreaterThan(0);
    expect(html.indexOf('id="grid-heatmap"')).toBeLessThan(html.indexOf('id="loss-curves"'));
    for (const [, id] of html.matchAll(/url\(#([^)]+)\)/g)) expect(html).toContain(`id="${id}"`);
    // The diverged runs are in the strip chart's table.
    expect(html).toContain('<td class="row-name">random_normal:stddev=2 @ learningRate=0.45</td><td class="num">0</td><td class="num">—</td><td>diverged at epoch 7</td>');
    expect(html).toContain('&quot;random_normal:stddev=2 @ learningRate=0.45&quot;: 2 of 3 runs diverged (seed 0, 2: epoch 7, epoch 8)');
  });

  it('puts a grid\'s long diagnostics table below the charts, folded by grid point', async () => {
    const { meta, results, warnings } = await loadFixture('sweep');
    const { html, markdown } = await renderReport({ meta, results, warnings });
    expect(html.indexOf('<section id="charts">')).toBeLessThan(html.indexOf('<section id="diagnostics">'));
    expect(markdown.indexOf('## Charts')).toBeLessThan(markdown.indexOf('## Diagnostics at initialisation'));
    const folds = [...html.matchAll(/<details><summary>(learningRate=[^<]+) \((\d+) layers\)<\/summary><div class="table-wrap"><table>/g)].map((m) => [m[1], Number(m[2])]);
    // 3 initializers × 3 layers at each of the two learning rates.
    expect(folds).toEqual([['learningRate=0.01', 9], ['learningRate=0.45', 9]]);
    const wine = await loadFixture('wine');
    expect((await renderReport(wine)).html).not.toMatch(/<section id="diagnostics">[\s\S]*<details><summary>[^<]*layers\)/);
  });

  it('is deterministic and escapes labels in every format', async () => {
    const label = '<script>alert("x")</script> | *bold*';
    const results = [
      makeRun({ label, seed: 0, losses: [0.9, 0.5], metrics: { accuracy: 0.7 } }),
      makeRun({ label, seed: 1, losses: [0.8, 0.4], metrics: { accuracy: 0.8 } }),
      makeRun({ label: 'plain', seed: 0, losses: [0.7, 0.6], metrics: { accuracy: 0.6 } }),
    ];
    const first = await renderReport({ meta: null, results });
    const second = await renderReport({ meta: null, results });
    expect(second).toEqual(first);
    expect(first.html).not.toContain('<script');
    expect(first.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | *bold*');
    expect(first.markdown).toContain('\\<script>alert("x")\\</script> \\| \\*bold\\*');
    // Without experiment.json: no baseline, and the report says so.
    expect(first.markdown).toContain('no experiment.json beside results.jsonl: the comparison has no baseline and the setup is unknown');
    expect(first.markdown).not.toContain('vs baseline');
    // Two charts: no run recorded diagnostics.
    expect([...first.html.matchAll(/<figure /g)]).toHaveLength(2);
  });

  it('shows a data source URL as text, never as a link', async () => {
    const { meta, results } = await loadFixture('wine');
    const source = 'https://example.invalid/winequality-red.csv';
    const { html, markdown } = await renderReport({ meta: { ...meta!, data: { ...meta!.data, source } }, results });
    expect(markdown).toContain(`- **source**: ${source}`);
    expect(html).toContain(`<dd>${source}</dd>`);
    expect(html).not.toMatch(RESOURCE_REFERENCE);
  });

  it('refuses an empty result list', async () => {
    await expect(renderReport({ meta: null, results: [] })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ReportError: renderReport: results must hold at least one run, got an empty array; run an experiment first]`,
    );
  });
});

describe('writeReport', () => {
  it('writes report.md, report.csv and report.html next to results.jsonl, replacing an old report whole', async () => {
    const dir = tempCopy('boston');
    writeFileSync(join(dir, 'report.md'), 'an old report');
    const { files, warnings } = await writeReport(dir);
    expect(files).toEqual([join(dir, 'report.md'), join(dir, 'report.csv'), join(dir, 'report.html'), join(dir, 'report-history.csv')]);
    expect(warnings).toEqual([]);
    const expected = await renderReport(await loadFixture('boston'));
    expect(readFileSync(files[0]!, 'utf8')).toBe(expected.markdown);
    expect(readFileSync(files[1]!, 'utf8')).toBe(expected.csv);
    expect(readFileSync(files[2]!, 'utf8')).toBe(expected.html);
    expect(readdirSync(dir).sort()).toEqual(['experiment.json', 'report-history.csv', 'report.csv', 'report.html', 'report.md', 'results.jsonl']);
  });

  it('writes into outDir, creating it, and reports skipped lines', async () => {
    const dir = tempCopy('wine');
    // A kill cut the last write short: the line is ignored and the report lists that.
    writeFileSync(join(dir, 'results.jsonl'), `${readFileSync(join(dir, 'results.jsonl'), 'utf8')}{"runId":"cut`);
    const out = join(tempDir(), 'nested', 'report');
    const { files, warnings } = await writeReport(dir, { outDir: out, title: 'Wine, short' });
    expect(files.every((f) => f.startsWith(out) && existsSync(f))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ignored an incomplete last line/);
    const markdown = readFileSync(files[0]!, 'utf8');
    expect(markdown.startsWith('# Wine, short\n')).toBe(true);
    expect(markdown).toContain('ignored an incomplete last line');
  });

  it('says which folder has no results and how to make them', async () => {
    const missing = join(tempDir(), 'nope');
    const error = await writeReport(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe('NO_RESULTS');
    expect((error as Error).message).toBe(
      `writeReport: the folder ${missing} does not exist; write results first with initlab compare --out DIR (or sweep/run --out, or runExperiment with out)`,
    );
    const empty = tempDir();
    await expect(writeReport(empty)).rejects.toThrow(`writeReport: ${empty} has no results.jsonl; write results first with initlab compare --out DIR`);
    writeFileSync(join(empty, 'results.jsonl'), '');
    await expect(writeReport(empty)).rejects.toThrow(/results\.jsonl has no finished runs yet; write results first/);
  });

  it('fails with one line naming the folder that cannot be written, leaving nothing behind', async () => {
    const dir = tempCopy('wine');
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const error = (await writeReport(dir, { outDir: join(blocker, 'out') }).catch((e: unknown) => e)) as ReportError;
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.message).toBe(`writeReport: cannot create the output folder ${join(blocker, 'out')}: a path component is a file, not a folder; choose a writable folder`);
    expect(error.message).not.toContain('\n');
    // A folder where report.html is a folder: the temporary files are removed again and nothing is renamed.
    const out = tempDir();
    rmSync(out, { recursive: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(out, 'report.html'), { recursive: true });
    const blocked = (await writeReport(dir, { outDir: out }).catch((e: unknown) => e)) as ReportError;
    expect(blocked.code).toBe('WRITE_FAILED');
    expect(blocked.message).toBe(`writeReport: cannot write ${join(out, 'report.html')}: a folder is in the way; choose a writable folder`);
    expect(readdirSync(out)).toEqual(['report.html']);
  });

  it('summarises only the runs of the plan the header names, with one warning for the rest', async () => {
    const pristine = await renderReport(await loadFixture('wine'));
    const dir = tempCopy('wine');
    const resultsFile = join(dir, 'results.jsonl');
    const planLines = readFileSync(resultsFile, 'utf8');
    const runIds = planLines.trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId);
    // A folder written before a folder held one plan: the same runs again with other ids and much worse accuracy.
    const foreign = planLines
      .trim()
      .split('\n')
      .map((l) => {
        const r = JSON.parse(l) as { runId: string; metrics: Record<string, number> };
        return `${JSON.stringify({ ...r, runId: `old-${r.runId}`, metrics: { ...r.metrics, accuracy: 0.1 } })}\n`;
      })
      .join('');
    writeFileSync(resultsFile, planLines + foreign);
    const headerFile = join(dir, 'experiment.json');
    const header = JSON.parse(readFileSync(headerFile, 'utf8')) as Record<string, unknown>;
    expect(header.runIds).toBeUndefined(); // the fixture predates runIds

    // Without a way to tell the plan, an old header reads whole, as before.
    const whole = await writeReport(dir);
    expect(whole.warnings).toEqual([]);
    expect(readFileSync(whole.files[0]!, 'utf8')).toContain('24 finished of 12 planned');

    // The header's runIds, or (for an old header) the plan rebuilt from its config: the plan's runs only.
    const expectPlanOnly = async (written: Awaited<ReturnType<typeof writeReport>>): Promise<void> => {
      expect(written.warnings).toEqual(['12 runs in results.jsonl belong to another plan; ignored']);
      const markdown = readFileSync(written.files[0]!, 'utf8');
      expect(markdown).toContain('12 finished of 12 planned');
      expect(section(markdown, 'Comparison')).toBe(section(pristine.markdown, 'Comparison'));
      expect(section(markdown, 'Warnings')).toContain('12 runs in results.jsonl belong to another plan; ignored');
      expect(readFileSync(written.files[1]!, 'utf8')).toBe(pristine.csv);
    };
    const configs: unknown[] = [];
    await expectPlanOnly(await writeReport(dir, { planRunIds: (config) => (configs.push(config), runIds) }));
    expect(configs).toEqual([header.config]);
    writeFileSync(headerFile, JSON.stringify({ ...header, runIds }));
    await expectPlanOnly(await writeReport(dir, { planRunIds: () => [] })); // the header's own list comes first

    // Only runs of another plan: no finished run of this one.
    writeFileSync(resultsFile, foreign);
    await expect(writeReport(dir)).rejects.toThrow(/results\.jsonl has no finished runs of the plan in experiment\.json yet \(its 12 belong to another plan\)/);
  });

  it("reports concatenated shards of one plan whole, with or without a shard's header", async () => {
    const dir = tempCopy('sweep');
    const pristine = await renderReport(await loadFixture('sweep'));
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    const runIds = lines.map((l) => (JSON.parse(l) as { runId: string }).runId);
    // Shard 1 of 2 wrote the second half first; the header of shard 0 lists the whole plan.
    writeFileSync(join(dir, 'results.jsonl'), `${[...lines.slice(9), ...lines.slice(0, 9)].join('\n')}\n`);
    const header = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify({ ...header, runIds, shard: { index: 0, count: 2 } }));
    const withHeader = await writeReport(dir);
    expect(withHeader.warnings).toEqual([]);
    const markdown = readFileSync(withHeader.files[0]!, 'utf8');
    expect(markdown).toContain('18 finished of 18 planned');
    expect(section(markdown, 'Comparison')).toBe(section(pristine.markdown, 'Comparison'));
    rmSync(join(dir, 'experiment.json'));
    const bare = await writeReport(dir);
    expect(readFileSync(bare.files[0]!, 'utf8')).toContain('18 finished runs');
  });
});
