import { join } from 'node:path';
import { buildProgram } from '@initlab/cli/program';
import { docsDir, write } from './lib/context.js';
import { code, esc, table } from './lib/md.js';

// The program's own types: the reference reads commander's Command, Option and Argument as the CLI builds them.
// Run from the CLI's sources (the `source` condition), so the reference always matches the code in this tree.
export type Command = ReturnType<typeof buildProgram>;
type Option = Command['options'][number];
type Argument = Command['registeredArguments'][number];

export interface Captured {
  out: string;
}

function fullName(cmd: Command): string {
  const parts: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) parts.unshift(c.name());
  return parts.join(' ');
}

function anchor(cmd: Command): string {
  return fullName(cmd).replace(/\s+/g, '-');
}

function helpText(cmd: Command, sink: Captured): string {
  sink.out = '';
  cmd.configureOutput({ getOutHelpWidth: () => 88, getErrHelpWidth: () => 88, getOutHasColors: () => false, getErrHasColors: () => false });
  cmd.outputHelp();
  return sink.out.trimEnd();
}

function optionRows(options: readonly Option[]): string[][] {
  return options
    .filter((o) => !o.hidden)
    .map((o) => {
      const extras: string[] = [];
      if (o.argChoices?.length) extras.push(`one of ${o.argChoices.map(code).join(', ')}`);
      if (o.defaultValue !== undefined) extras.push(`default ${code(JSON.stringify(o.defaultValue))}`);
      if (o.envVar) extras.push(`env ${code(o.envVar)}`);
      if (o.mandatory) extras.push('required');
      return [code(o.flags), esc(o.description ?? '') + (extras.length ? ` (${extras.join('; ')})` : '')];
    });
}

function argumentRows(args: readonly Argument[]): string[][] {
  return args.map((a) => [
    code(a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`),
    esc(a.description ?? '') + (a.defaultValue !== undefined ? ` (default ${code(JSON.stringify(a.defaultValue))})` : ''),
  ]);
}

function walk(cmd: Command, depth: number, sink: Captured, lines: string[], toc: string[]): void {
  const name = fullName(cmd);
  const level = Math.min(2 + depth - 1, 4);
  if (depth > 0) {
    lines.push(`${'#'.repeat(level)} ${name} {#${anchor(cmd)}}`, '');
    toc.push(`${'  '.repeat(depth - 1)}- [${code(name)}](#${anchor(cmd)}): ${esc(cmd.summary() || cmd.description().split('\n')[0] || '')}`);
  }
  const description = cmd.description();
  if (description && depth > 0) lines.push(esc(description), '');
  lines.push('```text', `${name} ${cmd.usage()}`.trim(), '```', '');
  if (cmd.aliases().length) lines.push(`Aliases: ${cmd.aliases().map(code).join(', ')}`, '');
  const args = argumentRows(cmd.registeredArguments);
  if (args.length) lines.push(table(['argument', 'meaning'], args), '');
  const opts = optionRows(cmd.options);
  if (opts.length) lines.push(table([depth === 0 ? 'global option' : 'option', 'meaning'], opts), '');
  lines.push('<details class="help-text">', `<summary>Full <code>--help</code> output</summary>`, '', '```text', helpText(cmd, sink), '```', '', '</details>', '');
  for (const sub of cmd.commands) walk(sub, depth + 1, sink, lines, toc);
}

/** The CLI reference page for a commander program whose output goes to `sink` (exported for tests and reuse). */
export function cliPage(program: Command, sink: Captured): string {
  const body: string[] = [];
  const toc: string[] = [];
  walk(program, 0, sink, body, toc);
  return [
    '---',
    'title: CLI reference',
    'outline: [2, 3]',
    '---',
    '',
    '# CLI reference',
    '',
    `Generated from the \`initlab\` command definitions (commander) when this site was built, so every command, option and default below is the one the program has. ${esc(program.description())}`,
    '',
    'Nothing is on npm yet (`npm install @initlab/cli` answers E404 until the first release). From a clone of the repository, with Node.js ≥ 20 and npm:',
    '',
    '```sh',
    'npx -y pnpm@10.34.9 install --frozen-lockfile',
    'npx -y pnpm@10.34.9 initlab --help         # builds the CLI, then runs it',
    'npx -y pnpm@10.34.9 pack:all               # or: tarballs that plain npm installs in any project',
    'npm install ./packed/*.tgz && npx initlab --help',
    '```',
    '',
    'Exit codes: 0 on success, 1 when a run or file operation fails, 2 for a usage error (a one-line message says what to fix; add `--debug` for the stack trace).',
    '',
    '## Commands',
    '',
    ...toc,
    '',
    '## initlab',
    '',
    ...body,
  ].join('\n');
}

/** Writes `docs/reference/cli.md` from the commander program the `initlab` binary runs. */
export async function generateCli(): Promise<void> {
  process.env.NO_COLOR = '1';
  const sink: Captured = { out: '' };
  const program = buildProgram({ stdout: (t) => void (sink.out += t), stderr: (t) => void (sink.out += t) });
  write(join(docsDir, 'reference', 'cli.md'), cliPage(program, sink));
}
