import type { Command } from 'commander';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { diagnoseDeepNetwork } from '@initlab/experiments';
import { splitInitializerList } from '@initlab/initializers';
import { HIDDEN_ACTIVATION_NAMES } from '@initlab/models';
import { propagate } from '@initlab/theory';
import { logBar, num, textTable } from '../format.js';

export { logBar } from '../format.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';
import { printResidualDiagnosis, residualDiagnoseSpec } from '../diagnose-residual.js';
import { addResidualFlags, residualChoice, type ResidualFlags } from '../residual-flags.js';
import { addNetworkFlags, batchFacts, batchRows, diagnosedSpec, layerParamsOrReason, measuredQ, verdictOf, type BatchSource, type Verdict } from '../theory-network.js';

interface DiagnoseFlags extends ResidualFlags {
  depth: string;
  width: string;
  activation: string;
  initializers: string;
  dataset: string;
  input?: string;
  batch: string;
  seed: string;
  backend: string;
  json?: boolean;
}

/**
 * `--input normal:N`: a batch of N standard-normal features per row (the setting of the variance argument)
 * instead of a data set's rows. Returns N.
 */
export function parseInput(text: string): number {
  const m = /^normal:(\d+)$/.exec(text.trim());
  const features = Number(m?.[1]);
  if (!m || !Number.isInteger(features) || features < 1) {
    throw new UsageError(
      `--input must be normal:N with N >= 1 standard-normal features per row, such as normal:128, got '${text}'; leave it out to use the --dataset rows`,
    );
  }
  return features;
}


/** The theory's one-line verdict on a member: the phase with χ₁ and ξ_c, or why there is none. */
export function verdictLine(verdict: Verdict): string {
  const at = verdict.sigmaW2 === null ? '' : ` (σ_w² = ${num(verdict.sigmaW2)}, σ_b² = ${num(verdict.sigmaB2)})`;
  if ('reason' in verdict) return `theory${at}: no verdict, ${verdict.reason}`;
  return `theory${at}: ${verdict.phase}, χ₁ = ${num(verdict.chi1)}, ξ_c = ${num(verdict.xiC)} layers`;
}

export function registerDiagnose(program: Command, io: Io): void {
  const cmd = program
    .command('diagnose')
    .description('signal propagation at initialisation through a deep network: per-layer activation std and gradient norm (with --blocks, per residual block: the branch against the skip path)')
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .option('--initializers <list>', 'comma-separated names or name:param=value specs', 'random_normal:stddev=0.01,glorot_normal,he_normal,orthogonal,random_normal:stddev=1');
  addResidualFlags(addNetworkFlags(cmd, 'instead of --dataset: rows of N standard-normal features, with a standard-normal target (a linear output)'), '--width', '--depth')
    .option('--seed <n>', 'seed of the initial weights', '0')
    .option('--backend <name>', 'wasm (WASM-SIMD, fastest) or cpu', 'wasm')
    .option('--json', 'print the per-layer diagnostics as JSON')
    .addHelpText(
      'after',
      `
Examples:
  initlab diagnose --depth 20 --width 256 --activation tanh
  initlab diagnose --activation relu --initializers glorot_uniform,he_normal,lsuv
  initlab diagnose --input normal:128 --width 128 --activation relu
  initlab diagnose --blocks 32 --width 64 --activation relu --initializers he_normal,fixup,rezero
  initlab diagnose --blocks 32 --width 64 --norm batch --activation relu --initializers he_normal,zero_last_norm_gamma`,
    )
    .action(async (flags: DiagnoseFlags, cmd: Command) => {
      const depth = parseInteger('--depth', flags.depth);
      const width = parseInteger('--width', flags.width);
      const batch = parseInteger('--batch', flags.batch);
      const seed = parseInteger('--seed', flags.seed, { allowZero: true });
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const backend = parseChoice('--backend', flags.backend, BACKEND_NAMES);
      const initializers = splitInitializerList(flags.initializers, { name: '--initializers' });
      const normalInputs = flags.input === undefined ? undefined : parseInput(flags.input);
      if (normalInputs !== undefined && cmd.getOptionValueSource('dataset') === 'cli') {
        throw new UsageError(`--input ${flags.input} and --dataset ${flags.dataset} both say where the batch comes from; give one of them`);
      }
      const residual = residualChoice(flags, cmd.getOptionValueSource('depth') === 'cli' ? { conflict: { flag: '--depth', what: 'a stack of dense layers' } } : {});
      await useBackend(backend);
      const source: BatchSource = normalInputs === undefined ? { dataset: flags.dataset } : { normalInputs };
      if (residual !== undefined) {
        const { x, classes } = await batchRows(source, batch, seed);
        const spec = residualDiagnoseSpec(x[0]?.length ?? 0, classes, width, activation, residual);
        const batchText = normalInputs === undefined ? `${x.length} standardised rows of ${flags.dataset}` : `${x.length} rows of ${normalInputs} standard-normal features`;
        printResidualDiagnosis(io, spec, initializers, x, seed, { width, activation, choice: residual, batchText, json: flags.json === true, input: normalInputs === undefined ? flags.dataset : `normal:${normalInputs}` });
        return;
      }
      const { data, batch: rows, members: measured } = await diagnoseDeepNetwork({ ...source, batch, depth, width, activation, initializers, seed });
      // What mean-field theory says about each member's network: its phase, and q per layer beside the measured one.
      const facts = await batchFacts(source, batch, seed);
      const spec = diagnosedSpec(facts, { depth, width, activation });
      const diagnostics = measured.map((m) => {
        const params = layerParamsOrReason(spec, m.id, seed);
        const verdict = verdictOf(activation, params);
        const predictedQ = Array.isArray(params) ? propagate(activation, { q0: facts.q0, layers: params }) : null;
        return { ...m, theory: { ...verdict, q0: facts.q0, predictedQ, measuredQ: measuredQ(m.layers) } };
      });
      // `dataset` names the data set; with --input it is null and `input` says what the batch was.
      const input = data === null ? `normal:${normalInputs}` : data.id;
      if (flags.json) {
        io.stdout(`${JSON.stringify({ depth, width, activation, batch: rows, dataset: data?.id ?? null, input, members: diagnostics })}\n`);
        return;
      }
      const batchText = data === null ? `${rows} rows of ${normalInputs} standard-normal features` : `${rows} standardised rows of ${data.id}`;
      io.stdout(`${depth} × ${width} ${String(activation)} layers on ${batchText}, seed ${seed}\n`);
      for (const m of diagnostics) {
        const rowsOut = m.layers.map((l) => [
          l.layer + 1 === m.layers.length ? 'out' : String(l.layer + 1),
          num(l.activationStd, 3),
          logBar(l.activationStd),
          num(l.gradientNorm, 3),
          num(l.deadShare ?? l.saturatedShare, 2),
          l.distinctUnits === null ? '—' : `${l.distinctUnits}/${l.units}`,
        ]);
        io.stdout(`\n${m.id}\n${textTable(['layer', 'act std', 'log10 std: -4 … 0 … 4', '‖∂L/∂W‖', 'dead/sat', 'distinct'], rowsOut)}\n`);
        io.stdout(`${verdictLine(m.theory)}\n`);
      }
    });
}
