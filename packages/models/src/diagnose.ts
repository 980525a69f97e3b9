import * as tf from '@tensorflow/tfjs-core';
import { computeNetworkDiagnostics, type NetworkDiagnostics } from './block-diagnostics.js';
import { toDenseMatrix, type Matrix, type Targets } from './data.js';
import { refuseUnknownKeys } from './errors.js';
import type { LayerDiagnostics } from './diagnostics.js';
import { traceAtInit } from './forward-trace.js';
import { resolveMembers, type EnsembleMember } from './members.js';
import { resolveNetwork, type ModelSpec } from './spec.js';
import { ensureBackend } from './train.js';
import { allTensors, stackWeights } from './weights.js';

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

/**
 * Block and normalization diagnostics of freshly initialised members of a residual or normalized network
 * on the batch `data.x` (all rows), without training: how much each block's branch adds to its skip path
 * at initialisation — the quantity residual initializations (Fixup, SkipInit, ReZero, zero-γ) set.
 *
 * @example
 * const [d] = diagnoseNetworkAtInit(resnetSpec, [{ seed: 1, kernelInitializer: 'fixup' }], { x });
 * console.log(d.blocks.map((b) => b.branchToSkip)); // all 0: every Fixup block starts as its skip path
 */
export function diagnoseNetworkAtInit(
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: { x: Matrix },
): ({ id: string; seed: number } & NetworkDiagnostics)[] {
  const fn = 'diagnoseNetworkAtInit';
  const net = resolveNetwork(spec);
  refuseUnknownKeys(`${fn}: data`, data, ['x'], 'INVALID_DATA');
  const x = toDenseMatrix(data?.x, spec.inputDim, `${fn}: data.x`);
  ensureBackend(fn);
  const resolved = resolveMembers(net, members, x, fn);
  const params = stackWeights(net.dense, resolved.map((m) => m.initialWeights), resolved.map((m) => m.initialExtras));
  const xt = tf.tensor2d(x.values, [x.rows, x.cols]);
  try {
    const diagnostics = computeNetworkDiagnostics(net, params, xt);
    return resolved.map((m, slot) => ({ id: m.id, seed: m.seed, ...diagnostics[slot]! }));
  } finally {
    tf.dispose([...allTensors(params), xt]);
  }
}
