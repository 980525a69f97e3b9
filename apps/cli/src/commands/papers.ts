// `initlab reproduce <paper>` and `reproduce --list`: run a paper file shipped with @initlab/experiments (or
// any paper file by path) and print the paper's numbers beside initlab's, the checks and the verdict.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { writeFileAtomically } from '@initlab/data';
import { describeFsError } from '@initlab/errors';
import { formatEstimate, loadPaper, paperIds, runPaper, type PaperMode, type PaperResult } from '@initlab/experiments';
import { RunError, UsageError } from '../errors.js';
import { textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';
import { dataOptions, type DataFlags } from '../data-flags.js';
import { durationText } from './experiment.js';

export interface PaperFlags extends DataFlags {
  backend: string;
  full?: boolean;
  json?: boolean;
  quiet?: boolean;
  out?: string;
  threads?: string;
}

/** One line per shipped paper: id, year and authors, and the result in a few words. */
export async function listPapers(io: Io): Promise<void> {
  const rows: string[][] = [];
  for (const id of await paperIds()) {
    const p = await loadPaper(id);
    rows.push([id, `${p.paper.authors.split(',')[0]!.split(' ').at(-1)}${p.paper.authors.includes(',') ? ' et al.' : ''} ${p.paper.year}`, p.title, `${p.budgetMinutes} min`]);
  }
  io.stdout(`${textTable(['paper', 'by', 'result', 'budget'], rows)}\nrun one with: initlab reproduce <paper> (add --full for the paper's scale where feasible)\n`);
}

function authorsShort(authors: string): string {
  const names = authors.split(',').map((a) => a.trim().split(' ').at(-1)!);
  return names.length <= 2 ? names.join(' & ') : `${names[0]} et al.`;
}

/** The run as a person reads it: the claim, the setups, the numbers side by side, the checks and the verdict. */
export function paperReport(r: PaperResult): string {
  const lines: string[] = [];
  lines.push(`${r.id}: ${r.title}`);
  lines.push(`paper: ${r.paper.title} – ${authorsShort(r.paper.authors)} (${r.paper.year})${r.paper.venue ? `, ${r.paper.venue}` : ''} · ${r.paper.url}`);
  lines.push('', `claim: ${r.claim}`, '');
  lines.push(`the paper's setup: ${r.setup.paper}`);
  lines.push(`initlab's setup${r.mode === 'full' ? ' (--full)' : ''}: ${r.mode === 'full' && r.setup.full ? r.setup.full : r.setup.ours}`);
  if (r.mode === 'reduced') lines.push('reduced form (a test of the file, not a reproduction): its numbers mean nothing');
  if (r.published.length > 0) {
    lines.push('', "the paper's numbers beside initlab's (95% interval over seeds):");
    lines.push(
      textTable(
        ['quantity', 'where in the paper', 'paper', 'initlab', 'n'],
        r.published.map((p) => [p.quantity, p.where, `${p.value}${p.unit ? ` ${p.unit}` : ''}`, p.initlab === null ? '—' : formatEstimate(p.initlab), p.initlab?.n ?? '—']),
      ),
    );
  }
  if (r.notPrinted.length > 0) lines.push('', 'shown in the paper only as curves (no number to quote):', ...r.notPrinted.map((n) => `  - ${n}`));
  lines.push('', 'checks:');
  for (const c of r.checks) {
    lines.push(`  ${c.passed ? 'pass' : 'FAIL'} (${c.level}) ${c.claim}`, `       ${c.detail}`);
    if (c.ifFails !== undefined) lines.push(`       why it may fail at this scale (the paper file's reading, not a measurement): ${c.ifFails}`);
  }
  lines.push('', `verdict: ${r.verdict}`);
  for (const reason of r.reasons) lines.push(`  because: ${reason}`);
  lines.push('', `wall time: ${durationText(r.elapsedMs / 1000)} (budget ${r.budgetMinutes} min)`);
  lines.push(...r.notes.map((n) => `note: ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Runs one paper file as the flags say and prints its report (or one JSON document). */
export async function reproducePaper(idOrPath: string, flags: PaperFlags, io: Io): Promise<PaperResult> {
  const backend = parseChoice('--backend', flags.backend, BACKEND_NAMES);
  const threads = flags.threads === undefined ? undefined : parseInteger('--threads', flags.threads);
  if (threads !== undefined && threads > os.availableParallelism()) throw new UsageError(`--threads must be at most the ${os.availableParallelism()} CPU cores here, got ${threads}`);
  const paper = await loadPaper(idOrPath);
  const mode: PaperMode = flags.full ? 'full' : 'default';
  if (flags.full && paper.full === undefined) io.stderr(`note: ${paper.id} has no --full setup; its default run is already the paper's scale or the closest feasible\n`);
  await useBackend(backend);
  const quiet = flags.quiet || flags.json;
  const result = await runPaper(paper, {
    mode,
    loadOptions: dataOptions(flags),
    train: { backendName: backend, dataOptions: dataOptions(flags), ...(threads === undefined ? {} : { threads }) },
    onMeasure: (e) => {
      if (!quiet) io.stderr(`measuring ${e.index + 1}/${e.count}: ${e.id} (${e.kind})${e.title ? ` · ${e.title}` : ''}\n`);
    },
  });
  if (flags.out !== undefined) {
    const file = path.join(flags.out, `${result.id}${mode === 'full' ? '-full' : ''}.json`);
    try {
      await mkdir(flags.out, { recursive: true });
      await writeFileAtomically(file, `${JSON.stringify(result, null, 1)}\n`);
    } catch (err) {
      throw new RunError(`cannot write ${file}: ${describeFsError(err)}`, { cause: err });
    }
    if (!flags.json) io.stderr(`wrote ${file}\n`);
  }
  io.stdout(flags.json ? `${JSON.stringify(result)}\n` : paperReport(result));
  return result;
}
