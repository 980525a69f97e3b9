import path from 'node:path';
import type { Command } from 'commander';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { writeFileAtomically } from '@initlab/data';
import { describeFsError } from '@initlab/errors';
import { deepNetworkSpec, diagnoseDeepNetwork, normalBatch, parseInitializerEntry } from '@initlab/experiments';
import { getInitializer } from '@initlab/initializers';
import { HIDDEN_ACTIVATION_NAMES, initialWeights } from '@initlab/models';
import {
  PHASES,
  criticalSigmaW2,
  meanField,
  networkJacobian,
  predictedJacobianMoments,
  propagate,
  resolveActivation,
  singularValues,
  TheoryError,
  type JacobianWeightEnsemble,
  type MeanFieldResult,
  type Phase,
} from '@initlab/theory';
import { RunError, UsageError } from '../errors.js';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger, parseNumber } from '../parse.js';
import { addNetworkFlags, batchFacts, diagnosedSpec, hiddenParams, layerParams, measuredQ, NoPrediction, withoutVariance, type BatchSource, type LayerParams } from '../theory-network.js';
import { parseInput } from './diagnose.js';

interface FixedPointFlags {
  activation: string;
  sigmaW2: string;
  sigmaB2: string;
  json?: boolean;
}

/** The mean-field quantities as a row of text: what `initlab theory fixed-point` prints. */
function resultRows(result: MeanFieldResult): string[][] {
  return [
    ['q*', num(result.qStar), 'fixed point of the pre-activation second moment'],
    ['c*', num(result.cStar), 'fixed point of the correlation between two inputs'],
    ['χ₁', num(result.chi1), 'σ_w² E[φ′(√q* z)²]: 1 marks the edge of chaos'],
    ['χ_c', num(result.chiC), 'slope of the correlation map at c*'],
    ['ξ_q', num(result.xiQ), 'layers over which q approaches q*'],
    ['ξ_c', num(result.xiC), 'layers over which correlations survive (trainable to about 6 ξ_c)'],
  ];
}

export function registerTheory(program: Command, io: Io): void {
  const theory = program.command('theory').description('what mean-field signal-propagation theory predicts at initialisation');
  theory
    .command('fixed-point')
    .description('q*, c*, χ₁, χ_c, ξ_q and ξ_c of a wide network (Poole et al. 2016; Schoenholz et al. 2017), and its phase')
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .requiredOption('--sigma-w2 <x>', 'weight variance × fan-in, σ_w² (e.g. 1 for LeCun, 2 for He)')
    .option('--sigma-b2 <x>', 'bias variance σ_b²', '0')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nIn the wide limit the pre-activations of a layer are Gaussian with second moment q, and two inputs\n' +
        'have correlation c; χ₁ < 1 is the ordered phase (inputs become alike with depth), χ₁ > 1 the chaotic\n' +
        'one (they decorrelate), and χ₁ = 1 the edge of chaos, where signals travel deepest.\n\n' +
        'Examples:\n  initlab theory fixed-point --activation tanh --sigma-w2 1.5 --sigma-b2 0.05\n  initlab theory fixed-point --activation relu --sigma-w2 2 --json',
    )
    .action((flags: FixedPointFlags) => {
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const sigmaW2 = parseNumber('--sigma-w2', flags.sigmaW2, { min: 0, minInclusive: false });
      const sigmaB2 = parseNumber('--sigma-b2', flags.sigmaB2, { min: 0 });
      let result: MeanFieldResult;
      let critical: number | null = null;
      try {
        result = meanField(activation, { sigmaW2, sigmaB2 });
      } catch (err) {
        if (err instanceof TheoryError && err.kind === 'usage') throw new UsageError(`theory: ${err.message.replace(/^meanField: /, '')}`, { cause: err });
        throw err;
      }
      try {
        critical = criticalSigmaW2(activation, { sigmaB2 });
      } catch (err) {
        // No edge of chaos at this σ_b² (e.g. q* diverges first): the table says so instead.
        if (!(err instanceof TheoryError)) throw err;
      }
      if (flags.json) {
        io.stdout(`${JSON.stringify({ activation, sigmaW2, sigmaB2, ...result, criticalSigmaW2: critical }, null, 2)}\n`);
        return;
      }
      io.stdout(`${activation}, σ_w² = ${num(sigmaW2)}, σ_b² = ${num(sigmaB2)}: ${result.phase}\n\n`);
      io.stdout(`${textTable(['', 'value', 'meaning'], resultRows(result))}\n`);
      io.stdout(
        critical === null
          ? `\nno edge of chaos for ${activation} at σ_b² = ${num(sigmaB2)}\n`
          : `\nedge of chaos at σ_b² = ${num(sigmaB2)}: σ_w² = ${num(critical)}\n`,
      );
    });
  registerPhase(theory, io);
  registerPropagate(theory, io);
  registerJacobian(theory, io);
}


/** A theory refusal of the user's numbers (`usage`) as the CLI's one-line usage error; anything else as it is. */
function asUsage(err: unknown): never {
  if (err instanceof TheoryError && err.kind === 'usage') throw new UsageError(`theory: ${err.message.replace(/^\w+: /, '')}`, { cause: err });
  throw err;
}

/** The most values one axis of `theory phase` takes. */
const MAX_GRID = 200;

/**
 * `--sigma-w2 a:b:n`: n evenly spaced values from a to b inclusive (n = 1: just a, with a = b). `positive`
 * refuses a ≤ 0 (σ_w²), otherwise a < 0 (σ_b²).
 */
export function parseGrid(flag: string, text: string, positive: boolean): number[] {
  const parts = text.split(':');
  const [a, b, n] = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const low = positive ? 'a > 0' : 'a >= 0';
  const rule = `${flag} must be a:b:n, n values from a to b (${low}, b > a, an integer n from 2 to ${MAX_GRID}; or a:a:1), such as ${positive ? '0.5:4:15' : '0:0.3:7'}`;
  if (parts.length !== 3 || ![a, b, n].every((v) => Number.isFinite(v))) throw new UsageError(`${rule}, got '${text}'`);
  const okLow = positive ? a! > 0 : a! >= 0;
  const okCount = Number.isInteger(n) && n! >= 1 && n! <= MAX_GRID && (n === 1 ? a === b : b! > a!);
  if (!okLow || !okCount) throw new UsageError(`${rule}, got '${text}'`);
  // Rounded to 12 digits, so 0:0.3:4 gives 0.1 rather than 0.09999999999999999 (the value a user would type).
  return Array.from({ length: n! }, (_, i) => (n === 1 ? a! : i === n! - 1 ? b! : Number((a! + (i * (b! - a!)) / (n! - 1)).toPrecision(12))));
}

/** One cell of the phase grid: the mean-field result, or nulls where q has no finite fixed point. */
type PhaseCell = { sigmaW2: number; sigmaB2: number } & (
  | MeanFieldResult
  | { qStar: null; cStar: null; chi1: null; chiC: null; lengthSlope: null; xiQ: null; xiC: null; phase: null; reason: string }
);

function phaseCell(activation: (typeof HIDDEN_ACTIVATION_NAMES)[number], sigmaW2: number, sigmaB2: number): PhaseCell {
  try {
    return { sigmaW2, sigmaB2, ...meanField(activation, { sigmaW2, sigmaB2 }) };
  } catch (err) {
    if (!(err instanceof TheoryError && err.code === 'NO_FIXED_POINT')) asUsage(err);
    const none = { qStar: null, cStar: null, chi1: null, chiC: null, lengthSlope: null, xiQ: null, xiC: null, phase: null } as const;
    return { sigmaW2, sigmaB2, ...none, reason: 'q grows without bound: no finite fixed point q*' };
  }
}

/** ξ_c bands of the heatmap: a cell's glyph is the first band whose bound its ξ_c does not exceed. */
const XI_BANDS = [2, 5, 20, Number.POSITIVE_INFINITY];
/** Glyphs by phase and ξ_c band (short to long depth scale): light to dense for ordered, dense to light for chaotic. */
const GLYPHS: Record<Exclude<Phase, 'critical'>, readonly string[]> = { ordered: ['·', ':', 'o', 'O'], chaotic: ['█', '▓', '▒', '░'] };
const CRITICAL_GLYPH = '|';
const NO_FIXED_POINT_GLYPH = '!';
/** Columns the heatmap may use (labels included): the terminal width the output promises to fit. */
const HEATMAP_COLUMNS = 100;

function glyphOf(cell: PhaseCell): string {
  if (cell.phase === null) return NO_FIXED_POINT_GLYPH;
  if (cell.phase === 'critical') return CRITICAL_GLYPH;
  const band = XI_BANDS.findIndex((bound) => cell.xiC <= bound);
  return GLYPHS[cell.phase][band]!;
}

/**
 * The phase grid as text: one row per σ_b² (largest on top), one cell per σ_w², 2 characters a cell when
 * they fit in {@link HEATMAP_COLUMNS} columns, else 1; the cell nearest the edge of chaos in each row shows
 * `|`. `null` when even 1 character a cell does not fit.
 */
export function phaseHeatmap(sigmaW2: readonly number[], rows: readonly { sigmaB2: number; criticalSigmaW2: number | null; cells: readonly PhaseCell[] }[]): string | null {
  const labels = rows.map((r) => num(r.sigmaB2));
  const labelWidth = Math.max(4, ...labels.map((l) => l.length));
  const room = HEATMAP_COLUMNS - labelWidth - 2;
  const cellWidth = 2 * sigmaW2.length <= room ? 2 : sigmaW2.length <= room ? 1 : 0;
  if (cellWidth === 0) return null;
  const step = sigmaW2.length > 1 ? sigmaW2[1]! - sigmaW2[0]! : 0;
  const lines = [`${'σ_b²'.padStart(labelWidth)}`];
  [...rows].reverse().forEach((row, i) => {
    const glyphs = row.cells.map(glyphOf);
    const edge = row.criticalSigmaW2;
    if (edge !== null && step > 0 && edge >= sigmaW2[0]! - step / 2 && edge <= sigmaW2[sigmaW2.length - 1]! + step / 2) {
      glyphs[Math.round((edge - sigmaW2[0]!) / step)] = CRITICAL_GLYPH;
    }
    lines.push(`${labels[rows.length - 1 - i]!.padStart(labelWidth)} │${glyphs.map((g) => g.repeat(cellWidth)).join('')}`);
  });
  const width = sigmaW2.length * cellWidth;
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(width)}`);
  const first = num(sigmaW2[0]!);
  const last = num(sigmaW2[sigmaW2.length - 1]!);
  const gap = Math.max(1, width - first.length - last.length);
  lines.push(`${' '.repeat(labelWidth + 2)}${first}${sigmaW2.length > 1 ? `${' '.repeat(gap)}${last}` : ''}  σ_w²`);
  return lines.join('\n');
}

const PHASE_LEGEND =
  `ordered (χ₁ < 1), by ξ_c ≤ 2, 5, 20, more: ${GLYPHS.ordered.join(' ')}   chaotic (χ₁ > 1): ${GLYPHS.chaotic.join(' ')}\n` +
  `${CRITICAL_GLYPH} edge of chaos σ_w²(σ_b²) (the nearest cell; χ₁ = 1)   ${NO_FIXED_POINT_GLYPH} q* diverges (no fixed point)`;

/** Breaks a line of comma-separated items so no line passes {@link HEATMAP_COLUMNS}. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > HEATMAP_COLUMNS) {
      lines.push(line);
      line = `  ${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

const CSV_FIELDS = ['sigmaW2', 'sigmaB2', 'qStar', 'cStar', 'chi1', 'chiC', 'xiQ', 'xiC', 'phase', 'criticalSigmaW2'] as const;

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** Where `--out` writes: `json` or `csv` by the file's extension. */
export function outFormat(file: string): 'json' | 'csv' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw new UsageError(`--out must name a .json or .csv file (the extension picks the format), got '${file}'`);
}

interface PhaseFlags {
  activation: string;
  sigmaW2: string;
  sigmaB2: string;
  out?: string;
  json?: boolean;
}

function registerPhase(theory: Command, io: Io): void {
  theory
    .command('phase')
    .description('the phase diagram over σ_w² × σ_b²: q*, c*, χ₁, ξ_c and the phase of every cell, and the edge of chaos')
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .option('--sigma-w2 <a:b:n>', 'n values of σ_w² from a to b', '0.5:4:15')
    .option('--sigma-b2 <a:b:n>', 'n values of σ_b² from a to b', '0:0.3:4')
    .option('--out <file>', 'also write every cell to FILE.json or FILE.csv')
    .option('--json', 'print the grid and the edge of chaos as JSON')
    .addHelpText(
      'after',
      '\nEach chaotic cell finds c* by two-dimensional quadrature (about half a second for tanh), so the\n' +
        'default 15 × 4 grid takes about half a minute.\n\n' +
        'Examples:\n  initlab theory phase --activation tanh\n  initlab theory phase --sigma-w2 1:3:9 --sigma-b2 0:0.2:5 --out phase.csv',
    )
    .action(async (flags: PhaseFlags) => {
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const sigmaW2 = parseGrid('--sigma-w2', flags.sigmaW2, true);
      const sigmaB2 = parseGrid('--sigma-b2', flags.sigmaB2, false);
      const format = flags.out === undefined ? undefined : outFormat(flags.out);
      const rows = sigmaB2.map((b) => {
        let edge: number | null = null;
        try {
          edge = criticalSigmaW2(activation, { sigmaB2: b });
        } catch (err) {
          // No edge of chaos at this σ_b² (q* diverges first): the row says so with null.
          if (!(err instanceof TheoryError && err.kind === 'runtime')) asUsage(err);
        }
        return { sigmaB2: b, criticalSigmaW2: edge, cells: sigmaW2.map((w) => phaseCell(activation, w, b)) };
      });
      const cells = rows.flatMap((r) => r.cells);
      const criticalLine = rows.map((r) => ({ sigmaB2: r.sigmaB2, criticalSigmaW2: r.criticalSigmaW2 }));
      const doc = { activation, phases: PHASES, sigmaW2, sigmaB2, criticalLine, cells };
      if (flags.out !== undefined) {
        const text =
          format === 'json'
            ? `${JSON.stringify(doc, null, 2)}\n`
            : `${CSV_FIELDS.join(',')}\n${rows.flatMap((r) => r.cells.map((c) => CSV_FIELDS.map((f) => csvValue(f === 'criticalSigmaW2' ? r.criticalSigmaW2 : c[f])).join(','))).join('\n')}\n`;
        try {
          await writeFileAtomically(path.resolve(flags.out), text);
        } catch (cause) {
          throw new RunError(`${describeFsError(cause, flags.out, 'write')}; choose a writable --out file`, { cause });
        }
      }
      if (flags.json) {
        io.stdout(`${JSON.stringify(doc)}\n`);
        return;
      }
      const counts = PHASES.map((p) => `${cells.filter((c) => c.phase === p).length} ${p}`);
      const diverging = cells.filter((c) => c.phase === null).length;
      io.stdout(`${activation}: ${sigmaW2.length} σ_w² × ${sigmaB2.length} σ_b² cells, ${counts.join(', ')}${diverging > 0 ? `, ${diverging} without a fixed point` : ''}\n\n`);
      const map = phaseHeatmap(sigmaW2, rows);
      io.stdout(map === null ? `(no heatmap: ${sigmaW2.length} σ_w² values do not fit ${HEATMAP_COLUMNS} columns; --json or --out has every cell)\n` : `${map}\n${PHASE_LEGEND}\n`);
      const edges = criticalLine.map((r) => `${num(r.sigmaB2)} → ${r.criticalSigmaW2 === null ? 'none' : num(r.criticalSigmaW2)}`);
      io.stdout(`\n${wrap(`edge of chaos, σ_b² → σ_w²: ${edges.join(', ')}`)}\n`);
      if (flags.out !== undefined) io.stdout(`wrote ${flags.out}\n`);
    });
}

/** `--initializer` for theory propagate and jacobian: one catalogue entry, since the theory needs its variance. */
function parseTheoryInitializer(text: string): string {
  if (text.includes(',') && !text.includes('[')) throw new UsageError(`--initializer takes one initializer, such as he_normal or random_normal:stddev=0.05, got '${text}'`);
  parseInitializerEntry(text);
  const problem = withoutVariance(text);
  if (problem !== null) throw new UsageError(`--initializer ${text}: ${problem}; choose a catalogue initializer such as he_normal`);
  return text;
}

/** The network's σ_w², σ_b² per layer, or a one-line usage error saying why the theory has none. */
function paramsOrRefuse(spec: Parameters<typeof layerParams>[0], initializer: string, seed: number): LayerParams {
  try {
    return layerParams(spec, initializer, seed);
  } catch (err) {
    if (err instanceof NoPrediction) throw new UsageError(`--initializer ${initializer}: ${err.message}; choose a catalogue initializer such as he_normal`);
    throw err;
  }
}

/** `--seeds n` from `--seed s`: s, s + 1, …, s + n − 1. */
function seedList(flags: { seed: string; seeds: string }): number[] {
  const first = parseInteger('--seed', flags.seed, { allowZero: true });
  const count = parseInteger('--seeds', flags.seeds);
  return Array.from({ length: count }, (_, i) => first + i);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Standard error of the mean over seeds; null for one seed. */
function standardError(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

interface PropagateFlags {
  activation: string;
  initializer: string;
  depth: string;
  width: string;
  dataset: string;
  input?: string;
  batch: string;
  seed: string;
  seeds: string;
  backend: string;
  json?: boolean;
}

function registerPropagate(theory: Command, io: Io): void {
  const cmd = theory
    .command('propagate')
    .description("predicted per-layer pre-activation second moment q^l beside the one measured on the network `initlab diagnose` builds")
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .requiredOption('--initializer <spec>', 'the kernel initializer of every layer, such as glorot_normal or random_normal:stddev=0.05');
  addNetworkFlags(cmd, 'instead of --dataset: rows of N standard-normal features')
    .option('--seed <n>', 'first seed of the weights (and of normal inputs)', '0')
    .option('--seeds <n>', 'networks to measure, seeds --seed, --seed + 1, …', '1')
    .option('--backend <name>', 'wasm (WASM-SIMD, fastest) or cpu', 'wasm')
    .option('--json', 'print the prediction and the measurements as JSON')
    .addHelpText(
      'after',
      '\nPredicted: q¹ = σ_w² q⁰ + σ_b², then q^l = σ_w² E[φ(√q^{l−1} z)²] + σ_b² (@initlab/theory propagate), with\n' +
        'q⁰ = mean(x²) of the batch, σ_w² = the initializer\'s variance × fan-in and σ_b² the bias initializer\'s\n' +
        'variance (zeros). Measured: zMean² + zStd² of each layer\'s pre-activations, averaged over seeds.\n\n' +
        'Examples:\n  initlab theory propagate --activation tanh --initializer glorot_normal --input normal:256 --seeds 5\n' +
        '  initlab theory propagate --activation relu --initializer he_normal --depth 10 --width 128',
    )
    .action(async (flags: PropagateFlags, cmd: Command) => {
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const initializer = parseTheoryInitializer(flags.initializer);
      const depth = parseInteger('--depth', flags.depth);
      const width = parseInteger('--width', flags.width);
      const batch = parseInteger('--batch', flags.batch);
      const seeds = seedList(flags);
      const backend = parseChoice('--backend', flags.backend, BACKEND_NAMES);
      const normalInputs = flags.input === undefined ? undefined : parseInput(flags.input);
      if (normalInputs !== undefined && cmd.getOptionValueSource('dataset') === 'cli') {
        throw new UsageError(`--input ${flags.input} and --dataset ${flags.dataset} both say where the batch comes from; give one of them`);
      }
      const source: BatchSource = normalInputs === undefined ? { dataset: flags.dataset } : { normalInputs };
      await useBackend(backend);
      const runs: { seed: number; q0: number; params: LayerParams; predicted: number[]; measured: (number | null)[] }[] = [];
      let datasetId: string | null = null;
      let rows = batch;
      for (const seed of seeds) {
        const result = await diagnoseDeepNetwork({ ...source, batch, depth, width, activation, initializers: [initializer], seed });
        datasetId = result.data?.id ?? null;
        rows = result.batch;
        const facts = await batchFacts(source, batch, seed);
        const params = paramsOrRefuse(diagnosedSpec(facts, { depth, width, activation }), initializer, seed);
        let predicted: number[];
        try {
          predicted = propagate(activation, { q0: facts.q0, layers: params });
        } catch (err) {
          asUsage(err);
        }
        runs.push({ seed, q0: facts.q0, params, predicted, measured: measuredQ(result.members[0]!.layers) });
      }
      const params = runs[0]!.params;
      const layers = params.map((p, l) => {
        const predicted = mean(runs.map((r) => r.predicted[l]!));
        const values = runs.map((r) => r.measured[l]).filter((v): v is number => v !== null);
        const measured = values.length === runs.length ? mean(values) : null;
        return {
          layer: l,
          output: l === params.length - 1,
          sigmaW2: p.sigmaW2,
          sigmaB2: p.sigmaB2,
          predicted,
          measured,
          measuredStandardError: measured === null ? null : standardError(values),
          // None where q is 0 or has overflowed (relu above σ_w² = 2 over many layers).
          relativeDifference: measured === null || predicted === 0 || !Number.isFinite(predicted) ? null : (measured - predicted) / predicted,
        };
      });
      const input = datasetId ?? `normal:${normalInputs}`;
      if (flags.json) {
        io.stdout(`${JSON.stringify({ activation, initializer, depth, width, batch: rows, dataset: datasetId, input, seeds, layers, runs: runs.map(({ params: _, ...r }) => r) })}\n`);
        return;
      }
      const hidden = hiddenParams(params);
      const batchText = datasetId === null ? `${rows} rows of ${normalInputs} standard-normal features` : `${rows} standardised rows of ${datasetId}`;
      io.stdout(`${depth} × ${width} ${activation} layers, ${initializer} (σ_w² = ${num(hidden.sigmaW2)}, σ_b² = ${num(hidden.sigmaB2)}), on ${batchText}\n`);
      io.stdout(`q⁰ = mean(x²) = ${num(mean(runs.map((r) => r.q0)))}; ${seeds.length === 1 ? `seed ${seeds[0]}` : `mean of seeds ${seeds[0]}–${seeds[seeds.length - 1]} (± standard error)`}\n\n`);
      const table = layers.map((l) => [
        l.output ? 'out' : String(l.layer + 1),
        num(l.predicted),
        l.measured === null ? '—' : l.measuredStandardError === null ? num(l.measured) : `${num(l.measured)} ± ${num(l.measuredStandardError, 2)}`,
        l.relativeDifference === null ? '—' : `${l.relativeDifference >= 0 ? '+' : ''}${(100 * l.relativeDifference).toFixed(1)}%`,
      ]);
      io.stdout(`${textTable(['layer', 'q predicted', 'q measured', 'difference'], table)}\n`);
    });
}

/** The widest network `theory jacobian` takes: exact singular values cost O(width³) per seed. */
export const MAX_JACOBIAN_WIDTH = 512;

/**
 * The weight ensemble of free probability that an initializer's distribution is: Haar-orthogonal, or i.i.d.
 * (normal, truncated normal, uniform), whose products have the Gaussian moments.
 */
function ensembleOf(initializer: string): JacobianWeightEnsemble {
  const { kind } = getInitializer(initializer).info.distribution;
  if (kind === 'haar_orthogonal') return 'orthogonal';
  if (kind === 'normal' || kind === 'truncated_normal' || kind === 'uniform' || kind === 'depends_on_parameters') return 'gaussian';
  throw new UsageError(
    `--initializer ${initializer}: the spectrum prediction covers i.i.d. weights (normal, truncated normal, uniform) and Haar-orthogonal ones, its distribution is ${kind.replace(/_/g, ' ')}; choose one such as glorot_normal or orthogonal`,
  );
}

/** Singular values within this relative spread of the largest count as one value (float32 weights' rounding). */
const SAME_SPREAD = 1e-4;

/** Counts of `values` in `bins` equal bins from their smallest to their largest (one bin when all agree). */
function histogram(values: readonly number[], bins: number): { from: number; to: number; count: number }[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Float32 weights leave an exact isometry's singular values 1 ± 1e-6 or so: one bin, not noise in twelve.
  if (!(hi - lo > SAME_SPREAD * Math.abs(hi))) return [{ from: lo, to: hi, count: values.length }];
  const out = Array.from({ length: bins }, (_, i) => ({ from: lo + ((hi - lo) * i) / bins, to: lo + ((hi - lo) * (i + 1)) / bins, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]!.count++;
  return out;
}

interface JacobianFlags {
  activation: string;
  initializer: string;
  depth: string;
  width: string;
  seed: string;
  seeds: string;
  json?: boolean;
}

function registerJacobian(theory: Command, io: Io): void {
  theory
    .command('jacobian')
    .description("singular values of the input–output Jacobian at initialisation, beside the free-probability moments of JJᵀ's spectrum")
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .requiredOption('--initializer <spec>', 'the kernel initializer of every layer, such as orthogonal or glorot_normal')
    .option('--depth <n>', 'hidden layers', '10')
    .option('--width <n>', `units per layer (and inputs), at most ${MAX_JACOBIAN_WIDTH}`, '128')
    .option('--seed <n>', 'first seed of the weights and the input', '0')
    .option('--seeds <n>', 'networks to measure, seeds --seed, --seed + 1, …', '1')
    .option('--json', 'print the singular values, their moments and the prediction as JSON')
    .addHelpText(
      'after',
      '\nThe network is the one `initlab diagnose` builds, with width inputs: depth width × width layers, the\n' +
        'initializer on every kernel, zero biases. J = ∂x^L/∂x⁰ at one input whose first pre-activations are\n' +
        'at q* (x⁰ = φ(√q* z), z standard normal), as the prediction assumes. Predicted (Pennington et al. 2017):\n' +
        'm₁ = χ₁^L and m₂/m₁² − 1 = L(μ₂/μ₁² − 1 + s), s = 1 for i.i.d. weights, 0 for orthogonal ones, in the\n' +
        'wide limit (width ≫ depth).\n\n' +
        'Examples:\n  initlab theory jacobian --activation tanh --initializer orthogonal --depth 16 --width 256\n' +
        '  initlab theory jacobian --activation linear --initializer glorot_normal --depth 4 --seeds 3 --json',
    )
    .action((flags: JacobianFlags) => {
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const initializer = parseTheoryInitializer(flags.initializer);
      const depth = parseInteger('--depth', flags.depth);
      const width = parseInteger('--width', flags.width);
      if (width > MAX_JACOBIAN_WIDTH) {
        throw new UsageError(
          `--width must be at most ${MAX_JACOBIAN_WIDTH} for theory jacobian: its exact singular values (Jacobi on JᵀJ) cost O(width³) per seed and take minutes beyond that, got '${flags.width}'`,
        );
      }
      const seeds = seedList(flags);
      const weights = ensembleOf(initializer);
      const spec = deepNetworkSpec({ inputDim: width, depth, width, activation });
      const params = paramsOrRefuse(spec, initializer, seeds[0]!);
      const { sigmaW2, sigmaB2 } = hiddenParams(params);
      let predicted: (ReturnType<typeof predictedJacobianMoments> & { relativeVariance: number }) | null = null;
      let noPrediction: string | null = null;
      try {
        const p = predictedJacobianMoments(activation, { sigmaW2, sigmaB2, depth, weights });
        predicted = { ...p, relativeVariance: p.m2 / (p.m1 * p.m1) - 1 };
      } catch (err) {
        if (!(err instanceof TheoryError && err.kind === 'runtime')) asUsage(err);
        noPrediction = 'q grows without bound (no fixed point q*)';
      }
      const act = resolveActivation(activation);
      const qStar = predicted?.qStar ?? 1;
      const perSeed = seeds.map((seed) => {
        const layers = initialWeights(spec, { seed, kernelInitializer: parseInitializerEntry(initializer), initializerScope: 'all' }).slice(0, depth);
        // @initlab/models keeps kernels [in, out]; the Jacobian wants W [out, in] (h = W x).
        const w = layers.map(({ kernel }) => {
          const t = new Float64Array(width * width);
          for (let i = 0; i < width; i++) for (let o = 0; o < width; o++) t[o * width + i] = kernel[i * width + o]!;
          return t;
        });
        const b = layers.map(({ bias }) => Float64Array.from(bias));
        const z = normalBatch({ rows: 1, features: width, seed }).x[0]!;
        const input = Float64Array.from(z, (v) => act.phi(Math.sqrt(qStar) * v));
        const jacobian = networkJacobian(activation, { weights: w, biases: b, input, width });
        return { seed, singularValues: singularValues(jacobian, width, width) };
      });
      const all = perSeed.flatMap((s) => s.singularValues);
      const m1 = mean(all.map((s) => s * s));
      const m2 = mean(all.map((s) => s ** 4));
      const measured = { m1, m2, relativeVariance: m2 / (m1 * m1) - 1, largest: Math.max(...all), smallest: Math.min(...all) };
      const bins = histogram(all, 12);
      if (flags.json) {
        io.stdout(`${JSON.stringify({ activation, initializer, depth, width, seeds, weights, sigmaW2, sigmaB2, measured, predicted, noPrediction, histogram: bins, perSeed })}\n`);
        return;
      }
      io.stdout(`${depth} × ${width} ${activation} layers, ${initializer} (${weights} weights, σ_w² = ${num(sigmaW2)}, σ_b² = ${num(sigmaB2)}), ${seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds`}\n\n`);
      const p = predicted;
      const rowsOut = [
        ['m₁ = mean σ²', num(measured.m1), p === null ? '—' : num(p.m1)],
        ['m₂/m₁² − 1', num(measured.relativeVariance), p === null ? '—' : num(p.relativeVariance)],
        ['largest σ', num(measured.largest), '—'],
        ['smallest σ', num(measured.smallest), '—'],
      ];
      io.stdout(`${textTable(['JJᵀ spectrum', 'measured', 'predicted'], rowsOut)}\n`);
      if (noPrediction !== null) io.stdout(`no prediction: ${noPrediction}\n`);
      const most = Math.max(...bins.map((h) => h.count));
      io.stdout('\nsingular values\n');
      for (const h of bins) {
        const range = bins.length === 1 ? `all ${num(h.from, 4)} to 1e-4` : `${num(h.from, 3)} – ${num(h.to, 3)}`;
        io.stdout(`${range.padStart(19)} │${'█'.repeat(Math.round((40 * h.count) / most))} ${h.count}\n`);
      }
    });
}
