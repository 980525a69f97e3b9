/**
 * What the site tests look for in the built pages, as functions of a page's HTML (and, where the structure
 * matters, of its DOM in Chromium), so that each check can also be shown to fail on a page that has the defect.
 */
import type { Page } from 'playwright-core';

/** HTML entities VitePress and Vue write in text and attributes. */
export function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

const stripTags = (html: string): string => decode(html.replace(/<[^>]+>/g, ''));

// ------------------------------------------------------------------------------------------- placeholders

/**
 * A value printed where a number belongs: a dash standing alone ("reaches —", "— ± 0.1", "—×"), or a word
 * JavaScript prints for a missing number.
 */
const PLACEHOLDER = /(^|[\s(])—($|[\s),;.:×%])|\b(NaN|undefined|null|Infinity)\b|\[object Object\]/;

/** A table cell that is a number (or starts like one: `0.5 ± 0.1`, `12%`, `-0.2 / 0.2`, `16–16`, `1.2e4`). */
const NUMERIC_CELL = /^[-−+]?(\d|\.\d)/;
const PLACEHOLDER_CELL = /^(—|-|–|NaN|undefined|null|Infinity|)$/;

/**
 * Generated numbers that render as placeholders in one built page: in every interpolated value
 * (`<span class="gen">`, see generated-marks.ts), every image's alt text and figure caption (written by the
 * generators), and every table column of numbers (a column where most cells are numbers: a dash or an empty
 * cell there stands for a missing number).
 */
export function placeholderProblems(html: string): string[] {
  const problems: string[] = [];
  const check = (where: string, text: string): void => {
    const m = PLACEHOLDER.exec(text);
    if (m) problems.push(`${where} shows '${m[0].trim()}' where a number belongs: "${excerpt(text, m.index)}"`);
  };
  for (const m of html.matchAll(/<span class="gen">([\s\S]*?)<\/span>/g)) check('a value quoted in the text', stripTags(m[1]!));
  for (const m of html.matchAll(/<img\b[^>]*\balt="([^"]*)"/g)) check('an image’s alt text', decode(m[1]!));
  for (const m of html.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)) check('a figure caption', stripTags(m[1]!));
  for (const t of html.matchAll(/<table[\s\S]*?<\/table>/g)) {
    // A cell that is all code (an API page's default value `undefined`) quotes code, not a number.
    const rows = [...t[0].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => (/^\s*<code>[\s\S]*<\/code>\s*$/.test(c[1]!) ? '<code>' : stripTags(c[1]!).trim())),
    );
    const body = rows.filter((r) => r.length > 0);
    const columns = Math.max(0, ...body.map((r) => r.length));
    for (let c = 0; c < columns; c++) {
      const cells = body.map((r) => r[c] ?? '');
      const numbers = cells.filter((v) => NUMERIC_CELL.test(v)).length;
      if (numbers * 2 < cells.length || numbers === 0) continue;
      for (const v of cells) {
        if (v === '<code>') continue;
        if (PLACEHOLDER_CELL.test(v)) problems.push(`a table column of numbers has the cell '${v}' (row "${body.find((r) => r[c] === v)!.join(' | ')}")`);
        else check('a table cell', v);
      }
    }
  }
  return problems;
}

function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - 50);
  return `${from > 0 ? '…' : ''}${text.slice(from, at + 40).replace(/\s+/g, ' ').trim()}${at + 40 < text.length ? '…' : ''}`;
}

// ----------------------------------------------------------------------------------------- ordering claims

/**
 * Words that state an ordering of measured numbers. Inside measured text (a `.measured` block, or a paragraph,
 * list item or table cell that quotes a generated value) each must sit in a declared claim (`data-claim`) or in
 * a generated value.
 */
export const ORDERING_WORDS =
  /\b(better|worse|best|worst|steadier|ahead|behind|beats?|outperform\w*|rank\w*|order(?:ing|ed)?|indistinguishable|superior|inferior|highest|lowest|than|wins?|leads?)\b/i;

/** What one built page declares and states, read from its DOM. */
export interface PageFacts {
  /** Every `data-claim` value on the page. */
  claims: { claim: string; text: string }[];
  /** Sentences of measured text with an ordering word outside any declared claim or generated value. */
  undeclared: string[];
  /** `initlab …` commands in `data-reproduces` blocks, with what they reproduce. */
  reproduce: { reproduces: string; command: string }[];
  /** Code blocks with an `initlab` command that are not in a `data-reproduces` block. */
  strayCommands: string[];
}

/** Loads a page's HTML (scripts off: the static text is what a reader first gets) and reads its {@link PageFacts}. */
export async function pageFacts(page: Page, html: string): Promise<PageFacts> {
  await page.setContent(html, { waitUntil: 'domcontentloaded' });
  return page.evaluate((words: string) => {
    const vocabulary = new RegExp(words, 'i');
    const doc = document.querySelector('.vp-doc') ?? document.body;
    const claims = [...doc.querySelectorAll<HTMLElement>('[data-claim]')].map((el) => ({ claim: el.dataset['claim'] ?? '', text: (el.textContent ?? '').trim() }));
    const regions = new Set<Element>([...doc.querySelectorAll('.measured')]);
    for (const gen of doc.querySelectorAll('.gen')) {
      const block = gen.closest('p, li, td, th');
      if (block && !block.closest('.measured')) regions.add(block);
    }
    const undeclared: string[] = [];
    for (const region of regions) {
      const copy = region.cloneNode(true) as Element;
      for (const el of copy.querySelectorAll('[data-claim], .gen, code, pre, .katex, .math-display, figure, details')) el.replaceWith(' ');
      // block boundaries end a sentence even where the HTML has no space between them
      for (const el of copy.querySelectorAll('p, li, td, th, div')) el.append(' ');
      const text = (copy.textContent ?? '').replace(/\s+/g, ' ');
      for (const sentence of text.split(/(?<=[.:;!?])\s+/)) if (vocabulary.test(sentence)) undeclared.push(sentence.trim());
    }
    const reproduce = [...doc.querySelectorAll<HTMLElement>('[data-reproduces]')].flatMap((el) =>
      [...el.querySelectorAll('pre')].map((pre) => ({ reproduces: el.dataset['reproduces'] ?? '', command: pre.textContent ?? '' })),
    );
    const strayCommands = [...doc.querySelectorAll('pre')]
      .filter((pre) => /(^|\n)\s*initlab\s/.test(pre.textContent ?? '') && !pre.closest('[data-reproduces]'))
      .map((pre) => (pre.textContent ?? '').trim());
    return { claims, undeclared, reproduce, strayCommands };
  }, ORDERING_WORDS.source);
}

// --------------------------------------------------------------------------------------- reproduce commands

/** The words of a shell command as a page prints it: `\` line continuations, single and double quotes. */
export function shellWords(command: string): string[] {
  const text = command.replace(/\\\r?\n/g, ' ').trim();
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || word) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (started || word) words.push(word);
  return words;
}

/**
 * How closely a command's output must match the page: both run the same library code with the same seeds on
 * the same (WASM) backend, so the numbers agree to float rounding; the pages print 3–4 significant digits.
 */
export const RELATIVE_TOLERANCE = 1e-6;

function close(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-300;
}

interface SignalEvidence {
  depth: number;
  width: number;
  batch: number;
  layers: Record<string, Record<string, { activationStd: number | null; gradientNorm: number | null }[]>>;
}
interface NotebookEvidence {
  metric: string;
  baseline: number;
  stats: Record<string, { mean: number | null; min: number | null; max: number | null; n: number }>;
}

/**
 * Compares a command's `--json` output with the numbers of the page (evidence.json) that its block says it
 * reproduces: `signal/layers/<activation>` (`initlab diagnose`: per layer activation std and gradient norm of
 * each initializer the command runs) or `notebooks/<name>` (`initlab reproduce`: mean, min and max of the test
 * metric per initializer, and the baseline). Returns every mismatch.
 */
export function reproductionProblems(reproduces: string, output: unknown, evidence: { signal: SignalEvidence; notebooks: Record<string, NotebookEvidence> }): string[] {
  const problems: string[] = [];
  const signal = /^signal\/layers\/(\w+)$/.exec(reproduces);
  const notebook = /^notebooks\/([\w-]+)$/.exec(reproduces);
  if (signal) {
    const ev = evidence.signal;
    const page = ev.layers[signal[1]!];
    const doc = output as { depth: number; width: number; activation: string; batch: number; input: string; members: { id: string; layers: { activationStd: number | null; gradientNorm: number | null }[] }[] };
    if (!page) return [`evidence.json has no signal measurement for ${signal[1]}`];
    const setup = { depth: ev.depth, width: ev.width, batch: ev.batch, activation: signal[1], input: `normal:${ev.width}` };
    for (const [key, want] of Object.entries(setup)) {
      const got = (doc as unknown as Record<string, unknown>)[key];
      if (got !== want) problems.push(`the command measures ${key} ${String(got)}, the page ${String(want)}`);
    }
    for (const m of doc.members ?? []) {
      const layers = page[m.id];
      if (!layers) {
        problems.push(`the page has no numbers for ${m.id}`);
        continue;
      }
      layers.forEach((l, i) => {
        for (const key of ['activationStd', 'gradientNorm'] as const) {
          const got = m.layers[i]?.[key];
          if (!close(got, l[key])) problems.push(`${m.id} layer ${i + 1} ${key}: the command prints ${String(got)}, the page ${String(l[key])}`);
        }
      });
    }
    if ((doc.members ?? []).length === 0) problems.push('the command measured no initializer');
    return problems;
  }
  if (notebook) {
    const ev = evidence.notebooks[notebook[1]!];
    if (!ev) return [`evidence.json has no notebook ${notebook[1]}`];
    const doc = output as { aggregates: { label: string; metrics: Record<string, { mean: number | null; min: number | null; max: number | null; n: number }> }[]; baseline: { metrics: Record<string, number> } };
    if (!close(doc.baseline?.metrics?.[ev.metric], ev.baseline)) problems.push(`baseline ${ev.metric}: the command prints ${String(doc.baseline?.metrics?.[ev.metric])}, the page ${ev.baseline}`);
    const labels = (doc.aggregates ?? []).map((a) => a.label);
    for (const label of Object.keys(ev.stats)) if (!labels.includes(label)) problems.push(`the command does not run ${label}, which the page shows`);
    for (const a of doc.aggregates ?? []) {
      const want = ev.stats[a.label];
      if (!want) {
        problems.push(`the page has no numbers for ${a.label}`);
        continue;
      }
      const got = a.metrics[ev.metric];
      for (const key of ['mean', 'min', 'max', 'n'] as const) {
        if (!close(got?.[key], want[key])) problems.push(`${a.label} ${ev.metric} ${key}: the command prints ${String(got?.[key])}, the page ${String(want[key])}`);
      }
    }
    return problems;
  }
  return [`data-reproduces="${reproduces}" names nothing the tests can compare (signal/layers/<activation> or notebooks/<name>)`];
}
