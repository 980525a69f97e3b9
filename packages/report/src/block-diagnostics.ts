// The per-block view of residual networks: each block's branch against its skip path, mean over seeds, at
// initialisation and after the last epoch when every epoch was recorded. report.md, report.html and the
// CLI's table all come from blockRatioTable, so they cannot disagree.
import { averageBlockDiagnostics, type BlockDiagnosticsMean, type RunResult } from '@initlab/results';
import { groupBySeries } from './data.js';
import { plural } from './format.js';
import { formatValue, type TextTable } from './renderers.js';

/** What {@link blockRatioTable} returns: one row per series, the blocks in network order in each cell. */
export interface BlockRatioTable {
  /** One sentence saying what the numbers are and how to read them. */
  caption: string;
  table: TextTable;
}

const ratios = (blocks: readonly BlockDiagnosticsMean[]): string => blocks.map((b) => formatValue(b.branchToSkip, 3)).join(' › ');

/**
 * Each residual block's `branchToSkip` (its branch's standard deviation over its skip path's, on the first
 * training rows), mean over seeds, one row per series (initializer, and grid point): at initialisation and,
 * when runs recorded every epoch (`diagnostics: epoch`), after the last epoch of the runs that finished it.
 * Null when no run recorded block diagnostics (a plain dense stack, `diagnostics: none`, older files).
 *
 * @example
 * ```ts
 * const view = blockRatioTable(results);
 * if (view !== null) console.log(view.caption, plainTextTable(view.table));
 * // he_normal   0.995 › 0.816 › 0.709   0.87 › 0.8 › 0.75
 * ```
 */
export function blockRatioTable(results: readonly RunResult[]): BlockRatioTable | null {
  const rows: { series: string; init: string; last: string | null; blocks: number }[] = [];
  const lastEpochs = new Set<number>();
  for (const [series, group] of groupBySeries(results)) {
    const init = averageBlockDiagnostics(group.map((r) => r.diagnostics?.network?.init));
    // A diverged run's last record is from an earlier epoch: only runs that finished training are averaged.
    const finished = group.filter((r) => r.status === 'ok' && (r.diagnostics?.network?.epochs?.length ?? 0) > 0);
    for (const r of finished) lastEpochs.add(r.diagnostics.network!.epochs!.length);
    const last = averageBlockDiagnostics(finished.map((r) => r.diagnostics.network!.epochs!.at(-1)));
    if (init === null && last === null) continue;
    rows.push({ series, init: init === null ? '—' : ratios(init), last: last === null ? null : ratios(last), blocks: (init ?? last)!.length });
  }
  if (rows.length === 0) return null;
  const hasLast = rows.some((r) => r.last !== null);
  const epochs = [...lastEpochs];
  const after = epochs.length === 1 ? `after epoch ${epochs[0]}` : 'after the last epoch';
  const headers = ['initializer', 'branch/skip at initialisation', ...(hasLast ? [`branch/skip ${after}`] : [])];
  const blocks = Math.max(...rows.map((r) => r.blocks));
  return {
    caption:
      `Branch/skip per residual block (${plural(blocks, 'block')}, first to last), mean over seeds: the branch's standard deviation over the skip path's, ` +
      'on the first 256 training rows. Near 0 a block starts as its skip path (Fixup, SkipInit, ReZero, zero-γ); near 1 or above in every block the variance grows with depth.',
    table: {
      headers,
      // each cell is a sequence read from its first block, not one number: left-aligned, so that a short row
      // (every block 0) starts where the others do and a wide one scrolls from its start
      align: headers.map(() => 'left'),
      rows: rows.map((r) => [r.series, r.init, ...(hasLast ? [r.last ?? '—'] : [])]),
    },
  };
}
