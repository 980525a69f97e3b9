import type { Command } from 'commander';
import {
  computeFans,
  getInitializer,
  histogramBins,
  listInitializers,
  sampleStats,
  type InitializerInfo,
  type Layout,
  type ResolvedParameters,
} from '@initlab/initializers';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { latexToText } from '../latex-text.js';
import { parseChoice, parseInteger, parseIntList } from '../parse.js';

/** Metadata as JSON: functions (the variance evaluator) are dropped, everything else is data. */
function infoToJson(info: InitializerInfo): unknown {
  return JSON.parse(JSON.stringify(info));
}

/** The std an entry gives a 256 → 256 dense kernel with its default parameters: a number to compare entries by. */
function stdAt256(info: InitializerInfo): string {
  if (info.parameters.some((p) => p.default === null)) return 'needs params';
  const config = getInitializer(info.name).getConfig() as unknown as ResolvedParameters;
  const variance = info.targetVariance.evaluate({ fanIn: 256, fanOut: 256 }, config);
  return variance === null ? '—' : num(Math.sqrt(variance));
}

function listText(infos: InitializerInfo[]): string {
  const rows = infos.map((i) => [i.name, i.family, i.distribution.kind, stdAt256(i), i.suits.join(', ') || '—']);
  const note = "std at 256→256: the weight std for a 256-in, 256-out dense kernel with default parameters. 'initlab initializers show NAME' gives the formula.";
  return `${textTable(['name', 'family', 'distribution', 'std at 256→256', 'suits'], rows)}\n${note}`;
}

function showText(info: InitializerInfo): string {
  const lines = [`${info.name} — ${info.summary}`, ''];
  if (info.aliases.length) lines.push(`also known as: ${info.aliases.join(', ')}`);
  lines.push(`family: ${info.family}`, `distribution: ${info.distribution.description}`, `variance: ${latexToText(info.targetVariance.latex)}`);
  if (info.targetVariance.note) lines.push(`  ${info.targetVariance.note}`);
  lines.push('', 'formula:', ...latexToText(info.formula).split('\n').map((l) => `  ${l}`), '');
  if (info.parameters.length) {
    lines.push(
      textTable(
        ['parameter', 'default', 'allowed', 'meaning'],
        info.parameters.map((p) => [p.name, p.default === null ? '(required)' : String(p.default), p.allowed, p.description]),
      ),
      '',
    );
  } else {
    lines.push('parameters: none', '');
  }
  lines.push(`suits: ${info.suits.join(', ') || 'no activation in particular'}${info.suitsNote ? ` — ${info.suitsNote}` : ''}`);
  for (const f of info.frameworks) lines.push(`${f.framework}: ${f.api} (${f.match})${f.notes ? ` — ${f.notes}` : ''}`);
  for (const s of info.seedNotebookNames) lines.push(`seed notebook '${s.notebook}': ${s.name} (${s.match}) — ${s.note}`);
  if (info.reference) lines.push(`reference: ${info.reference}`);
  return `${lines.join('\n')}\n`;
}

/** A horizontal-bar histogram for the terminal: one line per bin, bar length proportional to count. */
export function histogram(values: Float32Array | Float64Array, range: { min: number; max: number }, bins = 15, width = 40): string {
  const counted = histogramBins(values, bins, range);
  if (counted.length === 1 && counted[0]!.x0 === counted[0]!.x1) return `all ${values.length} values equal ${num(counted[0]!.x0)}\n`;
  const top = Math.max(...counted.map((b) => b.count));
  return counted
    .map(({ x0, count }) => {
      const bar = '█'.repeat(Math.round((count / top) * width));
      return `${num(x0).padStart(10)} │${bar} ${count}`;
    })
    .join('\n')
    .concat('\n');
}

export function registerInitializers(program: Command, io: Io): void {
  const cmd = program.command('initializers').description('the initializer catalogue: list, show one entry, sample one');

  cmd
    .command('list')
    .description('list every initializer with its family, distribution and target variance')
    .option('--json', 'print the catalogue metadata as JSON')
    .addHelpText('after', '\nExamples:\n  initlab initializers list\n  initlab initializers list --json')
    .action((opts: { json?: boolean }) => {
      const infos = listInitializers();
      io.stdout(opts.json ? `${JSON.stringify(infos.map(infoToJson), null, 2)}\n` : `${listText(infos)}\n`);
    });

  cmd
    .command('show')
    .argument('<name>', 'initializer name or alias, e.g. he_normal or GlorotUniform')
    .description("one entry's formula, parameters, framework names and reference")
    .option('--json', 'print the entry as JSON')
    .addHelpText('after', '\nExamples:\n  initlab initializers show he_normal\n  initlab initializers show xavier_uniform --json')
    .action((name: string, opts: { json?: boolean }) => {
      const info = getInitializer(name).info;
      io.stdout(opts.json ? `${JSON.stringify(infoToJson(info), null, 2)}\n` : showText(info));
    });

  cmd
    .command('sample')
    .argument('<spec>', "initializer name or spec with parameters, e.g. 'random_normal:stddev=0.01'")
    .description("draw a sample and print its statistics beside the entry's target, with a histogram")
    .requiredOption('--shape <dims>', 'weight shape, comma-separated, e.g. 300,200')
    .option('--layout <layout>', 'weight layout: keras ([in, out]) or torch ([out, in])', 'keras')
    .option('--seed <n>', 'seed of the generator', '0')
    .option('--json', 'print the statistics as JSON')
    .addHelpText('after', "\nExamples:\n  initlab initializers sample he_normal --shape 300,200\n  initlab initializers sample 'truncated_normal:stddev=0.1' --shape 64,64 --layout torch --seed 7")
    .action((spec: string, opts: { shape: string; layout: string; seed: string; json?: boolean }) => {
      const shape = parseIntList('--shape', opts.shape);
      const layout = parseChoice<Layout>('--layout', opts.layout, ['keras', 'torch']);
      const seed = parseInteger('--seed', opts.seed, { allowZero: true });
      const init = getInitializer(spec);
      const values = init.sample(shape, { seed, layout, dtype: 'float64' });
      // zeroShare is left out: the JSON document keeps the fields it has always had.
      const { zeroShare: _zeroShare, ...s } = sampleStats(values);
      const fans = computeFans(shape, layout);
      const targetVariance = init.info.targetVariance.evaluate(fans, init.getConfig() as unknown as ResolvedParameters);
      const target = targetVariance === null ? null : Math.sqrt(targetVariance);
      if (opts.json) {
        io.stdout(`${JSON.stringify({ initializer: init.getConfig(), shape, layout, seed, fans, ...s, targetStd: target }, null, 2)}\n`);
        return;
      }
      const head = `${init.info.name} ${JSON.stringify(init.getConfig())} shape [${shape.join(', ')}] (${layout}) seed ${seed}`;
      const rows = [
        ['fan_in / fan_out', `${fans.fanIn} / ${fans.fanOut}`],
        ['mean', num(s.mean)],
        ['std (target)', `${num(s.std)} (${target === null ? 'n/a' : num(target)})`],
        ['min / max', `${num(s.min)} / ${num(s.max)}`],
      ];
      io.stdout(`${head}\n${textTable(['statistic', 'value'], rows)}\n\n${histogram(values, s)}`);
    });
}
