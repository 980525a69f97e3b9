import { compareGroups } from '@initlab/eval';
import { describe, expect, it } from 'vitest';
import { comparisonCaption, comparisonTextTable, formatComparisonTable } from './renderers.js';
import { writeReport } from './report.js';
import { activationStdSpec, lossCurvesSpec, metricDistributionSpec } from './specs.js';
import { makeRun } from './test-fixtures.js';

const table = compareGroups([{ name: 'a', values: [0.5, 0.6, 0.7] }], { metric: 'accuracy' });
const runs = [makeRun({ label: 'a', seed: 0, losses: [1, 0.5] })];

describe('unknown options', () => {
  it('are refused by the table renderers, the chart specs and writeReport, naming the closest key', async () => {
    expect(() => formatComparisonTable(table, { formatt: 'markdown' } as never)).toThrow(
      'formatComparisonTable: unknown option "formatt" (did you mean "format"?); allowed: digits, extraColumns, format, layout, nameHeader',
    );
    expect(() => comparisonTextTable(table, { format: 'text' } as never)).toThrow('comparisonTextTable: unknown option "format"; allowed: digits, extraColumns, layout, nameHeader');
    expect(() => comparisonCaption(table, { digit: 3 } as never)).toThrow('comparisonCaption: unknown option "digit" (did you mean "digits"?)');
    expect(() => lossCurvesSpec(runs, { bands: 'ci' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('lossCurvesSpec: unknown option "bands" (did you mean "band"?)') }));
    expect(() => metricDistributionSpec(runs, { metric: 'accuracy', xscale: 'log' } as never)).toThrow('metricDistributionSpec: unknown option "xscale" (did you mean "xScale"?)');
    expect(() => activationStdSpec(runs, { phase: ['init'] } as never)).toThrow('activationStdSpec: unknown option "phase" (did you mean "phases"?)');
    await expect(writeReport('/no/such/folder', { outdir: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('writeReport: unknown option "outdir" (did you mean "outDir"?)') });
  });

  it('formatComparisonTable still passes its layout options on', () => {
    expect(formatComparisonTable(table, { format: 'markdown', nameHeader: 'initializer', digits: 3 })).toContain('| # | initializer |');
  });
});
