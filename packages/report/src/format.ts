// Text formatting shared by the Markdown, HTML and text alternatives (numbers: formatValue in renderers.ts).
import { metricInfo } from '@initlab/eval';

/** A share in [0, 1] as a percentage with at most one decimal (`100%`, `37.5%`); an em dash when missing. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Number((share * 100).toFixed(1))}%`;
}

/** A metric's display label (`MSE`, `accuracy`), or the key itself for an unknown metric. */
export function metricLabel(metric: string): string {
  return metricInfo(metric)?.label ?? metric;
}

/** `a, b and c` for prose. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `1 run`, `3 runs`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
