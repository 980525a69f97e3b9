import { show as showValue } from '@initlab/errors';

// Renders a received value for a one-line error message; data arrays by their length.
export const show = (value: unknown): string => showValue(value, { compound: 'length' });

// Lists at most `max` values, quoted, with a count of the rest, so a message stays one short line.
export function showList(values: readonly unknown[], max = 5): string {
  const shown = values.slice(0, max).map(show).join(', ');
  return values.length > max ? `${shown}, … (${values.length - max} more)` : shown;
}
