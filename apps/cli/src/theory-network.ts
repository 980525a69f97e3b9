// What the theory needs to know about the network `initlab diagnose` builds, read from the packages that own
// it: the layers' shapes and biases from the starting weights @initlab/models gives @initlab/experiments' deep
// network, each kernel weight's variance from the catalogue entry's own formula, and the batch's second moment
// from the same batch builders diagnose uses. Shared by `initlab diagnose` and `initlab theory`.
import type { Command } from 'commander';
import { DEFAULT_DATASET_ID } from '@initlab/data';
import { deepNetworkSpec, diagnosticBatch, normalBatch, parseInitializerEntry } from '@initlab/experiments';
import { computeFans, getInitializer, type ResolvedParameters } from '@initlab/initializers';
import { initialWeights, type ActivationSpec, type ModelSpec } from '@initlab/models';
import { meanField, TheoryError, type MeanFieldParams, type MeanFieldResult } from '@initlab/theory';

/** σ_w², σ_b² of every layer of `spec` (the output layer last) when `initializer` sets every kernel. */
export type LayerParams = MeanFieldParams[];

/** Why the theory has nothing to say about an initializer: a sentence fragment for `… : <reason>`. */
export class NoPrediction extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NoPrediction';
  }
}

function entryName(text: string): string {
  const colon = text.indexOf(':');
  return (colon === -1 ? text : text.slice(0, colon)).trim();
}

/** Why an initializer as written has no weight variance for the theory (lsuv's comes from data), or null. */
export function withoutVariance(initializer: string): string | null {
  return entryName(initializer) === 'lsuv' ? 'lsuv rescales each layer from the data, so it has no weight variance the theory could start from' : null;
}

/** The per-weight variance an initializer gives a kernel of `shape` ([in, out]), from its catalogue formula. */
function varianceOf(initializer: string, shape: [number, number]): number {
  const init = getInitializer(initializer);
  // A config read back is what the formula takes (see @initlab/initializers' params).
  const variance = init.info.targetVariance.evaluate(computeFans(shape), init.getConfig() as unknown as ResolvedParameters);
  if (variance === null || !Number.isFinite(variance)) {
    throw new NoPrediction(`${init.info.name} has no per-weight variance for a [${shape.join(', ')}] kernel in the catalogue`);
  }
  return variance;
}

/**
 * σ_w² = variance × fan_in and σ_b² of every layer of `spec` when `initializer` (as written on the command
 * line) sets every kernel, as diagnose's members do (`initializerScope: 'all'`). The shapes are those of the
 * starting weights @initlab/models draws for `seed`; σ_b² is the second moment of the biases drawn there (the
 * spec's bias initializer, the models package's default zeros: 0).
 *
 * @throws {NoPrediction} for lsuv (its variance comes from data) or an entry without a variance formula.
 */
export function layerParams(spec: ModelSpec, initializer: string, seed = 0): LayerParams {
  const problem = withoutVariance(initializer);
  if (problem !== null) throw new NoPrediction(problem);
  return initialWeights(spec, { seed, kernelInitializer: parseInitializerEntry(initializer), initializerScope: 'all' }).map(({ shape, bias }) => ({
    sigmaW2: varianceOf(initializer, shape) * shape[0],
    sigmaB2: bias.reduce((a, b) => a + b * b, 0) / bias.length,
  }));
}

/**
 * The σ_w², σ_b² the theory's fixed point is about: those of the width × width hidden layers (the second
 * layer on; the first reads the input and the last is the output), or the first layer's for depth 1.
 */
export function hiddenParams(params: LayerParams): MeanFieldParams {
  return params.length > 2 ? params[1]! : params[0]!;
}

/** The theory's verdict on a network: its phase, with χ₁ and ξ_c and the σ_w², σ_b² it is about. */
export type Verdict = ({ sigmaW2: number; sigmaB2: number } & MeanFieldResult) | { sigmaW2: number | null; sigmaB2: number | null; reason: string };

/** meanField at the hidden layers' σ_w², σ_b², or the reason there is no fixed point to speak of. */
export function verdictOf(activation: string, params: LayerParams | NoPrediction): Verdict {
  if (params instanceof NoPrediction) return { sigmaW2: null, sigmaB2: null, reason: params.message };
  const { sigmaW2, sigmaB2 } = hiddenParams(params);
  if (sigmaW2 === 0) return { sigmaW2, sigmaB2, reason: 'σ_w² = 0: every unit of a layer is the same (its bias), so there is no signal to propagate' };
  try {
    return { sigmaW2, sigmaB2, ...meanField(activation as Parameters<typeof meanField>[0], { sigmaW2, sigmaB2 }) };
  } catch (err) {
    if (err instanceof TheoryError && err.code === 'NO_FIXED_POINT') {
      return { sigmaW2, sigmaB2, reason: 'q grows without bound layer after layer (no finite fixed point q*)' };
    }
    throw err;
  }
}

/** `layerParams`, or the reason it has none. */
export function layerParamsOrReason(spec: ModelSpec, initializer: string, seed = 0): LayerParams | NoPrediction {
  try {
    return layerParams(spec, initializer, seed);
  } catch (err) {
    if (err instanceof NoPrediction) return err;
    throw err;
  }
}

/** Where diagnose's batch comes from: a data set's rows or standard-normal features. */
export type BatchSource = { dataset: string } | { normalInputs: number };

/** What the theory needs of diagnose's batch: q⁰ = mean(x²), the features per row and the output classes. */
export interface BatchFacts {
  q0: number;
  inputDim: number;
  /** Classes of a classification data set (a softmax output); undefined for a regression target (one linear unit). */
  classes: number | undefined;
}

/** The batch itself (standardised data-set rows, or standard-normal rows) and the data set's classes. */
export async function batchRows(source: BatchSource, rows: number, seed: number): Promise<{ x: number[][]; classes: number | undefined }> {
  if ('dataset' in source) {
    const { x, classes } = await diagnosticBatch(source.dataset, { rows });
    return { x, classes };
  }
  return { x: normalBatch({ rows, features: source.normalInputs, seed }).x, classes: undefined };
}

/**
 * The batch diagnose feeds the network for `seed`, rebuilt by the same builders (@initlab/experiments'
 * `diagnosticBatch`, `normalBatch`): its per-unit second moment q⁰ = mean(x²), width and classes.
 */
export async function batchFacts(source: BatchSource, rows: number, seed: number): Promise<BatchFacts> {
  const { x, classes } = await batchRows(source, rows, seed);
  let sum = 0;
  let count = 0;
  for (const row of x) {
    for (const v of row) sum += v * v;
    count += row.length;
  }
  return { q0: count === 0 ? 0 : sum / count, inputDim: x[0]?.length ?? 0, classes };
}

/** The spec of the network diagnose builds on a batch with these facts. */
export function diagnosedSpec(facts: BatchFacts, network: { depth: number; width: number; activation: ActivationSpec }): ModelSpec {
  return deepNetworkSpec({ inputDim: facts.inputDim, ...network, ...(facts.classes === undefined ? {} : { classes: facts.classes }) });
}

/** The measured pre-activation second moment per layer: zMean² + zStd² (null where either is missing). */
export function measuredQ(layers: readonly { preActivationMean: number | null; preActivationStd: number | null }[]): (number | null)[] {
  return layers.map((l) => (l.preActivationMean === null || l.preActivationStd === null ? null : l.preActivationMean ** 2 + l.preActivationStd ** 2));
}

/**
 * The network and batch flags `diagnose` and `theory propagate` share, declared once so that their defaults
 * cannot drift apart (the two commands build the same network on the same batch). `inputHelp` words `--input`.
 */
export function addNetworkFlags(cmd: Command, inputHelp: string): Command {
  return cmd
    .option('--depth <n>', 'hidden layers', '20')
    .option('--width <n>', 'units per hidden layer', '256')
    .option('--dataset <id>', 'data set whose standardised rows form the batch', DEFAULT_DATASET_ID)
    .option('--input <normal:N>', inputHelp)
    .option('--batch <n>', 'rows in the batch', '256');
}
