// The paper files' runs as a benchmark: each shipped paper (@initlab/experiments) run once as
// `initlab reproduce <paper>` runs it, on the wasm backend, with its wall time against the file's budget and
// its verdict. --full runs the files' --full setups (closer to the papers' scale; many minutes each); --quick
// the reduced form the tests run (a smoke run: its verdicts mean nothing). One run per paper: a run is minutes
// long and its parts are medians over seeds already, so repetitions would only multiply the wall time.
import { useBackend } from '@initlab/backends';
import { loadPaper, paperIds, runPaper, type PaperMode } from '@initlab/experiments';
import { formatNumber, timings, type Measurement, type Suite, type SuiteOptions, type Table } from '../harness.js';

export const papersSuite: Suite = {
  name: 'papers',
  description: 'every paper file run once as `initlab reproduce` runs it: wall time against its budget, and its verdict',
  async run({ quick, full, log }: SuiteOptions) {
    await useBackend('wasm');
    const mode: PaperMode = quick ? 'reduced' : full ? 'full' : 'default';
    const measurements: Measurement[] = [];
    const rows: string[][] = [];
    const notes: string[] = [];
    for (const id of await paperIds()) {
      const paper = await loadPaper(id);
      log(`  ${id} (${mode})`);
      const result = await runPaper(paper, { mode });
      const minutes = result.elapsedMs / 60_000;
      measurements.push({ case: `${id} ${mode}`, implementation: 'initlab reproduce', library: 'initlab', ...timings([result.elapsedMs], 1) });
      const slowest = Object.entries(result.measureMs).sort((a, b) => b[1] - a[1])[0];
      rows.push([
        id,
        result.verdict,
        `${result.checks.filter((c) => c.passed).length}/${result.checks.length}`,
        slowest === undefined ? '—' : `${slowest[0]} ${formatNumber(slowest[1] / 1000, 3)} s`,
        formatNumber(minutes, 3),
        String(paper.budgetMinutes),
        formatNumber(minutes / paper.budgetMinutes, 2),
      ]);
      if (mode === 'default' && minutes > paper.budgetMinutes) notes.push(`${id} took ${formatNumber(minutes, 3)} min, over its ${paper.budgetMinutes}-minute budget`);
    }
    const table: Table = {
      title: `Paper reproductions (${mode}), one run each on the wasm backend`,
      columns: ['paper', 'verdict', 'checks passed', 'slowest measurement', 'minutes', 'budget (min)', 'of budget'],
      numericFrom: 4,
      rows,
    };
    return { suite: 'papers', measurements, skipped: [], tables: [table], notes };
  },
};
