import * as tf from '@tensorflow/tfjs-core';
import { graphForward, type NodeTrace } from './graph.js';
import type { NetworkNode, ResolvedNetwork } from './network-spec.js';
import { allTensors, type StackedParams } from './weights.js';
import type { BlockDiagnostics, NetworkDiagnostics, NormDiagnostics } from '@initlab/results';

// The stored format owns these types (results.jsonl keeps them per run), as it owns LayerDiagnostics.
export type { BlockDiagnostics, NetworkDiagnostics, NormDiagnostics } from '@initlab/results';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Population standard deviation of member `m`'s slice of `[K, …]` values, in float64. */
function memberStd(values: Float32Array, k: number, m: number): number {
  const per = values.length / k;
  let sum = 0;
  for (let i = m * per; i < (m + 1) * per; i++) sum += values[i]!;
  const mean = sum / per;
  let sq = 0;
  for (let i = m * per; i < (m + 1) * per; i++) sq += (values[i]! - mean) ** 2;
  return Math.sqrt(sq / per);
}

function memberMean(values: Float32Array, k: number, m: number, f: (v: number) => number = (v) => v): number {
  const per = values.length / k;
  let sum = 0;
  for (let i = m * per; i < (m + 1) * per; i++) sum += f(values[i]!);
  return sum / per;
}

/**
 * Block and normalization diagnostics of K stacked members on one shared batch `x` (`[B, inputs]`), in
 * training mode (batch norm normalises with the batch's statistics, as in a training step; the moving
 * statistics are read, not updated, and dropout is off).
 */
export function computeNetworkDiagnostics(net: ResolvedNetwork, params: StackedParams, x: tf.Tensor2D): NetworkDiagnostics[] {
  const k = params.kernels[0]!.shape[0];
  const reads: { tensor: tf.Tensor; use: (values: Float32Array) => void }[] = [];
  const blocks: BlockDiagnostics[][] = Array.from({ length: k }, () => []);
  const norms: NormDiagnostics[][] = Array.from({ length: k }, () => []);
  const held = tf.tidy(() => {
    const rows = x.shape[0];
    const x3 = tf.reshape(x, [1, rows, x.shape[1]]);
    const trace = graphForward(net, params, (k === 1 ? x3 : tf.tile(x3, [k, 1, 1])) as tf.Tensor3D, { training: true, masks: null });
    const keep: tf.Tensor[] = [];
    const visit = (nodes: readonly NetworkNode[], traces: readonly NodeTrace[]): void => {
      nodes.forEach((node, i) => {
        const t = traces[i]!;
        if (node.kind === 'residual' && t.kind === 'residual') {
          visit(node.branch, t.branch);
          const entries = Array.from({ length: k }, (_, m): BlockDiagnostics => {
            const entry: BlockDiagnostics = { block: node.index, skipStd: null, branchStd: null, branchToSkip: null, outputStd: null, gate: null };
            blocks[m]!.push(entry);
            return entry;
          });
          const read = (tensor: tf.Tensor, set: (e: BlockDiagnostics, v: Float32Array, m: number) => void): void => {
            keep.push(tensor);
            reads.push({ tensor, use: (values) => entries.forEach((e, m) => set(e, values, m)) });
          };
          read(t.skip, (e, v, m) => (e.skipStd = finite(memberStd(v, k, m))));
          read(t.gated, (e, v, m) => (e.branchStd = finite(memberStd(v, k, m))));
          read(t.out, (e, v, m) => (e.outputStd = finite(memberStd(v, k, m))));
          if (node.gate >= 0) read(params.extras![node.gate]!, (e, v, m) => (e.gate = finite(v[m]!)));
        } else if (node.kind === 'batchnorm' || node.kind === 'layernorm') {
          const entries = Array.from({ length: k }, (_, m): NormDiagnostics => {
            const entry: NormDiagnostics = {
              norm: node.index,
              kind: node.kind,
              meanAbsBatchMean: null,
              meanBatchVariance: null,
              meanAbsMovingMean: null,
              meanMovingVariance: null,
              gammaMean: null,
              gammaStd: null,
            };
            norms[m]!.push(entry);
            return entry;
          });
          const read = (tensor: tf.Tensor, set: (e: NormDiagnostics, v: Float32Array, m: number) => void): void => {
            keep.push(tensor);
            reads.push({ tensor, use: (values) => entries.forEach((e, m) => set(e, values, m)) });
          };
          read(params.extras![node.gamma]!, (e, v, m) => {
            e.gammaMean = finite(memberMean(v, k, m));
            e.gammaStd = finite(memberStd(v, k, m));
          });
          if (node.kind === 'batchnorm' && t.kind === 'batchnorm') {
            read(t.mean, (e, v, m) => (e.meanAbsBatchMean = finite(memberMean(v, k, m, Math.abs))));
            read(t.variance, (e, v, m) => (e.meanBatchVariance = finite(memberMean(v, k, m))));
            read(params.buffers![node.movingMean]!, (e, v, m) => (e.meanAbsMovingMean = finite(memberMean(v, k, m, Math.abs))));
            read(params.buffers![node.movingVariance]!, (e, v, m) => (e.meanMovingVariance = finite(memberMean(v, k, m))));
          }
        }
      });
    };
    visit(net.nodes, trace.nodes);
    return keep;
  });
  try {
    for (const { tensor, use } of reads) use(tensor.dataSync() as Float32Array);
  } finally {
    const own = new Set<tf.Tensor>(allTensors(params));
    tf.dispose(held.filter((t) => !own.has(t)));
  }
  for (const list of blocks) for (const b of list) b.branchToSkip = b.branchStd !== null && b.skipStd !== null && b.skipStd > 0 ? finite(b.branchStd / b.skipStd) : null;
  return blocks.map((b, m) => ({ blocks: b, norms: norms[m]! }));
}
