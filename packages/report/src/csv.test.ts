import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvColumns, csvField, historyToCsv, runsToCsv } from './csv.js';
import { loadFixture, makeRun } from './test-fixtures.js';

// An independent, well-kept RFC 4180 parser to read our output back: csv-parse, a dependency of
// @initlab/data (not of this package), loaded from there.
const requireFromData = createRequire(fileURLToPath(new URL('../../data/package.json', import.meta.url)));
const { parse } = requireFromData('csv-parse/sync') as {
  parse: (text: string, opts: { columns?: boolean; record_delimiter?: string[] }) => Record<string, string>[] | string[][];
};

function parseRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true }) as Record<string, string>[];
}

describe('csvField', () => {
  it('quotes exactly the fields RFC 4180 requires and doubles inner quotes', () => {
    expect(csvField('he_normal')).toBe('he_normal');
    expect(csvField('random_normal:stddev=0.01')).toBe('random_normal:stddev=0.01');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('round-trips any text through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvField).join(',')}\r\n`;
        // A single empty cell is an empty line, which parsers skip: compare only lines that carry something.
        fc.pre(!(cells.length === 1 && cells[0] === ''));
        expect(parse(line, {})).toEqual([cells]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('runsToCsv', () => {
  it('writes one row per run with every column, and reads back to the same values', async () => {
    const { results } = await loadFixture('sweep');
    const text = runsToCsv(results);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(results.length + 2);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    const rows = parseRecords(text);
    expect(Object.keys(rows[0]!)).toEqual(csvColumns(results));
    // The header line, pinned: the column order is the published CSV format; one column per grid axis.
    const axes = Object.keys(results[0]!.gridPoint);
    expect(axes.length).toBeGreaterThan(0);
    expect(csvColumns(results).join(',')).toBe(
      `runId,experiment,gridIndex,gridLabel,${axes.map((a) => `grid.${a}`).join(',')},label,initializer,seed,status,divergedAtEpoch,epochsCompleted,metrics.mse,metrics.rmse,metrics.mae,metrics.r2,metrics.loss,finalTrainLoss,elapsedMs,ensembleSize,backend`,
    );
    rows.forEach((row, i) => {
      const r = results[i]!;
      expect(row['runId']).toBe(r.runId);
      expect(row['label']).toBe(r.label);
      expect(JSON.parse(row['initializer']!)).toEqual(r.initializer);
      for (const axis of axes) expect(row[`grid.${axis}`]).toBe(String((r.gridPoint as Record<string, unknown>)[axis]));
      expect(Number(row['seed'])).toBe(r.seed);
      expect(row['status']).toBe(r.status);
      expect(row['divergedAtEpoch']).toBe(r.divergedAtEpoch === null ? '' : String(r.divergedAtEpoch));
      // Full precision: the number parses back to exactly the stored double; null is an empty cell.
      expect(row['metrics.mse']).toBe(r.metrics.mse === null || r.metrics.mse === undefined ? '' : String(r.metrics.mse));
      if (r.metrics.mse != null) expect(Number(row['metrics.mse'])).toBe(r.metrics.mse);
      expect(row['finalTrainLoss']).toBe(r.status === 'ok' ? String(r.history.at(-1)!.loss) : '');
    });
    const diverged = rows.filter((row) => row['status'] === 'diverged');
    expect(diverged.map((row) => [row['seed'], row['divergedAtEpoch'], row['metrics.mse']])).toEqual([
      ['0', '7', ''],
      ['2', '8', ''],
    ]);
  });

  it('quotes labels with commas, quotes and newlines so that they survive a parse', () => {
    const label = 'odd, "quoted"\nlabel';
    const text = runsToCsv([makeRun({ label, seed: 3, losses: [0.5], metrics: { accuracy: 0.75 } })]);
    const [row] = parseRecords(text);
    expect(row!['label']).toBe(label);
    expect(row!['metrics.accuracy']).toBe('0.75');
    expect(JSON.parse(row!['initializer']!)).toEqual({ name: label });
  });

  it('puts the classification metrics in their fixed order', async () => {
    const { results } = await loadFixture('wine');
    expect(csvColumns(results).filter((c) => c.startsWith('metrics.'))).toEqual(['metrics.accuracy', 'metrics.logLoss', 'metrics.macroF1', 'metrics.loss']);
  });
});

describe('historyToCsv', () => {
  it('writes one row per run and epoch, with the grid axes and every metric as columns', async () => {
    const { results } = await loadFixture('sweep');
    const rows = parseRecords(historyToCsv(results));
    expect(rows).toHaveLength(results.reduce((n, r) => n + r.history.length, 0));
    const axes = Object.keys(results[0]!.gridPoint);
    expect(Object.keys(rows[0]!).slice(0, 4 + axes.length + 3)).toEqual(['runId', 'label', 'seed', 'gridIndex', ...axes.map((a) => `grid.${a}`), 'status', 'epoch', 'loss']);
    const first = results[0]!;
    const own = rows.filter((row) => row['runId'] === first.runId);
    expect(own.map((row) => Number(row['epoch']))).toEqual(first.history.map((e) => e.epoch));
    expect(own.map((row) => (row['loss'] === '' ? null : Number(row['loss'])))).toEqual(first.history.map((e) => e.loss));
    expect(historyToCsv(results)).not.toMatch(/NaN|Infinity|undefined/);
  });
});
