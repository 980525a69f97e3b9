// `initlab diagnose --blocks N`: how much each residual block's branch adds to its skip path at
// initialisation, per initializer (the quantity Fixup, SkipInit, ReZero and zero-γ set), and the batch
// statistics of its normalization layers.
import { memberKernelInitializer, parseInitializerEntry } from '@initlab/experiments';
import { checkArchitectureInit, diagnoseNetworkAtInit, isArchitectureInit, resolveNetwork, residualStack, type ActivationSpec, type EnsembleMember, type ModelSpec } from '@initlab/models';
import { logBar, num, textTable } from './format.js';
import type { Io } from './io.js';
import type { ResidualChoice } from './residual-flags.js';

/** The network `diagnose --blocks` builds: `residualStack` at `width`, and the output diagnose's dense stack has. */
export function residualDiagnoseSpec(inputDim: number, classes: number | undefined, width: number, activation: ActivationSpec, choice: ResidualChoice): ModelSpec {
  return {
    inputDim,
    hidden: residualStack({ ...choice, width, activation }),
    output: classes === undefined ? { units: 1 } : { units: classes, activation: 'softmax' },
    loss: classes === undefined ? 'mse' : 'sparse_categorical_crossentropy',
  };
}

/** Diagnoses each initializer's network on the batch `x` and prints one table per initializer (or JSON). */
export function printResidualDiagnosis(
  io: Io,
  spec: ModelSpec,
  initializers: readonly string[],
  x: number[][],
  seed: number,
  header: { width: number; activation: ActivationSpec; choice: ResidualChoice; batchText: string; json: boolean; input: string },
): void {
  // a scheme that does not fit the network is named by the flag the user typed
  const net = resolveNetwork(spec);
  for (const text of initializers) if (isArchitectureInit(text)) checkArchitectureInit(net, text, `--initializers`);
  const members: EnsembleMember[] = initializers.map((text) => ({ id: text, seed, kernelInitializer: memberKernelInitializer(parseInitializerEntry(text)), initializerScope: 'all' }));
  const measured = diagnoseNetworkAtInit(spec, members, { x });
  const { width, activation, choice } = header;
  if (header.json) {
    io.stdout(`${JSON.stringify({ blocks: choice.blocks, width, layersPerBlock: choice.layersPerBlock, norm: choice.norm, gate: choice.gate, activation, batch: x.length, input: header.input, members: measured })}\n`);
    return;
  }
  io.stdout(`${choice.blocks} residual blocks × ${width} (${choice.layersPerBlock} dense layers a branch, norm ${choice.norm}, ${choice.gate ? 'gated' : 'no gate'}), ${String(typeof activation === 'string' ? activation : activation.name)}, on ${header.batchText}, seed ${seed}\n`);
  for (const m of measured) {
    const rows = m.blocks.map((b) => [String(b.block + 1), num(b.skipStd, 3), num(b.branchStd, 3), num(b.branchToSkip, 3), num(b.outputStd, 3), logBar(b.outputStd), b.gate === null ? '—' : num(b.gate, 3)]);
    io.stdout(`\n${m.id}\n${textTable(['block', 'skip std', 'branch std', 'branch/skip', 'out std', 'log10 out std: -4 … 0 … 4', 'gate'], rows)}\n`);
    const batchNorms = m.norms.filter((n) => n.kind === 'batchnorm');
    if (batchNorms.length > 0) {
      const variances = batchNorms.map((n) => n.meanBatchVariance ?? NaN);
      io.stdout(`batch norm: input variance (mean over units) from ${num(Math.min(...variances), 3)} to ${num(Math.max(...variances), 3)} over ${batchNorms.length} layers\n`);
    }
  }
}
