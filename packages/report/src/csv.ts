// One row per run, RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote,
// CR or LF, with inner quotes doubled. Missing numbers are empty cells, never NaN.
import type { RunResult } from '@initlab/results';
import { checkResults, finalTrainLoss, finite, metricKeys } from './data.js';

/** Metric columns in this order first; any other metric key follows alphabetically. */
const METRIC_ORDER = ['mse', 'rmse', 'mae', 'r2', 'accuracy', 'logLoss', 'macroF1', 'loss'];

/**
 * Quote one CSV field as RFC 4180 requires: unchanged unless it contains `,`, `"`, CR or LF; then wrapped in
 * double quotes with every inner `"` doubled.
 *
 * @example
 * ```ts
 * csvField('he_normal');           // 'he_normal'
 * csvField('{"name":"zeros"}');    // '"{""name"":""zeros""}"'
 * ```
 */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The columns of {@link runsToCsv} for these runs: `runId`, `experiment`, `gridIndex`, `gridLabel`, one
 * `grid.<axis>` column per grid axis any run has (`grid.width`, `grid.learningRate`, … in the order first seen;
 * a list value such as `hidden` as JSON), `label`, `initializer` (the spec as JSON, defaults filled in), `seed`, `status`, `divergedAtEpoch`,
 * `epochsCompleted`, one `metrics.<key>` column per test metric any run has (`metrics.mse`, `metrics.loss`, …,
 * named by their path in the JSON result), `finalTrainLoss`, `elapsedMs`, `ensembleSize`, `backend`.
 *
 * @example
 * ```ts
 * csvColumns(results).slice(0, 3); // ['runId', 'experiment', 'gridIndex']
 * ```
 */
export function csvColumns(results: readonly RunResult[]): string[] {
  const keys = metricKeys(results);
  const metrics = [...METRIC_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !METRIC_ORDER.includes(k)).sort()];
  // One column per axis, so a grid reads as a table elsewhere (not one JSON cell to parse).
  const axes = [...new Set(results.flatMap((r) => Object.keys(r.gridPoint ?? {})))];
  return [
    'runId',
    'experiment',
    'gridIndex',
    'gridLabel',
    ...axes.map((a) => `grid.${a}`),
    'label',
    'initializer',
    'seed',
    'status',
    'divergedAtEpoch',
    'epochsCompleted',
    ...metrics.map((k) => `metrics.${k}`),
    'finalTrainLoss',
    'elapsedMs',
    'ensembleSize',
    'backend',
  ];
}

function valueOf(r: RunResult, column: string): unknown {
  if (column.startsWith('metrics.')) return finite((r.metrics as unknown as Record<string, unknown>)?.[column.slice('metrics.'.length)]);
  if (column === 'finalTrainLoss') return finalTrainLoss(r);
  if (column.startsWith('grid.')) return (r.gridPoint as Record<string, unknown> | undefined)?.[column.slice('grid.'.length)] ?? null;
  if (column === 'initializer') return r.initializer ?? null;
  return (r as unknown as Record<string, unknown>)[column];
}

/**
 * Runs as CSV text (RFC 4180, CRLF line ends, a header row first): one row per run in the given order, the
 * columns of {@link csvColumns}. Numbers are written in full (JavaScript's shortest round-trip form, e.g.
 * `202396097998.3671`, `3.144e+41`); a missing or non-finite value is an empty cell; a diverged run's
 * `finalTrainLoss` and metrics are empty.
 *
 * @throws {ReportError} `INVALID_INPUT` when `results` is not a non-empty array of runs.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('runs.csv', runsToCsv(results));
 * ```
 */
export function runsToCsv(results: readonly RunResult[]): string {
  checkResults('runsToCsv', results);
  const columns = csvColumns(results);
  const lines = [columns.map(csvField).join(',')];
  for (const r of results) lines.push(columns.map((c) => csvField(cell(valueOf(r, c)))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Every run's training history in long form, for plotting elsewhere (one row per run and epoch, RFC 4180 as
 * {@link runsToCsv}): `runId`, `label`, `seed`, `gridIndex`, one `grid.<axis>` column per grid axis, `status`,
 * `epoch`, `loss`, one `metrics.<key>` column per training metric, `valLoss` and one `valMetrics.<key>` column
 * per validation metric any epoch has. A diverged run has the epochs it finished; a missing value is empty.
 *
 * @throws {ReportError} `INVALID_INPUT` when `results` is not a non-empty array of runs.
 * @example
 * ```ts
 * historyToCsv(results).split('\r\n')[0]; // 'runId,label,seed,gridIndex,grid.width,status,epoch,loss,metrics.accuracy,valLoss'
 * ```
 */
export function historyToCsv(results: readonly RunResult[]): string {
  checkResults('historyToCsv', results);
  const axes = [...new Set(results.flatMap((r) => Object.keys(r.gridPoint ?? {})))];
  const epochs = results.flatMap((r) => r.history);
  const metricKeysOf = (pick: (e: (typeof epochs)[number]) => Record<string, unknown> | null): string[] =>
    [...new Set(epochs.flatMap((e) => Object.keys(pick(e) ?? {})))].sort();
  const trainKeys = metricKeysOf((e) => e.metrics);
  const valKeys = metricKeysOf((e) => e.valMetrics);
  const header = ['runId', 'label', 'seed', 'gridIndex', ...axes.map((a) => `grid.${a}`), 'status', 'epoch', 'loss', ...trainKeys.map((k) => `metrics.${k}`), 'valLoss', ...valKeys.map((k) => `valMetrics.${k}`)];
  const lines = [header.map(csvField).join(',')];
  for (const r of results) {
    const point = (r.gridPoint ?? {}) as Record<string, unknown>;
    for (const e of r.history) {
      const row = [
        r.runId,
        r.label,
        r.seed,
        r.gridIndex,
        ...axes.map((a) => point[a] ?? null),
        r.status,
        e.epoch,
        e.loss,
        ...trainKeys.map((k) => (e.metrics as Record<string, number | null>)[k] ?? null),
        e.valLoss,
        ...valKeys.map((k) => (e.valMetrics as Record<string, number | null> | null)?.[k] ?? null),
      ];
      lines.push(row.map((v) => csvField(cell(v))).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
