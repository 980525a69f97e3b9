/** Helpers that turn package data into Markdown that VitePress (markdown-it + Vue templates) reads safely. */
import { escapeHtml, formatValue } from '@initlab/report';

/**
 * Escapes text for Markdown prose and table cells: HTML specials with report's escaper (so `g < groups` is not a
 * tag), then what VitePress adds: `|` (cell separator), braces (so `{{` never opens a Vue interpolation) and line breaks.
 */
export function esc(text: string): string {
  return vueSafe(escapeHtml(text).replace(/\|/g, '&#124;')).replace(/\r?\n/g, ' ');
}

/** Braces as entities, so a Vue template never sees `{{` (for Markdown or HTML that is escaped already). */
export function vueSafe(html: string): string {
  return html.replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
}

/** Inline code whose content may hold anything (backticks are rare here; a double fence covers them). */
export function code(text: string): string {
  const body = text.replace(/\|/g, '\\|');
  return body.includes('`') ? `\`\` ${body} \`\`` : `\`${body}\``;
}

/** A Markdown table; cells are already escaped by the caller. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r' | 'c')[]): string {
  const sep = header.map((_, i) => {
    const a = align?.[i] ?? 'l';
    return a === 'r' ? '---:' : a === 'c' ? ':---:' : '---';
  });
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** A number for prose and tables: report's one rule at 4 significant digits, an em dash when missing. */
export { formatValue as num } from '@initlab/report';

/**
 * A measured number, or the words for why there is none (`overflow`, `diverged`): a generated page never shows
 * a bare dash where a number belongs.
 */
export function numOr(x: number | null | undefined, missing: string, digits?: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? missing : formatValue(x, digits);
}

/** A display-math block for @mdit/plugin-katex. */
export function mathBlock(latex: string): string {
  return `$$\n${latex.trim()}\n$$`;
}

/** An inline-math span for @mdit/plugin-katex. */
export function mathInline(latex: string): string {
  return `$${latex.trim()}$`;
}

/** A figure: the SVG as an image (alt text required) and a visible caption. */
export function figure(src: string, alt: string, caption: string): string {
  return [
    '<figure class="chart">',
    `<img src="${src}" alt="${attr(alt)}" loading="lazy" decoding="async">`,
    `<figcaption>${caption}</figcaption>`,
    '</figure>',
  ].join('\n');
}

/** Escapes a string for an HTML attribute. */
export function attr(text: string): string {
  return vueSafe(escapeHtml(text));
}

/** A collapsible block (for long number tables next to a chart). */
export function details(summary: string, body: string): string {
  return `<details class="numbers">\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** A count with thousands separators (`70,000`), as the registry's own descriptions write them. */
export function int(n: number): string {
  if (!Number.isInteger(n)) throw new Error(`int: ${n} is not a whole number`);
  return n.toLocaleString('en-GB');
}
