import type { Matrix, Targets } from './data.js';
import type { LayerDiagnostics } from './diagnostics.js';
import { traceAtInit } from './forward-trace.js';
import type { EnsembleMember } from './members.js';
import type { ModelSpec } from './spec.js';

/** Diagnostics of one member at initialisation. */
export interface MemberDiagnostics {
  id: string;
  seed: number;
  layers: LayerDiagnostics[];
}

/**
 * Per-layer diagnostics of freshly initialised members on the batch `data.x` (all rows), without
 * training: activation statistics, dead and saturated shares, weight norms, distinct units and,
 * when `data.y` is given, gradient norms of the batch-mean loss. This is what shows why an
 * initializer works or fails in a deep net (e.g. depth 20, width 256): zeros leave one distinct
 * unit per layer, tiny weights shrink the activations layer by layer, large ones saturate or explode.
 * LSUV members use `data.x` as their training rows. {@link forwardTrace} returns the same numbers with the
 * activations they come from.
 *
 * @example
 * const deep = { inputDim: 64, hidden: Array.from({ length: 20 }, () => ({ units: 256, activation: 'tanh' as const })),
 *   output: { units: 1 }, loss: 'mse' as const };
 * const [d] = diagnoseAtInit(deep, [{ seed: 1, kernelInitializer: { name: 'random_normal', stddev: 0.01 } }], { x });
 * console.log(d.layers.map((l) => l.activationStd));
 */
export function diagnoseAtInit(
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: { x: Matrix; y?: Targets },
): MemberDiagnostics[] {
  return traceAtInit('diagnoseAtInit', spec, members, data, false).map(({ id, seed, layers }) => ({ id, seed, layers }));
}
