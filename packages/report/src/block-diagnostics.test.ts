import type { NetworkDiagnostics, RunResult } from '@initlab/results';
import { describe, expect, it } from 'vitest';
import { blockRatioTable } from './block-diagnostics.js';
import { renderReport } from './report.js';
import { loadFixture, makeRun } from './test-fixtures.js';

/** Block diagnostics whose ratios are `ratios` (skip std 1, so the branch std is the ratio). */
function network(...ratios: (number | null)[]): NetworkDiagnostics {
  return {
    blocks: ratios.map((r, block) => ({ block, skipStd: 1, branchStd: r, branchToSkip: r, outputStd: 1, gate: null })),
    norms: [],
  };
}

/** A residual run: block ratios at init and, when given, after each epoch. */
function residualRun(label: string, seed: number, init: NetworkDiagnostics, epochs?: NetworkDiagnostics[], status: RunResult['status'] = 'ok'): RunResult {
  const run = makeRun({ label, seed, losses: [0.7, 0.6], status });
  return { ...run, diagnostics: { ...run.diagnostics, network: { init, ...(epochs === undefined ? {} : { epochs }) } } };
}

describe('blockRatioTable', () => {
  it('is one row per series: the blocks first to last at initialisation, mean over seeds', () => {
    const view = blockRatioTable([
      residualRun('he_normal', 0, network(1, 0.8, 0.5)),
      residualRun('he_normal', 1, network(0.9, 0.6, null)),
      residualRun('skipinit', 0, network(0, 0, 0)),
    ]);
    expect(view!.table).toEqual({
      headers: ['initializer', 'branch/skip at initialisation'],
      align: ['left', 'left'],
      rows: [
        ['he_normal', '0.95 › 0.7 › 0.5'],
        ['skipinit', '0 › 0 › 0'],
      ],
    });
    expect(view!.caption).toMatch(/^Branch\/skip per residual block \(3 blocks, first to last\), mean over seeds: the branch's standard deviation over the skip path's/);
  });

  it('adds the last epoch with diagnostics: epoch, from the runs that finished training', () => {
    const view = blockRatioTable([
      residualRun('he_normal', 0, network(1, 1), [network(2, 2), network(1.2, 1.4)]),
      residualRun('he_normal', 1, network(0.5, 0.5), [network(3, 3), network(0.8, 1)]),
      // diverged after one epoch: its last record is not of the last epoch, and is left out
      residualRun('he_normal', 2, network(0.6, 0.6), [network(9, 9)], 'diverged'),
      residualRun('rezero', 0, network(0, 0), [network(0.1, 0.2), network(0.2, 0.3)]),
    ]);
    expect(view!.table.headers).toEqual(['initializer', 'branch/skip at initialisation', 'branch/skip after epoch 2']);
    expect(view!.table.rows).toEqual([
      ['he_normal', '0.7 › 0.7', '1 › 1.2'],
      ['rezero', '0 › 0', '0.2 › 0.3'],
    ]);
  });

  it('is null for runs without block diagnostics: a dense stack, or results written before them', async () => {
    const { results } = await loadFixture('wine');
    expect(results.every((r) => !('network' in r.diagnostics))).toBe(true);
    expect(blockRatioTable(results)).toBeNull();
  });
});

describe('renderReport: residual blocks', () => {
  it('has a Residual blocks section in report.md and report.html for residual runs, and none for a dense stack', async () => {
    const results = [residualRun('he_normal', 0, network(1, 0.5), [network(1.1, 0.6), network(1.2, 0.7)]), residualRun('fixup', 0, network(0, 0), [network(0.1, 0.1), network(0.2, 0.2)])];
    const { markdown, html } = await renderReport({ meta: null, results });
    const start = markdown.indexOf('## Residual blocks\n');
    expect(start).toBeGreaterThan(0);
    expect(markdown.slice(start).split('\n').slice(4, 8)).toEqual([
      '| initializer | branch/skip at initialisation | branch/skip after epoch 2 |',
      '| :--- | :--- | :--- |',
      '| he\\_normal | 1 › 0.5 | 1.2 › 0.7 |',
      '| fixup | 0 › 0 | 0.2 › 0.2 |',
    ]);
    expect(html).toMatch(/<section id="blocks">\n<h2>Residual blocks<\/h2>\n<p class="caption" id="blocks-caption">Branch\/skip per residual block [^<]*<\/p><div class="table-wrap"><table aria-describedby="blocks-caption">/);
    expect(html).toContain('1.2 › 0.7');

    const wine = await loadFixture('wine');
    const dense = await renderReport(wine);
    expect(dense.markdown).not.toContain('## Residual blocks');
    expect(dense.html).not.toContain('<section id="blocks">');
  });
});
