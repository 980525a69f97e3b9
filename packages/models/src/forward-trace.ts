import * as tf from '@tensorflow/tfjs-core';
import { toDenseMatrix, toDenseTargets, type Matrix, type Targets } from './data.js';
import { computeDiagnostics, type LayerDiagnostics } from './diagnostics.js';
import { refuseUnknownKeys } from './errors.js';
import { lossMode } from './losses.js';
import { checkMemory } from './memory.js';
import { resolveMembers, type EnsembleMember } from './members.js';
import { plainLayers, resolveNetwork, type ModelSpec } from './spec.js';
import { ensureBackend } from './train.js';
import { flatParams, stackWeights } from './weights.js';

/** One layer of a {@link MemberTrace}: its diagnostics and the activations they were computed from. */
export interface LayerTrace extends LayerDiagnostics {
  /** `a = f(z)` for every row of the batch: `[rows, units]` row-major, float32 as computed. */
  activations: Float32Array;
}

/** The forward trace of one freshly initialised member. */
export interface MemberTrace {
  id: string;
  seed: number;
  /** Batch rows the activations cover. */
  rows: number;
  layers: LayerTrace[];
}

/**
 * The keys of the `data` of {@link diagnoseAtInit} and {@link forwardTrace}: the batch and its optional
 * targets; any other is refused (`INVALID_DATA`).
 *
 * @example
 * ```ts
 * TRACE_DATA_KEYS; // ['x', 'y']
 * ```
 */
export const TRACE_DATA_KEYS = ['x', 'y'] as const;

/** What {@link diagnoseAtInit} and {@link forwardTrace} share: one forward pass of the initialised members. */
export function traceAtInit(
  fn: string,
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: { x: Matrix; y?: Targets },
  keepActivations: boolean,
): { id: string; seed: number; layers: LayerDiagnostics[]; activations: Float32Array[] | null }[] {
  const net = resolveNetwork(spec);
  const layers = plainLayers(net, fn);
  refuseUnknownKeys(`${fn}: data`, data, TRACE_DATA_KEYS, 'INVALID_DATA');
  const x = toDenseMatrix(data?.x, spec.inputDim, `${fn}: data.x`);
  const last = layers[layers.length - 1]!;
  const y = data.y === undefined ? null : toDenseTargets(data.y, x.rows, last.units, spec.loss, `${fn}: data.y`);
  ensureBackend(fn);
  // The trace keeps every layer's activations for the whole batch: count them before anything is allocated.
  checkMemory(fn, layers, members.length, x.rows);
  const resolved = resolveMembers(net, members, x, fn);
  const params = stackWeights(layers, resolved.map((m) => m.initialWeights));
  const xt = tf.tensor2d(x.values, [x.rows, x.cols]);
  const yt = y === null ? null : tf.tensor2d(y.values, [y.rows, y.cols]);
  try {
    const traced = computeDiagnostics(layers, lossMode(spec.loss, last.activation), params, xt, yt, null, keepActivations);
    return resolved.map((m, slot) => ({
      id: m.id,
      seed: m.seed,
      layers: traced.diagnostics[slot]!,
      activations: traced.activations?.[slot] ?? null,
    }));
  } finally {
    tf.dispose([...flatParams(params), xt]);
    if (yt !== null) yt.dispose();
  }
}

/**
 * The forward trace of freshly initialised members on the batch `data.x`: every layer's activations
 * (output layer last) beside the statistics {@link diagnoseAtInit} reports for the same pass, so a view
 * that draws the activations (the docs' playground) shows exactly the numbers of `initlab diagnose`.
 * With `data.y`, gradient norms are filled in too. LSUV members use `data.x` as their training rows.
 *
 * @example
 * const [t] = forwardTrace(spec, [{ seed: 1, kernelInitializer: 'glorot_uniform' }], { x });
 * console.log(t.layers.map((l) => [l.activationStd, l.activations.length]));
 */
export function forwardTrace(
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: { x: Matrix; y?: Targets },
): MemberTrace[] {
  return traceAtInit('forwardTrace', spec, members, data, true).map((m) => {
    const activations = m.activations!;
    return {
      id: m.id,
      seed: m.seed,
      rows: activations[0]!.length / m.layers[0]!.units,
      layers: m.layers.map((layer, l) => ({ ...layer, activations: activations[l]! })),
    };
  });
}
