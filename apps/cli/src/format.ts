import Table from 'cli-table3';

/** Whether to colour output: never under NO_COLOR, CI, or when stdout is not a terminal. */
export function useColor(): boolean {
  return !process.env.NO_COLOR && !process.env.CI && Boolean(process.stdout.isTTY);
}

/** A borderless-looking text table (cli-table3) that reads well in a terminal and in a CI log. */
export function textTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head,
    style: { head: useColor() ? ['cyan'] : [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** Numbers in tables and messages: report's one rule (2.02e11, 0.5594, 1.235e4), an em dash when missing. */
export { formatValue as num } from '@initlab/report';

/** One bar per layer on a log scale: 1e-4 … 1e4 around the ideal std of 1 at the middle mark. */
export function logBar(value: number | null, width = 32): string {
  if (value === null || !Number.isFinite(value) || value <= 0) return value === 0 ? '(0)' : '—';
  const position = Math.round(((Math.log10(value) + 4) / 8) * width);
  const clamped = Math.max(0, Math.min(width, position));
  return `${'▇'.repeat(clamped)}${' '.repeat(width - clamped)}|`;
}
