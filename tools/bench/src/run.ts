// `pnpm bench [--suite <name>]... [--reps <n>] [--quick] [--full] [--json]`
// Runs the registered suites and prints markdown tables (or, with --json, one JSON document) to stdout;
// progress goes to stderr.
import { arch, cpus, platform } from 'node:os';
import { parseArgs } from 'node:util';
import { markdownTable, type SuiteResult } from './harness.js';
import { suites } from './suites/index.js';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    reps: { type: 'string', default: '5' },
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    `usage: pnpm bench [--suite <name>]... [--reps <n>] [--quick] [--full] [--json]\n  --quick  smaller sizes (smoke run; scaling: only its key cells, width 256, batch 128, one model)\n  --full   also run comparisons that take many minutes\nsuites:\n${suites.map((s) => `  ${s.name}: ${s.description}`).join('\n')}\n`,
  );
  process.exit(0);
}

const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) {
  process.stderr.write(`bench: --reps must be a positive integer, got ${JSON.stringify(values.reps)}\n`);
  process.exit(2);
}
const wanted = values.suite ?? suites.map((s) => s.name);
const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite ${unknown.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const environment = {
  node: process.version,
  platform: `${platform()} ${arch()}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  reps,
  quick: values.quick,
  full: values.full,
  date: new Date().toISOString(),
};

const results: SuiteResult[] = [];
for (const suite of suites.filter((s) => wanted.includes(s.name))) {
  log(`== ${suite.name}: ${suite.description}`);
  results.push(await suite.run({ reps, quick: values.quick, full: values.full, log }));
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ environment, results }, null, 2)}\n`);
} else {
  const lines = [
    `# initlab bench`,
    '',
    `Node ${environment.node}, ${environment.platform}, ${environment.cpu} (${environment.cores} cores), medians of ${reps} timed runs after a warm-up unless a table says otherwise.`,
    '',
  ];
  for (const result of results) {
    for (const table of result.tables) lines.push(markdownTable(table));
    for (const note of result.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
